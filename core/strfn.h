/* strfn.h — string functions of string columns: length, substrings, trim,
 * prefix and suffix tests, replacing, splitting, ASCII case.
 *
 * Each function works once per distinct value: the first row holding a dict
 * entry computes that entry's result, later rows of the same entry read it
 * from a table by code; entries no row uses are never looked at. A string
 * result goes into a new dict that holds each distinct result once.
 *
 * Characters are UTF-8 code points; a byte that is not part of valid UTF-8
 * counts as one character of its own (the text is never rejected). Nulls
 * stay null. Every function takes a string column -- another type is
 * QY_ETYPE "string column expected, got int64" -- and hands the caller one
 * reference to *out on success; on failure *out is untouched.
 */
#ifndef QY_STRFN_H
#define QY_STRFN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "error.h"

/* int64: the number of characters of each value ("庆阳市" -> 3). */
int qy_str_length(const qy_column *c, qy_column **out, qy_error *err);

/* Characters i..j of each value, by string.sub's rules counted in
 * characters: negative positions count from the end (-1 is the last), 0 is
 * taken as 1, j past the end is the end, and i > j gives "". */
int qy_str_sub(const qy_column *c, int64_t i, int64_t j, qy_column **out, qy_error *err);

/* Each value without the white space at either end: ASCII space, tab, LF,
 * VT, FF, CR, and U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000 (ideographic space), U+FEFF (byte order mark). */
int qy_str_trim(const qy_column *c, qy_column **out, qy_error *err);

/* bool: whether each value starts (ends) with the bytes s[0..len). */
int qy_str_starts(const qy_column *c, const char *s, size_t len, qy_column **out, qy_error *err);
int qy_str_ends(const qy_column *c, const char *s, size_t len, qy_column **out, qy_error *err);

/* Each value with every occurrence of the bytes from[0..from_len) (found
 * left to right, not overlapping) replaced by to[0..to_len). An empty from
 * is QY_EINVAL. */
int qy_str_replace(const qy_column *c, const char *from, size_t from_len, const char *to,
                   size_t to_len, qy_column **out, qy_error *err);

/* Piece number piece (1-based; negative counts from the last, -1) of each
 * value cut at every occurrence of sep[0..sep_len); null where the value has
 * no such piece. An empty sep or a piece of 0 is QY_EINVAL. */
int qy_str_split(const qy_column *c, const char *sep, size_t sep_len, int64_t piece,
                 qy_column **out, qy_error *err);

/* Each value with its ASCII letters in upper (lower) case; every other
 * character, CJK and accented letters included, is left as it is. */
int qy_str_upper(const qy_column *c, qy_column **out, qy_error *err);
int qy_str_lower(const qy_column *c, qy_column **out, qy_error *err);

/* For a caller that computes results per entry itself (the binding's
 * match, which runs Lua's patterns): */

/* used[k] = 1 for each dict code k a non-null row of c holds; used has
 * qy_dict_size(c->dict) bytes, zeroed by the caller. c must be a string
 * column. */
void qy_str_used(const qy_column *c, uint8_t *used);

#define QY_STR_NULL UINT32_MAX

/* A string column over dict (retained) whose row i is recode[code of c's
 * row i], or null where c's row is null or that entry is QY_STR_NULL.
 * recode has an element for each code c's rows use. */
int qy_str_remap(const qy_column *c, qy_dict *dict, const uint32_t *recode, qy_column **out,
                 qy_error *err);

#endif
