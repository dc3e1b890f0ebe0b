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
    XML_StopParser(x->parser, XML_FALSE);
}

qy_error *qy_xml_err(qy_xml *x) { return x->err; }

unsigned long qy_xml_line(qy_xml *x) { return XML_GetCurrentLineNumber(x->parser); }

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
