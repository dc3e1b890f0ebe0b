-- bench/report_table.lua — issue 7's whole-report table and its targets, from the
-- measurements bench/run.sh took. Plain Lua 5.4, no timing of its own.
-- Usage: lua5.4 bench/report_table.lua ROWS MEASUREMENTS [unique]
-- MEASUREMENTS holds the lines bench/measurements.lua reads (run, failed, digest),
-- for the variants qylua_csv, qylua_cache, duckdb and pandas.
-- Prints the medians (the lower one for an even count) of wall time and peak
-- memory with their ratios to DuckDB's, each target with "met" or "not met",
-- and whether the digests agree. A variant with no line is left out. The
-- targets are issue 7's for the bench's ledger, issue 16's with "unique" (the
-- ledger whose ids and names are unique, bench/genledger.c).

local measurements = dofile((arg[0]:match("^(.*[/\\])") or "") .. "measurements.lua")
local ratio_text, verdict = measurements.ratio_text, measurements.verdict

local VARIANTS = {
  {key = "qylua_csv",   label = "qylua from CSV"},
  {key = "qylua_cache", label = "qylua from cache"},
  {key = "duckdb",      label = "DuckDB from CSV"},
  {key = "pandas",      label = "pandas from CSV"},
}
local TARGET_ROWS_FOR_MEMORY = 10000000
local MEMORY_LIMIT_BYTES = 1.2e9            -- 1.2 GB

local unique = arg[3] == "unique"
local LEDGER = unique and "ledger with unique ids and names" or "ledger"

local function print_table(rows, by, s)
  local duck = s.duckdb
  print(("whole report, %d rows, %s: load the CSV, then group_county, pivot_quarter,"
         .. " filter_group, top10, dense_rank; one process per run, medians"):format(rows, LEDGER))
  local fmt = "%-18s %5s %9s %10s %13s %13s"
  print(fmt:format("variant", "runs", "wall s", "peak MiB", "wall/DuckDB", "peak/DuckDB"))
  for _, v in ipairs(VARIANTS) do
    local m, x = by[v.key], s[v.key]
    if x then
      print(fmt:format(v.label, x.runs, ("%.3f"):format(x.wall), x.kib // 1024,
        ratio_text(x.wall, duck and duck.wall), ratio_text(x.kib, duck and duck.kib)))
    elseif m then
      print(fmt:format(v.label, #m.walls, "n/a", "n/a", "n/a", "n/a"))
    end
  end
  measurements.print_failures(by, VARIANTS)
end

local function ratio_against(duck)
  return function(a, field, limit)
    if not a or not duck then return "n/a", nil end
    local r = a[field] / duck[field]
    return ("%.3f"):format(r), r <= limit
  end
end

-- Issue 16's, on the ledger of unique ids and names: stricter at 1M rows.
local function print_unique_targets(rows, s)
  local q, qc, ratio = s.qylua_csv, s.qylua_cache, ratio_against(s.duckdb)
  local small = rows < TARGET_ROWS_FOR_MEMORY
  local csv, cache = small and 0.45 or 0.6, small and 0.03 or 0.05
  print("targets (issue 16), against DuckDB from CSV:")
  verdict(("qylua from CSV: wall <= %g x DuckDB's"):format(csv), ratio(q, "wall", csv))
  verdict(("qylua from cache: wall <= %g x DuckDB's"):format(cache), ratio(qc, "wall", cache))
  verdict("qylua from CSV: peak <= 0.4 x DuckDB's", ratio(q, "kib", 0.4))
  verdict("qylua from cache: peak <= 0.4 x DuckDB's", ratio(qc, "kib", 0.4))
end

local function print_targets(rows, s)
  if unique then return print_unique_targets(rows, s) end
  local q, qc = s.qylua_csv, s.qylua_cache
  local ratio = ratio_against(s.duckdb)
  print("targets (issue 7), against DuckDB from CSV:")
  verdict("qylua from CSV: wall <= 0.5 x DuckDB's", ratio(q, "wall", 0.5))
  verdict("qylua from CSV: peak <= 0.5 x DuckDB's", ratio(q, "kib", 0.5))
  verdict("qylua from cache: wall <= 0.05 x DuckDB's", ratio(qc, "wall", 0.05))
  local what = "10M rows in memory: qylua's peak < 1.2 GB"
  if rows ~= TARGET_ROWS_FOR_MEMORY then
    print(("  %-46s checked at 10M rows only"):format(what))
  elseif not q then
    verdict(what, "n/a", nil)
  else
    local bytes = q.kib * 1024
    verdict(what, ("%.2f GB"):format(bytes / 1e9), bytes < MEMORY_LIMIT_BYTES)
  end
end

local rows, by, s = measurements.main("report_table.lua", VARIANTS)
print_table(rows, by, s)
print_targets(rows, s)
measurements.print_agreement(by, VARIANTS)
