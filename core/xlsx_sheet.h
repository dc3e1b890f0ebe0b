/* xlsx_sheet.h — the cells of a worksheet part and the strings of a
 * shared-string part, each parsed as it inflates into a grid. Internal to
 * xlsx.c, which runs the two at once on two threads and then joins them.
 *
 * A cell of a shared string holds the string's index in the shared-string
 * part unchecked (the part may still be being read); every other string of
 * the sheet (inline strings, formula strings, error texts, ISO dates) goes to
 * a grid of its own, and its cell's v.text is that index with
 * QY_XLSX_OWN_STRING set. qy_xlsx_join_strings then appends those strings
 * after the shared ones and checks every shared index.
 *
 * Messages name the file, the sheet and the cell:
 * "x.xlsx: sheet '明细', cell D7: shared string 99 of 12".
 */
#ifndef QY_XLSX_SHEET_H
#define QY_XLSX_SHEET_H

#include <stdbool.h>
#include <stdint.h>

#include "workbook.h"
#include "zip_entry.h"

#define QY_XLSX_OWN_STRING UINT32_C(0x80000000)

/* What a worksheet part's parse needs to know: the file and sheet names for
 * messages, where = "PATH: sheet 'NAME', PART" for the XML's messages, and
 * the workbook's map from a cell's style (cellXfs index) to an index into the
 * grid's formats. All borrowed. */
typedef struct qy_xlsx_sheet_ref {
    const char *path, *sheet, *where;
    const uint32_t *xf_fmt;
    uint32_t nxf;
} qy_xlsx_sheet_ref;

/* Parses the worksheet at entry index of z into g's cells, merges and
 * hidden rows (g's strings and formats untouched), its own strings into
 * own (an empty grid, used for its strings only). Rows and cells must come
 * in order: "x.xlsx: sheet 'S', cell A5: comes after C5 (cells out of
 * order)", "... row 3: comes after row 5 (rows out of order)"; references
 * "x.xlsx: sheet 'S': cell reference 'A0' is malformed", "..., cell
 * XFD1048577: beyond the last cell XFD1048576". */
int qy_xlsx_read_cells(qy_zip *z, int64_t index, const qy_xlsx_sheet_ref *ref, qy_grid *g,
                       qy_grid *own, qy_error *err);

/* Where a piece of rows began and ended: its first and last row (0-based,
 * -1 when it held none), and whether the first states no r (its number then
 * follows the row before the piece, which the piece cannot know). */
typedef struct qy_xlsx_rows_span {
    int64_t first_row, last_row;
    bool first_unnumbered;
} qy_xlsx_rows_span;

/* Parses rows[0..len), a piece of a worksheet's sheetData that holds only
 * whole <row> elements, as qy_xlsx_read_cells would, numbering an
 * unnumbered first row 1 (span tells). Anything else than rows at its top
 * is an error. Messages are as if the piece stood alone (line numbers are
 * the piece's): readers that split a part read it again whole to report.
 * Plain markup goes through xml_part.h's fast scanner, the rest through
 * expat. */
int qy_xlsx_parse_rows(const char *rows, size_t len, const qy_xlsx_sheet_ref *ref, qy_grid *g,
                       qy_grid *own, qy_xlsx_rows_span *span, qy_error *err);

/* A whole worksheet part in memory, in pieces, as qy_xlsx_read_cells. */
int qy_xlsx_parse_sheet_text(const char *const *pieces, const size_t *lens, int n,
                             const qy_xlsx_sheet_ref *ref, qy_grid *g, qy_grid *own,
                             qy_error *err);

/* Parses the shared-string part at entry index of z, appending each string
 * to g's strings (string i of the part is g's string i when g had none).
 * where as above: "PATH: xl/sharedStrings.xml". */
int qy_xlsx_read_shared(qy_zip *z, int64_t index, const char *where, qy_grid *g, qy_error *err);

/* After both: own's strings appended to g's (then emptied), each cell's
 * string index made g's, each shared index checked against g's count of
 * shared strings (the error names the first bad cell). */
int qy_xlsx_join_strings(qy_grid *g, qy_grid *own, const qy_xlsx_sheet_ref *ref, qy_error *err);

/* Appends src's strings to dst's: QY_OK, QY_ENOMEM or QY_ERANGE (more
 * than a grid holds); dst keeps what it had on failure. */
int qy_xlsx_append_strings(qy_grid *dst, const qy_grid *src);

/* OOXML's escapes of characters XML cannot hold: "_x000D_" is a carriage
 * return, "_x005F_" a literal '_' (so "_x005F_x000D_" reads "_x000D_").
 * Decodes s[0..len) in place; returns the new length. An escape of NUL or
 * of half a surrogate pair stays as written. */
size_t qy_xlsx_unescape(char *s, size_t len);

#endif
