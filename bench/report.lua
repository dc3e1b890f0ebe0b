-- bench/report.lua — issue 7's whole report in qylua, timed as a process by
-- bench/run.sh beside bench/report.mjs (DuckDB) and bench/report_pandas.py.
-- Usage: qylua bench/report.lua LEDGER.csv [cache]
-- Loads the ledger (with "cache": through the columnar cache, qy.read_csv's
-- `cache = true`), runs the first five queries of bench/ledger_queries.lua once
-- and prints one line, the digest the three peers must agree on:
--   rows N; group_county R sums AMOUNT FUNDS; pivot_quarter RxC; filter_group R;
--   top10 R; dense_rank R
-- (R rows, C columns; the sums over all counties, to the cent).
local qy = require "qy"
local path, mode = arg[1], arg[2]
assert(path and (mode == nil or mode == "cache"), "usage: report.lua LEDGER.csv [cache]")

local QUERIES = dofile((arg[0]:match("^(.*[/\\])") or "") .. "ledger_queries.lua")
local REPORT = 5  -- group_county, pivot_quarter, filter_group, top10, dense_rank

local p = qy.read_csv(path, mode == "cache" and { cache = true } or nil)
local r = {}
for i = 1, REPORT do
  r[QUERIES[i][1]] = QUERIES[i][2](p)
end
local sums = r.group_county:agg{ {"amount", qy.sum("amount")}, {"funds", qy.sum("funds")} }
print(("rows %d; group_county %d sums %s %s; pivot_quarter %dx%d; filter_group %d; "
       .. "top10 %d; dense_rank %d"):format(#p, #r.group_county, sums.amount:text(1),
  sums.funds:text(1), #r.pivot_quarter, r.pivot_quarter:ncols(), #r.filter_group,
  #r.top10, #r.dense_rank))
