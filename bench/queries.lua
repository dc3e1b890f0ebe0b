-- bench/queries.lua — the benchmark's queries in qylua, beside bench/duckdb.mjs and
-- bench/pandas_queries.py. Usage: qylua bench/queries.lua LEDGER.csv RUNS OUTDIR
-- Loads the ledger with qy.read_csv first (not timed), then prints the median of
-- RUNS runs of each query as "time NAME MS" and writes its answer to
-- OUTDIR/NAME.csv for bench/check.lua. A query that cannot run (a verb missing)
-- prints "time NAME n/a" and the error as "error NAME: message".
local qy = require "qy"
local path, runs, outdir = arg[1], math.tointeger(tonumber(arg[2])), arg[3]
assert(path and runs and outdir, "usage: queries.lua LEDGER.csv RUNS OUTDIR")

local QUERIES = {  -- name, query, the columns written for the checker (nil: all)
  {"group_county", function(p)
    return p:group_by("county"):agg{ {"n", qy.count()}, {"amount", qy.sum("amount")},
                                     {"funds", qy.sum("funds")} }:sort("county")
  end},
  {"pivot_quarter", function(p)
    local d = p:filter(p.sign_date:year():eq(2023))
    return d:with{ q = d.sign_date:period("Q") }
            :pivot{ rows = "county", cols = "q", values = "amount", agg = "sum", fill = 0 }
  end},
  {"filter_group", function(p)
    -- qylua has no query planner: filter copies every column it is given, so
    -- take only the two the grouping reads (zero-copy), as DuckDB's planner does;
    -- and "year 2023" as a date range, which reads the dates once instead of
    -- making an int64 column of years (80 MB at 10M rows) to compare.
    local m = p.kind:eq("新建") & p.amount:ge(0.05)
            & p.sign_date:between("2023-01-01", "2023-12-31")
    return p:select("industry", "amount"):filter(m)
            :group_by("industry"):agg{ {"n", qy.count()}, {"amount", qy.sum("amount")} }
  end},
  {"top10", function(p)
    return p:top(10, "amount")
  end, {"id", "county", "amount"}},
  {"dense_rank", function(p)
    return p:group_by("county", "industry"):agg{ {"funds", qy.sum("funds")} }
            :rank("funds", { by = "county", desc = true, ties = "dense", as = "rank" })
  end},
  {"count_distinct", function(p)
    return p:group_by("county"):agg{ {"investors", qy.count_distinct("investor")} }
  end},
  {"sort", function(p)
    return p:sort{ {"county", "asc"}, {"amount", "desc"} }
  end, {"id"}},
}

local function median(xs)
  table.sort(xs)
  return xs[(#xs + 1) // 2]
end

local t0 = qy.clock()
local p = qy.read_csv(path)
print(("load %.1f"):format((qy.clock() - t0) * 1000))
for _, q in ipairs(QUERIES) do
  local name, query, columns = q[1], q[2], q[3]
  local times, result, err = {}, nil, nil
  for _ = 1, runs do
    result = nil
    collectgarbage("collect")                 -- the last run's result, outside the clock
    local start = qy.clock()
    local ok, r = pcall(query, p)
    if not ok then
      err = r
      break
    end
    times[#times + 1] = (qy.clock() - start) * 1000
    result = r
  end
  if err then
    print(("time %s n/a"):format(name))
    print(("error %s: %s"):format(name, tostring(err):gsub("\n.*", "")))
  else
    print(("time %s %.2f"):format(name, median(times)))
    if columns then result = result:select(table.unpack(columns)) end
    result:to_csv(outdir .. "/" .. name .. ".csv")
  end
  io.stdout:flush()
end
