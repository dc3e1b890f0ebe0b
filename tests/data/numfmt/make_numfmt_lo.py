#!/usr/bin/python3
"""Makes numfmt_lo.xlsx (openpyxl) and numfmt_lo.csv (LibreOffice's rendering
of it, "as shown"), the fixtures of test_numfmt.c's differential test.

Each row: A the format code, B the value (repr: the exact double), C the
value in a cell with that format, D what qy_numfmt_render should write,
E empty when LibreOffice shows the same value, else why it differs on
purpose. Run from anywhere: python3 tests/data/numfmt/make_numfmt_lo.py
(needs python3-openpyxl and soffice)."""
import os
import subprocess
import tempfile

import openpyxl

LO_EPOCH = "LibreOffice counts every serial from 1899-12-30; Excel's 1900 system has 1900-02-29"
LO_DATE_TRUNC = "LibreOffice drops the time of a date-only format; Excel rounds to the second first"
LO_TIME_WRAP = "LibreOffice shows 23:59:59.999 as 23:59:59 in a time-only format"
LO_16 = "LibreOffice's General shows 16 digits of an integer; Excel's shows 15"
LO_SMALL = "LibreOffice's General goes to exponent form for long small numbers"
LO_RANGE = "LibreOffice shows serials past Excel's 1900-01-01..9999-12-31"
LO_BINARY = "LibreOffice rounds 100 x 0.145 = 14.4999999999999982 as it is; Excel takes 15 digits first"
LO_SECOND = "LibreOffice drops a fraction of a second (0.5184 s here); Excel rounds it"
LO_ZERO = "the accounting format's zero section shows a dash"

ROWS = [
    # General
    ("General", 0.1 + 0.2, "0.3", ""),
    ("General", 1272.9500000000001, "1272.95", ""),
    ("General", 1e20, "1E+20", ""),
    ("General", -1e20, "-1E+20", ""),
    ("General", 1e100, "1E+100", ""),
    ("General", 1.5e-10, "1.5E-10", ""),
    ("General", 9.99e-10, "9.99E-10", ""),
    ("General", 1e-9, "0.000000001", ""),
    ("General", 0.000123, "0.000123", ""),
    ("General", 1.23456789012345e-9, "0.00000000123456789012345", LO_SMALL),
    ("General", 123456789012345.0, "123456789012345", ""),
    ("General", 999999999999999.0, "999999999999999", ""),
    ("General", 1234567890123456.0, "1.23456789012346E+15", LO_16),
    ("General", 1 / 3, "0.333333333333333", ""),
    ("General", 2 / 3, "0.666666666666667", ""),
    ("General", 123456789.123456789, "123456789.123457", ""),
    ("General", -0.0, "0", ""),
    ("General", 100.0, "100", ""),
    ("General", -7.25, "-7.25", ""),
    # fixed
    ("0.00", 2.675, "2.68", ""),
    ("0.00", 1272.9500000000001, "1272.95", ""),
    ("0.00", 1272.9, "1272.90", ""),
    ("0.00", -0.004, "0.00", ""),
    ("0.00", -0.005, "-0.01", ""),
    ("0.00", 1.005, "1.01", ""),
    ("0.00", 0.285, "0.29", ""),
    ("0.00", 9.995, "10.00", ""),
    ("0.00", 1e-10, "0.00", ""),
    ("0.00", 1e20, "100000000000000000000.00", ""),
    ("0.00", 123456789012345678.0, "123456789012346000.00", ""),
    ("0", 0.5, "1", ""),
    ("0", -0.5, "-1", ""),
    ("0", 2.5, "3", ""),
    ("0.000", 0.0005, "0.001", ""),
    ("#,##0", 1234.5, "1235", ""),
    ("#,##0.00", 1234567.891, "1234567.89", ""),
    ('#,##0.00" 万元"', 12345.678, "12345.68", ""),
    ('0.00"万元"', -3.14159, "-3.14", ""),
    ("[$¥-804]#,##0.00", 1234.5, "1234.50", ""),
    ("[Red]0.00", 3.14159, "3.14", ""),
    ("0.00_);[Red](0.00)", -12.345, "-12.35", ""),
    ("#,##0.00;[Red]-#,##0.00", -1234.565, "-1234.57", ""),
    ('_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)', 1234.5, "1234.50", ""),
    ('_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)', -1234.5, "-1234.50", ""),
    ('_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)', 0.0, "0.00", LO_ZERO),
    ('_("¥"* #,##0_);_("¥"* (#,##0);_("¥"* "-"_);_(@_)', 99.5, "100", ""),
    # percent: the value, with places + 2 digits
    ("0%", 0.5, "0.50", ""),
    ("0%", 0.145, "0.15", LO_BINARY),
    ("0.0%", 0.1234, "0.123", ""),
    ("0.00%", 0.12345, "0.1235", ""),
    ("0.00%", -0.00001, "0.0000", ""),
    # dates and times, 1900 system
    ("yyyy-mm-dd", 45366.0, "2024-03-15", ""),
    ("yyyy-mm-dd", 45366.75, "2024-03-15", ""),
    ("yyyy-mm-dd", 45366.99999999, "2024-03-16", LO_DATE_TRUNC),
    ("yyyy-mm-dd", 61.0, "1900-03-01", ""),
    ("yyyy-mm-dd", 60.0, "1900-02-29", LO_EPOCH),
    ("yyyy-mm-dd", 59.0, "1900-02-28", LO_EPOCH),
    ("yyyy-mm-dd", 1.0, "1900-01-01", LO_EPOCH),
    ("yyyy-mm-dd", 2958465.0, "9999-12-31", ""),
    ("yyyy-mm-dd", 2958466.0, "", LO_RANGE),
    ("yyyy-mm-dd", -1.0, "", LO_RANGE),
    ('yyyy"年"m"月"d"日"', 45366.0, "2024-03-15", ""),
    ('[$-804]yyyy"年"m"月"d"日"', 44000.0, "2020-06-18", ""),
    ("yyyy/m/d", 36526.0, "2000-01-01", ""),
    ("yyyy-mm-dd hh:mm:ss", 45366.4375, "2024-03-15 10:30:00", ""),
    ("yyyy-mm-dd hh:mm:ss", 45366.99999999, "2024-03-16 00:00:00", ""),
    ("yyyy-mm-dd hh:mm:ss", 45366.5000057, "2024-03-15 12:00:00", ""),
    ("yyyy-mm-dd hh:mm:ss", 45366.500006, "2024-03-15 12:00:01", LO_SECOND),
    ("hh:mm:ss", 0.4375, "10:30:00", ""),
    ("hh:mm:ss", 1 / 3, "08:00:00", ""),
    ("hh:mm:ss", 0.99999999, "00:00:00", LO_TIME_WRAP),
    ("hh:mm:ss", 45366.25, "06:00:00", ""),
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "numfmt"
    for r, (code, value, ours, note) in enumerate(ROWS, 1):
        ws.cell(r, 1, code).number_format = "@"
        ws.cell(r, 2, repr(value)).number_format = "@"
        ws.cell(r, 3, value).number_format = code
        ws.cell(r, 4, ours).number_format = "@"
        if note:
            ws.cell(r, 5, note).number_format = "@"
    xlsx = os.path.join(here, "numfmt_lo.xlsx")
    wb.save(xlsx)
    with tempfile.TemporaryDirectory() as tmp:
        # Token 9 "true": save cell contents as shown.
        subprocess.run(["soffice", "-env:UserInstallation=file://" + tmp + "/profile",
                        "--headless", "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
                        "--outdir", tmp, xlsx], check=True, capture_output=True)
        with open(os.path.join(tmp, "numfmt_lo.csv"), "rb") as f:
            data = f.read()
    with open(os.path.join(here, "numfmt_lo.csv"), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
