/* cache.h — a table loaded through its columnar cache entry.
 *
 * One policy for every reader whose tables are worth keeping (csv_cache.h,
 * excel_cache.h). The reader gives the source file's path, its identity --
 * the text of the options that shape the table, canonical, so that equal
 * options give equal text -- and a loader: how to read the table from the
 * source, write its report as text and read that text back.
 *
 * The entry of a source lives beside it, in
 * "<dir of source>/.qycache/<source basename>-<16 hex digits>.qyc"
 * (colfile.h); the digits hash "qy KIND cache\nreader VERSION\n", the
 * source's absolute path and the identity, so a source that changes replaces
 * its entry rather than piling up new ones. The entry's metadata holds the
 * full key (that text plus the file's size, inode, and modification and
 * status-change times to the nanosecond -- the ctime, which no program can
 * set, catches an edit that put the old mtime back) and the read's report;
 * an entry whose key differs, whose report does not parse, or which is
 * truncated or corrupt, is ignored and rebuilt. The entry is opened without
 * following a link or waiting on a FIFO, and one that is not a regular file
 * is ignored with a warning. A source that is not a regular file (a pipe,
 * /dev/stdin) has no key: it is read without the cache, with a warning, and
 * so is a file that has no path to key it by (deleted while open). A source
 * that changes while it is read is not cached, with a warning.
 */
#ifndef QY_CACHE_H
#define QY_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "strbuf.h"
#include "table.h"

/* How a reader loads its tables and keeps their reports. The report is the
 * reader's own struct, plain data, passed as the void pointers. */
typedef struct qy_cache_loader {
    const char *kind;      /* names the reader in the key: "csv" */
    int version;           /* the reader's version: a new one gives new entries */
    /* Reads the table of the file at path, filling report. */
    int (*load)(const void *ctx, const char *path, qy_table **out, void *report,
                qy_error *err);
    /* Appends report as text to out: QY_OK or QY_ENOMEM. */
    int (*format_report)(const void *report, qy_strbuf *out);
    /* text[0..len) back into report: QY_OK, or QY_EFORMAT (report unchanged)
     * when the text is not exactly what format_report writes. */
    int (*parse_report)(const char *text, size_t len, void *report);
    const void *ctx;       /* borrowed: the reader's options, passed to load */
} qy_cache_loader;

/* The cache entry path of the existing file at path read by loader with
 * identity; caller frees *out. QY_EIO when path cannot be resolved. */
int qy_cache_path(const char *path, const qy_cache_loader *loader, const char *identity,
                  char **out, qy_error *err);

/* Reads path with loader->load, from its cache entry when a valid one exists
 * (*from_cache true; report then holds the stored report), else from the
 * source, then (re)writes the entry. When the cache cannot serve or cannot
 * be written (a read-only directory...), the read still succeeds and
 * warning (may be NULL) gets the first reason; its code stays QY_OK
 * otherwise. report must not be NULL; the caller releases *out. */
int qy_cache_read(const char *path, const qy_cache_loader *loader, const char *identity,
                  qy_table **out, void *report, bool *from_cache, qy_error *warning,
                  qy_error *err);

#endif
