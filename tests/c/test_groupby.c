/* test_groupby.c — group numbering: first appearance, nulls, several keys,
 * integer ranges, big key spaces, no keys, refining by a column, the one-pass
 * path of small ids against a reference on every key combination,
 * allocation failure. */
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

/* ---- the one-pass path of small ids against a reference ------------------ */

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* n rows of keys of every kind, a null in about one row of seven: CJK
 * strings, bools, dates and int64 of small ranges (numbered directly), then
 * wide decimals and floats (numbered through the map). */
static qy_table *mixed_keys(int n)
{
    static const char *const words[] = {"环县", "宁县", "西峰区", "合水县", "正宁县"};
    static const int64_t wide[] = {INT64_MIN, -1, 0, 7, INT64_MAX};
    static const double floats[] = {0.0, -0.0, 1.5, -2.25};
    qy_table *t = new_table(n);
    qy_column *c[6];
    qy_dict *dict = qy_dict_new();
    qy_column_new(QY_STRING, 0, dict, n, &c[0], NULL);
    qy_dict_release(dict);
    qy_column_new(QY_BOOL, 0, NULL, n, &c[1], NULL);
    qy_column_new(QY_DATE, 0, NULL, n, &c[2], NULL);
    qy_column_new(QY_INT64, 0, NULL, n, &c[3], NULL);
    qy_column_new(QY_DECIMAL, 2, NULL, n, &c[4], NULL);
    qy_column_new(QY_FLOAT64, 0, NULL, n, &c[5], NULL);
    uint32_t state = 42;
    for (int i = 0; i < n; i++) {
        const char *w = words[next_random(&state) % 5];
        qy_dict_intern(c[0]->dict, w, strlen(w), &c[0]->v.code[i]);
        c[1]->v.b[i] = next_random(&state) % 2;
        c[2]->v.date[i] = 19000 + (int32_t)(next_random(&state) % 40);
        c[3]->v.i64[i] = -5 + (int64_t)(next_random(&state) % 9);
        c[4]->v.i64[i] = wide[next_random(&state) % 5];
        c[5]->v.f64[i] = floats[next_random(&state) % 4];
        for (int k = 0; k < 6; k++)
            if (next_random(&state) % 7 == 0) qy_column_set_null(c[k], i, NULL);
    }
    static const char *const names[] = {"county", "digital", "day", "small", "wide", "x"};
    for (int k = 0; k < 6; k++) add_column(t, names[k], c[k]);
    return t;
}

static bool same_key(const qy_column *c, int64_t i, int64_t j)
{
    if (qy_column_is_null(c, i) || qy_column_is_null(c, j))
        return qy_column_is_null(c, i) && qy_column_is_null(c, j);
    switch (c->type) {
    case QY_STRING: return c->v.code[i] == c->v.code[j];
    case QY_BOOL: return c->v.b[i] == c->v.b[j];
    case QY_DATE: return c->v.date[i] == c->v.date[j];
    case QY_FLOAT64: return c->v.f64[i] == c->v.f64[j];
    default: return c->v.i64[i] == c->v.i64[j];
    }
}

/* Whether g numbers t's rows by keys as a plain search among the first rows
 * of the groups met so far does. */
static bool agrees_with_reference(const qy_table *t, const int *keys, int nkeys,
                                  const qy_groups *g)
{
    int64_t *first = malloc((size_t)(t->nrows ? t->nrows : 1) * sizeof *first);
    int64_t ngroups = 0;
    bool ok = g->nrows == t->nrows;
    for (int64_t i = 0; i < t->nrows && ok; i++) {
        int64_t k = 0;
        for (; k < ngroups; k++) {
            bool same = true;
            for (int m = 0; m < nkeys && same; m++) same = same_key(t->cols[keys[m]], i, first[k]);
            if (same) break;
        }
        if (k == ngroups) first[ngroups++] = i;
        ok = g->group[i] == k;
    }
    ok = ok && g->ngroups == ngroups;
    for (int64_t k = 0; k < ngroups && ok; k++) ok = g->first_row[k] == first[k];
    free(first);
    return ok;
}

/* Every combination of one to three of the mixed keys, over more rows than
 * one block of the one-pass path. */
static void every_key_combination_agrees_with_reference(void)
{
    qy_table *t = mixed_keys(9001);
    for (int a = 0; a < 6; a++)
        for (int b = a; b < 6; b++)
            for (int c = b; c < 6; c++) {
                int keys[3] = {a, b, c}, nkeys = a == b ? 1 : b == c ? 2 : 3;
                if (nkeys == 2) keys[1] = c;
                qy_groups g;
                CHECK_INT(qy_groups_build(t, keys, nkeys, &g, NULL), QY_OK);
                if (!agrees_with_reference(t, keys, nkeys, &g))
                    printf("  keys %d %d %d disagree\n", keys[0], keys[1], keys[2]);
                CHECK(agrees_with_reference(t, keys, nkeys, &g));
                qy_groups_free(&g);
            }
    qy_table_release(t);
}

/* All-null keys of each kind form one group; an empty table none. */
static void all_null_and_empty_keys(void)
{
    enum { N = 5000 };
    qy_table *t = new_table(N);
    qy_type types[] = {QY_STRING, QY_BOOL, QY_DATE, QY_INT64, QY_DECIMAL};
    for (int k = 0; k < 5; k++) {
        qy_dict *dict = types[k] == QY_STRING ? qy_dict_new() : NULL;
        qy_column *c;
        qy_column_new(types[k], 0, dict, N, &c, NULL);
        qy_dict_release(dict);
        for (int i = 0; i < N; i++) qy_column_set_null(c, i, NULL);
        char name[8];
        snprintf(name, sizeof name, "k%d", k);
        add_column(t, name, c);
    }
    for (int k = 0; k < 5; k++) {
        qy_groups g;
        CHECK_INT(qy_groups_build(t, &k, 1, &g, NULL), QY_OK);
        CHECK_INT(g.ngroups, 1);
        CHECK(agrees_with_reference(t, &k, 1, &g));
        qy_groups_free(&g);
    }
    qy_groups g;
    CHECK_INT(qy_groups_build(t, (int[]){0, 1, 2, 3, 4}, 5, &g, NULL), QY_OK);
    CHECK_INT(g.ngroups, 1);
    qy_groups_free(&g);
    qy_table *empty = mixed_keys(0);
    CHECK_INT(qy_groups_build(empty, (int[]){0, 1, 3}, 3, &g, NULL), QY_OK);
    CHECK_INT(g.ngroups, 0);
    qy_groups_free(&g);
    qy_table_release(empty);
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
    failures = 0;
    for (long n = 0; n < 40; n++) {     /* the one-pass path: string and integer keys */
        qy_groups g;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_groups_build(t, (int[]){0, 1}, 2, &g, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_STR(groups_text(&g), "0 1 2 3 1 3 0");
            qy_groups_free(&g);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        CHECK_STR(err.msg, "not enough memory to group 7 rows");
        failures++;
    }
    CHECK(failures >= 3);
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
    RUN(every_key_combination_agrees_with_reference);
    RUN(all_null_and_empty_keys);
    RUN(allocation_failure_is_reported);
    return check_summary("test_groupby");
}
