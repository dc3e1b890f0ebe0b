/* join.c — hash joins of two tables on key columns; see join.h.
 *
 * Each key becomes one 64-bit value per row, equal on both sides exactly
 * when the keys are equal: a's string codes are translated to b's codes once
 * per distinct string, decimals are raised to the larger scale, floats treat
 * -0 as 0. When no key is a float and the keys' ranges over b multiply into
 * 64 bits, a row's keys pack exactly into one number (as in groupby.c);
 * otherwise they hash, and keys are compared on a hit. b's rows are chained
 * per distinct key, the chains found through a direct array when the packed
 * numbers span a small range (string codes, ids), else through an
 * open-addressing table (seeded hashes, probes bounded: hash.h); each row of
 * a then finds its chain. The output columns are taken from the arrays of
 * row indices, so their order never depends on the hash.
 */
#include "join.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "hash.h"

/* code_map entries besides b's codes. */
#define CODE_UNSEEN (-1)
#define CODE_ABSENT (-2)

/* How one key column yields its row values. */
typedef struct key_side {
    const qy_column *col;
    int64_t factor;            /* decimals: 10^(common scale - this scale) */
    int64_t *code_map;         /* a's strings with another dict: b's code of each a code */
    const qy_dict *target;     /* the dict code_map translates into */
} key_side;

/* The key pairs of one join and how a row's keys become one number. */
typedef struct join_keys {
    int n;
    key_side *a, *b;
    bool packed;               /* exact packing, else hashing */
    int64_t *lo, *hi;          /* packed: each key's range over b */
    uint64_t *mult;            /* packed: each key's place value */
    uint64_t span;             /* packed: how many numbers packing gives */
    uint64_t *vals;            /* hashed: the last row's values */
    qy_hash_seed seed;
} join_keys;

/* A hash table entry: a key and the first b row holding it. */
typedef struct slot {
    uint64_t key;
    int32_t head;              /* -1: empty */
} slot;

/* b's rows chained by key. A key's cell holds its first row (its head): in
 * a direct array indexed by the packed number, or in a hash table. */
typedef struct chains {
    int32_t *direct;           /* NULL: hashed */
    slot *slots;
    size_t mask;
    size_t nkeys;              /* hashed: the slots in use */
    size_t longest;            /* hashed: how far past its home the furthest key sits */
    int32_t *next;             /* the next b row with the same key, or -1 */
    int32_t *tail;             /* of a head: the last row of its chain */
    int32_t *count;            /* of a head: the rows in its chain */
    bool unique;               /* every chain is one row long */
} chains;

static int64_t translate(key_side *s, uint32_t code)
{
    size_t len;
    const char *str = qy_dict_get(s->col->dict, code, &len);
    uint32_t to;
    return qy_dict_find(s->target, str, len, &to) == QY_OK ? (int64_t)to : CODE_ABSENT;
}

/* The key value of row i; false when the row cannot match (null, a string
 * b does not have, a decimal beyond the common scale's range). */
static bool key_value(key_side *s, int64_t i, uint64_t *v)
{
    const qy_column *c = s->col;
    if (qy_column_is_null(c, i)) return false;
    switch (c->type) {
    case QY_STRING: {
        uint32_t code = c->v.code[i];
        if (!s->code_map) {
            *v = code;
            return true;
        }
        int64_t to = s->code_map[code];
        if (to == CODE_UNSEEN) to = s->code_map[code] = translate(s, code);
        *v = (uint64_t)to;
        return to != CODE_ABSENT;
    }
    case QY_DECIMAL: {
        int64_t x;
        if (__builtin_mul_overflow(c->v.i64[i], s->factor, &x)) return false;
        *v = (uint64_t)x;
        return true;
    }
    case QY_FLOAT64: {
        double x = c->v.f64[i];
        if (x == 0) x = 0;
        if (x != x) x = __builtin_nan("");
        memcpy(v, &x, sizeof *v);
        return true;
    }
    case QY_DATE: *v = (uint64_t)(int64_t)c->v.date[i]; return true;
    case QY_BOOL: *v = c->v.b[i]; return true;
    case QY_INT64: *v = (uint64_t)c->v.i64[i]; return true;
    }
    return false;
}

/* The number of row i's keys on side (jk->a or jk->b): packed, or hashed
 * with the values left in jk->vals. False when the row cannot match. */
static bool row_key(join_keys *jk, key_side *side, int64_t i, uint64_t *key)
{
    uint64_t h = 0;
    for (int k = 0; k < jk->n; k++) {
        uint64_t v;
        if (!key_value(&side[k], i, &v)) return false;
        if (jk->packed) {
            int64_t x = (int64_t)v;
            if (x < jk->lo[k] || x > jk->hi[k]) return false;
            h += ((uint64_t)x - (uint64_t)jk->lo[k]) * jk->mult[k];
        } else {
            jk->vals[k] = v;
            h = qy_hash_seeded_u64(jk->seed, h ^ v);
        }
    }
    *key = h;
    return true;
}

/* Whether b's row holds the values in jk->vals. */
static bool same_keys(join_keys *jk, int64_t row)
{
    for (int k = 0; k < jk->n; k++) {
        uint64_t v;
        key_value(&jk->b[k], row, &v);
        if (v != jk->vals[k]) return false;
    }
    return true;
}

/* Decides whether keys pack: each key's range over b's rows, and the place
 * values, while their product fits. */
static void plan_packing(join_keys *jk, int64_t nrows)
{
    uint64_t span = 1;
    jk->packed = false;
    for (int k = 0; k < jk->n; k++) {
        if (jk->b[k].col->type == QY_FLOAT64) return;
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (int64_t i = 0; i < nrows; i++) {
            uint64_t v;
            if (!key_value(&jk->b[k], i, &v)) continue;
            if ((int64_t)v < lo) lo = (int64_t)v;
            if ((int64_t)v > hi) hi = (int64_t)v;
        }
        if (lo > hi) lo = hi = 0;
        uint64_t width = (uint64_t)hi - (uint64_t)lo;
        if (width == UINT64_MAX || __builtin_mul_overflow(span, width + 1, &jk->span)) return;
        jk->lo[k] = lo;
        jk->hi[k] = hi;
        jk->mult[k] = span;
        span = jk->span;
    }
    jk->packed = true;
}

static size_t home_slot(const chains *ch, const join_keys *jk, uint64_t key)
{
    return (size_t)qy_hash_seeded_u64(jk->seed, key) & ch->mask;
}

/* The head of key's chain, or -1 when b has no such key. A hashed key is
 * never further than ch->longest past its home slot. */
static int32_t find_head(const chains *ch, join_keys *jk, uint64_t key)
{
    if (ch->direct) return key < jk->span ? ch->direct[key] : -1;
    size_t i = home_slot(ch, jk, key);
    for (size_t dist = 0; dist <= ch->longest; dist++, i = (i + 1) & ch->mask) {
        const slot *s = &ch->slots[i];
        if (s->head < 0) return -1;
        if (s->key == key && (jk->packed || same_keys(jk, s->head))) return s->head;
    }
    return -1;
}

/* Moves the hashed slots into a table of nslots, or of more while one would
 * sit beyond QY_PROBE_LIMIT and the table may grow. On failure ch is as it
 * was. */
static int rebuild_slots(chains *ch, const join_keys *jk, size_t nslots)
{
    for (;; nslots *= 2) {
        slot *slots = qy_malloc(nslots * sizeof *slots);
        if (!slots) return QY_ENOMEM;
        for (size_t i = 0; i < nslots; i++) slots[i].head = -1;
        chains bigger = {.slots = slots, .mask = nslots - 1};
        for (size_t i = 0; i <= ch->mask; i++) {
            if (ch->slots[i].head < 0) continue;
            size_t dist = 0, j = home_slot(&bigger, jk, ch->slots[i].key);
            for (; slots[j].head >= 0; dist++) j = (j + 1) & bigger.mask;
            slots[j] = ch->slots[i];
            if (dist > bigger.longest) bigger.longest = dist;
        }
        if (bigger.longest > QY_PROBE_LIMIT && qy_probe_may_grow(nslots, ch->nkeys)) {
            qy_free(slots);
            continue;
        }
        qy_free(ch->slots);
        ch->slots = slots;
        ch->mask = bigger.mask;
        ch->longest = bigger.longest;
        qy_probe_note(ch->longest > UINT32_MAX ? UINT32_MAX : (uint32_t)ch->longest);
        return QY_OK;
    }
}

/* The cell of b's key in *cell: its chain's head, or -1 in a cell the
 * caller fills (a new key's slot, no further than QY_PROBE_LIMIT past its
 * home while the table may grow). */
static int add_cell(chains *ch, join_keys *jk, uint64_t key, int32_t **cell)
{
    if (ch->direct) {
        *cell = &ch->direct[key];                  /* in range: b set the ranges */
        return QY_OK;
    }
    for (;;) {
        size_t dist = 0, i = home_slot(ch, jk, key);
        for (; ch->slots[i].head >= 0; dist++, i = (i + 1) & ch->mask) {
            slot *s = &ch->slots[i];
            if (s->key == key && (jk->packed || same_keys(jk, s->head))) {
                *cell = &s->head;
                return QY_OK;
            }
        }
        if (dist > QY_PROBE_LIMIT && qy_probe_may_grow(ch->mask + 1, ch->nkeys + 1)) {
            QY_RETURN_NOT_OK(rebuild_slots(ch, jk, (ch->mask + 1) * 2));
            continue;
        }
        ch->slots[i].key = key;
        ch->nkeys++;
        if (dist > ch->longest) {
            ch->longest = dist;
            qy_probe_note(dist > UINT32_MAX ? UINT32_MAX : (uint32_t)dist);
        }
        *cell = &ch->slots[i].head;
        return QY_OK;
    }
}

static void chains_free(chains *ch)
{
    qy_free(ch->direct);
    qy_free(ch->slots);
    qy_free(ch->next);
    qy_free(ch->tail);
    qy_free(ch->count);
}

/* The direct array (a few ints a row at most) or the hash table. */
static int chains_alloc(chains *ch, const join_keys *jk, int64_t nrows)
{
    if (jk->packed && jk->span <= (uint64_t)nrows * 4 + 4096) {
        ch->direct = qy_malloc((size_t)jk->span * sizeof *ch->direct);
        if (!ch->direct) return QY_ENOMEM;
        memset(ch->direct, 0xff, (size_t)jk->span * sizeof *ch->direct);
    } else {
        size_t slots = 16;
        while (slots < (size_t)nrows * 2) slots *= 2;
        ch->mask = slots - 1;
        ch->slots = qy_malloc(slots * sizeof *ch->slots);
        if (!ch->slots) return QY_ENOMEM;
        for (size_t i = 0; i < slots; i++) ch->slots[i].head = -1;
    }
    ch->next = qy_malloc((size_t)nrows * sizeof *ch->next);
    ch->tail = qy_malloc((size_t)nrows * sizeof *ch->tail);
    ch->count = qy_malloc((size_t)nrows * sizeof *ch->count);
    return ch->next && ch->tail && ch->count ? QY_OK : QY_ENOMEM;
}

static int chains_build(chains *ch, join_keys *jk, int64_t nrows)
{
    QY_RETURN_NOT_OK(chains_alloc(ch, jk, nrows));
    ch->unique = true;
    for (int64_t i = 0; i < nrows; i++) {
        uint64_t key;
        ch->next[i] = -1;
        if (!row_key(jk, jk->b, i, &key)) continue;
        int32_t *cell;
        QY_RETURN_NOT_OK(add_cell(ch, jk, key, &cell));
        int32_t head = *cell;
        if (head < 0) {
            *cell = (int32_t)i;
            ch->tail[i] = (int32_t)i;
            ch->count[i] = 1;
        } else {
            ch->next[ch->tail[head]] = (int32_t)i;
            ch->tail[head] = (int32_t)i;
            ch->count[head]++;
            ch->unique = false;
        }
    }
    return QY_OK;
}

/* The head of the chain in b matching each row of a (-1: none) and the
 * output's row count for how. */
static void probe(chains *ch, join_keys *jk, int64_t nrows, qy_join_how how, int32_t *match,
                  int64_t *out_rows)
{
    int64_t n = 0;
    for (int64_t i = 0; i < nrows; i++) {
        uint64_t key;
        int32_t head = row_key(jk, jk->a, i, &key) ? find_head(ch, jk, key) : -1;
        match[i] = head;
        if (how == QY_JOIN_ANTI) n += head < 0;
        else if (head >= 0) n += ch->unique ? 1 : ch->count[head];
        else n += how == QY_JOIN_LEFT;
    }
    *out_rows = n;
}

/* The rows of a and of b (-1: none) of each output row. */
static void fill_rows(const chains *ch, const int32_t *match, int64_t nrows, qy_join_how how,
                      int64_t *a_rows, int64_t *b_rows)
{
    int64_t k = 0;
    for (int64_t i = 0; i < nrows; i++) {
        int32_t head = match[i];
        if (how == QY_JOIN_ANTI) {
            if (head < 0) a_rows[k++] = i;
        } else if (head >= 0) {
            for (int32_t r = head; r >= 0; r = ch->unique ? -1 : ch->next[r]) {
                a_rows[k] = i;
                b_rows[k++] = r;
            }
        } else if (how == QY_JOIN_LEFT) {
            a_rows[k] = i;
            b_rows[k++] = -1;
        }
    }
}

static int check_keys(const qy_table *a, const qy_table *b, const int *a_keys,
                      const int *b_keys, int nkeys, qy_error *err)
{
    if (nkeys < 1) return qy_error_set(err, QY_EINVAL, "no key columns to join on");
    if (b->nrows > INT32_MAX)
        return qy_error_set(err, QY_ERANGE, "cannot join to a table of more than %d rows",
                            INT32_MAX);
    for (int k = 0; k < nkeys; k++) {
        if (a_keys[k] < 0 || a_keys[k] >= a->ncols || b_keys[k] < 0 || b_keys[k] >= b->ncols)
            return qy_error_set(err, QY_ERANGE, "key column %d out of range", k + 1);
        const qy_column *x = a->cols[a_keys[k]], *y = b->cols[b_keys[k]];
        if (x->type != y->type) {
            char xt[16], yt[16];
            return qy_error_set(err, QY_ETYPE, "cannot join %s (%s) with %s (%s)",
                                a->names[a_keys[k]], qy_type_name(x->type, x->scale, xt),
                                b->names[b_keys[k]], qy_type_name(y->type, y->scale, yt));
        }
    }
    return QY_OK;
}

static int64_t power_of_ten(int n)
{
    int64_t p = 1;
    while (n-- > 0) p *= 10;
    return p;
}

/* Fills jk for the key pairs: a's string keys get their code maps, and
 * the packing is planned. */
static int keys_init(join_keys *jk, const qy_table *a, const qy_table *b, const int *a_keys,
                     const int *b_keys, int nkeys)
{
    size_t n = (size_t)nkeys;
    jk->n = nkeys;
    jk->seed = qy_hash_seed_get();
    jk->a = qy_calloc(n, sizeof *jk->a);
    jk->b = qy_calloc(n, sizeof *jk->b);
    jk->lo = qy_malloc(n * sizeof *jk->lo);
    jk->hi = qy_malloc(n * sizeof *jk->hi);
    jk->mult = qy_malloc(n * sizeof *jk->mult);
    jk->vals = qy_malloc(n * sizeof *jk->vals);
    if (!jk->a || !jk->b || !jk->lo || !jk->hi || !jk->mult || !jk->vals) return QY_ENOMEM;
    for (int k = 0; k < nkeys; k++) {
        const qy_column *x = a->cols[a_keys[k]], *y = b->cols[b_keys[k]];
        int scale = x->scale > y->scale ? x->scale : y->scale;
        jk->a[k] = (key_side){.col = x, .factor = power_of_ten(scale - x->scale)};
        jk->b[k] = (key_side){.col = y, .factor = power_of_ten(scale - y->scale)};
        if (x->type != QY_STRING || x->dict == y->dict) continue;
        size_t size = qy_dict_size(x->dict);
        jk->a[k].code_map = qy_malloc(size * sizeof *jk->a[k].code_map);
        if (!jk->a[k].code_map) return QY_ENOMEM;
        memset(jk->a[k].code_map, 0xff, size * sizeof *jk->a[k].code_map);  /* UNSEEN */
        jk->a[k].target = y->dict;
    }
    plan_packing(jk, b->nrows);
    return QY_OK;
}

static void keys_free(join_keys *jk)
{
    for (int k = 0; jk->a && k < jk->n; k++) qy_free(jk->a[k].code_map);
    qy_free(jk->a);
    qy_free(jk->b);
    qy_free(jk->lo);
    qy_free(jk->hi);
    qy_free(jk->mult);
    qy_free(jk->vals);
}

/* name, or name_2, name_3, ... : the first that out does not have yet. */
static int add_unique(qy_table *out, const char *name, qy_column *c, qy_error *err)
{
    if (qy_table_find(out, name) < 0) return qy_table_add_column(out, name, c, err);
    size_t cap = strlen(name) + 16;
    char *alt = qy_malloc(cap);
    if (!alt) return qy_error_set(err, QY_ENOMEM, "not enough memory for a column name");
    for (int n = 2;; n++) {
        snprintf(alt, cap, "%s_%d", name, n);
        if (qy_table_find(out, alt) < 0) break;
    }
    int rc = qy_table_add_column(out, alt, c, err);
    qy_free(alt);
    return rc;
}

/* Adds rows[0..n) of c, or c itself when rows is NULL. */
static int add_taken(qy_table *out, const char *name, qy_column *c, const int64_t *rows,
                     int64_t n, qy_error *err)
{
    if (!rows) return add_unique(out, name, c, err);
    qy_column *taken;
    QY_RETURN_NOT_OK(qy_column_take(c, rows, n, &taken, err));
    int rc = add_unique(out, name, taken, err);
    qy_column_release(taken);
    return rc;
}

static bool is_key(const int *keys, int nkeys, int col)
{
    for (int k = 0; k < nkeys; k++)
        if (keys[k] == col) return true;
    return false;
}

static bool is_identity(const int64_t *rows, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (rows[i] != i) return false;
    return true;
}

/* The output table from the row arrays (b_rows NULL: a's columns only). */
static int assemble(const qy_table *a, const qy_table *b, const int *b_keys, int nkeys,
                    const int64_t *a_rows, const int64_t *b_rows, int64_t n, qy_table **out,
                    qy_error *err)
{
    qy_table *t;
    QY_RETURN_NOT_OK(qy_table_new(n, &t, err));
    /* Lookup joins keep every row of a once, in order: share a's columns. */
    const int64_t *rows = n == a->nrows && is_identity(a_rows, n) ? NULL : a_rows;
    int rc = QY_OK;
    for (int j = 0; j < a->ncols && rc == QY_OK; j++)
        rc = add_taken(t, a->names[j], a->cols[j], rows, n, err);
    for (int j = 0; b_rows && j < b->ncols && rc == QY_OK; j++)
        if (!is_key(b_keys, nkeys, j)) rc = add_taken(t, b->names[j], b->cols[j], b_rows, n, err);
    if (rc != QY_OK) {
        qy_table_release(t);
        return rc;
    }
    *out = t;
    return QY_OK;
}

int qy_table_join(const qy_table *a, const qy_table *b, const int *a_keys, const int *b_keys,
                  int nkeys, qy_join_how how, qy_table **out, qy_error *err)
{
    QY_RETURN_NOT_OK(check_keys(a, b, a_keys, b_keys, nkeys, err));
    join_keys jk = {0};
    chains ch = {0};
    int32_t *match = qy_malloc((size_t)a->nrows * sizeof *match);
    int64_t *a_rows = NULL, *b_rows = NULL, n = 0;
    int rc = match ? QY_OK : QY_ENOMEM;
    if (rc == QY_OK) rc = keys_init(&jk, a, b, a_keys, b_keys, nkeys);
    if (rc == QY_OK) rc = chains_build(&ch, &jk, b->nrows);
    if (rc == QY_OK) {
        probe(&ch, &jk, a->nrows, how, match, &n);
        a_rows = qy_malloc((size_t)n * sizeof *a_rows);
        if (how != QY_JOIN_ANTI) b_rows = qy_malloc((size_t)n * sizeof *b_rows);
        if (!a_rows || (how != QY_JOIN_ANTI && !b_rows)) rc = QY_ENOMEM;
    }
    if (rc == QY_OK) {
        fill_rows(&ch, match, a->nrows, how, a_rows, b_rows);
        rc = assemble(a, b, b_keys, nkeys, a_rows, b_rows, n, out, err);
    } else {
        qy_error_set(err, rc, "not enough memory to join %lld rows to %lld",
                     (long long)a->nrows, (long long)b->nrows);
    }
    keys_free(&jk);
    chains_free(&ch);
    qy_free(match);
    qy_free(a_rows);
    qy_free(b_rows);
    return rc;
}
