-- sort_spec.lua — t:sort, t:top, t:rank.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function values(c) return c:totable() end

-- A deterministic generator, so a failure can be replayed.
local function generator(seed)
  return function(n)
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n + 1
  end
end

local projects = qy.table{
  { name = "id", values = {1, 2, 3, 4, 5, 6, 7} },
  { name = "county", values = {"环县", "宁县", "环县", nil, "宁县", "西峰区", "环县", n = 7} },
  { name = "funds", type = "decimal(2)",
    values = {"2.48", "0.18", "5.10", "1.00", nil, "5.10", "0.30", n = 7} },
}

describe("sort", function()
  it("orders by one key, ascending by default, stable, nulls last both ways", function()
    assert.same({2, 7, 4, 1, 3, 6, 5, n = 7}, values(projects:sort("funds").id))
    assert.same({2, 7, 4, 1, 3, 6, 5, n = 7}, values(projects:sort("funds", "asc").id))
    assert.same({3, 6, 1, 4, 7, 2, 5, n = 7}, values(projects:sort("funds", "desc").id))
    assert.same({"2.48", "0.18"}, {projects.funds:text(1), projects.funds:text(2)})  -- unchanged
  end)

  it("orders strings by their UTF-8 bytes", function()
    -- 宁 e5 ae 81 < 环 e7 8e af < 西 e8 a5 bf
    assert.same({2, 5, 1, 3, 7, 6, 4, n = 7}, values(projects:sort("county").id))
    assert.same({6, 1, 3, 7, 2, 5, 4, n = 7}, values(projects:sort("county", "desc").id))
    local t = qy.table{ s = {"b", "", "B", "ab", "庆阳", "a"} }
    assert.same({"", "B", "a", "ab", "b", "庆阳", n = 6}, values(t:sort("s").s))
  end)

  it("orders by several keys, in a list of {name, direction} or bare names", function()
    local s = projects:sort{ {"county", "asc"}, {"funds", "desc"} }
    assert.same({2, 5, 3, 1, 7, 6, 4, n = 7}, values(s.id))
    assert.same({"宁县", "宁县", "环县", "环县", "环县", "西峰区", nil, n = 7}, values(s.county))
    assert.same({2, 5, 7, 1, 3, 6, 4, n = 7}, values(projects:sort{ "county", "funds" }.id))
  end)

  it("orders decimals of several scales, negative ones and dates", function()
    local t = qy.table{
      { name = "d", type = "decimal(4)", values = {"0.0001", "-12.5", "3", "-0.0002", "12.4999"} },
      { name = "day", type = "date", values = {"2023-07-20", "2021-01-01", nil, "2023-01-01", "2022-12-31", n = 5} },
    }
    local d, texts = t:sort("d").d, {}
    for i = 1, #d do texts[i] = d:text(i) end
    assert.same({"-12.5000", "-0.0002", "0.0001", "3.0000", "12.4999"}, texts)
    assert.same({"2023-07-20", "2023-01-01", "2022-12-31", "2021-01-01", nil, n = 5},
                values(t:sort("day", "desc").day))
  end)

  it("agrees with table.sort on a few thousand random rows", function()
    local rand = generator(20230720)
    local n = 3000
    local ids, names, cents, ints = {}, {}, {}, {}
    for i = 1, n do
      ids[i] = i
      names[i] = rand(40) > 1 and ("县" .. rand(60)) or nil
      cents[i] = rand(20) > 1 and string.format("%d.%02d", rand(50) - 25, rand(100) - 1) or nil
      ints[i] = rand(5)
    end
    names.n, cents.n = n, n
    local t = qy.table{
      { name = "id", values = ids },
      { name = "name", values = names },
      { name = "amount", type = "decimal(2)", values = cents },
      { name = "k", values = ints },
    }
    local amount = {}
    for i = 1, n do amount[i] = cents[i] and t.amount[i] end
    -- nulls last whatever the direction; equal keys by row number
    local function cmp(a, b, desc)
      if a == b then return nil end
      if a == nil then return false end
      if b == nil then return true end
      if desc then return a > b end
      return a < b
    end
    local expected = {}
    for i = 1, n do expected[i] = i end
    table.sort(expected, function(x, y)
      local r = cmp(names[x], names[y], false)
      if r ~= nil then return r end
      r = cmp(amount[x], amount[y], true)
      if r ~= nil then return r end
      return x < y
    end)
    expected.n = n
    assert.same(expected, values(t:sort{ {"name", "asc"}, {"amount", "desc"} }.id))
    -- and the top rows by the same keys are its first rows
    for _, k in ipairs{0, 1, 10, 99, 400, 3000} do
      local top = t:top(k, { {"name", "asc"}, {"amount", "desc"} })
      local want = {n = k}
      for i = 1, k do want[i] = expected[i] end
      assert.same(want, values(top.id))
    end
  end)

  it("handles empty and one-row tables", function()
    local empty = qy.table{ { name = "x", type = "int64", values = {} } }
    assert.equal(0, #empty:sort("x"))
    assert.equal(0, #empty:top(5, "x"))
    local one = qy.table{ x = {42} }
    assert.same({42, n = 1}, values(one:sort("x", "desc").x))
    assert.same({42, n = 1}, values(one:top(3, "x").x))
  end)

  it("names bad columns, directions and keys", function()
    assert.matches("bad argument #1 to 'sort' %(no column 'fund' %(did you mean 'funds'%?%)%)",
                   h.error_of(function() return projects:sort("fund") end))
    assert.matches("bad argument #2 to 'sort' %(direction must be 'asc' or 'desc', not 'up'%)",
                   h.error_of(function() return projects:sort("funds", "up") end))
    assert.matches("bad argument #1 to 'sort' %(direction must be 'asc' or 'desc', not 'down'%)",
                   h.error_of(function() return projects:sort{ {"funds", "down"} } end))
    assert.matches("bad argument #1 to 'sort' %(no column 'conty' %(did you mean 'county'%?%)%)",
                   h.error_of(function() return projects:sort{ {"conty", "asc"} } end))
    assert.matches("bad argument #1 to 'sort' %(sort keys expected%)",
                   h.error_of(function() return projects:sort{} end))
    assert.matches("bad argument #1 to 'sort' %(column name or list of keys expected, got number%)",
                   h.error_of(function() return projects:sort(3) end))
    assert.matches("bad argument #1 to 'sort' %(key 1 must be a name or {name, direction}%)",
                   h.error_of(function() return projects:sort{ 3 } end))
  end)
end)

describe("top", function()
  it("gives the k largest rows, ties in input order", function()
    assert.same({3, 6, 1, n = 3}, values(projects:top(3, "funds").id))
    assert.same({2, 7, n = 2}, values(projects:top(2, "funds", "asc").id))
    assert.same({3, 6, 1, 4, 7, 2, 5, n = 7}, values(projects:top(100, "funds").id))
    assert.equal(0, #projects:top(0, "funds"))
    assert.same({6, 7, n = 2}, values(projects:top(2, { "county", {"funds", "asc"} }).id))
  end)

  it("is the first k rows of the stable descending sort", function()
    local rand = generator(7)
    local xs = {}
    for i = 1, 5000 do xs[i] = rand(300) end
    local ids = {}
    for i = 1, 5000 do ids[i] = i end
    local t = qy.table{ { name = "id", values = ids }, { name = "x", values = xs } }
    local sorted = values(t:sort("x", "desc").id)
    for _, k in ipairs{1, 7, 50, 600, 4999} do
      local want = {n = k}
      for i = 1, k do want[i] = sorted[i] end
      assert.same(want, values(t:top(k, "x").id))
    end
  end)

  it("refuses a negative k and bad keys", function()
    assert.matches("bad argument #1 to 'top' %(k must not be negative%)",
                   h.error_of(function() return projects:top(-1, "funds") end))
    assert.matches("bad argument #2 to 'top' %(no column 'amount'",
                   h.error_of(function() return projects:top(3, "amount") end))
    assert.matches("bad argument #2 to 'top' %(column name or list of keys expected, got no value%)",
                   h.error_of(function() return projects:top(3) end))
  end)
end)

-- The default column name "rank" is also a method name, so tests reach it with :col("rank").
describe("rank", function()
  local t = qy.table{ { name = "funds", type = "decimal(2)", values = {"10", "20", "20", "30"} } }

  it("ranks ties as min 1,2,2,4, dense 1,2,2,3 and row 1,2,3,4", function()
    assert.same({1, 2, 2, 4, n = 4}, values(t:rank("funds"):col("rank")))
    assert.same({1, 2, 2, 4, n = 4}, values(t:rank("funds", { ties = "min" }):col("rank")))
    assert.same({1, 2, 2, 3, n = 4}, values(t:rank("funds", { ties = "dense" }):col("rank")))
    assert.same({1, 2, 3, 4, n = 4}, values(t:rank("funds", { ties = "row" }):col("rank")))
    assert.same({4, 2, 2, 1, n = 4}, values(t:rank("funds", { desc = true }):col("rank")))
    assert.same({4, 2, 3, 1, n = 4}, values(t:rank("funds", { desc = true, ties = "row" }):col("rank")))
    assert.equal("int64", t:rank("funds"):col("rank"):type())
  end)

  it("names the column, replacing one of that name, and leaves t unchanged", function()
    local r = t:rank("funds", { as = "place" })
    assert.same({"funds", "place"}, r:names())
    assert.same({"funds"}, t:names())
    local again = r:rank("funds", { as = "place", desc = true, ties = "dense" })
    assert.same({"funds", "place"}, again:names())
    assert.same({3, 2, 2, 1, n = 4}, values(again.place))
  end)

  it("gives null values a null rank", function()
    local r = projects:rank("funds", { desc = true })
    assert.same({3, 6, 1, 4, nil, 1, 5, n = 7}, values(r:col("rank")))
  end)

  it("ranks within groups of one or several columns", function()
    local r = projects:rank("funds", { by = "county", desc = true, ties = "min" })
    assert.same({2, 1, 1, 1, nil, 1, 3, n = 7}, values(r:col("rank")))
    r = projects:rank("funds", { by = {"county"}, ties = "dense" })
    assert.same({2, 1, 3, 1, nil, 1, 1, n = 7}, values(r:col("rank")))
    local y = projects:with{ y = 2023 }:rank("funds", { by = {"county", "y"}, ties = "row" })
    assert.same({2, 1, 3, 1, nil, 1, 1, n = 7}, values(y:col("rank")))
  end)

  it("ranks the monthly funds of data/funds.csv within each month", function()
    local f = qy.read_csv(h.path("data/funds.csv"))
    local r = f:rank("funds", { by = "month", desc = true, ties = "min", as = "place" })
    local month, funds = values(f.month), values(f.funds)
    local by_month = {}
    for i = 1, #f do
      local m = by_month[month[i]] or {}
      by_month[month[i]] = m
      m[#m + 1] = funds[i]
    end
    local place = values(r.place)
    for i = 1, #f do
      local above = 0
      for _, v in ipairs(by_month[month[i]]) do
        if v > funds[i] then above = above + 1 end
      end
      assert.equal(above + 1, place[i])
    end
  end)

  it("handles empty and one-row tables", function()
    local empty = qy.table{ { name = "x", type = "int64", values = {} } }
    assert.equal(0, #empty:rank("x"):col("rank"))
    assert.same({1, n = 1}, values(qy.table{ x = {5} }:rank("x", { by = "x" }):col("rank")))
  end)

  it("names bad columns and options", function()
    assert.matches("bad argument #1 to 'rank' %(no column 'fund' %(did you mean 'funds'%?%)%)",
                   h.error_of(function() return t:rank("fund") end))
    assert.matches("bad argument #2 to 'rank' %(ties must be 'min', 'dense' or 'row', not 'first'%)",
                   h.error_of(function() return t:rank("funds", { ties = "first" }) end))
    assert.matches("bad argument #2 to 'rank' %(unknown option 'descending'%)",
                   h.error_of(function() return t:rank("funds", { descending = true }) end))
    assert.matches("bad argument #2 to 'rank' %(option 'desc' must be a boolean%)",
                   h.error_of(function() return t:rank("funds", { desc = "yes" }) end))
    assert.matches("bad argument #2 to 'rank' %(option 'as' must be a string%)",
                   h.error_of(function() return t:rank("funds", { as = 1 }) end))
    assert.matches("bad argument #2 to 'rank' %(no column 'conty' %(did you mean 'county'%?%)%)",
                   h.error_of(function() return projects:rank("funds", { by = "conty" }) end))
  end)
end)
