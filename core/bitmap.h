/* bitmap.h — validity bitmaps: one bit per row, least significant bit first,
 * bit set = the row holds a value, bit clear = null. Header-only. */
#ifndef QY_BITMAP_H
#define QY_BITMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline size_t qy_bitmap_bytes(int64_t nbits) { return (size_t)((nbits + 7) / 8); }

static inline bool qy_bitmap_get(const uint8_t *bits, int64_t i)
{
    return (bits[i >> 3] >> (i & 7)) & 1;
}

static inline void qy_bitmap_set(uint8_t *bits, int64_t i) { bits[i >> 3] |= (uint8_t)(1u << (i & 7)); }

static inline void qy_bitmap_clear(uint8_t *bits, int64_t i) { bits[i >> 3] &= (uint8_t)~(1u << (i & 7)); }

#endif
