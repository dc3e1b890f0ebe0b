/* groupby.c — rows numbered by key values; see groupby.h.
 *
 * Keys whose values all have a small id (0 for null): string codes, bools,
 * integers and dates of a small range by their offset from the smallest,
 * combine by arithmetic (id * card + next) and are numbered in one pass over
 * blocks of rows, with no array of ids the size of the table. Other keys
 * become ids column by column, through a hash map where the values are
 * spread wide (seeded, probes bounded: hash.h), and combine through the map
 * again when the id space would grow too large; a last pass numbers the
 * groups in order of first appearance.
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
    size_t longest;        /* how far past its home slot the furthest key sits */
    qy_hash_seed seed;
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
    m->count = 0;
    m->longest = 0;
    m->seed = qy_hash_seed_get();
    return QY_OK;
}

static void map_free(id_map *m)
{
    qy_free(m->keys);
    qy_free(m->ids);
}

/* The slot holding key, or the empty slot where it goes, *dist past its
 * home. */
static size_t map_slot(const id_map *m, uint64_t key, size_t *dist)
{
    size_t i = (size_t)qy_hash_seeded_u64(m->seed, key) & m->mask, k = 0;
    for (; m->ids[i] != 0 && m->keys[i] != key; k++) i = (i + 1) & m->mask;
    *dist = k;
    return i;
}

/* Puts key with id into slot i, dist past its home. */
static void map_put(id_map *m, size_t i, size_t dist, uint64_t key, uint32_t id)
{
    m->keys[i] = key;
    m->ids[i] = id;
    if (dist > m->longest) {
        m->longest = dist;
        qy_probe_note(dist > UINT32_MAX ? UINT32_MAX : (uint32_t)dist);
    }
}

/* Moves m's keys into a map of slots slots, or of more while one would sit
 * beyond QY_PROBE_LIMIT and the map may grow. On failure m is as it was. */
static int map_rebuild(id_map *m, size_t slots)
{
    for (;; slots *= 2) {
        id_map bigger;
        QY_RETURN_NOT_OK(map_alloc(&bigger, slots));
        for (size_t i = 0; i <= m->mask; i++) {
            if (m->ids[i] == 0) continue;
            size_t dist, j = map_slot(&bigger, m->keys[i], &dist);
            map_put(&bigger, j, dist, m->keys[i], m->ids[i]);
        }
        if (bigger.longest > QY_PROBE_LIMIT && qy_probe_may_grow(slots, m->count)) {
            map_free(&bigger);
            continue;
        }
        bigger.count = m->count;
        map_free(m);
        *m = bigger;
        return QY_OK;
    }
}

/* The id of key (1-based), adding it when new: in a map at most half full,
 * and no further than QY_PROBE_LIMIT past its home while the map may grow. */
static int map_id(id_map *m, uint64_t key, uint32_t *id)
{
    size_t dist, i = map_slot(m, key, &dist);
    if (m->ids[i] == 0) {
        if (((size_t)m->count + 1) * 2 > m->mask + 1) {
            QY_RETURN_NOT_OK(map_rebuild(m, (m->mask + 1) * 2));
            i = map_slot(m, key, &dist);
        }
        while (dist > QY_PROBE_LIMIT && qy_probe_may_grow(m->mask + 1, (size_t)m->count + 1)) {
            QY_RETURN_NOT_OK(map_rebuild(m, (m->mask + 1) * 2));
            i = map_slot(m, key, &dist);
        }
        map_put(m, i, dist, key, ++m->count);
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

/* Whether the values of an int64, decimal or date column span fewer than
 * limit ids (null and value - lo + 1): *lo is the smallest, *card the ids. */
static bool narrow_range(const qy_column *c, uint64_t limit, int64_t *lo, uint64_t *card)
{
    int64_t n = c->length, min = INT64_MAX, max = INT64_MIN;
    for (int64_t i = 0; i < n; i++) {
        if (qy_column_is_null(c, i)) continue;
        int64_t v = integer_value(c, i);
        min = v < min ? v : min;
        max = v > max ? v : max;
    }
    uint64_t span = min <= max ? (uint64_t)max - (uint64_t)min : 0;
    if (span >= limit - 1) return false;
    *lo = min;
    *card = span + 2;
    return true;
}

/* Ids of an int64, decimal or date column whose values span a small range:
 * value - min + 1, no map needed. False when the range is too wide. */
static bool range_ids(const qy_column *c, uint32_t *ids, uint64_t *card)
{
    int64_t lo;
    if (!narrow_range(c, direct_limit(c->length), &lo, card)) return false;
    for (int64_t i = 0; i < c->length; i++)
        ids[i] = qy_column_is_null(c, i) ? 0
               : (uint32_t)((uint64_t)integer_value(c, i) - (uint64_t)lo) + 1;
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

/* A table of card group numbers, each -1 until its id is met, and room in
 * g for the first rows of at most card groups. */
static int start_numbering(qy_groups *g, uint64_t card, int32_t **group_of_id)
{
    int64_t most = g->nrows < (int64_t)card ? g->nrows : (int64_t)card;
    *group_of_id = qy_malloc((size_t)card * sizeof **group_of_id);
    g->first_row = qy_malloc((size_t)(most ? most : 1) * sizeof *g->first_row);
    if (!*group_of_id || !g->first_row) {
        qy_free(*group_of_id);
        return QY_ENOMEM;
    }
    memset(*group_of_id, 0xff, (size_t)card * sizeof **group_of_id);
    return QY_OK;
}

/* The groups of the rows [from, from + len) from their ids (which may be
 * g->group itself, numbered in place); a new id opens a group. */
static void number_rows(const uint32_t *ids, int64_t from, int64_t len, int32_t *group_of_id,
                        qy_groups *g)
{
    int32_t *group = g->group + from;
    int64_t ngroups = g->ngroups;
    for (int64_t j = 0; j < len; j++) {
        int32_t k = group_of_id[ids[j]];
        if (k < 0) {
            k = group_of_id[ids[j]] = (int32_t)ngroups;
            g->first_row[ngroups++] = from + j;
        }
        group[j] = k;
    }
    g->ngroups = ngroups;
}

static void end_numbering(qy_groups *g, int32_t *group_of_id)
{
    qy_free(group_of_id);
    int64_t *fitted = qy_realloc(g->first_row, (size_t)(g->ngroups ? g->ngroups : 1) * sizeof *fitted);
    if (fitted) g->first_row = fitted;
}

/* Group numbers in order of first appearance from combined ids, written over
 * them: ids becomes g->group. */
static int number_groups(uint32_t *ids, uint64_t card, qy_groups *g)
{
    int32_t *group_of_id;
    QY_RETURN_NOT_OK(start_numbering(g, card, &group_of_id));
    g->group = (int32_t *)ids;
    number_rows(ids, 0, g->nrows, group_of_id, g);
    end_numbering(g, group_of_id);
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

/* Numbers the groups of ids (out->nrows of them, in an id space of card):
 * ids becomes out->group, or is freed with out on failure. */
static int finish_groups(uint32_t *ids, uint64_t card, int rc, qy_groups *out, qy_error *err)
{
    int64_t n = out->nrows;
    if (rc == QY_OK && card > direct_limit(n)) rc = densify(ids, NULL, n, &card);
    if (rc == QY_OK) rc = number_groups(ids, card, out);
    if (rc != QY_OK) {
        if (out->group != (int32_t *)ids) qy_free(ids);
        qy_groups_free(out);
        return qy_error_set(err, rc, "not enough memory to group %lld rows", (long long)n);
    }
    return QY_OK;
}

/* ---- keys of small ids, numbered in one pass ------------------------------ */

enum { BLOCK = 4096 };     /* rows whose ids are combined at a time, in cache */

/* A key whose id is 0 for null, else the element plus base (mod 2^32):
 * code + 1, bool + 1, value - lo + 1. */
typedef struct direct_key {
    const qy_column *c;
    uint32_t base;
    uint64_t card;         /* every id is below card */
} direct_key;

/* Whether c numbers directly with fewer than limit ids. */
static bool direct_key_of(const qy_column *c, uint64_t limit, direct_key *k)
{
    int64_t lo = 0;
    k->c = c;
    switch (c->type) {
    case QY_STRING: k->card = 1 + (uint64_t)qy_dict_size(c->dict); break;
    case QY_BOOL: k->card = 3; break;
    case QY_FLOAT64: return false;
    default:
        if (!narrow_range(c, limit, &lo, &k->card)) return false;
    }
    k->base = (uint32_t)(1 - (uint64_t)lo);
    return k->card < limit;
}

/* The elements of c at rows [from, from + len), truncated to 32 bits. */
static void block_elements(const qy_column *c, int64_t from, int len, uint32_t *out)
{
    switch (c->type) {
    case QY_STRING: memcpy(out, c->v.code + from, (size_t)len * sizeof *out); break;
    case QY_BOOL: for (int j = 0; j < len; j++) out[j] = c->v.b[from + j]; break;
    case QY_DATE: for (int j = 0; j < len; j++) out[j] = (uint32_t)c->v.date[from + j]; break;
    default: for (int j = 0; j < len; j++) out[j] = (uint32_t)c->v.i64[from + j]; break;
    }
}

/* ids = ids * card + the ids of k, for the rows [from, from + len). */
static void add_block_ids(const direct_key *k, int64_t from, int len, uint32_t *ids)
{
    uint32_t elements[BLOCK], card = (uint32_t)k->card, base = k->base;
    block_elements(k->c, from, len, elements);
    const uint8_t *valid = k->c->valid;
    if (valid == NULL) {
        for (int j = 0; j < len; j++) ids[j] = ids[j] * card + elements[j] + base;
        return;
    }
    for (int j = 0; j < len; j++) {
        uint32_t present = -(uint32_t)qy_bitmap_get(valid, from + j);
        ids[j] = ids[j] * card + ((elements[j] + base) & present);
    }
}

/* Numbers the rows of g by the keys, whose combined ids are below card. */
static int number_direct(const direct_key *keys, int nkeys, uint64_t card, qy_groups *g)
{
    int64_t n = g->nrows;
    int32_t *group_of_id;
    g->group = qy_malloc((size_t)(n ? n : 1) * sizeof *g->group);
    if (!g->group) return QY_ENOMEM;
    QY_RETURN_NOT_OK(start_numbering(g, card, &group_of_id));
    uint32_t ids[BLOCK];
    for (int64_t from = 0; from < n; from += BLOCK) {
        int len = n - from < BLOCK ? (int)(n - from) : BLOCK;
        memset(ids, 0, sizeof ids);
        for (int k = 0; k < nkeys; k++) add_block_ids(&keys[k], from, len, ids);
        number_rows(ids, from, len, group_of_id, g);
    }
    end_numbering(g, group_of_id);
    return QY_OK;
}

/* Groups t by keys whose ids combine below direct_limit, into out (its
 * nrows set); *done is false, and nothing changed, when they do not. */
static int direct_groups(const qy_table *t, const int *keys, int nkeys, qy_groups *out,
                         bool *done)
{
    uint64_t limit = direct_limit(t->nrows), card = 1;
    direct_key *direct = qy_malloc((size_t)(nkeys ? nkeys : 1) * sizeof *direct);
    if (!direct) return QY_ENOMEM;
    *done = true;
    for (int k = 0; k < nkeys && *done; k++) {
        *done = direct_key_of(t->cols[keys[k]], limit, &direct[k]);
        card *= *done ? direct[k].card : 1;
        *done = *done && card <= limit;
    }
    int rc = *done ? number_direct(direct, nkeys, card, out) : QY_OK;
    qy_free(direct);
    return rc;
}

/* ---- the entry points ---------------------------------------------------- */

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
    bool done;
    int rc = direct_groups(t, keys, nkeys, out, &done);
    if (rc == QY_OK && done) return QY_OK;
    if (rc != QY_OK) return finish_groups(NULL, 1, rc, out, err);
    uint32_t *ids = qy_malloc((size_t)(n ? n : 1) * sizeof *ids);
    rc = ids ? QY_OK : QY_ENOMEM;
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
    uint32_t *ids = qy_malloc((size_t)(n ? n : 1) * sizeof *ids);
    int rc = ids ? QY_OK : QY_ENOMEM;
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
