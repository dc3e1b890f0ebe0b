/* fuzz_csv.c — libFuzzer harness for the CSV reader (csv_read.h).
 *
 * The first three bytes choose the options, the rest is the file:
 *   byte 0: bits 0-1 delimiter (, ; \t |), bits 2-3 encoding (auto, utf-8,
 *           gb18030, utf-16), bit 4 header, bits 5-6 ragged policy (error,
 *           skip, pad, pad), bit 7 two threads instead of one
 *   byte 1: bits 0-2 the first column's type (none, int64, decimal(2),
 *           date, string, bool, float64, decimal(0)), bit 3 a nulls list,
 *           bits 4-7 the chunk size (0: the default, else 1..64 bytes)
 *   byte 2: bit 0 sniff the delimiter (byte 0's is then unused), bits 1-2
 *           title lines to skip (0..3), bit 3 rename the first column to
 *           "a", bit 4 and "a" to the first column's name
 * Beyond not crashing or leaking, the load must give the table, the report
 * and the error message of one chunk on one thread: the reader's promise
 * that chunk borders never show. A difference traps.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "column.h"
#include "csv_read.h"
#include "table.h"

static const char delims[4] = {',', ';', '\t', '|'};
static const qy_encoding encodings[4] = {QY_ENC_AUTO, QY_ENC_UTF8, QY_ENC_GB18030, QY_ENC_UTF16};
static const qy_ragged raggeds[4] = {QY_RAGGED_ERROR, QY_RAGGED_SKIP, QY_RAGGED_PAD, QY_RAGGED_PAD};
static const size_t chunk_sizes[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 13, 16, 23, 32, 47, 64};
static const char *const null_texts[] = {"NA", "-", "null"};

typedef struct type_choice {
    bool set;
    qy_type type;
    int scale;
} type_choice;

static const type_choice type_choices[8] = {
    {false, QY_INT64, 0}, {true, QY_INT64, 0},   {true, QY_DECIMAL, 2}, {true, QY_DATE, 0},
    {true, QY_STRING, 0}, {true, QY_BOOL, 0},    {true, QY_FLOAT64, 0}, {true, QY_DECIMAL, 0},
};

/* The first column's name as a header would give it, read naively: the
 * bytes before the first delimiter or line end, past a UTF-8 BOM. A wrong
 * guess is fine: the override then fails the same way on every load. */
static void first_name(const char *text, size_t len, char delim, bool header, char *name,
                       size_t cap)
{
    if (!header) {
        strcpy(name, "col1");
        return;
    }
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) text += 3, len -= 3;
    size_t n = 0;
    while (n < len && n + 1 < cap && text[n] != delim && text[n] != '\n' && text[n] != '\r') n++;
    memcpy(name, text, n);
    name[n] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3) return 0;
    uint8_t b0 = data[0], b1 = data[1], b2 = data[2];
    const char *text = (const char *)data + 3;
    size_t len = size - 3;

    qy_csv_options o;
    qy_csv_options_init(&o);
    o.delim = delims[b0 & 3];
    o.encoding = encodings[(b0 >> 2) & 3];
    o.header = (b0 >> 4) & 1;
    o.on_ragged = raggeds[(b0 >> 5) & 3];
    o.threads = (b0 >> 7) ? 2 : 1;
    if (b2 & 1) o.delim = 0;
    o.skip_lines = (b2 >> 1) & 3;
    char name[64];
    first_name(text, len, o.delim ? o.delim : ',', o.header, name, sizeof name);
    const type_choice *tc = &type_choices[b1 & 7];
    qy_csv_type override = {name, tc->type, tc->scale};
    if (tc->set) {
        o.types = &override;
        o.ntypes = 1;
    }
    if ((b1 >> 3) & 1) {
        o.nulls = null_texts;
        o.nnulls = 3;
    }
    o.chunk_size = chunk_sizes[b1 >> 4];
    qy_csv_rename renames[2] = {{name, "a"}, {"a", name}};
    if ((b2 >> 3) & 1) {
        o.renames = renames;
        o.nrenames = (b2 >> 4) & 1 ? 2 : 1;
    }

    qy_table *t = NULL, *whole = NULL;
    qy_csv_report rep = {0}, whole_rep = {0};
    qy_error err = {0}, whole_err = {0};
    int rc = qy_csv_read_buffer("fuzz.csv", text, len, &o, &t, &rep, &err);

    qy_csv_options one = o;
    one.chunk_size = len + 1;
    one.threads = 1;
    int whole_rc = qy_csv_read_buffer("fuzz.csv", text, len, &one, &whole, &whole_rep, &whole_err);

    bool same = rc == whole_rc
             && (rc == QY_OK ? qy_table_equal(t, whole) && qy_csv_report_equal(&rep, &whole_rep)
                             : strcmp(err.msg, whole_err.msg) == 0);
    if (!same) {
        fprintf(stderr, "chunk size %zu, %d threads: rc %d \"%s\"; one chunk: rc %d \"%s\"\n",
                o.chunk_size, o.threads, rc, err.msg, whole_rc, whole_err.msg);
        __builtin_trap();
    }
    qy_table_release(t);
    qy_table_release(whole);
    return 0;
}
