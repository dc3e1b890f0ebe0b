#!/bin/sh
# tests/data/bench/make_ledger20.sh — makes ledger-20.xlsx, bench/genxlsx.c's workbook
# of bench/genledger.c's 20-row ledger, and ledger-20.cells.txt, what openpyxl reads
# in it (sheets, then every cell of the first: coordinate, value, number format),
# and ledger-20.libreoffice.csv, LibreOffice's CSV of it as bench/run.sh converts.
# tests/cli/bench_genxlsx.sh checks that genxlsx still writes exactly these bytes,
# and tests/cli/bench_excel_digest.sh digests the CSV, so the tests need neither
# openpyxl, LibreOffice nor this script. Needs cc, libxlsxwriter, python3-openpyxl
# and LibreOffice. Run from anywhere: sh tests/data/bench/make_ledger20.sh
set -eu
cd "$(dirname "$0")/../../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/genledger" bench/genledger.c
cc -O2 -o "$tmp/genxlsx" bench/genxlsx.c -lxlsxwriter
"$tmp/genledger" 20 "$tmp/ledger-20.csv"
"$tmp/genxlsx" "$tmp/ledger-20.csv" tests/data/bench/ledger-20.xlsx
/usr/bin/python3 - tests/data/bench/ledger-20.xlsx >tests/data/bench/ledger-20.cells.txt <<'PY'
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
for ws in book.worksheets:
    print(f"sheet {ws.title!r} {ws.sheet_state} {ws.dimensions}")
ws = book.worksheets[0]
for row in ws.iter_rows():
    cells = [f"{c.coordinate}={c.value!r}" + ("" if c.number_format == "General" else f" [{c.number_format}]")
             for c in row if c.value is not None]
    print(" ".join(cells))
PY
soffice --headless "-env:UserInstallation=file://$tmp/profile" \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$tmp/libreoffice" \
    tests/data/bench/ledger-20.xlsx >/dev/null
mv "$tmp/libreoffice/ledger-20.csv" tests/data/bench/ledger-20.libreoffice.csv
echo "wrote tests/data/bench/ledger-20.xlsx, ledger-20.cells.txt, ledger-20.libreoffice.csv"
