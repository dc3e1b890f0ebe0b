-- qy.report — a report built from blocks, written as Markdown, one self-contained
-- HTML file, .docx, PDF or an Excel workbook (one sheet per table).
--
--   local report = require "qy.report"
--   local r = report.new{ title = "庆阳市2023年上半年招商引资工作情况" }
--   r:heading(1, text)        levels 1..4
--   r:paragraph(text)         only **bold** is markup; the rest is literal text
--   r:quote(text)             a lead-in line
--   r:note(text)              small print (注：…)
--   r:rule()
--   r:table(t, { caption = "各县区排名" })        numbered 表1, 表2, … (label above)
--   r:figure("chart.png", { caption = "…" })      numbered 图1, …    (label below)
--   r:figure{ chart = "bar", data = t, x = …, y = …, caption = …, file = "counties.png",
--             <qy.chart options> }               drawn by qy.chart when written;
--                                                a native chart in a workbook
--   r:write(path [, { format = "md"|"html"|"docx"|"pdf"|"xlsx" }])   by extension otherwise
--   r:render("md"|"html")     the text (figures as their files: nothing is drawn)
--
-- Every file is written all or nothing. Figure files given by path are read
-- relative to the working directory; Markdown refers to each image beside the
-- report (a chart is drawn there, another image is copied there), HTML embeds
-- them, .docx and PDF hold them. What renderers get is r.doc (REPORT_BLOCKS in
-- the README's "Reports" section): { title, blocks = { {kind = ...}, ... } }.
local qy = require "qy"

local M = {}

-- A failure is raised at the caller of the public method.
local function fail(msg, level) error("qy.report: " .. msg, (level or 1) + 1) end

-- ---- the one inline parser and what a table shows -----------------------

-- "a **b** c" -> { {text = "a "}, {text = "b", bold = true}, {text = " c"} }.
-- An unpaired ** is literal text.
function M.inlines(text)
  local out, pos = {}, 1
  while true do
    local s, e, inner = text:find("%*%*(.-)%*%*", pos)
    if not s or inner == "" then
      if pos <= #text then out[#out + 1] = { text = text:sub(pos) } end
      return out
    end
    if s > pos then out[#out + 1] = { text = text:sub(pos, s - 1) } end
    out[#out + 1] = { text = inner, bold = true }
    pos = e + 1
  end
end

local NUMERIC = { int64 = true, float64 = true }
local function is_numeric(c) return NUMERIC[c:type()] or c:type():match("^decimal") ~= nil end

-- names[j], rows[i][j] (the cell as printed tables show it; a null is ""),
-- numeric[j] (right-aligned).
function M.cells(t)
  local names, cols, numeric, rows = t:names(), {}, {}, {}
  for j, name in ipairs(names) do
    cols[j] = t:col(name)
    numeric[j] = is_numeric(cols[j])
  end
  for i = 1, #t do
    local row = {}
    for j, c in ipairs(cols) do row[j] = c:shown(i) or "" end
    rows[i] = row
  end
  return names, rows, numeric
end

-- ---- building ---------------------------------------------------------------

local Report = {}
Report.__index = Report
Report.__name = "qy.report"

local function check_text(v, n, what, level)
  if type(v) ~= "string" then
    fail(string.format("bad argument #%d to '%s' (text expected, got %s)", n, what, type(v)), level + 1)
  end
  return v
end

local function check_opts(opts, known, what, level)
  if opts == nil then return {} end
  if type(opts) ~= "table" then fail("bad argument #2 to '" .. what .. "' (options table expected)", level + 1) end
  for k in pairs(opts) do
    if not known[k] then fail(what .. ": unknown option '" .. tostring(k) .. "'", level + 1) end
  end
  return opts
end

function M.new(opts)
  opts = check_opts(opts, { title = true }, "new", 2)
  if opts.title ~= nil then check_text(opts.title, 1, "new", 2) end
  return setmetatable({ doc = { title = opts.title, blocks = {} }, tables = 0, figures = 0 }, Report)
end

local function add(r, block) r.doc.blocks[#r.doc.blocks + 1] = block; return r end

function Report:heading(level, text)
  if math.type(level) ~= "integer" or level < 1 or level > 4 then
    fail("bad argument #1 to 'heading' (level 1 to 4 expected)", 2)
  end
  add(self, { kind = "heading", level = level, text = check_text(text, 2, "heading", 2) })
  if not self.doc.title and level == 1 then self.doc.title = text end
  return self
end

for _, kind in ipairs{ "paragraph", "quote", "note" } do
  Report[kind] = function(self, text)
    return add(self, { kind = kind, text = check_text(text, 1, kind, 2) })
  end
end

function Report:rule() return add(self, { kind = "rule" }) end

local function label(prefix, number, caption)
  return prefix .. number .. (caption and caption ~= "" and (" " .. caption) or "")
end

local function is_table(v) return getmetatable(v) ~= nil and pcall(function() return v:names() end) end

function Report:table(t, opts)
  if not is_table(t) then fail("bad argument #1 to 'table' (qy table expected, got " .. type(t) .. ")", 2) end
  opts = check_opts(opts, { caption = true }, "table", 2)
  if opts.caption ~= nil then check_text(opts.caption, 2, "table", 2) end
  self.tables = self.tables + 1
  return add(self, { kind = "table", table = t, number = self.tables, caption = opts.caption,
                     label = label("表", self.tables, opts.caption) })
end

local CHARTS = { bar = true, line = true, pie = true }
local IMAGE_TYPES = { png = "image/png", svg = "image/svg+xml", jpg = "image/jpeg", jpeg = "image/jpeg" }
local function image_ext(path) local e = path:match("%.(%w+)$"); return e and e:lower() end

-- figure(path, opts) or figure{ chart = kind, data = t, caption =, file =, <chart options> }.
function Report:figure(what, opts)
  local block
  if type(what) == "string" then
    opts = check_opts(opts, { caption = true }, "figure", 2)
    if not IMAGE_TYPES[image_ext(what) or ""] then
      fail("figure: '" .. what .. "' is not a .png, .svg or .jpg image", 2)
    end
    block = { kind = "figure", source = what, caption = opts.caption }
  elseif type(what) == "table" and what.chart ~= nil then
    if not CHARTS[what.chart] then fail("figure: option 'chart' must be 'bar', 'line' or 'pie'", 2) end
    if not is_table(what.data) then fail("figure: option 'data' must be a qy table", 2) end
    if what.out ~= nil then fail("figure: give 'file' (the image's name beside the report), not 'out'", 2) end
    local chart = {}
    for k, v in pairs(what) do
      if k ~= "chart" and k ~= "data" and k ~= "caption" and k ~= "file" then chart[k] = v end
    end
    local file = what.file
    if file ~= nil and (type(file) ~= "string" or file:find("/") or not IMAGE_TYPES[image_ext(file) or ""]
                        or image_ext(file):match("^jpe?g$")) then
      fail("figure: option 'file' must be a name such as 'counties.png' or '.svg', without a directory", 2)
    end
    block = { kind = "figure", chart = what.chart, data = what.data, options = chart,
              caption = what.caption, file = file }
  else
    fail("bad argument #1 to 'figure' (an image path or a chart specification expected)", 2)
  end
  if block.caption ~= nil then check_text(block.caption, 2, "figure", 2) end
  self.figures = self.figures + 1
  block.number = self.figures
  block.label = label("图", self.figures, block.caption)
  block.file = block.file or (block.chart and ("fig" .. block.number .. ".png"))
  return add(self, block)
end

-- ---- files ------------------------------------------------------------------

local function dirname(path) return path:match("^(.*)/[^/]*$") or "." end
local function basename(path) return path:match("([^/]*)$") end

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then fail("figure: cannot read image: " .. err, 0) end
  local data = f:read("a")
  f:close()
  return data
end

-- Draws each chart figure into dir (as_png: as PNG whatever its file name
-- says, for Word, which needs a PNG) and sets every figure's path; for other
-- images `place` decides where they are read from. Returns the paths drawn.
local PRINT_WIDTH, PRINT_HEIGHT = 680, 420

local function prepare_figures(doc, dir, place, as_png)
  local drawn = {}
  for _, b in ipairs(doc.blocks) do
    if b.kind == "figure" and b.chart then
      local opts = {}
      for k, v in pairs(b.options) do opts[k] = v end
      opts.out = dir .. "/" .. (as_png and b.file:gsub("%.%w+$", ".png") or b.file)
      if as_png and not opts.width and not opts.height then
        -- Printed 15 cm wide: drawn smaller, so its letters print near body size.
        opts.width, opts.height = PRINT_WIDTH, PRINT_HEIGHT
      end
      local chart = require "qy.chart"
      local ok, err = pcall(chart[b.chart], b.data, opts)
      if not ok then fail("figure " .. b.number .. ": " .. tostring(err), 0) end
      b.path = opts.out
      drawn[#drawn + 1] = opts.out
    elseif b.kind == "figure" then
      b.path = place(b)
    end
  end
  return drawn
end

local function in_temp_dir(fn)
  local dir = qy._mkdtemp("qy-report-")
  local made = {}
  local ok, err = pcall(fn, dir, made)
  for _, f in ipairs(made) do os.remove(f) end
  os.remove(dir)
  if not ok then error(err, 0) end
end

-- ---- Markdown ---------------------------------------------------------------

local function md_block(b, out)
  local k = b.kind
  if k == "heading" then out[#out + 1] = string.rep("#", b.level) .. " " .. b.text
  elseif k == "paragraph" or k == "note" then out[#out + 1] = b.text
  elseif k == "quote" then out[#out + 1] = "> " .. b.text
  elseif k == "rule" then out[#out + 1] = "---"
  elseif k == "table" then
    out[#out + 1] = b.label
    out[#out + 1] = ""
    out[#out + 1] = (b.table:to_markdown():gsub("\n$", ""))
  elseif k == "figure" then
    out[#out + 1] = "![" .. b.label .. "](" .. basename(b.path) .. ")"
    out[#out + 1] = ""
    out[#out + 1] = b.label
  end
end

-- Each block, then a blank line.
local function render_md(doc)
  local out = {}
  for _, b in ipairs(doc.blocks) do
    md_block(b, out)
    out[#out + 1] = ""
  end
  return table.concat(out, "\n")
end

-- ---- HTML -------------------------------------------------------------------

local ESCAPES = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" }
local function esc(s) return (s:gsub('[&<>"]', ESCAPES)) end

local function html_inline(text)
  local out = {}
  for _, run in ipairs(M.inlines(text)) do
    out[#out + 1] = run.bold and ("<strong>" .. esc(run.text) .. "</strong>") or esc(run.text)
  end
  return table.concat(out)
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function base64(data)
  local out, n = {}, #data
  for i = 1, n, 3 do
    local a, b, c = data:byte(i, i + 2)
    local v = a * 65536 + (b or 0) * 256 + (c or 0)
    local q1, q2, q3, q4 = v >> 18, (v >> 12) & 63, (v >> 6) & 63, v & 63
    out[#out + 1] = B64:sub(q1 + 1, q1 + 1) .. B64:sub(q2 + 1, q2 + 1)
      .. (b and B64:sub(q3 + 1, q3 + 1) or "=") .. (c and B64:sub(q4 + 1, q4 + 1) or "=")
  end
  return table.concat(out)
end
M._base64 = base64

local function html_table(b)
  local names, rows, numeric = M.cells(b.table)
  local out = { "<table>", "<caption>" .. esc(b.label) .. "</caption>", "<thead><tr>" }
  for j, name in ipairs(names) do
    out[#out + 1] = (numeric[j] and '<th class="num">' or "<th>") .. esc(name) .. "</th>"
  end
  out[#out + 1] = "</tr></thead>\n<tbody>"
  for _, row in ipairs(rows) do
    local cells = { "<tr>" }
    for j, text in ipairs(row) do
      cells[#cells + 1] = (numeric[j] and '<td class="num">' or "<td>")
        .. esc(text):gsub("\r?\n", "<br>") .. "</td>"
    end
    out[#out + 1] = table.concat(cells) .. "</tr>"
  end
  out[#out + 1] = "</tbody></table>"
  return table.concat(out, "\n")
end

local function html_figure(b)
  local uri = "data:" .. IMAGE_TYPES[image_ext(b.path)] .. ";base64," .. base64(read_file(b.path))
  return string.format('<figure><img src="%s" alt="%s"><figcaption>%s</figcaption></figure>',
                       uri, esc(b.label), esc(b.label))
end

local CSS = [[
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
       max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.6; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 14px; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; }
th { background: #f0f3f7; }
tbody tr:nth-child(even) { background: #fafafa; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; }
figcaption { text-align: center; font-weight: bold; }
blockquote { color: #555; border-left: 4px solid #ccc; margin: 0; padding-left: 1em; }
.note { font-size: 13px; color: #555; }
]]

local function html_block(b)
  local k = b.kind
  if k == "heading" then return string.format("<h%d>%s</h%d>", b.level, esc(b.text), b.level)
  elseif k == "paragraph" then return "<p>" .. html_inline(b.text) .. "</p>"
  elseif k == "note" then return '<p class="note">' .. html_inline(b.text) .. "</p>"
  elseif k == "quote" then return "<blockquote>" .. html_inline(b.text) .. "</blockquote>"
  elseif k == "rule" then return "<hr>"
  elseif k == "table" then return html_table(b)
  elseif k == "figure" then return html_figure(b) end
end

local function render_html(doc)
  local out = { "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
                "<title>" .. esc(doc.title or "") .. "</title>", "<style>", CSS .. "</style>", "</head>",
                "<body>" }
  for _, b in ipairs(doc.blocks) do out[#out + 1] = html_block(b) end
  out[#out + 1] = "</body>\n</html>\n"
  return table.concat(out, "\n")
end

-- ---- Excel: one sheet per table ---------------------------------------------

local SHEET_BAD = "[%[%]:%*%?/\\]"

-- A sheet name from the table's label: Excel's forbidden characters dropped,
-- cut to 31 characters, made unique (case-insensitively) with a number.
local function sheet_name(labeltext, used)
  local base = labeltext:gsub(SHEET_BAD, ""):gsub("^'+", ""):gsub("'+$", "")
  local function cut(s, n)
    local len = 0
    for p, cp in utf8.codes(s) do
      len = len + (cp > 0xFFFF and 2 or 1)
      if len > n then return s:sub(1, p - 1) end
    end
    return s
  end
  local name, k = cut(base, 31), 1
  while used[name:lower()] do
    k = k + 1
    local suffix = "(" .. k .. ")"
    name = cut(base, 31 - #suffix) .. suffix
  end
  used[name:lower()] = true
  return name
end

-- qy.chart options that belong to the drawn image only (gnuplot's), not a
-- native chart; `table` chooses a labels table's rows (resolved below).
local PRINT_ONLY = { source = true, script = true, timeout = true, table = true }

-- Floats show two places, as the report's other formats print them.
local function excel_sheets(doc)
  local sheets, used, by_table = {}, {}, {}
  for _, b in ipairs(doc.blocks) do
    if b.kind == "table" then
      local s = { table = b.table, name = sheet_name(b.label, used), title = b.label, float_places = 2 }
      sheets[#sheets + 1] = s
      by_table[b.table] = by_table[b.table] or s
    end
  end
  for _, b in ipairs(doc.blocks) do
    if b.kind == "figure" and b.chart then
      local chart = { kind = b.chart, title = b.options.title or b.label }
      for k, v in pairs(b.options) do
        if not PRINT_ONLY[k] then chart[k] = v end
      end
      -- A labels table (data/labels.csv) becomes the map it stands for.
      if b.options.labels ~= nil then chart.labels = require("qy.chart").label_map(b.options) end
      local s = by_table[b.data]
      if not s then
        s = { table = b.data, name = sheet_name(b.label, used), title = b.label, float_places = 2 }
        sheets[#sheets + 1] = s
        by_table[b.data] = s
      end
      s.charts = s.charts or {}
      s.charts[#s.charts + 1] = chart
    end
  end
  if #sheets == 0 then fail("write: a workbook needs at least one table", 0) end
  return sheets
end

-- ---- writing ----------------------------------------------------------------

local FORMATS = { md = true, html = true, docx = true, pdf = true, xlsx = true }

-- Markdown refers to images beside it: charts are drawn there; another image
-- is copied there unless it is already that file.
local function write_md(doc, path)
  local dir = dirname(path)
  prepare_figures(doc, dir, function(b)
    local beside = dir .. "/" .. basename(b.source)
    local data = read_file(b.source)
    if beside ~= b.source and beside ~= "./" .. b.source then qy.write_text(beside, data) end
    return beside
  end)
  qy.write_text(path, render_md(doc))
end

local function write_with_temp_figures(doc, path, write, as_png)
  in_temp_dir(function(dir, made)
    local drawn = prepare_figures(doc, dir, function(b) return b.source end, as_png)
    for _, p in ipairs(drawn) do made[#made + 1] = p end
    write(doc, path, dir)
  end)
end

local WRITERS = {
  md = write_md,
  html = function(doc, path)
    write_with_temp_figures(doc, path, function(d, p) qy.write_text(p, render_html(d)) end)
  end,
  docx = function(doc, path)
    write_with_temp_figures(doc, path, function(d, p) require("qy.report_docx").write_docx(d, p) end, true)
  end,
  pdf = function(doc, path)
    write_with_temp_figures(doc, path, function(d, p) require("qy.report_docx").write_pdf(d, p) end, true)
  end,
  xlsx = function(doc, path) return qy.write_excel(path, excel_sheets(doc)) end,
}

-- Writes doc to path; raises a message without a position.
local function write_doc(doc, path, opts)
  local format = opts.format or (image_ext(path) or "")
  if not FORMATS[format] then
    error("write: cannot tell the format of '" .. path .. "' (give .md, .html, .docx, .pdf or .xlsx, or option 'format')", 0)
  end
  local ok, res = pcall(WRITERS[format], doc, path)
  if not ok then error((tostring(res):gsub("^qy%.report: ", "")), 0) end
  return res
end

function Report:write(path, opts)
  check_text(path, 1, "write", 2)
  opts = check_opts(opts, { format = true }, "write", 2)
  local ok, res = pcall(write_doc, self.doc, path, opts)
  if not ok then fail(res, 2) end
  return res
end

-- "md,docx" -> { "md", "docx" }, for a script's --format; nil and why otherwise.
function M.formats(text)
  if type(text) ~= "string" or text == "" then return nil, "needs md, html, docx, pdf or xlsx (or several: md,docx)" end
  local list, seen = {}, {}
  for f in (text .. ","):gmatch("([^,]*),") do
    if not FORMATS[f] then return nil, "'" .. f .. "' is not md, html, docx, pdf or xlsx" end
    if not seen[f] then list[#list + 1], seen[f] = f, true end
  end
  return list
end

-- Writes r as dir/base.FORMAT for each format (creating dir), in order;
-- returns the paths written. Each file is all or nothing.
function M.write_all(r, dir, base, formats)
  local ok, err = pcall(qy._mkdir_p, dir)
  if not ok then fail("cannot create directory '" .. dir .. "': " .. tostring(err), 2) end
  local paths = {}
  for i, f in ipairs(formats) do
    paths[i] = dir .. "/" .. base .. "." .. f
    local done, res = pcall(write_doc, r.doc, paths[i], { format = f })
    if not done then fail(res, 2) end
  end
  return paths
end

-- The text of the report: Markdown names each figure's file as it would lie
-- beside the report (nothing is drawn); HTML draws and embeds them.
function Report:render(format)
  if format == "md" then
    for _, b in ipairs(self.doc.blocks) do
      if b.kind == "figure" then b.path = b.file or basename(b.source) end
    end
    return render_md(self.doc)
  elseif format == "html" then
    local text
    local ok, err = pcall(write_with_temp_figures, self.doc, nil, function(d) text = render_html(d) end)
    if not ok then fail((tostring(err):gsub("^qy%.report: ", "")), 2) end
    return text
  end
  fail("bad argument #1 to 'render' ('md' or 'html' expected)", 2)
end

return M
