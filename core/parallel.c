/* parallel.c — pieces of work on every core; see parallel.h. */
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

typedef struct parallel_loop {
    atomic_size_t next;    /* the next piece nobody has taken */
    size_t n;
    void (*run)(void *ctx, size_t i);
    void *ctx;
} parallel_loop;

static void *take_pieces(void *arg)
{
    parallel_loop *loop = arg;
    for (size_t i; (i = atomic_fetch_add(&loop->next, 1)) < loop->n;) loop->run(loop->ctx, i);
    return NULL;
}

void qy_parallel_for(size_t n, void (*run)(void *ctx, size_t i), void *ctx)
{
    if (n == 0) return;
    parallel_loop loop = {.n = n, .run = run, .ctx = ctx};
    atomic_init(&loop.next, 0);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t want = cores > 1 ? (size_t)cores - 1 : 0;
    if (want > QY_PARALLEL_HELPERS) want = QY_PARALLEL_HELPERS;
    if (want >= n) want = n - 1;   /* no helper without a piece for it */
    pthread_t helpers[QY_PARALLEL_HELPERS];
    size_t started = 0;
    while (started < want && pthread_create(&helpers[started], NULL, take_pieces, &loop) == 0)
        started++;
    take_pieces(&loop);
    for (size_t k = 0; k < started; k++) pthread_join(helpers[k], NULL);
}
