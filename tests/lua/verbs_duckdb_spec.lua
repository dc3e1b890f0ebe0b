-- verbs_duckdb_spec.lua — the verbs of issue 15 (round, ratio, cast, map, fill_null,
-- coalesce, case, `..`, concat_ws, the string and date methods, rename, labelled select,
-- distinct, melt, describe, slice) on the project's real ledgers (data/projects.csv,
-- funds.csv, targets.csv, visits.csv: hundreds of rows, CJK text, nulls) against DuckDB's
-- answers to the same questions, kept in tests/data/verbs/duckdb.expected (written by
-- tests/verbs/oracle.mjs, whose header says how to regenerate it; DuckDB is not needed
-- here). Each query of the oracle has an entry in `computations` below that computes it
-- with qy's verbs; the result must have DuckDB's column names, the qy type matching
-- DuckDB's (BIGINT and INTEGER int64, DECIMAL(w,s) decimal(s), DOUBLE float64, VARCHAR
-- string, DATE date, BOOLEAN bool), the same rows in the same order, and in every cell
-- the same null or the same value: c:text(i) is DuckDB's VARCHAR cast byte for byte
-- (decimals at their scale, dates ISO), a float64 equals DuckDB's DOUBLE exactly.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function unescape(cell)
  if cell == "\\N" then return false end
  return (cell:gsub("\\(.)", { ["\\"] = "\\", t = "\t", n = "\n" }))
end

local function split_tabs(line)
  local cells = {}
  for cell in (line .. "\t"):gmatch("([^\t]*)\t") do cells[#cells + 1] = unescape(cell) end
  return cells
end

-- duckdb.expected as { version =, order = {names}, [name] = { columns = {{name =, type =}},
-- rows = {{cell, ...}} } }; a null cell is false, so rows have no holes.
local function read_expected(path)
  local lines = {}
  for l in io.lines(path) do lines[#lines + 1] = l end
  local expected = { version = lines[1]:match("^duckdb (.+)$"), order = {} }
  local i = 2
  while lines[i] do
    local name = assert(lines[i]:match("^query (.+)$"), path .. ": bad line " .. i)
    local q = { columns = {}, rows = {} }
    i = i + 1
    while lines[i]:match("^column ") do
      local cname, type = lines[i]:match("^column (.*) (%S+)$")
      q.columns[#q.columns + 1] = { name = unescape(cname), type = type }
      i = i + 1
    end
    local n = tonumber((assert(lines[i]:match("^rows (%d+)$"), path .. ": bad line " .. i)))
    for r = 1, n do q.rows[r] = split_tabs(lines[i + r]) end
    i = i + n + 1
    expected[name] = q
    expected.order[#expected.order + 1] = name
  end
  return expected
end

local function qy_type_of(duck)
  if duck == "BIGINT" or duck == "INTEGER" or duck == "HUGEINT" then return "int64" end
  local scale = duck:match("^DECIMAL%(%d+,(%d+)%)$")
  if scale then return "decimal(" .. scale .. ")" end
  return ({ DOUBLE = "float64", VARCHAR = "string", DATE = "date", BOOLEAN = "bool" })[duck]
end

-- qy's type as the DuckDB type the oracle reads the ledgers with.
local function duck_type_of(qy_type)
  local scale = qy_type:match("^decimal%((%d)%)$")
  if scale then return "DECIMAL(18," .. scale .. ")" end
  return ({ int64 = "BIGINT", string = "VARCHAR", date = "DATE", bool = "BOOLEAN" })[qy_type]
end

-- Every disagreement of table t with DuckDB's result q, as text (the first of each column).
local function problems(t, q)
  local out = {}
  local names = t:names()
  if #names ~= #q.columns then
    out[#out + 1] = ("%d columns (%s), DuckDB %d"):format(#names, table.concat(names, ","), #q.columns)
    return out
  end
  if #t ~= #q.rows then out[#out + 1] = ("%d rows, DuckDB %d"):format(#t, #q.rows) end
  for j, col in ipairs(q.columns) do
    local c = t:col(names[j])
    if names[j] ~= col.name then
      out[#out + 1] = ("column %d: qy names it %q, DuckDB %q"):format(j, names[j], col.name)
    end
    if c:type() ~= qy_type_of(col.type) then
      out[#out + 1] = ("column '%s': qy %s, DuckDB %s"):format(col.name, c:type(), col.type)
    end
    for r = 1, math.min(#t, #q.rows) do
      local want, v = q.rows[r][j], c[r]
      local got = v ~= nil and c:text(r) or false
      local same
      if c:type() == "float64" and want and v ~= nil then same = v == tonumber(want)
      else same = got == want end
      if not same then
        out[#out + 1] = ("column '%s' row %d: qy %s, DuckDB %s"):format(
          col.name, r, got and ("%q"):format(got) or "null", want and ("%q"):format(want) or "null")
        break
      end
    end
  end
  return out
end

local L = {
  p = qy.read_csv(h.path("data/projects.csv")),
  f = qy.read_csv(h.path("data/funds.csv")),
  t = qy.read_csv(h.path("data/targets.csv")),
  v = qy.read_csv(h.path("data/visits.csv")),
}

-- describe's `type` column holds qy's type names, which DuckDB has not (the types are
-- checked by the `schemas` query and by every result column's type).
local function describe_of(t) return t:describe():drop("type") end

-- Each query of the oracle, computed with qy's verbs (the SQL is in tests/verbs/oracle.mjs).
local computations = {
  schemas = function()
    local ledger, column, type = {}, {}, {}
    for _, name in ipairs{"f", "p", "t", "v"} do
      for _, s in ipairs(L[name]:schema()) do
        ledger[#ledger + 1], column[#column + 1], type[#type + 1] = name, s.name, duck_type_of(s.type)
      end
    end
    return qy.table{ {name = "ledger", type = "string", values = ledger},
                     {name = "column", type = "string", values = column},
                     {name = "type", type = "string", values = type} }
  end,

  round_amount = function()
    local p = L.p
    return p:select{"id", "amount", {"r1", p.amount:round(1)}, {"r0", p.amount:round(0)},
                    {"neg_r1", (-p.amount):round(1)},
                    {"per_id_r2", qy.ratio(p.amount - 10, p.id, { scale = 4 }):round(2)},
                    {"per_id_r0", qy.ratio(p.amount - 10, p.id, { scale = 4 }):round(0)}}
  end,
  round_sums = function()
    local p = L.p
    return p:with{ r1 = p.amount:round(1), r0 = p.amount:round(0) }:group_by("county"):agg{
      {"amount", qy.sum("amount")}, {"r1", qy.sum("r1")}, {"r0", qy.sum("r0")}, {"n", qy.count()} }
  end,
  round_funds = function()
    local f = L.f
    return f:with{ r1 = f.funds:round(1) }:group_by("month"):agg{
      {"funds", qy.sum("funds")}, {"r1", qy.sum("r1")} }
  end,

  ratio_county = function()
    local f = L.f:join(L.p:select("id", "county"), { project_id = "id" })
    local s = f:filter(f.month:ge("2023")):group_by("county"):agg{ funds = qy.sum("funds") }
    local t = L.t:filter(L.t.year:eq(2023)):join(s, "county")
    return t:select{"county", "funds", "target",
                    {"rate", qy.ratio(t.funds, t.target, { scale = 2, percent = true })},
                    {"share", qy.ratio(t.funds, t.target, { scale = 4 })}}
  end,
  ratio_funds = function()
    local j = L.f:join(L.p:select("id", "amount"), { project_id = "id" })
    return j:select{"project_id", "funds", "amount",
                    {"pct", qy.ratio(j.funds, j.amount, { scale = 4, percent = true })}}
  end,
  ratio_signs = function()
    local p = L.p
    return p:select{"id", {"r3", qy.ratio(p.amount - 10, p.amount, { scale = 3 })},
                    {"p1", qy.ratio(p.amount, p.amount - 4.57, { scale = 1, percent = true })},
                    {"eighths", qy.ratio(p.amount - 10, 8)}, {"id_eighths", qy.ratio(p.id, 8, { scale = 1 })},
                    {"per_id", qy.ratio(p.amount, p.id, { scale = 4 })}}
  end,

  nulls = function()
    local p = L.p
    return p:select{"id", {"origin", qy.coalesce(p.province, p.region)},
      {"start", qy.coalesce(p.start_date, p.sign_date)},
      {"event", p.event:fill_null("无")},
      {"size", qy.case{ {p.amount:ge(10), "大"}, {p.amount:ge(1), "中"}, default = "小" }},
      {"tag", qy.case{ {p.start_date:ge("2023-01-01"), "2023"}, {p.event:notnull(), p.event} }},
      {"lag", qy.days_between(p.sign_date, p.start_date):fill_null(-1)},
      {"local_amount", qy.coalesce(qy.case{ {p.province:eq("甘肃"), p.amount} }, 0)},
      {"replaced", p.amount:replace(4.57, 0)},
      {"p1_or_id", qy.coalesce(qy.ratio(p.amount, p.amount - 4.57, { scale = 1, percent = true }), p.id)},
      {"start_or_end", p.start_date:fill_null("2099-12-31")}}
  end,
  nulls_visits = function()
    local v = L.v
    return v:select{"id", {"enterprises", v.enterprises:replace(4, nil)},
                    {"led", qy.case{ {v.leader_led, "领导带队"} }},
                    {"n_text", v.enterprises:map({ [1] = "一", [2] = "二", [3] = "三" }, "多")},
                    {"holiday", v.date:map{ ["2022-01-01"] = "元旦" }}}
  end,
  map = function()
    local p = L.p
    return p:select{"id", {"digital", p.digital:map{ [true] = "是", [false] = "否" }},
                    {"code", p.county:map({ ["西峰区"] = 1, ["庆城县"] = 2 }, 0)},
                    {"event", p.event:map{ ["津企庆阳行"] = "津" }}}
  end,
  cast = function()
    local p = L.p
    return p:select{"id", {"amount_text", p.amount:cast("string")}, {"id_dec", p.id:cast("decimal(2)")},
      {"amount_float", p.amount:cast("float64")}, {"amount4", p.amount:cast("decimal(4)")},
      {"cents", (p.amount * 100):cast("int64")}, {"digital", p.digital:cast("int64")},
      {"sign_text", p.sign_date:cast("string")}, {"id_back", p.id:cast("string"):cast("int64")},
      {"start_back", p.start_date:cast("string"):cast("date")},
      {"amount_back", p.amount:cast("string"):cast("decimal(2)")}, {"id_float", p.id:cast("float64")},
      {"third", p.amount:cast("float64") / 3}, {"digital_back", (p.digital .. ""):cast("bool")},
      {"amount_parsed", p.amount:cast("string"):cast("float64")}, {"yi", p.amount:round(0):cast("int64")}}
  end,
  concat = function()
    local p = L.p
    return p:select{"id", {"ws", qy.concat_ws("·", p.province, p.event)},
      {"ws3", qy.concat_ws("/", p.county, p.industry, p.province)},
      {"label", p.county .. "·" .. p.amount}, {"nth", "第" .. p.id .. "号"},
      {"ev", p.event .. "：" .. p.county}, {"seven", p.county .. 7},
      {"signed", p.sign_date .. "签约"}, {"dg", p.digital .. ""},
      {"third", (p.amount:cast("float64") / 3) .. ""}, {"below", (p.amount - 10) .. ""},
      {"whole", p.amount:round(0) .. ""}, {"neg_id", -p.id .. ""}}
  end,
  strings = function()
    local p = L.p
    return p:select{"id", {"len", p.name:len()}, {"sub35", p.name:sub(3, 5)},
      {"sub12", p.name:sub(1, 2)}, {"last2", p.name:sub(-2)},
      {"starts", p.name:starts("德川")}, {"ends", p.name:ends("制造项目")},
      {"replaced", p.name:replace("项目", "工程")}, {"investor", p.investor:replace("示例", "")},
      {"after_county", p.name:split("县", 2)}, {"firm", p.investor:split("有限", 1)},
      {"up", ("Qy-" .. p.county):upper()}, {"low", ("QY-" .. p.county .. "-Ab"):lower()},
      {"trimmed", ("  " .. p.county .. " "):trim()}, {"before_county", p.name:match("^(.-)县")},
      {"sub_far", p.name:sub(12, 17)}, {"inner", p.name:sub(2, -2)}, {"last_piece", p.name:split("县", -1)},
      {"firm_rest", p.investor:split("有限", 2)}, {"trim_wide", ("　" .. p.county .. " \t"):trim()}}
  end,
  dates = function()
    local p = L.p
    local s = p.sign_date
    return p:select{"id", {"d30", s:add_days(30)}, {"m1", s:add_months(1)},
      {"m_1", s:add_months(-1)}, {"m13", s:add_months(13)}, {"m_id", s:add_months(p.id)},
      {"m_neg_id", s:add_months(-p.id)}, {"s10", p.start_date:add_days(10)},
      {"s6", p.start_date:add_months(6)}, {"lag", qy.days_between(s, p.start_date)},
      {"to_end", qy.days_between(s, "2023-12-31")}, {"weekday", s:weekday()}, {"day", s:day()},
      {"start_weekday", p.start_date:weekday()}, {"year", s:year()}, {"quarter", s:quarter()},
      {"month", s:month()}, {"zh", s:format("%Y年%-m月%-d日")},
      {"fmt", p.start_date:format("%Y/%m/%d %j %y %%")}}
  end,
  dates_far = function()
    local p = L.p
    local later, earlier = p.sign_date:add_months(p.id), p.sign_date:add_months(-p.id)
    return p:select{"id", {"weekday", later:weekday()}, {"day", later:day()},
      {"later_fmt", later:format("%j %y %-m/%-d")}, {"earlier_weekday", earlier:weekday()},
      {"earlier_fmt", earlier:format("%Y %j %y")}, {"span", qy.days_between(earlier, later)},
      {"back365", later:add_days(-365)}, {"quarter", earlier:quarter()}}
  end,
  dates_visits = function()
    local v = L.v
    return v:select{"id", {"weekday", v.date:weekday()}, {"day", v.date:day()},
      {"md", v.date:format("%-m/%-d %j")}, {"m1", v.date:add_months(1)},
      {"since", qy.days_between(v.date, "2022-01-01")},
      {"until", qy.days_between("2022-01-01", v.date)}}
  end,
  dates_months = function()
    local m = L.f:distinct("month")
    return m:select{"month", {"weekday", m.month:weekday()}, {"day", m.month:day()}}
  end,

  rename = function() return L.t:rename{ county = "县区", target = "目标" } end,
  select_labelled = function()
    local p = L.p
    return p:select{ {"县区", "county"}, {"金额(亿元)", "amount"}, "id", {"万元", p.amount * 10000},
                     {"年份", p.sign_date:year()} }
  end,
  distinct_two = function() return L.p:distinct("county", "industry") end,
  distinct_nulls = function() return L.p:distinct{"province", "event"} end,
  distinct_all = function() return L.v:select("unit", "destination", "leader_led"):distinct() end,
  distinct_keep_all = function() return L.f:distinct("project_id", { keep_all = true }) end,
  melt_dates = function()
    return L.p:select("id", "sign_date", "start_date"):melt{ id = {"id"} }
  end,
  melt_mixed = function()
    return L.p:melt{ id = {"county"}, values = {"id", "amount"} }
  end,
  melt_strings = function()
    return L.p:melt{ id = {"id"}, values = {"province", "event", "county"}, name = "字段", value = "值" }
  end,
  describe_projects = function() return describe_of(L.p) end,
  describe_funds = function() return describe_of(L.f) end,
  describe_targets = function() return describe_of(L.t) end,
  describe_visits = function() return describe_of(L.v) end,
  describe_derived = function()
    local p = L.p
    return describe_of(p:select{ {"lag", qy.days_between(p.sign_date, p.start_date)},
      {"p1", qy.ratio(p.amount, p.amount - 4.57, { scale = 1, percent = true })}, "start_date" })
  end,
  slice_middle = function() return L.p:slice(100, 120) end,
  slice_last = function() return L.v:slice(-5) end,
  slice_none = function() return L.t:slice(5, 2) end,
}

local expected = read_expected(h.path("tests/data/verbs/duckdb.expected"))

describe("issue 15's verbs on the real ledgers agree with DuckDB " .. expected.version, function()

  it("computes every query of the oracle, and no other", function()
    local missing, extra = {}, {}
    for _, name in ipairs(expected.order) do
      if not computations[name] then missing[#missing + 1] = name end
    end
    for name in pairs(computations) do
      if not expected[name] then extra[#extra + 1] = name end
    end
    table.sort(extra)
    assert.same({ missing = {}, extra = {} }, { missing = missing, extra = extra })
  end)

  for _, name in ipairs(expected.order) do
    it(name, function()
      assert.same({}, problems(computations[name](), expected[name]))
    end)
  end
end)
