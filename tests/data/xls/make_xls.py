#!/usr/bin/python3
"""Makes the .xls fixtures of test_xls.c. ledger.xls and dates1904.xls:
openpyxl writes each workbook as .xlsx, LibreOffice converts it to .xls
(BIFF8; it writes booleans and error values as formulas, and a very hidden
sheet as hidden). xlwt.xls: python3-xlwt writes BIFF8 itself, with BOOLERR,
RK, MULRK and BLANK records, a very hidden sheet and the 1904 date system.
ledger.csv and xlwt.csv are LibreOffice's CSV export ("as shown") of the
first sheet of ledger.xls and xlwt.xls. truncated.xls is the first half of
ledger.xls. Run from anywhere:
python3 tests/data/xls/make_xls.py (needs python3-openpyxl, python3-xlwt
and soffice)."""
import datetime
import os
import shutil
import subprocess
import tempfile

import openpyxl
import xlwt
from openpyxl.styles import Font
from openpyxl.utils.datetime import CALENDAR_MAC_1904


def ledger(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws["A1"] = "2024年项目台账"
    ws["A1"].font = Font(bold=True)
    ws.merge_cells("A1:H1")
    ws.append(["县区", "项目", "金额", "数量", "日期", "时间", "完成", "比率"])
    rows = [
        ["东城区", "道路", 1272.9500000000001, 3, datetime.date(2024, 3, 15),
         datetime.datetime(2024, 3, 15, 10, 30, 0), True, "=C3/C5"],
        [None, "桥梁", 1234.5, 12, datetime.date(1900, 3, 1),
         datetime.datetime(2024, 3, 16, 0, 0, 0), False, "=1/0"],
        ["西城区", "隐藏行", -0.004, 0, datetime.date(2000, 1, 1),
         datetime.time(18, 0, 0), True, 0.25],
    ]
    for r in rows:
        ws.append(r)
    ws.merge_cells("A3:A4")
    ws.append(["合计", None, "=SUM(C3:C5)", "=SUM(D3:D5)"])
    ws.row_dimensions[5].hidden = True
    for r in range(3, 7):
        ws.cell(r, 3).number_format = "0.00"
        ws.cell(r, 5).number_format = "yyyy-mm-dd"
        ws.cell(r, 6).number_format = "yyyy-mm-dd hh:mm:ss"
        ws.cell(r, 8).number_format = "0.0%"
    ws["F5"].number_format = "hh:mm:ss"
    ws["D3"].number_format = "#,##0"
    hidden = wb.create_sheet("汇总")
    hidden.sheet_state = "hidden"
    hidden["B2"] = "隐藏"
    hidden["C3"] = 42
    hidden["D4"] = "#N/A"          # openpyxl writes it as an error value
    hidden["A4"] = "=\"前\"&\"缀\""  # a formula with a string result
    wb.create_sheet("空")
    very = wb.create_sheet("配置")
    very.sheet_state = "veryHidden"
    very["A1"] = 1
    wb.save(path)


def dates1904(path):
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "dates"
    ws["A1"] = datetime.date(2024, 3, 15)
    ws["A1"].number_format = "yyyy-mm-dd"
    ws["A2"] = datetime.date(1904, 1, 1)
    ws["A2"].number_format = "yyyy-mm-dd"
    ws["A3"] = 7.5
    wb.save(path)


def xlwt_book(path):
    wb = xlwt.Workbook(encoding="utf-8")
    wb.dates_1904 = True
    ws = wb.add_sheet("台账")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    day = xlwt.easyxf(num_format_str="yyyy\"年\"m\"月\"d\"日\"")
    ws.write(0, 0, "名称")
    ws.write(0, 1, "金额")
    ws.write(0, 2, "日期")
    ws.write(0, 3, "有效")
    ws.write(1, 0, "甲")
    ws.write(1, 1, 1272.95, money)
    ws.write(1, 2, datetime.date(2024, 3, 15), day)
    ws.write(1, 3, True)
    ws.write(2, 0, "乙")
    ws.write(2, 1, -5, money)
    ws.write(2, 2, datetime.date(1904, 1, 1), day)
    ws.write(2, 3, False)
    for col, v in enumerate([1, 2, 3, 4.5]):   # a row of RK numbers: one MULRK
        ws.write(3, col, v)
    ws.write(4, 0, xlwt.Formula("1/0"))
    ws.write(4, 1, "", money)                  # BLANK: no cell
    ws.write_merge(5, 5, 0, 3, "合并")
    ws.row(2).hidden = True
    err = wb.add_sheet("错误")
    err.write(0, 0, "值")
    err.visibility = 2                         # very hidden
    wb.save(path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        made = []
        for name, build in (("ledger", ledger), ("dates1904", dates1904)):
            xlsx = os.path.join(tmp, name + ".xlsx")
            build(xlsx)
            made.append(xlsx)
        subprocess.run(["soffice", "-env:UserInstallation=file://" + tmp + "/profile",
                        "--headless", "--convert-to", "xls", "--outdir", tmp] + made,
                       check=True, capture_output=True)
        for xlsx in made:
            name = os.path.basename(xlsx)[:-5]
            shutil.copy(os.path.join(tmp, name + ".xls"), os.path.join(here, name + ".xls"))
    xlwt_book(os.path.join(here, "xlwt.xls"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "-env:UserInstallation=file://" + tmp + "/profile",
                        "--headless", "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
                        "--outdir", tmp, os.path.join(here, "ledger.xls"),
                        os.path.join(here, "xlwt.xls")], check=True, capture_output=True)
        for name in ("ledger", "xlwt"):
            shutil.copy(os.path.join(tmp, name + ".csv"), os.path.join(here, name + ".csv"))
    with open(os.path.join(here, "ledger.xls"), "rb") as f:
        data = f.read()
    with open(os.path.join(here, "truncated.xls"), "wb") as f:
        f.write(data[:len(data) // 2])


if __name__ == "__main__":
    main()
