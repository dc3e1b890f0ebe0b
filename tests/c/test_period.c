/* test_period.c — calendar parts and period labels of dates and of
 * "YYYY-MM" month strings: nulls, wide date spans, one dict entry per
 * period, chronological byte order, bad months, running out of memory. */
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
    RUN(wide_spans_and_old_years);
    RUN(month_strings);
    RUN(labels_sort_chronologically);
    RUN(nulls_and_empty);
    RUN(errors);
    RUN(out_of_memory);
    return check_summary("test_period");
}
