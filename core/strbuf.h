/* strbuf.h — a growable byte buffer for building text.
 *
 * The buffer owns data; qy_strbuf_free releases it, qy_strbuf_steal hands it
 * to the caller. data is always NUL-terminated once anything was appended.
 * Appends return QY_OK or QY_ENOMEM (the buffer keeps what it had).
 */
#ifndef QY_STRBUF_H
#define QY_STRBUF_H

#include <stddef.h>

typedef struct qy_strbuf {
    char *data;
    size_t len;
    size_t cap;
} qy_strbuf;

#define QY_STRBUF_INIT {NULL, 0, 0}

int qy_strbuf_reserve(qy_strbuf *b, size_t extra);
int qy_strbuf_append(qy_strbuf *b, const char *s, size_t len);
int qy_strbuf_puts(qy_strbuf *b, const char *s);
int qy_strbuf_printf(qy_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends n copies of byte c. */
int qy_strbuf_fill(qy_strbuf *b, char c, size_t n);
/* The data (NUL-terminated, never NULL; caller frees with qy_free); b is reset. */
char *qy_strbuf_steal(qy_strbuf *b, size_t *len);
void qy_strbuf_free(qy_strbuf *b);

#endif
