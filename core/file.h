/* file.h — whole-file reads and all-or-nothing writes.
 *
 * Every file the engine writes goes through qy_file_write_atomic: the bytes go
 * to a temporary file beside the target, are flushed, and only then renamed
 * over it, so a failure never leaves half a file under the final name.
 */
#ifndef QY_FILE_H
#define QY_FILE_H

#include <stddef.h>

#include "error.h"

/* Reads the whole file; *data (NUL-terminated, caller frees with qy_free).
 * Errors (QY_EIO, QY_ENOMEM) name the path and the system's reason. */
int qy_file_read_all(const char *path, char **data, size_t *len, qy_error *err);

/* Writes data[0..len) to path through a temporary file and rename(2). On any
 * failure the temporary file is removed and path is untouched. */
int qy_file_write_atomic(const char *path, const char *data, size_t len, qy_error *err);

#endif
