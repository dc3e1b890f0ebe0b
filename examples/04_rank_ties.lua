-- examples/04_rank_ties.lua — rank with ties: "min" (1,2,2,4), "dense" (1,2,2,3).
-- Run: qylua examples/04_rank_ties.lua
local qy = require "qy"

-- Two counties with the same number of signings share a place.
local t = qy.table{
  {name = "county", values = {"西峰区", "庆城县", "环县", "华池县", "合水县"}},
  {name = "projects", values = {31, 25, 25, 18, 12}},
}
t = t:rank("projects", {desc = true, ties = "min", as = "place"})
t = t:rank("projects", {desc = true, ties = "dense", as = "dense_place"})
t:print()

-- Reading the places back: "rank" and friends are read with t:col, since
-- methods win over columns of the same name.
local place = t:col("place")
for i = 1, #t do
  if place[i] == place[i - 1] or place[i] == place[i + 1] then
    print(t.county[i] .. " is tied at place " .. place[i])
  end
end
