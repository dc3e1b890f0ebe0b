/* test_excel_read.c — shaping a sheet into a table (excel_read.h), on grids
 * built cell by cell, so each rule is seen alone: the area, title rows,
 * header rows and their merged parents, the width and ragged rows, merged
 * body cells, hidden rows, footers, error cells, typing, and messages in the
 * sheet's rows. (Workbooks written by other programs are read in
 * tests/lua/excel_fixtures_spec.lua and the format readers' own tests.) */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "check.h"
#include "excel_read.h"
#include "strbuf.h"
#include "workbook_impl.h"

/* Formats of every test grid: General, "0.00", a date, a date with time,
 * "0.0%". */
enum { GENERAL, MONEY, DATE, DATETIME, PERCENT, NFORMATS };

static void grid_init(qy_grid *g)
{
    memset(g, 0, sizeof *g);
    g->formats = qy_calloc(NFORMATS, sizeof *g->formats);
    g->nformats = NFORMATS;
    g->formats[MONEY].id = 2;
    g->formats[DATE].id = 14;
    g->formats[DATETIME].id = 164;
    g->formats[DATETIME].code = qy_strndup("yyyy-mm-dd hh:mm:ss", 19);
    g->formats[PERCENT].id = 165;
    g->formats[PERCENT].code = qy_strndup("0.0%", 4);
}

static qy_cell *add_cell(qy_grid *g, const char *ref)
{
    if ((g->ncells & (g->ncells - 1)) == 0)
        g->cells = qy_realloc(g->cells, (size_t)(g->ncells ? g->ncells * 2 : 1) * sizeof *g->cells);
    qy_cell *c = &g->cells[g->ncells++];
    memset(c, 0, sizeof *c);
    uint32_t row, col;
    if (qy_cell_ref_parse(ref, strlen(ref), &row, &col) != QY_OK) abort();
    c->row = row;
    c->col = (uint16_t)col;
    return c;
}

/* Cells must be added in row order, then column order, as a grid holds them. */
static void text(qy_grid *g, const char *ref, const char *s)
{
    qy_cell *c = add_cell(g, ref);
    c->kind = QY_CELL_TEXT;
    if (qy_grid_add_string(g, s, strlen(s), &c->v.text) != QY_OK) abort();
}

static void number(qy_grid *g, const char *ref, double v, uint32_t fmt)
{
    qy_cell *c = add_cell(g, ref);
    c->kind = QY_CELL_NUMBER;
    c->v.number = v;
    c->fmt = fmt;
}

static void error_cell(qy_grid *g, const char *ref, const char *what)
{
    qy_cell *c = add_cell(g, ref);
    c->kind = QY_CELL_ERROR;
    c->is_formula = 1;
    if (qy_grid_add_string(g, what, strlen(what), &c->v.text) != QY_OK) abort();
}

static void merge(qy_grid *g, const char *a, const char *b)
{
    uint32_t r0, c0, r1, c1;
    if (qy_cell_ref_parse(a, strlen(a), &r0, &c0) || qy_cell_ref_parse(b, strlen(b), &r1, &c1))
        abort();
    g->merges = qy_realloc(g->merges, (size_t)(g->nmerges + 1) * sizeof *g->merges);
    g->merges[g->nmerges++] = (qy_cell_range){r0, r1, (uint16_t)c0, (uint16_t)c1};
}

static void hide(qy_grid *g, uint32_t row1)
{
    g->hidden_rows = qy_realloc(g->hidden_rows, (size_t)(g->nhidden + 1) * sizeof *g->hidden_rows);
    g->hidden_rows[g->nhidden++] = row1 - 1;
}

/* The table as "name:type" per column, then its rows, "|" between values,
 * "~" for null. */
static char *dump(const qy_table *t)
{
    qy_strbuf b = QY_STRBUF_INIT;
    for (int j = 0; j < t->ncols; j++) {
        char type[16];
        qy_strbuf_printf(&b, "%s%s:%s", j ? " " : "", t->names[j],
                         qy_type_name(t->cols[j]->type, t->cols[j]->scale, type));
    }
    for (int64_t i = 0; i < t->nrows; i++) {
        qy_strbuf_puts(&b, "\n");
        for (int j = 0; j < t->ncols; j++) {
            char buf[64];
            const char *v;
            size_t n = qy_column_format(t->cols[j], i, buf, sizeof buf, &v);
            qy_strbuf_printf(&b, "%s%.*s", j ? "|" : "", v ? (int)n : 1, v ? v : "~");
        }
    }
    return qy_strbuf_steal(&b, NULL);
}

/* Reads g with opts; the dump, or "error: <message>". */
static char *read_dump(const qy_grid *g, const qy_excel_options *opts, qy_excel_report *rep)
{
    qy_table *t = NULL;
    qy_error err = {0};
    if (qy_excel_read_grid("ledger.xlsx", "明细", g, opts, &t, rep, &err) != QY_OK) {
        qy_strbuf b = QY_STRBUF_INIT;
        qy_strbuf_printf(&b, "error: %s", err.msg);
        return qy_strbuf_steal(&b, NULL);
    }
    char *d = dump(t);
    qy_table_release(t);
    return d;
}

#define CHECK_READ(g, opts, rep, expected)         \
    do {                                           \
        char *got_ = read_dump(g, opts, rep);      \
        CHECK_STR(got_, expected);                 \
        qy_free(got_);                             \
    } while (0)

/* The bureau's shape: a merged title, a two-row header with a parent over
 * two columns and names merged down, a county merged over its projects, a
 * 合计 row; money "0.00", a date. */
static void ledger(qy_grid *g)
{
    grid_init(g);
    text(g, "A1", "2024年上半年招商引资项目台账（SYNTHETIC）");
    text(g, "A2", "县区");
    text(g, "B2", "项目名称");
    text(g, "C2", "投资方");
    text(g, "E2", "签约日期");
    text(g, "C3", "名称");
    text(g, "D3", "金额\n(万元)");
    text(g, "A4", "环县");
    text(g, "B4", "风电项目");
    text(g, "C4", "甲公司");
    number(g, "D4", 1272.9500000000001, MONEY);
    number(g, "E4", 45366, DATE);
    text(g, "B5", "光伏项目");
    text(g, "C5", "乙公司");
    number(g, "D5", 5, MONEY);
    number(g, "E5", 45367, DATE);
    text(g, "A6", "宁县");
    text(g, "B6", "苹果加工");
    text(g, "C6", "丙公司");
    number(g, "D6", 0.1 + 0.2, MONEY);
    number(g, "E6", 45400, DATE);
    text(g, "A7", "合  计");
    number(g, "D7", 1278.25, MONEY);
    merge(g, "A1", "E1");
    merge(g, "A2", "A3");
    merge(g, "B2", "B3");
    merge(g, "C2", "D2");
    merge(g, "E2", "E3");
    merge(g, "A4", "A5");
}

static void test_ledger_shape(void)
{
    qy_grid g;
    ledger(&g);
    qy_excel_report rep;
    CHECK_READ(&g, NULL, &rep,
               "县区:string 项目名称:string 投资方/名称:string 投资方/金额 (万元):decimal(2) "
               "签约日期:date\n"
               "环县|风电项目|甲公司|1272.95|2024-03-15\n"
               "环县|光伏项目|乙公司|5.00|2024-03-16\n"
               "宁县|苹果加工|丙公司|0.30|2024-04-18");
    CHECK_STR(rep.title, "2024年上半年招商引资项目台账（SYNTHETIC）");
    CHECK_INT(rep.skipped, 1);
    CHECK_INT(rep.header_rows, 2);
    CHECK_INT(rep.footer_rows, 1);
    CHECK_INT(rep.nfooters, 1);
    CHECK_STR(rep.footers[0], "合  计");
    CHECK_INT(rep.merged, 1);
    CHECK_STR(rep.range, "A1:E7");
    CHECK_STR(rep.sheet, "明细");
    CHECK_INT(rep.csv.nwarnings, 0);
    qy_grid_free(&g);
}

static void test_options_change_the_shape(void)
{
    qy_grid g;
    ledger(&g);
    qy_excel_options o;
    qy_excel_options_init(&o);
    o.fill_merged = false;
    o.footer = QY_FOOTER_NONE;
    qy_excel_report rep;
    CHECK_READ(&g, &o, &rep,
               "县区:string 项目名称:string 投资方/名称:string 投资方/金额 (万元):decimal(2) "
               "签约日期:date\n"
               "环县|风电项目|甲公司|1272.95|2024-03-15\n"
               "~|光伏项目|乙公司|5.00|2024-03-16\n"
               "宁县|苹果加工|丙公司|0.30|2024-04-18\n"
               "合  计|~|~|1278.25|~");
    CHECK_INT(rep.merged, 0);
    CHECK_INT(rep.footer_rows, 0);
    /* skip and header given: no detection; one header row of row 3. */
    qy_excel_options_init(&o);
    o.skip = 2;
    o.header_rows = 1;
    o.range = (qy_cell_range){0, 5, 2, 3};   /* C1:D6 */
    o.has_range = true;
    CHECK_READ(&g, &o, &rep, "名称:string 金额 (万元):decimal(2)\n"
                             "甲公司|1272.95\n乙公司|5.00\n丙公司|0.30");
    CHECK_STR(rep.title, "");
    CHECK_INT(rep.skipped, 2);
    CHECK_STR(rep.range, "C1:D6");
    /* No header: col1... over the whole area, the title row a row. */
    qy_excel_options_init(&o);
    o.header_rows = 0;
    o.skip = 3;
    CHECK_READ(&g, &o, &rep,
               "col1:string col2:string col3:string col4:decimal(2) col5:date\n"
               "环县|风电项目|甲公司|1272.95|2024-03-15\n"
               "环县|光伏项目|乙公司|5.00|2024-03-16\n"
               "宁县|苹果加工|丙公司|0.30|2024-04-18");
    qy_grid_free(&g);
}

static void test_types_and_renames_pass_through(void)
{
    qy_grid g;
    ledger(&g);
    qy_excel_options o;
    qy_excel_options_init(&o);
    qy_csv_rename renames[] = {{"投资方/金额 (万元)", "amount"}, {"县区", "county"}};
    qy_csv_type types[] = {{"amount", QY_FLOAT64, 0}};
    o.csv.renames = renames;
    o.csv.nrenames = 2;
    o.csv.types = types;
    o.csv.ntypes = 1;
    o.range = (qy_cell_range){0, 6, 0, 3};   /* A1:D7 */
    o.has_range = true;
    CHECK_READ(&g, &o, NULL,
               "county:string 项目名称:string 投资方/名称:string amount:float64\n"
               "环县|风电项目|甲公司|1272.95\n"
               "环县|光伏项目|乙公司|5\n"
               "宁县|苹果加工|丙公司|0.3");
    /* A value the asked type cannot take is named by its sheet row. */
    qy_csv_type as_int[] = {{"项目名称", QY_INT64, 0}};
    qy_excel_options_init(&o);
    o.csv.types = as_int;
    o.csv.ntypes = 1;
    CHECK_READ(&g, &o, NULL, "error: ledger.xlsx: sheet '明细', row 4: column '项目名称': "
                             "'风电项目' is not an int64");
    qy_grid_free(&g);
}

static void test_values_as_excel_shows_them(void)
{
    qy_grid g;
    grid_init(&g);
    text(&g, "A1", "code");
    text(&g, "B1", "general");
    text(&g, "C1", "when");
    text(&g, "D1", "rate");
    text(&g, "E1", "quote");
    text(&g, "A2", "010");
    number(&g, "B2", 0.1 + 0.2, GENERAL);
    number(&g, "C2", 45366.5, DATETIME);
    number(&g, "D2", 0.12345, PERCENT);
    text(&g, "E2", "say \"hi\", then\nleave");
    text(&g, "A3", "00501");
    number(&g, "B3", 1e20, GENERAL);
    number(&g, "C3", 45367.25, DATETIME);
    number(&g, "D3", 1, PERCENT);
    text(&g, "E3", "");
    CHECK_READ(&g, NULL, NULL,
               "code:string general:float64 when:string rate:decimal(3) quote:string\n"
               "010|0.3|2024-03-15 12:00:00|0.123|say \"hi\", then\nleave\n"
               "00501|1e+20|2024-03-16 06:00:00|1.000|");
    qy_grid_free(&g);
}

static void test_errors_and_hidden_rows(void)
{
    qy_grid g;
    grid_init(&g);
    text(&g, "A1", "county");
    text(&g, "B1", "rate");
    text(&g, "A2", "环县");
    error_cell(&g, "B2", "#DIV/0!");
    text(&g, "A3", "宁县");
    number(&g, "B3", 2, GENERAL);
    text(&g, "A4", "镇原县");
    error_cell(&g, "B4", "#N/A");
    hide(&g, 3);
    qy_excel_report rep;
    CHECK_READ(&g, NULL, &rep, "county:string rate:int64\n环县|~\n宁县|2\n镇原县|~");
    CHECK_INT(rep.errors, 2);
    CHECK_INT(rep.nerror_cells, 2);
    CHECK_STR(rep.error_cells[0].ref, "B2");
    CHECK_STR(rep.error_cells[0].value, "#DIV/0!");
    CHECK_STR(rep.error_cells[1].ref, "B4");
    CHECK_STR(rep.error_cells[1].value, "#N/A");
    CHECK_INT(rep.hidden, 1);
    CHECK_INT(rep.csv.nwarnings, 1);
    CHECK_STR(rep.csv.warnings[0], "2 error cell(s) read as null (first: B2 #DIV/0!)");
    qy_excel_options o;
    qy_excel_options_init(&o);
    o.drop_hidden = true;
    CHECK_READ(&g, &o, &rep, "county:string rate:string\n环县|~\n镇原县|~");
    CHECK_INT(rep.hidden, 1);
    qy_grid_free(&g);
}

/* A value under no header name has a column all the same, as in a CSV
 * export: colN. */
static void test_values_beyond_the_header(void)
{
    qy_grid g;
    grid_init(&g);
    text(&g, "A1", "county");
    text(&g, "B1", "amount");
    text(&g, "A2", "环县");
    number(&g, "B2", 1, GENERAL);
    text(&g, "A3", "宁县");
    number(&g, "B3", 2, GENERAL);
    text(&g, "D3", "note");
    CHECK_READ(&g, NULL, NULL, "county:string amount:int64 col3:string col4:string\n"
                               "环县|1|~|~\n宁县|2|~|note");
    qy_grid_free(&g);
}

static bool ends_with_total(void *ctx, const char *t, size_t len, qy_error *err, bool *failed)
{
    (void)ctx;
    if (len == 4 && memcmp(t, "boom", 4) == 0) {
        *failed = true;
        qy_error_set(err, QY_EINVAL, "option 'footer': the test says no");
        return false;
    }
    return len >= 5 && memcmp(t + len - 5, "total", 5) == 0;
}

static void test_footers(void)
{
    qy_grid g;
    grid_init(&g);
    text(&g, "A1", "county");
    text(&g, "B1", "amount");
    text(&g, "A2", "环县");
    number(&g, "B2", 1, GENERAL);
    text(&g, "A3", "小计");
    number(&g, "B3", 1, GENERAL);
    text(&g, "A4", "宁县");
    number(&g, "B4", 2, GENERAL);
    text(&g, "A5", "总计");
    number(&g, "B5", 3, GENERAL);
    text(&g, "A7", "注：数据为SYNTHETIC");
    qy_excel_report rep;
    CHECK_READ(&g, NULL, &rep, "county:string amount:int64\n环县|1\n小计|1\n宁县|2");
    CHECK_INT(rep.footer_rows, 2);
    CHECK_STR(rep.footers[0], "注：数据为SYNTHETIC");
    CHECK_STR(rep.footers[1], "总计");
    CHECK_INT(rep.csv.nwarnings, 1);
    CHECK_STR(rep.csv.warnings[0], "row 3 starts like a total ('小计') but is not at the bottom: "
                                   "it is kept");
    qy_excel_options o;
    qy_excel_options_init(&o);
    o.footer = QY_FOOTER_CALLBACK;
    o.footer_fn = ends_with_total;
    CHECK_READ(&g, &o, &rep,
               "county:string amount:int64\n环县|1\n小计|1\n宁县|2\n总计|3\n注：数据为SYNTHETIC|~");
    qy_grid_free(&g);
    grid_init(&g);
    text(&g, "A1", "county");
    text(&g, "A2", "boom");
    CHECK_READ(&g, &o, &rep, "error: option 'footer': the test says no");
    qy_grid_free(&g);
}

static void test_bad_sheets(void)
{
    qy_grid g;
    grid_init(&g);
    CHECK_READ(&g, NULL, NULL, "error: ledger.xlsx: sheet '明细' is empty");
    text(&g, "C5", "x");
    qy_excel_options o;
    qy_excel_options_init(&o);
    o.skip = 9;
    CHECK_READ(&g, &o, NULL, "error: ledger.xlsx: sheet '明细': skip = 9 leaves no rows (the "
                             "area is C1:C5)");
    o.skip = 4;
    CHECK_READ(&g, &o, NULL, "x:string");
    qy_grid_free(&g);
}

/* Every allocation failing in turn gives QY_ENOMEM or the table, never a
 * crash or a leak (valgrind checks the leaks). */
static void test_out_of_memory(void)
{
    qy_grid g;
    ledger(&g);
    int ok = 0;
    for (long n = 0; n < 400 && !ok; n++) {
        qy_table *t = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_excel_read_grid("ledger.xlsx", "明细", &g, NULL, &t, NULL, &err);
        qy_alloc_fail_after(-1);
        CHECK(rc == QY_OK || rc == QY_ENOMEM);
        ok = rc == QY_OK;
        qy_table_release(t);
    }
    CHECK(ok);
    qy_grid_free(&g);
}

int main(void)
{
    RUN(test_ledger_shape);
    RUN(test_options_change_the_shape);
    RUN(test_types_and_renames_pass_through);
    RUN(test_values_as_excel_shows_them);
    RUN(test_errors_and_hidden_rows);
    RUN(test_values_beyond_the_header);
    RUN(test_footers);
    RUN(test_bad_sheets);
    RUN(test_out_of_memory);
    return check_summary("test_excel_read");
}
