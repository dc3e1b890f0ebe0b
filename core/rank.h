/* rank.h — ranks of rows by one column, over the table or within groups.
 *
 * Ties: QY_TIES_MIN gives 1,2,2,4; QY_TIES_DENSE 1,2,2,3; QY_TIES_ROW 1,2,3,4
 * (equal values in input order). Rows whose value is null get a null rank.
 */
#ifndef QY_RANK_H
#define QY_RANK_H

#include <stdbool.h>
#include <stddef.h>

#include "column.h"
#include "error.h"
#include "groupby.h"
#include "sort.h"
#include "table.h"

typedef enum qy_ties { QY_TIES_MIN, QY_TIES_DENSE, QY_TIES_ROW } qy_ties;

/* What to rank by, all borrowed for the call. */
typedef struct qy_rank_spec {
    qy_sort_key key;        /* the column and its order (a string key may bring a rank) */
    qy_ties ties;
    const qy_groups *by;    /* rank within these groups; NULL: over the table */
    const char *tie_mark;   /* NULL: int64 ranks; else tie_mark_len bytes marking a shared rank */
    size_t tie_mark_len;
} qy_rank_spec;

/* The rank of each row of t in the order of spec->key (1 = first: the
 * smallest, or the largest when descending), within each group of spec->by.
 * Without a tie mark an int64 column; with one a string column of the
 * ranks as text, a rank that two or more rows of a group share followed by
 * the mark ("4（并列）"), an unshared one bare ("3"): by row, ties share
 * no rank. Caller releases *out. */
int qy_rank(const qy_table *t, const qy_rank_spec *spec, qy_column **out, qy_error *err);

#endif
