/* period.c — calendar parts and period labels; see period.h.
 *
 * Every row first becomes a month number m = year * 12 + (month - 1).
 * Dates get it from a table of the days they span when that span is not
 * much longer than the column (one calendar conversion per day instead of
 * per row), strings from a table of their dict entries. Parts and labels
 * are then arithmetic on m; a label is formatted and interned once per
 * distinct period, found again through a table indexed by period.
 */
#include "period.h"

#include <stdbool.h>
#include <stdio.h>

#include "alloc.h"
#include "date.h"
#include "validity.h"

#define NO_MONTH INT32_MIN

static int32_t floor_div(int32_t a, int32_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

/* 0..11 for January..December of month number m. */
static int32_t month_in_year(int32_t m) { return m - floor_div(m, 12) * 12; }

static int32_t month_of_days(int32_t days)
{
    int y, m, d;
    qy_civil_from_days(days, &y, &m, &d);
    return y * 12 + m - 1;
}

/* Month numbers of rows: m[i] for each row, 0 for nulls; the smallest and
 * largest of the non-null rows in *lo, *hi (lo > hi when there is none). */
typedef struct months {
    int32_t *m;       /* owned */
    int32_t lo, hi;
} months;

static void span_of(const int32_t *v, const qy_column *c, int32_t *lo, int32_t *hi)
{
    int32_t low = INT32_MAX, high = INT32_MIN;
    if (c->null_count == 0) {                /* a loop the compiler vectorizes */
        for (int64_t i = 0; i < c->length; i++) {
            low = v[i] < low ? v[i] : low;
            high = v[i] > high ? v[i] : high;
        }
    } else {
        for (int64_t i = 0; i < c->length; i++) {
            if (qy_column_is_null(c, i)) continue;
            low = v[i] < low ? v[i] : low;
            high = v[i] > high ? v[i] : high;
        }
    }
    *lo = low;
    *hi = high;
}

/* Whether a table of span days is worth building for n rows. */
static bool short_span(int64_t span, int64_t n) { return span > 0 && span <= 4 * n + 4096; }

static int date_months(const qy_column *c, months *ms)
{
    int64_t n = c->length;
    const int32_t *days = c->v.date;
    int32_t first, last;
    span_of(days, c, &first, &last);
    int64_t span = first <= last ? (int64_t)last - first + 1 : 0;
    if (short_span(span, n)) {
        int32_t *by_day = qy_malloc((size_t)span * sizeof *by_day);
        if (!by_day) return QY_ENOMEM;
        for (int64_t d = 0; d < span; d++) by_day[d] = month_of_days((int32_t)(first + d));
        for (int64_t i = 0; i < n; i++) {
            int64_t d = (int64_t)days[i] - first;
            ms->m[i] = d >= 0 && d < span ? by_day[d] : 0;    /* out of span: a null row */
        }
        qy_free(by_day);
    } else {
        for (int64_t i = 0; i < n; i++) ms->m[i] = month_of_days(days[i]);
    }
    if (span > 0) {
        ms->lo = month_of_days(first);
        ms->hi = month_of_days(last);
    }
    return QY_OK;
}

/* "2023-05", "2023/5" (the month's first day), or a date qy_date_parse reads. */
static int32_t parse_month(const char *s, size_t len)
{
    int32_t days;
    if (qy_date_parse(s, len, &days) == QY_OK) return month_of_days(days);
    if (len < 6 || len > 7 || (s[4] != '-' && s[4] != '/')) return NO_MONTH;
    int year = 0, month = 0;
    for (size_t i = 0; i < len; i++) {
        if (i == 4) continue;
        if (s[i] < '0' || s[i] > '9') return NO_MONTH;
        if (i < 4) year = year * 10 + (s[i] - '0');
        else month = month * 10 + (s[i] - '0');
    }
    if (year < 1 || month < 1 || month > 12) return NO_MONTH;
    return year * 12 + month - 1;
}

static int string_months(const qy_column *c, months *ms, qy_error *err)
{
    uint32_t size = qy_dict_size(c->dict);
    int32_t *by_code = qy_malloc((size_t)size * sizeof *by_code + 1);
    if (!by_code) return QY_ENOMEM;
    for (uint32_t k = 0; k < size; k++) {
        size_t len;
        const char *s = qy_dict_get(c->dict, k, &len);
        by_code[k] = parse_month(s, len);
    }
    int rc = QY_OK;
    for (int64_t i = 0; i < c->length; i++) {
        if (c->null_count && qy_column_is_null(c, i)) {
            ms->m[i] = 0;
            continue;
        }
        int32_t m = by_code[c->v.code[i]];
        if (m == NO_MONTH) {
            rc = qy_error_set(err, QY_EPARSE, "'%s' at row %lld is not a month (YYYY-MM)",
                              qy_dict_get(c->dict, c->v.code[i], NULL), (long long)i + 1);
            break;
        }
        ms->m[i] = m;
        if (m < ms->lo) ms->lo = m;
        if (m > ms->hi) ms->hi = m;
    }
    qy_free(by_code);
    return rc;
}

/* The month numbers of c's rows. Caller frees ms->m. */
static int months_of(const qy_column *c, months *ms, qy_error *err)
{
    char name[16];
    if (c->type != QY_DATE && c->type != QY_STRING)
        return qy_error_set(err, QY_ETYPE, "periods need a date column or months (YYYY-MM), not %s",
                            qy_type_name(c->type, c->scale, name));
    ms->lo = INT32_MAX;
    ms->hi = INT32_MIN;
    ms->m = qy_malloc((size_t)c->length * sizeof *ms->m + 1);
    if (!ms->m) return qy_error_set(err, QY_ENOMEM, "not enough memory for periods");
    int rc = c->type == QY_DATE ? date_months(c, ms) : string_months(c, ms, err);
    if (rc == QY_ENOMEM) qy_error_set(err, rc, "not enough memory for periods");
    if (rc != QY_OK) {
        qy_free(ms->m);
        ms->m = NULL;
    }
    return rc;
}

/* The part of the month numbered m. */
static int64_t part_of(int32_t m, qy_date_part part)
{
    switch (part) {
    case QY_PART_YEAR: return floor_div(m, 12);
    case QY_PART_HALF: return month_in_year(m) / 6 + 1;
    case QY_PART_QUARTER: return month_in_year(m) / 3 + 1;
    case QY_PART_MONTH: return month_in_year(m) + 1;
    }
    return 0;
}

/* Parts of a date column over a short span: the part of every day of the
 * span once, then one lookup per row. QY_ERANGE, writing nothing, when the
 * span is too wide for a table. */
static int parts_by_day(const qy_column *c, qy_date_part part, int64_t *r)
{
    const int32_t *days = c->v.date;
    int32_t first, last;
    span_of(days, c, &first, &last);
    int64_t span = first <= last ? (int64_t)last - first + 1 : 0;
    if (!short_span(span, c->length)) return QY_ERANGE;
    int64_t *by_day = qy_malloc((size_t)span * sizeof *by_day + 1);
    if (!by_day) return QY_ENOMEM;
    for (int64_t d = 0; d < span; d++) by_day[d] = part_of(month_of_days((int32_t)(first + d)), part);
    for (int64_t i = 0; i < c->length; i++) {
        uint64_t d = (uint64_t)((int64_t)days[i] - first);
        r[i] = d < (uint64_t)span ? by_day[d] : 0;          /* out of span: a null row */
    }
    qy_free(by_day);
    return QY_OK;
}

/* Parts through month numbers (strings, and dates over a wide span). */
static int parts_by_month(const qy_column *c, qy_date_part part, int64_t *r, qy_error *err)
{
    months ms;
    QY_RETURN_NOT_OK(months_of(c, &ms, err));
    for (int64_t i = 0; i < c->length; i++) r[i] = part_of(ms.m[i], part);
    qy_free(ms.m);
    return QY_OK;
}

int qy_date_part_of(const qy_column *c, qy_date_part part, qy_column **out, qy_error *err)
{
    qy_column *p;
    QY_RETURN_NOT_OK(qy_column_new(QY_INT64, 0, NULL, c->length, &p, err));
    int rc = c->type == QY_DATE ? parts_by_day(c, part, p->v.i64) : QY_ERANGE;
    if (rc == QY_ERANGE) rc = parts_by_month(c, part, p->v.i64, err);
    else if (rc == QY_ENOMEM) qy_error_set(err, rc, "not enough memory for periods");
    if (rc == QY_OK) rc = qy_validity_and(p, c, NULL, err);
    if (rc != QY_OK) {
        qy_column_release(p);
        return rc;
    }
    *out = p;
    return QY_OK;
}

/* Months per period of unit: 12, 6, 3 or 1; 0 for an unknown unit. */
static int32_t unit_months(char unit)
{
    switch (unit) {
    case 'Y': return 12;
    case 'H': return 6;
    case 'Q': return 3;
    case 'M': return 1;
    default: return 0;
    }
}

/* The label of the period numbered key (month number / unit months). */
static int format_label(char unit, int32_t key, char *buf, size_t cap)
{
    int32_t per_year = 12 / unit_months(unit), year = floor_div(key, per_year);
    int32_t part = key - year * per_year + 1;
    switch (unit) {
    case 'Y': return snprintf(buf, cap, "%04d", year);
    case 'H': return snprintf(buf, cap, "%04dH%d", year, part);
    case 'Q': return snprintf(buf, cap, "%04dQ%d", year, part);
    default: return snprintf(buf, cap, "%04d-%02d", year, part);
    }
}

/* Fills p's codes: each row's period, its label formatted and interned the
 * first time the period is met. Rows find their code through a table by
 * month number, so no row divides. */
static int label_rows(qy_column *p, const qy_column *c, const months *ms, char unit,
                      qy_error *err)
{
    int32_t per = unit_months(unit), first = floor_div(ms->lo, per);
    size_t nmonths = (size_t)((int64_t)ms->hi - ms->lo) + 1;
    size_t nperiods = (size_t)(floor_div(ms->hi, per) - first) + 1;
    uint32_t *code_of_month = qy_malloc(nmonths * sizeof *code_of_month);
    uint32_t *code_of_period = qy_malloc(nperiods * sizeof *code_of_period);
    int rc = code_of_month && code_of_period ? QY_OK
           : qy_error_set(err, QY_ENOMEM, "not enough memory for periods");
    for (size_t k = 0; rc == QY_OK && k < nmonths; k++) code_of_month[k] = UINT32_MAX;
    for (size_t k = 0; rc == QY_OK && k < nperiods; k++) code_of_period[k] = UINT32_MAX;
    for (int64_t i = 0; i < c->length && rc == QY_OK; i++) {
        if (c->null_count && qy_column_is_null(c, i)) continue;
        uint32_t *code = &code_of_month[ms->m[i] - ms->lo];
        if (*code == UINT32_MAX) {
            int32_t key = floor_div(ms->m[i], per);
            uint32_t *known = &code_of_period[key - first];
            if (*known == UINT32_MAX) {
                char label[32];
                int len = format_label(unit, key, label, sizeof label);
                rc = qy_dict_intern(p->dict, label, (size_t)len, known);
                if (rc != QY_OK) rc = qy_error_set(err, rc, "not enough memory for periods");
            }
            *code = *known;
        }
        p->v.code[i] = *code;
    }
    qy_free(code_of_month);
    qy_free(code_of_period);
    return rc;
}

int qy_period_of(const qy_column *c, char unit, qy_column **out, qy_error *err)
{
    if (!unit_months(unit))
        return qy_error_set(err, QY_EINVAL, "unknown period '%c' (expected Y, H, Q or M)", unit);
    months ms;
    QY_RETURN_NOT_OK(months_of(c, &ms, err));
    qy_dict *dict = qy_dict_new();
    qy_column *p = NULL;
    int rc = dict ? qy_column_new(QY_STRING, 0, dict, c->length, &p, err)
                  : qy_error_set(err, QY_ENOMEM, "not enough memory for periods");
    qy_dict_release(dict);
    if (rc == QY_OK && ms.lo <= ms.hi) rc = label_rows(p, c, &ms, unit, err);
    if (rc == QY_OK) rc = qy_validity_and(p, c, NULL, err);
    qy_free(ms.m);
    if (rc != QY_OK) {
        qy_column_release(p);
        return rc;
    }
    *out = p;
    return QY_OK;
}
