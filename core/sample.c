/* sample.c — selection sampling driven by SplitMix64; see sample.h. */
#include "sample.h"

#include "alloc.h"

/* SplitMix64: the next number of the stream whose state is *s. */
static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A uniform number in [0, m), m > 0: numbers below 2^64 mod m are drawn
 * again, so no remainder is likelier than another. */
static uint64_t below(uint64_t *s, uint64_t m)
{
    uint64_t threshold = -m % m, r;
    do r = splitmix64(s);
    while (r < threshold);
    return r % m;
}

int64_t qy_sample_rows(int64_t nrows, int64_t n, uint64_t seed, int64_t *rows)
{
    int64_t chosen = 0;
    if (n >= nrows) {
        for (; chosen < nrows; chosen++) rows[chosen] = chosen;
        return chosen;
    }
    uint64_t state = seed;
    /* Row i is taken with probability (still wanted) / (rows left). */
    for (int64_t i = 0; i < nrows && chosen < n; i++)
        if (below(&state, (uint64_t)(nrows - i)) < (uint64_t)(n - chosen)) rows[chosen++] = i;
    return chosen;
}

int qy_table_sample(const qy_table *t, int64_t n, uint64_t seed, qy_table **out, qy_error *err)
{
    if (n < 0) return qy_error_set(err, QY_EINVAL, "sample size must not be negative");
    int64_t most = n < t->nrows ? n : t->nrows;
    int64_t *rows = qy_malloc((size_t)(most ? most : 1) * sizeof *rows);
    if (!rows) return qy_error_set(err, QY_ENOMEM, "not enough memory for %lld rows", (long long)most);
    int64_t count = qy_sample_rows(t->nrows, n, seed, rows);
    int rc = qy_table_take(t, rows, count, out, err);
    qy_free(rows);
    return rc;
}
