/* encoding.c — input bytes to UTF-8: valid UTF-8 is borrowed as is, GB18030 and UTF-16 are converted with iconv. */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "utf8.h"

static const char utf8_bom[] = "\xEF\xBB\xBF";
enum { UTF8_BOM_LEN = 3, UTF16_BOM_LEN = 2 };

static const struct {
    const char *name;
    qy_encoding enc;
} encoding_names[] = {
    {"auto", QY_ENC_AUTO},         {"utf-8", QY_ENC_UTF8},        {"utf8", QY_ENC_UTF8},
    {"gb18030", QY_ENC_GB18030},   {"gbk", QY_ENC_GB18030},       {"gb2312", QY_ENC_GB18030},
    {"utf-16", QY_ENC_UTF16},      {"utf16", QY_ENC_UTF16},       {"utf-16le", QY_ENC_UTF16LE},
    {"utf16le", QY_ENC_UTF16LE},   {"utf-16be", QY_ENC_UTF16BE},  {"utf16be", QY_ENC_UTF16BE},
};

int qy_encoding_parse(const char *name, qy_encoding *enc)
{
    for (size_t i = 0; i < sizeof encoding_names / sizeof encoding_names[0]; i++) {
        if (strcasecmp(name, encoding_names[i].name) == 0) {
            *enc = encoding_names[i].enc;
            return QY_OK;
        }
    }
    return QY_EINVAL;
}

const char *qy_encoding_name(qy_encoding enc)
{
    for (size_t i = 0; i < sizeof encoding_names / sizeof encoding_names[0]; i++)
        if (encoding_names[i].enc == enc) return encoding_names[i].name;   /* the first spelling */
    return "unknown";
}

static size_t bom_length(const char *data, size_t len)
{
    return len >= UTF8_BOM_LEN && memcmp(data, utf8_bom, UTF8_BOM_LEN) == 0 ? UTF8_BOM_LEN : 0;
}

/* QY_ENC_UTF16LE or QY_ENC_UTF16BE when data starts with that byte order
 * mark, else QY_ENC_AUTO. FF FE and FE FF start neither UTF-8 nor GB18030. */
static qy_encoding utf16_bom(const char *data, size_t len)
{
    if (len < UTF16_BOM_LEN) return QY_ENC_AUTO;
    unsigned char a = (unsigned char)data[0], b = (unsigned char)data[1];
    if (a == 0xFF && b == 0xFE) return QY_ENC_UTF16LE;
    if (a == 0xFE && b == 0xFF) return QY_ENC_UTF16BE;
    return QY_ENC_AUTO;
}

/* Runs the conversion of in[0..len) into a qy_malloc'd, NUL-terminated
 * buffer of cap bytes, which the caller knows is never short. */
static int run_iconv(iconv_t cd, const char *in, size_t len, size_t cap, char **out,
                     size_t *out_len, size_t *bad_offset)
{
    char *buf = qy_malloc(cap);
    if (!buf) return QY_ENOMEM;
    char *in_cursor = (char *)in;   /* iconv's signature is not const; it only reads */
    size_t in_left = len;
    char *cursor = buf;
    size_t out_left = cap - 1;
    if (iconv(cd, &in_cursor, &in_left, &cursor, &out_left) == (size_t)-1) {
        *bad_offset = (size_t)(in_cursor - in);   /* EILSEQ, or EINVAL: cut short at the end */
        qy_free(buf);
        return QY_EENCODING;
    }
    *cursor = '\0';
    *out = buf;
    *out_len = (size_t)(cursor - buf);
    return QY_OK;
}

/* from -> UTF-8 of in[0..len), where a character of n input bytes takes at
 * most n * num / den bytes of UTF-8. */
static int convert_with_iconv(const char *from, size_t num, size_t den, const char *in, size_t len,
                              char **out, size_t *out_len, size_t *bad_offset)
{
    if (len > (SIZE_MAX - 4) / num * den) return QY_ENOMEM;
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) return errno == ENOMEM ? QY_ENOMEM : QY_EINVAL;
    int rc = run_iconv(cd, in, len, len / den * num + num + 1, out, out_len, bad_offset);
    iconv_close(cd);
    return rc;
}

int qy_gb18030_to_utf8(const char *in, size_t len, char **out, size_t *out_len,
                       size_t *bad_offset)
{
    /* A GB18030 character of n bytes is at most 3n/2 bytes of UTF-8 (two-byte
     * codes are all in the BMP). */
    return convert_with_iconv("GB18030", 3, 2, in, len, out, out_len, bad_offset);
}

/* Where byte offset lies in data: its 1-based line (LF, CRLF and a lone CR
 * each end one, as the CSV reader counts) and 1-based byte in that line. */
static size_t line_of(const char *data, size_t len, size_t offset, size_t *byte_in_line)
{
    size_t line = 1, line_start = 0;
    for (size_t i = 0; i < offset && i < len; i++) {
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= len || data[i + 1] != '\n'))) {
            line++;
            line_start = i + 1;
        }
    }
    if (byte_in_line) *byte_in_line = offset - line_start + 1;
    return line;
}

/* Marks a conversion the caller forced, with no UTF-8 error to report instead. */
#define GB18030_FORCED SIZE_MAX

/* Whether GB18030 bytes look like Chinese text: at least half of the
 * multi-byte characters lie in GB2312's hanzi and symbol rows, where text
 * from Chinese Excel lives. Other encodings' bytes (Shift-JIS, Latin-1) are
 * often valid GB18030 too, but land mostly outside those rows. */
static int looks_like_chinese(const unsigned char *s, size_t len)
{
    size_t common = 0, rare = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x80) continue;
        if (i + 1 < len && s[i + 1] >= 0x30 && s[i + 1] <= 0x39) {   /* four-byte form */
            rare++;
            i += 3;
            continue;
        }
        unsigned lead = s[i], trail = i + 1 < len ? s[i + 1] : 0;
        if (((lead >= 0xB0 && lead <= 0xF7) || (lead >= 0xA1 && lead <= 0xA9))
            && trail >= 0xA1 && trail <= 0xFE)
            common++;
        else
            rare++;
        i++;
    }
    return common >= rare;
}

/* Why GB18030 text failed at byte bad. Read as auto, the bytes before it
 * were not UTF-8 from utf8_bad on; when they read as Chinese GB18030 the
 * file is GB18030 with one bad byte, which is what the message then names. */
static int gb18030_failure(const char *name, const char *data, size_t len, size_t skip,
                           size_t utf8_bad, size_t bad, qy_error *err)
{
    if (utf8_bad == GB18030_FORCED)
        return qy_error_set(err, QY_EENCODING, "%s:%zu: invalid GB18030 at byte %zu", name,
                            line_of(data, len, bad, NULL), bad);
    if (utf8_bad < bad && looks_like_chinese((const unsigned char *)data + skip, bad - skip))
        return qy_error_set(err, QY_EENCODING, "%s:%zu: invalid GB18030 at byte %zu (the text "
                            "before it reads as GB18030, not UTF-8)", name,
                            line_of(data, len, bad, NULL), bad);
    return qy_error_set(err, QY_EENCODING, "%s:%zu: not valid UTF-8 or GB18030 (byte %zu)", name,
                        line_of(data, len, utf8_bad, NULL), utf8_bad);
}

/* Converts GB18030 text (after a UTF-8 BOM of skip bytes) and drops the BOM
 * GB18030 may carry, U+FEFF, now in UTF-8 form. utf8_bad: the first byte
 * that was not UTF-8, or GB18030_FORCED. Offsets count from data. */
static int convert_gb18030(const char *name, const char *data, size_t len, size_t skip,
                           size_t utf8_bad, const char **out, size_t *out_len, int *owned,
                           qy_error *err)
{
    char *text;
    size_t text_len, bad;
    int rc = qy_gb18030_to_utf8(data + skip, len - skip, &text, &text_len, &bad);
    if (rc == QY_ENOMEM)
        return qy_error_set(err, rc, "%s: not enough memory to convert from GB18030", name);
    if (rc == QY_EINVAL)
        return qy_error_set(err, QY_EENCODING, "%s: cannot convert from GB18030: iconv lacks it",
                            name);
    if (rc != QY_OK) return gb18030_failure(name, data, len, skip, utf8_bad, bad + skip, err);
    size_t bom = bom_length(text, text_len);
    if (bom) memmove(text, text + bom, text_len - bom + 1);   /* with the NUL */
    *out = text;
    *out_len = text_len - bom;
    *owned = 1;
    return QY_OK;
}

/* The 1-based line of byte offset in UTF-16 data (order LE or BE), counting
 * code units as line_of counts bytes. */
static size_t utf16_line_of(const unsigned char *data, size_t len, size_t offset, qy_encoding order)
{
    size_t line = 1;
    unsigned prev = 0;
    for (size_t i = 0; i + 1 < len && i < offset; i += 2) {
        unsigned unit = order == QY_ENC_UTF16LE ? data[i] | data[i + 1] << 8
                                                : data[i] << 8 | data[i + 1];
        line += unit == '\n' && prev != '\r';
        line += unit == '\r';
        prev = unit;
    }
    return line;
}

/* Converts UTF-16 of the given byte order, from byte skip on (past its BOM). */
static int convert_utf16(const char *name, const char *data, size_t len, size_t skip,
                         qy_encoding order, const char **out, size_t *out_len, int *owned,
                         qy_error *err)
{
    const char *order_name = order == QY_ENC_UTF16LE ? "UTF-16LE" : "UTF-16BE";
    char *text;
    size_t text_len, bad;
    /* a code unit (2 bytes) is at most 3 bytes of UTF-8, a surrogate pair (4) is 4 */
    int rc = convert_with_iconv(order_name, 3, 2, data + skip, len - skip, &text, &text_len, &bad);
    if (rc == QY_ENOMEM)
        return qy_error_set(err, rc, "%s: not enough memory to convert from %s", name, order_name);
    if (rc == QY_EINVAL)
        return qy_error_set(err, QY_EENCODING, "%s: cannot convert from %s: iconv lacks it", name,
                            order_name);
    if (rc != QY_OK) {
        bad += skip;
        return qy_error_set(err, rc, "%s:%zu: invalid %s at byte %zu", name,
                            utf16_line_of((const unsigned char *)data, len, bad, order), order_name,
                            bad);
    }
    *out = text;
    *out_len = text_len;
    *owned = 1;
    return QY_OK;
}

/* UTF-16 as asked (enc) and as the BOM says (bom): the byte order to read
 * with, or an error when they disagree or UTF-16 has no BOM to go by. */
static int utf16_order(const char *name, qy_encoding enc, qy_encoding bom, qy_encoding *order,
                       qy_error *err)
{
    if (enc == QY_ENC_UTF16 && bom == QY_ENC_AUTO)
        return qy_error_set(err, QY_EENCODING, "%s: no UTF-16 byte order mark at the start; "
                            "read it with encoding \"utf-16le\" or \"utf-16be\"", name);
    if (enc != QY_ENC_UTF16 && bom != QY_ENC_AUTO && bom != enc)
        return qy_error_set(err, QY_EENCODING, "%s: the byte order mark says %s, not %s", name,
                            qy_encoding_name(bom), qy_encoding_name(enc));
    *order = enc == QY_ENC_UTF16 ? bom : enc;
    return QY_OK;
}

static bool is_utf16(qy_encoding enc)
{
    return enc == QY_ENC_UTF16 || enc == QY_ENC_UTF16LE || enc == QY_ENC_UTF16BE;
}

int qy_text_to_utf8(const char *name, const char *data, size_t len, qy_encoding enc,
                    const char **out, size_t *out_len, int *owned,
                    qy_encoding *used, qy_error *err)
{
    if (!name) name = "input";
    qy_encoding bom16 = utf16_bom(data, len);
    if (is_utf16(enc) || (enc == QY_ENC_AUTO && bom16 != QY_ENC_AUTO)) {
        qy_encoding order = QY_ENC_UTF16LE;
        QY_RETURN_NOT_OK(utf16_order(name, enc == QY_ENC_AUTO ? QY_ENC_UTF16 : enc, bom16, &order,
                                     err));
        size_t skip = bom16 != QY_ENC_AUTO ? UTF16_BOM_LEN : 0;
        QY_RETURN_NOT_OK(convert_utf16(name, data, len, skip, order, out, out_len, owned, err));
        if (used) *used = order;
        return QY_OK;
    }
    if (bom16 != QY_ENC_AUTO)
        return qy_error_set(err, QY_EENCODING, "%s: this is UTF-16, not %s (it starts with a "
                            "UTF-16 byte order mark); read it with encoding \"auto\", or save it "
                            "as UTF-8 CSV", name, enc == QY_ENC_UTF8 ? "UTF-8" : "GB18030");
    size_t skip = bom_length(data, len);
    size_t utf8_bad = GB18030_FORCED;
    if (enc != QY_ENC_GB18030) {
        utf8_bad = skip + qy_utf8_validate(data + skip, len - skip);
        if (utf8_bad == len) {
            *out = data + skip;
            *out_len = len - skip;
            *owned = 0;
            if (used) *used = QY_ENC_UTF8;
            return QY_OK;
        }
        if (enc == QY_ENC_UTF8) {
            size_t byte_in_line;
            size_t line = line_of(data, len, utf8_bad, &byte_in_line);
            return qy_error_set(err, QY_EENCODING, "%s:%zu: invalid UTF-8 at byte %zu (0x%02x, "
                                "byte %zu of the line)", name, line, utf8_bad,
                                (unsigned char)data[utf8_bad], byte_in_line);
        }
    }
    QY_RETURN_NOT_OK(convert_gb18030(name, data, len, skip, utf8_bad, out, out_len, owned, err));
    if (enc == QY_ENC_AUTO && !looks_like_chinese((const unsigned char *)data + skip, len - skip)) {
        qy_free((char *)*out);
        *out = NULL;
        *owned = 0;
        return qy_error_set(err, QY_EENCODING,
                            "%s:%zu: not valid UTF-8 (byte %zu), and as GB18030 it reads as "
                            "unusual characters; if it is GB18030, read it with "
                            "encoding \"gb18030\"", name, line_of(data, len, utf8_bad, NULL),
                            utf8_bad);
    }
    if (used) *used = QY_ENC_GB18030;
    return QY_OK;
}
