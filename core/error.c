/* error.c — see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int qy_error_set(qy_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

int qy_error_default(qy_error *err, int code)
{
    if (err && (err->code != code || err->msg[0] == '\0'))
        return qy_error_set(err, code, "%s", qy_strerror(code));
    return code;
}

const char *qy_strerror(int code)
{
    switch (code) {
    case QY_OK: return "no error";
    case QY_ENOMEM: return "not enough memory";
    case QY_EIO: return "input/output error";
    case QY_EPARSE: return "cannot parse value";
    case QY_ETYPE: return "wrong type";
    case QY_ERANGE: return "out of range";
    case QY_EOVERFLOW: return "arithmetic overflow";
    case QY_EINVAL: return "invalid argument";
    case QY_ENOTFOUND: return "not found";
    case QY_EENCODING: return "invalid encoding";
    case QY_EFORMAT: return "corrupt or foreign file";
    default: return "unknown error";
    }
}
