/* map.h — replacing each value of a column by the one a lookup table gives
 * it ("是" for true, "否" for false; 1 for "环县", ...). */
#ifndef QY_MAP_H
#define QY_MAP_H

#include "column.h"
#include "error.h"
#include "scalar.h"

/* A new column whose row i is values[k] where keys[k] equals row i of c,
 * and otherwise (NULL or a null scalar: null) where no key does or c is
 * null. keys[0..n) are distinct scalars of c's kind: strings
 * for a string column (compared by bytes), dates for a date column, bools
 * for a bool column, numbers for number columns (compared by value: a key
 * that no row can equal, such as 1.005 for a decimal(2) column, matches
 * nothing); another kind is QY_ETYPE ("key 'abc' is not an int64"). The
 * values and otherwise meet as qy_choose's parts do (choose.h): one type,
 * numbers mixing. A string column is looked up once per distinct string.
 * Caller releases *out. */
int qy_column_map(const qy_column *c, const qy_scalar *keys, const qy_scalar *values, int n,
                  const qy_scalar *otherwise, qy_column **out, qy_error *err);

#endif
