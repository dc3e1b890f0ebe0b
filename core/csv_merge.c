/* csv_merge.c — a CSV column assembled from its chunks, joining their types in place where that is exact. */
#include "csv_merge.h"

#include <math.h>
#include <string.h>

#include "alloc.h"
#include "bitmap.h"
#include "number.h"

/* Values float64 holds as written (number.h): every integer up to 2^53,
 * and every decimal of at most 15 significant digits. Beyond, the reader
 * types the column from the text, which says. */
#define EXACT_INTEGER_LIMIT ((int64_t)1 << 53)
#define EXACT_DECIMAL_LIMIT ((int64_t)1000000000000000)

void csv_merged_init(csv_merged *m)
{
    memset(m, 0, sizeof *m);
    m->can = CSV_CAN_ALL;
}

void csv_merged_set_type(csv_merged *m, qy_type type, int scale)
{
    m->type = type;
    m->scale = scale;
    m->typed = true;
}

void csv_merged_free(csv_merged *m)
{
    qy_free(m->values);
    qy_free(m->valid);
    qy_dict_release(m->dict);
    csv_merged_init(m);
}

/* Drops the values: the reader will type this column from the whole text. */
static void defer(csv_merged *m)
{
    qy_free(m->values);
    qy_free(m->valid);
    qy_dict_release(m->dict);
    m->values = NULL;
    m->valid = NULL;
    m->dict = NULL;
    m->values_rows = 0;
    m->deferred = true;
}

/* ---- growing ---- */

void csv_merged_expect(csv_merged *m, int64_t rows) { m->expected = rows; }

/* Room for at least `rows`: the rows expected, else half as much again as
 * now (and never less than asked), so the room is in proportion to the
 * column's rows. */
static size_t grown(size_t cap, size_t expected, size_t need)
{
    cap += cap / 2;
    if (cap < expected) cap = expected;
    return cap < need ? need : cap;
}

static int reserve_values(csv_merged *m, int64_t rows)
{
    if ((size_t)rows <= m->values_cap && m->values) return QY_OK;
    size_t cap = grown(m->values_cap, (size_t)m->expected, rows > 0 ? (size_t)rows : 1);
    size_t width = qy_type_width(m->type);
    /* Big blocks are mapped, so growing moves pages, not bytes (mremap). */
    void *values = qy_realloc(m->values, cap * width);
    if (!values) return QY_ENOMEM;
    m->values = values;
    m->values_cap = cap;
    return QY_OK;
}

static int reserve_valid(csv_merged *m, int64_t rows)
{
    size_t need = qy_bitmap_bytes(rows);
    if (m->valid && need <= m->valid_cap) return QY_OK;
    size_t cap = grown(m->valid_cap, m->expected > 0 ? qy_bitmap_bytes(m->expected + 8) : 0, need);
    uint8_t *valid = qy_realloc(m->valid, cap);
    if (!valid) return QY_ENOMEM;
    if (!m->valid) memset(valid, 0xff, qy_bitmap_bytes(m->length));   /* every row so far has a value */
    m->valid = valid;
    m->valid_cap = cap;
    return QY_OK;
}

/* Copies n validity bits of src (NULL: all valid) to rows length.. of m. */
static void append_validity(csv_merged *m, const uint8_t *src, int64_t n)
{
    int64_t at = m->length;
    for (int64_t i = 0; i < n; i++) {
        if (!src || qy_bitmap_get(src, i)) qy_bitmap_set(m->valid, at + i);
        else qy_bitmap_clear(m->valid, at + i);
    }
}

static int append_nulls_and_validity(csv_merged *m, const qy_column *col, int64_t n)
{
    int64_t nulls = col ? col->null_count : n;
    if (nulls == 0 && !m->valid) return QY_OK;
    QY_RETURN_NOT_OK(reserve_valid(m, m->length + n));
    if (col) append_validity(m, col->valid, n);
    else for (int64_t i = 0; i < n; i++) qy_bitmap_clear(m->valid, m->length + i);
    m->null_count += nulls;
    return QY_OK;
}

/* ---- joining types ---- */

/* Converts n 8-byte values in place from one of int64/decimal to another
 * type among int64/decimal/float64. false when that is not exact. */
static bool convert_in_place(int64_t *v, int64_t n, qy_type from, int from_scale, qy_type to,
                             int to_scale, bool neg_zero)
{
    if (from == to && from_scale == to_scale) return true;
    if (from != QY_INT64 && from != QY_DECIMAL) return false;
    int scale = from == QY_DECIMAL ? from_scale : 0;
    if (to == QY_DECIMAL) {
        if (to_scale < scale) return false;
        for (int64_t i = 0; i < n; i++)
            if (qy_decimal_rescale(v[i], scale, to_scale, &v[i]) != QY_OK) return false;
        return true;
    }
    if (to != QY_FLOAT64 || neg_zero) return false;
    int64_t limit = scale == 0 ? EXACT_INTEGER_LIMIT : EXACT_DECIMAL_LIMIT - 1;
    for (int64_t i = 0; i < n; i++)
        if (v[i] > limit || v[i] < -limit) return false;
    /* One correctly rounded division: the double nearest the decimal's
     * value, as strtod of its text would give. */
    double divisor = pow(10, scale);
    double *f = (double *)v;
    for (int64_t i = 0; i < n; i++) f[i] = (double)v[i] / divisor;
    return true;
}

/* The type all values so far and the chunk's make together, as typing
 * them at once would choose it (before its overflow check, done when
 * converting). */
static void joined_type(const csv_merged *m, const csv_typed *t, qy_type *type, int *scale)
{
    unsigned can = m->can & t->can;
    *type = csv_infer_type(can, true);
    *scale = *type == QY_DECIMAL ? (m->max_scale > t->max_scale ? m->max_scale : t->max_scale) : 0;
}

static bool is_number(qy_type type) { return type == QY_INT64 || type == QY_DECIMAL || type == QY_FLOAT64; }

/* Brings the values so far and the chunk's to one type; false: defer. */
static bool join_types(csv_merged *m, const csv_typed *t)
{
    qy_column *col = t->col;
    if (!m->typed || t->forced) {   /* the rows so far are all null: zeros of any type */
        m->type = col->type;
        m->scale = col->scale;
        m->typed = true;
        return true;
    }
    qy_type type;
    int scale;
    joined_type(m, t, &type, &scale);
    if (type == m->type && scale == m->scale && type == col->type && scale == col->scale)
        return true;
    if (!is_number(type) || !is_number(m->type) || !is_number(col->type)) return false;
    if (m->type == QY_FLOAT64 && type != QY_FLOAT64) return false;   /* an overflow fallback */
    if (!convert_in_place(m->values, m->length, m->type, m->scale, type, scale, m->neg_zero) ||
        !convert_in_place(col->v.i64, col->length, col->type, col->scale, type, scale, t->neg_zero))
        return false;
    m->type = type;
    m->scale = scale;
    return true;
}

/* ---- appending ---- */

static int append_strings(csv_merged *m, const qy_column *col, int64_t n)
{
    if (!m->dict && !(m->dict = qy_dict_new())) return QY_ENOMEM;
    uint32_t distinct = qy_dict_size(col->dict);
    uint32_t *recode = qy_malloc(((size_t)distinct + 1) * sizeof *recode);
    if (!recode) return QY_ENOMEM;
    int rc = qy_dict_merge(m->dict, col->dict, recode);
    if (rc == QY_OK) {
        uint32_t *out = (uint32_t *)m->values + m->length;
        for (int64_t i = 0; i < n; i++)
            out[i] = qy_column_is_null(col, i) ? 0 : recode[col->v.code[i]];
    }
    qy_free(recode);
    return rc;
}

static int append_values(csv_merged *m, const qy_column *col, int64_t n)
{
    QY_RETURN_NOT_OK(reserve_values(m, m->length + n));
    if (m->type == QY_STRING) return append_strings(m, col, n);
    size_t width = qy_type_width(m->type);
    memcpy((char *)m->values + (size_t)m->length * width, col->v.any, (size_t)n * width);
    return QY_OK;
}

/* Zeros up to row `to` in the values: rows null before the column had a
 * type, and null chunks after. */
static int zero_rows(csv_merged *m, int64_t to)
{
    if (!m->typed || m->values_rows >= to) return QY_OK;
    QY_RETURN_NOT_OK(reserve_values(m, to));
    size_t width = qy_type_width(m->type);
    memset((char *)m->values + (size_t)m->values_rows * width, 0,
           (size_t)(to - m->values_rows) * width);
    m->values_rows = to;
    return QY_OK;
}

int csv_merged_append(csv_merged *m, const csv_typed *t, int64_t n)
{
    bool knows_type = t->col && (t->has_values || t->forced);
    if (!m->deferred && knows_type && !join_types(m, t)) defer(m);
    if (t->has_values) {
        m->can &= t->can;
        if (t->max_scale > m->max_scale) m->max_scale = t->max_scale;
        m->neg_zero |= t->neg_zero;
    }
    if (m->deferred || !t->col) {
        m->length += n;
        return QY_OK;
    }
    QY_RETURN_NOT_OK(zero_rows(m, m->length));
    if (knows_type && t->has_values) {
        QY_RETURN_NOT_OK(append_values(m, t->col, n));
        m->values_rows += n;
        QY_RETURN_NOT_OK(append_nulls_and_validity(m, t->col, n));
    } else {
        QY_RETURN_NOT_OK(zero_rows(m, m->length + n));
        QY_RETURN_NOT_OK(append_nulls_and_validity(m, NULL, n));
    }
    m->length += n;
    return QY_OK;
}

/* Gives back the room a generous hint left over. */
static void shrink_to_fit(csv_merged *m)
{
    size_t rows = m->length > 0 ? (size_t)m->length : 1;
    if (m->values_cap <= rows) return;
    void *values = qy_realloc(m->values, rows * qy_type_width(m->type));
    if (!values) return;   /* keeping the room is fine too */
    m->values = values;
    m->values_cap = rows;
}

int csv_merged_finish(csv_merged *m, qy_column **out)
{
    if (!m->typed) {   /* never a value: a string column of nulls, as one pass types it */
        m->type = QY_STRING;
        m->typed = true;
    }
    QY_RETURN_NOT_OK(zero_rows(m, m->length));
    if (m->type == QY_STRING && !m->dict && !(m->dict = qy_dict_new())) return QY_ENOMEM;
    QY_RETURN_NOT_OK(reserve_values(m, m->length > 0 ? m->length : 1));
    shrink_to_fit(m);
    if (m->valid) {   /* the bits past the last row read as valid, as the builders leave them */
        QY_RETURN_NOT_OK(reserve_valid(m, m->length + 8));
        for (int64_t i = m->length; i < m->length + 8; i++) qy_bitmap_set(m->valid, i);
    }
    QY_RETURN_NOT_OK(qy_column_adopt(m->type, m->scale, m->dict, m->length, m->values, m->valid,
                                     m->null_count, out, NULL));
    m->values = NULL;
    m->valid = NULL;
    csv_merged_free(m);
    return QY_OK;
}
