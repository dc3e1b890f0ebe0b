/* test_distinct.c — distinct rows: first-appearance order, nulls equal
 * nulls, -0 and 0 one value, all columns or some, keep_all, empty and
 * column-less tables, running out of memory. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "distinct.h"
#include "fixtures.h"

#define COL(type, scale, n, ...) column_of(type, scale, n, (const char *[]){__VA_ARGS__})

/* Each column's rows as text, columns separated by " | ". */
static const char *table_text(const qy_table *t)
{
    static char out[2048];
    size_t n = 0;
    out[0] = '\0';
    for (int j = 0; j < t->ncols; j++)
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s: %s", j ? " | " : "", t->names[j],
                              column_text(t->cols[j]));
    return out;
}

static qy_table *ledger(void)
{
    qy_table *t = new_table(6);
    add_column(t, "县区", COL(QY_STRING, 0, 6, "环县", "宁县", "环县", NULL, NULL, "环县"));
    add_column(t, "amount", COL(QY_DECIMAL, 2, 6, "1.50", "2.00", "1.50", NULL, NULL, "3.00"));
    add_column(t, "x", COL(QY_FLOAT64, 0, 6, "-0", "1", "0", NULL, NULL, "2.5"));
    return t;
}

static const char *distinct_text(const qy_table *t, const int *keys, int nkeys, bool keep_all)
{
    qy_table *d = NULL;
    CHECK_INT(qy_table_distinct(t, keys, nkeys, keep_all, &d, NULL), QY_OK);
    if (!d) return "error";
    const char *s = table_text(d);
    qy_table_release(d);
    return s;
}

static void every_column_in_first_appearance_order(void)
{
    qy_table *t = ledger();
    CHECK_STR(distinct_text(t, NULL, 0, false),
              "县区: 环县 宁县 null 环县 | amount: 1.50 2.00 null 3.00 | x: -0 1 null 2.5");
    qy_table_release(t);
}

static void some_columns_and_keep_all(void)
{
    qy_table *t = ledger();
    CHECK_STR(distinct_text(t, (int[]){0}, 1, false), "县区: 环县 宁县 null");
    CHECK_STR(distinct_text(t, (int[]){1, 0}, 2, false),
              "amount: 1.50 2.00 null 3.00 | 县区: 环县 宁县 null 环县");
    CHECK_STR(distinct_text(t, (int[]){0}, 1, true),
              "县区: 环县 宁县 null | amount: 1.50 2.00 null | x: -0 1 null");
    qy_table_release(t);
}

static void empty_and_columnless_tables(void)
{
    qy_table *t = ledger(), *empty = NULL;
    CHECK_INT(qy_table_slice(t, 0, 0, &empty, NULL), QY_OK);
    CHECK_STR(distinct_text(empty, NULL, 0, false), "县区:  | amount:  | x: ");
    qy_table *bare = new_table(3), *d = NULL;
    CHECK_INT(qy_table_distinct(bare, NULL, 0, false, &d, NULL), QY_OK);
    CHECK_INT(d->nrows, 1);             /* rows of no columns are all one row */
    qy_table_release(d);
    CHECK_INT(qy_table_distinct(t, (int[]){3}, 1, false, &d, NULL), QY_ERANGE);
    qy_table_release(bare);
    qy_table_release(empty);
    qy_table_release(t);
}

static void allocation_failure_is_reported(void)
{
    qy_table *t = ledger();
    int failures = 0;
    for (long n = 0; n < 60; n++) {
        qy_table *d = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_table_distinct(t, NULL, 0, n % 2 == 0, &d, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_INT(d->nrows, 4);
            qy_table_release(d);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        CHECK(err.msg[0] != '\0');
        failures++;
    }
    CHECK(failures > 3);
    qy_table_release(t);
}

int main(void)
{
    RUN(every_column_in_first_appearance_order);
    RUN(some_columns_and_keep_all);
    RUN(empty_and_columnless_tables);
    RUN(allocation_failure_is_reported);
    return check_summary("test_distinct");
}
