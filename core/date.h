/* date.h — calendar dates as days since 1970-01-01 (proleptic Gregorian).
 *
 * Parsers take a byte range, accept years 1..9999 and check that the day
 * exists (2023-02-29 is not a date). They never allocate.
 */
#ifndef QY_DATE_H
#define QY_DATE_H

#include <stddef.h>
#include <stdint.h>

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

#endif
