/* error.h — the error convention of the whole core.
 *
 * Every fallible core function returns an int: QY_OK (0) on success, or one of
 * the QY_E* codes below. It also takes a `qy_error *err` that may be NULL; when
 * it is not NULL and the call fails, err->msg holds a sentence for a person
 * ("data/x.csv:4: expected 3 fields, found 2"). The message is owned by the
 * caller's struct: no allocation, so it can be filled even when out of memory.
 * Messages quote input (values, column names, paths), so every message is
 * escaped as qy_text_escape does: no message can move a terminal's cursor or
 * change its colours, whatever the data held.
 */
#ifndef QY_ERROR_H
#define QY_ERROR_H

#include <stddef.h>

enum {
    QY_OK = 0,
    QY_ENOMEM,     /* an allocation failed */
    QY_EIO,        /* a file could not be opened, read or written */
    QY_EPARSE,     /* text is not of the form asked for */
    QY_ETYPE,      /* a value or column has the wrong type */
    QY_ERANGE,     /* an index or length is out of range */
    QY_EOVERFLOW,  /* exact arithmetic would overflow */
    QY_EINVAL,     /* an argument is invalid (bad option, duplicate name, ...) */
    QY_ENOTFOUND,  /* a name or value does not exist */
    QY_EENCODING,  /* bytes are not valid in the encoding */
    QY_EFORMAT     /* a binary file is truncated, corrupt or of another kind */
};

typedef struct qy_error {
    int code;
    char msg[512];
} qy_error;

/* Records code and a printf-style message in err (if not NULL), escaped by
 * qy_text_escape; returns code, so callers can write
 * `return qy_error_set(err, QY_EINVAL, "...")`. */
int qy_error_set(qy_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Copies s[0..len) into dst (cap > 0 bytes, always NUL-terminated) with every
 * byte that could steer a terminal written out: tab, LF and CR as \t \n \r,
 * other C0 controls, DEL, the two bytes of a C1 control (U+0080..U+009F) and
 * bytes that are not UTF-8 as \xNN ("\x1b[31m"). Backslashes stay as they
 * are, so escaping escaped text changes nothing. When dst is too small the
 * copy ends between two characters or escapes. Returns the length written. */
size_t qy_text_escape(char *dst, size_t cap, const char *s, size_t len);

/* Fills err with the generic message for code unless it already holds one. */
int qy_error_default(qy_error *err, int code);

/* A static English name for code ("out of memory", ...); never NULL. */
const char *qy_strerror(int code);

/* Propagate a non-zero code to the caller. */
#define QY_RETURN_NOT_OK(expr)          \
    do {                                \
        int qy_rc_ = (expr);            \
        if (qy_rc_ != QY_OK) return qy_rc_; \
    } while (0)

#endif
