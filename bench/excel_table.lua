-- bench/excel_table.lua — issue 13's Excel read table and its targets, from the
-- measurements bench/run.sh took. Plain Lua 5.4, no timing of its own.
-- Usage: lua5.4 bench/excel_table.lua ROWS MEASUREMENTS
-- MEASUREMENTS holds the lines bench/measurements.lua reads (run, failed, digest),
-- for the variants qylua, pandas and libreoffice.
-- Prints the medians (the lower one for an even count) of wall time and peak
-- memory with their ratios to pandas's and to LibreOffice's, the two targets of
-- issue 13 with "met" or "not met", and whether the digests agree. A variant
-- with no line is left out.

local measurements = dofile((arg[0]:match("^(.*[/\\])") or "") .. "measurements.lua")
local ratio_text, verdict = measurements.ratio_text, measurements.verdict

local VARIANTS = {
  {key = "qylua",       label = "qylua read_excel"},
  {key = "pandas",      label = "pandas (openpyxl)"},
  {key = "libreoffice", label = "LibreOffice to CSV"},
}
local TARGET_ROWS = 1000000
local MAX_WALL_RATIO = 0.05   -- at least 20x faster than pandas
local MAX_PEAK_RATIO = 0.25

local function print_table(rows, by, s)
  local pandas, office = s.pandas, s.libreoffice
  print(("Excel read, %d rows x 13 columns: the first sheet into memory, its digest;"
         .. " one process per run, medians"):format(rows))
  local fmt = "%-18s %5s %9s %10s %12s %12s %17s %17s"
  print(fmt:format("variant", "runs", "wall s", "peak MiB", "wall/pandas", "peak/pandas",
    "wall/LibreOffice", "peak/LibreOffice"))
  for _, v in ipairs(VARIANTS) do
    local m, x = by[v.key], s[v.key]
    if x then
      print(fmt:format(v.label, x.runs, ("%.2f"):format(x.wall), x.kib // 1024,
        ratio_text(x.wall, pandas and pandas.wall), ratio_text(x.kib, pandas and pandas.kib),
        ratio_text(x.wall, office and office.wall), ratio_text(x.kib, office and office.kib)))
    elseif m then
      print(fmt:format(v.label, #m.walls, "n/a", "n/a", "n/a", "n/a", "n/a", "n/a"))
    end
  end
  measurements.print_failures(by, VARIANTS)
end

local function print_targets(rows, s)
  local q, pandas = s.qylua, s.pandas
  local function ratio(field, limit)
    if not q or not pandas then return "n/a", nil end
    local r = q[field] / pandas[field]
    return ("%.3f"):format(r), r <= limit
  end
  print(("targets (issue 13, for %d rows%s), against pandas:"):format(TARGET_ROWS,
    rows == TARGET_ROWS and "" or ("; here %d"):format(rows)))
  verdict("qylua: wall <= 0.05 x pandas's (20x faster)", ratio("wall", MAX_WALL_RATIO))
  verdict("qylua: peak <= 0.25 x pandas's", ratio("kib", MAX_PEAK_RATIO))
end

local rows, by, s = measurements.main("excel_table.lua", VARIANTS)
print_table(rows, by, s)
print_targets(rows, s)
measurements.print_agreement(by, VARIANTS)
