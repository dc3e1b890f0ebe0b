/* test_period.c — calendar parts (year .. day, weekday) and period labels
 * (coded and Chinese) of dates and of "YYYY-MM" month strings: nulls, wide
 * date spans, one dict entry per period, chronological byte order, bad
 * months, Chinese labels of coded ones, running out of memory. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "period.h"

static const char *part(const qy_column *c, qy_date_part which)
{
    qy_column *out = NULL;
    CHECK_INT(qy_date_part_of(c, which, &out, NULL), QY_OK);
    if (!out) return "error";
    CHECK_INT(out->type, QY_INT64);
    const char *s = column_text(out);
    qy_column_release(out);
    return s;
}

static const char *labels(const qy_column *c, char unit, uint32_t dict_size)
{
    qy_column *out = NULL;
    CHECK_INT(qy_period_of(c, unit, QY_PERIOD_CODED, &out, NULL), QY_OK);
    if (!out) return "error";
    CHECK_INT(out->type, QY_STRING);
    CHECK_INT(qy_dict_size(out->dict), dict_size);
    const char *s = column_text(out);
    qy_column_release(out);
    return s;
}

#define DATE(n, ...) column_of(QY_DATE, 0, n, (const char *[]){__VA_ARGS__})
#define STR(n, ...) column_of(QY_STRING, 0, n, (const char *[]){__VA_ARGS__})

static void parts_of_real_dates(void)
{
    qy_column *d = DATE(6, "2023-06-30", "2023-07-01", NULL, "2022-12-31", "2024-02-29", "2023-01-01");
    CHECK_STR(part(d, QY_PART_YEAR), "2023 2023 null 2022 2024 2023");
    CHECK_STR(part(d, QY_PART_HALF), "1 2 null 2 1 1");
    CHECK_STR(part(d, QY_PART_QUARTER), "2 3 null 4 1 1");
    CHECK_STR(part(d, QY_PART_MONTH), "6 7 null 12 2 1");
    qy_column_release(d);
}

static void labels_of_real_dates(void)
{
    qy_column *d = DATE(6, "2023-06-30", "2023-07-01", NULL, "2022-12-31", "2023-04-01", "2023-06-01");
    CHECK_STR(labels(d, 'Q', 3), "2023Q2 2023Q3 null 2022Q4 2023Q2 2023Q2");
    CHECK_STR(labels(d, 'H', 3), "2023H1 2023H2 null 2022H2 2023H1 2023H1");
    CHECK_STR(labels(d, 'M', 4), "2023-06 2023-07 null 2022-12 2023-04 2023-06");
    CHECK_STR(labels(d, 'Y', 2), "2023 2023 null 2022 2023 2023");
    qy_column *out = NULL;
    CHECK_INT(qy_period_of(d, 'Q', QY_PERIOD_CODED, &out, NULL), QY_OK);
    CHECK_STR(qy_dict_get(out->dict, 0, NULL), "2023Q2");      /* first appearance */
    CHECK_INT(out->v.code[2], 0);                               /* a null row holds 0 */
    CHECK_INT(out->null_count, 1);
    qy_column_release(out);
    qy_column_release(d);
}

static void days_and_weekdays(void)
{
    qy_column *d = DATE(6, "2023-07-17", "2023-07-23", NULL, "2024-02-29", "2023-01-31", "1969-12-31");
    CHECK_STR(part(d, QY_PART_DAY), "17 23 null 29 31 31");
    CHECK_STR(part(d, QY_PART_WEEKDAY), "1 7 null 4 2 3");          /* ISO: Monday 1 */
    qy_column_release(d);
    qy_column *wide = DATE(3, "0001-01-01", "9999-12-31", "2023-07-20");
    CHECK_STR(part(wide, QY_PART_DAY), "1 31 20");
    CHECK_STR(part(wide, QY_PART_WEEKDAY), "1 5 4");
    qy_column_release(wide);
    /* a month string is its first day; a whole date string is that day */
    qy_column *m = STR(4, "2023-05", NULL, "2023-06-30", "2023年7月20日");
    CHECK_STR(part(m, QY_PART_DAY), "1 null 30 20");
    CHECK_STR(part(m, QY_PART_WEEKDAY), "1 null 5 4");               /* 2023-05-01 a Monday */
    CHECK_STR(part(m, QY_PART_MONTH), "5 null 6 7");
    qy_column_release(m);
}

static const char *zh_labels(const qy_column *c, char unit, uint32_t dict_size)
{
    qy_column *out = NULL;
    CHECK_INT(qy_period_of(c, unit, QY_PERIOD_ZH, &out, NULL), QY_OK);
    if (!out) return "error";
    CHECK_INT(qy_dict_size(out->dict), dict_size);
    const char *s = column_text(out);
    qy_column_release(out);
    return s;
}

static void chinese_labels(void)
{
    qy_column *d = DATE(7, "2023-06-30", "2023-07-01", NULL, "2022-12-31", "2023-04-01", "2023-01-05", "0999-05-01");
    CHECK_STR(zh_labels(d, 'Y', 3), "2023年 2023年 null 2022年 2023年 2023年 999年");
    CHECK_STR(zh_labels(d, 'H', 4), "2023年上半年 2023年下半年 null 2022年下半年 2023年上半年 2023年上半年 999年上半年");
    CHECK_STR(zh_labels(d, 'Q', 5), "2023年二季度 2023年三季度 null 2022年四季度 2023年二季度 2023年一季度 999年二季度");
    CHECK_STR(zh_labels(d, 'M', 6), "2023年6月 2023年7月 null 2022年12月 2023年4月 2023年1月 999年5月");
    qy_column_release(d);
    qy_column *m = STR(3, "2023-05", NULL, "2023/11");
    CHECK_STR(zh_labels(m, 'M', 2), "2023年5月 null 2023年11月");
    qy_column_release(m);
}

static const char *label_zh(const char *label)
{
    static char buf[32];
    size_t len = 0;
    if (qy_period_label_zh(label, strlen(label), buf, &len) != QY_OK) return "EPARSE";
    CHECK_INT(len, strlen(buf));
    return buf;
}

static void chinese_labels_of_coded_ones(void)
{
    CHECK_STR(label_zh("2023"), "2023年");
    CHECK_STR(label_zh("2023H1"), "2023年上半年");
    CHECK_STR(label_zh("2023H2"), "2023年下半年");
    CHECK_STR(label_zh("2023Q1"), "2023年一季度");
    CHECK_STR(label_zh("2023Q2"), "2023年二季度");
    CHECK_STR(label_zh("2023Q3"), "2023年三季度");
    CHECK_STR(label_zh("2023Q4"), "2023年四季度");
    CHECK_STR(label_zh("2023-05"), "2023年5月");
    CHECK_STR(label_zh("2023-12"), "2023年12月");
    CHECK_STR(label_zh("0999-01"), "999年1月");
    const char *bad[] = {"", "202", "20234", "2023H3", "2023H0", "2023Q5", "2023Q0", "2023q1",
                         "2023-13", "2023-00", "2023-5", "2023-05-01", "2023/05", "总计",
                         "2023年", "2023Q1 ", "x023"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) CHECK_STR(label_zh(bad[i]), "EPARSE");
}

static void chinese_labels_of_a_column(void)
{
    qy_column *c = STR(6, "2023Q2", "2023Q1", NULL, "2023Q2", "2023-05", "2023");
    qy_column *out = NULL;
    CHECK_INT(qy_period_labels_zh(c, &out, NULL), QY_OK);
    CHECK_STR(column_text(out), "2023年二季度 2023年一季度 null 2023年二季度 2023年5月 2023年");
    CHECK_INT(qy_dict_size(out->dict), 4);
    CHECK_INT(out->null_count, 1);
    qy_column_release(out);
    qy_column *empty = STR(0, NULL), *none = STR(2, NULL, NULL);
    CHECK_INT(qy_period_labels_zh(empty, &out, NULL), QY_OK);
    CHECK_INT(out->length, 0);
    qy_column_release(out);
    CHECK_INT(qy_period_labels_zh(none, &out, NULL), QY_OK);
    CHECK_STR(column_text(out), "null null");
    qy_column_release(out);
    qy_error err = {0};
    qy_column *bad = STR(3, "2023Q1", NULL, "合计");
    out = NULL;
    CHECK_INT(qy_period_labels_zh(bad, &out, &err), QY_EPARSE);
    CHECK_STR(err.msg, "'合计' at row 3 is not a period label (2023, 2023H1, 2023Q2, 2023-05)");
    CHECK(out == NULL);
    qy_column *first = NULL;                          /* entries no row uses do not matter */
    CHECK_INT(qy_column_take(bad, (const int64_t[]){0, 1}, 2, &first, NULL), QY_OK);
    CHECK_INT(qy_period_labels_zh(first, &out, NULL), QY_OK);
    CHECK_STR(column_text(out), "2023年一季度 null");
    qy_column_release(out);
    qy_column *d = DATE(1, "2023-07-20");
    CHECK_INT(qy_period_labels_zh(d, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "period labels are strings, not date");
    for (long n = 0, rc = QY_ENOMEM; rc == QY_ENOMEM && n < 100; n++) {
        out = NULL;
        qy_alloc_fail_after(n);
        rc = qy_period_labels_zh(c, &out, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_ENOMEM) CHECK(out == NULL);
        else CHECK_INT(rc, QY_OK);
        qy_column_release(out);
    }
    qy_column_release(d);
    qy_column_release(first);
    qy_column_release(bad);
    qy_column_release(empty);
    qy_column_release(none);
    qy_column_release(c);
}

static void wide_spans_and_old_years(void)
{
    /* far apart: no per-day table, one conversion per row */
    qy_column *d = DATE(4, "0001-01-01", "9999-12-31", "1970-01-01", "1969-12-31");
    CHECK_STR(part(d, QY_PART_YEAR), "1 9999 1970 1969");
    CHECK_STR(labels(d, 'Q', 4), "0001Q1 9999Q4 1970Q1 1969Q4");
    CHECK_STR(labels(d, 'M', 4), "0001-01 9999-12 1970-01 1969-12");
    qy_column_release(d);
}

static void month_strings(void)
{
    qy_column *m = STR(6, "2023-05", "2022-01", NULL, "2023-12", "2023/7", "2023-06-30");
    CHECK_STR(part(m, QY_PART_YEAR), "2023 2022 null 2023 2023 2023");
    CHECK_STR(part(m, QY_PART_QUARTER), "2 1 null 4 3 2");
    CHECK_STR(labels(m, 'Q', 4), "2023Q2 2022Q1 null 2023Q4 2023Q3 2023Q2");
    CHECK_STR(labels(m, 'M', 5), "2023-05 2022-01 null 2023-12 2023-07 2023-06");
    CHECK_STR(labels(m, 'H', 3), "2023H1 2022H1 null 2023H2 2023H2 2023H1");
    qy_column_release(m);
}

static void labels_sort_chronologically(void)
{
    qy_column *d = DATE(4, "2023-10-01", "2023-09-30", "2024-01-01", "0999-05-01");
    qy_column *out = NULL;
    CHECK_INT(qy_period_of(d, 'M', QY_PERIOD_CODED, &out, NULL), QY_OK);
    CHECK(strcmp(qy_dict_get(out->dict, out->v.code[1], NULL),
                 qy_dict_get(out->dict, out->v.code[0], NULL)) < 0);     /* 2023-09 < 2023-10 */
    CHECK(strcmp(qy_dict_get(out->dict, out->v.code[0], NULL),
                 qy_dict_get(out->dict, out->v.code[2], NULL)) < 0);
    CHECK(strcmp(qy_dict_get(out->dict, out->v.code[3], NULL),
                 qy_dict_get(out->dict, out->v.code[1], NULL)) < 0);     /* 0999 padded */
    qy_column_release(out);
    qy_column_release(d);
}

static void nulls_and_empty(void)
{
    qy_column *none = DATE(2, NULL, NULL), *empty = DATE(0, NULL);
    CHECK_STR(part(none, QY_PART_MONTH), "null null");
    CHECK_STR(labels(none, 'Y', 0), "null null");
    CHECK_STR(labels(empty, 'Q', 0), "");
    CHECK_STR(part(empty, QY_PART_YEAR), "");
    qy_column_release(none);
    qy_column_release(empty);
}

static void errors(void)
{
    qy_column *m = STR(3, "2023-05", "总计", "2023-13"), *i = column_of(QY_INT64, 0, 1, (const char *[]){"2023"});
    qy_column *out = NULL;
    qy_error err = {0};
    CHECK_INT(qy_period_of(m, 'Q', QY_PERIOD_CODED, &out, &err), QY_EPARSE);
    CHECK_STR(err.msg, "'总计' at row 2 is not a month (YYYY-MM)");
    CHECK_INT(qy_date_part_of(m, QY_PART_YEAR, &out, &err), QY_EPARSE);
    CHECK_INT(qy_period_of(m, 'W', QY_PERIOD_CODED, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "unknown period 'W' (expected Y, H, Q or M)");
    CHECK_INT(qy_date_part_of(i, QY_PART_YEAR, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "periods need a date column or months (YYYY-MM), not int64");
    CHECK(out == NULL);
    /* entries no row uses do not matter */
    qy_column *first = NULL;
    CHECK_INT(qy_column_take(m, (const int64_t[]){0}, 1, &first, NULL), QY_OK);
    CHECK_STR(labels(first, 'Y', 1), "2023");
    qy_column_release(first);
    qy_column_release(m);
    qy_column_release(i);
}

static void out_of_memory(void)
{
    qy_column *d = DATE(3, "2023-06-30", NULL, "2023-01-05");
    qy_column *m = STR(2, "2023-05", NULL);
    const qy_column *cols[] = {d, m};
    for (int k = 0; k < 2; k++) {
        int rc = QY_ENOMEM;
        for (long n = 0; rc == QY_ENOMEM && n < 100; n++) {
            qy_column *out = NULL;
            qy_error err = {0};
            qy_alloc_fail_after(n);
            rc = qy_period_of(cols[k], 'Q', QY_PERIOD_CODED, &out, &err);
            qy_alloc_fail_after(-1);
            if (rc == QY_ENOMEM) CHECK(out == NULL && err.msg[0]);
            qy_column_release(out);
        }
        CHECK_INT(rc, QY_OK);
    }
    qy_column_release(d);
    qy_column_release(m);
}

int main(void)
{
    RUN(parts_of_real_dates);
    RUN(labels_of_real_dates);
    RUN(days_and_weekdays);
    RUN(chinese_labels);
    RUN(chinese_labels_of_coded_ones);
    RUN(chinese_labels_of_a_column);
    RUN(wide_spans_and_old_years);
    RUN(month_strings);
    RUN(labels_sort_chronologically);
    RUN(nulls_and_empty);
    RUN(errors);
    RUN(out_of_memory);
    return check_summary("test_period");
}
