-- excel_fixtures_spec.lua — qy.read_excel and qy.excel_sheets on workbooks that software not
-- ours wrote (tests/data/excel/, made by make_fixtures.py: openpyxl writes NAME.xlsx,
-- LibreOffice NAME.lo.xlsx, NAME.lo.xls and flat.csv), against what openpyxl reads from them.
--
-- Where the expectations come from:
--   * FROM OPENPYXL: every expected/*.lua — names, types, every value, info fields and the
--     sheet lists — was written by tests/data/excel/oracle.py from openpyxl's reading of the
--     fixture (values, types and number formats of cells, merges, hidden rows, sheet states,
--     <dimension>), shaped and typed by that script's own reading of API.md. For NAME.lo.xls
--     it read NAME.lo.xlsx, which LibreOffice wrote from the same source. A type written as
--     false there is one the oracle was not sure of, and is not checked; info fields it left
--     out are not checked either.
--   * FROM LIBREOFFICE: the cross-format checks — the .xlsx, the .xls and the CSV export of
--     one sheet, all written by LibreOffice, must read to the same table.
--   * FROM qylua's core/workbook.c: the messages for files that are not workbooks.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local dir = h.path("tests/data/excel")

local function fixture(name) return dir .. "/" .. name end

-- tests/data/excel/manifest: "FIXTURE SHEET VARIANT OPTIONS" lines (its header says more).
local function read_manifest()
  local cases = {}
  for line in io.lines(dir .. "/manifest") do
    if not line:match("^%s*#") and line:match("%S") then
      local name, sheet, variant, options = line:match("^(%S+)%s+(%d+)%s+(%S+)%s+(.-)%s*$")
      assert(name, "bad manifest line: " .. line)
      cases[#cases + 1] = { fixture = name, sheet = tonumber(sheet), variant = variant,
                            options = options }
    end
  end
  return cases
end

local function expected_file(case)
  local variant = case.variant == "-" and "" or "." .. case.variant
  return dir .. "/expected/" .. case.fixture .. "." .. case.sheet .. variant .. ".lua"
end

-- The options of a manifest line, as a table; quiet, so warnings go to info only.
local function options_of(text)
  local chunk = assert(load("return " .. text, "=manifest options", "t", {}))
  local options = chunk()
  if options.quiet == nil then options.quiet = true end
  return options
end

local function types_of(t)
  local types = {}
  for i, c in ipairs(t:schema()) do types[i] = c.type end
  return types
end

-- Every value of every column as c:text(i) gives it (false for null), by column.
local function texts_of(t)
  local out = {}
  for j, name in ipairs(t:names()) do
    local c, col = t:col(name), {}
    for i = 1, t:nrows() do
      local s = c:text(i)
      if s == nil then col[i] = false else col[i] = s end
    end
    out[j] = col
  end
  return out
end

-- Checks t and info against expected e (FROM OPENPYXL), naming the column and row that differ.
local function check_table(e, t, info, label)
  assert.same(e.names, t:names(), label .. ": names")
  assert.equal(e.nrows, t:nrows(), label .. ": rows")
  local types = types_of(t)
  for j, want in ipairs(e.types) do
    if want then assert.equal(want, types[j], label .. ": type of " .. e.names[j]) end
  end
  local got = texts_of(t)
  for j, col in ipairs(e.columns) do
    for i = 1, e.nrows do
      assert.equal(col[i], got[j][i],
                   ("%s: column '%s', row %d"):format(label, e.names[j], i))
    end
  end
  local w = e.info
  assert.equal(w.sheet, info.sheet, label .. ": info.sheet")
  assert.equal(w.format, info.format, label .. ": info.format")
  if w.title then
    assert.equal(w.title, info.title, label .. ": info.title")
  else
    assert.is_nil(info.title, label .. ": info.title")
  end
  assert.equal(w.skipped, info.skipped, label .. ": info.skipped")
  assert.equal(w.header_rows, info.header_rows, label .. ": info.header_rows")
  assert.same(w.footer, info.footer or {}, label .. ": info.footer")
  assert.equal(w.hidden, info.hidden, label .. ": info.hidden")
  assert.equal(w.merged, info.merged, label .. ": info.merged")
  assert.equal(w.errors, info.errors, label .. ": info.errors")
  local cells = {}
  for i, c in ipairs(info.error_cells or {}) do cells[i] = { cell = c.cell, value = c.value } end
  assert.same(w.error_cells, cells, label .. ": info.error_cells")
  if w.no_value then
    assert.equal(w.no_value, info.no_value, label .. ": info.no_value")
  else
    assert.is_true(info.no_value >= w.no_value_at_least, label .. ": info.no_value")
  end
  if (w.no_value or w.no_value_at_least) > 0 then
    assert.is_true(#info.warnings >= 1, label .. ": a warning of formulas without a value")
  end
end

describe("qy.read_excel on fixtures openpyxl and LibreOffice wrote", function()
  for _, case in ipairs(read_manifest()) do
    local label = ("%s sheet %d %s %s"):format(case.fixture, case.sheet, case.variant,
                                               case.options)
    it("reads " .. label .. " as openpyxl reads it", function()
      local e = dofile(expected_file(case))
      local path = fixture(case.fixture)
      local options = options_of(case.options)
      if e.error == "empty" then
        -- an empty sheet is an error naming the file and the sheet
        local err = h.error_of(qy.read_excel, path, options)
        assert.truthy(err:find(path, 1, true), err)
        assert.truthy(err:find("'" .. e.sheet_name .. "'", 1, true), err)
        return
      end
      local t, info = qy.read_excel(path, options)
      check_table(e, t, info, label)
    end)
  end
end)

-- Two reads give the same table: names, types and every value.
local function assert_same_table(a, b, label)
  assert.same(a:names(), b:names(), label .. ": names")
  assert.same(types_of(a), types_of(b), label .. ": types")
  assert.same(texts_of(a), texts_of(b), label .. ": values")
end

local function read(name, options)
  options = options or {}
  options.quiet = true
  return (qy.read_excel(fixture(name), options))
end

describe("the same sheet from .xlsx, .xls and CSV (FROM LIBREOFFICE)", function()
  it("flat: LibreOffice's .xlsx, its .xls and its CSV export give one table", function()
    local xlsx = read("flat.lo.xlsx")
    assert_same_table(xlsx, read("flat.lo.xls"), "flat.lo.xls")
    assert_same_table(xlsx, qy.read_csv(fixture("flat.csv"), { quiet = true }), "flat.csv")
    assert_same_table(xlsx, read("flat.xlsx"), "flat.xlsx (openpyxl)")
  end)

  it("the report-style ledger reads alike from LibreOffice's .xlsx and .xls", function()
    for _, options in ipairs({ {}, { fill_merged = false }, { hidden = false },
                               { footer = false } }) do
      assert_same_table(read("ledger.lo.xlsx", options), read("ledger.lo.xls", options),
                        "ledger")
    end
  end)

  it("openpyxl's ledger is LibreOffice's but for the formulas it has no value for", function()
    local mine, lo = read("ledger.xlsx"), read("ledger.lo.xlsx")
    assert.same(lo:names(), mine:names())
    local mine_texts, lo_texts = texts_of(mine), texts_of(lo)
    for j, name in ipairs(lo:names()) do
      if name ~= "到位率" then   -- =H/G: no cached value in openpyxl's file
        assert.same(lo_texts[j], mine_texts[j], name)
        assert.equal(types_of(lo)[j], types_of(mine)[j], name)
      end
    end
    assert.equal(mine:nrows(), mine:col("到位率"):nulls())
  end)

  it("several sheets, formulas and dates read alike from .xlsx and .xls", function()
    for _, case in ipairs({ { "book", { sheet = 1 } }, { "book", {} },
                            { "book", { sheet = "文本数字" } }, { "formulas", {} },
                            { "dates1900", {} }, { "dates1904", {} } }) do
      local name, options = case[1], case[2]
      local copy = {}
      for k, v in pairs(options) do copy[k] = v end
      assert_same_table(read(name .. ".lo.xlsx", options), read(name .. ".lo.xls", copy), name)
    end
  end)

  it("the 1900 and the 1904 date systems give the same dates", function()
    for _, suffix in ipairs({ ".xlsx", ".lo.xlsx", ".lo.xls" }) do
      assert_same_table(read("dates1900" .. suffix), read("dates1904" .. suffix),
                        "dates" .. suffix)
    end
  end)
end)

describe("qy.excel_sheets (FROM OPENPYXL)", function()
  for _, name in ipairs({ "book.xlsx", "book.lo.xlsx", "book.lo.xls" }) do
    it("lists the sheets of " .. name .. ", hidden and empty ones too", function()
      local want = dofile(dir .. "/expected/" .. name .. ".sheets.lua")
      local got = qy.excel_sheets(fixture(name))
      assert.equal(#want, #got)
      for i, w in ipairs(want) do
        local g = got[i]
        assert.equal(w.name, g.name)
        assert.equal(w.index, g.index)
        assert.equal(w.hidden, g.hidden, w.name)
        assert.equal(w.state, g.state, w.name)
        assert.equal("worksheet", g.kind, w.name)
        if w.rows then
          assert.equal(w.rows, g.rows, w.name)
          assert.equal(w.cols, g.cols, w.name)
        end
        if w.dimension then assert.equal(w.dimension, g.dimension, w.name) end
      end
    end)
  end

  it("reads the first visible sheet when none is named, and names the one read", function()
    local t, info = qy.read_excel(fixture("book.xlsx"), { quiet = true })
    assert.equal("县区汇总", info.sheet)
    assert.same({ "县区", "项目数", "签约额", "签约额_2", "备注", "col6" }, t:names())
  end)

  it("says which sheets there are when the one asked for is not", function()
    local path = fixture("book.xlsx")
    local err = h.error_of(qy.read_excel, path, { sheet = "不存在", quiet = true })
    -- API.md: "x.xlsx has no sheet '汇总' (sheets: 明细, 说明)"
    local prefix = path .. " has no sheet '不存在' (sheets: "
    assert.equal(prefix, err:sub(1, #prefix))
    for _, name in ipairs({ "县区汇总", "空表", "文本数字", "说明" }) do
      assert.truthy(err:find(name, #prefix + 1, true), err)
    end
  end)
end)

describe("files that are not workbooks", function()
  it("a CSV file named .xlsx (message of core/workbook.c)", function()
    local path = fixture("bad_csv.xlsx")
    assert.equal(path .. ' is not a workbook (it starts with "县区,签约额")',
                 h.error_of(qy.read_excel, path))
    assert.equal(path .. ' is not a workbook (it starts with "县区,签约额")',
                 h.error_of(qy.excel_sheets, path))
  end)

  it("an empty file (message of core/workbook.c)", function()
    local path = fixture("bad_empty.xlsx")
    assert.equal(path .. " is empty, not a workbook", h.error_of(qy.read_excel, path))
  end)

  it("a zip archive holding a Word document, not a workbook", function()
    local path = fixture("bad_docx.xlsx")
    local err = h.error_of(qy.read_excel, path)
    assert.truthy(err:find(path, 1, true), err)
    assert.truthy(err:find("zip archive without an Excel workbook", 1, true), err)
  end)

  it("a password-protected .xls LibreOffice saved", function()
    local path = fixture("bad_encrypted.xls")
    local err = h.error_of(qy.read_excel, path)
    assert.truthy(err:find(path, 1, true), err)
    assert.truthy(err:find("password", 1, true) or err:find("encrypt", 1, true), err)
  end)
end)
