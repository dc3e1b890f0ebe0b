/* strfn.c — string functions of string columns; see strfn.h.
 *
 * One engine runs them all: rows are walked once, and the first row of each
 * dict entry asks the function for that entry's result (a number, or text
 * borrowed from the entry or built in a scratch buffer), which is kept in a
 * table by code; a text result is interned into the new dict there, so the
 * table holds its code. Every later row of the entry is a lookup.
 */
#include "strfn.h"

#include <string.h>

#include "alloc.h"
#include "strbuf.h"
#include "utf8.h"
#include "validity.h"

/* The parameters of a function, and what it gives for one entry. */
typedef struct str_args {
    const char *needle;   /* prefix, suffix, text replaced, separator */
    size_t needle_len;
    const char *with;     /* replacement */
    size_t with_len;
    int64_t i, j;         /* sub's positions, split's piece */
} str_args;

typedef struct entry_result {
    bool null;
    int64_t number;       /* int64 and bool results */
    const char *text;     /* string results: borrowed from the entry or the scratch */
    size_t len;
} entry_result;

/* Computes r for the entry s[0..len); returns QY_OK or QY_ENOMEM (scratch). */
typedef int (*entry_fn)(const char *s, size_t len, const str_args *a, qy_strbuf *scratch,
                        entry_result *r);

/* Marks in by_code: not yet computed, and a null result. No int64 result
 * or code takes these values. */
#define UNSEEN INT64_MIN
#define NULL_RESULT (INT64_MIN + 1)

static int check_string(const qy_column *c, qy_error *err)
{
    char name[16];
    if (c->type == QY_STRING) return QY_OK;
    return qy_error_set(err, QY_ETYPE, "string column expected, got %s",
                        qy_type_name(c->type, c->scale, name));
}

/* The by_code value of entry k: its number, or its result's code in the
 * dict of out. */
static int entry_value(const qy_column *c, uint32_t k, entry_fn fn, const str_args *a,
                       qy_column *out, qy_strbuf *scratch, int64_t *value)
{
    size_t len;
    const char *s = qy_dict_get(c->dict, k, &len);
    entry_result r = {0};
    scratch->len = 0;
    QY_RETURN_NOT_OK(fn(s, len, a, scratch, &r));
    if (r.null) {
        *value = NULL_RESULT;
        return QY_OK;
    }
    if (out->type != QY_STRING) {
        *value = r.number;
        return QY_OK;
    }
    uint32_t code;
    QY_RETURN_NOT_OK(qy_dict_intern(out->dict, r.len ? r.text : "", r.len, &code));
    *value = code;
    return QY_OK;
}

static void store(qy_column *out, int64_t i, int64_t value)
{
    switch (out->type) {
    case QY_STRING: out->v.code[i] = (uint32_t)value; break;
    case QY_BOOL: out->v.b[i] = (uint8_t)value; break;
    default: out->v.i64[i] = value; break;
    }
}

/* Fills out's rows from c's through fn, an entry at a time. */
static int map_rows(const qy_column *c, entry_fn fn, const str_args *a, qy_column *out,
                    qy_error *err)
{
    uint32_t size = qy_dict_size(c->dict);
    int64_t *by_code = qy_malloc((size_t)size * sizeof *by_code + 1);
    if (!by_code) return qy_error_set(err, QY_ENOMEM, "not enough memory for a string function");
    for (uint32_t k = 0; k < size; k++) by_code[k] = UNSEEN;
    qy_strbuf scratch = QY_STRBUF_INIT;
    int rc = qy_validity_and(out, c, NULL, err);
    for (int64_t i = 0; i < c->length && rc == QY_OK; i++) {
        if (c->null_count && qy_column_is_null(c, i)) continue;
        int64_t *value = &by_code[c->v.code[i]];
        if (*value == UNSEEN) rc = entry_value(c, c->v.code[i], fn, a, out, &scratch, value);
        if (rc != QY_OK) break;
        if (*value == NULL_RESULT) rc = qy_column_set_null(out, i, err);
        else store(out, i, *value);
    }
    qy_strbuf_free(&scratch);
    qy_free(by_code);
    if (rc == QY_ENOMEM) qy_error_set(err, rc, "not enough memory for a string function");
    return rc;
}

/* A new column of type made from c by fn. */
static int map_column(const qy_column *c, entry_fn fn, const str_args *a, qy_type type,
                      qy_column **out, qy_error *err)
{
    QY_RETURN_NOT_OK(check_string(c, err));
    qy_dict *dict = NULL;
    if (type == QY_STRING && !(dict = qy_dict_new()))
        return qy_error_set(err, QY_ENOMEM, "not enough memory for a string function");
    qy_column *r = NULL;
    int rc = qy_column_new(type, 0, dict, c->length, &r, err);
    qy_dict_release(dict);
    if (rc == QY_OK) rc = map_rows(c, fn, a, r, err);
    if (rc != QY_OK) {
        qy_column_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}

/* ---- characters ---------------------------------------------------------- */

/* Bytes of the character at s[0..len) (len > 0): an invalid byte is one. */
static size_t char_bytes(const char *s, size_t len, uint32_t *cp)
{
    int n = qy_utf8_decode(s, len, cp);
    if (n > 0) return (size_t)n;
    *cp = UINT32_MAX;   /* no code point: never a space */
    return 1;
}

static int64_t count_chars(const char *s, size_t len)
{
    int64_t n = 0;
    for (size_t pos = 0; pos < len; n++) {
        uint32_t cp;
        pos += char_bytes(s + pos, len - pos, &cp);
    }
    return n;
}

/* Byte offset where character number k (0-based) starts, or len. */
static size_t char_offset(const char *s, size_t len, int64_t k)
{
    size_t pos = 0;
    for (; k > 0 && pos < len; k--) {
        uint32_t cp;
        pos += char_bytes(s + pos, len - pos, &cp);
    }
    return pos;
}

static int length_of(const char *s, size_t len, const str_args *a, qy_strbuf *scratch,
                     entry_result *r)
{
    r->number = count_chars(s, len);
    return QY_OK;
}

int qy_str_length(const qy_column *c, qy_column **out, qy_error *err)
{
    str_args a = {0};
    return map_column(c, length_of, &a, QY_INT64, out, err);
}

/* string.sub's start position i in a text of n characters: 1..n+1. */
static int64_t start_position(int64_t i, int64_t n)
{
    if (i > 0) return i;
    if (i == 0 || i < -n) return 1;
    return n + i + 1;
}

/* string.sub's end position j: 0..n. */
static int64_t end_position(int64_t j, int64_t n)
{
    if (j > n) return n;
    if (j >= 0) return j;
    if (j < -n) return 0;
    return n + j + 1;
}

static int sub_of(const char *s, size_t len, const str_args *a, qy_strbuf *scratch,
                  entry_result *r)
{
    int64_t n = count_chars(s, len);
    int64_t first = start_position(a->i, n), last = end_position(a->j, n);
    r->text = s;
    if (first > last) return QY_OK;   /* "" */
    size_t from = char_offset(s, len, first - 1);
    size_t to = from + char_offset(s + from, len - from, last - first + 1);
    r->text = s + from;
    r->len = to - from;
    return QY_OK;
}

int qy_str_sub(const qy_column *c, int64_t i, int64_t j, qy_column **out, qy_error *err)
{
    str_args a = {.i = i, .j = j};
    return map_column(c, sub_of, &a, QY_STRING, out, err);
}

static bool is_space(uint32_t cp)
{
    if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
    switch (cp) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000: case 0xFEFF:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

static int trim_of(const char *s, size_t len, const str_args *a, qy_strbuf *scratch,
                   entry_result *r)
{
    size_t pos = 0, start = len, end = 0;
    while (pos < len) {
        uint32_t cp;
        size_t n = char_bytes(s + pos, len - pos, &cp);
        if (!is_space(cp)) {
            if (start == len) start = pos;
            end = pos + n;
        }
        pos += n;
    }
    r->text = s;
    if (start < end) {
        r->text = s + start;
        r->len = end - start;
    }
    return QY_OK;
}

int qy_str_trim(const qy_column *c, qy_column **out, qy_error *err)
{
    str_args a = {0};
    return map_column(c, trim_of, &a, QY_STRING, out, err);
}

/* ---- bytes --------------------------------------------------------------- */

static int starts_of(const char *s, size_t len, const str_args *a, qy_strbuf *scratch,
                     entry_result *r)
{
    r->number = len >= a->needle_len && memcmp(s, a->needle, a->needle_len) == 0;
    return QY_OK;
}

static int ends_of(const char *s, size_t len, const str_args *a, qy_strbuf *scratch,
                   entry_result *r)
{
    r->number = len >= a->needle_len &&
                memcmp(s + len - a->needle_len, a->needle, a->needle_len) == 0;
    return QY_OK;
}

int qy_str_starts(const qy_column *c, const char *s, size_t len, qy_column **out, qy_error *err)
{
    str_args a = {.needle = s, .needle_len = len};
    return map_column(c, starts_of, &a, QY_BOOL, out, err);
}

int qy_str_ends(const qy_column *c, const char *s, size_t len, qy_column **out, qy_error *err)
{
    str_args a = {.needle = s, .needle_len = len};
    return map_column(c, ends_of, &a, QY_BOOL, out, err);
}

/* Offset of the first occurrence of needle (not empty) in s[from..len), or len. */
static size_t find(const char *s, size_t len, size_t from, const char *needle, size_t nlen)
{
    while (from + nlen <= len) {
        const char *hit = memchr(s + from, needle[0], len - nlen + 1 - from);
        if (!hit) break;
        size_t at = (size_t)(hit - s);
        if (memcmp(hit, needle, nlen) == 0) return at;
        from = at + 1;
    }
    return len;
}

static int replace_of(const char *s, size_t len, const str_args *a, qy_strbuf *scratch,
                      entry_result *r)
{
    size_t pos = 0, hit = find(s, len, 0, a->needle, a->needle_len);
    r->text = s;
    r->len = len;
    if (hit == len) return QY_OK;   /* nothing to replace: the entry itself */
    while (hit < len) {
        QY_RETURN_NOT_OK(qy_strbuf_append(scratch, s + pos, hit - pos));
        QY_RETURN_NOT_OK(qy_strbuf_append(scratch, a->with, a->with_len));
        pos = hit + a->needle_len;
        hit = find(s, len, pos, a->needle, a->needle_len);
    }
    QY_RETURN_NOT_OK(qy_strbuf_append(scratch, s + pos, len - pos));
    r->text = scratch->data;
    r->len = scratch->len;
    return QY_OK;
}

int qy_str_replace(const qy_column *c, const char *from, size_t from_len, const char *to,
                   size_t to_len, qy_column **out, qy_error *err)
{
    if (from_len == 0) return qy_error_set(err, QY_EINVAL, "the text to replace must not be empty");
    str_args a = {.needle = from, .needle_len = from_len, .with = to, .with_len = to_len};
    return map_column(c, replace_of, &a, QY_STRING, out, err);
}

static int split_of(const char *s, size_t len, const str_args *a, qy_strbuf *scratch,
                    entry_result *r)
{
    int64_t pieces = 1;
    for (size_t at = find(s, len, 0, a->needle, a->needle_len); at < len;
         at = find(s, len, at + a->needle_len, a->needle, a->needle_len))
        pieces++;
    int64_t want = a->i > 0 ? a->i : pieces + a->i + 1;
    if (want < 1 || want > pieces) {
        r->null = true;
        return QY_OK;
    }
    size_t start = 0;
    for (int64_t k = 1; k < want; k++)
        start = find(s, len, start, a->needle, a->needle_len) + a->needle_len;
    size_t end = find(s, len, start, a->needle, a->needle_len);
    r->text = s + start;
    r->len = end - start;
    return QY_OK;
}

int qy_str_split(const qy_column *c, const char *sep, size_t sep_len, int64_t piece,
                 qy_column **out, qy_error *err)
{
    if (sep_len == 0) return qy_error_set(err, QY_EINVAL, "the separator must not be empty");
    if (piece == 0) return qy_error_set(err, QY_EINVAL, "piece 0 does not exist (the first is 1, the last -1)");
    str_args a = {.needle = sep, .needle_len = sep_len, .i = piece};
    return map_column(c, split_of, &a, QY_STRING, out, err);
}

/* The entry with ASCII letters from..from+25 moved by shift. Bytes of
 * multi-byte UTF-8 characters are all >= 0x80, so none is touched. */
static int shift_case(const char *s, size_t len, char from, int shift, qy_strbuf *scratch,
                      entry_result *r)
{
    QY_RETURN_NOT_OK(qy_strbuf_append(scratch, s, len));
    for (size_t k = 0; k < len; k++)
        if (s[k] >= from && s[k] <= from + 25) scratch->data[k] = (char)(s[k] + shift);
    r->text = scratch->data;
    r->len = len;
    return QY_OK;
}

static int upper_of(const char *s, size_t len, const str_args *a, qy_strbuf *scratch,
                    entry_result *r)
{
    return shift_case(s, len, 'a', 'A' - 'a', scratch, r);
}

static int lower_of(const char *s, size_t len, const str_args *a, qy_strbuf *scratch,
                    entry_result *r)
{
    return shift_case(s, len, 'A', 'a' - 'A', scratch, r);
}

int qy_str_upper(const qy_column *c, qy_column **out, qy_error *err)
{
    str_args a = {0};
    return map_column(c, upper_of, &a, QY_STRING, out, err);
}

int qy_str_lower(const qy_column *c, qy_column **out, qy_error *err)
{
    str_args a = {0};
    return map_column(c, lower_of, &a, QY_STRING, out, err);
}

/* ---- results computed elsewhere ------------------------------------------ */

void qy_str_used(const qy_column *c, uint8_t *used)
{
    for (int64_t i = 0; i < c->length; i++)
        if (!(c->null_count && qy_column_is_null(c, i))) used[c->v.code[i]] = 1;
}

int qy_str_remap(const qy_column *c, qy_dict *dict, const uint32_t *recode, qy_column **out,
                 qy_error *err)
{
    QY_RETURN_NOT_OK(check_string(c, err));
    qy_column *r = NULL;
    QY_RETURN_NOT_OK(qy_column_new(QY_STRING, 0, dict, c->length, &r, err));
    int rc = qy_validity_and(r, c, NULL, err);
    for (int64_t i = 0; i < c->length && rc == QY_OK; i++) {
        if (c->null_count && qy_column_is_null(c, i)) continue;
        uint32_t code = recode[c->v.code[i]];
        if (code == QY_STR_NULL) rc = qy_column_set_null(r, i, err);
        else r->v.code[i] = code;
    }
    if (rc != QY_OK) {
        qy_column_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}
