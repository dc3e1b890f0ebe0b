-- files_spec.lua — files are written all or nothing: qy.write_text, and the
-- image qy._gnuplot writes for qy.chart. (tests/cli/files_full.sh and
-- files_killed.sh make the disk refuse and kill the writers.)
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function listing(dir)
  local p = io.popen("ls -A '" .. dir .. "'")
  local names = p:read("a"):gsub("%s+$", ""):gsub("%s+", " ")
  p:close()
  return names
end

describe("qy.write_text", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(h.cleanup)

  it("writes and replaces a file, bytes as given", function()
    local p = dir .. "/r.md"
    qy.write_text(p, "# 报告\n\0x")
    assert.equal("# 报告\n\0x", h.read(p))
    qy.write_text(p, "")
    assert.equal("", h.read(p))
    qy.write_text(p, 12)
    assert.equal("12", h.read(p))
    assert.equal("r.md", listing(dir))
  end)

  it("refuses bad arguments and names the file in file errors, leaving nothing", function()
    assert.has_error(function() qy.write_text() end,
      "bad argument #1 to 'write_text' (string expected, got no value)")
    assert.has_error(function() qy.write_text(dir .. "/x", {}) end,
      "bad argument #2 to 'write_text' (string expected, got table)")
    assert.has_error(function() qy.write_text(dir .. "/no/x.md", "x") end,
      "cannot write " .. dir .. "/no/x.md: No such file or directory")
    -- a directory in the way: the rename fails, the temporary file goes
    os.execute("mkdir '" .. dir .. "/d.md'")
    assert.has_error(function() qy.write_text(dir .. "/d.md", "x") end,
      "cannot write " .. dir .. "/d.md: Is a directory")
    assert.equal("d.md", listing(dir))
  end)
end)

describe("qy._gnuplot with an output path", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(h.cleanup)

  it("writes what gnuplot prints as the file", function()
    local p = dir .. "/p.svg"
    assert.is_true((qy._gnuplot("set terminal svg\nset output\nplot x\n", p)))
    assert.truthy(h.read(p):find("^<%?xml"))
    assert.equal("p.svg", listing(dir))
  end)

  it("keeps the old file and leaves no other when gnuplot fails", function()
    local p = h.write(dir .. "/p.svg", "old")
    assert.matches("gnuplot failed: .*undefined",
      h.error_of(qy._gnuplot, "set terminal svg\nset output\nplot x\nplot nosuchfunction(x)\n", p))
    assert.equal("old", h.read(p))
    assert.equal("p.svg", listing(dir))
  end)

  it("says when the file cannot be written, before gnuplot runs", function()
    assert.equal("cannot write " .. dir .. "/no/p.svg: No such file or directory",
      h.error_of(qy._gnuplot, "quit\n", dir .. "/no/p.svg"))
    assert.has_error(function() qy._gnuplot("quit\n", {}) end,
      "bad argument #2 to '_gnuplot' (string expected, got table)")
  end)
end)
