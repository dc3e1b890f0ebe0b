/* rank.c — ranks of rows by one column, over the table or within groups;
 * see rank.h.
 *
 * The rows are ordered by (group, value) with the stable sort of sort.h, so
 * each group's rows come together in value order, ties in input order and
 * nulls last; one pass along that order then numbers them, told by the
 * sort where groups and values change.
 */
#include "rank.h"

#include "alloc.h"
#include "sort.h"

/* The order of t's rows by column, behind the group numbers of by when
 * by is not NULL, with its ties (see qy_table_order_ties; caller frees). */
static int rank_order(const qy_table *t, int column, bool descending, const qy_groups *by,
                      int64_t **perm, uint8_t **ties, qy_error *err)
{
    if (!by) return qy_table_order_ties(t, &(qy_sort_key){column, descending}, 1, perm, ties, err);
    qy_column *group = NULL;
    qy_table *keyed = NULL;
    int rc = qy_column_new(QY_INT64, 0, NULL, t->nrows, &group, err);
    if (rc == QY_OK) {
        for (int64_t i = 0; i < t->nrows; i++) group->v.i64[i] = by->group[i];
        rc = qy_table_new(t->nrows, &keyed, err);
    }
    if (rc == QY_OK) rc = qy_table_add_column(keyed, "group", group, err);
    if (rc == QY_OK) rc = qy_table_add_column(keyed, "value", t->cols[column], err);
    if (rc == QY_OK) {
        qy_sort_key keys[] = {{0, false}, {1, descending}};
        rc = qy_table_order_ties(keyed, keys, 2, perm, ties, err);
    }
    qy_table_release(keyed);
    qy_column_release(group);
    return rc;
}

/* Numbers the rows of c along perm into out. ties[i] counts the keys row
 * perm[i] shares with the row before: all of them (nkeys) is a tie, fewer
 * than nkeys - 1 with groups a new group. A tie shares the rank before it
 * unless ties are by row; null values get null. */
static int number_rows(const qy_column *c, const int64_t *perm, const uint8_t *ties, int nkeys,
                       qy_ties rule, qy_column *out, qy_error *err)
{
    int64_t seen = 0, rank = 0;
    for (int64_t i = 0; i < c->length; i++) {
        int64_t row = perm[i];
        if (ties[i] < nkeys - 1) seen = rank = 0;
        if (qy_column_is_null(c, row)) {
            QY_RETURN_NOT_OK(qy_column_set_null(out, row, err));
            continue;
        }
        seen++;
        bool tie = seen > 1 && ties[i] == nkeys;
        if (rule == QY_TIES_ROW || !tie) rank = rule == QY_TIES_DENSE ? rank + 1 : seen;
        out->v.i64[row] = rank;
    }
    return QY_OK;
}

int qy_rank(const qy_table *t, int column, bool descending, qy_ties ties,
            const qy_groups *by, qy_column **out, qy_error *err)
{
    if (column < 0 || column >= t->ncols)
        return qy_error_set(err, QY_ERANGE, "column %d out of range", column + 1);
    if (by && by->nrows != t->nrows)
        return qy_error_set(err, QY_EINVAL, "the groups have %lld rows, the table %lld",
                            (long long)by->nrows, (long long)t->nrows);
    int64_t *perm = NULL;
    uint8_t *equal = NULL;
    qy_column *ranks = NULL;
    int rc = rank_order(t, column, descending, by, &perm, &equal, err);
    if (rc == QY_OK) rc = qy_column_new(QY_INT64, 0, NULL, t->nrows, &ranks, err);
    if (rc == QY_OK) rc = number_rows(t->cols[column], perm, equal, by ? 2 : 1, ties, ranks, err);
    qy_free(perm);
    qy_free(equal);
    if (rc != QY_OK) {
        qy_column_release(ranks);
        return rc;
    }
    *out = ranks;
    return QY_OK;
}
