-- scripts/quarterly.lua — one quarter against the previous quarter (环比) and the
-- same quarter a year earlier (同比): signings and funds in place, per county,
-- industry or region; tables in the terminal, grouped bar charts as PNG.
-- Run from anywhere:  qylua scripts/quarterly.lua 2023Q2 [--by county] [--out DIR]
--                        [--format md,html,docx,pdf,xlsx]   (also a report, qy.report)
local qy = require "qy"
local report = require "qy.report"

local USAGE = [=[
usage: qylua scripts/quarterly.lua QUARTER [--by county|industry|region] [--out DIR]
                                   [--format md|html|docx|pdf|xlsx[,...]]
  QUARTER   e.g. 2023Q2: compared with the previous quarter (环比) and the same
            quarter a year earlier (同比)
  --by      the dimension of the rows (default county)
  --out     where the charts (and the report) go (default out/quarterly)
  --format  also write the tables and charts as DIR/report.FORMAT
  --help    this message]=]

local DIMS = { county = true, industry = true, region = true }

local function usage_error(msg)
  io.stderr:write("quarterly.lua: ", msg, "\n", USAGE, "\n")
  os.exit(2)
end

local function parse_args(args)
  local opt = { by = "county", out = "out/quarterly" }
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--help" or a == "-h" then
      print(USAGE); os.exit(0)
    elseif a == "--by" or a == "--out" or a == "--format" then
      local v = args[i + 1]
      if v == nil then usage_error(a .. " needs a value") end
      opt[a:sub(3)] = v
      i = i + 1
    elseif a:sub(1, 1) == "-" then
      usage_error("unknown option '" .. a .. "'")
    elseif opt.quarter then
      usage_error("one quarter only, got '" .. opt.quarter .. "' and '" .. a .. "'")
    else
      opt.quarter = a
    end
    i = i + 1
  end
  if not opt.quarter then usage_error("QUARTER is missing") end
  local y, q = opt.quarter:match("^(%d%d%d%d)Q([1-4])$")
  if not y then usage_error("QUARTER '" .. opt.quarter .. "' is not like 2023Q2") end
  if not DIMS[opt.by] then usage_error("--by '" .. opt.by .. "' is not county, industry or region") end
  if opt.format then
    local err
    opt.formats, err = report.formats(opt.format)
    if not opt.formats then usage_error("--format " .. err) end
  end
  opt.year, opt.q = tonumber(y), tonumber(q)
  return opt
end

local opt = parse_args(arg)
-- Periods of the comparison, labelled as c:period("Q") labels them.
local this = opt.quarter
local prev = opt.q == 1 and ("%dQ4"):format(opt.year - 1) or ("%dQ%d"):format(opt.year, opt.q - 1)
local yago = ("%dQ%d"):format(opt.year - 1, opt.q)

-- data/ beside scripts/, so the script runs from any directory.
local here = arg[0]:match("^(.*)/scripts/[^/]*$") or "."
local projects = qy.read_csv(here .. "/data/projects.csv")
local funds = qy.read_csv(here .. "/data/funds.csv")
local labels = qy.read_csv(here .. "/data/labels.csv")

local function label(tbl, col)
  local l = labels:filter(labels.table:eq(tbl) & labels.column:eq(col))
  return #l > 0 and l.label[1] or col
end
local dim_label = label("projects", opt.by)

-- Each measure: a table with the dimension, the quarter `q` and the value column.
local signed = projects:with{ q = projects.sign_date:period("Q") }
local paid = funds:join(projects:select("id", opt.by), { project_id = "id" })
paid = paid:with{ q = paid.month:period("Q") }
local measures = {
  { name = "signed_projects", what = "签约项目数", unit = "个", data = signed, agg = "count" },
  { name = "signed_amount", what = "签约额", unit = "亿元", data = signed, values = "amount", agg = "sum" },
  { name = "funds", what = "到位资金", unit = "亿元", data = paid, values = "funds", agg = "sum" },
}

local function has_column(t, name)
  for _, n in ipairs(t:names()) do
    if n == name then return true end
  end
  return false
end

-- A quarter without any rows is outside the ledger: its column is null, not 0,
-- so its percent change is null too.
local function null_column(n, type)
  return qy.table{ { name = "x", type = type, values = { n = n } } }.x
end

-- The comparison table of one measure: rows by this quarter descending, a total
-- row last, percent changes null when the base is 0 or null.
local function compare(m)
  local d = m.data:filter(m.data.q:isin{ this, prev, yago })
  local t = d:pivot{ rows = opt.by, cols = "q", values = m.values, agg = m.agg, fill = 0 }
  for _, q in ipairs{ prev, yago } do
    if not has_column(t, q) then
      t = t:with{ [q] = null_column(#t, m.agg == "count" and "int64" or "decimal(2)") }
    end
  end
  t = t:select(opt.by, this, prev, yago):sort(this, "desc")
  local total = t:agg{ { this, qy.sum(this) }, { prev, qy.sum(prev) }, { yago, qy.sum(yago) } }
  t = qy.concat(t, total:with{ [opt.by] = "合计" }:select(opt.by, this, prev, yago))
  return t:select{ { dim_label, opt.by }, this, prev,
    { "环比(%)", (t:col(this) - t:col(prev)) / t:col(prev) * 100 }, yago,
    { "同比(%)", (t:col(this) - t:col(yago)) / t:col(yago) * 100 } }
end

local function quarter_range(data)
  return data.q:min() .. "–" .. data.q:max()
end

-- The chart of one measure's table, without the total row (it would dwarf the rest).
local function chart_spec(m, t)
  return t:head(#t - 1), {
    x = dim_label, y = { this, prev, yago },
    title = ("%s %s：环比与同比"):format(this, m.what), ylabel = m.unit,
    source = "数据来源：市投资促进局台账；分县区、分项目数据为模拟",
  }
end

local function chart_of(m, t)
  local chart = require "qy.chart"
  local data, spec = chart_spec(m, t)
  spec.out = opt.out .. "/" .. m.name .. ".png"
  chart.bar(data, spec)
  return spec.out
end

local function has_rows(m)
  return #m.data:filter(m.data.q:eq(this)) > 0
end

local any = false
for _, m in ipairs(measures) do any = any or has_rows(m) end
if not any then
  print(("%s 没有数据：签约台账覆盖 %s，到位资金台账覆盖 %s。")
    :format(this, quarter_range(signed), quarter_range(paid)))
  os.exit(0)
end

local title = ("庆阳市招商引资 %s 季度对比（按%s；环比 %s，同比 %s）"):format(this, dim_label, prev, yago)
local lead = "分县区、分项目数据为模拟数据；null 表示无数据或基数为 0。"
print(title)
print(lead)
local r = report.new{ title = title }
r:heading(1, title)
r:quote(lead)
-- The ledgers stop at the report's "as of" day: a quarter running past it is partial.
local last_day = projects.sign_date:max()
if signed.q:max() == this then
  local partial = ("注：%s 只含截至 %s 的数据。"):format(this, last_day)
  print(partial)
  r:note(partial)
end
local charts = {}
for _, m in ipairs(measures) do
  local heading = ("%s（%s）"):format(m.what, m.unit)
  print()
  print(heading)
  r:heading(2, heading)
  if has_rows(m) then
    local t = compare(m)
    t:print(#t)
    charts[#charts + 1] = chart_of(m, t)
    r:table(t, { caption = ("%s%s%s，环比与同比"):format(this, dim_label, m.what) })
    local data, spec = chart_spec(m, t)
    spec.chart, spec.data, spec.file, spec.caption = "bar", data, m.name .. ".png", heading
    r:figure(spec)
  else
    local none = ("%s 没有数据（台账覆盖 %s）"):format(this, quarter_range(m.data))
    print(none)
    r:paragraph(none)
  end
end
print()
print("图表：" .. table.concat(charts, "  "))
if opt.formats then
  print("报告已写入 " .. table.concat(report.write_all(r, opt.out, "report", opt.formats), "、"))
end
