/* utf8.h — UTF-8 decoding, validation and display width.
 *
 * Display width is what a terminal gives a character: 2 cells for East Asian
 * Wide and Fullwidth characters (CJK ideographs, kana, hangul, fullwidth
 * forms, CJK punctuation such as "，" and "（"), 0 for combining marks and
 * zero-width characters, 1 otherwise. No locale is consulted.
 */
#ifndef QY_UTF8_H
#define QY_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..len) into *cp; returns the bytes used
 * (1..4), or 0 when the bytes there are not valid UTF-8 (overlong forms,
 * surrogates and values past U+10FFFF are invalid). */
int qy_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Offset of the first byte that is not part of valid UTF-8, or len. */
size_t qy_utf8_validate(const char *s, size_t len);

/* Cells the code point takes on a terminal: 0, 1 or 2. */
int qy_codepoint_width(uint32_t cp);

/* Cells s[0..len) takes; an invalid byte counts as one cell. Control
 * characters count one cell (printers replace them before showing). */
size_t qy_utf8_width(const char *s, size_t len);

/* Length in bytes of the longest prefix of s[0..len) that fits in max_width
 * cells without splitting a character; its width goes to *width if not NULL. */
size_t qy_utf8_prefix(const char *s, size_t len, size_t max_width, size_t *width);

#endif
