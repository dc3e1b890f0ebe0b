/* map.c — lookup tables; see map.h.
 *
 * The keys are brought to the column's representation (an int64 at its
 * scale, a double, or bytes) and sorted, so each row is a binary search;
 * a string column's rows search once per distinct code. The rows' choices
 * then go to qy_choose, which builds the result. */
#include "map.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "choose.h"
#include "date.h"
#include "dict.h"
#include "number.h"

typedef struct entry {
    int64_t i64;           /* int64 and decimal (at c's scale), date, bool */
    double f64;            /* float64 */
    const char *s;         /* string (borrowed from the key) */
    size_t len;
    int32_t index;         /* of the key */
} entry;

static int by_i64(const void *a, const void *b)
{
    int64_t x = ((const entry *)a)->i64, y = ((const entry *)b)->i64;
    return (x > y) - (x < y);
}

static int by_f64(const void *a, const void *b)
{
    double x = ((const entry *)a)->f64, y = ((const entry *)b)->f64;
    return (x > y) - (x < y);
}

static int by_bytes(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return qy_bytes_compare(x->s, x->len, y->s, y->len);
}

static int key_error(const qy_column *c, const qy_scalar *key, qy_error *err)
{
    char text[48], name[16];
    switch (key->type) {
    case QY_STRING: snprintf(text, sizeof text, "'%.*s'", (int)(key->v.str.len > 40 ? 40 : key->v.str.len),
                             key->v.str.ptr); break;
    case QY_INT64: snprintf(text, sizeof text, "%lld", (long long)key->v.i64); break;
    case QY_DECIMAL: qy_decimal_format(key->v.i64, key->scale, text); break;
    case QY_FLOAT64: qy_float_format(key->v.f64, text); break;
    case QY_BOOL: strcpy(text, key->v.b ? "true" : "false"); break;
    case QY_DATE: qy_date_format(key->v.date, text); break;
    }
    qy_type_name(c->type, c->scale, name);
    return qy_error_set(err, QY_ETYPE, "key %s is not %s %s", text, c->type == QY_INT64 ? "an" : "a",
                        name);
}

/* The key as an entry for c; false when no row of c can equal it. */
static int key_entry(const qy_column *c, const qy_scalar *key, entry *e, bool *usable, qy_error *err)
{
    bool number = key->type == QY_INT64 || key->type == QY_DECIMAL || key->type == QY_FLOAT64;
    int from = key->type == QY_DECIMAL ? key->scale : 0;
    *usable = true;
    switch (c->type) {
    case QY_INT64: case QY_DECIMAL:
        if (key->type != QY_INT64 && key->type != QY_DECIMAL) return key_error(c, key, err);
        *usable = qy_decimal_rescale(key->v.i64, from, c->scale, &e->i64) == QY_OK;
        return QY_OK;
    case QY_FLOAT64:
        if (!number) return key_error(c, key, err);
        e->f64 = key->type == QY_FLOAT64 ? key->v.f64
               : key->type == QY_INT64 ? (double)key->v.i64 : qy_decimal_to_double(key->v.i64, from);
        *usable = e->f64 == e->f64;
        return QY_OK;
    case QY_DATE: case QY_BOOL:
        if (key->type != c->type) return key_error(c, key, err);
        e->i64 = c->type == QY_DATE ? key->v.date : key->v.b;
        return QY_OK;
    case QY_STRING:
        if (key->type != QY_STRING) return key_error(c, key, err);
        e->s = key->v.str.ptr;
        e->len = key->v.str.len;
        return QY_OK;
    }
    return key_error(c, key, err);
}

/* Row i of c as an entry to search for. */
static void row_entry(const qy_column *c, int64_t i, entry *e)
{
    switch (c->type) {
    case QY_INT64: case QY_DECIMAL: e->i64 = c->v.i64[i]; break;
    case QY_FLOAT64: e->f64 = c->v.f64[i]; break;
    case QY_DATE: e->i64 = c->v.date[i]; break;
    case QY_BOOL: e->i64 = c->v.b[i]; break;
    case QY_STRING: e->s = qy_dict_get(c->dict, c->v.code[i], &e->len); break;
    }
}

typedef int (*entry_order)(const void *, const void *);

/* The index of the key row i equals, or n (otherwise) when none does. */
static int32_t lookup(const qy_column *c, int64_t i, const entry *sorted, int m, entry_order order,
                      int32_t n)
{
    entry e;
    row_entry(c, i, &e);
    const entry *hit = bsearch(&e, sorted, (size_t)m, sizeof e, order);
    return hit ? hit->index : n;
}

static void pick_rows(const qy_column *c, const entry *sorted, int m, entry_order order, int32_t n,
                      int32_t *per_code, int32_t *pick)
{
    for (int64_t i = 0; i < c->length; i++) {
        if (qy_column_is_null(c, i)) {
            pick[i] = n;                  /* a null is no listed value */
        } else if (c->type == QY_FLOAT64 && c->v.f64[i] != c->v.f64[i]) {
            pick[i] = n;                  /* NaN equals no key (and would confuse the search) */
        } else if (per_code) {
            int32_t *known = &per_code[c->v.code[i]];
            if (*known < 0) *known = lookup(c, i, sorted, m, order, n);
            pick[i] = *known;
        } else {
            pick[i] = lookup(c, i, sorted, m, order, n);
        }
    }
}

/* The parts for qy_choose: the values, then otherwise. */
static qy_operand *map_parts(const qy_scalar *values, int n, const qy_scalar *otherwise)
{
    qy_operand *parts = qy_calloc((size_t)n + 1, sizeof *parts);
    if (!parts) return NULL;
    for (int k = 0; k < n; k++) parts[k].scalar = values[k];
    parts[n].scalar = otherwise ? *otherwise : qy_scalar_null();
    return parts;
}

int qy_column_map(const qy_column *c, const qy_scalar *keys, const qy_scalar *values, int n,
                  const qy_scalar *otherwise, qy_column **out, qy_error *err)
{
    uint32_t codes = c->type == QY_STRING ? qy_dict_size(c->dict) : 0;
    entry *sorted = qy_calloc((size_t)n + 1, sizeof *sorted);
    int32_t *pick = qy_malloc((size_t)(c->length ? c->length : 1) * sizeof *pick);
    int32_t *per_code = codes ? qy_malloc(codes * sizeof *per_code) : NULL;
    qy_operand *parts = map_parts(values, n, otherwise);
    int rc = sorted && pick && parts && (per_code || !codes)
                 ? QY_OK : qy_error_set(err, QY_ENOMEM, "not enough memory for the map");
    int m = 0;
    for (int k = 0; k < n && rc == QY_OK; k++) {
        bool usable;
        rc = key_entry(c, &keys[k], &sorted[m], &usable, err);
        sorted[m].index = k;
        m += usable;
    }
    if (rc == QY_OK) {
        entry_order order = c->type == QY_STRING ? by_bytes : c->type == QY_FLOAT64 ? by_f64 : by_i64;
        qsort(sorted, (size_t)m, sizeof *sorted, order);
        if (per_code) memset(per_code, 0xff, codes * sizeof *per_code);   /* -1: not looked up */
        pick_rows(c, sorted, m, order, n, per_code, pick);
        rc = qy_choose(parts, n + 1, pick, c->length, out, err);
    }
    qy_free(sorted);
    qy_free(pick);
    qy_free(per_code);
    qy_free(parts);
    return rc;
}
