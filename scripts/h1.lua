-- scripts/h1.lua — 2023年上半年招商引资工作情况 (the first-half-year report).
-- For now: the published figures the report is built to reproduce.
-- Run from anywhere:  qylua scripts/h1.lua
local qy = require "qy"

local here = arg and arg[0] and arg[0]:match("^(.*)/scripts/[^/]*$") or "."
local facts = qy.read_csv(here .. "/data/facts.csv")

-- The columns a reader wants, in this order (the rest say where figures come from).
local function exact_texts(c)
  local texts = { n = #c }
  for i = 1, #c do texts[i] = c:text(i) end
  return texts
end
local shown = qy.table{
  { name = "id", values = facts.id:totable() },
  { name = "figure", values = facts.figure:totable() },
  { name = "value", type = facts.value:type(), values = exact_texts(facts.value) },
  { name = "unit", values = facts.unit:totable() },
  { name = "as_of", values = facts.as_of:totable() },
}

print("庆阳市 2023 年上半年招商引资 — 公开数据")
print("来源：陇东报 2023-07-25（全市招商引资项目落地工作推进会）")
print()
shown:print(#shown)
