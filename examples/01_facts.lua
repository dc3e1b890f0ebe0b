-- examples/01_facts.lua — read a CSV, look at its columns, print it.
-- Run: qylua examples/01_facts.lua
local qy = require "qy"
local root = arg[0]:match("^(.*)/examples/") or "."

local facts = qy.read_csv(root .. "/data/facts.csv")
print(#facts .. " published figures, columns: " .. table.concat(facts:names(), ", "))
print("value is " .. facts.value:type() .. "; " .. facts.value:nulls() .. " figures have no number")

-- The money figures, exactly as published: c[i] is a Lua number, c:text(i)
-- the exact text at the column's scale.
for i = 1, #facts do
  if facts.unit[i] == "亿元" then
    print(string.format("%-4s %s %s", facts.id[i], facts.figure[i], facts.value:text(i)))
  end
end
facts:head(3):print()
