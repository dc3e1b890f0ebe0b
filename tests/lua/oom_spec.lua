-- oom_spec.lua — running out of memory. For each operation, the engine's
-- C allocations (core/alloc.h) are made to fail from the 1st on, then from
-- the 2nd on, and so on (qy._fail_alloc_after), until the operation gets
-- through: every failure must be a Lua error saying "not enough memory" —
-- not a crash, not a "bad argument", not a wrong message — and afterwards
-- the same operation must give the right answer. Under `make asan` the run
-- under qylua also checks that no failure leaked (LeakSanitizer at exit).
-- Lua's own allocator is not qy's: tables and strings of Lua keep working.
local qy = require "qy"
local chart = require "qy.chart"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

-- Schema then every row as text, "null" for nulls: { "县区:string", ..., "西峰区|...", ... }.
local function rows(t)
  local out = {}
  local names = t:names()
  for k, s in ipairs(t:schema()) do out[k] = s.name .. ":" .. s.type end
  for i = 1, #t do
    local cells = {}
    for k, name in ipairs(names) do cells[k] = t:col(name):text(i) or "null" end
    out[#out + 1] = table.concat(cells, "|")
  end
  return out
end

-- Runs op with the Nth allocation failing for N = 0, 1, 2, ... until it
-- succeeds; checks each failure and that op still answers expected after
-- it. Returns how many N failed.
local function fail_each_allocation(op, expected)
  assert.same(expected, op())
  for n = 0, 100000 do
    qy._fail_alloc_after(n)
    local ok, result = pcall(op)
    qy._fail_alloc_after(-1)
    if ok then
      assert.same(expected, result)
      return n
    end
    local msg = tostring(result)
    if not msg:find("not enough memory", 1, true) or msg:find("bad argument", 1, true) then
      error(string.format("allocation %d: %s", n + 1, msg))
    end
    assert.same(expected, op())
  end
  error("the operation never got through")
end

-- A small ledger: CJK text, decimals, three forms of date, empty (null)
-- fields, a quoted line break and a quoted comma.
local LEDGER = table.concat({
  "县区,项目,金额,签约日期,类别",
  '西峰区,"风电\n一期",1272.95,2023-01-15,新建',
  "环县,光伏,0.10,2023/2/1,",
  "庆城县,,12.50,2023年3月2日,续建",
  "西峰区,储能,,2023-04-30,新建",
  "宁县,数据中心,300.67,,续建",
  '环县,"煤化工,二期",0.20,2023-06-30,新建',
}, "\n") .. "\n"

local LEDGER_ROWS = {
  "县区:string", "项目:string", "金额:decimal(2)", "签约日期:date", "类别:string",
  "西峰区|风电\n一期|1272.95|2023-01-15|新建",
  "环县|光伏|0.10|2023-02-01|null",
  "庆城县|null|12.50|2023-03-02|续建",
  "西峰区|储能|null|2023-04-30|新建",
  "宁县|数据中心|300.67|null|续建",
  "环县|煤化工,二期|0.20|2023-06-30|新建",
}

describe("every allocation failing in turn", function()
  local dir, path, ledger
  setup(function()
    dir = h.tmpdir()
    path = h.write(dir .. "/ledger.csv", LEDGER)
    ledger = qy.read_csv(path)
  end)
  teardown(function()
    qy._fail_alloc_after(-1)
    h.cleanup()
  end)

  it("qy.read_csv of a CJK ledger", function()
    local n = fail_each_allocation(function() return rows(qy.read_csv(path)) end, LEDGER_ROWS)
    assert.is_true(n > 50)
  end)

  it("qy.table", function()
    local n = fail_each_allocation(function()
      return rows(qy.table{ { name = "县区", values = {"西峰区", "环县", nil, n = 3} },
                            { name = "金额", type = "decimal(2)", values = {"1.25", 2, nil, n = 3} } })
    end, { "县区:string", "金额:decimal(2)", "西峰区|1.25", "环县|2.00", "null|null" })
    assert.is_true(n > 5)
  end)

  it("group_by and agg with every aggregate", function()
    local n = fail_each_allocation(function()
      return rows(ledger:group_by("县区"):agg{ n = qy.count(), s = qy.sum("金额"),
        avg = qy.mean("金额"), med = qy.median("金额"), lo = qy.min("签约日期"),
        hi = qy.max("项目"), k = qy.count_distinct("类别"), f = qy.first("项目") })
    end, {
      "县区:string", "avg:float64", "f:string", "hi:string", "k:int64", "lo:date", "med:float64",
      "n:int64", "s:decimal(2)",
      "西峰区|1272.95|风电\n一期|风电\n一期|1|2023-01-15|1272.95|2|1272.95",
      "环县|0.15|光伏|煤化工,二期|1|2023-02-01|0.15|2|0.30",
      "庆城县|12.5|null|null|1|2023-03-02|12.5|1|12.50",
      "宁县|300.67|数据中心|数据中心|1|null|300.67|1|300.67",
    })
    assert.is_true(n > 20)
  end)

  it("join, inner, left and anti, across two dictionaries", function()
    local people = qy.table{ ["县区"] = {"宁县", "环县", "西峰区", "环县"}, ["人口"] = {30, 20, 10, 40} }
    local n = fail_each_allocation(function()
      local inner = ledger:select("县区", "金额"):join(people, "县区")
      local left = ledger:select("县区", "金额"):join(people, "县区", { how = "left" })
      local anti = ledger:select("县区", "金额"):join(people, "县区", { how = "anti" })
      return { rows(inner), rows(left), rows(anti) }
    end, {
      { "县区:string", "金额:decimal(2)", "人口:int64", "西峰区|1272.95|10", "环县|0.10|20",
        "环县|0.10|40", "西峰区|null|10", "宁县|300.67|30", "环县|0.20|20", "环县|0.20|40" },
      { "县区:string", "金额:decimal(2)", "人口:int64", "西峰区|1272.95|10", "环县|0.10|20",
        "环县|0.10|40", "庆城县|12.50|null", "西峰区|null|10", "宁县|300.67|30", "环县|0.20|20",
        "环县|0.20|40" },
      { "县区:string", "金额:decimal(2)", "庆城县|12.50" },
    })
    assert.is_true(n > 40)
  end)

  it("pivot", function()
    local n = fail_each_allocation(function()
      return { rows(ledger:pivot{ rows = "县区", cols = "类别", values = "金额", agg = "sum", fill = 0 }),
               rows(ledger:pivot{ rows = {"县区"}, cols = "类别", agg = "count" }) }
    end, {
      { "县区:string", "新建:decimal(2)", "续建:decimal(2)", "null:decimal(2)",
        "西峰区|1272.95|0.00|0.00", "环县|0.20|0.00|0.10", "庆城县|0.00|12.50|0.00",
        "宁县|0.00|300.67|0.00" },
      { "县区:string", "新建:int64", "续建:int64", "null:int64",
        "西峰区|2|null|null", "环县|1|null|1", "庆城县|null|1|null", "宁县|null|1|null" },
    })
    assert.is_true(n > 30)
  end)

  it("sort, top and rank", function()
    local n = fail_each_allocation(function()
      local sorted = ledger:sort{ {"县区", "asc"}, {"金额", "desc"} }:select("县区", "金额")
      local top = ledger:top(2, "金额"):select("项目")
      local ranked = ledger:rank("金额", { desc = true, ties = "dense", by = "类别" })
      return { rows(sorted), rows(top), ranked:col("rank"):totable() }
    end, {
      { "县区:string", "金额:decimal(2)", "宁县|300.67", "庆城县|12.50", "环县|0.20",
        "环县|0.10", "西峰区|1272.95", "西峰区|null" },
      { "项目:string", "风电\n一期", "数据中心" },
      { 1, 1, 2, nil, 1, 2, n = 6 },
    })
    assert.is_true(n > 30)
  end)

  it("filter, with (windows too) and concat", function()
    local n = fail_each_allocation(function()
      local t = ledger:filter(ledger["金额"]:gt(0.15) & ledger["类别"]:notnull())
      t = t:select("县区", "金额"):with{ double = t["金额"] * 2, cum = qy.cumsum("金额"), tag = "甲" }
      return rows(qy.concat(t, t:head(1)))
    end, {
      "县区:string", "金额:decimal(2)", "cum:decimal(2)", "double:decimal(2)", "tag:string",
      "西峰区|1272.95|1272.95|2545.90|甲", "庆城县|12.50|1285.45|25.00|甲",
      "宁县|300.67|1586.12|601.34|甲", "环县|0.20|1586.32|0.40|甲", "西峰区|1272.95|1272.95|2545.90|甲",
    })
    assert.is_true(n > 30)
  end)

  it("a chart's data, from grouping to the files it writes (gnuplot stubbed)", function()
    -- qy.chart reads columns by c[i] and c:text(i), which allocate nothing in
    -- C: the failures come from the grouping and sorting that feed it.
    local real_gnuplot = qy._gnuplot
    finally(function() qy._gnuplot = real_gnuplot end)
    qy._gnuplot = function(script, out)      -- makes the image gnuplot would
      assert(script:find("\nset output\n", 1, true))   -- gnuplot draws to its stdout
      h.write(out, "")
      return true, ""
    end
    local n = fail_each_allocation(function()
      local g = ledger:group_by("县区"):agg{ s = qy.sum("金额"), n = qy.count() }:sort("s", "desc")
      chart.bar(g, { x = "县区", y = {"s", "n"}, out = dir .. "/bar.png", script = dir .. "/bar.gp" })
      return h.read(dir .. "/bar.tsv")
    end, "# row\ts\tn\n0\t1272.95\t2\n1\t300.67000000000002\t1\n2\t12.5\t1\n"
         .. "3\t0.29999999999999999\t2\n")
    assert.is_true(n > 20)
  end)
end)
