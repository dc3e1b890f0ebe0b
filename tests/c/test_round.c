/* test_round.c — rounding half away from zero (decimals, floats), floats to
 * decimals exactly as printf rounds them, exact ratios. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "round.h"

#define DEC(scale, n, ...) column_of(QY_DECIMAL, scale, n, (const char *[]){__VA_ARGS__})
#define INT(n, ...) column_of(QY_INT64, 0, n, (const char *[]){__VA_ARGS__})
#define FLT(n, ...) column_of(QY_FLOAT64, 0, n, (const char *[]){__VA_ARGS__})

static const char *type_of(const qy_column *c)
{
    static char name[16];
    return qy_type_name(c->type, c->scale, name);
}

static qy_column *rounded(const qy_column *c, int digits)
{
    qy_column *out = NULL;
    qy_error err = {0};
    CHECK_INT(qy_column_round(c, digits, &out, &err), QY_OK);
    return out;
}

static void decimals_round_half_away_from_zero(void)
{
    qy_column *d = DEC(3, 6, "1.005", "-1.005", "2.345", NULL, "0.004", "-0.005");
    qy_column *r = rounded(d, 2);
    CHECK_STR(type_of(r), "decimal(2)");
    CHECK_STR(column_text(r), "1.01 -1.01 2.35 null 0.00 -0.01");
    CHECK_INT(r->null_count, 1);
    qy_column_release(r);
    r = rounded(d, 0);
    CHECK_STR(column_text(r), "1 -1 2 null 0 0");
    qy_column_release(r);
    r = rounded(d, 3);                 /* nothing to round: the column itself */
    CHECK(r == d);
    qy_column_release(r);
    r = rounded(d, 6);
    CHECK(r == d);
    qy_column_release(r);
    qy_column *i = INT(2, "7", NULL);
    r = rounded(i, 2);
    CHECK(r == i);
    qy_column_release(r);
    qy_column_release(i);
    qy_column_release(d);
}

static void floats_round_on_their_exact_value(void)
{
    CHECK_DBL(qy_float_round(2.675, 2), 2.67);       /* 2.67499999... */
    CHECK_DBL(qy_float_round(0.125, 2), 0.13);       /* exact: a true tie */
    CHECK_DBL(qy_float_round(-0.125, 2), -0.13);
    CHECK_DBL(qy_float_round(2.5, 0), 3);
    CHECK_DBL(qy_float_round(-2.5, 0), -3);
    CHECK_DBL(qy_float_round(1.005, 2), 1.0);        /* 1.00499999... */
    CHECK_DBL(qy_float_round(-0.001, 2), 0.0);
    CHECK(!signbit(qy_float_round(-0.001, 2)));
    CHECK_DBL(qy_float_round(123456789012.345678, 6), 123456789012.345673);
    CHECK_DBL(qy_float_round(1e300, 2), 1e300);
    CHECK(isinf(qy_float_round(INFINITY, 2)));
    CHECK(isnan(qy_float_round(NAN, 2)));
    qy_column *f = FLT(3, "2.675", NULL, "-1.5");
    qy_column *r = rounded(f, 1);
    CHECK_STR(type_of(r), "float64");
    CHECK_STR(column_text(r), "2.7 null -1.5");
    qy_column_release(r);
    qy_column_release(f);
}

static void floats_to_decimals_as_printf_writes_them(void)
{
    int64_t v;
    CHECK_INT(qy_float_to_decimal(60.125000000001, 2, &v), QY_OK);
    CHECK_INT(v, 6013);
    CHECK_INT(qy_float_to_decimal(0.125, 2, &v), QY_OK);
    CHECK_INT(v, 12);                                /* ties to even, as printf */
    CHECK_INT(qy_float_to_decimal(-2.675, 2, &v), QY_OK);
    CHECK_INT(v, -267);
    CHECK_INT(qy_float_to_decimal(1e-300, 6, &v), QY_OK);
    CHECK_INT(v, 0);
    CHECK_INT(qy_float_to_decimal(1e17, 2, &v), QY_EOVERFLOW);
    CHECK_INT(qy_float_to_decimal(NAN, 2, &v), QY_EOVERFLOW);
    CHECK_INT(qy_float_to_decimal(-INFINITY, 0, &v), QY_EOVERFLOW);
    /* Random doubles of every magnitude that fits, against printf itself. */
    srand(15);
    int mismatches = 0;
    for (int k = 0; k < 200000; k++) {
        int scale = k % 7;
        double x = ((double)rand() / RAND_MAX - 0.5) * pow(10, rand() % 13 - 6);
        if (k % 3 == 0) x = round(x * 1000) / 1000 + (k % 2 ? 5e-4 : -5e-4);  /* near ties */
        char text[64];
        snprintf(text, sizeof text, "%.*f", scale, x);
        int64_t want;
        if (qy_decimal_parse_at(text, strlen(text), scale, &want) != QY_OK) continue;
        mismatches += qy_float_to_decimal(x, scale, &v) != QY_OK || v != want;
    }
    CHECK_INT(mismatches, 0);
}

static const char *ratio_text(qy_operand a, qy_operand b, int64_t n, int scale, bool percent)
{
    qy_column *out = NULL;
    qy_error err = {0};
    int rc = qy_ratio(&a, &b, n, scale, percent, &out, &err);
    if (rc != QY_OK) return err.msg[0] ? "error" : "?";
    static char text[256];
    snprintf(text, sizeof text, "%s: %s", type_of(out), column_text(out));
    qy_column_release(out);
    return text;
}

static const char *ratio_error(qy_operand a, qy_operand b, int64_t n, int code)
{
    static qy_error err;
    err = (qy_error){0};
    qy_column *out = NULL;
    CHECK_INT(qy_ratio(&a, &b, n, 2, false, &out, &err), code);
    CHECK(out == NULL);
    return err.msg;
}

static void ratios_are_exact(void)
{
    qy_column *a = DEC(2, 4, "300.67", "-1.00", NULL, "5.00");
    qy_column *b = DEC(2, 4, "500.00", "8.00", "1.00", "0.00");
    CHECK_STR(ratio_text(col(a), col(b), 4, 2, true), "decimal(2): 60.13 -12.50 null null");
    CHECK_STR(ratio_text(col(a), col(b), 4, 2, false), "decimal(2): 0.60 -0.13 null null");
    qy_column *one = INT(3, "1", "-1", "2");
    CHECK_STR(ratio_text(col(one), val(qy_scalar_int64(3)), 3, 4, false),
              "decimal(4): 0.3333 -0.3333 0.6667");
    CHECK_STR(ratio_text(col(one), val(qy_scalar_int64(8)), 3, 2, false), "decimal(2): 0.13 -0.13 0.25");
    CHECK_STR(ratio_text(val(qy_scalar_decimal(1, 1)), col(one), 3, 0, true), "decimal(0): 10 -10 5");
    CHECK_STR(ratio_text(col(one), val(qy_scalar_null()), 3, 2, false), "decimal(2): null null null");
    CHECK_STR(ratio_text(col(one), val(qy_scalar_decimal(-3, 0)), 3, 6, false),
              "decimal(6): -0.333333 0.333333 -0.666667");
    qy_column *empty = INT(0, NULL);
    CHECK_STR(ratio_text(col(empty), col(empty), 0, 2, true), "decimal(2): ");
    qy_column *big = INT(2, "1", "9223372036854775807");
    CHECK_STR(ratio_error(col(big), val(qy_scalar_int64(1)), 2, QY_EOVERFLOW),
              "ratio overflows decimal(2) at row 2");
    qy_column *f = FLT(1, "0.5");
    CHECK_STR(ratio_error(col(f), val(qy_scalar_int64(1)), 1, QY_ETYPE),
              "ratio needs int64 or decimal values, not float64");
    CHECK_STR(ratio_error(col(a), col(one), 4, QY_EINVAL), "columns of 4 and 3 rows");
    qy_column_release(f);
    qy_column_release(big);
    qy_column_release(empty);
    qy_column_release(one);
    qy_column_release(a);
    qy_column_release(b);
}

static void bad_arguments(void)
{
    qy_column *s = column_of(QY_STRING, 0, 1, (const char *[]){"a"});
    qy_column *out = NULL;
    qy_error err = {0};
    CHECK_INT(qy_column_round(s, 2, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "round needs a number column, not string");
    CHECK_INT(qy_column_round(s, 7, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "digits must be 0 to 6, not 7");
    qy_operand a = {.col = s}, b = {.scalar = qy_scalar_int64(1)};
    CHECK_INT(qy_ratio(&a, &b, 1, -1, false, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "scale must be 0 to 6, not -1");
    CHECK(out == NULL);
    qy_column_release(s);
}

static void out_of_memory(void)
{
    qy_column *d = DEC(3, 2, "1.005", NULL);
    qy_operand a = col(d), b = val(qy_scalar_int64(3));
    for (long n = 0; n < 10; n++) {
        qy_column *out = NULL, *out2 = NULL;
        qy_alloc_fail_after(n);
        int rc = qy_column_round(d, 2, &out, NULL), rc2 = qy_ratio(&a, &b, 2, 2, true, &out2, NULL);
        qy_alloc_fail_after(-1);
        CHECK(rc == QY_OK || rc == QY_ENOMEM);
        CHECK(rc2 == QY_OK || rc2 == QY_ENOMEM);
        qy_column_release(out);
        qy_column_release(out2);
    }
    qy_column_release(d);
}

int main(void)
{
    RUN(decimals_round_half_away_from_zero);
    RUN(floats_round_on_their_exact_value);
    RUN(floats_to_decimals_as_printf_writes_them);
    RUN(ratios_are_exact);
    RUN(bad_arguments);
    RUN(out_of_memory);
    return check_summary("test_round");
}
