/* test_number.c — int64, decimal and float parsing and formatting. */
#include <float.h>
#include <string.h>

#include "check.h"
#include "error.h"
#include "number.h"

static int int64_rc(const char *s, int64_t *v) { return qy_int64_parse(s, strlen(s), v); }

static int decimal_rc(const char *s, int64_t *v, int *scale)
{
    return qy_decimal_parse(s, strlen(s), v, scale);
}

static int float_rc(const char *s, double *x) { return qy_float_parse(s, strlen(s), x); }

static void test_int64_parse(void)
{
    int64_t v = 0;
    CHECK_INT(int64_rc("42", &v), QY_OK);
    CHECK_INT(v, 42);
    CHECK_INT(int64_rc("-7", &v), QY_OK);
    CHECK_INT(v, -7);
    CHECK_INT(int64_rc("+007", &v), QY_OK);
    CHECK_INT(v, 7);
    CHECK_INT(int64_rc("0", &v), QY_OK);
    CHECK_INT(v, 0);
    CHECK_INT(int64_rc("9223372036854775807", &v), QY_OK);
    CHECK(v == INT64_MAX);
    CHECK_INT(int64_rc("-9223372036854775808", &v), QY_OK);
    CHECK(v == INT64_MIN);
    CHECK_INT(int64_rc("00000000000000000000000000042", &v), QY_OK);
    CHECK_INT(v, 42);
}

static void test_int64_parse_rejects(void)
{
    int64_t v = 99;
    const char *bad[] = {"", "-", "+", " 1", "1 ", "1.0", "1e3", "0x10", "1,000", "--1", "+-1", "١"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) CHECK_INT(int64_rc(bad[i], &v), QY_EPARSE);
    CHECK_INT(v, 99);   /* untouched on failure */
    CHECK_INT(int64_rc("9223372036854775808", &v), QY_EOVERFLOW);
    CHECK_INT(int64_rc("-9223372036854775809", &v), QY_EOVERFLOW);
    CHECK_INT(int64_rc("99999999999999999999999", &v), QY_EOVERFLOW);
    CHECK_INT(int64_rc("99999999999999999999999x", &v), QY_EPARSE);   /* form first */
    CHECK_INT(v, 99);
    /* The range ends where len says, not at a NUL. */
    CHECK_INT(qy_int64_parse("12345", 3, &v), QY_OK);
    CHECK_INT(v, 123);
}

static void test_decimal_parse(void)
{
    int64_t v = 0;
    int scale = -1;
    CHECK_INT(decimal_rc("1272.95", &v, &scale), QY_OK);
    CHECK_INT(v, 127295);
    CHECK_INT(scale, 2);
    CHECK_INT(decimal_rc("-.5", &v, &scale), QY_OK);
    CHECK_INT(v, -5);
    CHECK_INT(scale, 1);
    CHECK_INT(decimal_rc("3.", &v, &scale), QY_OK);
    CHECK_INT(v, 3);
    CHECK_INT(scale, 0);
    CHECK_INT(decimal_rc("1.50", &v, &scale), QY_OK);
    CHECK_INT(v, 150);
    CHECK_INT(scale, 2);
    CHECK_INT(decimal_rc("12", &v, &scale), QY_OK);
    CHECK_INT(v, 12);
    CHECK_INT(scale, 0);
    CHECK_INT(decimal_rc("+0.000", &v, &scale), QY_OK);
    CHECK_INT(v, 0);
    CHECK_INT(scale, 3);
    CHECK_INT(decimal_rc("-922337203685477.5808", &v, &scale), QY_OK);
    CHECK(v == INT64_MIN);
    CHECK_INT(scale, 4);
    CHECK_INT(decimal_rc("0.000000000000000001", &v, &scale), QY_OK);
    CHECK_INT(v, 1);
    CHECK_INT(scale, 18);
}

static void test_decimal_parse_rejects(void)
{
    int64_t v = 99;
    int scale = 99;
    const char *bad[] = {"", ".", "-", "-.", "+.", "1.2.3", "1e5", " 1.5", "1.5 ", "1,5", "..5", "nan"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(decimal_rc(bad[i], &v, &scale), QY_EPARSE);
    CHECK_INT(decimal_rc("922337203685477.5808", &v, &scale), QY_EOVERFLOW);
    CHECK_INT(decimal_rc("99999999999999999999.9", &v, &scale), QY_EOVERFLOW);
    CHECK_INT(decimal_rc("0.0000000000000000001", &v, &scale), QY_EOVERFLOW);   /* scale 19 */
    CHECK_INT(v, 99);
    CHECK_INT(scale, 99);
}

/* Trailing zeros after the point are not significant: the exact scale
 * leaves them out, however many there are. */
static void test_decimal_parse_exact(void)
{
    int64_t v = 0;
    int scale = -1, written = -1;
    CHECK_INT(qy_decimal_parse_exact("1.50", 4, &v, &scale, &written), QY_OK);
    CHECK_INT(v, 15);
    CHECK_INT(scale, 1);
    CHECK_INT(written, 2);
    CHECK_INT(qy_decimal_parse_exact("0.0100000", 9, &v, &scale, &written), QY_OK);
    CHECK_INT(v, 1);
    CHECK_INT(scale, 2);
    CHECK_INT(written, 7);
    CHECK_INT(qy_decimal_parse_exact("-2.000", 6, &v, &scale, &written), QY_OK);
    CHECK_INT(v, -2);
    CHECK_INT(scale, 0);
    CHECK_INT(written, 3);
    CHECK_INT(qy_decimal_parse_exact("100", 3, &v, &scale, &written), QY_OK);
    CHECK_INT(v, 100);
    CHECK_INT(scale, 0);
    CHECK_INT(written, 0);
    CHECK_INT(qy_decimal_parse_exact("10.0203000", 10, &v, &scale, &written), QY_OK);
    CHECK_INT(v, 100203);
    CHECK_INT(scale, 4);
    CHECK_INT(written, 7);
    const char *many = "1.000000000000000000000000000000";   /* 30 zeros: no overflow */
    CHECK_INT(qy_decimal_parse_exact(many, strlen(many), &v, &scale, &written), QY_OK);
    CHECK_INT(v, 1);
    CHECK_INT(scale, 0);
    CHECK_INT(written, 30);
    CHECK_INT(decimal_rc(many, &v, &scale), QY_EOVERFLOW);   /* at its written scale it cannot fit */
    CHECK_INT(qy_decimal_parse_exact("9223372036854775807.0", 21, &v, &scale, &written), QY_OK);
    CHECK(v == INT64_MAX);
    CHECK_INT(qy_decimal_parse_exact("9223372036854775808.0", 21, &v, &scale, &written), QY_EOVERFLOW);
    CHECK_INT(qy_decimal_parse_exact("0.0000000000000000001", 21, &v, &scale, &written), QY_EOVERFLOW);
    CHECK_INT(qy_decimal_parse_exact("1e5", 3, &v, &scale, &written), QY_EPARSE);
}

static void test_decimal_parse_at(void)
{
    int64_t v = 99;
    CHECK_INT(qy_decimal_parse_at("1.5", 3, 2, &v), QY_OK);
    CHECK_INT(v, 150);
    CHECK_INT(qy_decimal_parse_at("1.5000000", 9, 2, &v), QY_OK);
    CHECK_INT(v, 150);
    CHECK_INT(qy_decimal_parse_at("0.0100000", 9, 6, &v), QY_OK);
    CHECK_INT(v, 10000);
    CHECK_INT(qy_decimal_parse_at("-7", 2, 0, &v), QY_OK);
    CHECK_INT(v, -7);
    v = 99;
    CHECK_INT(qy_decimal_parse_at("1.234", 5, 2, &v), QY_ERANGE);
    CHECK_INT(qy_decimal_parse_at("1.2340001", 9, 6, &v), QY_ERANGE);
    CHECK_INT(qy_decimal_parse_at("99999999999999999.123", 21, 2, &v), QY_ERANGE);
    CHECK_INT(qy_decimal_parse_at("99999999999999999", 17, 2, &v), QY_EOVERFLOW);
    CHECK_INT(qy_decimal_parse_at("99999999999999999999", 20, 0, &v), QY_EOVERFLOW);
    CHECK_INT(qy_decimal_parse_at("1,5", 3, 2, &v), QY_EPARSE);
    CHECK_INT(qy_decimal_parse_at("1.5", 3, 19, &v), QY_ERANGE);
    CHECK_INT(v, 99);
}

static void test_leading_zero(void)
{
    const char *codes[] = {"010", "00501", "001000", "-007", "+01", "00.5", "012e3", "00"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        CHECK(qy_number_has_leading_zero(codes[i], strlen(codes[i])));
    const char *numbers[] = {"0", "0.5", "-0.25", "0e0", ".5", "-0", "10", "0.05", "1e05", "0.", "", "-"};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
        CHECK(!qy_number_has_leading_zero(numbers[i], strlen(numbers[i])));
}

static void test_decimal_rescale(void)
{
    int64_t out = 0;
    CHECK_INT(qy_decimal_rescale(15, 1, 3, &out), QY_OK);
    CHECK_INT(out, 1500);
    CHECK_INT(qy_decimal_rescale(-1500, 3, 1, &out), QY_OK);
    CHECK_INT(out, -15);
    CHECK_INT(qy_decimal_rescale(7, 2, 2, &out), QY_OK);
    CHECK_INT(out, 7);
    CHECK_INT(qy_decimal_rescale(1501, 3, 1, &out), QY_ERANGE);
    CHECK_INT(qy_decimal_rescale(INT64_MAX / 10 + 1, 0, 1, &out), QY_EOVERFLOW);
    CHECK_INT(qy_decimal_rescale(1, 0, 18, &out), QY_OK);
    CHECK_INT(out, 1000000000000000000LL);
    CHECK_INT(qy_decimal_rescale(10, 0, 18, &out), QY_EOVERFLOW);
    CHECK_INT(qy_decimal_rescale(1, 0, 19, &out), QY_ERANGE);
    CHECK_INT(qy_decimal_rescale(1, -1, 0, &out), QY_ERANGE);
}

static void test_decimal_format(void)
{
    char buf[24];
    CHECK_INT(qy_decimal_format(-5, 2, buf), 5);
    CHECK_STR(buf, "-0.05");
    CHECK_INT(qy_decimal_format(7, 0, buf), 1);
    CHECK_STR(buf, "7");
    qy_decimal_format(127295, 2, buf);
    CHECK_STR(buf, "1272.95");
    qy_decimal_format(0, 0, buf);
    CHECK_STR(buf, "0");
    qy_decimal_format(0, 3, buf);
    CHECK_STR(buf, "0.000");
    qy_decimal_format(150, 2, buf);
    CHECK_STR(buf, "1.50");
    qy_decimal_format(-100, 2, buf);
    CHECK_STR(buf, "-1.00");
    CHECK_INT(qy_decimal_format(INT64_MIN, 0, buf), 20);
    CHECK_STR(buf, "-9223372036854775808");
    qy_decimal_format(INT64_MIN, 18, buf);
    CHECK_STR(buf, "-9.223372036854775808");
    qy_decimal_format(INT64_MAX, 4, buf);
    CHECK_STR(buf, "922337203685477.5807");
    qy_decimal_format(1, 18, buf);
    CHECK_STR(buf, "0.000000000000000001");
}

/* The reason decimals exist: money adds up exactly. */
static void test_money_adds_exactly(void)
{
    const char *amounts[] = {"0.10", "0.20", "1272.65"};
    int64_t total = 0;
    for (int i = 0; i < 3; i++) {
        int64_t v;
        int scale;
        CHECK_INT(decimal_rc(amounts[i], &v, &scale), QY_OK);
        CHECK_INT(scale, 2);
        total += v;
    }
    char buf[24];
    qy_decimal_format(total, 2, buf);
    CHECK_STR(buf, "1272.95");
}

static void test_decimal_arithmetic(void)
{
    int64_t v;
    int scale;
    char buf[24];
    /* 0.10 + 0.20 + 1272.65 = 1272.95, through the functions, at mixed scales */
    CHECK_INT(qy_decimal_add(10, 2, 2, 1, &v, &scale), QY_OK);        /* 0.10 + 0.2 */
    CHECK_INT(scale, 2);
    CHECK_INT(qy_decimal_add(v, scale, 127265, 2, &v, &scale), QY_OK);
    qy_decimal_format(v, scale, buf);
    CHECK_STR(buf, "1272.95");
    CHECK_INT(qy_decimal_sub(5, 1, 125, 2, &v, &scale), QY_OK);       /* 0.5 - 1.25 */
    qy_decimal_format(v, scale, buf);
    CHECK_STR(buf, "-0.75");
    CHECK_INT(qy_decimal_mul(-150, 2, 3, 0, &v, &scale), QY_OK);      /* -1.50 * 3 */
    qy_decimal_format(v, scale, buf);
    CHECK_STR(buf, "-4.50");
    CHECK_INT(qy_decimal_mul(125, 2, 5, 1, &v, &scale), QY_OK);       /* 1.25 * 0.5 */
    CHECK_INT(scale, 3);
    CHECK_INT(v, 625);
}

static void test_decimal_arithmetic_never_wraps(void)
{
    int64_t v = 12345;
    int scale = -1;
    CHECK_INT(qy_decimal_add(INT64_MAX, 0, 1, 0, &v, &scale), QY_EOVERFLOW);
    CHECK_INT(qy_decimal_sub(INT64_MIN, 0, 1, 0, &v, &scale), QY_EOVERFLOW);
    CHECK_INT(qy_decimal_mul(INT64_MAX / 2 + 1, 0, 2, 0, &v, &scale), QY_EOVERFLOW);
    /* aligning 9.2e17 at scale 0 to scale 2 overflows before adding */
    CHECK_INT(qy_decimal_add(INT64_MAX / 10, 0, 1, 2, &v, &scale), QY_EOVERFLOW);
    CHECK_INT(qy_decimal_mul(1, 10, 1, 10, &v, &scale), QY_ERANGE);
    CHECK_INT(qy_decimal_add(1, -1, 1, 0, &v, &scale), QY_ERANGE);
    CHECK_INT(qy_decimal_add(INT64_MAX - 1, 0, 1, 0, &v, &scale), QY_OK);
    CHECK_INT(v, INT64_MAX);
}

static void test_decimal_round_trip(void)
{
    const char *texts[] = {"0.01", "-0.01", "123456789.123456789", "-99.990", "5"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        int64_t v;
        int scale;
        char buf[24];
        CHECK_INT(decimal_rc(texts[i], &v, &scale), QY_OK);
        qy_decimal_format(v, scale, buf);
        CHECK_STR(buf, texts[i]);
    }
}

static void test_decimal_to_double(void)
{
    CHECK_DBL(qy_decimal_to_double(127295, 2), 1272.95);
    CHECK_DBL(qy_decimal_to_double(-5, 1), -0.5);
    CHECK_DBL(qy_decimal_to_double(1, 1), 0.1);
    CHECK_DBL(qy_decimal_to_double(7, 0), 7.0);
    CHECK_DBL(qy_decimal_to_double(INT64_MAX, 0), 9223372036854775807.0);
    CHECK_DBL(qy_decimal_to_double(INT64_MIN, 18), -9.223372036854775808);
    CHECK_DBL(qy_decimal_to_double(1234567890123456789LL, 9), 1234567890.123456789);
}

static void test_float_parse(void)
{
    double x = 0;
    CHECK_INT(float_rc("1e5", &x), QY_OK);
    CHECK_DBL(x, 1e5);
    CHECK_INT(float_rc("-2.5E-3", &x), QY_OK);
    CHECK_DBL(x, -2.5e-3);
    CHECK_INT(float_rc(".5", &x), QY_OK);
    CHECK_DBL(x, 0.5);
    CHECK_INT(float_rc("5.", &x), QY_OK);
    CHECK_DBL(x, 5.0);
    CHECK_INT(float_rc("+0.1", &x), QY_OK);
    CHECK_DBL(x, 0.1);
    CHECK_INT(float_rc("42", &x), QY_OK);
    CHECK_DBL(x, 42.0);
    CHECK_INT(float_rc("1.5e+2", &x), QY_OK);
    CHECK_DBL(x, 150.0);
    CHECK_INT(float_rc("-0", &x), QY_OK);
    CHECK(x == 0 && signbit(x));
    CHECK_INT(float_rc("1e-400", &x), QY_OK);   /* underflow is not an error */
    CHECK_DBL(x, 0.0);
    CHECK_INT(float_rc("4.9e-324", &x), QY_OK);
    CHECK_DBL(x, 4.9e-324);
    CHECK_INT(float_rc("1.7976931348623157e308", &x), QY_OK);
    CHECK_DBL(x, DBL_MAX);
    /* Only len bytes count: "2.5" followed by digits that are not ours. */
    CHECK_INT(qy_float_parse("2.5999", 3, &x), QY_OK);
    CHECK_DBL(x, 2.5);
}

static void test_float_parse_rejects(void)
{
    double x = 99;
    const char *bad[] = {"inf", "-inf", "nan", "NaN", "infinity", "0x1p3", "0x10", " 1", "1 ", "1e",
                         "1e+", "e5", "", ".", "-", "-.", ".e5", "1.2.3", "1,5", "1e5.5", "1d"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(float_rc(bad[i], &x), QY_EPARSE);
    }
    CHECK_INT(float_rc("1e400", &x), QY_EOVERFLOW);
    CHECK_INT(float_rc("-1e400", &x), QY_EOVERFLOW);
    CHECK_DBL(x, 99);

    char long_text[QY_FLOAT_MAX_TEXT + 2];
    memset(long_text, '1', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    CHECK_INT(qy_float_parse(long_text, QY_FLOAT_MAX_TEXT + 1, &x), QY_EPARSE);
    long_text[0] = '.';
    CHECK_INT(qy_float_parse(long_text, QY_FLOAT_MAX_TEXT, &x), QY_OK);
    CHECK_DBL(x, 0.1111111111111111);
}

static int exact_rc(const char *s, double *x) { return qy_float_parse_exact(s, strlen(s), x); }

/* float64 holds a number as written when qy_float_format gives it back. */
static void test_float_parse_exact(void)
{
    const char *held[] = {"0.1", "1e300", "-2.5E-3", "1272.95", "0", "-0", "0.000", "123456789012345",
                          "9007199254740992", "0.30000000000000004", "0.3333333333333333",
                          "1.7976931348623157e308", "2.2250738585072014e-308", "1e22", "100000000000000000000",
                          "0.10000000000000000000000000000000", "1.5e+0", "5.", ".5",
                          /* 16 and 17 digits, as Python and pandas write doubles */
                          "0.13436424411240122", "847.4337369372327", "123456789012345.67",
                          "-0.12345678901234565", "1.2345678901234565", "1e23"};
    for (size_t i = 0; i < sizeof held / sizeof held[0]; i++) {
        double x = 99, plain = 98;
        CHECK_INT(exact_rc(held[i], &x), QY_OK);
        CHECK_INT(float_rc(held[i], &plain), QY_OK);
        CHECK_DBL(x, plain);
    }
    double x = 99;
    CHECK_INT(exact_rc("-0", &x), QY_OK);
    CHECK(signbit(x));
    const char *rounded[] = {"9007199254740993", "0.1000000000000000001", "0.12345678901234567",
                             "4200000000000000000000000000.5", "1.00000000000000000000001",
                             "1e-400", "4.9e-324", "1.234567e-320", "123456789012345678",
                             /* the same double, which qylua writes otherwise */
                             "0.13436424411240123", "0.30000000000000001", "9.999999999999999e22",
                             "5e-324"};
    x = 99;
    for (size_t i = 0; i < sizeof rounded / sizeof rounded[0]; i++)
        CHECK_INT(exact_rc(rounded[i], &x), QY_ERANGE);
    CHECK_DBL(x, 99);
    CHECK_INT(exact_rc("1e400", &x), QY_EOVERFLOW);
    CHECK_INT(exact_rc("1,5", &x), QY_EPARSE);
    CHECK_INT(exact_rc("inf", &x), QY_EPARSE);
    CHECK_INT(exact_rc("1e99999999999999999999", &x), QY_EOVERFLOW);
    CHECK_INT(exact_rc("1e-99999999999999999999", &x), QY_ERANGE);

    /* no length limit: only the digits that count are read */
    char long_text[QY_FLOAT_MAX_TEXT + 40] = "-1.5";
    memset(long_text + 4, '0', QY_FLOAT_MAX_TEXT + 20);
    strcpy(long_text + 4 + QY_FLOAT_MAX_TEXT + 20, "e-3");
    CHECK_INT(exact_rc(long_text, &x), QY_OK);
    CHECK_DBL(x, -1.5e-3);
    CHECK(qy_float_form(long_text, strlen(long_text)));
    CHECK(!qy_float_form("1e", 2));
    CHECK(!qy_float_form("inf", 3));
}

static void test_float_format(void)
{
    char buf[32];
    CHECK_INT(qy_float_format(0.1, buf), 3);
    CHECK_STR(buf, "0.1");
    qy_float_format(1e20, buf);
    CHECK_STR(buf, "1e+20");
    qy_float_format(-0.0, buf);
    CHECK_STR(buf, "-0");
    qy_float_format(0.0, buf);
    CHECK_STR(buf, "0");
    qy_float_format(1.0 / 0.0, buf);
    CHECK_STR(buf, "inf");
    qy_float_format(-1.0 / 0.0, buf);
    CHECK_STR(buf, "-inf");
    qy_float_format(nan(""), buf);
    CHECK_STR(buf, "nan");
    qy_float_format(0.1 + 0.2, buf);
    CHECK_STR(buf, "0.30000000000000004");
    qy_float_format(1272.95, buf);
    CHECK_STR(buf, "1272.95");
    qy_float_format(1.0 / 3.0, buf);
    CHECK_STR(buf, "0.3333333333333333");
    qy_float_format(DBL_MAX, buf);
    CHECK_STR(buf, "1.7976931348623157e+308");
    qy_float_format(-4.9e-324, buf);
    CHECK_STR(buf, "-4.94065645841247e-324");   /* 15 digits suffice */
    qy_float_format(123456789012345678.0, buf);
    CHECK_STR(buf, "1.2345678901234568e+17");
}

/* Every format parses back to the same bits. */
static void test_float_format_round_trips(void)
{
    uint64_t bits = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 20000; i++) {
        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        double x;
        memcpy(&x, &bits, sizeof x);
        if (!isfinite(x)) continue;
        char buf[32];
        size_t n = qy_float_format(x, buf);
        double back = 0;
        CHECK_INT(qy_float_parse(buf, n, &back), QY_OK);
        CHECK(memcmp(&back, &x, sizeof x) == 0);
    }
}

static void test_float_format_display(void)
{
    char buf[32];
    CHECK_INT(qy_float_format_display(1234.5678, 6, buf), 7);
    CHECK_STR(buf, "1234.57");
    qy_float_format_display(0.1 + 0.2, 6, buf);
    CHECK_STR(buf, "0.3");
    qy_float_format_display(2.50, 6, buf);
    CHECK_STR(buf, "2.5");
    qy_float_format_display(100.0, 6, buf);
    CHECK_STR(buf, "100");
    qy_float_format_display(1234567.89, 3, buf);
    CHECK_STR(buf, "1230000");
    qy_float_format_display(-0.5, 3, buf);
    CHECK_STR(buf, "-0.5");
    qy_float_format_display(-0.0, 6, buf);
    CHECK_STR(buf, "0");
    qy_float_format_display(0.0, 6, buf);
    CHECK_STR(buf, "0");
    qy_float_format_display(0.0001, 6, buf);
    CHECK_STR(buf, "0.0001");
    qy_float_format_display(0.00012345678, 3, buf);
    CHECK_STR(buf, "0.000123");
    qy_float_format_display(0.00009999, 3, buf);   /* rounds up to 1e-4: plain */
    CHECK_STR(buf, "0.0001");
    qy_float_format_display(0.00001234, 3, buf);
    CHECK_STR(buf, "1.23e-05");
    qy_float_format_display(999999999999999.0, 15, buf);
    CHECK_STR(buf, "999999999999999");
    qy_float_format_display(999999999999999.0, 6, buf);   /* rounds up to 1e15 */
    CHECK_STR(buf, "1e+15");
    qy_float_format_display(1.5e20, 6, buf);
    CHECK_STR(buf, "1.5e+20");
    qy_float_format_display(-1.23456789e-300, 4, buf);
    CHECK_STR(buf, "-1.235e-300");
    qy_float_format_display(1.0 / 0.0, 6, buf);
    CHECK_STR(buf, "inf");
    qy_float_format_display(nan(""), 6, buf);
    CHECK_STR(buf, "nan");
    qy_float_format_display(2.0 / 3.0, 0, buf);   /* sig below 1 acts as 1 */
    CHECK_STR(buf, "0.7");
    qy_float_format_display(-0.00012345678901234567, 17, buf);   /* the longest plain form */
    CHECK_STR(buf, "-0.00012345678901234567");
    qy_float_format_display(-123456789012345.67, 99, buf);   /* sig above 17 acts as 17 */
    CHECK_STR(buf, "-123456789012345.67");
}

int main(void)
{
    RUN(test_int64_parse);
    RUN(test_int64_parse_rejects);
    RUN(test_decimal_parse);
    RUN(test_decimal_parse_rejects);
    RUN(test_decimal_parse_exact);
    RUN(test_decimal_parse_at);
    RUN(test_leading_zero);
    RUN(test_decimal_rescale);
    RUN(test_decimal_format);
    RUN(test_money_adds_exactly);
    RUN(test_decimal_arithmetic);
    RUN(test_decimal_arithmetic_never_wraps);
    RUN(test_decimal_round_trip);
    RUN(test_decimal_to_double);
    RUN(test_float_parse);
    RUN(test_float_parse_rejects);
    RUN(test_float_parse_exact);
    RUN(test_float_format);
    RUN(test_float_format_round_trips);
    RUN(test_float_format_display);
    return check_summary("test_number");
}
