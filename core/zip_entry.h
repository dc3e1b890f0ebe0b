/* zip_entry.h — reading the entries of a zip archive, piece by piece, with
 * caps against zip bombs. The .xlsx reader's window on libzip.
 *
 * An archive reads a file descriptor it borrows through pread(2), so any
 * number of archives may read one descriptor at once, each on its own
 * thread (libzip's rule: one archive, one thread at a time). An entry is
 * never held whole: its inflated bytes go to a callback in pieces.
 *
 * The caps (qy_zip_caps): an entry may inflate to at most `entry_max` bytes
 * (default 4 GiB; a sheet of a million rows by 13 columns is ~0.5 GB), and
 * once it has inflated past `ratio_from` bytes (default 32 MiB) to at most
 * `ratio` times its compressed size (default 500; ledgers compress 5-20
 * times, deflate cannot pass ~1032 times, bzip2 can pass millions). Either
 * stops the read with QY_EFORMAT, the message naming the file and entry.
 */
#ifndef QY_ZIP_ENTRY_H
#define QY_ZIP_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct qy_zip_caps {
    uint64_t entry_max;    /* inflated bytes an entry may have */
    uint64_t ratio_from;   /* inflated bytes past which the ratio is checked */
    uint64_t ratio;        /* inflated / compressed past ratio_from */
} qy_zip_caps;

/* The caps every archive opened from now on takes: the defaults above, or
 * what qy_zip_set_caps set. */
qy_zip_caps qy_zip_caps_get(void);

/* For tests and fuzzing: smaller caps, so a bomb is caught in a small
 * fixture and quickly. Not for use while archives are being opened. */
void qy_zip_set_caps(const qy_zip_caps *caps);

typedef struct qy_zip qy_zip;

/* Opens the archive in fd (borrowed: it must stay open until qy_zip_close,
 * which does not close it). name is the file's name for messages (borrowed,
 * kept). Not a zip, or a truncated or corrupt one: QY_EFORMAT "NAME is not a
 * readable zip archive: <libzip's reason>". */
int qy_zip_open(int fd, const char *name, qy_zip **out, qy_error *err);

void qy_zip_close(qy_zip *z);

/* The index of the entry named name (ASCII case ignored, as OPC part names
 * are compared), or -1 when there is none. */
int64_t qy_zip_find(qy_zip *z, const char *name);

/* Called with each piece of an entry's inflated bytes, in order: QY_OK to go
 * on, anything else to stop (the read then returns that code, and the sink
 * has set err). */
typedef int (*qy_zip_sink)(void *ctx, const char *data, size_t len, qy_error *err);

/* Reads entry index whole through sink, in pieces of up to 256 KiB, up to
 * max bytes (0: the whole entry; the caps apply either way): reading stops
 * early, with QY_OK, once max bytes went to the sink. where names the entry
 * in messages (borrowed): "WHERE: <libzip's reason>", and the caps'
 * "WHERE inflates past 4096 MiB (a zip bomb?)" and "WHERE inflates to more
 * than 500 times its compressed size (a zip bomb?)". */
int qy_zip_read(qy_zip *z, int64_t index, uint64_t max, const char *where, qy_zip_sink sink,
                void *ctx, qy_error *err);

#endif
