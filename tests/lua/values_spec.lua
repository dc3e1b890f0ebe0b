-- values_spec.lua — numbers and values: round, cast, qy.ratio, map,
-- fill_null, qy.coalesce, qy.case, `..` and qy.concat_ws.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local texts = h.texts

-- "type: rows".
local function shown(c) return c:type() .. ": " .. texts(c) end

local function col(type, list) return qy.table{ { name = "v", type = type, values = list } }.v end

-- The message of f's error without a "file:line: " in front.
local function error_of(f) return (h.error_of(f):gsub("^[^:\n]*:%d+: ", "")) end

local t = qy.table{
  { name = "county", values = {"环县", "宁县", "环县", nil, "西峰区", n = 5} },
  { name = "amount", type = "decimal(3)", values = {"1.005", "-1.005", "2.345", nil, "0.000", n = 5} },
  { name = "rate", type = "float64", values = {2.675, -2.5, 0.125, nil, 60.125000000001, n = 5} },
  { name = "seq", values = {1, 2, 3, 4, nil, n = 5} },
  { name = "agreement", type = "bool", values = {true, false, nil, true, false, n = 5} },
  { name = "day", type = "date", values = {"2023-06-30", nil, "2024-02-29", "2023-01-01", nil, n = 5} },
}
local empty = t:filter(t.seq:gt(100))

describe("round", function()
  it("rounds decimals half away from zero to fewer places", function()
    assert.equal("decimal(2): 1.01 -1.01 2.35 nil 0.00", shown(t.amount:round(2)))
    assert.equal("decimal(0): 1 -1 2 nil 0", shown(t.amount:round()))
    assert.equal("decimal(3): 1.005 -1.005 2.345 nil 0.000", shown(t.amount:round(3)))
    assert.equal("decimal(3)", t.amount:round(6):type())
    assert.equal("decimal(1): 12345.7 -0.1", shown(col("decimal(2)", {"12345.65", "-0.05"}):round(1)))
  end)

  it("rounds floats on the double's exact value, and leaves integers", function()
    assert.equal("float64: 2.67 -2.5 0.13 nil 60.13", shown(t.rate:round(2)))
    assert.equal("float64: 3 -3 0 nil 60", shown(t.rate:round(0)))
    assert.equal("int64: 1 2 3 4 nil", shown(t.seq:round(2)))
    assert.equal(0, #empty.amount:round(1))
  end)

  it("refuses other types and digits", function()
    assert.equal("calling 'round' on bad self (round needs a number column, not string)",
                 error_of(function() return t.county:round(1) end))
    assert.equal("bad argument #1 to 'round' (digits must be 0 to 6, not 7)",
                 error_of(function() return t.amount:round(7) end))
    assert.equal("bad argument #1 to 'round' (digits must be 0 to 6, not -1)",
                 error_of(function() return t.amount:round(-1) end))
    assert.equal("bad argument #1 to 'round' (number has no integer representation)",
                 error_of(function() return t.amount:round(1.5) end))
  end)
end)

describe("cast", function()
  it("converts numbers exactly or says which row does not fit", function()
    assert.equal("float64: 1.005 -1.005 2.345 nil 0", shown(t.amount:cast("float")))
    assert.equal("decimal(6): 1.005000 -1.005000 2.345000 nil 0.000000", shown(t.amount:cast("decimal(6)")))
    assert.equal("decimal(2): 1.00 2.00 3.00 4.00 nil", shown(t.seq:cast("decimal")))
    assert.equal("int64: 1 0 nil 1 0", shown(t.agreement:cast("int")))
    assert.equal("1.005 at row 1 has more than 2 decimals (use round first)",
                 error_of(function() return t.amount:cast("decimal(2)") end))
    assert.equal("decimal(2): 1.01 -1.01 2.35 nil 0.00", shown(t.amount:round(2):cast("decimal(2)")))
    assert.equal("1.005 at row 1 is not a whole number (use round first)",
                 error_of(function() return t.amount:cast("int64") end))
    assert.equal("2.675 at row 1 is not a whole number", error_of(function() return t.rate:cast("int64") end))
    assert.equal("int64: 3 -2 nil", shown(col("float64", {3.0, -2.0, nil, n = 3}):cast("int64")))
    assert.equal("92233720368547758 at row 1 does not fit in decimal(3)",
                 error_of(function() return col("int64", {92233720368547758}):cast("decimal(3)") end))
  end)

  it("turns floats into the decimals string.format('%.2f') shows", function()
    local xs = {60.125000000001, 0.125, 2.675, -2.675, 1.005, 0.5, 1e-9, -0.004, 123456.789, 0.015}
    local c = col("float64", xs):cast("decimal(2)")
    assert.equal("decimal(2)", c:type())
    for i, x in ipairs(xs) do
      local want = string.format("%.2f", x)
      if want == "-0.00" then want = "0.00" end
      assert.equal(want, c:text(i), x)
    end
    assert.equal("decimal(2): 2.67 -2.50 0.12 nil 60.13", shown(t.rate:cast("decimal(2)")))
    assert.equal("1e+300 at row 1 does not fit in decimal(2)",
                 error_of(function() return col("float64", {1e300}):cast("decimal(2)") end))
  end)

  it("writes any column as the text c:text(i) gives", function()
    assert.equal("string: 1.005 -1.005 2.345 nil 0.000", shown(t.amount:cast("string")))
    assert.equal("string: 2.675 -2.5 0.125 nil 60.125000000001", shown(t.rate:cast("text")))
    assert.equal("string: 2023-06-30 nil 2024-02-29 2023-01-01 nil", shown(t.day:cast("str")))
    assert.equal("string: true false nil true false", shown(t.agreement:cast("string")))
    assert.equal("环县", t.county:cast("string")[1])
  end)

  it("parses strings, naming the first bad value and its row", function()
    local s = col("string", {"42", "-7", nil, "42", n = 4})
    assert.equal("int64: 42 -7 nil 42", shown(s:cast("int64")))
    assert.equal("float64: 42 -7 nil 42", shown(s:cast("float64")))
    assert.equal("decimal(2): 42.00 -7.00 nil 42.00", shown(s:cast("decimal(2)")))
    assert.equal("'abc' at row 3 is not an int64",
                 error_of(function() return col("string", {"1", "2", "abc"}):cast("int64") end))
    assert.equal("' 1' at row 1 is not an int64",
                 error_of(function() return col("string", {" 1"}):cast("int64") end))
    assert.equal("'环县' at row 1 is not a float64", error_of(function() return t.county:cast("float64") end))
    assert.equal("'1.234' at row 2 has more than 2 decimals",
                 error_of(function() return col("string", {"1.5", "1.234"}):cast("decimal(2)") end))
    assert.equal("date: 2023-07-20 2023-07-02 2023-07-20",
                 shown(col("string", {"2023-07-20", "2023/7/2", "2023年7月20日"}):cast("date")))
    assert.equal("'2023-02-29' at row 1 is not a date",
                 error_of(function() return col("string", {"2023-02-29"}):cast("date") end))
    assert.equal("bool: true false nil", shown(col("string", {"true", "false", nil, n = 3}):cast("bool")))
    assert.equal("'TRUE' at row 1 is not a bool", error_of(function() return col("string", {"TRUE"}):cast("bool") end))
    assert.equal(0, #empty.county:cast("int64"))
    -- a filtered column's unused strings are never parsed
    local words = qy.table{ s = {"x", "1"} }
    assert.equal("int64: 1", shown(words:filter(words.s:eq("1")).s:cast("int64")))
  end)

  it("refuses unknown types and conversions it does not make", function()
    assert.equal("bad argument #1 to 'cast' (unknown type 'money' (int64, float64, decimal(0..6), "
                 .. "string, date, bool))", error_of(function() return t.amount:cast("money") end))
    assert.equal("bad argument #1 to 'cast' (cannot convert date to int64)",
                 error_of(function() return t.day:cast("int64") end))
    assert.equal("bad argument #1 to 'cast' (cannot convert bool to float64)",
                 error_of(function() return t.agreement:cast("float64") end))
    assert.equal("bad argument #1 to 'cast' (string expected, got no value)",
                 error_of(function() return t.amount:cast() end))
  end)
end)

describe("qy.ratio", function()
  local p = qy.table{ { name = "funds", type = "decimal(2)", values = {"300.67", "-1.00", nil, "5.00", n = 4} },
                      { name = "plan", type = "decimal(2)", values = {"500.00", "8.00", "1.00", "0.00"} },
                      { name = "n", values = {1, -1, 2, 3} } }

  it("divides exactly and rounds half away from zero", function()
    assert.equal("decimal(2): 60.13 -12.50 nil nil", shown(qy.ratio(p.funds, p.plan, { percent = true })))
    assert.equal("decimal(2): 0.60 -0.13 nil nil", shown(qy.ratio(p.funds, p.plan)))
    assert.equal("decimal(4): 0.3333 -0.3333 0.6667 1.0000", shown(qy.ratio(p.n, 3, { scale = 4 })))
    assert.equal("decimal(2): -0.13 0.13 -0.25 -0.38", shown(qy.ratio(p.n, -8)))
    assert.equal("decimal(0): 10 -10 5 3", shown(qy.ratio(10, p.n, { scale = 0 })))
    assert.equal("decimal(1): 5.0 -5.0 10.0 15.0", shown(qy.ratio(p.n, 0.2, { scale = 1 })))
    assert.equal("decimal(2): nil nil nil nil", shown(qy.ratio(p.n, nil)))
    assert.equal(0, #qy.ratio(empty.seq, empty.seq))
  end)

  it("refuses floats, non-numbers, bad options, and names an overflow's row", function()
    assert.equal("bad argument #1 to 'ratio' (ratio needs int64 or decimal values, not float64)",
                 error_of(function() return qy.ratio(t.rate, 1) end))
    assert.equal("bad argument #2 to 'ratio' (ratio needs int64 or decimal values, not string)",
                 error_of(function() return qy.ratio(t.seq, "x") end))
    assert.equal("bad argument #1 to 'ratio' (at least one column expected)",
                 error_of(function() return qy.ratio(1, 2) end))
    assert.equal("bad argument #3 to 'ratio' (unknown option 'digits')",
                 error_of(function() return qy.ratio(p.n, 1, { digits = 2 }) end))
    assert.equal("bad argument #3 to 'ratio' (option 'scale' must be an integer from 0 to 6)",
                 error_of(function() return qy.ratio(p.n, 1, { scale = 7 }) end))
    assert.equal("bad argument #3 to 'ratio' (option 'percent' must be a boolean)",
                 error_of(function() return qy.ratio(p.n, 1, { percent = 1 }) end))
    assert.equal("bad argument #2 to 'ratio' (columns of 4 and 5 rows)",
                 error_of(function() return qy.ratio(p.n, t.seq) end))
    assert.equal("ratio overflows decimal(2) at row 2",
                 error_of(function() return qy.ratio(col("int64", {1, math.maxinteger}), 1) end))
  end)
end)

describe("map", function()
  it("maps bools, strings and numbers to values of one kind", function()
    local yes = t.agreement:map{ [true] = "是", [false] = "否" }
    assert.equal("string: 是 否 nil 是 否", shown(yes))
    assert.equal("int64: 1 2 1 0 0", shown(t.county:map({ ["环县"] = 1, ["宁县"] = 2 }, 0)))
    assert.equal("float64: 1.5 2 1.5 nil nil", shown(t.county:map{ ["环县"] = 1.5, ["宁县"] = 2 }))
    assert.equal("bool: true nil nil nil nil", shown(t.seq:map{ [1] = true }))
    assert.equal("string: 半 nil nil nil nil", shown(t.amount:map{ [1.005] = "半" }))
    assert.equal("string: 年末 nil 闰日 nil nil", shown(t.day:map{ ["2023-06-30"] = "年末", ["2024-02-29"] = "闰日" }))
    assert.equal("int64: nil nil nil nil nil", shown(t.county:map{}))
    assert.equal("string: 无 无 无 无 无", shown(t.county:map({}, "无")))
    assert.equal(0, #empty.county:map{ ["环县"] = 1 })
  end)

  it("names the key of a value of another kind", function()
    assert.equal("bad argument #1 to 'map' (the value of key false is a number, not a string like the others)",
                 error_of(function() return t.agreement:map{ [true] = "是", [false] = 0 } end)
                   :gsub("key true is a string, not a number", "key false is a number, not a string"))
    assert.equal("bad argument #1 to 'map' (the value of key 'a' is a table)",
                 error_of(function() return t.county:map{ a = {} } end))
    assert.equal("bad argument #1 to 'map' (key 1 is not a string)",
                 error_of(function() return t.county:map{ "a" } end))
    assert.equal("bad argument #1 to 'map' (key 'x' is not a date)",
                 error_of(function() return t.day:map{ x = 1 } end))
    assert.equal("bad argument #2 to 'map' (the default is a number, not a string like the values)",
                 error_of(function() return t.county:map({ a = "b" }, 0) end))
    assert.equal("bad argument #1 to 'map' (table expected, got no value)",
                 error_of(function() return t.county:map() end))
  end)
end)

describe("fill_null", function()
  it("fills with a value of the column's type", function()
    assert.equal("decimal(3): 1.005 -1.005 2.345 0.000 0.000", shown(t.amount:fill_null(0)))
    assert.equal("decimal(3): 1.005 -1.005 2.345 0.500 0.000", shown(t.amount:fill_null(0.5)))
    assert.equal("string: 环县 宁县 环县 未知 西峰区", shown(t.county:fill_null("未知")))
    assert.equal("date: 2023-06-30 2000-01-01 2024-02-29 2023-01-01 2000-01-01",
                 shown(t.day:fill_null("2000-01-01")))
    assert.equal("float64: 2.675 -2.5 0.125 0 60.125000000001", shown(t.rate:fill_null(0)))
    assert.equal("bool: true false false true false", shown(t.agreement:fill_null(false)))
    assert.equal("int64: 1 2 3 4 0", shown(t.seq:fill_null(0)))
    assert.equal("int64: 1 2 3 4 nil", shown(t.seq:fill_null(nil)))
  end)

  it("fills from a column of the same length", function()
    assert.equal("decimal(3): 1.005 -1.005 2.345 4.000 0.000", shown(t.amount:fill_null(t.seq)))
    assert.equal("string: 环县 宁县 环县 true 西峰区", shown(t.county:fill_null(t.agreement:cast("string"))))
  end)

  it("refuses what does not fit", function()
    assert.equal("bad argument #1 to 'fill_null' (cannot fill an int64 column with string)",
                 error_of(function() return t.seq:fill_null("x") end))
    assert.equal("bad argument #1 to 'fill_null' (cannot fill an int64 column with float64)",
                 error_of(function() return t.seq:fill_null(0.5) end))
    assert.equal("bad argument #1 to 'fill_null' ('x' is not a date)",
                 error_of(function() return t.day:fill_null("x") end))
    assert.equal("bad argument #1 to 'fill_null' (fill column 1 has 2 rows, not 5)",
                 error_of(function() return t.seq:fill_null(qy.table{ x = {1, 2} }.x) end))
    assert.equal("1.0005 has more than 3 decimals (use round first)",
                 error_of(function() return t.amount:fill_null(1.0005) end))
    assert.equal("bad argument #1 to 'fill_null' (value expected)",
                 error_of(function() return t.seq:fill_null() end))
  end)
end)

describe("qy.coalesce", function()
  local c = qy.table{ { name = "a", values = {1, nil, nil, 4, n = 4} },
                      { name = "b", type = "decimal(2)", values = {"9.99", "2.50", nil, nil, n = 4} },
                      { name = "s", values = {nil, "宁县", nil, "x", n = 4} } }

  it("takes each row's first non-null", function()
    assert.equal("decimal(2): 1.00 2.50 0.00 4.00", shown(qy.coalesce(c.a, c.b, 0)))
    assert.equal("decimal(2): 1.00 2.50 nil 4.00", shown(qy.coalesce(c.a, c.b)))
    assert.equal("int64: 1 -1 -1 4", shown(qy.coalesce(c.a, nil, -1)))
    assert.equal("float64: 1 0.5 0.5 4", shown(qy.coalesce(c.a, 0.5)))
    assert.equal("string: 环县 宁县 环县 x", shown(qy.coalesce(c.s, "环县")))
    assert.equal("string: 无 宁县 无 x", shown(qy.coalesce(nil, c.s, "无")))
    assert.equal(0, #qy.coalesce(empty.county, "x"))
  end)

  it("refuses mixed types and no column", function()
    assert.equal("bad argument #1 to 'coalesce' (values of int64 and string do not mix)",
                 error_of(function() return qy.coalesce(c.a, c.s) end))
    assert.equal("bad argument #1 to 'coalesce' (at least one column expected)",
                 error_of(function() return qy.coalesce(1, 2) end))
    assert.equal("bad argument #1 to 'coalesce' (at least one column expected)",
                 error_of(function() return qy.coalesce() end))
    assert.equal("bad argument #1 to 'coalesce' (value 2 has 5 rows, not 4)",
                 error_of(function() return qy.coalesce(c.a, t.seq) end))
  end)
end)

describe("qy.case", function()
  local a = qy.table{ { name = "amount", type = "decimal(2)", values = {"12.00", "5.00", "0.50", nil, "-3.00", n = 5} } }.amount

  it("takes the value of the first true mask", function()
    local size = qy.case{ {a:ge(10), "大"}, {a:ge(1), "中"}, default = "小" }
    assert.equal("string: 大 中 小 小 小", shown(size))
    assert.equal("string: 大 中 nil nil nil", shown(qy.case{ {a:ge(10), "大"}, {a:ge(1), "中"} }))
    assert.equal("decimal(2): 12.00 5.00 0.50 0.00 0.00", shown(qy.case{ {a:gt(0), a}, default = 0 }))
    assert.equal("decimal(2): 12.00 5.00 0.50 nil -3.00", shown(qy.case{ {a:lt(0), a}, default = a }))
    assert.equal("int64: 1 1 1 nil -1", shown(qy.case{ {a:gt(0), 1}, {a:lt(0), -1}, default = nil }))
    assert.equal("date: 2023-06-30 2023-06-30 2024-02-29 nil nil",
                 shown(qy.case{ {a:ge(1), "2023-06-30"}, {a:lt(1), t.day} }))
    assert.equal(0, #qy.case{ {empty.agreement, 1}, default = 2 })
  end)

  it("names a bad branch", function()
    assert.equal("bad argument #1 to 'case' (branch 1: the mask must be a bool column, not decimal(2))",
                 error_of(function() return qy.case{ {a, 1} } end))
    assert.equal("bad argument #1 to 'case' (branch 2: the mask must be a bool column, got string)",
                 error_of(function() return qy.case{ {a:gt(0), 1}, {"x", 2} } end))
    assert.equal("bad argument #1 to 'case' (branch 1 is not a {mask, value} pair)",
                 error_of(function() return qy.case{ a:gt(0) } end))
    assert.equal("bad argument #1 to 'case' (branch 1: the value is a table)",
                 error_of(function() return qy.case{ {a:gt(0), {}} } end))
    assert.equal("bad argument #1 to 'case' (unknown key 'else')",
                 error_of(function() return qy.case{ {a:gt(0), 1}, ["else"] = 2 } end))
    assert.equal("bad argument #1 to 'case' (at least one branch expected)",
                 error_of(function() return qy.case{ default = 1 } end))
    assert.equal("bad argument #1 to 'case' (values of string and int64 do not mix)",
                 error_of(function() return qy.case{ {a:gt(0), "x"}, default = 0 } end))
    assert.equal("bad argument #1 to 'case' (branch 2: the mask has 4 rows, not 5)",
                 error_of(function() return qy.case{ {a:gt(0), 1}, {qy.table{ b = {true, true, true, true} }.b, 2} } end))
    assert.equal("bad argument #1 to 'case' (table expected, got no value)", error_of(function() return qy.case() end))
  end)
end)

describe("concatenation", function()
  it("joins columns and values with ..", function()
    assert.equal("string: 环县县 宁县县 环县县 nil 西峰区县", shown(t.county .. "县"))
    assert.equal("string: 第1名 第2名 第3名 第4名 nil", shown("第" .. t.seq .. "名"))
    assert.equal("string: 环县:1.005 宁县:-1.005 环县:2.345 nil 西峰区:0.000", shown(t.county .. ":" .. t.amount))
    assert.equal("string: 2023-06-30/true nil nil 2023-01-01/true nil", shown(t.day .. "/" .. t.agreement))
    assert.equal("string: 1.5x 1.5x", shown(1.5 .. qy.table{ x = {"x", "x"} }.x))
    assert.equal("string: 10x 10x", shown(10 .. qy.table{ x = {"x", "x"} }.x))
    assert.equal(0, #(empty.county .. "x"))
  end)

  it("refuses booleans and columns of another length", function()
    assert.equal("bad argument #2 to 'concat' (a column, string or number expected, got boolean)",
                 error_of(function() return t.county .. true end))
    assert.equal("bad argument #1 to 'concat' (a column, string or number expected, got table)",
                 error_of(function() return {} .. t.county end))
    assert.equal("bad argument #2 to 'concat' (value 2 has 2 rows, not 5)",
                 error_of(function() return t.county .. qy.table{ x = {1, 2} }.x end))
  end)

  it("qy.concat_ws joins the non-null parts with a separator", function()
    assert.equal("string: 环县-1 宁县-2 环县-3 4 西峰区", shown(qy.concat_ws("-", t.county, t.seq)))
    assert.equal("string: 甘肃·环县 甘肃·宁县 甘肃·环县 甘肃 甘肃·西峰区",
                 shown(qy.concat_ws("·", "甘肃", t.county, nil)))
    assert.equal("string: 1.005 nil", shown(qy.concat_ws(",", qy.table{ a = {"1.005", nil, n = 2} }.a, nil)))
    assert.equal("string: 12 22", shown(qy.concat_ws("", qy.table{ a = {1, 2} }.a, 2)))
    assert.equal("bad argument #2 to 'concat_ws' (at least one column expected)",
                 error_of(function() return qy.concat_ws("-", "a", "b") end))
    assert.equal("bad argument #1 to 'concat_ws' (string expected, got no value)",
                 error_of(function() return qy.concat_ws() end))
    assert.equal("bad argument #3 to 'concat_ws' (a column, string, number or nil expected, got boolean)",
                 error_of(function() return qy.concat_ws("-", t.county, true) end))
  end)
end)

describe("running out of memory", function()
  -- Each verb with its Nth allocation failing, N = 0, 1, ...: a "not enough
  -- memory" error (never a bad argument), then the right answer.
  it("every verb says 'not enough memory' and then answers", function()
    local ops = {
      function() return texts(t.amount:round(2)) end,
      function() return texts(t.seq:cast("string"):cast("int64")) end,
      function() return texts(qy.ratio(t.amount, t.seq, { percent = true })) end,
      function() return texts(t.county:map({ ["环县"] = "甲" }, "乙")) end,
      function() return texts(t.county:fill_null("无")) end,
      function() return texts(qy.coalesce(t.seq, t.amount, 0)) end,
      function() return texts(qy.case{ {t.seq:gt(2), t.county}, default = "小" }) end,
      function() return texts(t.county .. t.seq) end,
      function() return texts(qy.concat_ws("-", t.county, t.day)) end,
    }
    for k, op in ipairs(ops) do
      local expected = op()
      local n = 0
      while true do
        qy._fail_alloc_after(n)
        local ok, result = pcall(op)
        qy._fail_alloc_after(-1)
        if ok then break end
        local msg = tostring(result)
        assert.is_truthy(msg:find("not enough memory", 1, true), k .. ": " .. msg)
        assert.is_falsy(msg:find("bad argument", 1, true), k .. ": " .. msg)
        n = n + 1
      end
      assert.equal(expected, op(), k)
    end
  end)
end)
