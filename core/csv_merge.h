/* csv_merge.h — one column of the CSV reader's table, assembled chunk by
 * chunk in file order. Internal to the reader (csv_read.c).
 *
 * Each chunk typed its values on its own; the column's type is what typing
 * all of them at once would give. Where that type can be reached exactly in
 * place (int64 -> decimal -> float64 for integers within 2^53 and decimals
 * of at most 15 significant digits, which float64 gives back as written; a
 * smaller decimal scale to a larger one) the values so far and the chunk's
 * are converted; strings
 * join through the column's dictionary, re-coding only each chunk's distinct
 * strings. Anything else (say, numbers so far and then a word) marks the
 * column `deferred`: its values are dropped and the reader types it again
 * from the whole text, which is rare and always right.
 */
#ifndef QY_CSV_MERGE_H
#define QY_CSV_MERGE_H

#include <stdbool.h>
#include <stdint.h>

#include "csv_chunk.h"

typedef struct csv_merged {
    bool typed;            /* some chunk had a value, or the type is forced */
    bool deferred;
    qy_type type;          /* while typed */
    int scale;
    unsigned can;          /* CSV_CAN_* of every value so far */
    int max_scale;
    bool neg_zero;
    int64_t length;        /* rows so far */
    void *values;          /* owned; NULL until typed */
    size_t values_cap;     /* elements */
    int64_t values_rows;   /* rows written to values */
    int64_t expected;      /* rows to make room for at once (a hint) */
    uint8_t *valid;        /* owned; NULL while no row is null */
    size_t valid_cap;      /* bytes */
    int64_t null_count;
    qy_dict *dict;         /* strings: one reference */
} csv_merged;

/* An empty column (no rows yet). */
void csv_merged_init(csv_merged *m);

/* The type a column must have (an override), set before its first rows. */
void csv_merged_set_type(csv_merged *m, qy_type type, int scale);

/* A hint: the column will probably reach `rows` rows. */
void csv_merged_expect(csv_merged *m, int64_t rows);

/* Appends a chunk's n rows of column t (t->col may be converted in place:
 * the chunk is done with it). QY_OK, QY_ENOMEM, or QY_ERANGE when the
 * strings outgrow a dictionary. */
int csv_merged_append(csv_merged *m, const csv_typed *t, int64_t n);

/* The finished column (not deferred); m gives its buffers up to it and is
 * left empty. QY_OK or QY_ENOMEM. Caller releases *out. */
int csv_merged_finish(csv_merged *m, qy_column **out);

void csv_merged_free(csv_merged *m);

#endif
