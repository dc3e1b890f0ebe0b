-- expr_spec.lua — column expressions: arithmetic, comparisons, & | ~,
-- membership, dates and periods, and a real filter checked by hand.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function values(c) return c:totable() end

local texts = h.texts

-- A bool column as letters: T, F, . for null.
local function bits(c)
  local out = {}
  for i = 1, #c do
    local v = c[i]
    out[i] = v == nil and "." or v and "T" or "F"
  end
  return table.concat(out)
end

local function money(list, scale)
  return qy.table{ { name = "amount", type = "decimal(" .. (scale or 2) .. ")", values = list } }.amount
end

describe("arithmetic", function()
  local p = qy.table{ { name = "amount", type = "decimal(2)", values = {"0.10", "0.20", "1272.65", nil, n = 4} },
                      { name = "tenths", type = "decimal(1)", values = {"0.1", "0.7", "-2.5", "1.0"} },
                      { name = "funds", type = "decimal(2)", values = {"1.00", "0.00", "2545.30", "1.00"} },
                      { name = "n", values = {1, 2, 3, 4} } }

  it("keeps money exact: decimal times an integer, decimals at two scales", function()
    local r = p.amount * 10000
    assert.equal("decimal(2)", r:type())
    assert.equal("1000.00 2000.00 12726500.00 nil", texts(r))
    local s = p.tenths + p.amount
    assert.equal("decimal(2)", s:type())
    assert.equal("0.20 0.90 1270.15 nil", texts(s))
    assert.equal("0.00 0.50 -1275.15 nil", texts(p.tenths - p.amount))
    assert.equal("0.30 0.40 1272.85 nil", texts(p.amount + 0.20))    -- a Lua number becomes 0.20
    assert.equal("9.90 9.80 -1262.65 nil", texts(10 - p.amount))
    assert.equal("0.20 0.40 2545.30 nil", texts(2 * p.amount))
    assert.equal("decimal(4)", (p.amount * p.amount):type())
    assert.equal("-0.10 -0.20 -1272.65 nil", texts(-p.amount))
  end)

  it("divides into floats, with null for division by zero", function()
    local r = p.funds / p.amount
    assert.equal("float64", r:type())
    assert.same({10, 0, 2, nil, n = 4}, values(r))
    assert.same({nil, nil, nil, nil, n = 4}, values(p.amount / 0))
    assert.same({0.1, nil, 0.5, nil, n = 4}, values(p.amount / p.funds))
    assert.same({0.5, 1, 1.5, 2}, { (p.n / 2)[1], (p.n / 2)[2], (p.n / 2)[3], (p.n / 2)[4] })
    assert.equal("int64", (p.n * p.n - 1):type())
    assert.equal("float64", (p.n + 0.5):type())
  end)

  it("names the operands and the row on overflow", function()
    local big = qy.table{ { name = "amount", type = "decimal(2)", values = {"1.00", "92233720368547758.07"} } }
    assert.matches("amount %* 10000: overflow at row 2",
                   h.error_of(function() return big.amount * 10000 end))
    assert.matches("amount %+ amount: overflow at row 2",
                   h.error_of(function() return big.amount + big.amount end))
    assert.matches("decimal%(2%) %+ amount: overflow at row 2",
                   h.error_of(function() return (big.amount * 1) + big.amount end))
    assert.matches("%-amount: overflow at row 1",
                   h.error_of(function() return -qy.table{ amount = {math.mininteger} }.amount end))
  end)

  it("refuses what does not compute", function()
    local t = qy.table{ county = {"环县"}, d = {"2023-06-30"}, x = {1} }
    assert.matches("cannot add string and int64", h.error_of(function() return t.county + 1 end))
    assert.matches("cannot divide int64 by bool", h.error_of(function() return t.x / true end))
    assert.matches("a number, string, boolean or nil expected, got table",
                   h.error_of(function() return t.x + {} end))
    assert.matches("columns of 1 and 4 rows", h.error_of(function() return t.x + p.n end))
  end)

  it("moves dates by days and counts days between them", function()
    local t = qy.read_csv(h.path("data/projects.csv")):head(2)
    assert.equal("2021-01-31 2021-02-01", texts(t.sign_date + 30))
    assert.equal("date", (t.sign_date - 1):type())
    assert.same({220, 127, n = 2}, values(t.start_date - t.sign_date))
    assert.same({-729, -728, n = 2}, values(t.sign_date - "2022-12-31"))
  end)
end)

describe("comparisons", function()
  local t = qy.table{ { name = "county", values = {"环县", "宁县", "Zhen", nil, "环县城", n = 5} },
                      { name = "amount", type = "decimal(2)", values = {"0.04", "0.05", "0.06", nil, "1.00", n = 5} },
                      { name = "day", type = "date", values = {"2023-06-29", "2023-06-30", "2023-07-01", "2023-12-31", nil, n = 5} } }

  it("compares numbers by value, exactly", function()
    assert.equal("FTF.F", bits(t.amount:eq(0.05)))
    assert.equal("TFT.T", bits(t.amount:ne(0.05)))
    assert.equal("TFF.F", bits(t.amount:lt(0.05)))
    assert.equal("TTF.F", bits(t.amount:le(0.05)))
    assert.equal("FFT.T", bits(t.amount:gt(0.05)))
    assert.equal("FTT.T", bits(t.amount:ge(0.05)))
    assert.equal("FFF.T", bits(t.amount:ge(1)))
    assert.equal("FFT.T", bits(t.amount:gt(0.055)))
    assert.equal(".....", bits(t.amount:eq(nil)))
    assert.equal("bool", t.amount:eq(1):type())
  end)

  it("compares strings by their bytes, CJK included", function()
    assert.equal("TFF.F", bits(t.county:eq("环县")))
    assert.equal("FFF.F", bits(t.county:eq("西峰区")))
    assert.equal("TTT.T", bits(t.county:ne("西峰区")))
    assert.equal("FTT.F", bits(t.county:lt("环县")))     -- 宁 < 环, Latin first, prefix first
    assert.equal("TFF.T", bits(t.county:ge("环县")))
    local u = qy.table{ c = {"宁县", "宁县", "Zhen", "环县", "环县城"} }
    assert.equal("FTT.T", bits(t.county:eq(u.c)))
    assert.equal("TFF.F", bits(t.county:gt(u.c)))
  end)

  it("takes dates as text", function()
    assert.equal("FTFF.", bits(t.day:eq("2023-06-30")))
    assert.equal("TTFF.", bits(t.day:le("2023-06-30")))
    assert.equal("FTTF.", bits(t.day:between("2023-06-30", "2023-09-30")))
    assert.equal("TFFT.", bits(t.day:isin{"2023-06-29", "2023-12-31"}))
    assert.matches("bad argument #1 to 'isin' %(value 2: '2023%-02%-30' is not a date%)",
                   h.error_of(function() return t.day:isin{"2023-06-30", "2023-02-30"} end))
    assert.matches("bad argument #1 to 'isin' %(value 1 is a table%)",
                   h.error_of(function() return t.day:isin{{}} end))
    assert.matches("bad argument #1 to 'lt' %('2023%-13%-01' is not a date%)",
                   h.error_of(function() return t.day:lt("2023-13-01") end))
  end)

  it("between, isin, isnull, notnull, contains", function()
    assert.equal("FTT.F", bits(t.amount:between(0.05, 0.5)))
    assert.equal("TFF.T", bits(t.county:isin{"环县", "环县城", "不存在"}))
    assert.equal("FFF.F", bits(t.county:isin{}))
    assert.equal("FTF.T", bits(t.amount:isin{0.05, 1}))
    assert.equal("FFFTF", bits(t.county:isnull()))
    assert.equal("TTTFT", bits(t.county:notnull()))
    assert.equal("TFF.T", bits(t.county:contains("环")))
    assert.equal("FFF.T", bits(t.county:contains("县城")))
  end)

  it("says which argument does not compare", function()
    assert.matches("bad argument #1 to 'lt' %(cannot compare string and int64%)",
                   h.error_of(function() return t.county:lt(3) end))
    assert.matches("bad argument #1 to 'eq' %(cannot compare decimal%(2%) and string%)",
                   h.error_of(function() return t.amount:eq("x") end))
    assert.matches("bad argument #1 to 'isin' %(cannot compare string and int64%)",
                   h.error_of(function() return t.county:isin{"环县", 1} end))
    assert.matches("bad argument #1 to 'isin' %(table expected, got string%)",
                   h.error_of(function() return t.county:isin("环县") end))
    assert.matches("calling 'contains' on bad self %(contains needs a string column, not decimal%(2%)%)",
                   h.error_of(function() return t.amount:contains("1") end))
    assert.matches("bad argument #1 to 'eq' %(value expected%)",
                   h.error_of(function() return t.amount:eq() end))
  end)
end)

describe("& | ~", function()
  local t = qy.table{ { name = "a", type = "bool", values = {true, true, true, false, false, false, nil, nil, nil, n = 9} },
                      { name = "b", type = "bool", values = {true, false, nil, true, false, nil, true, false, nil, n = 9} } }

  it("follow Kleene's truth tables", function()
    assert.equal("TF.FFF.F.", bits(t.a & t.b))
    assert.equal("TTTTF.T..", bits(t.a | t.b))
    assert.equal("FFFTTT...", bits(~t.a))
    assert.equal("FT.FT.FT.", bits(~t.b))
  end)

  it("want bool columns", function()
    local x = qy.table{ n = {1} }
    assert.matches("and needs bool columns, not int64", h.error_of(function() return x.n & x.n end))
    assert.matches("qy.column expected, got boolean", h.error_of(function() return t.a | true end))
  end)
end)

describe("dates and periods", function()
  local t = qy.table{ { name = "d", type = "date", values = {"2023-06-30", "2023-07-01", nil, "2022-12-31", n = 4} } }

  it("gives calendar parts", function()
    assert.same({2023, 2023, nil, 2022, n = 4}, values(t.d:year()))
    assert.same({1, 2, nil, 2, n = 4}, values(t.d:half()))
    assert.same({2, 3, nil, 4, n = 4}, values(t.d:quarter()))
    assert.same({6, 7, nil, 12, n = 4}, values(t.d:month()))
    assert.equal("int64", t.d:year():type())
  end)

  it("labels periods that sort chronologically", function()
    assert.same({"2023Q2", "2023Q3", nil, "2022Q4", n = 4}, values(t.d:period("Q")))
    assert.same({"2023H1", "2023H2", nil, "2022H2", n = 4}, values(t.d:period("H")))
    assert.same({"2023-06", "2023-07", nil, "2022-12", n = 4}, values(t.d:period("M")))
    assert.same({"2023", "2023", nil, "2022", n = 4}, values(t.d:period("Y")))
    assert.equal("string", t.d:period("Q"):type())
  end)

  it("reads months written YYYY-MM", function()
    local f = qy.read_csv(h.path("data/funds.csv"))
    local i = 1
    while f.month[i] ~= "2023-05" do i = i + 1 end
    assert.equal("2023Q2", f.month:period("Q")[i])
    assert.equal("2023H1", f.month:period("H")[i])
    assert.equal("2023-05", f.month:period("M")[i])
    assert.equal(5, f.month:month()[i])
    assert.equal(2023, f.month:year()[i])
    -- the H1 2023 rows, counted by hand
    local n = 0
    for k = 1, #f do
      local m = f.month[k]
      if m >= "2023-01" and m <= "2023-06" then n = n + 1 end
    end
    assert.equal(n, #f:filter(f.month:period("H"):eq("2023H1")))
  end)

  it("names bad units and bad months", function()
    assert.matches("bad argument #1 to 'period' %(unknown period 'W' %(expected Y, H, Q or M%)%)",
                   h.error_of(function() return t.d:period("W") end))
    local s = qy.table{ m = {"2023-05", "总计"} }
    assert.matches("calling 'year' on bad self %('总计' at row 2 is not a month %(YYYY%-MM%)%)",
                   h.error_of(function() return s.m:year() end))
    assert.matches("not int64", h.error_of(function() return qy.table{ n = {1} }.n:quarter() end))
  end)
end)

describe("shapes", function()
  it("works on empty, one-row and all-null columns, and inside with", function()
    local p = qy.read_csv(h.path("data/projects.csv"))
    local empty, one = p:head(0), p:head(1)
    assert.equal(0, #(empty.amount * 2))
    assert.equal(0, #empty.kind:eq("新建"))
    assert.equal(0, #empty.sign_date:period("Q"))
    assert.equal("9.14", (one.amount * 2):text(1))
    assert.equal("2021Q1", one.sign_date:period("Q")[1])
    local none = qy.table{ { name = "x", type = "decimal(2)", values = {nil, nil, n = 2} } }.x
    assert.same({nil, nil, n = 2}, values(none + 1))
    assert.equal("..", bits(none:gt(0)))
    assert.equal("TT", bits(none:isnull()))
    local w = p:with{ rate = p.amount / p.amount, q = p.sign_date:period("Q") }
    assert.equal("float64", w.rate:type())
    assert.equal("2021Q1", w.q[1])
  end)
end)

describe("a filter over data/projects.csv", function()
  it("counts what a plain Lua loop over the file counts", function()
    local p = qy.read_csv(h.path("data/projects.csv"))
    local mask = p.kind:eq("新建") & p.amount:ge(0.05) & (p.sign_date:year():eq(2023))
    local f = p:filter(mask)

    local n, total = 0, 0
    local lines = io.lines(h.path("data/projects.csv"))
    local header = {}
    for name in (lines() .. ","):gmatch("([^,]*),") do header[#header + 1] = name end
    local col = {}
    for k, name in ipairs(header) do col[name] = k end
    for line in lines do
      local row = {}
      for v in (line .. ","):gmatch("([^,]*),") do row[#row + 1] = v end
      local cents = math.tointeger(tonumber((row[col.amount]:gsub("%.", ""))))
      if row[col.kind] == "新建" and cents >= 5 and row[col.sign_date]:sub(1, 4) == "2023" then
        n = n + 1
        total = total + cents
      end
    end
    assert.is_true(n > 0)
    assert.equal(n, #f)
    local cents = f.amount * 100
    local sum = 0
    for i = 1, #cents do sum = sum + math.tointeger(tonumber((cents:text(i):gsub("%.00$", "")))) end
    assert.equal(total, sum)
  end)
end)
