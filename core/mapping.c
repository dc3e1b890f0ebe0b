/* mapping.c — read-only file mappings; see mapping.h. */
#include "mapping.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

int qy_mapping_open(const char *path, qy_mapping **out, qy_error *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return qy_error_set(err, QY_EIO, "cannot open %s: %s", path, strerror(errno));
    struct stat st;
    int bad = fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
    void *data = NULL;
    size_t len = bad ? 0 : (size_t)st.st_size;
    if (!bad && len > 0) {
        data = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (data == MAP_FAILED) bad = errno;
    }
    close(fd);
    if (bad) return qy_error_set(err, QY_EIO, "cannot read %s: %s", path, strerror(bad));
    /* The whole file is about to be read (checksum): ask for it at once. */
    if (len > 0) posix_madvise(data, len, POSIX_MADV_WILLNEED);
    qy_mapping *m = qy_calloc(1, sizeof *m);
    if (!m) {
        if (len > 0) munmap(data, len);
        return qy_error_set(err, QY_ENOMEM, "not enough memory to read %s", path);
    }
    atomic_init(&m->refcount, 1);
    m->data = data;
    m->len = len;
    *out = m;
    return QY_OK;
}

qy_mapping *qy_mapping_retain(qy_mapping *m)
{
    if (m) atomic_fetch_add(&m->refcount, 1);
    return m;
}

void qy_mapping_release(qy_mapping *m)
{
    if (!m || atomic_fetch_sub(&m->refcount, 1) > 1) return;
    if (m->len > 0) munmap((void *)m->data, m->len);
    qy_free(m);
}
