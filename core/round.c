/* round.c — rounding to decimal places; see round.h.
 *
 * A double is m * 2^e with m an integer of at most 53 bits, so x * 10^s is
 * m * 10^s (at most 73 bits) shifted by e: exact in unsigned __int128, and
 * the bits shifted out say exactly how to round. */
#include "round.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "number.h"
#include "validity.h"

typedef unsigned __int128 u128;

static const int64_t pow10s[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

/* |x| * 10^scale rounded to an integer (ties to even or away from zero).
 * Returns false when it does not fit in 126 bits. x is finite. */
static bool scale_exactly(double x, int scale, bool ties_away, u128 *out)
{
    int e;
    double f = frexp(fabs(x), &e);
    u128 n = (u128)(uint64_t)ldexp(f, 53) * (u128)pow10s[scale];
    e -= 53;
    if (n == 0) {
        *out = 0;
        return true;
    }
    if (e >= 0) {
        if (e > 126 - 74) return false;      /* n holds at most 74 bits */
        *out = n << e;
        return true;
    }
    int k = -e;
    if (k > 100) {                           /* n < 2^74 <= half of 2^k */
        *out = 0;
        return true;
    }
    u128 q = n >> k, r = n & (((u128)1 << k) - 1), half = (u128)1 << (k - 1);
    if (r > half || (r == half && (ties_away || (q & 1)))) q++;
    *out = q;
    return true;
}

int qy_float_to_decimal(double x, int scale, int64_t *out)
{
    u128 q;
    if (!isfinite(x) || !scale_exactly(x, scale, false, &q) || q > (u128)INT64_MAX)
        return QY_EOVERFLOW;
    *out = x < 0 ? -(int64_t)q : (int64_t)q;
    return QY_OK;
}

double qy_float_round(double x, int digits)
{
    if (!isfinite(x) || fabs(x) >= 0x1p52) return x;   /* no fraction left to round */
    u128 q;
    scale_exactly(x, digits, true, &q);                 /* < 2^52 * 10^6: always fits */
    if (q == 0) return 0.0;
    double y;
    if (q <= ((u128)1 << 53)) {
        y = (double)q / (double)pow10s[digits];         /* both exact: one correct rounding */
    } else {
        char text[48];                                  /* q < 2^73: 23 digits */
        snprintf(text, sizeof text, "%llu%06llue-%d", (unsigned long long)(q / 1000000),
                 (unsigned long long)(q % 1000000), digits);
        y = strtod(text, NULL);
    }
    return x < 0 ? -y : y;
}

/* ---- columns ------------------------------------------------------------- */

/* v at scale from, rounded half away from zero to scale to < from. */
static int64_t decimal_round(int64_t v, int from, int to)
{
    int64_t d = pow10s[from - to], q = v / d, r = v % d;
    if (r < 0) r = -r;
    if (r >= d - r) q += v < 0 ? -1 : 1;
    return q;
}

int qy_column_round(const qy_column *c, int digits, qy_column **out, qy_error *err)
{
    if (digits < 0 || digits > QY_DECIMAL_MAX_SCALE)
        return qy_error_set(err, QY_EINVAL, "digits must be 0 to %d, not %d", QY_DECIMAL_MAX_SCALE,
                            digits);
    if (c->type != QY_DECIMAL && c->type != QY_FLOAT64 && c->type != QY_INT64) {
        char name[16];
        return qy_error_set(err, QY_ETYPE, "round needs a number column, not %s",
                            qy_type_name(c->type, c->scale, name));
    }
    if (c->type == QY_INT64 || (c->type == QY_DECIMAL && c->scale <= digits)) {
        *out = qy_column_retain((qy_column *)c);       /* immutable: sharing is safe */
        return QY_OK;
    }
    qy_column *r;
    QY_RETURN_NOT_OK(qy_column_new_uninit(c->type, digits, NULL, c->length, &r, err));
    if (c->type == QY_DECIMAL) {
        for (int64_t i = 0; i < c->length; i++)
            r->v.i64[i] = decimal_round(c->v.i64[i], c->scale, digits);
    } else {
        for (int64_t i = 0; i < c->length; i++) r->v.f64[i] = qy_float_round(c->v.f64[i], digits);
    }
    int rc = qy_validity_and(r, c, NULL, err);
    if (rc != QY_OK) {
        qy_column_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}

/* ---- ratio --------------------------------------------------------------- */

/* An operand's type, checked: int64 or decimal, scale in *scale. */
static int ratio_operand(const qy_operand *o, int *scale, qy_error *err)
{
    qy_type type = o->col ? o->col->type : o->scalar.type;
    *scale = type == QY_DECIMAL ? (o->col ? o->col->scale : o->scalar.scale) : 0;
    if (type == QY_DECIMAL || type == QY_INT64 || (!o->col && o->scalar.null)) return QY_OK;
    char name[16];
    return qy_error_set(err, QY_ETYPE, "ratio needs int64 or decimal values, not %s",
                        qy_type_name(type, *scale, name));
}

static bool operand_null(const qy_operand *o, int64_t i)
{
    return o->col ? qy_column_is_null(o->col, i) : o->scalar.null;
}

static int64_t operand_value(const qy_operand *o, int64_t i)
{
    return o->col ? o->col->v.i64[i] : o->scalar.v.i64;
}

/* n / d rounded half away from zero (d != 0). */
static __int128 divide_rounded(__int128 n, __int128 d)
{
    bool negative = (n < 0) != (d < 0);
    __int128 q = n / d, r = n % d;
    if (r < 0) r = -r;
    if (d < 0) d = -d;
    if (r >= d - r) q += negative ? -1 : 1;
    return q;
}

int qy_ratio(const qy_operand *a, const qy_operand *b, int64_t length, int scale, bool percent,
             qy_column **out, qy_error *err)
{
    int sa, sb;
    if (scale < 0 || scale > QY_DECIMAL_MAX_SCALE)
        return qy_error_set(err, QY_EINVAL, "scale must be 0 to %d, not %d", QY_DECIMAL_MAX_SCALE,
                            scale);
    QY_RETURN_NOT_OK(ratio_operand(a, &sa, err));
    QY_RETURN_NOT_OK(ratio_operand(b, &sb, err));
    QY_RETURN_NOT_OK(qy_operands_check_length(a, b, length, err));
    qy_column *r;
    QY_RETURN_NOT_OK(qy_column_new(QY_DECIMAL, scale, NULL, length, &r, err));
    /* a/10^sa / (b/10^sb) * p * 10^scale = a * 10^(sb+scale) * p / (b * 10^sa):
     * below 2^63 * 10^12 * 100 < 2^110 and 2^63 * 10^6 < 2^83. */
    __int128 up = (__int128)pow10s[sb] * pow10s[scale] * (percent ? 100 : 1);
    int rc = QY_OK;
    for (int64_t i = 0; i < length && rc == QY_OK; i++) {
        int64_t d = operand_null(b, i) ? 0 : operand_value(b, i);
        if (operand_null(a, i) || d == 0) {
            rc = qy_column_set_null(r, i, err);
            continue;
        }
        __int128 q = divide_rounded(operand_value(a, i) * up, (__int128)d * pow10s[sa]);
        if (q > INT64_MAX || q < -INT64_MAX)
            rc = qy_error_set(err, QY_EOVERFLOW, "ratio overflows decimal(%d) at row %lld", scale,
                              (long long)i + 1);
        r->v.i64[i] = (int64_t)q;
    }
    if (rc != QY_OK) {
        qy_column_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}
