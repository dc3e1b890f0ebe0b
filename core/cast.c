/* cast.c — converting a column to another type; see cast.h.
 *
 * Numbers convert row by row; text is parsed once per distinct string (a
 * string column's dict entry, looked at only when a row uses it: a filtered
 * column may share a dict far larger than itself). */
#include "cast.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "date.h"
#include "dict.h"
#include "number.h"
#include "round.h"
#include "validity.h"

static int type_error(const qy_column *c, qy_type type, int scale, qy_error *err)
{
    char from[16], to[16];
    return qy_error_set(err, QY_ETYPE, "cannot convert %s to %s",
                        qy_type_name(c->type, c->scale, from), qy_type_name(type, scale, to));
}

/* Completes a column whose non-null rows are written: c's nulls, zeroed. */
static int finish(qy_column *r, const qy_column *c, int rc, qy_column **out, qy_error *err)
{
    if (rc == QY_OK) rc = qy_validity_and(r, c, NULL, err);
    if (rc != QY_OK) {
        qy_column_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}

/* ---- numbers ------------------------------------------------------------- */

static bool number_cast_allowed(qy_type from, qy_type to)
{
    switch (to) {
    case QY_FLOAT64: return from == QY_INT64 || from == QY_DECIMAL;
    case QY_INT64: return from == QY_FLOAT64 || from == QY_DECIMAL || from == QY_BOOL;
    case QY_DECIMAL: return from == QY_INT64 || from == QY_DECIMAL || from == QY_FLOAT64;
    default: return false;
    }
}

/* The text of row i of c, for a message. */
static const char *row_text(const qy_column *c, int64_t i, char *buf)
{
    const char *text;
    qy_column_format(c, i, buf, 64, &text);
    return text;
}

static int to_int64(const qy_column *c, int64_t i, int64_t *dst, qy_error *err)
{
    char buf[64];
    if (c->type == QY_BOOL) {
        *dst = c->v.b[i];
        return QY_OK;
    }
    if (c->type == QY_DECIMAL) {
        if (qy_decimal_rescale(c->v.i64[i], c->scale, 0, dst) == QY_OK) return QY_OK;
        return qy_error_set(err, QY_ERANGE, "%s at row %lld is not a whole number (use round first)",
                            row_text(c, i, buf), (long long)i + 1);
    }
    double x = c->v.f64[i];
    if (x != trunc(x) || !isfinite(x))
        return qy_error_set(err, QY_ERANGE, "%s at row %lld is not a whole number",
                            row_text(c, i, buf), (long long)i + 1);
    if (x < -0x1p63 || x >= 0x1p63)
        return qy_error_set(err, QY_EOVERFLOW, "%s at row %lld does not fit in int64",
                            row_text(c, i, buf), (long long)i + 1);
    *dst = (int64_t)x;
    return QY_OK;
}

static int to_decimal(const qy_column *c, int64_t i, int scale, int64_t *dst, qy_error *err)
{
    char buf[64];
    int rc = c->type == QY_FLOAT64 ? qy_float_to_decimal(c->v.f64[i], scale, dst)
                                   : qy_decimal_rescale(c->v.i64[i], c->type == QY_DECIMAL ? c->scale : 0,
                                                        scale, dst);
    if (rc == QY_ERANGE)
        return qy_error_set(err, rc, "%s at row %lld has more than %d decimals (use round first)",
                            row_text(c, i, buf), (long long)i + 1, scale);
    if (rc != QY_OK)
        return qy_error_set(err, rc, "%s at row %lld does not fit in decimal(%d)",
                            row_text(c, i, buf), (long long)i + 1, scale);
    return QY_OK;
}

static int convert_numbers(const qy_column *c, qy_type type, int scale, qy_column **out,
                           qy_error *err)
{
    qy_column *r;
    QY_RETURN_NOT_OK(qy_column_new_uninit(type, scale, NULL, c->length, &r, err));
    int rc = QY_OK;
    for (int64_t i = 0; i < c->length && rc == QY_OK; i++) {
        if (qy_column_is_null(c, i)) continue;
        if (type == QY_FLOAT64)
            r->v.f64[i] = c->type == QY_INT64 ? (double)c->v.i64[i]
                                              : qy_decimal_to_double(c->v.i64[i], c->scale);
        else if (type == QY_INT64)
            rc = to_int64(c, i, &r->v.i64[i], err);
        else
            rc = to_decimal(c, i, scale, &r->v.i64[i], err);
    }
    return finish(r, c, rc, out, err);
}

/* ---- to text ------------------------------------------------------------- */

static int to_text(const qy_column *c, qy_column **out, qy_error *err)
{
    qy_dict *dict = qy_dict_new();
    if (!dict) return qy_error_set(err, QY_ENOMEM, "not enough memory for a dictionary");
    qy_column *r;
    int rc = qy_column_new_uninit(QY_STRING, 0, dict, c->length, &r, err);
    qy_dict_release(dict);
    if (rc != QY_OK) return rc;
    for (int64_t i = 0; i < c->length && rc == QY_OK; i++) {
        char buf[64];
        const char *text;
        size_t len = qy_column_format(c, i, buf, sizeof buf, &text);
        r->v.code[i] = 0;
        if (text && qy_dict_intern(r->dict, text, len, &r->v.code[i]) != QY_OK)
            rc = qy_error_set(err, QY_ENOMEM, "not enough memory for the strings");
    }
    return finish(r, c, rc, out, err);
}

/* ---- from text ----------------------------------------------------------- */

typedef union parsed {
    int64_t i64;
    double f64;
    int32_t date;
    uint8_t b;
} parsed;

static int parse_text(const char *s, size_t len, qy_type type, int scale, parsed *p)
{
    switch (type) {
    case QY_INT64: return qy_int64_parse(s, len, &p->i64);
    case QY_FLOAT64: return qy_float_parse(s, len, &p->f64);
    case QY_DECIMAL: return qy_decimal_parse_at(s, len, scale, &p->i64);
    case QY_DATE: return qy_date_parse(s, len, &p->date);
    case QY_BOOL:
        if (len == 4 && memcmp(s, "true", 4) == 0) p->b = 1;
        else if (len == 5 && memcmp(s, "false", 5) == 0) p->b = 0;
        else return QY_EPARSE;
        return QY_OK;
    case QY_STRING: break;
    }
    return QY_ETYPE;
}

static int parse_error(int rc, const char *s, qy_type type, int scale, int64_t row, qy_error *err)
{
    char name[16];
    qy_type_name(type, scale, name);
    if (rc == QY_ERANGE)
        return qy_error_set(err, rc, "'%s' at row %lld has more than %d decimals", s,
                            (long long)row + 1, scale);
    if (rc == QY_EOVERFLOW)
        return qy_error_set(err, rc, "'%s' at row %lld does not fit in %s", s, (long long)row + 1,
                            name);
    return qy_error_set(err, QY_EPARSE, "'%s' at row %lld is not %s %s", s, (long long)row + 1,
                        type == QY_INT64 ? "an" : "a", name);
}

static void store(qy_column *r, int64_t i, const parsed *p)
{
    switch (r->type) {
    case QY_INT64: case QY_DECIMAL: r->v.i64[i] = p->i64; break;
    case QY_FLOAT64: r->v.f64[i] = p->f64; break;
    case QY_DATE: r->v.date[i] = p->date; break;
    case QY_BOOL: r->v.b[i] = p->b; break;
    case QY_STRING: break;
    }
}

/* The distinct strings' values, parsed when a row first needs them. */
typedef struct parse_cache {
    parsed *value;
    uint8_t *done;      /* 1 once value[code] holds the parse */
} parse_cache;

static int from_text(const qy_column *c, qy_type type, int scale, qy_column **out, qy_error *err)
{
    uint32_t n = qy_dict_size(c->dict);
    parse_cache cache = {qy_malloc((n ? n : 1) * sizeof *cache.value), qy_calloc(n ? n : 1, 1)};
    qy_column *r = NULL;
    int rc = cache.value && cache.done ? QY_OK
                                       : qy_error_set(err, QY_ENOMEM, "not enough memory to parse");
    if (rc == QY_OK) rc = qy_column_new_uninit(type, scale, NULL, c->length, &r, err);
    for (int64_t i = 0; i < c->length && rc == QY_OK; i++) {
        if (qy_column_is_null(c, i)) continue;
        uint32_t code = c->v.code[i];
        if (!cache.done[code]) {
            size_t len;
            const char *s = qy_dict_get(c->dict, code, &len);
            int parse_rc = parse_text(s, len, type, scale, &cache.value[code]);
            if (parse_rc != QY_OK) rc = parse_error(parse_rc, s, type, scale, i, err);
            cache.done[code] = 1;
        }
        store(r, i, &cache.value[code]);
    }
    qy_free(cache.value);
    qy_free(cache.done);
    if (!r) return rc;
    return finish(r, c, rc, out, err);
}

/* ---- the one entry ------------------------------------------------------- */

int qy_column_cast(const qy_column *c, qy_type type, int scale, qy_column **out, qy_error *err)
{
    if (type == QY_DECIMAL && (scale < 0 || scale > QY_DECIMAL_MAX_SCALE))
        return qy_error_set(err, QY_EINVAL, "decimal scale %d is not in 0..%d", scale,
                            QY_DECIMAL_MAX_SCALE);
    if (c->type == type && (type != QY_DECIMAL || c->scale == scale)) {
        *out = qy_column_retain((qy_column *)c);       /* immutable: sharing is safe */
        return QY_OK;
    }
    if (type == QY_STRING) return to_text(c, out, err);
    if (c->type == QY_STRING) return from_text(c, type, scale, out, err);
    if (number_cast_allowed(c->type, type)) return convert_numbers(c, type, scale, out, err);
    return type_error(c, type, scale, err);
}
