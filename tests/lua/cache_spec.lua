-- cache_spec.lua — qy.write / qy.read and qy.read_csv{cache = true}.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

-- Every cell of t as text, with the schema: equal iff the tables are.
local function dump(t)
  local out = {}
  for _, c in ipairs(t:schema()) do
    out[#out + 1] = c.name .. ":" .. c.type .. ":" .. t[c.name]:nulls()
    for i = 1, #t do out[#out + 1] = tostring(t[c.name][i]) end
  end
  return table.concat(out, "|")
end

describe("qy.write and qy.read", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(h.cleanup)

  it("round-trip values, types, names and nulls", function()
    local p = h.write(dir .. "/t.csv",
      "i,d,f,s,day,b,城市\n1,1.50,1e3,x,2023-07-20,true,深圳\n,0.25,,,2023-07-01,,\n-2,,2.5,\"\",,false,东莞\n")
    local t = qy.read_csv(p)
    qy.write(t, dir .. "/t.qyc")
    local back = qy.read(dir .. "/t.qyc")
    assert.equal(dump(t), dump(back))
    assert.equal("i:int64:1|1|nil|-2|d:decimal(2):1|1.5|0.25|nil", dump(back):sub(1, 46))
    assert.same(t:names(), back:names())
    assert.equal("东莞", back["城市"][3])
    assert.is_nil(back.b[2])
  end)

  it("round-trips a table built in Lua, and an empty one", function()
    local t = qy.table{id = {3, 1, 2}, name = {"a", nil, "c"}}
    qy.write(t, dir .. "/a.qyc")
    assert.equal(dump(t), dump(qy.read(dir .. "/a.qyc")))
    local empty = t:filter(t.id:gt(10))
    qy.write(empty, dir .. "/e.qyc")
    local back = qy.read(dir .. "/e.qyc")
    assert.equal(0, #back)
    assert.same({"id", "name"}, back:names())
  end)

  it("refuses bad arguments and names the file in file errors", function()
    assert.has_error(function() qy.write(nil, dir .. "/x.qyc") end,
      "bad argument #1 to 'write' (qy.table expected, got nil)")
    assert.has_error(function() qy.write(qy.table{a = {1}}) end,
      "bad argument #2 to 'write' (string expected, got no value)")
    assert.has_error(function() qy.read() end,
      "bad argument #1 to 'read' (string expected, got no value)")
    local csv = h.write(dir .. "/x.csv", "a\n1\n")
    assert.has_error(function() qy.read(csv) end, csv .. ": not a qy columnar file")
    assert.has_error(function() qy.read(dir .. "/none.qyc") end,
      "cannot open " .. dir .. "/none.qyc: No such file or directory")
    assert.has_error(function() qy.write(qy.table{a = {1}}, dir .. "/no/x.qyc") end,
      "cannot write " .. dir .. "/no/x.qyc: No such file or directory")
  end)
end)

describe("qy.read_csv with cache", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(h.cleanup)

  it("loads the same table from the cache the second time", function()
    local p = h.write(dir .. "/t.csv", "id,amount,city\n1,2.50,深圳\n2,,东莞\n")
    local a, ia = qy.read_csv(p, {cache = true})
    local b, ib = qy.read_csv(p, {cache = true})
    assert.is_false(ia.cached)
    assert.is_true(ib.cached)
    assert.equal(dump(a), dump(b))
    assert.equal("utf-8", ib.encoding)
    local c, ic = qy.read_csv(p)
    assert.is_false(ic.cached)
    assert.equal(dump(a), dump(c))
  end)

  it("keeps an entry per set of options and rebuilds a changed file", function()
    local p = h.write(dir .. "/t.csv", "id,v\n1,2\n")
    qy.read_csv(p, {cache = true})
    local t, info = qy.read_csv(p, {cache = true, types = {v = "string"}})
    assert.is_false(info.cached)
    assert.equal("string", t.v:type())
    h.write(p, "id,v\n1,2\n3,4\n")
    t, info = qy.read_csv(p, {cache = true})
    assert.is_false(info.cached)
    assert.equal(2, #t)
  end)

  it("refuses a cache option that is not a boolean", function()
    assert.has_error(function() qy.read_csv("x.csv", {cache = 1}) end,
      "bad argument #2 to 'read_csv' (option 'cache' must be a boolean)")
  end)
end)
