/* test_textjoin.c — `..` and concat_ws: every type as text, nulls, CJK,
 * separators, the per-string path, lengths and scalar types. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "textjoin.h"

#define COL(type, scale, n, ...) column_of(type, scale, n, (const char *[]){__VA_ARGS__})
#define S(text) val(qy_scalar_string(text, strlen(text)))

static const char *joined(const qy_operand *parts, int n, const char *sep, bool skip_nulls,
                          int64_t length)
{
    static char text[1200];
    qy_column *out = NULL;
    qy_error err = {0};
    if (qy_text_join(parts, n, sep, strlen(sep), skip_nulls, length, &out, &err) != QY_OK) {
        snprintf(text, sizeof text, "error: %s", err.msg);
        return text;
    }
    snprintf(text, sizeof text, "%s", column_text(out));
    qy_column_release(out);
    return text;
}

static void concatenation(void)
{
    qy_column *county = COL(QY_STRING, 0, 4, "环", "宁", NULL, "环");
    qy_operand p1[] = {col(county), S("县")};
    CHECK_STR(joined(p1, 2, "", false, 4), "环县 宁县 null 环县");
    qy_column *rank = COL(QY_INT64, 0, 4, "1", "2", "3", NULL);
    qy_operand p2[] = {S("第"), col(rank), S("名")};
    CHECK_STR(joined(p2, 3, "", false, 4), "第1名 第2名 第3名 null");
    qy_operand p3[] = {col(county), col(rank)};
    CHECK_STR(joined(p3, 2, "", false, 4), "环1 宁2 null null");
    qy_column *d = COL(QY_DECIMAL, 2, 4, "1.50", "-0.05", NULL, "0.00");
    qy_column *day = COL(QY_DATE, 0, 4, "2023-06-30", NULL, NULL, "2024-02-29");
    qy_column *ok = COL(QY_BOOL, 0, 4, "true", "false", NULL, NULL);
    qy_column *f = COL(QY_FLOAT64, 0, 4, "0.1", "1e20", NULL, "-0");
    qy_operand p4[] = {col(d), col(day), col(ok), col(f)};
    CHECK_STR(joined(p4, 4, "|", false, 4), "1.50|2023-06-30|true|0.1 null null null");
    qy_operand p5[] = {col(f), val(qy_scalar_null())};
    CHECK_STR(joined(p5, 2, "", false, 4), "null null null null");
    qy_operand p6[] = {col(county), S("")};
    CHECK_STR(joined(p6, 2, "", false, 4), "环 宁 null 环");
    qy_column *objs[] = {county, rank, d, day, ok, f};
    for (size_t k = 0; k < sizeof objs / sizeof objs[0]; k++) qy_column_release(objs[k]);
}

static void concat_ws_skips_nulls(void)
{
    qy_column *a = COL(QY_STRING, 0, 4, "甘肃", NULL, NULL, "");
    qy_column *b = COL(QY_STRING, 0, 4, "庆阳", "西峰", NULL, "x");
    qy_operand p1[] = {col(a), col(b), val(qy_scalar_null()), S("县区")};
    CHECK_STR(joined(p1, 4, "·", true, 4), "甘肃·庆阳·县区 西峰·县区 县区 ·x·县区");
    qy_operand p2[] = {col(a), col(b)};
    CHECK_STR(joined(p2, 2, ", ", true, 4), "甘肃, 庆阳 西峰 null , x");
    qy_column *empty = COL(QY_STRING, 0, 0, NULL);
    qy_operand p3[] = {col(empty), S("a")};
    CHECK_STR(joined(p3, 2, "-", true, 0), "");
    qy_column_release(a);
    qy_column_release(b);
    qy_column_release(empty);
}

/* A filtered column shares a dict with strings it no longer holds. */
static void shared_dicts_and_errors(void)
{
    qy_column *s = COL(QY_STRING, 0, 3, "a", "b", "c"), *t = NULL;
    int64_t idx[] = {2, 2, -1, 0};
    CHECK_INT(qy_column_take(s, idx, 4, &t, NULL), QY_OK);
    qy_operand p1[] = {S("<"), col(t), S(">")};
    CHECK_STR(joined(p1, 3, "", false, 4), "<c> <c> null <a>");
    qy_column *out = NULL;
    qy_error err = {0};
    CHECK_INT(qy_text_join(p1, 3, "", 0, false, 4, &out, &err), QY_OK);
    CHECK_INT(qy_dict_size(out->dict), 2);            /* only the strings the rows use */
    qy_column_release(out);
    qy_operand p2[] = {col(s), col(t)};
    CHECK_STR(joined(p2, 2, "", false, 3), "error: value 2 has 4 rows, not 3");
    qy_operand p3[] = {col(s), val(qy_scalar_int64(1))};
    CHECK_STR(joined(p3, 2, "", false, 3), "error: value 2: a string expected, not int64");
    qy_column_release(s);
    qy_column_release(t);
}

static void out_of_memory(void)
{
    qy_column *county = COL(QY_STRING, 0, 3, "环", NULL, "宁");
    qy_operand parts[] = {col(county), S("县")};
    for (long n = 0; n < 30; n++) {
        qy_column *out = NULL;
        qy_alloc_fail_after(n);
        int rc = qy_text_join(parts, 2, "", 0, false, 3, &out, NULL);
        qy_alloc_fail_after(-1);
        CHECK(rc == QY_OK || rc == QY_ENOMEM);
        qy_column_release(out);
    }
    qy_column_release(county);
}

int main(void)
{
    RUN(concatenation);
    RUN(concat_ws_skips_nulls);
    RUN(shared_dicts_and_errors);
    RUN(out_of_memory);
    return check_summary("test_textjoin");
}
