/* workbook.h — a spreadsheet workbook: its sheets, and one sheet at a time
 * read into memory as a grid of cells, whatever the file's format.
 *
 * The format is told by content, never by name: a zip archive holding an
 * Excel workbook is .xlsx (xlsx.c, qylua's own reader on libzip and expat);
 * an OLE2 compound document holding a BIFF8 "Workbook" stream is .xls
 * (xls.c, on libfreexl and libgsf). Anything else is QY_EFORMAT with a message saying
 * what the file is: "x.xlsx is a password-protected (encrypted) workbook",
 * "x.et is an OLE2 document without an Excel workbook in it (a WPS .et
 * file?)", "x.xlsx is a zip archive without an Excel workbook in it",
 * "x.xlsx is not a workbook (it starts with \"id,name\")".
 *
 * A grid is what the file holds, as the file holds it: cells with their
 * stored value (a number is the double the file stores, shown by its cell's
 * number format, which the grid keeps and numfmt.h reads), merged areas and
 * hidden rows. Shaping it into a table (title rows, headers, footers) is
 * excel_read.c's work.
 *
 * Ownership: a book owns its sheet list; a grid owns all its arrays and is
 * independent of the book that filled it. Functions return QY_OK or a QY_E*
 * code with err (may be NULL) naming the file, the sheet and, where there is
 * one, the cell: "x.xlsx: sheet '明细', cell D7: shared string 99 of 12".
 */
#ifndef QY_WORKBOOK_H
#define QY_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Excel's limits: columns A..XFD, rows 1..1048576; and the most number
 * formats a grid holds (Excel itself keeps a workbook to about 250 custom
 * ones), so a cell is 16 bytes. */
enum { QY_SHEET_MAX_COLS = 16384, QY_SHEET_MAX_ROWS = 1048576, QY_GRID_MAX_FORMATS = 65535 };

typedef enum qy_book_format { QY_BOOK_XLSX, QY_BOOK_XLS } qy_book_format;

typedef enum qy_sheet_state {
    QY_SHEET_VISIBLE,
    QY_SHEET_HIDDEN,
    QY_SHEET_VERY_HIDDEN   /* hidden so that Excel's menus cannot show it */
} qy_sheet_state;

typedef struct qy_sheet_info {
    char *name;            /* owned by the book, UTF-8 */
    qy_sheet_state state;
    bool is_worksheet;     /* false: a chart or dialog sheet (no cells) */
    /* The used area as the file states it: rows x cols from A1 to the last
       used cell, "A1:M200" (0 and "" when the file states none or states it
       unreadably). Writers state "A1" or "A1:A1" for an empty sheet: only
       reading it tells. */
    int64_t rows, cols;
    char dimension[24];
} qy_sheet_info;

typedef enum qy_cell_kind {
    QY_CELL_NUMBER,        /* v.number, shown by formats[fmt] */
    QY_CELL_TEXT,          /* v.text: a string of the grid */
    QY_CELL_BOOL,          /* v.boolean */
    QY_CELL_ERROR,         /* v.text: the error's text ("#DIV/0!", "#N/A") */
    QY_CELL_NO_VALUE       /* a formula the file holds no result for */
} qy_cell_kind;

typedef struct qy_cell {
    union {
        double number;
        uint32_t text;
        bool boolean;
    } v;
    uint32_t row : 21;     /* 0-based: row 1 is 0 */
    uint32_t kind : 3;     /* qy_cell_kind */
    uint32_t is_formula : 1;   /* the value is a formula's cached result */
    uint16_t col;          /* 0-based: column A is 0 */
    uint16_t fmt;          /* index into formats; 0 is General */
} qy_cell;

/* A cell's number format as the file names it: a built-in id (0 General,
 * 14 a date, ...) and, for the ids the file defines, its format code. */
typedef struct qy_grid_format {
    uint32_t id;
    char *code;            /* owned, UTF-8; NULL for a built-in id */
} qy_grid_format;

/* A rectangle of cells, 0-based and inclusive. */
typedef struct qy_cell_range {
    uint32_t first_row, last_row;
    uint16_t first_col, last_col;
} qy_cell_range;

typedef struct qy_grid {
    qy_cell *cells;        /* ncells, in row order then column order, no two
                              at one place; empty cells are left out */
    int64_t ncells;
    /* The strings cells refer to: string i is text[start[i] .. start[i + 1]),
       UTF-8, not NUL-terminated (it may hold any character but NUL). */
    char *text;
    uint64_t *start;       /* nstrings + 1 offsets */
    uint32_t nstrings;
    uint64_t text_cap;     /* bytes allocated for text */
    uint32_t start_cap;    /* entries allocated for start */
    qy_grid_format *formats;   /* nformats >= 1; formats[0] is General */
    uint32_t nformats;
    qy_cell_range *merges; /* merged areas, in the file's order */
    int64_t nmerges;
    uint32_t *hidden_rows; /* 0-based, ascending */
    int64_t nhidden;
    bool date1904;         /* serial numbers count days from 1904-01-01, not
                              from 1900-01-00 */
} qy_grid;

typedef struct qy_book qy_book;

/* Opens the workbook at path and reads its sheet list. Caller closes *out. */
int qy_book_open(const char *path, qy_book **out, qy_error *err);

void qy_book_close(qy_book *b);

qy_book_format qy_book_format_of(const qy_book *b);

/* The path it was opened with (borrowed). */
const char *qy_book_path(const qy_book *b);

int qy_book_nsheets(const qy_book *b);

/* Sheet i, 0 <= i < nsheets, in the workbook's tab order (borrowed). */
const qy_sheet_info *qy_book_sheet(const qy_book *b, int i);

/* Reads sheet i whole into *out (set to an empty grid first; on failure it
 * holds nothing to free). A chart sheet is QY_EINVAL. Caller frees the grid
 * with qy_grid_free. */
int qy_book_read_sheet(qy_book *b, int i, qy_grid *out, qy_error *err);

void qy_grid_free(qy_grid *g);

/* The string at index i of g (borrowed), its length in *len. */
const char *qy_grid_string(const qy_grid *g, uint32_t i, size_t *len);

/* A cell reference as Excel writes it: (0, 0) is "A1". buf holds at least
 * 16 bytes; returns the length. */
size_t qy_cell_ref(uint32_t row, uint32_t col, char *buf);

/* Reads a reference such as "A1" or "XFD1048576" (letters then digits, no
 * '$'): QY_OK, or QY_EPARSE when s is not one or lies outside Excel's
 * limits. */
int qy_cell_ref_parse(const char *s, size_t len, uint32_t *row, uint32_t *col);

#endif
