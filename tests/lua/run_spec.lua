-- run_spec.lua — the private helpers of the docx/pdf writer: qy._run
-- (programs without a shell, stderr captured, a timeout that kills the
-- program's process group), qy._zip_write and qy._rm_rf.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

-- Whether process pid is still running (a zombie is not).
local function running(pid)
  local f = io.open("/proc/" .. pid .. "/stat")
  if not f then return false end
  local state = f:read("a"):match("^%d+ %b() (%a)")
  f:close()
  return state ~= "Z" and state ~= "X"
end

describe("qy._run", function()
  teardown(h.cleanup)

  it("tells success, the exit status and stderr", function()
    assert.same({ true, 0, "" }, { qy._run({ "true" }) })
    assert.same({ false, 3, "到位资金\n" }, { qy._run({ "sh", "-c", "echo 到位资金 >&2; echo out; exit 3" }) })
    assert.same({ true, 0, "a b\n" }, { qy._run({ "sh", "-c", 'echo "$1" >&2', "sh", "a b" }) })
  end)

  it("passes no shell: arguments are words, not commands", function()
    local dir = h.tmpdir()
    local name = dir .. "/a;b $(echo c) `d` *"
    assert.same({ true, 0, "" }, { qy._run({ "touch", name }) })
    local p = io.popen("ls -A '" .. dir .. "'")
    assert.equal("a;b $(echo c) `d` *\n", p:read("a"))
    p:close()
  end)

  it("says a program is not found, or was killed", function()
    assert.same({ false, "not found", "" }, { qy._run({ "qy-no-such-program" }) })
    local dir = h.tmpdir()
    local plain = h.write(dir .. "/plain", "#!/bin/sh\n")           -- not executable
    assert.same({ false, "not found", "" }, { qy._run({ plain }) })
    assert.same({ false, "not found", "" }, { qy._run({ dir }) })      -- a directory
    os.execute("chmod +x '" .. plain .. "'")
    assert.same({ true, 0, "" }, { qy._run({ plain }) })
    assert.same({ false, "signal 9", "" }, { qy._run({ "sh", "-c", "kill -9 $$" }) })
  end)

  it("stops a program and what it started after the timeout", function()
    local t0 = qy.clock()
    local ok, status, stderr = qy._run({ "sh", "-c", "sleep 30 & echo $! >&2; wait" }, { timeout = 0.3 })
    assert.is_false(ok)
    assert.equal("timed out", status)
    assert.is_true(qy.clock() - t0 < 5)
    local child = assert(tonumber(stderr:match("%d+")))
    local gone = false
    for _ = 1, 100 do
      if not running(child) then gone = true break end
      os.execute("sleep 0.02")
    end
    assert.is_true(gone)
  end)

  it("adds and replaces environment variables", function()
    assert.same({ true, 0, "甘肃 /nowhere\n" },
                { qy._run({ "sh", "-c", 'echo "$QY_PROVINCE $HOME" >&2' }, { env = { QY_PROVINCE = "甘肃", HOME = "/nowhere" } }) })
    assert.same({ true, 0, "[unset]\n" },
                { qy._run({ "sh", "-c", 'echo "[${HOME-unset}]" >&2' }, { env = { HOME = false } }) })
  end)

  it("refuses bad arguments", function()
    assert.equal("bad argument #1 to 'qy._run' (argv must list the program and its arguments)",
                 h.error_of(qy._run, {}))
    assert.equal("bad argument #1 to 'qy._run' (argv[2] is not a string)", h.error_of(qy._run, { "true", 1 }))
    assert.equal("bad argument #2 to 'qy._run' (timeout must be a number of seconds above zero)",
                 h.error_of(qy._run, { "true" }, { timeout = 0 }))
    assert.equal("bad argument #2 to 'qy._run' (env must map names to strings (or false))",
                 h.error_of(qy._run, { "true" }, { env = { X = 1 } }))
    assert.equal("bad argument #2 to 'qy._run' (env names must be non-empty, without '=')",
                 h.error_of(qy._run, { "true" }, { env = { ["A=B"] = "c" } }))
  end)
end)

describe("qy._zip_write and qy._rm_rf", function()
  teardown(h.cleanup)

  it("writes members in order, and an error names the path", function()
    local dir = h.tmpdir()
    local zip = dir .. "/a.zip"
    assert.is_true(qy._zip_write(zip, { { "[Content_Types].xml", "<Types/>" }, { "word/媒体.txt", "二进制\0数据" } }))
    local p = io.popen("unzip -Z1 '" .. zip .. "'")
    assert.equal("[Content_Types].xml\nword/媒体.txt\n", p:read("a"))
    p:close()
    p = io.popen("unzip -p '" .. zip .. "' 'word/媒体.txt'")
    assert.equal("二进制\0数据", p:read("a"))
    p:close()
    assert.equal("cannot write " .. dir .. "/a.zip: member a appears twice",
                 h.error_of(qy._zip_write, zip, { { "a", "1" }, { "a", "2" } }))
    assert.equal("bad argument #2 to 'qy._zip_write' (member #1: data is not a string)",
                 h.error_of(qy._zip_write, zip, { { "a" } }))
    assert.equal("bad argument #2 to 'qy._zip_write' (member #1 is not a {name, data} pair)",
                 h.error_of(qy._zip_write, zip, { "a" }))
  end)

  it("removes a tree without following links out of it", function()
    local dir = h.tmpdir()
    local outside = h.tmpdir()
    h.write(outside .. "/keep", "x")
    os.execute("mkdir -p '" .. dir .. "/t/a/b' && touch '" .. dir .. "/t/a/b/c' && ln -s '" .. outside .. "' '" .. dir .. "/t/link'")
    assert.is_true(qy._rm_rf(dir .. "/t"))
    assert.is_nil(io.open(dir .. "/t"))
    assert.equal("x", h.read(outside .. "/keep"))
    assert.is_true(qy._rm_rf(dir .. "/none"))
  end)
end)
