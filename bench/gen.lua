-- bench/gen.lua — writes a synthetic investment ledger for benchmarks.
-- Usage: lua5.4 bench/gen.lua ROWS OUT.csv
-- Deterministic (a fixed LCG), so every run and machine gets the same bytes.
-- All rows are SYNTHETIC: invented projects shaped like data/projects.csv.
local rows = assert(tonumber(arg[1]), "usage: gen.lua ROWS OUT.csv")
local out = assert(io.open(assert(arg[2], "usage: gen.lua ROWS OUT.csv"), "wb"))

local seed = 20230720
local function rand(n)           -- 1..n
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

local counties = {"西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县"}
local industries = {"数字经济", "新能源", "煤电", "装备制造", "食用菌", "肉鸡全产业链",
                    "生物医药", "石油化工", "文化旅游", "现代农业"}
local provinces = {"甘肃", "北京", "天津", "上海", "浙江", "福建", "广东", "河南", "四川", "江苏"}
local kinds = {"新建", "续建"}
local statuses = {"已签约", "已开工", "在建", "已投产"}
local words = {"庆阳", "陇东", "长庆", "岐黄", "周祖", "董志", "子午", "马莲"}

out:write("id,name,county,industry,investor,province,sign_date,amount,kind,status,digital,note\n")
local buf = {}
for i = 1, rows do
  local month, day = rand(12), rand(28)
  local note = rand(10) == 1 and '"含逗号, 及""引号"""' or ""
  buf[#buf + 1] = string.format("%d,%s%s项目%d,%s,%s,模拟企业%d有限公司,%s,%d-%02d-%02d,%d.%02d,%s,%s,%s,%s\n",
    i, words[rand(#words)], industries[rand(#industries)], i,
    counties[rand(#counties)], industries[rand(#industries)], rand(5000),
    provinces[rand(#provinces)], 2021 + rand(3) - 1, month, day,
    rand(5000) - 1, rand(100) - 1, kinds[rand(2)], statuses[rand(4)],
    rand(3) == 1 and "true" or "false", note)
  if #buf == 10000 then
    out:write(table.concat(buf))
    buf = {}
  end
end
out:write(table.concat(buf))
out:close()
