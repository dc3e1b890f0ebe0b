/* fuzz_parse.c — libFuzzer harness for the value parsers (number.h, date.h,
 * column.h's type names).
 *
 * The whole input goes to every parser. Whatever one accepts must format
 * back to text that parses to the very same value (and scale); a decimal
 * must survive a rescale up and back down; a date's civil fields must
 * name the same day. A difference traps.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "column.h"
#include "date.h"
#include "error.h"
#include "number.h"

static void fail(const char *what, const uint8_t *data, size_t size)
{
    fprintf(stderr, "%s: \"%.*s\"\n", what, (int)size, (const char *)data);
    __builtin_trap();
}

static void int64_round_trip(const char *s, size_t len)
{
    int64_t v, back;
    char buf[32];
    if (qy_int64_parse(s, len, &v) != QY_OK) return;
    size_t n = qy_decimal_format(v, 0, buf);
    if (qy_int64_parse(buf, n, &back) != QY_OK || back != v) fail("int64", (const uint8_t *)s, len);
}

static void decimal_round_trip(const char *s, size_t len)
{
    int64_t v, back, up, down;
    int scale, back_scale;
    char buf[32];
    if (qy_decimal_parse(s, len, &v, &scale) != QY_OK) return;
    size_t n = qy_decimal_format(v, scale, buf);
    if (qy_decimal_parse(buf, n, &back, &back_scale) != QY_OK || back != v || back_scale != scale)
        fail("decimal", (const uint8_t *)s, len);
    if (scale < QY_NUMBER_MAX_SCALE && qy_decimal_rescale(v, scale, scale + 1, &up) == QY_OK
        && (qy_decimal_rescale(up, scale + 1, scale, &down) != QY_OK || down != v))
        fail("decimal rescale", (const uint8_t *)s, len);
    double d = qy_decimal_to_double(v, scale);
    if (!isfinite(d)) fail("decimal to double", (const uint8_t *)s, len);
}

static void float_round_trip(const char *s, size_t len)
{
    double x, back;
    char buf[32], shown[32];
    if (qy_float_parse(s, len, &x) != QY_OK) return;
    size_t n = qy_float_format(x, buf);
    if (qy_float_parse(buf, n, &back) != QY_OK || memcmp(&back, &x, sizeof x) != 0)
        fail("float", (const uint8_t *)s, len);
    for (int sig = 1; sig <= 17; sig++)
        if (qy_float_format_display(x, sig, shown) >= sizeof shown) fail("float display", (const uint8_t *)s, len);
}

static void date_round_trip(const char *s, size_t len, int (*parse)(const char *, size_t, int32_t *),
                            const char *what)
{
    int32_t days, back;
    char buf[16];
    if (parse(s, len, &days) != QY_OK) return;
    size_t n = qy_date_format(days, buf);
    if (qy_date_parse(buf, n, &back) != QY_OK || back != days) fail(what, (const uint8_t *)s, len);
    int y, m, d;
    qy_civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999 || qy_days_from_civil(y, m, d) != days) fail(what, (const uint8_t *)s, len);
}

static void type_name_round_trip(const char *s, size_t len)
{
    char name[64], buf[16];
    qy_type type, back;
    int scale, back_scale;
    if (len >= sizeof name) return;
    memcpy(name, s, len);
    name[len] = '\0';
    if (qy_type_parse(name, &type, &scale) != QY_OK) return;
    qy_type_name(type, scale, buf);
    if (qy_type_parse(buf, &back, &back_scale) != QY_OK || back != type || back_scale != scale)
        fail("type name", (const uint8_t *)s, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    int64_round_trip(s, size);
    decimal_round_trip(s, size);
    float_round_trip(s, size);
    date_round_trip(s, size, qy_date_parse, "date");
    date_round_trip(s, size, qy_date_parse_compact, "compact date");
    type_name_round_trip(s, size);
    return 0;
}
