/* test_map.c — lookup tables over every column type: matches, defaults,
 * nulls, keys compared by value, keys of the wrong kind. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "map.h"

#define COL(type, scale, n, ...) column_of(type, scale, n, (const char *[]){__VA_ARGS__})
#define S(text) qy_scalar_string(text, strlen(text))

static const char *mapped(const qy_column *c, const qy_scalar *keys, const qy_scalar *values, int n,
                          const qy_scalar *otherwise)
{
    static char text[1200];
    qy_column *out = NULL;
    qy_error err = {0};
    if (qy_column_map(c, keys, values, n, otherwise, &out, &err) != QY_OK) {
        snprintf(text, sizeof text, "error: %s", err.msg);
        return text;
    }
    char tn[16];
    snprintf(text, sizeof text, "%s: %s", qy_type_name(out->type, out->scale, tn), column_text(out));
    qy_column_release(out);
    return text;
}

static void bools_and_strings(void)
{
    qy_column *b = COL(QY_BOOL, 0, 4, "true", "false", NULL, "true");
    qy_scalar keys[] = {qy_scalar_bool(true), qy_scalar_bool(false)};
    qy_scalar values[] = {S("是"), S("否")};
    CHECK_STR(mapped(b, keys, values, 2, NULL), "string: 是 否 null 是");
    qy_scalar unknown = S("?");
    CHECK_STR(mapped(b, keys, values, 1, &unknown), "string: 是 ? ? 是");
    qy_column *county = COL(QY_STRING, 0, 5, "环县", "宁县", NULL, "环县", "西峰区");
    qy_scalar names[] = {S("环县"), S("宁县")}, codes[] = {qy_scalar_int64(1), qy_scalar_int64(2)};
    qy_scalar zero = qy_scalar_int64(0);
    CHECK_STR(mapped(county, names, codes, 2, &zero), "int64: 1 2 0 1 0");
    qy_scalar mixed[] = {qy_scalar_int64(1), qy_scalar_float64(2.5)};
    CHECK_STR(mapped(county, names, mixed, 2, NULL), "float64: 1 2.5 null 1 null");
    CHECK_STR(mapped(county, NULL, NULL, 0, NULL), "int64: null null null null null");
    qy_scalar wrong[] = {qy_scalar_int64(1)};
    CHECK_STR(mapped(county, wrong, codes, 1, NULL), "error: key 1 is not a string");
    qy_scalar clash[] = {S("a"), qy_scalar_int64(1)};
    CHECK_STR(mapped(county, names, clash, 2, NULL), "error: values of string and int64 do not mix");
    qy_column_release(b);
    qy_column_release(county);
}

static void numbers_and_dates(void)
{
    qy_column *i = COL(QY_INT64, 0, 4, "3", "-1", NULL, "7");
    qy_scalar keys[] = {qy_scalar_int64(7), qy_scalar_int64(-1), qy_scalar_decimal(300, 2)};
    qy_scalar values[] = {S("seven"), S("minus one"), S("three")};
    CHECK_STR(mapped(i, keys, values, 3, NULL), "string: three minus one null seven");
    qy_scalar half[] = {qy_scalar_decimal(35, 1)};
    CHECK_STR(mapped(i, half, values, 1, NULL), "string: null null null null");   /* never equal */
    qy_scalar as_float[] = {qy_scalar_float64(3)};
    CHECK_STR(mapped(i, as_float, values, 1, NULL), "error: key 3 is not an int64");
    qy_column *d = COL(QY_DECIMAL, 2, 3, "1.50", "0.05", "1.00");
    qy_scalar dkeys[] = {qy_scalar_decimal(15, 1), qy_scalar_int64(1), qy_scalar_decimal(5, 3)};
    qy_scalar dvals[] = {qy_scalar_bool(true), qy_scalar_bool(false), qy_scalar_bool(true)};
    CHECK_STR(mapped(d, dkeys, dvals, 3, NULL), "bool: true null false");
    qy_column *f = COL(QY_FLOAT64, 0, 3, "0.5", "2", "0");
    f->v.f64[2] = 0.0 / 0.0;                          /* NaN equals no key */
    qy_scalar fkeys[] = {qy_scalar_float64(0.5), qy_scalar_int64(2)};
    qy_scalar fvals[] = {S("半"), S("二")};
    qy_scalar other = S("其他");
    CHECK_STR(mapped(f, fkeys, fvals, 2, &other), "string: 半 二 其他");
    qy_column *day = COL(QY_DATE, 0, 2, "2023-06-30", "2024-01-01");
    qy_scalar daykeys[] = {qy_scalar_date(19538)};
    qy_scalar dayvals[] = {S("H1 end")};
    CHECK_STR(mapped(day, daykeys, dayvals, 1, NULL), "string: H1 end null");
    qy_scalar text_key[] = {S("2023-06-30")};
    CHECK_STR(mapped(day, text_key, dayvals, 1, NULL), "error: key '2023-06-30' is not a date");
    qy_column *objs[] = {i, d, f, day};
    for (size_t k = 0; k < sizeof objs / sizeof objs[0]; k++) qy_column_release(objs[k]);
}

static void out_of_memory(void)
{
    qy_column *county = COL(QY_STRING, 0, 3, "环县", NULL, "宁县");
    qy_scalar keys[] = {S("环县")}, values[] = {S("甲")};
    for (long n = 0; n < 30; n++) {
        qy_column *out = NULL;
        qy_alloc_fail_after(n);
        int rc = qy_column_map(county, keys, values, 1, NULL, &out, NULL);
        qy_alloc_fail_after(-1);
        CHECK(rc == QY_OK || rc == QY_ENOMEM);
        qy_column_release(out);
    }
    qy_column_release(county);
}

int main(void)
{
    RUN(bools_and_strings);
    RUN(numbers_and_dates);
    RUN(out_of_memory);
    return check_summary("test_map");
}
