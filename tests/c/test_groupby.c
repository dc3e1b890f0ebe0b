/* test_groupby.c — group numbering: first appearance, nulls, several keys,
 * integer ranges, big key spaces, no keys, refining by a column, allocation
 * failure. */
#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "groupby.h"

static qy_table *ledger(void)
{
    qy_table *t = new_table(7);
    add_column(t, "county", column_of(QY_STRING, 0, 7,
               (const char *[]){"环县", "宁县", "环县", NULL, "宁县", NULL, "环县"}));
    add_column(t, "year", column_of(QY_INT64, 0, 7,
               (const char *[]){"2023", "2023", "2022", "2023", "2023", "2023", "2023"}));
    add_column(t, "amount", column_of(QY_DECIMAL, 2, 7,
               (const char *[]){"1.50", "2.00", "1.5", NULL, "0.5", "1.50", "2"}));
    add_column(t, "x", column_of(QY_FLOAT64, 0, 7,
               (const char *[]){"0.0", "-0.0", "1e0", "1", NULL, "2.5", "0"}));
    return t;
}

static char *groups_text(const qy_groups *g)
{
    static char buf[256];
    int n = 0;
    for (int64_t i = 0; i < g->nrows; i++)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "%s%d", i ? " " : "", g->group[i]);
    return buf;
}

static void one_string_key_in_first_appearance_order(void)
{
    qy_table *t = ledger();
    qy_groups g;
    CHECK_INT(qy_groups_build(t, (int[]){0}, 1, &g, NULL), QY_OK);
    CHECK_INT(g.ngroups, 3);
    CHECK_STR(groups_text(&g), "0 1 0 2 1 2 0");
    CHECK_INT(g.first_row[2], 3);
    qy_table *keys;
    CHECK_INT(qy_groups_keys(t, (int[]){0}, 1, &g, &keys, NULL), QY_OK);
    CHECK_INT(keys->nrows, 3);
    CHECK_STR(keys->names[0], "county");
    CHECK_STR(qy_dict_get(keys->cols[0]->dict, keys->cols[0]->v.code[1], NULL), "宁县");
    CHECK(qy_column_is_null(keys->cols[0], 2));
    qy_table_release(keys);
    qy_groups_free(&g);
    qy_table_release(t);
}

static void numbers_group_by_value(void)
{
    qy_table *t = ledger();
    qy_groups g;
    CHECK_INT(qy_groups_build(t, (int[]){2}, 1, &g, NULL), QY_OK);   /* decimals */
    CHECK_STR(groups_text(&g), "0 1 0 2 3 0 1");
    qy_groups_free(&g);
    CHECK_INT(qy_groups_build(t, (int[]){3}, 1, &g, NULL), QY_OK);   /* floats: -0 is 0 */
    CHECK_STR(groups_text(&g), "0 0 1 1 2 3 0");
    qy_groups_free(&g);
    qy_table_release(t);
}

/* Integers of a small range are numbered by offset, of a wide one through
 * the map: both give the same groups, nulls included. */
static void narrow_and_wide_integer_ranges(void)
{
    qy_table *t = new_table(6);
    add_column(t, "narrow", column_of(QY_INT64, 0, 6,
               (const char *[]){"-3", "7", NULL, "-3", "2", NULL}));
    add_column(t, "wide", column_of(QY_INT64, 0, 6,
               (const char *[]){"-9223372036854775808", "9223372036854775807", NULL,
                                "-9223372036854775808", "0", NULL}));
    add_column(t, "day", column_of(QY_DATE, 0, 6,
               (const char *[]){"2023-07-20", "1900-01-01", NULL, "2023-07-20", "2100-12-31",
                                NULL}));
    for (int k = 0; k < 3; k++) {
        qy_groups g;
        CHECK_INT(qy_groups_build(t, &k, 1, &g, NULL), QY_OK);
        CHECK_STR(groups_text(&g), "0 1 2 0 3 2");
        qy_groups_free(&g);
    }
    qy_table_release(t);
}

static void several_keys(void)
{
    qy_table *t = ledger();
    qy_groups g;
    CHECK_INT(qy_groups_build(t, (int[]){0, 1}, 2, &g, NULL), QY_OK);
    CHECK_STR(groups_text(&g), "0 1 2 3 1 3 0");
    CHECK_INT(g.ngroups, 4);
    qy_groups_free(&g);
    CHECK_INT(qy_groups_build(t, (int[]){1, 0, 2}, 3, &g, NULL), QY_OK);
    CHECK_STR(groups_text(&g), "0 1 2 3 4 5 6");
    qy_groups_free(&g);
    qy_table_release(t);
}

static void no_keys_and_empty_tables(void)
{
    qy_table *t = ledger();
    qy_groups g;
    CHECK_INT(qy_groups_build(t, NULL, 0, &g, NULL), QY_OK);
    CHECK_INT(g.ngroups, 1);
    CHECK_STR(groups_text(&g), "0 0 0 0 0 0 0");
    qy_groups_free(&g);
    qy_table *empty = new_table(0);
    add_column(empty, "k", column_of(QY_STRING, 0, 0, NULL));
    CHECK_INT(qy_groups_build(empty, (int[]){0}, 1, &g, NULL), QY_OK);
    CHECK_INT(g.ngroups, 0);
    qy_groups_free(&g);
    CHECK_INT(qy_groups_build(empty, NULL, 0, &g, NULL), QY_OK);
    CHECK_INT(g.ngroups, 0);
    qy_groups_free(&g);
    qy_error err = {0};
    CHECK_INT(qy_groups_build(t, (int[]){9}, 1, &g, &err), QY_ERANGE);
    CHECK_STR(err.msg, "key column 10 out of range");
    qy_table_release(empty);
    qy_table_release(t);
}

/* Many distinct values in several keys: the combined id space is too big
 * for arithmetic and goes through the hash map; groups must still agree
 * with a pairwise check. */
static void big_key_spaces(void)
{
    enum { N = 50000 };
    qy_table *t = new_table(N);
    qy_column *a, *b;
    qy_column_new(QY_INT64, 0, NULL, N, &a, NULL);
    qy_column_new(QY_INT64, 0, NULL, N, &b, NULL);
    for (int i = 0; i < N; i++) {
        a->v.i64[i] = ((int64_t)i * 7919) % 20011;
        b->v.i64[i] = ((int64_t)i * 104729) % 30011;
    }
    add_column(t, "a", a);
    add_column(t, "b", b);
    qy_groups g;
    CHECK_INT(qy_groups_build(t, (int[]){0, 1}, 2, &g, NULL), QY_OK);
    int ok = 1;
    for (int i = 1; i < N && ok; i += 97)
        for (int j = 0; j < i && ok; j += 89)
            ok = (g.group[i] == g.group[j]) == (a->v.i64[i] == a->v.i64[j] && b->v.i64[i] == b->v.i64[j]);
    CHECK(ok);
    for (int64_t k = 1; k < g.ngroups && ok; k++) ok = g.first_row[k] > g.first_row[k - 1];
    CHECK(ok);
    qy_groups_free(&g);
    qy_table_release(t);
}

static void refining_splits_groups_by_a_column(void)
{
    qy_table *t = ledger();
    qy_groups g, pairs;
    CHECK_INT(qy_groups_build(t, (int[]){0}, 1, &g, NULL), QY_OK);   /* 0 1 0 2 1 2 0 */
    CHECK_INT(qy_groups_refine(&g, t->cols[2], &pairs, NULL), QY_OK);
    CHECK_STR(groups_text(&pairs), "0 1 0 2 3 4 5");
    CHECK_INT(pairs.ngroups, 6);
    CHECK_INT(pairs.first_row[5], 6);
    qy_groups_free(&pairs);
    qy_error err = {0};
    qy_column *short_column = column_of(QY_INT64, 0, 2, (const char *[]){"1", "2"});
    CHECK_INT(qy_groups_refine(&g, short_column, &pairs, &err), QY_EINVAL);
    CHECK_STR(err.msg, "the column has 2 rows, the groups 7");
    qy_column_release(short_column);
    qy_groups_free(&g);
    qy_table_release(t);
}

static void allocation_failure_is_reported(void)
{
    qy_table *t = ledger();
    int failures = 0;
    for (long n = 0; n < 40; n++) {
        qy_groups g;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_groups_build(t, (int[]){1, 3}, 2, &g, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_STR(groups_text(&g), "0 0 1 2 3 4 0");
            qy_groups_free(&g);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        CHECK_STR(err.msg, "not enough memory to group 7 rows");
        failures++;
    }
    CHECK(failures > 3);
    qy_table_release(t);
}

int main(void)
{
    RUN(one_string_key_in_first_appearance_order);
    RUN(numbers_group_by_value);
    RUN(narrow_and_wide_integer_ranges);
    RUN(several_keys);
    RUN(no_keys_and_empty_tables);
    RUN(big_key_spaces);
    RUN(refining_splits_groups_by_a_column);
    RUN(allocation_failure_is_reported);
    return check_summary("test_groupby");
}
