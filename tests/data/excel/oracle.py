#!/usr/bin/python3
"""oracle.py — the expected tables of tests/data/excel/, from what openpyxl reads.

    /usr/bin/python3 tests/data/excel/oracle.py     (needs python3-openpyxl; soffice for .xls)

For every line of tests/data/excel/manifest it reads the fixture with openpyxl (data_only=True
for the cached values, and once more without, to see which cells are formulas) and writes
expected/FIXTURE.SHEET[.VARIANT].lua: the table qy.read_excel must return with the line's
options, and the info fields it must report. openpyxl cannot read .xls: for NAME.xls the
oracle reads the .xlsx LibreOffice makes from that very .xls (converted in a temporary
directory), so what is checked is what the .xls holds.

Everything below is this script's own reading of the rules in API.md and README's "Reading
CSV", written without looking at qylua's C code: openpyxl gives each cell's stored value,
type and number format, and this script decides what the cell shows (15 significant digits
for General; the places of "0.00" and "#,##0.00"; a percent's value with places + 2; dates,
date-times and times; Excel's rounding, half away from zero after 15 significant digits),
then shapes the sheet (title, header rows with merged parents joined by "/", footer, merged
cells filled, hidden rows) and types each column by read_csv's ladder (bool, date, int64,
decimal(s), float64, string). A column type it cannot be sure of is written as false (not
checked), and info fields it cannot be sure of are left out.

Expected files are Lua table literals (the tests have no JSON reader); a null value is false.
"""
import datetime as dt
import decimal
import os
import re
import subprocess
import tempfile
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "expected")

# ---------------------------------------------------------------- the manifest

def parse_lua_literal(text):
    """The subset of Lua table constructors the manifest uses: {k = v, ...} with v a string
    ("..."), an integer, true/false, or such a table; keys are names or ["..."]."""
    pos = 0

    def skip():
        nonlocal pos
        while pos < len(text) and text[pos] in " \t":
            pos += 1

    def value():
        nonlocal pos
        skip()
        if text[pos] == "{":
            pos += 1
            table = {}
            items = []
            while True:
                skip()
                if text[pos] == "}":
                    pos += 1
                    return table if table or not items else items
                m = re.compile(r'([A-Za-z_][A-Za-z_0-9]*)\s*=|\["([^"]*)"\]\s*=').match(text, pos)
                if m:
                    pos = m.end()
                    table[m.group(1) or m.group(2)] = value()
                else:
                    items.append(value())
                skip()
                if text[pos] == ",":
                    pos += 1
        if text[pos] == '"':
            end = text.index('"', pos + 1)
            s = text[pos + 1:end]
            pos = end + 1
            return s
        m = re.compile(r"-?\d+|true|false").match(text, pos)
        if not m:
            raise ValueError("cannot read option value at: " + text[pos:])
        pos = m.end()
        word = m.group(0)
        return {"true": True, "false": False}.get(word, int(word) if word[-1].isdigit() else word)

    v = value()
    skip()
    if pos != len(text):
        raise ValueError("trailing text in options: " + text[pos:])
    return v


def read_manifest():
    cases = []
    with open(os.path.join(HERE, "manifest"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fixture, sheet, variant, options = line.split(None, 3)
            cases.append({"fixture": fixture, "sheet": int(sheet), "variant": variant,
                          "options_text": options, "options": parse_lua_literal(options)})
    return cases

# ---------------------------------------------------------------- reading a fixture

_converted = {}


def openpyxl_source(fixture):
    """The .xlsx openpyxl reads for fixture: itself, or for NAME.lo.xls the NAME.lo.xlsx that
    LibreOffice wrote from the same source."""
    path = os.path.join(HERE, fixture)
    return path[:-4] + ".xlsx" if fixture.endswith(".xls") else path


def round_trip(fixture):
    """LibreOffice's .xlsx of the .xls fixture, made in a temporary directory: a cross-check
    that the .xls holds what the .xlsx of the same source holds."""
    if fixture not in _converted:
        outdir = tempfile.mkdtemp(prefix="qy-oracle-")
        profile = tempfile.mkdtemp(prefix="qy-oracle-profile-")
        subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir,
                        os.path.join(HERE, fixture)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _converted[fixture] = os.path.join(outdir, os.path.basename(fixture)[:-4] + ".xlsx")
    return _converted[fixture]


class Grid:
    """One sheet as openpyxl reads it: cells[(row, col)] = (kind, value, number_format,
    is_formula), 1-based; kind is "n" (value: the stored number), "s", "b", "e" (value: the
    error's text) or "none" (a formula without a cached value)."""

    def __init__(self, path, sheet_index):
        values = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
        ws = values.worksheets[sheet_index - 1]
        wf = formulas.worksheets[sheet_index - 1]
        self.name = ws.title
        self.date1904 = values.epoch != openpyxl.utils.datetime.WINDOWS_EPOCH
        self.cells = {}
        for row in ws.iter_rows():
            for cell in row:
                f = wf.cell(cell.row, cell.column)
                is_formula = f.data_type == "f"
                v = cell.value
                if v is None:
                    if is_formula:
                        self.cells[(cell.row, cell.column)] = ("none", None, cell.number_format,
                                                               True)
                    continue
                if cell.data_type == "e":
                    kind = "e"
                elif cell.data_type == "b" or isinstance(v, bool):
                    kind = "b"
                elif isinstance(v, (dt.datetime, dt.date, dt.time, dt.timedelta)):
                    # openpyxl turns a date-formatted number into a datetime (to the
                    # microsecond): the serial rebuilt from it is within a microsecond of the
                    # stored one, and what shows (to the second) is the same
                    kind, v = "n", float(to_excel(v, values.epoch))
                elif isinstance(v, (int, float)):
                    kind = "n"
                else:
                    kind = "s"
                self.cells[(cell.row, cell.column)] = (kind, v, cell.number_format, is_formula)
        self.merges = [(m.min_row, m.min_col, m.max_row, m.max_col)
                       for m in ws.merged_cells.ranges]
        self.hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
        used = [k for k, c in self.cells.items()]
        self.max_row = max((r for r, _ in used), default=0)
        self.max_col = max((c for _, c in used), default=0)

    def merge_at(self, r, c):
        for m in self.merges:
            if m[0] <= r <= m[2] and m[1] <= c <= m[3]:
                return m
        return None

# ---------------------------------------------------------------- what a cell shows

D = decimal.Decimal


def round_excel(x, places):
    """x taken to 15 significant digits, then rounded half away from zero to places."""
    d = D(x)
    if d == 0:
        return D(0).quantize(D(1).scaleb(-places))
    exp = d.adjusted()
    d15 = d.quantize(D(1).scaleb(exp - 14), rounding=decimal.ROUND_HALF_UP)
    return d15.quantize(D(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)


def general_text(x):
    """A number as General shows it: 15 significant digits, no trailing zeros."""
    d = D(x)
    if d == 0:
        return "0"
    exp = d.adjusted()
    if exp >= 15 or exp < -9:
        raise ValueError("General would use scientific notation for %r" % x)
    d15 = d.quantize(D(1).scaleb(exp - 14), rounding=decimal.ROUND_HALF_UP)
    text = format(d15, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def strip_format_literals(section):
    """A format section without its quoted text, escaped characters and [...] parts."""
    section = re.sub(r'"[^"]*"', "", section)
    section = re.sub(r"\\.", "", section)
    section = re.sub(r"\[[^\]]*\]", "", section)
    return section.replace("_", "").replace("*", "")


BUILTIN_DATE = {14, 15, 16, 17}
BUILTIN_TIME = {18, 19, 20, 21, 45, 46, 47}


def classify(fmt):
    """("general"|"fixed"|"percent"|"date"|"datetime"|"time", places) for a format code."""
    if fmt is None or fmt == "General" or fmt == "@":
        return ("general", 0)
    first = fmt.split(";")[0]
    bare = strip_format_literals(first)
    low = bare.lower()
    has_date = "y" in low or "d" in low
    has_time = "h" in low or "s" in low
    if has_date or has_time:
        if "e" in low and not has_date:      # 0.00E+00 is scientific, not a time
            return ("general", 0)
        if has_date and has_time:
            return ("datetime", 0)
        return ("date", 0) if has_date else ("time", 0)
    if low.strip() in ("general", ""):
        return ("general", 0)
    if "e+" in low or "e-" in low or "/" in low:
        return ("general", 0)
    places = 0
    if "." in bare:
        places = sum(1 for ch in bare.split(".", 1)[1] if ch in "0#?")
    if "%" in bare:
        return ("percent", places)
    if "0" in bare or "#" in bare:
        return ("fixed", places)
    raise ValueError("format this oracle does not read: %r" % fmt)


def serial_to_datetime(serial, date1904):
    """A serial day number as a datetime, seconds rounded to the nearest."""
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 31)
    if not date1904 and serial >= 61:
        serial -= 1                            # Excel counts 1900-02-29, which was not
    if not date1904 and 60 <= serial < 61:
        raise ValueError("serial 60 of the 1900 system")
    days = int(serial // 1)
    seconds = int(round_excel((serial - days) * 86400, 0))
    return base + dt.timedelta(days=days, seconds=seconds)


def cell_text(cell, date1904):
    """(text or None, is_error, no_value): what qy.read_excel reads from one cell."""
    kind, v, fmt, _ = cell
    if kind == "none":
        return None, False, True
    if kind == "e":
        return None, True, False
    if kind == "b":
        return ("true" if v else "false"), False, False
    if kind == "s":
        return v, False, False
    how, places = classify(fmt)
    x = float(v)
    if how == "general":
        return general_text(x), False, False
    if how == "fixed":
        return format(round_excel(x, places), "f"), False, False
    if how == "percent":
        return format(round_excel(x, places + 2), "f"), False, False
    moment = serial_to_datetime(x, date1904)
    if how == "date":
        return moment.strftime("%Y-%m-%d"), False, False
    if how == "datetime":
        return moment.strftime("%Y-%m-%d %H:%M:%S"), False, False
    return moment.strftime("%H:%M:%S"), False, False

# ---------------------------------------------------------------- read_csv's ladder

INT64_MAX = 2 ** 63 - 1
BOOL_WORDS = {"true": True, "TRUE": True, "True": True,
              "false": False, "FALSE": False, "False": False}


def leading_zero(s):
    t = s[1:] if s[:1] in "+-" else s
    return len(t) >= 2 and t[0] == "0" and t[1].isdigit()


def as_int(s):
    if not re.fullmatch(r"[+-]?\d+", s) or leading_zero(s):
        return None
    v = int(s)
    return v if -INT64_MAX - 1 <= v <= INT64_MAX else None


def as_decimal(s):
    """(value, scale the column needs) or None."""
    m = re.fullmatch(r"([+-]?)(\d*)\.(\d*)", s)
    if not m or (m.group(2) == "" and m.group(3) == "") or leading_zero(s):
        return None
    written = len(m.group(3))
    exact = len(m.group(3).rstrip("0"))
    if exact > 6:
        return None
    return D(s), min(written, 6)


def float_text(x):
    for precision in (15, 16, 17):
        text = "%.*g" % (precision, x)
        if float(text) == x:
            return text
    return text


def type_column(texts):
    """(type or False when unsure, texts as c:text(i) gives them, None for null)."""
    values = [t for t in texts if t is not None]
    if not values or any(t == "" for t in values):
        return False, texts
    bare = [t.strip(" \t") for t in values]
    if all(b in BOOL_WORDS for b in bare):
        return "bool", [None if t is None else ("true" if BOOL_WORDS[t.strip(" \t")] else "false")
                        for t in texts]
    if all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", b) for b in bare):
        try:
            for b in bare:
                dt.date.fromisoformat(b)
            return "date", texts
        except ValueError:
            return False, texts
    if any(re.fullmatch(r"\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?", b) for b in bare):
        return False, texts                       # other date forms: not this oracle's
    if any(re.fullmatch(r"[+-]?\d+(\.\d*)?", b) and (leading_zero(b) or (
            re.fullmatch(r"[+-]?\d+", b) and as_int(b) is None)) for b in bare):
        return "string", texts                    # a code, or an integer beyond int64
    if all(as_int(b) is not None for b in bare):
        return "int64", [None if t is None else str(as_int(t.strip(" \t"))) for t in texts]
    if all(as_int(b) is not None or as_decimal(b) is not None for b in bare):
        scale = max(as_decimal(b)[1] if as_int(b) is None else 0 for b in bare)
        q = D(1).scaleb(-scale)
        return "decimal(%d)" % scale, [
            None if t is None else format(D(t.strip(" \t")).quantize(q), "f") for t in texts]
    if all(re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", b) and not leading_zero(b) for b in bare):
        # at most 15 significant digits (what General shows): each comes back as written
        if all(len(re.sub(r"[^0-9]", "", b).strip("0")) <= 15 for b in bare):
            return "float64", [None if t is None else float_text(float(t)) for t in texts]
        return False, texts
    return "string", texts

# ---------------------------------------------------------------- shaping the sheet

FOOTER_WORDS = ("合计", "总计", "小计")


def parse_range(text):
    m = re.fullmatch(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", text)
    col = lambda s: sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(s)))
    return int(m.group(2)), col(m.group(1)), int(m.group(4)), col(m.group(3))


def expect(case, src=None):
    fixture, options = case["fixture"], case["options"]
    src = src or openpyxl_source(fixture)
    g = Grid(src, case["sheet"])
    if "range" in options:
        r0, c0, r1, c1 = parse_range(options["range"])
    else:
        r0, c0, r1, c1 = 1, 1, g.max_row, g.max_col
    if g.max_row == 0:
        return {"error": "empty", "sheet_name": g.name}

    def cell(r, c):
        return g.cells.get((r, c)) if r0 <= r <= r1 and c0 <= c <= c1 else None

    def row_values(r):
        return [(c, cell(r, c)) for c in range(c0, c1 + 1)
                if cell(r, c) is not None and cell(r, c)[0] != "none"]

    def show(r, c):
        x = cell(r, c)
        return None if x is None else cell_text(x, g.date1904)[0]

    info = {"sheet": g.name, "format": "xls" if fixture.endswith(".xls") else "xlsx"}
    top = r0
    title = None
    if "skip" in options:
        top += options["skip"]
    elif "header" not in options:
        # rows above a row with more cells that hold one value, or one merged across the width
        while top < r1:
            here, below = row_values(top), row_values(top + 1)
            if len(here) == 1 and len(below) > 1:
                if title is None:
                    title = show(top, here[0][0])
                top += 1
            else:
                break
    info["title"] = title
    info["skipped"] = top - r0
    header = options.get("header", True)
    if header is False:
        nheader = 0
    elif header is True:
        nheader = 1
        for m in g.merges:
            if m[0] == top and c0 <= m[1] <= c1:
                nheader = max(nheader, m[2] - top + 1, 2 if m[3] > m[1] else 1)
    else:
        nheader = header
    info["header_rows"] = nheader
    ncols = c1 - c0 + 1
    names = []
    for c in range(c0, c1 + 1):
        parts, last_merge = [], None
        for r in range(top, top + nheader):
            m = g.merge_at(r, c)
            if m is not None and m == last_merge:
                continue
            last_merge = m
            text = show(m[0], m[1]) if m else show(r, c)
            if text is not None and text.strip(" \t\u3000") != "":
                parts.append(text.strip(" \t\u3000"))
        names.append("/".join(parts))
    if nheader == 0:
        names = ["col%d" % (i + 1) for i in range(ncols)]
    names = [n if n else "col%d" % (i + 1) for i, n in enumerate(names)]
    seen = {}
    unique = []
    for n in names:
        if n in seen:
            seen[n] += 1
            n = "%s_%d" % (n, seen[n])
        else:
            seen[n] = 1
        unique.append(n)
    names = [options.get("rename", {}).get(n, n) for n in unique]

    body = list(range(top + nheader, r1 + 1))
    hidden_in_body = [r for r in body if r in g.hidden_rows]
    info["hidden"] = len(hidden_in_body)
    if options.get("hidden", True) is False:
        body = [r for r in body if r not in g.hidden_rows]
    footer = []
    pattern = options.get("footer")
    while body and pattern is not False:
        first = row_values(body[-1])
        text = show(body[-1], first[0][0]) if first else None
        if text is None:
            break
        if pattern is None:
            bare = re.sub(r"\s", "", text)
            hit = bare.startswith(FOOTER_WORDS) or bare.lower().startswith("total")
        else:
            raise ValueError("footer patterns are not read by this oracle")
        if not hit:
            break
        footer.insert(0, text)
        body.pop()
    info["footer"] = footer

    fill = options.get("fill_merged", True)
    filled = {}
    merged_count = 0
    if fill:
        body_set = set(body)
        for m in g.merges:
            if m[0] in body_set:
                merged_count += 1
                for r in range(m[0], m[2] + 1):
                    for c in range(m[1], m[3] + 1):
                        if r in body_set and (r, c) != (m[0], m[1]):
                            filled[(r, c)] = (m[0], m[1])
    info["merged"] = merged_count

    columns = []
    errors, error_cells, no_value = 0, [], 0
    for c in range(c0, c1 + 1):
        texts = []
        for r in body:
            src_r, src_c = filled.get((r, c), (r, c))
            x = cell(src_r, src_c)
            if x is None:
                texts.append(None)
                continue
            text, is_error, missing = cell_text(x, g.date1904)
            if is_error and (src_r, src_c) == (r, c):
                errors += 1
                error_cells.append((r, c, x[1]))
            if missing and (src_r, src_c) == (r, c):
                no_value += 1
            texts.append(text)
        columns.append(texts)
    error_cells.sort()
    info["errors"] = errors
    info["error_cells"] = [{"cell": get_column_letter(c) + str(r), "value": v}
                           for r, c, v in error_cells]
    info["no_value"] = no_value
    types, shown = [], []
    for i, texts in enumerate(columns):
        want = options.get("types", {}).get(names[i])
        if want == "int64":
            ty, out = "int64", [None if t is None else str(int(t)) for t in texts]
        elif want is not None:
            raise ValueError("types this oracle does not read: " + want)
        else:
            ty, out = type_column(texts)
        types.append(ty)
        shown.append(out)
    return {"names": names, "types": types, "columns": shown, "nrows": len(body),
            "info": info, "dropped_no_value": any(
                cell(r, c) is not None and cell(r, c)[0] == "none"
                for r in range(top + nheader, r1 + 1) if r not in set(body)
                for c in range(c0, c1 + 1))}

# ---------------------------------------------------------------- writing Lua

def lua_str(s):
    out = ['"']
    for ch in s:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32:
            out.append("\\%03d" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def lua_val(v):
    if v is None or v is False:
        return "false"
    if v is True:
        return "true"
    if isinstance(v, int):
        return str(v)
    return lua_str(v)


def write_case(case, e, source):
    variant = "" if case["variant"] == "-" else "." + case["variant"]
    name = "%s.%d%s.lua" % (case["fixture"], case["sheet"], variant)
    lines = ["-- expected/%s — written by tests/data/excel/oracle.py; do not edit." % name,
             "-- From openpyxl %s reading %s (data_only=True) and the rules of API.md."
             % (openpyxl.__version__, source),
             "-- A null value is false; a type of false is one the oracle is not sure of.",
             "return {",
             "  fixture = %s, sheet = %d, options = %s," % (
                 lua_str(case["fixture"]), case["sheet"], lua_str(case["options_text"]))]
    if "error" in e:
        lines.append("  error = %s, sheet_name = %s," % (lua_str(e["error"]),
                                                         lua_str(e["sheet_name"])))
        lines.append("}")
    else:
        info = e["info"]
        lines.append("  nrows = %d," % e["nrows"])
        lines.append("  names = {%s}," % ", ".join(lua_str(n) for n in e["names"]))
        lines.append("  types = {%s}," % ", ".join(lua_val(t) for t in e["types"]))
        lines.append("  columns = {")
        for n, col in zip(e["names"], e["columns"]):
            lines.append("    {%s},  -- %s" % (", ".join(lua_val(v) for v in col), n))
        lines.append("  },")
        lines.append("  info = {")
        lines.append("    sheet = %s, format = %s," % (lua_str(info["sheet"]),
                                                      lua_str(info["format"])))
        lines.append("    title = %s, skipped = %d, header_rows = %d," % (
            lua_val(info["title"]), info["skipped"], info["header_rows"]))
        lines.append("    footer = {%s}," % ", ".join(lua_str(f) for f in info["footer"]))
        lines.append("    hidden = %d, merged = %d," % (info["hidden"], info["merged"]))
        lines.append("    errors = %d, error_cells = {%s}," % (info["errors"], ", ".join(
            "{cell = %s, value = %s}" % (lua_str(x["cell"]), lua_str(x["value"]))
            for x in info["error_cells"])))
        if e["dropped_no_value"]:
            # formulas without a value in dropped rows (footer, hidden): whether they count
            # API.md does not say; the table's own are the least
            lines.append("    no_value_at_least = %d," % info["no_value"])
        else:
            lines.append("    no_value = %d," % info["no_value"])
        lines.append("  },")
        lines.append("}")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return name

# ---------------------------------------------------------------- excel_sheets

def sheets_of(fixture):
    """qy.excel_sheets' list for fixture: names, states, and the dimension the file states
    (for a .xls, the one LibreOffice's .xlsx of it states)."""
    src = openpyxl_source(fixture)
    wb = openpyxl.load_workbook(src)
    with zipfile.ZipFile(src) as z:
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        book = z.read("xl/workbook.xml").decode("utf-8")
        out = []
        for i, m in enumerate(re.finditer(r"<sheet [^>]*>", book)):
            rid = re.search(r'r:id="([^"]+)"', m.group(0)).group(1)
            target = re.search(r'<Relationship [^>]*Id="%s"[^>]*>' % rid, rels).group(0)
            target = re.search(r'Target="([^"]+)"', target).group(1).lstrip("/")
            part = target if target.startswith("xl/") else "xl/" + target
            xml = z.read(part).decode("utf-8")
            dim = re.search(r'<dimension ref="([^"]+)"', xml)
            ws = wb.worksheets[i]
            entry = {"name": ws.title, "index": i + 1, "state": ws.sheet_state,
                     "hidden": ws.sheet_state != "visible"}
            if ws.max_row > 1 or ws.max_column > 1 or ws.cell(1, 1).value is not None:
                ref = dim.group(1)
                r0, c0, r1, c1 = parse_range(ref if ":" in ref else ref + ":" + ref)
                assert (r0, c0) == (1, 1), ref
                entry.update(rows=r1, cols=c1)
                if (r1, c1) != (1, 1):
                    entry["dimension"] = ref
            out.append(entry)
    return out


def write_sheets(fixture):
    name = "%s.sheets.lua" % fixture
    lines = ["-- expected/%s — written by tests/data/excel/oracle.py; do not edit." % name,
             "-- From openpyxl %s and the <dimension> of %s; an empty sheet's dimension, and"
             % (openpyxl.__version__, os.path.basename(openpyxl_source(fixture))),
             "-- a one-cell one's text (\"A1\" or \"A1:A1\"), are not checked.",
             "return {"]
    for s in sheets_of(fixture):
        fields = ["name = %s" % lua_str(s["name"]), "index = %d" % s["index"],
                  "hidden = %s" % lua_val(s["hidden"]), "state = %s" % lua_str(s["state"])]
        if "rows" in s:
            fields += ["rows = %d" % s["rows"], "cols = %d" % s["cols"]]
        if "dimension" in s:
            fields.append("dimension = %s" % lua_str(s["dimension"]))
        lines.append("  {%s}," % ", ".join(fields))
    lines.append("}")
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return name


def main():
    written = []
    for case in read_manifest():
        e = expect(case)
        src = os.path.basename(openpyxl_source(case["fixture"]))
        if case["fixture"].endswith(".xls"):
            src += ", which LibreOffice wrote from the source of " + case["fixture"]
            back = expect(case, round_trip(case["fixture"]))
            for key in ("names", "types", "columns", "nrows", "info"):
                if back.get(key) != e.get(key):
                    print("note: %s %s: LibreOffice's .xlsx of the .xls differs in %s"
                          % (case["fixture"], case["variant"], key))
        written.append(write_case(case, e, src))
    for fixture in ("book.xlsx", "book.lo.xlsx", "book.lo.xls"):
        written.append(write_sheets(fixture))
    for name in sorted(set(os.listdir(OUT)) - set(written)):
        os.remove(os.path.join(OUT, name))
    print("wrote %d expected files in %s" % (len(written), OUT))


if __name__ == "__main__":
    main()
