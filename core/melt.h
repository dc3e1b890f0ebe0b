/* melt.h — unpivoting a wide table into a long one (pandas.melt, DuckDB's
 * UNPIVOT).
 *
 * Each input row becomes one row per value column, in the order the value
 * columns are given (row 1's values, then row 2's, ...): the id columns
 * repeated, a string column naming the value column, and the value. The
 * value columns must share a type, except that int64 and decimals of any
 * scale meet at the largest decimal scale; a null value stays null.
 */
#ifndef QY_MELT_H
#define QY_MELT_H

#include "error.h"
#include "table.h"

typedef struct qy_melt_spec {
    const int *ids;        /* borrowed: columns of t repeated on every row */
    int nids;
    const int *values;     /* borrowed: columns of t melted, at least one */
    int nvalues;
    const char *name;      /* borrowed: the column naming the value column */
    const char *value;     /* borrowed: the column of values */
} qy_melt_spec;

/* A new table: the id columns (named as in t), then spec->name, then
 * spec->value. QY_EINVAL for no value column, a column given twice or as
 * both id and value, or a result name given twice (naming it); QY_ETYPE
 * for value columns that do not meet ("value columns 'a' (int64) and 'b'
 * (string) have different types"); QY_EOVERFLOW when an int64 does not fit
 * the decimal scale. Caller releases *out. */
int qy_table_melt(const qy_table *t, const qy_melt_spec *spec, qy_table **out, qy_error *err);

#endif
