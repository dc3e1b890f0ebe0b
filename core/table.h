/* table.h — an ordered set of named columns of equal length.
 *
 * A table owns its name strings and one reference to each column. Tables are
 * reference counted and immutable once built: build one with qy_table_new and
 * qy_table_add_column while you hold the only reference, then only read it.
 * Operations return new tables that share the input's columns.
 */
#ifndef QY_TABLE_H
#define QY_TABLE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "column.h"
#include "error.h"

typedef struct qy_table {
    atomic_int refcount;
    int64_t nrows;
    int ncols;
    int cap;
    char **names;          /* owned, UTF-8, NUL-terminated */
    qy_column **cols;      /* one reference each */
    int *slots;            /* nslots (>= 2 * cap) slots hashing names to index + 1 (0:
                              empty), so finding a name stays quick in a table of
                              10,000 columns: seeded, probes bounded (hash.h) */
    size_t nslots;
    size_t longest;        /* how far past its home slot the furthest name sits */
} qy_table;

/* A new table of nrows rows and no columns yet; caller releases *out. */
int qy_table_new(int64_t nrows, qy_table **out, qy_error *err);

qy_table *qy_table_retain(qy_table *t);
void qy_table_release(qy_table *t);

/* Appends col (retained, not stolen) under a copy of name. Fails with
 * QY_EINVAL for a duplicate name or a length other than t->nrows. */
int qy_table_add_column(qy_table *t, const char *name, qy_column *col, qy_error *err);

/* Index of the column called name, or -1. */
int qy_table_find(const qy_table *t, const char *name);

/* The existing name closest to name by edit distance, or NULL when nothing
 * is close enough to be a plausible typo. Borrowed from t. */
const char *qy_table_suggest(const qy_table *t, const char *name);

/* A new table of nrows rows holding cols[k] (retained, not stolen) under
 * names[k], in that order: t:select's labels and t:rename build it. A
 * duplicate name or a column of another length is QY_EINVAL naming it. */
int qy_table_from_columns(int64_t nrows, const char *const *names, qy_column *const *cols, int n,
                          qy_table **out, qy_error *err);

/* A new table of the columns idx[0..n) of t, sharing them. */
int qy_table_select(const qy_table *t, const int *idx, int n, qy_table **out, qy_error *err);

/* A new table of rows [offset, offset+n) of t; n is clamped to the end. */
int qy_table_slice(const qy_table *t, int64_t offset, int64_t n, qy_table **out, qy_error *err);

/* A new table of rows idx[0..n) of t in that order (-1: a null row). */
int qy_table_take(const qy_table *t, const int64_t *idx, int64_t n, qy_table **out,
                  qy_error *err);

/* A new table of the rows of t where mask (a bool column of t's length) is
 * true; null and false rows are dropped. QY_ETYPE / QY_EINVAL otherwise. */
int qy_table_filter(const qy_table *t, const qy_column *mask, qy_table **out, qy_error *err);

/* A new table: t with cols[i] under names[i], replacing a column of that
 * name where one exists (in its place) and appending otherwise. Every
 * column must have t's length (QY_EINVAL naming it). */
int qy_table_with(const qy_table *t, const char *const *names, qy_column *const *cols, int n,
                  qy_table **out, qy_error *err);

/* A new table of a's rows then b's. Both must have the same column names in
 * the same order and the same types, except that int64 and decimals of any
 * scale meet at the larger decimal scale; string dicts are merged. */
int qy_table_concat(const qy_table *a, const qy_table *b, qy_table **out, qy_error *err);

/* Same names in the same order and equal columns. */
bool qy_table_equal(const qy_table *a, const qy_table *b);

#endif
