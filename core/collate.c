/* collate.c — collations and listed orders as ranks of dict entries; see
 * collate.h.
 *
 * A collation asks ICU for each distinct string's sort key (bytes that
 * compare with strcmp as the collator compares the strings), sorts the
 * entries by key once and numbers them. The collator is opened per call:
 * ICU caches the collation data after the first open (about 0.5 ms), so a
 * later open costs about a microsecond, and a collator of its own keeps a
 * call safe on any thread without a lock.
 */
#include "collate.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "alloc.h"

int qy_collation_parse(const char *name, qy_collation *out, qy_error *err)
{
    if (strcmp(name, "bytes") == 0) *out = QY_COLLATE_BYTES;
    else if (strcmp(name, "pinyin") == 0) *out = QY_COLLATE_PINYIN;
    else return qy_error_set(err, QY_EINVAL, "unknown collation '%s' (pinyin, bytes)", name);
    return QY_OK;
}

/* ---- sort keys ------------------------------------------------------------ */

/* Sort keys of dict entries: entry code's key (with its NUL) starts at
 * at[code] in arena. */
typedef struct sort_keys {
    char *arena;
    size_t used, cap;
    size_t *at;
    UChar *text;           /* scratch: one string in UTF-16 */
    size_t text_cap;
} sort_keys;

static void keys_free(sort_keys *k)
{
    qy_free(k->arena);
    qy_free(k->at);
    qy_free(k->text);
}

/* Grows *buf (of *cap elements of size bytes) to hold at least need. */
static bool reserve(void **buf, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return true;
    size_t grown = *cap ? *cap : 64;
    while (grown < need) grown *= 2;
    void *p = qy_realloc(*buf, grown * size);
    if (!p) return false;
    *buf = p;
    *cap = grown;
    return true;
}

static int icu_failed(UErrorCode status, const char *what, qy_error *err)
{
    if (status == U_MEMORY_ALLOCATION_ERROR)
        return qy_error_set(err, QY_ENOMEM, "not enough memory to %s", what);
    return qy_error_set(err, QY_EINVAL, "ICU could not %s: %s", what, u_errorName(status));
}

/* Appends the sort key of s[0..len) to k's arena; bytes that are not
 * UTF-8 count as U+FFFD. */
static int add_key(sort_keys *k, const UCollator *coll, const char *s, size_t len, qy_error *err)
{
    if (len > INT32_MAX / 2)
        return qy_error_set(err, QY_EINVAL, "a string of %zu bytes is too long to collate", len);
    /* a UTF-8 byte never makes more than one UTF-16 unit */
    if (!reserve((void **)&k->text, &k->text_cap, len + 1, sizeof *k->text))
        return qy_error_set(err, QY_ENOMEM, "not enough memory to collate");
    UErrorCode status = U_ZERO_ERROR;
    int32_t units = 0;
    u_strFromUTF8WithSub(k->text, (int32_t)k->text_cap, &units, s, (int32_t)len, 0xFFFD, NULL,
                         &status);
    if (U_FAILURE(status)) return icu_failed(status, "read a string as UTF-8", err);
    for (;;) {
        size_t room = k->cap - k->used;
        int32_t need = ucol_getSortKey(coll, k->text, units, (uint8_t *)k->arena + k->used,
                                       (int32_t)(room < INT32_MAX ? room : INT32_MAX));
        if (need == 0) return icu_failed(U_INTERNAL_PROGRAM_ERROR, "make a sort key", err);
        if ((size_t)need <= room) {
            k->used += (size_t)need;
            return QY_OK;
        }
        if (!reserve((void **)&k->arena, &k->cap, k->used + (size_t)need, 1))
            return qy_error_set(err, QY_ENOMEM, "not enough memory to collate");
    }
}

/* One entry to sort: its key, then its string for a tie. */
typedef struct keyed_entry {
    const char *key;
    const char *s;
    size_t len;
    uint32_t code;
} keyed_entry;

static int compare_keyed(const void *a, const void *b)
{
    const keyed_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : qy_bytes_compare(x->s, x->len, y->s, y->len);
}

/* rank[code] from the sort keys of d's strings. */
static int rank_by_keys(const qy_dict *d, const sort_keys *k, uint32_t *rank)
{
    uint32_t size = qy_dict_size(d);
    keyed_entry *entries = qy_malloc((size ? size : 1) * sizeof *entries);
    if (!entries) return QY_ENOMEM;
    for (uint32_t code = 0; code < size; code++) {
        keyed_entry *e = &entries[code];
        e->key = k->arena + k->at[code];
        e->s = qy_dict_get(d, code, &e->len);
        e->code = code;
    }
    qsort(entries, size, sizeof *entries, compare_keyed);
    for (uint32_t r = 0; r < size; r++) rank[entries[r].code] = r;
    qy_free(entries);
    return QY_OK;
}

static int pinyin_ranks(const qy_dict *d, uint32_t *rank, qy_error *err)
{
    UErrorCode status = U_ZERO_ERROR;
    UCollator *coll = ucol_open("zh", &status);
    if (U_FAILURE(status)) return icu_failed(status, "open the pinyin collation", err);
    uint32_t size = qy_dict_size(d);
    sort_keys k = {0};
    k.at = qy_malloc((size ? size : 1) * sizeof *k.at);
    int rc = k.at ? QY_OK : qy_error_set(err, QY_ENOMEM, "not enough memory to collate");
    for (uint32_t code = 0; code < size && rc == QY_OK; code++) {
        size_t len;
        const char *s = qy_dict_get(d, code, &len);
        k.at[code] = k.used;
        rc = add_key(&k, coll, s, len, err);
    }
    if (rc == QY_OK && rank_by_keys(d, &k, rank) != QY_OK)
        rc = qy_error_set(err, QY_ENOMEM, "not enough memory to collate");
    keys_free(&k);
    ucol_close(coll);
    return rc;
}

int qy_collate_ranks(const qy_dict *d, qy_collation c, uint32_t **rank, qy_error *err)
{
    if (c == QY_COLLATE_BYTES) {
        if (qy_dict_ranks(d, rank) != QY_OK)
            return qy_error_set(err, QY_ENOMEM, "not enough memory to order strings");
        return QY_OK;
    }
    uint32_t size = qy_dict_size(d);
    uint32_t *out = qy_calloc(size ? size : 1, sizeof *out);
    if (!out) return qy_error_set(err, QY_ENOMEM, "not enough memory to collate");
    int rc = pinyin_ranks(d, out, err);
    if (rc != QY_OK) {
        qy_free(out);
        return rc;
    }
    *rank = out;
    return QY_OK;
}

/* ---- listed orders ------------------------------------------------------- */

/* QY_EINVAL naming the first string list holds twice, else QY_OK: the
 * list goes into a dict of its own, where a repeat adds nothing. */
static int check_unique(const char *const *list, const size_t *len, int64_t n, qy_error *err)
{
    if (n >= (int64_t)UINT32_MAX)
        return qy_error_set(err, QY_EINVAL, "%lld strings listed (at most %lu)", (long long)n,
                            (unsigned long)UINT32_MAX - 1);
    qy_dict *seen = qy_dict_new();
    int rc = seen ? QY_OK : QY_ENOMEM;
    for (int64_t i = 0; i < n && rc == QY_OK; i++) {
        uint32_t code, before = qy_dict_size(seen);
        rc = qy_dict_intern(seen, list[i], len[i], &code);
        if (rc == QY_OK && qy_dict_size(seen) == before)
            rc = qy_error_set(err, QY_EINVAL, "'%.*s' is listed twice", (int)len[i], list[i]);
    }
    qy_dict_release(seen);
    if (rc == QY_ENOMEM) return qy_error_set(err, rc, "not enough memory for the listed order");
    return rc;
}

/* rank[code] for the listed strings d holds, in list order (reversed when
 * descending); UINT32_MAX for the others. Returns how many d holds. */
static uint32_t place_listed(const qy_dict *d, const char *const *list, const size_t *len,
                             int64_t n, bool descending, uint32_t *rank)
{
    uint32_t size = qy_dict_size(d), found = 0;
    for (uint32_t code = 0; code < size; code++) rank[code] = UINT32_MAX;
    for (int64_t i = 0; i < n; i++) {
        uint32_t code;
        if (qy_dict_find(d, list[i], len[i], &code) == QY_OK) rank[code] = found++;
    }
    if (descending)
        for (uint32_t code = 0; code < size; code++)
            if (rank[code] != UINT32_MAX) rank[code] = found - 1 - rank[code];
    return found;
}

int qy_listed_ranks(const qy_dict *d, const char *const *list, const size_t *len, int64_t n,
                    bool descending, const uint32_t *base, uint32_t **rank, qy_error *err)
{
    QY_RETURN_NOT_OK(check_unique(list, len, n, err));
    uint32_t size = qy_dict_size(d);
    uint32_t *out = qy_malloc((size ? size : 1) * sizeof *out);
    uint32_t *by_base = qy_malloc((size ? size : 1) * sizeof *by_base);
    if (!out || !by_base) {
        qy_free(out);
        qy_free(by_base);
        return qy_error_set(err, QY_ENOMEM, "not enough memory for the listed order");
    }
    out[0] = 0;
    uint32_t next = place_listed(d, list, len, n, descending, out);
    /* the others follow in base order: walk the codes by their base rank */
    for (uint32_t code = 0; code < size; code++) by_base[base[code]] = code;
    for (uint32_t r = 0; r < size; r++)
        if (out[by_base[r]] == UINT32_MAX) out[by_base[r]] = next++;
    qy_free(by_base);
    *rank = out;
    return QY_OK;
}
