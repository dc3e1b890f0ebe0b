/* test_table.c — table verbs in C: take (also on two threads), filter,
 * with, concat, slice, and their errors. */
#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "table.h"

/* Big enough that take gathers on two threads (rows × columns >= 2^20). */
static void take_on_two_threads_matches(void)
{
    enum { N = 600000 };
    qy_table *t = new_table(N);
    qy_column *a, *s;
    qy_dict *d = qy_dict_new();
    uint32_t codes[3];
    qy_dict_intern(d, "环县", strlen("环县"), &codes[0]);
    qy_dict_intern(d, "宁县", strlen("宁县"), &codes[1]);
    qy_dict_intern(d, "x", 1, &codes[2]);
    qy_column_new(QY_DECIMAL, 2, NULL, N, &a, NULL);
    qy_column_new(QY_STRING, 0, d, N, &s, NULL);
    qy_dict_release(d);
    for (int i = 0; i < N; i++) {
        a->v.i64[i] = i;
        s->v.code[i] = codes[i % 3];
        if (i % 1000 == 7) qy_column_set_null(a, i, NULL);
    }
    add_column(t, "amount", a);
    add_column(t, "county", s);
    int64_t *idx = qy_malloc(N * sizeof *idx);
    for (int i = 0; i < N; i++) idx[i] = i % 5 == 0 ? -1 : N - 1 - i;
    qy_table *r = NULL;
    CHECK_INT(qy_table_take(t, idx, N, &r, NULL), QY_OK);
    int ok = r != NULL;
    for (int k = 0; ok && k < N; k++) {
        int64_t i = idx[k];
        bool null_a = i < 0 || i % 1000 == 7;
        ok = qy_column_is_null(r->cols[0], k) == null_a
          && (null_a || r->cols[0]->v.i64[k] == i)
          && qy_column_is_null(r->cols[1], k) == (i < 0)
          && (i < 0 || r->cols[1]->v.code[k] == codes[i % 3]);
    }
    CHECK(ok);
    qy_table_release(r);
    qy_free(idx);
    qy_table_release(t);
}

static qy_table *small(void)
{
    qy_table *t = new_table(3);
    add_column(t, "k", column_of(QY_STRING, 0, 3, (const char *[]){"甲", "乙", NULL}));
    add_column(t, "v", column_of(QY_INT64, 0, 3, (const char *[]){"1", NULL, "3"}));
    return t;
}

static void filter_keeps_true_rows(void)
{
    qy_table *t = small(), *r = NULL;
    qy_column *mask = column_of(QY_BOOL, 0, 3, (const char *[]){"true", NULL, "true"});
    CHECK_INT(qy_table_filter(t, mask, &r, NULL), QY_OK);
    CHECK_INT(r->nrows, 2);
    CHECK_INT(r->cols[1]->v.i64[1], 3);
    qy_table_release(r);
    qy_error err = {0};
    CHECK_INT(qy_table_filter(t, t->cols[1], &r, &err), QY_ETYPE);
    CHECK_STR(err.msg, "the mask must be a bool column, not int64");
    qy_column *short_mask = column_of(QY_BOOL, 0, 1, (const char *[]){"true"});
    CHECK_INT(qy_table_filter(t, short_mask, &r, &err), QY_EINVAL);
    CHECK_STR(err.msg, "the mask has 1 rows, the table 3");
    qy_column_release(short_mask);
    qy_column_release(mask);
    qy_table_release(t);
}

static void with_replaces_in_place_and_appends(void)
{
    qy_table *t = small(), *r = NULL;
    qy_column *x = column_of(QY_INT64, 0, 3, (const char *[]){"7", "8", "9"});
    const char *names[] = {"new", "k", "new"};
    qy_column *cols[] = {x, x, t->cols[1]};
    CHECK_INT(qy_table_with(t, names, cols, 3, &r, NULL), QY_OK);
    CHECK_INT(r->ncols, 3);
    CHECK_STR(r->names[0], "k");
    CHECK(r->cols[0] == x);
    CHECK(r->cols[2] == t->cols[1]);   /* the last of two same names wins */
    qy_table_release(r);
    qy_column *longer = column_of(QY_INT64, 0, 1, (const char *[]){"1"});
    qy_error err = {0};
    CHECK_INT(qy_table_with(t, (const char *[]){"z"}, &longer, 1, &r, &err), QY_EINVAL);
    CHECK_STR(err.msg, "column 'z' has 1 rows, the table 3");
    qy_column_release(longer);
    qy_column_release(x);
    qy_table_release(t);
}

static void from_columns_keeps_order_and_refuses_clashes(void)
{
    qy_table *t = small(), *r = NULL;
    const char *names[] = {"县区", "k2"};
    qy_column *cols[] = {t->cols[1], t->cols[0]};
    CHECK_INT(qy_table_from_columns(3, names, cols, 2, &r, NULL), QY_OK);
    CHECK_INT(r->ncols, 2);
    CHECK_STR(r->names[0], "县区");
    CHECK(r->cols[0] == t->cols[1] && r->cols[1] == t->cols[0]);
    CHECK_INT(qy_table_find(r, "k2"), 1);
    qy_table_release(r);
    qy_error err = {0};
    CHECK_INT(qy_table_from_columns(3, (const char *[]){"a", "a"}, cols, 2, &r, &err), QY_EINVAL);
    CHECK_STR(err.msg, "duplicate column name 'a'");
    CHECK_INT(qy_table_from_columns(2, names, cols, 1, &r, &err), QY_EINVAL);
    CHECK_STR(err.msg, "column '县区' has 3 rows, the table has 2");
    qy_table_release(t);
}

static void concat_meets_numbers_and_merges_strings(void)
{
    qy_table *a = small(), *b = new_table(2), *r = NULL;
    add_column(b, "k", column_of(QY_STRING, 0, 2, (const char *[]){"丙", "甲"}));
    add_column(b, "v", column_of(QY_DECIMAL, 1, 2, (const char *[]){"0.5", NULL}));
    CHECK_INT(qy_table_concat(a, b, &r, NULL), QY_OK);
    CHECK_INT(r->nrows, 5);
    CHECK_INT(r->cols[1]->type, QY_DECIMAL);
    CHECK_INT(r->cols[1]->v.i64[0], 10);
    CHECK_INT(r->cols[1]->v.i64[3], 5);
    CHECK_INT(r->cols[1]->null_count, 2);
    CHECK_STR(qy_dict_get(r->cols[0]->dict, r->cols[0]->v.code[3], NULL), "丙");
    CHECK(r->cols[0]->v.code[4] == r->cols[0]->v.code[0]);
    qy_table_release(r);
    qy_table *c = new_table(1);
    add_column(c, "k", column_of(QY_BOOL, 0, 1, (const char *[]){"true"}));
    add_column(c, "v", column_of(QY_INT64, 0, 1, (const char *[]){"1"}));
    qy_error err = {0};
    CHECK_INT(qy_table_concat(a, c, &r, &err), QY_ETYPE);
    CHECK_STR(err.msg, "column 'k': cannot append bool to string");
    qy_table_release(c);
    qy_table_release(b);
    qy_table_release(a);
}

static void slice_clamps(void)
{
    qy_table *t = small(), *r = NULL;
    CHECK_INT(qy_table_slice(t, 1, 10, &r, NULL), QY_OK);
    CHECK_INT(r->nrows, 2);
    CHECK(qy_column_is_null(r->cols[1], 0));
    qy_table_release(r);
    CHECK_INT(qy_table_slice(t, 5, 2, &r, NULL), QY_OK);
    CHECK_INT(r->nrows, 0);
    qy_table_release(r);
    qy_table_release(t);
}

static void take_reports_allocation_failure(void)
{
    qy_table *t = small();
    int failures = 0;
    for (long n = 0; n < 30; n++) {
        qy_table *r = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_table_take(t, (const int64_t[]){2, 0, -1}, 3, &r, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_INT(r->nrows, 3);
            qy_table_release(r);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        failures++;
    }
    CHECK(failures >= 3);
    qy_table_release(t);
}

/* The index of names survives each doubling of the room for columns, and a
 * doubling that runs out of memory leaves the table as it was. */
static void names_are_found_among_many_columns(void)
{
    enum { N = 1000 };
    qy_table *t = new_table(1);
    qy_column *c;
    qy_column_new(QY_INT64, 0, NULL, 1, &c, NULL);
    char name[16];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "列%d", i);
        CHECK_INT(qy_table_add_column(t, name, c, NULL), QY_OK);
    }
    int found = 0;
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "列%d", i);
        found += qy_table_find(t, name) == i;
    }
    CHECK_INT(found, N);
    CHECK_INT(qy_table_find(t, "列1000"), -1);
    CHECK_INT(qy_table_find(t, ""), -1);
    qy_error err = {0};
    CHECK_INT(qy_table_add_column(t, "列999", c, &err), QY_EINVAL);
    CHECK_STR(err.msg, "duplicate column name '列999'");
    while (t->ncols < t->cap) {
        snprintf(name, sizeof name, "x%d", t->ncols);
        CHECK_INT(qy_table_add_column(t, name, c, NULL), QY_OK);
    }
    for (long n = 0; n < 3; n++) {          /* the index, the names, the columns */
        qy_alloc_fail_after(n);
        CHECK_INT(qy_table_add_column(t, "y", c, &err), QY_ENOMEM);
        qy_alloc_fail_after(-1);
        CHECK_INT(qy_table_find(t, "列500"), 500);
        CHECK_INT(qy_table_find(t, "y"), -1);
    }
    CHECK_INT(qy_table_add_column(t, "y", c, NULL), QY_OK);
    CHECK_INT(qy_table_find(t, "y"), t->ncols - 1);
    CHECK_INT(qy_table_find(t, "列500"), 500);
    qy_column_release(c);
    qy_table_release(t);
}

int main(void)
{
    RUN(take_on_two_threads_matches);
    RUN(filter_keeps_true_rows);
    RUN(with_replaces_in_place_and_appends);
    RUN(from_columns_keeps_order_and_refuses_clashes);
    RUN(concat_meets_numbers_and_merges_strings);
    RUN(slice_clamps);
    RUN(take_reports_allocation_failure);
    RUN(names_are_found_among_many_columns);
    return check_summary("test_table");
}
