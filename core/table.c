/* table.c — named columns of equal length; see table.h. */
#include "table.h"

#include <pthread.h>
#include <string.h>

#include "alloc.h"
#include "cast.h"
#include "hash.h"

int qy_table_new(int64_t nrows, qy_table **out, qy_error *err)
{
    if (nrows < 0) return qy_error_set(err, QY_EINVAL, "negative row count");
    qy_table *t = qy_calloc(1, sizeof *t);
    if (!t) return qy_error_set(err, QY_ENOMEM, "not enough memory for a table");
    t->refcount = 1;
    t->nrows = nrows;
    *out = t;
    return QY_OK;
}

qy_table *qy_table_retain(qy_table *t)
{
    if (t) atomic_fetch_add(&t->refcount, 1);
    return t;
}

void qy_table_release(qy_table *t)
{
    if (!t || atomic_fetch_sub(&t->refcount, 1) > 1) return;
    for (int i = 0; i < t->ncols; i++) {
        qy_free(t->names[i]);
        qy_column_release(t->cols[i]);
    }
    qy_free(t->names);
    qy_free(t->cols);
    qy_free(t->slots);
    qy_free(t);
}

static size_t name_home(const char *name, size_t nslots)
{
    return qy_hash_seeded_bytes(qy_hash_seed_get(), name, strlen(name)) & (nslots - 1);
}

/* The index of the column called name, or -1: no name sits further than
 * t->longest past its home slot. */
static int find_name(const qy_table *t, const char *name)
{
    size_t s = name_home(name, t->nslots);
    for (size_t dist = 0; dist <= t->longest && t->slots[s]; dist++, s = (s + 1) & (t->nslots - 1))
        if (strcmp(t->names[t->slots[s] - 1], name) == 0) return t->slots[s] - 1;
    return -1;
}

/* The first empty slot of slots (nslots of them) from name's home; how far
 * past it in *dist. */
static size_t empty_slot(const int *slots, size_t nslots, const char *name, size_t *dist)
{
    size_t s = name_home(name, nslots), k = 0;
    for (; slots[s]; k++) s = (s + 1) & (nslots - 1);
    *dist = k;
    return s;
}

/* Rebuilds the index of the first n names with nslots slots, or more while
 * a name would sit beyond QY_PROBE_LIMIT and the index may grow; on failure
 * t still works as it was. */
static int index_names(qy_table *t, size_t nslots, int n)
{
    for (;; nslots *= 2) {
        int *slots = qy_calloc(nslots, sizeof *slots);
        if (!slots) return QY_ENOMEM;
        size_t longest = 0;
        for (int i = 0; i < n; i++) {
            size_t dist;
            slots[empty_slot(slots, nslots, t->names[i], &dist)] = i + 1;
            if (dist > longest) longest = dist;
        }
        if (longest > QY_PROBE_LIMIT && qy_probe_may_grow(nslots, (size_t)n)) {
            qy_free(slots);
            continue;
        }
        qy_free(t->slots);
        t->slots = slots;
        t->nslots = nslots;
        t->longest = longest;
        qy_probe_note(longest > UINT32_MAX ? UINT32_MAX : (uint32_t)longest);
        return QY_OK;
    }
}

/* Doubles the room for columns and rebuilds the index of names; on failure
 * t still works as it was. */
static int grow(qy_table *t)
{
    int cap = t->cap ? t->cap * 2 : 8;
    char **names = qy_realloc(t->names, (size_t)cap * sizeof *names);
    if (names) t->names = names;
    qy_column **cols = names ? qy_realloc(t->cols, (size_t)cap * sizeof *cols) : NULL;
    if (cols) t->cols = cols;
    size_t nslots = 2 * (size_t)cap > t->nslots ? 2 * (size_t)cap : t->nslots;
    if (!cols || index_names(t, nslots, t->ncols) != QY_OK) return QY_ENOMEM;
    t->cap = cap;
    return QY_OK;
}

/* Indexes the newest column's name, no further than QY_PROBE_LIMIT past its
 * home while the index may grow. */
static int index_last_name(qy_table *t)
{
    int i = t->ncols - 1;
    for (;;) {
        size_t dist, s = empty_slot(t->slots, t->nslots, t->names[i], &dist);
        if (dist <= QY_PROBE_LIMIT || !qy_probe_may_grow(t->nslots, (size_t)t->ncols)) {
            t->slots[s] = i + 1;
            if (dist > t->longest) {
                t->longest = dist;
                qy_probe_note(dist > UINT32_MAX ? UINT32_MAX : (uint32_t)dist);
            }
            return QY_OK;
        }
        QY_RETURN_NOT_OK(index_names(t, t->nslots * 2, i));
    }
}

int qy_table_add_column(qy_table *t, const char *name, qy_column *col, qy_error *err)
{
    if (col->length != t->nrows)
        return qy_error_set(err, QY_EINVAL, "column '%s' has %lld rows, the table has %lld",
                            name, (long long)col->length, (long long)t->nrows);
    if (qy_table_find(t, name) >= 0)
        return qy_error_set(err, QY_EINVAL, "duplicate column name '%s'", name);
    if (t->ncols == t->cap && grow(t) != QY_OK)
        return qy_error_set(err, QY_ENOMEM, "not enough memory for a column");
    char *copy = qy_strndup(name, strlen(name));
    if (!copy) return qy_error_set(err, QY_ENOMEM, "not enough memory for a column name");
    t->names[t->ncols++] = copy;
    if (index_last_name(t) != QY_OK) {
        qy_free(t->names[--t->ncols]);
        return qy_error_set(err, QY_ENOMEM, "not enough memory for a column name");
    }
    t->cols[t->ncols - 1] = qy_column_retain(col);
    return QY_OK;
}

int qy_table_find(const qy_table *t, const char *name)
{
    return t->ncols ? find_name(t, name) : -1;
}

/* Levenshtein distance over bytes, or limit+1 once it exceeds limit. */
static size_t edit_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > limit) return limit + 1;
    size_t row[64];
    if (lb >= sizeof row / sizeof row[0]) return limit + 1;
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = diag + (a[i - 1] != b[j - 1]);
            size_t v = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = cost < v ? cost : v;
            diag = up;
            if (row[j] < best) best = row[j];
        }
        if (best > limit) return limit + 1;
    }
    return row[lb];
}

static int ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
        int cb = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;
        if (ca != cb || ca == 0) return ca - cb;
    }
}

const char *qy_table_suggest(const qy_table *t, const char *name)
{
    const char *best = NULL;
    size_t len = strlen(name);
    /* A typo is at most a third of the name (and at least one edit); a CJK
     * character is three bytes, so one wrong character costs up to 3. */
    size_t limit = len / 3 < 1 ? 1 : len / 3, best_d = limit + 1;
    for (int i = 0; i < t->ncols; i++) {
        if (ascii_casecmp(t->names[i], name) == 0) return t->names[i];
        size_t d = edit_distance(name, t->names[i], limit);
        if (d < best_d) {
            best_d = d;
            best = t->names[i];
        }
    }
    return best;
}

int qy_table_from_columns(int64_t nrows, const char *const *names, qy_column *const *cols, int n,
                          qy_table **out, qy_error *err)
{
    qy_table *s;
    QY_RETURN_NOT_OK(qy_table_new(nrows, &s, err));
    for (int k = 0; k < n; k++) {
        int rc = qy_table_add_column(s, names[k], cols[k], err);
        if (rc != QY_OK) {
            qy_table_release(s);
            return rc;
        }
    }
    *out = s;
    return QY_OK;
}

int qy_table_select(const qy_table *t, const int *idx, int n, qy_table **out, qy_error *err)
{
    qy_table *s;
    QY_RETURN_NOT_OK(qy_table_new(t->nrows, &s, err));
    for (int k = 0; k < n; k++) {
        int rc = idx[k] < 0 || idx[k] >= t->ncols
               ? qy_error_set(err, QY_ERANGE, "column %d out of range", idx[k] + 1)
               : qy_table_add_column(s, t->names[idx[k]], t->cols[idx[k]], err);
        if (rc != QY_OK) {
            qy_table_release(s);
            return rc;
        }
    }
    *out = s;
    return QY_OK;
}

int qy_table_slice(const qy_table *t, int64_t offset, int64_t n, qy_table **out, qy_error *err)
{
    if (offset < 0 || offset > t->nrows) offset = offset < 0 ? 0 : t->nrows;
    if (n < 0) n = 0;
    if (n > t->nrows - offset) n = t->nrows - offset;
    int64_t *idx = qy_malloc((size_t)(n ? n : 1) * sizeof *idx);
    if (!idx) return qy_error_set(err, QY_ENOMEM, "not enough memory for %lld rows", (long long)n);
    for (int64_t i = 0; i < n; i++) idx[i] = offset + i;
    int rc = qy_table_take(t, idx, n, out, err);
    qy_free(idx);
    return rc;
}

bool qy_table_equal(const qy_table *a, const qy_table *b)
{
    if (a->nrows != b->nrows || a->ncols != b->ncols) return false;
    for (int i = 0; i < a->ncols; i++)
        if (strcmp(a->names[i], b->names[i]) != 0 || !qy_column_equal(a->cols[i], b->cols[i]))
            return false;
    return true;
}

/* Columns [from, to) of a take, done by one thread. */
typedef struct take_job {
    const qy_table *t;
    const int64_t *idx;
    int64_t n;
    int from, to;
    qy_column **cols;      /* cols[k] for k in [from, to) */
    int rc;
    qy_error err;
} take_job;

static void *take_columns(void *arg)
{
    take_job *job = arg;
    for (int k = job->from; k < job->to && job->rc == QY_OK; k++)
        job->rc = qy_column_take(job->t->cols[k], job->idx, job->n, &job->cols[k], &job->err);
    return NULL;
}

/* Gathers are bound by memory latency, so big ones use a second core. */
static void run_take_jobs(take_job *jobs, int njobs)
{
    pthread_t helper;
    bool threaded = njobs == 2 && pthread_create(&helper, NULL, take_columns, &jobs[1]) == 0;
    take_columns(&jobs[0]);
    if (threaded) pthread_join(helper, NULL);
    else if (njobs == 2) take_columns(&jobs[1]);
}

int qy_table_take(const qy_table *t, const int64_t *idx, int64_t n, qy_table **out,
                  qy_error *err)
{
    qy_column **cols = qy_calloc((size_t)(t->ncols ? t->ncols : 1), sizeof *cols);
    if (!cols) return qy_error_set(err, QY_ENOMEM, "not enough memory for %lld rows", (long long)n);
    int njobs = t->ncols >= 2 && n * t->ncols >= ((int64_t)1 << 20) ? 2 : 1;
    take_job jobs[2] = {
        {t, idx, n, 0, njobs == 2 ? t->ncols / 2 : t->ncols, cols, QY_OK, {0}},
        {t, idx, n, t->ncols / 2, t->ncols, cols, QY_OK, {0}},
    };
    run_take_jobs(jobs, njobs);
    int rc = jobs[0].rc != QY_OK ? jobs[0].rc : njobs == 2 ? jobs[1].rc : QY_OK;
    if (rc != QY_OK && err) *err = jobs[0].rc != QY_OK ? jobs[0].err : jobs[1].err;
    qy_table *s = NULL;
    if (rc == QY_OK) rc = qy_table_new(n, &s, err);
    for (int k = 0; k < t->ncols && rc == QY_OK; k++)
        rc = qy_table_add_column(s, t->names[k], cols[k], err);
    for (int k = 0; k < t->ncols; k++) qy_column_release(cols[k]);
    qy_free(cols);
    if (rc != QY_OK) {
        qy_table_release(s);
        return rc;
    }
    *out = s;
    return QY_OK;
}

int qy_table_filter(const qy_table *t, const qy_column *mask, qy_table **out, qy_error *err)
{
    if (mask->type != QY_BOOL) {
        char name[16];
        return qy_error_set(err, QY_ETYPE, "the mask must be a bool column, not %s",
                            qy_type_name(mask->type, mask->scale, name));
    }
    if (mask->length != t->nrows)
        return qy_error_set(err, QY_EINVAL, "the mask has %lld rows, the table %lld",
                            (long long)mask->length, (long long)t->nrows);
    /* Branch-free: the element of a null row is 0, so it is never kept. */
    int64_t n = 0;
    for (int64_t i = 0; i < mask->length; i++) n += mask->v.b[i];
    int64_t *idx = qy_malloc((size_t)(n + 1) * sizeof *idx);   /* +1: the loop writes one past */
    if (!idx) return qy_error_set(err, QY_ENOMEM, "not enough memory to filter");
    for (int64_t i = 0, k = 0; i < mask->length; i++) {
        idx[k] = i;
        k += mask->v.b[i] != 0;
    }
    int rc = qy_table_take(t, idx, n, out, err);
    qy_free(idx);
    return rc;
}

int qy_table_with(const qy_table *t, const char *const *names, qy_column *const *cols, int n,
                  qy_table **out, qy_error *err)
{
    for (int k = 0; k < n; k++)
        if (cols[k]->length != t->nrows)
            return qy_error_set(err, QY_EINVAL, "column '%s' has %lld rows, the table %lld",
                                names[k], (long long)cols[k]->length, (long long)t->nrows);
    qy_table *s;
    QY_RETURN_NOT_OK(qy_table_new(t->nrows, &s, err));
    int rc = QY_OK;
    /* t's columns in place, each replaced by the last new column of its name. */
    for (int j = 0; j < t->ncols && rc == QY_OK; j++) {
        qy_column *c = t->cols[j];
        for (int k = 0; k < n; k++)
            if (strcmp(names[k], t->names[j]) == 0) c = cols[k];
        rc = qy_table_add_column(s, t->names[j], c, err);
    }
    for (int k = 0; k < n && rc == QY_OK; k++) {
        int at = qy_table_find(s, names[k]);
        if (at < 0) rc = qy_table_add_column(s, names[k], cols[k], err);
        else if (qy_table_find(t, names[k]) < 0) {   /* a name given twice: the last wins */
            qy_column_release(s->cols[at]);
            s->cols[at] = qy_column_retain(cols[k]);
        }
    }
    if (rc != QY_OK) {
        qy_table_release(s);
        return rc;
    }
    *out = s;
    return QY_OK;
}

/* The type int64/decimal columns of two tables meet at: the larger scale. */
static int common_numeric(const qy_column *a, const qy_column *b, int *scale)
{
    bool na = a->type == QY_INT64 || a->type == QY_DECIMAL;
    bool nb = b->type == QY_INT64 || b->type == QY_DECIMAL;
    if (!na || !nb || a->type == b->type) return 0;
    *scale = a->scale > b->scale ? a->scale : b->scale;
    return 1;
}

static int concat_column(const qy_column *a, const qy_column *b, const char *name,
                         qy_column **out, qy_error *err)
{
    int scale;
    if (!common_numeric(a, b, &scale)) {
        qy_error why = {0};
        int rc = qy_column_concat(a, b, out, &why);
        return rc == QY_OK ? rc : qy_error_set(err, rc, "column '%s': %s", name, why.msg);
    }
    qy_column *ca = NULL, *cb = NULL;
    int rc = qy_column_cast(a, QY_DECIMAL, scale, &ca, err);
    if (rc == QY_OK) rc = qy_column_cast(b, QY_DECIMAL, scale, &cb, err);
    if (rc == QY_OK) rc = qy_column_concat(ca, cb, out, err);
    qy_column_release(ca);
    qy_column_release(cb);
    return rc;
}

int qy_table_concat(const qy_table *a, const qy_table *b, qy_table **out, qy_error *err)
{
    bool same = a->ncols == b->ncols;
    for (int j = 0; same && j < a->ncols; j++) same = strcmp(a->names[j], b->names[j]) == 0;
    if (!same) return qy_error_set(err, QY_EINVAL, "the tables have different columns");
    qy_table *s;
    QY_RETURN_NOT_OK(qy_table_new(a->nrows + b->nrows, &s, err));
    for (int j = 0; j < a->ncols; j++) {
        qy_column *c;
        int rc = concat_column(a->cols[j], b->cols[j], a->names[j], &c, err);
        if (rc == QY_OK) {
            rc = qy_table_add_column(s, a->names[j], c, err);
            qy_column_release(c);
        }
        if (rc != QY_OK) {
            qy_table_release(s);
            return rc;
        }
    }
    *out = s;
    return QY_OK;
}
