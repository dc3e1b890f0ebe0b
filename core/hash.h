/* hash.h — the hash functions the core's hash tables share. Header-only.
 * Not for security: fast and well spread for linear probing. */
#ifndef QY_HASH_H
#define QY_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

#endif
