/* sort.h — ordering rows: stable multi-key sort and top-k.
 *
 * Order within a key: numbers by value, strings by bytes (UTF-8 code point
 * order) or by a rank of their own (see qy_sort_key), dates by day,
 * false < true; nulls always last, ascending or descending. Floats: -0 equals 0, and NaN (every NaN alike) comes after
 * +inf, so first when descending, but still before nulls. Equal keys keep
 * their input order (stable).
 */
#ifndef QY_SORT_H
#define QY_SORT_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "table.h"

/* The most keys one order takes. */
#define QY_SORT_MAX_KEYS 255

/* A string key orders by bytes, or by rank when it is not NULL: rank[code]
 * for each entry of the column's dict (collate.h makes them), borrowed
 * for the call. Other types take no rank. */
typedef struct qy_sort_key {
    int column;
    bool descending;
    const uint32_t *rank;
} qy_sort_key;

/* The row order of t by keys: a permutation of 0..nrows-1 in *perm
 * (qy_malloc'd; caller frees with qy_free). */
int qy_table_order(const qy_table *t, const qy_sort_key *keys, int nkeys, int64_t **perm,
                   qy_error *err);

/* The same order, and in *ties (qy_malloc'd; caller frees) for each place
 * i > 0 of it the number of leading keys on which rows perm[i] and
 * perm[i-1] are equal, as the order sees them (-0 = 0, NaN = NaN, null =
 * null): nkeys when all are; ties[0] is 0. Lets a caller find runs of equal
 * keys without reading the rows again. */
int qy_table_order_ties(const qy_table *t, const qy_sort_key *keys, int nkeys, int64_t **perm,
                        uint8_t **ties, qy_error *err);

/* The first k rows of that order without sorting everything (a heap):
 * *idx (caller frees) holds min(k, nrows) row indices in order, *n their count. */
int qy_table_top_rows(const qy_table *t, int64_t k, const qy_sort_key *keys, int nkeys,
                      int64_t **idx, int64_t *n, qy_error *err);

#endif
