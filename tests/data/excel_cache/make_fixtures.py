#!/usr/bin/python3
"""Makes the workbooks of tests/lua/excel_cache_spec.lua and
tests/cli/excel_cache.sh: ledger.xlsx, a sheet with a merged title, a
header, a merged body cell, a hidden row, an error cell and a total row,
and a second sheet; ledger_v2.xlsx, the same ledger edited (an amount
changed, a row added), to rewrite the first with. Run from anywhere:
/usr/bin/python3 tests/data/excel_cache/make_fixtures.py (needs
python3-openpyxl)."""
import datetime
import os

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))


def ledger(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws.append(["2024年上半年项目台账"])
    ws.merge_cells("A1:E1")
    ws.append(["项目", "金额", "日期", "城市", "备注"])
    for r in rows:
        ws.append(r)
        ws.cell(row=ws.max_row, column=2).number_format = "0.00"
    ws.merge_cells("D4:D5")          # 城市 of two rows in one cell
    ws.row_dimensions[5].hidden = True
    ws["E6"] = "#DIV/0!"             # an error value (openpyxl writes t="e")
    ws.append(["合计", "=SUM(B3:B%d)" % ws.max_row])
    notes = wb.create_sheet("说明")
    notes.append(["字段", "含义"])
    notes.append(["金额", "万元"])
    return wb


ROWS = [
    ["港口物流园", 1272.95, datetime.date(2024, 3, 15), "深圳", "一期"],
    ["智能制造基地", 880.5, datetime.date(2024, 4, 2), "东莞", None],
    ["新能源电池", 12.0, datetime.date(2024, 5, 20), None, "待签"],
    ["数据中心", 3050.25, datetime.date(2024, 6, 30), "惠州", None],
]

ledger(ROWS).save(os.path.join(HERE, "ledger.xlsx"))
edited = [list(r) for r in ROWS]
edited[0][1] = 1300.0
edited.append(["跨境电商园", 45.5, datetime.date(2024, 6, 1), "珠海", "新增"])
ledger(edited).save(os.path.join(HERE, "ledger_v2.xlsx"))
