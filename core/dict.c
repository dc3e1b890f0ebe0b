/* dict.c — interned strings with dense codes; see dict.h.
 *
 * Strings live back to back in one arena, each followed by a NUL; offsets[i]
 * is where string i starts and offsets[size] the end of the last one. Lookup
 * is an open-addressing table of codes (linear probing, at most half full,
 * no code further than QY_PROBE_LIMIT past its home: see hash.h) with each
 * string's seeded hash kept beside it so growing never rehashes text. Every
 * dict hashes with the process's seed, so qy_dict_merge can reuse src's.
 *
 * A dict made from an arena (a columnar file's) has no index until the first
 * lookup needs one: a column of a million distinct names that is only shown
 * or counted never pays for a table of a million slots. The first lookup
 * builds it under the dict's lock (lookups may come from several threads);
 * later ones see `indexed` set and take no lock. Such a dict may also borrow
 * its offsets and arena from the mapping they lie in, and copies them into
 * memory of its own only when a string is added.
 */
#include "dict.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "hash.h"
#include "mapping.h"

struct qy_dict {
    atomic_int refcount;  /* dicts are shared across threads */
    uint32_t size;
    uint32_t entry_cap;
    uint64_t *offsets;     /* entry_cap + 1 */
    char *arena;
    size_t arena_len, arena_cap;
    qy_mapping *owner;     /* NULL, or the mapping offsets and arena are borrowed from */
    /* The index: meaningful once `indexed` is set, which is at once for a
     * dict built by interning, at the first lookup for one from an arena. */
    atomic_bool indexed;
    pthread_mutex_t index_lock;
    uint64_t *hashes;      /* entry_cap */
    uint32_t *slots;       /* code + 1, or 0 for empty */
    size_t slot_mask;      /* slot count - 1 (a power of two) */
    size_t longest;        /* how far past its home slot the furthest code sits */
    qy_hash_seed seed;
};

/* A dict of no strings whose offsets the caller fills (and owns, unless
 * owner is set): indexed says whether its (empty) index is complete. */
static qy_dict *dict_alloc(bool indexed)
{
    qy_dict *d = qy_calloc(1, sizeof *d);
    if (!d) return NULL;
    if (pthread_mutex_init(&d->index_lock, NULL) != 0) {
        qy_free(d);
        return NULL;
    }
    atomic_init(&d->refcount, 1);
    atomic_init(&d->indexed, indexed);
    d->seed = qy_hash_seed_get();
    return d;
}

qy_dict *qy_dict_new(void)
{
    qy_dict *d = dict_alloc(true);
    if (d && !(d->offsets = qy_calloc(1, sizeof *d->offsets))) {
        qy_dict_release(d);
        return NULL;
    }
    return d;
}

qy_dict *qy_dict_retain(qy_dict *d)
{
    if (d) atomic_fetch_add(&d->refcount, 1);
    return d;
}

void qy_dict_release(qy_dict *d)
{
    if (!d || atomic_fetch_sub(&d->refcount, 1) > 1) return;
    if (d->owner) {
        qy_mapping_release(d->owner);
    } else {
        qy_free(d->offsets);
        qy_free(d->arena);
    }
    qy_free(d->hashes);
    qy_free(d->slots);
    pthread_mutex_destroy(&d->index_lock);
    qy_free(d);
}

uint32_t qy_dict_size(const qy_dict *d) { return d->size; }

const char *qy_dict_get(const qy_dict *d, uint32_t code, size_t *len)
{
    uint64_t start = d->offsets[code];
    if (len) *len = (size_t)(d->offsets[code + 1] - start - 1);
    return d->arena + start;
}

/* Byte equality inline: the strings here are short (names of places and
 * firms), where a call to memcmp costs more than the comparing. */
static bool same_bytes(const char *a, const char *b, size_t len)
{
    for (; len >= 8; a += 8, b += 8, len -= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y) return false;
    }
    for (size_t i = 0; i < len; i++)
        if (a[i] != b[i]) return false;
    return true;
}

static int entry_is(const qy_dict *d, uint32_t code, uint64_t hash, const char *s, size_t len)
{
    if (d->hashes[code] != hash) return 0;
    uint64_t start = d->offsets[code];
    return d->offsets[code + 1] - start - 1 == len && same_bytes(d->arena + start, s, len);
}

/* The code of s, or -1: no code sits further than d->longest past its home. */
static int64_t find_code(const qy_dict *d, uint64_t hash, const char *s, size_t len)
{
    size_t i = (size_t)hash & d->slot_mask;
    for (size_t dist = 0; dist <= d->longest && d->slots[i] != 0; dist++) {
        if (entry_is(d, d->slots[i] - 1, hash, s, len)) return d->slots[i] - 1;
        i = (i + 1) & d->slot_mask;
    }
    return -1;
}

/* The first empty slot from hash's home; how far past it in *dist. */
static size_t empty_slot(const uint32_t *slots, size_t mask, uint64_t hash, size_t *dist)
{
    size_t i = (size_t)hash & mask, k = 0;
    for (; slots[i] != 0; k++) i = (i + 1) & mask;
    *dist = k;
    return i;
}

static void note_longest(qy_dict *d, size_t dist)
{
    if (dist <= d->longest) return;
    d->longest = dist;
    qy_probe_note(dist > UINT32_MAX ? UINT32_MAX : (uint32_t)dist);
}

/* Replaces the slot table by one of nslots (a power of two) holding the
 * codes below ncodes, or of more slots while one would sit beyond
 * QY_PROBE_LIMIT and the table may grow. On failure d is as it was. */
static int index_slots(qy_dict *d, size_t nslots, uint32_t ncodes)
{
    for (;; nslots *= 2) {
        uint32_t *slots = qy_calloc(nslots, sizeof *slots);
        if (!slots) return QY_ENOMEM;
        size_t mask = nslots - 1, longest = 0;
        for (uint32_t code = 0; code < ncodes; code++) {
            size_t dist, i = empty_slot(slots, mask, d->hashes[code], &dist);
            slots[i] = code + 1;
            if (dist > longest) longest = dist;
        }
        if (longest > QY_PROBE_LIMIT && qy_probe_may_grow(nslots, ncodes)) {
            qy_free(slots);
            continue;
        }
        qy_free(d->slots);
        d->slots = slots;
        d->slot_mask = mask;
        d->longest = 0;
        note_longest(d, longest);
        return QY_OK;
    }
}

/* Builds the index of a dict whose strings are in place: each one's hash,
 * then the slot table. A string that repeats an earlier one (only a forged
 * file holds one) is placed after it, so a lookup finds the earlier code. */
static int build_index(qy_dict *d)
{
    uint64_t *hashes = qy_malloc((size_t)(d->entry_cap ? d->entry_cap : 1) * sizeof *hashes);
    if (!hashes) return QY_ENOMEM;
    for (uint32_t code = 0; code < d->size; code++) {
        size_t len;
        const char *s = qy_dict_get(d, code, &len);
        hashes[code] = qy_hash_seeded_bytes(d->seed, s, len);
    }
    d->hashes = hashes;
    size_t nslots = 16;
    while (nslots < (size_t)d->size * 2) nslots *= 2;
    int rc = index_slots(d, nslots, d->size);
    if (rc != QY_OK) {
        qy_free(d->hashes);
        d->hashes = NULL;
    }
    return rc;
}

/* The index, built now if it is not yet: QY_OK or QY_ENOMEM (no index). */
static int ensure_index(const qy_dict *cd)
{
    qy_dict *d = (qy_dict *)cd;   /* the index is a cache: building it changes no string */
    if (atomic_load_explicit(&d->indexed, memory_order_acquire)) return QY_OK;
    pthread_mutex_lock(&d->index_lock);
    int rc = QY_OK;
    if (!atomic_load_explicit(&d->indexed, memory_order_relaxed)) {
        rc = build_index(d);
        if (rc == QY_OK) atomic_store_explicit(&d->indexed, true, memory_order_release);
    }
    pthread_mutex_unlock(&d->index_lock);
    return rc;
}

/* The first code of s by looking at every string: the answer without an index. */
static int64_t scan_for(const qy_dict *d, const char *s, size_t len)
{
    for (uint32_t code = 0; code < d->size; code++) {
        uint64_t start = d->offsets[code];
        if (d->offsets[code + 1] - start - 1 == len && same_bytes(d->arena + start, s, len))
            return code;
    }
    return -1;
}

int qy_dict_find(const qy_dict *d, const char *s, size_t len, uint32_t *code)
{
    if (d->size == 0) return QY_ENOTFOUND;
    int64_t c = ensure_index(d) == QY_OK
              ? find_code(d, qy_hash_seeded_bytes(d->seed, s, len), s, len)
              : scan_for(d, s, len);   /* no memory for an index: slowly, but right */
    if (c < 0) return QY_ENOTFOUND;
    *code = (uint32_t)c;
    return QY_OK;
}

/* Copies borrowed offsets and arena into memory of d's own. */
static int own_storage(qy_dict *d)
{
    if (!d->owner) return QY_OK;
    size_t bytes = d->arena_len ? d->arena_len : 1;
    uint64_t *offsets = qy_malloc(((size_t)d->size + 1) * sizeof *offsets);
    char *arena = qy_malloc(bytes);
    if (!offsets || !arena) {
        qy_free(offsets);
        qy_free(arena);
        return QY_ENOMEM;
    }
    memcpy(offsets, d->offsets, ((size_t)d->size + 1) * sizeof *offsets);
    memcpy(arena, d->arena, d->arena_len);
    qy_mapping_release(d->owner);
    d->owner = NULL;
    d->offsets = offsets;
    d->arena = arena;
    d->arena_cap = bytes;
    d->entry_cap = d->size;
    return QY_OK;
}

/* Before a string is added: the index complete, the storage d's own. */
static int prepare_to_add(qy_dict *d)
{
    QY_RETURN_NOT_OK(ensure_index(d));
    return own_storage(d);
}

/* Puts code, whose hash is in place, into the slot table, which holds the
 * codes before it: grows the table rather than put it beyond
 * QY_PROBE_LIMIT. On failure d is as it was. */
static int place_code(qy_dict *d, uint32_t code)
{
    for (;;) {
        size_t dist, i = empty_slot(d->slots, d->slot_mask, d->hashes[code], &dist);
        if (dist <= QY_PROBE_LIMIT || !qy_probe_may_grow(d->slot_mask + 1, (size_t)code + 1)) {
            d->slots[i] = code + 1;
            note_longest(d, dist);
            return QY_OK;
        }
        QY_RETURN_NOT_OK(index_slots(d, (d->slot_mask + 1) * 2, code));
    }
}

static int grow_entries(qy_dict *d, uint32_t cap)
{
    uint64_t *offsets = qy_realloc(d->offsets, ((size_t)cap + 1) * sizeof *offsets);
    if (!offsets) return QY_ENOMEM;
    d->offsets = offsets;
    uint64_t *hashes = qy_realloc(d->hashes, (size_t)cap * sizeof *hashes);
    if (!hashes) return QY_ENOMEM;
    d->hashes = hashes;
    d->entry_cap = cap;
    return QY_OK;
}

static int grow_arena(qy_dict *d, size_t need)
{
    size_t cap = d->arena_cap ? d->arena_cap : 256;
    while (cap < need) cap *= 2;
    char *arena = qy_realloc(d->arena, cap);
    if (!arena) return QY_ENOMEM;
    d->arena = arena;
    d->arena_cap = cap;
    return QY_OK;
}

int qy_dict_reserve(qy_dict *d, uint32_t n, size_t total_bytes)
{
    QY_RETURN_NOT_OK(prepare_to_add(d));
    uint64_t want = (uint64_t)d->size + n;
    if (want > UINT32_MAX - 1) return QY_ERANGE;
    if (want > d->entry_cap) QY_RETURN_NOT_OK(grow_entries(d, (uint32_t)want));
    if (d->arena_len + total_bytes + n > d->arena_cap)
        QY_RETURN_NOT_OK(grow_arena(d, d->arena_len + total_bytes + n));
    size_t nslots = d->slot_mask + 1;
    if (!d->slots || want * 2 > nslots) {
        size_t target = 16;
        while (target < want * 2) target *= 2;
        QY_RETURN_NOT_OK(index_slots(d, target, d->size));
    }
    return QY_OK;
}

/* qy_dict_intern with s's hash already known. */
static int intern_hashed(qy_dict *d, const char *s, size_t len, uint64_t hash, uint32_t *code)
{
    int64_t found = d->slots ? find_code(d, hash, s, len) : -1;
    if (found >= 0) {
        *code = (uint32_t)found;
        return QY_OK;
    }
    if (d->size == UINT32_MAX - 1) return QY_ERANGE;
    /* Grow everything first, so a failure leaves d as it was. */
    if (d->size == d->entry_cap) {
        uint32_t cap = d->entry_cap < 16 ? 16
                     : d->entry_cap > (UINT32_MAX - 1) / 2 ? UINT32_MAX - 1 : d->entry_cap * 2;
        QY_RETURN_NOT_OK(grow_entries(d, cap));
    }
    if (len + 1 > d->arena_cap - d->arena_len)
        QY_RETURN_NOT_OK(grow_arena(d, d->arena_len + len + 1));
    if (!d->slots || ((size_t)d->size + 1) * 2 > d->slot_mask + 1)
        QY_RETURN_NOT_OK(index_slots(d, d->slots ? (d->slot_mask + 1) * 2 : 16, d->size));

    uint32_t c = d->size;
    d->hashes[c] = hash;
    QY_RETURN_NOT_OK(place_code(d, c));
    memcpy(d->arena + d->arena_len, s, len);
    d->arena[d->arena_len + len] = '\0';
    d->arena_len += len + 1;
    d->offsets[c + 1] = d->arena_len;
    d->size++;
    *code = c;
    return QY_OK;
}

int qy_dict_intern(qy_dict *d, const char *s, size_t len, uint32_t *code)
{
    QY_RETURN_NOT_OK(prepare_to_add(d));
    return intern_hashed(d, s, len, qy_hash_seeded_bytes(d->seed, s, len), code);
}

/* How far ahead the merge asks for the slot it will probe: a big dict's
 * slots are not in cache, and waiting for each in turn is most of the time. */
#define MERGE_PREFETCH 8

int qy_dict_merge(qy_dict *d, const qy_dict *src, uint32_t *recode)
{
    QY_RETURN_NOT_OK(prepare_to_add(d));
    /* src's hashes when it has them (the same seed: every dict uses the process's) */
    bool hashed = atomic_load_explicit(&src->indexed, memory_order_acquire);
    for (uint32_t k = 0; k < src->size; k++) {
        if (hashed && k + MERGE_PREFETCH < src->size && d->slots)
            __builtin_prefetch(&d->slots[(size_t)src->hashes[k + MERGE_PREFETCH] & d->slot_mask]);
        size_t len;
        const char *s = qy_dict_get(src, k, &len);
        uint64_t hash = hashed ? src->hashes[k] : qy_hash_seeded_bytes(d->seed, s, len);
        QY_RETURN_NOT_OK(intern_hashed(d, s, len, hash, &recode[k]));
    }
    return QY_OK;
}

int qy_bytes_compare(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen > blen) - (alen < blen);
}

typedef struct ranked_entry {
    uint64_t prefix;       /* the first 8 bytes, big-endian, zero-padded */
    const char *s;
    size_t len;
    uint32_t code;
} ranked_entry;

/* Most strings differ in their first bytes: compare those as one integer. */
static int compare_ranked(const void *pa, const void *pb)
{
    const ranked_entry *a = pa, *b = pb;
    if (a->prefix != b->prefix) return a->prefix < b->prefix ? -1 : 1;
    return qy_bytes_compare(a->s, a->len, b->s, b->len);
}

int qy_dict_ranks(const qy_dict *d, uint32_t **out)
{
    uint32_t size = d->size;
    size_t n = size ? size : 1;
    ranked_entry *entries = qy_malloc(n * sizeof *entries);
    uint32_t *rank = qy_calloc(n, sizeof *rank);
    if (!entries || !rank) {
        qy_free(entries);
        qy_free(rank);
        return QY_ENOMEM;
    }
    for (uint32_t code = 0; code < size; code++) {
        ranked_entry *e = &entries[code];
        e->s = qy_dict_get(d, code, &e->len);
        e->code = code;
        e->prefix = 0;
        for (size_t k = 0; k < 8; k++)
            e->prefix = e->prefix << 8 | (k < e->len ? (uint8_t)e->s[k] : 0);
    }
    qsort(entries, size, sizeof *entries, compare_ranked);
    for (uint32_t r = 0; r < size; r++) rank[entries[r].code] = r;
    qy_free(entries);
    *out = rank;
    return QY_OK;
}

const char *qy_dict_arena(const qy_dict *d, const uint64_t **offsets)
{
    *offsets = d->offsets;
    return d->arena ? d->arena : "";
}

int64_t qy_dict_arena_flaw(const uint64_t *offsets, const char *arena, uint32_t count,
                           uint32_t from, uint32_t to)
{
    uint64_t end = offsets[count];   /* the arena's length: no string may end past it */
    if (end == 0) return from < to ? (int64_t)from : -1;   /* no room for even a NUL */
    bool bad = from == 0 && count > 0 && offsets[0] != 0;
    for (uint32_t i = from; i < to; i++) {
        uint64_t stop = offsets[i + 1];
        uint64_t last = stop - 1 < end ? stop - 1 : 0;   /* a byte to read, in range either way */
        bad |= (stop <= offsets[i]) | (stop > end) | (arena[last] != '\0');
    }
    if (!bad) return -1;
    if (from == 0 && offsets[0] != 0) return 0;
    for (uint32_t i = from; i < to; i++)
        if (offsets[i + 1] <= offsets[i] || offsets[i + 1] > end || arena[offsets[i + 1] - 1] != '\0')
            return i;
    return -1;
}

int qy_dict_from_arena(const uint64_t *offsets, const char *arena, uint32_t count,
                       qy_mapping *owner, qy_dict **out, qy_error *err)
{
    if (count == UINT32_MAX) return qy_error_set(err, QY_EINVAL, "too many dictionary strings");
    size_t bytes = (size_t)offsets[count];
    qy_dict *d = dict_alloc(false);
    if (d && owner) {
        d->offsets = (uint64_t *)offsets;   /* never written: own_storage copies first */
        d->arena = (char *)arena;
        d->owner = qy_mapping_retain(owner);
    } else if (d) {
        d->offsets = qy_malloc(((size_t)count + 1) * sizeof *d->offsets);
        d->arena = qy_malloc(bytes ? bytes : 1);
        if (d->offsets) memcpy(d->offsets, offsets, ((size_t)count + 1) * sizeof *offsets);
        if (d->arena) memcpy(d->arena, arena, bytes);
    }
    if (!d || !d->offsets || !d->arena) {
        qy_dict_release(d);
        return qy_error_set(err, QY_ENOMEM, "not enough memory for a dictionary of %u strings", count);
    }
    d->size = d->entry_cap = count;
    d->arena_len = d->arena_cap = bytes;
    *out = d;
    return QY_OK;
}
