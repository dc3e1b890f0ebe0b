/* test_window.c — share, cumsum, lag and pct_change over the whole table
 * and within groups: nulls, decimals exact, overflow, offsets, zero and
 * null previous values, errors, allocation failure. */
#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "window.h"

/* Funds by county in row order, with a null. */
static qy_table *funds(void)
{
    qy_table *t = new_table(6);
    add_column(t, "county", column_of(QY_STRING, 0, 6,
               (const char *[]){"环县", "宁县", "环县", "宁县", "环县", "宁县"}));
    add_column(t, "funds", column_of(QY_DECIMAL, 2, 6,
               (const char *[]){"0.10", "2.00", NULL, "0.20", "0.20", "1.00"}));
    add_column(t, "n", column_of(QY_INT64, 0, 6, (const char *[]){"1", "0", "3", "2", "4", NULL}));
    add_column(t, "x", column_of(QY_FLOAT64, 0, 6,
               (const char *[]){"0.5", "1.5", "-1", NULL, "2", "0"}));
    return t;
}

static const char *window_text(const qy_table *t, qy_window_kind kind, int column,
                               int64_t offset, int by_column)
{
    static qy_error err;
    qy_groups g;
    if (by_column >= 0 && qy_groups_build(t, &by_column, 1, &g, &err) != QY_OK) return err.msg;
    qy_column *c = NULL;
    int rc = qy_window(t, kind, column, offset, by_column >= 0 ? &g : NULL, &c, &err);
    if (by_column >= 0) qy_groups_free(&g);
    if (rc != QY_OK) return err.msg;
    const char *text = column_text(c);
    qy_column_release(c);
    return text;
}

static void cumsum_is_exact_and_skips_nulls(void)
{
    qy_table *t = funds();
    CHECK_STR(window_text(t, QY_WIN_CUMSUM, 1, 0, -1), "0.10 2.10 null 2.30 2.50 3.50");
    CHECK_STR(window_text(t, QY_WIN_CUMSUM, 1, 0, 0), "0.10 2.00 null 2.20 0.30 3.20");
    CHECK_STR(window_text(t, QY_WIN_CUMSUM, 2, 0, -1), "1 1 4 6 10 null");
    CHECK_STR(window_text(t, QY_WIN_CUMSUM, 3, 0, 0), "0.5 1.5 -0.5 null 1.5 1.5");
    qy_column *c;
    CHECK_INT(qy_window(t, QY_WIN_CUMSUM, 1, 0, NULL, &c, NULL), QY_OK);
    CHECK_INT(c->type, QY_DECIMAL);
    CHECK_INT(c->scale, 2);
    qy_column_release(c);
    qy_table_release(t);
}

static void cumsum_overflow_is_reported(void)
{
    qy_table *t = new_table(3);
    add_column(t, "big", column_of(QY_DECIMAL, 2, 3,
               (const char *[]){"92233720368547758.00", "0.07", "0.01"}));
    CHECK_STR(window_text(t, QY_WIN_CUMSUM, 0, 0, -1), "the sum of 'big' overflows");
    CHECK_STR(window_text(t, QY_WIN_SHARE, 0, 0, -1), "the sum of 'big' overflows");
    qy_table_release(t);
}

static void share_sums_to_one_per_group(void)
{
    qy_table *t = funds();
    CHECK_STR(window_text(t, QY_WIN_SHARE, 1, 0, 0),
              "0.3333333333333333 0.625 null 0.0625 0.6666666666666666 0.3125");
    qy_groups g;
    qy_column *c;
    CHECK_INT(qy_groups_build(t, (int[]){0}, 1, &g, NULL), QY_OK);
    CHECK_INT(qy_window(t, QY_WIN_SHARE, 1, 0, &g, &c, NULL), QY_OK);
    double sum[2] = {0, 0};
    for (int64_t i = 0; i < c->length; i++)
        if (!qy_column_is_null(c, i)) sum[g.group[i]] += c->v.f64[i];
    CHECK(fabs(sum[0] - 1) < 1e-12 && fabs(sum[1] - 1) < 1e-12);
    qy_column_release(c);
    qy_groups_free(&g);
    /* A zero sum gives null, not inf. */
    CHECK_STR(window_text(t, QY_WIN_SHARE, 3, 0, -1), "0.16666666666666666 0.5 -0.3333333333333333 "
              "null 0.6666666666666666 0");
    qy_table *zero = new_table(2);
    add_column(zero, "v", column_of(QY_INT64, 0, 2, (const char *[]){"3", "-3"}));
    CHECK_STR(window_text(zero, QY_WIN_SHARE, 0, 0, -1), "null null");
    qy_table_release(zero);
    qy_table_release(t);
}

static void lag_looks_back_within_groups(void)
{
    qy_table *t = funds();
    CHECK_STR(window_text(t, QY_WIN_LAG, 1, 1, -1), "null 0.10 2.00 null 0.20 0.20");
    CHECK_STR(window_text(t, QY_WIN_LAG, 1, 2, -1), "null null 0.10 2.00 null 0.20");
    CHECK_STR(window_text(t, QY_WIN_LAG, 1, 1, 0), "null null 0.10 2.00 null 0.20");
    CHECK_STR(window_text(t, QY_WIN_LAG, 0, 2, 0), "null null null null 环县 宁县");
    CHECK_STR(window_text(t, QY_WIN_LAG, 2, 6, -1), "null null null null null null");
    CHECK_STR(window_text(t, QY_WIN_LAG, 2, 0, -1), "lag offset must be at least 1, not 0");
    qy_table_release(t);
}

static void pct_change_nulls_at_zero_or_null_previous(void)
{
    qy_table *t = funds();
    CHECK_STR(window_text(t, QY_WIN_PCT_CHANGE, 1, 0, -1), "null 19 null null 0 4");
    CHECK_STR(window_text(t, QY_WIN_PCT_CHANGE, 1, 0, 0), "null null null -0.9 null 4");
    CHECK_STR(window_text(t, QY_WIN_PCT_CHANGE, 2, 0, -1), "null -1 null -0.3333333333333333 1 null");
    CHECK_STR(window_text(t, QY_WIN_PCT_CHANGE, 3, 0, -1), "null 2 -1.6666666666666667 null null -1");
    qy_table_release(t);
}

static void empty_and_one_row_tables(void)
{
    qy_table *t = funds(), *empty, *one;
    CHECK_INT(qy_table_slice(t, 0, 0, &empty, NULL), QY_OK);
    CHECK_INT(qy_table_slice(t, 0, 1, &one, NULL), QY_OK);
    for (int kind = QY_WIN_SHARE; kind <= QY_WIN_PCT_CHANGE; kind++) {
        CHECK_STR(window_text(empty, (qy_window_kind)kind, 1, 1, -1), "");
        CHECK_STR(window_text(empty, (qy_window_kind)kind, 1, 1, 0), "");
    }
    CHECK_STR(window_text(one, QY_WIN_SHARE, 1, 0, 0), "1");
    CHECK_STR(window_text(one, QY_WIN_CUMSUM, 1, 0, 0), "0.10");
    CHECK_STR(window_text(one, QY_WIN_LAG, 1, 1, 0), "null");
    CHECK_STR(window_text(one, QY_WIN_PCT_CHANGE, 1, 0, -1), "null");
    qy_table_release(empty);
    qy_table_release(one);
    qy_table_release(t);
}

static void all_null_column(void)
{
    qy_table *t = new_table(3);
    add_column(t, "v", column_of(QY_DECIMAL, 4, 3, (const char *[]){NULL, NULL, NULL}));
    CHECK_STR(window_text(t, QY_WIN_SHARE, 0, 0, -1), "null null null");
    CHECK_STR(window_text(t, QY_WIN_CUMSUM, 0, 0, -1), "null null null");
    CHECK_STR(window_text(t, QY_WIN_LAG, 0, 1, -1), "null null null");
    CHECK_STR(window_text(t, QY_WIN_PCT_CHANGE, 0, 0, -1), "null null null");
    qy_table_release(t);
}

static void errors_name_the_column(void)
{
    qy_table *t = funds();
    CHECK_STR(window_text(t, QY_WIN_SHARE, 0, 0, -1), "cannot compute share of string column 'county'");
    CHECK_STR(window_text(t, QY_WIN_CUMSUM, 0, 0, -1), "cannot compute cumsum of string column 'county'");
    CHECK_STR(window_text(t, QY_WIN_PCT_CHANGE, 0, 0, -1),
              "cannot compute pct_change of string column 'county'");
    CHECK_STR(window_text(t, QY_WIN_CUMSUM, 7, 0, -1), "column 8 out of range");
    qy_table *other = new_table(2);
    qy_groups g;
    qy_column *c = NULL;
    qy_error err = {0};
    CHECK_INT(qy_groups_build(other, NULL, 0, &g, NULL), QY_OK);
    CHECK_INT(qy_window(t, QY_WIN_CUMSUM, 1, 0, &g, &c, &err), QY_EINVAL);
    CHECK_STR(err.msg, "groups of 2 rows for a table of 6");
    CHECK(c == NULL);
    qy_groups_free(&g);
    qy_table_release(other);
    qy_table_release(t);
}

static void allocation_failure_is_reported(void)
{
    qy_table *t = funds();
    qy_groups g;
    CHECK_INT(qy_groups_build(t, (int[]){0}, 1, &g, NULL), QY_OK);
    for (int kind = QY_WIN_SHARE; kind <= QY_WIN_PCT_CHANGE; kind++) {
        int failures = 0;
        for (long n = 0; n < 20; n++) {
            qy_column *c = NULL;
            qy_error err = {0};
            qy_alloc_fail_after(n);
            int rc = qy_window(t, (qy_window_kind)kind, 1, 1, &g, &c, &err);
            qy_alloc_fail_after(-1);
            if (rc == QY_OK) {
                CHECK_INT(c->length, 6);
                qy_column_release(c);
                break;
            }
            CHECK_INT(rc, QY_ENOMEM);
            CHECK(err.msg[0] != '\0');
            failures++;
        }
        CHECK(failures >= 2);
    }
    qy_groups_free(&g);
    qy_table_release(t);
}

int main(void)
{
    RUN(cumsum_is_exact_and_skips_nulls);
    RUN(cumsum_overflow_is_reported);
    RUN(share_sums_to_one_per_group);
    RUN(lag_looks_back_within_groups);
    RUN(pct_change_nulls_at_zero_or_null_previous);
    RUN(empty_and_one_row_tables);
    RUN(all_null_column);
    RUN(errors_name_the_column);
    RUN(allocation_failure_is_reported);
    return check_summary("test_window");
}
