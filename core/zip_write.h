/* zip_write.h — writing a whole ZIP archive (a .docx is one) in one call.
 *
 * The archive is built in memory by libzip, then written to its path all or
 * nothing through qy_file_write_atomic (file.h): a failure leaves no file and
 * never touches what was at the path before. Members are deflated, in the
 * order given (a .docx wants [Content_Types].xml first), names in UTF-8.
 */
#ifndef QY_ZIP_WRITE_H
#define QY_ZIP_WRITE_H

#include <stddef.h>

#include "error.h"

/* One member: its name inside the archive ("word/document.xml") and its
 * bytes. Borrowed: the caller owns name and data, which are read, never kept,
 * during qy_zip_write. */
typedef struct {
    const char *name;
    const void *data;
    size_t len;
} qy_zip_member;

/* Writes the n members to a new archive at path. Errors:
 * QY_EINVAL "cannot write PATH: member #I has an empty name" or
 *           "cannot write PATH: member NAME appears twice";
 * QY_ENOMEM "not enough memory to write PATH";
 * QY_EIO    "cannot write PATH: <reason>" (the directory is missing, not
 *           writable, the disk is full, ...; from file.h). */
int qy_zip_write(const char *path, const qy_zip_member *members, size_t n, qy_error *err);

#endif
