/* hash.c — the seed of the table hashes and the probe record; see hash.h. */
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static qy_hash_seed seed;
static pthread_once_t seed_once = PTHREAD_ONCE_INIT;

/* Fills buf with len bytes from the kernel: getrandom, else /dev/urandom.
 * False when neither works (a sandbox without either). */
static bool kernel_random(void *buf, size_t len)
{
    unsigned char *p = buf;
    size_t got = 0;
    while (got < len) {
        ssize_t n = getrandom(p + got, len - got, 0);
        if (n > 0) got += (size_t)n;
        else if (n < 0 && errno != EINTR) break;
    }
    if (got == len) return true;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    got = 0;
    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);
        if (n > 0) got += (size_t)n;
        else if (n == 0 || errno != EINTR) break;
    }
    close(fd);
    return got == len;
}

/* Makes k odd with 24 to 40 ones, deterministically from k. */
static uint64_t balanced_odd(uint64_t k)
{
    for (;;) {
        k |= 1;
        int ones = __builtin_popcountll(k);
        if (ones >= 24 && ones <= 40) return k;
        k = qy_hash_u64(k + 0x9e3779b97f4a7c15ULL);
    }
}

static void draw_seed(void)
{
    uint64_t raw[2];
    const char *fixed = getenv("QY_HASH_SEED");
    if (fixed && fixed[0]) {
        raw[0] = strtoull(fixed, NULL, 0);
        raw[1] = qy_hash_u64(raw[0] ^ QY_HASH_P0);
    } else if (!kernel_random(raw, sizeof raw)) {
        /* No source of randomness at all: the clock and where the stack
         * lies (ASLR) still differ from run to run. */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        raw[0] = qy_hash_u64((uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30);
        raw[1] = qy_hash_u64((uint64_t)(uintptr_t)&ts ^ (uint64_t)getpid() << 32);
    }
    seed.k0 = qy_hash_u64(raw[0]);
    seed.k1 = balanced_odd(qy_hash_u64(raw[1] ^ QY_HASH_P1));
}

qy_hash_seed qy_hash_seed_get(void)
{
    pthread_once(&seed_once, draw_seed);
    return seed;
}

static atomic_uint_least32_t longest_probe;

uint32_t qy_probe_longest(void) { return (uint32_t)atomic_load(&longest_probe); }

void qy_probe_reset(void) { atomic_store(&longest_probe, 0); }

void qy_probe_note(uint32_t distance)
{
    uint_least32_t seen = atomic_load_explicit(&longest_probe, memory_order_relaxed);
    while (distance > seen
           && !atomic_compare_exchange_weak_explicit(&longest_probe, &seen, distance,
                                                     memory_order_relaxed, memory_order_relaxed)) {
    }
}
