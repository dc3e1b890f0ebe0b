/* hash.h — the core's hash functions, and the rules its hash tables share.
 *
 * Two kinds of hash, not to be mixed up:
 *   qy_hash_u64, qy_hash_bytes    fixed, the same in every process and every
 *                                 run: for checksums and the names of files
 *                                 (colfile.c, csv_cache.c). They are
 *                                 invertible, so never for a table that data
 *                                 fills: keys can be crafted to collide.
 *   qy_hash_seeded_u64,           keyed by a seed drawn once per process
 *   qy_hash_seeded_bytes          (qy_hash_seed_get): for every hash table
 *                                 (dict.c, groupby.c, join.c, table.c). A
 *                                 128-bit multiply folded to 64 bits with
 *                                 the seed in both operands (after wyhash):
 *                                 without the seed nobody can choose keys
 *                                 that collide, so a crafted file cannot
 *                                 make a load or a group_by quadratic.
 *
 * The tables probe linearly in a power-of-two array at most half full, and
 * no key sits more than QY_PROBE_LIMIT slots past its home slot: an insert
 * that would place it further grows the table (while qy_probe_may_grow), and
 * a lookup gives up after the longest distance the table holds. Nothing a
 * table returns depends on the seed: codes, ids, groups and join rows are
 * numbered by first appearance, never by slot.
 */
#ifndef QY_HASH_H
#define QY_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- fixed hashes: checksums and file names ------------------------------- */

/* A 64-bit finalizer (MurmurHash3's fmix64): every input bit moves every
 * output bit, so integer keys that differ in a few bits still spread. */
static inline uint64_t qy_hash_u64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* Bytes eight at a time, then the finalizer. */
static inline uint64_t qy_hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    uint64_t tail = 0;   /* the last bytes, little-endian, without a call to memcpy */
    for (size_t i = 0; i < n; i++) tail |= (uint64_t)(unsigned char)s[i] << (8 * i);
    return qy_hash_u64(h ^ tail);
}

/* ---- seeded hashes: hash tables ------------------------------------------- */

/* The secret of this process's table hashes. k1 is odd with about as many
 * ones as zeros, so no product by it is degenerate. */
typedef struct qy_hash_seed {
    uint64_t k0, k1;
} qy_hash_seed;

/* The seed, drawn from the kernel (getrandom) on the first call in the
 * process (thread-safe), the same ever after. For tests only, the variable
 * QY_HASH_SEED (a number, read on that first call) fixes it instead, so a
 * run that depends on it could be repeated; results never should. */
qy_hash_seed qy_hash_seed_get(void);

/* The 128-bit product a * b, folded: low half ^ high half. */
static inline uint64_t qy_hash_mum(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
    __extension__ typedef unsigned __int128 u128;
    u128 r = (u128)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
#else
    uint64_t ha = a >> 32, la = (uint32_t)a, hb = b >> 32, lb = (uint32_t)b;
    uint64_t hh = ha * hb, hl = ha * lb, lh = la * hb, ll = la * lb;
    uint64_t mid = (ll >> 32) + (uint32_t)hl + (uint32_t)lh;
    uint64_t lo = (mid << 32) | (uint32_t)ll;
    uint64_t hi = hh + (hl >> 32) + (lh >> 32) + (mid >> 32);
    return lo ^ hi;
#endif
}

/* wyhash's constants: odd, half their bits set. */
#define QY_HASH_P0 0xa0761d6478bd642fULL
#define QY_HASH_P1 0xe7037ed1a0b428dbULL

/* One keyed product, then one by a constant to spread it to every bit. */
static inline uint64_t qy_hash_seeded_u64(qy_hash_seed s, uint64_t x)
{
    return qy_hash_mum(qy_hash_mum(x ^ s.k0, s.k1) ^ QY_HASH_P0, QY_HASH_P1);
}

static inline uint64_t qy_hash_read8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t qy_hash_read4(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* wyhash's shape: sixteen bytes a round, each folding the secret and the
 * state into one product; up to sixteen bytes read as two overlapping words
 * (no loop, no tail of single bytes). */
static inline uint64_t qy_hash_seeded_bytes(qy_hash_seed s, const char *p, size_t n)
{
    uint64_t state = s.k0, a, b;
    if (n <= 16) {
        if (n >= 4) {
            size_t q = (n >> 3) << 2;     /* 0 below 8 bytes, else 4 */
            a = qy_hash_read4(p) << 32 | qy_hash_read4(p + q);
            b = qy_hash_read4(p + n - 4) << 32 | qy_hash_read4(p + n - 4 - q);
        } else if (n > 0) {
            a = (uint64_t)(unsigned char)p[0] << 16 | (uint64_t)(unsigned char)p[n >> 1] << 8
              | (unsigned char)p[n - 1];
            b = 0;
        } else {
            a = b = 0;
        }
    } else {
        size_t left = n;
        while (left > 16) {
            state = qy_hash_mum(qy_hash_read8(p) ^ s.k1, qy_hash_read8(p + 8) ^ state);
            p += 16;
            left -= 16;
        }
        a = qy_hash_read8(p + left - 16);
        b = qy_hash_read8(p + left - 8);
    }
    return qy_hash_mum(qy_hash_mum(a ^ s.k1, b ^ state) ^ QY_HASH_P0 ^ (uint64_t)n, QY_HASH_P1);
}

/* ---- probing ---------------------------------------------------------------- */

/* How far past its home slot a table places a key at most, unless it may
 * not grow. With a half-full table and a hash worth the name a key lands
 * that far once in 10^10 inserts or so; only a broken hash gets near it. */
#define QY_PROBE_LIMIT 128

/* Whether a table of slots slots holding count keys grows rather than place
 * a key beyond QY_PROBE_LIMIT: while it is at least 1/16 full. Emptier
 * than that the keys' hashes are equal, not just close, and growing would
 * not part them. */
static inline bool qy_probe_may_grow(size_t slots, size_t count) { return slots / 16 < count; }

/* For tests: the longest distance past its home slot any table of this
 * process has placed a key at since qy_probe_reset (tables report each new
 * longest of their own through qy_probe_note). Thread-safe. */
uint32_t qy_probe_longest(void);
void qy_probe_reset(void);
void qy_probe_note(uint32_t distance);

#endif
