/* date.h — calendar dates as days since 1970-01-01 (proleptic Gregorian).
 *
 * Parsers take a byte range, accept years 1..9999 and check that the day
 * exists (2023-02-29 is not a date). Nothing here allocates.
 */
#ifndef QY_DATE_H
#define QY_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

int32_t qy_days_from_civil(int year, int month, int day);
void qy_civil_from_days(int32_t days, int *year, int *month, int *day);

/* The forms Chinese spreadsheets export, month and day with or without a
 * leading zero: "2023-07-20", "2023-7-20", "2023/7/20", "2023年7月20日".
 * Returns QY_OK or QY_EPARSE. */
int qy_date_parse(const char *s, size_t len, int32_t *days);

/* Exactly eight digits, YYYYMMDD ("20230720"). QY_OK or QY_EPARSE. */
int qy_date_parse_compact(const char *s, size_t len, int32_t *days);

/* "YYYY-MM-DD" (years outside 0..9999 get a sign and more digits);
 * buf holds at least 16 bytes. Returns the length. */
size_t qy_date_format(int32_t days, char *buf);

/* The day numbers of 0001-01-01 and 9999-12-31: the dates the parsers read,
 * and the range date arithmetic (qy_date_plus_*) keeps to. */
#define QY_DATE_MIN (-719162)
#define QY_DATE_MAX 2932896

/* The day of year-month-day, checked like the parsers (years 1..9999, a day
 * the month has). QY_OK or QY_EPARSE. */
int qy_date_from_civil(int year, int month, int day, int32_t *days);

/* days + n into *out; QY_ERANGE when that falls outside QY_DATE_MIN..MAX. */
int qy_date_plus_days(int32_t days, int64_t n, int32_t *out);

/* The same day n months later (earlier for n < 0), clamped to the end of a
 * shorter month: 2023-01-31 + 1 is 2023-02-28, 2024-01-31 + 1 2024-02-29.
 * QY_ERANGE when the result falls outside QY_DATE_MIN..MAX. */
int qy_date_plus_months(int32_t days, int64_t n, int32_t *out);

/* ISO 8601 weekday: 1 Monday .. 7 Sunday. */
int qy_date_weekday(int32_t days);

/* Date patterns, strftime-like: %Y year (four digits at least), %m and %d
 * (two digits), %-m and %-d (no leading zero: "%Y年%-m月%-d日" gives
 * "2023年7月20日"), %y (two digits), %j (day of year, three digits), %%;
 * any other text is copied as it is. */

/* QY_OK, or QY_EINVAL naming the first unknown code: "unknown code '%H' in
 * the date format (known: %Y %m %d %-m %-d %y %j %%)". */
int qy_date_pattern_check(const char *fmt, size_t len, qy_error *err);

/* Writes days by the checked pattern fmt into buf as snprintf does (at most
 * cap - 1 bytes and a NUL; cap may be 0) and returns the full length. */
size_t qy_date_pattern_format(int32_t days, const char *fmt, size_t len, char *buf, size_t cap);

#endif
