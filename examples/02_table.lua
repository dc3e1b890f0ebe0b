-- examples/02_table.lua — build a table in Lua, with exact money, and save it.
-- Run: qylua examples/02_table.lua [OUT.csv]
local qy = require "qy"

local t = qy.table{
  {name = "county", type = "string", values = {"西峰区", "环县", "宁县"}},
  {name = "funds", type = "decimal(2)", values = {"0.10", "0.20", "1272.65"}},
  {name = "day", type = "date", values = {"2023-06-30", "2023/6/30", "2023年6月30日"}},
}
print(t)
print(t:to_markdown())

local out = arg[1] or os.tmpname()
t:to_csv(out)
local back = qy.read_csv(out)
print("read back: " .. #back .. " rows, funds is " .. back.funds:type())
if not arg[1] then os.remove(out) end
