/* test_error.c — messages: escaping what could steer a terminal, cutting between characters. */
#include <string.h>

#include "check.h"
#include "error.h"

static const char *escaped(const char *s, size_t len, size_t cap)
{
    static char buf[256];
    qy_text_escape(buf, cap, s, len);
    return buf;
}

static void control_bytes_are_escaped(void)
{
    CHECK_STR(escaped("\x1b[31mred\x1b[0m", 12, 256), "\\x1b[31mred\\x1b[0m");
    CHECK_STR(escaped("a\tb\nc\rd", 7, 256), "a\\tb\\nc\\rd");
    CHECK_STR(escaped("\x01\x07\x7f", 3, 256), "\\x01\\x07\\x7f");
    CHECK_STR(escaped("\xc2\x9b" "2J", 4, 256), "\\xc2\\x9b2J");   /* C1 CSI, as UTF-8 */
    CHECK_STR(escaped("\xff\xe5\xba", 3, 256), "\\xff\\xe5\\xba");  /* not UTF-8 */
    CHECK_STR(escaped("a\0b", 3, 256), "a\\x00b");
    /* text, CJK and symbols past U+00A0 stay; backslashes too, so escaping twice is once */
    CHECK_STR(escaped("县区 ©\\x1b", 13, 256), "县区 ©\\x1b");
    const char *once = escaped("\x1b[1m", 4, 256);
    char again[64];
    qy_text_escape(again, sizeof again, once, strlen(once));
    CHECK_STR(again, "\\x1b[1m");
}

static void a_short_buffer_cuts_between_characters(void)
{
    CHECK_STR(escaped("ab\x1b", 3, 5), "ab");   /* "ab\x1b" would need 7 bytes */
    CHECK_STR(escaped("a县", 4, 4), "a");
    CHECK_STR(escaped("a县", 4, 5), "a县");
    CHECK_INT(qy_text_escape((char[1]){0}, 1, "abc", 3), 0);
}

static void error_messages_are_escaped(void)
{
    qy_error err = {0};
    CHECK_INT(qy_error_set(&err, QY_EPARSE, "x.csv:2: '%s' is not an int64", "\x1b]0;t\x07"), QY_EPARSE);
    CHECK_STR(err.msg, "x.csv:2: '\\x1b]0;t\\x07' is not an int64");
    CHECK_INT(err.code, QY_EPARSE);
    qy_error_set(&err, QY_EIO, "%s: %s", "f.csv", err.msg);   /* wrapping keeps it as it is */
    CHECK_STR(err.msg, "f.csv: x.csv:2: '\\x1b]0;t\\x07' is not an int64");

    char longer[600];   /* a message cut at the size never ends in half a character */
    memset(longer, 'a', 509);
    strcpy(longer + 509, "县区");
    qy_error_set(&err, QY_EINVAL, "%s", longer);
    CHECK_INT(strlen(err.msg), 509);
    CHECK_INT(qy_error_set(NULL, QY_EINVAL, "%s", "x"), QY_EINVAL);
}

int main(void)
{
    RUN(control_bytes_are_escaped);
    RUN(a_short_buffer_cuts_between_characters);
    RUN(error_messages_are_escaped);
    return check_summary("test_error");
}
