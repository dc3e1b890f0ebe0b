/* numfmt.h — Excel number formats: what kind of value a format shows, and a
 * stored number as that format shows it, as text the CSV typing rules read.
 *
 * A format is a built-in id (0 General, 1 "0", 2 "0.00", 14 a date, ...;
 * ids 27-36 and 50-58 are the dates and times of Chinese Excel, 31
 * yyyy"年"m"月"d"日"; unknown ids are General) or a code ("#,##0.00",
 * "yyyy\"年\"m\"月\"d\"日\"", "0.00%", "[$-804]..."); only its first section
 * (before ';') decides, so a negative shows as "-12.35" whatever its own
 * section says. Quoted and escaped text, colours, locales and [DBNum]
 * brackets, "_x" and "*x" padding say nothing; "[h]" and the like are time.
 * Kinds:
 *   General (and scientific, fraction, text "@" shown numbers, and formats
 *     that scale by thousands, "#,##0,", whose shown value is not the
 *     stored one): up to 15 significant digits, as Excel shows them: 0.1 +
 *     0.2 is "0.3", 1272.9500000000001 is "1272.95"; plain from 1e-9 to
 *     below 1e15, else "1E+20", "1.5E-10";
 *   fixed (places >= 0 digits after the point, grouping and literal text
 *     dropped): "#,##0.00" shows 1234.5 as "1234.50"; a text longer than
 *     the buffer (1e100 as "0.00") is General's instead;
 *   percent: the stored value with places + 2 digits: "0.0%" shows 0.1234
 *     as "0.123" (the value, not "12.3%");
 *   date, datetime, time: serial numbers as "2024-03-15",
 *     "2024-03-15 10:30:00", "10:30:00", the time of day rounded to the
 *     second first as Excel rounds it (45366.99999999 is "2024-03-16",
 *     time 0.99999999 is "00:00:00"); elapsed formats ("[h]:mm") show the
 *     time of day too.
 * Rounding is Excel's: the value is first taken to 15 significant digits,
 * then rounded half away from zero at the shown place (2.675 with "0.00" is
 * "2.68", where printf gives 2.67); what rounds to zero has no sign
 * (-0.004 with "0.00" is "0.00").
 */
#ifndef QY_NUMFMT_H
#define QY_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum qy_numfmt_kind {
    QY_NUMFMT_GENERAL,
    QY_NUMFMT_FIXED,
    QY_NUMFMT_PERCENT,
    QY_NUMFMT_DATE,
    QY_NUMFMT_DATETIME,
    QY_NUMFMT_TIME
} qy_numfmt_kind;

typedef struct qy_numfmt {
    qy_numfmt_kind kind;
    int places;            /* FIXED and PERCENT: digits after the point shown */
} qy_numfmt;

/* The kind of format id, whose code is code (NULL for a built-in id). */
qy_numfmt qy_numfmt_classify(uint32_t id, const char *code);

enum { QY_NUMFMT_TEXT_SIZE = 48 };

/* The number v as fmt shows it, in buf (QY_NUMFMT_TEXT_SIZE bytes,
 * NUL-terminated); returns the length. date1904: the workbook counts
 * serials from 1904 (serial 0 is 1904-01-01). A date or datetime whose day
 * is outside 1900-01-01 (1904-01-01) .. 9999-12-31, a negative time, or a
 * value that is NaN or infinite, returns 0 (buf ""). Serial 60 of the 1900
 * system is the day Excel believes was 1900-02-29: "1900-02-29". */
size_t qy_numfmt_render(qy_numfmt fmt, double v, bool date1904, char *buf);

#endif
