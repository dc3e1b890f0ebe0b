/* compare.c — comparisons, membership and Kleene logic; see compare.h.
 *
 * Values are compared in the narrowest form that is exact: int64 at a
 * common scale, int32 days, bytes 0/1, doubles when a float is involved.
 * Strings never compare per row: a string scalar is looked up in the
 * column's dict once (equality) or every dict entry is compared with it
 * once (order, contains), and rows then just read a table by their code;
 * two string columns compare by the ranks of their dict entries. Loops are
 * written once per element type and instantiated per column/scalar shape.
 */
#include "compare.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "number.h"
#include "validity.h"

#define QY_INLINE static inline __attribute__((always_inline))

/* ---- kinds of values ----------------------------------------------------- */

typedef enum kind { KIND_NUMBER, KIND_STRING, KIND_DATE, KIND_BOOL } kind;

static kind kind_of(qy_type t)
{
    switch (t) {
    case QY_STRING: return KIND_STRING;
    case QY_DATE: return KIND_DATE;
    case QY_BOOL: return KIND_BOOL;
    default: return KIND_NUMBER;
    }
}

static qy_type operand_type(const qy_operand *o, int *scale)
{
    *scale = o->col ? o->col->scale : o->scalar.scale;
    return o->col ? o->col->type : o->scalar.type;
}

static bool is_null_scalar(const qy_operand *o) { return !o->col && o->scalar.null; }

static int kind_error(qy_error *err, qy_type ta, int sa, qy_type tb, int sb)
{
    char na[16], nb[16];
    return qy_error_set(err, QY_ETYPE, "cannot compare %s and %s", qy_type_name(ta, sa, na),
                        qy_type_name(tb, sb, nb));
}

/* a op b is b flip(op) a. */
static qy_cmp_op flip(qy_cmp_op op)
{
    switch (op) {
    case QY_LT: return QY_GT;
    case QY_LE: return QY_GE;
    case QY_GT: return QY_LT;
    case QY_GE: return QY_LE;
    default: return op;
    }
}

/* Whether a three-way result c (<0, 0, >0) satisfies op. */
static bool holds(qy_cmp_op op, int c)
{
    switch (op) {
    case QY_EQ: return c == 0;
    case QY_NE: return c != 0;
    case QY_LT: return c < 0;
    case QY_LE: return c <= 0;
    case QY_GT: return c > 0;
    case QY_GE: return c >= 0;
    }
    return false;
}

/* ---- loops --------------------------------------------------------------- */

#define ROWS(expr)                                      \
    do {                                                \
        for (int64_t i = 0; i < n; i++) r[i] = (expr);  \
    } while (0)

/* cmp_T(op, r, a, sa, b, sb, n): r[i] = a[i*sa] op b[i*sb], with a loop per
 * shape (steps 1 or 0) so that the compiler sees the steps as constants. */
#define DEFINE_CMP(T)                                                                   \
    QY_INLINE void cmp_##T##_shaped(qy_cmp_op op, uint8_t *r, const T *a, int sa,      \
                                    const T *b, int sb, int64_t n)                      \
    {                                                                                   \
        switch (op) {                                                                   \
        case QY_EQ: ROWS(a[i * sa] == b[i * sb]); break;                                \
        case QY_NE: ROWS(a[i * sa] != b[i * sb]); break;                                \
        case QY_LT: ROWS(a[i * sa] < b[i * sb]); break;                                 \
        case QY_LE: ROWS(a[i * sa] <= b[i * sb]); break;                                \
        case QY_GT: ROWS(a[i * sa] > b[i * sb]); break;                                 \
        case QY_GE: ROWS(a[i * sa] >= b[i * sb]); break;                                \
        }                                                                               \
    }                                                                                   \
    static void cmp_##T(qy_cmp_op op, uint8_t *r, const T *a, int sa, const T *b, int sb, \
                        int64_t n)                                                      \
    {                                                                                   \
        if (sa && sb) cmp_##T##_shaped(op, r, a, 1, b, 1, n);                           \
        else if (sa) cmp_##T##_shaped(op, r, a, 1, b, 0, n);                            \
        else if (sb) cmp_##T##_shaped(op, r, a, 0, b, 1, n);                            \
        else cmp_##T##_shaped(op, r, a, 0, b, 0, n);                                    \
    }

DEFINE_CMP(int64_t)
DEFINE_CMP(int32_t)
DEFINE_CMP(uint32_t)
DEFINE_CMP(uint8_t)
DEFINE_CMP(double)

/* ---- numbers ------------------------------------------------------------- */

static int64_t power_of_ten(int k)
{
    int64_t p = 1;
    qy_decimal_rescale(1, 0, k, &p);
    return p;
}

/* The sign of x*px - y*py, exactly: a product beyond int64 lies beyond
 * every int64 on its side. */
static int cmp_scaled(int64_t x, int64_t px, int64_t y, int64_t py)
{
    int64_t sx, sy;
    if (__builtin_mul_overflow(x, px, &sx)) return x < 0 ? -1 : 1;
    if (__builtin_mul_overflow(y, py, &sy)) return y < 0 ? 1 : -1;
    return (sx > sy) - (sx < sy);
}

/* An exact operand's values: a column's buffer (step 1) or its scalar. */
static const int64_t *i64_values(const qy_operand *o, int *step)
{
    *step = o->col != NULL;
    return o->col ? o->col->v.i64 : &o->scalar.v.i64;
}

/* int64 and decimal on both sides: at one scale the loop is a plain compare;
 * a scalar is brought to the column's scale when that is exact. */
static void compare_exact(qy_cmp_op op, uint8_t *r, const qy_operand *a, const qy_operand *b,
                          int64_t n)
{
    int sa, sb, stepa, stepb;
    operand_type(a, &sa);
    operand_type(b, &sb);
    const int64_t *x = i64_values(a, &stepa), *y = i64_values(b, &stepb);
    int64_t y1;
    if (sa != sb && !b->col && qy_decimal_rescale(*y, sb, sa, &y1) == QY_OK) {
        cmp_int64_t(op, r, x, stepa, &y1, 0, n);      /* the scalar, exactly at a's scale */
        return;
    }
    if (sa == sb) {
        cmp_int64_t(op, r, x, stepa, y, stepb, n);
        return;
    }
    int64_t px = power_of_ten(sa < sb ? sb - sa : 0), py = power_of_ten(sb < sa ? sa - sb : 0);
    for (int64_t i = 0; i < n; i++) r[i] = holds(op, cmp_scaled(x[i * stepa], px, y[i * stepb], py));
}

/* A number operand as doubles: a float column in place, others converted
 * into *scratch (owned by the caller), a scalar once into *one. */
static int f64_values(const qy_operand *o, int64_t n, double *one, double **scratch,
                      const double **values, int *step)
{
    *step = o->col != NULL;
    if (!o->col) {
        const qy_scalar *s = &o->scalar;
        *one = s->type == QY_FLOAT64 ? s->v.f64
             : s->type == QY_DECIMAL ? qy_decimal_to_double(s->v.i64, s->scale)
             : (double)s->v.i64;
        *values = one;
        return QY_OK;
    }
    if (o->col->type == QY_FLOAT64) {
        *values = o->col->v.f64;
        return QY_OK;
    }
    *scratch = qy_malloc((size_t)n * sizeof **scratch + 1);
    if (!*scratch) return QY_ENOMEM;
    const int64_t *src = o->col->v.i64;
    int scale = o->col->type == QY_DECIMAL ? o->col->scale : 0;
    for (int64_t i = 0; i < n; i++) (*scratch)[i] = qy_decimal_to_double(src[i], scale);
    *values = *scratch;
    return QY_OK;
}

static int compare_numbers(qy_cmp_op op, uint8_t *r, const qy_operand *a, const qy_operand *b,
                           int64_t n, qy_error *err)
{
    int s;
    if (operand_type(a, &s) != QY_FLOAT64 && operand_type(b, &s) != QY_FLOAT64) {
        compare_exact(op, r, a, b, n);
        return QY_OK;
    }
    double xa, xb, *scratch_a = NULL, *scratch_b = NULL;
    const double *va, *vb;
    int stepa, stepb;
    int rc = f64_values(a, n, &xa, &scratch_a, &va, &stepa);
    if (rc == QY_OK) rc = f64_values(b, n, &xb, &scratch_b, &vb, &stepb);
    if (rc == QY_OK) cmp_double(op, r, va, stepa, vb, stepb, n);
    else qy_error_set(err, rc, "not enough memory to compare");
    qy_free(scratch_a);
    qy_free(scratch_b);
    return rc;
}

/* ---- strings ------------------------------------------------------------- */

/* Column a (codes) against the string s: equality finds s's code once;
 * order compares each dict entry with s once. */
static int compare_string_scalar(qy_cmp_op op, uint8_t *r, const qy_column *a,
                                 const qy_scalar *s, int64_t n, qy_error *err)
{
    uint32_t code;
    if (op == QY_EQ || op == QY_NE) {
        if (qy_dict_find(a->dict, s->v.str.ptr, s->v.str.len, &code) == QY_OK)
            cmp_uint32_t(op, r, a->v.code, 1, &code, 0, n);
        else
            memset(r, op == QY_NE, (size_t)n);
        return QY_OK;
    }
    uint32_t size = qy_dict_size(a->dict);
    uint8_t *entry = qy_malloc(size + 1u);
    if (!entry) return qy_error_set(err, QY_ENOMEM, "not enough memory to compare");
    for (uint32_t k = 0; k < size; k++) {
        size_t len;
        const char *text = qy_dict_get(a->dict, k, &len);
        entry[k] = holds(op, qy_bytes_compare(text, len, s->v.str.ptr, s->v.str.len));
    }
    const uint32_t *codes = a->v.code;
    for (int64_t i = 0; i < n; i++) r[i] = entry[codes[i]];
    qy_free(entry);
    return QY_OK;
}

typedef struct entry_ref {
    const char *text;
    size_t len;
    uint32_t code;
} entry_ref;

static int entry_ref_cmp(const void *x, const void *y)
{
    const entry_ref *a = x, *b = y;
    return qy_bytes_compare(a->text, a->len, b->text, b->len);
}

/* d's entries in byte order. Caller frees. */
static entry_ref *sorted_entries(const qy_dict *d)
{
    uint32_t size = qy_dict_size(d);
    entry_ref *e = qy_malloc((size_t)size * sizeof *e + 1);
    if (!e) return NULL;
    for (uint32_t k = 0; k < size; k++) {
        e[k].text = qy_dict_get(d, k, &e[k].len);
        e[k].code = k;
    }
    qsort(e, size, sizeof *e, entry_ref_cmp);
    return e;
}

/* Ranks of the entries of da and db in their joint byte order (equal
 * strings get equal ranks): ra[code of da], rb[code of db]. */
static int joint_ranks(const qy_dict *da, const qy_dict *db, uint32_t *ra, uint32_t *rb)
{
    uint32_t na = qy_dict_size(da), nb = qy_dict_size(db), i = 0, j = 0, rank = 0;
    entry_ref *ea = sorted_entries(da), *eb = sorted_entries(db);
    if (!ea || !eb) {
        qy_free(ea);
        qy_free(eb);
        return QY_ENOMEM;
    }
    while (i < na || j < nb) {
        int c = i == na ? 1 : j == nb ? -1
              : qy_bytes_compare(ea[i].text, ea[i].len, eb[j].text, eb[j].len);
        if (c <= 0) {
            const entry_ref *e = &ea[i++];
            ra[e->code] = rank;
            while (i < na && entry_ref_cmp(e, &ea[i]) == 0) ra[ea[i++].code] = rank;
        }
        if (c >= 0) {
            const entry_ref *e = &eb[j++];
            rb[e->code] = rank;
            while (j < nb && entry_ref_cmp(e, &eb[j]) == 0) rb[eb[j++].code] = rank;
        }
        rank++;
    }
    qy_free(ea);
    qy_free(eb);
    return QY_OK;
}

/* Two string columns: codes of one dict compare directly for equality;
 * otherwise rows compare by the joint ranks of their strings. */
static int compare_string_columns(qy_cmp_op op, uint8_t *r, const qy_column *a,
                                  const qy_column *b, int64_t n, qy_error *err)
{
    if (a->dict == b->dict && (op == QY_EQ || op == QY_NE)) {
        cmp_uint32_t(op, r, a->v.code, 1, b->v.code, 1, n);
        return QY_OK;
    }
    uint32_t na = qy_dict_size(a->dict), nb = qy_dict_size(b->dict);
    /* A null row holds code 0 even when its dict is empty: a spare rank
     * after b's keeps its lookup in bounds (the row's result is null). */
    uint32_t *ra = qy_malloc(((size_t)na + nb + 1) * sizeof *ra);
    uint32_t *rows = qy_malloc((size_t)n * 2 * sizeof *rows + 1);
    if (ra) ra[na + nb] = 0;
    int rc = ra && rows ? joint_ranks(a->dict, b->dict, ra, ra + na) : QY_ENOMEM;
    if (rc == QY_OK) {
        uint32_t *rank_a = rows, *rank_b = rows + n;
        for (int64_t i = 0; i < n; i++) rank_a[i] = ra[a->v.code[i]];
        for (int64_t i = 0; i < n; i++) rank_b[i] = ra[na + b->v.code[i]];
        cmp_uint32_t(op, r, rank_a, 1, rank_b, 1, n);
    } else {
        qy_error_set(err, rc, "not enough memory to compare");
    }
    qy_free(ra);
    qy_free(rows);
    return rc;
}

/* ---- qy_compare ---------------------------------------------------------- */

static int compare_values(qy_cmp_op op, uint8_t *r, const qy_operand *a, const qy_operand *b,
                          int64_t n, kind k, qy_error *err)
{
    int sa = a->col != NULL, sb = b->col != NULL;
    switch (k) {
    case KIND_NUMBER:
        return compare_numbers(op, r, a, b, n, err);
    case KIND_DATE:
        cmp_int32_t(op, r, sa ? a->col->v.date : &a->scalar.v.date, sa,
                    sb ? b->col->v.date : &b->scalar.v.date, sb, n);
        return QY_OK;
    case KIND_BOOL:
        cmp_uint8_t(op, r, sa ? a->col->v.b : &a->scalar.v.b, sa,
                    sb ? b->col->v.b : &b->scalar.v.b, sb, n);
        return QY_OK;
    case KIND_STRING:
        if (sa && sb) return compare_string_columns(op, r, a->col, b->col, n, err);
        if (sa) return compare_string_scalar(op, r, a->col, &b->scalar, n, err);
        memset(r, holds(op, qy_bytes_compare(a->scalar.v.str.ptr, a->scalar.v.str.len,
                                      b->scalar.v.str.ptr, b->scalar.v.str.len)), (size_t)n);
        return QY_OK;
    }
    return QY_OK;
}

int qy_compare(qy_cmp_op op, const qy_operand *a, const qy_operand *b, int64_t length,
               qy_column **out, qy_error *err)
{
    if (!a->col && b->col) {           /* the column goes first */
        const qy_operand *t = a;
        a = b;
        b = t;
        op = flip(op);
    }
    QY_RETURN_NOT_OK(qy_operands_check_length(a, b, length, err));
    int sa, sb;
    qy_type ta = operand_type(a, &sa), tb = operand_type(b, &sb);
    bool any_null = is_null_scalar(a) || is_null_scalar(b);
    if (!any_null && kind_of(ta) != kind_of(tb)) return kind_error(err, ta, sa, tb, sb);
    qy_column *c;
    QY_RETURN_NOT_OK(qy_column_new(QY_BOOL, 0, NULL, length, &c, err));
    int rc = any_null ? qy_validity_all_null(c, err)
                      : compare_values(op, c->v.b, a, b, length, kind_of(ta), err);
    if (rc == QY_OK && !any_null) rc = qy_validity_and(c, a->col, b->col, err);
    if (rc != QY_OK) {
        qy_column_release(c);
        return rc;
    }
    *out = c;
    return QY_OK;
}

/* ---- logic --------------------------------------------------------------- */

static int check_bool(const qy_column *c, const char *what, qy_error *err)
{
    char name[16];
    if (c->type != QY_BOOL)
        return qy_error_set(err, QY_ETYPE, "%s needs bool columns, not %s", what,
                            qy_type_name(c->type, c->scale, name));
    return QY_OK;
}

static bool row_valid(const qy_column *c, int64_t i) { return !qy_column_is_null(c, i); }

/* Kleene validity: a row of a and b is known when both are, or when one is
 * known to be false (and) / true (or), which decides it. */
static int kleene_validity(qy_logic_op op, qy_column *out, const qy_column *a,
                           const qy_column *b, qy_error *err)
{
    if (!a->null_count && (!b || !b->null_count)) return QY_OK;
    size_t nbytes = qy_bitmap_bytes(out->length);
    out->valid = qy_malloc(nbytes + 1);
    if (!out->valid) return qy_error_set(err, QY_ENOMEM, "not enough memory for a null bitmap");
    memset(out->valid, 0, nbytes);
    uint8_t decides = op == QY_OR;
    for (int64_t i = 0; i < out->length; i++) {
        bool va = row_valid(a, i), vb = b && row_valid(b, i);
        bool known = op == QY_NOT ? va
                   : (va && vb) || (va && a->v.b[i] == decides) || (vb && b->v.b[i] == decides);
        if (known) qy_bitmap_set(out->valid, i);
    }
    qy_validity_count(out);
    qy_validity_zero_nulls(out);
    return QY_OK;
}

int qy_logic(qy_logic_op op, const qy_column *a, const qy_column *b, qy_column **out,
             qy_error *err)
{
    const char *what = op == QY_AND ? "and" : op == QY_OR ? "or" : "not";
    if (op == QY_NOT) b = NULL;
    QY_RETURN_NOT_OK(check_bool(a, what, err));
    if (b) {
        QY_RETURN_NOT_OK(check_bool(b, what, err));
        if (a->length != b->length)
            return qy_error_set(err, QY_EINVAL, "%s of columns of %lld and %lld rows", what,
                                (long long)a->length, (long long)b->length);
    }
    qy_column *c;
    QY_RETURN_NOT_OK(qy_column_new_uninit(QY_BOOL, 0, NULL, a->length, &c, err));
    uint8_t *r = c->v.b;
    const uint8_t *x = a->v.b, *y = b ? b->v.b : NULL;
    int64_t n = a->length;
    switch (op) {
    case QY_AND: ROWS(x[i] & y[i]); break;
    case QY_OR: ROWS(x[i] | y[i]); break;
    case QY_NOT: ROWS(!x[i]); break;
    }
    int rc = kleene_validity(op, c, a, b, err);
    if (rc != QY_OK) {
        qy_column_release(c);
        return rc;
    }
    *out = c;
    return QY_OK;
}

/* ---- between, isin, isnull, contains ------------------------------------- */

/* Dates between two dates, the usual filter on a period: one pass over the
 * days instead of two comparisons and an and. */
static int between_dates(const qy_column *c, int32_t lo, int32_t hi, qy_column **out,
                         qy_error *err)
{
    qy_column *t;
    QY_RETURN_NOT_OK(qy_column_new_uninit(QY_BOOL, 0, NULL, c->length, &t, err));
    uint8_t *r = t->v.b;
    const int32_t *d = c->v.date;
    int64_t n = c->length;
    if (lo <= hi) ROWS((uint64_t)((int64_t)d[i] - lo) <= (uint64_t)((int64_t)hi - lo));
    else memset(r, 0, (size_t)n);
    int rc = qy_validity_and(t, c, NULL, err);
    if (rc != QY_OK) {
        qy_column_release(t);
        return rc;
    }
    *out = t;
    return QY_OK;
}

int qy_between(const qy_column *c, const qy_scalar *lo, const qy_scalar *hi,
               qy_column **out, qy_error *err)
{
    if (c->type == QY_DATE && lo->type == QY_DATE && hi->type == QY_DATE && !lo->null && !hi->null)
        return between_dates(c, lo->v.date, hi->v.date, out, err);
    qy_operand col = {.col = c}, low = {.scalar = *lo}, high = {.scalar = *hi};
    qy_column *above = NULL, *below = NULL;
    int rc = qy_compare(QY_GE, &col, &low, c->length, &above, err);
    if (rc == QY_OK) rc = qy_compare(QY_LE, &col, &high, c->length, &below, err);
    if (rc == QY_OK) rc = qy_logic(QY_AND, above, below, out, err);
    qy_column_release(above);
    qy_column_release(below);
    return rc;
}

/* Marks the row values of a bool column made from c: true where member
 * (indexed by code or bool) says so. */
static void read_member(uint8_t *r, const qy_column *c, const uint8_t *member)
{
    int64_t n = c->length;
    if (c->type == QY_STRING) ROWS(member[c->v.code[i]]);
    else ROWS(member[c->v.b[i]]);
}

/* Strings and bools: a flag per code (or per false/true). */
static int isin_codes(uint8_t *r, const qy_column *c, const qy_scalar *set, int n, qy_error *err)
{
    size_t size = c->type == QY_STRING ? qy_dict_size(c->dict) : 2;
    uint8_t *member = qy_calloc(size + 1, 1);
    if (!member) return qy_error_set(err, QY_ENOMEM, "not enough memory for isin");
    for (int k = 0; k < n; k++) {
        uint32_t code;
        if (set[k].null) continue;
        if (c->type == QY_BOOL) member[set[k].v.b != 0] = 1;
        else if (qy_dict_find(c->dict, set[k].v.str.ptr, set[k].v.str.len, &code) == QY_OK)
            member[code] = 1;
    }
    read_member(r, c, member);
    qy_free(member);
    return QY_OK;
}

static int int64_order(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static int double_order(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The set element s as a value of column c's representation (int64 at c's
 * scale or days), or false when no row of c can equal it. */
static bool exact_key(const qy_column *c, const qy_scalar *s, int64_t *key)
{
    if (c->type == QY_DATE) {
        *key = s->v.date;
        return true;
    }
    int scale = c->type == QY_DECIMAL ? c->scale : 0;
    if (s->type == QY_FLOAT64) {
        double x = s->v.f64 * (double)power_of_ten(scale);
        if (!(x >= -9.2e18 && x <= 9.2e18) || x != (double)(int64_t)x) return false;
        *key = (int64_t)x;
        return true;
    }
    return qy_decimal_rescale(s->v.i64, s->type == QY_DECIMAL ? s->scale : 0, scale, key) == QY_OK;
}

static bool find_int64(const int64_t *keys, int n, int64_t x)
{
    if (n <= 8) {
        bool hit = false;
        for (int k = 0; k < n; k++) hit |= keys[k] == x;
        return hit;
    }
    return bsearch(&x, keys, (size_t)n, sizeof *keys, int64_order) != NULL;
}

static bool find_double(const double *keys, int n, double x)
{
    if (n <= 8) {
        bool hit = false;
        for (int k = 0; k < n; k++) hit |= keys[k] == x;
        return hit;
    }
    return bsearch(&x, keys, (size_t)n, sizeof *keys, double_order) != NULL;
}

/* Numbers and dates: the set as sorted keys, each row searched (a short set
 * by a scan). */
static int isin_values(uint8_t *r, const qy_column *c, const qy_scalar *set, int n,
                       qy_error *err)
{
    bool floats = c->type == QY_FLOAT64;
    void *keys = qy_malloc((size_t)n * 8 + 1);
    if (!keys) return qy_error_set(err, QY_ENOMEM, "not enough memory for isin");
    int64_t *ik = keys;
    double *fk = keys;
    int count = 0;
    for (int k = 0; k < n; k++) {
        const qy_scalar *s = &set[k];
        if (s->null) continue;
        if (floats) fk[count++] = s->type == QY_FLOAT64 ? s->v.f64
                                : qy_decimal_to_double(s->v.i64, s->type == QY_DECIMAL ? s->scale : 0);
        else if (exact_key(c, s, &ik[count])) count++;
    }
    qsort(keys, (size_t)count, 8, floats ? double_order : int64_order);
    int64_t rows = c->length;
    for (int64_t i = 0; i < rows; i++)
        r[i] = floats ? find_double(fk, count, c->v.f64[i])
             : find_int64(ik, count, c->type == QY_DATE ? c->v.date[i] : c->v.i64[i]);
    qy_free(keys);
    return QY_OK;
}

int qy_isin(const qy_column *c, const qy_scalar *set, int n, qy_column **out, qy_error *err)
{
    for (int k = 0; k < n; k++)
        if (!set[k].null && kind_of(set[k].type) != kind_of(c->type))
            return kind_error(err, c->type, c->scale, set[k].type, set[k].scale);
    qy_column *b;
    QY_RETURN_NOT_OK(qy_column_new(QY_BOOL, 0, NULL, c->length, &b, err));
    int rc = c->type == QY_STRING || c->type == QY_BOOL ? isin_codes(b->v.b, c, set, n, err)
                                                        : isin_values(b->v.b, c, set, n, err);
    if (rc == QY_OK) rc = qy_validity_and(b, c, NULL, err);
    if (rc != QY_OK) {
        qy_column_release(b);
        return rc;
    }
    *out = b;
    return QY_OK;
}

int qy_isnull(const qy_column *c, int negate, qy_column **out, qy_error *err)
{
    qy_column *b;
    QY_RETURN_NOT_OK(qy_column_new(QY_BOOL, 0, NULL, c->length, &b, err));
    uint8_t *r = b->v.b;
    int64_t n = c->length;
    uint8_t when_null = negate ? 0 : 1;
    if (c->null_count == 0) memset(r, !when_null, (size_t)n);
    else ROWS(qy_column_is_null(c, i) ? when_null : !when_null);
    *out = b;
    return QY_OK;
}

/* Whether needle[0..m) occurs in s[0..n). */
static bool has_bytes(const char *s, size_t n, const char *needle, size_t m)
{
    if (m > n) return false;
    if (m == 0) return true;
    for (size_t i = 0; i <= n - m;) {
        const char *p = memchr(s + i, needle[0], n - m + 1 - i);
        if (!p) return false;
        if (memcmp(p, needle, m) == 0) return true;
        i = (size_t)(p - s) + 1;
    }
    return false;
}

int qy_contains(const qy_column *c, const char *needle, size_t len, qy_column **out,
                qy_error *err)
{
    char name[16];
    if (c->type != QY_STRING)
        return qy_error_set(err, QY_ETYPE, "contains needs a string column, not %s",
                            qy_type_name(c->type, c->scale, name));
    uint32_t size = qy_dict_size(c->dict);
    uint8_t *member = qy_malloc(size + 1u);
    if (!member) return qy_error_set(err, QY_ENOMEM, "not enough memory for contains");
    for (uint32_t k = 0; k < size; k++) {
        size_t n;
        const char *s = qy_dict_get(c->dict, k, &n);
        member[k] = has_bytes(s, n, needle, len);
    }
    qy_column *b;
    int rc = qy_column_new(QY_BOOL, 0, NULL, c->length, &b, err);
    if (rc == QY_OK) {
        read_member(b->v.b, c, member);
        rc = qy_validity_and(b, c, NULL, err);
        if (rc != QY_OK) qy_column_release(b);
    }
    qy_free(member);
    if (rc == QY_OK) *out = b;
    return rc;
}
