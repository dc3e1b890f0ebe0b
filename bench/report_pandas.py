"""bench/report_pandas.py — issue 7's whole report in pandas, timed as a process by
bench/run.sh beside bench/report.lua. Usage: python3 bench/report_pandas.py LEDGER.csv

Reads the CSV as bench/pandas_queries.py does (amount and funds float64, sign_date a
date), runs its first five queries once and prints the digest line of
bench/report.lua, the float sums rounded to the cent.
"""
import sys

import pandas as pd

from pandas_queries import QUERIES

REPORT = 5  # group_county, pivot_quarter, filter_group, top10, dense_rank


def main():
    p = pd.read_csv(sys.argv[1], parse_dates=["sign_date"])
    r = {name: query(p) for name, query, _ in QUERIES[:REPORT]}
    g = r["group_county"]
    print(f"rows {len(p)}; group_county {len(g)} sums {g.amount.sum():.2f} {g.funds.sum():.2f}; "
          f"pivot_quarter {len(r['pivot_quarter'])}x{r['pivot_quarter'].shape[1]}; "
          f"filter_group {len(r['filter_group'])}; top10 {len(r['top10'])}; "
          f"dense_rank {len(r['dense_rank'])}")


if __name__ == "__main__":
    main()
