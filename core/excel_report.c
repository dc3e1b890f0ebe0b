/* excel_report.c — a worksheet read's report as text; see excel_report.h. */
#include "excel_report.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int format_text(qy_strbuf *out, const char *tag, const char *text, char end)
{
    return qy_strbuf_printf(out, "%s%zu:%s%c", tag, strlen(text), text, end);
}

int qy_excel_report_format(const qy_excel_report *r, qy_strbuf *out)
{
    QY_RETURN_NOT_OK(qy_strbuf_printf(out, "excel %d %lld %d %lld %d %lld %lld %lld %d %lld\n",
                                      (int)r->format, (long long)r->skipped, r->header_rows,
                                      (long long)r->footer_rows, r->nfooters,
                                      (long long)r->merged, (long long)r->hidden,
                                      (long long)r->errors, r->nerror_cells,
                                      (long long)r->no_value));
    QY_RETURN_NOT_OK(format_text(out, "sheet ", r->sheet, '\n'));
    QY_RETURN_NOT_OK(format_text(out, "range ", r->range, '\n'));
    QY_RETURN_NOT_OK(format_text(out, "title ", r->title, '\n'));
    for (int i = 0; i < r->nfooters; i++)
        QY_RETURN_NOT_OK(format_text(out, "footer ", r->footers[i], '\n'));
    for (int i = 0; i < r->nerror_cells; i++) {
        QY_RETURN_NOT_OK(format_text(out, "error_cell ", r->error_cells[i].ref, ' '));
        QY_RETURN_NOT_OK(format_text(out, "", r->error_cells[i].value, '\n'));
    }
    return qy_csv_report_format(&r->csv, out);
}

/* Reads "<tag>N:<N bytes><end>" at *p (before stop) into dst (cap bytes,
 * room for the NUL), moving *p past it. */
static bool parse_text(const char **p, const char *stop, const char *tag, char *dst,
                       size_t cap, char end)
{
    const char *s = *p;
    size_t taglen = strlen(tag);
    if ((size_t)(stop - s) < taglen || memcmp(s, tag, taglen) != 0) return false;
    s += taglen;
    size_t n = 0;
    const char *digits = s;
    for (; s < stop && *s >= '0' && *s <= '9' && n < cap; s++) n = n * 10 + (size_t)(*s - '0');
    if (s == digits || n >= cap || s == stop || *s++ != ':') return false;
    if ((size_t)(stop - s) < n + 1 || s[n] != end || memchr(s, '\0', n)) return false;
    memcpy(dst, s, n);
    dst[n] = '\0';
    *p = s + n + 1;
    return true;
}

/* The first line's format and counts into r. */
static bool parse_counts(const char **p, const char *stop, qy_excel_report *r)
{
    const char *nl = memchr(*p, '\n', (size_t)(stop - *p));
    char line[256];
    if (!nl || (size_t)(nl - *p) >= sizeof line) return false;
    memcpy(line, *p, (size_t)(nl - *p));
    line[nl - *p] = '\0';
    long long skipped, footer_rows, merged, hidden, errors, no_value;
    int format, header_rows, nfooters, nerror_cells, used = 0;
    if (sscanf(line, "excel %d %lld %d %lld %d %lld %lld %lld %d %lld%n", &format, &skipped,
               &header_rows, &footer_rows, &nfooters, &merged, &hidden, &errors, &nerror_cells,
               &no_value, &used) != 10
        || used != nl - *p || (format != QY_BOOK_XLSX && format != QY_BOOK_XLS) || skipped < 0
        || header_rows < 0 || footer_rows < nfooters || nfooters < 0
        || nfooters > QY_EXCEL_MAX_FOOTERS || merged < 0 || hidden < 0 || errors < nerror_cells
        || nerror_cells < 0 || nerror_cells > QY_EXCEL_MAX_ERROR_CELLS || no_value < 0)
        return false;
    r->format = (qy_book_format)format;
    r->skipped = skipped;
    r->header_rows = header_rows;
    r->footer_rows = footer_rows;
    r->nfooters = nfooters;
    r->merged = merged;
    r->hidden = hidden;
    r->errors = errors;
    r->nerror_cells = nerror_cells;
    r->no_value = no_value;
    *p = nl + 1;
    return true;
}

int qy_excel_report_parse(const char *text, size_t len, qy_excel_report *report)
{
    static qy_excel_report empty;
    qy_excel_report r = empty;
    const char *p = text, *stop = text + len;
    if (!parse_counts(&p, stop, &r)
        || !parse_text(&p, stop, "sheet ", r.sheet, sizeof r.sheet, '\n')
        || !parse_text(&p, stop, "range ", r.range, sizeof r.range, '\n')
        || !parse_text(&p, stop, "title ", r.title, sizeof r.title, '\n'))
        return QY_EFORMAT;
    for (int i = 0; i < r.nfooters; i++)
        if (!parse_text(&p, stop, "footer ", r.footers[i], QY_EXCEL_TEXT, '\n'))
            return QY_EFORMAT;
    for (int i = 0; i < r.nerror_cells; i++)
        if (!parse_text(&p, stop, "error_cell ", r.error_cells[i].ref,
                        sizeof r.error_cells[i].ref, ' ')
            || !parse_text(&p, stop, "", r.error_cells[i].value,
                           sizeof r.error_cells[i].value, '\n'))
            return QY_EFORMAT;
    if (qy_csv_report_parse(p, (size_t)(stop - p), &r.csv) != QY_OK) return QY_EFORMAT;
    *report = r;
    return QY_OK;
}
