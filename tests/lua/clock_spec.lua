-- clock_spec.lua — qy.clock, the monotonic wall clock the benchmarks time with.
local qy = require "qy"

describe("qy.clock", function()
  it("is a float that never goes back", function()
    local a = qy.clock()
    local b = qy.clock()
    assert.equal("float", math.type(a))
    assert.is_true(b >= a)
  end)

  it("counts wall time, not CPU time", function()
    local a = qy.clock()
    os.execute("sleep 0.05")
    local d = qy.clock() - a
    assert.is_true(d >= 0.04, "a 50 ms sleep measured " .. d)
    assert.is_true(d < 5)
  end)
end)
