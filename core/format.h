/* format.h — tables as text for people: terminal tables and Markdown.
 *
 * Columns are aligned by display width (utf8.h: a CJK character takes two
 * cells), numbers right-aligned, decimals at their scale, floats with up to
 * 10 significant digits, nulls shown as "null" (dimmed markers are the
 * binding's business, not ours).
 */
#ifndef QY_FORMAT_H
#define QY_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "strbuf.h"
#include "table.h"

typedef struct qy_print_options {
    int64_t max_rows;      /* more rows than this: show the first and last
                              max_rows/2 with a "…" row between; < 0: all */
    int max_width;         /* total width in cells; wider tables drop middle
                              columns behind a "…" column; <= 0: unlimited */
    int max_cell_width;    /* longer cells are cut with "…"; <= 0: unlimited */
    bool show_types;       /* a second header line with column types */
} qy_print_options;

/* Defaults: 20 rows, 120 cells, 30 cells per cell, types shown. */
void qy_print_options_init(qy_print_options *opts);

/* Appends the table as an aligned text table ending in a footer line
 * "(N rows × M columns)" to out. */
int qy_table_format_text(const qy_table *t, const qy_print_options *opts,
                         qy_strbuf *out, qy_error *err);

/* Appends a GitHub-flavoured Markdown table (every row; numbers right-aligned,
 * '|' in values escaped, newlines as <br>). */
int qy_table_format_markdown(const qy_table *t, qy_strbuf *out, qy_error *err);

#endif
