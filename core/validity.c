/* validity.c — null bitmaps of computed columns; see validity.h.
 * Works a byte (eight rows) at a time. */
#include "validity.h"

#include <string.h>

#include "alloc.h"

/* The bits past the last row of a bitmap's last byte are kept set, so a
 * byte of 0xff always means "no null here". */
static void set_tail(uint8_t *bits, int64_t length)
{
    if (length & 7) bits[length >> 3] |= (uint8_t)(0xffu << (length & 7));
}

void qy_validity_count(qy_column *out)
{
    if (!out->valid) {
        out->null_count = 0;
        return;
    }
    set_tail(out->valid, out->length);
    size_t nbytes = qy_bitmap_bytes(out->length);
    int64_t nulls = 0;
    for (size_t j = 0; j < nbytes; j++) nulls += 8 - __builtin_popcount(out->valid[j]);
    out->null_count = nulls;
    if (nulls == 0) {
        qy_free(out->valid);
        out->valid = NULL;
    }
}

void qy_validity_zero_nulls(qy_column *out)
{
    if (!out->valid) return;
    size_t w = qy_type_width(out->type);
    char *v = out->v.any;
    size_t nbytes = qy_bitmap_bytes(out->length);
    for (size_t j = 0; j < nbytes; j++) {
        if (out->valid[j] == 0xff) continue;
        for (int64_t i = (int64_t)j * 8; i < (int64_t)j * 8 + 8 && i < out->length; i++)
            if (!qy_bitmap_get(out->valid, i)) memset(v + (size_t)i * w, 0, w);
    }
}

int qy_validity_and(qy_column *out, const qy_column *a, const qy_column *b, qy_error *err)
{
    const uint8_t *va = a && a->null_count ? a->valid : NULL;
    const uint8_t *vb = b && b->null_count ? b->valid : NULL;
    if (!va && !vb) return QY_OK;
    size_t nbytes = qy_bitmap_bytes(out->length);
    if (!out->valid) {
        out->valid = qy_malloc(nbytes ? nbytes : 1);
        if (!out->valid) return qy_error_set(err, QY_ENOMEM, "not enough memory for a null bitmap");
        memset(out->valid, 0xff, nbytes);
    }
    for (size_t j = 0; j < nbytes; j++)
        out->valid[j] &= (uint8_t)((va ? va[j] : 0xff) & (vb ? vb[j] : 0xff));
    qy_validity_count(out);
    qy_validity_zero_nulls(out);
    return QY_OK;
}

int qy_validity_all_null(qy_column *out, qy_error *err)
{
    size_t nbytes = qy_bitmap_bytes(out->length);
    if (!out->valid) {
        out->valid = qy_malloc(nbytes ? nbytes : 1);
        if (!out->valid) return qy_error_set(err, QY_ENOMEM, "not enough memory for a null bitmap");
    }
    memset(out->valid, 0, nbytes);
    memset(out->v.any, 0, (size_t)out->length * qy_type_width(out->type));
    qy_validity_count(out);
    return QY_OK;
}
