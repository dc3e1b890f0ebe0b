/* test_join.c — hash joins: inner, left and anti with duplicates on both
 * sides, null keys, strings of different dicts, decimals of different
 * scales, several keys, name clashes, empty sides, type errors, allocation
 * failure. */
#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "join.h"

/* The table as "name,name|value,value|..." with null for a null row. */
static const char *table_text(const qy_table *t)
{
    static char buf[2048];
    size_t n = 0;
    for (int j = 0; j < t->ncols; j++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", j ? "," : "", t->names[j]);
    for (int64_t i = 0; i < t->nrows; i++) {
        n += (size_t)snprintf(buf + n, sizeof buf - n, "|");
        for (int j = 0; j < t->ncols; j++) {
            char cell[64];
            const char *text;
            size_t len = qy_column_format(t->cols[j], i, cell, sizeof cell, &text);
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%.*s", j ? "," : "",
                                  text ? (int)len : 4, text ? text : "null");
        }
    }
    return buf;
}

/* Projects by county: duplicates, a null, a county b lacks. */
static qy_table *projects(void)
{
    qy_table *t = new_table(6);
    add_column(t, "county", column_of(QY_STRING, 0, 6,
               (const char *[]){"环县", "宁县", "环县", NULL, "西峰区", "宁县"}));
    add_column(t, "amount", column_of(QY_DECIMAL, 2, 6,
               (const char *[]){"1.50", "2.00", "0.25", "9.99", "3.00", "0.75"}));
    return t;
}

/* Plans by county in another dict and order: 环县 twice, a null. */
static qy_table *plans(void)
{
    qy_table *t = new_table(5);
    add_column(t, "name", column_of(QY_STRING, 0, 5,
               (const char *[]){"合水县", "宁县", "环县", NULL, "环县"}));
    add_column(t, "amount", column_of(QY_INT64, 0, 5,
               (const char *[]){"10", "20", "30", "40", "50"}));
    return t;
}

static const char *join_text(const qy_table *a, const qy_table *b, int ak, int bk,
                             qy_join_how how)
{
    static qy_error err;
    qy_table *out = NULL;
    if (qy_table_join(a, b, &ak, &bk, 1, how, &out, &err) != QY_OK) return err.msg;
    const char *text = table_text(out);
    qy_table_release(out);
    return text;
}

static void inner_keeps_a_order_then_b_order(void)
{
    qy_table *a = projects(), *b = plans();
    CHECK_STR(join_text(a, b, 0, 0, QY_JOIN_INNER),
              "county,amount,amount_2|环县,1.50,30|环县,1.50,50|宁县,2.00,20"
              "|环县,0.25,30|环县,0.25,50|宁县,0.75,20");
    qy_table_release(a);
    qy_table_release(b);
}

static void left_keeps_unmatched_and_null_keys(void)
{
    qy_table *a = projects(), *b = plans();
    CHECK_STR(join_text(a, b, 0, 0, QY_JOIN_LEFT),
              "county,amount,amount_2|环县,1.50,30|环县,1.50,50|宁县,2.00,20"
              "|环县,0.25,30|环县,0.25,50|null,9.99,null|西峰区,3.00,null|宁县,0.75,20");
    qy_table_release(a);
    qy_table_release(b);
}

static void anti_keeps_rows_without_match(void)
{
    qy_table *a = projects(), *b = plans();
    CHECK_STR(join_text(a, b, 0, 0, QY_JOIN_ANTI), "county,amount|null,9.99|西峰区,3.00");
    /* The other way round: 合水县 and b's null. */
    CHECK_STR(join_text(b, a, 0, 0, QY_JOIN_ANTI), "name,amount|合水县,10|null,40");
    qy_table_release(a);
    qy_table_release(b);
}

/* A left join on unique keys keeps a's rows as they were: a's columns are
 * shared, not copied. */
static void lookup_join_shares_a_columns(void)
{
    qy_table *a = projects(), *b = plans(), *out;
    qy_table *unique = NULL;
    CHECK_INT(qy_table_slice(b, 0, 3, &unique, NULL), QY_OK);
    CHECK_INT(qy_table_join(a, unique, (int[]){0}, (int[]){0}, 1, QY_JOIN_LEFT, &out, NULL), QY_OK);
    CHECK(out->cols[0] == a->cols[0] && out->cols[1] == a->cols[1]);
    CHECK_STR(table_text(out), "county,amount,amount_2|环县,1.50,30|宁县,2.00,20|环县,0.25,30"
              "|null,9.99,null|西峰区,3.00,null|宁县,0.75,20");
    qy_table_release(out);
    qy_table_release(unique);
    qy_table_release(a);
    qy_table_release(b);
}

static void same_dict_on_both_sides(void)
{
    qy_table *a = projects(), *out;
    CHECK_INT(qy_table_join(a, a, (int[]){0}, (int[]){0}, 1, QY_JOIN_INNER, &out, NULL), QY_OK);
    CHECK_STR(table_text(out), "county,amount,amount_2|环县,1.50,1.50|环县,1.50,0.25"
              "|宁县,2.00,2.00|宁县,2.00,0.75|环县,0.25,1.50|环县,0.25,0.25"
              "|西峰区,3.00,3.00|宁县,0.75,2.00|宁县,0.75,0.75");
    qy_table_release(out);
    qy_table_release(a);
}

static void decimals_match_by_value_across_scales(void)
{
    qy_table *a = new_table(4), *b = new_table(4);
    add_column(a, "x", column_of(QY_DECIMAL, 2, 4, (const char *[]){"1.50", "2.00", "0.01", NULL}));
    add_column(b, "y", column_of(QY_DECIMAL, 6, 4,
               (const char *[]){"1.5", "0.010001", "2", "-9223372036854.775807"}));
    add_column(b, "tag", column_of(QY_STRING, 0, 4, (const char *[]){"a", "b", "c", "d"}));
    CHECK_STR(join_text(a, b, 0, 0, QY_JOIN_LEFT), "x,tag|1.50,a|2.00,c|0.01,null|null,null");
    CHECK_STR(join_text(b, a, 0, 0, QY_JOIN_INNER), "y,tag|1.500000,a|2.000000,c");
    qy_table_release(a);
    qy_table_release(b);
    /* An int64 of a big value raised to scale 6 would overflow: no match, no wrap. */
    a = new_table(1);
    b = new_table(1);
    add_column(a, "k", column_of(QY_DECIMAL, 0, 1, (const char *[]){"9223372036854775"}));
    add_column(b, "k", column_of(QY_DECIMAL, 6, 1, (const char *[]){"-3.6"}));
    CHECK_STR(join_text(a, b, 0, 0, QY_JOIN_ANTI), "k|9223372036854775");
    qy_table_release(a);
    qy_table_release(b);
}

static void floats_dates_and_bools(void)
{
    qy_table *a = new_table(3), *b = new_table(3);
    add_column(a, "f", column_of(QY_FLOAT64, 0, 3, (const char *[]){"-0.0", "0.5", "1"}));
    add_column(a, "d", column_of(QY_DATE, 0, 3, (const char *[]){"2023-06-30", "2023-01-01", NULL}));
    add_column(a, "b", column_of(QY_BOOL, 0, 3, (const char *[]){"true", "false", "true"}));
    add_column(b, "f", column_of(QY_FLOAT64, 0, 3, (const char *[]){"0", "1", "0.25"}));
    add_column(b, "d", column_of(QY_DATE, 0, 3, (const char *[]){NULL, "2023-06-30", "2023-01-01"}));
    add_column(b, "b", column_of(QY_BOOL, 0, 3, (const char *[]){"false", "false", "true"}));
    CHECK_STR(join_text(a, b, 0, 0, QY_JOIN_INNER), "f,d,b,d_2,b_2|-0,2023-06-30,true,null,false"
              "|1,null,true,2023-06-30,false");
    CHECK_STR(join_text(a, b, 1, 1, QY_JOIN_INNER), "f,d,b,f_2,b_2|-0,2023-06-30,true,1,false"
              "|0.5,2023-01-01,false,0.25,true");
    CHECK_STR(join_text(a, b, 2, 2, QY_JOIN_ANTI), "f,d,b");
    qy_table_release(a);
    qy_table_release(b);
}

static void two_keys(void)
{
    qy_table *a = new_table(5), *b = new_table(4);
    add_column(a, "county", column_of(QY_STRING, 0, 5,
               (const char *[]){"环县", "环县", "宁县", "宁县", "环县"}));
    add_column(a, "year", column_of(QY_INT64, 0, 5,
               (const char *[]){"2022", "2023", "2023", NULL, "2023"}));
    add_column(b, "year", column_of(QY_INT64, 0, 4, (const char *[]){"2023", "2022", "2023", "2023"}));
    add_column(b, "county", column_of(QY_STRING, 0, 4,
               (const char *[]){"环县", "环县", "宁县", "西峰区"}));
    add_column(b, "target", column_of(QY_DECIMAL, 2, 4,
               (const char *[]){"62.87", "62.70", "23.67", "75.14"}));
    qy_table *out;
    qy_error err = {0};
    CHECK_INT(qy_table_join(a, b, (int[]){0, 1}, (int[]){1, 0}, 2, QY_JOIN_LEFT, &out, &err), QY_OK);
    CHECK_STR(table_text(out), "county,year,target|环县,2022,62.70|环县,2023,62.87"
              "|宁县,2023,23.67|宁县,null,null|环县,2023,62.87");
    qy_table_release(out);
    qy_table_release(a);
    qy_table_release(b);
}

/* Several keys, packed or hashed: checked against a pairwise count. */
static void many_keys_agree_with_nested_loops(void)
{
    enum { NA = 3000, NB = 2000 };
    qy_table *a = new_table(NA), *b = new_table(NB);
    qy_column *a1, *a2, *b1, *b2;
    qy_column_new(QY_INT64, 0, NULL, NA, &a1, NULL);
    qy_column_new(QY_INT64, 0, NULL, NA, &a2, NULL);
    qy_column_new(QY_INT64, 0, NULL, NB, &b1, NULL);
    qy_column_new(QY_INT64, 0, NULL, NB, &b2, NULL);
    for (int i = 0; i < NA; i++) {
        a1->v.i64[i] = (i * 7919) % 61;
        a2->v.i64[i] = (i * 104729) % 53;
    }
    for (int i = 0; i < NB; i++) {
        b1->v.i64[i] = (i * 31) % 67;
        b2->v.i64[i] = (i * 17) % 59;
    }
    add_column(a, "p", a1);
    add_column(a, "q", a2);
    add_column(b, "p", b1);
    add_column(b, "q", b2);
    int64_t expected = 0;
    for (int i = 0; i < NA; i++)
        for (int j = 0; j < NB; j++)
            expected += a1->v.i64[i] == b1->v.i64[j] && a2->v.i64[i] == b2->v.i64[j];
    int64_t unmatched = 0;
    for (int i = 0; i < NA; i++) {
        int found = 0;
        for (int j = 0; j < NB && !found; j++)
            found = a1->v.i64[i] == b1->v.i64[j] && a2->v.i64[i] == b2->v.i64[j];
        unmatched += !found;
    }
    qy_table *inner, *anti;
    CHECK_INT(qy_table_join(a, b, (int[]){0, 1}, (int[]){0, 1}, 2, QY_JOIN_INNER, &inner, NULL), QY_OK);
    CHECK_INT(qy_table_join(a, b, (int[]){0, 1}, (int[]){0, 1}, 2, QY_JOIN_ANTI, &anti, NULL), QY_OK);
    CHECK(expected > 0 && unmatched > 0);
    CHECK_INT(inner->nrows, expected);
    CHECK_INT(anti->nrows, unmatched);
    qy_table_release(inner);
    qy_table_release(anti);
    /* A float key among them: hashed, the keys compared on each hit. */
    qy_column *af, *bf;
    qy_column_new(QY_FLOAT64, 0, NULL, NA, &af, NULL);
    qy_column_new(QY_FLOAT64, 0, NULL, NB, &bf, NULL);
    for (int i = 0; i < NA; i++) af->v.f64[i] = (double)a1->v.i64[i] / 4;
    for (int i = 0; i < NB; i++) bf->v.f64[i] = (double)b1->v.i64[i] / 4;
    add_column(a, "f", af);
    add_column(b, "f", bf);
    CHECK_INT(qy_table_join(a, b, (int[]){2, 1}, (int[]){2, 1}, 2, QY_JOIN_INNER, &inner, NULL), QY_OK);
    CHECK_INT(qy_table_join(a, b, (int[]){2, 1}, (int[]){2, 1}, 2, QY_JOIN_ANTI, &anti, NULL), QY_OK);
    CHECK_INT(inner->nrows, expected);
    CHECK_INT(anti->nrows, unmatched);
    qy_table_release(inner);
    qy_table_release(anti);
    qy_table_release(a);
    qy_table_release(b);
}

static void name_clashes_count_up(void)
{
    qy_table *a = new_table(1), *b = new_table(1);
    add_column(a, "k", column_of(QY_INT64, 0, 1, (const char *[]){"1"}));
    add_column(a, "v", column_of(QY_INT64, 0, 1, (const char *[]){"2"}));
    add_column(a, "v_2", column_of(QY_INT64, 0, 1, (const char *[]){"3"}));
    add_column(b, "v", column_of(QY_INT64, 0, 1, (const char *[]){"4"}));
    add_column(b, "k", column_of(QY_INT64, 0, 1, (const char *[]){"1"}));
    add_column(b, "v_2", column_of(QY_INT64, 0, 1, (const char *[]){"5"}));
    CHECK_STR(join_text(a, b, 0, 1, QY_JOIN_INNER), "k,v,v_2,v_3,v_2_2|1,2,3,4,5");
    qy_table_release(a);
    qy_table_release(b);
}

static void empty_sides(void)
{
    qy_table *a = projects(), *b = plans(), *none_a, *none_b;
    CHECK_INT(qy_table_slice(a, 0, 0, &none_a, NULL), QY_OK);
    CHECK_INT(qy_table_slice(b, 0, 0, &none_b, NULL), QY_OK);
    CHECK_STR(join_text(a, none_b, 0, 0, QY_JOIN_INNER), "county,amount,amount_2");
    CHECK_STR(join_text(none_a, b, 0, 0, QY_JOIN_LEFT), "county,amount,amount_2");
    CHECK_STR(join_text(a, none_b, 0, 0, QY_JOIN_LEFT),
              "county,amount,amount_2|环县,1.50,null|宁县,2.00,null|环县,0.25,null"
              "|null,9.99,null|西峰区,3.00,null|宁县,0.75,null");
    CHECK_STR(join_text(a, none_b, 0, 0, QY_JOIN_ANTI),
              "county,amount|环县,1.50|宁县,2.00|环县,0.25|null,9.99|西峰区,3.00|宁县,0.75");
    CHECK_STR(join_text(none_a, none_b, 0, 0, QY_JOIN_ANTI), "county,amount");
    qy_table_release(none_a);
    qy_table_release(none_b);
    qy_table_release(a);
    qy_table_release(b);
}

static void all_null_keys_never_match(void)
{
    qy_table *a = new_table(2), *b = new_table(2);
    add_column(a, "k", column_of(QY_STRING, 0, 2, (const char *[]){NULL, NULL}));
    add_column(b, "k", column_of(QY_STRING, 0, 2, (const char *[]){NULL, NULL}));
    add_column(b, "v", column_of(QY_INT64, 0, 2, (const char *[]){"1", "2"}));
    CHECK_STR(join_text(a, b, 0, 0, QY_JOIN_INNER), "k,v");
    CHECK_STR(join_text(a, b, 0, 0, QY_JOIN_LEFT), "k,v|null,null|null,null");
    CHECK_STR(join_text(a, b, 0, 0, QY_JOIN_ANTI), "k|null|null");
    qy_table_release(a);
    qy_table_release(b);
}

static void type_and_range_errors(void)
{
    qy_table *a = projects(), *b = plans(), *out = NULL;
    qy_error err = {0};
    CHECK_INT(qy_table_join(a, b, (int[]){0}, (int[]){1}, 1, QY_JOIN_INNER, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot join county (string) with amount (int64)");
    CHECK_INT(qy_table_join(a, b, (int[]){1}, (int[]){1}, 1, QY_JOIN_INNER, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot join amount (decimal(2)) with amount (int64)");
    CHECK_INT(qy_table_join(a, b, (int[]){0}, (int[]){2}, 1, QY_JOIN_INNER, &out, &err), QY_ERANGE);
    CHECK_STR(err.msg, "key column 1 out of range");
    CHECK_INT(qy_table_join(a, b, NULL, NULL, 0, QY_JOIN_INNER, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "no key columns to join on");
    CHECK(out == NULL);
    qy_table_release(a);
    qy_table_release(b);
}

static void allocation_failure_is_reported(void)
{
    qy_table *a = projects(), *b = plans();
    int failures = 0;
    for (long n = 0; n < 60; n++) {
        qy_table *out = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_table_join(a, b, (int[]){0}, (int[]){0}, 1, QY_JOIN_LEFT, &out, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_INT(out->nrows, 8);
            qy_table_release(out);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        CHECK(err.msg[0] != '\0');
        failures++;
    }
    CHECK(failures > 8);
    qy_table_release(a);
    qy_table_release(b);
}

int main(void)
{
    RUN(inner_keeps_a_order_then_b_order);
    RUN(left_keeps_unmatched_and_null_keys);
    RUN(anti_keeps_rows_without_match);
    RUN(lookup_join_shares_a_columns);
    RUN(same_dict_on_both_sides);
    RUN(decimals_match_by_value_across_scales);
    RUN(floats_dates_and_bools);
    RUN(two_keys);
    RUN(many_keys_agree_with_nested_loops);
    RUN(name_clashes_count_up);
    RUN(empty_sides);
    RUN(all_null_keys_never_match);
    RUN(type_and_range_errors);
    RUN(allocation_failure_is_reported);
    return check_summary("test_join");
}
