-- examples/03_filter_group.lua — keep the rows you need, then group them.
-- Run: qylua examples/03_filter_group.lua
-- The project ledger is synthetic (see data/README.md).
local qy = require "qy"
local root = arg[0]:match("^(.*)/examples/") or "."

local p = qy.read_csv(root .. "/data/projects.csv")

-- Masks combine with & (and), | (or), ~ (not); filter keeps the true rows.
local h1 = p:filter(p.sign_date:between("2023-01-01", "2023-06-30") & p.kind:eq("新建"))
print("new projects signed in 2023H1: " .. #h1)

-- One row per industry; sort so the largest comes first.
local by_industry = h1:group_by("industry"):agg{
  {"projects", qy.count()},
  {"amount", qy.sum("amount")},
}
by_industry:sort("amount", "desc"):print()
