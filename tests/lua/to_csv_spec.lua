-- to_csv_spec.lua — t:to_csv's formula guard: off by default (the file reads
-- back equal), on for files meant for people (the exact bytes).
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

describe("t:to_csv guard_formulas", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(h.cleanup)

  local t = qy.table{
    {name = "@who", type = "string", values = {"=1+1", "+86 931 8213456", "-", "@SUM(A1)", "\tx", "a=b",
                                               '=HYPERLINK("http://e.x","y")', "西峰区", n = 8}},
    {name = "n", type = "int64", values = {-5, nil, nil, nil, nil, nil, nil, 3, n = 8}},
    {name = "amount", type = "decimal(2)", values = {"-1.50", nil, nil, nil, nil, nil, nil, "2.00", n = 8}},
  }

  it("is off by default: the cells are written as they are and read back equal", function()
    local path = dir .. "/plain.csv"
    t:to_csv(path)
    assert.equal("@who,n,amount\n=1+1,-5,-1.50\n+86 931 8213456,,\n-,,\n@SUM(A1),,\n\"\tx\",,\na=b,,\n"
                 .. '"=HYPERLINK(""http://e.x"",""y"")",,\n西峰区,3,2.00\n', h.read(path))
    local back = qy.read_csv(path, { types = { ["@who"] = "string" } })
    assert.same(t:col("@who"):totable(), back:col("@who"):totable())
    t:to_csv(path, { guard_formulas = false })
    assert.equal("@who,n,amount\n=1+1,", h.read(path):sub(1, 19))
  end)

  it("puts a ' before text a spreadsheet would run, never before numbers", function()
    local path = dir .. "/people.csv"
    t:to_csv(path, { guard_formulas = true })
    assert.equal("'@who,n,amount\n'=1+1,-5,-1.50\n'+86 931 8213456,,\n'-,,\n'@SUM(A1),,\n\"'\tx\",,\na=b,,\n"
                 .. '"\'=HYPERLINK(""http://e.x"",""y"")",,\n西峰区,3,2.00\n', h.read(path))
    t:to_csv(path, { guard_formulas = true, delim = ";" })
    assert.equal("'@who;n;amount\n'=1+1;-5;-1.50\n", h.read(path):sub(1, 30))
  end)

  it("must be true or false", function()
    assert.equal("bad argument #2 to 'to_csv' (option 'guard_formulas' must be true or false)",
      (h.error_of(function() t:to_csv(dir .. "/x.csv", { guard_formulas = "yes" }) end):gsub("^.-:%d+: ", "")))
    assert.equal("", (io.popen("ls -A " .. dir):read("a")))
  end)
end)
