/* test_date.c — day numbers, the date forms we read, formatting, calendar
 * arithmetic (month ends, leap years, the range), weekdays and patterns. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "error.h"

static int parse_rc(const char *s, int32_t *days) { return qy_date_parse(s, strlen(s), days); }

static int compact_rc(const char *s, int32_t *days)
{
    return qy_date_parse_compact(s, strlen(s), days);
}

static void test_days_from_civil(void)
{
    CHECK_INT(qy_days_from_civil(1970, 1, 1), 0);
    CHECK_INT(qy_days_from_civil(1970, 1, 2), 1);
    CHECK_INT(qy_days_from_civil(1969, 12, 31), -1);
    CHECK_INT(qy_days_from_civil(2000, 3, 1), 11017);
    CHECK_INT(qy_days_from_civil(2023, 7, 20), 19558);
    CHECK_INT(qy_days_from_civil(2024, 2, 29), 19782);
    CHECK_INT(qy_days_from_civil(1900, 1, 1), -25567);
    CHECK_INT(qy_days_from_civil(1, 1, 1), -719162);
    CHECK_INT(qy_days_from_civil(9999, 12, 31), 2932896);
    CHECK_INT(qy_days_from_civil(0, 3, 1), -719468);
    CHECK_INT(qy_days_from_civil(-1, 12, 31), -719529);
}

static void test_civil_from_days(void)
{
    int y, m, d;
    qy_civil_from_days(0, &y, &m, &d);
    CHECK(y == 1970 && m == 1 && d == 1);
    qy_civil_from_days(19558, &y, &m, &d);
    CHECK(y == 2023 && m == 7 && d == 20);
    qy_civil_from_days(-1, &y, &m, &d);
    CHECK(y == 1969 && m == 12 && d == 31);
    qy_civil_from_days(-719468, &y, &m, &d);
    CHECK(y == 0 && m == 3 && d == 1);
    qy_civil_from_days(-719469, &y, &m, &d);
    CHECK(y == 0 && m == 2 && d == 29);   /* year 0 is a leap year */
    qy_civil_from_days(INT32_MIN, &y, &m, &d);
    CHECK_INT(qy_days_from_civil(y, m, d), INT32_MIN);
    qy_civil_from_days(INT32_MAX, &y, &m, &d);
    CHECK_INT(qy_days_from_civil(y, m, d), INT32_MAX);
}

/* Walks every day of 1900..2100 and checks each step against the calendar. */
static void test_every_day_round_trips(void)
{
    int32_t first = qy_days_from_civil(1900, 1, 1), last = qy_days_from_civil(2100, 12, 31);
    int prev_y = 1899, prev_m = 12, prev_d = 31, failures = 0;
    for (int32_t days = first; days <= last; days++) {
        int y, m, d;
        qy_civil_from_days(days, &y, &m, &d);
        int next_day = d == prev_d + 1 && m == prev_m && y == prev_y;
        int next_month = d == 1 && m == prev_m + 1 && y == prev_y;
        int next_year = d == 1 && m == 1 && prev_m == 12 && prev_d == 31 && y == prev_y + 1;
        char text[16], compact[9];
        int32_t back = -1, back_compact = -1;
        size_t n = qy_date_format(days, text);
        snprintf(compact, sizeof compact, "%04d%02d%02d", y, m, d);
        if (!(next_day || next_month || next_year) || qy_days_from_civil(y, m, d) != days ||
            qy_date_parse(text, n, &back) != QY_OK || back != days ||
            qy_date_parse_compact(compact, 8, &back_compact) != QY_OK || back_compact != days)
            failures++;
        prev_y = y, prev_m = m, prev_d = d;
    }
    CHECK_INT(failures, 0);
    CHECK_INT(last - first + 1, 73414);   /* 201 years, 49 leap days (not 1900, 2100) */
    CHECK(prev_y == 2100 && prev_m == 12 && prev_d == 31);
}

static void test_parse_forms(void)
{
    int32_t days = 0;
    CHECK_INT(parse_rc("2023-07-20", &days), QY_OK);
    CHECK_INT(days, 19558);
    days = 0;
    CHECK_INT(parse_rc("2023-7-20", &days), QY_OK);
    CHECK_INT(days, 19558);
    days = 0;
    CHECK_INT(parse_rc("2023/7/20", &days), QY_OK);
    CHECK_INT(days, 19558);
    days = 0;
    CHECK_INT(parse_rc("2023/07/20", &days), QY_OK);
    CHECK_INT(days, 19558);
    days = 0;
    CHECK_INT(parse_rc("2023年7月20日", &days), QY_OK);
    CHECK_INT(days, 19558);
    CHECK_INT(parse_rc("2023年07月01日", &days), QY_OK);
    CHECK_INT(days, 19539);
    CHECK_INT(parse_rc("2023-7-2", &days), QY_OK);
    CHECK_INT(days, 19540);
    CHECK_INT(parse_rc("2024-2-29", &days), QY_OK);
    CHECK_INT(days, 19782);
    CHECK_INT(parse_rc("2000-02-29", &days), QY_OK);
    CHECK_INT(days, 11016);
    CHECK_INT(parse_rc("0001-01-01", &days), QY_OK);
    CHECK_INT(days, -719162);
    CHECK_INT(parse_rc("9999-12-31", &days), QY_OK);
    CHECK_INT(days, 2932896);
    CHECK_INT(qy_date_parse("2023-07-209", 10, &days), QY_OK);   /* len bounds the text */
    CHECK_INT(days, 19558);
}

static void test_parse_rejects(void)
{
    int32_t days = 42;
    const char *bad[] = {
        "2023-02-29", "1900-02-29", "2023-13-01", "2023-00-10", "2023-04-31", "2023-07-00",
        "2023-07-32", "2023-07-20x", "23-7-20", "023-7-20", "20230-7-20", "2023-007-20",
        "2023-7-020", "2023-07", "2023", "", "2023-07-20 ", " 2023-07-20", "2023/7-20",
        "2023-7/20", "2023.07.20", "2023年7月20", "2023年7-20", "0000-01-01", "+2023-07-20",
        "-2023-07-20", "2023--7-20", "2023-07-",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) CHECK_INT(parse_rc(bad[i], &days), QY_EPARSE);
    CHECK_INT(days, 42);
}

static void test_parse_compact(void)
{
    int32_t days = 0;
    CHECK_INT(compact_rc("20230720", &days), QY_OK);
    CHECK_INT(days, 19558);
    CHECK_INT(compact_rc("19700101", &days), QY_OK);
    CHECK_INT(days, 0);
    CHECK_INT(compact_rc("20240229", &days), QY_OK);
    CHECK_INT(days, 19782);
    days = 42;
    const char *bad[] = {"20230229", "20231301", "20230700", "2023072", "202307200", "2023-7-2",
                         "2023072x", "00000101", "", "+2023072"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) CHECK_INT(compact_rc(bad[i], &days), QY_EPARSE);
    CHECK_INT(days, 42);
}

static void test_format(void)
{
    char buf[16];
    CHECK_INT(qy_date_format(19558, buf), 10);
    CHECK_STR(buf, "2023-07-20");
    qy_date_format(0, buf);
    CHECK_STR(buf, "1970-01-01");
    qy_date_format(-719162, buf);
    CHECK_STR(buf, "0001-01-01");
    qy_date_format(-719468, buf);
    CHECK_STR(buf, "0000-03-01");
    qy_date_format(qy_days_from_civil(-1, 12, 31), buf);
    CHECK_STR(buf, "-0001-12-31");
    qy_date_format(qy_days_from_civil(10000, 1, 1), buf);
    CHECK_STR(buf, "+10000-01-01");
    CHECK_INT(qy_date_format(INT32_MAX, buf), 14);
    CHECK_STR(buf, "+5881580-07-11");
    CHECK_INT(qy_date_format(INT32_MIN, buf), 14);
    CHECK_STR(buf, "-5877641-06-23");
}

static int32_t day_of(const char *s)
{
    int32_t days = 0;
    CHECK_INT(parse_rc(s, &days), QY_OK);
    return days;
}

static void test_from_civil(void)
{
    int32_t days = 42;
    CHECK_INT(qy_date_from_civil(2023, 7, 20, &days), QY_OK);
    CHECK_INT(days, 19558);
    CHECK_INT(qy_date_from_civil(1, 1, 1, &days), QY_OK);
    CHECK_INT(days, QY_DATE_MIN);
    CHECK_INT(qy_date_from_civil(9999, 12, 31, &days), QY_OK);
    CHECK_INT(days, QY_DATE_MAX);
    days = 42;
    CHECK_INT(qy_date_from_civil(2023, 2, 29, &days), QY_EPARSE);
    CHECK_INT(qy_date_from_civil(2100, 2, 29, &days), QY_EPARSE);
    CHECK_INT(qy_date_from_civil(2023, 13, 1, &days), QY_EPARSE);
    CHECK_INT(qy_date_from_civil(0, 1, 1, &days), QY_EPARSE);
    CHECK_INT(qy_date_from_civil(10000, 1, 1, &days), QY_EPARSE);
    CHECK_INT(days, 42);
}

/* The date days + n (or n months) as text, "range" when out of range. */
static const char *plus(const char *date, int64_t n, int months)
{
    static char buf[16];
    int32_t out;
    int rc = months ? qy_date_plus_months(day_of(date), n, &out) : qy_date_plus_days(day_of(date), n, &out);
    if (rc == QY_ERANGE) return "range";
    CHECK_INT(rc, QY_OK);
    qy_date_format(out, buf);
    return buf;
}

static void test_plus_days(void)
{
    CHECK_STR(plus("2023-07-20", 0, 0), "2023-07-20");
    CHECK_STR(plus("2023-07-20", 12, 0), "2023-08-01");
    CHECK_STR(plus("2024-02-28", 1, 0), "2024-02-29");
    CHECK_STR(plus("2023-02-28", 1, 0), "2023-03-01");
    CHECK_STR(plus("2023-01-01", -1, 0), "2022-12-31");
    CHECK_STR(plus("9999-12-31", 0, 0), "9999-12-31");
    CHECK_STR(plus("9999-12-31", 1, 0), "range");
    CHECK_STR(plus("0001-01-01", -1, 0), "range");
    CHECK_STR(plus("0001-01-01", QY_DATE_MAX - QY_DATE_MIN, 0), "9999-12-31");
    CHECK_STR(plus("2023-07-20", INT64_MAX, 0), "range");
    CHECK_STR(plus("2023-07-20", INT64_MIN, 0), "range");
}

static void test_plus_months(void)
{
    CHECK_STR(plus("2023-01-31", 1, 1), "2023-02-28");      /* clamped to the month's end */
    CHECK_STR(plus("2024-01-31", 1, 1), "2024-02-29");      /* leap year */
    CHECK_STR(plus("2023-03-31", -1, 1), "2023-02-28");
    CHECK_STR(plus("2024-02-29", 12, 1), "2025-02-28");
    CHECK_STR(plus("2024-02-29", 48, 1), "2028-02-29");
    CHECK_STR(plus("2023-05-31", 1, 1), "2023-06-30");
    CHECK_STR(plus("2023-07-20", 0, 1), "2023-07-20");
    CHECK_STR(plus("2023-07-20", 6, 1), "2024-01-20");
    CHECK_STR(plus("2023-07-20", -7, 1), "2022-12-20");
    CHECK_STR(plus("2023-01-15", -13, 1), "2021-12-15");
    CHECK_STR(plus("2023-07-20", -24, 1), "2021-07-20");
    CHECK_STR(plus("0001-01-31", 1, 1), "0001-02-28");
    CHECK_STR(plus("9999-12-31", 1, 1), "range");
    CHECK_STR(plus("0001-01-01", -1, 1), "range");
    CHECK_STR(plus("0001-01-01", 9999 * 12 - 1, 1), "9999-12-01");
    CHECK_STR(plus("2023-07-20", INT64_MAX, 1), "range");
    CHECK_STR(plus("2023-07-20", INT64_MIN, 1), "range");
}

static void test_weekday(void)
{
    CHECK_INT(qy_date_weekday(0), 4);                          /* 1970-01-01, a Thursday */
    CHECK_INT(qy_date_weekday(day_of("2023-07-17")), 1);       /* Monday */
    CHECK_INT(qy_date_weekday(day_of("2023-07-20")), 4);
    CHECK_INT(qy_date_weekday(day_of("2023-07-23")), 7);       /* Sunday */
    CHECK_INT(qy_date_weekday(day_of("1969-12-29")), 1);       /* before 1970 */
    CHECK_INT(qy_date_weekday(day_of("0001-01-01")), 1);
    CHECK_INT(qy_date_weekday(INT32_MIN), qy_date_weekday(INT32_MIN + 7));
}

/* days written by fmt; "error: ..." when the pattern is refused. */
static const char *pattern(const char *date, const char *fmt)
{
    static char buf[600];
    qy_error err = {0};
    if (qy_date_pattern_check(fmt, strlen(fmt), &err) != QY_OK) {
        snprintf(buf, sizeof buf, "error: %s", err.msg);
        return buf;
    }
    size_t n = qy_date_pattern_format(day_of(date), fmt, strlen(fmt), buf, sizeof buf);
    CHECK_INT(n, strlen(buf));
    return buf;
}

static void test_patterns(void)
{
    CHECK_STR(pattern("2023-07-20", "%Y-%m-%d"), "2023-07-20");
    CHECK_STR(pattern("2023-07-02", "%Y年%-m月%-d日"), "2023年7月2日");
    CHECK_STR(pattern("2023-11-20", "%Y年%-m月%-d日"), "2023年11月20日");
    CHECK_STR(pattern("2023-07-02", "%d/%m/%y"), "02/07/23");
    CHECK_STR(pattern("2005-01-01", "%y %j"), "05 001");
    CHECK_STR(pattern("2024-12-31", "%j"), "366");
    CHECK_STR(pattern("2023-12-31", "%j"), "365");
    CHECK_STR(pattern("0987-03-04", "%Y"), "0987");
    CHECK_STR(pattern("2023-07-20", "100%% %Y"), "100% 2023");
    CHECK_STR(pattern("2023-07-20", "no codes, 只有文字"), "no codes, 只有文字");
    CHECK_STR(pattern("2023-07-20", ""), "");
    CHECK_STR(pattern("2023-07-20", "%H:%M"),
              "error: unknown code '%H' in the date format (known: %Y %m %d %-m %-d %y %j %%)");
    CHECK_STR(pattern("2023-07-20", "%Y年%月"),
              "error: unknown code '%月' in the date format (known: %Y %m %d %-m %-d %y %j %%)");
    CHECK_STR(pattern("2023-07-20", "%-y"),
              "error: unknown code '%-y' in the date format (known: %Y %m %d %-m %-d %y %j %%)");
    CHECK_STR(pattern("2023-07-20", "%Y%"),
              "error: unknown code '%' in the date format (known: %Y %m %d %-m %-d %y %j %%)");
    CHECK_STR(pattern("2023-07-20", "%Y%-"),
              "error: unknown code '%-' in the date format (known: %Y %m %d %-m %-d %y %j %%)");
    CHECK_INT(qy_date_pattern_check("%\0", 2, NULL), QY_EINVAL);           /* a NUL is no code */
    /* like snprintf: what fits, and the whole length */
    char small[5];
    CHECK_INT(qy_date_pattern_format(day_of("2023-07-20"), "%Y-%m-%d", 8, small, sizeof small), 10);
    CHECK_STR(small, "2023");
    CHECK_INT(qy_date_pattern_format(day_of("2023-07-20"), "%Y年", 5, NULL, 0), 7);
    /* years outside 1..9999, as arithmetic can make them */
    char buf[32];
    qy_date_pattern_format(qy_days_from_civil(-5, 3, 1), "%Y %y", 5, buf, sizeof buf);
    CHECK_STR(buf, "-0005 95");
    qy_date_pattern_format(qy_days_from_civil(12345, 3, 1), "%Y", 2, buf, sizeof buf);
    CHECK_STR(buf, "12345");
}

int main(void)
{
    RUN(test_days_from_civil);
    RUN(test_civil_from_days);
    RUN(test_every_day_round_trips);
    RUN(test_parse_forms);
    RUN(test_parse_rejects);
    RUN(test_parse_compact);
    RUN(test_format);
    RUN(test_from_civil);
    RUN(test_plus_days);
    RUN(test_plus_months);
    RUN(test_weekday);
    RUN(test_patterns);
    return check_summary("test_date");
}
