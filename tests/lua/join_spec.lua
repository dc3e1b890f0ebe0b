-- join_spec.lua — a:join(b, keys, { how = ... }): inner, left and anti joins,
-- the forms of keys, name clashes, empty sides, errors; and the 2023 plans
-- joined to funds totals computed in plain Lua from the ledgers.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function values(c) return c:totable() end

-- The message of f's error without the "file:line: " in front.
local function error_of(f) return (h.error_of(f):gsub("^[^:]*:%d+: ", "")) end

-- Every row as text, "null" for nulls: { "环县|1.50|30", ... }.
local function rows(t)
  local out = {}
  local names = t:names()
  for i = 1, #t do
    local cells = {}
    for k, name in ipairs(names) do cells[k] = t[name]:text(i) or "null" end
    out[i] = table.concat(cells, "|")
  end
  return out
end

-- Projects by county: duplicates, a null key, a county the plans lack.
local projects = qy.table{
  { name = "county", values = {"环县", "宁县", "环县", nil, "西峰区", "宁县", n = 6} },
  { name = "amount", type = "decimal(2)", values = {"1.50", "2.00", "0.25", "9.99", "3.00", "0.75"} } }
-- Plans with their own dictionary, other order, 环县 twice and a null.
local plans = qy.table{
  { name = "name", values = {"合水县", "宁县", "环县", nil, "环县", n = 5} },
  { name = "amount", values = {10, 20, 30, 40, 50} } }

describe("join", function()
  it("inner: a's rows in order, each once per match in b's order", function()
    local j = projects:join(plans, { county = "name" })
    assert.same({"county", "amount", "amount_2"}, j:names())
    assert.same({ "环县|1.50|30", "环县|1.50|50", "宁县|2.00|20", "环县|0.25|30", "环县|0.25|50",
                  "宁县|0.75|20" }, rows(j))
    assert.same(rows(j), rows(projects:join(plans, { county = "name" }, { how = "inner" })))
    assert.equal("decimal(2)", j.amount:type())
    assert.equal("int64", j.amount_2:type())
  end)

  it("left: unmatched rows and null keys kept with nulls", function()
    local j = projects:join(plans, { county = "name" }, { how = "left" })
    assert.same({ "环县|1.50|30", "环县|1.50|50", "宁县|2.00|20", "环县|0.25|30", "环县|0.25|50",
                  "null|9.99|null", "西峰区|3.00|null", "宁县|0.75|20" }, rows(j))
    assert.equal(2, j.amount_2:nulls())
  end)

  it("anti: the rows without a match, a's columns only", function()
    assert.same({ "null|9.99", "西峰区|3.00" },
                rows(projects:join(plans, { county = "name" }, { how = "anti" })))
    assert.same({ "合水县|10", "null|40" },
                rows(plans:join(projects, { name = "county" }, { how = "anti" })))
    assert.same({"name", "amount"}, plans:join(projects, { name = "county" }, { how = "anti" }):names())
  end)

  it("null keys never match, even each other", function()
    local a = qy.table{ k = {nil, nil, n = 2} }
    local b = qy.table{ k = {nil, "x", n = 2}, v = {1, 2} }
    assert.equal(0, #a:join(b, "k"))
    assert.same({ "null|null", "null|null" }, rows(a:join(b, "k", { how = "left" })))
    assert.equal(2, #a:join(b, "k", { how = "anti" }))
  end)

  it("matches decimals by value whatever their scale", function()
    local a = qy.table{ { name = "x", type = "decimal(2)", values = {"1.50", "2.00", "0.01"} } }
    local b = qy.table{ { name = "y", type = "decimal(4)", values = {"2.0000", "1.5", "0.0101"} },
                        { name = "tag", values = {"二", "一点五", "零"} } }
    assert.same({ "1.50|一点五", "2.00|二", "0.01|null" }, rows(a:join(b, { x = "y" }, { how = "left" })))
  end)

  it("joins on several keys, same-named, mapped or both", function()
    local a = qy.table{ { name = "county", values = {"环县", "环县", "宁县", "宁县"} },
                        { name = "year", values = {2022, 2023, 2023, nil, n = 4} } }
    local b = qy.table{ { name = "year", values = {2023, 2022, 2023} },
                        { name = "name", values = {"环县", "环县", "宁县"} },
                        { name = "target", type = "decimal(2)", values = {"62.87", "62.70", "23.67"} } }
    local j = a:join(b, { "year", county = "name" }, { how = "left" })
    assert.same({"county", "year", "target"}, j:names())
    assert.same({ "环县|2022|62.70", "环县|2023|62.87", "宁县|2023|23.67", "宁县|null|null" }, rows(j))
    local c = b:with{ county = b.name }
    assert.same(rows(j), rows(a:join(c:drop("name"), {"county", "year"}, { how = "left" })))
  end)

  it("suffixes b's clashing names _2, _3, ...", function()
    local a = qy.table{ { name = "k", values = {1} }, { name = "v", values = {2} },
                        { name = "v_2", values = {3} } }
    local b = qy.table{ { name = "v", values = {4} }, { name = "k", values = {1} },
                        { name = "v_2", values = {5} } }
    local j = a:join(b, "k")
    assert.same({"k", "v", "v_2", "v_3", "v_2_2"}, j:names())
    assert.same({ "1|2|3|4|5" }, rows(j))
  end)

  it("handles empty sides", function()
    local none = plans:head(0)
    assert.equal(0, #projects:join(none, { county = "name" }))
    assert.equal(6, #projects:join(none, { county = "name" }, { how = "left" }))
    assert.equal(6, #projects:join(none, { county = "name" }, { how = "anti" }))
    local j = projects:head(0):join(plans, { county = "name" }, { how = "left" })
    assert.same({"county", "amount", "amount_2"}, j:names())
    assert.equal(0, #j)
  end)

  it("names the argument and the columns in its errors", function()
    local b = qy.table{ code = {1, 2}, name = {"环县", "宁县"} }
    assert.equal("bad argument #2 to 'join' (cannot join county (string) with code (int64))",
                 error_of(function() return projects:join(b, { county = "code" }) end))
    assert.equal("bad argument #2 to 'join' (cannot join amount (decimal(2)) with amount (int64))",
                 error_of(function() return projects:join(plans, "amount") end))
    assert.equal("bad argument #2 to 'join' (no column 'conty' (did you mean 'county'?))",
                 error_of(function() return projects:join(b, { conty = "name" }) end))
    assert.equal("bad argument #2 to 'join' (the joined table has no column 'nme' (did you mean 'name'?))",
                 error_of(function() return projects:join(b, { county = "nme" }) end))
    assert.equal("bad argument #2 to 'join' (the joined table has no column 'county')",
                 error_of(function() return projects:join(b, "county") end))
    assert.equal("bad argument #3 to 'join' (option 'how' must be 'inner', 'left' or 'anti', not 'outer')",
                 error_of(function() return projects:join(b, { county = "name" }, { how = "outer" }) end))
    assert.equal("bad argument #3 to 'join' (unknown option 'hwo')",
                 error_of(function() return projects:join(b, { county = "name" }, { hwo = "left" }) end))
    assert.equal("bad argument #1 to 'join' (qy.table expected, got number)",
                 error_of(function() return projects:join(1, "county") end))
    assert.equal("bad argument #2 to 'join' (key column names expected)",
                 error_of(function() return projects:join(b, {}) end))
    assert.equal("bad argument #2 to 'join' (keys must be column names or { a_name = b_name })",
                 error_of(function() return projects:join(b, { county = 1 }) end))
    assert.equal("bad argument #2 to 'join' (key column names expected, got no value)",
                 error_of(function() return projects:join(b) end))
  end)
end)

describe("join on the ledgers", function()
  local P = qy.read_csv(h.path("data/projects.csv"))
  local F = qy.read_csv(h.path("data/funds.csv"))
  local T = qy.read_csv(h.path("data/targets.csv"))

  local function cents(c, i)
    local sign, int, frac = c:text(i):match("^(%-?)(%d+)%.(%d%d)$")
    local v = tonumber(int) * 100 + tonumber(frac)
    return sign == "-" and -v or v
  end
  local function money(v) return string.format("%d.%02d", v // 100, v % 100) end

  -- 2023 H1 funds per county, in plain Lua, as a qy.table of decimals.
  local county_of = {}
  for i = 1, #P do county_of[P.id[i]] = P.county[i] end
  local sum, order = {}, {}
  for i = 1, #F do
    if F.month[i] >= "2023-01" and F.month[i] <= "2023-06" then
      local c = county_of[F.project_id[i]]
      if not sum[c] then order[#order + 1] = c; sum[c] = 0 end
      sum[c] = sum[c] + cents(F.funds, i)
    end
  end
  local texts = {}
  for k, c in ipairs(order) do texts[k] = money(sum[c]) end
  local totals = qy.table{ { name = "county", values = order },
                           { name = "funds", type = "decimal(2)", values = texts } }

  local in2023 = {}
  for i = 1, #T do in2023[i] = T.year[i] == 2023 end
  local plans2023 = T:filter(qy.table{ b = in2023 }.b)

  it("gives each county's plan its funds and completion", function()
    local j = plans2023:join(totals, "county", { how = "left" })
    assert.same({"county", "year", "target", "funds"}, j:names())
    assert.same(values(plans2023.county), values(j.county))
    assert.equal(8, #j)
    assert.equal(0, j.funds:nulls())
    local plan, got = 0, 0
    for i = 1, #j do
      assert.equal(money(sum[j.county[i]]), j.funds:text(i))
      plan = plan + cents(j.target, i)
      got = got + cents(j.funds, i)
      -- completion in hundredths of a percent, rounded half up, in integers
      local pct = (cents(j.funds, i) * 10000 * 2 + cents(j.target, i)) // (2 * cents(j.target, i))
      local direct = (sum[j.county[i]] * 20000 + cents(j.target, i)) // (2 * cents(j.target, i))
      assert.equal(direct, pct)
    end
    assert.equal("500.00", money(plan))
    assert.equal("300.67", money(got))
    assert.equal("60.13", money((got * 20000 + plan) // (2 * plan)))
    -- 合水县 and 宁县 tie at 12.21 in the first half
    local by = {}
    for i = 1, #j do by[j.county[i]] = j.funds:text(i) end
    assert.equal("12.21", by["合水县"])
    assert.equal("12.21", by["宁县"])
  end)

  it("finds every funded county among the plans", function()
    assert.equal(0, #totals:join(plans2023, "county", { how = "anti" }))
    assert.equal(0, #T:join(totals, "county", { how = "anti" }))
    assert.equal(16, #T:join(totals, "county"))   -- 2022 and 2023 plans alike
  end)
end)
