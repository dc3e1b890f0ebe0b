/* excel_cache.h — reading a worksheet through its columnar cache entry.
 *
 * The policy is cache.h's, the CSV's (csv_cache.h): the entry lives in
 * "<dir of workbook>/.qycache/<workbook basename>-<16 hex digits>.qyc",
 * keyed by the workbook's absolute path, size, inode, modification and
 * status-change times, the reader's version (QY_EXCEL_READER_VERSION and
 * QY_CSV_READER_VERSION) and the options that shape the table: the sheet
 * (by name or index), range, skip, header_rows, the footer rule, fill_merged,
 * drop_hidden and the typing options (types, nulls, renames, on_ragged) --
 * not threads or progress, which never change it. The read report is kept
 * beside the table (excel_report.h). A footer decided by a callback is keyed
 * by opts->footer_key, the text naming its rule; without one the read is
 * not cached, with a warning.
 */
#ifndef QY_EXCEL_CACHE_H
#define QY_EXCEL_CACHE_H

#include <stdbool.h>

#include "error.h"
#include "excel_read.h"
#include "table.h"

/* The cache entry path of the existing file at path read with opts (NULL:
 * the defaults); caller frees *out. QY_EIO when path cannot be resolved,
 * QY_EINVAL when a callback footer has no footer_key (no entry). */
int qy_excel_cache_path(const char *path, const qy_excel_options *opts, char **out,
                        qy_error *err);

/* Reads path like qy_excel_read_file, from its cache entry when a valid one
 * exists (*from_cache true), else from the workbook, then (re)writes the
 * entry. When the cache cannot serve (the entry is not a regular file, the
 * workbook is a stream, the footer has no key) or cannot be written (a
 * read-only directory...), the read still succeeds and warning (may be
 * NULL) gets the first reason; its code stays QY_OK otherwise. report and
 * warning may be NULL; the caller releases *out. */
int qy_excel_cached_read(const char *path, const qy_excel_options *opts, qy_table **out,
                         qy_excel_report *report, bool *from_cache, qy_error *warning,
                         qy_error *err);

#endif
