/* colfile.h — the qy columnar file: a table saved as its column buffers.
 *
 * Layout (native byte order, every section aligned to 64 bytes):
 *   header     64 bytes: magic "qycol\r\n\x1a", format version, column and
 *              row counts, file size, a checksum of the whole file (with
 *              its own field zeroed), where the metadata and the column
 *              directory are
 *   directory  64 bytes per column: type, scale, null count, and where its
 *              name, values, null bitmap and dictionary are
 *   sections   names, metadata, then each column's dictionary (count,
 *              arena length, offsets, arena; columns sharing a dict share
 *              the section), bitmap and values as they lie in memory
 * Reading copies the file into private memory (mapping.h), computing the
 * checksum over the copy as it arrives, or -- for a file only ever replaced
 * by a rename, such as a cache entry -- maps the file's own pages and
 * computes it over those. The columns borrow their values, bitmaps and
 * dictionary strings from that memory (column.h, dict.h); nothing is
 * rebuilt, and a dictionary's index waits for the first lookup. So the bytes
 * checked are the bytes used, and with the copy nothing done to the file
 * later (truncated, written over in place) reaches a loaded table.
 * Every offset and length is checked against the file before use, and a
 * file that is truncated, corrupt, of another version or not a columnar file
 * at all is QY_EFORMAT, with a message naming the path and what is wrong.
 */
#ifndef QY_COLFILE_H
#define QY_COLFILE_H

#include <stddef.h>

#include "error.h"
#include "table.h"

#define QY_COLFILE_VERSION 2

/* Writes t and the opaque metadata meta[0..meta_len) to path, all or nothing
 * (file.h). meta may be NULL when meta_len is 0. */
int qy_colfile_write(const qy_table *t, const char *path, const void *meta, size_t meta_len,
                     qy_error *err);

/* Loads the file at path (qy_file_open_regular: anything but a regular file,
 * a FIFO say, is QY_EINVAL "cannot read PATH: not a regular file", at once).
 * On success the caller releases *out and, when meta is not NULL, frees
 * *meta (qy_malloc'd, meta_len bytes plus a NUL). */
int qy_colfile_read(const char *path, qy_table **out, void **meta, size_t *meta_len,
                    qy_error *err);

/* Where a loaded table's bytes live (mapping.h). */
typedef enum qy_colfile_memory {
    QY_COLFILE_COPY,   /* private memory: safe from anything done to the file */
    QY_COLFILE_MAP     /* the file's pages: only for a file never written over in place */
} qy_colfile_memory;

/* The same for the file open on fd (borrowed, read with pread, so its offset
 * stays), which name stands for in messages, kept in memory as `memory`
 * says (qy_colfile_read copies). */
int qy_colfile_read_fd(int fd, const char *name, qy_colfile_memory memory, qy_table **out,
                       void **meta, size_t *meta_len, qy_error *err);

/* For tests and fuzzers that forge files: rewrites the checksum in the
 * header of the file image data[0..len) (len >= 64) to match its bytes, so
 * that a changed byte meets the reader's later checks, not the checksum.
 * QY_OK or QY_ENOMEM. */
int qy_colfile_reseal(void *data, size_t len);

#endif
