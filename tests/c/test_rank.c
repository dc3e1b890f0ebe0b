/* test_rank.c — ranks: the three tie rules, descending, nulls, ranks within
 * groups, floats, edge cases, errors, allocation failure. */
#include <math.h>

#include "alloc.h"
#include "check.h"
#include "collate.h"
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

/* The marked ranks of spec as "1* 3 -" (the mark "*" as given). */
static char *marked_text(const qy_table *t, qy_rank_spec spec)
{
    static char buf[512];
    qy_column *r = NULL;
    spec.tie_mark = "（并列）";
    spec.tie_mark_len = strlen(spec.tie_mark);
    if (qy_rank(t, &spec, &r, NULL) != QY_OK) return "(failed)";
    CHECK_INT(r->type, QY_STRING);
    int len = 0;
    buf[0] = '\0';
    for (int64_t i = 0; i < r->length; i++) {
        const char *s = qy_column_is_null(r, i) ? "-" : qy_dict_get(r->dict, r->v.code[i], NULL);
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%s", i ? " " : "", s);
    }
    qy_column_release(r);
    return buf;
}

static void shared_ranks_are_marked(void)
{
    qy_table *t = new_table(7);
    add_column(t, "g", column_of(QY_STRING, 0, 7,
               (const char *[]){"a", "a", "a", "b", "b", "b", "b"}));
    add_column(t, "f", column_of(QY_INT64, 0, 7,
               (const char *[]){"5", "3", "5", "1", "3", NULL, "2"}));
    qy_rank_spec spec = {{1, true, NULL}, QY_TIES_MIN, NULL, NULL, 0};
    CHECK_STR(marked_text(t, spec), "1（并列） 3（并列） 1（并列） 6 3（并列） - 5");
    spec.ties = QY_TIES_DENSE;
    CHECK_STR(marked_text(t, spec), "1（并列） 2（并列） 1（并列） 4 2（并列） - 3");
    spec.ties = QY_TIES_ROW;   /* no rank is shared */
    CHECK_STR(marked_text(t, spec), "1 3 2 6 4 - 5");
    /* within groups: the two 3s are in different groups */
    qy_groups g;
    CHECK_INT(qy_groups_build(t, (int[]){0}, 1, &g, NULL), QY_OK);
    spec = (qy_rank_spec){{1, true, NULL}, QY_TIES_MIN, &g, NULL, 0};
    CHECK_STR(marked_text(t, spec), "1（并列） 3 1（并列） 3 1 - 2");
    qy_groups_free(&g);
    qy_table_release(t);
    qy_table *empty = one_column(QY_INT64, 0, 0, NULL);
    CHECK_STR(marked_text(empty, (qy_rank_spec){{0, false, NULL}, QY_TIES_MIN, NULL, NULL, 0}), "");
    qy_table_release(empty);
    qy_table *nulls = one_column(QY_INT64, 0, 2, (const char *[]){NULL, NULL});
    CHECK_STR(marked_text(nulls, (qy_rank_spec){{0, false, NULL}, QY_TIES_MIN, NULL, NULL, 0}),
              "- -");
    qy_table_release(nulls);
}

static void ranks_in_pinyin(void)
{
    qy_table *t = one_column(QY_STRING, 0, 5,
                             (const char *[]){"正宁县", "合水县", NULL, "镇原县", "合水县"});
    uint32_t *pinyin = NULL;
    CHECK_INT(qy_collate_ranks(t->cols[0]->dict, QY_COLLATE_PINYIN, &pinyin, NULL), QY_OK);
    qy_rank_spec spec = {{0, false, pinyin}, QY_TIES_MIN, NULL, NULL, 0};
    CHECK_STR(marked_text(t, spec), "4 1（并列） - 3 1（并列）");
    qy_column *r = NULL;
    CHECK_INT(qy_rank(t, &spec, &r, NULL), QY_OK);
    CHECK_STR(ranks_text(r), "4 1 - 3 1");
    qy_column_release(r);
    qy_table *numbers = one_column(QY_INT64, 0, 1, (const char *[]){"1"});
    qy_error err = {0};
    CHECK_INT(qy_rank(numbers, &spec, &r, &err), QY_ETYPE);
    CHECK_STR(err.msg, "column 1 is not text: it takes no rank");
    qy_table_release(numbers);
    qy_free(pinyin);
    qy_table_release(t);
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

/* Fails each allocation of a rank by spec in turn: every failure is
 * QY_ENOMEM with a message, until the rank succeeds; returns the failures. */
static int failures_of(const qy_table *t, const qy_rank_spec *spec, qy_type result)
{
    int failures = 0;
    for (long n = 0; n < 80; n++) {
        qy_column *r = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_rank(t, spec, &r, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_INT(r->type, result);
            if (result == QY_INT64) CHECK_STR(ranks_text(r), "2 1 1 1 1 2 - 4 1");
            qy_column_release(r);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        CHECK(err.msg[0] != '\0');
        failures++;
    }
    return failures;
}

static void allocation_failure_is_reported(void)
{
    qy_table *t = county_funds();
    qy_groups g;
    CHECK_INT(qy_groups_build(t, (int[]){0}, 1, &g, NULL), QY_OK);
    qy_rank_spec plain = {{1, true, NULL}, QY_TIES_MIN, &g, NULL, 0};
    qy_rank_spec marked = {{1, true, NULL}, QY_TIES_MIN, &g, "=", 1};
    CHECK(failures_of(t, &plain, QY_INT64) > 3);
    CHECK(failures_of(t, &marked, QY_STRING) > failures_of(t, &plain, QY_INT64));
    qy_groups_free(&g);
    qy_table_release(t);
}

int main(void)
{
    RUN(ties_min_dense_row);
    RUN(rows_in_any_order);
    RUN(nulls_get_no_rank);
    RUN(shared_ranks_are_marked);
    RUN(ranks_in_pinyin);
    RUN(floats_tie_as_they_sort);
    RUN(ranks_within_groups);
    RUN(empty_and_one_row);
    RUN(errors);
    RUN(allocation_failure_is_reported);
    return check_summary("test_rank");
}
