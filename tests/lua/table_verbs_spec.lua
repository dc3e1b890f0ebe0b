-- table_verbs_spec.lua — rename, labelled select, distinct, melt, describe,
-- sample, slice and rows: values with nulls, CJK names and values, empty
-- tables, and the exact text of every refusal.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

-- The message of f's error without the "file:line: " in front.
local function error_of(f) return (h.error_of(f):gsub("^[^:\n]*:%d+: ", "")) end

local function values(c) return c:totable() end

local function ledger()
  return qy.table{
    { name = "县区", values = {"环县", "宁县", "环县", nil, "宁县", n = 5} },
    { name = "到位资金(亿元)", type = "decimal(2)", values = {"1.50", "2.25", "1.50", nil, "0.05", n = 5} },
    { name = "target", values = {10, 20, 10, nil, 20, n = 5} } }
end

describe("rename", function()
  local t = ledger()

  it("renames in place and keeps the order and the values", function()
    local r = t:rename{ ["县区"] = "county", target = "目标" }
    assert.same({"county", "到位资金(亿元)", "目标"}, r:names())
    assert.same({"环县", "宁县", "环县", nil, "宁县", n = 5}, values(r.county))
    assert.equal("decimal(2)", r:col("到位资金(亿元)"):type())
    assert.same({"县区", "到位资金(亿元)", "target"}, t:names())   -- the input is unchanged
    assert.same(t:names(), t:rename{}:names())
  end)

  it("swaps names at once", function()
    local r = t:rename{ ["县区"] = "target", target = "县区" }
    assert.same({"target", "到位资金(亿元)", "县区"}, r:names())
    assert.equal("环县", r.target[1])
    assert.equal(10, r["县区"][1])
  end)

  it("refuses unknown names, clashes and non-strings", function()
    assert.equal("bad argument #1 to 'rename' (no column 'targt' (did you mean 'target'?))",
                 error_of(function() return t:rename{ targt = "x" } end))
    assert.equal("bad argument #1 to 'rename' (duplicate column name 'target')",
                 error_of(function() return t:rename{ ["县区"] = "target" } end))
    assert.equal("bad argument #1 to 'rename' (the new name of 'target' must be a string)",
                 error_of(function() return t:rename{ target = 1 } end))
    assert.equal("bad argument #1 to 'rename' (keys must be column names)",
                 error_of(function() return t:rename{ "x" } end))
    assert.equal("bad argument #1 to 'rename' (table expected, got string)",
                 error_of(function() return t:rename("x") end))
  end)
end)

describe("select with labels", function()
  local t = ledger()

  it("takes {label, source} pairs, names and columns, in order", function()
    local rank = qy.table{ r = {5, 4, 3, 2, 1} }.r
    local s = t:select{ {"county", "县区"}, {"funds", "到位资金(亿元)"}, "target", {"资金排名", rank} }
    assert.same({"county", "funds", "target", "资金排名"}, s:names())
    assert.same({"1.50", "2.25"}, { s.funds:text(1), s.funds:text(2) })
    assert.is_nil(s.funds[4])
    assert.same({5, 4, 3, 2, 1, n = 5}, values(s:col("资金排名")))
    assert.same({"county"}, t:select{ {"county", "县区"} }:names())
    assert.same({"a", "b"}, t:select{ {"a", "target"}, {"b", "target"} }:names())  -- one source twice
  end)

  it("keeps the plain forms", function()
    assert.same({"target", "县区"}, t:select("target", "县区"):names())
    assert.same({"target"}, t:select{"target"}:names())
  end)

  it("works on empty tables", function()
    local e = t:head(0):select{ {"c", "县区"} }
    assert.same({"c"}, e:names())
    assert.equal(0, #e)
  end)

  it("refuses repeated labels, unknown sources and columns of another length", function()
    assert.equal("bad argument #1 to 'select' (column 'a' named twice)",
                 error_of(function() return t:select{ {"a", "县区"}, {"a", "target"} } end))
    assert.equal("bad argument #1 to 'select' (column 'target' named twice)",
                 error_of(function() return t:select{ {"x", "县区"}, "target", "target" } end))
    assert.equal("bad argument #1 to 'select' (no column 'Target' (did you mean 'target'?))",
                 error_of(function() return t:select{ {"a", "Target"} } end))
    assert.equal("bad argument #1 to 'select' (column 'x' has 2 rows, the table has 5)",
                 error_of(function() return t:select{ {"x", qy.table{ v = {1, 2} }.v} } end))
    assert.equal("bad argument #1 to 'select' (entry 1 has no label)",
                 error_of(function() return t:select{ {1, "县区"} } end))
    assert.equal("bad argument #1 to 'select' (entry 2: the source must be a column name or a qy.column)",
                 error_of(function() return t:select{ "target", {"x", 3} } end))
    assert.equal("bad argument #1 to 'select' (entry 2 must be a column name or {label, source})",
                 error_of(function() return t:select{ {"x", "target"}, 3 } end))
  end)
end)

describe("distinct", function()
  local t = ledger()

  it("gives the distinct rows in order of first appearance, nulls equal", function()
    local d = t:distinct()
    assert.same(t:names(), d:names())
    assert.same({"环县", "宁县", nil, "宁县", n = 4}, values(d["县区"]))
    assert.same({"1.50", "2.25", "0.05"}, { d:col("到位资金(亿元)"):text(1), d:col("到位资金(亿元)"):text(2),
                                            d:col("到位资金(亿元)"):text(4) })
    local twice = qy.table{ { name = "k", values = {nil, nil, "a", n = 3} } }:distinct()
    assert.same({nil, "a", n = 2}, values(twice.k))
  end)

  it("of some columns: varargs or a list, in that order", function()
    assert.same({"环县", "宁县", nil, n = 3}, values(t:distinct("县区")["县区"]))
    local d = t:distinct{"target", "县区"}
    assert.same({"target", "县区"}, d:names())
    assert.same({10, 20, nil, n = 3}, values(d.target))
    assert.same({"target", "县区"}, t:distinct("target", "县区"):names())
  end)

  it("keeps every column of each first row with keep_all", function()
    local d = t:distinct("target", { keep_all = true })
    assert.same(t:names(), d:names())
    assert.same({"环县", "宁县", nil, n = 3}, values(d["县区"]))
    local zeros = qy.table{ { name = "x", type = "float64", values = {0.0, -0.0} } }:distinct()
    assert.same({"0", n = 1}, { zeros.x:text(1), n = #zeros })      -- -0 is 0, as in group_by
  end)

  it("takes an empty list as every column", function()
    assert.equal(4, #t:distinct({}, { keep_all = true }))
    assert.equal(4, #t:distinct{})
  end)

  it("works on empty tables", function()
    local d = t:head(0):distinct()
    assert.equal(0, #d)
    assert.same(t:names(), d:names())
  end)

  it("refuses unknown and repeated names and unknown options", function()
    assert.equal("bad argument #1 to 'distinct' (no column 'targe' (did you mean 'target'?))",
                 error_of(function() return t:distinct("targe") end))
    assert.equal("bad argument #1 to 'distinct' (column 'target' named twice)",
                 error_of(function() return t:distinct("target", "target") end))
    assert.equal("bad argument #1 to 'distinct' (unknown option 'keepall')",
                 error_of(function() return t:distinct{ keepall = true } end))
    assert.equal("bad argument #2 to 'distinct' (option 'keep_all' must be a boolean)",
                 error_of(function() return t:distinct("target", { keep_all = 1 }) end))
  end)
end)

describe("melt", function()
  local wide = qy.table{
    { name = "county", values = {"环县", "宁县", nil, n = 3} },
    { name = "2023Q1", type = "decimal(2)", values = {"1.50", nil, "0.25", n = 3} },
    { name = "2023Q2", values = {2, 3, nil, n = 3} },
    { name = "备注", values = {"新建", "续建", nil, n = 3} } }

  it("gives one row per input row and value column, row by row", function()
    local m = wide:melt{ id = {"county"}, values = {"2023Q1", "2023Q2"}, name = "variable", value = "value" }
    assert.same({"county", "variable", "value"}, m:names())
    assert.same({"环县", "环县", "宁县", "宁县", nil, nil, n = 6}, values(m.county))
    assert.same({"2023Q1", "2023Q2", "2023Q1", "2023Q2", "2023Q1", "2023Q2", n = 6}, values(m.variable))
    assert.equal("decimal(2)", m.value:type())          -- int64 meets decimal(2)
    local texts = {}
    for i = 1, #m do texts[i] = m.value:text(i) or "null" end
    assert.same({"1.50", "2.00", "null", "3.00", "0.25", "null"}, texts)
  end)

  it("defaults to every other column, 'variable' and 'value'", function()
    local m = wide:select("county", "备注"):melt{ id = "county" }
    assert.same({"county", "variable", "value"}, m:names())
    assert.same({"新建", "续建", nil, n = 3}, values(m.value))
    assert.same({"备注", "备注", "备注", n = 3}, values(m.variable))
    local all = wide:select("2023Q2"):melt()
    assert.same({"variable", "value"}, all:names())
    assert.same({2, 3, nil, n = 3}, values(all.value))
    local named = wide:melt{ id = "county", values = "备注", name = "项", value = "值" }
    assert.same({"county", "项", "值"}, named:names())
  end)

  it("melts an empty table to no rows", function()
    local m = wide:head(0):melt{ id = "county", values = {"2023Q1", "2023Q2"} }
    assert.equal(0, #m)
    assert.same({"county", "variable", "value"}, m:names())
    assert.equal("decimal(2)", m.value:type())
  end)

  it("refuses types that do not meet, clashes and bad options", function()
    assert.equal("bad argument #1 to 'melt' (value columns '2023Q1' (decimal(2)) and '备注' (string) "
                 .. "have different types)",
                 error_of(function() return wide:melt{ id = "county" } end))
    assert.equal("bad argument #1 to 'melt' (no column '2023Q3' (did you mean '2023Q1'?))",
                 error_of(function() return wide:melt{ values = {"2023Q3"} } end))
    assert.equal("bad argument #1 to 'melt' (column 'county' is both an id and a value)",
                 error_of(function() return wide:melt{ id = "county", values = {"county"} } end))
    assert.equal("bad argument #1 to 'melt' (column '备注' is given twice)",
                 error_of(function() return wide:melt{ values = {"备注", "备注"} } end))
    assert.equal("bad argument #1 to 'melt' (duplicate column name 'county')",
                 error_of(function() return wide:melt{ id = "county", values = "备注", name = "county" } end))
    assert.equal("bad argument #1 to 'melt' (no value columns to melt)",
                 error_of(function() return wide:melt{ values = {} } end))
    assert.equal("bad argument #1 to 'melt' (unknown option 'ids')",
                 error_of(function() return wide:melt{ ids = "county" } end))
    assert.equal("bad argument #1 to 'melt' (option 'name' must be a string)",
                 error_of(function() return wide:melt{ values = "备注", name = 1 } end))
    assert.equal("bad argument #1 to 'melt' (option 'id' must be a column name or a list of them)",
                 error_of(function() return wide:melt{ id = 1 } end))
  end)
end)

describe("describe", function()
  it("gives one row per column", function()
    local d = ledger():with{ day = qy.table{ { name = "d", type = "date",
                                               values = {"2023-06-30", nil, "2023-01-01", nil, nil, n = 5} } }.d }
                      :describe()
    assert.same({"column", "type", "count", "nulls", "distinct", "min", "max", "mean"}, d:names())
    assert.same({"县区", "到位资金(亿元)", "target", "day", n = 4}, values(d.column))
    assert.same({"string", "decimal(2)", "int64", "date", n = 4}, values(d.type))
    assert.same({4, 4, 4, 2, n = 4}, values(d.count))
    assert.same({1, 1, 1, 3, n = 4}, values(d.nulls))
    assert.same({2, 3, 2, 2, n = 4}, values(d:col("distinct")))   -- d.distinct is the method
    assert.same({"宁县", "0.05", "10", "2023-01-01", n = 4}, values(d.min))
    assert.same({"环县", "2.25", "20", "2023-06-30", n = 4}, values(d.max))
    assert.same({nil, 1.325, 15.0, nil, n = 4}, values(d.mean))
    assert.equal("float64", d.mean:type())
  end)

  it("works on empty and all-null columns", function()
    local d = ledger():head(0):describe()
    assert.same({0, 0, 0, n = 3}, values(d.count))
    assert.same({0, 0, 0, n = 3}, values(d:col("distinct")))
    assert.same({n = 3}, values(d.min))
    assert.same({n = 3}, values(d.mean))
    local nulls = qy.table{ { name = "x", type = "float64", values = {nil, nil, n = 2} } }:describe()
    assert.same({0, 2, 0}, { nulls.count[1], nulls.nulls[1], nulls:col("distinct")[1] })
    assert.is_nil(nulls.min[1])
    assert.equal(0, #qy.table{}:describe())
  end)
end)

describe("sample", function()
  local t = qy.table{ n = (function() local v = {} for i = 1, 100 do v[i] = i end return v end)() }

  it("draws n distinct rows in input order, the same for the same seed", function()
    assert.same({22, 49, 64, 94, 100, n = 5}, values(t:sample(5).n))           -- the default seed, 42
    assert.same(values(t:sample(5).n), values(t:sample(5, { seed = 42 }).n))
    assert.same({6, 24, 30, 36, 46, n = 5}, values(t:sample(5, { seed = 7 }).n))
    local s = values(t:sample(30, { seed = -3 }).n)
    assert.equal(30, s.n)
    for i = 2, s.n do assert.is_true(s[i - 1] < s[i]) end
  end)

  it("gives every row when n is at least the row count", function()
    assert.equal(100, #t:sample(1000))
    assert.equal(0, #t:sample(0))
    assert.equal(0, #t:head(0):sample(3))
  end)

  it("refuses negative sizes and bad seeds", function()
    assert.equal("bad argument #1 to 'sample' (sample size must not be negative)",
                 error_of(function() return t:sample(-1) end))
    assert.equal("bad argument #2 to 'sample' (option 'seed' must be an integer)",
                 error_of(function() return t:sample(2, { seed = 1.5 }) end))
    assert.equal("bad argument #2 to 'sample' (unknown option 'sed')",
                 error_of(function() return t:sample(2, { sed = 1 }) end))
    assert.equal("bad argument #1 to 'sample' (number expected, got no value)",
                 error_of(function() return t:sample() end))
  end)
end)

describe("slice", function()
  local t = qy.table{ v = {1, 2, 3, 4, 5} }
  local function sliced(...) return values(t:slice(...).v) end

  it("follows string.sub's rules", function()
    local s = "12345"
    for _, args in ipairs{ {1}, {2, 4}, {-3}, {-3, -2}, {0}, {0, 2}, {3, 100}, {-100, 2},
                           {4, 2}, {6}, {-100, -6}, {2, 0}, {math.mininteger, math.maxinteger} } do
      local want = {}
      for c in s:sub(table.unpack(args)):gmatch(".") do want[#want + 1] = tonumber(c) end
      want.n = #want
      assert.same(want, sliced(table.unpack(args)), table.concat(args, ", "))
    end
    assert.same({4, 5, n = 2}, sliced(-2))
    assert.equal(0, #qy.table{ v = {} }:slice(1))
  end)

  it("refuses what is no row number", function()
    assert.equal("bad argument #1 to 'slice' (number expected, got no value)",
                 error_of(function() return t:slice() end))
    assert.equal("bad argument #1 to 'slice' (number has no integer representation)",
                 error_of(function() return t:slice(1.5) end))
  end)
end)

describe("rows", function()
  it("iterates the rows as t[i] gives them", function()
    local t = ledger()
    local seen = {}
    for i, row in t:rows() do seen[i] = { row["县区"], row.target } end
    assert.same({ {"环县", 10}, {"宁县", 20}, {"环县", 10}, {}, {"宁县", 20} }, seen)
    for i, row in t:rows() do assert.same(t[i], row) end
    local n = 0
    for _ in t:head(0):rows() do n = n + 1 end
    assert.equal(0, n)
  end)
end)
