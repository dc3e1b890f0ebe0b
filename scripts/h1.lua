-- scripts/h1.lua — 庆阳市上半年招商引资工作情况 (the first-half-year report).
-- Recomputes every published figure (data/facts.csv) from the ledgers, marks each
-- one that matches with ✓, and writes the report for the leadership (qy.report):
-- report.md (+ PNG charts beside it), .html, .docx, .pdf or .xlsx.
--   qylua scripts/h1.lua [--year 2023] [--out DIR] [--no-charts] [--format md,docx,...]
-- Runs from any directory: data/ is found beside this script.
local qy = require "qy"
local report = require "qy.report"

local USAGE = "usage: qylua scripts/h1.lua [--year YYYY] [--out DIR] [--no-charts]\n                             [--format md|html|docx|pdf|xlsx[,...]]"

local function usage_error(msg)
  io.stderr:write("h1.lua: ", msg, "\n", USAGE, "\n")
  os.exit(2)
end

local function parse_args(argv)
  local o = { year = 2023, out = "out/h1", charts = true, formats = { "md" } }
  local i = 1
  while i <= #argv do
    local a = argv[i]
    if a == "--year" then
      o.year = tonumber(argv[i + 1] or "")
      if not o.year or o.year % 1 ~= 0 then usage_error("--year needs a year such as 2023") end
      i = i + 2
    elseif a == "--out" then
      o.out = argv[i + 1]
      if not o.out or o.out == "" then usage_error("--out needs a directory") end
      i = i + 2
    elseif a == "--no-charts" then
      o.charts, i = false, i + 1
    elseif a == "--format" then
      local err
      o.formats, err = report.formats(argv[i + 1])
      if not o.formats then usage_error("--format " .. err) end
      i = i + 2
    else
      usage_error("unknown option '" .. tostring(a) .. "'")
    end
  end
  return o
end

local opt = parse_args(arg or {})
local Y = opt.year
local root = arg and arg[0] and arg[0]:match("^(.*)/scripts/[^/]*$") or "."
if arg and arg[0] == "h1.lua" then root = ".." end   -- run from inside scripts/
local function load(name) return qy.read_csv(root .. "/data/" .. name .. ".csv") end

local P, F, T = load("projects"), load("funds"), load("targets")
local V, I, D = load("visits"), load("inbound"), load("digital")
local O, L, facts = load("offices"), load("lanzhou_fair"), load("facts")

-- The report's periods: signings and visits "as of" 07-20 (as published), funds H1.
local AS_OF = Y .. "-07-20"
local function year_to(y, md) return { y .. "-01-01", y .. "-" .. md } end
local SIGN = year_to(Y, "07-20")
local H1 = { Y .. "-01", Y .. "-06" }

---------------------------------------------------------------------------
-- Small helpers
---------------------------------------------------------------------------

-- A sum kept exact: a one-row decimal column (its text is the money as published).
local function sum_of(t, col) return t:agg{ s = qy.sum(col) }.s end
local function sum_text(t, col) return sum_of(t, col):text(1) end
local function as_fig(n) return string.format("%d.00", n) end
local function pct(x) return string.format("%.2f%%", x) end
local YES_NO = { [true] = "是", [false] = "否" }

-- Funds in the published set (out-of-province projects of at least 500万).
local PJ = P:select("id", "county", "province", "amount", "kind", "industry")
local function published_funds(lo, hi)
  local f = F:filter(F.month:between(lo, hi)):join(PJ, { project_id = "id" })
  return f:filter(f.province:notnull() & f.province:ne("甘肃") & f.amount:ge(0.05))
end

---------------------------------------------------------------------------
-- 1 总体情况: every published figure, recomputed
---------------------------------------------------------------------------
local signed = P:filter(P.sign_date:between(SIGN[1], SIGN[2]))
local signed_h1 = P:filter(P.sign_date:between(Y .. "-01-01", Y .. "-06-30"))
local fh1 = published_funds(H1[1], H1[2])
local visits = V:filter(V.date:between(SIGN[1], SIGN[2]))
local led = visits:filter(visits.leader_led:eq(true))
local visits_prev = V:filter(V.date:between((Y - 1) .. "-01-01", (Y - 1) .. "-07-20"))
local function event(name) return P:filter(P.event:eq(name)) end
local CLOUDS = { "华为云", "京东云", "百度云", "阿里云", "国科量子云" }

local got = {}
got.F1, got.F2 = as_fig(#signed), sum_text(signed, "amount")
-- F3 is a statement: every H1 signing has started by the as-of date.
local not_started = signed_h1:filter(signed_h1.start_date:isnull() | signed_h1.start_date:gt(AS_OF))
got.F3 = #not_started == 0 and "是" or ("否（" .. #not_started .. " 个未开工）")
local fair = event("第二十九届兰洽会")
got.F4, got.F5 = as_fig(#fair), sum_text(fair, "amount")
local fair_rank = L:rank("amount", { desc = true, ties = "min" })
got.F6 = as_fig(fair_rank:filter(fair_rank.city:eq("庆阳市")):col("rank")[1])
got.F7, got.F8 = as_fig(#event("津企庆阳行")), sum_text(event("津企庆阳行"), "amount")
got.F9, got.F10 = as_fig(#event("食用菌企业庆阳行")), sum_text(event("食用菌企业庆阳行"), "amount")
got.F11 = as_fig(#D)
got.F12 = as_fig(#D:filter(D.agreement:eq(true)))
got.F13 = as_fig(#D:filter(D.subsidiary:eq(true) & D.agreement:eq(true)))
got.F14 = as_fig(D:filter(D.enterprise:isin(CLOUDS)).enterprise:nunique())
got.F15 = as_fig(#O:filter(O.opened:year():eq(Y)))
got.F16 = as_fig(#O)
got.F18, got.F19 = as_fig(#led), as_fig(led.enterprises:sum() or 0)
got.F20, got.F21 = as_fig(#visits), as_fig(visits.enterprises:sum() or 0)
got.F22 = as_fig(#I:filter(I.date:between(SIGN[1], SIGN[2])))
local met, met_prev = visits.enterprises:sum() or 0, visits_prev.enterprises:sum() or 0
got.F23 = met > met_prev and "是" or "否"
got.F24 = as_fig(fh1.project_id:nunique())
got.F25 = as_fig(fh1:filter(fh1.kind:eq("新建")).project_id:nunique())
got.F26 = as_fig(fh1:filter(fh1.kind:eq("续建")).project_id:nunique())
local plan_t = T:filter(T.year:eq(Y))
local funds_sum, plan_sum = sum_of(fh1, "funds"), sum_of(plan_t, "target")
got.F27, got.F28 = funds_sum:text(1), plan_sum:text(1)
-- funds/plan as a percentage at two decimals, rounded half up, exactly
got.F29 = qy.ratio(funds_sum, plan_sum, { scale = 2, percent = true }):text(1)

-- Counts are stored in facts.csv's decimal(2) column as 259.00: a reader
-- sees 259; money and percentages keep their two decimals.
local function for_reading(text, unit)
  return qy.case{ { unit:isin{ "亿元", "%" }, text }, default = qy.coalesce(text:match("^(.*)%.00$"), text) }
end

-- Each published figure beside the ledgers' one; the two statements (F3, F23)
-- are published as text, "是".
local function check_figures()
  local ids, mine = {}, {}
  for id, v in pairs(got) do ids[#ids + 1], mine[#mine + 1] = id, v end
  local c = facts:join(qy.table{ { name = "id", values = ids }, { name = "mine", values = mine } },
                       "id", { how = "left" })
  local published = qy.coalesce(c.value:cast("string"), c.id:map{ F3 = "是", F23 = "是" })
  local t = c:select{ { "编号", "id" }, { "指标", "figure" },
    { "公布值", for_reading(qy.coalesce(published, "—"), c.unit) },
    { "重算值", qy.coalesce(for_reading(c.mine, c.unit), "—") }, { "单位", "unit" },
    { "核对", qy.case{ { c.mine:isnull(), "仅公开（台账未含）" }, { c.mine:eq(published), "✓" },
                       default = "✗" } } }
  return t, #t:filter(t:col("核对"):eq("✓")), #c:filter(c.mine:notnull())
end
local checks, matched, compared = check_figures()

-- 时间任务双过半: the plan's completion against the share of the year gone by.
local completion = fh1.funds:sum() / plan_t.target:sum() * 100
local time_share = 6 / 12 * 100

---------------------------------------------------------------------------
-- 2 重大活动签约
---------------------------------------------------------------------------
local total_signed = signed.amount:sum()
local events = P:filter(P.event:notnull()):group_by("event")
  :agg{ { "n", qy.count() }, { "amount", qy.sum("amount") } }
events = events:with{ share = events.amount / total_signed * 100 }:sort("amount", "desc")
local events_view = events:select{ { "活动", "event" }, { "签约项目(个)", "n" },
  { "签约额(亿元)", "amount" }, { "占签约总额(%)", "share" } }

---------------------------------------------------------------------------
-- 3 县区排名
---------------------------------------------------------------------------
local county_funds = fh1:group_by("county"):agg{ funds = qy.sum("funds") }
local county_signed = signed:group_by("county"):agg{ { "projects", qy.count() },
                                                     { "signed", qy.sum("amount") } }
local counties = county_funds:join(plan_t:select("county", "target"), "county")
  :join(county_signed, "county", { how = "left" })
-- Completion at two decimals (as charts label it); a rank another county shares reads "4（并列）".
counties = counties:with{ completion = (counties.funds / counties.target * 100):cast("decimal(2)") }
  :rank("funds", { desc = true, ties = "min", as = "funds_rank", mark_ties = "（并列）" })
  :rank("completion", { desc = true, ties = "min", as = "completion_rank" })
  :sort("completion", "desc")

local county_view = counties:select{
  { "完成率排名", "completion_rank" }, { "县区", "county" }, { "上半年到位资金(亿元)", "funds" },
  { "年度任务(亿元)", "target" }, { "完成率(%)", "completion" },
  { "到位资金排名", "funds_rank" },
  { "签约额(亿元)", "signed" }, { "签约项目(个)", "projects" } }

---------------------------------------------------------------------------
-- 4 产业分布, 5 来源地区
---------------------------------------------------------------------------
local function share_table(t, key, label)
  local g = t:group_by(key):agg{ { "n", qy.count() }, { "amount", qy.sum("amount") } }
  g = g:sort("amount", "desc")
  g = g:with{ share = qy.share("amount") }
  g = g:with{ share = g.share * 100 }
  return g, g:select{ { label, key }, { "签约项目(个)", "n" }, { "签约额(亿元)", "amount" },
                      { "占比(%)", "share" } }
end
local industries, industry_view = share_table(signed, "industry", "产业")
local _, region_view = share_table(signed, "region", "地区")
local known = signed:filter(signed.province:notnull())
local _, province_view = share_table(known, "province", "省份")
local unknown_province = #signed - #known

---------------------------------------------------------------------------
-- 6 季度对比 (环比)
---------------------------------------------------------------------------
local Q1, Q2 = Y .. "Q1", Y .. "Q2"
local sq = signed_h1:with{ q = signed_h1.sign_date:period("Q") }
  :pivot{ rows = "county", cols = "q", values = "amount", agg = "sum", fill = 0 }
local fq = fh1:with{ q = fh1.month:period("Q") }
  :pivot{ rows = "county", cols = "q", values = "funds", agg = "sum", fill = 0 }
local quarters = fq:join(sq, "county", { how = "left" })   -- funds' Q1/Q2 first, signings _2
quarters = quarters:with{
  f_change = (quarters:col(Q2) - quarters:col(Q1)) / quarters:col(Q1) * 100,
  s_change = (quarters:col(Q2 .. "_2") - quarters:col(Q1 .. "_2")) / quarters:col(Q1 .. "_2") * 100,
}
-- Counties in the usual order (as the targets list them), not by their bytes.
quarters = quarters:sort("county", { order = plan_t.county:totable() })
local quarter_view = quarters:select{
  { "县区", "county" }, { "一季度签约额(亿元)", Q1 .. "_2" }, { "二季度签约额(亿元)", Q2 .. "_2" },
  { "签约额环比(%)", "s_change" }, { "一季度到位资金(亿元)", Q1 }, { "二季度到位资金(亿元)", Q2 },
  { "到位资金环比(%)", "f_change" } }

---------------------------------------------------------------------------
-- 7 同比: H1 of Y against H1 of Y-1
---------------------------------------------------------------------------
local function change_text(prev, cur) return prev ~= 0 and pct((cur - prev) / prev * 100) or "—" end
local function year_figures(y)
  local s = P:filter(P.sign_date:between(y .. "-01-01", y .. "-06-30"))
  local f = published_funds(y .. "-01", y .. "-06")
  local v = V:filter(V.date:between(y .. "-01-01", y .. "-07-20"))
  return {
    { "签约项目(个)", tostring(#s), #s },
    { "签约额(亿元)", sum_text(s, "amount"), s.amount:sum() or 0 },
    { "到位资金(亿元)", sum_text(f, "funds"), f.funds:sum() or 0 },
    { "外出招商考察(批次，至7月20日)", tostring(#v), #v },
    { "对接目标企业(家，至7月20日)", tostring(v.enterprises:sum() or 0), v.enterprises:sum() or 0 },
  }
end
local function yoy_table()
  local prev, cur = year_figures(Y - 1), year_figures(Y)
  local names, a, b, ch = {}, {}, {}, {}
  for i = 1, #cur do
    names[i], a[i], b[i] = cur[i][1], prev[i][2], cur[i][2]
    ch[i] = change_text(prev[i][3], cur[i][3])
  end
  return qy.table{ { name = "指标", values = names }, { name = (Y - 1) .. "年上半年", values = a },
                   { name = Y .. "年上半年", values = b }, { name = "同比", values = ch } }
end
local yoy_view = yoy_table()

---------------------------------------------------------------------------
-- 8 月度进度
---------------------------------------------------------------------------
local monthly = fh1:group_by("month"):agg{ funds = qy.sum("funds") }:sort("month")
monthly = monthly:with{ cum = qy.cumsum("funds"), m = monthly.month:month() }
local plan = plan_t.target:sum()
monthly = monthly:with{ plan = monthly.m * plan / 12, progress = monthly.cum / plan * 100 }
local monthly_view = monthly:select{ { "月份", "month" }, { "当月到位资金(亿元)", "funds" },
  { "累计到位资金(亿元)", "cum" }, { "计划进度线(亿元)", "plan" }, { "累计完成年度任务(%)", "progress" } }

---------------------------------------------------------------------------
-- 9 数字经济, 10 招商活动, 11 兰洽会
---------------------------------------------------------------------------
local n_agree, n_sub = #D:filter(D.agreement:eq(true)), #D:filter(D.subsidiary:eq(true))
local funnel_view = qy.table{
  { name = "环节", values = { "累计对接联系", "签订合作协议", "注册成立子公司" } },
  { name = "企业(户)", values = { tostring(#D), tostring(n_agree), tostring(n_sub) } },
  { name = "占上一环节", values = { "—", pct(n_agree / #D * 100), pct(n_sub / n_agree * 100) } },
}
local clouds = D:filter(D.enterprise:isin(CLOUDS))
local cloud_view = clouds:select{ { "云服务商", "enterprise" },
  { "首次对接", clouds.contact_date:cast("string") },
  { "签订协议", clouds.agreement:map(YES_NO) }, { "成立子公司", clouds.subsidiary:map(YES_NO) } }

local function visit_view()
  local others = visits:filter(visits.leader_led:eq(false))
  return qy.table{
    { name = "外出招商", values = { "市级领导带队", "其他（县区、部门）", "合计" } },
    { name = "批次", values = { tostring(#led), tostring(#others), tostring(#visits) } },
    { name = "对接企业(家)", values = { tostring(led.enterprises:sum()), tostring(others.enterprises:sum()),
                                       tostring(met) } },
  }
end
local visits_view = visit_view()
local leader_dest = led:group_by("destination"):agg{ { "n", qy.count() }, { "e", qy.sum("enterprises") } }
  :sort("n", "desc")
local leader_view = leader_dest:select{ { "目的地", "destination" }, { "领导带队批次", "n" },
                                        { "对接企业(家)", "e" } }
local inbound = I:filter(I.date:between(SIGN[1], SIGN[2]))
local inbound_view = inbound:group_by("county"):agg{ n = qy.count() }:sort("n", "desc")
  :select{ { "考察县区", "county" }, { "来庆考察企业(家)", "n" } }
local office_view = O:sort("opened"):select{ { "代表处", "office" }, { "省份", "province" },
  { "地区", "region" }, { "设立日期", "opened" } }

local fair_sorted = fair_rank:sort("rank")
local fair_view = fair_sorted:select{ { "排名", "rank" }, { "市州", "city" },
  { "签约项目(个)", "projects" }, { "签约额(亿元)", "amount" } }

---------------------------------------------------------------------------
-- The report's content, as qy.report blocks; charts are drawn when written.
---------------------------------------------------------------------------
local SOURCE = "数据来源：市投资促进局台账（县区及明细数据为模拟）"
local FOOTNOTE = "注：总体情况表中的公布值来自陇东报 2023-07-25（全市招商引资项目落地工作推进会），"
  .. "均为全市合计数。县区、产业、地区、月度、季度、上年同期及逐条项目、企业等数据均为**模拟数据**"
  .. "（scripts/gen_data.lua 生成，合计与公布值一致），不代表真实项目或企业；兰洽会仅庆阳市一行为公开数据。"

local function content()
  local r = report.new{ title = "庆阳市" .. Y .. "年上半年招商引资工作情况" }
  local function figure(spec) if opt.charts then r:figure(spec) end end

  r:heading(1, "庆阳市" .. Y .. "年上半年招商引资工作情况")
  r:quote("截至" .. Y .. "年7月20日（到位资金截至6月30日）。金额单位：亿元。")

  r:heading(2, "一、总体情况")
  r:paragraph(string.format("截至7月20日，全市新签约招商引资项目 **%s 个**，签约额 **%s 亿元**。"
    .. "上半年实施500万元以上省外项目 **%s 个**（新建 %s 个、续建 %s 个），完成到位资金 **%s 亿元**，"
    .. "占年度计划 %s 亿元的 **%s%%**。", tostring(#signed), got.F2, got.F24:gsub("%.00$", ""),
    got.F25:gsub("%.00$", ""), got.F26:gsub("%.00$", ""), got.F27, got.F28, got.F29))
  r:paragraph(string.format("**时间任务双过半：** 时间进度 %.2f%%（6/12 个月），任务进度 %s%%，"
    .. "高出时间进度 %.2f 个百分点。", time_share, got.F29, completion - time_share))
  r:paragraph(string.format("下表逐项用台账重算公开数据（陇东报 %s），与公布值完全一致者标 ✓：%d 项可重算，%d 项一致。",
    "2023-07-25", compared, matched))
  r:table(checks, { caption = "公开数据重算核对" })

  r:heading(2, "二、重大活动签约")
  r:table(events_view, { caption = "重大活动签约情况" })
  r:paragraph(string.format("三项活动合计签约 %d 个项目、%.2f 亿元，占截至7月20日全部签约额 %s 亿元的 %.2f%%。",
    events.n:sum(), events.amount:sum(), got.F2, events.amount:sum() / total_signed * 100))

  r:heading(2, "三、县区排名")
  r:paragraph("按上半年到位资金完成年度任务的比例排序；到位资金相同的县区并列排名。")
  r:table(county_view, { caption = "各县区到位资金完成年度任务排名" })
  figure{ chart = "bar", data = county_view, x = "县区", y = "完成率(%)", horizontal = true,
    file = "counties.png", caption = "各县区完成率",
    title = Y .. "年上半年各县区到位资金完成年度任务情况", ylabel = "完成率(%)", legend = false,
    source = SOURCE }

  r:heading(2, "四、产业分布")
  r:paragraph("截至7月20日新签约项目，按签约额排序。")
  r:table(industry_view, { caption = "新签约项目产业分布" })
  figure{ chart = "bar", data = industry_view, x = "产业", y = "签约额(亿元)", horizontal = true,
    file = "industries.png", caption = "产业分布",
    title = Y .. "年新签约项目产业分布（签约额）", ylabel = "亿元", legend = false, source = SOURCE }

  r:heading(2, "五、来源地区")
  r:paragraph("截至7月20日新签约项目，按投资方所在地区。“其他”含省内（甘肃）企业及省份不详者。")
  r:heading(3, "按地区")
  r:table(region_view, { caption = "新签约项目来源地区" })
  r:heading(3, "按省份")
  r:paragraph(string.format("投资方省份不详的项目 %d 个未列入，占比按其余项目计算。", unknown_province))
  r:table(province_view, { caption = "新签约项目来源省份" })

  r:heading(2, "六、季度对比")
  r:paragraph("一季度与二季度对比，环比 =（二季度 − 一季度）/ 一季度。"
    .. "签约额为当季签约项目的签约额，到位资金口径同总体情况。")
  r:table(quarter_view, { caption = "各县区一、二季度对比" })
  figure{ chart = "bar", data = quarter_view, x = "县区", y = { "一季度到位资金(亿元)", "二季度到位资金(亿元)" },
    file = "quarters.png", caption = "季度对比", xlabel = "县区",
    title = Y .. "年一、二季度各县区到位资金", ylabel = "亿元",
    labels = { ["一季度到位资金(亿元)"] = "一季度", ["二季度到位资金(亿元)"] = "二季度" }, source = SOURCE }

  r:heading(2, "七、同比")
  r:paragraph("上半年（1—6月）与上年同期对比；外出招商两项按1月1日至7月20日同期比较。"
    .. "第二十九届兰洽会在7月举行，其签约不在上半年内。")
  r:table(yoy_view, { caption = "上半年主要指标同比" })

  r:heading(2, "八、月度进度")
  r:paragraph(string.format("计划进度线 = 年度任务 %s 亿元 × 月份 / 12。", got.F28))
  r:table(monthly_view, { caption = "月度到位资金与计划进度" })
  figure{ chart = "line", data = monthly_view, x = "月份", y = { "累计到位资金(亿元)", "计划进度线(亿元)" },
    file = "monthly.png", caption = "月度进度",
    title = Y .. "年累计到位资金与计划进度", xlabel = "月份", ylabel = "亿元", legend = "top left",
    labels = { ["累计到位资金(亿元)"] = "累计到位资金", ["计划进度线(亿元)"] = "计划进度线（年度任务×月份/12）" },
    source = SOURCE }

  r:heading(2, "九、数字经济")
  r:heading(3, "对接转化")
  r:table(funnel_view, { caption = "数字经济企业对接转化" })
  r:heading(3, "“云”聚庆阳的云服务商")
  r:table(cloud_view, { caption = "“云”聚庆阳的云服务商" })

  r:heading(2, "十、招商活动")
  r:heading(3, "外出招商（截至7月20日）")
  r:table(visits_view, { caption = "外出招商批次与对接企业" })
  r:heading(3, "市级领导带队外出招商目的地")
  r:table(leader_view, { caption = "市级领导带队外出招商目的地" })
  r:heading(3, string.format("邀请来庆考察企业（共 %d 家）", #inbound))
  r:table(inbound_view, { caption = "邀请来庆考察企业" })
  r:heading(3, string.format("驻外招商代表处（共 %d 个，%d年新设 %s 个）", #O, Y, got.F15:gsub("%.00$", "")))
  r:table(office_view, { caption = "驻外招商代表处" })

  r:heading(2, "十一、兰洽会")
  r:paragraph(string.format("第二十九届兰洽会庆阳市签约 %s 个项目、%s 亿元，全省第 %s 位。",
    got.F4:gsub("%.00$", ""), got.F5, got.F6:gsub("%.00$", "")))
  r:table(fair_view, { caption = "第二十九届兰洽会各市州签约情况" })
  figure{ chart = "bar", data = fair_view, x = "市州", y = "签约额(亿元)", file = "lanzhou_fair.png",
    caption = "兰洽会各市州签约额", xlabel = "市州",
    title = "第二十九届兰洽会各市州签约额", ylabel = "亿元", legend = false,
    source = "庆阳市数据为公开数据，其他市州为模拟" }

  r:rule()
  r:note(FOOTNOTE)
  return r
end

local written = report.write_all(content(), opt.out, "report", opt.formats)

---------------------------------------------------------------------------
-- Terminal summary
---------------------------------------------------------------------------
print(string.format("庆阳市%d年上半年招商引资工作情况（截至%d年7月20日）", Y, Y))
print()
-- Counts read as "259 个", money as "1272.95 亿元", statements as "是".
local function shown(value, unit)
  if unit == "-" then return value end
  return value .. (unit == "%" and "%" or " " .. unit)
end
for _, row in checks:rows() do
  local mine = row["重算值"]
  print(string.format("  %s %-4s %s：%s%s", row["核对"] == "✓" and "✓" or " ", row["编号"], row["指标"],
    shown(mine ~= "—" and mine or row["公布值"], row["单位"]), mine == "—" and "（仅公开）" or ""))
end
print()
print(string.format("公开数据重算一致：%d / %d（F17 招商大使仅公开，台账未含）", matched, compared))
print(string.format("时间任务双过半：时间进度 %.2f%%，任务进度 %s%%", time_share, got.F29))
print()
print("县区排名（按完成率）")
counties:select{ { "排名", "completion_rank" }, { "县区", "county" }, { "到位资金", "funds" },
                 { "年度任务", "target" }, { "完成率%", "completion" },
                 { "资金排名", "funds_rank" } }:print(#counties)
print()
print("报告已写入 " .. table.concat(written, "、"))
