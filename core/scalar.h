/* scalar.h — one typed value, the counterpart of a column row: operands of
 * column expressions, fill values, results of reductions. Header-only.
 * A string scalar borrows its bytes (from Lua, or from a dict): the owner
 * must outlive the scalar. */
#ifndef QY_SCALAR_H
#define QY_SCALAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "error.h"

typedef struct qy_scalar {
    qy_type type;
    int scale;              /* QY_DECIMAL */
    bool null;
    union {
        int64_t i64;        /* QY_INT64, QY_DECIMAL (scaled) */
        double f64;
        int32_t date;
        uint8_t b;
        struct {
            const char *ptr;
            size_t len;
        } str;              /* QY_STRING, borrowed */
    } v;
} qy_scalar;

/* An operand of a column expression: a column (col != NULL, borrowed) or,
 * when col is NULL, the scalar repeated on every row. */
typedef struct qy_operand {
    const qy_column *col;
    qy_scalar scalar;
} qy_operand;

/* The columns among a and b must have length rows: QY_OK or QY_EINVAL. */
static inline int qy_operands_check_length(const qy_operand *a, const qy_operand *b,
                                           int64_t length, qy_error *err)
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

static inline qy_scalar qy_scalar_null(void)
{
    qy_scalar s = {.type = QY_INT64, .null = true};
    return s;
}

static inline qy_scalar qy_scalar_int64(int64_t x)
{
    qy_scalar s = {.type = QY_INT64, .v.i64 = x};
    return s;
}

static inline qy_scalar qy_scalar_float64(double x)
{
    qy_scalar s = {.type = QY_FLOAT64, .v.f64 = x};
    return s;
}

static inline qy_scalar qy_scalar_decimal(int64_t scaled, int scale)
{
    qy_scalar s = {.type = QY_DECIMAL, .scale = scale, .v.i64 = scaled};
    return s;
}

static inline qy_scalar qy_scalar_string(const char *ptr, size_t len)
{
    qy_scalar s = {.type = QY_STRING, .v.str = {ptr, len}};
    return s;
}

static inline qy_scalar qy_scalar_date(int32_t days)
{
    qy_scalar s = {.type = QY_DATE, .v.date = days};
    return s;
}

static inline qy_scalar qy_scalar_bool(bool b)
{
    qy_scalar s = {.type = QY_BOOL, .v.b = b};
    return s;
}

#endif
