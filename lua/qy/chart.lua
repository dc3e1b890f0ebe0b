-- qy.chart — report charts drawn by gnuplot (gnuplot-nox), straight from a table.
--
--   chart.bar(t, {x=, y= "col" or {"c1","c2"}, stacked=, horizontal=, out=, ...})
--   chart.line(t, {x=, y=, out=, ...})
--   chart.pie(t, {label=, value=, out=, ...})
-- Common options: out (.png, .svg or .pdf), title, xlabel, ylabel, width,
-- height (pixels), legend ("top right", "bottom", ..., or false), values
-- (value labels on bars; default on for at most 20 bars), source (a footnote
-- line), labels (a qy table like data/labels.csv, with `table` naming which
-- rows apply, or a plain {column = label} map), script (also write the
-- gnuplot script and its data there, to tweak and re-run by hand), timeout
-- (seconds gnuplot may take, default 60; then it is killed).
--
-- Safety: the data file holds numbers only; every text (titles, category and
-- series names, value labels, paths) reaches gnuplot through quote(), as a
-- string in which nothing is special and that is drawn as given; gnuplot
-- starts without a shell (qy._gnuplot) and draws with noenhanced text.
--
-- Values: a null is drawn as missing (no bar, a gap in a line, no slice);
-- NaN and infinities are errors naming the column, the row and its label.
-- Every error names the chart function and the caller's line (public()).
local qy = require "qy"

local M = {}

-- Dark and light alternate, so neighbouring series stay apart in grey.
local PALETTE = {"#1f4e79", "#f4a259", "#5b8e7d", "#c9d7e8", "#8c2f39", "#a8a8a8", "#3d3d3d", "#e9c46a"}

local TERMINALS = {
  png = function(w, h, font) return string.format("pngcairo size %d,%d font %s", w, h, font) end,
  svg = function(w, h, font) return string.format("svg size %d,%d font %s background rgb 'white'", w, h, font) end,
  pdf = function(w, h, font) return string.format("pdfcairo size %.2fin,%.2fin font %s", w / 100, h / 100, font) end,
}

-- A failure is a message without a position: public() adds the chart
-- function's name and the line that called it.
local function fail(msg) error(msg, 0) end

-- How a position in this file starts an error message: qy's C functions
-- (luaL_error) name the line here that called them.
local HERE = debug.getinfo(1, "S").short_src .. ":"

-- The chart function `name`: any error drawing raises, as a string, is
-- raised again as "qy.chart.NAME: ..." at the caller's line instead, however
-- deep in this module (or in qy) it was found.
local function public(name, draw)
  return function(t, opts)
    local ok, res = pcall(draw, t, opts)
    if ok then return res end
    if type(res) ~= "string" then error(res, 0) end
    if res:sub(1, #HERE) == HERE then res = res:sub(#HERE + 1):gsub("^%d+: ", "", 1) end
    error("qy.chart." .. name .. ": " .. res, 2)
  end
end

-- Text as it is drawn: a line break (LF, CR LF or CR) breaks the line and a
-- tab is a space. Other control characters and bytes that are not UTF-8
-- cannot be drawn (a control character cuts gnuplot's label short, one bad
-- byte turns the whole label into Latin-1): they show as \xNN (C1 controls
-- as \u00NN), as printed tables show them.
local function drawn(s)
  s = tostring(s):gsub("\r\n?", "\n"):gsub("\t", " ")
  local parts, i = {}, 1
  while i <= #s do
    local n, bad = utf8.len(s, i)
    if n then parts[#parts + 1] = s:sub(i); break end
    parts[#parts + 1] = s:sub(i, bad - 1) .. string.format("\\x%02X", s:byte(bad))
    i = bad + 1
  end
  return (table.concat(parts)
    :gsub("[%z\1-\8\11-\31\127]", function(c) return string.format("\\x%02X", c:byte()) end)
    :gsub("\194([\128-\159])", function(c) return string.format("\\u%04X", c:byte()) end))
end

-- The one way a string reaches gnuplot: a double-quoted string holding
-- exactly the bytes of s, in which every byte gnuplot could act on
-- (backquote, @, $, !, both quotes, backslash, control characters, so also
-- line breaks) is written as an octal escape \ooo. gnuplot expands
-- backquotes and macros on the raw line, before the escapes turn back into
-- text, so they stay text. (Single quotes cannot start a string with a
-- quote.) Paths go as they are; text to draw goes through quote().
local function literal(s)
  return '"' .. s:gsub("[%c\"\\`@$!']", function(c) return string.format("\\%03o", c:byte()) end) .. '"'
end

-- Text to draw, drawn(s), as a gnuplot string. gnuplot takes some texts for
-- formats (a tic label is printed with gprintf): for those (format set) %
-- is doubled, which gprintf prints as one %.
local function quote(s, format)
  s = drawn(s)
  if format then s = s:gsub("%%", "%%%%") end
  return literal(s)
end
M.quote = quote

local function has_cjk(s)
  return s:find("[\228-\233][\128-\191][\128-\191]") ~= nil
end

-- Display width of the widest line in half-width cells: CJK and other
-- 3-byte UTF-8 count 2.
local function width_of(s)
  local widest = 0
  for line in (s .. "\n"):gmatch("(.-)\n") do
    local w = 0
    for ch in line:gmatch("[%z\1-\127\194-\244][\128-\191]*") do w = w + (#ch >= 3 and 2 or 1) end
    widest = math.max(widest, w)
  end
  return widest
end

local font_family
-- A font with Chinese glyphs, by listing (fc-match may answer with a Latin
-- font); WenQuanYi Micro Hei first. false when none is installed.
local function cjk_font()
  if font_family ~= nil then return font_family end
  font_family = false
  local p = io.popen("fc-list :lang=zh family 2>/dev/null")
  if p then
    local families = {}
    for line in p:lines() do families[#families + 1] = line:match("^[^,]+") end
    p:close()
    table.sort(families)
    for _, f in ipairs(families) do
      if f == "WenQuanYi Micro Hei" then font_family = f end
    end
    if not font_family then
      for _, f in ipairs(families) do
        if f:find("WenQuanYi") then font_family = f; break end
      end
    end
    font_family = font_family or families[1] or false
  end
  return font_family
end

-- ---- reading the table ---------------------------------------------------

local function is_table(v)
  return type(v) == "userdata" and pcall(function() return v:names() end)
end

local function check_table(t)
  if not is_table(t) then fail("bad argument #1 (a qy table expected, got " .. type(t) .. ")") end
end

local function column(t, name, what)
  if type(name) ~= "string" then fail("option '" .. what .. "' must be a column name") end
  local ok, c = pcall(t.col, t, name)
  if not ok then fail(tostring(c):gsub("^.-%(", "("):gsub("^%((.*)%)$", "%1")) end
  return c
end

local NUMERIC = {int64 = true, float64 = true}
local function numeric_column(t, name, what)
  local c = column(t, name, what)
  local ty = c:type()
  if not (NUMERIC[ty] or ty:find("^decimal")) then
    fail("column '" .. name .. "' is " .. ty .. ", not a number (option '" .. what .. "')")
  end
  return c
end

-- Row i of c as the report prints it: decimals at the column's scale.
local function text_of(c, i)
  if c:type() == "float64" then
    local v = c[i]
    return v and string.format("%.6g", v)
  end
  return c:text(i)
end

local NONFINITE = {[math.huge] = "inf", [-math.huge] = "-inf"}

-- The values of the numeric column c (nil for a null, drawn as missing) and
-- their texts. NaN and infinities have no place on an axis: an error names
-- the column, the row and the row's category (cats[i]).
local function values_of(c, name, cats)
  local vals, texts = {}, {}
  for i = 1, #c do
    local v = c[i]
    if v and (v ~= v or NONFINITE[v]) then
      fail(string.format("column '%s' is %s at row %d ('%s'): a chart cannot draw it (make it null to leave it out)",
                         name, v ~= v and "NaN" or NONFINITE[v], i, cats[i]))
    end
    vals[i], texts[i] = v, text_of(c, i)
  end
  return vals, texts
end

-- { column = label } from opts.labels: a plain map, or a labels table
-- (columns table, column, label) whose rows for opts.table apply.
local function label_map(opts)
  local l = opts.labels
  if l == nil then return {} end
  if type(l) == "table" then return l end
  if not is_table(l) then fail("option 'labels' must be a table of labels") end
  local function labels_column(name)
    if not pcall(l.col, l, name) then fail("option 'labels': the labels table has no column '" .. name .. "'") end
    return l:col(name):totable()
  end
  local cols, labs = labels_column("column"), labels_column("label")
  local tabs = opts.table and labels_column("table")
  local map = {}
  for i = 1, cols.n do
    if cols[i] and labs[i] and (not tabs or tabs[i] == opts.table) and map[cols[i]] == nil then
      map[cols[i]] = labs[i]
    end
  end
  return map
end
M.label_map = label_map

-- ---- options -------------------------------------------------------------

local COMMON = {"out", "title", "xlabel", "ylabel", "width", "height", "legend", "values",
                "source", "labels", "table", "script", "timeout"}

local function check_options(opts, extra)
  if type(opts) ~= "table" then fail("options table expected") end
  local known = {}
  for _, k in ipairs(COMMON) do known[k] = true end
  for _, k in ipairs(extra) do known[k] = true end
  for k in pairs(opts) do
    if not known[k] then fail("unknown option '" .. tostring(k) .. "'") end
  end
end

local function check_path(path, what)
  if type(path) ~= "string" or path == "" then fail("option '" .. what .. "' must be a path") end
  if path:find("^%s*[|<]") then fail("option '" .. what .. "' must not start with '|' or '<': " .. path) end
  if path:find("[\r\n%z]") then fail("option '" .. what .. "' must not hold a line break") end
end

local LEGEND_WORDS = {top = true, bottom = true, left = true, right = true, center = true,
                      outside = true, inside = true, horizontal = true, vertical = true,
                      above = true, below = true}

local function legend_setting(legend, nseries, default)
  if legend == false or legend == "off" then return "unset key" end
  if legend == nil then
    return nseries > 1 and "set key " .. default or "unset key"
  end
  if type(legend) ~= "string" then fail("option 'legend' must be a position such as 'top right'") end
  for w in legend:gmatch("%S+") do
    if not LEGEND_WORDS[w] then fail("option 'legend': unknown position '" .. w .. "'") end
  end
  return "set key " .. legend
end

local function size_of(opts)
  local w, h = opts.width or 900, opts.height or 540
  if math.type(w) ~= "integer" or math.type(h) ~= "integer" or w < 100 or h < 100 or w > 10000 or h > 10000 then
    fail("options 'width' and 'height' must be whole pixels from 100 to 10000")
  end
  return w, h
end

-- nil (qy._gnuplot's default, 60 s) or seconds above zero.
local function timeout_of(opts)
  local s = opts.timeout
  if s ~= nil and (type(s) ~= "number" or not (s > 0)) then
    fail("option 'timeout' must be a number of seconds above zero")
  end
  return s
end

-- ---- writing and running -------------------------------------------------

local function dirname(path) return path:match("^(.*)/[^/]*$") or "." end

-- Draws: spec.lines(paths) gives the gnuplot commands after the terminal
-- setup, for paths.data (the data file) and paths.out (the image).
local function render(fn, opts, spec)
  local out = opts.out
  check_path(out, "out")
  local ext = out:match("%.(%w+)$")
  ext = ext and ext:lower()
  if not TERMINALS[ext] then fail("option 'out' must end in .png, .svg or .pdf: " .. out) end
  if opts.script ~= nil then check_path(opts.script, "script") end
  local timeout = timeout_of(opts)
  local font = cjk_font()
  if not font then
    for _, s in ipairs(spec.texts) do
      if has_cjk(s) then
        fail("no Chinese font installed (install fonts-wqy-microhei), so '" .. s .. "' cannot be drawn")
      end
    end
  end
  local w, h = size_of(opts)
  local fontspec = literal((font or "sans") .. "," .. (spec.fontsize or 11))
  -- A "NaN" in the data (a null) makes its point undefined: no bar, and a
  -- gap in a line.
  local function script(paths)
    local lines = {
      "# qy.chart." .. fn,
      "set encoding utf8",
      "set terminal " .. TERMINALS[ext](w, h, fontspec),
      "set termoption noenhanced",
      paths.out and "set output " .. literal(paths.out) or "set output",
      "set datafile separator tab",
    }
    if opts.title then lines[#lines + 1] = "set title " .. quote(opts.title) .. " font ',14'" end
    if opts.source then
      lines[#lines + 1] = "set bmargin " .. (spec.bmargin or 4) + 2
      lines[#lines + 1] = "set label 999 " .. quote(opts.source) .. " at screen 0.01, screen 0.025 left font ',9' textcolor rgb '#555555'"
    elseif spec.bmargin then
      lines[#lines + 1] = "set bmargin " .. spec.bmargin
    end
    for _, l in ipairs(spec.lines(paths)) do lines[#lines + 1] = l end
    lines[#lines + 1] = "set output"
    return table.concat(lines, "\n") .. "\n"
  end

  -- Every file is written all or nothing (qy.write_text, and qy._gnuplot
  -- for the image, which gnuplot sends to its stdout: gnuplot itself
  -- ignores a failed write), the script before the image.
  local dir = qy._mkdtemp((os.getenv("TMPDIR") or "/tmp") .. "/qychart")
  local data = dir .. "/data.tsv"
  local ok, err = pcall(function()
    qy.write_text(data, spec.data)
    if opts.script then
      qy._mkdir_p(dirname(opts.script))
      local sdata = opts.script:gsub("%.[^./]*$", "") .. ".tsv"
      if sdata == opts.script then sdata = opts.script .. ".tsv" end
      qy.write_text(sdata, spec.data)
      qy.write_text(opts.script, script{data = sdata, out = out})
    end
    qy._mkdir_p(dirname(out))
    return qy._gnuplot(script{data = data}, out, timeout)
  end)
  os.remove(data)
  os.remove(dir)
  if not ok then error(err, 0) end
  return out
end

-- ---- the data of a chart -------------------------------------------------

local function num(v)
  if v == nil then return "NaN" end
  return string.format("%.17g", v)
end

-- Rows of numbers, tab-separated: the row number (from 0) then each value.
local function data_text(series, n)
  local rows = {}
  for i = 1, n do
    local r = {tostring(i - 1)}
    for k, s in ipairs(series) do r[k + 1] = num(s.values[i]) end
    rows[i] = table.concat(r, "\t")
  end
  return "# row\t" .. (function()
    local names = {}
    for k, s in ipairs(series) do names[k] = s.name:gsub("[\t\r\n]", " ") end
    return table.concat(names, "\t")
  end)() .. "\n" .. table.concat(rows, "\n") .. "\n"
end

local function y_names(y)
  if type(y) == "string" then return {y} end
  if type(y) ~= "table" or #y == 0 then fail("option 'y' must be a column name or a list of them") end
  return y
end

-- The x categories (their text) and the y series of t.
local function read_xy(t, opts)
  check_table(t)
  if #t == 0 then fail("the table is empty: nothing to draw") end
  local xc = column(t, opts.x, "x")
  local labels = label_map(opts)
  local cats = {}
  for i = 1, #t do cats[i] = xc:text(i) or "(空)" end
  local series = {}
  for k, name in ipairs(y_names(opts.y)) do
    local c = numeric_column(t, name, "y")
    local vals, texts = values_of(c, name, cats)
    series[k] = {name = labels[name] or name, values = vals, texts = texts}
  end
  return cats, series, labels[opts.x] or opts.x, xc
end

local function texts_of(opts, cats, series)
  local texts = {opts.title, opts.xlabel, opts.ylabel, opts.source}
  local out = {}
  for _, s in pairs(texts) do out[#out + 1] = tostring(s) end
  for _, c in ipairs(cats) do out[#out + 1] = c end
  for _, s in ipairs(series) do out[#out + 1] = s.name end
  return out
end

-- xlabel names the categories, ylabel the values, whichever way bars run;
-- a horizontal chart's category names speak for themselves.
local function common_axes(lines, opts, xname, yname, horizontal)
  local cat = opts.xlabel
  if cat == nil and not horizontal then cat = xname end
  local val = opts.ylabel
  if val == nil then val = yname end
  if horizontal then cat, val = val, cat end
  if cat then lines[#lines + 1] = "set xlabel " .. quote(cat) end
  if val then lines[#lines + 1] = "set ylabel " .. quote(val) end
  lines[#lines + 1] = "set border 3 lc rgb '#444444'"
  lines[#lines + 1] = "set tics nomirror out scale 0.5"
end

-- The tic list "('a' 0, 'b' 1, ...)" putting every step-th category i at
-- position pos(i). gnuplot prints a tic label as a format.
local function tic_list(cats, pos, step)
  local items = {}
  for i = 1, #cats, step or 1 do items[#items + 1] = quote(cats[i], "format") .. " " .. pos(i) end
  return "(" .. table.concat(items, ", ") .. ")"
end

-- The range of the value axis over rows 1..n: always includes zero.
local function value_range(series, n, stacked)
  local lo, hi = 0, 0
  for i = 1, n do
    local sum = 0
    for _, s in ipairs(series) do
      local v = s.values[i]
      if v then
        if stacked then sum = sum + v; v = sum end
        lo, hi = math.min(lo, v), math.max(hi, v)
      end
    end
  end
  if lo == 0 and hi == 0 then hi = 1 end
  local pad = (hi - lo) * 0.08
  return lo < 0 and lo - pad or 0, hi > 0 and hi + pad or 0
end

-- ---- bar -------------------------------------------------------------------

M.bar = public("bar", function(t, opts)
  check_options(opts, {"x", "y", "stacked", "horizontal"})
  local cats, series, xname = read_xy(t, opts)
  local n, k = #cats, #series
  local stacked, horizontal = opts.stacked and k > 1, opts.horizontal
  if stacked then
    for _, s in ipairs(series) do
      for i = 1, n do
        if s.values[i] and s.values[i] < 0 then fail("stacked bars need values of at least zero; '" .. s.name .. "' has " .. s.texts[i]) end
      end
    end
  end
  local nbars = stacked and n or n * k
  local show_values = opts.values
  if show_values == nil then show_values = nbars <= 20 end
  local lo, hi = value_range(series, n, stacked)
  local yname = k == 1 and series[1].name or nil
  local key = legend_setting(opts.legend, k, "top right")
  -- Category i sits at i-1 (vertical) or n-i (horizontal: the first row on top).
  local function at(i) return horizontal and n - i or i - 1 end
  local slot = stacked and 1 or k
  local bw = 0.8 / slot
  local function offset(j)              -- series j's shift within its category
    if stacked then return 0 end
    local o = (j - (k + 1) / 2) * bw
    return horizontal and -o or o     -- horizontal: the first series on top
  end

  -- Stacked bars are drawn as their running totals, the last series first;
  -- a null adds nothing, and a category whose values are all null has no
  -- total.
  local data_series, has_total = series, {}
  if stacked then
    data_series = {}
    local sums = {}
    for j, s in ipairs(series) do
      local v = {}
      for i = 1, n do
        sums[i] = (sums[i] or 0) + (s.values[i] or 0)
        v[i] = sums[i]
        has_total[i] = has_total[i] or s.values[i] ~= nil
      end
      data_series[j] = {name = s.name, values = v}
    end
  end
  -- The data file holds rows in drawing order: row r is category r+1.
  local data = data_text(data_series, n)

  local maxw = 0
  for _, c in ipairs(cats) do maxw = math.max(maxw, width_of(drawn(c))) end
  local w = size_of(opts)
  local room = (w - 160) / n / 7.5    -- half-width cells per category at 11pt
  local rotate = not horizontal and maxw > room
  local spec = {texts = texts_of(opts, cats, series), bmargin = rotate and math.min(12, math.ceil(maxw / 2.2) + 2) or nil}
  spec.data = data
  spec.lines = function(paths)
    local L = {}
    common_axes(L, opts, xname, yname, horizontal)
    L[#L + 1] = key
    L[#L + 1] = "set style fill solid 1.0 noborder"
    local tics = tic_list(cats, at)
    local range = string.format("[%s:%s]", num(lo), num(hi))
    local crange = string.format("[%g:%g]", -0.6, n - 0.4)
    if horizontal then
      L[#L + 1] = "set ytics " .. tics .. " scale 0"
      L[#L + 1] = "set xrange " .. range
      L[#L + 1] = "set yrange " .. crange
      L[#L + 1] = "set grid xtics lc rgb '#dddddd' lw 1"
      L[#L + 1] = string.format("set lmargin %d", math.min(40, maxw + 3))   -- room for the names
    else
      L[#L + 1] = "set xtics " .. tics .. " scale 0" .. (rotate and " rotate by 45 right" or "")
      -- a rotated first name reaches left of the axis
      if rotate then L[#L + 1] = string.format("set lmargin %d", math.max(10, math.min(30, math.ceil(width_of(drawn(cats[1])) * 0.72)))) end
      L[#L + 1] = "set yrange " .. range
      L[#L + 1] = "set xrange " .. crange
      L[#L + 1] = "set grid ytics lc rgb '#dddddd' lw 1"
    end
    if lo < 0 then L[#L + 1] = horizontal and "set x2zeroaxis lt -1" or "set xzeroaxis lt -1" end
    -- Value labels: the column's own text at the end of each bar.
    local tag = 1
    if show_values then
      for j, s in ipairs(series) do
        if stacked and j < k then goto next_series end
        for i = 1, n do
          local v = stacked and data_series[k].values[i] or s.values[i]
          local text = stacked and nil or s.texts[i]
          if stacked and has_total[i] then
            -- the total, at the column's decimals (the widest of the series)
            local dec = 0
            for _, ss in ipairs(series) do
              local d = (ss.texts[i] or ""):match("%.(%d+)$")
              dec = math.max(dec, d and #d or 0)
            end
            text = string.format("%." .. dec .. "f", v)
          end
          if v and text then
            local pos = at(i) + offset(j)
            local where = horizontal
              and string.format("at %s, %s left offset 0.5,0", num(v), num(pos))
              or string.format("at %s, %s center offset 0,%s", num(pos), num(v), v < 0 and "-0.7" or "0.7")
            L[#L + 1] = string.format("set label %d %s %s font ',9' textcolor rgb '#333333' front", tag, quote(text), where)
            tag = tag + 1
          end
        end
        ::next_series::
      end
    end
    local plots = {}
    local order = {}
    for j = 1, k do order[j] = j end
    if stacked then for j = 1, k do order[j] = k + 1 - j end end
    for _, j in ipairs(order) do
      local colour = PALETTE[(j - 1) % #PALETTE + 1]
      local pos = string.format("(%s-($1)%+g)", horizontal and (n - 1) or 0, offset(j))
      if not horizontal then pos = string.format("($1%+g)", offset(j)) end
      local using
      if horizontal then
        using = string.format("using (column(%d)/2):%s:(column(%d)/2):(%g) with boxxyerror", j + 1, pos, j + 1, bw / 2)
      else
        using = string.format("using %s:%d:(%g) with boxes", pos, j + 1, bw)
      end
      plots[#plots + 1] = string.format("%s %s lc rgb %s title %s",
        #plots == 0 and literal(paths.data) or "''", using, literal(colour), quote(series[j].name))
    end
    L[#L + 1] = "plot " .. table.concat(plots, ", \\\n     ")
    return L
  end
  return render("bar", opts, spec)
end)

-- ---- line ------------------------------------------------------------------

local ORDERED_X = {date = true, int64 = true}

-- Period labels as c:period() writes them ("2023", "2023H1", "2023Q2",
-- "2023-05") sort chronologically as text.
local PERIOD_FORMS = {"^%d%d%d%d$", "^%d%d%d%dH[12]$", "^%d%d%d%dQ[1-4]$", "^%d%d%d%d%-%d%d$"}

local function is_period_column(c)
  if c:type() ~= "string" then return false end
  for i = 1, #c do
    local v = c[i]
    if v ~= nil then
      local ok = false
      for _, form in ipairs(PERIOD_FORMS) do ok = ok or v:find(form) ~= nil end
      if not ok then return false end
    end
  end
  return true
end

M.line = public("line", function(t, opts)
  check_options(opts, {"x", "y"})
  local cats, series, xname, xc = read_xy(t, opts)
  local n, k = #cats, #series
  local key = legend_setting(opts.legend, k, "top left")
  -- Dates, numbers and periods on the x axis go in order, whatever the
  -- table's order.
  local order = {}
  for i = 1, n do order[i] = i end
  if ORDERED_X[xc:type()] or is_period_column(xc) then
    table.sort(order, function(a, b)
      local va, vb = xc[a], xc[b]
      if va == nil or vb == nil then return vb == nil and va ~= nil end
      return va < vb
    end)
  end
  local scats, sseries = {}, {}
  for r, i in ipairs(order) do scats[r] = cats[i] end
  for j, s in ipairs(series) do
    local v = {}
    for r, i in ipairs(order) do v[r] = s.values[i] end
    sseries[j] = {name = s.name, values = v}
  end
  local maxw = 0
  for _, c in ipairs(scats) do maxw = math.max(maxw, width_of(drawn(c))) end
  local w = size_of(opts)
  local step = math.max(1, math.ceil(n * (maxw + 2) * 7.5 / (w - 160)))
  local spec = {texts = texts_of(opts, cats, series), data = data_text(sseries, n)}
  spec.lines = function(paths)
    local L = {}
    common_axes(L, opts, xname, k == 1 and series[1].name or nil, false)
    L[#L + 1] = key
    L[#L + 1] = "set xtics " .. tic_list(scats, function(r) return r - 1 end, step)
    L[#L + 1] = string.format("set xrange [%g:%g]", -0.3, n - 0.7)
    L[#L + 1] = "set grid ytics lc rgb '#dddddd' lw 1"
    local plots = {}
    for j = 1, k do
      local colour = PALETTE[(j - 1) % #PALETTE + 1]
      plots[j] = string.format("%s using 1:%d with linespoints lw 2 pt %d ps 0.8 dt %d lc rgb %s title %s",
        j == 1 and literal(paths.data) or "''", j + 1, 6 + j, (j - 1) % 4 + 1, literal(colour), quote(series[j].name))
    end
    L[#L + 1] = "plot " .. table.concat(plots, ", \\\n     ")
    return L
  end
  return render("line", opts, spec)
end)

-- ---- pie -------------------------------------------------------------------

-- Labels on each side of the pie, top to bottom, at least GAP apart: a label
-- that would overlap the one above moves down, out to a column beside the
-- pie, and gets a leader line (moved = true).
local GAP = 0.11
local function spread_labels(labels)
  for _, right in ipairs({true, false}) do
    local side = {}
    for _, l in ipairs(labels) do
      if (l.x >= 0) == right then side[#side + 1] = l end
    end
    table.sort(side, function(a, b) return a.y > b.y end)
    for k = 2, #side do
      if side[k].y > side[k - 1].y - GAP then
        side[k].y = side[k - 1].y - GAP
        side[k].x = right and math.max(side[k].x, 1.15) or math.min(side[k].x, -1.15)
        side[k].moved = true
      end
    end
  end
end

-- A null slice is left out (it counts as zero).
M.pie = public("pie", function(t, opts)
  check_options(opts, {"label", "value"})
  check_table(t)
  if #t == 0 then fail("the table is empty: nothing to draw") end
  local lc = column(t, opts.label, "label")
  local vc = numeric_column(t, opts.value, "value")
  local cats = {}
  for i = 1, #t do cats[i] = lc:text(i) or "(空)" end
  local vals, total = values_of(vc, opts.value, cats), 0
  for i = 1, #t do
    local v = vals[i] or 0
    if v < 0 then fail("pie slices need values of at least zero; row " .. i .. " has " .. vc:text(i)) end
    vals[i] = v
    total = total + v
  end
  if total <= 0 then fail("the values add up to zero: nothing to draw") end
  -- Largest slice first from twelve o'clock, clockwise: small slices end up
  -- side by side, where spread_labels keeps their labels apart.
  local order = {}
  for i = 1, #vals do order[i] = i end
  table.sort(order, function(a, b)
    if vals[a] ~= vals[b] then return vals[a] > vals[b] end
    return a < b
  end)
  local rows, labels = {}, {}
  local start = 90
  for k, i in ipairs(order) do
    local v = vals[i]
    local sweep = v / total * 360
    local colour = tonumber(PALETTE[(k - 1) % #PALETTE + 1]:sub(2), 16)
    rows[k] = string.format("%d\t%.6f\t%.6f\t%d", k - 1, start - sweep, start, colour)
    local mid = math.rad(start - sweep / 2)
    if v > 0 then
      labels[#labels + 1] = {ex = math.cos(mid), ey = math.sin(mid), x = math.cos(mid) * 1.08,
                             y = math.sin(mid) * 1.1,
                             text = string.format("%s %s (%.1f%%)", cats[i], text_of(vc, i), v / total * 100)}
    end
    start = start - sweep
  end
  spread_labels(labels)
  local spec = {texts = texts_of(opts, cats, {}), data = "# row\tfrom\tto\tcolour\n" .. table.concat(rows, "\n") .. "\n"}
  spec.lines = function(paths)
    local L = {"unset border", "unset tics", "unset key", "set size ratio -1",
               "set xrange [-1.9:1.9]", "set yrange [-1.3:1.3]",
               "set style fill solid 1.0 border rgb 'white'"}
    for k, l in ipairs(labels) do
      local align = l.x >= 0.05 and "left" or l.x <= -0.05 and "right" or "center"
      L[#L + 1] = string.format("set label %d %s at %.4f,%.4f %s font ',10'", k, quote(l.text),
                                l.x, l.y, align)
      if l.moved then   -- a leader line from the slice to its moved label
        L[#L + 1] = string.format("set arrow %d from %.4f,%.4f to %.4f,%.4f nohead lc rgb '#888888' lw 0.5",
                                  k, l.ex * 1.0, l.ey * 1.0, l.x, l.y)
      end
    end
    L[#L + 1] = "plot " .. literal(paths.data) .. " using (0):(0):(1):2:3:4 with circles lc rgb variable"
    return L
  end
  return render("pie", opts, spec)
end)

return M
