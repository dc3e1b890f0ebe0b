/* test_describe.c — one row per column: counts, nulls, distinct, min and
 * max as text, means of numbers only; all-null columns, empty tables,
 * tables without columns, running out of memory. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "describe.h"
#include "fixtures.h"

#define COL(type, scale, n, ...) column_of(type, scale, n, (const char *[]){__VA_ARGS__})

static const char *table_text(const qy_table *t)
{
    static char out[4096];
    size_t n = 0;
    out[0] = '\0';
    for (int j = 0; j < t->ncols; j++) {
        char type[16];
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s %s: %s", j ? "\n" : "", t->names[j],
                              qy_type_name(t->cols[j]->type, t->cols[j]->scale, type),
                              column_text(t->cols[j]));
    }
    return out;
}

static const char *describe_text(const qy_table *t)
{
    qy_table *d = NULL;
    CHECK_INT(qy_table_describe(t, &d, NULL), QY_OK);
    if (!d) return "error";
    const char *s = table_text(d);
    qy_table_release(d);
    return s;
}

static void every_type_described(void)
{
    qy_table *t = every_type_with_nulls();
    CHECK_STR(describe_text(t),
              "column string: id ratio 资金 day ok city city2\n"
              "type string: int64 float64 decimal(2) date bool string string\n"
              "count int64: 3 3 3 3 3 3 3\n"
              "nulls int64: 1 1 1 1 1 1 1\n"
              "distinct int64: 3 3 3 3 2 3 2\n"
              "min string: -9223372036854775807 -0.25 -0.01 1969-12-31 false  nul\n"   /* city: "nul\0byte" */
              "max string: 1 1e+300 99999.99 2024-02-29 true 深圳 深圳\n"
              "mean float64: -3.0744573456182584e+18 3.3333333333333335e+299 33337.44 null null null null");
    qy_table_release(t);
}

static void all_null_empty_and_columnless(void)
{
    qy_table *t = new_table(2);
    add_column(t, "空", COL(QY_INT64, 0, 2, NULL, NULL));
    CHECK_STR(describe_text(t), "column string: 空\ntype string: int64\ncount int64: 0\n"
              "nulls int64: 2\ndistinct int64: 0\nmin string: null\nmax string: null\n"
              "mean float64: null");
    qy_table *empty = NULL;
    CHECK_INT(qy_table_slice(t, 0, 0, &empty, NULL), QY_OK);
    CHECK_STR(describe_text(empty), "column string: 空\ntype string: int64\ncount int64: 0\n"
              "nulls int64: 0\ndistinct int64: 0\nmin string: null\nmax string: null\n"
              "mean float64: null");
    qy_table *bare = new_table(5), *d = NULL;
    CHECK_INT(qy_table_describe(bare, &d, NULL), QY_OK);
    CHECK_INT(d->nrows, 0);
    CHECK_INT(d->ncols, 8);
    qy_table_release(d);
    qy_table_release(bare);
    qy_table_release(empty);
    qy_table_release(t);
}

static void allocation_failure_is_reported(void)
{
    qy_table *t = every_type_with_nulls();
    int failures = 0;
    for (long n = 0; n < 400; n++) {
        qy_table *d = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_table_describe(t, &d, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_INT(d->nrows, 7);
            qy_table_release(d);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        CHECK(err.msg[0] != '\0');
        failures++;
    }
    CHECK(failures > 20);
    qy_table_release(t);
}

int main(void)
{
    RUN(every_type_described);
    RUN(all_null_empty_and_columnless);
    RUN(allocation_failure_is_reported);
    return check_summary("test_describe");
}
