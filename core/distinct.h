/* distinct.h — the distinct rows of a table, as SQL's SELECT DISTINCT.
 *
 * Two rows are one when every key column holds equal values; nulls equal
 * nulls, -0 equals 0 and NaN equals NaN, exactly as group_by groups
 * (groupby.h). Rows come in order of first appearance.
 */
#ifndef QY_DISTINCT_H
#define QY_DISTINCT_H

#include <stdbool.h>

#include "error.h"
#include "table.h"

/* A new table of the distinct combinations of t's columns keys[0..nkeys)
 * (nkeys = 0: every column): those columns in that order, or, when
 * keep_all, every column of t at each combination's first row. Shares t's
 * dicts. Caller releases *out. */
int qy_table_distinct(const qy_table *t, const int *keys, int nkeys, bool keep_all,
                      qy_table **out, qy_error *err);

#endif
