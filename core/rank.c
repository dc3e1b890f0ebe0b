/* rank.c — ranks of rows by one column, over the table or within groups;
 * see rank.h.
 *
 * The rows are ordered by (group, value) with the stable sort of sort.h, so
 * each group's rows come together in value order, ties in input order and
 * nulls last; one pass along that order then numbers them, told by the
 * sort where groups and values change. Marked ranks are written as text
 * once per distinct (rank, shared) pair, each row then taking its code.
 */
#include "rank.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "sort.h"

/* The order of t's rows by key, behind the group numbers of by when by
 * is not NULL, with its ties (see qy_table_order_ties; caller frees). */
static int rank_order(const qy_table *t, qy_sort_key key, const qy_groups *by, int64_t **perm,
                      uint8_t **ties, qy_error *err)
{
    if (!by) return qy_table_order_ties(t, &key, 1, perm, ties, err);
    qy_column *group = NULL;
    qy_table *keyed = NULL;
    int rc = qy_column_new(QY_INT64, 0, NULL, t->nrows, &group, err);
    if (rc == QY_OK) {
        for (int64_t i = 0; i < t->nrows; i++) group->v.i64[i] = by->group[i];
        rc = qy_table_new(t->nrows, &keyed, err);
    }
    if (rc == QY_OK) rc = qy_table_add_column(keyed, "group", group, err);
    if (rc == QY_OK) rc = qy_table_add_column(keyed, "value", t->cols[key.column], err);
    if (rc == QY_OK) {
        qy_sort_key keys[] = {{0, false, NULL}, {1, key.descending, key.rank}};
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

/* shared[row]: whether the rank of row (not null) is shared, i.e. its
 * value ties the row before or after it along perm (in its group). */
static void find_shared(const qy_column *c, const int64_t *perm, const uint8_t *ties, int nkeys,
                        uint8_t *shared)
{
    for (int64_t i = 0; i < c->length; i++) {
        bool tie = (i > 0 && ties[i] == nkeys) || (i + 1 < c->length && ties[i + 1] == nkeys);
        shared[perm[i]] = tie && !qy_column_is_null(c, perm[i]);
    }
}

/* The string column of ranks with shared ones marked. code[2 * rank +
 * shared] caches the dict code of each text written so far. */
static int mark_ranks(const qy_column *ranks, const uint8_t *shared, const char *mark,
                      size_t mark_len, qy_column **out, qy_error *err)
{
    int64_t n = ranks->length;
    qy_dict *dict = qy_dict_new();
    uint32_t *code = qy_malloc((size_t)(n + 1) * 2 * sizeof *code);
    char *text = qy_malloc(24 + mark_len);
    qy_column *marked = NULL;
    int rc = dict && code && text ? qy_column_new(QY_STRING, 0, dict, n, &marked, err)
                                  : qy_error_set(err, QY_ENOMEM, "not enough memory to mark ties");
    if (code) memset(code, 0xff, (size_t)(n + 1) * 2 * sizeof *code);
    for (int64_t row = 0; row < n && rc == QY_OK; row++) {
        if (qy_column_is_null(ranks, row)) {
            rc = qy_column_set_null(marked, row, err);
            continue;
        }
        uint32_t *known = &code[2 * ranks->v.i64[row] + shared[row]];
        if (*known == UINT32_MAX) {
            int len = snprintf(text, 24, "%lld", (long long)ranks->v.i64[row]);
            size_t total = (size_t)len + (shared[row] ? mark_len : 0);
            if (shared[row]) memcpy(text + len, mark, mark_len);
            rc = qy_dict_intern(dict, text, total, known);
            if (rc != QY_OK) rc = qy_error_set(err, rc, "not enough memory to mark ties");
        }
        if (rc == QY_OK) marked->v.code[row] = *known;
    }
    qy_dict_release(dict);
    qy_free(code);
    qy_free(text);
    if (rc != QY_OK) {
        qy_column_release(marked);
        return rc;
    }
    *out = marked;
    return QY_OK;
}

static int check_spec(const qy_table *t, const qy_rank_spec *spec, qy_error *err)
{
    int column = spec->key.column;
    if (column < 0 || column >= t->ncols)
        return qy_error_set(err, QY_ERANGE, "column %d out of range", column + 1);
    if (spec->key.rank && t->cols[column]->type != QY_STRING)
        return qy_error_set(err, QY_ETYPE, "column %d is not text: it takes no rank", column + 1);
    if (spec->by && spec->by->nrows != t->nrows)
        return qy_error_set(err, QY_EINVAL, "the groups have %lld rows, the table %lld",
                            (long long)spec->by->nrows, (long long)t->nrows);
    return QY_OK;
}

int qy_rank(const qy_table *t, const qy_rank_spec *spec, qy_column **out, qy_error *err)
{
    QY_RETURN_NOT_OK(check_spec(t, spec, err));
    const qy_column *c = t->cols[spec->key.column];
    int nkeys = spec->by ? 2 : 1;
    int64_t *perm = NULL;
    uint8_t *equal = NULL, *shared = NULL;
    qy_column *ranks = NULL, *marked = NULL;
    int rc = rank_order(t, spec->key, spec->by, &perm, &equal, err);
    if (rc == QY_OK) rc = qy_column_new(QY_INT64, 0, NULL, t->nrows, &ranks, err);
    if (rc == QY_OK) rc = number_rows(c, perm, equal, nkeys, spec->ties, ranks, err);
    if (rc == QY_OK && spec->tie_mark) {
        shared = qy_calloc((size_t)(t->nrows > 0 ? t->nrows : 1), 1);
        if (!shared) rc = qy_error_set(err, QY_ENOMEM, "not enough memory to mark ties");
        else if (spec->ties != QY_TIES_ROW) find_shared(c, perm, equal, nkeys, shared);
    }
    if (rc == QY_OK && spec->tie_mark)
        rc = mark_ranks(ranks, shared, spec->tie_mark, spec->tie_mark_len, &marked, err);
    qy_free(perm);
    qy_free(equal);
    qy_free(shared);
    if (rc != QY_OK) {
        qy_column_release(ranks);
        return rc;
    }
    if (marked) {
        qy_column_release(ranks);
        ranks = marked;
    }
    *out = ranks;
    return QY_OK;
}
