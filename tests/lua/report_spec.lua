-- qy.report: the block model, Markdown and HTML (docx/pdf: report_docx_spec,
-- xlsx: write_excel_spec and the report's xlsx case below).
local qy = require "qy"
local report = require "qy.report"
local helper = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function counties()
  return qy.table{
    { name = "县区", type = "string", values = { "西峰区", "庆城县", "A&B <x>" } },
    { name = "金额", type = "decimal(2)", values = { "0.10", nil, "1272.65" } },
    { name = "n", type = "int64", values = { 3, 1, 2 } },
  }
end

describe("qy.report", function()
  after_each(helper.cleanup)

  it("parses only **bold** and leaves the rest as text", function()
    assert.same({ { text = "共 " }, { text = "3 个", bold = true }, { text = " 项目" } },
                report.inlines("共 **3 个** 项目"))
    assert.same({ { text = "a ** b" } }, report.inlines("a ** b"))
    assert.same({ { text = "a " }, { text = "b", bold = true }, { text = " c**d" } }, report.inlines("a **b** c**d"))
    assert.same({ { text = "****x" } }, report.inlines("****x"))
    assert.same({ { text = "a", bold = true }, { text = " 与 " }, { text = "b", bold = true } },
                report.inlines("**a** 与 **b**"))
    assert.same({}, report.inlines(""))
  end)

  it("gives a table's cells as printed, nulls empty, numbers flagged", function()
    local names, rows, numeric = report.cells(counties())
    assert.same({ "县区", "金额", "n" }, names)
    assert.same({ { "西峰区", "0.10", "3" }, { "庆城县", "", "1" }, { "A&B <x>", "1272.65", "2" } }, rows)
    assert.same({ false, true, true }, numeric)
    local _, none = report.cells(counties():head(0))
    assert.same({}, none)
  end)

  it("numbers tables and figures in order and renders Markdown", function()
    local r = report.new{ title = "标题" }
    r:heading(1, "报告"):quote("截至7月20日"):paragraph("共 **2** 个")
    r:table(counties():head(2), { caption = "县区" })
    r:figure("x.png", { caption = "柱图" })
    r:table(counties():select("n"):head(1))
    r:rule():note("注：模拟")
    assert.equal("表1 县区", r.doc.blocks[4].label)
    assert.equal("图1 柱图", r.doc.blocks[5].label)
    assert.equal("表2", r.doc.blocks[6].label)
    assert.equal(table.concat({
      "# 报告", "", "> 截至7月20日", "", "共 **2** 个", "",
      "表1 县区", "", "| 县区 | 金额 | n |", "| --- | ---: | ---: |",
      "| 西峰区 | 0.10 | 3 |", "| 庆城县 |  | 1 |", "",
      "![图1 柱图](x.png)", "", "图1 柱图", "",
      "表2", "", "| n |", "| ---: |", "| 3 |", "",
      "---", "", "注：模拟", "" }, "\n"), r:render("md"))
  end)

  it("writes one HTML file with the images inside and text escaped", function()
    local dir = helper.tmpdir()
    local png = dir .. "/in.png"
    require("qy.chart").bar(counties(), { x = "县区", y = "n", out = png })
    local r = report.new{ title = "<T>" }
    r:heading(2, "a<b"):paragraph("**x & y** z"):table(counties(), { caption = "C\"1\"" })
    r:figure(png, { caption = "图" })
    r:write(dir .. "/r.html")
    local html = helper.read(dir .. "/r.html")
    assert.truthy(html:find("<title>&lt;T&gt;</title>", 1, true))
    assert.truthy(html:find("<h2>a&lt;b</h2>", 1, true))
    assert.truthy(html:find("<p><strong>x &amp; y</strong> z</p>", 1, true))
    assert.truthy(html:find("<caption>表1 C&quot;1&quot;</caption>", 1, true))
    assert.truthy(html:find('<tr><td>A&amp;B &lt;x&gt;</td><td class="num">1272.65</td><td class="num">2</td></tr>', 1, true))
    assert.truthy(html:find('<tr><td>庆城县</td><td class="num"></td>', 1, true))
    local b64 = html:match('src="data:image/png;base64,([^"]*)"')
    assert.equal(report._base64(helper.read(png)), b64)
    assert.truthy(html:find("<figcaption>图1 图</figcaption>", 1, true))
  end)

  it("encodes base64 as RFC 4648 does", function()
    local vectors = { [""] = "", f = "Zg==", fo = "Zm8=", foo = "Zm9v", foob = "Zm9vYg==",
                      fooba = "Zm9vYmE=", foobar = "Zm9vYmFy", ["\255\254\0"] = "//4A" }
    for plain, coded in pairs(vectors) do assert.equal(coded, report._base64(plain)) end
  end)

  it("draws chart figures beside Markdown and copies other images there", function()
    local dir, src = helper.tmpdir(), helper.tmpdir()
    require("qy.chart").bar(counties(), { x = "县区", y = "n", out = src .. "/given.png" })
    local r = report.new()
    r:figure{ chart = "bar", data = counties(), x = "县区", y = "n", caption = "画", file = "drawn.png" }
    r:figure{ chart = "pie", data = counties(), label = "县区", value = "n" }
    r:figure(src .. "/given.png")
    r:write(dir .. "/r.md")
    local md = helper.read(dir .. "/r.md")
    assert.equal("![图1 画](drawn.png)\n\n图1 画\n\n![图2](fig2.png)\n\n图2\n\n![图3](given.png)\n\n图3\n", md)
    assert.equal("\137PNG", helper.read(dir .. "/drawn.png"):sub(1, 4))
    assert.equal("\137PNG", helper.read(dir .. "/fig2.png"):sub(1, 4))
    assert.equal(helper.read(src .. "/given.png"), helper.read(dir .. "/given.png"))
  end)

  it("writes a workbook: one sheet per table, chart figures as native charts", function()
    local dir = helper.tmpdir()
    local t = counties()
    local r = report.new():heading(1, "T"):paragraph("x")
    r:table(t, { caption = "各县区/到位资金: 一个很长很长很长很长很长很长很长很长的标题" })
    r:figure{ chart = "bar", data = t, x = "县区", y = "n", caption = "柱", source = "模拟" }
    r:table(t:select("n"), { caption = "各县区/到位资金: 一个很长很长很长很长很长很长很长很长的标题" })
    r:figure{ chart = "pie", data = t:head(2), label = "县区", value = "n", caption = "饼" }
    r:figure("not-in-a-workbook.png")
    local info = r:write(dir .. "/r.xlsx")
    assert.equal(3, info.sheets)
    local names = {}
    for i, s in ipairs(qy.excel_sheets(dir .. "/r.xlsx")) do names[i] = s.name end
    -- Excel's forbidden characters dropped, cut to its 31 characters.
    assert.same({ "表1 各县区到位资金 一个很长很长很长很长很长很长很长很长的标",
                  "表2 各县区到位资金 一个很长很长很长很长很长很长很长很长的标", "图2 饼" }, names)
    local back = qy.read_excel(dir .. "/r.xlsx", { sheet = names[1] })
    assert.same(t:names(), back:names())
    assert.same({ "西峰区", "庆城县", "A&B <x>", n = 3 }, back:col("县区"):totable())
    assert.equal("1272.65", back:col("金额"):text(3))
    assert.is_nil(back:col("金额")[2])
    for _, name in ipairs(t:names()) do
      assert.equal(t:col(name):type(), back:col(name):type())
      for i = 1, #t do assert.is_true(t:col(name):text(i) == back:col(name):text(i), name .. " row " .. i) end
    end
    local list = io.popen("unzip -l '" .. dir .. "/r.xlsx'"):read("a")
    local charts = select(2, list:gsub("xl/charts/chart%d+%.xml", ""))
    assert.equal(2, charts)
  end)

  it("writes all or nothing and keeps the last report when drawing fails", function()
    local dir = helper.tmpdir()
    helper.write(dir .. "/r.md", "old")
    local r = report.new():paragraph("new")
    r:figure{ chart = "bar", data = counties(), x = "县区", y = "nope" }
    local err = helper.error_of(r.write, r, dir .. "/r.md")
    assert.truthy(err:find("figure 1: .*nope"), err)
    assert.equal("old", helper.read(dir .. "/r.md"))
    err = helper.error_of(report.new():paragraph("x").write, report.new(), dir .. "/no/such/r.html")
    assert.truthy(err:find("no/such"), err)
    assert.is_nil(io.open(dir .. "/no/such/r.html"))
  end)

  it("writes several formats into a directory it creates", function()
    local dir = helper.tmpdir() .. "/a/b"
    local r = report.new():heading(1, "T"):table(counties(), { caption = "c" })
    assert.same({ dir .. "/report.md", dir .. "/report.html" },
                report.write_all(r, dir, "report", { "md", "html" }))
    assert.truthy(helper.read(dir .. "/report.md"):find("表1 c", 1, true))
    assert.truthy(helper.read(dir .. "/report.html"):find("<h1>T</h1>", 1, true))
  end)

  it("parses a script's --format list", function()
    assert.same({ "md", "docx", "xlsx" }, report.formats("md,docx,xlsx,md"))
    local none, why = report.formats("md,rtf")
    assert.is_nil(none)
    assert.equal("'rtf' is not md, html, docx, pdf or xlsx", why)
    assert.is_nil(report.formats(""))
    assert.is_nil(report.formats("md,"))
  end)

  it("names the argument or option at fault", function()
    local r = report.new()
    assert.truthy(helper.error_of(r.heading, r, 5, "x"):find("bad argument #1 to 'heading' %(level 1 to 4"))
    assert.truthy(helper.error_of(r.paragraph, r, 3):find("bad argument #1 to 'paragraph' %(text expected, got number%)"))
    assert.truthy(helper.error_of(r.table, r, {}):find("qy table expected"))
    assert.truthy(helper.error_of(r.table, r, counties(), { captoin = "x" }):find("unknown option 'captoin'"))
    assert.truthy(helper.error_of(r.figure, r, "x.gif"):find("not a %.png, %.svg or %.jpg"))
    assert.truthy(helper.error_of(r.figure, r, { chart = "radar", data = counties() }):find("'bar', 'line' or 'pie'"))
    assert.truthy(helper.error_of(r.figure, r, { chart = "bar", data = counties(), out = "x.png" }):find("give 'file'"))
    assert.truthy(helper.error_of(r.figure, r, { chart = "bar", data = counties(), file = "d/x.png" }):find("without a directory"))
    assert.truthy(helper.error_of(r.write, r, "r.txt"):find("cannot tell the format of 'r.txt'"))
    assert.truthy(helper.error_of(r.render, r, "docx"):find("'md' or 'html' expected"))
    -- Errors name the caller's line, not one inside the module.
    local line = debug.getinfo(1, "l").currentline + 1
    local ok, err = pcall(function() r:write("r.txt") end)
    assert.is_false(ok)
    assert.truthy(err:find("report_spec.lua:" .. line .. ": qy.report: write: cannot tell", 1, true), err)
  end)
end)
