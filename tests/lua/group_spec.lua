-- group_spec.lua — group_by/agg, qy.count() ... qy.first(), pivot, and the
-- column reductions c:sum() ... c:median().
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function values(c) return c:totable() end

local function texts(c)
  local out = {}
  for i = 1, #c do out[i] = c:text(i) or "null" end
  return out
end

-- Exact hundredths of a decimal(2) value, from its text (never via floats).
local function cents(c, i)
  local text = c:text(i)
  if text == nil then return nil end
  local sign, int, frac = text:match("^(%-?)(%d+)%.(%d%d)$")
  local v = tonumber(int) * 100 + tonumber(frac)
  return sign == "-" and -v or v
end

-- county  amount  n    investor  day
-- 环县     1.50    1    甲        2023-01-05
-- 宁县     2.00    2    乙        2023-03-01
-- 环县     nil     3    nil       nil
-- nil      0.25    nil  丙        2022-12-31
-- 宁县     2.00    5    乙        2023-02-01
-- 环县     3.05    6    丁        2023-01-05
local function ledger()
  return qy.table{
    { name = "county", values = {"环县", "宁县", "环县", nil, "宁县", "环县", n = 6} },
    { name = "amount", type = "decimal(2)", values = {"1.50", "2.00", nil, "0.25", "2", "3.05", n = 6} },
    { name = "n", type = "int64", values = {1, 2, 3, nil, 5, 6, n = 6} },
    { name = "investor", values = {"甲", "乙", nil, "丙", "乙", "丁", n = 6} },
    { name = "day", type = "date",
      values = {"2023-01-05", "2023-03-01", nil, "2022-12-31", "2023-02-01", "2023-01-05", n = 6} },
  }
end

describe("group_by and agg", function()
  local t = ledger()

  it("puts the keys first, as named in the input, then aggregates by name", function()
    local r = t:group_by("county"):agg{ total = qy.sum("amount"), n = qy.count(), avg = qy.mean("amount") }
    assert.same({"county", "avg", "n", "total"}, r:names())
    assert.same({"环县", "宁县", nil, n = 3}, values(r.county))   -- first appearance; null a key
    assert.same({"4.55", "4.00", "0.25"}, texts(r.total))
    assert.equal("decimal(2)", r.total:type())
    assert.same({3, 2, 1, n = 3}, values(r.n))
    assert.equal("float64", r.avg:type())
    assert.equal(2.275, r.avg[1])
  end)

  it("keeps the written order in the ordered form", function()
    local r = t:group_by("county"):agg{ {"n", qy.count()}, {"amount", qy.sum("amount")},
                                        {"first", qy.first("investor")} }
    assert.same({"county", "n", "amount", "first"}, r:names())
    assert.same({"甲", "乙", "丙", n = 3}, values(r.first))
  end)

  it("counts rows, non-null values and distinct values", function()
    local r = t:group_by("county"):agg{ {"rows", qy.count()}, {"amounts", qy.count("amount")},
                                        {"investors", qy.count_distinct("investor")},
                                        {"days", qy.count_distinct("day")} }
    assert.same({3, 2, 1, n = 3}, values(r:col("rows")))   -- t.rows is the method
    assert.same({2, 2, 1, n = 3}, values(r.amounts))
    assert.same({2, 1, 1, n = 3}, values(r.investors))
    assert.same({1, 2, 1, n = 3}, values(r.days))
  end)

  it("takes medians of odd and even counts, min and max of any type", function()
    local r = t:group_by("county"):agg{ med = qy.median("n"), lo = qy.min("day"), hi = qy.max("investor"),
                                        top = qy.max("amount") }
    assert.same({3, 3.5, nil, n = 3}, values(r.med))
    assert.same({"2023-01-05", "2023-02-01", "2022-12-31", n = 3}, values(r.lo))
    assert.same({"甲", "乙", "丙", n = 3}, values(r.hi))    -- 甲 U+7532 > 丁 U+4E01
    assert.same({"3.05", "2.00", "0.25"}, texts(r:col("top")))   -- r.top is the method
  end)

  it("groups by several keys, given as arguments or a list", function()
    local a = t:group_by("county", "investor"):agg{ n = qy.count() }
    local b = t:group_by{"county", "investor"}:agg{ n = qy.count() }
    assert.same({"county", "investor", "n"}, a:names())
    assert.same({1, 2, 1, 1, 1, n = 5}, values(a.n))
    assert.same(values(a.n), values(b.n))
    assert.equal(5, #t:group_by("county", "investor"):agg{})   -- the distinct keys alone
  end)

  it("can aggregate one grouping twice, and prints what it is", function()
    local g = t:group_by("county", "investor")
    assert.equal(5, #g:agg{ n = qy.count() })
    assert.equal(5, #g:agg{ s = qy.sum("n") })
    assert.equal("qy.grouped by county, investor", tostring(g))
    assert.equal('qy.sum("amount")', tostring(qy.sum("amount")))
    assert.equal("qy.count()", tostring(qy.count()))
  end)

  it("gives one row for the whole table, also when it is empty", function()
    local r = t:agg{ total = qy.sum("amount"), n = qy.count(), med = qy.median("amount") }
    assert.same({"med", "n", "total"}, r:names())
    assert.equal(1, #r)
    assert.equal("8.80", r.total:text(1))
    assert.equal(2, r.med[1])
    local empty = t:head(0):agg{ total = qy.sum("amount"), n = qy.count(), first = qy.first("county") }
    assert.equal(1, #empty)
    assert.equal(0, empty.n[1])
    assert.is_nil(empty.total[1])
    assert.equal("decimal(2)", empty.total:type())
    assert.is_nil(empty.first[1])
    assert.equal(0, #t:head(0):group_by("county"):agg{ n = qy.count() })
  end)

  it("works on one row and on all-null columns", function()
    local one = t:tail(1):group_by("county"):agg{ s = qy.sum("amount"), m = qy.median("n") }
    assert.same({"3.05"}, texts(one.s))
    assert.equal(6, one.m[1])
    local nulls = qy.table{ { name = "k", values = {"甲", "乙", "甲"} },
                            { name = "v", type = "decimal(2)", values = {n = 3} } }
    local r = nulls:group_by("k"):agg{ {"s", qy.sum("v")}, {"c", qy.count("v")},
                                       {"m", qy.mean("v")}, {"d", qy.count_distinct("v")} }
    assert.same({n = 2}, values(r.s))
    assert.same({0, 0, n = 2}, values(r.c))
    assert.same({n = 2}, values(r.m))
    assert.same({0, 0, n = 2}, values(r.d))
  end)

  it("sums the H1 2023 funds exactly: 300.67", function()
    local F = qy.read_csv(h.path("data/funds.csv"))
    local keep, want = {}, 0
    for i = 1, #F do
      keep[i] = F.month[i] >= "2023-01" and F.month[i] <= "2023-06"
      if keep[i] then want = want + cents(F.funds, i) end
    end
    assert.equal(30067, want)
    local r = F:filter(qy.table{ b = keep }.b):agg{ funds = qy.sum("funds") }
    assert.equal("300.67", r.funds:text(1))
    assert.matches("\n%s*300%.67\n", tostring(r))
    local by_month = F:group_by("month"):agg{ funds = qy.sum("funds") }
    assert.equal(18, #by_month)
    assert.equal("decimal(2)", by_month.funds:type())
  end)

  it("names the verb and the argument in its errors", function()
    local function err(f) return (h.error_of(f):gsub("^[^:]+:%d+: ", "")) end
    assert.equal("bad argument #1 to 'agg' (cannot sum string column 'investor')",
                 err(function() return t:group_by("county"):agg{ s = qy.sum("investor") } end))
    assert.matches("bad argument #1 to 'agg' %(cannot average date column 'day'%)",
                   err(function() return t:agg{ m = qy.mean("day") } end))
    assert.matches("bad argument #1 to 'agg' %(no column 'amout' %(did you mean 'amount'%?%)%)",
                   err(function() return t:agg{ s = qy.sum("amout") } end))
    assert.matches("bad argument #1 to 'group_by' %(no column 'conty' %(did you mean 'county'%?%)%)",
                   err(function() return t:group_by("conty") end))
    assert.matches("bad argument #1 to 'group_by' %(column 'county' named twice%)",
                   err(function() return t:group_by("county", "county") end))
    assert.matches("bad argument #1 to 'agg' %('s' is not an aggregate such as qy.sum%(\"amount\"%), got number%)",
                   err(function() return t:agg{ s = 1 } end))
    assert.matches("bad argument #1 to 'agg' %(duplicate column name 'county'%)",
                   err(function() return t:group_by("county"):agg{ county = qy.count() } end))
    assert.matches("bad argument #1 to 'sum' %(string expected, got no value%)",
                   err(function() return qy.sum() end))
    assert.matches("bad argument #1 to 'agg' %(expected a list of {name, aggregate}%)",
                   err(function() return t:agg{ qy.count() } end))
  end)
end)

describe("column reductions", function()
  local t = ledger()

  it("skip nulls and return Lua values", function()
    assert.equal(8.8, t.amount:sum())
    assert.equal(17, t.n:sum())
    assert.is_true(math.type(t.n:sum()) == "integer")
    assert.equal(3.4, t.n:mean())
    assert.equal(3, t.n:median())
    assert.equal(2, t.amount:median())          -- 0.25 1.50 | 2.00 2.00 3.05: odd count
    assert.equal(1.75, t:head(3).amount:median())  -- 1.50 2.00: even count
    assert.equal(0.25, t.amount:min())
    assert.equal("丁", t.investor:min())
    assert.equal("2023-03-01", t.day:max())
    assert.equal(5, t.amount:count())
    assert.equal(4, t.investor:nunique())
    assert.equal(2, t.county:nunique())       -- nulls are not a value
  end)

  it("give nil for no values and 0 counts", function()
    local e = t:head(0)
    assert.is_nil(e.amount:sum())
    assert.is_nil(e.n:median())
    assert.is_nil(e.county:max())
    assert.equal(0, e.amount:count())
    assert.equal(0, e.investor:nunique())
  end)

  it("refuse to sum strings, naming the column", function()
    assert.matches("bad self %(cannot sum string column 'investor'%)",
                   h.error_of(function() return t.investor:sum() end))
    assert.matches("cannot take the median of date column 'day'",
                   h.error_of(function() return t.day:median() end))
  end)
end)

describe("pivot", function()
  local t = qy.table{
    { name = "county", values = {"环县", "宁县", "环县", "环县", "西峰区", "宁县"} },
    { name = "q", values = {"2023Q2", "2023Q1", "2023Q2", "2023Q1", nil, "2023Q3", n = 6} },
    { name = "amount", type = "decimal(2)", values = {"1.50", "2.00", "0.25", nil, "4", "1", n = 6} },
  }

  it("makes one column per value, ascending, null last; empty cells null or fill", function()
    local p = t:pivot{ rows = "county", cols = "q", values = "amount" }
    assert.same({"county", "2023Q1", "2023Q2", "2023Q3", "null"}, p:names())
    assert.same({"null", "1.75", "null", "null"}, { p["2023Q1"]:text(1) or "null", p["2023Q2"]:text(1),
                                                    p["2023Q3"]:text(1) or "null", p.null:text(1) or "null" })
    local f = t:pivot{ rows = {"county"}, cols = "q", values = "amount", agg = "sum", fill = 0 }
    assert.same({"null", "0.00", "1.00"}, { f["2023Q1"]:text(1) or "null", f["2023Q2"]:text(2),
                                            f["2023Q3"]:text(2) })   -- a cell of nulls stays null
    local c = t:pivot{ rows = "county", cols = "q", agg = "count", fill = 0 }
    assert.same({1, 1, 0, n = 3}, values(c["2023Q1"]))
    assert.equal("int64", c["2023Q1"]:type())
  end)

  it("refuses too many columns and bad options", function()
    local function err(f) return (h.error_of(f):gsub("^[^:]+:%d+: ", "")) end
    assert.equal("bad argument #1 to 'pivot' (pivot would make 4 columns (more than 3))",
                 err(function() return t:pivot{ rows = "county", cols = "q", values = "amount", max_cols = 3 } end))
    assert.matches("bad argument #1 to 'pivot' %(unknown option 'value'%)",
                   err(function() return t:pivot{ rows = "county", cols = "q", value = "amount" } end))
    assert.matches("bad argument #1 to 'pivot' %(option 'values' is required%)",
                   err(function() return t:pivot{ rows = "county", cols = "q" } end))
    assert.matches("bad argument #1 to 'pivot' %(no column 'qq' %(did you mean 'q'%?%)%)",
                   err(function() return t:pivot{ rows = "county", cols = "qq", values = "amount" } end))
    assert.matches("bad argument #1 to 'pivot' %(option 'agg' must be one of count, sum",
                   err(function() return t:pivot{ cols = "q", values = "amount", agg = "avg" } end))
    assert.matches("bad argument #1 to 'pivot' %(fill must be of the cells' type %(decimal%(2%)%), not string%)",
                   err(function() return t:pivot{ cols = "q", values = "amount", fill = "x" } end))
    assert.matches("bad argument #1 to 'pivot' %(cannot sum string column 'county'%)",
                   err(function() return t:pivot{ cols = "q", values = "county" } end))
  end)

  it("turns 2023's projects into county × quarter, as a plain loop sums them", function()
    local P = qy.read_csv(h.path("data/projects.csv"))
    local keep, quarter, want = {}, {}, {}
    for i = 1, #P do
      local d = P.sign_date[i]
      keep[i] = d:sub(1, 4) == "2023"
      quarter[i] = d:sub(1, 4) .. "Q" .. ((tonumber(d:sub(6, 7)) - 1) // 3 + 1)
      if keep[i] then
        local key = P.county[i] .. "|" .. quarter[i]
        want[key] = (want[key] or 0) + cents(P.amount, i)
      end
    end
    local p23 = P:with{ q = qy.table{ q = quarter }.q }:filter(qy.table{ b = keep }.b)
    local wide = p23:pivot{ rows = "county", cols = "q", values = "amount", fill = 0 }
    assert.same({"county", "2023Q1", "2023Q2", "2023Q3"}, wide:names())
    assert.equal(8, #wide)
    local total = 0
    for r = 1, #wide do
      for _, q in ipairs{"2023Q1", "2023Q2", "2023Q3"} do
        local got = cents(wide[q], r)
        assert.equal(want[wide.county[r] .. "|" .. q] or 0, got)
        total = total + got
      end
    end
    assert.equal(127295, total)                 -- F2: 1272.95 signed in 2023
  end)
end)
