/* dict.h — a dictionary of distinct byte strings (UTF-8 text), the other half
 * of a dictionary-encoded string column.
 *
 * A dict maps each distinct string to a dense code 0..size-1 in order of first
 * insertion. It is append-only: a code, once given, keeps its string forever,
 * so columns may share one dict (reference counted) while a builder appends.
 * Strings are stored NUL-terminated in one arena; they may contain NUL bytes
 * (the length is authoritative).
 *
 * Lookups go through an index (a hash table of the codes). A dict built by
 * interning keeps it as it grows; one made from an arena builds it the first
 * time a lookup, an intern or a merge into it needs it, so strings that are
 * only read (shown, written, compared by code) never pay for it.
 */
#ifndef QY_DICT_H
#define QY_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct qy_dict qy_dict;
struct qy_mapping;

/* A new empty dict with one reference, or NULL when out of memory. */
qy_dict *qy_dict_new(void);

/* Reference counting: retain returns d; release frees at zero. NULL is fine. */
qy_dict *qy_dict_retain(qy_dict *d);
void qy_dict_release(qy_dict *d);

/* Stores the code of s[0..len) in *code, adding s if it is new.
 * Returns QY_OK, or QY_ENOMEM (d unchanged), or QY_ERANGE past 2^32-1 strings. */
int qy_dict_intern(qy_dict *d, const char *s, size_t len, uint32_t *code);

/* Interns every string of src into d in src's code order, so recode[k]
 * (src's size of them) is the code in d of src's string k. Uses the hashes
 * src already holds, if it has its index. QY_OK, or QY_ENOMEM/QY_ERANGE (d then holds a prefix
 * of src's strings, and recode is partly written). */
int qy_dict_merge(qy_dict *d, const qy_dict *src, uint32_t *recode);

/* QY_OK with the code of s in *code, or QY_ENOTFOUND. The first lookup in
 * a dict from an arena builds its index (thread-safe: lookups may run on
 * several threads at once); without the memory for it, this lookup scans
 * the strings instead, so the answer is right either way. */
int qy_dict_find(const qy_dict *d, const char *s, size_t len, uint32_t *code);

uint32_t qy_dict_size(const qy_dict *d);

/* The string of code (borrowed: valid while d lives); its length in *len
 * when len is not NULL. code must be < qy_dict_size(d). */
const char *qy_dict_get(const qy_dict *d, uint32_t code, size_t *len);

/* The order of bytes: memcmp, then the shorter first. <0, 0 or >0. */
int qy_bytes_compare(const char *a, size_t alen, const char *b, size_t blen);

/* rank[code]: the place of each string of d among all of them sorted by
 * bytes (qy_bytes_compare; UTF-8 code point order). *rank is qy_malloc'd
 * with at least one element, so a null row's code 0 is always in range;
 * the caller frees it. QY_OK or QY_ENOMEM. */
int qy_dict_ranks(const qy_dict *d, uint32_t **rank);

/* Reserves room for n more strings of total_bytes bytes (a hint). */
int qy_dict_reserve(qy_dict *d, uint32_t n, size_t total_bytes);

/* The dict's strings in their stored form, for saving: *arena holds them back
 * to back, each followed by a NUL; string i starts at offsets[i], and
 * offsets[size] is the arena's length. Both are borrowed (valid while d lives
 * and no string is added). */
const char *qy_dict_arena(const qy_dict *d, const uint64_t **offsets);

/* The first string of [from, to) (to <= count) of count strings in that
 * stored form that is malformed -- it ends before it starts, past
 * offsets[count] (the arena's length), or without its NUL; string 0 also
 * when offsets[0] != 0 -- or -1 when none is. Reads offsets[from..to] and one
 * byte of the arena per string, without branching on them, so a big dict is
 * checked at memory speed, in ranges on several threads if need be. */
int64_t qy_dict_arena_flaw(const uint64_t *offsets, const char *arena, uint32_t count,
                           uint32_t from, uint32_t to);

/* A new dict (one reference) of count strings in that stored form, which
 * must be sound (no flaw in [0, count): the caller checks, since a reader of
 * untrusted bytes wants to check on every core), so code i is string i,
 * with no index yet. With owner NULL, offsets and arena (offsets[count]
 * bytes) are copied, one allocation each; otherwise they are borrowed from
 * owner, which gains a reference and must hold them unchanged while it
 * lives (the dict copies them the first time a string is added). QY_OK;
 * QY_EINVAL for 2^32-1 strings or more; QY_ENOMEM. A string that repeats an
 * earlier one is not looked for (that would be the index's whole cost):
 * only a forged file holds one, and a lookup then finds the earlier code. */
int qy_dict_from_arena(const uint64_t *offsets, const char *arena, uint32_t count,
                       struct qy_mapping *owner, qy_dict **out, qy_error *err);

#endif
