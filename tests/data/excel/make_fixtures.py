#!/usr/bin/python3
"""make_fixtures.py — writes the workbooks of tests/data/excel/ with software that is not
qylua's: openpyxl writes NAME.xlsx, LibreOffice (headless) converts each to NAME.lo.xlsx and
NAME.lo.xls, and the flat sheet to flat.csv. Every value is SYNTHETIC (made up for tests,
shaped like the Qingyang investment-promotion bureau's ledgers; no figure is published data).

    /usr/bin/python3 tests/data/excel/make_fixtures.py      (needs python3-openpyxl, soffice)

openpyxl stores no cached result for a formula, so NAME.xlsx holds formulas without values
(qy.read_excel reads them as null, with info.no_value); LibreOffice recalculates on load and
stores the results, so NAME.lo.xlsx and NAME.lo.xls hold them. openpyxl's own output is made
byte-identical from run to run (fixed document times, fixed zip entry times); LibreOffice
stamps its files with the time of conversion, so its outputs differ in those bytes only.
"""
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = dt.datetime(2024, 7, 1, 8, 0, 0)
SYNTHETIC_NOTE = ("SYNTHETIC：本工作簿所有数据均为测试用模拟数据，不是公布数据"
                  "（qylua tests/data/excel/make_fixtures.py 生成）")

MONEY = "#,##0.00"
MONEY_PLAIN = "0.00"
DATE = "yyyy-mm-dd"


def new_book(note_title):
    wb = openpyxl.Workbook()
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "qylua make_fixtures.py"
    wb.properties.title = note_title
    wb.properties.description = SYNTHETIC_NOTE
    return wb


def add_note_sheet(wb, name="说明"):
    ws = wb.create_sheet(name)
    ws["A1"] = SYNTHETIC_NOTE
    return ws


def save(wb, name):
    """Saves wb as NAME and rewrites its zip with fixed entry times (openpyxl stamps each entry
    with the time of saving), so that two runs give the same bytes."""
    path = os.path.join(HERE, name)
    tmp = path + ".tmp"
    wb.save(tmp)
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    os.remove(tmp)
    return path


def soffice_convert(src, target, filter_spec, out_name):
    """Converts src with LibreOffice into HERE/out_name (filter_spec as --convert-to takes it)."""
    with tempfile.TemporaryDirectory() as outdir, tempfile.TemporaryDirectory() as profile:
        cmd = ["soffice", "-env:UserInstallation=file://" + profile, "--headless",
               "--convert-to", filter_spec, "--outdir", outdir, src]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = os.path.splitext(os.path.basename(src))[0] + "." + target
        made = os.path.join(outdir, base)
        if not os.path.exists(made):
            sys.exit("soffice made no " + base + " from " + src)
        shutil.move(made, os.path.join(HERE, out_name))


def soffice_save_with_password(src, filter_name, dst):
    """Saves src as dst through LibreOffice's UNO API with the password "x"."""
    import time
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    with tempfile.TemporaryDirectory() as profile:
        pipe = "qylua_fixtures_%d" % os.getpid()
        office = subprocess.Popen(
            ["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--invisible",
             "--norestore", "--accept=pipe,name=%s;urp;" % pipe],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext(
                "com.sun.star.bridge.UnoUrlResolver", local)
            for _ in range(150):
                try:
                    remote = resolver.resolve(
                        "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                    break
                except Exception:
                    time.sleep(0.2)
            else:
                sys.exit("soffice did not answer on its pipe")
            desktop = remote.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", remote)
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                               (prop("Hidden", True), prop("ReadOnly", True)))
            if doc is None:
                sys.exit("soffice could not load " + src)
            doc.storeToURL(uno.systemPathToFileUrl(dst),
                           (prop("FilterName", filter_name), prop("Password", "x")))
            doc.close(True)
            try:
                desktop.terminate()
            except Exception:
                pass                       # the bridge goes down as soffice exits
            office.wait(timeout=60)
        finally:
            if office.poll() is None:
                office.kill()
                office.wait()


# ---- the report-style ledger: title, two-row header, merged counties, 合计 ----

LEDGER_TITLE = "2024年上半年招商引资项目台账（SYNTHETIC 模拟数据）"

# county, project, industry, investor, investor's home, planned, in place, signed, started,
# project code (text, leading zeros kept)
LEDGER_ROWS = [
    ("西峰区", "零碳数据中心配套工程", "数字经济", "示例云计算有限公司", "北京",
     1272.9500000000001, 1272.9, dt.date(2024, 1, 15), True, "010"),
    ("西峰区", "算力设备组装线", "装备制造", "示例电子科技有限公司", "浙江",
     0.1 + 0.2, 0.1, dt.date(2024, 2, 29), False, "00501"),
    ("庆城县", "光伏储能一体化项目", "新能源", "示例能源集团有限公司", "福建",
     5, 5, dt.date(2024, 3, 15), True, "0934001"),
    ("庆城县", "中药材精深加工", "中医药", "示例药业有限公司", "河南",
     2.675, 1.005, dt.date(2024, 3, 31), True, "0934002"),
    ("环县", "风电装备基地", "新能源", "示例风电有限公司", "天津",
     12000.5, 6000.25, dt.date(2024, 4, 1), True, "0935001"),
    ("环县", "肉羊全产业链", "现代农业", "示例农牧有限公司", "上海",
     0, 150, dt.date(2024, 4, 18), False, "0935002"),
    ("华池县", "红色文旅综合体", "文化旅游", "示例文旅有限公司", "北京",
     880.25, 300, dt.date(2024, 5, 6), True, "0936001"),
    ("合水县", "食用菌工厂化种植", "食用菌", "示例菌业有限公司", "福建",
     723, 361.5, dt.date(2024, 5, 20), True, "0937001"),
    ("合水县", "冷链物流中心", "现代物流", "示例物流有限公司", "天津",
     100000.125, 0.125, dt.date(2024, 5, 31), False, "0937002"),
    ("正宁县", "调峰煤电配套项目", "煤电", "示例电力有限公司", "北京",
     3500, 1750, dt.date(2024, 6, 3), True, "0938001"),          # this row is hidden
    ("宁县", "苹果深加工", "现代农业", "示例果业有限公司", "浙江",
     455.55, 455.55, dt.date(2024, 6, 12), True, "0939001"),
    ("镇原县", "电缆生产线", "装备制造", "示例线缆有限公司", "上海",
     5165, 2582.5, dt.date(2024, 6, 20), False, "0940001"),
    ("镇原县", "中医药康养园", "中医药", "示例健康产业有限公司", "河南",
     90233, 30077.67, dt.date(2024, 6, 28), True, "0940002"),
]
LEDGER_HIDDEN_PROJECT = "调峰煤电配套项目"


def make_ledger():
    wb = new_book(LEDGER_TITLE)
    ws = wb.active
    ws.title = "项目台账"
    last_col = "L"
    ws["A1"] = LEDGER_TITLE
    ws.merge_cells("A1:%s1" % last_col)
    ws["A1"].alignment = Alignment(horizontal="center")
    # the header: rows 2 and 3; single names merged down over both, two parents across
    down = {"A": "序号", "B": "县区", "C": "项目名称", "D": "行业", "I": "到位率",
            "J": "签约日期", "K": "是否开工", "L": "项目代码"}
    for col, name in down.items():
        ws[col + "2"] = name
        ws.merge_cells("%s2:%s3" % (col, col))
    ws["E2"] = "投资方"
    ws.merge_cells("E2:F2")
    ws["E3"], ws["F3"] = "名称", "所在地"
    ws["G2"] = "投资额（万元）"
    ws.merge_cells("G2:H2")
    ws["G3"], ws["H3"] = "计划", "到位"
    first = 4
    r = first
    i = 0
    while i < len(LEDGER_ROWS):
        county = LEDGER_ROWS[i][0]
        n = 1
        while i + n < len(LEDGER_ROWS) and LEDGER_ROWS[i + n][0] == county:
            n += 1
        ws.cell(r, 2, county)
        if n > 1:
            ws.merge_cells("B%d:B%d" % (r, r + n - 1))
            ws.cell(r, 2).alignment = Alignment(vertical="center")
        for k in range(n):
            (_, project, industry, investor, home, planned, in_place, signed, started,
             code) = LEDGER_ROWS[i + k]
            row = r + k
            ws.cell(row, 1, i + k + 1)
            ws.cell(row, 3, project)
            ws.cell(row, 4, industry)
            ws.cell(row, 5, investor)
            ws.cell(row, 6, home)
            ws.cell(row, 7, planned).number_format = MONEY
            ws.cell(row, 8, in_place).number_format = MONEY_PLAIN
            ws.cell(row, 9, "=H%d/G%d" % (row, row)).number_format = "0.00%"
            ws.cell(row, 10, signed).number_format = DATE
            ws.cell(row, 11, started)
            ws.cell(row, 12, code).number_format = "@"
            if project == LEDGER_HIDDEN_PROJECT:
                ws.row_dimensions[row].hidden = True
        r += n
        i += n
    last = r - 1
    ws.cell(r, 1, "合计")
    ws.cell(r, 7, "=SUM(G%d:G%d)" % (first, last)).number_format = MONEY
    ws.cell(r, 8, "=SUM(H%d:H%d)" % (first, last)).number_format = MONEY_PLAIN
    ws.cell(r, 9, "=H%d/G%d" % (r, r)).number_format = "0.00%"
    add_note_sheet(wb)
    return save(wb, "ledger.xlsx")


# ---- a flat table: no title, one header row; the sheet the CSV export is compared with ----

FLAT_HEADER = ["序号", "县区", "项目名称", "行业", "签约额（万元）", "签约日期", "是否开工",
               "区划代码", "合同编号", "统一社会信用代码", "比例"]
FLAT_ROWS = [
    ("西峰区", "数据中心配套工程", "数字经济", 1272.9500000000001, dt.date(2024, 1, 15), True,
     "010", "62100020240115000001", "91621000MA71SYN01X", 0.1 + 0.2),
    ("庆城县", "光伏储能项目", "新能源", 0.1 + 0.2, dt.date(2024, 2, 29), False,
     "00501", "62100020240229000002", "91621021MA71SYN02Y", 1272.9500000000001),
    ("环县", "风电装备基地", "新能源", 5, dt.date(2024, 3, 15), True,
     "0935", "62100020240315000003", "91621022MA71SYN033", 0.5),
    ("华池县", "红色文旅综合体", "文化旅游", 2.675, dt.date(2024, 4, 1), True,
     "0936", "62100020240401000004", "91621023MA71SYN044", 0.25),
    ("合水县", "食用菌工厂化种植", "食用菌", 100000.125, dt.date(2024, 5, 20), False,
     "0937", "62100020240520000005", "91621024MA71SYN055", 1.125),
    ("正宁县", "调峰煤电配套项目", "煤电", 902.33, dt.date(2024, 6, 3), True,
     "0938", "62100020240603000006", "91621025MA71SYN066", 60.13),
    ("宁县", "苹果深加工", "现代农业", 51.65, dt.date(2024, 6, 12), True,
     "0939", "62100020240612000007", "91621026MA71SYN077", 7.23),
    ("镇原县", "电缆生产线", "装备制造", 300.67, dt.date(2024, 6, 28), False,
     "0940", "62100020240628000008", "91621027MA71SYN088", 0.6013),
]


def make_flat():
    wb = new_book("项目明细（SYNTHETIC 模拟数据）")
    ws = wb.active
    ws.title = "明细"
    ws.append(FLAT_HEADER)
    for i, (county, project, industry, amount, signed, started, region, contract, credit,
            share) in enumerate(FLAT_ROWS, start=1):
        ws.append([i, county, project, industry, amount, signed, started, region, contract,
                   credit, share])
        r = ws.max_row
        ws.cell(r, 5).number_format = MONEY_PLAIN
        ws.cell(r, 6).number_format = DATE
        for c in (8, 9, 10):
            ws.cell(r, c).number_format = "@"
    add_note_sheet(wb)
    return save(wb, "flat.xlsx")


# ---- several sheets: a hidden one first, CJK names, an empty one, header edge cases ----

def make_book():
    wb = new_book("多表工作簿（SYNTHETIC 模拟数据）")
    hidden = wb.active
    hidden.title = "隐藏参数"
    hidden.sheet_state = "hidden"
    hidden.append(["参数", "值"])
    hidden.append(["版本", 3])
    hidden.append(["年度", 2024])
    summary = wb.create_sheet("县区汇总")
    # duplicate names, a name with spaces around it, a column without a name (F1 empty)
    summary.append(["县区", "项目数", "签约额", "签约额", " 备注 "])
    counties = ["西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县"]
    counts = [42, 31, 25, 18, 22, 15, 19, 28]
    amounts = [312.5, 150.25, 1272.9500000000001, 80, 66.6, 45.125, 58, 99.99]
    for i, county in enumerate(counties):
        r = i + 2
        summary.cell(r, 1, county)
        summary.cell(r, 2, counts[i])
        summary.cell(r, 3, amounts[i])
        summary.cell(r, 4, amounts[i]).number_format = MONEY_PLAIN
        if counts[i] >= 28:
            summary.cell(r, 5, "重点县")
        summary.cell(r, 6, counts[i] * 10)
    summary["D5"] = "#N/A"                  # openpyxl writes a literal error cell (t="e")
    wb.create_sheet("空表")
    text_numbers = wb.create_sheet("文本数字")
    text_numbers.append(["数字文本", "千分位", "编码"])
    for a, b, c in [("123", "1,234.50", "010"), ("-45", "2,000.00", "0931"),
                    ("6789", "12.50", "00501")]:
        text_numbers.append([a, b, c])
    for row in text_numbers.iter_rows(min_row=2):
        for cell in row:
            cell.number_format = "@"
    add_note_sheet(wb)
    return save(wb, "book.xlsx")


# ---- formulas: cached by LibreOffice, none from openpyxl; errors ----

def make_formulas():
    wb = new_book("公式（SYNTHETIC 模拟数据）")
    ws = wb.active
    ws.title = "公式"
    ws.append(["项目", "计划", "到位", "到位率", "合计", "达标", "到位（元）", "说明"])
    rows = [("甲项目", 100, 60.5), ("乙项目", 0, 12), ("丙项目", 80, 0), ("丁项目", 1272.95, 1272.95),
            ("戊项目", 3, 1)]
    for i, (name, planned, in_place) in enumerate(rows):
        r = i + 2
        ws.cell(r, 1, name)
        ws.cell(r, 2, planned)
        ws.cell(r, 3, in_place)
        ws.cell(r, 4, "=C%d/B%d" % (r, r)).number_format = "0.0%"
        ws.cell(r, 5, "=B%d+C%d" % (r, r)).number_format = MONEY_PLAIN
        ws.cell(r, 6, "=C%d>=B%d" % (r, r))
        ws.cell(r, 7, "=IF(C%d=0,NA(),C%d*10000)" % (r, r)).number_format = "0"
        ws.cell(r, 8, '=A%d&"（模拟）"' % r)
    add_note_sheet(wb)
    return save(wb, "formulas.xlsx")


# ---- dates in both date systems: the same values, other serial numbers ----

DATE_ROWS = [
    (dt.date(2024, 3, 15), dt.datetime(2024, 3, 15, 10, 30, 0), dt.time(10, 30, 0)),
    (dt.date(2024, 2, 29), dt.datetime(2024, 2, 29, 23, 59, 59), dt.time(23, 59, 59)),
    (dt.date(2000, 2, 29), dt.datetime(2000, 1, 1, 0, 0, 0), dt.time(0, 0, 1)),
    (dt.date(1999, 12, 31), dt.datetime(2023, 7, 20, 14, 45, 30), dt.time(12, 0, 0)),
]


def make_dates(name, epoch):
    wb = new_book("日期（SYNTHETIC 模拟数据）")
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.title = "日期"
    ws.append(["日期", "时刻", "时间", "中文日期", "内置日期"])
    for d, moment, t in DATE_ROWS:
        ws.append([d, moment, t, d, d])
        r = ws.max_row
        ws.cell(r, 1).number_format = DATE
        ws.cell(r, 2).number_format = "yyyy-mm-dd hh:mm:ss"
        ws.cell(r, 3).number_format = "hh:mm:ss"
        ws.cell(r, 4).number_format = 'yyyy"年"m"月"d"日"'
        ws.cell(r, 5).number_format = "mm-dd-yy"       # built-in format 14
    add_note_sheet(wb)
    return save(wb, name)


# ---- bad input ----

def make_bad():
    with open(os.path.join(HERE, "bad_csv.xlsx"), "w", encoding="utf-8") as f:
        f.write("县区,签约额\n西峰区,1272.95\n")
    with zipfile.ZipFile(os.path.join(HERE, "bad_docx.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in [
            ("[Content_Types].xml",
             '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
             '.org/package/2006/content-types"><Override PartName="/word/document.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
             'document.main+xml"/></Types>'),
            ("word/document.xml",
             '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
             'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>SYNTHETIC'
             '</w:t></w:r></w:p></w:body></w:document>')]:
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text)
    open(os.path.join(HERE, "bad_empty.xlsx"), "wb").close()


def main():
    made = [make_ledger(), make_flat(), make_book(), make_formulas(),
            make_dates("dates1900.xlsx", None), make_dates("dates1904.xlsx", CALENDAR_MAC_1904)]
    for path in made:
        stem = os.path.splitext(os.path.basename(path))[0]
        soffice_convert(path, "xlsx", "xlsx:Calc MS Excel 2007 XML", stem + ".lo.xlsx")
        soffice_convert(path, "xls", "xls:MS Excel 97", stem + ".lo.xls")
    # the flat sheet as LibreOffice exports it: UTF-8, comma, '"', cells as shown
    soffice_convert(os.path.join(HERE, "flat.xlsx"), "csv",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1", "flat.csv")
    # an encrypted workbook: LibreOffice saves a password-protected .xls (RC4); its .xlsx
    # encryption fails in this build ("Write Code:16") and `--convert-to` takes no password
    soffice_save_with_password(os.path.join(HERE, "flat.xlsx"), "MS Excel 97",
                               os.path.join(HERE, "bad_encrypted.xls"))
    make_bad()


if __name__ == "__main__":
    main()
