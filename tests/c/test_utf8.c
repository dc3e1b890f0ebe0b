/* test_utf8.c — strict decoding, validation, display width and prefixes. */
#include <string.h>

#include <stdbool.h>

#include "check.h"
#include "utf8.h"

static int decode(const char *s, uint32_t *cp) { return qy_utf8_decode(s, strlen(s), cp); }

static size_t width(const char *s) { return qy_utf8_width(s, strlen(s)); }

/* Encodes cp the textbook way, for comparisons; returns the length. */
static int encode(uint32_t cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | cp >> 6);
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | cp >> 12);
        out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | cp >> 18);
    out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A naive decoder of one n-byte sequence by the letter of RFC 3629: the bit
 * pattern, then the shortest form, no surrogates, nothing past U+10FFFF. */
static int reference_valid(const unsigned char *b, int n)
{
    static const unsigned char lead_mask[5] = {0, 0x80, 0xE0, 0xF0, 0xF8};
    static const unsigned char lead_bits[5] = {0, 0x00, 0xC0, 0xE0, 0xF0};
    static const uint32_t smallest[5] = {0, 0, 0x80, 0x800, 0x10000};
    if ((b[0] & lead_mask[n]) != lead_bits[n]) return 0;
    uint32_t cp = b[0] & (uint32_t)~lead_mask[n] & 0xFF;
    for (int i = 1; i < n; i++) {
        if ((b[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (b[i] & 0x3F);
    }
    return cp >= smallest[n] && !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
}

static void test_decode_examples(void)
{
    uint32_t cp = 0;
    CHECK_INT(decode("A", &cp), 1);
    CHECK_INT(cp, 'A');
    CHECK_INT(decode("\xC3\xA9", &cp), 2);   /* é */
    CHECK_INT(cp, 0xE9);
    CHECK_INT(decode("庆", &cp), 3);
    CHECK_INT(cp, 0x5E86);
    CHECK_INT(decode("\xF0\x9F\x98\x80", &cp), 4);   /* 😀 */
    CHECK_INT(cp, 0x1F600);
    CHECK_INT(decode("\xF4\x8F\xBF\xBF", &cp), 4);
    CHECK_INT(cp, 0x10FFFF);
    CHECK_INT(qy_utf8_decode("\0", 1, &cp), 1);
    CHECK_INT(cp, 0);
    cp = 7;
    CHECK_INT(qy_utf8_decode("", 0, &cp), 0);
    CHECK_INT(decode("\xC0\x80", &cp), 0);           /* overlong NUL */
    CHECK_INT(decode("\xC1\xBF", &cp), 0);           /* overlong */
    CHECK_INT(decode("\xE0\x9F\xBF", &cp), 0);       /* overlong 3-byte */
    CHECK_INT(decode("\xF0\x8F\xBF\xBF", &cp), 0);   /* overlong 4-byte */
    CHECK_INT(decode("\xED\xA0\x80", &cp), 0);       /* U+D800 */
    CHECK_INT(decode("\xED\xBF\xBF", &cp), 0);       /* U+DFFF */
    CHECK_INT(decode("\xF4\x90\x80\x80", &cp), 0);   /* U+110000 */
    CHECK_INT(decode("\xF5\x80\x80\x80", &cp), 0);
    CHECK_INT(decode("\xFF", &cp), 0);
    CHECK_INT(decode("\x80", &cp), 0);               /* stray continuation */
    CHECK_INT(decode("\xE5\xBA", &cp), 0);           /* truncated */
    CHECK_INT(qy_utf8_decode("\xE5\xBA\x86", 2, &cp), 0);   /* truncated by len */
    CHECK_INT(decode("\xE5\x41\x86", &cp), 0);       /* not a continuation */
    CHECK_INT(decode("\xF0\x9F\x98", &cp), 0);
    CHECK_INT(cp, 7);
}

/* Every scalar value encodes and decodes back; every surrogate is refused. */
static void test_decode_every_codepoint(void)
{
    int failures = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        unsigned char buf[4];
        int n = encode(cp, buf);
        uint32_t back = 0xFFFFFFFF;
        int got = qy_utf8_decode((const char *)buf, (size_t)n, &back);
        int surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        if (surrogate ? got != 0 : got != n || back != cp) failures++;
    }
    CHECK_INT(failures, 0);
}

/* Every 1-, 2- and 3-byte sequence, and every 4-byte one with the last two
 * bytes drawn from a spread of values, agrees with the reference. */
static void test_decode_agrees_with_reference(void)
{
    static const unsigned char tails[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    int failures = 0;
    for (uint32_t x = 0; x < 1u << 24; x++) {
        unsigned char b[3] = {(unsigned char)(x >> 16), (unsigned char)(x >> 8), (unsigned char)x};
        uint32_t cp;
        int got = qy_utf8_decode((const char *)b, 3, &cp);
        int expected = 0;
        for (int n = 1; n <= 3 && !expected; n++)
            if (reference_valid(b, n)) expected = n;
        if (got != expected) failures++;
    }
    for (uint32_t x = 0xF000; x <= 0xFFFF; x++) {
        for (size_t i = 0; i < sizeof tails; i++) {
            for (size_t j = 0; j < sizeof tails; j++) {
                unsigned char b[4] = {(unsigned char)(x >> 8), (unsigned char)x, tails[i], tails[j]};
                uint32_t cp;
                int got = qy_utf8_decode((const char *)b, 4, &cp);
                if ((got == 4) != reference_valid(b, 4)) failures++;
            }
        }
    }
    CHECK_INT(failures, 0);
}

static void test_validate(void)
{
    CHECK_INT(qy_utf8_validate("", 0), 0);
    CHECK_INT(qy_utf8_validate("abc", 3), 3);
    CHECK_INT(qy_utf8_validate("庆阳市", 9), 9);
    CHECK_INT(qy_utf8_validate("ab\xFF" "cd", 5), 2);
    CHECK_INT(qy_utf8_validate("庆\xE9\x98", 5), 3);              /* truncated at the end */
    CHECK_INT(qy_utf8_validate("x\xED\xA0\x80y", 5), 1);          /* surrogate */
    CHECK_INT(qy_utf8_validate("\xCE\xF7\xB7\xE5", 4), 0);        /* "西峰" in GB18030 */
    CHECK_INT(qy_utf8_validate("a\0b", 3), 3);                    /* NUL is valid UTF-8 */
}

static void test_codepoint_width(void)
{
    CHECK_INT(qy_codepoint_width('a'), 1);
    CHECK_INT(qy_codepoint_width('\t'), 1);   /* controls count one cell */
    CHECK_INT(qy_codepoint_width(0xE9), 1);
    CHECK_INT(qy_codepoint_width(0x0301), 0);   /* combining acute */
    CHECK_INT(qy_codepoint_width(0x200B), 0);
    CHECK_INT(qy_codepoint_width(0xFE0F), 0);
    CHECK_INT(qy_codepoint_width(0x3099), 0);   /* combining kana voicing mark */
    CHECK_INT(qy_codepoint_width(0x1100), 2);
    CHECK_INT(qy_codepoint_width(0x115F), 2);
    CHECK_INT(qy_codepoint_width(0x1160), 0);
    CHECK_INT(qy_codepoint_width(0x3000), 2);   /* ideographic space */
    CHECK_INT(qy_codepoint_width(0xFF0C), 2);   /* ， */
    CHECK_INT(qy_codepoint_width(0xFF08), 2);   /* （ */
    CHECK_INT(qy_codepoint_width(0x4E00), 2);
    CHECK_INT(qy_codepoint_width(0x9FFF), 2);
    CHECK_INT(qy_codepoint_width(0xA000), 2);
    CHECK_INT(qy_codepoint_width(0xAC00), 2);
    CHECK_INT(qy_codepoint_width(0xD7A3), 2);
    CHECK_INT(qy_codepoint_width(0xD7A4), 1);
    CHECK_INT(qy_codepoint_width(0xFF60), 2);
    CHECK_INT(qy_codepoint_width(0xFF61), 1);   /* halfwidth ｡ */
    CHECK_INT(qy_codepoint_width(0xFFE6), 2);
    CHECK_INT(qy_codepoint_width(0x1F600), 2);
    CHECK_INT(qy_codepoint_width(0x1F90D), 2);
    CHECK_INT(qy_codepoint_width(0x20000), 2);
    CHECK_INT(qy_codepoint_width(0x2FFFD), 2);
    CHECK_INT(qy_codepoint_width(0x2FFFE), 1);
    CHECK_INT(qy_codepoint_width(0x3FFFD), 2);
    CHECK_INT(qy_codepoint_width(0xE0100), 0);
    CHECK_INT(qy_codepoint_width(0x10FFFF), 1);
}

static void test_width(void)
{
    CHECK_INT(width("庆阳市"), 6);
    CHECK_INT(width("abc"), 3);
    CHECK_INT(width("（１）"), 6);
    CHECK_INT(width(""), 0);
    CHECK_INT(width("西峰区,1.5"), 10);
    CHECK_INT(width("e\xCC\x81"), 1);              /* e + combining acute */
    CHECK_INT(width("\xF0\x9F\x98\x80!"), 3);      /* 😀! */
    CHECK_INT(width("a\xFF\xFE" "b"), 4);          /* invalid bytes: one cell each */
    CHECK_INT(width("\xE5\xBA"), 2);               /* truncated: two invalid bytes */
    CHECK_INT(width("a\tb\n"), 4);
    CHECK_INT(qy_utf8_width("ab\0cd", 5), 5);
}

static void test_prefix(void)
{
    size_t w = 99;
    CHECK_INT(qy_utf8_prefix("庆阳市", 9, 6, &w), 9);
    CHECK_INT(w, 6);
    CHECK_INT(qy_utf8_prefix("庆阳市", 9, 5, &w), 6);   /* 市 would need cells 5 and 6 */
    CHECK_INT(w, 4);
    CHECK_INT(qy_utf8_prefix("庆阳市", 9, 1, &w), 0);
    CHECK_INT(w, 0);
    CHECK_INT(qy_utf8_prefix("庆阳市", 9, 0, NULL), 0);
    CHECK_INT(qy_utf8_prefix("abc", 3, 2, &w), 2);
    CHECK_INT(w, 2);
    CHECK_INT(qy_utf8_prefix("abc", 3, 100, &w), 3);
    CHECK_INT(w, 3);
    CHECK_INT(qy_utf8_prefix("a庆", 4, 2, &w), 1);
    CHECK_INT(w, 1);
    CHECK_INT(qy_utf8_prefix("e\xCC\x81x", 4, 1, &w), 3);   /* the mark stays with its e */
    CHECK_INT(w, 1);
    CHECK_INT(qy_utf8_prefix("\xFF\xFF\xFF", 3, 2, &w), 2);
    CHECK_INT(w, 2);
    CHECK_INT(qy_utf8_prefix("", 0, 5, &w), 0);
    CHECK_INT(w, 0);
}

/* For every limit, the prefix is whole characters and as wide as allowed. */
static void test_prefix_never_splits(void)
{
    const char *text = "县区a（１）é😀,金额\xCC\x81 b";
    size_t len = strlen(text), total = qy_utf8_width(text, len);
    int failures = 0;
    for (size_t max = 0; max <= total + 1; max++) {
        size_t w;
        size_t n = qy_utf8_prefix(text, len, max, &w);
        int splits = n < len && ((unsigned char)text[n] & 0xC0) == 0x80;
        uint32_t cp;
        int next_fits = n < len && qy_utf8_decode(text + n, len - n, &cp) > 0 &&
                        w + (size_t)qy_codepoint_width(cp) <= max;
        if (splits || w > max || w != qy_utf8_width(text, n) || next_fits) failures++;
    }
    CHECK_INT(failures, 0);
    CHECK_INT(total, 21);
}

/* Validating agrees with decoding one character at a time, for every
 * sequence of three bytes (the fast paths skip ASCII words and common
 * three-byte characters), alone and after seven ASCII bytes. */
static bool valid_by_decoding(const char *s, size_t len)
{
    for (size_t pos = 0; pos < len;) {
        uint32_t cp;
        int n = qy_utf8_decode(s + pos, len - pos, &cp);
        if (n == 0) return false;
        pos += (size_t)n;
    }
    return true;
}

static void validate_agrees_with_decode(void)
{
    int differ = 0;
    char buf[10] = "abcdefg";
    for (uint32_t v = 0; v < (1u << 24); v++) {
        buf[7] = (char)(v >> 16);
        buf[8] = (char)(v >> 8);
        buf[9] = (char)v;
        bool expected = valid_by_decoding(buf + 7, 3);
        differ += (qy_utf8_validate(buf + 7, 3) == 3) != expected;
        differ += (qy_utf8_validate(buf, 10) == 10) != expected;
    }
    CHECK_INT(differ, 0);
}

int main(void)
{
    RUN(test_decode_examples);
    RUN(test_decode_every_codepoint);
    RUN(test_decode_agrees_with_reference);
    RUN(test_validate);
    RUN(test_codepoint_width);
    RUN(test_width);
    RUN(test_prefix);
    RUN(test_prefix_never_splits);
    RUN(validate_agrees_with_decode);
    return check_summary("test_utf8");
}
