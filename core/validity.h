/* validity.h — the null bitmaps of computed columns, built in bulk.
 *
 * For the kernels that make a new column from others (arith, compare,
 * period): the result is null where an input is null, and its null rows
 * must hold 0. Each function works on a column the caller is still building
 * (holds the only reference to).
 */
#ifndef QY_VALIDITY_H
#define QY_VALIDITY_H

#include "column.h"
#include "error.h"

/* Makes out null wherever a or b is (either may be NULL, for none) and
 * zeroes the elements of those rows. a and b have out's length. */
int qy_validity_and(qy_column *out, const qy_column *a, const qy_column *b, qy_error *err);

/* Makes every row of out null, every element 0. */
int qy_validity_all_null(qy_column *out, qy_error *err);

/* Counts the rows the bitmap marks null into out->null_count, and drops
 * the bitmap when there is none. */
void qy_validity_count(qy_column *out);

/* Zeroes the elements of out's null rows. */
void qy_validity_zero_nulls(qy_column *out);

#endif
