/* sort.c — stable multi-key ordering and top-k; see sort.h.
 *
 * Each key column becomes unsigned integers that order as its values do
 * (normalized keys): integers with the sign bit flipped, floats with their
 * bits rearranged, strings replaced by the rank of their dict entry among
 * the dict's strings sorted by bytes (or the rank the key brings: a
 * collation's, a listed order's). Shifted to start at 0 (or inverted
 * from the top for a descending key), with nulls one past the largest value,
 * a key usually needs few bits, so the keys are packed, most significant
 * first, into as few 64-bit words as they fit in (a key plan says where).
 *
 * When the keys fit in one word with the row number beside them, the row
 * number is packed in too (making every key distinct) and one radix sort of
 * plain integers orders the rows. Otherwise (key, row) pairs are radix
 * sorted once per word, from the least significant word, each sort stable.
 * Top-k packs the rows block by block and keeps a bounded heap of entries
 * (the words, then the row number).
 */
#include "sort.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "zonemap.h"

#define SIGN_BIT (UINT64_C(1) << 63)
#define DIGIT_BITS 8
#define RADIX (1 << DIGIT_BITS)
#define MAX_DIGITS ((64 + DIGIT_BITS - 1) / DIGIT_BITS)
#define MSD_BITS 11
#define MSD_RADIX (1 << MSD_BITS)
#define LSD_MAX (INT64_C(1) << 16)
#define TOP_BLOCK 4096

static size_t at_least_one(int64_t n) { return (size_t)(n > 0 ? n : 1); }

/* A float's bits rearranged to order as unsigned integers: -0 is 0, and
 * every NaN is one value above +inf. */
static uint64_t float_key(double x)
{
    if (x != x) return UINT64_MAX;
    if (x == 0) x = 0;
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    return bits & SIGN_BIT ? ~bits : bits | SIGN_BIT;
}

/* Where one key goes in the words: its column's values, or (for a column
 * whose values span all 64 bits) its null flag in a field of its own. */
typedef struct key_field {
    const qy_column *col;
    const uint32_t *rank;  /* strings: borrowed from the plan */
    bool descending;
    bool null_flag;
    uint64_t lo, hi;       /* the range of the column's normalized values */
    uint64_t null_value;   /* the field of a null row */
    int width;             /* bits, 1..64 */
    int word;
    int key;               /* the index of its key */
} key_field;

/* The layout of every key in the words: fields[0] is the most significant. */
typedef struct key_plan {
    int nfields, nwords;
    key_field *fields;     /* room for 2 a key */
    int *bits;             /* bits used in each word */
    uint8_t (*key_at)[64]; /* key_at[w][b]: the key whose field holds bit b of word w */
    int nkeys;
    uint32_t **ranks;      /* owned: one rank array a string key */
    int nranks;
} key_plan;

static void plan_free(key_plan *p)
{
    for (int r = 0; r < p->nranks; r++) qy_free(p->ranks[r]);
    qy_free(p->ranks);
    qy_free(p->fields);
    qy_free(p->bits);
    qy_free(p->key_at);
    memset(p, 0, sizeof *p);
}

/* Appends a field of width bits: into the last word when it has room. */
static void plan_field(key_plan *p, key_field f)
{
    if (p->nwords == 0 || p->bits[p->nwords - 1] + f.width > 64) p->bits[p->nwords++] = 0;
    f.word = p->nwords - 1;
    p->bits[f.word] += f.width;
    p->fields[p->nfields++] = f;
}

/* Row i's value as an unsigned integer of the same order (whatever its
 * element gives for a null row; callers test the bitmap). Inlined with a
 * constant type, so each caller's loop is specialized per type. */
static inline __attribute__((always_inline)) uint64_t
normalized(qy_type type, const qy_column *c, const uint32_t *rank, int64_t i)
{
    switch (type) {
    case QY_INT64:
    case QY_DECIMAL: return (uint64_t)c->v.i64[i] ^ SIGN_BIT;
    case QY_FLOAT64: return float_key(c->v.f64[i]);
    case QY_STRING: return rank[c->v.code[i]];
    case QY_DATE: return (uint64_t)(int64_t)c->v.date[i] ^ SIGN_BIT;
    case QY_BOOL: return c->v.b[i];
    }
    return 0;
}

/* The smallest and largest value of the non-null rows; false when all are null. */
static inline __attribute__((always_inline)) bool
typed_range(qy_type type, const qy_column *c, const uint32_t *rank, uint64_t *lo, uint64_t *hi)
{
    uint64_t min = UINT64_MAX, max = 0;
    for (int64_t i = 0; i < c->length; i++) {
        if (qy_column_is_null(c, i)) continue;
        uint64_t v = normalized(type, c, rank, i);
        min = v < min ? v : min;
        max = v > max ? v : max;
    }
    *lo = min;
    *hi = max;
    return c->null_count < c->length;
}

/* word[i] = word[i] << width | the field of row from+i, for i < count: value
 * - lo ascending, hi - value descending (both (value ^ flip) - base), and
 * null_value for nulls. */
static inline __attribute__((always_inline)) void
typed_shift_in(qy_type type, const key_field *f, int64_t from, int64_t count, uint64_t *word)
{
    const qy_column *c = f->col;
    uint64_t flip = f->descending ? UINT64_MAX : 0, base = f->descending ? ~f->hi : f->lo;
    int width = f->width;
    if (c->null_count == 0) {
        for (int64_t i = 0; i < count; i++)
            word[i] = (width == 64 ? 0 : word[i] << width)
                    | ((normalized(type, c, f->rank, from + i) ^ flip) - base);
        return;
    }
    for (int64_t i = 0; i < count; i++) {
        uint64_t v = qy_column_is_null(c, from + i) ? f->null_value
                   : (normalized(type, c, f->rank, from + i) ^ flip) - base;
        word[i] = (width == 64 ? 0 : word[i] << width) | v;
    }
}

static bool value_range(const qy_column *c, const uint32_t *rank, uint64_t *lo, uint64_t *hi)
{
    switch (c->type) {
    case QY_INT64:
    case QY_DECIMAL: return typed_range(QY_INT64, c, rank, lo, hi);
    case QY_FLOAT64: return typed_range(QY_FLOAT64, c, rank, lo, hi);
    case QY_STRING: return typed_range(QY_STRING, c, rank, lo, hi);
    case QY_DATE: return typed_range(QY_DATE, c, rank, lo, hi);
    case QY_BOOL: return typed_range(QY_BOOL, c, rank, lo, hi);
    }
    return false;
}

static void shift_in(const key_field *f, int64_t from, int64_t count, uint64_t *word)
{
    if (f->null_flag) {
        for (int64_t i = 0; i < count; i++)
            word[i] = word[i] << 1 | qy_column_is_null(f->col, from + i);
        return;
    }
    switch (f->col->type) {
    case QY_INT64:
    case QY_DECIMAL: typed_shift_in(QY_INT64, f, from, count, word); break;
    case QY_FLOAT64: typed_shift_in(QY_FLOAT64, f, from, count, word); break;
    case QY_STRING: typed_shift_in(QY_STRING, f, from, count, word); break;
    case QY_DATE: typed_shift_in(QY_DATE, f, from, count, word); break;
    case QY_BOOL: typed_shift_in(QY_BOOL, f, from, count, word); break;
    }
}

/* Plans one key column: its range decides its width. A column whose rows
 * are all equal (or all null) needs no field. */
static int plan_column(key_plan *p, int key, const qy_column *c, const qy_sort_key *k)
{
    key_field f = {.col = c, .descending = k->descending, .rank = k->rank, .key = key};
    if (c->type == QY_STRING && !f.rank) {
        QY_RETURN_NOT_OK(qy_dict_ranks(c->dict, &p->ranks[p->nranks]));
        f.rank = p->ranks[p->nranks++];
    }
    if (!value_range(c, f.rank, &f.lo, &f.hi)) return QY_OK;
    uint64_t span = f.hi - f.lo;
    bool nulls = c->null_count > 0;
    if (nulls && span == UINT64_MAX) {
        key_field flag = {.col = c, .null_flag = true, .width = 1, .key = key};
        plan_field(p, flag);
        nulls = false;
    }
    f.null_value = nulls ? span + 1 : 0;
    uint64_t top = nulls ? span + 1 : span;
    if (top == 0) return QY_OK;
    f.width = 64 - __builtin_clzll(top);
    plan_field(p, f);
    return QY_OK;
}

static int check_keys(const qy_table *t, const qy_sort_key *keys, int nkeys, qy_error *err)
{
    if (nkeys < 0 || nkeys > QY_SORT_MAX_KEYS)
        return qy_error_set(err, QY_EINVAL, "%d sort keys (at most %d)", nkeys, QY_SORT_MAX_KEYS);
    for (int k = 0; k < nkeys; k++)
        if (keys[k].column < 0 || keys[k].column >= t->ncols)
            return qy_error_set(err, QY_ERANGE, "sort key column %d out of range",
                                keys[k].column + 1);
        else if (keys[k].rank && t->cols[keys[k].column]->type != QY_STRING)
            return qy_error_set(err, QY_ETYPE, "sort key column %d is not text: it takes no rank",
                                keys[k].column + 1);
    return QY_OK;
}

/* Fills key_at: each word's fields from its top bit down. */
static int locate_keys(key_plan *p)
{
    p->key_at = qy_calloc(at_least_one(p->nwords), sizeof *p->key_at);
    if (!p->key_at) return QY_ENOMEM;
    int top = 0;
    for (int k = 0; k < p->nfields; k++) {
        const key_field *f = &p->fields[k];
        if (k == 0 || f->word != p->fields[k - 1].word) top = p->bits[f->word];
        for (int b = top - f->width; b < top; b++) p->key_at[f->word][b] = (uint8_t)f->key;
        top -= f->width;
    }
    return QY_OK;
}

static int plan_keys(const qy_table *t, const qy_sort_key *keys, int nkeys, key_plan *p)
{
    memset(p, 0, sizeof *p);
    size_t room = (size_t)nkeys * 2 + 1;
    p->fields = qy_calloc(room, sizeof *p->fields);
    p->bits = qy_calloc(room, sizeof *p->bits);
    p->ranks = qy_calloc(room, sizeof *p->ranks);
    int rc = p->fields && p->bits && p->ranks ? QY_OK : QY_ENOMEM;
    for (int k = 0; k < nkeys && rc == QY_OK; k++)
        rc = plan_column(p, k, t->cols[keys[k].column], &keys[k]);
    if (rc == QY_OK) rc = locate_keys(p);
    p->nkeys = nkeys;
    if (rc != QY_OK) plan_free(p);
    return rc;
}

/* words[w][0..count): the words of rows from..from+count. */
static void fill_words(const key_plan *p, int64_t from, int64_t count, uint64_t **words)
{
    for (int w = 0; w < p->nwords; w++) memset(words[w], 0, (size_t)count * sizeof *words[w]);
    for (int k = 0; k < p->nfields; k++)
        shift_in(&p->fields[k], from, count, words[p->fields[k].word]);
}

static void free_words(uint64_t **words, int nwords)
{
    if (!words) return;
    for (int w = 0; w < nwords; w++) qy_free(words[w]);
    qy_free(words);
}

/* nwords arrays of count words each, or NULL. */
static uint64_t **alloc_words(int nwords, int64_t count)
{
    uint64_t **words = qy_calloc(at_least_one(nwords), sizeof *words);
    for (int w = 0; words && w < nwords; w++) {
        words[w] = qy_malloc(at_least_one(count) * sizeof *words[w]);
        if (!words[w]) {
            free_words(words, nwords);
            return NULL;
        }
    }
    return words;
}

/* Sorts keys[0..n) by their low `bits` bits, LSD by 8-bit digits, carrying
 * rows (when not NULL) along; tmp_keys and tmp_rows are scratch of n. A
 * digit every key shares is skipped. Each pass is stable, so the sort is.
 * Meant for n small enough to stay in cache (at most LSD_MAX). Returns
 * whether the result ended in the scratch arrays (an odd number of passes). */
static bool lsd_sort(uint64_t *keys, int64_t *rows, uint64_t *tmp_keys, int64_t *tmp_rows,
                     int64_t n, int bits)
{
    uint32_t counts[MAX_DIGITS][RADIX];
    int ndigits = (bits + DIGIT_BITS - 1) / DIGIT_BITS;
    memset(counts, 0, (size_t)ndigits * sizeof counts[0]);
    for (int64_t i = 0; i < n; i++)
        for (int d = 0; d < ndigits; d++) counts[d][keys[i] >> (d * DIGIT_BITS) & (RADIX - 1)]++;
    bool in_scratch = false;
    for (int d = 0; d < ndigits; d++) {
        int shift = d * DIGIT_BITS;
        if (n == 0 || counts[d][keys[0] >> shift & (RADIX - 1)] == n) continue;
        uint32_t offset[RADIX], sum = 0;
        for (int b = 0; b < RADIX; b++) {
            offset[b] = sum;
            sum += counts[d][b];
        }
        if (rows) {
            for (int64_t i = 0; i < n; i++) {
                uint32_t at = offset[keys[i] >> shift & (RADIX - 1)]++;
                tmp_keys[at] = keys[i];
                tmp_rows[at] = rows[i];
            }
        } else {
            for (int64_t i = 0; i < n; i++)
                tmp_keys[offset[keys[i] >> shift & (RADIX - 1)]++] = keys[i];
        }
        uint64_t *k = keys;
        keys = tmp_keys;
        tmp_keys = k;
        int64_t *r = rows;
        rows = tmp_rows;
        tmp_rows = r;
        in_scratch = !in_scratch;
    }
    return in_scratch;
}

static void copy_pairs(uint64_t *keys, int64_t *rows, const uint64_t *from_keys,
                       const int64_t *from_rows, int64_t n)
{
    memcpy(keys, from_keys, (size_t)n * sizeof *keys);
    if (rows) memcpy(rows, from_rows, (size_t)n * sizeof *rows);
}

/* The same for any n, the result in keys/rows: a large input is first split
 * by its top MSD_BITS bits into the scratch (one stable pass through
 * memory), then each bucket, soon small enough for the cache, is sorted on
 * the bits below, ending back in keys/rows. */
static void radix_sort(uint64_t *keys, int64_t *rows, uint64_t *tmp_keys, int64_t *tmp_rows,
                       int64_t n, int bits)
{
    if (n <= LSD_MAX) {
        if (lsd_sort(keys, rows, tmp_keys, tmp_rows, n, bits))
            copy_pairs(keys, rows, tmp_keys, tmp_rows, n);
        return;
    }
    if (bits == 0) return;
    int shift = bits > MSD_BITS ? bits - MSD_BITS : 0;
    int64_t offset[MSD_RADIX + 1] = {0};
    for (int64_t i = 0; i < n; i++) offset[(keys[i] >> shift & (MSD_RADIX - 1)) + 1]++;
    for (int b = 0; b < MSD_RADIX; b++) offset[b + 1] += offset[b];
    uint64_t first = keys[0] >> shift & (MSD_RADIX - 1);
    if (offset[first + 1] - offset[first] == n) {
        radix_sort(keys, rows, tmp_keys, tmp_rows, n, shift);
        return;
    }
    for (int64_t i = 0; i < n; i++) {
        int64_t at = offset[keys[i] >> shift & (MSD_RADIX - 1)]++;
        tmp_keys[at] = keys[i];
        if (rows) tmp_rows[at] = rows[i];
    }
    /* offset[b] is now the end of bucket b */
    int64_t start = 0;
    for (int b = 0; b < MSD_RADIX; start = offset[b++]) {
        int64_t count = offset[b] - start;
        if (count == 0) continue;
        uint64_t *bucket_keys = tmp_keys + start, *home_keys = keys + start;
        int64_t *bucket_rows = rows ? tmp_rows + start : NULL;
        int64_t *home_rows = rows ? rows + start : NULL;
        if (count <= LSD_MAX) {
            if (lsd_sort(bucket_keys, bucket_rows, home_keys, home_rows, count, shift)) continue;
        } else {
            radix_sort(bucket_keys, bucket_rows, home_keys, home_rows, count, shift);
        }
        copy_pairs(home_keys, home_rows, bucket_keys, bucket_rows, count);
    }
}

/* The number of leading keys two rows share, from the bits where their
 * words first differ (diff: their xor in word w). */
static uint8_t shared_keys(const key_plan *p, int w, uint64_t diff)
{
    return diff ? p->key_at[w][63 - __builtin_clzll(diff)] : (uint8_t)p->nkeys;
}

/* The keys fit one word with the row number below them: sort the words
 * alone, then read the rows (and ties, when not NULL) back out of them.
 * perm serves as the scratch of the sort first (uint64_t may alias int64_t). */
static void order_one_word(const key_plan *p, uint64_t *word, int64_t n, int64_t *perm,
                           uint8_t *ties)
{
    int row_bits = n > 1 ? 64 - __builtin_clzll((uint64_t)(n - 1)) : 0;
    for (int64_t i = 0; i < n; i++) word[i] = word[i] << row_bits | (uint64_t)i;
    radix_sort(word, NULL, (uint64_t *)perm, NULL, n, p->bits[0] + row_bits);
    uint64_t mask = row_bits ? UINT64_MAX >> (64 - row_bits) : 0;
    for (int64_t i = 0; i < n; i++) perm[i] = (int64_t)(word[i] & mask);
    for (int64_t i = 1; ties && i < n; i++)
        ties[i] = shared_keys(p, 0, (word[i] ^ word[i - 1]) >> row_bits);
}

/* Any number of words: (word, row) pairs sorted by each word in turn, from
 * the least significant; stability keeps the later words' order on ties. */
static int order_by_words(const key_plan *p, uint64_t *const *words, int64_t n, int64_t *perm)
{
    uint64_t *keys = qy_malloc(at_least_one(n) * sizeof *keys);
    uint64_t *tmp_keys = qy_malloc(at_least_one(n) * sizeof *tmp_keys);
    int64_t *tmp_rows = qy_malloc(at_least_one(n) * sizeof *tmp_rows);
    int rc = keys && tmp_keys && tmp_rows ? QY_OK : QY_ENOMEM;
    if (rc == QY_OK) {
        for (int64_t i = 0; i < n; i++) perm[i] = i;
        for (int w = p->nwords - 1; w >= 0; w--) {
            for (int64_t i = 0; i < n; i++) keys[i] = words[w][perm[i]];
            radix_sort(keys, perm, tmp_keys, tmp_rows, n, p->bits[w]);
        }
    }
    qy_free(keys);
    qy_free(tmp_keys);
    qy_free(tmp_rows);
    return rc;
}

/* ties[i] for the rows of perm, read from their words. */
static void ties_by_words(const key_plan *p, uint64_t *const *words, int64_t n,
                          const int64_t *perm, uint8_t *ties)
{
    for (int64_t i = 1; i < n; i++) {
        ties[i] = (uint8_t)p->nkeys;
        for (int w = 0; w < p->nwords; w++) {
            uint64_t diff = words[w][perm[i]] ^ words[w][perm[i - 1]];
            if (diff) {
                ties[i] = shared_keys(p, w, diff);
                break;
            }
        }
    }
}

static int order_planned(const key_plan *p, int64_t n, int64_t *perm, uint8_t *ties)
{
    if (ties) memset(ties, p->nkeys, at_least_one(n));
    if (ties) ties[0] = 0;
    if (p->nwords == 0) {
        for (int64_t i = 0; i < n; i++) perm[i] = i;
        return QY_OK;
    }
    uint64_t **words = alloc_words(p->nwords, n);
    if (!words) return QY_ENOMEM;
    fill_words(p, 0, n, words);
    int row_bits = n > 1 ? 64 - __builtin_clzll((uint64_t)(n - 1)) : 0;
    int rc = QY_OK;
    if (p->nwords == 1 && p->bits[0] + row_bits <= 64) {
        order_one_word(p, words[0], n, perm, ties);
    } else {
        rc = order_by_words(p, words, n, perm);
        if (rc == QY_OK && ties) ties_by_words(p, words, n, perm, ties);
    }
    free_words(words, p->nwords);
    return rc;
}

int qy_table_order_ties(const qy_table *t, const qy_sort_key *keys, int nkeys, int64_t **perm,
                        uint8_t **ties, qy_error *err)
{
    QY_RETURN_NOT_OK(check_keys(t, keys, nkeys, err));
    int64_t *out = qy_malloc(at_least_one(t->nrows) * sizeof *out);
    uint8_t *out_ties = ties ? qy_malloc(at_least_one(t->nrows)) : NULL;
    key_plan p;
    int rc = out && (out_ties || !ties) ? plan_keys(t, keys, nkeys, &p) : QY_ENOMEM;
    if (rc == QY_OK) {
        rc = order_planned(&p, t->nrows, out, out_ties);
        plan_free(&p);
    }
    if (rc != QY_OK) {
        qy_free(out);
        qy_free(out_ties);
        return qy_error_set(err, rc, "not enough memory to sort %lld rows", (long long)t->nrows);
    }
    *perm = out;
    if (ties) *ties = out_ties;
    return QY_OK;
}

int qy_table_order(const qy_table *t, const qy_sort_key *keys, int nkeys, int64_t **perm,
                   qy_error *err)
{
    return qy_table_order_ties(t, keys, nkeys, perm, NULL, err);
}

/* A bounded max-heap of entries of `width` words: a row's words, then the
 * row number, compared word by word. */
typedef struct top_heap {
    uint64_t *entries;
    int64_t size, cap;
    int width;
} top_heap;

static uint64_t *entry(const top_heap *h, int64_t at) { return h->entries + at * h->width; }

static bool entry_less(const uint64_t *a, const uint64_t *b, int width)
{
    for (int w = 0; w < width; w++)
        if (a[w] != b[w]) return a[w] < b[w];
    return false;
}

static void entry_swap(top_heap *h, int64_t a, int64_t b)
{
    uint64_t *x = entry(h, a), *y = entry(h, b);
    for (int w = 0; w < h->width; w++) {
        uint64_t v = x[w];
        x[w] = y[w];
        y[w] = v;
    }
}

static void sift_up(top_heap *h, int64_t at)
{
    while (at > 0 && entry_less(entry(h, (at - 1) / 2), entry(h, at), h->width)) {
        entry_swap(h, at, (at - 1) / 2);
        at = (at - 1) / 2;
    }
}

static void sift_down(top_heap *h, int64_t at)
{
    for (;;) {
        int64_t child = 2 * at + 1;
        if (child >= h->size) return;
        if (child + 1 < h->size && entry_less(entry(h, child), entry(h, child + 1), h->width))
            child++;
        if (!entry_less(entry(h, at), entry(h, child), h->width)) return;
        entry_swap(h, at, child);
        at = child;
    }
}

/* Offers candidate (an entry): kept while the heap has room or when it
 * comes before the largest entry, which it then replaces. */
static void heap_offer(top_heap *h, const uint64_t *candidate)
{
    if (h->size < h->cap) {
        memcpy(entry(h, h->size), candidate, (size_t)h->width * sizeof *candidate);
        sift_up(h, h->size++);
    } else if (entry_less(candidate, entry(h, 0), h->width)) {
        memcpy(entry(h, 0), candidate, (size_t)h->width * sizeof *candidate);
        sift_down(h, 0);
    }
}

/* idx[0..k) = the first k rows in the order (0 < k < nrows): each block of
 * rows is packed and offered to the heap, which is sorted at the end by
 * moving its top behind it. */
static int top_by_heap(const key_plan *p, int64_t nrows, int64_t k, int64_t *idx)
{
    top_heap h = {.cap = k, .width = p->nwords + 1};
    h.entries = qy_malloc((size_t)(k + 1) * (size_t)h.width * sizeof *h.entries);
    uint64_t **words = alloc_words(p->nwords, TOP_BLOCK);
    int rc = h.entries && words ? QY_OK : QY_ENOMEM;
    uint64_t *candidate = h.entries ? entry(&h, k) : NULL;   /* the spare last entry */
    for (int64_t from = 0; from < nrows && rc == QY_OK; from += TOP_BLOCK) {
        int64_t count = nrows - from < TOP_BLOCK ? nrows - from : TOP_BLOCK;
        fill_words(p, from, count, words);
        for (int64_t i = 0; i < count; i++) {
            for (int w = 0; w < p->nwords; w++) candidate[w] = words[w][i];
            candidate[p->nwords] = (uint64_t)(from + i);
            heap_offer(&h, candidate);
        }
    }
    if (rc == QY_OK) {
        for (int64_t size = h.size; size > 1; size--) {
            entry_swap(&h, 0, size - 1);
            h.size = size - 1;
            sift_down(&h, 0);
        }
        for (int64_t i = 0; i < k; i++) idx[i] = (int64_t)entry(&h, i)[p->nwords];
    }
    qy_free(h.entries);
    free_words(words, p->nwords);
    return rc;
}

/* ---- top-k of one integer-like key ------------------------------------- */

/* The common case, "the ten largest amounts": a heap of the m best rows, its
 * root the worst kept, compared on the raw values. The column's zone map
 * (zonemap.h) orders its blocks by their best value, and the scan stops at
 * the first block that cannot beat the worst kept row, so random values read
 * a few blocks instead of the whole column. */
typedef struct int_entry {
    int64_t value;
    int64_t row;
} int_entry;

typedef struct int_top {
    int_entry *heap;
    int64_t size, cap;
    bool descending;
} int_top;

static int64_t int_value(const qy_column *c, int64_t i)
{
    return c->type == QY_DATE ? c->v.date[i] : c->v.i64[i];
}

/* Whether a comes before b: the better value, or on a tie the earlier row. */
static bool int_before(int_entry a, int_entry b, bool descending)
{
    if (a.value != b.value) return descending ? a.value > b.value : a.value < b.value;
    return a.row < b.row;
}

static void int_swap(int_entry *h, int64_t a, int64_t b)
{
    int_entry tmp = h[a];
    h[a] = h[b];
    h[b] = tmp;
}

/* Restores a heap whose root is its last entry in the order (worst_root) or
 * its first (!worst_root). */
static void int_sift_down(int_entry *h, int64_t size, int64_t at, bool descending,
                          bool worst_root)
{
    for (;;) {
        int64_t root = at, l = 2 * at + 1, r = l + 1;
        if (l < size && int_before(h[root], h[l], descending) == worst_root) root = l;
        if (r < size && int_before(h[root], h[r], descending) == worst_root) root = r;
        if (root == at) return;
        int_swap(h, at, root);
        at = root;
    }
}

static void int_sift_up(int_entry *h, int64_t at, bool descending)
{
    while (at > 0 && int_before(h[(at - 1) / 2], h[at], descending)) {
        int_swap(h, at, (at - 1) / 2);
        at = (at - 1) / 2;
    }
}

/* Keeps e while the heap has room or when it comes before the worst kept:
 * a later row equal to the worst never displaces it, so ties keep input
 * order. */
static void int_offer(int_top *t, int_entry e)
{
    if (t->size < t->cap) {
        t->heap[t->size] = e;
        int_sift_up(t->heap, t->size++, t->descending);
    } else if (int_before(e, t->heap[0], t->descending)) {
        t->heap[0] = e;
        int_sift_down(t->heap, t->size, 0, t->descending, true);
    }
}

static void offer_rows(int_top *t, const qy_column *c, int64_t from, int64_t to)
{
    for (int64_t i = from; i < to; i++)
        if (!qy_column_is_null(c, i)) int_offer(t, (int_entry){int_value(c, i), i});
}

/* blocks[0..n): each zone that holds a value as (its best value, its first
 * row), which no row of the zone comes before; returns n. */
static int64_t zone_entries(const qy_zonemap *z, bool descending, int_entry *blocks)
{
    int64_t n = 0;
    for (int64_t b = 0; b < z->nzones; b++) {
        if (z->zone[b].min > z->zone[b].max) continue;   /* all null */
        blocks[n++] = (int_entry){descending ? z->zone[b].max : z->zone[b].min, b * QY_ZONE_ROWS};
    }
    return n;
}

/* Offers the zones best first (a heap of them, its root the best) until the
 * next zone's bound does not come before the worst kept row: neither its
 * rows nor any later zone's can then enter. */
static void offer_zones(int_top *t, const qy_column *c, int_entry *blocks, int64_t n)
{
    for (int64_t at = n / 2; at-- > 0;) int_sift_down(blocks, n, at, t->descending, false);
    while (n > 0) {
        int_entry best = blocks[0];
        if (t->size == t->cap && !int_before(best, t->heap[0], t->descending)) return;
        blocks[0] = blocks[--n];
        int_sift_down(blocks, n, 0, t->descending, false);
        int64_t to = best.row + QY_ZONE_ROWS < c->length ? best.row + QY_ZONE_ROWS : c->length;
        offer_rows(t, c, best.row, to);
    }
}

/* out[0..m): the rows in order; null rows (last in either direction) fill
 * up when fewer than m rows hold values. */
static int top_integer_key(const qy_column *c, bool descending, int64_t m, int64_t *out)
{
    const qy_zonemap *z = qy_column_zonemap(c);
    int_top t = {.cap = m, .descending = descending};
    t.heap = qy_malloc(at_least_one(m) * sizeof *t.heap);
    int_entry *blocks = z ? qy_malloc(at_least_one(z->nzones) * sizeof *blocks) : NULL;
    if (!t.heap || !blocks) {
        qy_free(t.heap);
        qy_free(blocks);
        return QY_ENOMEM;
    }
    offer_zones(&t, c, blocks, zone_entries(z, descending, blocks));
    for (int64_t end = t.size; end > 1; end--) {   /* heap sort: the worst goes last */
        int_swap(t.heap, 0, end - 1);
        int_sift_down(t.heap, end - 1, 0, descending, true);
    }
    int64_t size = t.size;
    for (int64_t j = 0; j < size; j++) out[j] = t.heap[j].row;
    for (int64_t i = 0; i < c->length && size < m; i++)
        if (qy_column_is_null(c, i)) out[size++] = i;
    qy_free(t.heap);
    qy_free(blocks);
    return QY_OK;
}

int qy_table_top_rows(const qy_table *t, int64_t k, const qy_sort_key *keys, int nkeys,
                      int64_t **idx, int64_t *n, qy_error *err)
{
    if (k < 0) return qy_error_set(err, QY_EINVAL, "k must not be negative");
    QY_RETURN_NOT_OK(check_keys(t, keys, nkeys, err));
    int64_t m = k < t->nrows ? k : t->nrows;
    /* A heap pays off while k is a small part of the rows. */
    if (m > t->nrows / 8) {
        QY_RETURN_NOT_OK(qy_table_order(t, keys, nkeys, idx, err));
        int64_t *fitted = qy_realloc(*idx, at_least_one(m) * sizeof *fitted);
        if (fitted) *idx = fitted;
        *n = m;
        return QY_OK;
    }
    int64_t *out = qy_malloc(at_least_one(m) * sizeof *out);
    key_plan p = {0};
    int rc = out ? QY_OK : QY_ENOMEM;
    bool one_integer = nkeys == 1 && qy_zonemap_supported(t->cols[keys[0].column]);
    if (rc == QY_OK && m > 0 && one_integer)
        rc = top_integer_key(t->cols[keys[0].column], keys[0].descending, m, out);
    else if (rc == QY_OK && m > 0) rc = plan_keys(t, keys, nkeys, &p);
    if (rc == QY_OK && m > 0 && !one_integer) rc = top_by_heap(&p, t->nrows, m, out);
    plan_free(&p);
    if (rc != QY_OK) {
        qy_free(out);
        return qy_error_set(err, rc, "not enough memory for the top %lld rows", (long long)k);
    }
    *idx = out;
    *n = m;
    return QY_OK;
}
