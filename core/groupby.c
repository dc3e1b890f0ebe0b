/* groupby.c — rows numbered by key values; see groupby.h.
 *
 * Each key column becomes ids first (0 for null): string codes and bools
 * directly, integers and dates of a small range by their offset from the
 * smallest, other values through a hash map. Keys combine by
 * arithmetic (id * card + next) while the id space stays small, and through
 * the hash map again when it would not. A last pass numbers the groups in
 * order of first appearance.
 */
#include "groupby.h"

#include <string.h>

#include "alloc.h"
#include "hash.h"

/* An open-addressing map from 64-bit keys to dense ids 1..count. */
typedef struct id_map {
    uint64_t *keys;
    uint32_t *ids;         /* 0: empty slot */
    size_t mask;
    uint32_t count;
} id_map;

static int map_alloc(id_map *m, size_t slots)
{
    m->keys = qy_malloc(slots * sizeof *m->keys);
    m->ids = qy_calloc(slots, sizeof *m->ids);
    if (!m->keys || !m->ids) {
        qy_free(m->keys);
        qy_free(m->ids);
        return QY_ENOMEM;
    }
    m->mask = slots - 1;
    return QY_OK;
}

static void map_free(id_map *m)
{
    qy_free(m->keys);
    qy_free(m->ids);
}

static size_t map_slot(const id_map *m, uint64_t key)
{
    size_t i = (size_t)qy_hash_u64(key) & m->mask;
    while (m->ids[i] != 0 && m->keys[i] != key) i = (i + 1) & m->mask;
    return i;
}

static int map_grow(id_map *m)
{
    id_map bigger;
    QY_RETURN_NOT_OK(map_alloc(&bigger, (m->mask + 1) * 2));
    for (size_t i = 0; i <= m->mask; i++) {
        if (m->ids[i] == 0) continue;
        size_t j = map_slot(&bigger, m->keys[i]);
        bigger.keys[j] = m->keys[i];
        bigger.ids[j] = m->ids[i];
    }
    bigger.count = m->count;
    map_free(m);
    *m = bigger;
    return QY_OK;
}

/* The id of key (1-based), adding it when new. */
static int map_id(id_map *m, uint64_t key, uint32_t *id)
{
    size_t i = map_slot(m, key);
    if (m->ids[i] == 0) {
        if (((size_t)m->count + 1) * 2 > m->mask + 1) {
            QY_RETURN_NOT_OK(map_grow(m));
            i = map_slot(m, key);
        }
        m->keys[i] = key;
        m->ids[i] = ++m->count;
    }
    *id = m->ids[i];
    return QY_OK;
}

/* The bits of row i that equal values share: -0.0 is 0.0, every NaN one NaN. */
static uint64_t value_bits(const qy_column *c, int64_t i)
{
    switch (c->type) {
    case QY_FLOAT64: {
        double x = c->v.f64[i];
        uint64_t bits;
        if (x == 0) x = 0;
        if (x != x) x = __builtin_nan("");
        memcpy(&bits, &x, sizeof bits);
        return bits;
    }
    case QY_DATE: return (uint64_t)(int64_t)c->v.date[i];
    default: return (uint64_t)c->v.i64[i];
    }
}

/* The largest id space numbered through a direct array: a few ints a row,
 * and always inside uint32. */
static uint64_t direct_limit(int64_t nrows)
{
    uint64_t limit = (uint64_t)nrows * 4;
    if (limit < (1u << 16)) return 1u << 16;
    return limit > UINT32_MAX ? UINT32_MAX : limit;
}

static int64_t integer_value(const qy_column *c, int64_t i)
{
    return c->type == QY_DATE ? c->v.date[i] : c->v.i64[i];
}

/* Ids of an int64, decimal or date column whose values span a small range:
 * value - min + 1, no map needed. False when the range is too wide. */
static bool range_ids(const qy_column *c, uint32_t *ids, uint64_t *card)
{
    int64_t n = c->length, lo = INT64_MAX, hi = INT64_MIN;
    for (int64_t i = 0; i < n; i++) {
        if (qy_column_is_null(c, i)) continue;
        int64_t v = integer_value(c, i);
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    uint64_t span = lo <= hi ? (uint64_t)hi - (uint64_t)lo : 0;
    if (span >= direct_limit(n) - 1) return false;
    for (int64_t i = 0; i < n; i++)
        ids[i] = qy_column_is_null(c, i) ? 0
               : (uint32_t)((uint64_t)integer_value(c, i) - (uint64_t)lo) + 1;
    *card = span + 2;
    return true;
}

/* Ids of one key column: 0 for null, 1.. for values, below *card. */
static int key_ids(const qy_column *c, uint32_t *ids, uint64_t *card)
{
    int64_t n = c->length;
    if (c->type == QY_STRING || c->type == QY_BOOL) {
        for (int64_t i = 0; i < n; i++)
            ids[i] = qy_column_is_null(c, i) ? 0
                   : 1 + (c->type == QY_STRING ? c->v.code[i] : c->v.b[i]);
        *card = 1 + (c->type == QY_STRING ? (uint64_t)qy_dict_size(c->dict) : 2);
        return QY_OK;
    }
    if (c->type != QY_FLOAT64 && range_ids(c, ids, card)) return QY_OK;
    id_map m = {0};
    QY_RETURN_NOT_OK(map_alloc(&m, 1024));
    int rc = QY_OK;
    for (int64_t i = 0; i < n && rc == QY_OK; i++)
        rc = qy_column_is_null(c, i) ? (ids[i] = 0, QY_OK) : map_id(&m, value_bits(c, i), &ids[i]);
    *card = (uint64_t)m.count + 1;
    map_free(&m);
    return rc;
}

/* acc = dense ids of the pairs (acc, next), or of acc alone when next is
 * NULL, through the hash map. */
static int densify(uint32_t *acc, const uint32_t *next, int64_t n, uint64_t *card)
{
    id_map m = {0};
    QY_RETURN_NOT_OK(map_alloc(&m, 1024));
    int rc = QY_OK;
    for (int64_t i = 0; i < n && rc == QY_OK; i++)
        rc = map_id(&m, (uint64_t)acc[i] << 32 | (next ? next[i] : 0), &acc[i]);
    *card = (uint64_t)m.count + 1;
    map_free(&m);
    return rc;
}

/* Group numbers in order of first appearance from combined ids. */
static int number_groups(const uint32_t *ids, uint64_t card, qy_groups *g)
{
    int32_t *group_of_id = qy_malloc((size_t)card * sizeof *group_of_id);
    g->first_row = qy_malloc((size_t)(g->nrows ? g->nrows : 1) * sizeof *g->first_row);
    if (!group_of_id || !g->first_row) {
        qy_free(group_of_id);
        return QY_ENOMEM;
    }
    memset(group_of_id, 0xff, (size_t)card * sizeof *group_of_id);
    int64_t ngroups = 0;
    for (int64_t i = 0; i < g->nrows; i++) {
        int32_t k = group_of_id[ids[i]];
        if (k < 0) {
            k = group_of_id[ids[i]] = (int32_t)ngroups;
            g->first_row[ngroups++] = i;
        }
        g->group[i] = k;
    }
    qy_free(group_of_id);
    g->ngroups = ngroups;
    int64_t *fitted = qy_realloc(g->first_row, (size_t)(ngroups ? ngroups : 1) * sizeof *fitted);
    if (fitted) g->first_row = fitted;
    return QY_OK;
}

/* acc = ids of the pairs (acc, next): by arithmetic while the id space
 * stays small, else through the hash map. */
static int combine_ids(uint32_t *acc, const uint32_t *next, uint64_t next_card, int64_t n,
                       uint64_t *card)
{
    if (*card * next_card <= direct_limit(n) && next_card <= direct_limit(n)) {
        for (int64_t i = 0; i < n; i++) acc[i] = (uint32_t)(acc[i] * next_card + next[i]);
        *card *= next_card;
        return QY_OK;
    }
    return densify(acc, next, n, card);
}

/* acc = the ids of the pairs (acc, value of c). */
static int add_key(uint32_t *acc, const qy_column *c, int64_t n, uint64_t *card)
{
    uint32_t *next = qy_malloc((size_t)(n ? n : 1) * sizeof *next);
    if (!next) return QY_ENOMEM;
    uint64_t next_card;
    int rc = key_ids(c, next, &next_card);
    if (rc == QY_OK) rc = combine_ids(acc, next, next_card, n, card);
    qy_free(next);
    return rc;
}

/* Numbers the groups of ids (out->nrows of them, in an id space of card) and
 * frees ids; on failure frees out too. */
static int finish_groups(uint32_t *ids, uint64_t card, int rc, qy_groups *out, qy_error *err)
{
    int64_t n = out->nrows;
    if (rc == QY_OK && card > direct_limit(n)) rc = densify(ids, NULL, n, &card);
    if (rc == QY_OK) rc = number_groups(ids, card, out);
    qy_free(ids);
    if (rc != QY_OK) {
        qy_groups_free(out);
        return qy_error_set(err, rc, "not enough memory to group %lld rows", (long long)n);
    }
    return QY_OK;
}

int qy_groups_build(const qy_table *t, const int *keys, int nkeys, qy_groups *out,
                    qy_error *err)
{
    memset(out, 0, sizeof *out);
    int64_t n = t->nrows;
    if (n > INT32_MAX)
        return qy_error_set(err, QY_ERANGE, "cannot group more than %d rows", INT32_MAX);
    for (int k = 0; k < nkeys; k++)
        if (keys[k] < 0 || keys[k] >= t->ncols)
            return qy_error_set(err, QY_ERANGE, "key column %d out of range", keys[k] + 1);
    out->nrows = n;
    out->group = qy_malloc((size_t)(n ? n : 1) * sizeof *out->group);
    uint32_t *ids = qy_calloc((size_t)(n ? n : 1), sizeof *ids);
    int rc = out->group && ids ? QY_OK : QY_ENOMEM;
    uint64_t card = 1;
    if (rc == QY_OK && nkeys > 0) rc = key_ids(t->cols[keys[0]], ids, &card);
    for (int k = 1; k < nkeys && rc == QY_OK; k++) rc = add_key(ids, t->cols[keys[k]], n, &card);
    return finish_groups(ids, card, rc, out, err);
}

int qy_groups_refine(const qy_groups *g, const qy_column *c, qy_groups *out, qy_error *err)
{
    memset(out, 0, sizeof *out);
    int64_t n = g->nrows;
    if (c->length != n)
        return qy_error_set(err, QY_EINVAL, "the column has %lld rows, the groups %lld",
                            (long long)c->length, (long long)n);
    out->nrows = n;
    out->group = qy_malloc((size_t)(n ? n : 1) * sizeof *out->group);
    uint32_t *ids = qy_malloc((size_t)(n ? n : 1) * sizeof *ids);
    int rc = out->group && ids ? QY_OK : QY_ENOMEM;
    uint64_t card = (uint64_t)g->ngroups;
    for (int64_t i = 0; i < n && rc == QY_OK; i++) ids[i] = (uint32_t)g->group[i];
    if (rc == QY_OK) rc = add_key(ids, c, n, &card);
    return finish_groups(ids, card, rc, out, err);
}

void qy_groups_free(qy_groups *g)
{
    qy_free(g->group);
    qy_free(g->first_row);
    memset(g, 0, sizeof *g);
}

int qy_groups_keys(const qy_table *t, const int *keys, int nkeys, const qy_groups *g,
                   qy_table **out, qy_error *err)
{
    qy_table *key_table = NULL, *taken = NULL;
    int rc = qy_table_select(t, keys, nkeys, &key_table, err);
    if (rc == QY_OK) rc = qy_table_take(key_table, g->first_row, g->ngroups, &taken, err);
    qy_table_release(key_table);
    if (rc == QY_OK) *out = taken;
    return rc;
}
