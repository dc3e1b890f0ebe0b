/* test_melt.c — unpivoting: row-major order, ids repeated, the name column,
 * int64 and decimals meeting at the largest scale, strings of two dicts,
 * nulls, empty tables, every refusal, running out of memory. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "melt.h"

#define COL(type, scale, n, ...) column_of(type, scale, n, (const char *[]){__VA_ARGS__})

static const char *table_text(const qy_table *t)
{
    static char out[2048];
    size_t n = 0;
    out[0] = '\0';
    for (int j = 0; j < t->ncols; j++) {
        char type[16];
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s %s: %s", j ? " | " : "", t->names[j],
                              qy_type_name(t->cols[j]->type, t->cols[j]->scale, type),
                              column_text(t->cols[j]));
    }
    return out;
}

/* 县区, 2023Q1 decimal(2), 2023Q2 int64, 备注 string, 说明 string. */
static qy_table *wide(void)
{
    qy_table *t = new_table(3);
    add_column(t, "县区", COL(QY_STRING, 0, 3, "环县", "宁县", NULL));
    add_column(t, "2023Q1", COL(QY_DECIMAL, 2, 3, "1.50", NULL, "-0.25"));
    add_column(t, "2023Q2", COL(QY_INT64, 0, 3, "2", "3", NULL));
    add_column(t, "备注", COL(QY_STRING, 0, 3, "新建", NULL, "续建"));
    add_column(t, "说明", COL(QY_STRING, 0, 3, "续建", "签约", "新建"));
    return t;
}

static const char *melt_text(const qy_table *t, const int *ids, int nids, const int *values,
                             int nvalues, const char *name, const char *value)
{
    qy_melt_spec spec = {ids, nids, values, nvalues, name, value};
    qy_table *m = NULL;
    qy_error err = {0};
    if (qy_table_melt(t, &spec, &m, &err) != QY_OK) {
        static char msg[600];
        snprintf(msg, sizeof msg, "error %d: %s", err.code, err.msg);   /* error.h numbers the codes */
        return msg;
    }
    const char *s = table_text(m);
    qy_table_release(m);
    return s;
}

static void numbers_meet_at_the_largest_scale(void)
{
    qy_table *t = wide();
    CHECK_STR(melt_text(t, (int[]){0}, 1, (int[]){1, 2}, 2, "variable", "value"),
              "县区 string: 环县 环县 宁县 宁县 null null | variable string: 2023Q1 2023Q2 2023Q1 "
              "2023Q2 2023Q1 2023Q2 | value decimal(2): 1.50 2.00 null 3.00 -0.25 null");
    CHECK_STR(melt_text(t, NULL, 0, (int[]){2}, 1, "季度", "金额"),
              "季度 string: 2023Q2 2023Q2 2023Q2 | 金额 int64: 2 3 null");
    qy_table_release(t);
}

static void strings_of_two_dicts(void)
{
    qy_table *t = wide();
    qy_melt_spec spec = {(int[]){0}, 1, (int[]){3, 4}, 2, "k", "v"};
    qy_table *m = NULL;
    CHECK_INT(qy_table_melt(t, &spec, &m, NULL), QY_OK);
    CHECK_STR(table_text(m), "县区 string: 环县 环县 宁县 宁县 null null | k string: 备注 说明 备注 "
              "说明 备注 说明 | v string: 新建 续建 null 签约 续建 新建");
    CHECK_INT(qy_dict_size(m->cols[2]->dict), 3);     /* each string once */
    qy_table_release(m);
    qy_table_release(t);
}

static void empty_tables_melt_to_no_rows(void)
{
    qy_table *t = wide(), *empty = NULL;
    CHECK_INT(qy_table_slice(t, 0, 0, &empty, NULL), QY_OK);
    CHECK_STR(melt_text(empty, (int[]){0}, 1, (int[]){1, 2}, 2, "variable", "value"),
              "县区 string:  | variable string:  | value decimal(2): ");
    qy_table_release(empty);
    qy_table_release(t);
}

static void refusals_name_what_is_wrong(void)
{
    qy_table *t = wide();
    CHECK_STR(melt_text(t, (int[]){0}, 1, NULL, 0, "variable", "value"),
              "error 7: no value columns to melt");
    CHECK_STR(melt_text(t, (int[]){0}, 1, (int[]){1, 0}, 2, "variable", "value"),
              "error 7: column '县区' is both an id and a value");
    CHECK_STR(melt_text(t, NULL, 0, (int[]){1, 1}, 2, "variable", "value"),
              "error 7: column '2023Q1' is given twice");
    CHECK_STR(melt_text(t, (int[]){0}, 1, (int[]){1, 3}, 2, "variable", "value"),
              "error 4: value columns '2023Q1' (decimal(2)) and '备注' (string) have different types");
    CHECK_STR(melt_text(t, (int[]){0}, 1, (int[]){1}, 1, "县区", "value"),
              "error 7: duplicate column name '县区'");
    CHECK_STR(melt_text(t, (int[]){0}, 1, (int[]){1}, 1, "v", "v"), "error 7: duplicate column name 'v'");
    CHECK_STR(melt_text(t, (int[]){9}, 1, (int[]){1}, 1, "variable", "value"),
              "error 5: column 10 out of range");
    qy_table *big = new_table(1);
    add_column(big, "a", COL(QY_INT64, 0, 1, "9223372036854775807"));
    add_column(big, "b", COL(QY_DECIMAL, 1, 1, "1.5"));
    CHECK_STR(melt_text(big, NULL, 0, (int[]){0, 1}, 2, "variable", "value"),
              "error 6: column 'a': 9223372036854775807 at row 1 does not fit in decimal(1)");
    qy_table_release(big);
    qy_table_release(t);
}

static void allocation_failure_is_reported(void)
{
    qy_table *t = wide();
    int failures = 0;
    for (long n = 0; n < 80; n++) {
        qy_melt_spec spec = {(int[]){0}, 1, (int[]){3, 4}, 2, "k", "v"};
        qy_table *m = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_table_melt(t, &spec, &m, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_INT(m->nrows, 6);
            qy_table_release(m);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        CHECK(err.msg[0] != '\0');
        failures++;
    }
    CHECK(failures > 5);
    qy_table_release(t);
}

int main(void)
{
    RUN(numbers_meet_at_the_largest_scale);
    RUN(strings_of_two_dicts);
    RUN(empty_tables_melt_to_no_rows);
    RUN(refusals_name_what_is_wrong);
    RUN(allocation_failure_is_reported);
    return check_summary("test_melt");
}
