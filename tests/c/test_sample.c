/* test_sample.c — sampling rows: the sample of a seed is fixed (the same
 * rows on every machine, checked against numbers written down here),
 * ascending, without repeats, every row about equally likely; n >= nrows
 * takes every row; empty tables; a negative size; running out of memory. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "sample.h"

static const char *rows_text(const int64_t *rows, int64_t n)
{
    static char out[1024];
    size_t len = 0;
    out[0] = '\0';
    for (int64_t i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%lld", i ? " " : "", (long long)rows[i]);
    return out;
}

static void a_seed_picks_fixed_rows(void)
{
    int64_t rows[10];
    CHECK_INT(qy_sample_rows(100, 5, QY_SAMPLE_SEED, rows), 5);
    CHECK_STR(rows_text(rows, 5), "21 48 63 93 99");   /* also what a Python SplitMix64 gives */
    CHECK_INT(qy_sample_rows(100, 5, 7, rows), 5);
    CHECK_STR(rows_text(rows, 5), "5 23 29 35 45");
    CHECK_INT(qy_sample_rows(3, 10, 7, rows), 3);
    CHECK_STR(rows_text(rows, 3), "0 1 2");
    CHECK_INT(qy_sample_rows(0, 10, 7, rows), 0);
    CHECK_INT(qy_sample_rows(10, 0, 7, rows), 0);
}

static void samples_are_ascending_distinct_and_uniform(void)
{
    enum { N = 20, K = 5, RUNS = 20000 };
    int64_t hits[N] = {0}, rows[K];
    for (uint64_t seed = 0; seed < RUNS; seed++) {
        CHECK_INT(qy_sample_rows(N, K, seed, rows), K);
        for (int i = 0; i < K; i++) {
            CHECK(rows[i] >= 0 && rows[i] < N);
            if (i) CHECK(rows[i - 1] < rows[i]);
            hits[rows[i]]++;
        }
    }
    /* Each row is expected RUNS * K / N = 5000 times; 4 sigma is about 250. */
    for (int i = 0; i < N; i++) CHECK(hits[i] > 4700 && hits[i] < 5300);
}

static void tables_are_sampled_in_order(void)
{
    qy_table *t = new_table(6), *s = NULL;
    add_column(t, "县区", column_of(QY_STRING, 0, 6, (const char *[]){"环县", "宁县", NULL, "合水",
                                                                    "华池", "镇原"}));
    CHECK_INT(qy_table_sample(t, 3, QY_SAMPLE_SEED, &s, NULL), QY_OK);
    int64_t rows[3];
    qy_sample_rows(6, 3, QY_SAMPLE_SEED, rows);
    qy_table *want = NULL;
    CHECK_INT(qy_table_take(t, rows, 3, &want, NULL), QY_OK);
    CHECK(qy_table_equal(s, want));
    qy_table_release(want);
    qy_table_release(s);
    qy_error err = {0};
    CHECK_INT(qy_table_sample(t, -1, 1, &s, &err), QY_EINVAL);
    CHECK_STR(err.msg, "sample size must not be negative");
    for (long n = 0; n < 10; n++) {
        qy_alloc_fail_after(n);
        int rc = qy_table_sample(t, 2, 1, &s, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_INT(s->nrows, 2);
            qy_table_release(s);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
    }
    qy_table_release(t);
}

int main(void)
{
    RUN(a_seed_picks_fixed_rows);
    RUN(samples_are_ascending_distinct_and_uniform);
    RUN(tables_are_sampled_in_order);
    return check_summary("test_sample");
}
