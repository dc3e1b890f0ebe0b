/* error.c — see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* How byte s[0] is written: its escape in esc (returns its length) or, for
 * a character that can be shown, 0 with *n its bytes. */
static size_t escape_of(const char *s, size_t len, char esc[5], size_t *n)
{
    unsigned char b = (unsigned char)s[0];
    uint32_t cp;
    *n = 1;
    if (b == '\t' || b == '\n' || b == '\r') {
        esc[0] = '\\';
        esc[1] = b == '\t' ? 't' : b == '\n' ? 'n' : 'r';
        return 2;
    }
    if (b >= 0x20 && b < 0x7F) return 0;
    int used = b < 0x80 ? 0 : qy_utf8_decode(s, len, &cp);
    if (used > 0 && cp >= 0xA0) {   /* a character, past the C1 controls */
        *n = (size_t)used;
        return 0;
    }
    snprintf(esc, 5, "\\x%02x", b);   /* C0, DEL, a C1 control's first byte, not UTF-8 */
    return 4;
}

size_t qy_text_escape(char *dst, size_t cap, const char *s, size_t len)
{
    size_t out = 0;
    for (size_t i = 0; i < len;) {
        char esc[5];
        size_t n;
        size_t e = escape_of(s + i, len - i, esc, &n);
        size_t w = e ? e : n;
        if (out + w >= cap) break;
        memcpy(dst + out, e ? esc : s + i, w);
        out += w;
        i += n;
    }
    dst[out] = '\0';
    return out;
}

/* The length of text[0..len) without a character that a cut left unfinished. */
static size_t whole_characters(const char *text, size_t len)
{
    for (size_t back = 1; back <= 3 && back <= len; back++) {
        unsigned char b = (unsigned char)text[len - back];
        if (b < 0x80) return len;
        if (b < 0xC0) continue;   /* a continuation byte */
        size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        return need > back ? len - back : len;
    }
    return len;
}

int qy_error_set(qy_error *err, int code, const char *fmt, ...)
{
    if (err) {
        char text[sizeof err->msg];   /* the arguments may be err->msg itself */
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(text, sizeof text, fmt, ap);
        va_end(ap);
        size_t len = n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n
                                 : whole_characters(text, sizeof text - 1);
        qy_text_escape(err->msg, sizeof err->msg, text, len);
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
