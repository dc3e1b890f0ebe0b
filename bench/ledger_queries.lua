-- bench/ledger_queries.lua — the benchmark's seven queries in qylua, shared by
-- bench/queries.lua (each query timed on a ledger in memory) and bench/report.lua
-- (the first five as one report, timed as a whole process). Returns a list of
-- {name, query(p) -> table, the columns written for the checker (nil: all)}.
local qy = require "qy"

return {
  {"group_county", function(p)
    return p:group_by("county"):agg{ {"n", qy.count()}, {"amount", qy.sum("amount")},
                                     {"funds", qy.sum("funds")} }:sort("county")
  end},
  {"pivot_quarter", function(p)
    -- As in filter_group: only the columns the pivot reads, and 2023 as a range.
    local d = p:select("county", "sign_date", "amount")
               :filter(p.sign_date:between("2023-01-01", "2023-12-31"))
    return d:with{ q = d.sign_date:period("Q") }
            :pivot{ rows = "county", cols = "q", values = "amount", agg = "sum", fill = 0 }
  end},
  {"filter_group", function(p)
    -- qylua has no query planner: filter copies every column it is given, so
    -- take only the two the grouping reads (zero-copy), as DuckDB's planner does;
    -- and "year 2023" as a date range, which reads the dates once instead of
    -- making an int64 column of years (80 MB at 10M rows) to compare.
    local m = p.kind:eq("新建") & p.amount:ge(0.05)
            & p.sign_date:between("2023-01-01", "2023-12-31")
    return p:select("industry", "amount"):filter(m)
            :group_by("industry"):agg{ {"n", qy.count()}, {"amount", qy.sum("amount")} }
  end},
  {"top10", function(p)
    return p:top(10, "amount")
  end, {"id", "county", "amount"}},
  {"dense_rank", function(p)
    return p:group_by("county", "industry"):agg{ {"funds", qy.sum("funds")} }
            :rank("funds", { by = "county", desc = true, ties = "dense", as = "rank" })
  end},
  {"count_distinct", function(p)
    return p:group_by("county"):agg{ {"investors", qy.count_distinct("investor")} }
  end},
  {"sort", function(p)
    return p:sort{ {"county", "asc"}, {"amount", "desc"} }
  end, {"id"}},
}
