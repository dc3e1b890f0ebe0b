/* table.c — named columns of equal length; see table.h. */
#include "table.h"

#include <string.h>

#include "alloc.h"

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
    if (t) t->refcount++;
    return t;
}

void qy_table_release(qy_table *t)
{
    if (!t || --t->refcount > 0) return;
    for (int i = 0; i < t->ncols; i++) {
        qy_free(t->names[i]);
        qy_column_release(t->cols[i]);
    }
    qy_free(t->names);
    qy_free(t->cols);
    qy_free(t);
}

static int grow(qy_table *t)
{
    int cap = t->cap ? t->cap * 2 : 8;
    char **names = qy_realloc(t->names, (size_t)cap * sizeof *names);
    if (!names) return QY_ENOMEM;
    t->names = names;
    qy_column **cols = qy_realloc(t->cols, (size_t)cap * sizeof *cols);
    if (!cols) return QY_ENOMEM;
    t->cols = cols;
    t->cap = cap;
    return QY_OK;
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
    t->names[t->ncols] = copy;
    t->cols[t->ncols] = qy_column_retain(col);
    t->ncols++;
    return QY_OK;
}

int qy_table_find(const qy_table *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->names[i], name) == 0) return i;
    return -1;
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
    qy_table *s;
    QY_RETURN_NOT_OK(qy_table_new(n, &s, err));
    for (int k = 0; k < t->ncols; k++) {
        qy_column *c;
        int rc = qy_column_slice(t->cols[k], offset, n, &c, err);
        if (rc == QY_OK) {
            rc = qy_table_add_column(s, t->names[k], c, err);
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

bool qy_table_equal(const qy_table *a, const qy_table *b)
{
    if (a->nrows != b->nrows || a->ncols != b->ncols) return false;
    for (int i = 0; i < a->ncols; i++)
        if (strcmp(a->names[i], b->names[i]) != 0 || !qy_column_equal(a->cols[i], b->cols[i]))
            return false;
    return true;
}
