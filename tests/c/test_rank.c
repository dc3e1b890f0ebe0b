/* test_rank.c — ranks: the three tie rules, descending, nulls, ranks within
 * groups, floats, edge cases, errors, allocation failure. */
#include <math.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "groupby.h"
#include "rank.h"

/* The ranks of c as "1 2 2 4", nulls as "-". */
static char *ranks_text(const qy_column *c)
{
    static char buf[512];
    int len = 0;
    buf[0] = '\0';
    for (int64_t i = 0; i < c->length; i++) {
        if (qy_column_is_null(c, i))
            len += snprintf(buf + len, sizeof buf - (size_t)len, "%s-", i ? " " : "");
        else
            len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%lld", i ? " " : "",
                            (long long)c->v.i64[i]);
    }
    return buf;
}

static char *rank_text(const qy_table *t, int column, bool descending, qy_ties ties,
                       const qy_groups *by)
{
    qy_column *r = NULL;
    qy_rank_spec spec = {{column, descending, NULL}, ties, by, NULL, 0};
    if (qy_rank(t, &spec, &r, NULL) != QY_OK) return "(failed)";
    char *text = ranks_text(r);
    CHECK_INT(r->type, QY_INT64);
    qy_column_release(r);
    return text;
}

static qy_table *one_column(qy_type type, int scale, int n, const char *const *texts)
{
    qy_table *t = new_table(n);
    add_column(t, "x", column_of(type, scale, n, texts));
    return t;
}

static void ties_min_dense_row(void)
{
    qy_table *t = one_column(QY_DECIMAL, 2, 4, (const char *[]){"10", "20", "20.00", "30"});
    CHECK_STR(rank_text(t, 0, false, QY_TIES_MIN, NULL), "1 2 2 4");
    CHECK_STR(rank_text(t, 0, false, QY_TIES_DENSE, NULL), "1 2 2 3");
    CHECK_STR(rank_text(t, 0, false, QY_TIES_ROW, NULL), "1 2 3 4");
    CHECK_STR(rank_text(t, 0, true, QY_TIES_MIN, NULL), "4 2 2 1");
    CHECK_STR(rank_text(t, 0, true, QY_TIES_DENSE, NULL), "3 2 2 1");
    CHECK_STR(rank_text(t, 0, true, QY_TIES_ROW, NULL), "4 2 3 1");
    qy_table_release(t);
}

static void rows_in_any_order(void)
{
    qy_table *t = one_column(QY_INT64, 0, 7, (const char *[]){"5", "3", "5", "9", "3", "5", "1"});
    CHECK_STR(rank_text(t, 0, false, QY_TIES_MIN, NULL), "4 2 4 7 2 4 1");
    CHECK_STR(rank_text(t, 0, false, QY_TIES_DENSE, NULL), "3 2 3 4 2 3 1");
    CHECK_STR(rank_text(t, 0, false, QY_TIES_ROW, NULL), "4 2 5 7 3 6 1");
    CHECK_STR(rank_text(t, 0, true, QY_TIES_ROW, NULL), "2 5 3 1 6 4 7");
    qy_table_release(t);
}

static void nulls_get_no_rank(void)
{
    qy_table *t = one_column(QY_STRING, 0, 6, (const char *[]){"环县", NULL, "宁县", "环县",
                             NULL, "西峰区"});
    CHECK_STR(rank_text(t, 0, false, QY_TIES_MIN, NULL), "2 - 1 2 - 4");
    CHECK_STR(rank_text(t, 0, true, QY_TIES_DENSE, NULL), "2 - 3 2 - 1");
    qy_table_release(t);
    qy_table *all_null = one_column(QY_INT64, 0, 2, (const char *[]){NULL, NULL});
    CHECK_STR(rank_text(all_null, 0, false, QY_TIES_ROW, NULL), "- -");
    qy_table_release(all_null);
}

static void floats_tie_as_they_sort(void)
{
    qy_table *t = one_column(QY_FLOAT64, 0, 5, (const char *[]){"0", "-0.0", "2.5", "0", "0"});
    t->cols[0]->v.f64[3] = NAN;
    t->cols[0]->v.f64[4] = NAN;
    CHECK_STR(rank_text(t, 0, false, QY_TIES_MIN, NULL), "1 1 3 4 4");
    CHECK_STR(rank_text(t, 0, true, QY_TIES_DENSE, NULL), "3 3 2 1 1");
    qy_table_release(t);
}

/* Monthly funds per county, as in data/funds.csv joined to its projects. */
static qy_table *county_funds(void)
{
    qy_table *t = new_table(9);
    add_column(t, "county", column_of(QY_STRING, 0, 9, (const char *[]){"环县", "宁县", "环县",
               "西峰区", "宁县", "环县", "西峰区", "环县", NULL}));
    add_column(t, "funds", column_of(QY_DECIMAL, 2, 9, (const char *[]){"2.48", "0.18", "5.10",
               "1.00", "0.18", "2.48", NULL, "0.30", "7.77"}));
    return t;
}

static void ranks_within_groups(void)
{
    qy_table *t = county_funds();
    qy_groups g;
    CHECK_INT(qy_groups_build(t, (int[]){0}, 1, &g, NULL), QY_OK);
    CHECK_STR(rank_text(t, 1, true, QY_TIES_MIN, &g), "2 1 1 1 1 2 - 4 1");
    CHECK_STR(rank_text(t, 1, true, QY_TIES_DENSE, &g), "2 1 1 1 1 2 - 3 1");
    CHECK_STR(rank_text(t, 1, true, QY_TIES_ROW, &g), "2 1 1 1 2 3 - 4 1");
    CHECK_STR(rank_text(t, 1, false, QY_TIES_MIN, &g), "2 1 4 1 1 2 - 1 1");
    qy_groups_free(&g);
    qy_table_release(t);
}

static void empty_and_one_row(void)
{
    qy_table *empty = one_column(QY_INT64, 0, 0, NULL);
    CHECK_STR(rank_text(empty, 0, false, QY_TIES_MIN, NULL), "");
    qy_groups g;
    CHECK_INT(qy_groups_build(empty, (int[]){0}, 1, &g, NULL), QY_OK);
    CHECK_STR(rank_text(empty, 0, true, QY_TIES_DENSE, &g), "");
    qy_groups_free(&g);
    qy_table_release(empty);
    qy_table *one = one_column(QY_DATE, 0, 1, (const char *[]){"2023-07-20"});
    CHECK_STR(rank_text(one, 0, true, QY_TIES_ROW, NULL), "1");
    qy_table_release(one);
}

static void errors(void)
{
    qy_table *t = county_funds();
    qy_error err = {0};
    qy_column *r = NULL;
    qy_rank_spec spec = {{2, false, NULL}, QY_TIES_MIN, NULL, NULL, 0};
    CHECK_INT(qy_rank(t, &spec, &r, &err), QY_ERANGE);
    CHECK_STR(err.msg, "column 3 out of range");
    qy_table *other = one_column(QY_INT64, 0, 2, (const char *[]){"1", "2"});
    qy_groups g;
    CHECK_INT(qy_groups_build(other, (int[]){0}, 1, &g, NULL), QY_OK);
    spec = (qy_rank_spec){{1, false, NULL}, QY_TIES_MIN, &g, NULL, 0};
    CHECK_INT(qy_rank(t, &spec, &r, &err), QY_EINVAL);
    CHECK_STR(err.msg, "the groups have 2 rows, the table 9");
    qy_groups_free(&g);
    qy_table_release(other);
    qy_table_release(t);
}

static void allocation_failure_is_reported(void)
{
    qy_table *t = county_funds();
    qy_groups g;
    CHECK_INT(qy_groups_build(t, (int[]){0}, 1, &g, NULL), QY_OK);
    qy_rank_spec spec = {{1, true, NULL}, QY_TIES_MIN, &g, NULL, 0};
    int failures = 0;
    for (long n = 0; n < 60; n++) {
        qy_column *r = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_rank(t, &spec, &r, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_STR(ranks_text(r), "2 1 1 1 1 2 - 4 1");
            qy_column_release(r);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        CHECK(err.msg[0] != '\0');
        failures++;
    }
    CHECK(failures > 3);
    qy_groups_free(&g);
    qy_table_release(t);
}

int main(void)
{
    RUN(ties_min_dense_row);
    RUN(rows_in_any_order);
    RUN(nulls_get_no_rank);
    RUN(floats_tie_as_they_sort);
    RUN(ranks_within_groups);
    RUN(empty_and_one_row);
    RUN(errors);
    RUN(allocation_failure_is_reported);
    return check_summary("test_rank");
}
