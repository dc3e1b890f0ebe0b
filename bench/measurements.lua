-- bench/measurements.lua — what bench/report_table.lua and bench/excel_table.lua
-- share: reading the measurements bench/run.sh took, their medians, and the lines
-- of a verdict and of the digests' agreement. Plain Lua 5.4; load it with dofile.
-- MEASUREMENTS holds one line per fact:
--   run VARIANT SECONDS PEAK_KIB     one timed run (GNU time's %e and %M)
--   failed VARIANT MESSAGE           the variant could not run: its row reads n/a
--   digest VARIANT TEXT              the one line its program printed
-- A variant is {key = "qylua_csv", label = "qylua from CSV"}.
local M = {}

function M.median(xs)  -- the lower one for an even count
  local s = table.move(xs, 1, #xs, 1, {})
  table.sort(s)
  return s[(#s + 1) // 2]
end

-- variant key -> {walls = {...}, kibs = {...}, failure = text, digest = text}, for
-- the variants given; any other variant, or a line of no known kind, is an error.
function M.read(path, variants)
  local known, by = {}, {}
  for _, v in ipairs(variants) do known[v.key] = true end
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

-- {wall = seconds, kib = peak, runs = n} of a variant that ran every time, else nil.
function M.summary(m)
  if not m or m.failure or #m.walls == 0 then return nil end
  return {wall = M.median(m.walls), kib = M.median(m.kibs), runs = #m.walls}
end

function M.ratio_text(a, b, fmt)
  if not a or not b then return "n/a" end
  return (fmt or "%.2f"):format(a / b)
end

-- One target line: what, the measured value (text), and whether it is met (nil: n/a).
function M.verdict(what, value, met)
  local word = met == nil and "not met (not measured)" or met and "met" or "not met"
  print(("  %-46s %-10s %s"):format(what, value, word))
end

-- "X could not run: MESSAGE" for each variant that failed.
function M.print_failures(by, variants)
  for _, v in ipairs(variants) do
    local m = by[v.key]
    if m and m.failure then print(("%s could not run: %s"):format(v.label, m.failure)) end
  end
end

-- Whether the digests of the variants that printed one are the same text.
function M.print_agreement(by, variants)
  local first, same, n = nil, true, 0
  for _, v in ipairs(variants) do
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
  for _, v in ipairs(variants) do
    local d = by[v.key] and by[v.key].digest
    if d then print(("  %-18s %s"):format(v.label, d)) end
  end
end

-- ROWS and MEASUREMENTS from the command line, read for the variants given, with
-- each variant's summary; on a bad command line or file, the message and exit.
function M.main(script, variants)
  local rows, path = math.tointeger(tonumber(arg[1])), arg[2]
  if not rows or not path then
    io.stderr:write(("usage: %s ROWS MEASUREMENTS\n"):format(script))
    os.exit(2)
  end
  local ok, by = pcall(M.read, path, variants)
  if not ok then
    io.stderr:write(script, ": ", tostring(by), "\n")
    os.exit(1)
  end
  local s = {}
  for _, v in ipairs(variants) do s[v.key] = M.summary(by[v.key]) end
  return rows, by, s
end

return M
