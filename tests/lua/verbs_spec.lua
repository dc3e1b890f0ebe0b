-- verbs_spec.lua — filter, select, drop, with, concat.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function values(c) return c:totable() end

describe("select and drop", function()
  local t = qy.table{ { name = "county", values = {"环县", "宁县"} },
                      { name = "amount", type = "decimal(2)", values = {"1.50", "2.25"} },
                      { name = "n", values = {1, 2} } }

  it("keeps the named columns in the order named", function()
    assert.same({"n", "county"}, t:select("n", "county"):names())
    assert.same({"amount"}, t:select{"amount"}:names())
    assert.same({"county", "n"}, t:drop("amount"):names())
    assert.same({}, t:drop("county", "amount", "n"):names())
    assert.equal(2, #t:drop("county", "amount", "n"))
  end)

  it("names unknown and repeated columns", function()
    assert.matches("bad argument #2 to 'select' %(no column 'amout' %(did you mean 'amount'%?%)%)",
                   h.error_of(function() return t:select("n", "amout") end))
    assert.matches("column 'n' named twice", h.error_of(function() return t:select("n", "n") end))
    assert.matches("column names expected", h.error_of(function() return t:drop() end))
  end)
end)

describe("filter", function()
  local t = qy.table{ { name = "x", values = {1, 2, 3, 4} },
                      { name = "keep", type = "bool", values = {true, false, nil, true, n = 4} } }

  it("keeps true rows, drops false and null", function()
    local f = t:filter(t.keep)
    assert.same({1, 4, n = 2}, values(f.x))
    assert.equal(0, #t:filter(t.keep):filter(qy.table{ b = {false, false} }.b))
  end)

  it("refuses masks of another type or length", function()
    assert.matches("bad argument #1 to 'filter' %(the mask must be a bool column, not int64%)",
                   h.error_of(function() return t:filter(t.x) end))
    assert.matches("the mask has 2 rows, the table 4",
                   h.error_of(function() return t:filter(qy.table{ b = {true, true} }.b) end))
    assert.matches("qy.column expected, got number", h.error_of(function() return t:filter(1) end))
  end)
end)

describe("with", function()
  local t = qy.table{ a = {1, 2}, b = {"x", "y"} }

  it("adds keyed columns by name order and replaces in place", function()
    local w = t:with{ z = t.a, c = "常数", a = t.b }
    assert.same({"a", "b", "c", "z"}, w:names())
    assert.same({"x", "y", n = 2}, values(w.a))
    assert.same({"常数", "常数", n = 2}, values(w.c))
    assert.same({1, 2, n = 2}, values(w.z))
    assert.same({"a", "b"}, t:names())   -- the input is unchanged
  end)

  it("keeps the written order in the ordered form, and broadcasts scalars", function()
    local w = t:with{ {"y", 2023}, {"flag", true}, {"none", nil} }
    assert.same({"a", "b", "y", "flag", "none"}, w:names())
    assert.equal("int64", w.y:type())
    assert.equal(2023, w.y[2])
    assert.is_true(w.flag[1])
    assert.equal(2, w.none:nulls())
  end)

  it("refuses columns of another length and non-values", function()
    assert.matches("column 'q' has 3 rows, the table 2",
                   h.error_of(function() return t:with{ q = qy.table{ v = {1, 2, 3} }.v } end))
    assert.matches("bad value for column 'q'", h.error_of(function() return t:with{ q = {} } end))
  end)
end)

describe("qy.concat", function()
  it("appends rows, merging dictionaries and meeting int and decimal", function()
    local a = qy.table{ { name = "k", values = {"环县"} }, { name = "v", values = {1} } }
    local b = qy.table{ { name = "k", values = {"宁县", "环县"} },
                        { name = "v", type = "decimal(2)", values = {"0.25", nil, n = 2} } }
    local c = qy.concat(a, b, a)
    assert.same({"环县", "宁县", "环县", "环县", n = 4}, values(c.k))
    assert.equal("decimal(2)", c.v:type())
    assert.same({"1.00", "0.25"}, {c.v:text(1), c.v:text(2)})
    assert.is_nil(c.v[3])
  end)

  it("refuses tables with other columns or types", function()
    local a = qy.table{ k = {"x"} }
    assert.matches("bad argument #2 to '[%w.]*concat' %(the tables have different columns%)",
                   h.error_of(function() return qy.concat(a, qy.table{ j = {"x"} }) end))
    assert.matches("column 'k': cannot append bool to string",
                   h.error_of(function() return qy.concat(a, qy.table{ k = {true} }) end))
  end)
end)
