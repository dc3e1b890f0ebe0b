/* test_date.c — day numbers, the date forms we read, and formatting. */
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

int main(void)
{
    RUN(test_days_from_civil);
    RUN(test_civil_from_days);
    RUN(test_every_day_round_trips);
    RUN(test_parse_forms);
    RUN(test_parse_rejects);
    RUN(test_parse_compact);
    RUN(test_format);
    return check_summary("test_date");
}
