-- scripts/h1.lua — 2023年上半年招商引资工作情况 (the first-half-year report).
-- For now: the published figures the report is built to reproduce.
-- Run from anywhere:  qylua scripts/h1.lua
local qy = require "qy"

local here = arg and arg[0] and arg[0]:match("^(.*)/scripts/[^/]*$") or "."
local facts = qy.read_csv(here .. "/data/facts.csv")

print("庆阳市 2023 年上半年招商引资 — 公开数据")
print("来源：陇东报 2023-07-25（全市招商引资项目落地工作推进会）")
print()
facts:print(#facts)
