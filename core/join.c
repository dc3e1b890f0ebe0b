/* join.c — hash joins of two tables on key columns; see join.h.
 *
 * Each key becomes one 64-bit value per row, equal on both sides exactly
 * when the keys are equal: a's string codes are translated to b's codes once
 * per distinct string, decimals are raised to the larger scale, floats treat
 * -0 as 0. b's rows are chained per distinct key in an open-addressing table
 * keyed by that value (several keys: by their hash, the keys compared on a
 * hit); each row of a then finds its chain. The output columns are taken
 * from the resulting arrays of row indices.
 */
#include "join.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

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

/* b's rows chained by key: group g is one distinct key. */
typedef struct chains {
    uint64_t *slot_key;
    int32_t *slot_group;       /* -1: empty slot */
    size_t mask;
    int32_t *first;            /* the first b row of each group */
    int32_t *last;
    int32_t *count;
    int32_t *next;             /* the next b row with the same key, or -1 */
    int32_t ngroups;
} chains;

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

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

/* The table key of row i: the value of a single key, else the hash of the
 * values, which are left in vals. False when the row cannot match. */
static bool row_key(key_side *sides, int nkeys, int64_t i, uint64_t *vals, uint64_t *key)
{
    if (nkeys == 1) return key_value(&sides[0], i, key);
    uint64_t h = 0;
    for (int k = 0; k < nkeys; k++) {
        if (!key_value(&sides[k], i, &vals[k])) return false;
        h = mix64(h * 0x9e3779b97f4a7c15ULL ^ vals[k]);
    }
    *key = h;
    return true;
}

static bool same_keys(key_side *b, int nkeys, int64_t row, const uint64_t *vals)
{
    for (int k = 0; k < nkeys; k++) {
        uint64_t v;
        key_value(&b[k], row, &v);
        if (v != vals[k]) return false;
    }
    return true;
}

/* The group holding key, or -1 with *slot the empty slot where it goes. */
static int32_t find_group(const chains *ch, key_side *b, int nkeys, uint64_t key,
                          const uint64_t *vals, size_t *slot)
{
    size_t i = (size_t)mix64(key) & ch->mask;
    for (;; i = (i + 1) & ch->mask) {
        int32_t g = ch->slot_group[i];
        if (g < 0) break;
        if (ch->slot_key[i] == key && (nkeys == 1 || same_keys(b, nkeys, ch->first[g], vals))) {
            *slot = i;
            return g;
        }
    }
    *slot = i;
    return -1;
}

static void chains_free(chains *ch)
{
    qy_free(ch->slot_key);
    qy_free(ch->slot_group);
    qy_free(ch->first);
    qy_free(ch->last);
    qy_free(ch->count);
    qy_free(ch->next);
}

static int chains_build(chains *ch, key_side *b, int nkeys, int64_t nrows, uint64_t *vals)
{
    size_t slots = 16;
    while (slots < (size_t)nrows * 2) slots *= 2;
    size_t rows = (size_t)(nrows ? nrows : 1);
    ch->mask = slots - 1;
    ch->slot_key = qy_malloc(slots * sizeof *ch->slot_key);
    ch->slot_group = qy_malloc(slots * sizeof *ch->slot_group);
    ch->first = qy_malloc(rows * sizeof *ch->first);
    ch->last = qy_malloc(rows * sizeof *ch->last);
    ch->count = qy_malloc(rows * sizeof *ch->count);
    ch->next = qy_malloc(rows * sizeof *ch->next);
    if (!ch->slot_key || !ch->slot_group || !ch->first || !ch->last || !ch->count || !ch->next)
        return QY_ENOMEM;
    memset(ch->slot_group, 0xff, slots * sizeof *ch->slot_group);
    for (int64_t i = 0; i < nrows; i++) {
        uint64_t key;
        ch->next[i] = -1;
        if (!row_key(b, nkeys, i, vals, &key)) continue;
        size_t slot;
        int32_t g = find_group(ch, b, nkeys, key, vals, &slot);
        if (g < 0) {
            g = ch->ngroups++;
            ch->slot_key[slot] = key;
            ch->slot_group[slot] = g;
            ch->first[g] = (int32_t)i;
            ch->count[g] = 0;
        } else {
            ch->next[ch->last[g]] = (int32_t)i;
        }
        ch->last[g] = (int32_t)i;
        ch->count[g]++;
    }
    return QY_OK;
}

/* The group of b matching each row of a (-1: none) and the output's row
 * count for how. */
static void probe(const chains *ch, key_side *a, key_side *b, int nkeys, int64_t nrows,
                  uint64_t *vals, qy_join_how how, int32_t *match, int64_t *out_rows)
{
    int64_t n = 0;
    for (int64_t i = 0; i < nrows; i++) {
        uint64_t key;
        size_t slot;
        int32_t g = row_key(a, nkeys, i, vals, &key)
                  ? find_group(ch, b, nkeys, key, vals, &slot) : -1;
        match[i] = g;
        if (how == QY_JOIN_ANTI) n += g < 0;
        else n += g >= 0 ? ch->count[g] : how == QY_JOIN_LEFT;
    }
    *out_rows = n;
}

/* The rows of a and of b (-1: none) of each output row. */
static void fill_rows(const chains *ch, const int32_t *match, int64_t nrows, qy_join_how how,
                      int64_t *a_rows, int64_t *b_rows)
{
    int64_t k = 0;
    for (int64_t i = 0; i < nrows; i++) {
        int32_t g = match[i];
        if (how == QY_JOIN_ANTI) {
            if (g < 0) a_rows[k++] = i;
        } else if (g >= 0) {
            for (int32_t r = ch->first[g]; r >= 0; r = ch->next[r]) {
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

/* Fills the key sides of a and b; a's string keys get their code maps. */
static int prepare_keys(const qy_table *a, const qy_table *b, const int *a_keys,
                        const int *b_keys, int nkeys, key_side *as, key_side *bs)
{
    for (int k = 0; k < nkeys; k++) {
        const qy_column *x = a->cols[a_keys[k]], *y = b->cols[b_keys[k]];
        int scale = x->scale > y->scale ? x->scale : y->scale;
        as[k] = (key_side){.col = x, .factor = power_of_ten(scale - x->scale)};
        bs[k] = (key_side){.col = y, .factor = power_of_ten(scale - y->scale)};
        if (x->type != QY_STRING || x->dict == y->dict) continue;
        uint32_t size = qy_dict_size(x->dict);
        as[k].code_map = qy_malloc((size_t)(size ? size : 1) * sizeof *as[k].code_map);
        if (!as[k].code_map) return QY_ENOMEM;
        memset(as[k].code_map, 0xff, (size_t)size * sizeof *as[k].code_map);  /* UNSEEN */
        as[k].target = y->dict;
    }
    return QY_OK;
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
    key_side *as = qy_calloc((size_t)nkeys, sizeof *as);
    key_side *bs = qy_calloc((size_t)nkeys, sizeof *bs);
    uint64_t *vals = qy_malloc((size_t)nkeys * sizeof *vals);
    int32_t *match = qy_malloc((size_t)(a->nrows ? a->nrows : 1) * sizeof *match);
    chains ch = {0};
    int64_t *a_rows = NULL, *b_rows = NULL, n = 0;
    int rc = as && bs && vals && match ? QY_OK : QY_ENOMEM;
    if (rc == QY_OK) rc = prepare_keys(a, b, a_keys, b_keys, nkeys, as, bs);
    if (rc == QY_OK) rc = chains_build(&ch, bs, nkeys, b->nrows, vals);
    if (rc == QY_OK) {
        probe(&ch, as, bs, nkeys, a->nrows, vals, how, match, &n);
        a_rows = qy_malloc((size_t)(n ? n : 1) * sizeof *a_rows);
        if (how != QY_JOIN_ANTI) b_rows = qy_malloc((size_t)(n ? n : 1) * sizeof *b_rows);
        if (!a_rows || (how != QY_JOIN_ANTI && !b_rows)) rc = QY_ENOMEM;
    }
    if (rc == QY_OK) {
        fill_rows(&ch, match, a->nrows, how, a_rows, b_rows);
        rc = assemble(a, b, b_keys, nkeys, a_rows, b_rows, n, out, err);
    } else {
        qy_error_set(err, rc, "not enough memory to join %lld rows to %lld",
                     (long long)a->nrows, (long long)b->nrows);
    }
    for (int k = 0; as && k < nkeys; k++) qy_free(as[k].code_map);
    qy_free(as);
    qy_free(bs);
    qy_free(vals);
    qy_free(match);
    chains_free(&ch);
    qy_free(a_rows);
    qy_free(b_rows);
    return rc;
}
