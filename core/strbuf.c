/* strbuf.c — growable text buffer; see strbuf.h. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

int qy_strbuf_reserve(qy_strbuf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1) return QY_ENOMEM;
    size_t need = b->len + extra + 1;   /* room for the NUL */
    if (need <= b->cap) return QY_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *data = qy_realloc(b->data, cap);
    if (!data) return QY_ENOMEM;
    b->data = data;
    b->cap = cap;
    return QY_OK;
}

int qy_strbuf_append(qy_strbuf *b, const char *s, size_t len)
{
    QY_RETURN_NOT_OK(qy_strbuf_reserve(b, len));
    if (len) memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return QY_OK;
}

int qy_strbuf_puts(qy_strbuf *b, const char *s) { return qy_strbuf_append(b, s, strlen(s)); }

int qy_strbuf_printf(qy_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return QY_EINVAL;
    QY_RETURN_NOT_OK(qy_strbuf_reserve(b, (size_t)n));
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return QY_OK;
}

int qy_strbuf_fill(qy_strbuf *b, char c, size_t n)
{
    QY_RETURN_NOT_OK(qy_strbuf_reserve(b, n));
    memset(b->data + b->len, c, n);
    b->len += n;
    b->data[b->len] = '\0';
    return QY_OK;
}

char *qy_strbuf_steal(qy_strbuf *b, size_t *len)
{
    if (!b->data && qy_strbuf_reserve(b, 0) != QY_OK) return NULL;
    b->data[b->len] = '\0';
    char *data = b->data;
    if (len) *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return data;
}

void qy_strbuf_free(qy_strbuf *b)
{
    qy_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
