/* file.h — whole-file reads and all-or-nothing writes.
 *
 * Every file the engine writes goes through qy_file_write_atomic: the bytes go
 * to a temporary file beside the target, are flushed, and only then renamed
 * over it, so a failure never leaves half a file under the final name.
 */
#ifndef QY_FILE_H
#define QY_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Reads the whole file; *data (NUL-terminated, caller frees with qy_free).
 * Errors (QY_EIO, QY_ENOMEM) name the path and the system's reason. */
int qy_file_read_all(const char *path, char **data, size_t *len, qy_error *err);

/* Writes data[0..len) to path through a temporary file and rename(2). On any
 * failure the temporary file is removed and path is untouched. */
int qy_file_write_atomic(const char *path, const char *data, size_t len, qy_error *err);

/* The same written piece by piece, for files too big to build in memory:
 * open, write (and write_at) any number of times, then commit, or abort.
 * Each call's errors name the final path; after a failed call the caller
 * still commits or aborts (commit then fails). Unbuffered: write in large
 * pieces. */
typedef struct qy_file_writer qy_file_writer;

int qy_file_writer_open(const char *path, qy_file_writer **out, qy_error *err);

/* Appends data[0..len). */
int qy_file_writer_write(qy_file_writer *w, const void *data, size_t len, qy_error *err);

/* Overwrites bytes already written, at offset (a header filled in last). */
int qy_file_writer_write_at(qy_file_writer *w, const void *data, size_t len, uint64_t offset,
                            qy_error *err);

/* Flushes the file and renames it over the path; frees w. On failure the
 * temporary file is removed and the path is untouched. */
int qy_file_writer_commit(qy_file_writer *w, qy_error *err);

/* Removes the temporary file and frees w. NULL is fine. */
void qy_file_writer_abort(qy_file_writer *w);

#endif
