/* fuzz_excel_report.c — libFuzzer harness for a worksheet read's report as
 * text (excel_report.h), the metadata of an Excel cache entry.
 *
 * The input goes to qy_excel_report_parse. What it accepts must format to
 * text that parses back to a report formatting to that same text; what it
 * refuses must leave the report as it was. A difference traps.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "excel_report.h"

static void fail(const char *what)
{
    fprintf(stderr, "excel report: %s\n", what);
    __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static qy_excel_report r, again, untouched;
    memset(&r, 0x5a, sizeof r);
    memcpy(&untouched, &r, sizeof r);
    if (qy_excel_report_parse((const char *)data, size, &r) != QY_OK) {
        if (memcmp(&r, &untouched, sizeof r) != 0) fail("a refused text changed the report");
        return 0;
    }
    qy_strbuf text = QY_STRBUF_INIT, back = QY_STRBUF_INIT;
    if (qy_excel_report_format(&r, &text) != QY_OK) fail("format");
    if (qy_excel_report_parse(text.data, text.len, &again) != QY_OK) fail("format's text refused");
    if (qy_excel_report_format(&again, &back) != QY_OK) fail("format");
    if (back.len != text.len || memcmp(back.data, text.data, text.len) != 0)
        fail("parse(format(r)) formats differently");
    qy_strbuf_free(&text);
    qy_strbuf_free(&back);
    return 0;
}
