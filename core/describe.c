/* describe.c — one row of statistics per column; see describe.h. The
 * statistics are the aggregates of aggregate.h over the whole column, so
 * describe agrees with c:min(), c:nunique() and the others. */
#include "describe.h"

#include <string.h>

#include "aggregate.h"
#include "dict.h"

enum { COLUMN, TYPE, COUNT, NULLS, DISTINCT, MIN, MAX, MEAN, NSTATS };

static const char *const stat_names[NSTATS] = {
    "column", "type", "count", "nulls", "distinct", "min", "max", "mean"
};

static const qy_type stat_types[NSTATS] = {
    QY_STRING, QY_STRING, QY_INT64, QY_INT64, QY_INT64, QY_STRING, QY_STRING, QY_FLOAT64
};

/* Writes text (len bytes; NULL: null) as row r of the string column c. */
static int put_text(qy_column *c, int64_t r, const char *text, size_t len, qy_error *err)
{
    if (!text) return qy_column_set_null(c, r, err);
    if (qy_dict_intern(c->dict, text, len, &c->v.code[r]) != QY_OK)
        return qy_error_set(err, QY_ENOMEM, "not enough memory to describe");
    return QY_OK;
}

/* Writes row 0 of the one-row column agg, as text, as row r of c. */
static int put_value_text(qy_column *c, int64_t r, const qy_column *agg, qy_error *err)
{
    char buf[64];
    const char *text;
    size_t len = qy_column_format(agg, 0, buf, sizeof buf, &text);
    return put_text(c, r, text, len, err);
}

/* The one-row table of min, max, distinct and (for numbers) mean of column j. */
static int aggregates_of(const qy_table *t, int j, qy_table **out, qy_error *err)
{
    qy_type type = t->cols[j]->type;
    bool numeric = type == QY_INT64 || type == QY_DECIMAL || type == QY_FLOAT64;
    qy_agg aggs[] = {
        {"min", QY_AGG_MIN, 0}, {"max", QY_AGG_MAX, 0}, {"distinct", QY_AGG_COUNT_DISTINCT, 0},
        {"mean", QY_AGG_MEAN, 0},
    };
    qy_table *one = NULL;
    int rc = qy_table_select(t, &j, 1, &one, err);
    if (rc == QY_OK) rc = qy_table_aggregate(one, NULL, 0, aggs, numeric ? 4 : 3, out, err);
    qy_table_release(one);
    return rc;
}

/* Row j of the statistics: column j of t described. */
static int describe_column(const qy_table *t, int j, qy_column **stats, qy_error *err)
{
    const qy_column *c = t->cols[j];
    char type[16];
    qy_type_name(c->type, c->scale, type);
    qy_table *agg = NULL;
    int rc = aggregates_of(t, j, &agg, err);
    if (rc == QY_OK) rc = put_text(stats[COLUMN], j, t->names[j], strlen(t->names[j]), err);
    if (rc == QY_OK) rc = put_text(stats[TYPE], j, type, strlen(type), err);
    if (rc == QY_OK) rc = put_value_text(stats[MIN], j, agg->cols[0], err);
    if (rc == QY_OK) rc = put_value_text(stats[MAX], j, agg->cols[1], err);
    if (rc == QY_OK && (agg->ncols < 4 || qy_column_is_null(agg->cols[3], 0)))
        rc = qy_column_set_null(stats[MEAN], j, err);
    else if (rc == QY_OK)
        stats[MEAN]->v.f64[j] = agg->cols[3]->v.f64[0];
    if (rc == QY_OK) {
        stats[COUNT]->v.i64[j] = c->length - c->null_count;
        stats[NULLS]->v.i64[j] = c->null_count;
        stats[DISTINCT]->v.i64[j] = agg->cols[2]->v.i64[0];
    }
    qy_table_release(agg);
    return rc;
}

/* Empty statistics columns of n rows (strings with a dict each). */
static int new_stats(int64_t n, qy_column **stats, qy_error *err)
{
    int rc = QY_OK;
    for (int s = 0; s < NSTATS && rc == QY_OK; s++) {
        qy_dict *dict = stat_types[s] == QY_STRING ? qy_dict_new() : NULL;
        rc = stat_types[s] == QY_STRING && !dict
           ? qy_error_set(err, QY_ENOMEM, "not enough memory to describe")
           : qy_column_new(stat_types[s], 0, dict, n, &stats[s], err);
        qy_dict_release(dict);
    }
    return rc;
}

int qy_table_describe(const qy_table *t, qy_table **out, qy_error *err)
{
    qy_column *stats[NSTATS] = {0};
    int rc = new_stats(t->ncols, stats, err);
    for (int j = 0; j < t->ncols && rc == QY_OK; j++) rc = describe_column(t, j, stats, err);
    if (rc == QY_OK) rc = qy_table_from_columns(t->ncols, stat_names, stats, NSTATS, out, err);
    for (int s = 0; s < NSTATS; s++) qy_column_release(stats[s]);
    return rc;
}
