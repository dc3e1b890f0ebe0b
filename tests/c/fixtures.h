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
#include "table.h"

#define QY_FIXTURE static __attribute__((unused))

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
