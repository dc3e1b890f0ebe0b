/* test_cast.c — every conversion qy_column_cast makes, the ones it refuses,
 * and the row and value its errors name. */
#include <stdio.h>

#include "alloc.h"
#include "cast.h"
#include "check.h"
#include "fixtures.h"

#define COL(type, scale, n, ...) column_of(type, scale, n, (const char *[]){__VA_ARGS__})

/* "type: rows" of c cast to name, or "error: message". */
static const char *cast_text(const qy_column *c, const char *name)
{
    static char text[1200];
    qy_type type;
    int scale;
    if (qy_type_parse(name, &type, &scale) != QY_OK) return "bad type name";
    qy_column *out = NULL;
    qy_error err = {0};
    if (qy_column_cast(c, type, scale, &out, &err) != QY_OK) {
        snprintf(text, sizeof text, "error: %s", err.msg);
        return text;
    }
    char tn[16];
    snprintf(text, sizeof text, "%s: %s", qy_type_name(out->type, out->scale, tn), column_text(out));
    CHECK_INT(out->null_count, c->null_count);
    qy_column_release(out);
    return text;
}

static void numbers(void)
{
    qy_column *i = COL(QY_INT64, 0, 4, "3", NULL, "-4", "9007199254740993");
    CHECK_STR(cast_text(i, "float64"), "float64: 3 null -4 9007199254740992");
    CHECK_STR(cast_text(i, "decimal(2)"), "decimal(2): 3.00 null -4.00 9007199254740993.00");
    CHECK_STR(cast_text(i, "decimal(4)"),
              "error: 9007199254740993 at row 4 does not fit in decimal(4)");
    CHECK_STR(cast_text(i, "int"), "int64: 3 null -4 9007199254740993");
    qy_column *f = COL(QY_FLOAT64, 0, 3, "2", NULL, "-1e15");
    CHECK_STR(cast_text(f, "int64"), "int64: 2 null -1000000000000000");
    qy_column *half = COL(QY_FLOAT64, 0, 2, "1", "2.5");
    CHECK_STR(cast_text(half, "int64"), "error: 2.5 at row 2 is not a whole number");
    qy_column *inf = COL(QY_FLOAT64, 0, 1, "0");
    inf->v.f64[0] = 1.0 / 0.0;
    CHECK_STR(cast_text(inf, "int64"), "error: inf at row 1 is not a whole number");
    qy_column_release(inf);
    qy_column *huge = COL(QY_FLOAT64, 0, 1, "1e19");
    CHECK_STR(cast_text(huge, "int64"), "error: 1e+19 at row 1 does not fit in int64");
    CHECK_STR(cast_text(huge, "decimal(0)"), "error: 1e+19 at row 1 does not fit in decimal(0)");
    qy_column *money = COL(QY_FLOAT64, 0, 5, "60.125000000001", "0.125", "-2.675", NULL, "1e-9");
    CHECK_STR(cast_text(money, "decimal(2)"), "decimal(2): 60.13 0.12 -2.67 null 0.00");
    CHECK_STR(cast_text(money, "decimal(6)"), "decimal(6): 60.125000 0.125000 -2.675000 null 0.000000");
    qy_column *d = COL(QY_DECIMAL, 3, 4, "1.005", "-2.000", NULL, "0.500");
    CHECK_STR(cast_text(d, "decimal(6)"), "decimal(6): 1.005000 -2.000000 null 0.500000");
    CHECK_STR(cast_text(d, "decimal(2)"),
              "error: 1.005 at row 1 has more than 2 decimals (use round first)");
    CHECK_STR(cast_text(d, "float"), "float64: 1.005 -2 null 0.5");
    CHECK_STR(cast_text(d, "int64"), "error: 1.005 at row 1 is not a whole number (use round first)");
    qy_column *whole = COL(QY_DECIMAL, 2, 2, "-7.00", NULL);
    CHECK_STR(cast_text(whole, "int64"), "int64: -7 null");
    CHECK_STR(cast_text(whole, "decimal(0)"), "decimal(0): -7 null");
    qy_column *b = COL(QY_BOOL, 0, 3, "true", "false", NULL);
    CHECK_STR(cast_text(b, "int64"), "int64: 1 0 null");
    qy_column *objs[] = {i, f, half, huge, money, d, whole, b};
    for (size_t k = 0; k < sizeof objs / sizeof objs[0]; k++) qy_column_release(objs[k]);
}

static void same_type_is_the_column_itself(void)
{
    qy_column *d = COL(QY_DECIMAL, 2, 1, "1.50"), *out = NULL;
    CHECK_INT(qy_column_cast(d, QY_DECIMAL, 2, &out, NULL), QY_OK);
    CHECK(out == d);
    CHECK_INT(d->refcount, 2);
    qy_column_release(out);
    qy_column_release(d);
}

static void to_text(void)
{
    qy_column *d = COL(QY_DECIMAL, 2, 3, "1272.95", NULL, "-0.05");
    CHECK_STR(cast_text(d, "string"), "string: 1272.95 null -0.05");
    qy_column_release(d);
    qy_table *t = every_type_with_nulls();
    const char *want[] = {"string: 1 null -9223372036854775807 0",
                          "string: 1.5 -0.25 null 1e+300",
                          "string: 12.34 null -0.01 99999.99",
                          "string: 2023-06-30 1969-12-31 null 2024-02-29",
                          "string: true false null true"};
    for (int j = 0; j < 5; j++) {
        qy_column *out = NULL;
        CHECK_INT(qy_column_cast(t->cols[j], QY_STRING, 0, &out, NULL), QY_OK);
        char text[400];
        snprintf(text, sizeof text, "string: %s", column_text(out));
        CHECK_STR(text, want[j]);
        qy_column_release(out);
    }
    qy_table_release(t);
}

static void from_text(void)
{
    qy_column *s = COL(QY_STRING, 0, 5, "42", "-7", NULL, "42", "+007");
    CHECK_STR(cast_text(s, "int64"), "int64: 42 -7 null 42 7");
    CHECK_STR(cast_text(s, "float"), "float64: 42 -7 null 42 7");
    CHECK_STR(cast_text(s, "decimal(1)"), "decimal(1): 42.0 -7.0 null 42.0 7.0");
    qy_column *bad = COL(QY_STRING, 0, 3, "1", "2", "abc");
    CHECK_STR(cast_text(bad, "int64"), "error: 'abc' at row 3 is not an int64");
    CHECK_STR(cast_text(bad, "float64"), "error: 'abc' at row 3 is not a float64");
    CHECK_STR(cast_text(bad, "date"), "error: '1' at row 1 is not a date");
    CHECK_STR(cast_text(bad, "bool"), "error: '1' at row 1 is not a bool");
    qy_column *spaced = COL(QY_STRING, 0, 1, " 1");
    CHECK_STR(cast_text(spaced, "int64"), "error: ' 1' at row 1 is not an int64");
    qy_column *cents = COL(QY_STRING, 0, 2, "1.50", "1.234");
    CHECK_STR(cast_text(cents, "decimal(2)"), "error: '1.234' at row 2 has more than 2 decimals");
    qy_column *big = COL(QY_STRING, 0, 1, "99999999999999999999");
    CHECK_STR(cast_text(big, "int64"), "error: '99999999999999999999' at row 1 does not fit in int64");
    qy_column *days = COL(QY_STRING, 0, 4, "2023-07-20", "2023/7/2", "2023年7月20日", NULL);
    CHECK_STR(cast_text(days, "date"), "date: 2023-07-20 2023-07-02 2023-07-20 null");
    qy_column *bools = COL(QY_STRING, 0, 3, "true", "false", "环县");
    CHECK_STR(cast_text(bools, "bool"), "error: '环县' at row 3 is not a bool");
    qy_column *objs[] = {s, bad, spaced, cents, big, days, bools};
    for (size_t k = 0; k < sizeof objs / sizeof objs[0]; k++) qy_column_release(objs[k]);
}

/* A dict entry no row uses is never parsed: a filtered column may share it. */
static void unused_strings_are_not_parsed(void)
{
    qy_column *s = COL(QY_STRING, 0, 3, "abc", "1", "2"), *tail = NULL;
    int64_t idx[] = {1, 2, -1};
    CHECK_INT(qy_column_take(s, idx, 3, &tail, NULL), QY_OK);
    CHECK_STR(cast_text(tail, "int64"), "int64: 1 2 null");
    qy_column_release(tail);
    qy_column_release(s);
}

static void refused(void)
{
    qy_column *day = COL(QY_DATE, 0, 1, "2023-06-30");
    CHECK_STR(cast_text(day, "int64"), "error: cannot convert date to int64");
    qy_column *b = COL(QY_BOOL, 0, 1, "true");
    CHECK_STR(cast_text(b, "float64"), "error: cannot convert bool to float64");
    qy_column *i = COL(QY_INT64, 0, 1, "1"), *out = NULL;
    CHECK_STR(cast_text(i, "date"), "error: cannot convert int64 to date");
    qy_error err = {0};
    CHECK_INT(qy_column_cast(i, QY_DECIMAL, 7, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "decimal scale 7 is not in 0..6");
    qy_column_release(day);
    qy_column_release(b);
    qy_column_release(i);
}

static void empty_and_out_of_memory(void)
{
    qy_column *s = COL(QY_STRING, 0, 0, NULL);
    CHECK_STR(cast_text(s, "decimal(2)"), "decimal(2): ");
    qy_column_release(s);
    s = COL(QY_STRING, 0, 2, "1", "2");
    for (long n = 0; n < 4; n++) {
        qy_column *out = NULL;
        qy_alloc_fail_after(n);
        int rc = qy_column_cast(s, QY_INT64, 0, &out, NULL);
        qy_alloc_fail_after(-1);
        CHECK(rc == QY_OK || rc == QY_ENOMEM);
        qy_column_release(out);
    }
    qy_column_release(s);
}

int main(void)
{
    RUN(numbers);
    RUN(same_type_is_the_column_itself);
    RUN(to_text);
    RUN(from_text);
    RUN(unused_strings_are_not_parsed);
    RUN(refused);
    RUN(empty_and_out_of_memory);
    return check_summary("test_cast");
}
