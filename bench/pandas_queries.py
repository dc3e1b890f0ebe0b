"""bench/pandas_queries.py — the benchmark's queries in pandas, for comparing with
bench/queries.lua. Usage: python3 bench/pandas_queries.py LEDGER.csv RUNS OUTDIR

Reads the CSV first (not timed) as pandas reads it by default — amount and funds
become float64, so sums are floats (the checker compares them to the cent) —
with sign_date parsed as a date. Prints the median of RUNS runs of each query as
"time NAME MS", then writes each result to OUTDIR/NAME.csv for the checker.
"""
import statistics
import sys
import time

import pandas as pd


def group_county(p):
    return (p.groupby("county", sort=True)
            .agg(n=("id", "size"), amount=("amount", "sum"), funds=("funds", "sum"))
            .reset_index())


def pivot_quarter(p):
    d = p[p.sign_date.dt.year == 2023]
    q = "2023Q" + d.sign_date.dt.quarter.astype(str)
    return (d.assign(q=q).pivot_table(index="county", columns="q", values="amount",
                                      aggfunc="sum", fill_value=0)
            .reset_index())


def filter_group(p):
    m = (p.kind == "新建") & (p.amount >= 0.05) & (p.sign_date.dt.year == 2023)
    return (p[m].groupby("industry", sort=False)
            .agg(n=("id", "size"), amount=("amount", "sum")).reset_index())


def top10(p):
    return p.nlargest(10, "amount", keep="first")


def dense_rank(p):
    s = p.groupby(["county", "industry"], sort=False)["funds"].sum().reset_index()
    s["rank"] = s.groupby("county")["funds"].rank(method="dense", ascending=False).astype("int64")
    return s


def count_distinct(p):
    return p.groupby("county", sort=False)["investor"].nunique().rename("investors").reset_index()


def full_sort(p):
    return p.sort_values(["county", "amount"], ascending=[True, False], kind="stable")


QUERIES = [  # name, query, columns written for the checker (None: all)
    ("group_county", group_county, None),
    ("pivot_quarter", pivot_quarter, None),
    ("filter_group", filter_group, None),
    ("top10", top10, ["id", "county", "amount"]),
    ("dense_rank", dense_rank, None),
    ("count_distinct", count_distinct, None),
    ("sort", full_sort, ["id"]),
]


def main():
    path, runs, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    t0 = time.perf_counter()
    p = pd.read_csv(path, parse_dates=["sign_date"])
    print(f"load {(time.perf_counter() - t0) * 1000:.1f} pandas {pd.__version__}", flush=True)
    for name, query, columns in QUERIES:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            r = query(p)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"time {name} {statistics.median_low(times):.2f}", flush=True)
        if columns:
            r = r[columns]
        r.to_csv(f"{outdir}/{name}.csv", index=False)


if __name__ == "__main__":
    main()
