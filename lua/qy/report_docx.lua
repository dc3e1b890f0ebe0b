-- qy.report_docx — a report (qy.report's document, see REPORT_BLOCKS.md)
-- written as .docx through pandoc, and as PDF through LibreOffice.
--
--   M.write_docx(doc, path [, opts])   opts.timeout: seconds pandoc may run (120)
--   M.write_pdf(doc, path [, opts])    opts.timeout: seconds each program may run
--                                      (pandoc 120, soffice 180)
--   opts.reference: a .docx whose styles, page and footer pandoc uses instead of
--   the project's (a bureau's own template); its style names must be pandoc's
--   (Heading 1, Body Text, Compact, Table Caption, Image Caption, Table, Note).
--
-- Each writes path all or nothing: everything is made in a private
-- directory beside path and only the finished file is renamed onto it; on
-- any failure nothing is left. Errors are plain strings naming what failed.
--
-- The .docx is pandoc's JSON document (pandoc-types 1.22, pandoc 2.17 as in
-- Debian 12) written from the blocks — no Markdown in between, so no text
-- can be taken for markup — and turned into Word with a reference document
-- the project builds from text (qy.report_docx_ref): A4, 黑体 headings, 仿宋
-- body with East-Asian font settings, bordered tables, "— 1 —" page numbers.
local qy = require "qy"
local ref = require "qy.report_docx_ref"

local M = {}

local function fail(msg) error(msg, 0) end

-- The one **bold** parser and what a table shows, shared with the other renderers.
local report = require "qy.report"
local inlines, cells = report.inlines, report.cells

---------------------------------------------------------------------------
-- JSON, just what pandoc's AST needs: objects are tables with a key `t`
-- (or marked OBJECT), everything else is an array; NULL is null.
---------------------------------------------------------------------------
local NULL = setmetatable({}, { __name = "null" })
local OBJECT = setmetatable({}, { __name = "object" })

local JSON_ESC = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

local function json_string(s)
    return '"' .. s:gsub('[%c"\\]', function(c)
        return JSON_ESC[c] or string.format("\\u%04x", c:byte())
    end) .. '"'
end

local function encode(v, out)
    local ty = type(v)
    if ty == "string" then
        out[#out + 1] = json_string(v)
    elseif ty == "number" then
        out[#out + 1] = math.type(v) == "integer" and tostring(v) or string.format("%.6f", v)
    elseif v == NULL then
        out[#out + 1] = "null"
    elseif v.t or v[OBJECT] then
        local keys = {}
        for k in pairs(v) do if type(k) == "string" then keys[#keys + 1] = k end end
        table.sort(keys)
        out[#out + 1] = "{"
        for i, k in ipairs(keys) do
            out[#out + 1] = (i > 1 and "," or "") .. json_string(k) .. ":"
            encode(v[k], out)
        end
        out[#out + 1] = "}"
    else
        out[#out + 1] = "["
        for i = 1, #v do
            if i > 1 then out[#out + 1] = "," end
            encode(v[i], out)
        end
        out[#out + 1] = "]"
    end
end

local function json(v)
    local out = {}
    encode(v, out)
    return table.concat(out)
end

---------------------------------------------------------------------------
-- pandoc's AST (pandoc-types 1.22)
---------------------------------------------------------------------------
local function node(t, c) return { t = t, c = c } end
local function attr(kv) return { "", {}, kv or {} } end

-- Inlines of one run of text: newlines become line breaks.
local function text_inlines(s, out, bold)
    local runs = {}
    for line, nl in s:gmatch("([^\n]*)(\n?)") do
        if line ~= "" then runs[#runs + 1] = node("Str", line) end
        if nl ~= "" then runs[#runs + 1] = node("LineBreak") end
        if line == "" and nl == "" then break end
    end
    if bold then
        if #runs > 0 then out[#out + 1] = node("Strong", runs) end
    else
        for _, r in ipairs(runs) do out[#out + 1] = r end
    end
end

-- The text with **bold** as pandoc inlines.
local function rich(text)
    local out = {}
    for _, piece in ipairs(inlines(text)) do text_inlines(piece.text, out, piece.bold) end
    return out
end

local function plain(text)
    local out = {}
    text_inlines(text, out, false)
    return out
end

-- How many columns of a fixed-width grid s takes: CJK and other wide
-- characters two, the rest one (bytes, if s is not UTF-8).
local function display_width(s)
    local ok, w = pcall(function()
        local n = 0
        for _, cp in utf8.codes(s) do
            n = n + ((cp >= 0x1100 and (cp <= 0x115F or (cp >= 0x2E80 and cp <= 0xA4CF)
                or (cp >= 0xAC00 and cp <= 0xD7A3) or (cp >= 0xF900 and cp <= 0xFAFF)
                or (cp >= 0xFE30 and cp <= 0xFE4F) or (cp >= 0xFF00 and cp <= 0xFF60)
                or (cp >= 0xFFE0 and cp <= 0xFFE6) or cp >= 0x20000)) and 2 or 1)
        end
        return n
    end)
    return ok and w or #s
end

-- How many half-width characters of table text (五号, 10.5 pt: 105 twips
-- each) fit on one line of the page.
local LINE_CELLS = ref.text_width_twips // 105
local CELL_PAD = 2          -- the cell's left and right margins, in half-width characters
local WRAP_AT = 8           -- text wraps at four CJK characters, no narrower

-- Each column's share of the text width. A column wants its widest cell or
-- its header. It needs at least its widest number (numbers never wrap) and
-- four CJK characters of text or header, which may wrap. The table fills the
-- text width, as a bureau's tables do: when all wants fit, each column gets
-- its want, scaled up; when not, each gets its need and the space left is
-- shared in proportion to what each still wants.
local function column_widths(names, rows, numeric)
    local need, want, sum_need, sum_want = {}, {}, 0, 0
    for j, name in ipairs(names) do
        local widest = 0
        for _, row in ipairs(rows) do widest = math.max(widest, display_width(row[j])) end
        local head = display_width(name)
        local body_need = numeric[j] and widest or math.min(widest, WRAP_AT)
        need[j] = math.max(body_need, math.min(head, WRAP_AT), 4) + CELL_PAD
        want[j] = math.max(widest, head, 4) + CELL_PAD
        sum_need, sum_want = sum_need + need[j], sum_want + want[j]
    end
    local widths = {}
    for j = 1, #names do
        if sum_want <= LINE_CELLS then
            widths[j] = want[j] / sum_want
        elseif sum_need >= LINE_CELLS then
            widths[j] = need[j] / sum_need
        else
            local share = (want[j] - need[j]) / (sum_want - sum_need)
            widths[j] = (need[j] + (LINE_CELLS - sum_need) * share) / LINE_CELLS
        end
    end
    return widths
end

-- A cell; keep: its paragraph is kept with the next row (style TableKeep).
local function cell(align, text, keep)
    local content = { node("Plain", plain(text)) }
    if keep then content = { node("Div", { { "", {}, { { "custom-style", "TableKeep" } } }, { node("Para", plain(text)) } }) } end
    return { attr(), node(align), 1, 1, content }
end

-- A table this short is kept on one page (with its caption), rather than
-- leaving a row or two at the foot of a page; a longer one breaks between
-- rows, its header row repeated.
local KEEP_WHOLE_ROWS = 20

-- A header too wide for its column breaks before its unit, "签约额(亿元)" as
-- 签约额 over (亿元), rather than wherever the line runs out ("签约额(亿" 元)).
local function header_text(name, width)
    local fits = math.floor(width * LINE_CELLS) - CELL_PAD
    local before, unit = name:match("^(.-)([(（][^()（）]*[)）])$")
    if not before or before == "" or display_width(name) <= fits or display_width(unit) > fits then
        return name
    end
    return before .. "\n" .. unit
end

local function table_block(b)
    local names, rows, numeric = cells(b.table)
    local widths = column_widths(names, rows, numeric)
    local specs, head, body = {}, {}, {}
    for j, name in ipairs(names) do
        local align = numeric[j] and "AlignRight" or "AlignLeft"
        specs[j] = { node(align), node("ColWidth", widths[j]) }
        head[j] = cell("AlignCenter", header_text(name, widths[j]), #rows <= KEEP_WHOLE_ROWS)
    end
    for i, row in ipairs(rows) do
        local r = {}
        local keep = #rows <= KEEP_WHOLE_ROWS and i < #rows
        for j, text in ipairs(row) do r[j] = cell(numeric[j] and "AlignRight" or "AlignLeft", text, keep) end
        body[i] = { attr(), r }
    end
    local caption = { NULL, { node("Plain", plain(b.label)) } }
    return node("Table", { attr(), caption, specs, { attr(), { { attr(), head } } },
                           { { attr(), 0, {}, body } }, { attr(), {} } })
end

-- A PNG's width and height in pixels (its IHDR), or nil for other files.
local function png_size(data)
    if data:sub(1, 8) ~= "\137PNG\r\n\26\n" or #data < 24 then return nil end
    return string.unpack(">I4I4", data, 17)
end

-- A figure may fill the text width, and be at most this tall, so that it
-- and its caption fit on a page below a heading and a few lines.
local FIGURE_MAX_HEIGHT_CM = 14
local TEXT_WIDTH_CM = ref.text_width_twips / 20 / 72 * 2.54

-- The width a figure is shown at (pandoc's width attribute), or nil to let
-- pandoc fit it to the text width (what it does for a picture it cannot
-- measure here, such as an SVG). A PNG is taken at 96 dpi and never enlarged.
local function figure_width(data)
    local w, h = png_size(data)
    if not w or w == 0 or h == 0 then return nil end
    local natural = w / 96 * 2.54
    local cm = math.min(natural, TEXT_WIDTH_CM, FIGURE_MAX_HEIGHT_CM * w / h)
    return string.format("%.2fcm", cm)
end

-- A figure is pandoc's captioned image (title "fig:"): the picture, then its
-- caption below.
local function figure_block(b)
    local f = io.open(b.path, "rb")
    if not f then fail("figure " .. b.label .. ": cannot read " .. b.path) end
    local head = f:read(512) or ""
    f:close()
    -- pandoc 2.17 puts an SVG in without the PNG copy Word needs, and
    -- LibreOffice draws such a picture as blank space: refuse it.
    if b.path:lower():match("%.svg$") or head:find("<svg", 1, true) then
        fail("figure " .. b.label .. ": " .. b.path .. " is an SVG; a .docx or PDF needs the figure as PNG")
    end
    -- pandoc would put any other bytes in as a picture Word cannot show.
    if head:sub(1, 8) ~= "\137PNG\r\n\26\n" and head:sub(1, 3) ~= "\255\216\255" then
        fail("figure " .. b.label .. ": " .. b.path .. " is not a PNG (or JPEG) image")
    end
    local width = figure_width(head)
    return node("Para", { node("Image", { attr(width and { { "width", width } }), plain(b.label), { b.path, "fig:" } }) })
end

local BLOCKS = {
    heading = function(b) return node("Header", { b.level, attr(), plain(b.text) }) end,
    paragraph = function(b) return node("Para", rich(b.text)) end,
    quote = function(b) return node("BlockQuote", { node("Para", rich(b.text)) }) end,
    note = function(b)
        return node("Div", { { "", {}, { { "custom-style", "Note" } } }, { node("Para", rich(b.text)) } })
    end,
    -- A thin line across the text width: an empty paragraph with a bottom
    -- border (style Rule), not pandoc's HorizontalRule, which Word and
    -- LibreOffice draw as a heavy bar.
    rule = function()
        return node("Div", { { "", {}, { { "custom-style", "Rule" } } }, { node("Para", { node("Str", "\u{a0}") }) } })
    end,
    table = table_block,
    figure = figure_block,
}

-- A short paragraph that introduces the table or figure after it stays on
-- its page (style Body Text Keep: keep with next), so that a heading, its
-- lead-in and the table are not split at a page's foot.
local LEAD_IN_CELLS = 200        -- about three and a half lines of body text
local function leads_in(b, next_block)
    return next_block ~= nil and (next_block.kind == "table" or next_block.kind == "figure")
        and display_width(b.text) <= LEAD_IN_CELLS
end

-- The pandoc document of doc, as JSON text.
local function ast_json(doc)
    if type(doc) ~= "table" or type(doc.blocks) ~= "table" then
        fail("report document: a table with blocks expected")
    end
    local blocks = {}
    for i, b in ipairs(doc.blocks) do
        local make = BLOCKS[b.kind]
        if not make then fail("report block #" .. i .. ": unknown kind " .. tostring(b.kind)) end
        blocks[i] = make(b)
        if b.kind == "paragraph" and leads_in(b, doc.blocks[i + 1]) then
            blocks[i] = node("Div", { { "", {}, { { "custom-style", "Body Text Keep" } } }, { blocks[i] } })
        end
    end
    return json({ [OBJECT] = true, ["pandoc-api-version"] = { 1, 22 }, meta = { [OBJECT] = true }, blocks = blocks })
end
M._ast_json = ast_json

---------------------------------------------------------------------------
-- Running the programs
---------------------------------------------------------------------------
local PACKAGES = { pandoc = "pandoc", soffice = "libreoffice-writer-nogui" }

-- Runs argv; on failure raises "<what> failed: <its stderr>" (or names the
-- package to install, or the timeout).
local function run(argv, timeout, what, env)
    local ok, status, stderr = qy._run(argv, { timeout = timeout, env = env })
    if ok then return stderr end
    local prog = argv[1]
    if status == "not found" then
        fail(string.format("%s not found: install the package %s (apt-get install %s)",
                           prog, PACKAGES[prog], PACKAGES[prog]))
    end
    if status == "timed out" then
        fail(string.format("%s did not finish within %g seconds (option 'timeout'), so it was stopped",
                           prog, timeout))
    end
    stderr = stderr:gsub("%s+$", "")
    fail(string.format("%s failed %s (%s)%s", prog, what,
                       type(status) == "number" and "exit status " .. status or status,
                       stderr ~= "" and ": " .. stderr or ""))
end

-- The directory of path; one starting with "-" gets "./" so that no
-- program takes the paths made in it for options.
local function dirname(path)
    local dir = path:match("^(.*)/[^/]*$") or "."
    if dir == "" then return "/" end
    return dir:sub(1, 1) == "-" and "./" .. dir or dir
end

local XML_ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" }
local function xml_text(s) return (s:gsub('[&<>"]', XML_ESC)) end

-- A file: URL of an absolute path, its bytes outside [A-Za-z0-9/._~-] percent-encoded.
local function file_url(path)
    return "file://" .. path:gsub("[^%w/._~-]", function(c) return string.format("%%%02X", c:byte()) end)
end

local function check_args(doc, path, opts, fn)
    if type(path) ~= "string" or path == "" then
        fail("bad argument #2 to '" .. fn .. "' (a file path expected)")
    end
    if opts ~= nil and type(opts) ~= "table" then
        fail("bad argument #3 to '" .. fn .. "' (options table expected, got " .. type(opts) .. ")")
    end
    opts = opts or {}
    if opts.timeout ~= nil and (type(opts.timeout) ~= "number" or opts.timeout <= 0) then
        fail("bad argument #3 to '" .. fn .. "' (option 'timeout' must be seconds above zero)")
    end
    if opts.reference ~= nil then
        local f = type(opts.reference) == "string" and io.open(opts.reference, "rb")
        if not f then
            fail("bad argument #3 to '" .. fn .. "' (option 'reference': cannot read " .. tostring(opts.reference) .. ")")
        end
        f:close()
    end
    return opts
end

-- Runs body(dir) with a new private directory beside path (so the final
-- rename stays on one file system), then removes the directory whatever
-- happened; body's error is raised again.
local function in_scratch(path, body)
    local ok, dir = pcall(qy._mkdtemp, dirname(path) .. "/.qy_report.")
    if not ok then fail("cannot write " .. path .. ": " .. tostring(dir):gsub("^cannot make a temporary directory [^:]*: ", "")) end
    local done, err = pcall(body, dir)
    pcall(qy._rm_rf, dir)       -- a directory we made and filled: removing it cannot fail short of I/O errors
    if not done then error(err, 0) end
end

-- Writes the .docx of doc to dir/report.docx.
local function make_docx(doc, dir, timeout, reference)
    local ast = dir .. "/report.json"
    qy.write_text(ast, ast_json(doc))
    if not reference then
        reference = dir .. "/reference.docx"
        qy._zip_write(reference, ref.parts)
    end
    local out = dir .. "/report.docx"
    run({ "pandoc", "--from=json", "--to=docx", "--reference-doc=" .. reference, "--output=" .. out, ast },
        timeout, "writing the .docx")
    return out
end

local function commit(from, path)
    local ok, err = os.rename(from, path)
    if not ok then fail("cannot write " .. path .. ": " .. tostring(err):gsub("^[^:]*: ", "")) end
end

function M.write_docx(doc, path, opts)
    opts = check_args(doc, path, opts, "write_docx")
    in_scratch(path, function(dir)
        commit(make_docx(doc, dir, opts.timeout or 120, opts.reference), path)
    end)
end

-- The fonts the reference document names, as LibreOffice on Linux should
-- draw them. fontconfig knows none of the Chinese names (宋体 falls to the
-- first CJK font it finds, a sans), so the conversion runs with a private
-- fontconfig file: the system's, plus these preferences. Families that are
-- not installed are skipped; Debian's packages: fonts-noto-cjk (Noto Serif
-- and Sans CJK SC), fonts-arphic-uming (AR PL UMing), fonts-wqy-microhei.
local FONT_ALIASES = {
    { { "宋体", "SimSun" }, { "Noto Serif CJK SC", "AR PL UMing CN" } },
    { { "仿宋", "FangSong" }, { "AR PL UMing CN", "Noto Serif CJK SC" } },
    { { "楷体", "KaiTi" }, { "AR PL UKai CN", "AR PL UMing CN", "Noto Serif CJK SC" } },
    { { "黑体", "SimHei" }, { "Noto Sans CJK SC", "WenQuanYi Micro Hei" } },
}

local function fontconfig_file(dir)
    local out = { '<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
                  "<fontconfig>",
                  '<include ignore_missing="yes">' .. xml_text(os.getenv("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf")
                      .. "</include>" }
    for _, alias in ipairs(FONT_ALIASES) do
        local prefer = {}
        for i, family in ipairs(alias[2]) do prefer[i] = "<family>" .. family .. "</family>" end
        for _, name in ipairs(alias[1]) do
            out[#out + 1] = '<alias binding="same"><family>' .. name .. "</family><prefer>"
                .. table.concat(prefer) .. "</prefer></alias>"
        end
    end
    out[#out + 1] = "</fontconfig>\n"
    local path = dir .. "/fonts.conf"
    qy.write_text(path, table.concat(out, "\n"))
    return path
end

-- A sanitizer's runtime preloaded into us (the ASan test build runs lua5.4
-- so) would be forced into LibreOffice too, which then never finishes: it
-- is removed from LibreOffice's environment (false), any other preload kept.
local function no_sanitizer()
    local preload = os.getenv("LD_PRELOAD")
    if preload and preload:find("san", 1, true) then return false end
    return nil
end

-- LibreOffice converts the .docx; it runs with its own profile directory
-- (removed afterwards), so parallel runs and a user's open LibreOffice do
-- not meet. It exits 0 even when it could not convert: the PDF must exist.
local function make_pdf(docx, dir, timeout)
    local profile = qy._mkdtemp((os.getenv("TMPDIR") or "/tmp") .. "/qy_lo.")
    if profile:sub(1, 1) ~= "/" and os.getenv("PWD") then profile = os.getenv("PWD") .. "/" .. profile end
    local ok, err = pcall(run, { "soffice", "-env:UserInstallation=" .. file_url(profile), "--headless",
                                 "--norestore", "--convert-to", "pdf", "--outdir", dir, docx },
                          timeout, "converting the .docx to PDF",
                          { FONTCONFIG_FILE = fontconfig_file(dir), LD_PRELOAD = no_sanitizer() })
    pcall(qy._rm_rf, profile)
    if not ok then error(err, 0) end
    local pdf = docx:gsub("%.docx$", ".pdf")
    local f = io.open(pdf, "rb")
    local size = f and f:seek("end") or 0
    if f then f:close() end
    if size == 0 then fail("soffice failed converting the .docx to PDF: " .. (err or "no PDF written")) end
    return pdf
end

function M.write_pdf(doc, path, opts)
    opts = check_args(doc, path, opts, "write_pdf")
    in_scratch(path, function(dir)
        local docx = make_docx(doc, dir, opts.timeout or 120, opts.reference)
        commit(make_pdf(docx, dir, opts.timeout or 180), path)
    end)
end

return M
