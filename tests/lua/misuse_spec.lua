-- misuse_spec.lua — every public function and method given what it should
-- not be given: wrong types, missing arguments, indices out of range,
-- columns of another table, collected parents, huge strings, a million
-- groups, ten thousand columns. Each gets a clear error naming the argument
-- or a correct answer — never a crash, a hang or a silent wrong result.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

-- The message of f's error without the "file:line: " in front.
local function error_of(f) return (h.error_of(f):gsub("^[^:\n]*:%d+: ", "")) end

local function new_ledger()
  return qy.table{
    { name = "county", values = {"环县", "宁县", "环县"} },
    { name = "amount", type = "decimal(2)", values = {"1.50", "2.00", nil, n = 3} },
    { name = "day", type = "date", values = {"2023-01-01", "2023-02-01", "2023-03-01"} } }
end

local t = new_ledger()
local other = qy.table{ x = {1, 2}, b = {true, false} }   -- two rows, not three

-- The methods behind t:name() and c:name() (the upvalue of __index).
local function methods_of(v)
  local _, methods = debug.getupvalue(getmetatable(v).__index, 1)
  return methods
end

local function sorted_keys(tbl)
  local keys = {}
  for k in pairs(tbl) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

describe("misuse: wrong self", function()
  it("every table method and metamethod refuses a number, a column and a collected table", function()
    local dead = new_ledger()
    getmetatable(dead).__gc(dead)             -- what collection does; a second run is harmless
    getmetatable(dead).__gc(dead)
    local methods = methods_of(t)
    assert.same({"agg", "col", "describe", "distinct", "drop", "filter", "group_by", "head", "join",
                 "melt", "names", "ncols", "nrows", "pivot", "print", "rank", "rename", "rows",
                 "sample", "schema", "select", "slice", "sort", "tail", "to_csv", "to_excel",
                 "to_markdown", "top", "with"}, sorted_keys(methods))
    for name, f in pairs(methods) do
      assert.equal("bad argument #1 to 'f' (qy.table expected, got number)",
                   error_of(function() return f(42) end), name)
      assert.equal("bad argument #1 to 'f' (qy.table expected, got qy.column)",
                   error_of(function() return f(t.county) end), name)
      assert.equal("bad argument #1 to 'f' (table was already collected)",
                   error_of(function() return f(dead, "county") end), name)
    end
    assert.equal("bad argument #1 to 'index' (table was already collected)",
                 error_of(function() return dead.county end))
    assert.equal("bad argument #1 to 'len' (table was already collected)",
                 error_of(function() return #dead end))
    assert.equal("bad argument #1 to '?' (table was already collected)",
                 error_of(function() return tostring(dead) end))
    assert.equal("bad argument #1 to 'join' (table was already collected)",
                 error_of(function() return t:join(dead, "county") end))
    assert.equal("bad argument #2 to 'concat' (table was already collected)",
                 error_of(function() return qy.concat(t, dead) end))
  end)

  it("every column method and metamethod refuses a number, a table and a collected column", function()
    local dead = t.amount
    getmetatable(dead).__gc(dead)
    getmetatable(dead).__gc(dead)
    local methods = methods_of(t.amount)
    assert.same({"add_days", "add_months", "between", "cast", "contains", "count", "day", "ends",
                 "eq", "fill_null", "format", "ge", "gt", "half", "isin", "isnull", "le", "len",
                 "lower", "lt", "map", "match", "max", "mean", "median", "min", "month", "name",
                 "ne", "notnull", "nulls", "nunique", "period", "period_label", "quarter",
                 "replace", "round", "shown", "split", "starts", "sub", "sum", "text", "totable",
                 "trim", "type", "upper", "weekday", "year"},
                sorted_keys(methods))
    for name, f in pairs(methods) do
      assert.equal("bad argument #1 to 'f' (qy.column expected, got number)",
                   error_of(function() return f(42, 1, 2) end), name)
      assert.equal("bad argument #1 to 'f' (qy.column expected, got qy.table)",
                   error_of(function() return f(t, 1, 2) end), name)
      assert.equal("bad argument #1 to 'f' (column was already collected)",
                   error_of(function() return f(dead, 1, 2) end), name)
    end
    for _, op in ipairs{"add", "sub", "mul", "div", "unm"} do
      local mm = getmetatable(t.amount)["__" .. op]
      assert.equal("bad argument #1 to 'mm' (column was already collected)",
                   error_of(function() return mm(dead, t.amount) end), op)
    end
    for _, op in ipairs{"band", "bor", "bnot"} do
      local mm = getmetatable(t.amount)["__" .. op]
      assert.equal("bad argument #1 to 'mm' (column was already collected)",
                   error_of(function() return mm(dead, t.amount) end), op)
      assert.equal("bad argument #2 to 'mm' (qy.column expected, got number)",
                   error_of(function() return mm(t.amount, 1) end), op)
    end
    assert.equal("bad argument #1 to 'index' (column was already collected)",
                 error_of(function() return dead[1] end))
    assert.equal("bad argument #1 to 'filter' (column was already collected)",
                 error_of(function() return t:filter(dead) end))
  end)

  it("a grouped table refuses another self", function()
    local agg = getmetatable(t:group_by("county")).__index.agg
    assert.equal("bad argument #1 to 'agg' (qy.grouped expected, got qy.table)",
                 error_of(function() return agg(t, {}) end))
  end)
end)

describe("misuse: the functions of qy", function()
  -- Each function called with nothing, and with a wrong first argument.
  local cases = {
    write = {"bad argument #1 to 'write' (qy.table expected, got no value)",
             "bad argument #1 to 'write' (qy.table expected, got table)"},
    table = {"bad argument #1 to 'table' (table expected, got no value)",
             "bad argument #1 to 'table' (expected a list of {name=, type=, values=})"},
    concat = {"bad argument #1 to 'concat' (a table expected)",
              "bad argument #1 to 'concat' (qy.table expected, got table)"},
    clock = {nil, nil},
    count = {nil, "bad argument #1 to 'count' (string expected, got table)"},
    _run = {"bad argument #1 to '_run' (table expected, got no value)",
            "bad argument #1 to '_run' (argv[1] is not a string)"},
    ratio = {"bad argument #1 to 'ratio' (value expected)",
             "bad argument #1 to 'ratio' (a number, string, boolean or nil expected, got table)"},
    coalesce = {"bad argument #1 to 'coalesce' (at least one column expected)",
                "bad argument #1 to 'coalesce' (at least one column expected)"},
    case = {"bad argument #1 to 'case' (table expected, got no value)",
            "bad argument #1 to 'case' (branch 1 is not a {mask, value} pair)"},
    _fail_alloc_after = {"bad argument #1 to '_fail_alloc_after' (number expected, got no value)",
                         "bad argument #1 to '_fail_alloc_after' (number expected, got table)"},
    days_between = {"bad argument #1 to 'days_between' (a date column or date string expected, got no value)",
                    "bad argument #1 to 'days_between' (a date column or date string expected, got table)"},
  }
  for _, name in ipairs{"read_csv", "read", "sum", "mean", "median", "min", "max",
                        "count_distinct", "first", "share", "cumsum", "lag", "pct_change",
                        "_gnuplot", "_mkdtemp", "_mkdir_p", "_rm_rf", "_zip_write", "write_text", "read_excel",
                        "excel_sheets", "write_excel", "date", "period_label", "concat_ws"} do
    cases[name] = {string.format("bad argument #1 to '%s' (string expected, got no value)", name),
                   string.format("bad argument #1 to '%s' (string expected, got table)", name)}
  end

  it("every function is listed here and refuses what it cannot take", function()
    assert.same(sorted_keys(cases), (function()
      local names = {}
      for k, v in pairs(qy) do if type(v) == "function" then names[#names + 1] = k end end
      table.sort(names)
      return names
    end)())
    for name, want in pairs(cases) do
      -- qy.name(...) written out, so the message names the function as a script would.
      local call = load("local qy = ... return qy." .. name .. "(select(2, ...))", "=call")
      if want[1] then assert.equal(want[1], error_of(function() return call(qy) end), name)
      else assert.is_true(pcall(call, qy), name) end
      if want[2] then
        assert.equal(want[2], error_of(function() return call(qy, { 1 }) end), name)
      end
    end
  end)

  it("refuses bad options with the option's name", function()
    local dir = h.tmpdir()
    finally(h.cleanup)
    local p = h.write(dir .. "/a.csv", "a\n1\n")
    local cases = {
      {function() return qy.read_csv(p, 1) end,
       "bad argument #2 to 'read_csv' (table expected, got number)"},
      {function() return qy.read_csv(p, { delim = 1 }) end,
       "bad argument #2 to 'read_csv' (option 'delim' must be a string)"},
      {function() return qy.read_csv(p, { on_ragged = "x" }) end,
       "bad argument #2 to 'read_csv' (option 'on_ragged' must be 'error', 'skip' or 'pad', not 'x')"},
      {function() return qy.read_csv(p, { on_ragged = 1 }) end,
       "bad argument #2 to 'read_csv' (option 'on_ragged' must be a string)"},
      {function() return t:to_csv(dir .. "/b.csv", { sep = ";" }) end,
       "bad argument #2 to 'to_csv' (unknown option 'sep')"},
      {function() return t:to_csv(dir .. "/b.csv", { delim = {} }) end,
       "bad argument #2 to 'to_csv' (option 'delim' must be one character)"},
      {function() return t:to_csv(dir .. "/b.csv", 5) end,
       "bad argument #2 to 'to_csv' (table expected, got number)"},
      {function() return t:join(t, "county", { how = 1 }) end,
       "bad argument #3 to 'join' (option 'how' must be 'inner', 'left' or 'anti', not '1')"},
      {function() return t:rank("amount", { by = 1 }) end,
       "bad argument #2 to 'rank' (option 'by' must be a column name or a list of them)"},
      {function() return t:pivot{ cols = "county", values = "amount", max_cols = 2^63 } end,
       "bad argument #1 to 'pivot' (option 'max_cols' must be a positive integer)"},
      {function() return t:pivot{ cols = "county", values = "amount", fill = "x" } end,
       "bad argument #1 to 'pivot' (fill must be of the cells' type (decimal(2)), not string)"},
      {function() return qy.cumsum("amount", 1) end,
       "bad argument #2 to 'cumsum' (table expected, got number)"},
    }
    for i, case in ipairs(cases) do assert.equal(case[2], error_of(case[1]), i) end
    assert.is_nil(io.open(dir .. "/b.csv"))                -- nothing written by a refused call
  end)
end)

describe("misuse: arguments", function()
  it("wrong types and missing arguments name the argument", function()
    local cases = {
      {function() return t:filter() end, "bad argument #1 to 'filter' (qy.column expected, got no value)"},
      {function() return t:filter(t.amount) end,
       "bad argument #1 to 'filter' (the mask must be a bool column, not decimal(2))"},
      {function() return t:select() end, "bad argument #1 to 'select' (column names expected)"},
      {function() return t:select{1} end, "bad argument #1 to 'select' (name 1 is not a string)"},
      {function() return t:select("amout") end,
       "bad argument #1 to 'select' (no column 'amout' (did you mean 'amount'?))"},
      {function() return t:select("amount", "amount") end,
       "bad argument #1 to 'select' (column 'amount' named twice)"},
      {function() return t:drop() end, "bad argument #1 to 'drop' (column names expected)"},
      {function() return t:with() end, "bad argument #1 to 'with' (table expected, got no value)"},
      {function() return t:with{ q = {} } end,
       "bad argument #1 to 'with' (bad value for column 'q': a column, a window or a scalar "
       .. "expected, got table)"},
      {function() return t:with{ q = coroutine.create(print) } end,
       "bad argument #1 to 'with' (bad value for column 'q': a column, a window or a scalar "
       .. "expected, got thread)"},
      {function() return t:join() end, "bad argument #1 to 'join' (qy.table expected, got no value)"},
      {function() return t:join(other) end,
       "bad argument #2 to 'join' (key column names expected, got no value)"},
      {function() return t:join(other, "county") end,
       "bad argument #2 to 'join' (the joined table has no column 'county')"},
      {function() return t:group_by() end, "bad argument #1 to 'group_by' (column names expected)"},
      {function() return t:group_by("county"):agg() end,
       "bad argument #1 to 'agg' (table expected, got no value)"},
      {function() return t:group_by("county"):agg{ n = 1 } end,
       "bad argument #1 to 'agg' ('n' is not an aggregate such as qy.sum(\"amount\"), got number)"},
      {function() return t:agg{ s = qy.sum("county") } end,
       "bad argument #1 to 'agg' (cannot sum string column 'county')"},
      {function() return t:pivot() end, "bad argument #1 to 'pivot' (table expected, got no value)"},
      {function() return t:pivot{} end, "bad argument #1 to 'pivot' (option 'cols' is required)"},
      {function() return t:sort() end,
       "bad argument #1 to 'sort' (column name or list of keys expected, got no value)"},
      {function() return t:sort("amount", "up") end,
       "bad argument #2 to 'sort' (direction must be 'asc' or 'desc', not 'up')"},
      {function() return t:sort{} end, "bad argument #1 to 'sort' (sort keys expected)"},
      {function() return t:top() end, "bad argument #1 to 'top' (number expected, got no value)"},
      {function() return t:rank() end, "bad argument #1 to 'rank' (string expected, got no value)"},
      {function() return t:head("x") end, "bad argument #1 to 'head' (number expected, got string)"},
      {function() return t:col() end, "bad argument #1 to 'col' (string expected, got no value)"},
      {function() return t:to_csv() end, "bad argument #1 to 'to_csv' (string expected, got no value)"},
      {function() return t[true] end, "bad argument #2 to 'index' (string expected, got boolean)"},
      {function() return t.nope end, "no column 'nope'"},
      {function() return t.amount.nope end, "column has no method 'nope'"},
      {function() return t.amount:text() end, "bad argument #1 to 'text' (number expected, got no value)"},
      {function() return t.amount + {} end,
       "bad argument #2 to 'add' (a number, string, boolean or nil expected, got table)"},
      {function() return t.county + 1 end, "county + 1: cannot add string and int64"},
      {function() return -t.county end, "-county: cannot negate string"},
      {function() return t.amount & 1 end, "bad argument #2 to 'band' (qy.column expected, got number)"},
      {function() return t.amount:eq() end, "bad argument #1 to 'eq' (value expected)"},
      {function() return t.amount:eq{} end,
       "bad argument #1 to 'eq' (a number, string, boolean or nil expected, got table)"},
      {function() return t.day:eq("x") end, "bad argument #1 to 'eq' ('x' is not a date)"},
      {function() return t.amount:between(1) end, "bad argument #2 to 'between' (value expected)"},
      {function() return t.amount:isin{ {} } end, "bad argument #1 to 'isin' (value 1 is a table)"},
      {function() return t.amount:contains("1") end,
       "calling 'contains' on bad self (contains needs a string column, not decimal(2))"},
      {function() return t.amount:period() end, "bad argument #1 to 'period' (string expected, got no value)"},
      {function() return qy.table{ x = {1}, y = {1, 2} } end,
       "bad argument #1 to 'table' (column 'y' has 2 values, 'x' has 1)"},
      {function() return qy.table{ x = {{}} } end, "column 'x': value 1 is a table"},
      {function() return qy.table{ x = {n = -1} } end,
       "column 'x': n must be a whole number from 0 to 2147483647, not -1"},
      {function() return qy.table{ x = {n = 2^40} } end,
       "column 'x': n must be a whole number from 0 to 2147483647, not 1099511627776.0"},
      {function() return qy.table{ x = {n = 1.5} } end,
       "column 'x': n must be a whole number from 0 to 2147483647, not 1.5"},
      {function() return qy.write(t) end, "bad argument #2 to 'write' (string expected, got no value)"},
    }
    for i, case in ipairs(cases) do assert.equal(case[2], error_of(case[1]), i) end
  end)

  it("extra arguments are ignored, as Lua's own functions do", function()
    assert.equal(3, t:nrows(1, 2, 3))
    assert.same({"county"}, t:select("county"):names())
  end)
end)

describe("misuse: indices out of range", function()
  local n = #t
  local huge = {0, -1, n + 1, math.maxinteger, math.mininteger}
  local not_integers = {0 / 0, 2^63, math.huge, -math.huge, 1.5}

  it("rows and cells out of range are nil", function()
    for _, i in ipairs(huge) do
      assert.is_nil(t[i], i)
      assert.is_nil(t.amount[i], i)
      assert.is_nil(t.amount:text(i), i)
      assert.is_nil(t.amount:shown(i), i)
    end
    assert.same({ county = "宁县", amount = 2, day = "2023-02-01" }, t[2])
  end)

  it("an index that is no integer is an error", function()
    for _, i in ipairs(not_integers) do
      local say = tostring(i)
      assert.equal("bad argument #2 to 'index' (number has no integer representation)",
                   error_of(function() return t[i] end), say)
      assert.equal("bad argument #2 to 'index' (number has no integer representation)",
                   error_of(function() return t.amount[i] end), say)
      assert.equal("bad argument #1 to 'text' (number has no integer representation)",
                   error_of(function() return t.amount:text(i) end), say)
      assert.equal("bad argument #1 to 'head' (number has no integer representation)",
                   error_of(function() return t:head(i) end), say)
      assert.equal("bad argument #1 to 'top' (number has no integer representation)",
                   error_of(function() return t:top(i, "amount") end), say)
      assert.equal("bad argument #2 to 'lag' (number has no integer representation)",
                   error_of(function() return qy.lag("amount", i) end), say)
    end
  end)

  it("counts: negative ones are refused, huge ones clamp", function()
    for _, k in ipairs{-1, math.mininteger} do
      assert.equal("bad argument #1 to 'head' (row count must not be negative)",
                   error_of(function() return t:head(k) end))
      assert.equal("bad argument #1 to 'tail' (row count must not be negative)",
                   error_of(function() return t:tail(k) end))
      assert.equal("bad argument #1 to 'top' (k must not be negative)",
                   error_of(function() return t:top(k, "amount") end))
      assert.equal("bad argument #1 to 'print' (row count must not be negative)",
                   error_of(function() return t:print(k) end))
      assert.equal("bad argument #2 to 'lag' (offset must be at least 1)",
                   error_of(function() return qy.lag("amount", k) end))
    end
    assert.equal("bad argument #2 to 'lag' (offset must be at least 1)",
                 error_of(function() return qy.lag("amount", 0) end))
    assert.equal(0, #t:head(0))
    assert.equal(3, #t:head(math.maxinteger))
    assert.same({"1.50", "2.00"}, { t:tail(math.maxinteger).amount:text(1), t:tail(3).amount:text(2) })
    assert.same({2, 1.5, nil, n = 3}, t:top(math.maxinteger, "amount").amount:totable())
    assert.same({n = 3}, t:with{ l = qy.lag("amount", math.maxinteger) }.l:totable())
    assert.equal("bad argument #1 to 'pivot' (pivot would make 2 columns (more than 1))",
                 error_of(function() return t:pivot{ cols = "county", values = "amount", max_cols = 1 } end))
  end)
end)

describe("misuse: columns of another table", function()
  it("of another length are refused, naming both lengths", function()
    local cases = {
      {function() return t:filter(other.b) end, "bad argument #1 to 'filter' (the mask has 2 rows, the table 3)"},
      {function() return t:with{ x = other.x } end,
       "bad argument #1 to 'with' (column 'x' has 2 rows, the table 3)"},
      {function() return t.amount + other.x end, "amount + x: columns of 3 and 2 rows"},
      {function() return other.x * t.amount end, "x * amount: columns of 2 and 3 rows"},
      {function() return t.amount:eq(other.x) end, "bad argument #1 to 'eq' (columns of 3 and 2 rows)"},
      {function() return other.b & t.amount:gt(1) end, "and of columns of 2 and 3 rows"},
      {function() return qy.concat(t, other) end, "bad argument #2 to 'concat' (the tables have different columns)"},
    }
    for i, case in ipairs(cases) do assert.equal(case[2], error_of(case[1]), i) end
  end)

  it("of the same length work: the mask is read row by row", function()
    local mask = qy.table{ keep = {true, false, true} }.keep
    assert.same({"环县", "环县", n = 2}, t:filter(mask).county:totable())
    assert.same({"a", "b", "c", n = 3}, t:with{ s = qy.table{ s = {"a", "b", "c"} }.s }.s:totable())
  end)
end)

describe("misuse: collected parents", function()
  it("a column outlives its table, with its values", function()
    local tt = new_ledger()
    local c, county, derived = tt.amount, tt:col("county"), tt.amount * 2
    local grouped = tt:group_by("county")
    tt = nil                                    -- luacheck: ignore
    collectgarbage()
    collectgarbage()
    assert.same({1.5, 2, nil, n = 3}, c:totable())
    assert.same({"1.50", "2.00"}, {c:text(1), c:text(2)})
    assert.equal("amount", c:name())
    assert.same({"环县", "宁县", "环县", n = 3}, county:totable())
    assert.same({3, 4, nil, n = 3}, derived:totable())
    assert.same({"环县", "宁县", n = 2}, grouped:agg{ n = qy.count() }.county:totable())
  end)

  it("a join, a filter and a sort outlive their inputs", function()
    local a, b = new_ledger(), qy.table{ county = {"环县"}, code = {621023} }
    local joined = a:join(b, "county")
    local sorted = a:sort("amount", "desc")
    local filtered = a:filter(a.county:eq("宁县"))
    a, b = nil, nil                             -- luacheck: ignore
    collectgarbage()
    collectgarbage()
    assert.same({621023, 621023, n = 2}, joined.code:totable())
    assert.same({2, 1.5, nil, n = 3}, sorted.amount:totable())
    assert.same({"宁县", n = 1}, filtered.county:totable())
  end)
end)

describe("misuse: huge strings", function()
  local big = string.rep("县", 3500000)           -- 10.5 MB
  it("a 10 MB value goes in, compares, prints, and round-trips through CSV", function()
    local dir = h.tmpdir()
    finally(h.cleanup)
    local s = qy.table{ s = {big, "x"} }
    assert.equal(big, s.s[1])
    assert.same({true, false, n = 2}, s.s:eq(big):totable())
    assert.same({true, false, n = 2}, s.s:contains(big:sub(1, 300)):totable())
    assert.equal(big, t:with{ k = big }.k[3])
    assert.equal(big, s:group_by("s"):agg{ n = qy.count() }.s[1])
    assert.is_true(#tostring(s) > 0)
    s:to_csv(dir .. "/big.csv")
    local back = qy.read_csv(dir .. "/big.csv")
    assert.equal(big, back.s[1])
    assert.equal("x", back.s[2])
  end)

  it("a 10 MB column name is found, refused when absent, and round-trips through CSV", function()
    local dir = h.tmpdir()
    finally(h.cleanup)
    local w = qy.table{ [big] = {1, 2} }
    assert.same({1, 2, n = 2}, w:col(big):totable())
    assert.same({1, 2, n = 2}, w[big]:totable())
    assert.equal(big, w:names()[1])
    local msg = error_of(function() return w:col(big .. "x") end)
    assert.equal("bad argument #1 to 'col' (no column '", msg:sub(1, 37))
    assert.equal(37 + #big + 3, #msg)
    w:to_csv(dir .. "/wide.csv")
    assert.same({1, 2, n = 2}, qy.read_csv(dir .. "/wide.csv"):col(big):totable())
  end)
end)

describe("misuse: sizes", function()
  it("groups 1M distinct keys, one row each, in order of first appearance", function()
    local keys = {}
    local n = 1000000
    for i = 1, n do keys[i] = n - i end
    local g = qy.table{ k = keys }:group_by("k"):agg{ c = qy.count(), s = qy.sum("k") }
    assert.equal(n, #g)
    assert.same({n - 1, 1, n - 1}, {g.k[1], g.c[1], g.s[1]})
    assert.same({0, 1, 0}, {g.k[n], g.c[n], g.s[n]})
    assert.equal(1, g.c:max())
    assert.equal(n * (n - 1) // 2, g.s:sum())
    assert.equal(n, g.k:nunique())
  end)

  it("a 10,000-column table builds, selects, writes CSV and reads back", function()
    local dir = h.tmpdir()
    finally(h.cleanup)
    local cols = {}
    for i = 1, 10000 do cols["c" .. i] = {i, -i} end
    local w = qy.table(cols)                      -- keyed: ordered by name
    assert.equal(10000, w:ncols())
    local names = w:names()
    assert.same({"c1", "c10", "c100"}, {names[1], names[2], names[3]})
    local reversed = {}
    for i = 1, #names do reversed[i] = names[#names + 1 - i] end
    local s = w:select(reversed)
    assert.equal(10000, s:ncols())
    assert.same({"c9999", "c9998"}, {s:names()[1], s:names()[2]})
    s:to_csv(dir .. "/wide.csv")
    local back = qy.read_csv(dir .. "/wide.csv")
    assert.same(s:names(), back:names())
    assert.same({4321, -4321, n = 2}, back.c4321:totable())
    assert.same({10000, -10000}, {back[1].c10000, back[2].c10000})
    assert.equal("bad argument #1 to 'select' (column 'c5' named twice)",
                 error_of(function() return w:select("c5", "c6", "c5") end))
  end)

  -- The binding numbers its stack slots from the arguments it takes: extra
  -- arguments once shifted them (a crash found by tests/fuzz_api).
  it("ignores extra arguments where it keeps names on the stack", function()
    local t = qy.table({ a = {1, 2} }, "extra", {})
    assert.same({"a"}, t:names())
    local w = t:with({ b = 5 }, "extra", {}, 3)
    assert.same({"a", "b"}, w:names())
    assert.equal(5, w.b[2])
    local o = t:with({ {"c", 7} }, 1, 2)
    assert.equal(7, o.c[1])
  end)
end)
