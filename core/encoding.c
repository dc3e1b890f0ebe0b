/* encoding.c — input bytes to UTF-8: valid UTF-8 is borrowed as is, GB18030 is converted with iconv. */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "utf8.h"

static const char utf8_bom[] = "\xEF\xBB\xBF";
enum { UTF8_BOM_LEN = 3 };

int qy_encoding_parse(const char *name, qy_encoding *enc)
{
    static const struct {
        const char *name;
        qy_encoding enc;
    } names[] = {
        {"auto", QY_ENC_AUTO},       {"utf-8", QY_ENC_UTF8},  {"utf8", QY_ENC_UTF8},
        {"gb18030", QY_ENC_GB18030}, {"gbk", QY_ENC_GB18030}, {"gb2312", QY_ENC_GB18030},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(name, names[i].name) == 0) {
            *enc = names[i].enc;
            return QY_OK;
        }
    }
    return QY_EINVAL;
}

static size_t bom_length(const char *data, size_t len)
{
    return len >= UTF8_BOM_LEN && memcmp(data, utf8_bom, UTF8_BOM_LEN) == 0 ? UTF8_BOM_LEN : 0;
}

/* Runs the conversion of in[0..len) into a qy_malloc'd, NUL-terminated buffer. */
static int run_iconv(iconv_t cd, const char *in, size_t len, char **out, size_t *out_len,
                     size_t *bad_offset)
{
    /* A GB18030 character of n bytes is at most 3n/2 bytes of UTF-8 (two-byte
     * codes are all in the BMP), so this buffer is never short. */
    if (len > (SIZE_MAX - 4) / 3 * 2) return QY_ENOMEM;
    size_t cap = len + len / 2 + 1;
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

int qy_gb18030_to_utf8(const char *in, size_t len, char **out, size_t *out_len,
                       size_t *bad_offset)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return errno == ENOMEM ? QY_ENOMEM : QY_EINVAL;
    int rc = run_iconv(cd, in, len, out, out_len, bad_offset);
    iconv_close(cd);
    return rc;
}

/* The 1-based line of byte offset in data. */
static size_t line_of(const char *data, size_t offset)
{
    size_t line = 1;
    for (size_t i = 0; i < offset; i++) line += data[i] == '\n';
    return line;
}

/* Marks a conversion the caller forced, with no UTF-8 error to report instead. */
#define GB18030_FORCED SIZE_MAX

/* Converts GB18030 text (after a UTF-8 BOM of skip bytes) and drops the BOM
 * GB18030 may carry, U+FEFF, now in UTF-8 form. When the bytes are not
 * GB18030 either, the error names utf8_bad, the first byte that was not
 * UTF-8, unless the caller forced GB18030. Offsets count from data. */
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
    if (rc != QY_OK && utf8_bad != GB18030_FORCED)
        return qy_error_set(err, rc, "%s:%zu: not valid UTF-8 or GB18030 (byte %zu)", name,
                            line_of(data, utf8_bad), utf8_bad);
    if (rc != QY_OK) {
        bad += skip;
        return qy_error_set(err, rc, "%s:%zu: invalid GB18030 at byte %zu", name,
                            line_of(data, bad), bad);
    }
    size_t bom = bom_length(text, text_len);
    if (bom) memmove(text, text + bom, text_len - bom + 1);   /* with the NUL */
    *out = text;
    *out_len = text_len - bom;
    *owned = 1;
    return QY_OK;
}

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

int qy_text_to_utf8(const char *name, const char *data, size_t len, qy_encoding enc,
                    const char **out, size_t *out_len, int *owned,
                    qy_encoding *used, qy_error *err)
{
    if (!name) name = "input";
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
        if (enc == QY_ENC_UTF8)
            return qy_error_set(err, QY_EENCODING, "%s:%zu: invalid UTF-8 at byte %zu", name,
                                line_of(data, utf8_bad), utf8_bad);
    }
    QY_RETURN_NOT_OK(convert_gb18030(name, data, len, skip, utf8_bad, out, out_len, owned, err));
    if (enc == QY_ENC_AUTO && !looks_like_chinese((const unsigned char *)data + skip, len - skip)) {
        qy_free((char *)*out);
        *out = NULL;
        *owned = 0;
        return qy_error_set(err, QY_EENCODING,
                            "%s:%zu: not valid UTF-8 (byte %zu), and as GB18030 it reads as "
                            "unusual characters; if it is GB18030, read it with "
                            "encoding \"gb18030\"", name, line_of(data, utf8_bad), utf8_bad);
    }
    if (used) *used = QY_ENC_GB18030;
    return QY_OK;
}
