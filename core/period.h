/* period.h — calendar parts and period labels of dates.
 *
 * Input: a date column, or a string column of months "YYYY-MM" (as ledgers
 * write months; taken as the month's first day; "2023/5" and whole dates
 * qy_date_parse reads are accepted too). Nulls stay null. A string that is
 * no month is QY_EPARSE naming it and its row ("'总计' at row 2 is not a
 * month (YYYY-MM)"); dict entries no row uses are not looked at. Other
 * column types are QY_ETYPE.
 */
#ifndef QY_PERIOD_H
#define QY_PERIOD_H

#include "column.h"
#include "error.h"

typedef enum qy_date_part { QY_PART_YEAR, QY_PART_HALF, QY_PART_QUARTER, QY_PART_MONTH } qy_date_part;

/* An int64 column: year (2023), half (1..2), quarter (1..4), month (1..12). */
int qy_date_part_of(const qy_column *c, qy_date_part part, qy_column **out, qy_error *err);

/* A string column of period labels that sort chronologically as bytes:
 * unit 'Y' "2023", 'H' "2023H1", 'Q' "2023Q2", 'M' "2023-05". Any other
 * unit is QY_EINVAL. The dict holds each label once. */
int qy_period_of(const qy_column *c, char unit, qy_column **out, qy_error *err);

#endif
