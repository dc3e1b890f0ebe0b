/* textjoin.h — joining values into text row by row: Lua's `..` on columns
 * and SQL's CONCAT_WS. */
#ifndef QY_TEXTJOIN_H
#define QY_TEXTJOIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "error.h"
#include "scalar.h"

/* A new string column of length rows: per row, the texts of parts[0..n)
 * with sep[0..sep_len) between them. A column part of any type reads as
 * qy_column_format writes it ("1272.95", "2023-06-30", "true"); a scalar
 * part must be a string or null (else QY_ETYPE: the caller renders numbers
 * as its language does). A null part makes the row null, unless
 * skip_nulls: then only the non-null parts are joined, and a row whose
 * parts are all null is null. A column of another length is QY_EINVAL.
 * When the only column part is a string column, each distinct string is
 * joined once. Caller releases *out. */
int qy_text_join(const qy_operand *parts, int n, const char *sep, size_t sep_len, bool skip_nulls,
                 int64_t length, qy_column **out, qy_error *err);

#endif
