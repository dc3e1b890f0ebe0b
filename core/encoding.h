/* encoding.h — bringing input bytes to UTF-8.
 *
 * The core works on UTF-8 only. Files come as UTF-8 (with or without a BOM),
 * as GB18030 (Excel on Chinese Windows) or as UTF-16 with a byte order mark
 * (Excel's "Unicode text"); this decides which and converts.
 */
#ifndef QY_ENCODING_H
#define QY_ENCODING_H

#include <stddef.h>

#include "error.h"

typedef enum qy_encoding {
    QY_ENC_AUTO,      /* UTF-16 when a UTF-16 byte order mark starts it, else
                         UTF-8 when valid, else GB18030 when valid and mostly
                         in GB2312's rows (Chinese text), else error */
    QY_ENC_UTF8,
    QY_ENC_GB18030,
    QY_ENC_UTF16,     /* byte order from the byte order mark, which must be there */
    QY_ENC_UTF16LE,
    QY_ENC_UTF16BE
} qy_encoding;

/* "auto", "utf-8"/"utf8", "gb18030"/"gbk"/"gb2312", "utf-16"/"utf16",
 * "utf-16le"/"utf16le", "utf-16be"/"utf16be", in any case -> QY_OK; else
 * QY_EINVAL. */
int qy_encoding_parse(const char *name, qy_encoding *enc);

/* The encoding's name as qy_encoding_parse takes it ("utf-8", "utf-16le");
 * static, never NULL. */
const char *qy_encoding_name(qy_encoding enc);

/* Turns data[0..len) into UTF-8 without a BOM (a leading UTF-8 BOM is
 * dropped whatever enc says; so is a GB18030 one after conversion, and a
 * UTF-16 one before). Valid UTF-8 is never converted. On success *out
 * points either into data (no conversion needed; *owned = 0) or to a new
 * NUL-terminated buffer the caller frees with qy_free (*owned = 1), and
 * *used (if not NULL) is set to QY_ENC_UTF8, QY_ENC_GB18030, QY_ENC_UTF16LE
 * or QY_ENC_UTF16BE.
 * Fails with QY_EENCODING and a message naming `name` (NULL: "input"), the
 * 1-based line (LF, CRLF and a lone CR each end one) and the 0-based offset
 * in data of the first bad byte:
 *   "x.csv:3: invalid UTF-8 at byte 57 (0xe9, byte 5 of the line)"  (UTF-8)
 *   "x.csv:3: invalid GB18030 at byte 57"            (QY_ENC_GB18030)
 *   "x.csv:3: invalid UTF-16LE at byte 57"           (UTF-16)
 *   "x.csv:3: not valid UTF-8 or GB18030 (byte 57)"  (QY_ENC_AUTO; the byte
 *                                                     that is not UTF-8)
 *   "x.csv:9: invalid GB18030 at byte 420 (the text before it reads as
 *    GB18030, not UTF-8)"  (QY_ENC_AUTO, when the bytes before the bad one
 *                           are Chinese-looking GB18030)
 *   "x.csv:3: not valid UTF-8 (byte 57), and as GB18030 it reads as unusual
 *    characters; ..."  (QY_ENC_AUTO, when the bytes are GB18030 but not
 *                       Chinese-looking: Shift-JIS, Latin-1 and the like)
 *   "x.csv: this is UTF-16, not UTF-8; ..."  (UTF-8 or GB18030 asked for a
 *                                            file with a UTF-16 BOM)
 * or with QY_ENOMEM. */
int qy_text_to_utf8(const char *name, const char *data, size_t len, qy_encoding enc,
                    const char **out, size_t *out_len, int *owned,
                    qy_encoding *used, qy_error *err);

/* GB18030 -> UTF-8 with iconv. *out is NUL-terminated (not counted in
 * *out_len), allocated with qy_malloc; the caller frees it with qy_free.
 * On invalid or truncated input returns QY_EENCODING and sets *bad_offset;
 * QY_ENOMEM; QY_EINVAL when iconv cannot convert from GB18030 at all. */
int qy_gb18030_to_utf8(const char *in, size_t len, char **out, size_t *out_len,
                       size_t *bad_offset);

#endif
