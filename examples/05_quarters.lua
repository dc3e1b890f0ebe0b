-- examples/05_quarters.lua — a quarter per column (pivot), then 环比 (Q2 on Q1).
-- Run: qylua examples/05_quarters.lua
-- The project ledger is synthetic (see data/README.md).
local qy = require "qy"
local root = arg[0]:match("^(.*)/examples/") or "."

local p = qy.read_csv(root .. "/data/projects.csv")
local h1 = p:filter(p.sign_date:between("2023-01-01", "2023-06-30"))

-- Column names are the period labels: "2023Q1", "2023Q2".
local q = h1:with{ q = h1.sign_date:period("Q") }
  :pivot{ rows = "county", cols = "q", values = "amount", agg = "sum", fill = 0 }

-- 环比 = (this quarter − previous quarter) / previous quarter; a previous
-- quarter of 0 gives null rather than an error.
local change = (q["2023Q2"] - q["2023Q1"]) / q["2023Q1"] * 100
q = q:with{ {"环比%", change} }
q:sort("环比%", "desc"):print()
