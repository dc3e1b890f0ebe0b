/* date_column.h — verbs on date columns: shifted by days or by months,
 * the days between two dates, formatted by a pattern.
 *
 * Each returns a new column in *out, one reference for the caller, and
 * borrows its inputs. A null row (of c, or of an operand column) gives a
 * null row. Results keep to the dates the parsers read, years 1..9999
 * (QY_DATE_MIN..QY_DATE_MAX in date.h); a row pushed outside is QY_ERANGE
 * naming it.
 */
#ifndef QY_DATE_COLUMN_H
#define QY_DATE_COLUMN_H

#include "column.h"
#include "error.h"
#include "scalar.h"

/* c's dates n days later: n is an int64 scalar or an int64 column of c's
 * length. "'9999-12-31' + 1 days at row 1 is out of range"; c not a date
 * column or n not int64 is QY_ETYPE, n of another length QY_EINVAL. */
int qy_add_days(const qy_column *c, const qy_operand *n, qy_column **out, qy_error *err);

/* The same day n months later, clamped to the end of a shorter month
 * (qy_date_plus_months); errors as qy_add_days, "... + 1 months at row 1 ...". */
int qy_add_months(const qy_column *c, const qy_operand *n, qy_column **out, qy_error *err);

/* An int64 column of b - a in days, length rows; a and b are date columns
 * or date scalars, at least one of them a column. Otherwise QY_ETYPE;
 * columns of other lengths QY_EINVAL. */
int qy_days_between(const qy_operand *a, const qy_operand *b, int64_t length, qy_column **out,
                    qy_error *err);

/* A string column of c's dates written by the pattern fmt (date.h: %Y %m
 * %d %-m %-d %y %j %%, other text as it is). Each distinct day is formatted
 * once when the column's days span a short range. An unknown code is
 * QY_EINVAL naming it; c not a date column QY_ETYPE. */
int qy_format_dates(const qy_column *c, const char *fmt, size_t len, qy_column **out,
                    qy_error *err);

#endif
