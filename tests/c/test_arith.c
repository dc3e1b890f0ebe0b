/* test_arith.c — column arithmetic: result types, exact money at several
 * scales, overflow naming the row, division by zero, nulls, dates, type
 * errors, running out of memory. */
#include <stdio.h>

#include "alloc.h"
#include "arith.h"
#include "cast.h"
#include "check.h"
#include "fixtures.h"

static const char *type_of(const qy_column *c)
{
    static char name[16];
    return qy_type_name(c->type, c->scale, name);
}

/* a op b, which must succeed; caller releases. */
static qy_column *calc(qy_arith_op op, qy_operand a, qy_operand b, int64_t n)
{
    qy_column *out = NULL;
    qy_error err = {0};
    int rc = qy_arith(op, &a, &b, n, &out, &err);
    if (rc != QY_OK) printf("  unexpected error: %s\n", err.msg);
    CHECK_INT(rc, QY_OK);
    return out;
}

/* The message of a op b, which must fail with code. */
static const char *fails(qy_arith_op op, qy_operand a, qy_operand b, int64_t n, int code)
{
    static qy_error err;
    err = (qy_error){0};
    qy_column *out = NULL;
    CHECK_INT(qy_arith(op, &a, &b, n, &out, &err), code);
    CHECK(out == NULL);
    return err.msg;
}

#define DEC(scale, n, ...) column_of(QY_DECIMAL, scale, n, (const char *[]){__VA_ARGS__})
#define INT(n, ...) column_of(QY_INT64, 0, n, (const char *[]){__VA_ARGS__})
#define FLT(n, ...) column_of(QY_FLOAT64, 0, n, (const char *[]){__VA_ARGS__})
#define DATE(n, ...) column_of(QY_DATE, 0, n, (const char *[]){__VA_ARGS__})
#define STR(n, ...) column_of(QY_STRING, 0, n, (const char *[]){__VA_ARGS__})

static void money_stays_exact(void)
{
    qy_column *amount = DEC(2, 3, "0.10", "0.20", "1272.65");
    qy_column *r = calc(QY_MUL, col(amount), val(qy_scalar_int64(10000)), 3);
    CHECK_STR(type_of(r), "decimal(2)");
    CHECK_STR(column_text(r), "1000.00 2000.00 12726500.00");
    qy_column_release(r);

    qy_column *tenths = DEC(1, 3, "0.1", "0.7", "-2.5");
    r = calc(QY_ADD, col(tenths), col(amount), 3);
    CHECK_STR(type_of(r), "decimal(2)");
    CHECK_STR(column_text(r), "0.20 0.90 1270.15");
    qy_column_release(r);
    r = calc(QY_SUB, col(tenths), col(amount), 3);
    CHECK_STR(column_text(r), "0.00 0.50 -1275.15");
    qy_column_release(r);
    r = calc(QY_ADD, col(amount), val(qy_scalar_decimal(5, 3)), 3);   /* + 0.005 */
    CHECK_STR(type_of(r), "decimal(3)");
    CHECK_STR(column_text(r), "0.105 0.205 1272.655");
    qy_column_release(r);
    r = calc(QY_SUB, val(qy_scalar_int64(1)), col(amount), 3);
    CHECK_STR(column_text(r), "0.90 0.80 -1271.65");
    qy_column_release(r);
    qy_column_release(tenths);
    qy_column_release(amount);
}

static void result_types(void)
{
    CHECK_STR(qy_arith_symbol(QY_DIV), "/");
    qy_column *i = INT(2, "3", "-4"), *d = DEC(2, 2, "1.50", "0.25"), *f = FLT(2, "0.5", "2");
    qy_column *r = calc(QY_MUL, col(i), col(i), 2);
    CHECK_STR(type_of(r), "int64");
    CHECK_STR(column_text(r), "9 16");
    qy_column_release(r);
    r = calc(QY_MUL, col(d), col(d), 2);
    CHECK_STR(type_of(r), "decimal(4)");
    CHECK_STR(column_text(r), "2.2500 0.0625");
    qy_column_release(r);
    qy_column *d4 = NULL;
    CHECK_INT(qy_column_cast(d, QY_DECIMAL, 4, &d4, NULL), QY_OK);
    r = calc(QY_MUL, col(d4), col(d), 2);                    /* scale 6 fits */
    CHECK_STR(type_of(r), "decimal(6)");
    qy_column_release(r);
    r = calc(QY_MUL, col(d4), col(d4), 2);                   /* scale 8 does not */
    CHECK_STR(type_of(r), "float64");
    CHECK_STR(column_text(r), "2.25 0.0625");
    qy_column_release(r);
    r = calc(QY_MUL, val(qy_scalar_int64(3)), col(d), 2);
    CHECK_STR(type_of(r), "decimal(2)");
    CHECK_STR(column_text(r), "4.50 0.75");
    qy_column_release(r);
    r = calc(QY_ADD, col(f), col(d), 2);
    CHECK_STR(type_of(r), "float64");
    CHECK_STR(column_text(r), "2 2.25");
    qy_column_release(r);
    r = calc(QY_SUB, col(i), val(qy_scalar_float64(0.5)), 2);
    CHECK_STR(column_text(r), "2.5 -4.5");
    qy_column_release(r);
    qy_column_release(d4);
    qy_column_release(i);
    qy_column_release(d);
    qy_column_release(f);
}

static void division_gives_floats_and_null_for_zero(void)
{
    qy_column *funds = DEC(2, 4, "1.00", "2.50", "3.00", "0.00");
    qy_column *amount = DEC(2, 4, "4.00", "0.00", "1.50", "0.00");
    qy_column *r = calc(QY_DIV, col(funds), col(amount), 4);
    CHECK_STR(type_of(r), "float64");
    CHECK_STR(column_text(r), "0.25 null 2 null");
    CHECK_INT(r->null_count, 2);
    qy_column_release(r);
    qy_column *tenths = DEC(1, 4, "1.0", "0.5", "3.0", "1.0");
    r = calc(QY_DIV, col(tenths), col(amount), 4);            /* scales differ */
    CHECK_STR(column_text(r), "0.25 null 2 null");
    qy_column_release(r);
    r = calc(QY_DIV, col(funds), col(tenths), 4);
    CHECK_STR(column_text(r), "1 5 1 0");
    qy_column_release(r);
    r = calc(QY_DIV, col(funds), val(qy_scalar_int64(0)), 4);
    CHECK_INT(r->null_count, 4);
    qy_column_release(r);
    qy_column *f = FLT(2, "1", "-0.0");
    r = calc(QY_DIV, val(qy_scalar_int64(3)), col(f), 2);
    CHECK_STR(column_text(r), "3 null");
    qy_column_release(r);
    qy_column *i = INT(2, "7", "2");
    r = calc(QY_DIV, col(i), val(qy_scalar_int64(2)), 2);
    CHECK_STR(column_text(r), "3.5 1");
    qy_column_release(r);
    qy_column_release(i);
    qy_column_release(f);
    qy_column_release(tenths);
    qy_column_release(funds);
    qy_column_release(amount);
}

static void nulls_propagate(void)
{
    qy_column *a = DEC(2, 4, "1.00", NULL, "3.00", NULL);
    qy_column *b = INT(4, NULL, "2", "3", NULL);
    qy_column *r = calc(QY_ADD, col(a), col(b), 4);
    CHECK_STR(column_text(r), "null null 6.00 null");
    CHECK_INT(r->null_count, 3);
    CHECK_INT(r->v.i64[0], 0);                       /* null rows hold 0 */
    qy_column_release(r);
    r = calc(QY_MUL, col(a), val(qy_scalar_null()), 4);
    CHECK_STR(type_of(r), "decimal(2)");
    CHECK_STR(column_text(r), "null null null null");
    qy_column_release(r);
    r = calc(QY_NEG, col(a), val(qy_scalar_null()), 4);
    CHECK_STR(column_text(r), "-1.00 null -3.00 null");
    qy_column_release(r);
    qy_column *none = INT(2, NULL, NULL);
    r = calc(QY_SUB, col(none), val(qy_scalar_int64(INT64_MIN)), 2);   /* 0 - MIN on nulls only */
    CHECK_STR(column_text(r), "null null");
    qy_column_release(r);
    qy_column_release(none);
    qy_column_release(a);
    qy_column_release(b);
}

static void overflow_names_the_row(void)
{
    qy_column *amount = DEC(2, 3, "1.00", "92233720368547758.07", "2.00");
    CHECK_STR(fails(QY_MUL, col(amount), val(qy_scalar_int64(10000)), 3, QY_EOVERFLOW),
              "decimal(2) * 10000: overflow at row 2");
    CHECK_STR(fails(QY_ADD, col(amount), col(amount), 3, QY_EOVERFLOW),
              "decimal(2) + decimal(2): overflow at row 2");
    CHECK_STR(fails(QY_SUB, val(qy_scalar_decimal(-2, 2)), col(amount), 3, QY_EOVERFLOW),
              "-0.02 - decimal(2): overflow at row 2");
    CHECK_STR(fails(QY_ADD, col(amount), val(qy_scalar_decimal(1, 3)), 3, QY_EOVERFLOW),
              "decimal(2) + 0.001: overflow at row 2");         /* rescaling overflows */
    CHECK_STR(fails(QY_ADD, col(amount), val(qy_scalar_int64(INT64_MAX / 10)), 3, QY_EOVERFLOW),
              "decimal(2) + 922337203685477580: overflow at row 1");
    qy_column *big = INT(2, NULL, "-9223372036854775808");
    CHECK_STR(fails(QY_NEG, col(big), val(qy_scalar_null()), 2, QY_EOVERFLOW),
              "-int64: overflow at row 2");
    qy_column_release(big);
    qy_column_release(amount);
}

static void dates(void)
{
    qy_column *d = DATE(3, "2023-06-30", NULL, "2024-02-28");
    qy_column *r = calc(QY_ADD, col(d), val(qy_scalar_int64(1)), 3);
    CHECK_STR(type_of(r), "date");
    CHECK_STR(column_text(r), "2023-07-01 null 2024-02-29");
    qy_column_release(r);
    r = calc(QY_ADD, val(qy_scalar_int64(-30)), col(d), 3);
    CHECK_STR(column_text(r), "2023-05-31 null 2024-01-29");
    qy_column_release(r);
    int32_t jan1;
    qy_date_parse("2023-01-01", 10, &jan1);
    r = calc(QY_SUB, col(d), val(qy_scalar_date(jan1)), 3);
    CHECK_STR(type_of(r), "int64");
    CHECK_STR(column_text(r), "180 null 423");
    qy_column_release(r);
    r = calc(QY_SUB, col(d), col(d), 3);
    CHECK_STR(column_text(r), "0 null 0");
    qy_column_release(r);
    CHECK_STR(fails(QY_ADD, col(d), val(qy_scalar_int64(INT64_C(3000000000))), 3, QY_EOVERFLOW),
              "date + 3000000000: date out of range at row 1");
    CHECK_STR(fails(QY_ADD, col(d), col(d), 3, QY_ETYPE), "cannot add date and date");
    CHECK_STR(fails(QY_SUB, val(qy_scalar_int64(1)), col(d), 3, QY_ETYPE),
              "cannot subtract date from int64");
    CHECK_STR(fails(QY_MUL, col(d), val(qy_scalar_int64(2)), 3, QY_ETYPE),
              "cannot multiply date by int64");
    CHECK_STR(fails(QY_NEG, col(d), val(qy_scalar_null()), 3, QY_ETYPE), "cannot negate date");
    qy_column_release(d);
}

static void type_errors(void)
{
    qy_column *s = STR(2, "环县", "宁县"), *i = INT(2, "1", "2");
    CHECK_STR(fails(QY_ADD, col(s), col(i), 2, QY_ETYPE), "cannot add string and int64");
    CHECK_STR(fails(QY_DIV, col(i), val(qy_scalar_bool(true)), 2, QY_ETYPE),
              "cannot divide int64 by bool");
    CHECK_STR(fails(QY_ADD, col(s), col(i), 3, QY_EINVAL),
              "a column of 2 rows where 3 were expected");
    qy_column *three = INT(3, "1", "2", "3");
    CHECK_STR(fails(QY_ADD, col(three), col(i), 3, QY_EINVAL), "columns of 3 and 2 rows");
    qy_column_release(three);
    qy_column_release(s);
    qy_column_release(i);
}

static void shapes_and_sizes(void)
{
    qy_column *e = INT(0, NULL);
    qy_column *r = calc(QY_ADD, col(e), val(qy_scalar_int64(1)), 0);
    CHECK_INT(r->length, 0);
    qy_column_release(r);
    qy_column_release(e);
    r = calc(QY_MUL, val(qy_scalar_int64(6)), val(qy_scalar_int64(7)), 2);
    CHECK_STR(column_text(r), "42 42");
    qy_column_release(r);
    /* long enough for vectorized loops and their tails */
    enum { N = 1003 };
    qy_column *a;
    CHECK_INT(qy_column_new(QY_DECIMAL, 2, NULL, N, &a, NULL), QY_OK);
    for (int k = 0; k < N; k++) a->v.i64[k] = k;
    r = calc(QY_SUB, col(a), col(a), N);
    int64_t sum = 0;
    for (int k = 0; k < N; k++) sum += r->v.i64[k];
    CHECK_INT(sum, 0);
    qy_column_release(r);
    a->v.i64[N - 1] = INT64_MAX;
    CHECK_STR(fails(QY_ADD, col(a), val(qy_scalar_decimal(1, 2)), N, QY_EOVERFLOW),
              "decimal(2) + 0.01: overflow at row 1003");
    qy_column_release(a);
}

static void out_of_memory(void)
{
    qy_column *a = DEC(1, 3, "1.5", NULL, "2.5"), *b = DEC(2, 3, "1.00", "2.00", "0.00");
    qy_arith_op ops[] = {QY_ADD, QY_MUL, QY_DIV};
    for (int k = 0; k < 3; k++) {
        int rc = QY_ENOMEM;
        for (long n = 0; rc == QY_ENOMEM && n < 100; n++) {
            qy_operand x = col(a), y = col(b);
            qy_column *out = NULL;
            qy_error err = {0};
            qy_alloc_fail_after(n);
            rc = qy_arith(ops[k], &x, &y, 3, &out, &err);
            qy_alloc_fail_after(-1);
            if (rc == QY_ENOMEM) CHECK(out == NULL && err.msg[0]);
            qy_column_release(out);
        }
        CHECK_INT(rc, QY_OK);
    }
    qy_column_release(a);
    qy_column_release(b);
}

int main(void)
{
    RUN(money_stays_exact);
    RUN(result_types);
    RUN(division_gives_floats_and_null_for_zero);
    RUN(nulls_propagate);
    RUN(overflow_names_the_row);
    RUN(dates);
    RUN(type_errors);
    RUN(shapes_and_sizes);
    RUN(out_of_memory);
    return check_summary("test_arith");
}
