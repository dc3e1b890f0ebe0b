#!/usr/bin/python3
"""oracle.py — what openpyxl sees in the workbooks qylua writes, for
tests/lua/write_excel_spec.lua.

Usage: /usr/bin/python3 oracle.py FILE.xlsx...
Prints a Lua chunk: return { ["FILE.xlsx"] = { sheets = { {name =, freeze =,
filter =, merged = {...}, widths = {A = 8.7, ...}, max_row =, max_col =,
cells = {A1 = {v =, f =, bold =, size =}, ...}, cached = {A1 = v, ...},
charts = {{type =, title =, series = {{val =, cat =, name =}}, anchor =}}}}}}
Values: strings, numbers, booleans; dates as "YYYY-MM-DD" (datetime
midnight) -- openpyxl turns a number with a date format into a datetime.
"""
import datetime
import sys

import openpyxl


def lua(v):
    if v is None:
        return "nil"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, datetime.datetime):
        return lua(v.strftime("%Y-%m-%d") if v.time() == datetime.time(0) else v.isoformat())
    if isinstance(v, dict):
        return "{" + ", ".join("[%s] = %s" % (lua(k), lua(x)) for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "{" + ", ".join(lua(x) for x in v) + "}"
    s = str(v)
    out = []
    for ch in s:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32:
            out.append("\\%03d" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def rich_text(t):
    """The plain text of a chart title (openpyxl's rich text tree)."""
    if t is None or t.tx is None or t.tx.rich is None:
        return None
    parts = []
    for p in t.tx.rich.p:
        for r in p.r or []:
            parts.append(r.t)
    return "".join(parts)


def fonts_of(t):
    if t is None or t.tx is None or t.tx.rich is None:
        return []
    names = []
    for p in t.tx.rich.p:
        for r in p.r or []:
            if r.rPr is not None and r.rPr.latin is not None:
                names.append(r.rPr.latin.typeface)
    return names


def chart_info(ch):
    series = []
    for s in ch.series:
        cat = None
        if s.cat is not None:
            cat = (s.cat.strRef or s.cat.numRef).f
        name = None
        if s.tx is not None:
            name = s.tx.strRef.f if s.tx.strRef is not None else s.tx.v
        series.append({"val": s.val.numRef.f, "cat": cat, "name": name})
    info = {"type": type(ch).__name__, "series": series, "title": rich_text(ch.title),
            "title_fonts": fonts_of(ch.title),
            "anchor": "%s%d" % (openpyxl.utils.get_column_letter(ch.anchor._from.col + 1), ch.anchor._from.row + 1),
            "legend": ch.legend.position if ch.legend is not None else False}
    for attr in ("grouping", "barDir"):
        if hasattr(ch, attr):
            info[attr] = getattr(ch, attr)
    try:
        info["x_title"] = rich_text(ch.x_axis.title)
        info["y_title"] = rich_text(ch.y_axis.title)
    except AttributeError:
        pass
    return info


def sheet_info(ws, cached):
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                continue
            cells[c.coordinate] = {"v": c.value, "f": c.number_format, "bold": bool(c.font.b),
                                   "size": c.font.sz, "type": c.data_type}
    values = {}
    for row in cached.iter_rows():
        for c in row:
            if c.value is not None:
                values[c.coordinate] = c.value
    widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
    return {"name": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
            "merged": [str(r) for r in ws.merged_cells.ranges], "widths": widths,
            "max_row": ws.max_row, "max_col": ws.max_column, "cells": cells, "cached": values,
            "charts": [chart_info(ch) for ch in ws._charts]}


def main():
    out = {}
    for path in sys.argv[1:]:
        wb = openpyxl.load_workbook(path)
        cached = openpyxl.load_workbook(path, data_only=True)
        out[path] = {"sheets": [sheet_info(ws, cached[ws.title]) for ws in wb.worksheets]}
    sys.stdout.write("return " + lua(out) + "\n")


if __name__ == "__main__":
    main()
