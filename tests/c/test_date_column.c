/* test_date_column.c — date columns shifted by days and months (scalar and
 * column amounts, nulls, the range), days between, formatting by pattern
 * (one dict entry per text, short and wide spans), errors, running out of
 * memory. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "date_column.h"
#include "fixtures.h"

#define DATE(n, ...) column_of(QY_DATE, 0, n, (const char *[]){__VA_ARGS__})
#define INTS(n, ...) column_of(QY_INT64, 0, n, (const char *[]){__VA_ARGS__})

typedef int (*shift_verb)(const qy_column *c, const qy_operand *n, qy_column **out, qy_error *err);

/* The rows of verb(c, n) as text, or "error: ..." */
static const char *shifted(shift_verb verb, const qy_column *c, const qy_operand *n)
{
    static char buf[600];
    qy_column *out = NULL;
    qy_error err = {0};
    if (verb(c, n, &out, &err) != QY_OK) {
        CHECK(out == NULL);
        snprintf(buf, sizeof buf, "error: %.500s", err.msg);
        return buf;
    }
    CHECK_INT(out->type, QY_DATE);
    snprintf(buf, sizeof buf, "%s", column_text(out));
    qy_column_release(out);
    return buf;
}

static qy_operand by(int64_t n) { return (qy_operand){.scalar = qy_scalar_int64(n)}; }
static qy_operand by_column(const qy_column *c) { return (qy_operand){.col = c}; }

static void add_days(void)
{
    qy_column *d = DATE(4, "2023-07-20", NULL, "2024-02-28", "2023-12-31");
    qy_column *n = INTS(4, "1", "5", NULL, "-365");
    qy_operand plus_one = by(1), minus_31 = by(-31), zero = by(0), each = by_column(n);
    CHECK_STR(shifted(qy_add_days, d, &plus_one), "2023-07-21 null 2024-02-29 2024-01-01");
    CHECK_STR(shifted(qy_add_days, d, &minus_31), "2023-06-19 null 2024-01-28 2023-11-30");
    CHECK_STR(shifted(qy_add_days, d, &zero), "2023-07-20 null 2024-02-28 2023-12-31");
    CHECK_STR(shifted(qy_add_days, d, &each), "2023-07-21 null null 2022-12-31");
    qy_operand null_days = {.scalar = qy_scalar_null()};
    CHECK_STR(shifted(qy_add_days, d, &null_days), "null null null null");
    qy_column_release(d);
    qy_column_release(n);
}

static void add_months(void)
{
    qy_column *d = DATE(6, "2023-01-31", "2024-01-31", NULL, "2023-03-31", "2024-02-29", "2023-07-20");
    qy_operand one = by(1), minus_one = by(-1), year = by(12), minus_19 = by(-19);
    CHECK_STR(shifted(qy_add_months, d, &one), "2023-02-28 2024-02-29 null 2023-04-30 2024-03-29 2023-08-20");
    CHECK_STR(shifted(qy_add_months, d, &minus_one), "2022-12-31 2023-12-31 null 2023-02-28 2024-01-29 2023-06-20");
    CHECK_STR(shifted(qy_add_months, d, &year), "2024-01-31 2025-01-31 null 2024-03-31 2025-02-28 2024-07-20");
    CHECK_STR(shifted(qy_add_months, d, &minus_19), "2021-06-30 2022-06-30 null 2021-08-31 2022-07-29 2021-12-20");
    qy_column *n = INTS(6, "1", NULL, "1", "-1", "0", "-7");
    qy_operand each = by_column(n);
    CHECK_STR(shifted(qy_add_months, d, &each), "2023-02-28 null null 2023-02-28 2024-02-29 2022-12-20");
    qy_column_release(n);
    qy_column_release(d);
}

static void shift_errors(void)
{
    qy_column *d = DATE(3, "2023-07-20", NULL, "9999-12-31"), *i = INTS(2, "1", "2");
    qy_column *f = column_of(QY_FLOAT64, 0, 3, (const char *[]){"1.5", "2", "3"});
    qy_operand one = by(1), ints = by_column(i), floats = by_column(f), huge = by(INT64_MAX);
    qy_operand text = {.scalar = qy_scalar_string("1", 1)};
    CHECK_STR(shifted(qy_add_days, d, &one), "error: '9999-12-31' + 1 days at row 3 is out of range");
    CHECK_STR(shifted(qy_add_months, d, &one), "error: '9999-12-31' + 1 months at row 3 is out of range");
    CHECK_STR(shifted(qy_add_days, d, &huge), "error: '2023-07-20' + 9223372036854775807 days at row 1 is out of range");
    CHECK_STR(shifted(qy_add_days, i, &one), "error: add_days needs a date column, not int64");
    CHECK_STR(shifted(qy_add_months, i, &one), "error: add_months needs a date column, not int64");
    CHECK_STR(shifted(qy_add_days, d, &floats), "error: the days must be an integer or an int64 column, not float64");
    CHECK_STR(shifted(qy_add_months, d, &text), "error: the months must be an integer or an int64 column, not string");
    CHECK_STR(shifted(qy_add_days, d, &ints), "error: columns of 3 and 2 rows");
    qy_column *empty = DATE(0, NULL);
    CHECK_STR(shifted(qy_add_months, empty, &one), "");
    qy_column_release(empty);
    qy_column_release(d);
    qy_column_release(i);
    qy_column_release(f);
}

static void days_between(void)
{
    qy_column *a = DATE(4, "2023-01-01", NULL, "2024-02-28", "2023-07-20");
    qy_column *b = DATE(4, "2023-07-20", "2023-01-01", "2024-03-01", "2023-01-01");
    qy_operand ca = by_column(a), cb = by_column(b);
    qy_operand new_year = {.scalar = qy_scalar_date(qy_days_from_civil(2023, 1, 1))};
    qy_column *out = NULL;
    CHECK_INT(qy_days_between(&ca, &cb, 4, &out, NULL), QY_OK);
    CHECK_INT(out->type, QY_INT64);
    CHECK_STR(column_text(out), "200 null 2 -200");
    qy_column_release(out);
    CHECK_INT(qy_days_between(&new_year, &ca, 4, &out, NULL), QY_OK);
    CHECK_STR(column_text(out), "0 null 423 200");
    qy_column_release(out);
    qy_error err = {0};
    qy_column *i = INTS(4, "1", "2", "3", "4"), *short_one = DATE(1, "2023-01-01");
    qy_operand ci = by_column(i), cs = by_column(short_one);
    out = NULL;
    CHECK_INT(qy_days_between(&ca, &ci, 4, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "days_between needs a date column, not int64");
    CHECK_INT(qy_days_between(&new_year, &new_year, 1, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "days_between needs a date column");
    CHECK_INT(qy_days_between(&ca, &cs, 4, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "columns of 4 and 1 rows");
    CHECK(out == NULL);
    qy_column_release(a);
    qy_column_release(b);
    qy_column_release(i);
    qy_column_release(short_one);
}

/* The rows of c written by fmt, checking the dict holds dict_size texts. */
static const char *formatted(const qy_column *c, const char *fmt, uint32_t dict_size)
{
    qy_column *out = NULL;
    CHECK_INT(qy_format_dates(c, fmt, strlen(fmt), &out, NULL), QY_OK);
    if (!out) return "error";
    CHECK_INT(out->type, QY_STRING);
    CHECK_INT(qy_dict_size(out->dict), dict_size);
    const char *s = column_text(out);
    qy_column_release(out);
    return s;
}

static void format(void)
{
    qy_column *d = DATE(5, "2023-07-20", NULL, "2023-07-02", "2023-07-20", "2024-12-31");
    CHECK_STR(formatted(d, "%Y年%-m月%-d日", 3), "2023年7月20日 null 2023年7月2日 2023年7月20日 2024年12月31日");
    CHECK_STR(formatted(d, "%Y/%m/%d", 3), "2023/07/20 null 2023/07/02 2023/07/20 2024/12/31");
    CHECK_STR(formatted(d, "%Y", 2), "2023 null 2023 2023 2024");         /* one entry per text */
    CHECK_STR(formatted(d, "%j", 3), "201 null 183 201 366");
    CHECK_STR(formatted(d, "第%y年", 2), "第23年 null 第23年 第23年 第24年");
    /* a wide span: formatted per row, each text once in the dict */
    qy_column *wide = DATE(4, "0001-01-01", "9999-12-31", NULL, "0001-01-01");
    CHECK_STR(formatted(wide, "%-d.%-m.%Y", 2), "1.1.0001 31.12.9999 null 1.1.0001");
    /* a text longer than any first guess */
    char long_fmt[300], want[300];
    memset(long_fmt, 'x', 200);
    strcpy(long_fmt + 200, "%Y");
    memset(want, 'x', 200);
    strcpy(want + 200, "2023");
    qy_column *one = DATE(1, "2023-07-20");
    CHECK_STR(formatted(one, long_fmt, 1), want);
    qy_column *empty = DATE(0, NULL), *none = DATE(2, NULL, NULL);
    CHECK_STR(formatted(empty, "%Y", 0), "");
    CHECK_STR(formatted(none, "%Y", 0), "null null");
    qy_error err = {0};
    qy_column *out = NULL, *i = INTS(1, "1");
    CHECK_INT(qy_format_dates(d, "%Y-%q", 5, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "unknown code '%q' in the date format (known: %Y %m %d %-m %-d %y %j %%)");
    CHECK_INT(qy_format_dates(i, "%Y", 2, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "format needs a date column, not int64");
    CHECK(out == NULL);
    qy_column_release(i);
    qy_column_release(d);
    qy_column_release(wide);
    qy_column_release(one);
    qy_column_release(empty);
    qy_column_release(none);
}

static void out_of_memory(void)
{
    qy_column *d = DATE(3, "2023-06-30", NULL, "2023-01-05"), *wide = DATE(2, "0001-01-01", "9999-12-31");
    const qy_column *cols[] = {d, wide};
    qy_operand zero = by(0);
    for (int k = 0; k < 2; k++) {
        int rc = QY_ENOMEM;
        for (long n = 0; rc == QY_ENOMEM && n < 100; n++) {
            qy_column *out = NULL, *shifted_out = NULL;
            qy_error err = {0};
            qy_alloc_fail_after(n);
            rc = qy_format_dates(cols[k], "%Y年%-m月", strlen("%Y年%-m月"), &out, &err);
            if (rc == QY_OK) rc = qy_add_months(cols[k], &zero, &shifted_out, &err);
            qy_alloc_fail_after(-1);
            if (rc == QY_ENOMEM) CHECK(shifted_out == NULL && err.msg[0]);
            qy_column_release(out);
            qy_column_release(shifted_out);
        }
        CHECK_INT(rc, QY_OK);
    }
    qy_column_release(d);
    qy_column_release(wide);
}

int main(void)
{
    RUN(add_days);
    RUN(add_months);
    RUN(shift_errors);
    RUN(days_between);
    RUN(format);
    RUN(out_of_memory);
    return check_summary("test_date_column");
}
