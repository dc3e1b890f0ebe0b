/* date.c — days since 1970-01-01 from and to civil dates (Howard Hinnant's algorithms). */
#include "date.h"

#include <stdbool.h>
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

int qy_date_from_civil(int year, int month, int day, int32_t *days)
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
            return qy_date_from_civil(year, month, day, days);
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
    return qy_date_from_civil(year, month, day, days);
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

int qy_date_plus_days(int32_t days, int64_t n, int32_t *out)
{
    if (n > (int64_t)QY_DATE_MAX - days || n < (int64_t)QY_DATE_MIN - days) return QY_ERANGE;
    *out = (int32_t)(days + n);
    return QY_OK;
}

/* More months than the years 1..9999 hold: out of range from any date. */
enum { MONTHS_IN_RANGE = 12 * 10000 };

int qy_date_plus_months(int32_t days, int64_t n, int32_t *out)
{
    if (n > MONTHS_IN_RANGE || n < -MONTHS_IN_RANGE) return QY_ERANGE;
    int year, month, day;
    qy_civil_from_days(days, &year, &month, &day);
    int64_t total = (int64_t)year * 12 + (month - 1) + n;
    int64_t new_year = floor_div(total, 12);
    if (new_year < 1 || new_year > 9999) return QY_ERANGE;
    int new_month = (int)(total - new_year * 12) + 1;
    int last = days_in_month((int)new_year, new_month);
    *out = qy_days_from_civil((int)new_year, new_month, day < last ? day : last);
    return QY_OK;
}

int qy_date_weekday(int32_t days)
{
    int64_t from_monday = (int64_t)days + 3;              /* 1970-01-01 was a Thursday */
    return (int)(from_monday - floor_div(from_monday, 7) * 7) + 1;
}

/* ---- patterns ------------------------------------------------------------ */

/* The bytes of the code starting at fmt[i] (a '%'), 0 when it is unknown. */
static size_t known_code(const char *fmt, size_t len, size_t i)
{
    if (i + 1 < len && fmt[i + 1] && strchr("Ymdyj%", fmt[i + 1])) return 2;   /* strchr finds NUL too */
    if (i + 2 < len && fmt[i + 1] == '-' && (fmt[i + 2] == 'm' || fmt[i + 2] == 'd')) return 3;
    return 0;
}

/* The bytes of an unknown code at fmt[i]: the '%', a '-' if there is one,
 * and the whole UTF-8 character after them, so the message can quote it. */
static size_t unknown_code(const char *fmt, size_t len, size_t i)
{
    size_t n = 1;
    if (i + n < len && fmt[i + n] == '-') n++;
    if (i + n < len) {
        unsigned char lead = (unsigned char)fmt[i + n];
        size_t width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        n += width < len - i - n ? width : len - i - n;
    }
    return n;
}

int qy_date_pattern_check(const char *fmt, size_t len, qy_error *err)
{
    for (size_t i = 0; i < len; i++) {
        if (fmt[i] != '%') continue;
        size_t n = known_code(fmt, len, i);
        if (!n)
            return qy_error_set(err, QY_EINVAL,
                                "unknown code '%.*s' in the date format (known: %%Y %%m %%d %%-m "
                                "%%-d %%y %%j %%%%)",
                                (int)unknown_code(fmt, len, i), fmt + i);
        i += n - 1;
    }
    return QY_OK;
}

/* Text written into a buffer as snprintf does: what fits, and the length it would take. */
typedef struct pattern_out {
    char *buf;
    size_t cap, len;
} pattern_out;

static void put_bytes(pattern_out *o, const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++, o->len++)
        if (o->len + 1 < o->cap) o->buf[o->len] = s[k];
}

static void put_number(pattern_out *o, const char *sign, int value, int width)
{
    char text[24];
    int n = snprintf(text, sizeof text, "%s%0*d", sign, width, value);
    put_bytes(o, text, (size_t)n);
}

/* Writes the known code of n bytes for the date y-m-d, day number days. */
static void put_code(pattern_out *o, const char *code, size_t n, int32_t days, int y, int m, int d)
{
    char which = code[n - 1];
    bool padded = n == 2;
    switch (which) {
    case 'Y': put_number(o, y < 0 ? "-" : "", y < 0 ? -y : y, 4); break;
    case 'y': put_number(o, "", (int)(y - floor_div(y, 100) * 100), 2); break;
    case 'm': put_number(o, "", m, padded ? 2 : 1); break;
    case 'd': put_number(o, "", d, padded ? 2 : 1); break;
    case 'j': put_number(o, "", days - qy_days_from_civil(y, 1, 1) + 1, 3); break;
    default: put_bytes(o, "%", 1); break;
    }
}

size_t qy_date_pattern_format(int32_t days, const char *fmt, size_t len, char *buf, size_t cap)
{
    int y, m, d;
    qy_civil_from_days(days, &y, &m, &d);
    pattern_out o = {buf, cap, 0};
    size_t i = 0;
    while (i < len) {
        size_t n = fmt[i] == '%' ? known_code(fmt, len, i) : 0;
        if (n) {
            put_code(&o, fmt + i, n, days, y, m, d);
            i += n;
            continue;
        }
        size_t text = i;                                   /* a run of plain text */
        while (i < len && fmt[i] != '%') i++;
        if (i == text) i++;                                /* an unchecked lone '%' */
        put_bytes(&o, fmt + text, i - text);
    }
    if (cap) buf[o.len < cap ? o.len : cap - 1] = '\0';
    return o.len;
}
