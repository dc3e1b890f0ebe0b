/* mapping.h — a file mapped read-only into memory, reference counted.
 *
 * Columns loaded from a columnar file (colfile.h) point into a mapping instead
 * of owning their buffers; each such column holds one reference, and the
 * mapping is unmapped when the last reference goes. The bytes are never
 * written (PROT_READ): a write through a borrowed buffer faults.
 */
#ifndef QY_MAPPING_H
#define QY_MAPPING_H

#include <stdatomic.h>
#include <stddef.h>

#include "error.h"

typedef struct qy_mapping {
    atomic_int refcount;
    const unsigned char *data;   /* NULL when len is 0 */
    size_t len;
} qy_mapping;

/* Maps the whole file at path. On success *out holds one reference for the
 * caller. Errors (QY_EIO, QY_ENOMEM) name the path and the system's reason. */
int qy_mapping_open(const char *path, qy_mapping **out, qy_error *err);

/* Reference counting: retain returns m; release unmaps at zero. NULL is fine. */
qy_mapping *qy_mapping_retain(qy_mapping *m);
void qy_mapping_release(qy_mapping *m);

#endif
