local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")
-- strings_spec.lua — string methods of columns: len sub trim starts ends
-- replace split upper lower match, and replace of whole values.
local qy = require "qy"

local function values(c) return c:totable() end

-- The message of f's error without the "file:line: " in front.
local function error_of(f) return (h.error_of(f):gsub("^[^:\n]*:%d+: ", "")) end

local t = qy.table{
  { name = "place", values = {"甘肃省/庆阳市/西峰区", nil, "　庆阳市 ", "Hello, World", "", "甘肃省/庆阳市/西峰区", n = 6} },
  { name = "n", values = {0, 1, nil, 0, 2, 3, n = 6} },
  { name = "amount", type = "decimal(2)", values = {"1.50", "0.00", nil, "2.25", "0.00", "1.50", n = 6} },
  { name = "day", type = "date", values = {"2023-06-30", "1900-01-01", nil, "2023-01-01", "1900-01-01", "2023-06-30", n = 6} },
}
local empty = qy.table{ { name = "s", type = "string", values = {} } }

describe("len, sub, trim", function()
  it("count characters, not bytes", function()
    assert.same({11, nil, 5, 12, 0, 11, n = 6}, values(t.place:len()))
    assert.equal("int64", t.place:len():type())
    assert.same({3, 2, n = 2}, values(qy.table{ s = {"庆阳市", "a\255"} }.s:len()))   -- a bad byte is one
  end)

  it("sub takes characters by string.sub's rules", function()
    local s = qy.table{ s = {"西峰区"} }.s
    assert.same({"西峰", n = 1}, values(s:sub(1, 2)))
    assert.same({"区", n = 1}, values(s:sub(-1)))
    assert.same({"峰区", n = 1}, values(s:sub(2)))
    assert.same({"", n = 1}, values(s:sub(3, 2)))
    assert.same({"西峰区", n = 1}, values(s:sub(-10, 10)))
    assert.same({"甘肃省", nil, "　庆阳", "Hel", "", "甘肃省", n = 6}, values(t.place:sub(1, 3)))
  end)

  it("sub agrees with string.sub on ASCII for every i and j", function()
    local words = {"", "a", "ab", "abcde"}
    local c = qy.table{ w = words }.w
    for i = -7, 7 do
      for j = -7, 7 do
        local got = values(c:sub(i, j))
        for k, w in ipairs(words) do assert.equal(w:sub(i, j), got[k], w .. ":sub(" .. i .. ", " .. j .. ")") end
      end
    end
  end)

  it("trim removes ASCII and Unicode white space at both ends", function()
    local s = qy.table{ s = {"　庆阳市　", " \t\r\n\v\fa b \t", "\u{a0}x\u{2009}", "\u{feff}BOM", "\u{3000}", "\u{200b}z"} }.s
    assert.same({"庆阳市", "a b", "x", "BOM", "", "\u{200b}z", n = 6}, values(s:trim()))
    assert.same({"甘肃省/庆阳市/西峰区", nil, "庆阳市", "Hello, World", "", "甘肃省/庆阳市/西峰区", n = 6},
                values(t.place:trim()))
  end)
end)

describe("starts, ends, upper, lower", function()
  it("test prefixes and suffixes by bytes", function()
    assert.same({true, nil, false, false, false, true, n = 6}, values(t.place:starts("甘肃")))
    assert.same({true, nil, false, false, false, true, n = 6}, values(t.place:ends("西峰区")))
    assert.same({true, nil, true, true, true, true, n = 6}, values(t.place:starts("")))
    assert.equal("bool", t.place:ends("x"):type())
  end)

  it("change ASCII letters only", function()
    assert.same({"甘肃省/庆阳市/西峰区", nil, "　庆阳市 ", "HELLO, WORLD", "", "甘肃省/庆阳市/西峰区", n = 6},
                values(t.place:upper()))
    assert.same({"hello, world", "àé straße", n = 2}, values(qy.table{ s = {"Hello, World", "àé STRAßE"} }.s:lower()))
  end)
end)

describe("replace and split", function()
  it("replace swaps plain text, every occurrence", function()
    assert.same({"甘肃省-庆阳市-西峰区", nil, "　庆阳市 ", "Hello, World", "", "甘肃省-庆阳市-西峰区", n = 6},
                values(t.place:replace("/", "-")))
    assert.same({"甘肃省/QY/西峰区", nil, "　QY ", "Hello, World", "", "甘肃省/QY/西峰区", n = 6},
                values(t.place:replace("庆阳市", "QY")))
    assert.same({"a%b", "xx", n = 2}, values(qy.table{ s = {"a.b", "x"} }.s:replace(".", "%"):replace("x", "xx")))
    assert.same({"ba", n = 1}, values(qy.table{ s = {"aaa"} }.s:replace("aa", "b")))
  end)

  it("replace on other columns replaces whole values", function()
    assert.same({nil, 1, nil, nil, 2, 3, n = 6}, values(t.n:replace(0, nil)))
    assert.same({0, 10, nil, 0, 2, 3, n = 6}, values(t.n:replace(1, 10)))
    assert.same({0, 0, nil, 2.25, 0, 0, n = 6}, values(t.amount:replace(1.5, 0)))
    assert.same({1.5, nil, nil, 2.25, nil, 1.5, n = 6}, values(t.amount:replace(0, nil)))
    assert.equal("decimal(2)", t.amount:replace(1.5, 0):type())
    assert.same({"2023-06-30", nil, nil, "2023-01-01", nil, "2023-06-30", n = 6},
                values(t.day:replace("1900-01-01", nil)))
    assert.same({true, true, n = 2}, values(qy.table{ b = {false, true} }.b:replace(false, true)))
    assert.same({2.5, n = 1}, values(qy.table{ f = {0.5} }.f:replace(0.5, 2.5)))
  end)

  it("split gives the i-th piece, null when missing", function()
    assert.same({"庆阳市", nil, nil, nil, nil, "庆阳市", n = 6}, values(t.place:split("/", 2)))
    assert.same({"西峰区", nil, "　庆阳市 ", "Hello, World", "", "西峰区", n = 6}, values(t.place:split("/", -1)))
    assert.same({"甘肃省", nil, "　庆阳市 ", "Hello, World", "", "甘肃省", n = 6}, values(t.place:split("/", 1)))
    assert.same({"", "b", nil, n = 3}, values(qy.table{ s = {"a//b", "a/b", "a"} }.s:split("/", 2)))
    assert.same({"b", nil, n = 2}, values(qy.table{ s = {"a、b", "a/b"} }.s:split("、", 2)))
    assert.same({" World", n = 1}, values(qy.table{ s = {"Hello, World"} }.s:split(",", 2)))
  end)
end)

describe("match", function()
  it("gives the first capture, the whole match, or null", function()
    assert.same({"庆阳市", nil, nil, nil, nil, "庆阳市", n = 6}, values(t.place:match("/([^/]+)/")))
    assert.same({"甘肃省/", nil, nil, nil, nil, "甘肃省/", n = 6}, values(t.place:match("^[^/]+/")))
    assert.same({"H", nil, nil, "H", n = 4}, values(qy.table{ s = {"Hello", "x", nil, "Hi", n = 4} }.s:match("(%u)(%l)")))
    assert.same({"2023", nil, "2024", n = 3}, values(qy.table{ s = {"FY2023 plan", "none", "2024"} }.s:match("%d%d%d%d")))
    assert.equal("string", t.place:match("x"):type())
  end)

  it("agrees with string.match on every value", function()
    local words = {"abc", "a1b22", "", "庆阳 12", "x-y-z", "%"}
    local c = qy.table{ w = words }.w
    for _, p in ipairs{"%d+", "(%a)(%d)", "^(.-)%-", "[%s]", "(.)$", "%%", "b?"} do
      local got = values(c:match(p))
      for k, w in ipairs(words) do assert.equal(w:match(p), got[k], w .. ":match(" .. p .. ")") end
    end
  end)

  it("refuses malformed patterns and position captures", function()
    assert.equal("malformed pattern (ends with '%')", error_of(function() return t.place:match("%") end))
    assert.equal("malformed pattern (missing ']')", error_of(function() return t.place:match("[a") end))
    assert.equal("bad argument #1 to 'match' (the pattern gives a position (a number), not text: "
                 .. "drop the '()' capture)", error_of(function() return t.place:match("()") end))
    assert.same({n = 0}, values(empty.s:match("%")))       -- no value, no match run
  end)

  it("survives a string.match that collects the column it works on", function()
    local c = qy.table{ s = {"a1", "b2", "a1", nil, n = 4} }.s
    local real = string.match
    string.match = function(s, p) getmetatable(c).__gc(c); collectgarbage(); return real(s, p) end
    local ok, got = pcall(function() return c:match("%d") end)
    string.match = real
    assert.is_true(ok)
    assert.same({"1", "2", "1", nil, n = 4}, values(got))
  end)
end)

describe("string methods keep to the rules of columns", function()
  it("nulls stay null and an empty column gives an empty one", function()
    local none = qy.table{ { name = "s", type = "string", values = {nil, nil, n = 2} } }.s
    for _, call in ipairs{
      function(c) return c:len() end, function(c) return c:sub(1, 2) end, function(c) return c:trim() end,
      function(c) return c:starts("a") end, function(c) return c:ends("a") end,
      function(c) return c:replace("a", "b") end, function(c) return c:split(",", 1) end,
      function(c) return c:upper() end, function(c) return c:lower() end, function(c) return c:match("a") end,
    } do
      assert.same({nil, nil, n = 2}, values(call(none)))
      assert.same({n = 0}, values(call(empty.s)))
    end
  end)

  it("results hold each distinct value once, so eq and group_by work", function()
    local c = t.place:split("/", 2)
    assert.same({true, nil, nil, nil, nil, true, n = 6}, values(c:eq("庆阳市")))   -- missing pieces are null
    assert.equal(1, c:nunique())
    local g = t:with{ city = t.place:trim():split("/", 2) }:group_by("city"):agg{ n = qy.count() }
    assert.same({"庆阳市", nil, n = 2}, values(g.city))
    assert.same({2, 4, n = 2}, values(g.n))
    assert.same({true, nil, false, nil, nil, true, n = 6},          -- no match is null
                values(t.place:match("(庆阳)"):eq(t.place:sub(5, 6))))
  end)

  it("refuse columns of another type", function()
    for _, name in ipairs{"len", "sub", "trim", "starts", "ends", "split", "upper", "lower", "match"} do
      local call = load("local c = ... return c:" .. name .. "('/', 1)", "=call")
      assert.equal("calling '" .. name .. "' on bad self (string column expected, got int64)",
                   error_of(function() return call(t.n) end))
    end
    assert.equal("bad argument #1 to 'f' (string column expected, got date)",
                 error_of(function() local f = t.day.trim return f(t.day) end))
  end)

  it("name the argument they refuse", function()
    local cases = {
      {function() return t.place:sub("x") end, "bad argument #1 to 'sub' (number expected, got string)"},
      {function() return t.place:sub(1.5) end, "bad argument #1 to 'sub' (number has no integer representation)"},
      {function() return t.place:sub(1, {}) end, "bad argument #2 to 'sub' (number expected, got table)"},
      {function() return t.place:starts() end, "bad argument #1 to 'starts' (string expected, got no value)"},
      {function() return t.place:ends({}) end, "bad argument #1 to 'ends' (string expected, got table)"},
      {function() return t.place:split("", 1) end, "bad argument #1 to 'split' (the separator must not be empty)"},
      {function() return t.place:split("/") end, "bad argument #2 to 'split' (number expected, got no value)"},
      {function() return t.place:split("/", 0) end,
       "bad argument #2 to 'split' (piece 0 does not exist (the first is 1, the last -1))"},
      {function() return t.place:replace("", "x") end,
       "bad argument #1 to 'replace' (the text to replace must not be empty)"},
      {function() return t.place:replace("a") end, "bad argument #2 to 'replace' (string expected, got no value)"},
      {function() return t.place:replace("a", nil) end, "bad argument #2 to 'replace' (string expected, got nil)"},
      {function() return t.n:replace(nil, 1) end, "bad argument #1 to 'replace' (the value to replace must not be nil)"},
      {function() return t.n:replace(1) end, "bad argument #2 to 'replace' (value expected)"},
      {function() return t.n:replace("a", 1) end,
       "bad argument #1 to 'replace' (value of type int64 expected, got string)"},
      {function() return t.n:replace(1, 1.5) end,
       "bad argument #2 to 'replace' (value of type int64 expected, got float64)"},
      {function() return t.n:replace(1, {}) end,
       "bad argument #2 to 'replace' (a number, string, boolean or nil expected, got table)"},
      {function() return t.amount:replace(1.005, 0) end, "bad argument #1 to 'replace' (value does not fit decimal(2))"},
      {function() return t.amount:replace(0, "x") end,
       "bad argument #2 to 'replace' (value of type decimal(2) expected, got string)"},
      {function() return t.day:replace("x", nil) end, "bad argument #1 to 'replace' ('x' is not a date)"},
      {function() return t.place:match() end, "bad argument #1 to 'match' (string expected, got no value)"},
      {function() return t.place:match({}) end, "bad argument #1 to 'match' (string expected, got table)"},
    }
    for i, case in ipairs(cases) do assert.equal(case[2], error_of(case[1]), i) end
  end)

  it("turn running out of memory into an error, then work", function()
    local c = qy.table{ s = {" 甘肃省/庆阳市 ", nil, "a/b", " 甘肃省/庆阳市 ", n = 4} }.s
    local n = qy.table{ n = {0, 1, nil, 0, n = 4} }.n
    for _, op in ipairs{
      function() return values(c:len()) end, function() return values(c:sub(2, -2)) end,
      function() return values(c:trim()) end, function() return values(c:ends(" ")) end,
      function() return values(c:replace("/", " - ")) end, function() return values(c:split("/", -1)) end,
      function() return values(c:upper()) end, function() return values(c:match("(%S+)/")) end,
      function() return values(n:replace(0, nil)) end,
    } do
      local want = op()
      local ok
      for k = 0, 1000 do
        qy._fail_alloc_after(k)
        local result
        ok, result = pcall(op)
        qy._fail_alloc_after(-1)
        if ok then assert.same(want, result) break end
        assert.matches("not enough memory", tostring(result))
        assert.not_matches("bad argument", tostring(result))
      end
      assert.is_true(ok)
    end
  end)
end)
