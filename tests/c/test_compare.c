/* test_compare.c — comparisons across number types, strings (CJK, two
 * dicts), dates, bools; between, isin, isnull, contains; Kleene truth
 * tables; type and length errors; running out of memory. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "compare.h"
#include "fixtures.h"

/* A bool column as letters: T, F, or . for null. */
static const char *bits(const qy_column *c)
{
    static char out[256];
    int64_t i;
    for (i = 0; i < c->length && i < 255; i++)
        out[i] = qy_column_is_null(c, i) ? '.' : c->v.b[i] ? 'T' : 'F';
    out[i] = '\0';
    return out;
}

/* The letters of a op b, which must succeed. */
static const char *cmp(qy_cmp_op op, qy_operand a, qy_operand b, int64_t n)
{
    qy_column *out = NULL;
    qy_error err = {0};
    int rc = qy_compare(op, &a, &b, n, &out, &err);
    if (rc != QY_OK) printf("  unexpected error: %s\n", err.msg);
    CHECK_INT(rc, QY_OK);
    if (!out) return "error";
    CHECK_INT(out->type, QY_BOOL);
    const char *s = bits(out);
    for (int64_t i = 0; i < out->length; i++)
        if (qy_column_is_null(out, i)) CHECK_INT(out->v.b[i], 0);
    qy_column_release(out);
    return s;
}

/* All six ops of a against b, joined by spaces: "EQ NE LT LE GT GE". */
static const char *six(qy_operand a, qy_operand b, int64_t n)
{
    static char out[512];
    size_t len = 0;
    for (int op = QY_EQ; op <= QY_GE; op++)
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", op ? " " : "",
                                cmp((qy_cmp_op)op, a, b, n));
    return out;
}

#define DEC(scale, n, ...) column_of(QY_DECIMAL, scale, n, (const char *[]){__VA_ARGS__})
#define INT(n, ...) column_of(QY_INT64, 0, n, (const char *[]){__VA_ARGS__})
#define FLT(n, ...) column_of(QY_FLOAT64, 0, n, (const char *[]){__VA_ARGS__})
#define DATE(n, ...) column_of(QY_DATE, 0, n, (const char *[]){__VA_ARGS__})
#define STR(n, ...) column_of(QY_STRING, 0, n, (const char *[]){__VA_ARGS__})
#define BOOL(n, ...) column_of(QY_BOOL, 0, n, (const char *[]){__VA_ARGS__})

static qy_scalar str(const char *s) { return qy_scalar_string(s, strlen(s)); }

static void numbers_by_value(void)
{
    qy_column *d = DEC(2, 4, "0.04", "0.05", "0.06", NULL);
    /*                          EQ     NE     LT     LE     GT     GE */
    CHECK_STR(six(col(d), val(qy_scalar_decimal(5, 2)), 4), "FTF. TFT. TFF. TTF. FFT. FTT.");
    CHECK_STR(six(col(d), val(qy_scalar_decimal(50, 3)), 4), "FTF. TFT. TFF. TTF. FFT. FTT.");
    CHECK_STR(six(col(d), val(qy_scalar_decimal(55, 3)), 4), "FFF. TTT. TTF. TTF. FFT. FFT.");
    CHECK_STR(six(col(d), val(qy_scalar_float64(0.05)), 4), "FTF. TFT. TFF. TTF. FFT. FTT.");
    CHECK_STR(six(val(qy_scalar_decimal(5, 2)), col(d), 4), "FTF. TFT. FFT. FTT. TFF. TTF.");
    CHECK_STR(cmp(QY_LT, col(d), val(qy_scalar_int64(0)), 4), "FFF.");
    CHECK_STR(cmp(QY_EQ, col(d), val(qy_scalar_null()), 4), "....");

    qy_column *i = INT(4, "4", "5", "9223372036854775807", "-9223372036854775808");
    qy_column *big = DEC(2, 4, "4.00", "5.01", "1.00", "-1.00");
    CHECK_STR(six(col(i), col(big), 4), "TFFF FTTT FTFT TTFT FFTF TFTF");   /* exact across scales */
    CHECK_STR(cmp(QY_GT, col(i), val(qy_scalar_decimal(INT64_MAX, 1)), 4), "FFTF");
    qy_column *f = FLT(4, "4", "5.5", "-1e300", "0");
    f->v.f64[3] = NAN;
    CHECK_STR(six(col(f), col(i), 4), "TFFF FTTT FFTF TFTF FTFF TTFF");
    qy_column_release(f);
    qy_column_release(i);
    qy_column_release(big);
    qy_column_release(d);
}

static void strings_by_bytes(void)
{
    qy_column *s = STR(5, "环县", "宁县", "Zhen", NULL, "环县城");
    CHECK_STR(cmp(QY_EQ, col(s), val(str("环县")), 5), "TFF.F");
    CHECK_STR(cmp(QY_NE, col(s), val(str("环县")), 5), "FTT.T");
    CHECK_STR(cmp(QY_EQ, col(s), val(str("西峰区")), 5), "FFF.F");
    CHECK_STR(cmp(QY_NE, col(s), val(str("西峰区")), 5), "TTT.T");
    /* UTF-8 byte order: 宁 U+5B81 < 环 U+73AF; Latin before CJK; a prefix first */
    CHECK_STR(six(col(s), val(str("环县")), 5), "TFF.F FTT.T FTT.F TTT.F FFF.T TFF.T");
    CHECK_STR(cmp(QY_GT, val(str("环")), col(s), 5), "FTT.F");
    CHECK_STR(cmp(QY_LT, col(s), val(str("")), 5), "FFF.F");

    qy_column *t = STR(5, "宁县", "宁县", "Zhen", "环县", "环县城");   /* another dict */
    CHECK_STR(six(col(s), col(t), 5), "FTT.T TFF.F FFF.F FTT.T TFF.F TTT.T");
    CHECK_STR(six(col(s), col(s), 5), "TTT.T FFF.F FFF.F TTT.T FFF.F TTT.T");
    qy_column_release(t);
    qy_column_release(s);
}

static void dates_and_bools(void)
{
    qy_column *d = DATE(3, "2023-06-29", "2023-06-30", "2023-07-01");
    int32_t day;
    qy_date_parse("2023-06-30", 10, &day);
    CHECK_STR(six(col(d), val(qy_scalar_date(day)), 3), "FTF TFT TFF TTF FFT FTT");
    qy_column *b = BOOL(3, "false", "true", NULL);
    CHECK_STR(six(col(b), val(qy_scalar_bool(true)), 3), "FT. TF. TF. TT. FF. FT.");
    qy_column_release(b);
    qy_column_release(d);
}

static void mixing_kinds_is_a_type_error(void)
{
    qy_column *s = STR(1, "环县"), *d = DATE(1, "2023-06-30"), *i = INT(2, "1", "2");
    qy_operand a = col(s), b = val(qy_scalar_int64(3));
    qy_column *out = NULL;
    qy_error err = {0};
    CHECK_INT(qy_compare(QY_LT, &a, &b, 1, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot compare string and int64");
    a = col(d);
    b = val(str("2023-06-30"));
    CHECK_INT(qy_compare(QY_EQ, &a, &b, 1, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot compare date and string");
    b = col(i);
    CHECK_INT(qy_compare(QY_EQ, &a, &b, 1, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "columns of 1 and 2 rows");
    CHECK(out == NULL);
    qy_column_release(s);
    qy_column_release(d);
    qy_column_release(i);
}

/* The letters of a op b under Kleene logic. */
static const char *logic(qy_logic_op op, const qy_column *a, const qy_column *b)
{
    qy_column *out = NULL;
    CHECK_INT(qy_logic(op, a, b, &out, NULL), QY_OK);
    if (!out) return "error";
    const char *s = bits(out);
    qy_column_release(out);
    return s;
}

static void kleene_truth_tables(void)
{
    /* every pair of (true, false, null) */
    qy_column *a = BOOL(9, "true", "true", "true", "false", "false", "false", NULL, NULL, NULL);
    qy_column *b = BOOL(9, "true", "false", NULL, "true", "false", NULL, "true", "false", NULL);
    CHECK_STR(logic(QY_AND, a, b), "TF.FFF.F.");
    CHECK_STR(logic(QY_OR, a, b), "TTTTF.T..");
    CHECK_STR(logic(QY_NOT, a, NULL), "FFFTTT...");
    CHECK_STR(logic(QY_NOT, b, b), "FT.FT.FT.");
    qy_column *plain = BOOL(2, "true", "false");
    CHECK_STR(logic(QY_AND, plain, plain), "TF");
    CHECK_STR(logic(QY_OR, plain, plain), "TF");

    qy_column *i = INT(9, "1", "1", "1", "1", "1", "1", "1", "1", "1"), *out = NULL;
    qy_error err = {0};
    CHECK_INT(qy_logic(QY_AND, a, i, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "and needs bool columns, not int64");
    CHECK_INT(qy_logic(QY_OR, a, plain, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "or of columns of 9 and 2 rows");
    qy_column_release(i);
    qy_column_release(plain);
    qy_column_release(a);
    qy_column_release(b);
}

static void between_is_inclusive(void)
{
    qy_column *d = DEC(2, 5, "0.04", "0.05", "0.50", "0.51", NULL), *out = NULL;
    qy_scalar lo = qy_scalar_decimal(5, 2), hi = qy_scalar_decimal(5, 1);
    CHECK_INT(qy_between(d, &lo, &hi, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "FTTF.");
    qy_column_release(out);
    hi = qy_scalar_null();                          /* lo <= c and null */
    CHECK_INT(qy_between(d, &lo, &hi, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "F....");
    qy_column_release(out);
    qy_error err = {0};
    hi = str("x");
    CHECK_INT(qy_between(d, &lo, &hi, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot compare decimal(2) and string");
    qy_column_release(d);
}

/* Dates take a one-pass path: the same answers, nulls kept, bounds inclusive,
 * reversed bounds match nothing, extreme days do not overflow. */
static void between_dates(void)
{
    qy_column *d = DATE(6, "2022-12-31", "2023-01-01", NULL, "2023-12-31", "2024-01-01", "2023-06-30"), *out = NULL;
    qy_scalar lo = qy_scalar_date(qy_days_from_civil(2023, 1, 1));
    qy_scalar hi = qy_scalar_date(qy_days_from_civil(2023, 12, 31));
    CHECK_INT(qy_between(d, &lo, &hi, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "FT.TFT");
    CHECK_INT(out->null_count, 1);
    qy_column_release(out);
    CHECK_INT(qy_between(d, &hi, &lo, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "FF.FFF");
    qy_column_release(out);
    d->v.date[0] = INT32_MIN;
    d->v.date[4] = INT32_MAX;
    CHECK_INT(qy_between(d, &lo, &hi, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "FT.TFT");
    qy_column_release(out);
    qy_column_release(d);
}

static void isin_sets(void)
{
    qy_column *s = STR(5, "环县", "宁县", NULL, "西峰区", "合水县"), *out = NULL;
    qy_scalar names[] = {str("环县"), str("西峰区"), str("不存在"), qy_scalar_null()};
    CHECK_INT(qy_isin(s, names, 4, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "TF.TF");
    qy_column_release(out);
    CHECK_INT(qy_isin(s, names, 0, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "FF.FF");
    qy_column_release(out);

    qy_column *d = DEC(2, 4, "1.00", "2.50", "3.33", NULL);
    qy_scalar nums[] = {qy_scalar_int64(1), qy_scalar_decimal(25, 1), qy_scalar_decimal(3333, 3),
                        qy_scalar_float64(3.33)};
    CHECK_INT(qy_isin(d, nums, 3, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "TTF.");
    qy_column_release(out);
    CHECK_INT(qy_isin(d, nums, 4, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "TTT.");
    qy_column_release(out);

    /* a longer set is searched, not scanned */
    qy_scalar many[20];
    for (int k = 0; k < 20; k++) many[k] = qy_scalar_int64(k * 10);
    qy_column *i = INT(4, "190", "5", "0", "-10");
    CHECK_INT(qy_isin(i, many, 20, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "TFTF");
    qy_column_release(out);
    qy_column *f = FLT(2, "0.5", "2");
    qy_scalar halves[] = {qy_scalar_float64(0.5), qy_scalar_int64(3)};
    CHECK_INT(qy_isin(f, halves, 2, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "TF");
    qy_column_release(out);
    qy_column *b = BOOL(3, "true", "false", NULL);
    qy_scalar yes = qy_scalar_bool(true);
    CHECK_INT(qy_isin(b, &yes, 1, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "TF.");
    qy_column_release(out);

    qy_error err = {0};
    CHECK_INT(qy_isin(s, nums, 1, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot compare string and int64");
    qy_column_release(b);
    qy_column_release(f);
    qy_column_release(i);
    qy_column_release(d);
    qy_column_release(s);
}

static void isnull_and_contains(void)
{
    qy_column *s = STR(5, "庆阳市西峰区", "环县", NULL, "", "西峰"), *out = NULL;
    CHECK_INT(qy_isnull(s, 0, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "FFTFF");
    CHECK_INT(out->null_count, 0);
    qy_column_release(out);
    CHECK_INT(qy_isnull(s, 1, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "TTFTT");
    qy_column_release(out);
    CHECK_INT(qy_contains(s, "西峰", strlen("西峰"), &out, NULL), QY_OK);
    CHECK_STR(bits(out), "TF.FT");
    qy_column_release(out);
    CHECK_INT(qy_contains(s, "", 0, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "TT.TT");
    qy_column_release(out);
    CHECK_INT(qy_contains(s, "峰区x", strlen("峰区x"), &out, NULL), QY_OK);
    CHECK_STR(bits(out), "FF.FF");
    qy_column_release(out);
    qy_column *i = INT(1, "1");
    qy_error err = {0};
    CHECK_INT(qy_contains(i, "1", 1, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "contains needs a string column, not int64");
    CHECK_INT(qy_isnull(i, 0, &out, NULL), QY_OK);
    CHECK_STR(bits(out), "F");
    qy_column_release(out);
    qy_column_release(i);
    qy_column_release(s);
}

static void empty_and_long_columns(void)
{
    qy_column *e = INT(0, NULL);
    CHECK_STR(cmp(QY_EQ, col(e), val(qy_scalar_int64(1)), 0), "");
    qy_column_release(e);
    enum { N = 1001 };
    qy_column *a;
    CHECK_INT(qy_column_new(QY_INT64, 0, NULL, N, &a, NULL), QY_OK);
    for (int k = 0; k < N; k++) a->v.i64[k] = k;
    qy_operand x = col(a), y = val(qy_scalar_int64(500));
    qy_column *out = NULL;
    CHECK_INT(qy_compare(QY_GE, &x, &y, N, &out, NULL), QY_OK);
    int64_t count = 0;
    for (int k = 0; k < N; k++) count += out->v.b[k];
    CHECK_INT(count, 501);
    qy_column_release(out);
    qy_column_release(a);
}

static void out_of_memory(void)
{
    qy_column *s = STR(3, "b", NULL, "a"), *t = STR(3, "a", "b", "c");
    qy_column *d = DEC(1, 3, "1.5", NULL, "2.5"), *f = FLT(3, "1", "2", "3");
    qy_operand pairs[][2] = {{col(s), col(t)}, {col(s), val(str("b"))}, {col(d), col(f)}};
    for (int k = 0; k < 3; k++) {
        int rc = QY_ENOMEM;
        for (long n = 0; rc == QY_ENOMEM && n < 100; n++) {
            qy_column *out = NULL;
            qy_error err = {0};
            qy_alloc_fail_after(n);
            rc = qy_compare(QY_LT, &pairs[k][0], &pairs[k][1], 3, &out, &err);
            qy_alloc_fail_after(-1);
            if (rc == QY_ENOMEM) CHECK(out == NULL && err.msg[0]);
            qy_column_release(out);
        }
        CHECK_INT(rc, QY_OK);
    }
    qy_column_release(s);
    qy_column_release(t);
    qy_column_release(d);
    qy_column_release(f);
}

int main(void)
{
    RUN(numbers_by_value);
    RUN(strings_by_bytes);
    RUN(dates_and_bools);
    RUN(mixing_kinds_is_a_type_error);
    RUN(kleene_truth_tables);
    RUN(between_is_inclusive);
    RUN(between_dates);
    RUN(isin_sets);
    RUN(isnull_and_contains);
    RUN(empty_and_long_columns);
    RUN(out_of_memory);
    return check_summary("test_compare");
}
