-- dates_spec.lua — dates and periods: add_days, add_months, qy.days_between,
-- format, day, weekday, qy.date, Chinese period labels (c:period(unit,
-- { zh = true }), qy.period_label, c:period_label), with nulls, empty
-- columns and the exact text of errors.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local texts = h.texts

-- The message of f(), which must fail, without the position luaL_error may add.
local function error_of(f) return (h.error_of(f):gsub("^[^:]*:%d+: ", "")) end

local function dates(list) return qy.table{ { name = "d", type = "date", values = list } }.d end
local function ints(list) return qy.table{ { name = "n", type = "int64", values = list } }.n end

describe("add_days and add_months", function()
  local d = dates{"2023-01-31", "2024-01-31", nil, "2023-03-31", "2024-02-29", "2023-12-31", n = 6}

  it("add_days moves by days, across months, years and leap days", function()
    assert.equal("date", d:add_days(1):type())
    assert.equal("2023-02-01 2024-02-01 nil 2023-04-01 2024-03-01 2024-01-01", texts(d:add_days(1)))
    assert.equal("2023-01-30 2024-01-30 nil 2023-03-30 2024-02-28 2023-12-30", texts(d:add_days(-1)))
    assert.equal("2022-01-31 2023-01-31 nil 2022-03-31 2023-03-01 2022-12-31", texts(d:add_days(-365)))
    assert.equal(texts(d), texts(d:add_days(0)))
  end)

  it("add_months clamps to the month's end", function()
    assert.equal("date", d:add_months(1):type())
    assert.equal("2023-02-28 2024-02-29 nil 2023-04-30 2024-03-29 2024-01-31", texts(d:add_months(1)))
    assert.equal("2022-12-31 2023-12-31 nil 2023-02-28 2024-01-29 2023-11-30", texts(d:add_months(-1)))
    assert.equal("2024-01-31 2025-01-31 nil 2024-03-31 2025-02-28 2024-12-31", texts(d:add_months(12)))
    assert.equal("2021-06-30 2022-06-30 nil 2021-08-31 2022-07-29 2022-05-31", texts(d:add_months(-19)))
  end)

  it("takes an int64 column of amounts; a null amount gives null", function()
    local n = ints{1, nil, 5, -1, 12, 0, n = 6}
    assert.equal("2023-02-01 nil nil 2023-03-30 2024-03-12 2023-12-31", texts(d:add_days(n)))
    assert.equal("2023-02-28 nil nil 2023-02-28 2025-02-28 2023-12-31", texts(d:add_months(n)))
  end)

  it("works on empty and all-null columns and inside with", function()
    assert.equal(0, #dates{}:add_days(3))
    assert.equal(0, #dates{}:add_months(3))
    assert.equal("nil nil", texts(dates{nil, nil, n = 2}:add_months(1)))
    local t = qy.table{ { name = "签约日期", type = "date", values = {"2023-06-30"} } }
    local w = t:with{ ["到期日"] = t["签约日期"]:add_months(6) }
    assert.equal("2023-12-30", w["到期日"][1])
  end)

  it("names what is wrong", function()
    assert.equal("bad argument #1 to 'add_days' ('9999-12-31' + 1 days at row 1 is out of range)",
                 error_of(function() return dates{"9999-12-31"}:add_days(1) end))
    assert.equal("bad argument #1 to 'add_months' ('2023-07-20' + -30000 months at row 2 is out of range)",
                 error_of(function() return dates{nil, "2023-07-20", n = 2}:add_months(-30000) end))
    assert.equal("calling 'add_days' on bad self (add_days needs a date column, not int64)",
                 error_of(function() return ints{1}:add_days(1) end))
    assert.equal("calling 'add_months' on bad self (add_months needs a date column, not string)",
                 error_of(function() return qy.table{ s = {"2023-05"} }.s:add_months(1) end))
    assert.equal("bad argument #1 to 'add_days' (number has no integer representation)",
                 error_of(function() return d:add_days(1.5) end))
    assert.equal("bad argument #1 to 'add_months' (number expected, got no value)",
                 error_of(function() return d:add_months() end))
    assert.equal("bad argument #1 to 'add_days' (the days must be an integer or an int64 column, not date)",
                 error_of(function() return d:add_days(d) end))
    assert.equal("bad argument #1 to 'add_months' (columns of 6 and 1 rows)",
                 error_of(function() return d:add_months(ints{1}) end))
  end)
end)

describe("qy.days_between", function()
  local a = dates{"2023-01-01", nil, "2024-02-28", "2023-07-20", n = 4}
  local b = dates{"2023-07-20", "2023-01-01", "2024-03-01", "2023-01-01"}

  it("is b - a in days, int64, null for null", function()
    local r = qy.days_between(a, b)
    assert.equal("int64", r:type())
    assert.equal("200 nil 2 -200", texts(r))
    assert.equal("0 nil 423 200", texts(qy.days_between("2023-01-01", a)))
    assert.equal("0 nil -423 -200", texts(qy.days_between(a, "2023年1月1日")))
    assert.equal(0, #qy.days_between(dates{}, "2023-01-01"))
  end)

  it("gives a Lua integer for two strings", function()
    assert.equal(200, qy.days_between("2023-01-01", "2023-07-20"))
    assert.equal(math.type(qy.days_between("2023-01-01", "2023/7/20")), "integer")
    assert.equal(-366, qy.days_between("2024-12-31", "2023-12-31"))
    assert.equal(29, qy.days_between("2024-02-01", "2024-03-01"))
  end)

  it("names what is wrong", function()
    assert.equal("bad argument #2 to 'days_between' ('2023-02-29' is not a date)",
                 error_of(function() return qy.days_between(a, "2023-02-29") end))
    assert.equal("bad argument #1 to 'days_between' (a date column or date string expected, got int64 column)",
                 error_of(function() return qy.days_between(ints{1}, a) end))
    assert.equal("bad argument #2 to 'days_between' (a date column or date string expected, got no value)",
                 error_of(function() return qy.days_between(a) end))
    assert.equal("bad argument #1 to 'days_between' (a date column or date string expected, got number)",
                 error_of(function() return qy.days_between(20230101, a) end))
    assert.equal("bad argument #2 to 'days_between' (columns of 4 and 1 rows)",
                 error_of(function() return qy.days_between(a, dates{"2023-01-01"}) end))
  end)
end)

describe("format", function()
  local d = dates{"2023-07-20", nil, "2023-07-02", "2023-07-20", "2024-12-31", n = 5}

  it("writes strftime-like codes, other text as it is", function()
    local r = d:format("%Y年%-m月%-d日")
    assert.equal("string", r:type())
    assert.equal("2023年7月20日 nil 2023年7月2日 2023年7月20日 2024年12月31日", texts(r))
    assert.equal("2023-07-20 nil 2023-07-02 2023-07-20 2024-12-31", texts(d:format("%Y-%m-%d")))
    assert.equal("20/07/23 nil 02/07/23 20/07/23 31/12/24", texts(d:format("%d/%m/%y")))
    assert.equal("201 nil 183 201 366", texts(d:format("%j")))
    assert.equal("100% nil 100% 100% 100%", texts(d:format("100%%")))
    assert.equal("签约 nil 签约 签约 签约", texts(d:format("签约")))
    assert.equal(2, d:format("%Y"):nunique())
  end)

  it("works on empty and all-null columns", function()
    assert.equal(0, #dates{}:format("%Y"))
    assert.equal("nil nil", texts(dates{nil, nil, n = 2}:format("%Y")))
  end)

  it("names an unknown code", function()
    assert.equal("bad argument #1 to 'format' (unknown code '%H' in the date format (known: %Y %m %d %-m %-d %y %j %%))",
                 error_of(function() return d:format("%Y-%m-%d %H:%M") end))
    assert.equal("bad argument #1 to 'format' (unknown code '%月' in the date format (known: %Y %m %d %-m %-d %y %j %%))",
                 error_of(function() return d:format("%Y年%月") end))
    assert.equal("bad argument #1 to 'format' (unknown code '%' in the date format (known: %Y %m %d %-m %-d %y %j %%))",
                 error_of(function() return d:format("100%") end))
    assert.equal("calling 'format' on bad self (format needs a date column, not int64)",
                 error_of(function() return ints{1}:format("%Y") end))
    assert.equal("bad argument #1 to 'format' (string expected, got no value)",
                 error_of(function() return d:format() end))
  end)
end)

describe("day and weekday", function()
  it("day is 1..31 and weekday ISO 8601, Monday 1 .. Sunday 7", function()
    local d = dates{"2023-07-17", "2023-07-23", nil, "2024-02-29", "2023-01-31", "1969-12-31", n = 6}
    assert.equal("int64", d:day():type())
    assert.equal("17 23 nil 29 31 31", texts(d:day()))
    assert.equal("1 7 nil 4 2 3", texts(d:weekday()))
    assert.equal(0, #dates{}:weekday())
  end)

  it("take what year() takes: a month string is its first day", function()
    local m = qy.table{ m = {"2023-05", nil, "2023-06-30", "2023年7月20日", n = 4} }.m
    assert.equal("1 nil 30 20", texts(m:day()))
    assert.equal("1 nil 5 4", texts(m:weekday()))
    assert.equal("calling 'day' on bad self ('总计' at row 2 is not a month (YYYY-MM))",
                 error_of(function() return qy.table{ m = {"2023-05", "总计"} }.m:day() end))
    assert.equal("calling 'weekday' on bad self (periods need a date column or months (YYYY-MM), not int64)",
                 error_of(function() return ints{1}:weekday() end))
  end)
end)

describe("qy.date", function()
  it("normalizes what qy_date_parse reads", function()
    assert.equal("2023-07-20", qy.date("2023-07-20"))
    assert.equal("2023-07-20", qy.date("2023年7月20日"))
    assert.equal("2023-07-02", qy.date("2023/7/2"))
    assert.equal("2024-02-29", qy.date("2024-2-29"))
    assert.equal("2023-07-20", qy.date(2023, 7, 20))
    assert.equal("0001-01-01", qy.date(1, 1, 1))
  end)

  it("computes period bounds with the verbs", function()
    local t = qy.table{ { name = "d", type = "date", values = {"2023-06-30", "2023-07-01", "2023-01-01", nil, n = 4} } }
    local from, to = qy.date(2023, 1, 1), qy.date(2023, 6, 30)
    assert.equal(2, #t:filter(t.d:between(from, to)))
    assert.equal(to, t.d:add_months(6):add_days(-1)[3])
  end)

  it("names what is not a date", function()
    assert.equal("bad argument #1 to 'date' ('2023-02-29' is not a date)",
                 error_of(function() return qy.date("2023-02-29") end))
    assert.equal("bad argument #1 to 'date' ('2023.07.20' is not a date)",
                 error_of(function() return qy.date("2023.07.20") end))
    assert.equal("bad argument #3 to 'date' ('2023-02-29' is not a date)",
                 error_of(function() return qy.date(2023, 2, 29) end))
    assert.equal("bad argument #2 to 'date' (month 13 is not 1..12)",
                 error_of(function() return qy.date(2023, 13, 1) end))
    assert.equal("bad argument #1 to 'date' (year 0 is not 1..9999)",
                 error_of(function() return qy.date(0, 1, 1) end))
    assert.equal("bad argument #3 to 'date' (day 32 is not 1..31)",
                 error_of(function() return qy.date(2023, 1, 32) end))
    assert.equal("bad argument #3 to 'date' (number expected, got no value)",
                 error_of(function() return qy.date(2023, 1) end))
    assert.equal("bad argument #1 to 'date' (string expected, got no value)",
                 error_of(function() return qy.date() end))
  end)
end)

describe("Chinese period labels", function()
  local d = dates{"2023-06-30", "2023-07-01", nil, "2022-12-31", "2023-04-01", "2023-01-05", n = 6}

  it("c:period(unit, { zh = true }) writes them as statistical reports do", function()
    assert.equal("2023年 2023年 nil 2022年 2023年 2023年", texts(d:period("Y", { zh = true })))
    assert.equal("2023年上半年 2023年下半年 nil 2022年下半年 2023年上半年 2023年上半年",
                 texts(d:period("H", { zh = true })))
    assert.equal("2023年二季度 2023年三季度 nil 2022年四季度 2023年二季度 2023年一季度",
                 texts(d:period("Q", { zh = true })))
    assert.equal("2023年6月 2023年7月 nil 2022年12月 2023年4月 2023年1月",
                 texts(d:period("M", { zh = true })))
    assert.equal("2023Q2", d:period("Q", { zh = false })[1])
    assert.equal("2023Q2", d:period("Q", {})[1])
    local m = qy.table{ m = {"2023-05", "2023/11"} }.m
    assert.equal("2023年5月 2023年11月", texts(m:period("M", { zh = true })))
    assert.equal(0, #dates{}:period("Q", { zh = true }))
  end)

  it("qy.period_label turns a coded label into the Chinese one", function()
    assert.equal("2023年", qy.period_label("2023"))
    assert.equal("2023年上半年", qy.period_label("2023H1"))
    assert.equal("2023年下半年", qy.period_label("2023H2"))
    assert.equal("2023年一季度", qy.period_label("2023Q1"))
    assert.equal("2023年二季度", qy.period_label("2023Q2"))
    assert.equal("2023年三季度", qy.period_label("2023Q3"))
    assert.equal("2023年四季度", qy.period_label("2023Q4"))
    assert.equal("2023年5月", qy.period_label("2023-05"))
    assert.equal("2023年12月", qy.period_label("2023-12"))
    for _, bad in ipairs{"2023Q5", "2023H3", "2023-13", "2023-5", "23Q1", "总计", ""} do
      assert.equal(string.format("bad argument #1 to 'period_label' ('%s' is not a period label "
                                 .. "(2023, 2023H1, 2023Q2, 2023-05))", bad),
                   error_of(function() return qy.period_label(bad) end))
    end
    assert.equal("bad argument #1 to 'period_label' (string expected, got no value)",
                 error_of(function() return qy.period_label() end))
  end)

  it("c:period_label() does a column, as pivot's column names come", function()
    local q = d:period("Q")
    assert.equal(texts(d:period("Q", { zh = true })), texts(q:period_label()))
    local labels = qy.table{ p = {"2023Q2", nil, "2023H1", "2023-05", "2023", "2023Q2", n = 6} }.p
    local zh = labels:period_label()
    assert.equal("string", zh:type())
    assert.equal("2023年二季度 nil 2023年上半年 2023年5月 2023年 2023年二季度", texts(zh))
    assert.equal(4, zh:nunique())
    assert.equal(0, #qy.table{ p = {} }.p:period_label())
    local pivot = qy.table{ q = {"2023Q1", "2023Q2"}, x = {1, 2} }:pivot{ cols = "q", values = "x", agg = "sum" }
    local names = pivot:names()
    assert.equal("2023年一季度 2023年二季度",
                 texts(qy.table{ p = names }.p:period_label()))
  end)

  it("names a row that is no label, and bad options", function()
    assert.equal("calling 'period_label' on bad self ('合计' at row 3 is not a period label (2023, 2023H1, 2023Q2, 2023-05))",
                 error_of(function() return qy.table{ p = {"2023Q1", nil, "合计", n = 3} }.p:period_label() end))
    assert.equal("calling 'period_label' on bad self (period labels are strings, not date)",
                 error_of(function() return d:period_label() end))
    assert.equal("bad argument #2 to 'period' (option 'zh' must be a boolean)",
                 error_of(function() return d:period("Q", { zh = 1 }) end))
    assert.equal("bad argument #2 to 'period' (unknown option 'cn')",
                 error_of(function() return d:period("Q", { cn = true }) end))
  end)

  it("do not sort chronologically as bytes: sort by the coded label", function()
    local zh = {}
    for _, q in ipairs{"2023Q1", "2023Q2", "2023Q3", "2023Q4"} do zh[#zh + 1] = qy.period_label(q) end
    local sorted = {table.unpack(zh)}
    table.sort(sorted)
    assert.same({"2023年一季度", "2023年三季度", "2023年二季度", "2023年四季度"}, sorted)
  end)
end)
