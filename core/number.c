/* number.c — exact text <-> number conversions: integers and decimals by hand, floats via strtod. */
#include "number.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static const int64_t powers_of_ten[QY_NUMBER_MAX_SCALE + 1] = {
    1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
    100000000LL, 1000000000LL, 10000000000LL, 100000000000LL, 1000000000000LL,
    10000000000000LL, 100000000000000LL, 1000000000000000LL, 10000000000000000LL,
    100000000000000000LL, 1000000000000000000LL,
};

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Consumes an optional '+' or '-' at s[*pos]; returns 1 for '-'. */
static int read_sign(const char *s, size_t len, size_t *pos)
{
    if (*pos < len && (s[*pos] == '+' || s[*pos] == '-')) return s[(*pos)++] == '-';
    return 0;
}

/* Appends one digit to a value kept negative, so that INT64_MIN is reachable
 * without overflowing on the way. */
static int push_digit(int64_t *negated, char digit)
{
    int64_t shifted;
    if (__builtin_mul_overflow(*negated, 10, &shifted)) return QY_EOVERFLOW;
    if (__builtin_sub_overflow(shifted, digit - '0', negated)) return QY_EOVERFLOW;
    return QY_OK;
}

/* Turns the negated magnitude back into the signed value. */
static int apply_sign(int64_t negated, int negative, int64_t *out)
{
    if (negative) {
        *out = negated;
        return QY_OK;
    }
    if (negated == INT64_MIN) return QY_EOVERFLOW;
    *out = -negated;
    return QY_OK;
}

int qy_int64_parse(const char *s, size_t len, int64_t *out)
{
    size_t pos = 0;
    int negative = read_sign(s, len, &pos);
    if (pos == len) return QY_EPARSE;
    int64_t negated = 0;
    int overflow = 0;
    for (; pos < len; pos++) {
        if (!is_digit(s[pos])) return QY_EPARSE;
        if (!overflow && push_digit(&negated, s[pos]) != QY_OK) overflow = 1;
    }
    if (overflow) return QY_EOVERFLOW;
    return apply_sign(negated, negative, out);
}

bool qy_number_has_leading_zero(const char *s, size_t len)
{
    size_t pos = 0;
    read_sign(s, len, &pos);
    return len - pos >= 2 && s[pos] == '0' && is_digit(s[pos + 1]);
}

/* What a scan of [sign] digits [. digits] found. */
typedef struct decimal_scan {
    int rc;                /* QY_OK, QY_EPARSE, or QY_EOVERFLOW: the value at exact does not fit */
    int64_t value;         /* at scale exact (QY_OK only) */
    int64_t exact;         /* digits after the point up to the last non-zero one */
    int64_t written;       /* digits after the point */
} decimal_scan;

/* One pass over a decimal. Zeros after the point are held back until a
 * non-zero digit follows them, so trailing zeros, however many, never
 * overflow the value; the counts go on past an overflow. */
static void scan_decimal(const char *s, size_t len, decimal_scan *d)
{
    size_t pos = 0;
    int negative = read_sign(s, len, &pos);
    int64_t negated = 0, held_zeros = 0;
    int64_t digits = 0, after_point = -1;
    int overflow = 0;
    d->exact = 0;
    for (; pos < len; pos++) {
        if (s[pos] == '.' && after_point < 0) {
            after_point = 0;
            continue;
        }
        if (!is_digit(s[pos])) {
            d->rc = QY_EPARSE;
            return;
        }
        digits++;
        if (after_point >= 0) {
            after_point++;
            if (s[pos] == '0') {
                held_zeros++;
                continue;
            }
            d->exact = after_point;
        }
        for (; held_zeros > 0 && !overflow; held_zeros--)
            overflow = push_digit(&negated, '0') != QY_OK;
        held_zeros = 0;
        if (!overflow) overflow = push_digit(&negated, s[pos]) != QY_OK;
    }
    d->written = after_point < 0 ? 0 : after_point;
    if (digits == 0) d->rc = QY_EPARSE;
    else if (overflow) d->rc = QY_EOVERFLOW;
    else d->rc = apply_sign(negated, negative, &d->value);
}

int qy_decimal_parse_exact(const char *s, size_t len, int64_t *value, int *scale, int *written)
{
    decimal_scan d;
    scan_decimal(s, len, &d);
    if (d.rc != QY_OK) return d.rc;
    if (d.exact > QY_NUMBER_MAX_SCALE) return QY_EOVERFLOW;
    *value = d.value;
    *scale = (int)d.exact;
    *written = d.written > INT_MAX ? INT_MAX : (int)d.written;
    return QY_OK;
}

int qy_decimal_parse(const char *s, size_t len, int64_t *value, int *scale)
{
    decimal_scan d;
    scan_decimal(s, len, &d);
    if (d.rc != QY_OK) return d.rc;
    if (d.written > QY_NUMBER_MAX_SCALE) return QY_EOVERFLOW;
    QY_RETURN_NOT_OK(qy_decimal_rescale(d.value, (int)d.exact, (int)d.written, &d.value));
    *value = d.value;
    *scale = (int)d.written;
    return QY_OK;
}

int qy_decimal_parse_at(const char *s, size_t len, int scale, int64_t *value)
{
    if (scale < 0 || scale > QY_NUMBER_MAX_SCALE) return QY_ERANGE;
    decimal_scan d;
    scan_decimal(s, len, &d);
    if (d.rc == QY_EPARSE) return d.rc;
    if (d.exact > scale) return QY_ERANGE;
    if (d.rc != QY_OK) return d.rc;
    QY_RETURN_NOT_OK(qy_decimal_rescale(d.value, (int)d.exact, scale, &d.value));
    *value = d.value;
    return QY_OK;
}

static int valid_scale(int scale) { return scale >= 0 && scale <= QY_NUMBER_MAX_SCALE; }

int qy_decimal_rescale(int64_t v, int from, int to, int64_t *out)
{
    if (!valid_scale(from) || !valid_scale(to)) return QY_ERANGE;
    if (to >= from) {
        if (__builtin_mul_overflow(v, powers_of_ten[to - from], out)) return QY_EOVERFLOW;
        return QY_OK;
    }
    int64_t divisor = powers_of_ten[from - to];
    if (v % divisor != 0) return QY_ERANGE;
    *out = v / divisor;
    return QY_OK;
}

/* Brings a and b to their common (larger) scale. */
static int align_scales(int64_t *a, int as, int64_t *b, int bs, int *scale)
{
    *scale = as > bs ? as : bs;
    QY_RETURN_NOT_OK(qy_decimal_rescale(*a, as, *scale, a));
    return qy_decimal_rescale(*b, bs, *scale, b);
}

int qy_decimal_add(int64_t a, int as, int64_t b, int bs, int64_t *out, int *scale)
{
    QY_RETURN_NOT_OK(align_scales(&a, as, &b, bs, scale));
    return __builtin_add_overflow(a, b, out) ? QY_EOVERFLOW : QY_OK;
}

int qy_decimal_sub(int64_t a, int as, int64_t b, int bs, int64_t *out, int *scale)
{
    QY_RETURN_NOT_OK(align_scales(&a, as, &b, bs, scale));
    return __builtin_sub_overflow(a, b, out) ? QY_EOVERFLOW : QY_OK;
}

int qy_decimal_mul(int64_t a, int as, int64_t b, int bs, int64_t *out, int *scale)
{
    if (!valid_scale(as) || !valid_scale(bs) || !valid_scale(as + bs)) return QY_ERANGE;
    *scale = as + bs;
    return __builtin_mul_overflow(a, b, out) ? QY_EOVERFLOW : QY_OK;
}

size_t qy_decimal_format(int64_t v, int scale, char *buf)
{
    /* The magnitude as unsigned, which holds -INT64_MIN. */
    uint64_t magnitude = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char reversed[24];
    int ndigits = 0;
    do {
        reversed[ndigits++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    while (ndigits <= scale) reversed[ndigits++] = '0';   /* a leading "0." */

    size_t n = 0;
    if (v < 0) buf[n++] = '-';
    for (int i = ndigits - 1; i >= 0; i--) {
        if (i == scale - 1) buf[n++] = '.';
        buf[n++] = reversed[i];
    }
    buf[n] = '\0';
    return n;
}

double qy_decimal_to_double(int64_t v, int scale)
{
    const int64_t exact_limit = (int64_t)1 << 53;
    if (v > -exact_limit && v < exact_limit && valid_scale(scale))
        return (double)v / (double)powers_of_ten[scale];   /* both exact: one rounding */
    char text[32];
    qy_decimal_format(v, scale, text);
    return strtod(text, NULL);
}

/* Length of the longest run of digits at s[pos..len). */
static size_t digit_run(const char *s, size_t len, size_t pos)
{
    size_t start = pos;
    while (pos < len && is_digit(s[pos])) pos++;
    return pos - start;
}

/* Whether s[0..len) is [sign] (digits [. digits*] | . digits) [e [sign] digits]:
 * the forms strtod reads that we accept, and nothing else. */
static int is_float_form(const char *s, size_t len)
{
    size_t pos = 0;
    read_sign(s, len, &pos);
    size_t int_digits = digit_run(s, len, pos);
    pos += int_digits;
    size_t frac_digits = 0;
    if (pos < len && s[pos] == '.') {
        frac_digits = digit_run(s, len, ++pos);
        pos += frac_digits;
    }
    if (int_digits + frac_digits == 0) return 0;
    if (pos < len && (s[pos] == 'e' || s[pos] == 'E')) {
        pos++;
        read_sign(s, len, &pos);
        size_t exp_digits = digit_run(s, len, pos);
        if (exp_digits == 0) return 0;
        pos += exp_digits;
    }
    return pos == len;
}

int qy_float_parse(const char *s, size_t len, double *out)
{
    char text[QY_FLOAT_MAX_TEXT + 1];
    if (len > QY_FLOAT_MAX_TEXT || !is_float_form(s, len)) return QY_EPARSE;
    memcpy(text, s, len);   /* strtod needs the NUL that s may lack */
    text[len] = '\0';
    double x = strtod(text, NULL);
    if (isinf(x)) return QY_EOVERFLOW;   /* underflow rounds to 0 or a subnormal: kept */
    *out = x;
    return QY_OK;
}

/* A number written in decimal, as 0.d1d2...dn x 10^exponent with d1 and dn
 * not zero (n = 0 for zero); only the first MAX_HELD digits are kept. */
#define MAX_HELD 17   /* no double needs more to be told apart */
typedef struct numeral {
    bool negative;
    int64_t ndigits;
    char digits[MAX_HELD];
    int64_t exponent;
} numeral;

#define EXPONENT_CAP 100000   /* far past double's range: the exponent saturates there */

/* Reads a float form (is_float_form's) into n. */
static void read_numeral(const char *s, size_t len, numeral *n)
{
    size_t pos = 0;
    n->negative = read_sign(s, len, &pos);
    int64_t seen = 0, point_at = -1, first = -1, last = -1;
    for (; pos < len && (is_digit(s[pos]) || s[pos] == '.'); pos++) {
        if (s[pos] == '.') {
            point_at = seen;
            continue;
        }
        if (s[pos] != '0') {
            if (first < 0) first = seen;
            last = seen;
        }
        if (first >= 0 && seen - first < MAX_HELD) n->digits[seen - first] = s[pos];
        seen++;
    }
    if (point_at < 0) point_at = seen;
    int64_t exponent = 0;
    if (pos < len) {   /* 'e' or 'E' */
        pos++;
        int negative = read_sign(s, len, &pos);
        for (; pos < len; pos++)
            if (exponent < EXPONENT_CAP) exponent = exponent * 10 + (s[pos] - '0');
        if (negative) exponent = -exponent;
    }
    n->ndigits = first < 0 ? 0 : last - first + 1;
    n->exponent = first < 0 ? 0 : point_at - first + exponent;
}

static bool same_numeral(const numeral *a, const numeral *b)
{
    return a->negative == b->negative && a->ndigits == b->ndigits && a->exponent == b->exponent
        && a->ndigits <= MAX_HELD && memcmp(a->digits, b->digits, (size_t)a->ndigits) == 0;
}

/* The nearest double to n (1..MAX_HELD digits). When its digits and its
 * power of ten are both exact doubles, one multiplication or division
 * rounds once, as strtod would (Clinger's fast path); else strtod of a
 * short text. */
static double numeral_value(const numeral *n)
{
    static const double exact_powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                          1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                          1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    uint64_t mantissa = 0;
    for (int64_t i = 0; i < n->ndigits; i++) mantissa = mantissa * 10 + (uint64_t)(n->digits[i] - '0');
    int64_t power = n->exponent - n->ndigits;   /* n is mantissa x 10^power */
    if (mantissa < ((uint64_t)1 << 53) && power >= -22 && power <= 22) {
        double x = power >= 0 ? (double)mantissa * exact_powers[power]
                              : (double)mantissa / exact_powers[-power];
        return n->negative ? -x : x;
    }
    char text[MAX_HELD + 32];
    size_t k = 0;
    if (n->negative) text[k++] = '-';
    text[k++] = '.';
    memcpy(text + k, n->digits, (size_t)n->ndigits);
    k += (size_t)n->ndigits;
    text[k++] = 'e';
    uint64_t magnitude = n->exponent < 0 ? (uint64_t)-n->exponent : (uint64_t)n->exponent;
    if (n->exponent < 0) text[k++] = '-';
    char reversed[24];
    int nexp = 0;
    do {
        reversed[nexp++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    while (nexp > 0) text[k++] = reversed[--nexp];
    text[k] = '\0';
    return strtod(text, NULL);
}

/* x to p significant digits, rounded as printf rounds its exact value. */
static void numeral_of_double(double x, int p, numeral *out)
{
    char text[48];
    int n = snprintf(text, sizeof text, "%.*e", p - 1, x);
    read_numeral(text, (size_t)n, out);
}

/* w cut to p < w->ndigits digits, rounding half up (w is not a tie here). */
static void numeral_cut(const numeral *w, int p, numeral *out)
{
    *out = *w;
    out->ndigits = p;
    if (w->digits[p] >= '5') {
        int i = p - 1;
        for (; i >= 0 && out->digits[i] == '9'; i--) out->digits[i] = '0';
        if (i >= 0) {
            out->digits[i]++;
        } else {   /* 99..9 rounds up to 100..0 */
            out->digits[0] = '1';
            out->exponent++;
        }
    }
    while (out->ndigits > 0 && out->digits[out->ndigits - 1] == '0') out->ndigits--;
}

/* 1 when w is the number of its precision nearest to x (x to w's digits,
 * as printf rounds), 0 when it is not, -1 when exact arithmetic cannot
 * tell cheaply. With w = M x 10^k (k in -22..0, so 10^-k is exact), x 10^-k
 * is exactly hi + lo (fma); hi - M is exact, as both are close, and what
 * is left is within rounding of the answer only at a tie. */
static int nearest_by_arithmetic(const numeral *w, double x)
{
    static const double exact_powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                          1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                          1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    int64_t k = w->exponent - w->ndigits;
    if (k > 0 || k < -22) return -1;
    uint64_t mantissa = 0;
    for (int64_t i = 0; i < w->ndigits; i++) mantissa = mantissa * 10 + (uint64_t)(w->digits[i] - '0');
    double scale = exact_powers[-k], ax = fabs(x);
    double hi = ax * scale, lo = fma(ax, scale, -hi);
    double m_hi = (double)mantissa;
    int64_t m_lo = (int64_t)mantissa - (int64_t)m_hi;
    double off = ((hi - m_hi) - (double)m_lo) + lo;   /* x 10^-k - M, rounded once */
    double margin = fabs(fabs(off) - 0.5);
    if (margin < 1e-9) return -1;   /* at or near a tie: printf's own rounding decides */
    return fabs(off) < 0.5;
}

/* Whether qy_float_format(x) is w, for a normal x nearest to w and w of
 * DBL_DIG + 1 or more digits: x to w's precision must be w, and no shorter
 * precision qy_float_format tries (DBL_DIG on) may give x back. As w is x
 * to its precision, x to a shorter one is w rounded, except where w ends
 * on a tie (...5): then only the exact value says. */
static bool holds_as_written(const numeral *w, double x)
{
    int n = (int)w->ndigits;
    int nearest = nearest_by_arithmetic(w, x);
    if (nearest < 0) {
        numeral rounded;
        numeral_of_double(x, n, &rounded);
        rounded.negative = w->negative;
        nearest = same_numeral(w, &rounded);
    }
    if (!nearest) return false;
    for (int p = DBL_DIG; p < n; p++) {
        numeral shorter;
        if (p == n - 1 && w->digits[n - 1] == '5') numeral_of_double(x, p, &shorter);
        else numeral_cut(w, p, &shorter);
        shorter.negative = w->negative;
        if (numeral_value(&shorter) == x) return false;
    }
    return true;
}

/* Whether qy_float_format writes the subnormal x as w. */
static bool same_subnormal(const numeral *w, double x)
{
    char text[32];
    numeral back;
    read_numeral(text, qy_float_format(x, text), &back);
    return same_numeral(w, &back);
}

bool qy_float_form(const char *s, size_t len) { return is_float_form(s, len); }

int qy_float_parse_exact(const char *s, size_t len, double *out)
{
    if (!is_float_form(s, len)) return QY_EPARSE;
    numeral written;
    read_numeral(s, len, &written);
    if (written.ndigits == 0) {   /* zero, whatever its form, keeps its sign */
        *out = written.negative ? -0.0 : 0.0;
        return QY_OK;
    }
    if (written.ndigits > MAX_HELD) return QY_ERANGE;
    double x = numeral_value(&written);
    if (isinf(x)) return QY_EOVERFLOW;
    /* Up to DBL_DIG digits come back from a normal double as they went in
     * (qy_float_format tries that many first): only longer numbers, and
     * the ones underflow shrinks, need a look at the digits. */
    if (x == 0) return QY_ERANGE;
    if (isnormal(x) ? written.ndigits > DBL_DIG && !holds_as_written(&written, x)
                    : !same_subnormal(&written, x))
        return QY_ERANGE;
    *out = x;
    return QY_OK;
}

/* Writes "inf", "-inf" or "nan" for a non-finite x; returns the length. */
static size_t format_non_finite(double x, char *buf)
{
    const char *text = isnan(x) ? "nan" : x < 0 ? "-inf" : "inf";
    strcpy(buf, text);
    return strlen(text);
}

size_t qy_float_format(double x, char *buf)
{
    if (!isfinite(x)) return format_non_finite(x, buf);
    int n = 0;
    for (int precision = 15; precision <= 17; precision++) {
        n = snprintf(buf, 32, "%.*g", precision, x);
        if (strtod(buf, NULL) == x) break;   /* 17 digits always round-trip */
    }
    return (size_t)n;
}

/* Length of buf[0..n) once trailing zeros after a decimal point, and then
 * a bare point, are dropped. Writes nothing. */
static size_t without_fraction_zeros(const char *buf, size_t n)
{
    if (!memchr(buf, '.', n)) return n;
    while (buf[n - 1] == '0') n--;
    if (buf[n - 1] == '.') n--;
    return n;
}

/* Writes the digits of a number d.ddd x 10^exponent in plain notation. */
static size_t write_plain(int negative, const char *digits, int ndigits, int exponent,
                          char *buf)
{
    size_t n = 0;
    if (negative) buf[n++] = '-';
    if (exponent < 0) {
        buf[n++] = '0';
        buf[n++] = '.';
        for (int i = -1; i > exponent; i--) buf[n++] = '0';
        memcpy(buf + n, digits, (size_t)ndigits);
        n += (size_t)ndigits;
    } else {
        for (int i = 0; i <= exponent; i++) buf[n++] = i < ndigits ? digits[i] : '0';
        if (ndigits > exponent + 1) {
            buf[n++] = '.';
            memcpy(buf + n, digits + exponent + 1, (size_t)(ndigits - exponent - 1));
            n += (size_t)(ndigits - exponent - 1);
        }
    }
    n = without_fraction_zeros(buf, n);
    buf[n] = '\0';
    return n;
}

size_t qy_float_format_display(double x, int sig, char *buf)
{
    if (!isfinite(x)) return format_non_finite(x, buf);
    if (x == 0) x = 0;   /* -0 shows as "0" */
    if (sig < 1) sig = 1;
    if (sig > 17) sig = 17;

    /* One rounding to sig digits, by printf; its exponent then decides the
     * notation, so 9.9999e14 rounded up to 1e15 goes to exponent form. */
    char scientific[40];
    snprintf(scientific, sizeof scientific, "%.*e", sig - 1, fabs(x));
    char *e = strchr(scientific, 'e');
    int exponent = atoi(e + 1);
    if (exponent >= -4 && exponent < 15) {
        char digits[20];
        int ndigits = 0;
        for (const char *p = scientific; p < e; p++)
            if (is_digit(*p)) digits[ndigits++] = *p;
        return write_plain(x < 0, digits, ndigits, exponent, buf);
    }
    size_t mantissa_len = without_fraction_zeros(scientific, (size_t)(e - scientific));
    int n = snprintf(buf, 32, "%s%.*s%s", x < 0 ? "-" : "", (int)mantissa_len, scientific, e);
    return (size_t)n;
}
