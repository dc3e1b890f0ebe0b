/* alloc.c — see alloc.h. */
#include "alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static _Atomic long allocations_left = -1;   /* < 0: unlimited */

static int allocation_allowed(void)
{
    long left = atomic_load(&allocations_left);
    while (left > 0 && !atomic_compare_exchange_weak(&allocations_left, &left, left - 1)) {}
    return left != 0;
}

void qy_alloc_fail_after(long n) { allocations_left = n; }

void *qy_malloc(size_t n) { return allocation_allowed() ? malloc(n ? n : 1) : NULL; }

void *qy_calloc(size_t count, size_t size)
{
    return allocation_allowed() ? calloc(count ? count : 1, size ? size : 1) : NULL;
}

void *qy_realloc(void *p, size_t n) { return allocation_allowed() ? realloc(p, n ? n : 1) : NULL; }

void qy_free(void *p) { free(p); }

char *qy_strndup(const char *s, size_t len)
{
    char *copy = qy_malloc(len + 1);
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}
