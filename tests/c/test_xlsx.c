/* test_xlsx.c — the .xlsx reader (xlsx.c) on the fixtures of tests/data/xlsx/
 * (make_fixtures.py makes them): workbooks written by openpyxl and
 * LibreOffice read to exact grids; hand-made parts for every cell type,
 * rich and phonetic text, escapes, prefixes and strict namespaces; broken
 * files each to their exact error; allocation failures to QY_ENOMEM. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "check.h"
#include "workbook.h"
#include "xlsx_rows.h"
#include "xlsx_sheet.h"
#include "xml_part.h"
#include "zip_entry.h"

#define DIR "tests/data/xlsx/"

static qy_book *open_book(const char *name)
{
    qy_book *b = NULL;
    qy_error err = {0};
    if (qy_book_open(name, &b, &err) != QY_OK) {
        printf("cannot open %s: %s\n", name, err.msg);
        abort();
    }
    return b;
}

/* Sheet i of the file, read; aborts on an error (the tests of errors do not
 * come here). */
static void read_grid(const char *name, int i, qy_grid *g)
{
    qy_book *b = open_book(name);
    qy_error err = {0};
    if (qy_book_read_sheet(b, i, g, &err) != QY_OK) {
        printf("cannot read %s sheet %d: %s\n", name, i, err.msg);
        abort();
    }
    qy_book_close(b);
}

/* The cell at ref ("B3"), or NULL. */
static const qy_cell *cell_at(const qy_grid *g, const char *ref)
{
    uint32_t row, col;
    if (qy_cell_ref_parse(ref, strlen(ref), &row, &col) != QY_OK) abort();
    for (int64_t i = 0; i < g->ncells; i++)
        if (g->cells[i].row == row && g->cells[i].col == col) return &g->cells[i];
    return NULL;
}

/* The cell's text (TEXT or ERROR), NUL-terminated in a static buffer. */
static const char *text_at(const qy_grid *g, const char *ref, int kind)
{
    static char buf[256];
    const qy_cell *c = cell_at(g, ref);
    if (!c || c->kind != kind || c->v.text >= g->nstrings) return "(not that kind)";
    size_t len;
    const char *s = qy_grid_string(g, c->v.text, &len);
    if (len >= sizeof buf) len = sizeof buf - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

static double number_at(const qy_grid *g, const char *ref, uint32_t *fmt)
{
    const qy_cell *c = cell_at(g, ref);
    if (!c || c->kind != QY_CELL_NUMBER) return -999999;
    if (fmt) *fmt = c->fmt;
    return c->v.number;
}

static int kind_at(const qy_grid *g, const char *ref)
{
    const qy_cell *c = cell_at(g, ref);
    return c ? c->kind : -1;
}

/* Cells strictly in row order, then column order. */
static void check_order(const qy_grid *g)
{
    for (int64_t i = 1; i < g->ncells; i++) {
        const qy_cell *a = &g->cells[i - 1], *b = &g->cells[i];
        CHECK(a->row < b->row || (a->row == b->row && a->col < b->col));
    }
}

static void test_openpyxl_sheet_list(void)
{
    qy_book *b = open_book(DIR "openpyxl_ledger.xlsx");
    CHECK_INT(qy_book_format_of(b), QY_BOOK_XLSX);
    CHECK_INT(qy_book_nsheets(b), 5);
    static const char *const names[5] = {"明细", "说明", "内部", "空表", "图表"};
    static const int states[5] = {QY_SHEET_VISIBLE, QY_SHEET_HIDDEN, QY_SHEET_VERY_HIDDEN,
                                  QY_SHEET_VISIBLE, QY_SHEET_VISIBLE};
    for (int i = 0; i < 5; i++) {
        const qy_sheet_info *s = qy_book_sheet(b, i);
        CHECK_STR(s->name, names[i]);
        CHECK_INT(s->state, states[i]);
        CHECK_INT(s->is_worksheet, i < 4);
    }
    CHECK_STR(qy_book_sheet(b, 0)->dimension, "A1:G6");
    CHECK_INT(qy_book_sheet(b, 0)->rows, 6);
    CHECK_INT(qy_book_sheet(b, 0)->cols, 7);
    CHECK_STR(qy_book_sheet(b, 3)->dimension, "A1:A1");   /* what openpyxl states for an empty sheet */
    CHECK_STR(qy_book_sheet(b, 4)->dimension, "");
    CHECK_INT(qy_book_sheet(b, 4)->rows, 0);
    qy_grid g;
    qy_error err = {0};
    CHECK_INT(qy_book_read_sheet(b, 4, &g, &err), QY_EINVAL);
    CHECK_STR(err.msg, DIR "openpyxl_ledger.xlsx: sheet '图表' is a chart sheet, without cells");
    CHECK_INT(qy_book_read_sheet(b, 3, &g, &err), QY_OK);   /* empty: no cells, no error */
    CHECK_INT(g.ncells, 0);
    CHECK_INT(g.nstrings, 0);
    CHECK_INT(g.nformats, 3);
    qy_grid_free(&g);
    qy_book_close(b);
}

/* openpyxl writes inline strings, no shared-string part, and formulas
 * without their values. */
static void test_openpyxl_ledger(void)
{
    qy_grid g;
    read_grid(DIR "openpyxl_ledger.xlsx", 0, &g);
    CHECK_INT(g.ncells, 24);
    check_order(&g);
    CHECK_STR(text_at(&g, "A1", QY_CELL_TEXT), "2024年上半年招商引资项目台账");
    CHECK_STR(text_at(&g, "B2", QY_CELL_TEXT), "项目名称");
    CHECK_STR(text_at(&g, "G2", QY_CELL_ERROR), "#N/A");
    CHECK_STR(text_at(&g, "G3", QY_CELL_TEXT), "多行\r\n文本");
    CHECK(cell_at(&g, "A4") == NULL);   /* under the merged county cell: nothing stored */
    uint32_t fmt = 99;
    CHECK_DBL(number_at(&g, "C3", &fmt), 1272.95);
    CHECK_INT(fmt, 1);
    CHECK_DBL(number_at(&g, "C5", NULL), 0.1);
    CHECK_DBL(number_at(&g, "D3", &fmt), 45366);   /* 2024-03-15 */
    CHECK_INT(fmt, 2);
    CHECK_INT(kind_at(&g, "E3"), QY_CELL_BOOL);
    CHECK_INT(cell_at(&g, "E3")->v.boolean, 1);
    CHECK_INT(cell_at(&g, "E4")->v.boolean, 0);
    CHECK_INT(kind_at(&g, "C6"), QY_CELL_NO_VALUE);
    CHECK_INT(cell_at(&g, "C6")->is_formula, 1);
    CHECK_INT(cell_at(&g, "C6")->fmt, 1);
    CHECK_INT(cell_at(&g, "C5")->is_formula, 0);
    CHECK_INT(g.nformats, 3);
    CHECK_INT(g.formats[0].id, 0);
    CHECK(g.formats[0].code == NULL);
    CHECK_INT(g.formats[1].id, 2);   /* "0.00" is built-in 2: no code */
    CHECK(g.formats[1].code == NULL);
    CHECK_INT(g.formats[2].id, 164);
    CHECK_STR(g.formats[2].code, "yyyy-mm-dd");
    CHECK_INT(g.nmerges, 2);
    CHECK(g.merges[0].first_row == 0 && g.merges[0].last_row == 0);
    CHECK(g.merges[0].first_col == 0 && g.merges[0].last_col == 4);
    CHECK(g.merges[1].first_row == 2 && g.merges[1].last_row == 3);
    CHECK(g.merges[1].first_col == 0 && g.merges[1].last_col == 0);
    CHECK_INT(g.nhidden, 1);
    CHECK_INT(g.hidden_rows[0], 3);
    CHECK_INT(g.date1904, 0);
    qy_grid_free(&g);

    read_grid(DIR "openpyxl_ledger.xlsx", 1, &g);
    CHECK_INT(g.ncells, 1);
    CHECK_STR(text_at(&g, "A1", QY_CELL_TEXT), "说明文字");
    qy_grid_free(&g);
}

static void test_openpyxl_1904(void)
{
    qy_grid g;
    read_grid(DIR "openpyxl_1904.xlsx", 0, &g);
    CHECK_INT(g.date1904, 1);
    uint32_t fmt = 0;
    CHECK_DBL(number_at(&g, "A1", &fmt), 43831);   /* 2024-01-02 counted from 1904 */
    CHECK_STR(g.formats[fmt].code, "yyyy-mm-dd");
    CHECK_DBL(number_at(&g, "B1", &fmt), 3);
    CHECK_INT(fmt, 0);
    qy_grid_free(&g);
}

/* LibreOffice writes shared strings, its own format ids, and the values of
 * formulas; a chart sheet it keeps as an empty worksheet. */
static void test_libreoffice_ledger(void)
{
    qy_book *b = open_book(DIR "libre_ledger.xlsx");
    CHECK_INT(qy_book_nsheets(b), 5);
    CHECK_STR(qy_book_sheet(b, 0)->name, "明细");
    CHECK_INT(qy_book_sheet(b, 1)->state, QY_SHEET_HIDDEN);
    qy_book_close(b);
    qy_grid g;
    read_grid(DIR "libre_ledger.xlsx", 0, &g);
    CHECK_INT(g.ncells, 24);
    check_order(&g);
    CHECK_INT(g.nstrings, 15);
    CHECK_STR(text_at(&g, "A1", QY_CELL_TEXT), "2024年上半年招商引资项目台账");
    CHECK_STR(text_at(&g, "G3", QY_CELL_TEXT), "多行\n文本");
    CHECK_STR(text_at(&g, "A6", QY_CELL_TEXT), "合计");
    CHECK_STR(text_at(&g, "G2", QY_CELL_ERROR), "#N/A");
    uint32_t fmt = 0;
    CHECK_DBL(number_at(&g, "C6", &fmt), 1623.55);
    CHECK_INT(cell_at(&g, "C6")->is_formula, 1);
    CHECK_STR(g.formats[fmt].code, "0.00");
    CHECK_DBL(number_at(&g, "D4", &fmt), 45383);
    CHECK_STR(g.formats[fmt].code, "yyyy\\-mm\\-dd");
    CHECK_INT(g.nmerges, 2);
    CHECK_INT(g.nhidden, 1);
    CHECK_INT(g.hidden_rows[0], 3);
    qy_grid_free(&g);
}

static void test_crafted_types(void)
{
    qy_grid g;
    read_grid(DIR "crafted_types.xlsx", 0, &g);
    CHECK_INT(g.ncells, 24);
    check_order(&g);
    CHECK_INT(g.nstrings, 6 + 5);   /* the shared ones, then the sheet's own */
    CHECK_STR(text_at(&g, "A1", QY_CELL_TEXT), "plain");
    CHECK_STR(text_at(&g, "B1", QY_CELL_TEXT), "rich text runs");
    CHECK_STR(text_at(&g, "C1", QY_CELL_TEXT), "東京");   /* without its reading トウキョウ */
    CHECK_STR(text_at(&g, "D1", QY_CELL_TEXT), "a\rb_x000D_cA_x0000_");
    CHECK_STR(text_at(&g, "E1", QY_CELL_TEXT), "");
    CHECK_STR(text_at(&g, "F1", QY_CELL_TEXT), "<&> 中");
    CHECK_STR(text_at(&g, "A2", QY_CELL_TEXT), "inline");
    CHECK_STR(text_at(&g, "B2", QY_CELL_TEXT), "inline");
    CHECK_STR(text_at(&g, "C2", QY_CELL_TEXT), "ab");
    CHECK_INT(cell_at(&g, "C2")->is_formula, 1);
    CHECK_INT(cell_at(&g, "D2")->v.boolean, 1);
    CHECK_INT(cell_at(&g, "D2")->is_formula, 0);
    CHECK_INT(cell_at(&g, "E2")->v.boolean, 0);
    CHECK_INT(cell_at(&g, "E2")->is_formula, 1);
    CHECK_STR(text_at(&g, "F2", QY_CELL_ERROR), "#DIV/0!");
    CHECK_STR(text_at(&g, "G2", QY_CELL_TEXT), "2024-03-15T00:00:00");
    CHECK_INT(kind_at(&g, "H2"), QY_CELL_NO_VALUE);
    CHECK(cell_at(&g, "I2") == NULL);   /* styled, no value */
    uint32_t fmt = 0;
    CHECK_DBL(number_at(&g, "J2", &fmt), 1272.9500000000001);
    CHECK_INT(fmt, 1);
    CHECK_DBL(number_at(&g, "K2", &fmt), 45366);
    CHECK_INT(g.formats[fmt].id, 14);
    CHECK(g.formats[fmt].code == NULL);
    CHECK_DBL(number_at(&g, "L2", &fmt), -1.5e-3);
    CHECK_STR(g.formats[fmt].code, "yyyy\"年\"m\"月\"d\"日\"");
    CHECK_DBL(number_at(&g, "M2", NULL), 12345678901234567890.0);
    /* a row without r follows row 2; cells without r follow the one before */
    CHECK_DBL(number_at(&g, "A3", NULL), 1);
    CHECK_DBL(number_at(&g, "B3", NULL), 2);
    CHECK_DBL(number_at(&g, "E3", NULL), 5);
    CHECK_DBL(number_at(&g, "F3", NULL), 6);
    CHECK_DBL(number_at(&g, "B5", &fmt), 0.1);
    CHECK_INT(fmt, 1);   /* styles 1 and 4 share format 164: one entry */
    CHECK_DBL(number_at(&g, "XFD1048576", NULL), 7);
    CHECK_INT(g.nformats, 4);
    CHECK_INT(g.nhidden, 2);
    CHECK(g.hidden_rows[0] == 4 && g.hidden_rows[1] == 5);
    CHECK_INT(g.nmerges, 2);
    CHECK(g.merges[1].first_row == 4 && g.merges[1].last_row == 5);
    CHECK(g.merges[1].first_col == 1 && g.merges[1].last_col == 2);
    qy_grid_free(&g);
}

static void test_crafted_strict(void)
{
    qy_book *b = open_book(DIR "crafted_strict.xlsx");
    CHECK_STR(qy_book_sheet(b, 0)->name, "S");
    CHECK_STR(qy_book_sheet(b, 0)->dimension, "A1:B1");
    qy_book_close(b);
    qy_grid g;
    read_grid(DIR "crafted_strict.xlsx", 0, &g);
    CHECK_INT(g.ncells, 2);
    CHECK_STR(text_at(&g, "A1", QY_CELL_TEXT), "strict");
    CHECK_DBL(number_at(&g, "B1", NULL), 2.5);
    CHECK_INT(g.date1904, 1);
    CHECK_INT(g.nformats, 1);   /* no styles part: General */
    qy_grid_free(&g);
}

typedef struct bad_case {
    const char *file;
    int sheet;             /* -1: the open fails */
    int code;
    const char *msg;       /* after "tests/data/xlsx/" */
} bad_case;

static const bad_case bad_cases[] = {
    {"bad_truncated.xlsx", -1, QY_EFORMAT,
     "bad_truncated.xlsx is not a readable zip archive: Not a zip archive"},
    {"bad_no_workbook.xlsx", -1, QY_EFORMAT,
     "bad_no_workbook.xlsx is a zip archive without an Excel workbook in it"},
    {"bad_dtd.xlsx", 0, QY_EFORMAT,
     "bad_dtd.xlsx: sheet 'Sheet1', xl/worksheets/sheet1.xml:1: a DTD (<!DOCTYPE ...>) is not "
     "allowed"},
    {"bad_laughs.xlsx", 0, QY_EFORMAT,
     "bad_laughs.xlsx: xl/sharedStrings.xml:1: a DTD (<!DOCTYPE ...>) is not allowed"},
    {"bad_sst_index.xlsx", 0, QY_EFORMAT,
     "bad_sst_index.xlsx: sheet 'Sheet1', cell D7: shared string 99 of 2"},
    {"bad_col_order.xlsx", 0, QY_EFORMAT,
     "bad_col_order.xlsx: sheet 'Sheet1', cell A1: comes after C1 (cells out of order)"},
    {"bad_row_order.xlsx", 0, QY_EFORMAT,
     "bad_row_order.xlsx: sheet 'Sheet1', row 3: comes after row 5 (rows out of order)"},
    {"bad_beyond.xlsx", 0, QY_EFORMAT,
     "bad_beyond.xlsx: sheet 'Sheet1', cell XFD1048577: beyond the last cell XFD1048576"},
    {"bad_ref.xlsx", 0, QY_EFORMAT, "bad_ref.xlsx: sheet 'Sheet1': cell reference '1A' is malformed"},
    {"bad_xml.xlsx", 0, QY_EFORMAT,
     "bad_xml.xlsx: sheet 'Sheet1', xl/worksheets/sheet1.xml:2: mismatched tag"},
    {"bad_number.xlsx", 0, QY_EFORMAT, "bad_number.xlsx: sheet 'Sheet1', cell B2: not a number: '12abc'"},
    {"bad_style.xlsx", 0, QY_EFORMAT, "bad_style.xlsx: sheet 'Sheet1', cell A1: style 9 of 5"},
    {"bad_missing_sheet.xlsx", 1, QY_EFORMAT,
     "bad_missing_sheet.xlsx: sheet 'Gone': its part xl/worksheets/sheet2.xml is missing"},
    {"bad_bomb.xlsx", 0, QY_EFORMAT,
     "bad_bomb.xlsx: sheet 'Sheet1', xl/worksheets/sheet1.xml inflates to more than 500 times its "
     "compressed size (a zip bomb?)"},
};

static void test_bad_files(void)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        char path[128], want[640];
        snprintf(path, sizeof path, DIR "%s", c->file);
        snprintf(want, sizeof want, DIR "%s", c->msg);
        qy_book *b = NULL;
        qy_error err = {0};
        int rc = qy_book_open(path, &b, &err);
        if (c->sheet >= 0) {
            CHECK_INT(rc, QY_OK);
            if (rc != QY_OK) continue;
            qy_grid g;
            rc = qy_book_read_sheet(b, c->sheet, &g, &err);
            CHECK(g.ncells == 0 && g.cells == NULL && g.text == NULL);   /* nothing held */
            qy_book_close(b);
        }
        CHECK_INT(rc, c->code);
        CHECK_STR(err.msg, want);
    }
}

/* The sheet other than the missing one still reads. */
static void test_missing_sheet_leaves_the_others(void)
{
    qy_grid g;
    read_grid(DIR "bad_missing_sheet.xlsx", 0, &g);
    CHECK_INT(g.ncells, 1);
    CHECK_DBL(number_at(&g, "A1", NULL), 1);
    qy_grid_free(&g);
}

static void test_entry_cap(void)
{
    qy_zip_caps small = {.entry_max = 1 << 20, .ratio_from = UINT64_MAX, .ratio = 1};
    qy_zip_set_caps(&small);
    qy_book *b = open_book(DIR "crafted_2mib.xlsx");
    qy_grid g;
    qy_error err = {0};
    CHECK_INT(qy_book_read_sheet(b, 0, &g, &err), QY_EFORMAT);
    CHECK_STR(err.msg, DIR "crafted_2mib.xlsx: sheet 'Sheet1', xl/worksheets/sheet1.xml inflates "
                           "past 1 MiB (a zip bomb?)");
    qy_book_close(b);
    qy_zip_set_caps(NULL);
    read_grid(DIR "crafted_2mib.xlsx", 0, &g);   /* the default caps let it be */
    CHECK_INT(g.ncells, 1);
    qy_grid_free(&g);
}

static bool same_cells(const qy_grid *a, const qy_grid *b)
{
    if (a->ncells != b->ncells || a->nhidden != b->nhidden || a->nmerges != b->nmerges
        || a->nstrings != b->nstrings)
        return false;
    for (int64_t i = 0; i < a->ncells; i++) {
        const qy_cell *x = &a->cells[i], *y = &b->cells[i];
        if (x->row != y->row || x->col != y->col || x->kind != y->kind
            || x->is_formula != y->is_formula || x->fmt != y->fmt)
            return false;
        if (x->kind == QY_CELL_NUMBER ? memcmp(&x->v.number, &y->v.number, sizeof(double)) != 0
            : x->kind == QY_CELL_BOOL ? x->v.boolean != y->v.boolean
                                      : x->v.text != y->v.text)
            return false;
    }
    for (uint32_t i = 0; i < a->nstrings; i++) {
        size_t la, lb;
        const char *sa = qy_grid_string(a, i, &la), *sb = qy_grid_string(b, i, &lb);
        if (la != lb || memcmp(sa, sb, la) != 0) return false;
    }
    return (a->nhidden == 0 || memcmp(a->hidden_rows, b->hidden_rows,
                                      (size_t)a->nhidden * sizeof *a->hidden_rows) == 0)
        && (a->nmerges == 0
            || memcmp(a->merges, b->merges, (size_t)a->nmerges * sizeof *a->merges) == 0);
}

/* A sheet cut into pieces of every size from 1 byte up, parsed on 2 and 3
 * threads, gives what one parse of the whole part gives: the sheet's own
 * strings renumbered across pieces, rows numbered or not (unnumbered rows
 * make the cut give up and read the part whole). */
static void test_cut_sheet_is_the_whole_sheet(void)
{
    static const struct {
        const char *file, *part;
    } cases[] = {
        {DIR "libre_ledger.xlsx", "xl/worksheets/sheet1.xml"},
        {DIR "openpyxl_ledger.xlsx", "xl/worksheets/sheet1.xml"},
        {DIR "crafted_types.xlsx", "xl/worksheets/sheet1.xml"},
        {DIR "crafted_strict.xlsx", "xl/worksheets/sheet1.xml"},
        {DIR "bad_col_order.xlsx", "xl/worksheets/sheet1.xml"},
        {DIR "bad_row_order.xlsx", "xl/worksheets/sheet1.xml"},
        {DIR "bad_xml.xlsx", "xl/worksheets/sheet1.xml"},
    };
    static const uint32_t xf_fmt[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    for (size_t f = 0; f < sizeof cases / sizeof cases[0]; f++) {
        int fd = open(cases[f].file, O_RDONLY);
        qy_zip *z = NULL;
        if (fd < 0 || qy_zip_open(fd, cases[f].file, &z, NULL) != QY_OK) abort();
        int64_t index = qy_zip_find(z, cases[f].part);
        CHECK(index >= 0);
        qy_xlsx_sheet_ref ref = {cases[f].file, "S", "where", xf_fmt, 8};
        qy_grid whole = {0}, whole_own = {0};
        qy_error whole_err = {0};
        int whole_rc = qy_xlsx_read_cells(z, index, &ref, &whole, &whole_own, &whole_err);
        if (whole_rc == QY_OK) CHECK_INT(qy_xlsx_append_strings(&whole, &whole_own), QY_OK);
        int mismatches = 0;
        for (size_t piece = 1; piece < 2100; piece += piece < 64 ? 1 : 37) {
            for (int threads = 2; threads <= 3; threads++) {
                qy_grid g = {0}, own = {0};
                qy_error err = {0};
                int rc = qy_xlsx_read_rows(z, index, &ref, threads, piece, &g, &own, &err);
                if (rc == QY_OK) CHECK_INT(qy_xlsx_append_strings(&g, &own), QY_OK);
                bool same = rc == whole_rc
                         && (rc == QY_OK ? same_cells(&g, &whole) : strcmp(err.msg, whole_err.msg) == 0);
                if (!same && mismatches++ == 0)
                    printf("  %s, pieces of %zu, %d threads: rc %d \"%s\"\n", cases[f].file, piece,
                           threads, rc, err.msg);
                qy_grid_free(&g);
                qy_grid_free(&own);
            }
        }
        CHECK_INT(mismatches, 0);
        qy_grid_free(&whole);
        qy_grid_free(&whole_own);
        qy_zip_close(z);
        close(fd);
    }
}

/* Events of a parse as text: "<name a=v>", "</name>", "[text]", texts
 * joined as expat may split them. */
typedef struct events {
    char buf[512];
    size_t len;
    bool in_text;
} events;

static void put(events *e, const char *s)
{
    size_t n = strlen(s);
    if (e->len + n < sizeof e->buf) memcpy(e->buf + e->len, s, n + 1), e->len += n;
}

static void end_text(events *e)
{
    if (e->in_text) put(e, "]");
    e->in_text = false;
}

static void ev_start(void *ctx, qy_xml *x, const char *name, const char **atts)
{
    events *e = ctx;
    end_text(e);
    put(e, "<");
    put(e, name);
    for (; atts[0]; atts += 2) {
        put(e, " ");
        put(e, atts[0]);
        put(e, "=");
        put(e, atts[1]);
    }
    put(e, ">");
}

static void ev_end(void *ctx, qy_xml *x, const char *name)
{
    events *e = ctx;
    end_text(e);
    put(e, "</");
    put(e, name);
    put(e, ">");
}

static void ev_text(void *ctx, qy_xml *x, const char *s, int len)
{
    events *e = ctx;
    if (!e->in_text) put(e, "[");
    e->in_text = true;
    char piece[256];
    snprintf(piece, sizeof piece, "%.*s", len, s);
    put(e, piece);
}

/* The fast scanner shows the handlers what expat shows them, or says it is
 * unsure; past its subset it is always unsure, never wrong. */
static void test_scanner_is_expat(void)
{
    static const struct {
        const char *doc;
        bool sure;
    } cases[] = {
        {"<a><b x=\"1\" y='2'>t</b><c/></a>", true},
        {"<x:a xmlns:x=\"u\"><x:b r=\"A1\" >&lt;&gt;&amp;&quot;&apos;&#65;&#x4e2D;&#13;</x:b ></x:a>", true},
        {"<a>東京 \t\n x</a>", true},
        {"<a v=\"a>b\"/>", true},
        {"<a><!-- c --></a>", false},
        {"<a><![CDATA[x]]></a>", false},
        {"<?xml version=\"1.0\"?><a/>", false},
        {"<a>\r\n</a>", false},
        {"<a>&foo;</a>", false},
        {"<a>&#0;</a>", false},
        {"<a>&#xD800;</a>", false},
        {"<a>]]></a>", false},
        {"<a b=\"1\" b=\"2\"/>", false},
        {"<a b=\"1\"c=\"2\"/>", false},
        {"<a b=\"&amp;\"/>", false},
        {"<a/><b/>", false},
        {"<a></b>", false},
        {"<a><b></a>", false},
        {"<a>\xff</a>", false},
        {"<a>\xef\xbf\xbe</a>", false},
        {"<a\x01/>", false},
        {"<a>\x01</a>", false},
        {"<a b=1/>", false},
        {"<1a/>", false},
        {"<a", false},
        {"<a></a ", false},
    };
    static const qy_xml_handlers h = {ev_start, ev_end, ev_text};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *doc = cases[i].doc;
        size_t len = strlen(doc);
        events fast = {.len = 0}, slow = {.len = 0};
        int fast_rc = qy_xml_scan_text(&doc, &len, 1, &h, &fast, NULL);
        int slow_rc = qy_xml_parse_text(&doc, &len, 1, "doc", &h, &slow, NULL);
        end_text(&fast);
        end_text(&slow);
        if (cases[i].sure) {
            CHECK_INT(fast_rc, QY_OK);
            CHECK_INT(slow_rc, QY_OK);
            CHECK_STR(fast.buf, slow.buf);
        } else {
            if (fast_rc != QY_XML_UNSURE) printf("  sure of: %s\n", doc);
            CHECK_INT(fast_rc, QY_XML_UNSURE);
        }
    }
    /* a tag across two pieces: unsure; text across them: read */
    const char *split[2] = {"<a><b", "/>x</a>"}, *joined[2] = {"<a>x", "y</a>"};
    const size_t split_lens[2] = {5, 7}, joined_lens[2] = {4, 5};
    events e = {.len = 0};
    CHECK_INT(qy_xml_scan_text(split, split_lens, 2, &h, &e, NULL), QY_XML_UNSURE);
    events f = {.len = 0};
    CHECK_INT(qy_xml_scan_text(joined, joined_lens, 2, &h, &f, NULL), QY_OK);
    end_text(&f);
    CHECK_STR(f.buf, "<a>[xy]</a>");
}

static void test_unescape(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"_x000D_", "\r"},
        {"_x005F_x000D_", "_x000D_"},
        {"_x4e2d_", "中"},
        {"_xD83D__xDE00_", "\xF0\x9F\x98\x80"},
        {"_xD83D_", "_xD83D_"},
        {"_x0000_", "_x0000_"},
        {"_x00G0_ _x41_ x_", "_x00G0_ _x41_ x_"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        size_t len = strlen(cases[i].in);
        memcpy(buf, cases[i].in, len);
        buf[qy_xlsx_unescape(buf, len)] = '\0';
        CHECK_STR(buf, cases[i].out);
    }
}

/* Every allocation made to fail in turn: QY_ENOMEM or success, nothing
 * leaked (valgrind and ASan tell), the same grid when it succeeds. */
static void test_allocation_failures(void)
{
    static const char *const files[] = {DIR "crafted_types.xlsx", DIR "libre_ledger.xlsx"};
    for (size_t f = 0; f < 2; f++) {
        int succeeded = 0;
        for (long n = 0; n < 4000 && !succeeded; n++) {
            qy_alloc_fail_after(n);
            qy_book *b = NULL;
            qy_error err = {0};
            int rc = qy_book_open(files[f], &b, &err);
            qy_grid g = {0};
            if (rc == QY_OK) {
                rc = qy_book_read_sheet(b, 0, &g, &err);
                qy_book_close(b);
            }
            qy_alloc_fail_after(-1);
            if (rc != QY_OK && rc != QY_ENOMEM) {
                printf("  failing after %ld: rc %d %s\n", n, rc, err.msg);
                CHECK(rc == QY_OK || rc == QY_ENOMEM);
            }
            if (rc == QY_OK) {
                succeeded = 1;
                CHECK_INT(g.ncells, 24);
            }
            qy_grid_free(&g);
        }
        CHECK(succeeded);
    }
}

int main(void)
{
    alarm(120);
    RUN(test_openpyxl_sheet_list);
    RUN(test_openpyxl_ledger);
    RUN(test_openpyxl_1904);
    RUN(test_libreoffice_ledger);
    RUN(test_crafted_types);
    RUN(test_crafted_strict);
    RUN(test_bad_files);
    RUN(test_missing_sheet_leaves_the_others);
    RUN(test_entry_cap);
    RUN(test_cut_sheet_is_the_whole_sheet);
    RUN(test_scanner_is_expat);
    RUN(test_unescape);
    RUN(test_allocation_failures);
    return check_summary("xlsx");
}
