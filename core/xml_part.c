/* xml_part.c — see xml_part.h. */
#include "xml_part.h"

#include <stdbool.h>
#include <string.h>

/* The attack-protection setters are declared only under XML_DTD, which
   expat's build defines (Debian's does); the DTD is refused anyway, this is
   the second wall. */
#define XML_DTD
#include <expat.h>

#include "alloc.h"
#include "strbuf.h"
#include "utf8.h"

enum { STOPPED = -1 };   /* a sink's code: the handlers ended the parse early */

struct qy_xml {
    XML_Parser parser;
    const qy_xml_handlers *h;
    void *ctx;
    const char *where;
    qy_error *err;
    int rc;                /* set by qy_xml_stop */
    bool stopped;
    uint64_t fed;
};

const char *qy_xml_local(const char *name)
{
    for (const char *p = name; *p; p++)   /* names are short: no strchr call */
        if (*p == ':') return p + 1;
    return name;
}

const char *qy_xml_attr(const char **atts, const char *local)
{
    for (; atts[0]; atts += 2)
        if (strcmp(qy_xml_local(atts[0]), local) == 0) return atts[1];
    return NULL;
}

void qy_xml_stop(qy_xml *x, int rc)
{
    if (x->stopped) return;
    x->stopped = true;
    x->rc = rc;
    if (x->parser) XML_StopParser(x->parser, XML_FALSE);
}

qy_error *qy_xml_err(qy_xml *x) { return x->err; }

unsigned long qy_xml_line(qy_xml *x) { return x->parser ? XML_GetCurrentLineNumber(x->parser) : 0; }

static void on_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    qy_xml *x = data;
    x->h->start(x->ctx, x, qy_xml_local(name), atts);
}

static void on_end(void *data, const XML_Char *name)
{
    qy_xml *x = data;
    x->h->end(x->ctx, x, qy_xml_local(name));
}

static void on_text(void *data, const XML_Char *s, int len)
{
    qy_xml *x = data;
    x->h->text(x->ctx, x, s, len);
}

static void on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
                       const XML_Char *pubid, int has_internal_subset)
{
    qy_xml *x = data;
    qy_error_set(x->err, QY_EFORMAT, "%s:%lu: a DTD (<!DOCTYPE ...>) is not allowed", x->where,
                 qy_xml_line(x));
    qy_xml_stop(x, QY_EFORMAT);
}

static void on_entity(void *data, const XML_Char *name, int is_parameter, const XML_Char *value,
                      int value_len, const XML_Char *base, const XML_Char *sysid,
                      const XML_Char *pubid, const XML_Char *notation)
{
    qy_xml *x = data;
    qy_error_set(x->err, QY_EFORMAT, "%s:%lu: an entity declaration is not allowed", x->where,
                 qy_xml_line(x));
    qy_xml_stop(x, QY_EFORMAT);
}

/* After XML_Parse failed: the handlers' stop, or expat's own error. */
static int parse_failed(qy_xml *x)
{
    if (x->stopped) return x->rc == QY_OK ? STOPPED : x->rc;
    enum XML_Error e = XML_GetErrorCode(x->parser);
    if (e == XML_ERROR_NO_MEMORY)
        return qy_error_set(x->err, QY_ENOMEM, "%s: not enough memory", x->where);
    return qy_error_set(x->err, QY_EFORMAT, "%s:%lu: %s", x->where,
                        (unsigned long)XML_GetErrorLineNumber(x->parser), XML_ErrorString(e));
}

static int feed(void *ctx, const char *data, size_t len, qy_error *err)
{
    qy_xml *x = ctx;
    x->fed += len;
    if (XML_Parse(x->parser, data, (int)len, XML_FALSE) != XML_STATUS_OK) return parse_failed(x);
    return QY_OK;
}

static bool parser_begin(qy_xml *x)
{
    static const XML_Memory_Handling_Suite memory = {qy_malloc, qy_realloc, qy_free};
    x->parser = XML_ParserCreate_MM(NULL, &memory, NULL);
    if (!x->parser) return false;
    XML_SetUserData(x->parser, x);
    XML_SetElementHandler(x->parser, on_start, on_end);
    if (x->h->text) XML_SetCharacterDataHandler(x->parser, on_text);
    XML_SetStartDoctypeDeclHandler(x->parser, on_doctype);
    XML_SetEntityDeclHandler(x->parser, on_entity);
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(x->parser, 2.0f);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(x->parser, 1 << 20);
    return true;
}

static int parse_end(qy_xml *x, int rc, bool final)
{
    if (rc == QY_OK && final && XML_Parse(x->parser, NULL, 0, XML_TRUE) != XML_STATUS_OK)
        rc = parse_failed(x);
    if (rc == STOPPED) rc = QY_OK;
    XML_ParserFree(x->parser);
    return rc;
}

int qy_xml_parse(qy_zip *z, int64_t index, uint64_t max, const char *where,
                 const qy_xml_handlers *h, void *ctx, qy_error *err)
{
    qy_xml x = {.h = h, .ctx = ctx, .where = where, .err = err};
    if (!parser_begin(&x)) return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", where);
    int rc = qy_zip_read(z, index, max, where, feed, &x, err);
    return parse_end(&x, rc, max == 0 || x.fed < max);
}

int qy_xml_parse_text(const char *const *pieces, const size_t *lens, int n, const char *where,
                      const qy_xml_handlers *h, void *ctx, qy_error *err)
{
    qy_xml x = {.h = h, .ctx = ctx, .where = where, .err = err};
    if (!parser_begin(&x)) return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", where);
    int rc = QY_OK;
    for (int i = 0; i < n && rc == QY_OK; i++) {
        /* expat takes an int length: long pieces go in parts */
        for (size_t at = 0; at < lens[i] && rc == QY_OK; at += 1 << 30) {
            size_t part = lens[i] - at < (size_t)1 << 30 ? lens[i] - at : (size_t)1 << 30;
            rc = feed(&x, pieces[i] + at, part, err);
        }
    }
    return parse_end(&x, rc, true);
}

/* ---- the fast scanner of plain markup ---- */

enum { SCAN_DEPTH = 32, SCAN_NAME = 64, SCAN_ATTS = 16, SCAN_ATT_BYTES = 1024 };

typedef struct scan {
    qy_xml x;
    char names[SCAN_DEPTH][SCAN_NAME];   /* the open elements */
    int depth;
    bool root_seen;        /* one root only, as expat wants */
    qy_strbuf text;        /* decoded text, when it held references */
} scan;

static bool is_name_start(unsigned char c)
{
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c == ':';
}

static bool is_name_char(unsigned char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* A character XML allows, written by reference. */
static bool xml_char(uint32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Checks the text s[0..len) (no '<' in it) and hands it to the handler,
 * references decoded. false: not in the subset. */
static bool scan_text(scan *sc, const char *s, size_t len)
{
    bool refs = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            uint32_t cp;
            int n = qy_utf8_decode(s + i, len - i, &cp);
            if (n == 0 || cp == 0xFFFE || cp == 0xFFFF) return false;
            i += (size_t)n - 1;
        } else if (c < 0x20 ? c != '\t' && c != '\n' : c == '&' ? (refs = true, false)
                   : c == '>' && i >= 2 && s[i - 1] == ']' && s[i - 2] == ']') {
            return false;   /* a control character, "\r", or "]]>" */
        }
    }
    if (!refs) {
        if (sc->x.h->text && len) sc->x.h->text(sc->x.ctx, &sc->x, s, (int)len);
        return true;
    }
    sc->text.len = 0;
    for (size_t i = 0; i < len;) {
        const char *amp = memchr(s + i, '&', len - i);
        size_t plain = amp ? (size_t)(amp - s) - i : len - i;
        if (qy_strbuf_append(&sc->text, s + i, plain) != QY_OK) return false;
        i += plain;
        if (!amp) break;
        const char *semi = memchr(amp, ';', (size_t)(s + len - amp));
        if (!semi || semi - amp > 12) return false;
        size_t n = (size_t)(semi - amp) - 1;
        const char *name = amp + 1;
        static const struct { const char *name; char c; } named[] = {
            {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
        char out[4];
        size_t out_len = 0;
        for (size_t k = 0; k < 5 && !out_len; k++)
            if (strlen(named[k].name) == n && memcmp(name, named[k].name, n) == 0) {
                out[0] = named[k].c;
                out_len = 1;
            }
        if (!out_len) {
            if (n < 2 || name[0] != '#') return false;
            bool hex = name[1] == 'x';
            uint32_t cp = 0;
            size_t k = hex ? 2 : 1;
            if (k == n) return false;
            for (; k < n; k++) {
                char d = name[k];
                unsigned v = d >= '0' && d <= '9' ? (unsigned)(d - '0')
                           : hex && (d | 0x20) >= 'a' && (d | 0x20) <= 'f' ? (unsigned)((d | 0x20) - 'a' + 10)
                                                                           : 99;
                if (v == 99 || cp > 0x10FFFF) return false;
                cp = cp * (hex ? 16 : 10) + v;
            }
            if (!xml_char(cp)) return false;
            char *o = out;
            if (cp < 0x80) *o++ = (char)cp;
            else if (cp < 0x800) *o++ = (char)(0xC0 | (cp >> 6)), *o++ = (char)(0x80 | (cp & 0x3F));
            else if (cp < 0x10000)
                *o++ = (char)(0xE0 | (cp >> 12)), *o++ = (char)(0x80 | ((cp >> 6) & 0x3F)),
                *o++ = (char)(0x80 | (cp & 0x3F));
            else
                *o++ = (char)(0xF0 | (cp >> 18)), *o++ = (char)(0x80 | ((cp >> 12) & 0x3F)),
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F)), *o++ = (char)(0x80 | (cp & 0x3F));
            out_len = (size_t)(o - out);
        }
        if (qy_strbuf_append(&sc->text, out, out_len) != QY_OK) return false;
        i = (size_t)(semi - s) + 1;
    }
    if (sc->x.h->text && sc->text.len) sc->x.h->text(sc->x.ctx, &sc->x, sc->text.data, (int)sc->text.len);
    return true;
}

/* Reads a name at s[*i..len) into buf; false when there is none or it is
 * too long. */
static bool scan_name(const char *s, size_t len, size_t *i, char *buf)
{
    size_t start = *i, k = *i;
    if (k >= len || !is_name_start((unsigned char)s[k])) return false;
    while (k < len && is_name_char((unsigned char)s[k])) k++;
    if (k - start >= SCAN_NAME) return false;
    for (size_t j = start; j < k; j++) buf[j - start] = s[j];   /* short: no memcpy call */
    buf[k - start] = '\0';
    *i = k;
    return true;
}

/* One tag at s[*i] == '<'. false: not in the subset. */
static bool scan_tag(scan *sc, const char *s, size_t len, size_t *i)
{
    size_t k = *i + 1;
    if (k < len && s[k] == '/') {   /* an end tag: the open element's name, in place */
        if (sc->depth == 0) return false;
        const char *open = sc->names[sc->depth - 1];
        k++;
        size_t n = 0;
        while (open[n] && k + n < len && s[k + n] == open[n]) n++;
        if (open[n] || (k + n < len && is_name_char((unsigned char)s[k + n]))) return false;
        k += n;
        while (k < len && is_space(s[k])) k++;
        if (k >= len || s[k] != '>') return false;
        sc->depth--;
        *i = k + 1;
        sc->x.h->end(sc->x.ctx, &sc->x, qy_xml_local(open));
        return true;
    }
    if (sc->depth == SCAN_DEPTH || (sc->depth == 0 && sc->root_seen)) return false;
    sc->root_seen = true;
    char *name = sc->names[sc->depth];
    if (!scan_name(s, len, &k, name)) return false;
    const char *atts[2 * SCAN_ATTS + 1];
    char bytes[SCAN_ATT_BYTES];
    size_t used = 0;
    int natts = 0;
    for (;;) {
        size_t before = k;
        while (k < len && is_space(s[k])) k++;
        if (k >= len) return false;
        if (s[k] == '>' || s[k] == '/') break;
        if (k == before || natts == SCAN_ATTS) return false;   /* no space before it */
        char att[SCAN_NAME];
        if (!scan_name(s, len, &k, att)) return false;
        while (k < len && is_space(s[k])) k++;
        if (k >= len || s[k] != '=') return false;
        k++;
        while (k < len && is_space(s[k])) k++;
        if (k >= len || (s[k] != '"' && s[k] != '\'')) return false;
        char quote = s[k++];
        size_t v = k;
        while (k < len && s[k] != quote) {
            unsigned char c = (unsigned char)s[k];
            if (c < 0x20 || c >= 0x80 || c == '<' || c == '&') return false;
            k++;
        }
        if (k >= len) return false;
        size_t alen = strlen(att), vlen = k - v;
        if (used + alen + vlen + 2 > sizeof bytes) return false;
        for (int a = 0; a < natts; a++)
            if (strcmp(atts[2 * a], att) == 0) return false;   /* expat: duplicate attribute */
        for (size_t j = 0; j <= alen; j++) bytes[used + j] = att[j];
        atts[2 * natts] = bytes + used;
        used += alen + 1;
        for (size_t j = 0; j < vlen; j++) bytes[used + j] = s[v + j];
        bytes[used + vlen] = '\0';
        atts[2 * natts + 1] = bytes + used;
        used += vlen + 1;
        natts++;
        k++;   /* the closing quote */
    }
    atts[2 * natts] = NULL;
    bool empty = s[k] == '/';
    if (empty && (k + 1 >= len || s[k + 1] != '>')) return false;
    *i = k + (empty ? 2 : 1);
    sc->depth++;
    sc->x.h->start(sc->x.ctx, &sc->x, qy_xml_local(name), atts);
    if (empty && !sc->x.stopped) {
        sc->depth--;
        sc->x.h->end(sc->x.ctx, &sc->x, qy_xml_local(name));
    }
    return true;
}

int qy_xml_scan_text(const char *const *pieces, const size_t *lens, int n,
                     const qy_xml_handlers *h, void *ctx, qy_error *err)
{
    scan sc = {.x = {.h = h, .ctx = ctx, .where = "", .err = err}, .text = QY_STRBUF_INIT};
    bool sure = true;
    for (int p = 0; p < n && sure && !sc.x.stopped; p++) {
        const char *s = pieces[p];
        size_t len = lens[p], i = 0;
        while (i < len && sure && !sc.x.stopped) {
            const char *lt = memchr(s + i, '<', len - i);
            size_t text_end = lt ? (size_t)(lt - s) : len;
            if (text_end > i) sure = sc.depth > 0 ? scan_text(&sc, s + i, text_end - i) : false;
            i = text_end;
            if (sure && lt && !sc.x.stopped) {
                if (i + 1 >= len || s[i + 1] == '!' || s[i + 1] == '?') sure = false;
                else sure = scan_tag(&sc, s, len, &i);
            }
        }
    }
    qy_strbuf_free(&sc.text);
    if (sc.x.stopped) return sc.x.rc;
    return sure && sc.depth == 0 ? QY_OK : QY_XML_UNSURE;
}
