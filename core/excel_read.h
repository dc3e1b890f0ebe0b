/* excel_read.h — a worksheet read into a typed table, as exactly as a CSV.
 *
 * The sheet (workbook.h) is shaped, then typed by the CSV reader's rules
 * (csv_read.h): each cell becomes the text its number format shows
 * (numfmt.h) -- a text cell its text, a number as Excel shows it without
 * grouping, a date "2024-03-15", a date with a time "2024-03-15 10:30:00"
 * (a string: there is no datetime type), true/false -- and those texts
 * are typed over all rows with the ladder of csv_read.h. So a sheet, its
 * .xls twin and its CSV export give the same table. Error cells (#DIV/0!,
 * #N/A) and formulas without a cached value are null, and counted.
 *
 * Shaping, in this order:
 *   area      opts->range, else from row 1 (so skip counts the sheet's rows)
 *             and the first used column to the last used row and column;
 *   title     with skip and header_rows both left to detection: the rows
 *             above the first row holding at least half as many values as
 *             the widest of the area's first 50 rows (and at least two) are
 *             title rows: skipped, their texts kept in the report;
 *   header    header_rows rows name the columns; detection gives one, or
 *             more when a merge in a header row reaches down (a name
 *             merged over two rows) or across (a parent over its
 *             children: "投资方" over "名称" gives "投资方/名称");
 *   width     the area's: a column whose header cell is empty is "colN",
 *             as a CSV export's empty header field is (so a sheet has no
 *             ragged rows, and on_ragged is not used);
 *   merges    with fill_merged, a merged area in the body gives each of its
 *             cells the top-left cell's value;
 *   hidden    hidden rows are kept (counted) unless drop_hidden;
 *   footer    trailing rows whose first non-empty cell matches are dropped
 *             (their texts kept in the report): by default, the text with
 *             spaces removed starting 合计, 总计, 小计, 共计, 总和, 注：/注:,
 *             备注：, 说明： or "total" in any case; a body row above them
 *             that starts so is kept, with a warning (a subtotal?).
 *
 * Messages name the file and the sheet, and the row or cell where there is
 * one: "x.xlsx: sheet '明细', row 17: column 'amount': 'abc' is not a
 * decimal"; "x.xlsx has no sheet '汇总' (sheets: 明细, 说明)".
 */
#ifndef QY_EXCEL_READ_H
#define QY_EXCEL_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "csv_read.h"
#include "error.h"
#include "table.h"
#include "workbook.h"

/* Which shaping rules made a table; cache entries (excel_cache.h) are keyed
 * on it, and on QY_CSV_READER_VERSION, whose rules type it. Raise it
 * whenever the same workbook and options give a different table. */
#define QY_EXCEL_READER_VERSION 1

/* Whether a trailing row whose first non-empty cell is text[0..len) is a
 * footer. *failed set to true stops the read (the reader reports "footer
 * test failed" unless err already holds the reason). */
typedef bool (*qy_footer_fn)(void *ctx, const char *text, size_t len, qy_error *err,
                             bool *failed);

typedef enum qy_footer_rule {
    QY_FOOTER_DEFAULT,      /* the words above */
    QY_FOOTER_NONE,         /* keep every row */
    QY_FOOTER_CALLBACK      /* footer_fn decides */
} qy_footer_rule;

/* All pointers are borrowed for the duration of the call. */
typedef struct qy_excel_options {
    const char *sheet_name;    /* NULL: by sheet_index */
    int sheet_index;           /* 0-based among all sheets; -1: the first visible */
    bool has_range;
    qy_cell_range range;
    int64_t skip;              /* rows skipped at the top of the area; -1: detect */
    int header_rows;           /* -1: detect (one or more); 0: none, col1...; N */
    qy_footer_rule footer;
    qy_footer_fn footer_fn;
    void *footer_ctx;
    const char *footer_key;    /* QY_FOOTER_CALLBACK: text that names the rule
                                  footer_fn applies (the binding's Lua
                                  pattern), for the cache key; NULL: a read
                                  through the cache is not cached */
    bool fill_merged;          /* true */
    bool drop_hidden;          /* false */
    qy_csv_options csv;        /* types, nulls, renames, threads, progress;
                                  delim, header, skip_lines, encoding and
                                  on_ragged are the reader's own */
} qy_excel_options;

enum { QY_EXCEL_MAX_ERROR_CELLS = 100, QY_EXCEL_MAX_FOOTERS = 8, QY_EXCEL_TEXT = 256 };

/* What a read found besides the table. Plain data: no cleanup needed.
 * Texts are escaped (error.h) and cut at QY_EXCEL_TEXT bytes. */
typedef struct qy_excel_report {
    qy_book_format format;
    char sheet[QY_EXCEL_TEXT];
    char range[32];              /* the area read: "A1:M200" ("" for none) */
    char title[QY_EXCEL_TEXT];   /* title rows' texts, " / " between ("" none) */
    int64_t skipped;             /* rows above the header: title or skip */
    int header_rows;
    int64_t footer_rows;
    int nfooters;
    char footers[QY_EXCEL_MAX_FOOTERS][QY_EXCEL_TEXT];   /* their first cells */
    int64_t merged;              /* merged areas filled in the body */
    int64_t hidden;              /* hidden rows in the body (kept or dropped) */
    int64_t errors;              /* error cells read as null */
    int nerror_cells;
    struct {
        char ref[16];            /* "D7" */
        char value[16];          /* "#DIV/0!" */
    } error_cells[QY_EXCEL_MAX_ERROR_CELLS];
    int64_t no_value;            /* formulas without a cached value */
    qy_csv_report csv;           /* warnings; the shaped text's delimiter and
                                    encoding */
} qy_excel_report;

/* Defaults: the first visible sheet, detection, default footer, merges
 * filled, hidden rows kept. */
void qy_excel_options_init(qy_excel_options *opts);

/* Reads a sheet of the workbook at path. report may be NULL; the caller
 * releases *out. */
int qy_excel_read_file(const char *path, const qy_excel_options *opts, qy_table **out,
                       qy_excel_report *report, qy_error *err);

/* The same on an open book. */
int qy_excel_read_book(qy_book *book, const qy_excel_options *opts, qy_table **out,
                       qy_excel_report *report, qy_error *err);

/* The same for a grid already read (name and sheet stand for the file and
 * the sheet in messages and the report). */
int qy_excel_read_grid(const char *name, const char *sheet, const qy_grid *g,
                       const qy_excel_options *opts, qy_table **out,
                       qy_excel_report *report, qy_error *err);

#endif
