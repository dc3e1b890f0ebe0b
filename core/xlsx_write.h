/* xlsx_write.h — tables written as an Excel workbook (.xlsx), on libxlsxwriter.
 *
 * One sheet per table: an optional title row (bold, larger, merged across the
 * table's columns), a bold header, frozen below, with an autofilter over the
 * header and the body, the body, an optional total row (合计), and native
 * Excel charts that reference the sheet's cells, to the right of the table.
 *
 * Cells by column type:
 *   decimal(s)  a number with format "0.00" (s places; "#,##0.00" with
 *               thousands), when it has at most 15 significant digits (the
 *               digits of value*10^s, trailing zeros dropped): Excel shows
 *               15 significant digits, so it then shows exactly this
 *               decimal. More digits: written as text (its exact digits),
 *               with a warning naming the column and how many rows;
 *   int64       a number with format "0" ("#,##0") up to ±999,999,999,999,999;
 *               beyond, text with a warning, as for decimals;
 *   float64     a number in General format (the file holds 16 significant
 *               digits, Excel shows 15), or with float_places "0.00"-style
 *               (the cell keeps every digit); NaN and infinities, which a sheet
 *               cannot hold, as the text "nan", "inf", "-inf" with a warning;
 *   date        a date serial with the sheet's date format, from 1900-03-01
 *               to 9999-12-31; other dates as "YYYY-MM-DD" text with a
 *               warning (Excel and LibreOffice show the serials of January
 *               and February 1900 as different days: Excel counts a
 *               1900-02-29);
 *   bool        an Excel boolean;
 *   string      a text cell, always (a leading-zero code or an 18-digit id
 *               stays text); bytes that are not UTF-8 are written as U+FFFD
 *               and text past Excel's 32,767 characters is cut, each with a
 *               warning; a literal "_x0041_" gets its "_" escaped
 *               ("_x005F_x0041_", the OOXML way; libxlsxwriter does not),
 *               so it is not read as "A"; text starting "=" is text, never
 *               a formula; an
 *               empty string is no cell (libxlsxwriter writes none), so it
 *               reads back as null: a warning counts them;
 *   null        no cell.
 * There are no period or datetime column types: periods are strings
 * ("2023Q2"), and are written as such.
 *
 * Widths: each column's display width (an East Asian Wide or Fullwidth
 * character counts 2, others 1; the widest line of a cell) over the header
 * (plus room for the autofilter button) and every body and total cell as
 * its format shows it, plus 2, clamped to 6..60. The title does not count.
 *
 * Total row (total): "合计" (or the label) in the first column; each total
 * column holds =SUM(...) over the body with its exact sum as the cached
 * value, which Excel and LibreOffice show without recalculating (0.10 +
 * 0.20 + 1272.65 shows 1272.95). A total that cannot be shown exactly (more
 * than 15 significant digits, a column with values written as text) is
 * written as its exact text instead, with a warning.
 *
 * All or nothing: the workbook goes to a temporary file beside path
 * (libxlsxwriter writes it whole at the end) and is renamed over path only
 * when complete; any failure removes it and leaves path as it was.
 * Memory: the workbook is written in libxlsxwriter's constant_memory mode,
 * a row at a time through temporary files in path's directory (removed as
 * they are made), so the memory does not grow with the rows; strings are
 * then stored inline in their cells (no shared string table).
 *
 * Limits: a sheet holds 1,048,576 rows and 16,384 columns (title, header and
 * total count); more is QY_ERANGE naming the sheet.
 */
#ifndef QY_XLSX_WRITE_H
#define QY_XLSX_WRITE_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "table.h"

typedef enum qy_xlsx_chart_kind { QY_XLSX_BAR, QY_XLSX_LINE, QY_XLSX_PIE } qy_xlsx_chart_kind;

typedef enum qy_xlsx_legend {
    QY_XLSX_LEGEND_DEFAULT,   /* the kind's: right for pies, top right otherwise, none
                                 for a single bar or line series */
    QY_XLSX_LEGEND_NONE,
    QY_XLSX_LEGEND_RIGHT,
    QY_XLSX_LEGEND_LEFT,
    QY_XLSX_LEGEND_TOP,
    QY_XLSX_LEGEND_BOTTOM,
    QY_XLSX_LEGEND_TOP_RIGHT
} qy_xlsx_legend;

enum { QY_XLSX_MAX_SERIES = 16, QY_XLSX_MAX_CHARTS = 16, QY_XLSX_MAX_WARNINGS = 32 };

/* A chart of the sheet's table. Strings borrowed for the call. */
typedef struct qy_xlsx_chart {
    qy_xlsx_chart_kind kind;
    const char *x;                           /* bar/line categories; pie labels */
    const char *y[QY_XLSX_MAX_SERIES];       /* bar/line series; pie: y[0] the values */
    const char *series_name[QY_XLSX_MAX_SERIES];   /* NULL: the header cell */
    int ny;
    bool stacked, horizontal;                /* bar only */
    bool values;                             /* data labels on the points */
    const char *title, *xlabel, *ylabel;     /* NULL: none */
    qy_xlsx_legend legend;
    int width, height;                       /* pixels, 100..4000 */
} qy_xlsx_chart;

/* One sheet. Strings and the table borrowed for the call. */
typedef struct qy_xlsx_sheet {
    const qy_table *table;
    const char *name;          /* NULL: "Sheet<n>", n its 1-based place */
    const char *title;         /* NULL: no title row */
    const char *total_label;   /* NULL: no total row; else its label ("合计") */
    const char *const *total_columns;   /* NULL: every numeric column but the first */
    int ntotal_columns;
    bool thousands;            /* #,##0.00 and #,##0 */
    const char *date_format;   /* NULL: "yyyy-mm-dd"; see qy_xlsx_date_format */
    int float_places;          /* -1: floats in General; 0..QY_XLSX_MAX_FLOAT_PLACES: "0.00"-style */
    const qy_xlsx_chart *charts;
    int ncharts;
} qy_xlsx_sheet;

/* What was written differently from how the table holds it. Plain data. */
typedef struct qy_xlsx_warnings {
    int n;
    int64_t more;              /* warnings past the QY_XLSX_MAX_WARNINGS kept */
    char text[QY_XLSX_MAX_WARNINGS][256];
} qy_xlsx_warnings;

enum { QY_XLSX_MAX_FLOAT_PLACES = 10 };

/* Sets the defaults: no name, title, total or charts; "yyyy-mm-dd"; floats
 * in General. */
void qy_xlsx_sheet_init(qy_xlsx_sheet *s, const qy_table *t);
void qy_xlsx_chart_init(qy_xlsx_chart *c, qy_xlsx_chart_kind kind);

/* The Excel format code of a date format a caller may ask for:
 * "yyyy-mm-dd", "yyyy/mm/dd", "yyyy/m/d", "yyyy-m-d", "yyyymmdd",
 * "yyyy年m月d日", "yyyy年mm月dd日" (the Chinese ones are quoted, as Excel
 * stores them: yyyy"年"m"月"d"日"), or NULL for any other. */
const char *qy_xlsx_date_format(const char *name);

/* QY_OK when name may name a sheet, else QY_EINVAL with the rule it breaks:
 * 1 to 31 characters counted as Excel counts them (UTF-16 units), valid
 * UTF-8, none of [ ] : * ? / \, no apostrophe first or last, not "History"
 * (any case, Excel's own). */
int qy_xlsx_check_sheet_name(const char *name, qy_error *err);

/* QY_OK when the sheets can be written: names (above; unique ignoring
 * case, default names included), tables within Excel's size, total
 * columns that exist and are numbers (not the first column), a known date
 * format, charts whose columns exist (y numeric), at most QY_XLSX_MAX_CHARTS
 * charts of 1..QY_XLSX_MAX_SERIES series (a pie exactly one), sizes within
 * 100..4000. Otherwise QY_EINVAL / QY_ENOTFOUND / QY_ETYPE / QY_ERANGE
 * naming the sheet ("sheet '县区': chart 1: no column 'amout'");
 * *bad_sheet (may be NULL) is set to the 0-based sheet at fault. */
int qy_xlsx_check(const qy_xlsx_sheet *sheets, int n, int *bad_sheet, qy_error *err);

/* Writes the n sheets (n >= 1) to path all or nothing (above), checking
 * them first as qy_xlsx_check does. warnings may be NULL. QY_EIO names the
 * path. */
int qy_xlsx_write_file(const char *path, const qy_xlsx_sheet *sheets, int n,
                       qy_xlsx_warnings *warnings, qy_error *err);

#endif
