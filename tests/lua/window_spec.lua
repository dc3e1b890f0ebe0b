-- window_spec.lua — qy.share, qy.cumsum, qy.lag and qy.pct_change evaluated
-- by t:with{}: the whole table or within groups, in the current row order.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

-- The column's rows as text, "null" for nulls.
local function texts(c)
  local out = {}
  for i = 1, #c do out[i] = c:text(i) or "null" end
  return out
end

local function error_of(f) return (h.error_of(f):gsub("^[^:]*:%d+: ", "")) end

local t = qy.table{
  { name = "county", values = {"环县", "宁县", "环县", "宁县", "环县", "宁县"} },
  { name = "funds", type = "decimal(2)", values = {"0.10", "2.00", nil, "0.20", "0.20", "1.00", n = 6} },
  { name = "n", values = {1, 0, 3, 2, 4, nil, n = 6} },
  { name = "x", type = "float64", values = {0.5, 1.5, -1, nil, 2, 0, n = 6} } }

describe("window specs", function()
  it("record what they compute", function()
    local s = qy.lag("funds", 2, { by = "county" })
    assert.equal("qy.window", getmetatable(s).__name)
    assert.same({ kind = "lag", column = "funds", offset = 2, by = {"county"} }, setmetatable(s, nil))
    assert.same({ kind = "cumsum", column = "funds", by = {"county", "n"} },
                setmetatable(qy.cumsum("funds", { by = {"county", "n"} }), nil))
    assert.same({ kind = "share", column = "x" }, setmetatable(qy.share("x"), nil))
    assert.equal(1, qy.lag("x").offset)
    assert.same({ kind = "lag", column = "x", offset = 1, by = {"county"} },
                setmetatable(qy.lag("x", { by = "county" }), nil))
  end)

  it("refuse bad arguments", function()
    assert.equal("bad argument #2 to 'lag' (offset must be at least 1)",
                 error_of(function() return qy.lag("x", 0) end))
    assert.equal("bad argument #2 to 'share' (unknown option 'bye')",
                 error_of(function() return qy.share("x", { bye = "county" }) end))
    assert.equal("bad argument #2 to 'cumsum' (option 'by' must be a column name or a list of them)",
                 error_of(function() return qy.cumsum("x", { by = 1 }) end))
    assert.equal("bad argument #2 to 'pct_change' (option 'by' names no column)",
                 error_of(function() return qy.pct_change("x", { by = {} }) end))
    assert.equal("bad argument #1 to 'share' (string expected, got no value)",
                 error_of(function() return qy.share() end))
  end)
end)

describe("t:with{} and windows", function()
  it("computes over the whole table in row order", function()
    local w = t:with{ share = qy.share("funds"), cum = qy.cumsum("funds"),
                      prev = qy.lag("funds"), change = qy.pct_change("funds") }
    assert.same({"county", "funds", "n", "x", "change", "cum", "prev", "share"}, w:names())
    assert.same({"0.10", "2.10", "null", "2.30", "2.50", "3.50"}, texts(w.cum))
    assert.equal("decimal(2)", w.cum:type())
    assert.same({"null", "0.10", "2.00", "null", "0.20", "0.20"}, texts(w.prev))
    assert.equal("decimal(2)", w.prev:type())
    assert.same({"null", "19", "null", "null", "0", "4"}, texts(w.change))
    assert.equal("float64", w.share:type())
    assert.near(0.1 / 3.5, w.share[1], 1e-15)
    assert.is_nil(w.share[3])
  end)

  it("computes within groups, in the ordered form too", function()
    local w = t:with{ {"cum", qy.cumsum("funds", { by = "county" })},
                      {"share", qy.share("funds", { by = "county" })},
                      {"prev2", qy.lag("county", 2, { by = "county" })},
                      {"change", qy.pct_change("funds", { by = "county" })} }
    assert.same({"county", "funds", "n", "x", "cum", "share", "prev2", "change"}, w:names())
    assert.same({"0.10", "2.00", "null", "2.20", "0.30", "3.20"}, texts(w.cum))
    assert.same({"null", "null", "null", "null", "环县", "宁县"}, texts(w.prev2))
    assert.same({"null", "null", "null", "-0.9", "null", "4"}, texts(w.change))
    local sums = {}
    for i = 1, #w do
      if w.share[i] then sums[w.county[i]] = (sums[w.county[i]] or 0) + w.share[i] end
    end
    assert.near(1, sums["环县"], 1e-12)
    assert.near(1, sums["宁县"], 1e-12)
  end)

  it("follows the current order, not the original one", function()
    local turned = qy.concat(t:tail(3), t:head(3)):with{ cum = qy.cumsum("n") }
    assert.same({"2", "6", "null", "7", "7", "10"}, texts(turned.cum))
    local tail = t:tail(3):with{ cum = qy.cumsum("n"), prev = qy.lag("n", 1) }
    assert.same({"2", "6", "null"}, texts(tail.cum))
    assert.same({"null", "2", "4"}, texts(tail.prev))
  end)

  it("gives null for a zero or null previous value", function()
    local w = t:with{ dn = qy.pct_change("n"), dx = qy.pct_change("x") }
    assert.same({"null", "-1", "null", "-0.3333333333333333", "1", "null"}, texts(w.dn))
    assert.same({"null", "2", "-1.6666666666666667", "null", "null", "-1"}, texts(w.dx))
  end)

  it("handles empty, one-row and all-null tables", function()
    local none = t:head(0):with{ s = qy.share("funds"), c = qy.cumsum("funds", { by = "county" }),
                                 l = qy.lag("funds"), p = qy.pct_change("funds") }
    assert.equal(0, #none)
    assert.equal(8, #none:names())
    local one = t:head(1):with{ s = qy.share("funds"), c = qy.cumsum("funds"),
                                l = qy.lag("funds"), p = qy.pct_change("funds") }
    assert.same({"1", "0.10", "null", "null"}, { one.s:text(1), one.c:text(1),
                                                 one.l:text(1) or "null", one.p:text(1) or "null" })
    local nulls = qy.table{ { name = "v", type = "decimal(3)", values = {nil, nil, n = 2} } }
    local w = nulls:with{ s = qy.share("v"), c = qy.cumsum("v") }
    assert.same({"null", "null"}, texts(w.s))
    assert.same({"null", "null"}, texts(w.c))
    assert.equal("decimal(3)", w.c:type())
  end)

  it("names the window and the column in its errors", function()
    assert.equal("qy.cumsum: no column 'fundz' (did you mean 'funds'?)",
                 error_of(function() return t:with{ c = qy.cumsum("fundz") } end))
    assert.equal("qy.lag: no column 'conty' (did you mean 'county'?)",
                 error_of(function() return t:with{ c = qy.lag("funds", { by = "conty" }) } end))
    assert.equal("qy.share: cannot compute share of string column 'county'",
                 error_of(function() return t:with{ c = qy.share("county") } end))
    local big = qy.table{ { name = "big", type = "decimal(2)",
                            values = {"92233720368547758.00", "0.07", "0.01"} } }
    assert.equal("qy.cumsum: the sum of 'big' overflows",
                 error_of(function() return big:with{ c = qy.cumsum("big") } end))
    assert.matches("a column, a window or a scalar expected, got table",
                   error_of(function() return t:with{ c = {} } end))
  end)
end)

describe("windows on the ledger", function()
  local F = qy.read_csv(h.path("data/funds.csv"))

  it("runs the funds to 2022's and 2023's totals exactly", function()
    local w = F:with{ cum = qy.cumsum("funds"), cum_month = qy.cumsum("funds", { by = "month" }) }
    -- funds.csv is in month order: 2022's funds, then the first half of 2023
    local last = {}
    for i = 1, #w do last[w.month[i]] = i end
    assert.equal("418.66", w.cum:text(last["2022-12"]))
    assert.equal("719.33", w.cum:text(#w))   -- 418.66 + 300.67
    assert.equal("66.47", w.cum_month:text(last["2023-06"]))
    assert.equal("decimal(2)", w.cum:type())
  end)
end)
