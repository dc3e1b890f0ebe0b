/* window.c — share, cumsum, lag and pct_change along the rows; see window.h.
 *
 * One pass in row order with one accumulator per group (sums), or with the
 * rows of each group listed in order (lag: the row offset places earlier in
 * the same list). int64 and decimal sums are exact and report overflow.
 */
#include "window.h"

#include <string.h>

#include "alloc.h"

static const char *kind_name(qy_window_kind kind)
{
    switch (kind) {
    case QY_WIN_SHARE: return "share";
    case QY_WIN_CUMSUM: return "cumsum";
    case QY_WIN_LAG: return "lag";
    case QY_WIN_PCT_CHANGE: return "pct_change";
    }
    return "?";
}

static bool is_numeric(const qy_column *c)
{
    return c->type == QY_INT64 || c->type == QY_DECIMAL || c->type == QY_FLOAT64;
}

/* Row i as a double; decimals stay scaled (ratios of one column cancel it). */
static double scaled_value(const qy_column *c, int64_t i)
{
    return c->type == QY_FLOAT64 ? c->v.f64[i] : (double)c->v.i64[i];
}

static int overflow(const qy_table *t, int column, qy_error *err)
{
    return qy_error_set(err, QY_EOVERFLOW, "the sum of '%s' overflows", t->names[column]);
}

/* Running sums per group; a null row stays null and adds nothing. */
static int cumsum(const qy_table *t, int column, const int32_t *group, int64_t ngroups,
                  qy_column *out, qy_error *err)
{
    const qy_column *c = t->cols[column];
    int64_t *isum = qy_calloc((size_t)ngroups, sizeof *isum);
    double *fsum = qy_calloc((size_t)ngroups, sizeof *fsum);
    if (!isum || !fsum) {
        qy_free(isum);
        qy_free(fsum);
        return qy_error_set(err, QY_ENOMEM, "not enough memory for a running sum");
    }
    int rc = QY_OK;
    for (int64_t i = 0; i < c->length && rc == QY_OK; i++) {
        int32_t g = group ? group[i] : 0;
        if (qy_column_is_null(c, i)) rc = qy_column_set_null(out, i, err);
        else if (c->type == QY_FLOAT64) out->v.f64[i] = fsum[g] += c->v.f64[i];
        else if (__builtin_add_overflow(isum[g], c->v.i64[i], &isum[g])) rc = overflow(t, column, err);
        else out->v.i64[i] = isum[g];
    }
    qy_free(isum);
    qy_free(fsum);
    return rc;
}

/* value / its group's sum; null for a null value or a zero sum. */
static int share(const qy_table *t, int column, const int32_t *group, int64_t ngroups,
                 qy_column *out, qy_error *err)
{
    const qy_column *c = t->cols[column];
    int64_t *isum = qy_calloc((size_t)ngroups, sizeof *isum);
    double *sum = qy_calloc((size_t)ngroups, sizeof *sum);
    int rc = isum && sum ? QY_OK : qy_error_set(err, QY_ENOMEM, "not enough memory for sums");
    for (int64_t i = 0; i < c->length && rc == QY_OK; i++) {
        int32_t g = group ? group[i] : 0;
        if (qy_column_is_null(c, i)) continue;
        if (c->type == QY_FLOAT64) sum[g] += c->v.f64[i];
        else if (__builtin_add_overflow(isum[g], c->v.i64[i], &isum[g])) rc = overflow(t, column, err);
    }
    if (rc == QY_OK && c->type != QY_FLOAT64)
        for (int64_t g = 0; g < ngroups; g++) sum[g] = (double)isum[g];
    for (int64_t i = 0; i < c->length && rc == QY_OK; i++) {
        double total = sum[group ? group[i] : 0];
        if (qy_column_is_null(c, i) || total == 0) rc = qy_column_set_null(out, i, err);
        else out->v.f64[i] = scaled_value(c, i) / total;
    }
    qy_free(isum);
    qy_free(sum);
    return rc;
}

/* prev[i] = the row offset places before i in its group, or -1. */
static int lag_rows(int64_t nrows, const qy_groups *by, int64_t offset, int64_t *prev)
{
    if (!by) {
        for (int64_t i = 0; i < nrows; i++) prev[i] = i >= offset ? i - offset : -1;
        return QY_OK;
    }
    /* Each group's rows listed in order, one list after another: group g's
     * list starts at start[g] and holds seen[g] rows so far. */
    int64_t *start = qy_calloc((size_t)by->ngroups + 1, sizeof *start);
    int64_t *seen = qy_calloc((size_t)by->ngroups, sizeof *seen);
    int64_t *listed = qy_malloc((size_t)nrows * sizeof *listed);
    int rc = start && seen && listed ? QY_OK : QY_ENOMEM;
    if (rc == QY_OK) {
        for (int64_t i = 0; i < nrows; i++) start[by->group[i] + 1]++;
        for (int64_t g = 0; g < by->ngroups; g++) start[g + 1] += start[g];
        for (int64_t i = 0; i < nrows; i++) {
            int32_t g = by->group[i];
            int64_t k = seen[g]++;
            listed[start[g] + k] = i;
            prev[i] = k >= offset ? listed[start[g] + k - offset] : -1;
        }
    }
    qy_free(start);
    qy_free(seen);
    qy_free(listed);
    return rc;
}

/* (value - previous) / previous from the rows prev gives; null when either
 * is null or previous is 0. */
static int pct_change(const qy_column *c, const int64_t *prev, qy_column *out, qy_error *err)
{
    for (int64_t i = 0; i < c->length; i++) {
        int64_t p = prev[i];
        if (p < 0 || qy_column_is_null(c, i) || qy_column_is_null(c, p)
            || scaled_value(c, p) == 0) {
            QY_RETURN_NOT_OK(qy_column_set_null(out, i, err));
            continue;
        }
        double before = scaled_value(c, p);
        out->v.f64[i] = (scaled_value(c, i) - before) / before;
    }
    return QY_OK;
}

/* lag and pct_change: both look back along each group. */
static int look_back(const qy_table *t, qy_window_kind kind, int column, int64_t offset,
                     const qy_groups *by, qy_column **out, qy_error *err)
{
    const qy_column *c = t->cols[column];
    int64_t *prev = qy_malloc((size_t)c->length * sizeof *prev);
    if (!prev || lag_rows(c->length, by, offset, prev) != QY_OK) {
        qy_free(prev);
        return qy_error_set(err, QY_ENOMEM, "not enough memory for %s", kind_name(kind));
    }
    int rc;
    if (kind == QY_WIN_LAG) {
        rc = qy_column_take(c, prev, c->length, out, err);
    } else {
        rc = qy_column_new(QY_FLOAT64, 0, NULL, c->length, out, err);
        if (rc == QY_OK && (rc = pct_change(c, prev, *out, err)) != QY_OK) {
            qy_column_release(*out);
            *out = NULL;
        }
    }
    qy_free(prev);
    return rc;
}

static int check_args(const qy_table *t, qy_window_kind kind, int column, int64_t offset,
                      const qy_groups *by, qy_error *err)
{
    if (column < 0 || column >= t->ncols)
        return qy_error_set(err, QY_ERANGE, "column %d out of range", column + 1);
    const qy_column *c = t->cols[column];
    if (kind != QY_WIN_LAG && !is_numeric(c)) {
        char type[16];
        return qy_error_set(err, QY_ETYPE, "cannot compute %s of %s column '%s'",
                            kind_name(kind), qy_type_name(c->type, c->scale, type),
                            t->names[column]);
    }
    if (kind == QY_WIN_LAG && offset < 1)
        return qy_error_set(err, QY_EINVAL, "lag offset must be at least 1, not %lld",
                            (long long)offset);
    if (by && by->nrows != t->nrows)
        return qy_error_set(err, QY_EINVAL, "groups of %lld rows for a table of %lld",
                            (long long)by->nrows, (long long)t->nrows);
    return QY_OK;
}

int qy_window(const qy_table *t, qy_window_kind kind, int column, int64_t offset,
              const qy_groups *by, qy_column **out, qy_error *err)
{
    QY_RETURN_NOT_OK(check_args(t, kind, column, offset, by, err));
    if (kind == QY_WIN_LAG || kind == QY_WIN_PCT_CHANGE)
        return look_back(t, kind, column, kind == QY_WIN_LAG ? offset : 1, by, out, err);
    const qy_column *c = t->cols[column];
    qy_type type = kind == QY_WIN_SHARE ? QY_FLOAT64 : c->type;
    qy_column *col;
    QY_RETURN_NOT_OK(qy_column_new(type, c->scale, NULL, c->length, &col, err));
    const int32_t *group = by ? by->group : NULL;
    int64_t ngroups = by ? by->ngroups : 1;
    int rc = kind == QY_WIN_SHARE ? share(t, column, group, ngroups, col, err)
                                  : cumsum(t, column, group, ngroups, col, err);
    if (rc != QY_OK) {
        qy_column_release(col);
        return rc;
    }
    *out = col;
    return QY_OK;
}
