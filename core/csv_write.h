/* csv_write.h — writing a table as CSV that reads back to an equal table.
 *
 * UTF-8 without BOM, LF line ends, a header row. Nulls are empty unquoted
 * fields; strings (and names) are quoted when they are empty or hold the
 * delimiter or another the reader may sniff (, ; tab |), a quote, CR or LF,
 * or begin or end with a space or tab; quotes inside are doubled. Numbers, dates and bools are written as
 * qy_column_format writes them, which the reader (csv_read.h, default options)
 * infers back to the same type: decimals at their scale ("0.10" stays
 * decimal(2)), and float64 values that would read as integers or decimals
 * get an exponent ("2.5e0", "0e0"; "1e+20" already has one).
 *
 * Known limits — what reads back different with the reader's defaults:
 *   - decimal(0) reads back as int64 (the text is the same);
 *   - a column with no values (all null, or a table without rows) reads
 *     back as string;
 *   - strings that look like numbers, dates or bools ("7", "1.5", "true",
 *     "2023-07-20") read back as those types unless the reader is given the
 *     column types (codes with a leading zero, "007", and integers beyond
 *     int64 do read back as strings: the reader never takes them for
 *     numbers);
 *   - dates outside the years 1..9999 read back as strings;
 *   - non-finite floats are written "inf", "-inf", "nan", which the reader
 *     takes for strings: such a column reads back as string;
 *   - a table without columns is written as empty text;
 *   - names with spaces around them read back trimmed.
 *
 * Formula guard (guard_formulas, off by default): a spreadsheet opening the
 * file runs a cell that starts with =, +, - or @ (or a tab, CR, LF or NUL)
 * as a formula, so text from outside could compute, fetch or run things on
 * the reader's machine. With the guard, such a string (value or column
 * name) is written with a ' before it (OWASP's advice), which spreadsheets
 * show as text; numbers, dates and bools are never guarded. A guarded file
 * no longer reads back equal: the ' stays part of the text, which is why
 * the guard is for files meant for people, not for data exchange.
 */
#ifndef QY_CSV_WRITE_H
#define QY_CSV_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "strbuf.h"
#include "table.h"

typedef struct {
    char delim;            /* between fields: one ASCII byte other than NUL, '"', CR, LF */
    bool guard_formulas;   /* ' before strings that start a formula (above) */
} qy_csv_write_options;

/* The defaults: ',' and no guard. */
void qy_csv_write_options_init(qy_csv_write_options *opts);

/* Appends the CSV text of t to out as opts say (NULL: the defaults); a bad
 * delimiter is QY_EINVAL. On failure out is left as it was. */
int qy_csv_format(const qy_table *t, const qy_csv_write_options *opts, qy_strbuf *out,
                  qy_error *err);

/* Writes t to path atomically (file.h): the CSV text is built in memory and
 * then written through a temporary file, so a failure (QY_EIO naming the
 * path) leaves neither a partial file nor a temporary one behind. */
int qy_csv_write_file(const qy_table *t, const char *path, const qy_csv_write_options *opts,
                      qy_error *err);

#endif
