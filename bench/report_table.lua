-- bench/report_table.lua — issue 7's whole-report table and its targets, from the
-- measurements bench/run.sh took. Plain Lua 5.4, no timing of its own.
-- Usage: lua5.4 bench/report_table.lua ROWS MEASUREMENTS
-- MEASUREMENTS holds one line per fact, for the variants qylua_csv, qylua_cache,
-- duckdb and pandas:
--   run VARIANT SECONDS PEAK_KIB     one timed run (GNU time's %e and %M)
--   failed VARIANT MESSAGE           the variant could not run: its row reads n/a
--   digest VARIANT TEXT              the one line its report printed
-- Prints the medians (the lower one for an even count) of wall time and peak
-- memory with their ratios to DuckDB's, each target of issue 7 with "met" or
-- "not met", and whether the digests agree. A variant with no line is left out.

local VARIANTS = {
  {key = "qylua_csv",   label = "qylua from CSV"},
  {key = "qylua_cache", label = "qylua from cache"},
  {key = "duckdb",      label = "DuckDB from CSV"},
  {key = "pandas",      label = "pandas from CSV"},
}
local TARGET_ROWS_FOR_MEMORY = 10000000
local MEMORY_LIMIT_BYTES = 1.2e9            -- 1.2 GB

local function median(xs)
  local s = table.move(xs, 1, #xs, 1, {})
  table.sort(s)
  return s[(#s + 1) // 2]
end

-- variant key -> {walls = {...}, kibs = {...}, failure = text, digest = text}
local function read_measurements(path)
  local known, by = {}, {}
  for _, v in ipairs(VARIANTS) do known[v.key] = true end
  local f = assert(io.open(path, "rb"))
  local n = 0
  for line in f:lines() do
    n = n + 1
    local kind, key, rest = line:match("^(%S+) (%S+) ?(.*)$")
    if not known[key] then
      error(("%s:%d: unknown variant '%s'"):format(path, n, tostring(key)), 0)
    end
    local m = by[key] or {walls = {}, kibs = {}}
    by[key] = m
    if kind == "run" then
      local secs, kib = rest:match("^(%S+) (%d+)$")
      if not tonumber(secs) then error(("%s:%d: expected SECONDS PEAK_KIB"):format(path, n), 0) end
      m.walls[#m.walls + 1], m.kibs[#m.kibs + 1] = tonumber(secs), tonumber(kib)
    elseif kind == "failed" then
      m.failure = rest
    elseif kind == "digest" then
      m.digest = rest
    else
      error(("%s:%d: unknown line kind '%s'"):format(path, n, kind), 0)
    end
  end
  f:close()
  return by
end

-- {wall = seconds, kib = peak} of a variant that ran every time, else nil.
local function summary(m)
  if not m or m.failure or #m.walls == 0 then return nil end
  return {wall = median(m.walls), kib = median(m.kibs), runs = #m.walls}
end

local function ratio_text(a, b, fmt)
  if not a or not b then return "n/a" end
  return (fmt or "%.2f"):format(a / b)
end

local function print_table(rows, by, s)
  local duck = s.duckdb
  print(("whole report, %d rows: load the CSV, then group_county, pivot_quarter,"
         .. " filter_group, top10, dense_rank; one process per run, medians"):format(rows))
  local fmt = "%-18s %5s %9s %10s %13s %13s"
  print(fmt:format("variant", "runs", "wall s", "peak MiB", "wall/DuckDB", "peak/DuckDB"))
  for _, v in ipairs(VARIANTS) do
    local m, x = by[v.key], s[v.key]
    if x then
      print(fmt:format(v.label, x.runs, ("%.2f"):format(x.wall), x.kib // 1024,
        ratio_text(x.wall, duck and duck.wall), ratio_text(x.kib, duck and duck.kib)))
    elseif m then
      print(fmt:format(v.label, #m.walls, "n/a", "n/a", "n/a", "n/a"))
    end
  end
  for _, v in ipairs(VARIANTS) do
    local m = by[v.key]
    if m and m.failure then print(("%s could not run: %s"):format(v.label, m.failure)) end
  end
end

-- One target line: what, the measured value (text), and whether it is met (nil: n/a).
local function verdict(what, value, met)
  local word = met == nil and "not met (not measured)" or met and "met" or "not met"
  print(("  %-46s %-10s %s"):format(what, value, word))
end

local function print_targets(rows, s)
  local q, qc, duck = s.qylua_csv, s.qylua_cache, s.duckdb
  local function ratio(a, field, limit)
    if not a or not duck then return "n/a", nil end
    local r = a[field] / duck[field]
    return ("%.3f"):format(r), r <= limit
  end
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

local function print_agreement(by)
  local first, same, n = nil, true, 0
  for _, v in ipairs(VARIANTS) do
    local d = by[v.key] and by[v.key].digest
    if d then
      n = n + 1
      first = first or d
      same = same and d == first
    end
  end
  if n == 0 then return end
  if same then
    print(("answers agree (%d variants): %s"):format(n, first))
    return
  end
  print("answers DIFFER:")
  for _, v in ipairs(VARIANTS) do
    local d = by[v.key] and by[v.key].digest
    if d then print(("  %-18s %s"):format(v.label, d)) end
  end
end

local rows, path = math.tointeger(tonumber(arg[1])), arg[2]
if not rows or not path then
  io.stderr:write("usage: report_table.lua ROWS MEASUREMENTS\n")
  os.exit(2)
end
local ok, by = pcall(read_measurements, path)
if not ok then
  io.stderr:write("report_table.lua: ", tostring(by), "\n")
  os.exit(1)
end
local s = {}
for _, v in ipairs(VARIANTS) do s[v.key] = summary(by[v.key]) end
print_table(rows, by, s)
print_targets(rows, s)
print_agreement(by)
