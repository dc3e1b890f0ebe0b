/* test_replace.c — whole-value replacement in columns that are not
 * strings: each type, to null, scalars fit to the column (int -> decimal,
 * decimal -> float), values that do not fit, nulls, empty columns, running
 * out of memory. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "replace.h"

static const char *replaced(const qy_column *c, qy_scalar from, qy_scalar to)
{
    qy_column *out = NULL;
    qy_error err = {0};
    CHECK_INT(qy_replace_values(c, &from, &to, &out, &err), QY_OK);
    if (!out) return "error";
    CHECK_INT(out->type, c->type);
    CHECK_INT(out->scale, c->scale);
    const char *s = column_text(out);
    qy_column_release(out);
    return s;
}

static void each_type(void)
{
    qy_column *i = column_of(QY_INT64, 0, 5, (const char *[]){"0", "1", NULL, "0", "2"});
    CHECK_STR(replaced(i, qy_scalar_int64(0), qy_scalar_null()), "null 1 null null 2");
    CHECK_STR(replaced(i, qy_scalar_int64(1), qy_scalar_int64(-7)), "0 -7 null 0 2");
    CHECK_STR(replaced(i, qy_scalar_int64(9), qy_scalar_int64(1)), "0 1 null 0 2");
    CHECK_STR(replaced(i, qy_scalar_null(), qy_scalar_int64(1)), "0 1 null 0 2");  /* null matches nothing */
    qy_column *d = column_of(QY_DECIMAL, 2, 3, (const char *[]){"1.50", "0.00", NULL});
    CHECK_STR(replaced(d, qy_scalar_decimal(15, 1), qy_scalar_int64(2)), "2.00 0.00 null");
    CHECK_STR(replaced(d, qy_scalar_int64(0), qy_scalar_null()), "1.50 null null");
    qy_column *f = column_of(QY_FLOAT64, 0, 3, (const char *[]){"0.5", "-0.25", "0.5"});
    CHECK_STR(replaced(f, qy_scalar_decimal(5, 1), qy_scalar_int64(1)), "1 -0.25 1");
    CHECK_STR(replaced(f, qy_scalar_float64(-0.25), qy_scalar_float64(2.5)), "0.5 2.5 0.5");
    qy_column *day = column_of(QY_DATE, 0, 2, (const char *[]){"2023-06-30", "1900-01-01"});
    int32_t sentinel, real;
    qy_date_parse("1900-01-01", 10, &sentinel);
    qy_date_parse("2023-07-01", 10, &real);
    CHECK_STR(replaced(day, qy_scalar_date(sentinel), qy_scalar_null()), "2023-06-30 null");
    CHECK_STR(replaced(day, qy_scalar_date(sentinel), qy_scalar_date(real)), "2023-06-30 2023-07-01");
    qy_column *b = column_of(QY_BOOL, 0, 3, (const char *[]){"true", "false", NULL});
    CHECK_STR(replaced(b, qy_scalar_bool(false), qy_scalar_bool(true)), "true true null");
    qy_column *empty = column_of(QY_INT64, 0, 0, NULL);
    CHECK_STR(replaced(empty, qy_scalar_int64(0), qy_scalar_null()), "");
    qy_column_release(i);
    qy_column_release(d);
    qy_column_release(f);
    qy_column_release(day);
    qy_column_release(b);
    qy_column_release(empty);
}

static void values_that_do_not_fit(void)
{
    qy_column *i = column_of(QY_INT64, 0, 1, (const char *[]){"1"});
    qy_column *d = column_of(QY_DECIMAL, 2, 1, (const char *[]){"1.00"});
    qy_column *s = column_of(QY_STRING, 0, 1, (const char *[]){"a"});
    qy_scalar one = qy_scalar_int64(1), text = qy_scalar_string("a", 1), fit;
    qy_column *out = NULL;
    qy_error err = {0};
    CHECK_INT(qy_scalar_fit(&text, i, &fit, &err), QY_ETYPE);
    CHECK_STR(err.msg, "value of type int64 expected, got string");
    qy_scalar half = qy_scalar_float64(0.5);
    CHECK_INT(qy_replace_values(i, &one, &half, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "value of type int64 expected, got float64");
    qy_scalar fine = qy_scalar_decimal(1005, 3), huge = qy_scalar_int64(INT64_MAX / 10);
    CHECK_INT(qy_scalar_fit(&fine, d, &fit, &err), QY_ETYPE);
    CHECK_STR(err.msg, "value does not fit decimal(2)");
    CHECK_INT(qy_scalar_fit(&huge, d, &fit, &err), QY_ETYPE);
    CHECK_INT(qy_scalar_fit(&one, d, &fit, &err), QY_OK);
    CHECK_INT(fit.type, QY_DECIMAL);
    CHECK_INT(fit.v.i64, 100);
    CHECK_INT(qy_replace_values(s, &text, &text, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "whole values of a string column cannot be replaced");
    CHECK(out == NULL);
    qy_column_release(i);
    qy_column_release(d);
    qy_column_release(s);
}

static void out_of_memory(void)
{
    qy_column *i = column_of(QY_INT64, 0, 4, (const char *[]){"0", NULL, "1", "0"});
    qy_scalar zero = qy_scalar_int64(0), none = qy_scalar_null();
    int rc = QY_ENOMEM;
    for (long n = 0; rc == QY_ENOMEM && n < 100; n++) {
        qy_column *out = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        rc = qy_replace_values(i, &zero, &none, &out, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_ENOMEM) CHECK(out == NULL && err.msg[0]);
        qy_column_release(out);
    }
    CHECK_INT(rc, QY_OK);
    qy_column_release(i);
}

int main(void)
{
    RUN(each_type);
    RUN(values_that_do_not_fit);
    RUN(out_of_memory);
    return check_summary("test_replace");
}
