-- table_spec.lua — building tables from Lua values, reading them back, printing.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

describe("qy.table keyed form", function()
  local t = qy.table{ funds = {1.25, 3.50, nil, n = 3}, county = {"环县", "宁县", "西峰区"} }

  it("orders columns by name and infers types", function()
    assert.same({"county", "funds"}, t:names())
    assert.same({{name = "county", type = "string"}, {name = "funds", type = "float64"}}, t:schema())
    assert.equal(3, #t)
    assert.equal(3, t:nrows())
    assert.equal(2, t:ncols())
  end)

  it("gives columns by field, by index and by col()", function()
    assert.equal("环县", t.county[1])
    assert.equal("西峰区", t["county"][3])
    assert.equal(3.5, t:col("funds")[2])
    assert.is_nil(t.funds[3])
    assert.is_nil(t.funds[4])
    assert.is_nil(t.funds[0])
    assert.equal(1, t.funds:nulls())
    assert.equal("funds", t.funds:name())
  end)

  it("gives rows by number", function()
    assert.same({county = "宁县", funds = 3.5}, t[2])
    assert.is_nil(t[4])
  end)

  it("converts columns to Lua tables with n", function()
    local v = t.funds:totable()
    assert.equal(3, v.n)
    assert.equal(1.25, v[1])
    assert.is_nil(v[3])
  end)

  it("infers int64, bool and string", function()
    local u = qy.table{ n = {1, 2, 3}, ok = {true, false, true}, s = {"a", "b", "c"} }
    assert.equal("int64", u.n:type())
    assert.equal("bool", u.ok:type())
    assert.equal("string", u.s:type())
    assert.equal(2, u.n[2])
    assert.is_true(math.type(u.n[2]) == "integer")
    assert.is_false(u.ok[2])
  end)

  it("rejects mixed kinds and unequal lengths", function()
    assert.matches("column 'x' mixes numbers and strings", h.error_of(qy.table, { x = {1, "a"} }))
    assert.matches("bad argument #1 to '[%w.]*table' %(column 'b' has 1 values, 'a' has 2%)",
                   h.error_of(function() return qy.table{ a = {1, 2}, b = {1} } end))
    assert.matches("bad argument #1 to '[%w.]*table' %(table expected, got number%)",
                   h.error_of(function() return qy.table(5) end))
  end)
end)

describe("qy.table ordered form", function()
  local t = qy.table{
    {name = "county", type = "string", values = {"环县", "宁县"}},
    {name = "amount", type = "decimal(2)", values = {"1272.65", 0.30}},
    {name = "day", type = "date", values = {"2023-07-20", "2023年6月30日"}},
    {name = "n", type = "int64", values = {1, nil, n = 2}},
  }

  it("keeps the given order and types", function()
    assert.same({"county", "amount", "day", "n"}, t:names())
    assert.equal("decimal(2)", t.amount:type())
    assert.equal("date", t.day:type())
    assert.equal("2023-06-30", t.day[2])
    assert.equal(1272.65, t.amount[1])
    assert.is_nil(t.n[2])
  end)

  it("keeps money exact: 0.10 + 0.20 + 1272.65 prints 1272.95", function()
    local m = qy.table{ {name = "x", type = "decimal(2)", values = {"0.10", "0.20", "1272.65"}} }
    assert.matches("0.10", tostring(m))
    assert.matches("1272.65", tostring(m))
  end)

  it("gives a value's exact text at the column's scale", function()
    local m = qy.table{ {name = "x", type = "decimal(2)", values = {"500", "0.10", nil, n = 3}} }
    assert.equal("500.00", m.x:text(1))
    assert.equal("0.10", m.x:text(2))
    assert.is_nil(m.x:text(3))
    assert.is_nil(m.x:text(4))
    assert.equal("2023-07-20", t.day:text(1))
  end)

  it("refuses values that do not fit the type", function()
    assert.matches("column 'x': value 1 %(1.234%) is not a decimal%(2%)",
      h.error_of(qy.table, { {name = "x", type = "decimal(2)", values = {1.234}} }))
    assert.matches("column 'd': value 1 %(2023%-02%-30%) is not a date",
      h.error_of(qy.table, { {name = "d", type = "date", values = {"2023-02-30"}} }))
    assert.matches("column 'i': value 1 %(2.5%) is not a int64",
      h.error_of(qy.table, { {name = "i", type = "int64", values = {2.5}} }))
    assert.matches("unknown type 'money'",
      h.error_of(qy.table, { {name = "m", type = "money", values = {1}} }))
  end)
end)

describe("table access errors", function()
  local t = qy.table{ amount = {1, 2}, county = {"a", "b"} }

  it("suggests the closest column name", function()
    assert.matches("no column 'amout' %(did you mean 'amount'%?%)", h.error_of(function() return t.amout end))
    assert.matches("bad argument #1 to 'col' %(no column 'Amount' %(did you mean 'amount'%?%)%)",
                   h.error_of(function() return t:col("Amount") end))
    assert.matches("no column 'zzz'$", h.error_of(function() return t.zzz end))
  end)

  it("lets methods win over columns, col() reach the column", function()
    local u = qy.table{ head = {"x", "y"} }
    assert.equal("function", type(u.head))
    assert.equal("x", u:col("head")[1])
  end)

  it("names the expected type in bad arguments", function()
    assert.matches("bad argument #1 to 'nrows' %(qy.table expected, got number%)",
                   h.error_of(function() local nrows = t.nrows; return nrows(5) end))
    assert.matches("bad argument #1 to 'type' %(qy.column expected, got qy.table%)",
                   h.error_of(function() local c = t.amount; return c.type(t) end))
  end)
end)

describe("head, tail and printing", function()
  local rows = {}
  for i = 1, 30 do rows[i] = i end
  local t = qy.table{ i = rows }

  it("slices rows", function()
    assert.same({1, 2, 3, n = 3}, t:head(3).i:totable())
    assert.same({28, 29, 30, n = 3}, t:tail(3).i:totable())
    assert.equal(5, #t:head())
    assert.equal(30, #t:head(100))
    assert.equal(0, #t:tail(0))
  end)

  it("elides long tables and shows a footer", function()
    local s = tostring(t)
    assert.matches("%(30 rows × 1 column%)", s)
    assert.matches("…", s)
    assert.not_matches("\n%s*15\n", s)
  end)

  it("aligns CJK by display width", function()
    local u = qy.table{ county = {"西峰区", "x"}, n = {1, 22} }
    local lines = {}
    for line in tostring(u):gmatch("[^\n]+") do lines[#lines + 1] = line end
    -- The 'n' column ends at the same display column on every row.
    local function width(s)
      local w = 0
      for _, c in utf8.codes(s) do w = w + ((c >= 0x1100) and 2 or 1) end
      return w
    end
    assert.equal(width(lines[1]), width(lines[4]))
    assert.equal(width(lines[4]), width(lines[5]))
  end)

  it("writes markdown", function()
    local u = qy.table{ county = {"环县", "a|b"}, n = {1, 2} }
    assert.equal("| county | n |\n| --- | ---: |\n| 环县 | 1 |\n| a\\|b | 2 |\n", u:to_markdown())
  end)

  it("shows a cell as the tables do", function()
    local u = qy.table{ x = {1 / 3, nil, 2}, s = {"a|b", nil, "环县"} }
    assert.equal("0.33", u.x:shown(1))
    assert.is_nil(u.x:shown(2))
    assert.equal("2.00", u.x:shown(3))
    assert.equal("0.3333333333333333", u.x:text(1))
    assert.equal("a|b", u.s:shown(1))
    assert.is_nil(u.s:shown(2))
    assert.is_nil(u.s:shown(4))
  end)
end)

describe("columns outlive their table", function()
  it("stays valid after the table is collected", function()
    local c
    do
      local t = qy.table{ v = {"甲", "乙"} }
      c = t.v
    end
    collectgarbage()
    collectgarbage()
    assert.equal("乙", c[2])
    assert.equal(2, #c)
  end)
end)
