/* period.c — calendar parts and period labels; see period.h.
 *
 * Parts are computed once per day for dates (a table of the days the column
 * spans, when that span is not much longer than the column) and once per
 * dict entry for strings, then looked up by row. For labels every row first
 * becomes a month number m = year * 12 + (month - 1), found the same way; a
 * label is formatted and interned once per distinct period, found again
 * through a table indexed by period. Chinese labels of coded ones are made
 * once per dict entry.
 */
#include "period.h"

#include <stdbool.h>
#include <stdio.h>

#include "alloc.h"
#include "date.h"
#include "validity.h"

#define NO_MONTH INT32_MIN
#define NO_DAY INT32_MIN
#define NO_PART INT64_MIN

static int32_t floor_div(int32_t a, int32_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

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

/* The day of a date qy_date_parse reads, or the first day of a month
 * "2023-05", "2023/5"; NO_DAY for other text. */
static int32_t parse_day(const char *s, size_t len)
{
    int32_t days;
    if (qy_date_parse(s, len, &days) == QY_OK) return days;
    if (len < 6 || len > 7 || (s[4] != '-' && s[4] != '/')) return NO_DAY;
    int year = 0, month = 0;
    for (size_t i = 0; i < len; i++) {
        if (i == 4) continue;
        if (s[i] < '0' || s[i] > '9') return NO_DAY;
        if (i < 4) year = year * 10 + (s[i] - '0');
        else month = month * 10 + (s[i] - '0');
    }
    if (year < 1 || month < 1 || month > 12) return NO_DAY;
    return qy_days_from_civil(year, month, 1);
}

static int not_a_month(const qy_column *c, int64_t row, qy_error *err)
{
    return qy_error_set(err, QY_EPARSE, "'%s' at row %lld is not a month (YYYY-MM)",
                        qy_dict_get(c->dict, c->v.code[row], NULL), (long long)row + 1);
}

static int not_dated(const qy_column *c, qy_error *err)
{
    char name[16];
    return qy_error_set(err, QY_ETYPE, "periods need a date column or months (YYYY-MM), not %s",
                        qy_type_name(c->type, c->scale, name));
}

static int string_months(const qy_column *c, months *ms, qy_error *err)
{
    uint32_t size = qy_dict_size(c->dict);
    int32_t *by_code = qy_malloc((size_t)size * sizeof *by_code + 1);
    if (!by_code) return QY_ENOMEM;
    for (uint32_t k = 0; k < size; k++) {
        size_t len;
        const char *s = qy_dict_get(c->dict, k, &len);
        int32_t days = parse_day(s, len);
        by_code[k] = days == NO_DAY ? NO_MONTH : month_of_days(days);
    }
    int rc = QY_OK;
    for (int64_t i = 0; i < c->length; i++) {
        if (c->null_count && qy_column_is_null(c, i)) {
            ms->m[i] = 0;
            continue;
        }
        int32_t m = by_code[c->v.code[i]];
        if (m == NO_MONTH) {
            rc = not_a_month(c, i, err);
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
    if (c->type != QY_DATE && c->type != QY_STRING) return not_dated(c, err);
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

/* The part of the day numbered days. */
static int64_t part_of_day(int32_t days, qy_date_part part)
{
    int y, m, d;
    qy_civil_from_days(days, &y, &m, &d);
    switch (part) {
    case QY_PART_YEAR: return y;
    case QY_PART_HALF: return (m - 1) / 6 + 1;
    case QY_PART_QUARTER: return (m - 1) / 3 + 1;
    case QY_PART_MONTH: return m;
    case QY_PART_DAY: return d;
    case QY_PART_WEEKDAY: return qy_date_weekday(days);
    }
    return 0;
}

/* Parts of a date column: over a short span the part of every day of the
 * span once, then one lookup per row; else one conversion per row. */
static int date_parts(const qy_column *c, qy_date_part part, int64_t *r)
{
    const int32_t *days = c->v.date;
    int32_t first, last;
    span_of(days, c, &first, &last);
    int64_t span = first <= last ? (int64_t)last - first + 1 : 0;
    if (!short_span(span, c->length)) {
        for (int64_t i = 0; i < c->length; i++) r[i] = part_of_day(days[i], part);
        return QY_OK;
    }
    int64_t *by_day = qy_malloc((size_t)span * sizeof *by_day + 1);
    if (!by_day) return QY_ENOMEM;
    for (int64_t d = 0; d < span; d++) by_day[d] = part_of_day((int32_t)(first + d), part);
    for (int64_t i = 0; i < c->length; i++) {
        uint64_t d = (uint64_t)((int64_t)days[i] - first);
        r[i] = d < (uint64_t)span ? by_day[d] : 0;          /* out of span: a null row */
    }
    qy_free(by_day);
    return QY_OK;
}

/* Parts of a string column: the part of each dict entry once, then one
 * lookup per row. */
static int string_parts(const qy_column *c, qy_date_part part, int64_t *r, qy_error *err)
{
    uint32_t size = qy_dict_size(c->dict);
    int64_t *by_code = qy_malloc((size_t)size * sizeof *by_code + 1);
    if (!by_code) return QY_ENOMEM;
    for (uint32_t k = 0; k < size; k++) {
        size_t len;
        const char *s = qy_dict_get(c->dict, k, &len);
        int32_t days = parse_day(s, len);
        by_code[k] = days == NO_DAY ? NO_PART : part_of_day(days, part);
    }
    int rc = QY_OK;
    for (int64_t i = 0; i < c->length && rc == QY_OK; i++) {
        r[i] = 0;
        if (c->null_count && qy_column_is_null(c, i)) continue;
        if (by_code[c->v.code[i]] == NO_PART) rc = not_a_month(c, i, err);
        else r[i] = by_code[c->v.code[i]];
    }
    qy_free(by_code);
    return rc;
}

int qy_date_part_of(const qy_column *c, qy_date_part part, qy_column **out, qy_error *err)
{
    if (c->type != QY_DATE && c->type != QY_STRING) return not_dated(c, err);
    qy_column *p;
    QY_RETURN_NOT_OK(qy_column_new(QY_INT64, 0, NULL, c->length, &p, err));
    int rc = c->type == QY_DATE ? date_parts(c, part, p->v.i64) : string_parts(c, part, p->v.i64, err);
    if (rc == QY_ENOMEM) qy_error_set(err, rc, "not enough memory for periods");
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

/* The label of the period numbered key (month number / unit months), in
 * buf of at least 32 bytes. */
static int format_label(char unit, int32_t key, qy_period_style style, char *buf, size_t cap)
{
    static const char *const halves[] = {"上", "下"}, *const quarters[] = {"一", "二", "三", "四"};
    int32_t per_year = 12 / unit_months(unit), year = floor_div(key, per_year);
    int32_t part = key - year * per_year + 1;
    if (style == QY_PERIOD_ZH) {
        switch (unit) {
        case 'Y': return snprintf(buf, cap, "%d年", year);
        case 'H': return snprintf(buf, cap, "%d年%s半年", year, halves[part - 1]);
        case 'Q': return snprintf(buf, cap, "%d年%s季度", year, quarters[part - 1]);
        default: return snprintf(buf, cap, "%d年%d月", year, part);
        }
    }
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
                      qy_period_style style, qy_error *err)
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
                int len = format_label(unit, key, style, label, sizeof label);
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

int qy_period_of(const qy_column *c, char unit, qy_period_style style, qy_column **out,
                 qy_error *err)
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
    if (rc == QY_OK && ms.lo <= ms.hi) rc = label_rows(p, c, &ms, unit, style, err);
    if (rc == QY_OK) rc = qy_validity_and(p, c, NULL, err);
    qy_free(ms.m);
    if (rc != QY_OK) {
        qy_column_release(p);
        return rc;
    }
    *out = p;
    return QY_OK;
}

/* ---- Chinese labels of coded ones ---------------------------------------- */

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* The unit and period number (as format_label takes them) of a coded label
 * "2023", "2023H1", "2023Q2" or "2023-05"; QY_EPARSE for other text. */
static int parse_label(const char *s, size_t len, char *unit, int32_t *key)
{
    if (len < 4 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) || !is_digit(s[3]))
        return QY_EPARSE;
    int32_t year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if (len == 4) {
        *unit = 'Y';
        *key = year;
    } else if (len == 6 && s[4] == 'H' && s[5] >= '1' && s[5] <= '2') {
        *unit = 'H';
        *key = year * 2 + (s[5] - '1');
    } else if (len == 6 && s[4] == 'Q' && s[5] >= '1' && s[5] <= '4') {
        *unit = 'Q';
        *key = year * 4 + (s[5] - '1');
    } else if (len == 7 && s[4] == '-' && is_digit(s[5]) && is_digit(s[6])) {
        int month = (s[5] - '0') * 10 + (s[6] - '0');
        if (month < 1 || month > 12) return QY_EPARSE;
        *unit = 'M';
        *key = year * 12 + month - 1;
    } else {
        return QY_EPARSE;
    }
    return QY_OK;
}

int qy_period_label_zh(const char *label, size_t len, char *buf, size_t *out_len)
{
    char unit;
    int32_t key;
    QY_RETURN_NOT_OK(parse_label(label, len, &unit, &key));
    *out_len = (size_t)format_label(unit, key, QY_PERIOD_ZH, buf, 32);
    return QY_OK;
}

/* Interns the Chinese label of row's entry into p's dict, its code in
 * *code (called on the first row of each entry). */
static int zh_code(qy_column *p, const qy_column *c, int64_t row, uint32_t *code, qy_error *err)
{
    size_t len, zh_len;
    const char *s = qy_dict_get(c->dict, c->v.code[row], &len);
    char zh[32];
    if (qy_period_label_zh(s, len, zh, &zh_len) != QY_OK)
        return qy_error_set(err, QY_EPARSE,
                            "'%s' at row %lld is not a period label (2023, 2023H1, 2023Q2, 2023-05)",
                            s, (long long)row + 1);
    if (qy_dict_intern(p->dict, zh, zh_len, code) != QY_OK)
        return qy_error_set(err, QY_ENOMEM, "not enough memory for periods");
    return QY_OK;
}

int qy_period_labels_zh(const qy_column *c, qy_column **out, qy_error *err)
{
    char name[16];
    if (c->type != QY_STRING)
        return qy_error_set(err, QY_ETYPE, "period labels are strings, not %s",
                            qy_type_name(c->type, c->scale, name));
    uint32_t size = qy_dict_size(c->dict);
    qy_dict *dict = qy_dict_new();
    qy_column *p = NULL;
    uint32_t *zh_of_code = qy_malloc((size_t)size * sizeof *zh_of_code + 1);
    int rc = dict && zh_of_code ? qy_column_new(QY_STRING, 0, dict, c->length, &p, err)
                                : qy_error_set(err, QY_ENOMEM, "not enough memory for periods");
    qy_dict_release(dict);
    for (uint32_t k = 0; rc == QY_OK && k < size; k++) zh_of_code[k] = UINT32_MAX;
    for (int64_t i = 0; rc == QY_OK && i < c->length; i++) {
        if (c->null_count && qy_column_is_null(c, i)) continue;
        uint32_t *code = &zh_of_code[c->v.code[i]];
        if (*code == UINT32_MAX) rc = zh_code(p, c, i, code, err);
        p->v.code[i] = *code;
    }
    if (rc == QY_OK) rc = qy_validity_and(p, c, NULL, err);
    qy_free(zh_of_code);
    if (rc != QY_OK) {
        qy_column_release(p);
        return rc;
    }
    *out = p;
    return QY_OK;
}
