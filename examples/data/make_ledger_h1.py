#!/usr/bin/python3
"""examples/data/make_ledger_h1.py — writes examples/data/ledger_h1.xlsx, the
worked example of README's "Reading Excel workbooks": a ledger shaped as the
bureau keeps them (a merged title, a two-row header with a merged parent, a
county merged down over its projects, a 合计 row of SUM formulas), written by
openpyxl, then saved again by LibreOffice so the formulas carry their results.
The projects are SYNTHETIC (see ../../../shared/seed/FACTS.md): made up for
the example, not published figures.

Run from the repository root:  /usr/bin/python3 examples/data/make_ledger_h1.py
Needs python3-openpyxl and libreoffice-calc-nogui (the committed .xlsx does not).
"""
import datetime, os, shutil, subprocess, tempfile
import openpyxl
from openpyxl.styles import Alignment

HERE = os.path.dirname(os.path.abspath(__file__))
rows = [  # county, project, investor, amount (万元), signed
    ("环县", "风光储一体化项目", "甲能源有限公司", 1272.95, datetime.date(2024, 3, 15)),
    ("环县", "肉羊屠宰加工项目", "乙食品有限公司", 5, datetime.date(2024, 3, 16)),
    ("西峰区", "数据中心项目", "丙科技有限公司", 860.5, datetime.date(2024, 4, 2)),
    ("宁县", "苹果深加工项目", "丁农业有限公司", 0.1 + 0.2, datetime.date(2024, 4, 18)),
    ("宁县", "冷链物流园项目", "戊物流有限公司", 318.4, datetime.date(2024, 5, 9)),
    ("镇原县", "光伏治沙项目", "己新能源有限公司", 2045, datetime.date(2024, 6, 28)),
]

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "项目台账"
ws["A1"] = "2024年上半年招商引资签约项目台账（SYNTHETIC）"
ws.merge_cells("A1:F1")
for col, name in zip("ABCF", ["序号", "县区", "项目名称", "签约日期"]):
    ws[f"{col}2"] = name
    ws.merge_cells(f"{col}2:{col}3")
ws["D2"] = "投资方"
ws.merge_cells("D2:E2")
ws["D3"] = "名称"
ws["E3"] = "金额（万元）"
first = 4
for i, (county, project, investor, amount, signed) in enumerate(rows):
    r = first + i
    ws.cell(r, 1, i + 1)
    ws.cell(r, 2, county)
    ws.cell(r, 3, project)
    ws.cell(r, 4, investor)
    ws.cell(r, 5, amount).number_format = "#,##0.00"
    ws.cell(r, 6, signed).number_format = "yyyy-mm-dd"
last = first + len(rows) - 1
# A county's projects under one merged cell, as the bureau's sheets have them.
ws.merge_cells(f"B{first}:B{first + 1}")
ws.merge_cells(f"B{first + 3}:B{first + 4}")   # openpyxl empties the cells a merge covers
ws.cell(last + 1, 1, "合计")
ws.cell(last + 1, 5, f"=SUM(E{first}:E{last})").number_format = "#,##0.00"
for cell in ws[2] + ws[3]:
    cell.alignment = Alignment(horizontal="center", vertical="center")

with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, "ledger_h1.xlsx")
    wb.save(src)
    out = os.path.join(tmp, "out")
    subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", out, src],
                   check=True, capture_output=True)
    shutil.copy(os.path.join(out, "ledger_h1.xlsx"), os.path.join(HERE, "ledger_h1.xlsx"))
print("wrote", os.path.join(HERE, "ledger_h1.xlsx"))
