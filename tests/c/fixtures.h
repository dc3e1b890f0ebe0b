/* fixtures.h — building small tables in C tests from text. Functions are
 * static and may go unused in a given test file. */
#ifndef QY_FIXTURES_H
#define QY_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "column.h"
#include "date.h"
#include "dict.h"
#include "number.h"
#include "scalar.h"
#include "table.h"

#define QY_FIXTURE static __attribute__((unused))

/* Operands of column expressions: a column, or a scalar on every row. */
QY_FIXTURE qy_operand col(const qy_column *c)
{
    qy_operand o = {.col = c};
    return o;
}

QY_FIXTURE qy_operand val(qy_scalar s)
{
    qy_operand o = {.scalar = s};
    return o;
}

/* A column of n values written as text (NULL: a null row), parsed with the
 * core's parsers; a decimal is rescaled to the column's scale. */
QY_FIXTURE qy_column *column_of(qy_type type, int scale, int n, const char *const *texts)
{
    qy_dict *dict = type == QY_STRING ? qy_dict_new() : NULL;
    qy_column *c = NULL;
    if (qy_column_new(type, scale, dict, n, &c, NULL) != QY_OK) abort();
    qy_dict_release(dict);
    for (int i = 0; i < n; i++) {
        const char *s = texts[i];
        int rc = QY_OK;
        if (!s) {
            rc = qy_column_set_null(c, i, NULL);
            if (rc != QY_OK) abort();
            continue;
        }
        size_t len = strlen(s);
        int64_t v;
        int from;
        switch (type) {
        case QY_INT64: rc = qy_int64_parse(s, len, &c->v.i64[i]); break;
        case QY_FLOAT64: rc = qy_float_parse(s, len, &c->v.f64[i]); break;
        case QY_DECIMAL:
            rc = qy_decimal_parse(s, len, &v, &from);
            if (rc == QY_OK) rc = qy_decimal_rescale(v, from, scale, &c->v.i64[i]);
            break;
        case QY_STRING: rc = qy_dict_intern(c->dict, s, len, &c->v.code[i]); break;
        case QY_DATE: rc = qy_date_parse(s, len, &c->v.date[i]); break;
        case QY_BOOL: c->v.b[i] = strcmp(s, "true") == 0; break;
        }
        if (rc != QY_OK) abort();
    }
    return c;
}

QY_FIXTURE void add_column(qy_table *t, const char *name, qy_column *c)
{
    if (qy_table_add_column(t, name, c, NULL) != QY_OK) abort();
    qy_column_release(c);
}

QY_FIXTURE qy_table *new_table(int64_t nrows)
{
    qy_table *t = NULL;
    if (qy_table_new(nrows, &t, NULL) != QY_OK) abort();
    return t;
}

/* Every type, nulls in most, a dict shared by two columns, strings with a
 * NUL byte and CJK text: 4 rows. */
QY_FIXTURE qy_table *every_type_with_nulls(void)
{
    static const char *const ints[] = {"1", NULL, "-9223372036854775807", "0"};
    static const char *const floats[] = {"1.5", "-0.25", NULL, "1e300"};
    static const char *const decs[] = {"12.34", NULL, "-0.01", "99999.99"};
    static const char *const dates[] = {"2023-06-30", "1969-12-31", NULL, "2024-02-29"};
    static const char *const bools[] = {"true", "false", NULL, "true"};
    static const char *const strs[] = {"深圳", NULL, "", "a"};
    qy_table *t = new_table(4);
    add_column(t, "id", column_of(QY_INT64, 0, 4, ints));
    add_column(t, "ratio", column_of(QY_FLOAT64, 0, 4, floats));
    add_column(t, "资金", column_of(QY_DECIMAL, 2, 4, decs));
    add_column(t, "day", column_of(QY_DATE, 0, 4, dates));
    add_column(t, "ok", column_of(QY_BOOL, 0, 4, bools));
    qy_column *s = column_of(QY_STRING, 0, 4, strs);
    uint32_t code;
    if (qy_dict_intern(s->dict, "nul\0byte", 8, &code) != QY_OK) abort();
    s->v.code[3] = code;
    add_column(t, "city", qy_column_retain(s));
    qy_column *shared;   /* the same dict, other rows */
    int64_t idx[] = {3, 0, 0, -1};
    if (qy_column_take(s, idx, 4, &shared, NULL) != QY_OK) abort();
    add_column(t, "city2", shared);
    qy_column_release(s);
    return t;
}

/* The rows of c as text, "null" for nulls, separated by spaces (a static
 * buffer: the next call overwrites it). */
QY_FIXTURE const char *column_text(const qy_column *c)
{
    static char out[1024];
    size_t n = 0;
    out[0] = '\0';
    for (int64_t i = 0; i < c->length; i++) {
        char buf[64];
        const char *t;
        qy_column_format(c, i, buf, sizeof buf, &t);
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", i ? " " : "", t ? t : "null");
    }
    return out;
}

#endif
