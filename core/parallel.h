/* parallel.h — a loop whose iterations run on more than one core.
 *
 * For work that is a list of independent pieces, each big enough to be worth
 * a thread's time (a megabyte to hash, a range of rows to check): the calling
 * thread and up to QY_PARALLEL_HELPERS helper threads (one fewer than the
 * cores online) take pieces in turn from a shared counter until none is left,
 * so a slow piece does not hold up the others. Helpers are started for the
 * call and joined before it returns; if none can be started, the calling
 * thread does every piece. Nothing is allocated.
 */
#ifndef QY_PARALLEL_H
#define QY_PARALLEL_H

#include <stddef.h>

#define QY_PARALLEL_HELPERS 7

/* Calls run(ctx, i) once for every i in [0, n), in no set order and maybe on
 * several threads at once (so run must only write what piece i owns), and
 * returns when every call has returned. */
void qy_parallel_for(size_t n, void (*run)(void *ctx, size_t i), void *ctx);

#endif
