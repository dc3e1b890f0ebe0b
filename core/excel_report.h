/* excel_report.h — a worksheet read's report (excel_read.h) as text, and
 * back: for keeping the report with a cached table (excel_cache.h).
 *
 * The text: a line "excel" with the format and the counts, a line each for
 * the sheet, the range and the title, one per footer text and error cell,
 * every text length-prefixed ("sheet 6:明细"), then the embedded CSV
 * report as qy_csv_report_format writes it (its warnings included).
 */
#ifndef QY_EXCEL_REPORT_H
#define QY_EXCEL_REPORT_H

#include <stddef.h>

#include "excel_read.h"
#include "strbuf.h"

/* Appends report as text to out: QY_OK or QY_ENOMEM. */
int qy_excel_report_format(const qy_excel_report *report, qy_strbuf *out);

/* text[0..len) back into *report: QY_OK, or QY_EFORMAT, leaving *report as
 * it was, when text is not exactly what qy_excel_report_format writes. */
int qy_excel_report_parse(const char *text, size_t len, qy_excel_report *report);

#endif
