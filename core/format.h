/* format.h — tables as text for people: terminal tables and Markdown.
 *
 * Columns are aligned by display width (utf8.h: a CJK character takes two
 * cells), numbers right-aligned, decimals at their scale, floats with two
 * decimals (rates, shares and means as reports print them; tiny values with
 * 3 significant digits), dates YYYY-MM-DD, bools true/false (dimmed markers
 * are the binding's business, not ours).
 *
 * The text table, cell by cell: a null shows as null; a string that is the
 * word "null" or has a space at either end shows in double quotes ("null",
 * " x") so it cannot be taken for a null or lose its spaces; \n, \t and \r
 * show as those escapes, other control characters and bytes that are not
 * UTF-8 as \xNN (C1 controls as \u00NN), so a row stays on one line
 * (backslashes themselves are not escaped). Column names are escaped and cut
 * like cells. Columns are two spaces apart; lines never end in spaces.
 */
#ifndef QY_FORMAT_H
#define QY_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "strbuf.h"
#include "table.h"

typedef struct qy_print_options {
    int64_t max_rows;      /* more rows than this: show the first
                              ceil(max_rows/2) and last floor(max_rows/2)
                              with a "…" row between; < 0: all */
    int max_width;         /* total width in cells; a wider table keeps
                              columns from the left and right ends in turn
                              while they fit, with a "…" column between (the
                              first column is always kept); <= 0: unlimited */
    int max_cell_width;    /* longer cells are cut at a character boundary
                              and end in "…" (one cell); <= 0: unlimited */
    bool show_types;       /* a second header line with column types */
} qy_print_options;

/* Defaults: 20 rows, 120 cells, 30 cells per cell, types shown. */
void qy_print_options_init(qy_print_options *opts);

/* Appends the table as an aligned text table to out: a line of names, a
 * line of types (show_types), a rule of '-', the rows, and a footer line
 * "(N rows × M columns)" ("1 row", "1 column" in the singular; counts of the
 * whole table). A table without columns is the footer alone. On failure
 * (QY_ENOMEM) out is left as it was. */
int qy_table_format_text(const qy_table *t, const qy_print_options *opts,
                         qy_strbuf *out, qy_error *err);

/* Row i of c as the text and Markdown tables show it (floats at two decimals,
 * everything else as qy_column_format writes it), neither quoted nor cut.
 * buf, cap and *text as for qy_column_format; a null row returns 0 and sets
 * *text to NULL. Lets other renderers (HTML) show the same cells. */
size_t qy_format_cell(const qy_column *c, int64_t i, char *buf, size_t cap, const char **text);

/* Appends a GitHub-flavoured Markdown table (every row; numbers right-aligned,
 * '|' in names and values escaped as \|, line breaks as <br>, nulls as empty
 * cells; values as in the text table but neither quoted nor cut). A table
 * without columns appends nothing. On failure out is left as it was. */
int qy_table_format_markdown(const qy_table *t, qy_strbuf *out, qy_error *err);

#endif
