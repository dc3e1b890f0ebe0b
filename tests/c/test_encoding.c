/* test_encoding.c — encoding names, UTF-8 passthrough, GB18030 conversion and error messages. */
#include <string.h>

#include "alloc.h"
#include "check.h"
#include "encoding.h"

static const char utf8_text[] = "县区,金额\n西峰区,1.5\n";

/* utf8_text in GB18030, from `printf ... | iconv -f UTF-8 -t GB18030 | xxd -i`. */
static const char gb18030_text[] = {
    '\xcf', '\xd8', '\xc7', '\xf8', '\x2c', '\xbd', '\xf0', '\xb6', '\xee', '\x0a', '\xce',
    '\xf7', '\xb7', '\xe5', '\xc7', '\xf8', '\x2c', '\x31', '\x2e', '\x35', '\x0a',
};

/* The outcome of one qy_text_to_utf8 call, with the buffer it may own. */
typedef struct conversion {
    int rc, owned;
    const char *out;
    size_t out_len;
    qy_encoding used;
    qy_error err;
} conversion;

static conversion convert(const char *data, size_t len, qy_encoding enc)
{
    conversion c = {.rc = -1, .owned = -1, .used = (qy_encoding)-1};
    c.rc = qy_text_to_utf8("x.csv", data, len, enc, &c.out, &c.out_len, &c.owned, &c.used, &c.err);
    return c;
}

static void release(conversion *c)
{
    if (c->rc == QY_OK && c->owned) qy_free((char *)c->out);
}

static void test_encoding_parse(void)
{
    qy_encoding enc = (qy_encoding)-1;
    CHECK_INT(qy_encoding_parse("auto", &enc), QY_OK);
    CHECK_INT(enc, QY_ENC_AUTO);
    CHECK_INT(qy_encoding_parse("utf-8", &enc), QY_OK);
    CHECK_INT(enc, QY_ENC_UTF8);
    CHECK_INT(qy_encoding_parse("utf8", &enc), QY_OK);
    CHECK_INT(enc, QY_ENC_UTF8);
    CHECK_INT(qy_encoding_parse("UTF-8", &enc), QY_OK);
    CHECK_INT(enc, QY_ENC_UTF8);
    CHECK_INT(qy_encoding_parse("gb18030", &enc), QY_OK);
    CHECK_INT(enc, QY_ENC_GB18030);
    enc = QY_ENC_AUTO;
    CHECK_INT(qy_encoding_parse("GBK", &enc), QY_OK);
    CHECK_INT(enc, QY_ENC_GB18030);
    enc = QY_ENC_AUTO;
    CHECK_INT(qy_encoding_parse("gb2312", &enc), QY_OK);
    CHECK_INT(enc, QY_ENC_GB18030);
    enc = QY_ENC_AUTO;
    CHECK_INT(qy_encoding_parse("UTF-16", &enc), QY_OK);
    CHECK_INT(enc, QY_ENC_UTF16);
    CHECK_INT(qy_encoding_parse("utf-16le", &enc), QY_OK);
    CHECK_INT(enc, QY_ENC_UTF16LE);
    CHECK_INT(qy_encoding_parse("utf16be", &enc), QY_OK);
    CHECK_INT(enc, QY_ENC_UTF16BE);
    CHECK_STR(qy_encoding_name(QY_ENC_UTF16LE), "utf-16le");
    CHECK_STR(qy_encoding_name(QY_ENC_GB18030), "gb18030");
    CHECK_STR(qy_encoding_name(QY_ENC_UTF8), "utf-8");
    enc = QY_ENC_AUTO;
    CHECK_INT(qy_encoding_parse("latin1", &enc), QY_EINVAL);
    CHECK_INT(qy_encoding_parse("", &enc), QY_EINVAL);
    CHECK_INT(qy_encoding_parse("utf-8 ", &enc), QY_EINVAL);
    CHECK_INT(enc, QY_ENC_AUTO);
}

/* ASCII and valid UTF-8 are borrowed, never converted, in auto and utf-8 modes. */
static void test_utf8_is_borrowed(void)
{
    const char ascii[] = "a,b\n1,2\n";
    qy_encoding modes[] = {QY_ENC_AUTO, QY_ENC_UTF8};
    for (int i = 0; i < 2; i++) {
        conversion c = convert(ascii, sizeof ascii - 1, modes[i]);
        CHECK_INT(c.rc, QY_OK);
        CHECK(c.out == ascii);
        CHECK_INT(c.out_len, sizeof ascii - 1);
        CHECK_INT(c.owned, 0);
        CHECK_INT(c.used, QY_ENC_UTF8);

        c = convert(utf8_text, sizeof utf8_text - 1, modes[i]);
        CHECK_INT(c.rc, QY_OK);
        CHECK(c.out == utf8_text);
        CHECK_INT(c.owned, 0);
        CHECK_INT(c.used, QY_ENC_UTF8);
    }
    conversion empty = convert("", 0, QY_ENC_AUTO);
    CHECK_INT(empty.rc, QY_OK);
    CHECK_INT(empty.out_len, 0);
    CHECK_INT(empty.owned, 0);
    CHECK_INT(empty.used, QY_ENC_UTF8);
}

static void test_utf8_bom_is_dropped(void)
{
    const char with_bom[] = "\xEF\xBB\xBF" "a,b\n";
    conversion c = convert(with_bom, sizeof with_bom - 1, QY_ENC_AUTO);
    CHECK_INT(c.rc, QY_OK);
    CHECK(c.out == with_bom + 3);
    CHECK_INT(c.out_len, 4);
    CHECK_INT(c.owned, 0);

    c = convert(with_bom, 3, QY_ENC_UTF8);   /* nothing but the BOM */
    CHECK_INT(c.rc, QY_OK);
    CHECK_INT(c.out_len, 0);

    c = convert(with_bom, 2, QY_ENC_UTF8);   /* half a BOM is not UTF-8 */
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK_STR(c.err.msg, "x.csv:1: invalid UTF-8 at byte 0 (0xef, byte 1 of the line)");
}

static void test_gb18030_auto_detected(void)
{
    conversion c = convert(gb18030_text, sizeof gb18030_text, QY_ENC_AUTO);
    CHECK_INT(c.rc, QY_OK);
    CHECK_INT(c.owned, 1);
    CHECK_INT(c.used, QY_ENC_GB18030);
    CHECK_INT(c.out_len, sizeof utf8_text - 1);
    CHECK_STR(c.out, utf8_text);   /* NUL-terminated */
    release(&c);
}

static void test_gb18030_forced(void)
{
    conversion c = convert(gb18030_text, sizeof gb18030_text, QY_ENC_GB18030);
    CHECK_INT(c.rc, QY_OK);
    CHECK_INT(c.owned, 1);
    CHECK_INT(c.used, QY_ENC_GB18030);
    CHECK_STR(c.out, utf8_text);
    release(&c);

    /* ASCII is the same in both, but forced means converted. */
    c = convert("a,b\n", 4, QY_ENC_GB18030);
    CHECK_INT(c.rc, QY_OK);
    CHECK_INT(c.owned, 1);
    CHECK_INT(c.out_len, 4);
    CHECK_STR(c.out, "a,b\n");
    release(&c);

    /* GB18030's own BOM, U+FEFF as 84 31 95 33, goes too. */
    c = convert("\x84\x31\x95\x33" "a", 5, QY_ENC_GB18030);
    CHECK_INT(c.rc, QY_OK);
    CHECK_INT(c.out_len, 1);
    CHECK_STR(c.out, "a");
    release(&c);

    /* Four-byte codes reach beyond the BMP: 95 32 82 36 is U+20000. */
    c = convert("\x95\x32\x82\x36", 4, QY_ENC_GB18030);
    CHECK_INT(c.rc, QY_OK);
    CHECK_STR(c.out, "\xF0\xA0\x80\x80");
    release(&c);
}

static void test_utf8_forced_rejects_gb18030(void)
{
    char data[64] = "a,b\n";
    memcpy(data + 4, gb18030_text, sizeof gb18030_text);
    conversion c = convert(data, 4 + sizeof gb18030_text, QY_ENC_UTF8);
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK_INT(c.err.code, QY_EENCODING);
    CHECK_STR(c.err.msg, "x.csv:2: invalid UTF-8 at byte 4 (0xcf, byte 1 of the line)");

    const char bom_then_bad[] = "\xEF\xBB\xBF" "ok\nok\n\xE5\xBA";   /* truncated 庆 */
    c = convert(bom_then_bad, sizeof bom_then_bad - 1, QY_ENC_UTF8);
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK_STR(c.err.msg, "x.csv:3: invalid UTF-8 at byte 9 (0xe5, byte 1 of the line)");

    /* the byte within its line; lines end at LF, CRLF or a lone CR, as the reader counts them */
    c = convert("id,name\r\n1,Jos\xe9\r2,x\n", 20, QY_ENC_UTF8);
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK_STR(c.err.msg, "x.csv:2: invalid UTF-8 at byte 14 (0xe9, byte 6 of the line)");
    c = convert("a\rb\r\nc\r\xff", 8, QY_ENC_UTF8);
    CHECK_STR(c.err.msg, "x.csv:4: invalid UTF-8 at byte 7 (0xff, byte 1 of the line)");
}

/* glibc refuses 0xFF in GB18030 (`printf '\xff' | iconv -f GB18030` says
 * "illegal input sequence at position 0"), so these bytes are neither. */
static void test_neither_encoding(void)
{
    const char data[] = "a\nb\n\xff\xff\xff";
    conversion c = convert(data, sizeof data - 1, QY_ENC_AUTO);
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK_STR(c.err.msg, "x.csv:3: not valid UTF-8 or GB18030 (byte 4)");

    /* Chinese GB18030 up to a bad byte is a GB18030 file with a bad byte:
     * the message names that byte's line, not the first byte that is not
     * UTF-8 (once ":2: ... (byte 2)", the file's first Chinese character). */
    char mixed[64] = "h\n";
    memcpy(mixed + 2, gb18030_text, sizeof gb18030_text);
    memcpy(mixed + 2 + sizeof gb18030_text, "\x80", 1);
    c = convert(mixed, 3 + sizeof gb18030_text, QY_ENC_AUTO);
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK_STR(c.err.msg, "x.csv:4: invalid GB18030 at byte 23 (the text before it reads as "
                         "GB18030, not UTF-8)");
    /* ... while bytes that were not Chinese before the bad one are neither */
    c = convert("a\n\xa1\x40\n\xff", 6, QY_ENC_AUTO);
    CHECK_STR(c.err.msg, "x.csv:2: not valid UTF-8 or GB18030 (byte 2)");

    CHECK_INT(qy_text_to_utf8(NULL, "\xff", 1, QY_ENC_AUTO, &c.out, &c.out_len, &c.owned, NULL,
                              &c.err),
              QY_EENCODING);
    CHECK_STR(c.err.msg, "input:1: not valid UTF-8 or GB18030 (byte 0)");
    CHECK_INT(qy_text_to_utf8("x", "\xff", 1, QY_ENC_AUTO, &c.out, &c.out_len, &c.owned, NULL,
                              NULL),
              QY_EENCODING);
}

static void test_gb18030_forced_errors(void)
{
    conversion c = convert("ab\n\xff", 4, QY_ENC_GB18030);
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK_STR(c.err.msg, "x.csv:2: invalid GB18030 at byte 3");

    c = convert("ab\ncd\n\x81", 7, QY_ENC_GB18030);   /* a lead byte cut off at the end */
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK_STR(c.err.msg, "x.csv:3: invalid GB18030 at byte 6");

    c = convert("\xEF\xBB\xBF" "\xa1\x7f", 5, QY_ENC_GB18030);   /* offsets count the BOM */
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK_STR(c.err.msg, "x.csv:1: invalid GB18030 at byte 3");
}

static void test_gb18030_to_utf8(void)
{
    char *out = NULL;
    size_t out_len = 0, bad = 99;
    CHECK_INT(qy_gb18030_to_utf8(gb18030_text, sizeof gb18030_text, &out, &out_len, &bad), QY_OK);
    CHECK_INT(out_len, sizeof utf8_text - 1);
    CHECK_STR(out, utf8_text);
    CHECK_INT(bad, 99);
    qy_free(out);

    CHECK_INT(qy_gb18030_to_utf8("", 0, &out, &out_len, &bad), QY_OK);
    CHECK_INT(out_len, 0);
    CHECK_STR(out, "");
    qy_free(out);

    out = NULL;
    CHECK_INT(qy_gb18030_to_utf8("\xce\xf7\xff", 3, &out, &out_len, &bad), QY_EENCODING);
    CHECK_INT(bad, 2);
    CHECK(out == NULL);
    CHECK_INT(qy_gb18030_to_utf8("\xce\xf7\xce", 3, &out, &out_len, &bad), QY_EENCODING);
    CHECK_INT(bad, 2);
    CHECK_INT(qy_gb18030_to_utf8("a\0b", 3, &out, &out_len, &bad), QY_OK);   /* NUL passes */
    CHECK_INT(out_len, 3);
    CHECK(memcmp(out, "a\0b", 4) == 0);
    qy_free(out);
}

static void test_out_of_memory(void)
{
    qy_alloc_fail_after(0);
    conversion c = convert(gb18030_text, sizeof gb18030_text, QY_ENC_AUTO);
    qy_alloc_fail_after(-1);
    CHECK_INT(c.rc, QY_ENOMEM);
    CHECK_STR(c.err.msg, "x.csv: not enough memory to convert from GB18030");

    qy_alloc_fail_after(0);   /* borrowing needs no memory */
    c = convert(utf8_text, sizeof utf8_text - 1, QY_ENC_AUTO);
    qy_alloc_fail_after(-1);
    CHECK_INT(c.rc, QY_OK);
    CHECK_INT(c.owned, 0);
}

/* Shift-JIS and Latin-1 bytes are often valid GB18030 too; auto must not
 * turn them into Chinese-looking garbage, while forcing GB18030 still can. */
static void auto_refuses_text_that_is_not_chinese(void)
{
    static const char sjis[] = "\x83\x65\x83\x58\x83\x67,\x93\xfa\x96\x7b\x8c\xea\n";  /* テスト,日本語 */
    static const char latin1[] = "caf\xe9,na\xefve,\xe9l\xe8ve\n";
    const char *out;
    size_t out_len;
    int owned = 0;
    qy_error err = {0};
    CHECK_INT(qy_text_to_utf8("j.csv", sjis, sizeof sjis - 1, QY_ENC_AUTO, &out, &out_len,
                              &owned, NULL, &err), QY_EENCODING);
    CHECK_STR(err.msg, "j.csv:1: not valid UTF-8 (byte 0), and as GB18030 it reads as unusual "
                       "characters; if it is GB18030, read it with encoding \"gb18030\"");
    CHECK_INT(qy_text_to_utf8("l.csv", latin1, sizeof latin1 - 1, QY_ENC_AUTO, &out, &out_len,
                              &owned, NULL, &err), QY_EENCODING);
    CHECK_INT(qy_text_to_utf8("j.csv", sjis, sizeof sjis - 1, QY_ENC_GB18030, &out, &out_len,
                              &owned, NULL, &err), QY_OK);
    if (owned) qy_free((char *)out);
}

/* "县区\t金额\r\n" in UTF-16 as Excel saves "Unicode text": a BOM, then LE units. */
static const char utf16le_text[] = "\xff\xfe\xbf\x53\x3a\x53\x09\x00\xd1\x91\x9d\x98\x0d\x00\x0a\x00";
static const char utf16_as_utf8[] = "县区\t金额\r\n";

static void utf16_by_its_byte_order_mark(void)
{
    conversion c = convert(utf16le_text, sizeof utf16le_text - 1, QY_ENC_AUTO);
    CHECK_INT(c.rc, QY_OK);
    CHECK_INT(c.used, QY_ENC_UTF16LE);
    CHECK_INT(c.owned, 1);
    CHECK_STR(c.out, utf16_as_utf8);
    CHECK_INT(c.out_len, sizeof utf16_as_utf8 - 1);
    release(&c);

    char be[sizeof utf16le_text];   /* the same text big-endian */
    for (size_t i = 0; i + 1 < sizeof utf16le_text; i += 2) {
        be[i] = utf16le_text[i + 1];
        be[i + 1] = utf16le_text[i];
    }
    qy_encoding asked[] = {QY_ENC_AUTO, QY_ENC_UTF16, QY_ENC_UTF16BE};
    for (int i = 0; i < 3; i++) {
        c = convert(be, sizeof be - 1, asked[i]);
        CHECK_INT(c.rc, QY_OK);
        CHECK_INT(c.used, QY_ENC_UTF16BE);
        CHECK_STR(c.out, utf16_as_utf8);
        release(&c);
    }
    c = convert(utf16le_text + 2, sizeof utf16le_text - 3, QY_ENC_UTF16LE);   /* no BOM: as told */
    CHECK_INT(c.rc, QY_OK);
    CHECK_STR(c.out, utf16_as_utf8);
    release(&c);
}

static void utf16_errors(void)
{
    conversion c = convert(utf16le_text + 2, sizeof utf16le_text - 3, QY_ENC_UTF16);
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK_STR(c.err.msg, "x.csv: no UTF-16 byte order mark at the start; read it with encoding "
                         "\"utf-16le\" or \"utf-16be\"");
    c = convert(utf16le_text, sizeof utf16le_text - 1, QY_ENC_UTF16BE);
    CHECK_STR(c.err.msg, "x.csv: the byte order mark says utf-16le, not utf-16be");
    c = convert(utf16le_text, sizeof utf16le_text - 1, QY_ENC_UTF8);
    CHECK_STR(c.err.msg, "x.csv: this is UTF-16, not UTF-8 (it starts with a UTF-16 byte order "
                         "mark); read it with encoding \"auto\", or save it as UTF-8 CSV");
    c = convert(utf16le_text, sizeof utf16le_text - 1, QY_ENC_GB18030);
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK(strstr(c.err.msg, "this is UTF-16, not GB18030") != NULL);

    /* a lone surrogate on line 2; a last unit cut short on line 3 (CRLF and a lone CR) */
    c = convert("\xff\xfe" "a\0\r\0\n\0" "\x00\xd8" "b\0", 12, QY_ENC_AUTO);
    CHECK_INT(c.rc, QY_EENCODING);
    CHECK_STR(c.err.msg, "x.csv:2: invalid UTF-16LE at byte 8");
    c = convert("\xfe\xff\0a\0\r\0\n\0\r\0", 11, QY_ENC_AUTO);
    CHECK_STR(c.err.msg, "x.csv:3: invalid UTF-16BE at byte 10");
}

int main(void)
{
    RUN(test_encoding_parse);
    RUN(test_utf8_is_borrowed);
    RUN(test_utf8_bom_is_dropped);
    RUN(test_gb18030_auto_detected);
    RUN(test_gb18030_forced);
    RUN(test_utf8_forced_rejects_gb18030);
    RUN(test_neither_encoding);
    RUN(test_gb18030_forced_errors);
    RUN(test_gb18030_to_utf8);
    RUN(test_out_of_memory);
    RUN(auto_refuses_text_that_is_not_chinese);
    RUN(utf16_by_its_byte_order_mark);
    RUN(utf16_errors);
    return check_summary("test_encoding");
}
