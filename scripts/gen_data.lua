-- scripts/gen_data.lua — writes the SYNTHETIC ledgers in data/: invented projects,
-- funds, visits, contacts… that add up exactly to the figures 陇东报 published on
-- 2023-07-25 (data/facts.csv). Nothing row-level, county-level or monthly is real.
-- Usage: lua5.4 scripts/gen_data.lua [OUTDIR]   (qylua works too; OUTDIR must exist,
-- default: the data/ folder beside scripts/)
-- Plain Lua 5.4 with its own seeded generator and calendar, money in integer
-- hundredths of 亿元, so every run on every machine writes the same bytes.

----------------------------------------------------------------------------------
-- The published figures the rows must reproduce (money in hundredths of 亿元)

local CUTOFF = "2023-07-20"             -- the report's "as of": nothing is dated later
local H1_END = "2023-06-30"
local PROJECTS_2023, SIGNED_2023 = 259, 127295                      -- F1, F2
local EVENTS = {                                                    -- F4, F5, F7–F10
  { name = "第二十九届兰洽会", projects = 60, total = 90233, first = "2023-07-06", last = "2023-07-10",
    named = { { "中国能建", "北京", "新能源" }, { "中国能建", "北京", "数字经济" },
              { "华能集团", "北京", "新能源" }, { "福建圣农", "福建", "肉鸡全产业链" },
              { "天能控股", "浙江", "装备制造" }, { "寰泰能源", nil, "新能源" } } },
  { name = "津企庆阳行", projects = 25, total = 5165, first = "2023-05-18", last = "2023-05-19",
    provinces = { "天津" } },
  { name = "食用菌企业庆阳行", projects = 10, total = 723, first = "2023-06-08", last = "2023-06-08",
    provinces = { "福建", "山东", "河南", "浙江", "河北" }, industry = "食用菌" },
}
local DIGITAL_CONTACTED, AGREEMENTS, SUBSIDIARIES = 1230, 142, 38   -- F11–F13
local LEADER_VISITS, LEADER_MET = 42, 172                           -- F18, F19
local VISITS_2023, MET_2023 = 565, 1780                             -- F20, F21
local INBOUND_2023 = 1613                                           -- F22
local NEW_FUNDED, CONTINUING_FUNDED = 200, 80                       -- F25, F26
local FUNDS_H1_2023 = 30067                                         -- F27
local TARGET_2023 = 50000                                           -- F28

-- Invented sizes for the years the report does not cover.
local PROJECTS_BY_YEAR = { [2021] = 246, [2022] = 253 }
local FUNDS_2022, TARGET_2022 = 41866, 46000
local VISITS_2022, INBOUND_2022 = 842, 1187

----------------------------------------------------------------------------------
-- Random numbers: xorshift64* (Vigna). Lua 5.4 integers wrap and its shifts are
-- logical, as the algorithm needs. Each file has its own seed, so changing the rules
-- of one file leaves the bytes of the others alone.

local Rng = {}
Rng.__index = Rng

local function new_rng(seed) return setmetatable({ state = seed }, Rng) end

-- A uniform integer in lo..hi, from the top 53 bits (so never negative).
function Rng:int(lo, hi)
  local x = self.state
  x = x ~ (x >> 12)
  x = x ~ (x << 25)
  x = x ~ (x >> 27)
  self.state = x
  return lo + ((x * 0x2545F4914F6CDD1D) >> 11) % (hi - lo + 1)
end

function Rng:pick(list) return list[self:int(1, #list)] end

function Rng:chance(num, den) return self:int(1, den) <= num end

-- One value of a list of { value, weight } choices, as likely as its weight.
function Rng:weighted(choices)
  local sum = 0
  for _, c in ipairs(choices) do sum = sum + c[2] end
  local r = self:int(1, sum)
  for _, c in ipairs(choices) do
    r = r - c[2]
    if r <= 0 then return c[1] end
  end
end

-- Fisher–Yates on a copy.
function Rng:shuffled(list)
  local out = table.move(list, 1, #list, 1, {})
  for i = #out, 2, -1 do
    local j = self:int(1, i)
    out[i], out[j] = out[j], out[i]
  end
  return out
end

----------------------------------------------------------------------------------
-- Calendar: dates are day numbers (days since 1970-01-01), Howard Hinnant's
-- civil-date algorithms, so no dependence on os.time or the machine's timezone.

local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400
  local doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1    -- day of a March-based year
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

local function civil_from_days(z)
  z = z + 719468
  local era = z // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  return yoe + era * 400 + (m <= 2 and 1 or 0), m, d
end

local function day(text)
  local y, m, d = text:match("^(%d%d%d%d)-(%d%d)-(%d%d)$")
  return days_from_civil(tonumber(y), tonumber(m), tonumber(d))
end

local function date_text(z) return string.format("%04d-%02d-%02d", civil_from_days(z)) end

local function month_text(z) return date_text(z):sub(1, 7) end

local function random_day(rng, first, last) return rng:int(day(first), day(last)) end

-- "YYYY-MM" of every month from first to last, both "YYYY-MM".
local function months(first, last)
  local y, m = tonumber(first:sub(1, 4)), tonumber(first:sub(6, 7))
  local out = {}
  repeat
    out[#out + 1] = string.format("%04d-%02d", y, m)
    y, m = m == 12 and y + 1 or y, m % 12 + 1
  until out[#out] == last
  return out
end

-- Rows that carry .day and .seq (their order of making), sorted by date; the
-- sequence breaks ties, since table.sort is not stable.
local function sort_by_day(rows)
  table.sort(rows, function(a, b)
    if a.day ~= b.day then return a.day < b.day end
    return a.seq < b.seq
  end)
  return rows
end

----------------------------------------------------------------------------------
-- Money: integer hundredths of 亿元 until written.

local function money(h)
  local sign = h < 0 and "-" or ""
  h = math.abs(h)
  return string.format("%s%d.%02d", sign, h // 100, h % 100)
end

-- Splits total into integer parts proportional to weights (positive integers) by
-- largest remainder, so the parts add up to total exactly.
local function apportion(weights, total)
  local sum = 0
  for _, w in ipairs(weights) do sum = sum + w end
  local parts, order, given = {}, {}, 0
  for i, w in ipairs(weights) do
    parts[i] = w * total // sum
    given = given + parts[i]
    order[i] = i
  end
  table.sort(order, function(a, b)
    local ra, rb = weights[a] * total % sum, weights[b] * total % sum
    if ra ~= rb then return ra > rb end
    return a < b
  end)
  for k = 1, total - given do parts[order[k]] = parts[order[k]] + 1 end
  return parts
end

-- Like apportion, but every part is at least 1 (needs total >= #weights).
local function positive_parts(weights, total)
  assert(total >= #weights, "cannot split into positive parts")
  local parts = apportion(weights, total - #weights)
  for i = 1, #parts do parts[i] = parts[i] + 1 end
  return parts
end

----------------------------------------------------------------------------------
-- CSV: comma-separated, LF, a field quoted only when it must be; nil is the empty
-- (null) field.

local function csv_field(v)
  if v == nil then return "" end
  v = tostring(v)
  if v:find('[,"\r\n]') then return '"' .. v:gsub('"', '""') .. '"' end
  return v
end

-- Writes text to a temporary name beside path, then renames it over path: a
-- failed run leaves each ledger whole, old or new, and no temporary file.
local function write_atomic(path, text)
  local tmp = path .. ".tmp"
  local f, err = io.open(tmp, "wb")
  if f then
    local wrote, werr = f:write(text)
    local closed, cerr = f:close()
    err = not wrote and werr or not closed and cerr or select(2, os.rename(tmp, path))
    if err then os.remove(tmp) end
  end
  if err then error(err, 0) end
end

local function write_csv(dir, name, header, rows)
  local lines = { table.concat(header, ",") }
  for _, row in ipairs(rows) do
    local fields = {}
    for i = 1, #header do fields[i] = csv_field(row[i]) end
    lines[#lines + 1] = table.concat(fields, ",")
  end
  write_atomic(dir .. "/" .. name, table.concat(lines, "\n") .. "\n")
end

----------------------------------------------------------------------------------
-- Places, sectors and invented names

local COUNTIES = { "西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县" }

local REGIONS = {
  ["北京"] = "京津冀", ["天津"] = "京津冀", ["河北"] = "京津冀",
  ["上海"] = "长三角", ["江苏"] = "长三角", ["浙江"] = "长三角", ["安徽"] = "长三角",
  ["广东"] = "珠三角", ["四川"] = "成渝", ["重庆"] = "成渝",
}
local function region_of(province) return REGIONS[province] or "其他" end

-- Home provinces of invented investors and visitors: Gansu's own firms, then the
-- regions the bureau courts.
local PROVINCES = {
  { "甘肃", 20 }, { "北京", 10 }, { "天津", 5 }, { "河北", 3 }, { "上海", 7 }, { "江苏", 8 },
  { "浙江", 8 }, { "安徽", 3 }, { "广东", 8 }, { "四川", 4 }, { "重庆", 3 }, { "福建", 5 },
  { "河南", 4 }, { "山东", 5 }, { "陕西", 6 }, { "湖北", 2 }, { "宁夏", 2 },
}

-- The report's sectors and two more Qingyang has. weight: share of ordinary
-- signings; lo..hi: a project's amount in hundredths of 亿元 (drawn skewed low);
-- build: days from start to production; counties: where such projects cluster;
-- trade: the trade word in an invented investor's name.
local INDUSTRIES = {
  { name = "数字经济", weight = 14, lo = 100, hi = 6000, build = 540, trade = "数字科技",
    counties = { "西峰区", "庆城县" },
    phrases = { "数据中心", "算力中心", "云计算基地", "大数据产业园", "数据标注基地", "智算中心" } },
  { name = "新能源", weight = 20, lo = 50, hi = 5000, build = 540, trade = "新能源",
    counties = { "环县", "华池县", "镇原县" },
    phrases = { "风电", "光伏发电", "风光储一体化", "储能电站", "氢能示范", "分布式光伏" } },
  { name = "煤电", weight = 2, lo = 2000, hi = 8000, build = 1100, trade = "能源",
    counties = { "宁县", "正宁县", "环县" },
    phrases = { "煤电一体化", "热电联产", "煤矿智能化改造", "燃煤发电机组" } },
  { name = "装备制造", weight = 12, lo = 30, hi = 1500, build = 365, trade = "装备",
    counties = { "西峰区", "庆城县" },
    phrases = { "风电装备制造", "光伏组件制造", "电缆生产线", "储能设备制造", "石油装备制造", "农机装备制造" } },
  { name = "食用菌", weight = 5, lo = 3, hi = 150, build = 180, trade = "菌业",
    counties = { "合水县", "宁县", "镇原县" },
    phrases = { "食用菌种植基地", "香菇产业园", "菌棒生产线", "食用菌精深加工" } },
  { name = "肉鸡全产业链", weight = 4, lo = 50, hi = 2000, build = 540, trade = "食品",
    counties = { "宁县", "西峰区", "庆城县" },
    phrases = { "肉鸡养殖", "肉鸡屠宰加工", "饲料加工", "种鸡场" } },
  { name = "生物医药", weight = 8, lo = 20, hi = 800, build = 720, trade = "药业",
    counties = { "西峰区", "合水县" },
    phrases = { "中药材种植加工", "中药饮片生产", "生物制药", "医药物流" } },
  { name = "石油化工", weight = 8, lo = 100, hi = 3000, build = 720, trade = "石化",
    counties = { "庆城县", "华池县", "环县" },
    phrases = { "石油化工", "天然气综合利用", "油田伴生气回收", "化工新材料" } },
  { name = "文化旅游", weight = 8, lo = 10, hi = 600, build = 540, trade = "文旅",
    counties = { "西峰区", "正宁县", "华池县" },
    phrases = { "文化旅游综合体", "红色旅游", "乡村旅游", "民俗文化园" } },
  { name = "现代农业", weight = 14, lo = 3, hi = 400, build = 240, trade = "农业",
    counties = { "镇原县", "环县", "宁县" },
    phrases = { "苹果种植加工", "黄花菜加工", "小杂粮加工", "设施农业", "肉羊养殖" } },
}
local INDUSTRY, INDUSTRY_CHOICES = {}, {}     -- by name; as { industry, weight }
for _, ind in ipairs(INDUSTRIES) do
  INDUSTRY[ind.name] = ind
  INDUSTRY_CHOICES[#INDUSTRY_CHOICES + 1] = { ind, ind.weight }
end

-- Invented firms are "示例" + a two-character brand + a trade: plainly fictional.
local BRAND_HEADS = { "华", "瑞", "恒", "鑫", "泰", "宏", "博", "信", "安", "嘉", "盛", "汇",
                      "德", "永", "金", "天", "远", "昌", "兴", "隆", "晟", "润", "卓", "睿" }
local BRAND_TAILS = { "岳", "丰", "达", "源", "川", "景", "通", "和", "辰", "禾", "宇", "峰",
                      "翔", "星", "海", "诚", "阳", "林", "泽", "明", "智", "拓", "邦", "航" }

-- Every invented name (firm or project) is used once across all files, so one firm
-- never shows two home provinces. The files' trade words differ, so no file's names
-- depend on another's.
local taken = {}

local function invented_firm(rng, trade)
  local name, brand
  repeat
    brand = rng:pick(BRAND_HEADS) .. rng:pick(BRAND_TAILS)
    name = "示例" .. brand .. trade .. "有限公司"
  until not taken[name]
  taken[name] = true
  return name, brand
end

local function invented_province(rng)
  if rng:chance(1, 40) then return nil end     -- a ledger sometimes misses it
  return rng:weighted(PROVINCES)
end

----------------------------------------------------------------------------------
-- projects.csv

-- The projects the report names. Only the names are the report's; places, dates
-- and provinces are this file's guesses (nil: not known).
local NAMED_PROJECTS = {
  { "华能正宁2×1000兆瓦调峰煤电", "华能集团", "北京", "正宁县", "煤电", "2021-06-18", "2021-10-09" },
  { "陇东仁仁药业", "陇东仁仁药业", "甘肃", "西峰区", "生物医药", "2021-08-12", "2021-12-06" },
  { "远景能源", "远景能源", "江苏", "环县", "新能源", "2021-11-23", "2022-04-15" },
  { "三一重能", "三一重能", "北京", "环县", "新能源", "2022-03-16", "2022-06-08" },
  { "圣农肉鸡全产业链", "福建圣农", "福建", "宁县", "肉鸡全产业链", "2022-05-20", "2022-08-26" },
  { "中国能建源网荷储一体化智慧零碳大数据中心", "中国能建", "北京", "西峰区", "数字经济",
    "2022-09-14", "2023-02-20" },
  { "秦淮数据零碳数据中心", "秦淮数据", "北京", "西峰区", "数字经济", "2022-11-08", "2023-03-10" },
  { "易事特装备制造", "易事特", "广东", "西峰区", "装备制造", "2023-01-13", "2023-03-22" },
  { "中国移动绿色数据中心", "中国移动", "北京", "西峰区", "数字经济", "2023-02-17", "2023-04-12" },
  { "浙江众合庆阳时空大数据中心", "浙江众合", "浙江", "西峰区", "数字经济", "2023-03-09", "2023-05-06" },
  { "超芯电缆", "超芯电缆", nil, "庆城县", "装备制造", "2023-04-07", "2023-06-02" },
}

-- An amount drawn between the sector's lo and hi, most projects small.
local function raw_amount(rng, industry)
  local u = rng:int(0, 999)
  return industry.lo + (industry.hi - industry.lo) * u * u // 1000000
end

local function pick_county(rng, industry)
  if rng:chance(2, 3) then return rng:pick(industry.counties) end
  return rng:pick(COUNTIES)
end

-- "<brand><county><phrase>项目", another phrase if the name is taken.
local function project_name(rng, brand, county, industry)
  local name
  repeat
    name = brand .. county .. rng:pick(industry.phrases) .. "项目"
  until not taken[name]
  taken[name] = true
  return name
end

-- A project of an invented investor (or of a named one, given as investor and
-- province), not yet started and without an amount.
local function new_project(rng, sign, industry, investor, province)
  local brand = investor
  if not investor then
    investor, brand = invented_firm(rng, industry.trade)
    province = invented_province(rng)
  end
  local county = pick_county(rng, industry)
  return { name = project_name(rng, brand, county, industry), county = county, industry = industry,
           investor = investor, province = province, sign = sign }
end

local function named_projects()
  local list = {}
  for _, n in ipairs(NAMED_PROJECTS) do
    list[#list + 1] = { name = n[1], investor = n[2], province = n[3], county = n[4],
                        industry = INDUSTRY[n[5]], sign = day(n[6]), start = day(n[7]), named = true }
  end
  return list
end

-- The event's projects; their amounts add up to the event's published total.
local function event_projects(rng, event)
  local list, raws = {}, {}
  for i = 1, event.projects do
    local sign = random_day(rng, event.first, event.last)
    local named = event.named and event.named[i]
    local p
    if named then
      p = new_project(rng, sign, INDUSTRY[named[3]], named[1], named[2])
    else
      p = new_project(rng, sign, INDUSTRY[event.industry] or rng:weighted(INDUSTRY_CHOICES))
      if event.provinces then p.province = rng:pick(event.provinces) end
    end
    p.event = event.name
    list[i], raws[i] = p, raw_amount(rng, p.industry)
  end
  for i, a in ipairs(positive_parts(raws, event.total)) do list[i].amount = a end
  return list
end

-- Adds each year's ordinary signings around the named ones, and gives every project
-- not signed at an event its amount; 2023's make up what F1 and F2 leave after the
-- events.
local function ordinary_projects(rng, projects)
  local left_2023, total_2023 = PROJECTS_2023, SIGNED_2023
  for _, e in ipairs(EVENTS) do left_2023, total_2023 = left_2023 - e.projects, total_2023 - e.total end
  local counts = { [2021] = PROJECTS_BY_YEAR[2021], [2022] = PROJECTS_BY_YEAR[2022], [2023] = left_2023 }
  for _, p in ipairs(projects) do
    local y = tonumber(date_text(p.sign):sub(1, 4))
    if not p.event then counts[y] = counts[y] - 1 end
  end
  local last = { [2021] = "2021-12-31", [2022] = "2022-12-31", [2023] = CUTOFF }
  for y = 2021, 2023 do
    for _ = 1, counts[y] do
      projects[#projects + 1] = new_project(rng, random_day(rng, y .. "-01-01", last[y]), rng:weighted(INDUSTRY_CHOICES))
    end
  end
  local of_2023, raws = {}, {}
  for _, p in ipairs(projects) do
    if p.sign < day("2023-01-01") then
      p.amount = raw_amount(rng, p.industry)
    elseif not p.event then
      of_2023[#of_2023 + 1], raws[#raws + 1] = p, raw_amount(rng, p.industry)
    end
  end
  for i, a in ipairs(positive_parts(raws, total_2023)) do of_2023[i].amount = a end
end

-- Construction start: everything signed in H1 2023 has started by the cutoff (F3);
-- a July signing mostly has not; older projects start 15–300 days after signing,
-- unless that is still to come.
local function start_day(rng, sign)
  local cutoff = day(CUTOFF)
  if sign >= day("2023-07-01") then
    return rng:chance(1, 3) and rng:int(sign, cutoff) or nil
  elseif sign >= day("2023-01-01") then
    return rng:int(sign, math.min(sign + 90, cutoff))
  end
  local start = sign + rng:int(15, 300)
  return start <= cutoff and start or nil
end

-- Status and kind follow from the dates: 已签约 until started, 已开工 for the first
-- 90 days, then 在建 until the sector's build time has passed. 续建 means
-- construction began before 2023, so it continues this year.
local function settle(rng, p)
  if not p.start then p.start = start_day(rng, p.sign) end
  local cutoff = day(CUTOFF)
  if not p.start then p.status = "已签约"
  elseif cutoff - p.start < 90 then p.status = "已开工"
  elseif cutoff - p.start < p.industry.build then p.status = "在建"
  else p.status = "已投产" end
  p.kind = p.start and p.start < day("2023-01-01") and "续建" or "新建"
  p.digital = p.industry.name == "数字经济" or (p.industry.name == "装备制造" and rng:chance(1, 6))
end

-- All projects, ids in signing order.
local function gen_projects()
  local rng = new_rng(20230725)
  local projects = named_projects()
  for _, e in ipairs(EVENTS) do table.move(event_projects(rng, e), 1, e.projects, #projects + 1, projects) end
  ordinary_projects(rng, projects)
  for i, p in ipairs(projects) do
    p.day, p.seq = p.sign, i
    settle(rng, p)
  end
  sort_by_day(projects)
  for i, p in ipairs(projects) do p.id = i end
  return projects
end

local function project_rows(projects)
  local rows = {}
  for i, p in ipairs(projects) do
    rows[i] = { p.id, p.name, p.county, p.industry.name, p.investor, p.province, region_of(p.province),
                p.event, date_text(p.sign), money(p.amount), p.kind, p.status,
                p.start and date_text(p.start), p.digital }
  end
  return rows
end

----------------------------------------------------------------------------------
-- funds.csv: funds in place, counted (like the report's F24–F27) only for projects
-- from outside Gansu of at least 500万 (0.05亿), from the month of signing.

local function funds_eligible(p, last)
  return p.province ~= nil and p.province ~= "甘肃" and p.amount >= 5 and p.sign <= day(last)
end

-- n of the candidates at random, those named in the report first.
local function choose(rng, candidates, n)
  local chosen, others = {}, {}
  for _, p in ipairs(rng:shuffled(candidates)) do
    table.insert(p.named and chosen or others, p)
  end
  table.move(others, 1, n - #chosen, #chosen + 1, chosen)
  assert(#chosen == n, "too few candidates")
  return chosen
end

-- Splits total into parts in proportion to a random share of each cap (one per
-- project), no part above its cap.
local function allocate(rng, caps, total)
  local weights = {}
  for i, cap in ipairs(caps) do weights[i] = cap * rng:int(3, 10) end
  local parts = positive_parts(weights, total)
  for i, part in ipairs(parts) do assert(part <= caps[i], "funds beyond a project's cap") end
  return parts
end

-- Each county's total of parts, in COUNTIES order: { county =, total = }.
local function county_totals(projects, parts)
  local sum = {}
  for i, p in ipairs(projects) do sum[p.county] = (sum[p.county] or 0) + parts[i] end
  local list = {}
  for _, c in ipairs(COUNTIES) do
    if sum[c] then list[#list + 1] = { county = c, total = sum[c] } end
  end
  return list
end

-- The index of the county's biggest part that room(i) accepts.
local function biggest_share(projects, parts, county, room)
  local best
  for i, p in ipairs(projects) do
    if p.county == county and (not best or parts[i] > parts[best]) and room(i) then best = i end
  end
  return assert(best, "no share to move in " .. county)
end

-- Reports rank counties with ties, so make the two closest counties' H1 totals
-- equal: the higher one gives the gap to the top county of the rest.
local function tie_two_counties(projects, parts, caps)
  local ranked = county_totals(projects, parts)
  table.sort(ranked, function(a, b)
    if a.total ~= b.total then return a.total > b.total end
    return a.county < b.county
  end)
  local pair = 1
  for i = 2, #ranked - 1 do
    if ranked[i].total - ranked[i + 1].total < ranked[pair].total - ranked[pair + 1].total then pair = i end
  end
  local gap = ranked[pair].total - ranked[pair + 1].total
  local to_county = ranked[pair == 1 and 3 or 1].county
  local from = biggest_share(projects, parts, ranked[pair].county, function(i) return parts[i] > gap end)
  local to = biggest_share(projects, parts, to_county, function(i) return caps[i] - parts[i] >= gap end)
  parts[from], parts[to] = parts[from] - gap, parts[to] + gap
  local seen, ties = {}, 0
  for _, c in ipairs(county_totals(projects, parts)) do
    if seen[c.total] then ties = ties + 1 end
    seen[c.total] = true
  end
  assert(ties == 1, "the counties do not tie exactly once")
end

-- One project's funds for a period, spread over up to four of the period's months
-- since it was signed (at least 0.01亿 a month), appended to rows.
local function monthly_rows(rng, p, amount, period, rows)
  local open = {}
  for _, m in ipairs(period) do
    if m >= month_text(p.sign) then open[#open + 1] = m end
  end
  local chosen = rng:shuffled(open)
  local k = math.min(rng:int(1, 4), #chosen, amount)
  chosen = table.move(chosen, 1, k, 1, {})
  table.sort(chosen)
  local weights = {}
  for i = 1, k do weights[i] = rng:int(1, 9) end
  for i, part in ipairs(positive_parts(weights, amount)) do rows[#rows + 1] = { p.id, chosen[i], part } end
end

-- 2022 (for the year-on-year comparison): three in four eligible projects get
-- funds, up to 60% of their amount; each keeps its total as p.funds_2022.
local function funds_2022(rng, projects, rows)
  local funded, caps = {}, {}
  for _, p in ipairs(projects) do
    if funds_eligible(p, "2022-12-31") and rng:chance(3, 4) then
      funded[#funded + 1], caps[#caps + 1] = p, p.amount * 6 // 10
    end
  end
  local period = months("2022-01", "2022-12")
  for i, part in ipairs(allocate(rng, caps, FUNDS_2022)) do
    monthly_rows(rng, funded[i], part, period, rows)
    funded[i].funds_2022 = part
  end
end

-- H1 2023: exactly the published 200 new and 80 continuing (still building)
-- projects share exactly 300.67亿 (F24–F27), each at most 70% of its amount;
-- each keeps its total as p.funds_2023.
local function funds_h1_2023(rng, projects, rows)
  local new, continuing = {}, {}
  for _, p in ipairs(projects) do
    if funds_eligible(p, H1_END) then
      if p.kind == "新建" then new[#new + 1] = p
      elseif p.status == "在建" then continuing[#continuing + 1] = p end
    end
  end
  local funded = choose(rng, new, NEW_FUNDED)
  table.move(choose(rng, continuing, CONTINUING_FUNDED), 1, CONTINUING_FUNDED, #funded + 1, funded)
  local caps = {}
  for i, p in ipairs(funded) do caps[i] = math.min(p.amount * 7 // 10, p.amount - (p.funds_2022 or 0)) end
  local parts = allocate(rng, caps, FUNDS_H1_2023)
  tie_two_counties(funded, parts, caps)
  local period = months("2023-01", "2023-06")
  for i, p in ipairs(funded) do
    monthly_rows(rng, p, parts[i], period, rows)
    p.funds_2023 = parts[i]
  end
end

-- Rows by month, then project; Q1 and Q2 2023 must differ, or a quarterly
-- comparison would show nothing.
local function gen_funds(projects)
  local rng = new_rng(20230630)
  local rows = {}
  funds_2022(rng, projects, rows)
  funds_h1_2023(rng, projects, rows)
  table.sort(rows, function(a, b)
    if a[2] ~= b[2] then return a[2] < b[2] end
    return a[1] < b[1]
  end)
  local q1, q2 = 0, 0
  for _, r in ipairs(rows) do
    if r[2] >= "2023-04" then q2 = q2 + r[3] elseif r[2] >= "2023-01" then q1 = q1 + r[3] end
    r[3] = money(r[3])
  end
  assert(q1 ~= q2, "Q1 and Q2 2023 funds are equal")
  return rows
end

----------------------------------------------------------------------------------
-- targets.csv: each year's plan split over the counties in proportion to what
-- they brought in (a plan follows capacity), times some optimism that differs by
-- county, so completion rates differ; 2023's plan adds up to F28. Runs after
-- gen_funds, which leaves each project's totals on it.

local function gen_targets(projects)
  local rng = new_rng(20230101)
  local rows = {}
  for _, plan in ipairs({ { 2022, "funds_2022", TARGET_2022 }, { 2023, "funds_2023", TARGET_2023 } }) do
    local funds = {}
    for _, p in ipairs(projects) do funds[p.county] = (funds[p.county] or 0) + (p[plan[2]] or 0) end
    local weights = {}
    for i, county in ipairs(COUNTIES) do weights[i] = funds[county] * rng:int(80, 120) end
    for i, target in ipairs(apportion(weights, plan[3])) do
      rows[#rows + 1] = { COUNTIES[i], plan[1], money(target) }
    end
  end
  return rows
end

----------------------------------------------------------------------------------
-- visits.csv: outbound visits by the counties and the city's departments.

local VISIT_UNITS = { "西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县",
                      "市投资促进局", "市工信局", "市发改委", "市商务局", "市农业农村局", "市能源局" }
local LEADER_DESTINATIONS = { "福建", "河南", "北京", "天津", "上海", "浙江" }   -- the report's
local DESTINATIONS = { "福建", "河南", "北京", "天津", "上海", "浙江", "江苏", "广东", "四川",
                       "重庆", "陕西", "山东", "湖北", "安徽", "河北", "湖南", "宁夏", "内蒙古" }

-- n visits dated first..last meeting met enterprises in all (at least one each);
-- led by city leaders, they go where the report says the leaders went, each
-- of those places at least once.
local function visit_batch(rng, n, met, leader_led, first, last, rows)
  local weights = {}
  for i = 1, n do weights[i] = rng:int(1, 9) end
  for i, enterprises in ipairs(positive_parts(weights, met)) do
    local destination = leader_led and (LEADER_DESTINATIONS[i] or rng:pick(LEADER_DESTINATIONS))
                        or rng:pick(DESTINATIONS)
    rows[#rows + 1] = { day = random_day(rng, first, last), seq = #rows + 1, unit = rng:pick(VISIT_UNITS),
                        leader_led = leader_led, destination = destination, enterprises = enterprises }
  end
end

-- 2022 meets fewer enterprises by 07-20 than 2023 (F23).
local function gen_visits()
  local rng = new_rng(20230722)
  local rows = {}
  visit_batch(rng, 31, 118, true, "2022-01-01", "2022-12-31", rows)
  visit_batch(rng, VISITS_2022 - 31, 2512, false, "2022-01-01", "2022-12-31", rows)
  visit_batch(rng, LEADER_VISITS, LEADER_MET, true, "2023-01-01", CUTOFF, rows)
  visit_batch(rng, VISITS_2023 - LEADER_VISITS, MET_2023 - LEADER_MET, false, "2023-01-01", CUTOFF, rows)
  local out, met_2022 = {}, 0
  for i, v in ipairs(sort_by_day(rows)) do
    if v.day <= day("2022-07-20") then met_2022 = met_2022 + v.enterprises end
    out[i] = { i, date_text(v.day), v.unit, v.leader_led, v.destination, v.enterprises }
  end
  assert(met_2022 < MET_2023, "2022 met more enterprises than 2023")
  return out
end

----------------------------------------------------------------------------------
-- inbound.csv: invented firms who came to inspect, one row per firm.

local INBOUND_TRADES = { "实业", "贸易", "物流", "建设", "投资", "环保", "材料", "电气", "机械", "商贸" }

local function inbound_batch(rng, n, first, last, rows)
  for _ = 1, n do
    rows[#rows + 1] = { day = random_day(rng, first, last), seq = #rows + 1,
                        enterprise = (invented_firm(rng, rng:pick(INBOUND_TRADES))),
                        province = invented_province(rng), county = rng:pick(COUNTIES) }
  end
end

local function gen_inbound()
  local rng = new_rng(20230315)
  local rows = {}
  inbound_batch(rng, INBOUND_2022, "2022-01-01", "2022-12-31", rows)
  inbound_batch(rng, INBOUND_2023, "2023-01-01", CUTOFF, rows)
  local out = {}
  for i, r in ipairs(sort_by_day(rows)) do out[i] = { i, date_text(r.day), r.enterprise, r.province, r.county } end
  return out
end

----------------------------------------------------------------------------------
-- digital.csv: digital-economy firms contacted since mid-2021.

local DIGITAL_TRADES = { "科技", "数据", "网络", "信息技术", "软件", "智能", "云计算", "电子" }
local DIGITAL_PROVINCES = { { "北京", 25 }, { "广东", 18 }, { "浙江", 14 }, { "上海", 14 }, { "江苏", 10 },
                            { "四川", 6 }, { "陕西", 5 }, { "甘肃", 5 }, { "天津", 3 }, { "重庆", 3 },
                            { "湖北", 3 } }
-- Named in the report: the five cloud providers (F14) and the data-centre
-- investors; all of them signed agreements.
local NAMED_DIGITAL = { { "华为云", "广东" }, { "京东云", "北京" }, { "百度云", "北京" }, { "阿里云", "浙江" },
                        { "国科量子云", "北京" }, { "秦淮数据", "北京" }, { "中国移动", "北京" },
                        { "浙江众合", "浙江" } }

local function gen_digital()
  local rng = new_rng(20230520)
  local firms = {}
  for _, n in ipairs(NAMED_DIGITAL) do
    firms[#firms + 1] = { enterprise = n[1], province = n[2], agreement = true, subsidiary = false }
  end
  local invented = {}
  for i = 1, DIGITAL_CONTACTED - #NAMED_DIGITAL do
    invented[i] = { enterprise = (invented_firm(rng, rng:pick(DIGITAL_TRADES))),
                    province = rng:weighted(DIGITAL_PROVINCES), agreement = false, subsidiary = false }
  end
  -- The rest of the agreements (F12) go to invented firms, and so do all the
  -- subsidiaries (F13), each to a firm with an agreement.
  for i, f in ipairs(rng:shuffled(invented)) do
    f.agreement = i <= AGREEMENTS - #NAMED_DIGITAL
    f.subsidiary = i <= SUBSIDIARIES
  end
  table.move(invented, 1, #invented, #firms + 1, firms)
  for i, f in ipairs(firms) do f.day, f.seq = random_day(rng, "2021-06-01", CUTOFF), i end
  local out = {}
  for i, f in ipairs(sort_by_day(firms)) do
    out[i] = { f.enterprise, f.province, date_text(f.day), f.agreement, f.subsidiary }
  end
  return out
end

----------------------------------------------------------------------------------
-- offices.csv: the eleven offices outside the city (F16), two opened in 2023 in
-- 福建 and 贵州 (F15). Places and dates besides those are invented.

local OFFICES = {
  { "庆阳市驻西安招商代表处", "陕西", "2017-07-06" },
  { "庆阳市驻北京招商代表处", "北京", "2018-05-16" },
  { "庆阳市驻上海招商代表处", "上海", "2018-09-20" },
  { "庆阳市驻天津招商代表处", "天津", "2019-04-10" },
  { "庆阳市驻深圳招商代表处", "广东", "2019-11-08" },
  { "庆阳市驻杭州招商代表处", "浙江", "2020-06-18" },
  { "庆阳市驻成都招商代表处", "四川", "2020-10-15" },
  { "庆阳市驻南京招商代表处", "江苏", "2021-03-25" },
  { "庆阳市驻重庆招商代表处", "重庆", "2021-08-19" },
  { "庆阳市驻福州招商代表处", "福建", "2023-03-28" },
  { "庆阳市驻贵阳招商代表处", "贵州", "2023-05-24" },
}

local function gen_offices()
  local rows = {}
  for i, o in ipairs(OFFICES) do rows[i] = { o[1], o[2], region_of(o[2]), o[3] } end
  return rows
end

----------------------------------------------------------------------------------
-- lanzhou_fair.csv: the fair's signings by Gansu's 14 prefecture-level cities. Only
-- Qingyang's row is published (F4, F5); the capital outranks it and the others
-- stay below it, so it ranks second (F6).

local GANSU_CITIES = { "兰州市", "嘉峪关市", "金昌市", "白银市", "天水市", "武威市", "张掖市", "平凉市",
                       "酒泉市", "庆阳市", "定西市", "陇南市", "临夏回族自治州", "甘南藏族自治州" }

local function gen_lanzhou_fair()
  local rng = new_rng(20230710)
  local fair = EVENTS[1]
  local rows = {}
  for i, city in ipairs(GANSU_CITIES) do
    if city == "庆阳市" then rows[i] = { city, fair.projects, money(fair.total) }
    elseif city == "兰州市" then rows[i] = { city, rng:int(100, 160), money(rng:int(110000, 180000)) }
    else rows[i] = { city, rng:int(12, 70), money(rng:int(5000, 85000)) } end
  end
  return rows
end

----------------------------------------------------------------------------------
-- labels.csv: the Chinese label of every column, for printed tables and charts.

local LABELS = {
  { "projects", "id", "项目编号" }, { "projects", "name", "项目名称" }, { "projects", "county", "县区" },
  { "projects", "industry", "产业" }, { "projects", "investor", "投资方" },
  { "projects", "province", "投资方所在省份" }, { "projects", "region", "来源区域" },
  { "projects", "event", "签约活动" }, { "projects", "sign_date", "签约日期" },
  { "projects", "amount", "签约额(亿元)" }, { "projects", "kind", "建设性质" },
  { "projects", "status", "项目状态" }, { "projects", "start_date", "开工日期" },
  { "projects", "digital", "数字经济项目" },
  { "funds", "project_id", "项目编号" }, { "funds", "month", "月份" }, { "funds", "funds", "到位资金(亿元)" },
  { "targets", "county", "县区" }, { "targets", "year", "年度" }, { "targets", "target", "年度目标(亿元)" },
  { "visits", "id", "编号" }, { "visits", "date", "日期" }, { "visits", "unit", "外出单位" },
  { "visits", "leader_led", "市级领导带队" }, { "visits", "destination", "目的地" },
  { "visits", "enterprises", "对接企业数(家)" },
  { "inbound", "id", "编号" }, { "inbound", "date", "来庆日期" }, { "inbound", "enterprise", "企业名称" },
  { "inbound", "province", "企业所在省份" }, { "inbound", "county", "考察县区" },
  { "digital", "enterprise", "企业名称" }, { "digital", "province", "企业所在省份" },
  { "digital", "contact_date", "对接日期" }, { "digital", "agreement", "签订合作协议" },
  { "digital", "subsidiary", "注册成立子公司" },
  { "offices", "office", "代表处" }, { "offices", "province", "所在省份" }, { "offices", "region", "区域" },
  { "offices", "opened", "设立日期" },
  { "lanzhou_fair", "city", "市州" }, { "lanzhou_fair", "projects", "签约项目(个)" },
  { "lanzhou_fair", "amount", "签约金额(亿元)" },
  { "labels", "table", "表名" }, { "labels", "column", "列名" }, { "labels", "label", "中文标签" },
  { "facts", "id", "编号" }, { "facts", "figure", "指标" }, { "facts", "value", "数值" },
  { "facts", "unit", "单位" }, { "facts", "as_of", "截至" }, { "facts", "source", "来源" },
  { "facts", "recompute", "复算方法" },
}

----------------------------------------------------------------------------------

-- data/ beside the folder this script is in, spelled as simply as arg[0] allows.
local function default_dir()
  local here = arg and arg[0] and arg[0]:match("^(.*)/[^/]*$") or "."
  if here == "scripts" then return "data" end
  return (here:match("^(.*)/scripts$") or here .. "/..") .. "/data"
end

local function main()
  local dir = arg and arg[1] or default_dir()
  local projects = gen_projects()
  write_csv(dir, "projects.csv", { "id", "name", "county", "industry", "investor", "province", "region",
            "event", "sign_date", "amount", "kind", "status", "start_date", "digital" }, project_rows(projects))
  write_csv(dir, "funds.csv", { "project_id", "month", "funds" }, gen_funds(projects))
  write_csv(dir, "targets.csv", { "county", "year", "target" }, gen_targets(projects))
  write_csv(dir, "visits.csv", { "id", "date", "unit", "leader_led", "destination", "enterprises" }, gen_visits())
  write_csv(dir, "inbound.csv", { "id", "date", "enterprise", "province", "county" }, gen_inbound())
  write_csv(dir, "digital.csv", { "enterprise", "province", "contact_date", "agreement", "subsidiary" },
            gen_digital())
  write_csv(dir, "offices.csv", { "office", "province", "region", "opened" }, gen_offices())
  write_csv(dir, "lanzhou_fair.csv", { "city", "projects", "amount" }, gen_lanzhou_fair())
  write_csv(dir, "labels.csv", { "table", "column", "label" }, LABELS)
  print("synthetic data written to " .. dir)
end

main()
