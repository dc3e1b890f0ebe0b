/* test_csv_parallel.c — the parallel CSV load gives the very table one thread does: borders at every byte, types joined across chunks, files and fallbacks. */
#include <stdlib.h>
#include <unistd.h>

#include "alloc.h"
#include "bitmap.h"
#include "check.h"
#include "column.h"
#include "csv_read.h"
#include "dict.h"
#include "file.h"
#include "table.h"

/* ---- helpers ---- */

/* Same names, types, nulls and element bytes, and dictionaries with the same
 * strings under the same codes: identical, not just equal in content. */
static bool identical_columns(const qy_column *a, const qy_column *b)
{
    if (a->type != b->type || a->scale != b->scale || a->length != b->length ||
        a->null_count != b->null_count)
        return false;
    for (int64_t i = 0; i < a->length; i++)
        if (qy_column_is_null(a, i) != qy_column_is_null(b, i)) return false;
    size_t width = qy_type_width(a->type);
    if (a->length && memcmp(a->v.any, b->v.any, (size_t)a->length * width) != 0) return false;
    if (a->type != QY_STRING) return true;
    if (qy_dict_size(a->dict) != qy_dict_size(b->dict)) return false;
    for (uint32_t k = 0; k < qy_dict_size(a->dict); k++) {
        size_t alen, blen;
        const char *as = qy_dict_get(a->dict, k, &alen), *bs = qy_dict_get(b->dict, k, &blen);
        if (alen != blen || memcmp(as, bs, alen) != 0) return false;
    }
    return true;
}

static bool identical(const qy_table *a, const qy_table *b)
{
    if (a->nrows != b->nrows || a->ncols != b->ncols) return false;
    for (int j = 0; j < a->ncols; j++)
        if (strcmp(a->names[j], b->names[j]) != 0 || !identical_columns(a->cols[j], b->cols[j]))
            return false;
    return true;
}

/* Reads text in one chunk on one thread: the reference. */
static int read_whole(const char *text, size_t len, const qy_csv_options *base, qy_table **t,
                      qy_csv_report *report, qy_error *err)
{
    qy_csv_options o = *base;
    o.chunk_size = len + 1;
    o.threads = 1;
    return qy_csv_read_buffer("x.csv", text, len, &o, t, report, err);
}

/* Every chunk size from 1 byte up, on 1, 2 and 3 threads, gives the
 * reference's table and report, or its error. Returns the count of
 * differing loads. */
static int differing_loads(const char *text, size_t len, const qy_csv_options *base, size_t step)
{
    qy_table *whole = NULL;
    qy_csv_report whole_rep = {0};
    qy_error whole_err = {0};
    int whole_rc = read_whole(text, len, base, &whole, &whole_rep, &whole_err);
    int bad = 0;
    for (int threads = 1; threads <= 3; threads++) {
        for (size_t cs = 1; cs <= len; cs += step) {
            qy_csv_options o = *base;
            o.chunk_size = cs;
            o.threads = threads;
            qy_table *t = NULL;
            qy_csv_report rep = {0};
            qy_error err = {0};
            int rc = qy_csv_read_buffer("x.csv", text, len, &o, &t, &rep, &err);
            bool same = rc == whole_rc &&
                        (rc == QY_OK ? identical(t, whole) && qy_csv_report_equal(&rep, &whole_rep)
                                     : strcmp(err.msg, whole_err.msg) == 0);
            if (!same && bad++ == 0)
                printf("  chunk size %zu, %d threads: %s\n", cs, threads, rc == QY_OK ? "(table differs)" : err.msg);
            qy_table_release(t);
        }
    }
    qy_table_release(whole);
    return bad;
}

/* A column of a table read in chunks of chunk_size bytes on 2 threads. */
static qy_table *read_chunked(const char *text, size_t chunk_size)
{
    qy_csv_options o;
    qy_csv_options_init(&o);
    o.chunk_size = chunk_size;
    o.threads = 2;
    qy_table *t = NULL;
    qy_error err = {0};
    if (qy_csv_read_buffer("x.csv", text, strlen(text), &o, &t, NULL, &err) != QY_OK)
        printf("  %s\n", err.msg);
    return t;
}

static char *text_of(const qy_column *c, int64_t i, char *buf)
{
    const char *text;
    size_t n = qy_column_format(c, i, buf, 64, &text);
    if (!text) return strcpy(buf, "(null)");
    if (text != buf) memcpy(buf, text, n + 1);
    return buf;
}

/* ---- chunk borders ---- */

static void borders_at_every_byte(void)
{
    static const char *inputs[] = {
        /* quoted line breaks (LF, CRLF, CR) that a guess at a border lands in */
        "id,note,v\n1,\"a\nb\",1\n2,\"\nid,note,v\n\",2\n3,\"x\r\ny\r\n\",3\n4,\"\"\"\n\"\"\",4\n",
        /* CRLF rows and multi-byte characters on every side of a border */
        "县区,项目,金额\r\n西峰区,\"数据\r\n中心\",1.5\r\n环县,光伏,2\r\n庆城县,\"储能，电站\",3.25\r\n",
        /* blank lines, a one-column table, rows only CR ends */
        "n\n\n1\n\n\"2\n\"\n\n3\n",
        "a,b\r1,2\r3,4\r",
        /* a quote that never closes, and a ragged row late in the file */
        "a,b\n1,2\n3,\"open\n4,5\n",
        /* text after a closing quote on a late line; quotes in unquoted fields */
        "a,b\n1,x\"y\n2,\"a\nb\"\n3,\"q\"z\n4,5\n",
        "a,b\n1,2\n3,4\n5,6,7\n8,9\n",
        /* a value a forced type cannot read, on a late line */
        "a,b\n1,2\n3,4\n5,x\n7,8\n",
    };
    qy_csv_options o;
    qy_csv_options_init(&o);
    static const qy_csv_type types[] = {{"b", QY_INT64, 0}};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        o.types = i == 7 ? types : NULL;
        o.ntypes = i == 7;
        CHECK_INT(differing_loads(inputs[i], strlen(inputs[i]), &o, 1), 0);
    }
}

/* Title lines skipped and the delimiter sniffed once, from the text's
 * start, before any chunk: the same table at every border. */
static void skipped_lines_and_sniffing_at_every_border(void)
{
    static const char *inputs[] = {
        /* titles with commas, a stray quote and a lone CR; ';' with decimal commas and a
           quoted line break holding other delimiters */
        "Report, 2023\r\n\"draft\rid;note;v\r\n1;\"a,b\nc|d\";1,5\r\n2;x;2\r\n3;\"\";\r\n",
        /* tabs, CRLF and CJK; past the 20 rows sniffed, a row padded and one cut */
        "标题\n县区\t项目\t金额\r\n西峰区\t\"数据\r\n中心\"\t1.5\r\n"
        "a\tb\t1\r\na\tb\t2\r\na\tb\t3\r\na\tb\t4\r\na\tb\t5\r\na\tb\t6\r\na\tb\t7\r\n"
        "a\tb\t1\r\na\tb\t2\r\na\tb\t3\r\na\tb\t4\r\na\tb\t5\r\na\tb\t6\r\na\tb\t7\r\n"
        "a\tb\t1\r\na\tb\t2\r\na\tb\t3\r\na\tb\t4\r\na\tb\t5\r\n"
        "环县\t光伏\r\n庆城县\ta\tb\tc\r\n",
        /* one column under a title: ',' and blank lines as nulls */
        "t\nv\n1\n\n\"2\n\"\n3\n",
        /* a header cell holding a NUL and a rows' error, below titles */
        "a\nb\nx|y\n1|2|3\n",
    };
    qy_csv_options o;
    qy_csv_options_init(&o);
    o.on_ragged = QY_RAGGED_PAD;
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        o.skip_lines = i == 3 ? 2 : i == 0 ? 2 : 1;
        size_t len = strlen(inputs[i]);
        CHECK_INT(differing_loads(inputs[i], len, &o, 1), 0);
        o.on_ragged = QY_RAGGED_ERROR;
        CHECK_INT(differing_loads(inputs[i], len, &o, 1), 0);
        o.on_ragged = QY_RAGGED_PAD;
    }
    qy_table *t = NULL;
    qy_csv_report rep = {0};
    o.skip_lines = 2;
    CHECK_INT(read_whole(inputs[0], strlen(inputs[0]), &o, &t, &rep, NULL), QY_OK);
    CHECK_INT(rep.delim, ';');
    CHECK(t && t->ncols == 3 && t->nrows == 3);
    qy_table_release(t);
    o.skip_lines = 1;
    CHECK_INT(read_whole(inputs[1], strlen(inputs[1]), &o, &t, &rep, NULL), QY_OK);
    CHECK_INT(rep.delim, '\t');
    CHECK_INT(rep.rows_padded, 1);
    CHECK_INT(rep.rows_cut, 1);
    CHECK_INT(rep.first_cut_line, 25);
    qy_table_release(t);
}

/* Many rows of every shape, read in chunks of several sizes. */
/* An override naming no column is the header's error, reported before a
 * broken row below whatever the chunk size (fuzz_csv found it: one chunk
 * reported the row, smaller chunks the header). */
static void header_errors_come_first(void)
{
    static const char *inputs[] = {
        "a,b\n1,\"open\n",          /* an unterminated quote on line 2 */
        "a,b\n1,2\n3,4,5\n",        /* a ragged row */
    };
    static const qy_csv_type types[] = {{"c", QY_INT64, 0}};
    qy_csv_options o;
    qy_csv_options_init(&o);
    o.types = types;
    o.ntypes = 1;
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        qy_table *t = NULL;
        qy_error err = {0};
        CHECK_INT(read_whole(inputs[i], strlen(inputs[i]), &o, &t, NULL, &err), QY_EINVAL);
        CHECK_STR(err.msg, "x.csv: cannot set the type of 'c': no such column");
        CHECK_INT(differing_loads(inputs[i], strlen(inputs[i]), &o, 1), 0);
    }
}

static void a_varied_file(void)
{
    size_t cap = 1 << 20, len = 0;
    char *text = qy_malloc(cap);
    len += (size_t)snprintf(text, cap, "id,县区,备注,金额,日期\r\n");
    unsigned seed = 7;
    static const char *const counties[] = {"西峰区", "环县", "庆城县", "华池县"};
    static const char *const notes[] = {"", "\"多行\n备注\"", "\"a,b\"", "\"\"\"引号\"\"\"", "plain",
                                        "\"\r\n\""};
    for (int i = 1; i <= 3000; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = seed >> 8;
        len += (size_t)snprintf(text + len, cap - len, "%d,%s,%s,%u.%02u,2023-%02u-%02u%s", i,
                                counties[r % 4], notes[(r >> 3) % 6], r % 1000, (r >> 5) % 100,
                                1 + (r >> 9) % 12, 1 + (r >> 13) % 28, (r >> 17) % 3 ? "\r\n" : "\n");
    }
    qy_csv_options o;
    qy_csv_options_init(&o);
    CHECK_INT(differing_loads(text, len, &o, 997), 0);
    CHECK_INT(differing_loads(text, len, &o, 4093), 0);
    qy_free(text);
}

/* ---- types joined across chunks ---- */

static void types_join_across_chunks(void)
{
    char buf[64];
    /* ints, then decimals: decimal(2), the early ints rescaled */
    qy_table *t = read_chunked("v\n1\n2\n3\n4\n5\n6\n7\n8\n9.25\n10.5\n", 4);
    CHECK(t && t->cols[0]->type == QY_DECIMAL && t->cols[0]->scale == 2);
    if (t) CHECK_STR(text_of(t->cols[0], 0, buf), "1.00");
    if (t) CHECK_STR(text_of(t->cols[0], 8, buf), "9.25");
    qy_table_release(t);
    /* decimals, then a float: float64, the same doubles strtod gives */
    t = read_chunked("v\n0.1\n0.2\n0.3\n0.4\n0.5\n1e300\n", 4);
    CHECK(t && t->cols[0]->type == QY_FLOAT64);
    if (t) CHECK_DBL(t->cols[0]->v.f64[0], 0.1);
    if (t) CHECK_DBL(t->cols[0]->v.f64[2], 0.3);
    qy_table_release(t);
    /* a negative zero in an int chunk keeps its sign once the column is float */
    t = read_chunked("v\n-0\n1\n2\n3\n4\n5\n6\n0.5e0\n", 4);
    CHECK(t && t->cols[0]->type == QY_FLOAT64);
    if (t) CHECK(signbit(t->cols[0]->v.f64[0]));
    qy_table_release(t);
    /* numbers, then a word: strings, as typed from the whole text */
    t = read_chunked("v\n1\n2\n3\n4\n5\n6\n7\nseven\n", 4);
    CHECK(t && t->cols[0]->type == QY_STRING);
    if (t) CHECK_STR(text_of(t->cols[0], 0, buf), "1");
    if (t) CHECK_STR(text_of(t->cols[0], 7, buf), "seven");
    qy_table_release(t);
    /* nulls only, then dates: a date column with the nulls kept */
    t = read_chunked("d,x\n,1\n,2\n,3\n,4\n2023-07-20,5\n", 4);
    CHECK(t && t->cols[0]->type == QY_DATE && t->cols[0]->null_count == 4);
    if (t) CHECK_STR(text_of(t->cols[0], 4, buf), "2023-07-20");
    if (t) CHECK_STR(text_of(t->cols[0], 0, buf), "(null)");
    qy_table_release(t);
    /* a decimal that no longer fits once the scale grows: float64 */
    t = read_chunked("v\n90000000000000000\n1\n2\n3\n4\n0.001\n", 8);
    CHECK(t && t->cols[0]->type == QY_FLOAT64);
    qy_table_release(t);
    static const char *cases[] = {
        "v\n1\n2\n3\n4\n5\n6\n7\n8\n9.25\n10.5\n",    "v\n0.1\n0.2\n0.3\n0.4\n0.5\n1e300\n",
        "v\n-0\n1\n2\n3\n4\n5\n6\n0.5e0\n",             "v\n1\n2\n3\n4\n5\n6\n7\nseven\n",
        "d,x\n,1\n,2\n,3\n,4\n2023-07-20,5\n",          "v\n90000000000000000\n1\n2\n3\n4\n0.001\n",
        "b\ntrue\nfalse\n\nTRUE\n1\n",                  "v\n9007199254740993\n1\n2\n3\n0.5\n",
    };
    qy_csv_options o;
    qy_csv_options_init(&o);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK_INT(differing_loads(cases[i], strlen(cases[i]), &o, 1), 0);
}

/* The typing rules (a leading zero is text, an integer beyond int64 is
 * text, zeros past the largest scale keep a decimal) hold whichever chunk
 * the telling value falls in: first, middle or last, at every chunk size. */
static void typing_rules_in_any_chunk(void)
{
    static const struct {
        const char *value;    /* the odd one among plain numbers */
        const char *others;   /* the value of every other row */
        const char *type;     /* what the column must be */
    } rules[] = {
        {"010", "12", "string"},
        {"00.5", "1.5", "string"},
        {"-007", "7", "string"},
        {"4200000000000000000000000001", "42", "string"},
        {"4200000000000000000000000001", "4.5", "string"},
        {"9223372036854775807", "1.5", "string"},
        {"9007199254740993", "1e5", "string"},
        {"0.12345678901234567", "0.5", "string"},
        {"1e-400", "1e5", "string"},
        {"0.0100000", "0.01", "decimal(6)"},
        {"1.50000000000000000000000000", "2", "decimal(6)"},
        {"0.0100001", "0.01", "float64"},
        {"90000000000000000", "0.001", "float64"},
    };
    char text[512];
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        for (int at = 0; at < 3; at++) {   /* first, middle, last */
            int odd_row = at == 0 ? 0 : at == 1 ? 4 : 8;
            size_t len = (size_t)snprintf(text, sizeof text, "v,w\n");
            for (int row = 0; row < 9; row++)
                len += (size_t)snprintf(text + len, sizeof text - len, "%s,%d\n",
                                        row == odd_row ? rules[i].value : rules[i].others, row);
            qy_csv_options o;
            qy_csv_options_init(&o);
            qy_table *t = NULL;
            CHECK_INT(read_whole(text, len, &o, &t, NULL, NULL), QY_OK);
            char type[16];
            if (t) CHECK_STR(qy_type_name(t->cols[0]->type, t->cols[0]->scale, type), rules[i].type);
            char buf[64];
            if (t && strcmp(rules[i].type, "string") == 0)
                CHECK_STR(text_of(t->cols[0], odd_row, buf), rules[i].value);
            qy_table_release(t);
            int bad = differing_loads(text, len, &o, 1);
            if (bad) printf("  %s among %s, row %d\n", rules[i].value, rules[i].others, odd_row + 1);
            CHECK_INT(bad, 0);
        }
    }
}

/* Later chunks read a column straight as the type the earlier ones gave it;
 * a value that does not fit sends the chunk back to plain reading. */
static void hints_from_earlier_chunks(void)
{
    static const char *cases[] = {
        "v,d,b,s\n1,2023-01-01,true,a\n2,2023-01-02,false,b\n3,2023/1/3,true,7\n"
        "4.5,x,maybe,\n5,2023-01-05,,NA\n-0,2023-01-06,TRUE,c\n",
        "v\n1.5\n2.5\n3.25\n4.125\n99999999999999.5\n-0.00\n",
        "a,b\nx,1\nNA,2\ny,NA\nNA,3.5\n",
        "a,b\n1,2\n3,4,5\n6.5,7\nx,y\n",
        "v\n1.25\n2.5\n3.75\n92233720368547758.5\n",   /* too wide at scale 2 */
        /* text that is mostly distinct (ids, names), whose later chunks repeat
         * earlier strings, hold nulls, empty strings, quotes, commas and line
         * breaks, beside a column that turns distinct late */
        "id,name,k\nQY1,甲,x\nQY2,\"b,1\",x\nQY3,c,x\nQY4,,x\nQY1,\"\",y\nQY2,NA,z\n"
        "QY5,\"say \"\"hi\"\"\",w\nQY3,\"two\nlines\",v\nQY6,甲,u\nQY1,c,t\n",
    };
    static const char *nulls[] = {"NA"};
    qy_csv_options o;
    qy_csv_options_init(&o);
    o.nulls = nulls;
    o.nnulls = 1;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        o.on_ragged = QY_RAGGED_PAD;
        CHECK_INT(differing_loads(cases[i], strlen(cases[i]), &o, 1), 0);
        o.on_ragged = QY_RAGGED_SKIP;
        CHECK_INT(differing_loads(cases[i], strlen(cases[i]), &o, 1), 0);
    }
    char buf[64];
    qy_table *t = read_chunked("v,d\n1,2023-01-01\n2,2023-01-02\n3,2023-01-03\n4.5,x\n", 12);
    CHECK(t && t->cols[0]->type == QY_DECIMAL && t->cols[1]->type == QY_STRING);
    if (t) CHECK_STR(text_of(t->cols[0], 0, buf), "1.0");
    if (t) CHECK_STR(text_of(t->cols[1], 2, buf), "2023-01-03");
    qy_table_release(t);
}

/* ---- files ---- */

static char *write_temp(const char *dir, const char *name, const char *text, size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    CHECK_INT(qy_file_write_atomic(path, text, len, NULL), QY_OK);
    return path;
}

/* A file is read in pieces from disk: the same table as from memory, for
 * UTF-8 with a BOM, for GB18030 (it falls back to converting the whole
 * file), and the same message for bytes that are neither. */
static void files_read_in_pieces(void)
{
    char dir[] = "/tmp/qy-parallel-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    static const char *texts[] = {
        "\xEF\xBB\xBFid,县区,备注\n1,西峰区,\"多\n行\"\n2,环县,x\n3,庆城县,\"y\r\n\"\n",
        "id,county\n1,\xCE\xF7\xB7\xE5\xC7\xF8\n2,\xBB\xB7\xCF\xD8\n",   /* GB18030 */
        "id,v\n1,ok\n2,\xFF\xFE\n",
        "\xFF\xFE" "a\0\t\0b\0\r\0\n\0" "1\0\t\0\x2C\x67\r\0\n\0",   /* UTF-16LE */
        "T\xE9tulo\nid;v\n1;2\n",     /* a Latin-1 title: not UTF-8, though skipped */
        "t\xC3\n\xA9\nid|v\n1|2\n",   /* a character cut by a line end */
        "\xEF\xBB\xBF标题\r\nid;v\r\n1;x\r\n",
    };
    static const size_t lengths[] = {0, 0, 0, 20, 0, 0, 0};   /* 0: strlen */
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t len = lengths[i] ? lengths[i] : strlen(texts[i]);
        char *path = write_temp(dir, "f.csv", texts[i], len);
        qy_csv_options o;
        qy_csv_options_init(&o);
        o.skip_lines = i >= 4 ? 1 + (i == 5) : 0;
        qy_table *mem = NULL;
        qy_error mem_err = {0};
        int mem_rc = qy_csv_read_buffer(path, texts[i], len, &o, &mem, NULL, &mem_err);
        for (size_t cs = 1; cs <= len; cs++) {
            o.chunk_size = cs;
            o.threads = 2;
            qy_table *t = NULL;
            qy_error err = {0};
            int rc = qy_csv_read_file(path, &o, &t, NULL, &err);
            CHECK_INT(rc, mem_rc);
            if (rc == QY_OK && mem_rc == QY_OK) CHECK(identical(t, mem));
            if (rc != QY_OK) CHECK_STR(err.msg, mem_err.msg);
            qy_table_release(t);
        }
        qy_table_release(mem);
        unlink(path);
    }
    rmdir(dir);
}

/* Progress reaches the whole input, never going back. */
typedef struct progress_seen {
    int64_t last, total;
    int calls, backwards;
} progress_seen;

static void note_progress(void *ctx, int64_t done, int64_t total)
{
    progress_seen *p = ctx;
    if (done < p->last) p->backwards++;
    p->last = done;
    p->total = total;
    p->calls++;
}

static void progress_reaches_the_end(void)
{
    const char *text = "a,b\n1,2\n3,4\n5,6\n7,8\n";
    qy_csv_options o;
    qy_csv_options_init(&o);
    progress_seen seen = {0};
    o.progress = note_progress;
    o.progress_ctx = &seen;
    o.chunk_size = 4;
    o.threads = 2;
    qy_table *t = NULL;
    CHECK_INT(qy_csv_read_buffer("x.csv", text, strlen(text), &o, &t, NULL, NULL), QY_OK);
    CHECK_INT(seen.last, (int64_t)strlen(text));
    CHECK_INT(seen.total, (int64_t)strlen(text));
    CHECK_INT(seen.backwards, 0);
    CHECK(seen.calls >= 4);
    qy_table_release(t);
}

int main(void)
{
    RUN(borders_at_every_byte);
    RUN(header_errors_come_first);
    RUN(skipped_lines_and_sniffing_at_every_border);
    RUN(a_varied_file);
    RUN(types_join_across_chunks);
    RUN(hints_from_earlier_chunks);
    RUN(typing_rules_in_any_chunk);
    RUN(files_read_in_pieces);
    RUN(progress_reaches_the_end);
    return check_summary("test_csv_parallel");
}
