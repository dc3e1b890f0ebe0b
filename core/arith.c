/* arith.c — vectorized arithmetic; see arith.h.
 *
 * Each operand becomes a lane of values in the representation the result
 * needs: int64 at the result's scale for exact results, double for float64.
 * A scalar is converted once; a column is used in place unless it must
 * change (rescaled or widened into scratch). Then one tight loop per
 * operation runs over all rows, with the column/scalar shape fixed at
 * compile time. Exact loops only gather an overflow flag; the offending row
 * is searched for when the flag is set.
 */
#include "arith.h"

#include <stdbool.h>
#include <stdio.h>

#include "alloc.h"
#include "date.h"
#include "number.h"
#include "validity.h"

#define QY_INLINE static inline __attribute__((always_inline))

const char *qy_arith_symbol(qy_arith_op op)
{
    switch (op) {
    case QY_ADD: return "+";
    case QY_SUB: return "-";
    case QY_MUL: return "*";
    case QY_DIV: return "/";
    case QY_NEG: return "-";
    }
    return "?";
}

/* ---- operands ------------------------------------------------------------ */

static qy_type operand_type(const qy_operand *o, int *scale)
{
    *scale = o->col ? o->col->scale : o->scalar.scale;
    return o->col ? o->col->type : o->scalar.type;
}

static bool operand_null(const qy_operand *o, int64_t i)
{
    return o->col ? qy_column_is_null(o->col, i) : o->scalar.null;
}

/* How an operand reads in a message: a column by its type, a scalar by its value. */
static const char *describe(const qy_operand *o, char *buf)
{
    int scale;
    qy_type type = operand_type(o, &scale);
    if (o->col || o->scalar.null) return qy_type_name(type, scale, buf);
    switch (type) {
    case QY_INT64: snprintf(buf, 40, "%lld", (long long)o->scalar.v.i64); break;
    case QY_DECIMAL: qy_decimal_format(o->scalar.v.i64, scale, buf); break;
    case QY_FLOAT64: qy_float_format(o->scalar.v.f64, buf); break;
    case QY_DATE: qy_date_format(o->scalar.v.date, buf); break;
    default: qy_type_name(type, scale, buf); break;
    }
    return buf;
}

/* For QY_NEG, a is the zero that b is subtracted from. */
static int overflow_error(qy_error *err, qy_arith_op op, const qy_operand *a,
                          const qy_operand *b, int64_t row)
{
    char da[48], db[48];
    if (op == QY_NEG)
        return qy_error_set(err, QY_EOVERFLOW, "-%s: overflow at row %lld", describe(b, da),
                            (long long)row + 1);
    return qy_error_set(err, QY_EOVERFLOW, "%s %s %s: overflow at row %lld", describe(a, da),
                        qy_arith_symbol(op), describe(b, db), (long long)row + 1);
}

static int type_error(qy_error *err, qy_arith_op op, qy_type ta, int sa, qy_type tb, int sb)
{
    char na[16], nb[16];
    qy_type_name(ta, sa, na);
    qy_type_name(tb, sb, nb);
    switch (op) {
    case QY_ADD: return qy_error_set(err, QY_ETYPE, "cannot add %s and %s", na, nb);
    case QY_SUB: return qy_error_set(err, QY_ETYPE, "cannot subtract %s from %s", nb, na);
    case QY_MUL: return qy_error_set(err, QY_ETYPE, "cannot multiply %s by %s", na, nb);
    case QY_DIV: return qy_error_set(err, QY_ETYPE, "cannot divide %s by %s", na, nb);
    case QY_NEG: return qy_error_set(err, QY_ETYPE, "cannot negate %s", na);
    }
    return QY_ETYPE;
}

static bool is_number(qy_type t) { return t == QY_INT64 || t == QY_DECIMAL || t == QY_FLOAT64; }

/* The type and scale of a op b, or QY_ETYPE. */
static int result_type(qy_arith_op op, qy_type ta, int sa, qy_type tb, int sb, qy_type *type,
                       int *scale, qy_error *err)
{
    *scale = 0;
    *type = QY_INT64;
    if (op == QY_NEG) {
        if (!is_number(ta)) return type_error(err, op, ta, sa, tb, sb);
        *type = ta;
        *scale = sa;
        return QY_OK;
    }
    if (ta == QY_DATE || tb == QY_DATE) {
        if (op == QY_ADD && ((ta == QY_DATE && tb == QY_INT64) || (ta == QY_INT64 && tb == QY_DATE)))
            *type = QY_DATE;
        else if (op == QY_SUB && ta == QY_DATE && (tb == QY_INT64 || tb == QY_DATE))
            *type = tb == QY_DATE ? QY_INT64 : QY_DATE;
        else
            return type_error(err, op, ta, sa, tb, sb);
        return QY_OK;
    }
    if (!is_number(ta) || !is_number(tb)) return type_error(err, op, ta, sa, tb, sb);
    if (op == QY_DIV || ta == QY_FLOAT64 || tb == QY_FLOAT64) {
        *type = QY_FLOAT64;
    } else if (ta == QY_INT64 && tb == QY_INT64) {
        *type = QY_INT64;
    } else if (op != QY_MUL) {
        *type = QY_DECIMAL;
        *scale = sa > sb ? sa : sb;
    } else if (ta != tb) {
        *type = QY_DECIMAL;
        *scale = ta == QY_DECIMAL ? sa : sb;
    } else {
        *type = sa + sb <= QY_DECIMAL_MAX_SCALE ? QY_DECIMAL : QY_FLOAT64;
        *scale = *type == QY_DECIMAL ? sa + sb : 0;
    }
    return QY_OK;
}

/* ---- lanes --------------------------------------------------------------- */

/* An operand's values as int64: a column's buffer or scratch (step 1), or
 * one value (step 0). */
typedef struct i64_lane {
    const int64_t *p;
    int step;
    int64_t one;
    int64_t *scratch;      /* owned */
    bool overflow;         /* the scalar did not fit at the scale asked */
    int64_t bad;           /* the first column row that did not, or -1 */
} i64_lane;

typedef struct f64_lane {
    const double *p;
    int step;
    double one;
    double *scratch;       /* owned */
} f64_lane;

static int64_t power_of_ten(int k)
{
    int64_t p = 1;
    qy_decimal_rescale(1, 0, k, &p);
    return p;
}

/* o's values times 10^shift (dates as days) as an int64 lane: QY_OK or
 * QY_ENOMEM. What does not fit is flagged in the lane, not returned. */
static int i64_lane_of(const qy_operand *o, int shift, int64_t length, i64_lane *l)
{
    int64_t p = power_of_ten(shift);
    *l = (i64_lane){.bad = -1};
    if (!o->col) {
        int64_t v = o->scalar.type == QY_DATE ? o->scalar.v.date : o->scalar.v.i64;
        l->p = &l->one;
        l->overflow = __builtin_mul_overflow(v, p, &l->one);
        return QY_OK;
    }
    l->step = 1;
    if (o->col->type != QY_DATE && p == 1) {
        l->p = o->col->v.i64;
        return QY_OK;
    }
    l->scratch = qy_malloc((size_t)length * sizeof *l->scratch + 1);
    if (!l->scratch) return QY_ENOMEM;
    l->p = l->scratch;
    if (o->col->type == QY_DATE) {
        for (int64_t i = 0; i < length; i++) l->scratch[i] = o->col->v.date[i];
        return QY_OK;
    }
    const int64_t *src = o->col->v.i64;
    bool ov = false;
    for (int64_t i = 0; i < length; i++) ov |= __builtin_mul_overflow(src[i], p, &l->scratch[i]);
    for (int64_t i = 0; ov && l->bad < 0 && i < length; i++) {
        int64_t ignored;
        if (__builtin_mul_overflow(src[i], p, &ignored)) l->bad = i;
    }
    return QY_OK;
}

/* 10^scale as a double (exact up to 10^22). */
static double double_power(int scale) { return (double)power_of_ten(scale); }

static double scalar_double(const qy_scalar *s)
{
    switch (s->type) {
    case QY_FLOAT64: return s->v.f64;
    case QY_DECIMAL: return qy_decimal_to_double(s->v.i64, s->scale);
    default: return (double)s->v.i64;
    }
}

static int f64_lane_of(const qy_operand *o, int64_t length, f64_lane *l)
{
    *l = (f64_lane){0};
    if (!o->col) {
        l->one = scalar_double(&o->scalar);
        l->p = &l->one;
        return QY_OK;
    }
    l->step = 1;
    if (o->col->type == QY_FLOAT64) {
        l->p = o->col->v.f64;
        return QY_OK;
    }
    l->scratch = qy_malloc((size_t)length * sizeof *l->scratch + 1);
    if (!l->scratch) return QY_ENOMEM;
    l->p = l->scratch;
    const int64_t *src = o->col->v.i64;
    if (o->col->type == QY_INT64) {
        for (int64_t i = 0; i < length; i++) l->scratch[i] = (double)src[i];
    } else {
        int scale = o->col->scale;
        double p = double_power(scale);
        for (int64_t i = 0; i < length; i++)
            l->scratch[i] = src[i] > -(INT64_C(1) << 53) && src[i] < (INT64_C(1) << 53)
                          ? (double)src[i] / p : qy_decimal_to_double(src[i], scale);
    }
    return QY_OK;
}

/* ---- loops --------------------------------------------------------------- */

/* Calls run with the column/scalar shape of lanes a and b as constants, so
 * each shape gets its own loop. */
#define BY_SHAPE(run, r, a, b, n)                                          \
    ((a)->step && (b)->step ? run(r, (a)->p, 1, (b)->p, 1, n)              \
     : (a)->step ? run(r, (a)->p, 1, (b)->p, 0, n)                         \
     : (b)->step ? run(r, (a)->p, 0, (b)->p, 1, n)                         \
     : run(r, (a)->p, 0, (b)->p, 0, n))

/* Sum and difference in wrapping unsigned arithmetic, overflow read off the
 * sign bits (which vectorizes, unlike __builtin_add_overflow). */
QY_INLINE bool add_run(int64_t *r, const int64_t *a, int sa, const int64_t *b, int sb, int64_t n)
{
    uint64_t ov = 0;
    for (int64_t i = 0; i < n; i++) {
        uint64_t x = (uint64_t)a[i * sa], y = (uint64_t)b[i * sb], s = x + y;
        ov |= (x ^ s) & (y ^ s);
        r[i] = (int64_t)s;
    }
    return ov >> 63;
}

QY_INLINE bool sub_run(int64_t *r, const int64_t *a, int sa, const int64_t *b, int sb, int64_t n)
{
    uint64_t ov = 0;
    for (int64_t i = 0; i < n; i++) {
        uint64_t x = (uint64_t)a[i * sa], y = (uint64_t)b[i * sb], d = x - y;
        ov |= (x ^ y) & (x ^ d);
        r[i] = (int64_t)d;
    }
    return ov >> 63;
}

QY_INLINE bool mul_run(int64_t *r, const int64_t *a, int sa, const int64_t *b, int sb, int64_t n)
{
    bool ov = false;
    for (int64_t i = 0; i < n; i++) ov |= __builtin_mul_overflow(a[i * sa], b[i * sb], &r[i]);
    return ov;
}

/* Whether a op b overflows somewhere; r gets the (wrapped) results. */
static bool exact_run(qy_arith_op op, int64_t *r, const i64_lane *a, const i64_lane *b, int64_t n)
{
    switch (op) {
    case QY_ADD: return BY_SHAPE(add_run, r, a, b, n);
    case QY_SUB: case QY_NEG: return BY_SHAPE(sub_run, r, a, b, n);
    case QY_MUL: return BY_SHAPE(mul_run, r, a, b, n);
    case QY_DIV: break;
    }
    return false;
}

static bool exact_overflows(qy_arith_op op, int64_t x, int64_t y)
{
    int64_t r;
    switch (op) {
    case QY_ADD: return __builtin_add_overflow(x, y, &r);
    case QY_SUB: case QY_NEG: return __builtin_sub_overflow(x, y, &r);
    case QY_MUL: return __builtin_mul_overflow(x, y, &r);
    case QY_DIV: break;
    }
    return false;
}

/* The first row where both operands hold a value and a op b overflows, or -1. */
static int64_t first_overflow(qy_arith_op op, const i64_lane *la, const i64_lane *lb,
                              const qy_operand *a, const qy_operand *b, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (exact_overflows(op, la->p[i * la->step], lb->p[i * lb->step])
            && !operand_null(a, i) && !operand_null(b, i))
            return i;
    return -1;
}

QY_INLINE void fadd_run(double *r, const double *a, int sa, const double *b, int sb, int64_t n)
{
    for (int64_t i = 0; i < n; i++) r[i] = a[i * sa] + b[i * sb];
}

QY_INLINE void fsub_run(double *r, const double *a, int sa, const double *b, int sb, int64_t n)
{
    for (int64_t i = 0; i < n; i++) r[i] = a[i * sa] - b[i * sb];
}

QY_INLINE void fmul_run(double *r, const double *a, int sa, const double *b, int sb, int64_t n)
{
    for (int64_t i = 0; i < n; i++) r[i] = a[i * sa] * b[i * sb];
}

QY_INLINE void fdiv_run(double *r, const double *a, int sa, const double *b, int sb, int64_t n)
{
    for (int64_t i = 0; i < n; i++) r[i] = a[i * sa] / b[i * sb];
}

/* Exact over exact: scale factors cancel but for 10^(bs - as). */
QY_INLINE void qdiv_run(double *r, const int64_t *a, int sa, const int64_t *b, int sb, int64_t n)
{
    for (int64_t i = 0; i < n; i++) r[i] = (double)a[i * sa] / (double)b[i * sb];
}

static void float_run(qy_arith_op op, double *r, const f64_lane *a, const f64_lane *b, int64_t n)
{
    switch (op) {
    case QY_ADD: BY_SHAPE(fadd_run, r, a, b, n); break;
    case QY_SUB: case QY_NEG: BY_SHAPE(fsub_run, r, a, b, n); break;
    case QY_MUL: BY_SHAPE(fmul_run, r, a, b, n); break;
    case QY_DIV: BY_SHAPE(fdiv_run, r, a, b, n); break;
    }
}

/* ---- the three kinds of result ------------------------------------------- */

static int memory_error(qy_error *err, qy_arith_op op)
{
    return qy_error_set(err, QY_ENOMEM, "not enough memory for %s", qy_arith_symbol(op));
}

/* Exact over exact, as doubles: the scales cancel but for 10^(bs - as). */
static void exact_quotients(qy_column *out, const qy_operand *a, const qy_operand *b)
{
    int sa, sb;
    operand_type(a, &sa);
    operand_type(b, &sb);
    i64_lane la, lb;
    i64_lane_of(a, 0, out->length, &la);      /* shift 0 of int64 values: never copies */
    i64_lane_of(b, 0, out->length, &lb);
    double *r = out->v.f64;
    int64_t n = out->length;
    BY_SHAPE(qdiv_run, r, &la, &lb, n);
    if (sa == sb) return;
    double p = double_power(sa > sb ? sa - sb : sb - sa);
    if (sb > sa) for (int64_t i = 0; i < n; i++) r[i] *= p;
    else for (int64_t i = 0; i < n; i++) r[i] /= p;
}

static int float_results(qy_arith_op op, qy_column *out, const qy_operand *a,
                         const qy_operand *b, qy_error *err)
{
    f64_lane la = {0}, lb = {0};
    int rc = f64_lane_of(a, out->length, &la);
    if (rc == QY_OK) rc = f64_lane_of(b, out->length, &lb);
    if (rc == QY_OK) float_run(op, out->v.f64, &la, &lb, out->length);
    else memory_error(err, op);
    qy_free(la.scratch);
    qy_free(lb.scratch);
    return rc;
}

/* The first row where o holds a value, or -1. */
static int64_t first_value(const qy_operand *o, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (!operand_null(o, i)) return i;
    return -1;
}

/* The first row a op b overflows in the lanes, or -1 (including when only
 * null rows did). */
static int64_t overflow_row(qy_arith_op op, const i64_lane *la, const i64_lane *lb,
                            const qy_operand *a, const qy_operand *b, int64_t n)
{
    if (la->bad >= 0 || lb->bad >= 0)
        return lb->bad < 0 || (la->bad >= 0 && la->bad < lb->bad) ? la->bad : lb->bad;
    if (la->overflow) return first_value(b, n);
    if (lb->overflow) return first_value(a, n);
    return first_overflow(op, la, lb, a, b, n);
}

/* Days computed as int64 back to dates, or the first row out of range. */
static int64_t narrow_days(qy_column *out, const int64_t *days, const qy_operand *a,
                           const qy_operand *b)
{
    for (int64_t i = 0; i < out->length; i++) {
        if (days[i] >= INT32_MIN && days[i] <= INT32_MAX) out->v.date[i] = (int32_t)days[i];
        else if (!operand_null(a, i) && !operand_null(b, i)) return i;
    }
    return -1;
}

/* int64 and decimal results, and dates (computed as int64 days). */
static int exact_results(qy_arith_op op, qy_column *out, const qy_operand *a,
                         const qy_operand *b, qy_error *err)
{
    int sa, sb;
    operand_type(a, &sa);
    operand_type(b, &sb);
    int scale = out->type == QY_DECIMAL ? out->scale : 0;
    int shift_a = op == QY_MUL ? 0 : scale - sa, shift_b = op == QY_MUL ? 0 : scale - sb;
    int64_t n = out->length, bad = -1;
    i64_lane la = {0}, lb = {0};
    int64_t *r = out->type == QY_DATE ? qy_malloc((size_t)n * sizeof *r + 1) : out->v.i64;
    int rc = r ? i64_lane_of(a, shift_a, n, &la) : QY_ENOMEM;
    if (rc == QY_OK) rc = i64_lane_of(b, shift_b, n, &lb);
    if (rc != QY_OK) {
        memory_error(err, op);
        goto cleanup;
    }
    bool ov = la.overflow || lb.overflow || la.bad >= 0 || lb.bad >= 0;
    if (!ov) ov = exact_run(op, r, &la, &lb, n);
    if (ov) bad = overflow_row(op, &la, &lb, a, b, n);
    if (bad >= 0) {
        rc = overflow_error(err, op, a, b, bad);
    } else if (out->type == QY_DATE && (bad = narrow_days(out, r, a, b)) >= 0) {
        char da[48], db[48];
        rc = qy_error_set(err, QY_EOVERFLOW, "%s %s %s: date out of range at row %lld",
                          describe(a, da), qy_arith_symbol(op), describe(b, db),
                          (long long)bad + 1);
    }
cleanup:
    qy_free(la.scratch);
    qy_free(lb.scratch);
    if (r != out->v.i64) qy_free(r);
    return rc;
}

/* Rows whose divisor b is zero become null. */
static int null_zero_divisors(qy_column *out, const qy_operand *b, qy_error *err)
{
    if (!b->col) {
        bool zero = b->scalar.type == QY_FLOAT64 ? b->scalar.v.f64 == 0 : b->scalar.v.i64 == 0;
        return zero ? qy_validity_all_null(out, err) : QY_OK;
    }
    for (int64_t i = 0; i < out->length; i++) {
        bool zero = b->col->type == QY_FLOAT64 ? b->col->v.f64[i] == 0 : b->col->v.i64[i] == 0;
        if (zero && !qy_column_is_null(out, i))
            QY_RETURN_NOT_OK(qy_column_set_null(out, i, err));
    }
    return QY_OK;
}

/* ---- entry --------------------------------------------------------------- */

static bool is_null_scalar(const qy_operand *o) { return !o->col && o->scalar.null; }

/* The columns among a and b must have length rows. */
static int check_lengths(const qy_operand *a, const qy_operand *b, int64_t length, qy_error *err)
{
    if (a->col && b->col && a->col->length != b->col->length)
        return qy_error_set(err, QY_EINVAL, "columns of %lld and %lld rows",
                            (long long)a->col->length, (long long)b->col->length);
    const qy_column *c = a->col ? a->col : b->col;
    if (c && c->length != length)
        return qy_error_set(err, QY_EINVAL, "a column of %lld rows where %lld were expected",
                            (long long)c->length, (long long)length);
    return QY_OK;
}

int qy_arith(qy_arith_op op, const qy_operand *a, const qy_operand *b, int64_t length,
             qy_column **out, qy_error *err)
{
    /* -b is 0 - b at b's type. */
    qy_operand zero = {.scalar = qy_scalar_int64(0)};
    if (op == QY_NEG) {
        int s;
        if (operand_type(a, &s) == QY_FLOAT64) zero.scalar = qy_scalar_float64(0);
        b = a;
        a = &zero;
    }
    QY_RETURN_NOT_OK(check_lengths(a, b, length, err));
    int sa, sb, scale;
    qy_type ta = operand_type(a, &sa), tb = operand_type(b, &sb), type;
    int rc = op == QY_NEG ? result_type(op, tb, sb, tb, sb, &type, &scale, err)
                          : result_type(op, ta, sa, tb, sb, &type, &scale, err);
    if (rc != QY_OK) return rc;
    qy_column *c;
    QY_RETURN_NOT_OK(qy_column_new(type, scale, NULL, length, &c, err));
    if (is_null_scalar(a) || is_null_scalar(b)) {
        rc = qy_validity_all_null(c, err);
    } else {
        if (op == QY_DIV && ta != QY_FLOAT64 && tb != QY_FLOAT64) exact_quotients(c, a, b);
        else if (type == QY_FLOAT64) rc = float_results(op, c, a, b, err);
        else rc = exact_results(op, c, a, b, err);
        if (rc == QY_OK) rc = qy_validity_and(c, a->col, b->col, err);
        if (rc == QY_OK && op == QY_DIV) rc = null_zero_divisors(c, b, err);
    }
    if (rc != QY_OK) {
        qy_column_release(c);
        return rc;
    }
    *out = c;
    return QY_OK;
}
