/* alloc.h — the one door through which the core allocates.
 *
 * All core memory goes through these wrappers so that a test build can make
 * the Nth allocation fail (see qy_alloc_fail_after) and check that every
 * caller turns that into QY_ENOMEM without leaking. They behave like the libc
 * functions they wrap; qy_free(NULL) is a no-op.
 */
#ifndef QY_ALLOC_H
#define QY_ALLOC_H

#include <stddef.h>

void *qy_malloc(size_t n);
void *qy_calloc(size_t count, size_t size);
void *qy_realloc(void *p, size_t n);
void qy_free(void *p);

/* A NUL-terminated copy of s[0..len); caller frees with qy_free. */
char *qy_strndup(const char *s, size_t len);

/* Testing: after n more successful allocations, every allocation fails until
 * this is called again with n < 0 (the default: never fail). */
void qy_alloc_fail_after(long n);

#endif
