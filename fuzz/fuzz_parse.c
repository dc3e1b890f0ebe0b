/* fuzz_parse.c — libFuzzer harness for the value parsers (number.h, date.h,
 * column.h's type names).
 *
 * The whole input goes to every parser. Whatever one accepts must format
 * back to text that parses to the very same value (and scale); a decimal
 * must survive a rescale up and back down; a date's civil fields must
 * name the same day. The exact readers must agree with the plain ones: a
 * decimal's exact scale and its value at any scale with the written one,
 * and float64 holding a number as written with the decimal reader's view
 * of both texts (the one written and the one qy_float_format gives back).
 * A difference traps.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "column.h"
#include "date.h"
#include "error.h"
#include "number.h"

static void fail(const char *what, const uint8_t *data, size_t size)
{
    fprintf(stderr, "%s: \"%.*s\"\n", what, (int)size, (const char *)data);
    __builtin_trap();
}

static void int64_round_trip(const char *s, size_t len)
{
    int64_t v, back;
    char buf[32];
    if (qy_int64_parse(s, len, &v) != QY_OK) return;
    size_t n = qy_decimal_format(v, 0, buf);
    if (qy_int64_parse(buf, n, &back) != QY_OK || back != v) fail("int64", (const uint8_t *)s, len);
}

static void decimal_round_trip(const char *s, size_t len)
{
    int64_t v, back, up, down;
    int scale, back_scale;
    char buf[32];
    if (qy_decimal_parse(s, len, &v, &scale) != QY_OK) return;
    size_t n = qy_decimal_format(v, scale, buf);
    if (qy_decimal_parse(buf, n, &back, &back_scale) != QY_OK || back != v || back_scale != scale)
        fail("decimal", (const uint8_t *)s, len);
    if (scale < QY_NUMBER_MAX_SCALE && qy_decimal_rescale(v, scale, scale + 1, &up) == QY_OK
        && (qy_decimal_rescale(up, scale + 1, scale, &down) != QY_OK || down != v))
        fail("decimal rescale", (const uint8_t *)s, len);
    double d = qy_decimal_to_double(v, scale);
    if (!isfinite(d)) fail("decimal to double", (const uint8_t *)s, len);
}

static bool same_double(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* The exact scale leaves out trailing zeros only; the value at any scale
 * is the exact value rescaled; qy_decimal_parse is it at the written one. */
static void decimal_exact_agrees(const char *s, size_t len)
{
    int64_t v, back, at, want;
    int scale, written, back_scale, back_written;
    char buf[32];
    if (qy_decimal_parse_exact(s, len, &v, &scale, &written) != QY_OK) return;
    if ((scale > 0 && v % 10 == 0) || written < scale) fail("decimal exact scale", (const uint8_t *)s, len);
    size_t n = qy_decimal_format(v, scale, buf);
    if (qy_decimal_parse_exact(buf, n, &back, &back_scale, &back_written) != QY_OK || back != v
        || back_scale != scale || back_written != scale)
        fail("decimal exact", (const uint8_t *)s, len);
    for (int to = 0; to <= QY_NUMBER_MAX_SCALE; to++) {
        int want_rc = to < scale ? QY_ERANGE : qy_decimal_rescale(v, scale, to, &want);
        int rc = qy_decimal_parse_at(s, len, to, &at);
        if (rc != want_rc || (rc == QY_OK && at != want)) fail("decimal at scale", (const uint8_t *)s, len);
    }
    int64_t plain;
    int plain_scale;
    int rc = qy_decimal_parse(s, len, &plain, &plain_scale);
    int want_rc = written > QY_NUMBER_MAX_SCALE ? QY_EOVERFLOW : qy_decimal_rescale(v, scale, written, &want);
    if (rc != want_rc || (rc == QY_OK && (plain != want || plain_scale != written)))
        fail("decimal exact vs plain", (const uint8_t *)s, len);
}

/* A float form's number as its significant digits and the power of ten
 * of the first: written apart from number.c, to check it. false when it
 * has more digits than fit (no double needs them). */
typedef struct normal_form {
    char digits[40];
    long exponent;
    bool zero;
} normal_form;

static bool normalize(const char *s, size_t len, normal_form *out)
{
    size_t i = 0, ndigits = 0;
    long before_point = 0;
    bool point = false, started = false;
    if (i < len && (s[i] == '-' || s[i] == '+')) i++;
    long lead = 0;
    for (; i < len && s[i] != 'e' && s[i] != 'E'; i++) {
        if (s[i] == '.') {
            point = true;
            continue;
        }
        if (!started && s[i] == '0') {
            if (point) lead++;
            continue;
        }
        if (!started) started = true;
        if (!point) before_point++;
        if (ndigits < sizeof out->digits - 1) out->digits[ndigits++] = s[i];
        else if (s[i] != '0') return false;   /* zeros past the room may yet be trailing */
    }
    while (ndigits > 0 && out->digits[ndigits - 1] == '0') ndigits--;
    out->digits[ndigits] = '\0';
    out->zero = ndigits == 0;
    long e = 0;
    if (i < len && !out->zero) {
        bool negative = s[++i] == '-';
        if (s[i] == '-' || s[i] == '+') i++;
        for (; i < len; i++) {
            e = e * 10 + (s[i] - '0');
            if (e > 100000) return false;
        }
        if (negative) e = -e;
    }
    out->exponent = out->zero ? 0 : (before_point > 0 ? before_point : -lead) + e;
    return true;
}

/* float64 holds s as written exactly when qy_float_format writes its
 * double as the same number. */
static void float_exact_by_definition(const char *s, size_t len)
{
    double x, plain;
    if (len > QY_FLOAT_MAX_TEXT || qy_float_parse(s, len, &plain) != QY_OK) return;
    int rc = qy_float_parse_exact(s, len, &x);
    normal_form written, back;
    if (!normalize(s, len, &written)) {
        if (rc == QY_OK) fail("float exact of a long number", (const uint8_t *)s, len);
        return;
    }
    char buf[32];
    size_t n = qy_float_format(plain, buf);
    bool holds = written.zero || (plain != 0 && normalize(buf, n, &back) && !back.zero
                                  && strcmp(written.digits, back.digits) == 0
                                  && written.exponent == back.exponent);
    if (holds != (rc == QY_OK)) fail("float exact by definition", (const uint8_t *)s, len);
}

/* float64 holds s as written exactly when the text qy_float_format gives
 * back is the same decimal number, as the decimal reader sees both. */
static void float_exact_agrees(const char *s, size_t len)
{
    double x = 0, plain, back;
    int rc = qy_float_parse_exact(s, len, &x);
    int plain_rc = len <= QY_FLOAT_MAX_TEXT ? qy_float_parse(s, len, &plain) : QY_OK;
    if (len <= QY_FLOAT_MAX_TEXT && (plain_rc == QY_EPARSE) != (rc == QY_EPARSE))
        fail("float exact form", (const uint8_t *)s, len);
    if (rc == QY_OK && len <= QY_FLOAT_MAX_TEXT && (plain_rc != QY_OK || !same_double(x, plain)))
        fail("float exact vs plain", (const uint8_t *)s, len);
    char buf[32];
    if (rc == QY_OK) {
        size_t n = qy_float_format(x, buf);
        if (qy_float_parse_exact(buf, n, &back) != QY_OK || !same_double(back, x))
            fail("float exact of its own text", (const uint8_t *)s, len);
    }
    int64_t v, fv;
    int scale, written, fscale, fwritten;
    if (qy_decimal_parse_exact(s, len, &v, &scale, &written) != QY_OK) return;
    if (v > -1000000000000000 && v < 1000000000000000
        && (rc != QY_OK || x != qy_decimal_to_double(v, scale)))
        fail("float exact of a short decimal", (const uint8_t *)s, len);
    if (rc != QY_OK && rc != QY_ERANGE) return;
    double y = rc == QY_OK ? x : plain;   /* the double s rounds to */
    if (rc != QY_OK && (len > QY_FLOAT_MAX_TEXT || plain_rc != QY_OK)) return;
    size_t n = qy_float_format(y, buf);
    bool same = qy_decimal_parse_exact(buf, n, &fv, &fscale, &fwritten) == QY_OK && fv == v
             && fscale == scale;
    if (!memchr(buf, 'e', n) && same != (rc == QY_OK)) fail("float exact vs decimal", (const uint8_t *)s, len);
}

static void float_round_trip(const char *s, size_t len)
{
    double x, back;
    char buf[32], shown[32];
    if (qy_float_parse(s, len, &x) != QY_OK) return;
    size_t n = qy_float_format(x, buf);
    if (qy_float_parse(buf, n, &back) != QY_OK || memcmp(&back, &x, sizeof x) != 0)
        fail("float", (const uint8_t *)s, len);
    for (int sig = 1; sig <= 17; sig++)
        if (qy_float_format_display(x, sig, shown) >= sizeof shown) fail("float display", (const uint8_t *)s, len);
}

static void date_round_trip(const char *s, size_t len, int (*parse)(const char *, size_t, int32_t *),
                            const char *what)
{
    int32_t days, back;
    char buf[16];
    if (parse(s, len, &days) != QY_OK) return;
    size_t n = qy_date_format(days, buf);
    if (qy_date_parse(buf, n, &back) != QY_OK || back != days) fail(what, (const uint8_t *)s, len);
    int y, m, d;
    qy_civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999 || qy_days_from_civil(y, m, d) != days) fail(what, (const uint8_t *)s, len);
}

static void type_name_round_trip(const char *s, size_t len)
{
    char name[64], buf[16];
    qy_type type, back;
    int scale, back_scale;
    if (len >= sizeof name) return;
    memcpy(name, s, len);
    name[len] = '\0';
    if (qy_type_parse(name, &type, &scale) != QY_OK) return;
    qy_type_name(type, scale, buf);
    if (qy_type_parse(buf, &back, &back_scale) != QY_OK || back != type || back_scale != scale)
        fail("type name", (const uint8_t *)s, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    int64_round_trip(s, size);
    decimal_round_trip(s, size);
    decimal_exact_agrees(s, size);
    float_round_trip(s, size);
    float_exact_agrees(s, size);
    float_exact_by_definition(s, size);
    date_round_trip(s, size, qy_date_parse, "date");
    date_round_trip(s, size, qy_date_parse_compact, "compact date");
    type_name_round_trip(s, size);
    return 0;
}
