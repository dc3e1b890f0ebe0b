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

typedef enum qy_date_part {
    QY_PART_YEAR, QY_PART_HALF, QY_PART_QUARTER, QY_PART_MONTH, QY_PART_DAY, QY_PART_WEEKDAY
} qy_date_part;

/* An int64 column: year (2023), half (1..2), quarter (1..4), month (1..12),
 * day of the month (1..31), ISO weekday (1 Monday .. 7 Sunday). A month
 * string is its first day: "2023-05" has day 1 and the weekday of 2023-05-01. */
int qy_date_part_of(const qy_column *c, qy_date_part part, qy_column **out, qy_error *err);

/* How period labels are written. */
typedef enum qy_period_style {
    QY_PERIOD_CODED,   /* "2023", "2023H1", "2023Q2", "2023-05": sort chronologically as bytes */
    QY_PERIOD_ZH       /* "2023年", "2023年上半年", "2023年二季度", "2023年5月", as Chinese
                        * statistical reports write them; these do not sort as bytes */
} qy_period_style;

/* A string column of period labels: unit 'Y' (year), 'H' (half), 'Q'
 * (quarter) or 'M' (month); any other unit is QY_EINVAL. The dict holds
 * each label once. */
int qy_period_of(const qy_column *c, char unit, qy_period_style style, qy_column **out,
                 qy_error *err);

/* The Chinese label of a coded one ("2023Q2" -> "2023年二季度"; also "2023",
 * "2023H1", "2023-05"), written into buf (at least 32 bytes, NUL-terminated)
 * with its length in *len. QY_OK, or QY_EPARSE when label is no coded label. */
int qy_period_label_zh(const char *label, size_t len, char *buf, size_t *out_len);

/* A string column of the Chinese labels of c's coded ones, one dict entry
 * per distinct label. Nulls stay null; a row holding no coded label is
 * QY_EPARSE naming it ("'总计' at row 2 is not a period label (2023, 2023H1,
 * 2023Q2, 2023-05)"); entries no row uses are not looked at. A column that
 * is not of strings is QY_ETYPE. */
int qy_period_labels_zh(const qy_column *c, qy_column **out, qy_error *err);

#endif
