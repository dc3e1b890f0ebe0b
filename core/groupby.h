/* groupby.h — numbering the rows of a table by the values of key columns.
 *
 * Rows with equal keys share a group; groups are numbered 0..ngroups-1 in
 * order of first appearance. A null key is a value like any other (all nulls
 * of a key form one group), as SQL's GROUP BY does. Strings group by value
 * (dictionary codes directly when the dict is small); several keys group
 * without building strings. No keys: one group holding every row (none for
 * an empty table).
 */
#ifndef QY_GROUPBY_H
#define QY_GROUPBY_H

#include <stdint.h>

#include "error.h"
#include "table.h"

typedef struct qy_groups {
    int64_t nrows;
    int64_t ngroups;
    int32_t *group;        /* owned: the group of each row */
    int64_t *first_row;    /* owned: the first row of each group */
} qy_groups;

/* Groups t's rows by the columns keys[0..nkeys). Tables of more than
 * INT32_MAX rows are QY_ERANGE. Free with qy_groups_free. */
int qy_groups_build(const qy_table *t, const int *keys, int nkeys, qy_groups *out,
                    qy_error *err);

void qy_groups_free(qy_groups *g);

/* The groups of g split by the values of c (a column of g->nrows rows): one
 * group per distinct (group, value) pair, a null value like any other,
 * numbered in order of first appearance; count_distinct counts them. Free
 * with qy_groups_free. */
int qy_groups_refine(const qy_groups *g, const qy_column *c, qy_groups *out, qy_error *err);

/* A table of the key columns (named as in t), one row per group, in group
 * order: the value at each group's first row. Caller releases *out. */
int qy_groups_keys(const qy_table *t, const int *keys, int nkeys, const qy_groups *g,
                   qy_table **out, qy_error *err);

#endif
