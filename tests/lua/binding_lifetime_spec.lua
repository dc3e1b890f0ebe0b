-- binding_lifetime_spec.lua — strings the binding reads from the caller's
-- tables stay alive for as long as it uses them, even when nothing else
-- holds them: values an __index metamethod builds afresh, and keys or
-- values the caller's own code replaces while the call is running. Each
-- test frees such a string with a full collection at the moment a dangling
-- pointer would be left, so under `make asan` a lapse is reported as a
-- heap-use-after-free; without the sanitizer the values asserted catch the
-- freed memory being reused.
--
-- All strings here are longer than 40 bytes: Lua interns shorter ones, so
-- an equal constant anywhere would keep them alive and hide the lapse.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

-- A new string object "<word>______..." of 48 bytes each call.
local function long(word) return word .. ("_"):rep(48 - #word) end

-- The message of f's error without the "file:line: " in front.
local function error_of(f) return (h.error_of(f):gsub("^[^:\n]*:%d+: ", "")) end

-- A table that stores nothing: every read first runs a full collection, then
-- returns make(key), built afresh. The collection frees whatever string an
-- earlier read returned and the reader did not keep.
local function proxy(make, length)
  return setmetatable({}, {
    __index = function(_, key)
      collectgarbage()
      return make(key)
    end,
    __len = function()
      collectgarbage()
      return length
    end,
  })
end

-- Replaces every string key and value of tbl by an equal but new string and
-- runs a full collection in between: the old strings, which only tbl held,
-- are freed.
local function renew(tbl)
  local function fresh(s) return type(s) == "string" and s:sub(1) or s end
  local entries = {}
  for k, v in pairs(tbl) do entries[#entries + 1] = {fresh(k), fresh(v)} end
  for k in pairs(tbl) do tbl[k] = nil end
  collectgarbage()
  for _, kv in ipairs(entries) do tbl[kv[1]] = kv[2] end
end

-- A list entry {name, value} served by a proxy: a fresh name each read.
local function entry(word, value)
  return proxy(function(i)
    if i == 1 then return long(word) end
    if i == 2 then return value end
  end, 2)
end

describe("lifetime of strings from Lua", function()
  after_each(h.cleanup)

  it("read_csv{null = proxy}: every null string lives through the read", function()
    local path = h.write(h.tmpdir() .. "/nulls.csv",
      "id,note\n1," .. long("none") .. "\n2," .. long("missing") .. "\n3,kept\n")
    local nulls = proxy(function(i)
      if i == 1 then return long("none") end
      if i == 2 then return long("missing") end
    end, 2)
    local t = qy.read_csv(path, { null = nulls })
    assert.same({nil, nil, "kept", n = 3}, t.note:totable())
    assert.equal(2, t.note:nulls())
  end)

  it("read_csv: types, rename and null strings live through the read when the caller's "
     .. "code replaces them", function()
    local path = h.write(h.tmpdir() .. "/codes.csv",
      "id," .. long("code") .. "\n1,007\n2," .. long("NA") .. "\n")
    local types, rename, null = {}, {}, {long("NA")}
    types[long("zip")] = "string"        -- types name columns after the rename
    rename[long("code")] = long("zip")
    -- Asked for 'quiet' after the options are read, before the file is.
    local opts = setmetatable({ types = types, rename = rename, null = null }, {
      __index = function(_, key)
        if key == "quiet" then
          renew(types)
          renew(rename)
          renew(null)
        end
      end,
    })
    local t = qy.read_csv(path, opts)
    assert.same({"id", long("zip")}, t:names())
    assert.equal("string", t[long("zip")]:type())
    assert.same({"007", nil, n = 2}, t[long("zip")]:totable())
  end)

  it("t:with{ {name, value}, ... }: names read from proxy entries", function()
    local t = qy.table{ x = {1, 2} }
    local out = t:with{ entry("first", 10), entry("second", "b") }
    assert.same({"x", long("first"), long("second")}, out:names())
    assert.same({10, 10, n = 2}, out[long("first")]:totable())
    assert.same({"b", "b", n = 2}, out[long("second")]:totable())
  end)

  it("t:with{ name = window }: the names (keys) live while a window's lookups run", function()
    local t = qy.table{ x = {1, 2, 3} }
    local columns = {}
    columns[long("running")] = qy.cumsum("x")
    columns[long("again")] = qy.cumsum("x")
    local window_mt = getmetatable(qy.cumsum("x"))
    -- A window's absent fields (offset, by) are looked up during t:with.
    window_mt.__index = function(_, key) if key == "by" then renew(columns) end end
    local ok, out = pcall(t.with, t, columns)
    window_mt.__index = nil
    assert(ok, out)
    assert.same({"x", long("again"), long("running")}, out:names())
    assert.same({1, 3, 6, n = 3}, out[long("running")]:totable())
    assert.same({1, 3, 6, n = 3}, out[long("again")]:totable())
  end)

  it("g:agg{ {name, aggregate}, ... }: names read from proxy entries", function()
    local t = qy.table{ g = {"a", "b", "a"}, v = {1, 2, 3} }
    local out = t:group_by("g"):agg{ entry("total", qy.sum("v")), entry("rows", qy.count()) }
    assert.same({"g", long("total"), long("rows")}, out:names())
    assert.same({4, 2, n = 2}, out[long("total")]:totable())
    assert.same({2, 1, n = 2}, out[long("rows")]:totable())
    local whole = t:agg{ entry("total", qy.sum("v")), entry("rows", qy.count()) }
    assert.same({long("total"), long("rows")}, whole:names())
    assert.same({6, n = 1}, whole[long("total")]:totable())
  end)

  it("t:rank(col, {as = ...}): the rank column's name from a proxy", function()
    local t = qy.table{ v = {30, 10, 20} }
    local out = t:rank("v", proxy(function(key)
      if key == "as" then return long("place") end
      if key == "desc" then return true end
    end))
    assert.same({"v", long("place")}, out:names())
    assert.same({1, 3, 2, n = 3}, out[long("place")]:totable())
  end)

  it("qy.table{ {name=, values=}, ... }: the error names both columns read from proxies", function()
    local function spec(word, values)
      return proxy(function(key)
        if key == "name" then return long(word) end
        if key == "values" then return values end
      end)
    end
    assert.equal("bad argument #1 to 'table' (column '" .. long("second") .. "' has 1 values, '"
                 .. long("first") .. "' has 2)",
                 error_of(function() qy.table{ spec("first", {1, 2}), spec("second", {3}) } end))
    local t = qy.table{ spec("first", {1, 2}), spec("second", {3, 4}) }
    assert.same({long("first"), long("second")}, t:names())
    assert.same({3, 4, n = 2}, t[long("second")]:totable())
  end)

  it("qy.table{ name = values }: the names (keys) live while the values' __index runs", function()
    local columns = {}
    local values_mt = { __index = function(_, key) if key == "n" then renew(columns) end end }
    columns[long("alpha")] = setmetatable({1, 2}, values_mt)
    columns[long("beta")] = setmetatable({"x", "y"}, values_mt)
    local t = qy.table(columns)
    assert.same({long("alpha"), long("beta")}, t:names())
    assert.same({"x", "y", n = 2}, t[long("beta")]:totable())
  end)

  it("a:join(b, list with a hole): the key names are the list's strings", function()
    local a = qy.table{ { name = "id", values = {1, 2} }, { name = "x", values = {"p", "q"} } }
    local b = qy.table{ { name = "id", values = {2, 1} }, { name = "x", values = {"q", "p"} },
                        { name = "y", values = {20, 10} } }
    local j = a:join(b, {"id", nil, "x"})
    assert.same({"id", "x", "y"}, j:names())
    assert.same({10, 20, n = 2}, j.y:totable())
  end)
end)
