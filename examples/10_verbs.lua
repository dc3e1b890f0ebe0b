-- examples/10_verbs.lua — the verbs a report reaches for: exact percentages,
-- labelled columns, 是/否, tie marks, the official county order, Chinese
-- period labels, text and dates. Run: qylua examples/10_verbs.lua
-- The numbers are synthetic (see data/README.md).
local qy = require "qy"

local t = qy.table{
  { name = "county", values = { "环县", "西峰区", "宁县", "庆城县", " 镇原县　" } },
  { name = "funds", type = "decimal(2)", values = { "300.67", "512.40", "120.00", "300.67", "88.05" } },
  { name = "target", type = "decimal(2)", values = { "500.00", "800.00", nil, "450.00", "200.00", n = 5 } },
  { name = "signed", values = { "2023-02-14", "2023-05-31", "2023-07-20", "2023-01-31", "2023-04-30" } },
  { name = "new_site", values = { true, false, true, false, true } },
}
t = t:with{ county = t.county:trim(), signed = t.signed:cast("date") }

-- An exact percentage, rounded half up: 300.67 / 500.00 is 60.13 %.
t = t:with{ completion = qy.ratio(t.funds, t.target, { scale = 2, percent = true }) }
-- Ranks that others share read "1（并列）".
t = t:rank("funds", { desc = true, ties = "min", as = "funds_rank", mark_ties = "（并列）" })

-- The counties in the official order, then columns made from that sorted table.
local ORDER = { "西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县" }
local s = t:sort("county", { order = ORDER })
s:select{
  { "县区", "county" }, { "到位资金(亿元)", "funds" }, { "完成率(%)", "completion" },
  { "资金排名", "funds_rank" }, { "签约季度", s.signed:period("Q", { zh = true }) },
  { "签约日", s.signed:format("%-m月%-d日") }, { "新建", s.new_site:map{ [true] = "是", [false] = "否" } },
}:print()

-- The same counties in pinyin order, and a column of values when one is missing.
print(table.concat(t:sort("county", { collate = "pinyin" }).county:totable(), " "))
print(t:with{ completion = t.completion:fill_null(0) }.completion:sum())
