/* xml_part.h — an XML part of a zip archive parsed with expat as it
 * inflates, never held whole; a DTD refused.
 *
 * OOXML never needs a DTD, and a DTD is how XML attacks (entity expansion,
 * external entities): a document type declaration anywhere is an error, so
 * no entity is ever declared, let alone expanded. Handlers see elements by
 * their local name ("c" for "x:c"), which is also how the strict OOXML
 * namespaces read: same local names, other URIs. Expat allocates through
 * alloc.h, so allocation-failure tests reach it too.
 *
 * For the bulk of a sheet (its rows), qy_xml_scan_text reads plain markup
 * several times faster than expat, and leaves anything else to expat.
 */
#ifndef QY_XML_PART_H
#define QY_XML_PART_H

#include <stdint.h>

#include "error.h"
#include "zip_entry.h"

typedef struct qy_xml qy_xml;   /* a parse in progress */

/* The handlers of a parse; ctx is the caller's. atts is expat's: name,
 * value, name, value, ..., NULL; names keep their prefixes (qy_xml_local
 * strips them). text is character data, in pieces (one text node may come
 * in several calls); NULL when unneeded. */
typedef struct qy_xml_handlers {
    void (*start)(void *ctx, qy_xml *x, const char *local, const char **atts);
    void (*end)(void *ctx, qy_xml *x, const char *local);
    void (*text)(void *ctx, qy_xml *x, const char *s, int len);
} qy_xml_handlers;

/* Parses entry index of z through h. where names the part in messages
 * ("x.xlsx: xl/workbook.xml"; borrowed). max as qy_zip_read: 0 for the whole
 * part; a handler may also end the parse early with qy_xml_stop. Errors:
 * the zip's, the handlers', QY_EFORMAT "WHERE:LINE: <expat's message>" for
 * XML that is not well-formed (a part cut short by max is not checked for
 * its end), and "WHERE:LINE: a DTD (<!DOCTYPE ...>) is not allowed". */
int qy_xml_parse(qy_zip *z, int64_t index, uint64_t max, const char *where,
                 const qy_xml_handlers *h, void *ctx, qy_error *err);

/* The same on a document in memory, in n pieces (pieces[i][0..lens[i]),
 * parsed one after the other as one text). */
int qy_xml_parse_text(const char *const *pieces, const size_t *lens, int n, const char *where,
                      const qy_xml_handlers *h, void *ctx, qy_error *err);

/* What qy_xml_scan_text returns for a text it does not read: past its
 * subset, whether XML or not. */
enum { QY_XML_UNSURE = -3 };

/* The same through the handlers, several times faster than expat, for
 * plain markup only: elements, attributes without entity references or
 * control characters, text with the five predefined entities and character
 * references, valid UTF-8, no "\r", no comment, PI, CDATA or DTD, no tag
 * across two pieces, at most 32 elements deep. Anything else is
 * QY_XML_UNSURE, handlers having seen part of the text: parse it again
 * with expat, which decides what it is. A handler's stop returns its code.
 * Within the subset the handlers see what expat would show them. */
int qy_xml_scan_text(const char *const *pieces, const size_t *lens, int n,
                     const qy_xml_handlers *h, void *ctx, qy_error *err);

/* Stops the parse from a handler: rc QY_OK ends it as a success (the rest
 * of the part is not read), anything else fails it with rc, the handler
 * having put its message in the err of qy_xml_parse (qy_xml_err). */
void qy_xml_stop(qy_xml *x, int rc);

/* The err qy_xml_parse was given, for handlers' messages (may be NULL). */
qy_error *qy_xml_err(qy_xml *x);

/* The line the parser is at (1-based), for handlers' messages. */
unsigned long qy_xml_line(qy_xml *x);

/* name without its namespace prefix: "r:id" is "id", "id" stays "id". */
const char *qy_xml_local(const char *name);

/* The value of the attribute whose local name is local, or NULL. */
const char *qy_xml_attr(const char **atts, const char *local);

#endif
