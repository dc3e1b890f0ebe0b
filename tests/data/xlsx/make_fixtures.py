#!/usr/bin/python3
"""make_fixtures.py — the .xlsx fixtures of tests/c/test_xlsx.c.

Run from anywhere: /usr/bin/python3 tests/data/xlsx/make_fixtures.py
It also writes the seeds of fuzz/corpus/fuzz_xlsx/ (the crafted books with
their entries stored uncompressed).
Needs python3-openpyxl and, for libre_*.xlsx, LibreOffice (soffice); the
files it writes are committed, so the tests need neither.

  openpyxl_*.xlsx   written by openpyxl (a real writer, not ours)
  libre_*.xlsx      openpyxl_ledger.xlsx saved again by LibreOffice headless,
                    which computes formulas and stores their values
  crafted_*.xlsx    zips written here with hand-made XML: the parts no
                    writer above makes (rich text, phonetic runs, _xHHHH_
                    escapes, every cell type, prefixes, strict namespaces)
  bad_*.xlsx        broken on purpose: each must give one exact error
"""
import datetime
import os
import shutil
import subprocess
import tempfile
import zipfile

import openpyxl
from openpyxl.styles import Font

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "..", "..", "fuzz", "corpus", "fuzz_xlsx")
STORED = False   # seeds: entries stored, not deflated, so fuzzing reaches the XML


def out(name):
    return os.path.join(SEEDS if STORED else HERE, name)


# ---- openpyxl ----

def openpyxl_ledger():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws["A1"] = "2024年上半年招商引资项目台账"
    ws.merge_cells("A1:E1")
    ws.append(["县区", "项目名称", "金额", "日期", "已签约"])
    rows = [
        ["东城区", "智能制造产业园", 1272.95, datetime.date(2024, 3, 15), True],
        [None, "物流中心二期", 350.5, datetime.date(2024, 4, 1), False],
        ["西城区", "数据中心", 0.1, datetime.date(2024, 5, 20), True],
    ]
    for r in rows:
        ws.append(r)
    ws.merge_cells("A3:A4")
    for r in range(3, 6):
        ws.cell(r, 3).number_format = "0.00"
        ws.cell(r, 4).number_format = "yyyy-mm-dd"
    ws.append(["合计", None, "=SUM(C3:C5)", None, None])
    ws.cell(6, 3).number_format = "0.00"
    ws.row_dimensions[4].hidden = True
    ws["G2"] = "#N/A"           # openpyxl writes this as an error cell
    ws["G3"] = "多行\r\n文本"    # a carriage return: _x000D_ in the file
    hidden = wb.create_sheet("说明")
    hidden["A1"] = "说明文字"
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("内部")
    very.sheet_state = "veryHidden"
    wb.create_sheet("空表")
    wb.create_chartsheet("图表")
    wb.save(out("openpyxl_ledger.xlsx"))


def openpyxl_1904():
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Sheet"
    ws["A1"] = datetime.date(2024, 1, 2)
    ws["A1"].number_format = "yyyy-mm-dd"
    ws["B1"] = 3
    wb.save(out("openpyxl_1904.xlsx"))


def libre(name):
    tmp = tempfile.mkdtemp()
    try:
        src = os.path.join(tmp, "in.xlsx")
        shutil.copy(out("openpyxl_ledger.xlsx"), src)
        subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir",
                        os.path.join(tmp, "o"), src], check=True, capture_output=True)
        shutil.copy(os.path.join(tmp, "o", "in.xlsx"), out(name))
    finally:
        shutil.rmtree(tmp)


# ---- hand-made packages ----

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/></Types>')


def root_rels(rel=REL, target="xl/workbook.xml"):
    return (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="{target}"/>'
            '</Relationships>')


def workbook(sheets=(("Sheet1", "rId1"),), main=MAIN, rel=REL, pr=""):
    s = "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="{rid}"/>'
                for i, (n, rid) in enumerate(sheets))
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            f'{pr}<sheets>{s}</sheets></workbook>')


def workbook_rels(targets=(("rId1", "worksheet", "worksheets/sheet1.xml"),), rel=REL,
                  shared=True, styles=True):
    items = [f'<Relationship Id="{i}" Type="{rel}/{t}" Target="{tg}"/>' for i, t, tg in targets]
    if shared:
        items.append(f'<Relationship Id="rS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>')
    if styles:
        items.append(f'<Relationship Id="rY" Type="{rel}/styles" Target="styles.xml"/>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            + "".join(items) + '</Relationships>')


STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
          '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.00"/>'
          '<numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
          '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
          '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/>'
          '<xf numFmtId="165"/><xf numFmtId="164"/></cellXfs>'
          '<dxfs count="1"><dxf><numFmt numFmtId="166" formatCode="0.000"/></dxf></dxfs>'
          '</styleSheet>')


def sst(items):
    return (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(items)}" '
            f'uniqueCount="{len(items)}">' + "".join(f"<si>{i}</si>" for i in items) + "</sst>")


def sheet(rows, tail="", main=MAIN, head=""):
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">{head}'
            f'<sheetData>{rows}</sheetData>{tail}</worksheet>')


def package(name, parts, method=zipfile.ZIP_DEFLATED):
    if STORED:
        method = zipfile.ZIP_STORED
    with zipfile.ZipFile(out(name), "w", method) as z:
        for part, text in parts.items():
            info = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, text.encode("utf-8") if isinstance(text, str) else text)


def book(name, sheet_xml, shared=None, styles=STYLES, extra=None):
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": root_rels(),
        "xl/workbook.xml": workbook(),
        "xl/_rels/workbook.xml.rels": workbook_rels(shared=shared is not None,
                                                    styles=styles is not None),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    if styles is not None:
        parts["xl/styles.xml"] = styles
    parts.update(extra or {})
    package(name, parts)


def crafted():
    shared = sst([
        "<t>plain</t>",
        '<r><rPr><b/></rPr><t>rich </t></r><r><t xml:space="preserve">text </t></r><r><t>runs</t></r>',
        "<t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/>",
        "<t>a_x000D_b_x005F_x000D_c_x0041__x0000_</t>",
        "<t></t>",
        "<t>&lt;&amp;&gt; &#x4E2D;</t>",
    ])
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c>'
        '<c r="F1" t="s"><v>5</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>inline</t></is></c>'
        '<c r="B2" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r><rPh><t>x</t></rPh></is></c>'
        '<c r="C2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
        '<c r="D2" t="b"><v>1</v></c><c r="E2" t="b"><f>FALSE()</f><v>0</v></c>'
        '<c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="G2" t="d"><v>2024-03-15T00:00:00</v></c>'
        '<c r="H2"><f>A9+1</f></c><c r="I2" s="1"/><c r="J2" s="1"><v>1272.9500000000001</v></c>'
        '<c r="K2" s="2" t="n"><v>45366</v></c><c r="L2" s="3"><v>-1.5E-3</v></c>'
        '<c r="M2"><v>12345678901234567890</v></c></row>'
        '<row><c><v>1</v></c><c><v>2</v></c><c r="E3"><v>5</v></c><c><v>6</v></c></row>'
        '<row r="5" hidden="1"><c r="B5" s="4"><v>0.1</v></c></row>'
        '<row r="6" hidden="true" customHeight="1"/>'
        '<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>'
    )
    tail = ('<mergeCells count="2"><mergeCell ref="A1:M1"/><mergeCell ref="B5:C6"/></mergeCells>'
            '<extLst><ext><x14:c xmlns:x14="urn:x"/></ext></extLst>')
    head = '<dimension ref="A1:XFD1048576"/>'
    book("crafted_types.xlsx", sheet(rows, tail, head=head), shared)

    # prefixes on every element, strict namespaces, absolute targets
    xrows = ('<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c>'
             '<x:c r="B1"><x:v>2.5</x:v></x:c></x:row>')
    xsheet = (f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{STRICT_MAIN}">'
              f'<x:dimension ref="A1:B1"/><x:sheetData>{xrows}</x:sheetData></x:worksheet>')
    xsst = (f'<?xml version="1.0" encoding="UTF-8"?><x:sst xmlns:x="{STRICT_MAIN}">'
            '<x:si><x:t>strict</x:t></x:si></x:sst>')
    package("crafted_strict.xlsx", {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": root_rels(STRICT_REL, "/xl/workbook.xml"),
        "xl/workbook.xml": (f'<?xml version="1.0"?><x:workbook xmlns:x="{STRICT_MAIN}" '
                            f'xmlns:r="{STRICT_REL}"><x:workbookPr date1904="true"/><x:sheets>'
                            '<x:sheet name="S" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>'),
        "xl/_rels/workbook.xml.rels": workbook_rels(
            (("rId1", "worksheet", "/xl/worksheets/../worksheets/sheet1.xml"),),
            rel=STRICT_REL, styles=False),
        "xl/worksheets/sheet1.xml": xsheet,
        "xl/sharedStrings.xml": xsst,
    })


def bad():
    ok_row = '<row r="1"><c r="A1"><v>1</v></c></row>'
    book("bad_dtd.xlsx", '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x "y">]>'
         f'<worksheet xmlns="{MAIN}"><sheetData>{ok_row}</sheetData></worksheet>')
    laughs = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">'
                        for i in range(8))
              + f']><sst xmlns="{MAIN}"><si><t>&i;</t></si></sst>')
    book("bad_laughs.xlsx", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), laughs)
    book("bad_sst_index.xlsx",
         sheet('<row r="1"><c r="A1" t="s"><v>1</v></c></row>'
               '<row r="7"><c r="D7" t="s"><v>99</v></c><c r="E7" t="s"><v>100</v></c></row>'),
         sst(["<t>a</t>", "<t>b</t>"]))
    book("bad_col_order.xlsx", sheet('<row r="1"><c r="C1"><v>1</v></c><c r="A1"><v>2</v></c></row>'))
    book("bad_row_order.xlsx", sheet('<row r="5"><c r="A5"><v>1</v></c></row>'
                                     '<row r="3"><c r="A3"><v>2</v></c></row>'))
    book("bad_beyond.xlsx", sheet('<row r="1048576"><c r="XFD1048577"><v>1</v></c></row>'))
    book("bad_ref.xlsx", sheet('<row r="1"><c r="1A"><v>1</v></c></row>'))
    book("bad_xml.xlsx", sheet('<row r="1">\n<c r="A1"><v>1</v></x>\n</row>'))
    book("bad_number.xlsx", sheet('<row r="2"><c r="B2"><v>12abc</v></c></row>'))
    book("bad_style.xlsx", sheet('<row r="1"><c r="A1" s="9"><v>1</v></c></row>'))
    # a part the workbook names but the zip lacks
    book("bad_missing_sheet.xlsx", sheet(ok_row), extra={
        "xl/workbook.xml": workbook((("Sheet1", "rId1"), ("Gone", "rId2"))),
        "xl/_rels/workbook.xml.rels": workbook_rels(
            (("rId1", "worksheet", "worksheets/sheet1.xml"),
             ("rId2", "worksheet", "worksheets/sheet2.xml")), shared=False),
    })
    package("bad_no_workbook.xlsx", {"[Content_Types].xml": CONTENT_TYPES, "hello.txt": "hi"})
    # 40 MiB of spaces between elements: ~1000 times its compressed size
    bomb = (f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'
            + " " * (40 << 20) + "</sheetData></worksheet>")
    book("bad_bomb.xlsx", bomb)
    # 2 MiB of whitespace: past a cap of 1 MiB set by the test
    book("crafted_2mib.xlsx", sheet(ok_row + " " * (2 << 20)))
    with open(out("crafted_types.xlsx"), "rb") as f:
        whole = f.read()
    with open(out("bad_truncated.xlsx"), "wb") as f:
        f.write(whole[: len(whole) // 2])


if __name__ == "__main__":
    openpyxl_ledger()
    openpyxl_1904()
    crafted()
    bad()
    libre("libre_ledger.xlsx")
    # fuzz/corpus/fuzz_xlsx/: the hand-made ones again, stored
    STORED = True
    os.makedirs(SEEDS, exist_ok=True)
    crafted()
    book("bad_sst_index.xlsx",
         sheet('<row r="1"><c r="A1" t="s"><v>1</v></c></row>'), sst(["<t>a</t>", "<t>b</t>"]))
