-- examples/06_completion.lua — join the annual targets and compute completion.
-- Run: qylua examples/06_completion.lua
-- County funds and targets are synthetic (see data/README.md).
local qy = require "qy"
local root = arg[0]:match("^(.*)/examples/") or "."

local p = qy.read_csv(root .. "/data/projects.csv")
local f = qy.read_csv(root .. "/data/funds.csv")
local targets = qy.read_csv(root .. "/data/targets.csv")

-- Funds are booked per project and month; the county comes from the project.
f = f:filter(f.month:period("H"):eq("2023H1"))
local funds = f:join(p:select("id", "county"), { project_id = "id" })
  :group_by("county"):agg{ funds = qy.sum("funds") }

-- A left join keeps a county without a target (its completion is null).
local t = targets:filter(targets.year:eq(2023)):drop("year")
local c = funds:join(t, "county", { how = "left" })
c = c:with{ {"completion%", c.funds / c.target * 100} }
c:sort("completion%", "desc"):print()

local total = c:agg{ funds = qy.sum("funds"), target = qy.sum("target") }
print(string.format("all counties: %s of %s, %.2f%%",
  total.funds:text(1), total.target:text(1), total.funds[1] / total.target[1] * 100))
