-- examples/09_excel.lua — read a ledger workbook as the bureau keeps it: a title
-- merged across the sheet, a two-row header whose parent 投资方 is merged over
-- 名称 and 金额, a county merged down over its projects, a 合计 row at the bottom.
-- The projects are SYNTHETIC (examples/data/make_ledger_h1.py writes them).
-- Run: qylua examples/09_excel.lua
local qy = require "qy"
local root = arg[0]:match("^(.*)/examples/") or "."

local t, info = qy.read_excel(root .. "/examples/data/ledger_h1.xlsx")
print("title:   " .. info.title)
print(("header:  %d rows; footer dropped: %s; merged areas filled: %d"):format(
  info.header_rows, table.concat(info.footer, ", "), info.merged))
local columns = {}
for _, col in ipairs(t:schema()) do columns[#columns + 1] = col.name .. " " .. col.type end
print("columns: " .. table.concat(columns, ", "))
t:print()

-- The dropped 合计 row said 4502.15: the sum of the exact decimals says the same.
local by_county = t:group_by("县区"):agg{ ["金额"] = qy.sum("投资方/金额（万元）"),
                                         ["项目数"] = qy.count() }
by_county:sort("金额", "desc"):print()
print("total: " .. t:agg{ s = qy.sum("投资方/金额（万元）") }.s:text(1))
