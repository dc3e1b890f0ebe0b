/* replace.c — whole-value replacement; see replace.h. Values are compared
 * in the column's own representation (scaled int64, days, bytes), so a
 * decimal or date compares exactly. */
#include "replace.h"

#include <string.h>

#include "number.h"
#include "validity.h"

static int type_error(const qy_scalar *s, const qy_column *c, qy_error *err)
{
    char want[16], got[16];
    return qy_error_set(err, QY_ETYPE, "value of type %s expected, got %s",
                        qy_type_name(c->type, c->scale, want), qy_type_name(s->type, s->scale, got));
}

/* s (int64 or decimal) rescaled to decimal column c's scale, without losing a digit. */
static int fit_decimal(const qy_scalar *s, const qy_column *c, qy_scalar *fit, qy_error *err)
{
    int64_t scaled;
    int from = s->type == QY_INT64 ? 0 : s->scale;
    if (qy_decimal_rescale(s->v.i64, from, c->scale, &scaled) != QY_OK) {
        char name[16];
        return qy_error_set(err, QY_ETYPE, "value does not fit %s",
                            qy_type_name(c->type, c->scale, name));
    }
    *fit = qy_scalar_decimal(scaled, c->scale);
    return QY_OK;
}

int qy_scalar_fit(const qy_scalar *s, const qy_column *c, qy_scalar *fit, qy_error *err)
{
    *fit = *s;
    if (s->null) return QY_OK;
    switch (c->type) {
    case QY_FLOAT64:
        if (s->type == QY_INT64) *fit = qy_scalar_float64((double)s->v.i64);
        else if (s->type == QY_DECIMAL) *fit = qy_scalar_float64(qy_decimal_to_double(s->v.i64, s->scale));
        else if (s->type != QY_FLOAT64) return type_error(s, c, err);
        return QY_OK;
    case QY_DECIMAL:
        if (s->type != QY_INT64 && s->type != QY_DECIMAL) return type_error(s, c, err);
        return fit_decimal(s, c, fit, err);
    default:
        return s->type == c->type ? QY_OK : type_error(s, c, err);
    }
}

/* Whether row i of c (not null) equals s (not null, fit to c). */
static bool row_equals(const qy_column *c, int64_t i, const qy_scalar *s)
{
    switch (c->type) {
    case QY_FLOAT64: return c->v.f64[i] == s->v.f64;
    case QY_DATE: return c->v.date[i] == s->v.date;
    case QY_BOOL: return c->v.b[i] == s->v.b;
    default: return c->v.i64[i] == s->v.i64;
    }
}

static void store(qy_column *r, int64_t i, const qy_scalar *s)
{
    switch (r->type) {
    case QY_FLOAT64: r->v.f64[i] = s->v.f64; break;
    case QY_DATE: r->v.date[i] = s->v.date; break;
    case QY_BOOL: r->v.b[i] = s->v.b; break;
    default: r->v.i64[i] = s->v.i64; break;
    }
}

int qy_replace_values(const qy_column *c, const qy_scalar *from, const qy_scalar *to,
                      qy_column **out, qy_error *err)
{
    char name[16];
    if (c->type == QY_STRING)
        return qy_error_set(err, QY_ETYPE, "whole values of a %s column cannot be replaced",
                            qy_type_name(c->type, c->scale, name));
    qy_scalar a, b;
    QY_RETURN_NOT_OK(qy_scalar_fit(from, c, &a, err));
    QY_RETURN_NOT_OK(qy_scalar_fit(to, c, &b, err));
    qy_column *r = NULL;
    QY_RETURN_NOT_OK(qy_column_new_uninit(c->type, c->scale, NULL, c->length, &r, err));
    memcpy(r->v.any, c->v.any, (size_t)c->length * qy_type_width(c->type));
    int rc = qy_validity_and(r, c, NULL, err);
    for (int64_t i = 0; i < c->length && rc == QY_OK && !a.null; i++) {
        if (qy_column_is_null(c, i) || !row_equals(c, i, &a)) continue;
        if (b.null) rc = qy_column_set_null(r, i, err);
        else store(r, i, &b);
    }
    if (rc != QY_OK) {
        qy_column_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}
