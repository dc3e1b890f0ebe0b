/* rank.c — ranks of rows by one column, over the table or within groups;
 * see rank.h.
 *
 * The rows are ordered by (group, value) with the stable sort of sort.h, so
 * each group's rows come together in value order, ties in input order and
 * nulls last; one pass along that order then numbers them.
 */
#include "rank.h"

#include "alloc.h"
#include "sort.h"

/* Whether rows a and b hold equal values (neither is null): -0 equals 0,
 * NaN equals NaN, as they sort. */
static bool same_value(const qy_column *c, int64_t a, int64_t b)
{
    switch (c->type) {
    case QY_INT64:
    case QY_DECIMAL: return c->v.i64[a] == c->v.i64[b];
    case QY_FLOAT64: {
        double x = c->v.f64[a], y = c->v.f64[b];
        return x == y || (x != x && y != y);
    }
    case QY_STRING: return c->v.code[a] == c->v.code[b];
    case QY_DATE: return c->v.date[a] == c->v.date[b];
    case QY_BOOL: return c->v.b[a] == c->v.b[b];
    }
    return false;
}

/* The order of t's rows by column, behind the group numbers of by when
 * by is not NULL (*perm: caller frees). */
static int rank_order(const qy_table *t, int column, bool descending, const qy_groups *by,
                      int64_t **perm, qy_error *err)
{
    if (!by) return qy_table_order(t, &(qy_sort_key){column, descending}, 1, perm, err);
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
        rc = qy_table_order(keyed, keys, 2, perm, err);
    }
    qy_table_release(keyed);
    qy_column_release(group);
    return rc;
}

/* Numbers the rows of c along perm into out: the count restarts with each
 * group; a row tied with the one before shares its rank unless ties are by
 * row; null values get null. */
static int number_rows(const qy_column *c, const int64_t *perm, const int32_t *group,
                       qy_ties ties, qy_column *out, qy_error *err)
{
    int64_t seen = 0, rank = 0, prev = -1;
    for (int64_t j = 0; j < c->length; j++) {
        int64_t row = perm[j];
        if (group && j > 0 && group[row] != group[perm[j - 1]]) {
            seen = rank = 0;
            prev = -1;
        }
        if (qy_column_is_null(c, row)) {
            QY_RETURN_NOT_OK(qy_column_set_null(out, row, err));
            continue;
        }
        seen++;
        bool tie = prev >= 0 && same_value(c, prev, row);
        if (ties == QY_TIES_ROW || !tie) rank = ties == QY_TIES_DENSE ? rank + 1 : seen;
        out->v.i64[row] = rank;
        prev = row;
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
    qy_column *ranks = NULL;
    int rc = rank_order(t, column, descending, by, &perm, err);
    if (rc == QY_OK) rc = qy_column_new(QY_INT64, 0, NULL, t->nrows, &ranks, err);
    if (rc == QY_OK) rc = number_rows(t->cols[column], perm, by ? by->group : NULL, ties, ranks, err);
    qy_free(perm);
    if (rc != QY_OK) {
        qy_column_release(ranks);
        return rc;
    }
    *out = ranks;
    return QY_OK;
}
