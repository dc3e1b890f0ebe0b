/* column.c — typed column vectors; see column.h. */
#include "column.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "date.h"
#include "mapping.h"
#include "number.h"

const char *qy_type_name(qy_type type, int scale, char *buf)
{
    switch (type) {
    case QY_INT64: return strcpy(buf, "int64");
    case QY_FLOAT64: return strcpy(buf, "float64");
    case QY_DECIMAL: snprintf(buf, 16, "decimal(%d)", scale); return buf;
    case QY_STRING: return strcpy(buf, "string");
    case QY_DATE: return strcpy(buf, "date");
    case QY_BOOL: return strcpy(buf, "bool");
    }
    return strcpy(buf, "?");
}

int qy_type_parse(const char *name, qy_type *type, int *scale)
{
    static const struct { const char *name; qy_type type; } names[] = {
        {"int64", QY_INT64}, {"int", QY_INT64}, {"integer", QY_INT64},
        {"float64", QY_FLOAT64}, {"float", QY_FLOAT64}, {"double", QY_FLOAT64},
        {"number", QY_FLOAT64}, {"string", QY_STRING}, {"str", QY_STRING},
        {"text", QY_STRING}, {"date", QY_DATE}, {"bool", QY_BOOL},
        {"boolean", QY_BOOL}, {"decimal", QY_DECIMAL},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *type = names[i].type;
            *scale = names[i].type == QY_DECIMAL ? 2 : 0;
            return QY_OK;
        }
    }
    int s, used = 0;
    if (sscanf(name, "decimal(%d)%n", &s, &used) == 1 && name[used] == '\0' && used > 0
        && s >= 0 && s <= QY_DECIMAL_MAX_SCALE) {
        *type = QY_DECIMAL;
        *scale = s;
        return QY_OK;
    }
    return QY_EPARSE;
}

size_t qy_type_width(qy_type type)
{
    switch (type) {
    case QY_INT64: case QY_DECIMAL: return sizeof(int64_t);
    case QY_FLOAT64: return sizeof(double);
    case QY_STRING: return sizeof(uint32_t);
    case QY_DATE: return sizeof(int32_t);
    case QY_BOOL: return sizeof(uint8_t);
    }
    return 0;
}

static int check_shape(qy_type type, int scale, qy_dict *dict, int64_t length, qy_error *err)
{
    if (length < 0) return qy_error_set(err, QY_EINVAL, "negative column length");
    if (type == QY_DECIMAL && (scale < 0 || scale > QY_DECIMAL_MAX_SCALE))
        return qy_error_set(err, QY_EINVAL, "decimal scale %d is not in 0..%d", scale,
                            QY_DECIMAL_MAX_SCALE);
    if (type == QY_STRING && !dict)
        return qy_error_set(err, QY_EINVAL, "a string column needs a dictionary");
    return QY_OK;
}

/* The fields every column sets the same way. */
static void column_init(qy_column *c, qy_type type, int scale, qy_dict *dict, int64_t length)
{
    c->refcount = 1;
    c->type = type;
    c->scale = type == QY_DECIMAL ? scale : 0;
    c->length = length;
    c->dict = type == QY_STRING ? qy_dict_retain(dict) : NULL;
    atomic_init(&c->zones, NULL);
}

static int column_alloc(qy_type type, int scale, qy_dict *dict, int64_t length, bool zeroed,
                        qy_column **out, qy_error *err)
{
    QY_RETURN_NOT_OK(check_shape(type, scale, dict, length, err));
    qy_column *c = qy_calloc(1, sizeof *c);
    size_t width = qy_type_width(type);
    if (c) c->v.any = zeroed ? qy_calloc((size_t)length, width)
                             : qy_malloc((size_t)(length ? length : 1) * width);
    if (!c || !c->v.any) {
        qy_free(c);
        return qy_error_set(err, QY_ENOMEM, "not enough memory for a column of %lld rows",
                            (long long)length);
    }
    column_init(c, type, scale, dict, length);
    *out = c;
    return QY_OK;
}

int qy_column_new_borrowed(qy_type type, int scale, qy_dict *dict, int64_t length,
                           const void *values, const uint8_t *valid, int64_t null_count,
                           struct qy_mapping *owner, qy_column **out, qy_error *err)
{
    QY_RETURN_NOT_OK(check_shape(type, scale, dict, length, err));
    qy_column *c = qy_calloc(1, sizeof *c);
    if (!c) return qy_error_set(err, QY_ENOMEM, "not enough memory for a column");
    column_init(c, type, scale, dict, length);
    c->v.any = (void *)values;           /* never written: columns are immutable */
    c->valid = (uint8_t *)valid;
    c->null_count = valid ? null_count : 0;
    c->owner = qy_mapping_retain(owner);
    *out = c;
    return QY_OK;
}

int qy_column_new(qy_type type, int scale, qy_dict *dict, int64_t length,
                  qy_column **out, qy_error *err)
{
    return column_alloc(type, scale, dict, length, true, out, err);
}

int qy_column_new_uninit(qy_type type, int scale, qy_dict *dict, int64_t length,
                         qy_column **out, qy_error *err)
{
    return column_alloc(type, scale, dict, length, false, out, err);
}

int qy_column_adopt(qy_type type, int scale, qy_dict *dict, int64_t length, void *values,
                    uint8_t *valid, int64_t null_count, qy_column **out, qy_error *err)
{
    qy_column *c;
    QY_RETURN_NOT_OK(column_alloc(type, scale, dict, 0, false, &c, err));
    qy_free(c->v.any);
    c->v.any = values;
    c->valid = valid;
    c->length = length;
    c->null_count = null_count;
    *out = c;
    return QY_OK;
}

qy_column *qy_column_retain(qy_column *c)
{
    if (c) atomic_fetch_add(&c->refcount, 1);
    return c;
}

void qy_column_release(qy_column *c)
{
    if (!c || atomic_fetch_sub(&c->refcount, 1) > 1) return;
    qy_free(atomic_load(&c->zones));
    if (c->owner) {
        qy_mapping_release(c->owner);
    } else {
        qy_free(c->v.any);
        qy_free(c->valid);
    }
    qy_dict_release(c->dict);
    qy_free(c);
}

int qy_column_set_null(qy_column *c, int64_t i, qy_error *err)
{
    if (i < 0 || i >= c->length)
        return qy_error_set(err, QY_ERANGE, "row %lld out of range", (long long)i);
    if (!c->valid) {
        size_t n = qy_bitmap_bytes(c->length);
        c->valid = qy_malloc(n);
        if (!c->valid) return qy_error_set(err, QY_ENOMEM, "not enough memory for a null bitmap");
        memset(c->valid, 0xff, n);
    }
    if (qy_bitmap_get(c->valid, i)) {
        qy_bitmap_clear(c->valid, i);
        c->null_count++;
    }
    size_t w = qy_type_width(c->type);
    memset((char *)c->v.any + (size_t)i * w, 0, w);
    return QY_OK;
}

/* Gathers elements of one width; a negative index gives 0. Returns whether
 * any index was negative. */
#define GATHER(type, dst, src)                                      \
    for (int64_t k = 0; k < n; k++) {                               \
        int64_t i = idx[k];                                         \
        negative |= i < 0;                                          \
        ((type *)(dst))[k] = i < 0 ? 0 : ((const type *)(src))[i];  \
    }

static bool gather(const qy_column *c, const int64_t *idx, int64_t n, void *dst)
{
    bool negative = false;
    switch (qy_type_width(c->type)) {
    case 8: GATHER(uint64_t, dst, c->v.any) break;
    case 4: GATHER(uint32_t, dst, c->v.any) break;
    default: GATHER(uint8_t, dst, c->v.any) break;
    }
    return negative;
}

/* t's bitmap: row k is valid when idx[k] is a valid row of c. */
static int gather_validity(const qy_column *c, const int64_t *idx, int64_t n, qy_column *t)
{
    size_t bytes = qy_bitmap_bytes(n);
    t->valid = qy_malloc(bytes ? bytes : 1);
    if (!t->valid) return QY_ENOMEM;
    memset(t->valid, 0, bytes);
    int64_t valid = 0;
    for (int64_t k = 0; k < n; k++) {
        int64_t i = idx[k];
        bool ok = i >= 0 && (!c->valid || qy_bitmap_get(c->valid, i));
        t->valid[k >> 3] |= (uint8_t)(ok << (k & 7));
        valid += ok;
        if (!ok) memset((char *)t->v.any + (size_t)k * qy_type_width(t->type), 0,
                        qy_type_width(t->type));
    }
    t->null_count = n - valid;
    return QY_OK;
}

int qy_column_take(const qy_column *c, const int64_t *idx, int64_t n,
                   qy_column **out, qy_error *err)
{
    qy_column *t;
    QY_RETURN_NOT_OK(qy_column_new_uninit(c->type, c->scale, c->dict, n, &t, err));
    bool negative = gather(c, idx, n, t->v.any);
    if ((negative || c->null_count > 0) && gather_validity(c, idx, n, t) != QY_OK) {
        qy_column_release(t);
        return qy_error_set(err, QY_ENOMEM, "not enough memory for a null bitmap");
    }
    *out = t;
    return QY_OK;
}

size_t qy_column_format(const qy_column *c, int64_t i, char *buf, size_t cap,
                        const char **text)
{
    if (qy_column_is_null(c, i)) {
        *text = NULL;
        return 0;
    }
    *text = buf;
    switch (c->type) {
    case QY_INT64: return (size_t)snprintf(buf, cap, "%lld", (long long)c->v.i64[i]);
    case QY_DECIMAL: return qy_decimal_format(c->v.i64[i], c->scale, buf);
    case QY_FLOAT64: return qy_float_format(c->v.f64[i], buf);
    case QY_DATE: return qy_date_format(c->v.date[i], buf);
    case QY_BOOL: return (size_t)snprintf(buf, cap, "%s", c->v.b[i] ? "true" : "false");
    case QY_STRING: {
        size_t len;
        const char *s = qy_dict_get(c->dict, c->v.code[i], &len);
        if (len < cap) {
            memcpy(buf, s, len + 1);
        } else {
            *text = s;
        }
        return len;
    }
    }
    buf[0] = '\0';
    return 0;
}

static bool values_equal(const qy_column *a, const qy_column *b, int64_t i)
{
    switch (a->type) {
    case QY_INT64: case QY_DECIMAL: return a->v.i64[i] == b->v.i64[i];
    case QY_FLOAT64: {
        double x = a->v.f64[i], y = b->v.f64[i];
        return x == y ? true : (x != x && y != y);   /* NaN equals NaN here */
    }
    case QY_DATE: return a->v.date[i] == b->v.date[i];
    case QY_BOOL: return a->v.b[i] == b->v.b[i];
    case QY_STRING: {
        if (a->dict == b->dict) return a->v.code[i] == b->v.code[i];
        size_t la, lb;
        const char *sa = qy_dict_get(a->dict, a->v.code[i], &la);
        const char *sb = qy_dict_get(b->dict, b->v.code[i], &lb);
        return la == lb && memcmp(sa, sb, la) == 0;
    }
    }
    return false;
}

bool qy_column_equal(const qy_column *a, const qy_column *b)
{
    if (a->type != b->type || a->scale != b->scale || a->length != b->length
        || a->null_count != b->null_count)
        return false;
    for (int64_t i = 0; i < a->length; i++) {
        bool na = qy_column_is_null(a, i), nb = qy_column_is_null(b, i);
        if (na != nb) return false;
        if (!na && !values_equal(a, b, i)) return false;
    }
    return true;
}

/* Copies c's null rows into t (same length). */
static int copy_nulls(const qy_column *c, qy_column *t, int64_t offset, qy_error *err)
{
    if (c->null_count == 0) return QY_OK;
    for (int64_t i = 0; i < c->length; i++)
        if (qy_column_is_null(c, i)) QY_RETURN_NOT_OK(qy_column_set_null(t, offset + i, err));
    return QY_OK;
}

/* b's string codes re-interned into dict, written from row offset of t. */
static int recode_strings(const qy_column *b, qy_column *t, int64_t offset, qy_error *err)
{
    for (int64_t i = 0; i < b->length; i++) {
        if (qy_column_is_null(b, i)) continue;
        size_t len;
        const char *s = qy_dict_get(b->dict, b->v.code[i], &len);
        if (qy_dict_intern(t->dict, s, len, &t->v.code[offset + i]) != QY_OK)
            return qy_error_set(err, QY_ENOMEM, "not enough memory to merge strings");
    }
    return QY_OK;
}

int qy_column_concat(const qy_column *a, const qy_column *b, qy_column **out, qy_error *err)
{
    if (a->type != b->type || a->scale != b->scale) {
        char ta[16], tb[16];
        return qy_error_set(err, QY_ETYPE, "cannot append %s to %s",
                            qy_type_name(b->type, b->scale, tb), qy_type_name(a->type, a->scale, ta));
    }
    qy_dict *dict = NULL;
    if (a->type == QY_STRING) {
        /* Sharing a's dict is only safe when b's codes mean the same strings. */
        dict = a->dict == b->dict ? qy_dict_retain(a->dict) : qy_dict_new();
        if (!dict) return qy_error_set(err, QY_ENOMEM, "not enough memory to merge strings");
    }
    qy_column *t;
    int rc = qy_column_new(a->type, a->scale, dict, a->length + b->length, &t, err);
    qy_dict_release(dict);
    if (rc != QY_OK) return rc;
    size_t w = qy_type_width(a->type);
    if (a->type == QY_STRING && a->dict != b->dict) {
        rc = recode_strings(a, t, 0, err);
        if (rc == QY_OK) rc = recode_strings(b, t, a->length, err);
    } else {
        memcpy(t->v.any, a->v.any, (size_t)a->length * w);
        memcpy((char *)t->v.any + (size_t)a->length * w, b->v.any, (size_t)b->length * w);
    }
    if (rc == QY_OK) rc = copy_nulls(a, t, 0, err);
    if (rc == QY_OK) rc = copy_nulls(b, t, a->length, err);
    if (rc != QY_OK) {
        qy_column_release(t);
        return rc;
    }
    *out = t;
    return QY_OK;
}
