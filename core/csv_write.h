/* csv_write.h — writing a table as CSV that reads back to an equal table.
 *
 * UTF-8 without BOM, LF line ends, a header row. Nulls are empty unquoted
 * fields; strings are quoted when they are empty or hold the delimiter, a
 * quote, CR or LF, or leading/trailing spaces. Numbers, dates and bools are
 * written in the forms the reader infers back to the same type
 * (qy_column_format; float64 values that would read as integers or decimals
 * get an exponent, "2.5e0").
 */
#ifndef QY_CSV_WRITE_H
#define QY_CSV_WRITE_H

#include <stddef.h>

#include "error.h"
#include "strbuf.h"
#include "table.h"

/* Appends the CSV text of t to out. */
int qy_csv_format(const qy_table *t, char delim, qy_strbuf *out, qy_error *err);

/* Writes t to path atomically (file.h). */
int qy_csv_write_file(const qy_table *t, const char *path, char delim, qy_error *err);

#endif
