/* csv_read.h — reading CSV text into a typed table, on libcsv.
 *
 * The reader decodes the input to UTF-8 (encoding.h), splits it into fields
 * with libcsv, then gives every column the narrowest type that holds all of
 * its non-null values: bool (true/false) and date (date.h forms) when every
 * value is one, else int64 -> decimal(s) -> float64 -> string. Typing never
 * alters a value: a number with a leading zero ("010", "00501", "-007",
 * "00.5") is a code and an integer beyond int64 an id, so either makes the
 * column string; float64 is chosen only when it gives every value back as
 * written (qy_float_parse_exact: "0.1234567890123456789" or "1e-400" make
 * the column string). A decimal's scale is the largest count of digits
 * after the point, up to 6: zeros past that add nothing ("0.01" and
 * "0.0100000" give decimal(6)), any other digit past it makes the column
 * float64, and so does a value too wide for int64 at the column's scale.
 * `types` overrides all of this ("010" read as int64 is 10). Surrounding
 * spaces are kept in strings and ignored when recognising numbers, dates
 * and bools.
 *
 * Fields: an unquoted empty field is null, a quoted empty field ("") is an
 * empty string; strings listed in opts->nulls are null as well. A quote
 * inside an unquoted field is data; anything but a delimiter, a line end or a
 * second quote after a quoted field's closing quote is an error naming the
 * line where that field began. Blank lines
 * are skipped, except in a one-column table, where each is a null row (the
 * writer's form for them). Line numbers in messages are 1-based physical lines of the
 * input (a quoted newline starts a new line; LF, CRLF and a lone CR each end
 * one), counting the header and the lines opts->skip_lines skipped.
 *
 * The delimiter, when opts->delim is 0, is sniffed from the start of the text
 * (past skipped lines), once, before any chunk: of ',' ';' '\t' '|', those
 * that split each of the first 20 rows (within 64 KiB; quotes respected,
 * blank lines not counted) into the same number of fields, more than one,
 * the one giving the most fields, ties going in that order; ',' when none
 * does. When those 64 KiB hold no whole row, their one partial row is the
 * sample.
 *
 * Column names: the header's cells trimmed of spaces, tabs and U+3000 on
 * both sides (an empty one is "colN"), made unique by adding "_2", "_3"...,
 * then renamed (opts->renames), all renames at once: {a->b, b->a} swaps. A
 * rename onto a name another column keeps, or two onto one name, is an
 * error naming both. A NUL in a header cell is an error.
 *
 * Warnings (a load that succeeds but should be looked at) go to the report,
 * as sentences without the input's name: rows padded, cut or skipped by
 * opts->on_ragged, and a one-column table whose header holds a tab, ';' or
 * '|' (the delimiter was probably another).
 *
 * On every core: a file is read in chunks of opts->chunk_size bytes cut at
 * row ends, each split by its own libcsv parser and typed on its own
 * (csv_chunk.h), then joined in file order (csv_merge.h). A chunk's start is
 * a guess (the first line feed past its share), checked when its turn comes
 * against where the chunks before really ended, and parsed again from there
 * when a quoted line break fooled it. The table, and any error message, is
 * the one a single pass gives, whatever the chunk size and threads (tested).
 * A file is read a piece at a time (pread), not held whole; input that is not
 * UTF-8 is read whole and converted, as qy_csv_read_buffer does. A stream (a
 * pipe, a FIFO, a device such as /dev/stdin) has no size and cannot be read
 * twice, so it is read whole, once, from the one descriptor opened -- at most
 * opts->max_bytes of it ("x is a stream of more than 4 GiB; pass max_bytes
 * to read more" beyond).
 */
#ifndef QY_CSV_READ_H
#define QY_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "encoding.h"
#include "error.h"
#include "strbuf.h"
#include "table.h"

/* Which reading rules made a table; cache entries (csv_cache.h) are keyed on
 * it. Raise it whenever the same bytes and options give a different table
 * (2: issue 12's typing, sniffing and header rules). */
#define QY_CSV_READER_VERSION 2

typedef enum qy_ragged {
    QY_RAGGED_ERROR,   /* a row with a different field count is an error */
    QY_RAGGED_SKIP,    /* drop such rows (counted in the report) */
    QY_RAGGED_PAD      /* pad short rows with nulls, cut long ones to the first
                          row's width, dropping their extra fields (each counted) */
} qy_ragged;

typedef struct qy_csv_type {
    const char *column;   /* name after renaming */
    qy_type type;
    int scale;            /* QY_DECIMAL */
} qy_csv_type;

typedef struct qy_csv_rename {
    const char *from;     /* name in the file's header */
    const char *to;
} qy_csv_rename;

/* Told how far a load has come: done of total input bytes. Calls never go
 * backwards and never overlap, though they may come from any loading thread;
 * a load of a non-empty input that succeeds ends with done == total. It must
 * not call the reader. */
typedef void (*qy_csv_progress_fn)(void *ctx, int64_t done, int64_t total);

/* All pointers are borrowed for the duration of the call. */
typedef struct qy_csv_options {
    char delim;                    /* 0: sniffed (see above); else ',', '\t'... */
    bool header;                   /* true: first row names the columns;
                                      false: columns are col1, col2, ... */
    int64_t skip_lines;            /* lines before the header (title rows),
                                      skipped as they are: no quoting */
    qy_encoding encoding;          /* QY_ENC_AUTO */
    const qy_csv_type *types;      /* overrides, ntypes of them */
    int ntypes;
    const char *const *nulls;      /* extra strings read as null */
    int nnulls;
    qy_ragged on_ragged;           /* QY_RAGGED_ERROR */
    const qy_csv_rename *renames;
    int nrenames;
    size_t chunk_size;             /* bytes of input per chunk, the unit a thread
                                      parses; 0 = 4 MiB. Any value gives the same
                                      table (tested). */
    int threads;                   /* loading threads; 0 = one per core. Any
                                      value gives the same table (tested). */
    qy_csv_progress_fn progress;   /* NULL: none */
    void *progress_ctx;            /* passed to progress */
    size_t max_bytes;              /* most bytes read from a stream (a pipe, a
                                      FIFO, a device), which is held whole;
                                      0 = 4 GiB. Files are not limited. */
} qy_csv_options;

enum { QY_CSV_MAX_WARNINGS = 4, QY_CSV_WARNING_SIZE = 320 };

/* What a load found besides the table. Plain data: no cleanup needed. */
typedef struct qy_csv_report {
    int64_t rows_skipped;          /* ragged rows dropped (on_ragged skip) */
    int64_t rows_padded;           /* short rows padded with nulls (pad) */
    int64_t rows_cut;              /* long rows cut to the width (pad) */
    int64_t first_skipped_line;    /* the first dropped row's line, or 0 */
    int64_t first_cut_line;        /* the first cut row's line, or 0 */
    qy_encoding encoding;          /* what the input turned out to be */
    char delim;                    /* the delimiter used: given or sniffed */
    int nwarnings;
    char warnings[QY_CSV_MAX_WARNINGS][QY_CSV_WARNING_SIZE];   /* escaped */
} qy_csv_report;

/* Defaults: delim sniffed, a header, encoding auto, ragged rows an error. */
void qy_csv_options_init(qy_csv_options *opts);

/* Adds a warning to report (none past QY_CSV_MAX_WARNINGS), escaped as
 * messages are, for it may quote the input. */
void qy_csv_report_warn(qy_csv_report *report, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Whether two reports say the same: counts, lines, encoding, delimiter and
 * warnings (a chunked load and a single pass must agree on all of them). */
bool qy_csv_report_equal(const qy_csv_report *a, const qy_csv_report *b);

/* The report as text (a "report ..." line, then a line per warning) appended
 * to out, and back: QY_OK, QY_ENOMEM (format), QY_EFORMAT when text is not
 * exactly what format writes (parse). For keeping a report with a cached
 * table. */
int qy_csv_report_format(const qy_csv_report *report, qy_strbuf *out);
int qy_csv_report_parse(const char *text, size_t len, qy_csv_report *report);

/* Reads the file at path. Errors name the file and, where there is one, the
 * line: "data/x.csv:4: expected 3 fields, found 2",
 * "data/x.csv:17: column 'amount': '12,5' is not a decimal". On success the
 * caller releases *out; report may be NULL. Opening a FIFO waits for its
 * writer, as any reader of one does. */
int qy_csv_read_file(const char *path, const qy_csv_options *opts,
                     qy_table **out, qy_csv_report *report, qy_error *err);

/* The same for bytes in memory; name stands for the file in messages. */
int qy_csv_read_buffer(const char *name, const char *data, size_t len,
                       const qy_csv_options *opts, qy_table **out,
                       qy_csv_report *report, qy_error *err);

#endif
