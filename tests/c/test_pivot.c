/* test_pivot.c — long to wide: column order by value, fill, several row
 * keys, counts, the max_cols guard, fill types, empty tables, allocation
 * failure. */
#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "pivot.h"

/* county  q       amount  kind  n
 * 环县     2023Q2  1.50    新建   3
 * 宁县     2023Q1  2.00    续建   1
 * 环县     2023Q2  0.25    新建   10
 * 环县     2023Q1  null    续建   -2
 * 西峰区   null    4.00    新建   3
 * 宁县     2023Q3  1.00    新建   10 */
static qy_table *ledger(void)
{
    qy_table *t = new_table(6);
    add_column(t, "county", column_of(QY_STRING, 0, 6,
               (const char *[]){"环县", "宁县", "环县", "环县", "西峰区", "宁县"}));
    add_column(t, "q", column_of(QY_STRING, 0, 6,
               (const char *[]){"2023Q2", "2023Q1", "2023Q2", "2023Q1", NULL, "2023Q3"}));
    add_column(t, "amount", column_of(QY_DECIMAL, 2, 6,
               (const char *[]){"1.50", "2.00", "0.25", NULL, "4", "1"}));
    add_column(t, "kind", column_of(QY_STRING, 0, 6,
               (const char *[]){"新建", "续建", "新建", "续建", "新建", "新建"}));
    add_column(t, "n", column_of(QY_INT64, 0, 6, (const char *[]){"3", "1", "10", "-2", "3", "10"}));
    return t;
}

/* Row i of t as "a | b | c", "null" for nulls. */
static const char *row(const qy_table *t, int64_t i)
{
    static char out[512];
    size_t n = 0;
    for (int k = 0; k < t->ncols; k++) {
        char buf[64];
        const char *text;
        size_t len = qy_column_format(t->cols[k], i, buf, sizeof buf, &text);
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s", k ? " | " : "",
                              text ? (int)len : 4, text ? text : "null");
    }
    return out;
}

static const char *names(const qy_table *t)
{
    static char out[512];
    size_t n = 0;
    for (int k = 0; k < t->ncols; k++)
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", k ? " " : "", t->names[k]);
    out[n] = '\0';
    return out;
}

static qy_pivot_spec spec_of(const int *rows, int nrows, int cols, int values, qy_agg_kind agg)
{
    qy_pivot_spec s = {rows, nrows, cols, values, agg, NULL, 1000};
    return s;
}

static void columns_ascend_and_cells_aggregate(void)
{
    qy_table *t = ledger(), *p = NULL;
    qy_pivot_spec s = spec_of((int[]){0}, 1, 1, 2, QY_AGG_SUM);
    CHECK_INT(qy_table_pivot(t, &s, &p, NULL), QY_OK);
    CHECK_STR(names(p), "county 2023Q1 2023Q2 2023Q3 null");
    CHECK_INT(p->nrows, 3);
    CHECK_STR(row(p, 0), "环县 | null | 1.75 | null | null");   /* sum of only nulls: null */
    CHECK_STR(row(p, 1), "宁县 | 2.00 | null | 1.00 | null");
    CHECK_STR(row(p, 2), "西峰区 | null | null | null | 4.00");
    qy_table_release(p);
    qy_table_release(t);
}

static void fill_takes_the_empty_cells_only(void)
{
    qy_table *t = ledger(), *p = NULL;
    qy_scalar zero = qy_scalar_int64(0);
    qy_pivot_spec s = spec_of((int[]){0}, 1, 1, 2, QY_AGG_SUM);
    s.fill = &zero;
    CHECK_INT(qy_table_pivot(t, &s, &p, NULL), QY_OK);
    CHECK_STR(row(p, 0), "环县 | null | 1.75 | 0.00 | 0.00");   /* the 2023Q1 cell has a row */
    CHECK_STR(row(p, 2), "西峰区 | 0.00 | 0.00 | 0.00 | 4.00");
    qy_table_release(p);
    qy_scalar half = qy_scalar_decimal(5, 1);
    s.fill = &half;
    s.agg = QY_AGG_MEAN;
    CHECK_INT(qy_table_pivot(t, &s, &p, NULL), QY_OK);
    CHECK_STR(row(p, 1), "宁县 | 2 | 0.5 | 1 | 0.5");
    qy_table_release(p);
    qy_scalar none = qy_scalar_string("无", 3);
    s.fill = &none;
    s.agg = QY_AGG_FIRST;
    s.values = 3;
    CHECK_INT(qy_table_pivot(t, &s, &p, NULL), QY_OK);
    CHECK_STR(row(p, 2), "西峰区 | 无 | 无 | 无 | 新建");
    qy_table_release(p);
    qy_table_release(t);
}

static void counts_and_several_row_keys(void)
{
    qy_table *t = ledger(), *p = NULL;
    qy_pivot_spec s = spec_of((int[]){0, 3}, 2, 1, -1, QY_AGG_COUNT);
    CHECK_INT(qy_table_pivot(t, &s, &p, NULL), QY_OK);
    CHECK_STR(names(p), "county kind 2023Q1 2023Q2 2023Q3 null");
    CHECK_INT(p->nrows, 5);
    CHECK_STR(row(p, 0), "环县 | 新建 | null | 2 | null | null");
    CHECK_STR(row(p, 2), "环县 | 续建 | 1 | null | null | null");
    qy_table_release(p);
    qy_scalar zero = qy_scalar_int64(0);
    s.fill = &zero;
    CHECK_INT(qy_table_pivot(t, &s, &p, NULL), QY_OK);
    CHECK_STR(row(p, 4), "宁县 | 新建 | 0 | 0 | 1 | 0");
    qy_table_release(p);
    qy_table_release(t);
}

static void numbers_order_by_value(void)
{
    qy_table *t = ledger(), *p = NULL;
    qy_pivot_spec s = spec_of((int[]){3}, 1, 4, 2, QY_AGG_MAX);
    CHECK_INT(qy_table_pivot(t, &s, &p, NULL), QY_OK);
    CHECK_STR(names(p), "kind -2 1 3 10");
    CHECK_STR(row(p, 0), "新建 | null | null | 4.00 | 1.00");
    CHECK_STR(row(p, 1), "续建 | null | 2.00 | null | null");
    qy_table_release(p);
    qy_table_release(t);
}

static void without_row_keys_one_row(void)
{
    qy_table *t = ledger(), *p = NULL;
    qy_pivot_spec s = spec_of(NULL, 0, 3, 2, QY_AGG_SUM);
    CHECK_INT(qy_table_pivot(t, &s, &p, NULL), QY_OK);
    CHECK_STR(names(p), "新建 续建");
    CHECK_STR(row(p, 0), "6.75 | 2.00");
    qy_table_release(p);
    qy_table_release(t);
}

static void empty_tables_pivot_to_empty_tables(void)
{
    qy_table *t = ledger(), *empty = NULL, *p = NULL;
    qy_table_slice(t, 0, 0, &empty, NULL);
    qy_pivot_spec s = spec_of((int[]){0}, 1, 1, 2, QY_AGG_SUM);
    CHECK_INT(qy_table_pivot(empty, &s, &p, NULL), QY_OK);
    CHECK_STR(names(p), "county");
    CHECK_INT(p->nrows, 0);
    qy_table_release(p);
    qy_table_release(empty);
    qy_table_release(t);
}

static void errors(void)
{
    qy_table *t = ledger(), *p = NULL;
    qy_error err = {0};
    qy_pivot_spec s = spec_of((int[]){0}, 1, 1, 2, QY_AGG_SUM);
    s.max_cols = 3;
    CHECK_INT(qy_table_pivot(t, &s, &p, &err), QY_ERANGE);
    CHECK_STR(err.msg, "pivot would make 4 columns (more than 3)");
    s.max_cols = 1000;
    s.values = 3;
    CHECK_INT(qy_table_pivot(t, &s, &p, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot sum string column 'kind'");
    s.values = 2;
    qy_scalar word = qy_scalar_string("x", 1);
    s.fill = &word;
    CHECK_INT(qy_table_pivot(t, &s, &p, &err), QY_ETYPE);
    CHECK_STR(err.msg, "fill must be of the cells' type (decimal(2)), not string");
    qy_scalar fine = qy_scalar_decimal(1, 3);
    s.fill = &fine;
    CHECK_INT(qy_table_pivot(t, &s, &p, &err), QY_ETYPE);
    CHECK_STR(err.msg, "fill does not fit in the cells' type (decimal(2))");
    s.fill = NULL;
    s.cols = 9;
    CHECK_INT(qy_table_pivot(t, &s, &p, &err), QY_ERANGE);
    CHECK_STR(err.msg, "column 10 out of range");
    qy_table_release(t);
}

static void allocation_failure_is_reported(void)
{
    qy_table *t = ledger();
    qy_scalar zero = qy_scalar_int64(0);
    qy_pivot_spec s = spec_of((int[]){0, 3}, 2, 1, 2, QY_AGG_SUM);
    s.fill = &zero;
    int failures = 0;
    for (long n = 0; n < 200; n++) {
        qy_table *p = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_table_pivot(t, &s, &p, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_STR(row(p, 0), "环县 | 新建 | 0.00 | 1.75 | 0.00 | 0.00");
            qy_table_release(p);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        CHECK(err.msg[0] != '\0');
        failures++;
    }
    CHECK(failures > 10);
    qy_table_release(t);
}

int main(void)
{
    RUN(columns_ascend_and_cells_aggregate);
    RUN(fill_takes_the_empty_cells_only);
    RUN(counts_and_several_row_keys);
    RUN(numbers_order_by_value);
    RUN(without_row_keys_one_row);
    RUN(empty_tables_pivot_to_empty_tables);
    RUN(errors);
    RUN(allocation_failure_is_reported);
    return check_summary("test_pivot");
}
