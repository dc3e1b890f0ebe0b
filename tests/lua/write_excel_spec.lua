-- write_excel_spec.lua — t:to_excel and qy.write_excel: the workbooks read back
-- by qy.read_excel, by openpyxl (tests/data/excel_write/oracle.py) and by
-- LibreOffice (CSV as it shows the cells), and the errors.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function err_of(f, ...)
  local ok, e = pcall(f, ...)
  assert.is_false(ok, "expected an error")
  return tostring(e)
end

-- Every column's name, type and every row's value as text ("null" for a null).
local function dump(t)
  local lines = {}
  for _, s in ipairs(t:schema()) do
    local c = t:col(s.name)
    local vals = {}
    for i = 1, #c do vals[i] = c[i] == nil and "null" or c:text(i) end
    lines[#lines + 1] = s.name .. ":" .. s.type .. "=" .. table.concat(vals, "|")
  end
  return table.concat(lines, "\n")
end

local function files_in(dir)
  local p = io.popen("ls -A '" .. dir .. "'")
  local names = {}
  for l in p:lines() do names[#names + 1] = l end
  p:close()
  return names
end

-- Every type qylua has, nulls in each, CJK, leading-zero codes and ids
-- longer than int64.
local function ledger()
  return qy.table{
    {name = "县区", type = "string", values = {"鼓楼区", "台江区", "仓山区", "晋安区"}},
    {name = "code", type = "string", values = {"007", "010", "12345678901234567890", nil, n = 4}},
    {name = "身份证", type = "string", values = {"11010119900307123X", "350102198001010011", "", "x", n = 4}},
    {name = "amount", type = "decimal(2)", values = {"0.10", "0.20", "1272.65", nil, n = 4}},
    {name = "rate", type = "decimal(4)", values = {"-0.0125", "1.5000", nil, "99.9999", n = 4}},
    {name = "count", type = "int64", values = {1, nil, -3, 999999999999999, n = 4}},
    {name = "day", type = "date", values = {"2024-03-15", nil, "1900-03-01", "9999-12-31", n = 4}},
    {name = "done", type = "bool", values = {true, false, nil, true, n = 4}},
  }
end

-- The table as it reads back: the empty string is an empty cell, so null.
local function ledger_back()
  return (dump(ledger()):gsub("350102198001010011||x", "350102198001010011|null|x"))
end

-- Strings a cell holds only with care: a control character (escaped
-- _x0001_ in the file), a literal "_x0041_" (its "_" escaped), blanks at
-- the ends, a line break, a tab, a formula's text.
local function edge_table()
  return qy.table{ {name = "k", type = "string", values = {"a\1b", " 前后 ", "两行\n第二行", "_x0041_", "=1+1", "t\tx"}},
                   {name = "n", type = "int64", values = {1, 2, 3, 4, 5, 6}} }
end

describe("t:to_excel and qy.write_excel", function()
  local dir
  local oracle, lo = nil, {}
  local written = {}

  setup(function()
    dir = h.tmpdir()
    local t = ledger()
    -- the workbooks the other checks look at
    written.plain = dir .. "/plain.xlsx"
    t:to_excel(written.plain, {quiet = true})
    written.full = dir .. "/full.xlsx"
    t:to_excel(written.full, {name = "县区明细", title = "2024年上半年 资金到位情况", total = true,
                              thousands = true, date_format = "yyyy年m月d日", quiet = true})
    written.book = dir .. "/book.xlsx"
    local small = qy.table{
      {name = "地区", type = "string", values = {"环县", "宁县", "正宁县", "合水县"}},
      {name = "计划", type = "decimal(2)", values = {"1200.00", "800.50", "640.25", "300.00"}},
      {name = "到位", type = "decimal(2)", values = {"1000.00", "800.50", "320.00", "0.00"}},
    }
    qy.write_excel(written.book, {
      {table = t, name = "明细", total = {label = "总计", columns = {"amount", "count"}}},
      {table = small, name = "图表", title = "资金", total = "合计",
       charts = {{kind = "bar", x = "地区", y = {"计划", "到位"}, title = "计划与到位", ylabel = "万元"},
                 {kind = "line", x = "地区", y = "到位", labels = {["到位"] = "已到位"}, legend = "bottom"},
                 {kind = "pie", label = "地区", value = "计划", title = "计划占比"},
                 {kind = "bar", x = "地区", y = "到位", horizontal = true, stacked = true, legend = false}}},
      {table = small},
    }, {quiet = true})
    written.edge = dir .. "/edge.xlsx"
    edge_table():to_excel(written.edge, {quiet = true})
    written.quote = dir .. "/quote.xlsx"
    small:to_excel(written.quote, {name = "O'Brien 县 1", chart = {kind = "bar", x = "地区", y = "计划"}})
    -- openpyxl, once for every file
    -- (env -u LD_PRELOAD: under the sanitizer build the runner preloads libasan,
    -- which LibreOffice and Python must not inherit)
    local cmd = "env -u LD_PRELOAD /usr/bin/python3 " .. h.path("tests/data/excel_write/oracle.py")
    for _, p in pairs(written) do cmd = cmd .. " '" .. p .. "'" end
    local p = io.popen(cmd)
    oracle = assert(load(p:read("a")))()
    p:close()
    -- LibreOffice, once, every sheet of every file as CSV as it shows them
    local files = ""
    for _, p2 in pairs(written) do files = files .. " '" .. p2 .. "'" end
    os.execute("env -u LD_PRELOAD timeout 180 soffice -env:UserInstallation=file://" .. dir .. "/lo_profile --headless --convert-to "
               .. "'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' --outdir '"
               .. dir .. "/lo'" .. files .. " >/dev/null 2>&1")
    for _, name in ipairs(files_in(dir .. "/lo")) do lo[name] = h.read(dir .. "/lo/" .. name) end
  end)

  teardown(h.cleanup)

  local function sheet(file, k) return oracle[written[file]].sheets[k] end

  describe("round trip through qy.read_excel", function()
    it("gives back an equal table: names, types and every value, nulls included", function()
      assert.are.equal(ledger_back(), dump(qy.read_excel(written.plain)))
    end)

    it("with a title row, a 合计 row, thousands and 年月日 dates", function()
      local back, info = qy.read_excel(written.full)
      assert.are.equal(ledger_back(), dump(back))
      assert.are.equal("2024年上半年 资金到位情况", info.title)
    end)

    it("shows floats with float_places and keeps every digit in the cell", function()
      local path = h.tmpdir() .. "/f.xlsx"
      local t = qy.table{ { name = "占比", type = "float64", values = { 70.8849522762088, 1234567.125, 0.005 } } }
      t:to_excel(path, { float_places = 2, thousands = true, quiet = true })
      assert.are.equal("占比:decimal(2)=70.88|1234567.13|0.01", dump(qy.read_excel(path)))
      local xml = io.popen("unzip -p '" .. path .. "' xl/worksheets/sheet1.xml"):read("a")
      assert.are.equal(70.8849522762088, tonumber(xml:match('<c r="A2"[^>]*><v>([^<]*)</v>')))
      assert.truthy(err_of(t.to_excel, t, path, { float_places = 11 })
        :find("option 'float_places' must be a whole number from 0 to 10", 1, true))
      assert.truthy(err_of(t.to_excel, t, path, { float_places = 1.5 }):find("float_places", 1, true))
    end)

    it("sheet by sheet, with a 总计 row over some columns", function()
      assert.are.equal(ledger_back(), dump(qy.read_excel(written.book, {sheet = "明细"})))
      local small = qy.read_excel(written.book, {sheet = "Sheet3"})
      assert.are.equal("地区:string=环县|宁县|正宁县|合水县\n计划:decimal(2)=1200.00|800.50|640.25|300.00\n"
                       .. "到位:decimal(2)=1000.00|800.50|320.00|0.00", dump(small))
      local names = {}
      for i, sh in ipairs(qy.excel_sheets(written.book)) do names[i] = sh.name end
      assert.are.same({"明细", "图表", "Sheet3"}, names)
    end)

    it("reads dates back in every date format it accepts", function()
      local t = qy.table{ {name = "k", type = "string", values = {"a", "b"}},
                          {name = "d", type = "date", values = {"2024-03-05", "1999-12-31"}} }
      for _, f in ipairs{"yyyy-mm-dd", "yyyy/mm/dd", "yyyy/m/d", "yyyy-m-d", "yyyymmdd", "yyyy年m月d日",
                         "yyyy年mm月dd日", 'yyyy"年"m"月"d"日"'} do
        local path = dir .. "/dates.xlsx"
        t:to_excel(path, {date_format = f})
        assert.are.equal(dump(t), dump(qy.read_excel(path)), f)
      end
    end)

    it("keeps strings exactly: control characters, blanks, line breaks, _x0041_, formulas' text", function()
      assert.are.equal(dump(edge_table()), dump(qy.read_excel(written.edge)))
    end)

    it("changes, with a warning, strings no cell can hold", function()
      local path = dir .. "/unfit.xlsx"
      local t = qy.table{ {name = "k", type = "string", values = {"a\255b", string.rep("长", 40000), "ok"}} }
      local info = t:to_excel(path, {quiet = true})
      assert.are.same({"sheet 'Sheet1': column 'k': 2 strings were changed to fit a cell (bytes that are not UTF-8 "
                       .. "written as U+FFFD, text cut at 32767 characters)"}, info.warnings)
      local back = qy.read_excel(path)
      assert.are.equal("a\u{FFFD}b", back.k[1])
      assert.are.equal(string.rep("长", 32767), back.k[2])
      assert.are.equal("ok", back.k[3])
    end)

    it("floats of at most 15 significant digits come back equal given their type", function()
      local path = dir .. "/floats.xlsx"
      local t = qy.table{ {name = "x", type = "float64", values = {0.5, 1 / 4, 1234.125, 1e-7, -2.5e20}} }
      t:to_excel(path)
      assert.are.equal(dump(t), dump(qy.read_excel(path, {types = {x = "float64"}})))
      -- without the type, numbers a decimal holds read back as a decimal, like a CSV's
      assert.are.equal("float64", qy.read_excel(path):schema()[1].type)
      local third = qy.table{ {name = "x", type = "float64", values = {1 / 3}} }
      third:to_excel(path)
      assert.are.equal("0.333333333333333", qy.read_excel(path):col("x"):text(1))  -- 15 digits shown
    end)

    it("writes as text, with a warning, what Excel could not show exactly, and it still reads back", function()
      local path = dir .. "/precise.xlsx"
      local t = qy.table{
        {name = "k", type = "string", values = {"a", "b"}},
        {name = "big", type = "decimal(2)", values = {"12345678901234.56", "1.00"}},
        {name = "id", type = "int64", values = {1234567890123456789, 5}},
        {name = "f", type = "float64", values = {0 / 0, 1.5}},
        {name = "d", type = "date", values = {"1900-02-28", "2024-01-31"}},
      }
      local info = t:to_excel(path, {total = true, quiet = true})
      assert.are.same({
        "sheet 'Sheet1': column 'big': 1 values were written as text: they have more than 15 significant digits, which Excel cannot show",
        "sheet 'Sheet1': column 'id': 1 values were written as text: they are beyond ±999,999,999,999,999, which Excel cannot show exactly",
        "sheet 'Sheet1': column 'f': 1 values were written as text: a sheet cannot hold NaN or infinities",
        "sheet 'Sheet1': column 'd': 1 values were written as text: they are outside the dates Excel and LibreOffice agree on (1900-03-01 to 9999-12-31)",
        "sheet 'Sheet1': column 'big': the total 12345678901235.56 was written as text (no formula): some values are text",
        "sheet 'Sheet1': column 'id': the total 1234567890123456794 was written as text (no formula): some values are text",
      }, info.warnings)
      local back = qy.read_excel(path)
      assert.are.equal("12345678901234.56", back:col("big"):text(1))
      assert.are.equal("decimal(2)", back:schema()[2].type)
      assert.are.equal(1234567890123456789, back:col("id")[1])
      assert.are.equal("1900-02-28|2024-01-31", back:col("d"):text(1) .. "|" .. back:col("d"):text(2))
      assert.are.equal("date", back:schema()[5].type)
    end)

    it("returns no warnings when everything fits, and counts empty strings", function()
      local info = ledger():to_excel(dir .. "/again.xlsx", {quiet = true})
      assert.are.same({"sheet 'Sheet1': column '身份证': 1 empty strings were written as empty cells "
                       .. "(Excel cannot hold an empty text; they read back as null)"}, info.warnings)
      info = qy.table{ x = {"a", "b"} }:to_excel(dir .. "/again.xlsx")
      assert.are.same({}, info.warnings)
      assert.are.equal(dir .. "/again.xlsx", info.path)
      assert.are.equal(1, info.sheets)
    end)
  end)

  describe("as openpyxl reads them", function()
    it("has the values, with number formats from the column types", function()
      local c = sheet("plain", 1).cells
      assert.are.same({v = "县区", f = "General", bold = true, size = 11, type = "s"}, c.A1)
      assert.are.equal("007", c.B2.v)
      assert.are.equal("s", c.B4.type)                    -- the long id is text
      assert.are.equal("12345678901234567890", c.B4.v)
      assert.are.equal("11010119900307123X", c.C2.v)
      assert.are.equal("", c.C4 and c.C4.v or "")         -- an empty string
      assert.are.equal(0.1, c.D2.v); assert.are.equal("0.00", c.D2.f)
      assert.are.equal(1272.65, c.D4.v)
      assert.is_nil(c.D5)                                 -- null: no cell
      assert.are.equal(-0.0125, c.E2.v); assert.are.equal("0.0000", c.E2.f)
      assert.are.equal(999999999999999, c.F5.v); assert.are.equal("0", c.F5.f)
      assert.are.equal("2024-03-15", c.G2.v); assert.are.equal("yyyy-mm-dd", c.G2.f)
      assert.are.equal("1900-03-01", c.G4.v)
      assert.are.equal("9999-12-31", c.G5.v)
      assert.are.equal(true, c.H2.v); assert.are.equal("b", c.H2.type)
      assert.are.equal(false, c.H3.v)
    end)

    it("freezes the header and filters header and body", function()
      assert.are.equal("A2", sheet("plain", 1).freeze)
      assert.are.equal("A1:H5", sheet("plain", 1).filter)
      assert.are.equal("A3", sheet("full", 1).freeze)
      assert.are.equal("A2:H6", sheet("full", 1).filter)     -- not the 合计 row
    end)

    it("merges a bold, larger title over the columns", function()
      local s = sheet("full", 1)
      assert.are.equal("县区明细", s.name)
      assert.are.same({"A1:H1"}, s.merged)
      assert.are.equal("2024年上半年 资金到位情况", s.cells.A1.v)
      assert.is_true(s.cells.A1.bold)
      assert.are.equal(14, s.cells.A1.size)
    end)

    it("formats thousands and 年月日 dates", function()
      local c = sheet("full", 1).cells
      assert.are.equal("#,##0.00", c.D3.f)
      assert.are.equal("#,##0.0000", c.E3.f)
      assert.are.equal("#,##0", c.F3.f)
      assert.are.equal('yyyy"年"m"月"d"日"', c.G3.f)
    end)

    it("sums each number column with its exact cached value: 0.10 + 0.20 + 1272.65 is 1272.95", function()
      local s = sheet("full", 1)
      assert.are.equal("合计", s.cells.A7.v)
      assert.is_true(s.cells.A7.bold)
      assert.are.equal("=SUM(D3:D6)", s.cells.D7.v)
      assert.are.equal(1272.95, s.cached.D7)
      assert.are.equal("=SUM(E3:E6)", s.cells.E7.v)
      assert.are.equal(101.4874, s.cached.E7)
      assert.are.equal("=SUM(F3:F6)", s.cells.F7.v)
      assert.are.equal(999999999999997, s.cached.F7)
      assert.is_nil(s.cells.B7)                            -- strings get no total
      assert.is_nil(s.cells.G7)
      local b = sheet("book", 1)                           -- only the columns asked for
      assert.are.equal("总计", b.cells.A6.v)
      assert.are.equal("=SUM(D2:D5)", b.cells.D6.v)
      assert.is_nil(b.cells.E6)
      assert.are.equal("=SUM(F2:F5)", b.cells.F6.v)
    end)

    it("fits the widths to the text, a CJK character two wide, the title not counted", function()
      -- libxlsxwriter stores a width w as w + 0.71 (its pixel rounding)
      local w = sheet("plain", 1).widths
      local function width(col) return math.floor(w[col] + 0.5) - 1 end
      assert.are.equal(8, width("A"))    -- 县区 4 + filter button 2 + 2; 鼓楼区 6 + 2
      assert.are.equal(22, width("B"))   -- 20 digits + 2
      assert.are.equal(20, width("C"))   -- 身份证 6 + 2 + 2 = 10 < 18 + 2
      assert.are.equal(10, width("D"))   -- amount 6 + 2 + 2
      assert.are.equal(17, width("F"))   -- 15 digits + 2
      assert.are.equal(12, width("G"))   -- 2024-03-15 + 2
      local f = sheet("full", 1).widths
      assert.are.equal(21, math.floor(f.F + 0.5) - 1)    -- 999,999,999,999,999 + 2
      assert.are.equal(16, math.floor(f.G + 0.5) - 1)    -- 9999年12月31日: 14 wide + 2
      assert.are.equal(8, math.floor(f.A + 0.5) - 1)     -- the long title leaves A alone
    end)

    it("draws native charts that reference the sheet's cells", function()
      local charts = sheet("book", 2).charts
      assert.are.equal(4, #charts)
      local bar, line, pie, hbar = charts[1], charts[2], charts[3], charts[4]
      assert.are.equal("BarChart", bar.type)
      assert.are.equal("col", bar.barDir)
      assert.are.equal("clustered", bar.grouping)
      assert.are.same({{val = "'图表'!$B$3:$B$6", cat = "'图表'!$A$3:$A$6", name = "'图表'!$B$2"},
                       {val = "'图表'!$C$3:$C$6", cat = "'图表'!$A$3:$A$6", name = "'图表'!$C$2"}}, bar.series)
      assert.are.equal("计划与到位", bar.title)
      assert.are.same({"Microsoft YaHei"}, bar.title_fonts)
      assert.are.equal("地区", bar.x_title)
      assert.are.equal("万元", bar.y_title)
      assert.are.equal("t", bar.legend)
      assert.are.equal("E2", bar.anchor)                   -- right of the table, a column apart
      assert.are.equal("LineChart", line.type)
      assert.are.equal("已到位", line.series[1].name)
      assert.are.equal("b", line.legend)
      assert.are.equal("PieChart", pie.type)
      assert.are.equal("'图表'!$B$3:$B$6", pie.series[1].val)
      assert.are.equal("r", pie.legend)
      assert.are.equal("BarChart", hbar.type)
      assert.are.equal("bar", hbar.barDir)
      assert.are.equal("stacked", hbar.grouping)
      assert.are.equal(false, hbar.legend)
      assert.are.same({}, sheet("book", 1).charts)
      -- a sheet name with an apostrophe and a space, quoted in the references
      assert.are.same({{val = "'O''Brien 县 1'!$B$2:$B$5", cat = "'O''Brien 县 1'!$A$2:$A$5",
                        name = "'O''Brien 县 1'!$B$1"}}, sheet("quote", 1).charts[1].series)
    end)
  end)

  describe("as LibreOffice shows them", function()
    it("shows every value as qylua holds it", function()
      assert.are.equal(table.concat({
        "县区,code,身份证,amount,rate,count,day,done",
        "鼓楼区,007,11010119900307123X,0.10,-0.0125,1,2024-03-15,TRUE",
        "台江区,010,350102198001010011,0.20,1.5000,,,FALSE",
        "仓山区,12345678901234567890,,1272.65,,-3,1900-03-01,",
        "晋安区,,x,,99.9999,999999999999999,9999-12-31,TRUE",
      }, "\n") .. "\n", lo["plain-Sheet1.csv"])
    end)

    it("shows the total 1272.95, thousands and 年月日 dates", function()
      assert.are.equal(table.concat({
        "2024年上半年 资金到位情况,,,,,,,",
        "县区,code,身份证,amount,rate,count,day,done",
        "鼓楼区,007,11010119900307123X,0.10,-0.0125,1,2024年3月15日,TRUE",
        "台江区,010,350102198001010011,0.20,1.5000,,,FALSE",
        "仓山区,12345678901234567890,,\"1,272.65\",,-3,1900年3月1日,",
        "晋安区,,x,,99.9999,\"999,999,999,999,999\",9999年12月31日,TRUE",
        "合计,,,\"1,272.95\",101.4874,\"999,999,999,999,997\",,",
      }, "\n") .. "\n", lo["full-县区明细.csv"])
    end)

    it("shows strings as written (openpyxl, unlike Excel and LibreOffice, leaves _xHHHH_ undecoded)", function()
      assert.are.equal('k,n\na\1b,1\n 前后 ,2\n"两行\n第二行",3\n_x0041_,4\n=1+1,5\nt\tx,6\n', lo["edge-Sheet1.csv"])
      assert.are.equal("_x005F_x0041_", sheet("edge", 1).cells.A5.v)
    end)

    it("shows the other sheets of a workbook", function()
      assert.are.equal("资金,,\n地区,计划,到位\n环县,1200.00,1000.00\n宁县,800.50,800.50\n"
                       .. "正宁县,640.25,320.00\n合水县,300.00,0.00\n合计,2940.75,2120.50\n", lo["book-图表.csv"])
      assert.are.equal("地区,计划,到位\n环县,1200.00,1000.00\n宁县,800.50,800.50\n"
                       .. "正宁县,640.25,320.00\n合水县,300.00,0.00\n", lo["book-Sheet3.csv"])
    end)
  end)

  describe("errors", function()
    local t = ledger()
    local function bad(opts, pattern)
      local e = err_of(function() return t:to_excel(dir .. "/bad.xlsx", opts) end)
      assert.matches("bad argument #2 to 'to_excel' %(", e)
      assert.matches(pattern, e)
    end

    it("checks sheet names against Excel's rules, naming the rule", function()
      bad({name = ""}, "a sheet name cannot be empty%)")
      bad({name = string.rep("表", 32)}, "sheet name '" .. string.rep("表", 32) .. "' has 32 characters; Excel allows at most 31%)")
      bad({name = string.rep("x", 30) .. "😀"}, "has 32 characters; Excel allows at most 31")  -- UTF-16 units
      for _, ch in ipairs({"[", "]", ":", "*", "?", "/", "\\"}) do
        bad({name = "a" .. ch .. "b"}, "sheet name 'a%" .. ch .. "b' holds '%" .. ch .. "'; Excel forbids any of %[ %] : %* %? / \\%)")
      end
      bad({name = "'明细"}, "sheet name ''明细' starts or ends with an apostrophe, which Excel forbids%)")
      bad({name = "明细'"}, "starts or ends with an apostrophe")
      bad({name = "history"}, "sheet name 'history' is reserved by Excel%)")
      bad({name = 3}, "option 'name' must be a string, not number%)")
      assert.is_true(pcall(t.to_excel, t, dir .. "/ok.xlsx", {name = string.rep("表", 31), quiet = true}))
    end)

    it("rejects a name used twice, ignoring case and counting default names", function()
      local function book_err(sheets)
        return err_of(qy.write_excel, dir .. "/bad.xlsx", sheets)
      end
      assert.matches("bad argument #2 to 'qy.write_excel' %(sheet name 'a' is used twice %(sheets 1 and 2; Excel ignores case%)%)",
                     book_err({{table = t, name = "A"}, {table = t, name = "a"}}), nil)
      assert.matches("sheet name 'Sheet1' is used twice %(sheets 1 and 2",
                     book_err({{table = t}, {table = t, name = "Sheet1"}}))
    end)

    it("rejects wrong argument types", function()
      assert.matches("bad argument #1 to 'to_excel' %(string expected, got no value%)", err_of(function() return t:to_excel() end))
      assert.matches("bad argument #2 to 'to_excel' %(table expected, got string%)", err_of(function() return t:to_excel(dir .. "/x.xlsx", "x") end))
      assert.matches("qy.table expected", err_of(t.to_excel, {}, dir .. "/x.xlsx"))
      assert.matches("bad argument #2 to 'qy.write_excel' %(table expected, got string%)", err_of(qy.write_excel, dir .. "/x.xlsx", "t"))
      assert.matches("bad argument #2 to 'qy.write_excel' %(a list of 1 to 4096 sheets", err_of(qy.write_excel, dir .. "/x.xlsx", {}))
      assert.matches("bad argument #2 to 'qy.write_excel' %(sheet 1: option 'table' must be a qy.table, not table%)",
                     err_of(qy.write_excel, dir .. "/x.xlsx", {{table = {}}}))
      assert.matches("bad argument #2 to 'qy.write_excel' %(sheet 2: a table {table = t, name = ...} expected, not string%)",
                     err_of(qy.write_excel, dir .. "/x.xlsx", {{table = t}, "t"}))
      assert.matches("bad argument #3 to 'qy.write_excel' %(unknown option 'quite'%)",
                     err_of(qy.write_excel, dir .. "/x.xlsx", {{table = t}}, {quite = true}))
    end)

    it("rejects unknown and ill-typed options", function()
      bad({titel = "x"}, "unknown option 'titel'%)")
      bad({thousands = 1}, "option 'thousands' must be true or false%)")
      bad({total = 1}, "option 'total' must be true, a label, or {label = ..., columns = {...}}%)")
      bad({total = {lable = "x"}}, "total: unknown option 'lable'%)")
      bad({total = {columns = {"amout"}}}, "sheet 'Sheet1': total: no column 'amout' %(did you mean 'amount'%?%)%)")
      bad({total = {columns = {"code"}}}, "sheet 'Sheet1': total: column 'code' is string, not a number%)")
      bad({total = {columns = {"县区"}}}, "column '县区' is string")
      bad({date_format = "dd/mm/yyyy"}, "unknown date format 'dd/mm/yyyy' %(use yyyy%-mm%-dd")
      bad({table = t}, "option 'table' is the method's own table here")
      bad({chart = {kind = "bar", x = "县区", y = "amount"}, charts = {}}, "give either 'chart' or 'charts', not both%)")
    end)

    it("checks charts as qy.chart does", function()
      bad({chart = {x = "县区", y = "amount"}}, "chart 1: option 'kind' must be \"bar\", \"line\" or \"pie\"%)")
      bad({chart = {kind = "bar", x = "县区", y = "amout"}}, "sheet 'Sheet1': chart 1: no column 'amout' %(did you mean 'amount'%?%)%)")
      bad({chart = {kind = "bar", x = "县 区", y = "amount"}}, "chart 1: no column '县 区'")
      bad({chart = {kind = "bar", x = "县区", y = "code"}}, "chart 1: column 'code' is string, not a number%)")
      bad({chart = {kind = "line", x = "县区", y = "amount", stacked = true}}, "chart 1: unknown option 'stacked' for a line chart%)")
      bad({chart = {kind = "pie", label = "县区", value = "amount", out = "x.png"}}, "chart 1: unknown option 'out' for a pie chart%)")
      bad({chart = {kind = "pie", label = "县区", value = {"amount", "rate"}}}, "chart 1: option 'value' must be a column name%)")
      bad({chart = {kind = "bar", y = "amount"}}, "chart 1: option 'x' %(the column of categories%) is needed%)")
      bad({chart = {kind = "bar", x = "县区", y = "amount", legend = "middle"}}, "chart 1: option 'legend': unknown position 'middle'%)")
      bad({chart = {kind = "bar", x = "县区", y = "amount", width = 50}}, "chart 1: options 'width' and 'height' must be whole pixels from 100 to 4000%)")
      bad({charts = {{kind = "bar", x = "县区", y = "amount"}, {kind = "line", x = "县区", y = {}}}},
          "chart 2: option 'y' must name 1 to 16 columns%)")
    end)

    it("leaves no file when the directory cannot be written", function()
      local ro = dir .. "/ro"
      os.execute("mkdir '" .. ro .. "' && chmod 555 '" .. ro .. "'")
      local probe = io.open(ro .. "/probe", "w")
      if probe then   -- root writes anyway: a directory that is missing instead
        probe:close()
        os.remove(ro .. "/probe")
        local e = err_of(function() return t:to_excel(dir .. "/missing/x.xlsx") end)
        assert.are.equal("cannot write " .. dir .. "/missing/x.xlsx: No such file or directory", (e:gsub("^.-: cannot", "cannot")))
      else
        local e = err_of(function() return t:to_excel(ro .. "/x.xlsx") end)
        assert.matches("cannot write .*/ro/x.xlsx: Permission denied", e)
      end
      assert.are.same({}, files_in(ro))
      os.execute("chmod 755 '" .. ro .. "'")
    end)

    it("leaves the previous file untouched when a write fails", function()
      local path = dir .. "/keep.xlsx"
      h.write(path, "the old file")
      bad({name = "a:b"}, "holds ':'")
      assert.matches("no column 'amout'", err_of(t.to_excel, t, path, {chart = {kind = "bar", x = "县区", y = "amout"}}))
      assert.are.equal("the old file", h.read(path))
      -- a directory in the way: the rename fails, the temporary file goes
      local d = dir .. "/adir.xlsx"
      os.execute("mkdir '" .. d .. "' && touch '" .. d .. "/inside'")
      assert.matches("cannot write .*adir.xlsx: ", err_of(t.to_excel, t, d))
      assert.are.same({"inside"}, files_in(d))
      for _, name in ipairs(files_in(dir)) do assert.is_nil(name:find("%.tmp%-"), name) end
    end)
  end)
end)
