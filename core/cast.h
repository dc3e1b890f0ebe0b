/* cast.h — converting a column to another type.
 *
 * Conversions (a null row stays null; errors name the row, counted from 1,
 * and the value):
 *   same type and scale         -> c itself (one more reference)
 *   int64 -> float64, decimal -> float64   the nearest double
 *   float64 -> int64            only whole values ("2.5 at row 3 is not a whole number")
 *   int64/decimal -> decimal(t) exact: a wider scale may overflow, a narrower
 *                               one must lose no digit ("1.005 at row 2 has more
 *                               than 2 decimals (use round first)")
 *   float64 -> decimal(t)       the decimal nearest the double's exact value, as
 *                               printf's "%.*f" writes it (qy_float_to_decimal)
 *   decimal -> int64            only whole values
 *   bool -> int64               1 and 0
 *   anything -> string          the text qy_column_format gives
 *   string -> int64, float64, decimal(t), date, bool
 *                               parsed as the readers parse a cell, the exact text
 *                               (no trimming; bool is "true"/"false"): "'abc' at row
 *                               3 is not an int64". Each distinct string is parsed once.
 * Anything else is QY_ETYPE ("cannot convert date to int64"); bad values are
 * QY_EPARSE or QY_EOVERFLOW (a value that does not fit).
 */
#ifndef QY_CAST_H
#define QY_CAST_H

#include "column.h"
#include "error.h"

/* A new column of c's values as type (at scale, for a decimal). Caller
 * releases *out. */
int qy_column_cast(const qy_column *c, qy_type type, int scale, qy_column **out,
                   qy_error *err);

#endif
