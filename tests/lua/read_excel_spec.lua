-- read_excel_spec.lua — qy.read_excel's options and messages as a script sees them.
-- (Fixtures written by openpyxl and LibreOffice: excel_fixtures_spec.lua.)
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function err_of(f, ...)
  local ok, e = pcall(f, ...)
  assert.is_false(ok)
  return tostring(e)
end

describe("qy.read_excel options", function()
  local path = h.path("tests/data/excel/ledger.xlsx")

  it("rejects bad options with bad argument errors", function()
    local function bad(opts, pattern)
      assert.matches("bad argument #2 to '[%w.]*read_excel' %(" .. pattern, err_of(qy.read_excel, path, opts))
    end
    bad({sheets = 1}, "unknown option 'sheets'%)")
    bad({sheet = 0}, "option 'sheet' must be a sheet's name or its number %(1, 2, ...%)%)")
    bad({sheet = 1.5}, "option 'sheet' must be a sheet's name or its number")
    bad({range = "A3"}, "option 'range' must be cells such as \"A3:M200\"")
    bad({range = "M200:A3"}, "option 'range' must be cells such as")
    bad({range = "A1:XFE3"}, "option 'range' must be cells such as")
    bad({range = "A0:B3"}, "option 'range' must be cells such as")
    bad({skip = -1}, "option 'skip' must be a non%-negative integer%)")
    bad({header = "yes"}, "option 'header' must be true, false or a count of header rows%)")
    bad({header = 2.5}, "option 'header' must be a non%-negative integer%)")
    bad({footer = 3}, "option 'footer' must be a Lua pattern")
    bad({fill_merged = 1}, "option 'fill_merged' must be a boolean%)")
    bad({hidden = "no"}, "option 'hidden' must be a boolean%)")
    bad({on_ragged = "pad"}, "unknown option 'on_ragged'%)")   -- a sheet's rows have every column
    bad({types = {x = "money"}}, "unknown type 'money' for column 'x'")
    assert.matches("bad argument #1 to '[%w.]*read_excel' %(string expected, got no value%)",
                   err_of(qy.read_excel))
  end)

  it("says what a file that is not a workbook is", function()
    local dir = h.tmpdir()
    h.write(dir .. "/t.xlsx", "id,name\n1,a\n")
    assert.equal(dir .. "/t.xlsx is not a workbook (it starts with \"id,name\\n1,a\\n\")",
                 err_of(qy.read_excel, dir .. "/t.xlsx"))
    h.write(dir .. "/e.xlsx", "")
    assert.equal(dir .. "/e.xlsx is empty, not a workbook", err_of(qy.read_excel, dir .. "/e.xlsx"))
    assert.matches("cannot open " .. dir:gsub("%p", "%%%0") .. "/none.xlsx: No such file",
                   err_of(qy.excel_sheets, dir .. "/none.xlsx"))
    h.cleanup()
  end)
end)
