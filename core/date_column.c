/* date_column.c — shifting, differencing and formatting date columns; see date_column.h. */
#include "date_column.h"

#include <stdbool.h>

#include "alloc.h"
#include "arith.h"
#include "date.h"
#include "strbuf.h"
#include "validity.h"

static int not_dates(const char *verb, qy_type type, int scale, qy_error *err)
{
    char name[16];
    return qy_error_set(err, QY_ETYPE, "%s needs a date column, not %s", verb,
                        qy_type_name(type, scale, name));
}

/* One step of calendar arithmetic: days moved by n units into *out, or QY_ERANGE. */
typedef int (*date_step)(int32_t days, int64_t n, int32_t *out);

typedef struct date_shift {
    const char *verb;   /* "add_days", for messages */
    const char *unit;   /* "days" */
    date_step step;
} date_shift;

static int check_shift(const date_shift *s, const qy_column *c, const qy_operand *n, qy_error *err)
{
    char name[16];
    if (c->type != QY_DATE) return not_dates(s->verb, c->type, c->scale, err);
    qy_type type = n->col ? n->col->type : n->scalar.type;
    int scale = n->col ? n->col->scale : n->scalar.scale;
    if (type != QY_INT64)
        return qy_error_set(err, QY_ETYPE, "the %s must be an integer or an int64 column, not %s",
                            s->unit, qy_type_name(type, scale, name));
    qy_operand dates = {.col = c};
    return qy_operands_check_length(&dates, n, c->length, err);
}

/* Fills r with each row's date moved by its n; null rows are left 0. */
static int shift_rows(const date_shift *s, const qy_column *c, const qy_operand *n, int32_t *r,
                      qy_error *err)
{
    for (int64_t i = 0; i < c->length; i++) {
        if (qy_column_is_null(c, i) || (n->col && qy_column_is_null(n->col, i))) continue;
        int64_t by = n->col ? n->col->v.i64[i] : n->scalar.v.i64;
        if (s->step(c->v.date[i], by, &r[i]) != QY_OK) {
            char text[16];
            qy_date_format(c->v.date[i], text);
            return qy_error_set(err, QY_ERANGE, "'%s' + %lld %s at row %lld is out of range", text,
                                (long long)by, s->unit, (long long)i + 1);
        }
    }
    return QY_OK;
}

static int shift_dates(const date_shift *s, const qy_column *c, const qy_operand *n,
                       qy_column **out, qy_error *err)
{
    QY_RETURN_NOT_OK(check_shift(s, c, n, err));
    qy_column *p;
    QY_RETURN_NOT_OK(qy_column_new(QY_DATE, 0, NULL, c->length, &p, err));
    bool all_null = !n->col && n->scalar.null;
    int rc = all_null ? qy_validity_all_null(p, err) : shift_rows(s, c, n, p->v.date, err);
    if (rc == QY_OK && !all_null) rc = qy_validity_and(p, c, n->col, err);
    if (rc != QY_OK) {
        qy_column_release(p);
        return rc;
    }
    *out = p;
    return QY_OK;
}

int qy_add_days(const qy_column *c, const qy_operand *n, qy_column **out, qy_error *err)
{
    static const date_shift days = {"add_days", "days", qy_date_plus_days};
    return shift_dates(&days, c, n, out, err);
}

int qy_add_months(const qy_column *c, const qy_operand *n, qy_column **out, qy_error *err)
{
    static const date_shift months = {"add_months", "months", qy_date_plus_months};
    return shift_dates(&months, c, n, out, err);
}

static int check_date_operand(const qy_operand *o, qy_error *err)
{
    qy_type type = o->col ? o->col->type : o->scalar.type;
    int scale = o->col ? o->col->scale : o->scalar.scale;
    return type == QY_DATE ? QY_OK : not_dates("days_between", type, scale, err);
}

int qy_days_between(const qy_operand *a, const qy_operand *b, int64_t length, qy_column **out,
                    qy_error *err)
{
    QY_RETURN_NOT_OK(check_date_operand(a, err));
    QY_RETURN_NOT_OK(check_date_operand(b, err));
    if (!a->col && !b->col)
        return qy_error_set(err, QY_EINVAL, "days_between needs a date column");
    QY_RETURN_NOT_OK(qy_operands_check_length(a, b, length, err));
    return qy_arith(QY_SUB, b, a, length, out, err);       /* date - date is int64 days */
}

/* ---- formatting ---------------------------------------------------------- */

/* The code in dict of days written by the pattern; text is scratch space. */
static int intern_day(qy_dict *dict, int32_t days, const char *fmt, size_t len, qy_strbuf *text,
                      uint32_t *code)
{
    size_t n = qy_date_pattern_format(days, fmt, len, text->data, text->cap);
    if (n >= text->cap) {
        QY_RETURN_NOT_OK(qy_strbuf_reserve(text, n));
        qy_date_pattern_format(days, fmt, len, text->data, text->cap);
    }
    return qy_dict_intern(dict, text->data, n, code);
}

/* The first and last day of c's non-null rows (first > last when none). */
static void day_span(const qy_column *c, int32_t *first, int32_t *last)
{
    *first = INT32_MAX;
    *last = INT32_MIN;
    for (int64_t i = 0; i < c->length; i++) {
        if (qy_column_is_null(c, i)) continue;
        if (c->v.date[i] < *first) *first = c->v.date[i];
        if (c->v.date[i] > *last) *last = c->v.date[i];
    }
}

/* Fills p's codes. Over a span of days not much longer than the column,
 * each day is formatted the first time it is met and found again through a
 * table by day; otherwise each row is formatted (the dict still holds each
 * text once). */
static int format_rows(qy_column *p, const qy_column *c, const char *fmt, size_t len)
{
    int32_t first, last;
    day_span(c, &first, &last);
    int64_t span = first <= last ? (int64_t)last - first + 1 : 0;
    bool by_day = span > 0 && span <= 4 * c->length + 4096;
    uint32_t *code_of_day = by_day ? qy_malloc((size_t)span * sizeof *code_of_day) : NULL;
    if (by_day && !code_of_day) return QY_ENOMEM;
    for (int64_t d = 0; by_day && d < span; d++) code_of_day[d] = UINT32_MAX;
    qy_strbuf text = QY_STRBUF_INIT;
    int rc = QY_OK;
    for (int64_t i = 0; i < c->length && rc == QY_OK; i++) {
        if (qy_column_is_null(c, i)) continue;
        int32_t days = c->v.date[i];
        uint32_t scratch, *code = by_day ? &code_of_day[days - first] : &scratch;
        if (!by_day || *code == UINT32_MAX) rc = intern_day(p->dict, days, fmt, len, &text, code);
        p->v.code[i] = *code;
    }
    qy_strbuf_free(&text);
    qy_free(code_of_day);
    return rc;
}

int qy_format_dates(const qy_column *c, const char *fmt, size_t len, qy_column **out,
                    qy_error *err)
{
    if (c->type != QY_DATE) return not_dates("format", c->type, c->scale, err);
    QY_RETURN_NOT_OK(qy_date_pattern_check(fmt, len, err));
    qy_dict *dict = qy_dict_new();
    qy_column *p = NULL;
    int rc = dict ? qy_column_new(QY_STRING, 0, dict, c->length, &p, err) : QY_ENOMEM;
    qy_dict_release(dict);
    if (rc == QY_OK) rc = format_rows(p, c, fmt, len);
    if (rc == QY_ENOMEM) qy_error_set(err, rc, "not enough memory to format dates");
    if (rc == QY_OK) rc = qy_validity_and(p, c, NULL, err);
    if (rc != QY_OK) {
        qy_column_release(p);
        return rc;
    }
    *out = p;
    return QY_OK;
}
