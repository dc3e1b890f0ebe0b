"""bench/excel_pandas.py — issue 13's Excel read in pandas (openpyxl), timed as a
process by bench/run.sh beside bench/excel_read.lua.
Usage: python3 bench/excel_pandas.py LEDGER.xlsx

Reads the first sheet with pandas.read_excel(engine="openpyxl") and prints the digest
line of bench/excel_read.lua. pandas reads money as float64: each value is rounded to
the cent and the cents summed as integers, so the sums are exact where the values are.
"""
import sys

import pandas as pd


def cents(column):
    """The sum of a float column's values, each rounded to the cent, as text."""
    total = int((column.dropna() * 100).round().astype("int64").sum())
    return f"{total // 100}.{total % 100:02d}"


def main():
    p = pd.read_excel(sys.argv[1], engine="openpyxl")
    print(f"rows {len(p)}; amount {cents(p.amount)}; "
          f"funds {int(p.funds.notna().sum())} {cents(p.funds)}; "
          f"sign_date {p.sign_date.min():%Y-%m-%d}..{p.sign_date.max():%Y-%m-%d}")


if __name__ == "__main__":
    main()
