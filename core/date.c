/* date.c — days since 1970-01-01 from and to civil dates (Howard Hinnant's algorithms). */
#include "date.h"

#include <stdio.h>
#include <string.h>

#include "error.h"

/* The algorithms count from 0000-03-01 in 400-year eras of 146097 days, so
 * the leap day falls at the end of a year; 719468 days lie between
 * 0000-03-01 and 1970-01-01. */
enum { DAYS_PER_ERA = 146097, EPOCH_FROM_MARCH_0000 = 719468 };

/* Floor division for the eras before year 0. */
static int64_t floor_div(int64_t a, int64_t b) { return (a >= 0 ? a : a - (b - 1)) / b; }

int32_t qy_days_from_civil(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = floor_div(y, 400);
    int64_t year_of_era = y - era * 400;                                   /* 0..399 */
    int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return (int32_t)(era * DAYS_PER_ERA + day_of_era - EPOCH_FROM_MARCH_0000);
}

void qy_civil_from_days(int32_t days, int *year, int *month, int *day)
{
    int64_t z = (int64_t)days + EPOCH_FROM_MARCH_0000;
    int64_t era = floor_div(z, DAYS_PER_ERA);
    int64_t day_of_era = z - era * DAYS_PER_ERA;                           /* 0..146096 */
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t month_from_march = (5 * day_of_year + 2) / 153;                 /* 0 = March */
    *day = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    *month = (int)(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    *year = (int)(year_of_era + era * 400 + (*month <= 2));
}

static int is_leap_year(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/* Checks the date exists and stores its day number. */
static int civil_to_days(int year, int month, int day, int32_t *days)
{
    if (year < 1 || year > 9999 || month < 1 || month > 12) return QY_EPARSE;
    if (day < 1 || day > days_in_month(year, month)) return QY_EPARSE;
    *days = qy_days_from_civil(year, month, day);
    return QY_OK;
}

/* Reads min..max decimal digits at s[*pos] as a number; 0 when fewer are there. */
static int read_digits(const char *s, size_t len, size_t *pos, int min, int max, int *out)
{
    int n = 0, value = 0;
    while (n < max && *pos < len && s[*pos] >= '0' && s[*pos] <= '9') {
        value = value * 10 + (s[*pos] - '0');
        (*pos)++;
        n++;
    }
    *out = value;
    return n >= min;
}

/* Consumes the separator text sep at s[*pos] if it is there. */
static int read_text(const char *s, size_t len, size_t *pos, const char *sep)
{
    size_t n = strlen(sep);
    if (len - *pos < n || memcmp(s + *pos, sep, n) != 0) return 0;
    *pos += n;
    return 1;
}

/* The separators of one date form: after the year, after the month, after the day. */
static const char *const date_forms[][3] = {
    {"-", "-", ""},
    {"/", "/", ""},
    {"\xE5\xB9\xB4", "\xE6\x9C\x88", "\xE6\x97\xA5"},   /* 年 月 日 */
};

int qy_date_parse(const char *s, size_t len, int32_t *days)
{
    for (size_t f = 0; f < sizeof date_forms / sizeof date_forms[0]; f++) {
        const char *const *sep = date_forms[f];
        size_t pos = 0;
        int year, month, day;
        if (read_digits(s, len, &pos, 4, 4, &year) && read_text(s, len, &pos, sep[0]) &&
            read_digits(s, len, &pos, 1, 2, &month) && read_text(s, len, &pos, sep[1]) &&
            read_digits(s, len, &pos, 1, 2, &day) && read_text(s, len, &pos, sep[2]) &&
            pos == len)
            return civil_to_days(year, month, day, days);
    }
    return QY_EPARSE;
}

int qy_date_parse_compact(const char *s, size_t len, int32_t *days)
{
    size_t pos = 0;
    int year, month, day;
    if (len != 8 || !read_digits(s, len, &pos, 4, 4, &year) ||
        !read_digits(s, len, &pos, 2, 2, &month) || !read_digits(s, len, &pos, 2, 2, &day))
        return QY_EPARSE;
    return civil_to_days(year, month, day, days);
}

/* Digits by hand: printf costs more than the rest of a CSV field. */
static size_t put_digits(char *buf, unsigned v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        buf[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return (size_t)width;
}

size_t qy_date_format(int32_t days, char *buf)
{
    int year, month, day;
    qy_civil_from_days(days, &year, &month, &day);
    size_t n = 0;
    if (year < 0 || year > 9999) buf[n++] = year < 0 ? '-' : '+';
    unsigned magnitude = (unsigned)(year < 0 ? -year : year);
    int width = 4;
    for (unsigned v = magnitude; v >= 10000; v /= 10) width++;
    n += put_digits(buf + n, magnitude, width);
    buf[n++] = '-';
    n += put_digits(buf + n, (unsigned)month, 2);
    buf[n++] = '-';
    n += put_digits(buf + n, (unsigned)day, 2);
    buf[n] = '\0';
    return n;
}
