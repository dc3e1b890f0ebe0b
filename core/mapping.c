/* mapping.c — read-only memory holding a file's bytes; see mapping.h. */
#define _DEFAULT_SOURCE   /* MAP_ANONYMOUS, madvise */
#include "mapping.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "alloc.h"
#include "error.h"

int qy_mapping_new(size_t len, qy_mapping **out)
{
    qy_mapping *m = qy_calloc(1, sizeof *m);
    if (!m) return QY_ENOMEM;
    void *data = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (data == MAP_FAILED) {
        qy_free(m);
        return QY_ENOMEM;
    }
    atomic_init(&m->refcount, 1);
    m->data = data;
    m->len = len;
    *out = m;
    return QY_OK;
}

int qy_mapping_map_file(int fd, size_t len, qy_mapping **out)
{
    qy_mapping *m = qy_calloc(1, sizeof *m);
    if (!m) {
        errno = ENOMEM;
        return QY_EIO;
    }
    void *data = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) {
        int e = errno;
        qy_free(m);
        errno = e;
        return QY_EIO;
    }
    atomic_init(&m->refcount, 1);
    m->data = data;
    m->len = len;
    *out = m;
    return QY_OK;
}

void qy_mapping_prepare(qy_mapping *m, size_t at, size_t n)
{
#ifdef MADV_POPULATE_WRITE   /* Linux 5.14; elsewhere the writes fault the pages in */
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), start = (uintptr_t)(m->data + at);
    uintptr_t aligned = start - start % page;
    madvise((void *)aligned, n + (start - aligned), MADV_POPULATE_WRITE);
#else
    (void)m, (void)at, (void)n;
#endif
}

void qy_mapping_seal(qy_mapping *m) { mprotect(m->data, m->len, PROT_READ); }

qy_mapping *qy_mapping_retain(qy_mapping *m)
{
    if (m) atomic_fetch_add(&m->refcount, 1);
    return m;
}

void qy_mapping_release(qy_mapping *m)
{
    if (!m || atomic_fetch_sub(&m->refcount, 1) > 1) return;
    munmap(m->data, m->len);
    qy_free(m);
}
