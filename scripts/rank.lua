-- scripts/rank.lua — rank any dimension of the projects by a measure over a period,
-- with ties; a table in the terminal and, if asked, a horizontal bar chart.
-- Run from anywhere:
--   qylua scripts/rank.lua --by county --measure funds --agg sum --period 2023H1
--                          [--format md,html,docx,pdf,xlsx --out DIR]   (a report, qy.report)
local qy = require "qy"
local report = require "qy.report"

local USAGE = [=[
usage: qylua scripts/rank.lua --by DIM --measure funds|amount|projects --period PERIOD
                              [--agg sum|count|mean|median|min|max] [--top N]
                              [--ties min|dense] [--chart FILE.png|.svg|.pdf]
                              [--format md|html|docx|pdf|xlsx[,...]] [--out DIR]
  --by       a text column of data/projects.csv: county, industry, region,
             province, investor, kind, status, event, name
  --measure  funds (funds in place, by month), amount (signed amount, by signing
             day) or projects (signed projects, counted)
  --period   a year 2023, a half 2023H1, a quarter 2023Q2 or a month 2023-05
  --agg      default sum (count for projects); count of funds counts projects
  --top      keep ranks 1..N (ties at N all kept)
  --ties     min gives 1,2,2,4 (default), dense 1,2,2,3
  --chart    also draw a horizontal bar chart there
  --format   also write the ranking (and its chart) as DIR/report.FORMAT
  --out      where the report goes (default out/rank)
  --help     this message]=]

local function usage_error(msg)
  io.stderr:write("rank.lua: ", msg, "\n", USAGE, "\n")
  os.exit(2)
end

local OPTIONS = { by = true, measure = true, period = true, agg = true, top = true,
                  ties = true, chart = true, format = true, out = true }
local MEASURES = { funds = true, amount = true, projects = true }
local AGGS = { sum = true, count = true, mean = true, median = true, min = true, max = true }

-- "2023" → Y, "2023H1" → H, "2023Q2" → Q, "2023-05" → M: the c:period() granularity.
local function granularity(p)
  if p:match("^%d%d%d%d$") then return "Y" end
  if p:match("^%d%d%d%dH[12]$") then return "H" end
  if p:match("^%d%d%d%dQ[1-4]$") then return "Q" end
  local m = tonumber(p:match("^%d%d%d%d%-(%d%d)$"))
  if m and m >= 1 and m <= 12 then return "M" end
end

local function parse_args(args)
  local opt = { ties = "min" }
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--help" or a == "-h" then print(USAGE); os.exit(0) end
    local name = a:match("^%-%-(.+)$")
    if not name or not OPTIONS[name] then usage_error("unknown option '" .. a .. "'") end
    if args[i + 1] == nil then usage_error(a .. " needs a value") end
    opt[name] = args[i + 1]
    i = i + 2
  end
  for _, o in ipairs{ "by", "measure", "period" } do
    if not opt[o] then usage_error("--" .. o .. " is missing") end
  end
  if not MEASURES[opt.measure] then
    usage_error("--measure '" .. opt.measure .. "' is not funds, amount or projects")
  end
  opt.agg = opt.agg or (opt.measure == "projects" and "count" or "sum")
  if not AGGS[opt.agg] then usage_error("--agg '" .. opt.agg .. "' is not sum, count, mean, median, min or max") end
  if opt.measure == "projects" and opt.agg ~= "count" then
    usage_error("--measure projects counts projects: --agg must be count, not '" .. opt.agg .. "'")
  end
  opt.grain = granularity(opt.period)
  if not opt.grain then usage_error("--period '" .. opt.period .. "' is not like 2023, 2023H1, 2023Q2 or 2023-05") end
  if opt.top then
    opt.top = opt.top:match("^%d+$") and tonumber(opt.top)
    if not opt.top or opt.top < 1 then usage_error("--top needs a whole number from 1") end
  end
  if opt.ties ~= "min" and opt.ties ~= "dense" then usage_error("--ties '" .. opt.ties .. "' is not min or dense") end
  if opt.chart and not (opt.chart:match("%.png$") or opt.chart:match("%.svg$") or opt.chart:match("%.pdf$")) then
    usage_error("--chart '" .. opt.chart .. "' must end in .png, .svg or .pdf")
  end
  if opt.format then
    local err
    opt.formats, err = report.formats(opt.format)
    if not opt.formats then usage_error("--format " .. err) end
  end
  opt.out = opt.out or "out/rank"
  return opt
end

local opt = parse_args(arg)

-- data/ beside scripts/, so the script runs from any directory.
local here = arg[0]:match("^(.*)/scripts/[^/]*$") or "."
local projects = qy.read_csv(here .. "/data/projects.csv")
local labels = qy.read_csv(here .. "/data/labels.csv")

local function label(col)
  local l = labels:filter(labels.table:eq("projects") & labels.column:eq(col))
  return #l > 0 and l.label[1] or col
end

local function check_dimension(by)
  for _, s in ipairs(projects:schema()) do
    if s.name == by and s.type == "string" then return end
  end
  usage_error("--by '" .. by .. "' is not a text column of projects (county, industry, region, province, investor, ...)")
end
check_dimension(opt.by)

-- The rows of the measure with the dimension and the period label `p`;
-- `when` names the column the period comes from, for the "no data" message.
local function measure_rows()
  if opt.measure == "funds" then
    local f = qy.read_csv(here .. "/data/funds.csv")
    f = f:join(projects:select("id", opt.by), { project_id = "id" })
    return f:with{ p = f.month:period(opt.grain) }, f.month, "到位资金", "亿元"
  end
  local p = projects:with{ p = projects.sign_date:period(opt.grain) }
  return p, p.sign_date, opt.measure == "amount" and "签约额" or "签约项目", "亿元"
end

local rows, when, what, unit = measure_rows()
local AGG_WORD = { sum = "", mean = "平均", median = "中位", min = "最小", max = "最大" }
local value_label, aggregate
if opt.agg == "count" then
  -- Funds have one row per project and month: counting them counts projects.
  value_label = opt.measure == "funds" and "有到位资金的项目(个)" or "签约项目(个)"
  aggregate = opt.measure == "funds" and qy.count_distinct("project_id") or qy.count()
else
  local col = opt.measure == "funds" and "funds" or "amount"
  value_label = ("%s%s(%s)"):format(AGG_WORD[opt.agg], what, unit)
  aggregate = qy[opt.agg](col)
end

local sel = rows:filter(rows.p:eq(opt.period))
if #sel == 0 then
  print(("%s 没有%s数据（台账覆盖 %s 至 %s）。"):format(opt.period, what, when:min(), when:max()))
  os.exit(0)
end

local dim_label = label(opt.by)
local g = sel:group_by(opt.by):agg{ v = aggregate }:sort("v", "desc")
g = g:rank("v", { desc = true, ties = opt.ties })
if opt.top then g = g:filter(g:col("rank"):le(opt.top)) end
local shown = g:select{ { "名次", "rank" }, { dim_label, opt.by }, { value_label, "v" } }

local title = ("%s 按%s排名：%s（并列者同名次，其后名次%s）"):format(opt.period, dim_label, value_label,
  opt.ties == "min" and "跳过" or "连续")
local lead = "分县区、分项目数据为模拟数据。"
print(title)
print(lead)
shown:print(#shown)
local r = report.new{ title = title }
r:heading(1, title)
r:quote(lead)
r:table(shown, { caption = ("%s 各%s%s排名"):format(opt.period, dim_label, value_label) })
if opt.agg == "sum" or opt.agg == "count" then
  -- The whole period's total, all groups, to check a ranking against the ledger.
  local total = sel:agg{ v = aggregate }
  local line = ("全部%s合计：%s"):format(dim_label, total.v:text(1))
  print(line)
  r:paragraph(line)
end
if opt.chart then
  local spec = {
    x = dim_label, y = value_label, horizontal = true,
    title = ("%s 各%s%s"):format(opt.period, dim_label, value_label),
    source = "数据来源：市投资促进局台账；分县区、分项目数据为模拟",
  }
  local drawn = { out = opt.chart }
  for k, v in pairs(spec) do drawn[k] = v end
  require("qy.chart").bar(shown, drawn)
  print("图表：" .. opt.chart)
  spec.chart, spec.data, spec.caption = "bar", shown, spec.title
  spec.file = opt.chart:match("([^/]*)%.[^.]*$") .. ".png"
  r:figure(spec)
end
if opt.formats then
  print("报告已写入 " .. table.concat(report.write_all(r, opt.out, "report", opt.formats), "、"))
end
