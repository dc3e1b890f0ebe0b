/* csv_cache.h — loading a CSV file through its columnar cache entry.
 *
 * The entry of a CSV file lives beside it, in
 * "<dir of csv>/.qycache/<csv basename>-<16 hex digits>.qyc" (colfile.h);
 * the digits hash the file's absolute path and the read options that shape
 * the table (delim, header, encoding, types, nulls, on_ragged, renames --
 * not chunk_size, threads or progress, which never change it), so a CSV
 * that changes replaces its entry rather than piling up new ones. The entry's
 * metadata holds the full key (that text plus the file's size, inode, and
 * modification and status-change times to the nanosecond -- the ctime, which
 * no program can set, catches an edit that put the old mtime back) and the
 * read report; an entry whose key differs, or which is truncated or corrupt,
 * is ignored and rebuilt. The entry is opened without following a link or
 * waiting on a FIFO, and one that is not a regular file is ignored with a
 * warning. A CSV that is not a regular file (a pipe, /dev/stdin) has no key:
 * it is read without the cache, with a warning.
 */
#ifndef QY_CSV_CACHE_H
#define QY_CSV_CACHE_H

#include <stdbool.h>

#include "csv_read.h"
#include "error.h"
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

#endif
