/* csv_cache.h — loading a CSV file through its columnar cache entry.
 *
 * The policy is cache.h's: the entry lives in "<dir of csv>/.qycache/<csv
 * basename>-<16 hex digits>.qyc", keyed by the CSV's absolute path, size,
 * inode, modification and status-change times and the read options that
 * shape the table (delim, header, skip_lines, encoding, types, nulls,
 * on_ragged, renames -- not chunk_size, threads, progress or max_bytes,
 * which never change it), with the read report kept beside the table. A
 * stale, truncated or corrupt entry is ignored and rebuilt; a CSV that is
 * not a regular file (a pipe, /dev/stdin) is read without the cache, with a
 * warning.
 */
#ifndef QY_CSV_CACHE_H
#define QY_CSV_CACHE_H

#include <stdbool.h>

#include "csv_read.h"
#include "error.h"
#include "strbuf.h"
#include "table.h"

/* The cache entry path of the existing file at path read with opts (NULL:
 * the defaults); caller frees *out. QY_EIO when path cannot be resolved. */
int qy_csv_cache_path(const char *path, const qy_csv_options *opts, char **out,
                      qy_error *err);

/* Reads path like qy_csv_read_file, from its cache entry when a valid one
 * exists (*from_cache true), else from the CSV, then (re)writes the entry.
 * When the cache cannot serve (the entry is not a regular file, the CSV is
 * a stream) or cannot be written (a read-only directory...), the read still
 * succeeds and warning (may be NULL) gets the first reason; its code stays
 * QY_OK otherwise. report and warning may be NULL; the caller releases *out. */
int qy_csv_cached_read(const char *path, const qy_csv_options *opts, qy_table **out,
                       qy_csv_report *report, bool *from_cache, qy_error *warning,
                       qy_error *err);

/* Appends the typing options of o -- on_ragged, then a line per type
 * override, null string and rename, sorted, so the order they came in never
 * matters, every name length-prefixed, so no name can pass for another -- to
 * a cache identity (cache.h): for every reader typed by the CSV reader's
 * rules. QY_OK or QY_ENOMEM. */
int qy_csv_typing_identity(const qy_csv_options *o, qy_strbuf *out);

#endif
