/* aggregate.c — one value per group; see aggregate.h.
 *
 * Each aggregate is one pass over the rows, indexing per-group accumulators
 * by g->group. Orderings (min, max, median) work on one int64 key per value
 * that sorts as the values do: the value itself for integers, decimals,
 * dates and bools, a bit pattern for floats, the rank of the string in a
 * dict sorted once by bytes. A group with no rows (first_row -1) is allowed:
 * pivot cells and the one group of an empty table have none.
 */
#include "aggregate.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

static const char *const agg_names[] = {
    "count", "sum", "mean", "median", "min", "max", "count_distinct", "first"
};

const char *qy_agg_name(qy_agg_kind kind)
{
    return (unsigned)kind < sizeof agg_names / sizeof *agg_names ? agg_names[kind] : "?";
}

int qy_agg_parse(const char *name, qy_agg_kind *kind)
{
    for (size_t k = 0; k < sizeof agg_names / sizeof *agg_names; k++) {
        if (strcmp(name, agg_names[k]) == 0) {
            *kind = (qy_agg_kind)k;
            return QY_OK;
        }
    }
    return QY_EINVAL;
}

static int no_memory(qy_error *err, const qy_groups *g)
{
    return qy_error_set(err, QY_ENOMEM, "not enough memory to aggregate %lld rows",
                        (long long)g->nrows);
}

static bool row_valid(const qy_column *c, int64_t i)
{
    return c->valid == NULL || qy_bitmap_get(c->valid, i);
}

/* Marks null the rows of c (one per group) whose group saw no value. */
static int nulls_where_unseen(qy_column *c, const uint8_t *seen, qy_error *err)
{
    for (int64_t k = 0; k < c->length; k++)
        if (!seen[k]) QY_RETURN_NOT_OK(qy_column_set_null(c, k, err));
    return QY_OK;
}

/* ---- count --------------------------------------------------------------- */

/* Rows per group (c NULL) or non-null values of c per group. */
static int count(const qy_column *c, const qy_groups *g, qy_column **out, qy_error *err)
{
    qy_column *r;
    QY_RETURN_NOT_OK(qy_column_new(QY_INT64, 0, NULL, g->ngroups, &r, err));
    int64_t *restrict n = r->v.i64;
    const int32_t *group = g->group;
    const uint8_t *valid = c ? c->valid : NULL;
    if (valid == NULL) {
        for (int64_t i = 0; i < g->nrows; i++) n[group[i]]++;
    } else {
        for (int64_t i = 0; i < g->nrows; i++) n[group[i]] += qy_bitmap_get(valid, i);
    }
    *out = r;
    return QY_OK;
}

/* ---- sum and mean -------------------------------------------------------- */

static bool is_numeric(const qy_column *c)
{
    return c->type == QY_INT64 || c->type == QY_DECIMAL || c->type == QY_FLOAT64;
}

/* QY_ETYPE unless c is numeric: "cannot sum string column 'investor'". */
static int check_numeric(const qy_column *c, const char *name, const char *verb, qy_error *err)
{
    if (is_numeric(c)) return QY_OK;
    char type[16];
    qy_type_name(c->type, c->scale, type);
    return name ? qy_error_set(err, QY_ETYPE, "cannot %s %s column '%s'", verb, type, name)
                : qy_error_set(err, QY_ETYPE, "cannot %s a %s column", verb, type);
}

/* Marks seen the groups of g with a row where c is valid. Without nulls
 * those are the groups with rows. */
static void mark_seen(const qy_column *c, const qy_groups *g, uint8_t *restrict seen)
{
    const int32_t *group = g->group;
    if (c->valid == NULL) {
        for (int64_t k = 0; k < g->ngroups; k++) seen[k] = g->first_row[k] >= 0;
        return;
    }
    for (int64_t i = 0; i < g->nrows; i++) seen[group[i]] |= qy_bitmap_get(c->valid, i);
}

/* Exact sums of int64 or decimal values into sum (zeroed), or QY_EOVERFLOW.
 * Branch-free over nulls: a null row adds 0. */
static int sum_exact(const qy_column *c, const qy_groups *g, int64_t *restrict sum)
{
    const int64_t *v = c->v.i64;
    const int32_t *group = g->group;
    const uint8_t *valid = c->valid;
    if (valid == NULL) {
        for (int64_t i = 0; i < g->nrows; i++)
            if (__builtin_add_overflow(sum[group[i]], v[i], &sum[group[i]])) return QY_EOVERFLOW;
        return QY_OK;
    }
    for (int64_t i = 0; i < g->nrows; i++) {
        int64_t x = v[i] & -(int64_t)qy_bitmap_get(valid, i);
        if (__builtin_add_overflow(sum[group[i]], x, &sum[group[i]])) return QY_EOVERFLOW;
    }
    return QY_OK;
}

static void sum_float(const qy_column *c, const qy_groups *g, double *restrict sum)
{
    const double *v = c->v.f64;
    const int32_t *group = g->group;
    for (int64_t i = 0; i < g->nrows; i++)
        if (row_valid(c, i)) sum[group[i]] += v[i];
}

static int sum(const qy_column *c, const char *name, const qy_groups *g, qy_column **out,
               qy_error *err)
{
    QY_RETURN_NOT_OK(check_numeric(c, name, "sum", err));
    qy_column *r = NULL;
    uint8_t *seen = qy_calloc((size_t)g->ngroups + 1, 1);
    if (!seen) return no_memory(err, g);
    int rc = qy_column_new(c->type, c->scale, NULL, g->ngroups, &r, err);
    if (rc == QY_OK && c->type == QY_FLOAT64) sum_float(c, g, r->v.f64);
    else if (rc == QY_OK) rc = sum_exact(c, g, r->v.i64);
    if (rc == QY_EOVERFLOW) {
        char type[16];
        qy_type_name(c->type, c->scale, type);
        qy_error_set(err, rc, "the sum of %s%s%s overflows %s", name ? "column '" : "a column",
                     name ? name : "", name ? "'" : "", type);
    }
    if (rc == QY_OK) mark_seen(c, g, seen);
    if (rc == QY_OK) rc = nulls_where_unseen(r, seen, err);
    qy_free(seen);
    if (rc != QY_OK) {
        qy_column_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}

/* 10^scale as a double (exact for scale <= 22). */
static double power_of_ten(int scale)
{
    double p = 1;
    while (scale-- > 0) p *= 10;
    return p;
}

/* The value of row i as a double, before dividing decimals by 10^scale. */
static double scaled_double(const qy_column *c, int64_t i)
{
    return c->type == QY_FLOAT64 ? c->v.f64[i] : (double)c->v.i64[i];
}

/* Means as float64: a decimal's scaled values are summed (exactly, below
 * 2^53) and divided once by count * 10^scale. */
static int mean(const qy_column *c, const char *name, const qy_groups *g, qy_column **out,
                qy_error *err)
{
    QY_RETURN_NOT_OK(check_numeric(c, name, "average", err));
    qy_column *r = NULL;
    int64_t *n = qy_calloc((size_t)g->ngroups + 1, sizeof *n);
    if (!n) return no_memory(err, g);
    int rc = qy_column_new(QY_FLOAT64, 0, NULL, g->ngroups, &r, err);
    if (rc == QY_OK) {
        double *s = r->v.f64, unit = power_of_ten(c->scale);
        for (int64_t i = 0; i < g->nrows; i++) {
            if (!row_valid(c, i)) continue;
            s[g->group[i]] += scaled_double(c, i);
            n[g->group[i]]++;
        }
        for (int64_t k = 0; k < g->ngroups && rc == QY_OK; k++) {
            if (n[k]) s[k] /= (double)n[k] * unit;
            else rc = qy_column_set_null(r, k, err);
        }
    }
    qy_free(n);
    if (rc != QY_OK) {
        qy_column_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}

/* ---- order keys ---------------------------------------------------------- */

/* An int64 that orders as the double does, every NaN above +inf; -0 is 0,
 * as sorting and grouping see it, so min and max keep the first of them. */
static int64_t float_key(double x)
{
    int64_t bits;
    if (x == 0) x = 0;
    if (x != x) x = __builtin_nan("");
    memcpy(&bits, &x, sizeof bits);
    return bits < 0 ? bits ^ INT64_MAX : bits;
}

static double key_float(int64_t key)
{
    int64_t bits = key < 0 ? key ^ INT64_MAX : key;
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/* The order key of row i (a valid row); rank is the dict's for strings. */
static int64_t order_key(const qy_column *c, const uint32_t *rank, int64_t i)
{
    switch (c->type) {
    case QY_FLOAT64: return float_key(c->v.f64[i]);
    case QY_STRING: return rank[c->v.code[i]];
    case QY_DATE: return c->v.date[i];
    case QY_BOOL: return c->v.b[i];
    default: return c->v.i64[i];
    }
}

/* ---- min and max --------------------------------------------------------- */

/* The row of each group's smallest (or largest) value, the first such row
 * on ties, -1 for a group without values. */
static void extreme_rows(const qy_column *c, const uint32_t *rank, const qy_groups *g,
                         bool largest, int64_t *best_row, int64_t *best_key)
{
    for (int64_t k = 0; k < g->ngroups; k++) best_row[k] = -1;
    for (int64_t i = 0; i < g->nrows; i++) {
        if (!row_valid(c, i)) continue;
        int32_t k = g->group[i];
        int64_t key = order_key(c, rank, i);
        if (best_row[k] < 0 || (largest ? key > best_key[k] : key < best_key[k])) {
            best_row[k] = i;
            best_key[k] = key;
        }
    }
}

static int extreme(const qy_column *c, const qy_groups *g, bool largest, qy_column **out,
                   qy_error *err)
{
    uint32_t *rank = NULL;
    int64_t *best_row = qy_malloc((size_t)(g->ngroups + 1) * sizeof *best_row);
    int64_t *best_key = qy_malloc((size_t)(g->ngroups + 1) * sizeof *best_key);
    int rc = best_row && best_key ? QY_OK : QY_ENOMEM;
    if (rc == QY_OK && c->type == QY_STRING) rc = qy_dict_ranks(c->dict, &rank);
    if (rc == QY_OK) {
        extreme_rows(c, rank, g, largest, best_row, best_key);
        rc = qy_column_take(c, best_row, g->ngroups, out, err);
    } else {
        rc = no_memory(err, g);
    }
    qy_free(rank);
    qy_free(best_row);
    qy_free(best_key);
    return rc;
}

/* ---- median -------------------------------------------------------------- */

static void swap_keys(int64_t *a, int64_t *b)
{
    int64_t t = *a;
    *a = *b;
    *b = t;
}

/* Rearranges a[0..n) so that a[k] is the value a sort would put there, with
 * no larger value before it and no smaller one after (quickselect). */
static void select_nth(int64_t *a, int64_t n, int64_t k)
{
    int64_t lo = 0, hi = n - 1;
    while (hi > lo) {
        int64_t mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) swap_keys(&a[mid], &a[lo]);
        if (a[hi] < a[lo]) swap_keys(&a[hi], &a[lo]);
        if (a[hi] < a[mid]) swap_keys(&a[hi], &a[mid]);
        int64_t pivot = a[mid], i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (pivot < a[j]) j--;
            if (i <= j) swap_keys(&a[i++], &a[j--]);
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return;
    }
}

/* The median of the n > 0 keys of a (reordered), as a float64 value. */
static double median_of(const qy_column *c, int64_t *a, int64_t n)
{
    int64_t k = (n - 1) / 2;
    select_nth(a, n, k);
    int64_t lower = a[k], upper = lower;
    if (n % 2 == 0) {
        upper = a[k + 1];
        for (int64_t i = k + 2; i < n; i++) upper = a[i] < upper ? a[i] : upper;
    }
    if (c->type == QY_FLOAT64) return (key_float(lower) + key_float(upper)) / 2;
    return ((double)lower + (double)upper) / 2 / power_of_ten(c->scale);
}

/* Each group's keys gathered together (a counting sort by group), then one
 * selection per group. */
static int median_into(const qy_column *c, const qy_groups *g, qy_column *r, int64_t *start,
                       int64_t *keys, qy_error *err)
{
    for (int64_t i = 0; i < g->nrows; i++) start[g->group[i] + 1] += row_valid(c, i);
    for (int64_t k = 0; k < g->ngroups; k++) start[k + 1] += start[k];
    for (int64_t i = 0; i < g->nrows; i++)
        if (row_valid(c, i)) keys[start[g->group[i]]++] = order_key(c, NULL, i);
    for (int64_t k = g->ngroups; k > 0; k--) start[k] = start[k - 1];   /* back to starts */
    start[0] = 0;
    for (int64_t k = 0; k < g->ngroups; k++) {
        int64_t n = start[k + 1] - start[k];
        if (n == 0) QY_RETURN_NOT_OK(qy_column_set_null(r, k, err));
        else r->v.f64[k] = median_of(c, keys + start[k], n);
    }
    return QY_OK;
}

static int median(const qy_column *c, const char *name, const qy_groups *g, qy_column **out,
                  qy_error *err)
{
    QY_RETURN_NOT_OK(check_numeric(c, name, "take the median of", err));
    int64_t nvalues = g->nrows - c->null_count;
    int64_t *start = qy_calloc((size_t)g->ngroups + 1, sizeof *start);
    int64_t *keys = qy_malloc((size_t)(nvalues ? nvalues : 1) * sizeof *keys);
    qy_column *r = NULL;
    int rc = start && keys ? qy_column_new(QY_FLOAT64, 0, NULL, g->ngroups, &r, err)
                           : no_memory(err, g);
    if (rc == QY_OK) rc = median_into(c, g, r, start, keys, err);
    qy_free(start);
    qy_free(keys);
    if (rc != QY_OK) {
        qy_column_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}

/* ---- count_distinct ------------------------------------------------------ */

/* Each distinct (group, value) pair is a group of g refined by c: count
 * those whose value is not null. */
static int count_distinct(const qy_column *c, const qy_groups *g, qy_column **out,
                          qy_error *err)
{
    qy_groups pairs;
    QY_RETURN_NOT_OK(qy_groups_refine(g, c, &pairs, err));
    qy_column *r;
    int rc = qy_column_new(QY_INT64, 0, NULL, g->ngroups, &r, err);
    if (rc == QY_OK) {
        for (int64_t p = 0; p < pairs.ngroups; p++) {
            int64_t row = pairs.first_row[p];
            r->v.i64[g->group[row]] += row_valid(c, row);
        }
        *out = r;
    }
    qy_groups_free(&pairs);
    return rc;
}

/* ---- the entry points ---------------------------------------------------- */

/* kind of c (NULL: count rows) over g; name (may be NULL) names c in errors. */
static int aggregate(const qy_column *c, const char *name, const qy_groups *g, qy_agg_kind kind,
                     qy_column **out, qy_error *err)
{
    if (c == NULL && kind != QY_AGG_COUNT)
        return qy_error_set(err, QY_EINVAL, "%s needs a column", qy_agg_name(kind));
    switch (kind) {
    case QY_AGG_COUNT: return count(c, g, out, err);
    case QY_AGG_SUM: return sum(c, name, g, out, err);
    case QY_AGG_MEAN: return mean(c, name, g, out, err);
    case QY_AGG_MEDIAN: return median(c, name, g, out, err);
    case QY_AGG_MIN: return extreme(c, g, false, out, err);
    case QY_AGG_MAX: return extreme(c, g, true, out, err);
    case QY_AGG_COUNT_DISTINCT: return count_distinct(c, g, out, err);
    case QY_AGG_FIRST: return qy_column_take(c, g->first_row, g->ngroups, out, err);
    }
    return qy_error_set(err, QY_EINVAL, "unknown aggregate %d", (int)kind);
}

int qy_aggregate_column(const qy_table *t, const qy_groups *g, const qy_agg *agg,
                        qy_column **out, qy_error *err)
{
    if (agg->column < -1 || agg->column >= t->ncols)
        return qy_error_set(err, QY_ERANGE, "column %d out of range", agg->column + 1);
    if (g->nrows != t->nrows)
        return qy_error_set(err, QY_EINVAL, "the groups have %lld rows, the table %lld",
                            (long long)g->nrows, (long long)t->nrows);
    if (agg->column < 0) return aggregate(NULL, NULL, g, agg->kind, out, err);
    return aggregate(t->cols[agg->column], t->names[agg->column], g, agg->kind, out, err);
}

/* One group holding all n rows, also when n is 0 (its first_row is then -1). */
static int one_group(int64_t n, qy_groups *g, qy_error *err)
{
    memset(g, 0, sizeof *g);
    if (n > INT32_MAX)
        return qy_error_set(err, QY_ERANGE, "cannot group more than %d rows", INT32_MAX);
    g->nrows = n;
    g->ngroups = 1;
    g->group = qy_calloc((size_t)(n ? n : 1), sizeof *g->group);
    g->first_row = qy_malloc(sizeof *g->first_row);
    if (!g->group || !g->first_row) {
        qy_groups_free(g);
        return qy_error_set(err, QY_ENOMEM, "not enough memory to group %lld rows", (long long)n);
    }
    g->first_row[0] = n ? 0 : -1;
    return QY_OK;
}

/* The aggregates first, first + step, ... of a table, computed by one
 * thread into cols; it stops at the first that fails. */
typedef struct agg_job {
    const qy_table *t;
    const qy_groups *g;
    const qy_agg *aggs;
    int naggs, first, step;
    qy_column **cols;
    int failed;            /* the aggregate that failed; naggs if none */
    int rc;
    qy_error err;
} agg_job;

static void *run_aggregates(void *arg)
{
    agg_job *job = arg;
    for (int a = job->first; a < job->naggs && job->failed == job->naggs; a += job->step) {
        job->rc = qy_aggregate_column(job->t, job->g, &job->aggs[a], &job->cols[a], &job->err);
        if (job->rc != QY_OK) job->failed = a;
    }
    return NULL;
}

/* Each aggregate is a pass over every row, bound by memory: big ones are
 * shared by two threads, taking every other aggregate. */
static void run_aggregate_jobs(agg_job *jobs, int njobs)
{
    pthread_t helper;
    bool threaded = njobs == 2 && pthread_create(&helper, NULL, run_aggregates, &jobs[1]) == 0;
    run_aggregates(&jobs[0]);
    if (threaded) pthread_join(helper, NULL);
    else if (njobs == 2) run_aggregates(&jobs[1]);
}

/* Adds the aggregate columns to r in order; the first failure, of an
 * aggregate or of adding it, is the error. */
static int add_aggregates(qy_table *r, const qy_agg *aggs, int naggs, const agg_job *jobs,
                          int njobs, qy_error *err)
{
    for (int a = 0; a < naggs; a++) {
        const agg_job *job = &jobs[a % njobs];
        if (job->failed == a) {
            if (err) *err = job->err;
            return job->rc;
        }
        QY_RETURN_NOT_OK(qy_table_add_column(r, aggs[a].name, job->cols[a], err));
    }
    return QY_OK;
}

int qy_table_aggregate(const qy_table *t, const int *keys, int nkeys, const qy_agg *aggs,
                       int naggs, qy_table **out, qy_error *err)
{
    qy_groups g;
    qy_table *r = NULL;
    int rc = nkeys > 0 ? qy_groups_build(t, keys, nkeys, &g, err) : one_group(t->nrows, &g, err);
    if (rc != QY_OK) return rc;
    rc = nkeys > 0 ? qy_groups_keys(t, keys, nkeys, &g, &r, err) : qy_table_new(1, &r, err);
    qy_column **cols = rc == QY_OK ? qy_calloc((size_t)(naggs ? naggs : 1), sizeof *cols) : NULL;
    if (rc == QY_OK && !cols) rc = no_memory(err, &g);
    if (rc == QY_OK) {
        int njobs = naggs >= 2 && g.nrows * naggs >= ((int64_t)1 << 20) ? 2 : 1;
        agg_job jobs[2] = {
            {t, &g, aggs, naggs, 0, njobs, cols, naggs, QY_OK, {0}},
            {t, &g, aggs, naggs, 1, 2, cols, naggs, QY_OK, {0}},
        };
        run_aggregate_jobs(jobs, njobs);
        rc = add_aggregates(r, aggs, naggs, jobs, njobs, err);
    }
    for (int a = 0; cols && a < naggs; a++) qy_column_release(cols[a]);
    qy_free(cols);
    qy_groups_free(&g);
    if (rc != QY_OK) {
        qy_table_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}

/* Row i of c as a scalar; a string borrows from c's dict. */
static qy_scalar scalar_at(const qy_column *c, int64_t i)
{
    if (qy_column_is_null(c, i)) return qy_scalar_null();
    switch (c->type) {
    case QY_FLOAT64: return qy_scalar_float64(c->v.f64[i]);
    case QY_DECIMAL: return qy_scalar_decimal(c->v.i64[i], c->scale);
    case QY_DATE: return qy_scalar_date(c->v.date[i]);
    case QY_BOOL: return qy_scalar_bool(c->v.b[i]);
    case QY_STRING: {
        size_t len;
        const char *s = qy_dict_get(c->dict, c->v.code[i], &len);
        return qy_scalar_string(s, len);
    }
    default: return qy_scalar_int64(c->v.i64[i]);
    }
}

int qy_column_reduce(const qy_column *c, const char *name, qy_agg_kind kind, qy_scalar *out,
                     qy_error *err)
{
    qy_groups g;
    QY_RETURN_NOT_OK(one_group(c->length, &g, err));
    qy_column *r = NULL;
    int rc = aggregate(c, name, &g, kind, &r, err);
    qy_groups_free(&g);
    if (rc != QY_OK) return rc;
    *out = scalar_at(r, 0);
    if (out->null) {       /* a null keeps the type the value would have had */
        out->type = r->type;
        out->scale = r->scale;
    }
    qy_column_release(r);
    return QY_OK;
}
