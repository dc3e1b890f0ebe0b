/* mapping.h — the memory a columnar file's bytes are in, read-only,
 * reference counted.
 *
 * Columns loaded from a columnar file (colfile.h) point into a mapping instead
 * of owning their buffers; each such column (and dict) holds one reference,
 * and the memory is unmapped when the last reference goes. Two kinds:
 *   a copy       anonymous memory the file is read into (qy_mapping_new):
 *                whatever another process does to the file later (truncating
 *                it, writing over it) cannot change a loaded table or take
 *                its pages away. Once sealed the bytes are PROT_READ.
 *   the file     its own pages, mapped read-only (qy_mapping_map_file): no
 *                copy and no fresh memory to fill, so a big file loads in the
 *                time it takes to check it. Only for a file that is replaced
 *                by a rename and never written over in place -- a mapping
 *                follows writes to the file, and truncating it under a live
 *                table would end the process with SIGBUS.
 * Either way a write through a borrowed buffer faults.
 */
#ifndef QY_MAPPING_H
#define QY_MAPPING_H

#include <stdatomic.h>
#include <stddef.h>

typedef struct qy_mapping {
    atomic_int refcount;
    unsigned char *data;         /* len bytes; written only before qy_mapping_seal */
    size_t len;
} qy_mapping;

/* len (> 0) bytes of fresh zeroed memory, writable until sealed. On success
 * *out holds one reference for the caller. QY_OK or QY_ENOMEM. */
int qy_mapping_new(size_t len, qy_mapping **out);

/* Bytes [at, at + n) are about to be written: their pages are faulted in at
 * once (one call, not a fault per page as the writes go). Only speed. */
void qy_mapping_prepare(qy_mapping *m, size_t at, size_t n);

/* Makes the bytes read-only for good. */
void qy_mapping_seal(qy_mapping *m);

/* The first len (> 0) bytes of the regular file open on fd (borrowed; it
 * may be closed afterwards), mapped read-only. On success *out holds one
 * reference for the caller. QY_OK, or QY_EIO with errno saying why. */
int qy_mapping_map_file(int fd, size_t len, qy_mapping **out);

/* Reference counting: retain returns m; release unmaps at zero. NULL is fine. */
qy_mapping *qy_mapping_retain(qy_mapping *m);
void qy_mapping_release(qy_mapping *m);

#endif
