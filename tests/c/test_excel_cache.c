/* test_excel_cache.c — what a worksheet's cache entry keeps: the read
 * report as text and back (excel_report.h), every field, on reports a real
 * read of a grid gives and on full ones; text that is not exactly what
 * format writes refused; the options that key an entry (excel_cache.h),
 * and a read that fails leaving none. (A workbook read twice through the
 * cache: tests/lua/excel_cache_spec.lua; the policy: test_cache.c.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "check.h"
#include "excel_cache.h"
#include "excel_report.h"
#include "file.h"
#include "strbuf.h"
#include "workbook_impl.h"

static char dir[] = "/tmp/qy_excel_cache_XXXXXX";
static char book[64], cache_dir[64];

/* ---- reports ------------------------------------------------------------ */

static bool report_equal(const qy_excel_report *a, const qy_excel_report *b)
{
    if (a->format != b->format || strcmp(a->sheet, b->sheet) || strcmp(a->range, b->range)
        || strcmp(a->title, b->title) || a->skipped != b->skipped
        || a->header_rows != b->header_rows || a->footer_rows != b->footer_rows
        || a->nfooters != b->nfooters || a->merged != b->merged || a->hidden != b->hidden
        || a->errors != b->errors || a->nerror_cells != b->nerror_cells
        || a->no_value != b->no_value || !qy_csv_report_equal(&a->csv, &b->csv))
        return false;
    for (int i = 0; i < a->nfooters; i++)
        if (strcmp(a->footers[i], b->footers[i])) return false;
    for (int i = 0; i < a->nerror_cells; i++)
        if (strcmp(a->error_cells[i].ref, b->error_cells[i].ref)
            || strcmp(a->error_cells[i].value, b->error_cells[i].value))
            return false;
    return true;
}

/* format, then parse into a report filled with garbage first. */
static bool round_trips(const qy_excel_report *r)
{
    qy_strbuf text = QY_STRBUF_INIT;
    if (qy_excel_report_format(r, &text) != QY_OK) abort();
    qy_excel_report *back = qy_malloc(sizeof *back);
    memset(back, 0x5a, sizeof *back);
    bool same = qy_excel_report_parse(text.data, text.len, back) == QY_OK
        && report_equal(r, back);
    qy_free(back);
    qy_strbuf_free(&text);
    return same;
}

/* Cells in row order, then column order. */
static qy_cell *add_cell(qy_grid *g, const char *ref, qy_cell_kind kind)
{
    g->cells = qy_realloc(g->cells, (size_t)(g->ncells + 1) * sizeof *g->cells);
    qy_cell *c = &g->cells[g->ncells++];
    memset(c, 0, sizeof *c);
    uint32_t row, col;
    if (qy_cell_ref_parse(ref, strlen(ref), &row, &col) != QY_OK) abort();
    c->row = row;
    c->col = (uint16_t)col;
    c->kind = kind;
    return c;
}

static void text(qy_grid *g, const char *ref, const char *s)
{
    qy_cell *c = add_cell(g, ref, QY_CELL_TEXT);
    if (qy_grid_add_string(g, s, strlen(s), &c->v.text) != QY_OK) abort();
}

static void number(qy_grid *g, const char *ref, double v)
{
    add_cell(g, ref, QY_CELL_NUMBER)->v.number = v;
}

static void error_cell(qy_grid *g, const char *ref, const char *what)
{
    qy_cell *c = add_cell(g, ref, QY_CELL_ERROR);
    if (qy_grid_add_string(g, what, strlen(what), &c->v.text) != QY_OK) abort();
}

static void merge(qy_grid *g, uint32_t r0, uint16_t c0, uint32_t r1, uint16_t c1)
{
    g->merges = qy_realloc(g->merges, (size_t)(g->nmerges + 1) * sizeof *g->merges);
    g->merges[g->nmerges++] = (qy_cell_range){r0, r1, c0, c1};
}

/* A title, a header, a county merged over two rows, a hidden row, two
 * error cells, a formula without a value, a value under no header name and
 * two footer rows: every count of the report but the CSV's ragged rows is
 * non-zero (a sheet has none; the full report below has them). */
static void ledger(qy_grid *g)
{
    memset(g, 0, sizeof *g);
    g->formats = qy_calloc(1, sizeof *g->formats);
    g->nformats = 1;
    text(g, "A1", "台账\t2024");
    text(g, "A2", "县区");
    text(g, "B2", "金额");
    text(g, "C2", "备注");
    text(g, "A3", "环县");
    number(g, "B3", 12.5);
    error_cell(g, "C3", "#DIV/0!");
    number(g, "B4", 3);
    text(g, "C4", "x");
    number(g, "D4", 99);
    text(g, "A5", "宁县");
    add_cell(g, "B5", QY_CELL_NO_VALUE);
    error_cell(g, "C5", "#N/A");
    text(g, "A6", "合计");
    number(g, "B6", 15.5);
    text(g, "A7", "注：单位万元");
    merge(g, 0, 0, 0, 2);
    merge(g, 2, 0, 3, 0);
    g->hidden_rows = qy_calloc(1, sizeof *g->hidden_rows);
    g->hidden_rows[g->nhidden++] = 4;
}

static void test_a_grid_reads_report_round_trips(void)
{
    qy_grid g;
    ledger(&g);
    qy_excel_options o;
    qy_excel_options_init(&o);
    qy_table *t = NULL;
    qy_excel_report rep;
    qy_error err = {0};
    CHECK_INT(qy_excel_read_grid("l.xlsx", "明细 1", &g, &o, &t, &rep, &err), QY_OK);
    CHECK(t && t->nrows == 3);
    CHECK_STR(rep.title, "台账\\t2024");
    CHECK_INT(rep.nfooters, 2);
    CHECK_STR(rep.footers[1], "合计");
    CHECK_INT(rep.nerror_cells, 2);
    CHECK_STR(rep.error_cells[1].value, "#N/A");
    CHECK_INT(rep.merged, 1);
    CHECK_INT(rep.hidden, 1);
    CHECK_INT(rep.no_value, 1);
    CHECK_INT(t ? t->ncols : 0, 4);   /* D4's column: col4 */
    CHECK_INT(rep.csv.delim, ',');
    CHECK_INT(rep.csv.nwarnings, 2);
    CHECK(round_trips(&rep));
    qy_strbuf s = QY_STRBUF_INIT;
    CHECK_INT(qy_excel_report_format(&rep, &s), QY_OK);
    static const char want[] = "excel 0 1 1 2 2 1 1 2 2 1\nsheet 8:明细 1\nrange 5:A1:D7\n"
                               "title 12:台账\\t2024\nfooter 18:注：单位万元\nfooter 6:合计\n"
                               "error_cell 2:C3 7:#DIV/0!\nerror_cell 2:C5 4:#N/A\n"
                               "report 0 0 0 0 0 1 44 2\nwarning 48:2 error cell(s) read as null";
    CHECK(s.data && strncmp(s.data, want, sizeof want - 1) == 0);
    if (s.data && strncmp(s.data, want, sizeof want - 1) != 0) printf("  text: %s\n", s.data);
    qy_strbuf_free(&s);
    qy_table_release(t);
    qy_grid_free(&g);
}

/* Every list full, every text as long as it may be, with the bytes a
 * length prefix must carry: line breaks, colons, spaces, digits first. */
static qy_excel_report *full_report(void)
{
    qy_excel_report *r = qy_calloc(1, sizeof *r);
    r->format = QY_BOOK_XLS;
    memset(r->sheet, 'S', sizeof r->sheet - 1);
    memcpy(r->sheet, "12:\n x", 6);
    snprintf(r->range, sizeof r->range, "A1:XFD1048576");
    memset(r->title, 't', sizeof r->title - 1);
    memcpy(r->title, "\n\nfooter 3:abc\n", 15);
    r->skipped = 1048575;
    r->header_rows = 64;
    r->footer_rows = 1000000;
    r->nfooters = QY_EXCEL_MAX_FOOTERS;
    for (int i = 0; i < r->nfooters; i++) {
        memset(r->footers[i], 'a' + i, sizeof r->footers[i] - 1);
        r->footers[i][i] = '\n';
    }
    r->footers[3][0] = '\0';   /* an empty one */
    r->merged = 7;
    r->hidden = 8;
    r->errors = INT64_MAX;
    r->nerror_cells = QY_EXCEL_MAX_ERROR_CELLS;
    for (int i = 0; i < r->nerror_cells; i++) {
        qy_cell_ref((uint32_t)i * 10477, (uint32_t)(i * 163), r->error_cells[i].ref);
        snprintf(r->error_cells[i].value, sizeof r->error_cells[i].value, "#N/A %d\n", i);
    }
    r->no_value = 3;
    r->csv = (qy_csv_report){.rows_skipped = 1, .rows_cut = 2, .first_skipped_line = 3,
                             .first_cut_line = 4, .encoding = QY_ENC_UTF8, .delim = ',',
                             .nwarnings = QY_CSV_MAX_WARNINGS};
    for (int i = 0; i < QY_CSV_MAX_WARNINGS; i++)
        memset(r->csv.warnings[i], 'w', QY_CSV_WARNING_SIZE - 1);
    return r;
}

static void test_a_full_report_round_trips(void)
{
    qy_excel_report *r = full_report();
    CHECK(round_trips(r));
    qy_excel_report empty = {.csv = {.delim = ',', .encoding = QY_ENC_UTF8}};
    CHECK(round_trips(&empty));
    /* each field is in the text: a change to any one is seen */
    qy_excel_report *other = qy_malloc(sizeof *other);
    qy_strbuf a = QY_STRBUF_INIT;
    CHECK_INT(qy_excel_report_format(r, &a), QY_OK);
    for (int field = 0; field < 8; field++) {
        *other = *r;
        switch (field) {
        case 0: other->format = QY_BOOK_XLSX; break;
        case 1: other->sheet[100] = 'x'; break;
        case 2: other->footers[7][0] = 'z'; break;
        case 3: other->error_cells[99].value[1] = 'X'; break;
        case 4: other->no_value = 4; break;
        case 5: other->csv.warnings[3][0] = 'v'; break;
        case 6: other->title[0] = 'T'; break;
        default: other->hidden = 9; break;
        }
        qy_strbuf b = QY_STRBUF_INIT;
        CHECK_INT(qy_excel_report_format(other, &b), QY_OK);
        CHECK(b.len != a.len || memcmp(a.data, b.data, a.len) != 0);
        qy_excel_report back;
        CHECK_INT(qy_excel_report_parse(b.data, b.len, &back), QY_OK);
        CHECK(report_equal(&back, other) && !report_equal(&back, r));
        qy_strbuf_free(&b);
    }
    qy_strbuf_free(&a);
    qy_free(other);
    qy_free(r);
}

static int parse_text(const char *s, qy_excel_report *r)
{
    return qy_excel_report_parse(s, strlen(s), r);
}

/* Anything but what format writes is QY_EFORMAT, and leaves the report. */
static void test_other_text_is_refused(void)
{
    qy_excel_report *r = full_report();
    qy_strbuf text = QY_STRBUF_INIT;
    CHECK_INT(qy_excel_report_format(r, &text), QY_OK);
    qy_excel_report *back = qy_malloc(sizeof *back);
    memset(back, 0x33, sizeof *back);
    qy_excel_report *kept = qy_malloc(sizeof *kept);
    memcpy(kept, back, sizeof *kept);
    int accepted = 0;
    for (size_t n = 0; n < text.len; n++)   /* every cut short */
        accepted += qy_excel_report_parse(text.data, n, back) != QY_EFORMAT;
    CHECK_INT(accepted, 0);
    if (qy_strbuf_puts(&text, "x") != QY_OK) abort();
    CHECK_INT(qy_excel_report_parse(text.data, text.len, back), QY_EFORMAT);
    CHECK(memcmp(back, kept, sizeof *back) == 0);
    static const char *const bad[] = {
        "excel 2 0 0 0 0 0 0 0 0 0\nsheet 0:\nrange 0:\ntitle 0:\nreport 0 0 0 0 0 1 44 0\n",
        "excel 0 0 0 9 9 0 0 0 0 0\nsheet 0:\nrange 0:\ntitle 0:\nreport 0 0 0 0 0 1 44 0\n",
        "excel 0 0 0 0 0 0 0 0 101 0\nsheet 0:\nrange 0:\ntitle 0:\nreport 0 0 0 0 0 1 44 0\n",
        "excel 0 -1 0 0 0 0 0 0 0 0\nsheet 0:\nrange 0:\ntitle 0:\nreport 0 0 0 0 0 1 44 0\n",
        "excel 0 0 0 1 0 0 0 0 0 0 7\nsheet 0:\nrange 0:\ntitle 0:\nreport 0 0 0 0 0 1 44 0\n",
        "excel 0 0 0 0 0 0 0 0 0 0\nsheet 1:\nrange 0:\ntitle 0:\nreport 0 0 0 0 0 1 44 0\n",
        "excel 0 0 0 0 0 0 0 0 0 0\nsheet 0:\nrange 32:0123456789012345678901234567890"
        "1\ntitle 0:\nreport 0 0 0 0 0 1 44 0\n",
        "excel 0 0 0 0 0 0 0 0 0 0\nrange 0:\nsheet 0:\ntitle 0:\nreport 0 0 0 0 0 1 44 0\n",
        "excel 0 0 0 1 1 0 0 0 0 0\nsheet 0:\nrange 0:\ntitle 0:\nreport 0 0 0 0 0 1 44 0\n",
        "excel 0 0 0 0 0 0 0 1 1 0\nsheet 0:\nrange 0:\ntitle 0:\nerror_cell 2:A1 1:x\n"
        "report 0 0 0 0 0 1 0 0\n",
        "excel 0 0 0 0 0 0 0 0 0 0\nsheet 0:\nrange 0:\ntitle 0:\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK_INT(parse_text(bad[i], back), QY_EFORMAT);
        if (parse_text(bad[i], back) != QY_EFORMAT) printf("  accepted: %s\n", bad[i]);
    }
    CHECK(memcmp(back, kept, sizeof *back) == 0);
    /* a NUL inside a text */
    static const char nul[] = "excel 0 0 0 0 0 0 0 0 0 0\nsheet 2:a\0\nrange 0:\ntitle 0:\n"
                              "report 0 0 0 0 0 1 44 0\n";
    CHECK_INT(qy_excel_report_parse(nul, sizeof nul - 1, back), QY_EFORMAT);
    /* the smallest that is right */
    CHECK_INT(parse_text("excel 1 0 0 0 0 0 0 0 0 0\nsheet 1:s\nrange 0:\ntitle 0:\n"
                         "report 0 0 0 0 0 1 44 0\n", back), QY_OK);
    CHECK_INT(back->format, QY_BOOK_XLS);
    CHECK_STR(back->sheet, "s");
    CHECK_INT(back->csv.delim, ',');
    qy_free(kept);
    qy_free(back);
    qy_strbuf_free(&text);
    qy_free(r);
}

/* ---- the key -------------------------------------------------------------- */

static char *entry_of(const qy_excel_options *o)
{
    char *p = NULL;
    qy_error err = {0};
    if (qy_excel_cache_path(book, o, &p, &err) != QY_OK) {
        printf("  cache path: %s\n", err.msg);
        abort();
    }
    return p;
}

static bool never_footer(void *ctx, const char *t, size_t len, qy_error *err, bool *failed)
{
    return false;
}

enum { NVARIANTS = 17 };

/* The defaults with one option changed (variant 0: none). */
static void variant(int k, qy_excel_options *o)
{
    static const qy_csv_type amount[] = {{"amount", QY_DECIMAL, 2}};
    static const qy_csv_type amount4[] = {{"amount", QY_DECIMAL, 4}};
    static const char *const nulls[] = {"-"};
    static const qy_csv_rename renames[] = {{"金额", "amount"}};
    qy_excel_options_init(o);
    switch (k) {
    case 1: o->sheet_name = "明细"; break;
    case 2: o->sheet_index = 1; break;
    case 3: o->has_range = true; o->range = (qy_cell_range){0, 9, 0, 3}; break;
    case 4: o->has_range = true; o->range = (qy_cell_range){0, 9, 0, 4}; break;
    case 5: o->skip = 2; break;
    case 6: o->header_rows = 0; break;
    case 7: o->header_rows = 2; break;
    case 8: o->footer = QY_FOOTER_NONE; break;
    case 9: o->footer = QY_FOOTER_CALLBACK; o->footer_fn = never_footer; o->footer_key = "^合计"; break;
    case 10: o->footer = QY_FOOTER_CALLBACK; o->footer_fn = never_footer; o->footer_key = "^总计"; break;
    case 11: o->fill_merged = false; break;
    case 12: o->drop_hidden = true; break;
    case 13: o->csv.types = amount; o->csv.ntypes = 1; break;
    case 14: o->csv.types = amount4; o->csv.ntypes = 1; break;
    case 15: o->csv.nulls = nulls; o->csv.nnulls = 1; break;
    case 16: o->csv.renames = renames; o->csv.nrenames = 1; o->csv.on_ragged = QY_RAGGED_SKIP; break;
    }
}

static void test_each_shaping_option_has_its_own_entry(void)
{
    if (qy_file_write_atomic(book, "not read", 8, NULL) != QY_OK) abort();
    char *paths[NVARIANTS];
    for (int k = 0; k < NVARIANTS; k++) {
        qy_excel_options o;
        variant(k, &o);
        paths[k] = entry_of(&o);
    }
    int same = 0;
    for (int i = 0; i < NVARIANTS; i++)
        for (int j = i + 1; j < NVARIANTS; j++) {
            if (strcmp(paths[i], paths[j]) == 0) printf("  variants %d and %d share an entry\n", i, j);
            same += strcmp(paths[i], paths[j]) == 0;
        }
    CHECK_INT(same, 0);
    size_t n = strlen(cache_dir);
    CHECK(strncmp(paths[0], cache_dir, n) == 0 && strncmp(paths[0] + n, "/b.xlsx-", 8) == 0);
    CHECK_INT(strlen(paths[0] + n + 8), 16 + 4);
    char *defaults = entry_of(NULL);
    CHECK_STR(defaults, paths[0]);
    qy_free(defaults);
    for (int k = 0; k < NVARIANTS; k++) qy_free(paths[k]);
}

static void test_what_never_changes_the_table_is_not_in_the_key(void)
{
    if (qy_file_write_atomic(book, "not read", 8, NULL) != QY_OK) abort();
    static const qy_csv_type ab[] = {{"a", QY_INT64, 0}, {"b", QY_STRING, 0}};
    static const qy_csv_type ba[] = {{"b", QY_STRING, 0}, {"a", QY_INT64, 0}};
    qy_excel_options o;
    qy_excel_options_init(&o);
    o.csv.types = ab;
    o.csv.ntypes = 2;
    char *p = entry_of(&o);
    o.csv.types = ba;
    o.csv.threads = 3;
    o.csv.chunk_size = 100;
    o.csv.delim = ';';   /* the reader's own: not an option of a sheet */
    o.csv.skip_lines = 4;
    char *q = entry_of(&o);
    CHECK_STR(q, p);
    /* a callback's context is not its rule: the key names it */
    o.footer = QY_FOOTER_CALLBACK;
    o.footer_fn = never_footer;
    o.footer_key = "x";
    char *r1 = entry_of(&o);
    o.footer_ctx = &o;
    char *r2 = entry_of(&o);
    CHECK_STR(r2, r1);
    qy_free(p);
    qy_free(q);
    qy_free(r1);
    qy_free(r2);
}

static bool cache_dir_has_entries(void)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "test -n \"$(ls -A '%s' 2>/dev/null)\"", cache_dir);
    return system(cmd) == 0;
}

/* A read that fails is the reader's error and writes nothing; a footer
 * callback without a key is read without the cache, with a warning. */
static void test_a_failed_read_leaves_no_entry(void)
{
    if (qy_file_write_atomic(book, "plain text, not a workbook", 26, NULL) != QY_OK) abort();
    qy_table *t = NULL;
    qy_error err = {0}, direct = {0}, warning = {0};
    bool hit = true;
    CHECK(qy_excel_cached_read(book, NULL, &t, NULL, &hit, &warning, &err) != QY_OK);
    CHECK(!hit);
    CHECK(t == NULL);
    CHECK(qy_excel_read_file(book, NULL, &t, NULL, &direct) == err.code);
    CHECK_STR(err.msg, direct.msg);
    CHECK(strstr(err.msg, book) != NULL);
    CHECK_INT(warning.code, QY_OK);
    CHECK(!cache_dir_has_entries());

    qy_excel_options o;
    qy_excel_options_init(&o);
    o.footer = QY_FOOTER_CALLBACK;
    o.footer_fn = never_footer;
    char *p = NULL;
    CHECK_INT(qy_excel_cache_path(book, &o, &p, &err), QY_EINVAL);
    CHECK(p == NULL);
    CHECK(qy_excel_cached_read(book, &o, &t, NULL, &hit, &warning, &err) != QY_OK);
    CHECK_STR(err.msg, direct.msg);
    char want[160];
    snprintf(want, sizeof want, "%s: the footer test has no key: not cached", book);
    CHECK_INT(warning.code, QY_EINVAL);
    CHECK_STR(warning.msg, want);
    CHECK(!cache_dir_has_entries());

    CHECK_INT(qy_excel_cached_read("/nonexistent/w.xlsx", NULL, &t, NULL, &hit, NULL, &err),
              qy_excel_read_file("/nonexistent/w.xlsx", NULL, &t, NULL, &direct));
    CHECK_STR(err.msg, direct.msg);
}

/* Each allocation failing in turn: QY_ENOMEM, then the same as without. */
static void test_out_of_memory(void)
{
    qy_excel_report *r = full_report();
    qy_strbuf want = QY_STRBUF_INIT;
    if (qy_excel_report_format(r, &want) != QY_OK) abort();
    int rc = QY_ENOMEM;
    for (long n = 0; rc == QY_ENOMEM && n < 1000; n++) {
        qy_strbuf got = QY_STRBUF_INIT;
        qy_alloc_fail_after(n);
        rc = qy_excel_report_format(r, &got);
        qy_alloc_fail_after(-1);
        CHECK(rc == QY_OK || rc == QY_ENOMEM);
        if (rc == QY_OK) CHECK(got.len == want.len && memcmp(got.data, want.data, want.len) == 0);
        qy_strbuf_free(&got);
    }
    CHECK_INT(rc, QY_OK);
    if (qy_file_write_atomic(book, "not read", 8, NULL) != QY_OK) abort();
    qy_excel_options o;
    variant(16, &o);
    char *expected = entry_of(&o);
    rc = QY_ENOMEM;
    for (long n = 0; rc == QY_ENOMEM && n < 1000; n++) {
        char *p = NULL;
        qy_alloc_fail_after(n);
        rc = qy_excel_cache_path(book, &o, &p, NULL);
        qy_alloc_fail_after(-1);
        CHECK(rc == QY_OK || rc == QY_ENOMEM);
        if (rc == QY_OK) CHECK_STR(p, expected);
        qy_free(p);
    }
    CHECK_INT(rc, QY_OK);
    qy_free(expected);
    qy_strbuf_free(&want);
    qy_free(r);
}

static void clean(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) abort();
}

int main(void)
{
    alarm(60);
    if (!mkdtemp(dir)) abort();
    snprintf(book, sizeof book, "%s/b.xlsx", dir);
    snprintf(cache_dir, sizeof cache_dir, "%s/.qycache", dir);
    RUN(test_a_grid_reads_report_round_trips);
    RUN(test_a_full_report_round_trips);
    RUN(test_other_text_is_refused);
    RUN(test_each_shaping_option_has_its_own_entry);
    RUN(test_what_never_changes_the_table_is_not_in_the_key);
    RUN(test_a_failed_read_leaves_no_entry);
    RUN(test_out_of_memory);
    clean();
    return check_summary("excel_cache");
}
