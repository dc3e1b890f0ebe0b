/* utf8.c — strict UTF-8 decoding and the terminal width of text, from range tables. */
#include "utf8.h"

#include <stdbool.h>
#include <string.h>

typedef struct codepoint_range {
    uint32_t first, last;
} codepoint_range;

/* Characters that take no cell: combining marks, zero-width spaces and
 * joiners, variation selectors. Sorted, disjoint. */
static const codepoint_range zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
    {0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
    {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E}, {0x1160, 0x11FF}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF},
    {0x302A, 0x302D}, {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
    {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

/* East Asian Wide and Fullwidth characters and the common emoji blocks.
 * Sorted, disjoint; checked after zero_width, which carves marks out of them. */
static const codepoint_range wide[] = {
    {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
    {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
    {0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static int in_ranges(uint32_t cp, const codepoint_range *ranges, size_t count)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < ranges[mid].first) hi = mid;
        else if (cp > ranges[mid].last) lo = mid + 1;
        else return 1;
    }
    return 0;
}

static int is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

int qy_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *b = (const unsigned char *)s;
    if (len == 0) return 0;
    if (b[0] < 0x80) {
        *cp = b[0];
        return 1;
    }
    /* The lead byte fixes the length and the range the second byte may take:
     * the narrower ranges exclude overlongs (E0, F0), surrogates (ED) and
     * values past U+10FFFF (F4); C0, C1 and F5..FF never lead. */
    int need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b[0] >= 0xC2 && b[0] <= 0xDF) need = 2;
    else if (b[0] >= 0xE0 && b[0] <= 0xEF) need = 3;
    else if (b[0] >= 0xF0 && b[0] <= 0xF4) need = 4;
    else return 0;
    if (b[0] == 0xE0) lo = 0xA0;
    else if (b[0] == 0xED) hi = 0x9F;
    else if (b[0] == 0xF0) lo = 0x90;
    else if (b[0] == 0xF4) hi = 0x8F;

    if (len < (size_t)need || b[1] < lo || b[1] > hi) return 0;
    uint32_t value = b[0] & (0x7F >> need);
    for (int i = 1; i < need; i++) {
        if (!is_continuation(b[i])) return 0;
        value = (value << 6) | (b[i] & 0x3F);
    }
    *cp = value;
    return need;
}

/* Bytes from pos on that are all ASCII, eight at a time. */
static size_t skip_ascii(const unsigned char *b, size_t pos, size_t len)
{
    while (pos + 8 <= len) {
        uint64_t word;
        memcpy(&word, b + pos, 8);
        if (word & 0x8080808080808080ULL) break;
        pos += 8;
    }
    while (pos < len && b[pos] < 0x80) pos++;
    return pos;
}

/* The common CJK case inline: a three-byte sequence E1..EC or EE..EF
 * followed by two continuation bytes (no overlong or surrogate possible). */
static bool plain_three_bytes(const unsigned char *b, size_t left)
{
    return left >= 3 && b[0] >= 0xE1 && b[0] <= 0xEF && b[0] != 0xED && is_continuation(b[1]) &&
           is_continuation(b[2]);
}

size_t qy_utf8_validate(const char *s, size_t len)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t pos = 0;
    while ((pos = skip_ascii(b, pos, len)) < len) {
        if (plain_three_bytes(b + pos, len - pos)) {
            do pos += 3;   /* CJK comes in runs */
            while (plain_three_bytes(b + pos, len - pos));
            continue;
        }
        uint32_t cp;
        int n = qy_utf8_decode(s + pos, len - pos, &cp);
        if (n == 0) return pos;
        pos += (size_t)n;
    }
    return len;
}

int qy_codepoint_width(uint32_t cp)
{
    if (cp < 0x300) return 1;
    if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0])) return 0;
    if (in_ranges(cp, wide, sizeof wide / sizeof wide[0])) return 2;
    return 1;
}

/* Width of the character at s[0..len) and its length in bytes; an invalid
 * byte is one byte of one cell. */
static int next_width(const char *s, size_t len, size_t *bytes)
{
    uint32_t cp;
    int n = qy_utf8_decode(s, len, &cp);
    if (n == 0) {
        *bytes = 1;
        return 1;
    }
    *bytes = (size_t)n;
    return qy_codepoint_width(cp);
}

size_t qy_utf8_width(const char *s, size_t len)
{
    size_t width = 0, pos = 0;
    while (pos < len) {
        size_t bytes;
        width += (size_t)next_width(s + pos, len - pos, &bytes);
        pos += bytes;
    }
    return width;
}

size_t qy_utf8_prefix(const char *s, size_t len, size_t max_width, size_t *width)
{
    size_t used = 0, pos = 0;
    while (pos < len) {
        size_t bytes;
        size_t w = (size_t)next_width(s + pos, len - pos, &bytes);
        if (used + w > max_width) break;   /* marks after the last cell still join it */
        used += w;
        pos += bytes;
    }
    if (width) *width = used;
    return pos;
}
