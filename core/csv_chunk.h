/* csv_chunk.h — one stretch of CSV text, split by libcsv and typed: the unit
 * of work the reader (csv_read.c) gives a thread. Internal to the reader.
 *
 * A chunk starts where its caller believes a row begins and runs to the end
 * of the first row that ends with a line feed at or past its nominal end, or
 * to the end of the input. Each chunk types its columns by its own values
 * (csv_merge.h joins the chunks' types). Lines in a chunk's errors count from
 * the chunk's start: only the caller, once it knows how many lines came
 * before, can turn them into the file's lines.
 */
#ifndef QY_CSV_CHUNK_H
#define QY_CSV_CHUNK_H

#include <stdbool.h>
#include <stdint.h>

#include "column.h"
#include "csv_read.h"

/* Where the text comes from: memory (borrowed) or a file read with pread. */
typedef struct csv_source {
    const char *name;      /* the input in messages */
    const char *text;      /* the whole input, or NULL to read fd */
    int fd;
    int64_t size;
} csv_source;

/* The bytes a chunk has in hand: borrowed from memory, or read into buf. */
typedef struct csv_window {
    const csv_source *src;
    char *buf;             /* owned; file sources only */
    size_t cap;
    int64_t off, len;      /* buf holds the source's bytes [off, off + len) */
    int64_t keep;          /* bytes before this are done with */
} csv_window;

/* What the chunks before say a column is: nothing yet, strings for good,
 * or values of one type (int64, decimal(s), date or bool) so far. */
typedef struct csv_hint {
    enum { CSV_HINT_NONE, CSV_HINT_TEXT, CSV_HINT_VALUES } kind;
    qy_type type;
    int scale;
} csv_hint;

/* One column's fields, back to back in one arena; or, for a column with a
 * hint, read straight into values as they come (no arena, no second pass):
 * text as codes in a dict, other values parsed as the hinted type. */
typedef struct csv_raw {
    char *bytes;
    size_t used, cap;
    size_t *end;           /* end[i]: offset just past field i */
    uint8_t *is_null;      /* 1 for an unquoted empty field (later: any null) */
    int64_t n, cap_n;
    const csv_hint *hint;  /* this run's; NULL: fields go to the arena */
    qy_dict *dict;         /* text: one reference */
    void *values;          /* hinted: cap_n elements of 8 bytes (codes for text) */
    unsigned can;          /* hinted values: CSV_CAN_* of those read so far */
    int max_scale;
    bool neg_zero, has_values;
    bool misfit;           /* a value the hint cannot hold: read again without */
} csv_raw;

/* What a column's non-null values can all be read as (CSV_CAN_* bits), by
 * the typing rules of csv_chunk.c: never a number with a leading zero or an
 * integer beyond int64; CSV_CAN_FLOAT is the form only (whether float64
 * holds each value as written is seen when a column is filled). */
enum { CSV_CAN_BOOL = 1, CSV_CAN_DATE = 2, CSV_CAN_INT = 4, CSV_CAN_DECIMAL = 8, CSV_CAN_FLOAT = 16,
       CSV_CAN_ALL = 31 };

/* A chunk's column, typed. */
typedef struct csv_typed {
    qy_column *col;        /* owned; NULL for a column outside the mask */
    bool forced;           /* typed by an override, not by its values */
    bool has_values;       /* some row is not null */
    unsigned can;          /* CSV_CAN_* of the non-null values */
    int max_scale;         /* the scale its decimals ask: digits after the
                              point, up to QY_DECIMAL_MAX_SCALE */
    bool neg_zero;         /* some int/decimal value is a negative zero */
} csv_typed;

/* Why a chunk stopped. */
typedef enum csv_chunk_status {
    CSV_CHUNK_DONE,        /* parsed and typed (a value error may be noted) */
    CSV_CHUNK_FAILED,      /* the text is wrong or memory ran out: see failure */
    CSV_CHUNK_GAVE_UP,     /* ran past give_up_at without finding a row end */
    CSV_CHUNK_NOT_UTF8     /* its bytes are not UTF-8 (validate_utf8 only) */
} csv_chunk_status;

/* A message whose line is relative to the chunk's start (0: no line). */
typedef struct csv_fault {
    int rc;
    int64_t line;
    int column;            /* the value's column; -1 for the text's shape */
    char text[400];
} csv_fault;

typedef struct csv_chunk {
    /* set by the caller before csv_chunk_run */
    const csv_source *src;
    const qy_csv_options *opts;
    int ncols;             /* 0: the first row sets it (and may be the header) */
    const uint8_t *mask;   /* mask[j]: keep column j; NULL keeps them all */
    const csv_hint *hints; /* hints[j] for column j (never for an override
                              but text); NULL: none */
    bool validate_utf8;
    int64_t give_up_at;    /* stop here without a row end; INT64_MAX: never */
    char *const *names;    /* the columns' names and overrides (NULL: inferred), */
    const qy_csv_type *const *overrides;   /* set before typing */

    /* results */
    csv_chunk_status status;
    int64_t start, end;    /* the bytes it covers */
    int64_t lines;         /* line ends in them */
    int64_t nrows;
    int64_t skipped, padded, cut;   /* ragged rows dropped, padded short, cut long */
    int64_t first_skipped_line, first_cut_line;   /* the first such row's line, or 0 */
    csv_raw first;         /* the first row (the header), when ncols was 0 */
    int64_t first_line;    /* the line where it began */
    csv_typed *typed;      /* ncols of them; NULL or without columns when
                              nrows is 0 */
    csv_fault failure;     /* CSV_CHUNK_FAILED */
    bool has_value_error;
    csv_fault value_error; /* the first bad value of the leftmost bad column */

    /* working state */
    bool hints_off;        /* this run reads without the hints */
    bool columns_ready;    /* raw (and typed) are set for this run: it has a row */
    csv_window window;
    csv_raw *raw;
    int64_t *line_of;      /* line where each row began, from 1 */
    int64_t cap_rows;
} csv_chunk;

/* Splits src's bytes from start on into fields: the chunk runs to the first
 * row end (a line feed) at or past nominal_end. Reuses c's working buffers;
 * the results of a previous run are released first. Returns c->status. */
csv_chunk_status csv_chunk_split(csv_chunk *c, int64_t start, int64_t nominal_end);

/* Types the split fields (names and overrides set); a chunk without rows
 * types nothing. Returns c->status. */
csv_chunk_status csv_chunk_type(csv_chunk *c);

/* Both. */
csv_chunk_status csv_chunk_run(csv_chunk *c, int64_t start, int64_t nominal_end);

/* Where a row should begin at or after pos: just past the first line feed
 * at pos - 1 or later, or the end of the input; a chunk's first guess.
 * QY_OK, or QY_EIO/QY_ENOMEM with c->failure set. */
int csv_chunk_row_start(csv_chunk *c, int64_t pos, int64_t *start);

/* Releases the typed columns once the caller is done with them (joined);
 * the buffers stay for the next run. */
void csv_chunk_release_results(csv_chunk *c);

void csv_chunk_free(csv_chunk *c);

/* The field's bytes of the first row. */
const char *csv_raw_field(const csv_raw *r, int64_t i, size_t *len);

/* The type sequential inference picks for values that can be `can` (before
 * a value the type cannot hold as written widens it: a decimal too wide at
 * its scale to float64, a number float64 would round to string). */
qy_type csv_infer_type(unsigned can, bool has_values);

#endif
