/* column.h — a typed column vector with a null bitmap.
 *
 * A column owns its value buffer and its bitmap, and holds one reference to
 * its dict (string columns) -- or, when loaded from a columnar file, borrows
 * both buffers from a read-only mapping (mapping.h) and holds one reference
 * to that instead; release then drops the mapping rather than freeing. Columns are reference counted and immutable once
 * built: a function that returns a new column hands the caller one reference
 * ("caller releases"); tables and Lua userdata each hold their own reference,
 * so a column outlives the table it came from.
 *
 * Storage by type (one element per row, `length` rows):
 *   QY_INT64    int64_t  v.i64
 *   QY_FLOAT64  double   v.f64
 *   QY_DECIMAL  int64_t  v.i64, the value times 10^scale, scale 0..6
 *   QY_STRING   uint32_t v.code, an index into dict
 *   QY_DATE     int32_t  v.date, days since 1970-01-01
 *   QY_BOOL     uint8_t  v.b, 0 or 1
 * The element of a null row is 0 (code 0 only if the dict is not empty:
 * readers must test the bitmap, never the element).
 * An integer-like column may also cache its zone map (zonemap.h), which it
 * owns and frees with itself.
 */
#ifndef QY_COLUMN_H
#define QY_COLUMN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bitmap.h"
#include "dict.h"
#include "error.h"

typedef enum qy_type {
    QY_INT64,
    QY_FLOAT64,
    QY_DECIMAL,
    QY_STRING,
    QY_DATE,
    QY_BOOL
} qy_type;

#define QY_DECIMAL_MAX_SCALE 6

struct qy_zonemap;

typedef struct qy_column {
    atomic_int refcount;  /* columns are shared across threads */
    qy_type type;
    int scale;            /* QY_DECIMAL only: digits after the point */
    int64_t length;
    int64_t null_count;
    uint8_t *valid;       /* owned (or borrowed, see owner); NULL while the column has no null */
    union {
        int64_t *i64;
        double *f64;
        uint32_t *code;
        int32_t *date;
        uint8_t *b;
        void *any;
    } v;                  /* owned (or borrowed, see owner) */
    struct qy_mapping *owner;   /* NULL, or the mapping v and valid point into */
    qy_dict *dict;        /* QY_STRING: one reference; otherwise NULL */
    _Atomic(struct qy_zonemap *) zones;   /* owned cache, NULL until built; see zonemap.h */
} qy_column;

/* Writes the type's name into buf (at least 16 bytes): "int64", "float64",
 * "decimal(2)", "string", "date", "bool"; returns buf. */
const char *qy_type_name(qy_type type, int scale, char *buf);

/* Parses a name as qy_type_name writes it; "decimal" alone means scale 2 and
 * "int", "float", "double", "number", "str", "text" are accepted aliases.
 * Returns QY_OK or QY_EPARSE. */
int qy_type_parse(const char *name, qy_type *type, int *scale);

/* Bytes one element of type occupies. */
size_t qy_type_width(qy_type type);

/* A new column of length rows, every element 0 and every row valid.
 * For QY_STRING, dict is retained (must not be NULL); otherwise ignored.
 * On success *out holds one reference for the caller. */
int qy_column_new(qy_type type, int scale, qy_dict *dict, int64_t length,
                  qy_column **out, qy_error *err);

/* The same with the elements left unwritten, for a caller that writes every
 * row (a null row's element must still be set to 0). */
int qy_column_new_uninit(qy_type type, int scale, qy_dict *dict, int64_t length,
                         qy_column **out, qy_error *err);

/* A column made of buffers the caller built: it takes over values (length
 * elements, or at least one; qy_malloc'd) and valid (NULL, or a bitmap of
 * length bits with null_count clear, qy_malloc'd). For QY_STRING dict is
 * retained. On failure nothing is taken. */
int qy_column_adopt(qy_type type, int scale, qy_dict *dict, int64_t length, void *values,
                    uint8_t *valid, int64_t null_count, qy_column **out, qy_error *err);

/* A column whose elements and bitmap (NULL: no null; else null_count rows
 * are null) are borrowed from owner, which gains one reference. The buffers
 * must hold length elements and bits and stay unchanged while owner lives.
 * On success *out holds one reference for the caller. */
int qy_column_new_borrowed(qy_type type, int scale, qy_dict *dict, int64_t length,
                           const void *values, const uint8_t *valid, int64_t null_count,
                           struct qy_mapping *owner, qy_column **out, qy_error *err);

qy_column *qy_column_retain(qy_column *c);
void qy_column_release(qy_column *c);

static inline bool qy_column_is_null(const qy_column *c, int64_t i)
{
    return c->valid != NULL && !qy_bitmap_get(c->valid, i);
}

/* Builders only (the caller holds the sole reference): marks row i null,
 * creating the bitmap on first use, and zeroes its element. */
int qy_column_set_null(qy_column *c, int64_t i, qy_error *err);

/* A new column holding rows idx[0..n) of c, in that order; an index of -1
 * gives a null row. Shares c's dict. Caller releases *out. */
int qy_column_take(const qy_column *c, const int64_t *idx, int64_t n,
                   qy_column **out, qy_error *err);

/* The text of row i as printed and written to CSV: integers and decimals at
 * their scale, floats in shortest round-trip form, dates as YYYY-MM-DD,
 * true/false, strings as stored. Writes at most cap-1 bytes plus NUL into buf
 * (cap >= 40) and returns the full length; a string longer than the buffer
 * is not copied: *text points into the dict instead. For a null row returns 0
 * and sets *text to NULL. *text is buf or a borrowed pointer. */
size_t qy_column_format(const qy_column *c, int64_t i, char *buf, size_t cap,
                        const char **text);

/* A new column of a's rows then b's (same type and scale; strings may have
 * different dicts: the result gets a merged one). */
int qy_column_concat(const qy_column *a, const qy_column *b, qy_column **out, qy_error *err);

/* True when the two columns have the same type, scale, length, nulls and
 * values (strings compared by content, not code). */
bool qy_column_equal(const qy_column *a, const qy_column *b);

#endif
