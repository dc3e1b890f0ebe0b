-- examples/08_gb18030.lua — read an Excel export: GB18030 bytes, CRLF lines,
-- Chinese headers. rename gives the columns short names to write code with.
-- Run: qylua examples/08_gb18030.lua
local qy = require "qy"
local root = arg[0]:match("^(.*)/examples/") or "."

-- encoding = "auto" would detect GB18030 too; saying it makes a UTF-8 file an error.
local t = qy.read_csv(root .. "/examples/data/excel_gb18030.csv", {
  encoding = "gb18030",
  rename = { ["县区"] = "county", ["年份"] = "year",
             ["到位资金（亿元）"] = "funds", ["签约项目"] = "projects" },
})
print(table.concat(t:names(), ", "))
t:print()
print("total funds: " .. t:agg{ s = qy.sum("funds") }.s:text(1))
