/* test_choose.c — coalesce, fill_null and case: the common type, nulls,
 * strings from several dicts, lengths and type errors. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "choose.h"
#include "fixtures.h"

#define COL(type, scale, n, ...) column_of(type, scale, n, (const char *[]){__VA_ARGS__})

/* "type: rows" of a result (released), or "error: message" when rc failed. */
static const char *result(int rc, qy_column *out, const qy_error *err)
{
    static char text[1200];
    if (rc != QY_OK) {
        snprintf(text, sizeof text, "error: %s", err->msg);
        return text;
    }
    char tn[16];
    snprintf(text, sizeof text, "%s: %s", qy_type_name(out->type, out->scale, tn), column_text(out));
    qy_column_release(out);
    return text;
}

static const char *coalesce(const qy_operand *parts, int n, int64_t length)
{
    qy_column *out = NULL;
    qy_error err = {0};
    int rc = qy_coalesce(parts, n, length, &out, &err);
    return result(rc, out, &err);
}

static void coalesce_takes_the_first_value(void)
{
    qy_column *a = COL(QY_INT64, 0, 4, "1", NULL, NULL, "4");
    qy_column *b = COL(QY_DECIMAL, 2, 4, "9.99", "2.50", NULL, NULL);
    qy_operand p1[] = {col(a), col(b), val(qy_scalar_int64(0))};
    CHECK_STR(coalesce(p1, 3, 4), "decimal(2): 1.00 2.50 0.00 4.00");
    qy_operand p2[] = {col(a), col(b)};
    CHECK_STR(coalesce(p2, 2, 4), "decimal(2): 1.00 2.50 null 4.00");
    qy_operand p3[] = {col(a), val(qy_scalar_float64(0.5))};
    CHECK_STR(coalesce(p3, 2, 4), "float64: 1 0.5 0.5 4");
    qy_operand p4[] = {col(a), val(qy_scalar_null()), val(qy_scalar_int64(-1))};
    CHECK_STR(coalesce(p4, 3, 4), "int64: 1 -1 -1 4");
    qy_operand p5[] = {col(a), val(qy_scalar_decimal(12345, 3))};
    CHECK_STR(coalesce(p5, 2, 4), "decimal(3): 1.000 12.345 12.345 4.000");
    qy_column_release(a);
    qy_column_release(b);
}

static void coalesce_merges_strings_and_refuses_mixes(void)
{
    qy_column *a = COL(QY_STRING, 0, 3, "环县", NULL, NULL);
    qy_column *b = COL(QY_STRING, 0, 3, "x", "宁县", NULL);
    qy_operand p1[] = {col(a), col(b), val(qy_scalar_string("未知", 6))};
    CHECK_STR(coalesce(p1, 3, 3), "string: 环县 宁县 未知");
    qy_column *n = COL(QY_INT64, 0, 3, "1", "2", "3");
    qy_operand p2[] = {col(a), col(n)};
    CHECK_STR(coalesce(p2, 2, 3), "error: values of string and int64 do not mix");
    qy_column *d = COL(QY_DATE, 0, 3, NULL, "2023-06-30", NULL);
    qy_operand p3[] = {col(d), val(qy_scalar_date(0))};
    CHECK_STR(coalesce(p3, 2, 3), "date: 1970-01-01 2023-06-30 1970-01-01");
    qy_operand p4[] = {col(d), val(qy_scalar_string("2023", 4))};
    CHECK_STR(coalesce(p4, 2, 3), "error: values of date and string do not mix");
    qy_column *short_col = COL(QY_INT64, 0, 2, "1", "2");
    qy_operand p5[] = {col(n), col(short_col)};
    CHECK_STR(coalesce(p5, 2, 3), "error: value 2 has 2 rows, not 3");
    qy_operand p6[] = {val(qy_scalar_null()), val(qy_scalar_null())};
    CHECK_STR(coalesce(p6, 2, 2), "int64: null null");
    qy_column *empty = COL(QY_STRING, 0, 0, NULL);
    qy_operand p7[] = {col(empty), val(qy_scalar_string("a", 1))};
    CHECK_STR(coalesce(p7, 2, 0), "string: ");
    qy_column *objs[] = {a, b, n, d, short_col, empty};
    for (size_t k = 0; k < sizeof objs / sizeof objs[0]; k++) qy_column_release(objs[k]);
}

static const char *fill(const qy_column *c, qy_operand v)
{
    qy_column *out = NULL;
    qy_error err = {0};
    int rc = qy_fill_null(c, &v, &out, &err);
    return result(rc, out, &err);
}

static void fill_null_keeps_the_type(void)
{
    qy_column *d = COL(QY_DECIMAL, 2, 3, "1.50", NULL, "-2.00");
    CHECK_STR(fill(d, val(qy_scalar_int64(0))), "decimal(2): 1.50 0.00 -2.00");
    CHECK_STR(fill(d, val(qy_scalar_decimal(5, 1))), "decimal(2): 1.50 0.50 -2.00");
    CHECK_STR(fill(d, val(qy_scalar_decimal(1234, 3))),
              "error: 1.234 has more than 2 decimals (use round first)");
    CHECK_STR(fill(d, val(qy_scalar_int64(INT64_MAX))), "error: 9223372036854775807 does not fit in decimal(2)");
    CHECK_STR(fill(d, val(qy_scalar_float64(0.5))), "error: cannot fill a decimal(2) column with float64");
    CHECK_STR(fill(d, val(qy_scalar_null())), "decimal(2): 1.50 null -2.00");
    qy_column *other = COL(QY_INT64, 0, 3, "7", "8", "9");
    CHECK_STR(fill(d, col(other)), "decimal(2): 1.50 8.00 -2.00");
    CHECK_STR(fill(other, col(d)), "error: cannot fill an int64 column with decimal(2)");
    qy_column *s = COL(QY_STRING, 0, 3, NULL, "深圳", NULL);
    CHECK_STR(fill(s, val(qy_scalar_string("无", 3))), "string: 无 深圳 无");
    CHECK_STR(fill(s, val(qy_scalar_int64(1))), "error: cannot fill a string column with int64");
    qy_column *f = COL(QY_FLOAT64, 0, 2, NULL, "0.25");
    CHECK_STR(fill(f, val(qy_scalar_int64(0))), "float64: 0 0.25");
    qy_column *two = COL(QY_FLOAT64, 0, 2, "1", "2");
    CHECK_STR(fill(d, col(two)), "error: cannot fill a decimal(2) column with float64");
    qy_column *full = COL(QY_INT64, 0, 2, "1", "2");
    CHECK_STR(fill(full, col(other)), "error: fill column 1 has 3 rows, not 2");
    qy_column *objs[] = {d, other, s, f, two, full};
    for (size_t k = 0; k < sizeof objs / sizeof objs[0]; k++) qy_column_release(objs[k]);
}

static const char *choose_case(const qy_column *const *masks, const qy_operand *values, int n,
                               const qy_operand *otherwise, int64_t length)
{
    qy_column *out = NULL;
    qy_error err = {0};
    int rc = qy_case(masks, values, n, otherwise, length, &out, &err);
    return result(rc, out, &err);
}

static void case_picks_the_first_true_branch(void)
{
    qy_column *big = COL(QY_BOOL, 0, 5, "true", "false", "false", NULL, "true");
    qy_column *mid = COL(QY_BOOL, 0, 5, "true", "true", "false", "true", NULL);
    const qy_column *masks[] = {big, mid};
    qy_operand labels[] = {val(qy_scalar_string("大", 3)), val(qy_scalar_string("中", 3))};
    qy_operand small = val(qy_scalar_string("小", 3));
    CHECK_STR(choose_case(masks, labels, 2, &small, 5), "string: 大 中 小 中 大");
    CHECK_STR(choose_case(masks, labels, 2, NULL, 5), "string: 大 中 null 中 大");
    qy_column *amount = COL(QY_DECIMAL, 2, 5, "10.00", NULL, "1.00", "2.50", "3.00");
    qy_operand nums[] = {col(amount), val(qy_scalar_int64(-1))};
    qy_operand zero = val(qy_scalar_int64(0));
    CHECK_STR(choose_case(masks, nums, 2, &zero, 5), "decimal(2): 10.00 -1.00 0.00 -1.00 3.00");
    qy_operand mixed[] = {val(qy_scalar_string("a", 1)), val(qy_scalar_int64(1))};
    CHECK_STR(choose_case(masks, mixed, 2, NULL, 5), "error: values of string and int64 do not mix");
    const qy_column *bad[] = {big, amount};
    CHECK_STR(choose_case(bad, labels, 2, NULL, 5),
              "error: branch 2: the mask must be a bool column, not decimal(2)");
    qy_column *short_mask = COL(QY_BOOL, 0, 1, "true");
    const qy_column *shorts[] = {short_mask};
    CHECK_STR(choose_case(shorts, labels, 1, NULL, 5), "error: branch 1: the mask has 1 rows, not 5");
    qy_operand short_value = col(short_mask);
    CHECK_STR(choose_case(masks, labels, 1, &short_value, 5), "error: the default has 1 rows, not 5");
    qy_column *none = COL(QY_BOOL, 0, 0, NULL);
    const qy_column *empty[] = {none};
    CHECK_STR(choose_case(empty, labels, 1, &small, 0), "string: ");
    qy_column *objs[] = {big, mid, amount, short_mask, none};
    for (size_t k = 0; k < sizeof objs / sizeof objs[0]; k++) qy_column_release(objs[k]);
}

/* Every allocation failing in turn gives QY_ENOMEM, never a leak. */
static void out_of_memory(void)
{
    qy_column *a = COL(QY_STRING, 0, 3, "环县", NULL, NULL);
    qy_column *b = COL(QY_STRING, 0, 3, "x", "宁县", NULL);
    qy_operand parts[] = {col(a), col(b), val(qy_scalar_string("未知", 6))};
    for (long n = 0; n < 30; n++) {
        qy_column *out = NULL;
        qy_alloc_fail_after(n);
        int rc = qy_coalesce(parts, 3, 3, &out, NULL);
        qy_alloc_fail_after(-1);
        CHECK(rc == QY_OK || rc == QY_ENOMEM);
        qy_column_release(out);
    }
    qy_column_release(a);
    qy_column_release(b);
}

int main(void)
{
    RUN(coalesce_takes_the_first_value);
    RUN(coalesce_merges_strings_and_refuses_mixes);
    RUN(fill_null_keeps_the_type);
    RUN(case_picks_the_first_true_branch);
    RUN(out_of_memory);
    return check_summary("test_choose");
}
