/* round.h — rounding to decimal places: decimals, floats and exact
 * quotients.
 *
 * Rounding is half away from zero (1.005 -> 1.01, -1.005 -> -1.01), as
 * people round money, except qy_float_to_decimal, which rounds as printf's
 * "%.*f" does, so a column cast to decimal(2) shows what string.format
 * ("%.2f", x) showed. A float is rounded on its exact binary value: 2.675 is
 * stored as 2.67499999999999982236431605997495353221893310546875 and rounds
 * to 2.67; decimals hold 2.675 itself.
 */
#ifndef QY_ROUND_H
#define QY_ROUND_H

#include <stdbool.h>
#include <stdint.h>

#include "column.h"
#include "error.h"
#include "scalar.h"

/* The decimal at scale (0..6) nearest the exact value of x, ties to even
 * (printf's rounding): x = 60.125000000001 at 2 is 6013, 0.125 at 2 is 12.
 * QY_OK, or QY_EOVERFLOW when x is not finite or the result does not fit
 * in int64. */
int qy_float_to_decimal(double x, int scale, int64_t *out);

/* x rounded to digits (0..6) places, half away from zero on its exact
 * value; the nearest double to that decimal. Not finite x is returned as
 * is; -0.001 rounds to 0, not -0. */
double qy_float_round(double x, int digits);

/* A new column of c rounded to digits (0..6) places: decimal(s) with s >
 * digits becomes decimal(digits); float64 stays float64 (qy_float_round);
 * int64, and decimal(s) with s <= digits, are c itself (one more
 * reference). Nulls stay null. QY_EINVAL for digits out of 0..6, QY_ETYPE
 * for other types. Caller releases *out. */
int qy_column_round(const qy_column *c, int digits, qy_column **out, qy_error *err);

/* A new decimal(scale) column of a / b, exact: the quotient of the two
 * decimal values (times 100 first when percent) rounded half away from zero
 * to scale (0..6) places. a and b are int64 or decimal columns (at least
 * one a column of length rows) or scalars. A null on either side, or b ==
 * 0, gives null. QY_ETYPE for other types ("ratio needs int64 or decimal
 * values, not float64"), QY_EOVERFLOW when a quotient does not fit
 * ("ratio overflows decimal(2) at row 3"), QY_EINVAL for a scale out of
 * range or a column of another length. Caller releases *out. */
int qy_ratio(const qy_operand *a, const qy_operand *b, int64_t length, int scale, bool percent,
             qy_column **out, qy_error *err);

#endif
