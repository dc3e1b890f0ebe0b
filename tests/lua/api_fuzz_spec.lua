-- api_fuzz_spec.lua — what tests/fuzz_api/drive.lua found, kept as
-- regressions: misuse that once crashed must now raise a string error.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local t = qy.table{ x = {1, 2, 3} }
local column_mt = getmetatable(t.x)

describe("the column metamethods called directly", function()
  it("want a column on one side", function()
    assert.matches("bad argument #1 to '.-' %(qy.column expected, got string%)",
                   h.error_of(column_mt.__add, "string", 7.0))
    assert.matches("bad argument #1 to '.-' %(qy.column expected, got number%)",
                   h.error_of(column_mt.__unm, 5, 5))
    assert.matches("bad argument #1 to '.-' %(qy.column expected, got no value%)",
                   h.error_of(column_mt.__div))
    assert.same({2, 3, 4, n = 3}, column_mt.__add(1, t.x):totable())
  end)
end)

describe("comparing two string columns", function()
  it("reads no rank past its dictionaries when a column is all null", function()
    local a = qy.table{ { name = "s", type = "string", values = { n = 3 } } }
    local b = qy.table{ { name = "s", type = "string", values = { n = 3 } } }
    local c = qy.table{ s = { "环县", "宁县", "" } }
    assert.same({ n = 3 }, a.s:gt(b.s):totable())
    assert.same({ n = 3 }, a.s:le(c.s):totable())
    assert.same({ n = 3 }, c.s:lt(a.s):totable())
    assert.same({ false, true, false, n = 3 }, c.s:lt(qy.table{ s = { "宁县", "环县", "" } }.s):totable())
  end)
end)
