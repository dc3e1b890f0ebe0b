/* file.h — opening files to read, whole-file reads and all-or-nothing writes.
 *
 * Every file the engine writes goes through qy_file_write_atomic: the bytes go
 * to a temporary file beside the target, are flushed, and only then renamed
 * over it, so a failure never leaves half a file under the final name.
 * Reads that need a file with a size (not a FIFO, a device or a directory)
 * open it with qy_file_open_regular, which never blocks and checks what it
 * opened, not what was at the path a moment before.
 */
#ifndef QY_FILE_H
#define QY_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

/* Opens the regular file at path for reading; the caller closes *fd. The
 * open never waits (O_NONBLOCK: a FIFO without a writer opens at once), and
 * with follow false a symbolic link is not followed. Errors name the path:
 * QY_EIO "cannot open PATH: <reason>"; QY_EINVAL "cannot read PATH: not a
 * regular file" for a FIFO, a device, a socket or (follow false) a link,
 * "cannot read PATH: Is a directory" for a directory. */
int qy_file_open_regular(const char *path, bool follow, int *fd, qy_error *err);

/* Reads up to len bytes at offset off, through short reads and EINTR: the
 * count, below len only at the end of the file, or -1 with errno set. */
ssize_t qy_file_read_at(int fd, void *buf, size_t len, uint64_t off);

/* Reads what is left of fd to its end (a pipe until its writer closes it);
 * *data (NUL-terminated, caller frees with qy_free). More than max bytes is
 * QY_ERANGE "NAME: more than MAX bytes", having held no more than max + 1
 * (SIZE_MAX: no limit). Errors (QY_EIO, QY_ENOMEM) name the file (name) and
 * the system's reason. */
int qy_file_read_fd(int fd, const char *name, size_t max, char **data, size_t *len,
                    qy_error *err);

/* Opens path and reads it whole, as qy_file_read_fd without a limit. */
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
