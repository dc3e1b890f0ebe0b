-- report_docx_spec.lua — qy.report_docx: a report written as .docx, opened
-- again (unzip) and read as Word would: headings, bold, the tables' cells
-- and alignment, captions above tables and below figures, the image, fonts,
-- page size and page numbers; then as PDF (one LibreOffice run), read back
-- with poppler. All or nothing: a failing pandoc leaves nothing behind.
local qy = require "qy"
local chart = require "qy.chart"
local docx = require "qy.report_docx"
local ref = require "qy.report_docx_ref"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function sh_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- The output of a command line (its words quoted here).
local function output(...)
  local words = {}
  for i, w in ipairs({ ... }) do words[i] = sh_quote(w) end
  local p = assert(io.popen(table.concat(words, " ") .. " 2>/dev/null"))
  local s = p:read("a")
  p:close()
  return s
end

local function member(zip, name) return output("unzip", "-p", zip, name) end

local function members(zip)
  local list = {}
  for line in output("unzip", "-Z1", zip):gmatch("[^\n]+") do list[#list + 1] = line end
  return list
end

local ENTITIES = { amp = "&", lt = "<", gt = ">", quot = '"', apos = "'" }
local function unescape(s) return (s:gsub("&(%a+);", ENTITIES)) end

-- The text of a piece of WordprocessingML: its w:t, w:br as a newline.
local function text_of(xml)
  local out = {}
  for tag, body in xml:gmatch("<(w:[tb]r?)[^>]*>([^<]*)") do
    if tag == "w:t" then out[#out + 1] = unescape(body)
    elseif tag == "w:br" then out[#out + 1] = "\n" end
  end
  return table.concat(out)
end

local function style_of(p) return p:match('<w:pStyle w:val="([^"]*)"') end

-- The body of document.xml as a list of its paragraphs and tables, in
-- order: { kind = "p", style, text, xml } or { kind = "tbl", rows = { {
-- {text, jc}, ... }, ... } }.
local function body_of(document)
  local body = assert(document:match("<w:body>(.*)</w:body>"))
  local items, at = {}, 1
  while true do
    local s, kind = body:match("()<w:(%a+)[ >/]", at)
    if not s then break end
    if kind == "tbl" then
      local e = assert(body:find("</w:tbl>", s, true))
      local rows = {}
      for tr in body:sub(s, e):gmatch("<w:tr>(.-)</w:tr>") do
        local row = {}
        for tc in tr:gmatch("<w:tc>(.-)</w:tc>") do
          row[#row + 1] = { text = text_of(tc), jc = tc:match('<w:jc w:val="(%a+)"'), style = style_of(tc) }
        end
        rows[#rows + 1] = row
      end
      items[#items + 1] = { kind = "tbl", rows = rows }
      at = e + 8
    elseif kind == "p" then
      local e = body:find("</w:p>", s, true)
      local close = body:find("/>", s, true)
      local p = body:sub(s, e and e + 5 or close + 1)
      if body:sub(s, close + 1):match("^<w:p%s*/>") then p, e = body:sub(s, close + 1), close - 4 end
      items[#items + 1] = { kind = "p", style = style_of(p), text = text_of(p), xml = p }
      at = e + 6
    else
      at = body:find(">", s, true) + 1
    end
  end
  return items
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

-- The names in dir (without . and ..), sorted.
local function listing(dir)
  local names = {}
  for line in output("ls", "-A", dir):gmatch("[^\n]+") do names[#names + 1] = line end
  table.sort(names)
  return names
end

local counties = qy.table{
  { name = "县区", values = { "西峰区", "庆城县", "环县", "合水县" } },
  { name = "到位资金(亿元)", type = "decimal(2)", values = { "46.66", "62.53", nil, "12.21", n = 4 } },
  { name = "项目数", type = "int64", values = { 41, 38, 29, 25 } },
  { name = "备注", values = { "市区", nil, "北部", "东部", n = 4 } } }

local offices = qy.table{
  { name = "代表处", values = { "庆阳市驻西安招商代表处", "庆阳市驻北京招商代表处" } },
  { name = "设立年份", type = "int64", values = { 2017, 2018 } },
  { name = "完成率(%)", type = "float64", values = { 75.5, 66.25 } } }

local TRICKY = 'A&B <公司> "引号" \\ 50% *单星* [链接](x) 末尾**未闭合'

local function sample_doc(png)
  return {
    title = "庆阳市招商引资工作情况",
    blocks = {
      { kind = "heading", level = 1, text = "庆阳市招商引资工作情况" },
      { kind = "quote", text = "截至2023年7月20日。金额单位：亿元。" },
      { kind = "heading", level = 2, text = "一、总体情况" },
      { kind = "paragraph", text = "全市新签约项目 **259 个**，签约额 **1272.95 亿元**。" },
      { kind = "paragraph", text = TRICKY },
      { kind = "heading", level = 3, text = "（一）县区" },
      { kind = "paragraph", text = "按到位资金排序。" },
      { kind = "table", table = counties, number = 1, caption = "各县区到位资金", label = "表1 各县区到位资金" },
      { kind = "figure", path = png, number = 1, caption = "各县区到位资金", label = "图1 各县区到位资金" },
      { kind = "table", table = offices, number = 2, label = "表2" },
      { kind = "rule" },
      { kind = "note", text = "注：**模拟数据**，不代表真实项目。" },
    },
  }
end

describe("qy.report_docx", function()
  local dir, png, doc, file, body
  setup(function()
    dir = h.tmpdir()
    png = dir .. "/counties.png"
    chart.bar(qy.table{ { name = "county", values = { "西峰区", "庆城县" } },
                        { name = "funds", type = "decimal(2)", values = { "46.66", "62.53" } } },
              { x = "county", y = "funds", out = png, width = 640, height = 400 })
    doc = sample_doc(png)
    file = dir .. "/report.docx"
    docx.write_docx(doc, file)
    body = body_of(member(file, "word/document.xml"))
  end)
  teardown(h.cleanup)

  it("leaves only the .docx and the figure in the directory", function()
    assert.same({ "counties.png", "report.docx" }, listing(dir))
  end)

  it("gives headings their Heading styles and texts, in order", function()
    local headings = {}
    for _, item in ipairs(body) do
      if item.kind == "p" and (item.style or ""):match("^Heading") then
        headings[#headings + 1] = item.style .. " " .. item.text
      end
    end
    assert.same({ "Heading1 庆阳市招商引资工作情况", "Heading2 一、总体情况", "Heading3 （一）县区" }, headings)
  end)

  it("writes **bold** as bold runs and every other character as text", function()
    local p
    for _, item in ipairs(body) do if item.kind == "p" and item.text:find("259", 1, true) then p = item end end
    assert.equal("全市新签约项目 259 个，签约额 1272.95 亿元。", p.text)
    local bold = {}
    for run in p.xml:gmatch("<w:r>(.-)</w:r>") do
      if run:find("<w:b />", 1, true) or run:find("<w:b/>", 1, true) then bold[#bold + 1] = text_of(run) end
    end
    assert.same({ "259 个", "1272.95 亿元" }, bold)
    local tricky
    for _, item in ipairs(body) do if item.kind == "p" and item.text:find("引号", 1, true) then tricky = item end end
    assert.equal(TRICKY, tricky.text)
    assert.is_nil(tricky.xml:find("<w:b", 1, true))
  end)

  it("styles the quote, the rule and the note", function()
    local styles = {}
    for _, item in ipairs(body) do
      if item.kind == "p" and (item.text:match("^截至") or item.text:match("^注：")) then styles[#styles + 1] = item.style end
    end
    assert.same({ "BlockText", "Note" }, styles)
    local before_note
    for i, item in ipairs(body) do if item.style == "Note" then before_note = body[i - 1] end end
    assert.equal("Rule", before_note.style)
    assert.equal("\u{a0}", before_note.text)
  end)

  it("writes the tables' cells in order, nulls empty, numbers right-aligned", function()
    local tables = {}
    for _, item in ipairs(body) do if item.kind == "tbl" then tables[#tables + 1] = item.rows end end
    assert.equal(2, #tables)
    local texts, jc = {}, {}
    for i, row in ipairs(tables[1]) do
      texts[i], jc[i] = {}, {}
      -- an empty cell is an empty paragraph: nothing to align
      for j, c in ipairs(row) do texts[i][j], jc[i][j] = c.text, c.text ~= "" and c.jc or "-" end
    end
    assert.same({ { "县区", "到位资金(亿元)", "项目数", "备注" },
                  { "西峰区", "46.66", "41", "市区" },
                  { "庆城县", "62.53", "38", "" },
                  { "环县", "", "29", "北部" },
                  { "合水县", "12.21", "25", "东部" } }, texts)
    assert.same({ "center", "center", "center", "center" }, jc[1])
    assert.same({ { "left", "right", "right", "left" }, { "left", "right", "right", "-" },
                  { "left", "-", "right", "left" }, { "left", "right", "right", "left" } },
                { jc[2], jc[3], jc[4], jc[5] })
    local second = {}
    for i, row in ipairs(tables[2]) do second[i] = row[1].text .. "|" .. row[2].text .. "|" .. row[3].text end
    assert.same({ "代表处|设立年份|完成率(%)", "庆阳市驻西安招商代表处|2017|75.50", "庆阳市驻北京招商代表处|2018|66.25" }, second)
    assert.equal("right", tables[2][2][3].jc)
  end)

  it("breaks a header too wide for its column before its unit", function()
    local wide = {}
    for j = 1, 9 do wide[j] = { name = "签约额" .. j .. "(亿元)", type = "decimal(2)", values = { "1.00" } } end
    local path = dir .. "/wide.docx"
    docx.write_docx({ blocks = { { kind = "table", table = qy.table(wide), number = 1, label = "表1" } } }, path)
    local xml = member(path, "word/document.xml")
    os.remove(path)
    local broken = '签约额1</w:t></w:r><w:r><w:br /></w:r><w:r><w:t xml:space="preserve">(亿元)</w:t>'
    assert.truthy(xml:find(broken, 1, true))
    -- A header that fits stays whole.
    local narrow = qy.table{ { name = "签约额(亿元)", type = "decimal(2)", values = { "1.00" } } }
    docx.write_docx({ blocks = { { kind = "table", table = narrow, number = 1, label = "表1" } } }, path)
    xml = member(path, "word/document.xml")
    os.remove(path)
    assert.truthy(xml:find(">签约额(亿元)</w:t>", 1, true))
  end)

  it("keeps a lead-in with its table, and a short table on one page", function()
    local styles = {}
    for _, item in ipairs(body) do
      if item.kind == "p" and (item.text == "按到位资金排序。" or item.text == TRICKY) then
        styles[#styles + 1] = item.style
      end
    end
    assert.same({ "BodyText", "BodyTextKeep" }, styles)
    local rows
    for _, item in ipairs(body) do if item.kind == "tbl" then rows = rows or item.rows end end
    local kept = {}
    for i, row in ipairs(rows) do kept[i] = row[1].style end
    assert.same({ "TableKeep", "TableKeep", "TableKeep", "TableKeep", "Compact" }, kept)
  end)

  it("puts each table's caption above it and the figure's below it", function()
    local seen = {}
    for i, item in ipairs(body) do
      if item.kind == "tbl" then
        seen[#seen + 1] = "above table: " .. body[i - 1].style .. " " .. body[i - 1].text
      elseif item.xml and item.xml:find("<w:drawing>", 1, true) then
        seen[#seen + 1] = "below figure: " .. body[i + 1].style .. " " .. body[i + 1].text
      end
    end
    assert.same({ "above table: TableCaption 表1 各县区到位资金", "below figure: ImageCaption 图1 各县区到位资金",
                  "above table: TableCaption 表2" }, seen)
  end)

  it("holds the figure's PNG, no wider than the text", function()
    local media = {}
    for _, name in ipairs(members(file)) do if name:match("^word/media/") then media[#media + 1] = name end end
    assert.equal(1, #media)
    assert.equal(h.read(png), member(file, media[1]))
    local document = member(file, "word/document.xml")
    local cx = tonumber(document:match('<wp:extent cx="(%d+)"'))
    assert.is_true(cx > 0 and cx <= ref.text_width_twips * 635)    -- 635 EMU a twip
  end)

  it("names the East-Asian fonts and zh-CN in styles.xml", function()
    local styles = member(file, "word/styles.xml")
    local defaults = styles:match("<w:docDefaults>(.-)</w:docDefaults>")
    assert.truthy(defaults:find('w:eastAsia="仿宋"', 1, true))
    local lang = defaults:match("<w:lang [^>]*>")
    assert.equal("zh-CN", lang:match('w:eastAsia="([^"]*)"'))
    local h1 = styles:match('<w:style [^>]*w:styleId="Heading1".-</w:style>')
    assert.truthy(h1:find('w:eastAsia="黑体"', 1, true))
    local cells = styles:match('<w:style [^>]*w:styleId="Compact".-</w:style>')
    assert.truthy(cells:find('w:eastAsia="宋体"', 1, true))
    local tbl = styles:match('<w:style [^>]*w:styleId="Table".-</w:style>')
    assert.equal("single", tbl:match('<w:insideV [^>]*w:val="(%a+)"'))
  end)

  it("lays out an A4 page with a page number in the footer", function()
    local document = member(file, "word/document.xml")
    local sect = document:match("<w:sectPr>.-</w:sectPr>")
    local pgsz = sect:match("<w:pgSz[^>]*>")
    assert.equal("11906", pgsz:match('w:w="(%d+)"'))
    assert.equal("16838", pgsz:match('w:h="(%d+)"'))
    local rid = sect:match('<w:footerReference [^>]*r:id="([^"]+)"') or sect:match('<w:footerReference r:id="([^"]+)"')
    local rels = member(file, "word/_rels/document.xml.rels")
    local target
    for rel in rels:gmatch("<Relationship [^>]*>") do
      if rel:find('Id="' .. rid .. '"', 1, true) then target = rel:match('Target="([^"]+)"') end
    end
    local footer = member(file, "word/" .. target)
    assert.truthy(footer:find('w:instr=" PAGE "', 1, true))
  end)

  it("takes another reference document's page when asked", function()
    local landscape = {}
    for i, part in ipairs(ref.parts) do
      landscape[i] = { part[1], (part[2]:gsub('<w:pgSz w:w="11906" w:h="16838"/>', '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>')) }
    end
    local template = dir .. "/template.docx"
    qy._zip_write(template, landscape)
    local out = dir .. "/wide.docx"
    docx.write_docx(doc, out, { reference = template })
    local pgsz = member(out, "word/document.xml"):match("<w:sectPr>.-(<w:pgSz[^>]*>)")
    assert.equal("16838", pgsz:match('w:w="(%d+)"'))
    os.remove(template)
    os.remove(out)
    assert.equal("bad argument #3 to 'write_docx' (option 'reference': cannot read " .. template .. ")",
                 h.error_of(docx.write_docx, doc, out, { reference = template }))
  end)

  it("keeps the old file and leaves nothing when pandoc fails", function()
    local before = h.read(file)
    local err = h.error_of(docx.write_docx, doc, file, { timeout = 0.001 })
    assert.equal("pandoc did not finish within 0.001 seconds (option 'timeout'), so it was stopped", err)
    assert.same({ "counties.png", "report.docx" }, listing(dir))
    assert.equal(before, h.read(file))
  end)

  it("names what is wrong with a document", function()
    local missing = dir .. "/none.png"
    local bad = { blocks = { { kind = "figure", path = missing, label = "图1 无" } } }
    assert.equal("figure 图1 无: cannot read " .. missing, h.error_of(docx.write_docx, bad, dir .. "/x.docx"))
    local svg = h.write(dir .. "/chart.svg", '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')
    assert.equal("figure 图2 矢量: " .. svg .. " is an SVG; a .docx or PDF needs the figure as PNG",
                 h.error_of(docx.write_docx, { blocks = { { kind = "figure", path = svg, label = "图2 矢量" } } }, dir .. "/x.docx"))
    os.remove(svg)
    local garbage = h.write(dir .. "/chart.png", "not an image")
    assert.equal("figure 图3 坏: " .. garbage .. " is not a PNG (or JPEG) image",
                 h.error_of(docx.write_docx, { blocks = { { kind = "figure", path = garbage, label = "图3 坏" } } }, dir .. "/x.docx"))
    os.remove(garbage)
    assert.equal("report block #1: unknown kind chapter",
                 h.error_of(docx.write_docx, { blocks = { { kind = "chapter" } } }, dir .. "/x.docx"))
    assert.equal("report document: a table with blocks expected", h.error_of(docx.write_docx, {}, dir .. "/x.docx"))
    assert.equal("bad argument #3 to 'write_docx' (option 'timeout' must be seconds above zero)",
                 h.error_of(docx.write_docx, doc, dir .. "/x.docx", { timeout = 0 }))
    assert.equal("cannot write " .. dir .. "/no/such/x.docx: No such file or directory",
                 h.error_of(docx.write_docx, doc, dir .. "/no/such/x.docx"))
    assert.same({ "counties.png", "report.docx" }, listing(dir))
  end)

  it("writes a PDF LibreOffice made: A4, numbered pages, the headings and cells", function()
    local pdf = dir .. "/report.pdf"
    docx.write_pdf(doc, pdf)
    assert.same({ "counties.png", "report.docx", "report.pdf" }, listing(dir))
    local info = output("pdfinfo", pdf)
    assert.truthy(info:find("Page size:%s+595%.%d* x 841%.%d* pts %(A4%)"))
    local pages = tonumber(info:match("Pages:%s+(%d+)"))
    local text = output("pdftotext", "-layout", pdf, "-")
    local numbers = {}
    for k in text:gmatch("—%s*(%d+)%s*—") do numbers[#numbers + 1] = tonumber(k) end
    local want = {}
    for k = 1, pages do want[k] = k end
    assert.same(want, numbers)
    -- pdftotext puts a space where CJK text meets Latin (another font): compare without spaces
    local squeezed = text:gsub("%s+", "")
    for _, s in ipairs({ "庆阳市招商引资工作情况", "一、总体情况", "（一）县区", "表1各县区到位资金",
                         "图1各县区到位资金", "庆阳市驻西安招商代表处", "46.66", "66.25", "模拟数据" }) do
      assert.truthy(squeezed:find(s, 1, true), s)
    end
    local fonts = output("pdffonts", pdf)
    assert.is_nil(fonts:find("no%s+no%s+no"))      -- every font embedded
  end)
end)
