/* choose.c — coalesce, fill_null and case; see choose.h.
 *
 * Each verb first picks, per row, the index of the part its value comes
 * from (or -1 for null); one gather then converts every part to the
 * result's type once (columns through qy_column_cast, scalars here) and
 * copies the picked elements. */
#include "choose.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "cast.h"
#include "dict.h"
#include "number.h"

static qy_type part_type(const qy_operand *o, int *scale)
{
    qy_type type = o->col ? o->col->type : o->scalar.type;
    *scale = type == QY_DECIMAL ? (o->col ? o->col->scale : o->scalar.scale) : 0;
    return type;
}

static bool is_untyped(const qy_operand *o) { return !o->col && o->scalar.null; }

static bool is_number(qy_type t) { return t == QY_INT64 || t == QY_DECIMAL || t == QY_FLOAT64; }

/* Whether a value of type from becomes one of type to without changing kind. */
static bool widens(qy_type from, qy_type to)
{
    return from == to || (from == QY_INT64 && (to == QY_DECIMAL || to == QY_FLOAT64))
           || (from == QY_DECIMAL && to == QY_FLOAT64);
}

static int common_type(const qy_operand *parts, int n, qy_type *type, int *scale, qy_error *err)
{
    bool any = false;
    *type = QY_INT64;
    *scale = 0;
    for (int k = 0; k < n; k++) {
        if (is_untyped(&parts[k])) continue;
        int s;
        qy_type t = part_type(&parts[k], &s);
        if (!any || t == *type) {
            *scale = !any || s > *scale ? s : *scale;
            *type = t;
        } else if (is_number(t) && is_number(*type)) {
            bool to_float = t == QY_FLOAT64 || *type == QY_FLOAT64;
            *scale = to_float ? 0 : (s > *scale ? s : *scale);
            *type = to_float ? QY_FLOAT64 : QY_DECIMAL;
        } else {
            char a[16], b[16];
            return qy_error_set(err, QY_ETYPE, "values of %s and %s do not mix",
                                qy_type_name(*type, *scale, a), qy_type_name(t, s, b));
        }
        any = true;
    }
    return QY_OK;
}

static int check_length(const qy_column *c, int64_t length, const char *what, int k, qy_error *err)
{
    if (!c || c->length == length) return QY_OK;
    return qy_error_set(err, QY_EINVAL, "%s %d has %lld rows, not %lld", what, k + 1,
                        (long long)c->length, (long long)length);
}

/* ---- gathering ----------------------------------------------------------- */

/* One part at the result's type. */
typedef struct source {
    qy_column *col;        /* the part's column converted (a reference), or NULL for a scalar */
    uint32_t *recode;      /* string column: each code's code in the result, UINT32_MAX until used */
    bool null;             /* a null scalar */
    union {
        int64_t i64;
        double f64;
        int32_t date;
        uint8_t b;
        uint32_t code;
    } v;                   /* a scalar's element */
} source;

static int scalar_source(const qy_scalar *s, qy_column *r, source *src, qy_error *err)
{
    src->null = s->null;
    if (s->null) return QY_OK;
    int from = s->type == QY_DECIMAL ? s->scale : 0, rc = QY_OK;
    char text[48];
    switch (r->type) {
    case QY_FLOAT64:
        src->v.f64 = s->type == QY_FLOAT64 ? s->v.f64
                   : s->type == QY_INT64 ? (double)s->v.i64 : qy_decimal_to_double(s->v.i64, from);
        return QY_OK;
    case QY_DECIMAL:
        rc = qy_decimal_rescale(s->v.i64, from, r->scale, &src->v.i64);
        if (rc == QY_OK) return QY_OK;
        qy_decimal_format(s->v.i64, from, text);
        return qy_error_set(err, rc, rc == QY_ERANGE ? "%s has more than %d decimals (use round first)"
                                                     : "%s does not fit in decimal(%d)", text, r->scale);
    case QY_INT64: src->v.i64 = s->v.i64; return QY_OK;
    case QY_DATE: src->v.date = s->v.date; return QY_OK;
    case QY_BOOL: src->v.b = s->v.b; return QY_OK;
    case QY_STRING:
        if (qy_dict_intern(r->dict, s->v.str.ptr, s->v.str.len, &src->v.code) != QY_OK)
            return qy_error_set(err, QY_ENOMEM, "not enough memory for the strings");
        return QY_OK;
    }
    return QY_OK;
}

static int column_source(const qy_column *c, qy_column *r, source *src, qy_error *err)
{
    QY_RETURN_NOT_OK(qy_column_cast(c, r->type, r->scale, &src->col, err));
    if (r->type != QY_STRING) return QY_OK;
    uint32_t n = qy_dict_size(src->col->dict);
    src->recode = qy_malloc((n ? n : 1) * sizeof *src->recode);
    if (!src->recode) return qy_error_set(err, QY_ENOMEM, "not enough memory for the strings");
    memset(src->recode, 0xff, (n ? n : 1) * sizeof *src->recode);
    return QY_OK;
}

/* The result's code of row i of a string column source. */
static int recode(source *src, qy_column *r, int64_t i, uint32_t *code, qy_error *err)
{
    uint32_t from = src->col->v.code[i];
    if (src->recode[from] == UINT32_MAX) {
        size_t len;
        const char *s = qy_dict_get(src->col->dict, from, &len);
        if (qy_dict_intern(r->dict, s, len, &src->recode[from]) != QY_OK)
            return qy_error_set(err, QY_ENOMEM, "not enough memory for the strings");
    }
    *code = src->recode[from];
    return QY_OK;
}

/* Row i of r from src (not null there). */
static int copy_element(source *src, qy_column *r, int64_t i, qy_error *err)
{
    const qy_column *c = src->col;
    switch (r->type) {
    case QY_INT64: case QY_DECIMAL: r->v.i64[i] = c ? c->v.i64[i] : src->v.i64; break;
    case QY_FLOAT64: r->v.f64[i] = c ? c->v.f64[i] : src->v.f64; break;
    case QY_DATE: r->v.date[i] = c ? c->v.date[i] : src->v.date; break;
    case QY_BOOL: r->v.b[i] = c ? c->v.b[i] : src->v.b; break;
    case QY_STRING:
        if (c) return recode(src, r, i, &r->v.code[i], err);
        r->v.code[i] = src->v.code;
        break;
    }
    return QY_OK;
}

static int fill_rows(source *sources, const int32_t *pick, qy_column *r, qy_error *err)
{
    int rc = QY_OK;
    for (int64_t i = 0; i < r->length && rc == QY_OK; i++) {
        source *src = pick[i] < 0 ? NULL : &sources[pick[i]];
        if (!src || src->null || (src->col && qy_column_is_null(src->col, i)))
            rc = qy_column_set_null(r, i, err);
        else
            rc = copy_element(src, r, i, err);
    }
    return rc;
}

/* A new column of type/scale whose row i is row i of parts[pick[i]]. */
static int gather(const qy_operand *parts, int n, const int32_t *pick, int64_t length,
                  qy_type type, int scale, qy_column **out, qy_error *err)
{
    qy_dict *dict = type == QY_STRING ? qy_dict_new() : NULL;
    if (type == QY_STRING && !dict) return qy_error_set(err, QY_ENOMEM, "not enough memory");
    qy_column *r = NULL;
    int rc = qy_column_new_uninit(type, scale, dict, length, &r, err);
    qy_dict_release(dict);
    if (rc != QY_OK) return rc;
    source *sources = qy_calloc((size_t)n, sizeof *sources);
    if (!sources) rc = qy_error_set(err, QY_ENOMEM, "not enough memory");
    for (int k = 0; k < n && rc == QY_OK; k++)
        rc = parts[k].col ? column_source(parts[k].col, r, &sources[k], err)
                          : scalar_source(&parts[k].scalar, r, &sources[k], err);
    if (rc == QY_OK) rc = fill_rows(sources, pick, r, err);
    for (int k = 0; sources && k < n; k++) {
        qy_column_release(sources[k].col);
        qy_free(sources[k].recode);
    }
    qy_free(sources);
    if (rc != QY_OK) {
        qy_column_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}

static int32_t *new_picks(int64_t length, qy_error *err)
{
    int32_t *pick = qy_malloc((size_t)(length ? length : 1) * sizeof *pick);
    if (!pick) qy_error_set(err, QY_ENOMEM, "not enough memory for %lld rows", (long long)length);
    return pick;
}

/* ---- the verbs ----------------------------------------------------------- */

int qy_choose(const qy_operand *parts, int n, const int32_t *pick, int64_t length,
              qy_column **out, qy_error *err)
{
    qy_type type;
    int scale;
    for (int k = 0; k < n; k++) QY_RETURN_NOT_OK(check_length(parts[k].col, length, "value", k, err));
    QY_RETURN_NOT_OK(common_type(parts, n, &type, &scale, err));
    return gather(parts, n, pick, length, type, scale, out, err);
}

int qy_coalesce(const qy_operand *parts, int n, int64_t length, qy_column **out, qy_error *err)
{
    for (int k = 0; k < n; k++) QY_RETURN_NOT_OK(check_length(parts[k].col, length, "value", k, err));
    int32_t *pick = new_picks(length, err);
    if (!pick) return QY_ENOMEM;
    for (int64_t i = 0; i < length; i++) {
        int k = 0;
        while (k < n && (parts[k].col ? qy_column_is_null(parts[k].col, i) : parts[k].scalar.null)) k++;
        pick[i] = k < n ? k : -1;
    }
    int rc = qy_choose(parts, n, pick, length, out, err);
    qy_free(pick);
    return rc;
}

int qy_fill_null(const qy_column *c, const qy_operand *fill, qy_column **out, qy_error *err)
{
    int scale;
    qy_type type = part_type(fill, &scale);
    if (!is_untyped(fill) && !widens(type, c->type)) {
        char a[16], b[16];
        qy_type_name(c->type, c->scale, a);
        return qy_error_set(err, QY_ETYPE, "cannot fill %s %s column with %s",
                            c->type == QY_INT64 ? "an" : "a", a, qy_type_name(type, scale, b));
    }
    QY_RETURN_NOT_OK(check_length(fill->col, c->length, "fill column", 0, err));
    if (c->null_count == 0 || is_untyped(fill)) {
        *out = qy_column_retain((qy_column *)c);       /* immutable: sharing is safe */
        return QY_OK;
    }
    int32_t *pick = new_picks(c->length, err);
    if (!pick) return QY_ENOMEM;
    for (int64_t i = 0; i < c->length; i++) pick[i] = qy_column_is_null(c, i) ? 1 : 0;
    qy_operand parts[2] = {{.col = c}, *fill};
    int rc = gather(parts, 2, pick, c->length, c->type, c->scale, out, err);
    qy_free(pick);
    return rc;
}

static int check_mask(const qy_column *m, int k, int64_t length, qy_error *err)
{
    if (m->type != QY_BOOL) {
        char name[16];
        return qy_error_set(err, QY_ETYPE, "branch %d: the mask must be a bool column, not %s", k + 1,
                            qy_type_name(m->type, m->scale, name));
    }
    if (m->length != length)
        return qy_error_set(err, QY_EINVAL, "branch %d: the mask has %lld rows, not %lld", k + 1,
                            (long long)m->length, (long long)length);
    return QY_OK;
}

int qy_case(const qy_column *const *masks, const qy_operand *values, int n,
            const qy_operand *otherwise, int64_t length, qy_column **out, qy_error *err)
{
    for (int k = 0; k < n; k++) {
        QY_RETURN_NOT_OK(check_mask(masks[k], k, length, err));
        QY_RETURN_NOT_OK(check_length(values[k].col, length, "the value of branch", k, err));
    }
    if (otherwise && otherwise->col && otherwise->col->length != length)
        return qy_error_set(err, QY_EINVAL, "the default has %lld rows, not %lld",
                            (long long)otherwise->col->length, (long long)length);
    qy_operand *parts = qy_malloc((size_t)(n + 1) * sizeof *parts);
    int32_t *pick = parts ? new_picks(length, err) : NULL;
    int rc = pick ? QY_OK : qy_error_set(err, QY_ENOMEM, "not enough memory");
    if (rc == QY_OK) {
        memcpy(parts, values, (size_t)n * sizeof *parts);
        parts[n] = otherwise ? *otherwise : (qy_operand){.scalar = qy_scalar_null()};
        for (int64_t i = 0; i < length; i++) {
            int k = 0;
            while (k < n && (qy_column_is_null(masks[k], i) || !masks[k]->v.b[i])) k++;
            pick[i] = k;
        }
        rc = qy_choose(parts, n + 1, pick, length, out, err);
    }
    qy_free(parts);
    qy_free(pick);
    return rc;
}
