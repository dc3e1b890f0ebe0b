-- bench/queries.lua — the benchmark's queries in qylua, beside bench/duckdb.mjs and
-- bench/pandas_queries.py. Usage: qylua bench/queries.lua LEDGER.csv RUNS OUTDIR
-- Loads the ledger with qy.read_csv first (not timed), then prints the median of
-- RUNS runs of each query as "time NAME MS" and writes its answer to
-- OUTDIR/NAME.csv for bench/check.lua. A query that cannot run (a verb missing)
-- prints "time NAME n/a" and the error as "error NAME: message".
local qy = require "qy"
local path, runs, outdir = arg[1], math.tointeger(tonumber(arg[2])), arg[3]
assert(path and runs and outdir, "usage: queries.lua LEDGER.csv RUNS OUTDIR")

-- Beside this script: the queries, shared with bench/report.lua.
local QUERIES = dofile((arg[0]:match("^(.*[/\\])") or "") .. "ledger_queries.lua")

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
