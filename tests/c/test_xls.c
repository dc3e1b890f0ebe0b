/* test_xls.c — .xls (BIFF8) workbooks read into grids: the fixtures of
 * tests/data/xls (made by make_xls.py with openpyxl + LibreOffice and with
 * xlwt) cell by cell, and against LibreOffice's CSV export of them; corrupt
 * and truncated files give clear errors; every allocation failure on the way
 * gives QY_ENOMEM and leaks nothing. */
#define _GNU_SOURCE   /* memmem, mkstemps */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "check.h"
#include "date.h"
#include "file.h"
#include "numfmt.h"
#include "strbuf.h"
#include "workbook.h"

static const char *const KIND[] = {"num", "text", "bool", "error", "none"};

/* Sheet i as text: one line a cell ("C3 num 0.00 1272.95 = 1272.95": ref,
 * kind, format, stored value, rendered text; "f" after the kind for a
 * formula), then the merged areas and the hidden rows. */
static int dump_sheet(qy_book *b, int i, qy_strbuf *out, qy_error *err)
{
    qy_grid g;
    int rc = qy_book_read_sheet(b, i, &g, err);
    if (rc != QY_OK) return rc;
    if (g.date1904) qy_strbuf_puts(out, "1904\n");
    for (int64_t k = 0; k < g.ncells; k++) {
        const qy_cell *c = &g.cells[k];
        char ref[16];
        qy_cell_ref(c->row, c->col, ref);
        qy_strbuf_printf(out, "%s %s%s", ref, KIND[c->kind], c->is_formula ? "f" : "");
        if (c->kind == QY_CELL_NUMBER) {
            const qy_grid_format *f = &g.formats[c->fmt];
            char shown[QY_NUMFMT_TEXT_SIZE];
            qy_numfmt_render(qy_numfmt_classify(f->id, f->code), c->v.number, g.date1904, shown);
            if (f->code) qy_strbuf_printf(out, " [%s]", f->code);
            else qy_strbuf_printf(out, " [%u]", f->id);
            qy_strbuf_printf(out, " %.17g = %s\n", c->v.number, shown);
        } else if (c->kind == QY_CELL_TEXT || c->kind == QY_CELL_ERROR) {
            size_t len;
            const char *s = qy_grid_string(&g, c->v.text, &len);
            qy_strbuf_printf(out, " '%.*s'\n", (int)len, s);
        } else if (c->kind == QY_CELL_BOOL) {
            qy_strbuf_puts(out, c->v.boolean ? " TRUE\n" : " FALSE\n");
        } else {
            qy_strbuf_puts(out, "\n");
        }
    }
    for (int64_t k = 0; k < g.nmerges; k++) {
        char a[16], z[16];
        qy_cell_ref(g.merges[k].first_row, g.merges[k].first_col, a);
        qy_cell_ref(g.merges[k].last_row, g.merges[k].last_col, z);
        qy_strbuf_printf(out, "merged %s:%s\n", a, z);
    }
    for (int64_t k = 0; k < g.nhidden; k++) qy_strbuf_printf(out, "hidden row %u\n", g.hidden_rows[k] + 1);
    qy_grid_free(&g);
    return QY_OK;
}

/* The whole book as text: each sheet's line, then its cells. */
static int dump_book(const char *path, qy_strbuf *out, qy_error *err)
{
    static const char *const STATE[] = {"visible", "hidden", "very hidden"};
    qy_book *b;
    QY_RETURN_NOT_OK(qy_book_open(path, &b, err));
    int rc = QY_OK;
    for (int i = 0; rc == QY_OK && i < qy_book_nsheets(b); i++) {
        const qy_sheet_info *s = qy_book_sheet(b, i);
        qy_strbuf_printf(out, "sheet '%s' %s%s %lldx%lld '%s'\n", s->name, STATE[s->state],
                         s->is_worksheet ? "" : " chart", (long long)s->rows, (long long)s->cols,
                         s->dimension);
        if (s->is_worksheet) rc = dump_sheet(b, i, out, err);
    }
    qy_book_close(b);
    return rc;
}

static const char LEDGER[] =
    "sheet '明细' visible 6x8 'A1:H6'\n"
    "A1 text '2024年项目台账'\n"
    "A2 text '县区'\n"
    "B2 text '项目'\n"
    "C2 text '金额'\n"
    "D2 text '数量'\n"
    "E2 text '日期'\n"
    "F2 text '时间'\n"
    "G2 text '完成'\n"
    "H2 text '比率'\n"
    "A3 text '东城区'\n"
    "B3 text '道路'\n"
    "C3 num [0.00] 1272.95 = 1272.95\n"
    "D3 num [#,##0] 3 = 3\n"
    "E3 num [yyyy\\-mm\\-dd] 45366 = 2024-03-15\n"
    "F3 num [yyyy\\-mm\\-dd\\ hh:mm:ss] 45366.4375 = 2024-03-15 10:30:00\n"
    "G3 boolf TRUE\n"
    "H3 numf [0.0%] -318237.5 = -318237.500\n"
    "B4 text '桥梁'\n"
    "C4 num [0.00] 1234.5 = 1234.50\n"
    "D4 num [General] 12 = 12\n"
    "E4 num [yyyy\\-mm\\-dd] 61 = 1900-03-01\n"
    "F4 num [yyyy\\-mm\\-dd\\ hh:mm:ss] 45367 = 2024-03-16 00:00:00\n"
    "G4 boolf FALSE\n"
    "H4 errorf '#DIV/0!'\n"
    "A5 text '西城区'\n"
    "B5 text '隐藏行'\n"
    "C5 num [0.00] -0.0040000000000000001 = 0.00\n"
    "D5 num [General] 0 = 0\n"
    "E5 num [yyyy\\-mm\\-dd] 36526 = 2000-01-01\n"
    "F5 num [hh:mm:ss] 0.75 = 18:00:00\n"
    "G5 boolf TRUE\n"
    "H5 num [0.0%] 0.25 = 0.250\n"
    "A6 text '合计'\n"
    "C6 numf [0.00] 2507.4459999999999 = 2507.45\n"
    "D6 numf [General] 15 = 15\n"
    "merged A1:H1\n"
    "merged A3:A4\n"
    "hidden row 5\n"
    "sheet '汇总' hidden 4x4 'A1:D4'\n"
    "B2 text '隐藏'\n"
    "C3 num [General] 42 = 42\n"
    "A4 textf '前缀'\n"
    "D4 errorf '#N/A'\n"
    "sheet '空' visible 0x0 ''\n"
    "sheet '配置' hidden 1x1 'A1:A1'\n"   /* LibreOffice keeps very hidden as hidden */
    "A1 num [General] 1 = 1\n";

static const char XLWT[] =
    "sheet '台账' visible 6x4 'A1:D6'\n"
    "1904\n"
    "A1 text '名称'\n"
    "B1 text '金额'\n"
    "C1 text '日期'\n"
    "D1 text '有效'\n"
    "A2 text '甲'\n"
    "B2 num [4] 1272.95 = 1272.95\n"
    "C2 num [yyyy\"年\"m\"月\"d\"日\"] 43904 = 2024-03-15\n"
    "D2 bool TRUE\n"
    "A3 text '乙'\n"
    "B3 num [4] -5 = -5.00\n"
    "C3 num [yyyy\"年\"m\"月\"d\"日\"] 0 = 1904-01-01\n"
    "D3 bool FALSE\n"
    "A4 num [General] 1 = 1\n"
    "B4 num [General] 2 = 2\n"
    "C4 num [General] 3 = 3\n"
    "D4 num [General] 4.5 = 4.5\n"
    "A5 textf ''\n"      /* xlwt stores no result: an empty string */
    "A6 text '合并'\n"
    "merged A6:D6\n"
    "hidden row 3\n"
    "sheet '错误' very hidden 1x1 'A1:A1'\n"
    "1904\n"
    "A1 text '值'\n";

static const char DATES1904[] =
    "sheet 'dates' visible 3x1 'A1:A3'\n"
    "1904\n"
    "A1 num [yyyy\\-mm\\-dd] 43904 = 2024-03-15\n"
    "A2 num [yyyy\\-mm\\-dd] 0 = 1904-01-01\n"
    "A3 num [General] 7.5 = 7.5\n";

static void check_book(const char *path, const char *want)
{
    qy_strbuf out = QY_STRBUF_INIT;
    qy_error err = {0};
    CHECK_INT(dump_book(path, &out, &err), QY_OK);
    CHECK_STR(err.msg, "");
    CHECK_STR(out.data, want);
    qy_strbuf_free(&out);
}

static void test_ledger(void) { check_book("tests/data/xls/ledger.xls", LEDGER); }

static void test_xlwt(void) { check_book("tests/data/xls/xlwt.xls", XLWT); }

static void test_dates1904(void) { check_book("tests/data/xls/dates1904.xls", DATES1904); }

static void test_sheet_list(void)
{
    qy_book *b;
    qy_error err = {0};
    CHECK_INT(qy_book_open("tests/data/xls/ledger.xls", &b, &err), QY_OK);
    if (!b) return;
    CHECK_INT(qy_book_format_of(b), QY_BOOK_XLS);
    CHECK_INT(qy_book_nsheets(b), 4);
    CHECK(qy_book_sheet(b, 4) == NULL);
    qy_grid g;
    CHECK_INT(qy_book_read_sheet(b, 4, &g, &err), QY_ERANGE);
    CHECK_STR(err.msg, "tests/data/xls/ledger.xls has no sheet 5 (it has 4)");
    CHECK_INT(qy_book_read_sheet(b, 2, &g, &err), QY_OK);   /* '空' */
    CHECK_INT(g.ncells, 0);
    CHECK_INT(g.nformats, 1);
    CHECK(g.formats[0].id == 0 && g.formats[0].code == NULL);
    qy_grid_free(&g);
    qy_book_close(b);
}

static char temp_path[] = "/tmp/qy_xls_XXXXXX.xls";

static const char *write_temp(const unsigned char *data, size_t len)
{
    char *path = temp_path;
    static int made;
    if (!made) {
        int fd = mkstemps(path, 4);
        if (fd < 0) abort();
        close(fd);
        made = 1;
    }
    FILE *f = fopen(path, "wb");   /* no fsync: a thousand of them */
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) abort();
    return path;
}

static unsigned char *ledger_bytes(size_t *len)
{
    char *data = NULL;
    if (qy_file_read_all("tests/data/xls/ledger.xls", &data, len, NULL) != QY_OK) abort();
    return (unsigned char *)data;
}

/* The offset of the first sheet's BOF record (BIFF8, worksheet). */
static size_t sheet_bof(const unsigned char *d, size_t len)
{
    static const unsigned char BOF[8] = {0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x10, 0x00};
    const unsigned char *p = memmem(d, len, BOF, sizeof BOF);
    if (!p) abort();
    return (size_t)(p - d);
}

static void test_truncated(void)
{
    qy_strbuf out = QY_STRBUF_INIT;
    qy_error err = {0};
    CHECK_INT(dump_book("tests/data/xls/truncated.xls", &out, &err), QY_EFORMAT);
    /* Its directory, at the end, went with the second half. */
    CHECK_STR(err.msg, "tests/data/xls/truncated.xls is an OLE2 document without an Excel "
                       "workbook in it (a Word .doc, or a WPS .et file?)");
    qy_strbuf_free(&out);
}

/* Damage at known places: each a clear error naming the file, the sheet and
 * the cell where there is one. */
static void test_corrupt(void)
{
    size_t len;
    unsigned char *d = ledger_bytes(&len);
    size_t bof = sheet_bof(d, len);
    qy_strbuf out = QY_STRBUF_INIT;
    qy_error err = {0};
    char want[512];

    /* The sheet's BOF says chart. */
    d[bof + 6] = 0x20;
    const char *path = write_temp(d, len);
    CHECK_INT(dump_book(path, &out, &err), QY_EFORMAT);
    snprintf(want, sizeof want,
             "%s: sheet '明细': the sheet's part is not a worksheet (a corrupt or truncated .xls)",
             path);
    CHECK_STR(err.msg, want);
    d[bof + 6] = 0x10;

    /* A NUMBER record's XF index past the XF records. */
    static const unsigned char NUMBER[4] = {0x03, 0x02, 0x0E, 0x00};
    unsigned char *num = memmem(d + bof, len - bof, NUMBER, sizeof NUMBER);
    CHECK(num != NULL);
    if (num) {
        unsigned char saved = num[9];
        num[9] = 0x0F;
        path = write_temp(d, len);
        CHECK_INT(dump_book(path, &out, &err), QY_EFORMAT);
        char ref[16];
        qy_cell_ref((uint32_t)(num[4] | num[5] << 8), (uint32_t)(num[6] | num[7] << 8), ref);
        snprintf(want, sizeof want,
                 "%s: sheet '明细', cell %s: its XF index is past the XF records (a corrupt .xls)",
                 path, ref);
        CHECK_STR(err.msg, want);
        num[9] = saved;
    }

    /* A record longer than BIFF8 allows (freexl would let it pass). */
    d[bof + 22] = 0xFF;
    d[bof + 23] = 0xFF;
    path = write_temp(d, len);
    CHECK_INT(dump_book(path, &out, &err), QY_EFORMAT);
    snprintf(want, sizeof want,
             "%s: a record is longer than BIFF8 allows (a corrupt or truncated .xls)", path);
    CHECK_STR(err.msg, want);
    qy_strbuf_free(&out);
    qy_free(d);
}

/* Every seventh byte of the file damaged in turn, and cuts: never a crash;
 * each read gives a table or an error naming the file. */
static void test_damage_anywhere(void)
{
    size_t len;
    unsigned char *d = ledger_bytes(&len);
    int ok = 0, failed = 0;
    for (size_t at = 0; at < len; at += 7) {
        for (int pass = 0; pass < 2; pass++) {
            unsigned char saved = d[at];
            d[at] = pass ? 0xFF : (unsigned char)(saved ^ 0x5A);
            const char *path = write_temp(d, len);
            d[at] = saved;
            qy_strbuf out = QY_STRBUF_INIT;
            qy_error err = {0};
            int rc = dump_book(path, &out, &err);
            if (rc == QY_OK) {
                ok++;
            } else {
                failed++;
                CHECK(strstr(err.msg, path) != NULL);
            }
            qy_strbuf_free(&out);
        }
    }
    for (size_t cut = 0; cut < len; cut += 256) {
        const char *path = write_temp(d, cut);
        qy_strbuf out = QY_STRBUF_INIT;
        qy_error err = {0};
        if (dump_book(path, &out, &err) != QY_OK) CHECK(strstr(err.msg, path) != NULL);
        else CHECK(cut > len / 2);   /* only the unused sectors at the end went */
        qy_strbuf_free(&out);
    }
    CHECK(ok > 0 && failed > 0);
    qy_free(d);
}

/* Fields of one CSV line as LibreOffice writes them. */
static int split_csv(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        char *out = p;
        fields[n++] = p;
        if (*p == '"') {
            char *in = p + 1;
            while (*in && !(*in == '"' && in[1] != '"')) {
                if (*in == '"') in++;
                *out++ = *in++;
            }
            p = *in ? in + 1 : in;
        } else {
            while (*p && *p != ',') *out++ = *p++;
        }
        bool more = *p == ',';
        *out = '\0';
        if (!more) break;
        p++;
    }
    return n;
}

/* LibreOffice's shown text as the value the grid's cell renders: no
 * grouping commas, a percent as the value ("-31823750.0%" is
 * "-318237.500"), a Chinese date as "YYYY-MM-DD". */
static void normalize_lo(qy_numfmt f, const char *shown, char *out, size_t cap)
{
    char digits[64];
    size_t n = 0;
    for (const char *p = shown; *p && n < sizeof digits - 1; p++)
        if (*p != ',' && *p != '%' && *p != '-') digits[n++] = *p;
    digits[n] = '\0';
    const char *sign = shown[0] == '-' ? "-" : "";
    if (f.kind == QY_NUMFMT_FIXED) {
        snprintf(out, cap, "%s%s", sign, digits);
    } else if (f.kind == QY_NUMFMT_PERCENT) {   /* two places left; "25.0" -> "0.250" */
        char *point = strchr(digits, '.');
        size_t intlen = point ? (size_t)(point - digits) : n;
        char all[64];
        snprintf(all, sizeof all, "%.*s%s", (int)intlen, digits, point ? point + 1 : "");
        long at = (long)intlen - 2;
        if (at <= 0) snprintf(out, cap, "%s0.%s%s", sign, at < 0 ? "0" : "", all);
        else snprintf(out, cap, "%s%.*s.%s", sign, (int)at, all, all + at);
    } else if (f.kind == QY_NUMFMT_DATE && strstr(shown, "年")) {
        int32_t days;
        char iso[16] = "unparsed";
        if (qy_date_parse(shown, strlen(shown), &days) == QY_OK) qy_date_format(days, iso);
        snprintf(out, cap, "%s", iso);
    } else {
        snprintf(out, cap, "%s", shown);
    }
}

/* The first sheet against LibreOffice's CSV export of the same .xls, cell
 * by cell; differences (ref and LibreOffice's text) are on purpose. */
static void check_against_csv(const char *xls, const char *csv, const char *const *differences)
{
    qy_book *b;
    qy_grid g;
    qy_error err = {0};
    CHECK_INT(qy_book_open(xls, &b, &err), QY_OK);
    if (!b) return;
    CHECK_INT(qy_book_read_sheet(b, 0, &g, &err), QY_OK);
    FILE *f = fopen(csv, "r");
    CHECK(f != NULL);
    char line[2048];
    uint32_t row = 0;
    int64_t k = 0, compared = 0;
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *fields[64];
        int n = split_csv(line, fields, 64);
        for (int col = 0; col < n; col++, compared++) {
            char ours[QY_NUMFMT_TEXT_SIZE] = "", lo[128], ref[16], what[512], want[512];
            qy_numfmt fmt = {QY_NUMFMT_GENERAL, 0};
            while (k < g.ncells && (g.cells[k].row < row || (g.cells[k].row == row && g.cells[k].col < col))) k++;
            if (k < g.ncells && g.cells[k].row == row && g.cells[k].col == col) {
                const qy_cell *c = &g.cells[k];
                size_t len;
                const char *s;
                if (c->kind == QY_CELL_NUMBER) {
                    fmt = qy_numfmt_classify(g.formats[c->fmt].id, g.formats[c->fmt].code);
                    qy_numfmt_render(fmt, c->v.number, g.date1904, ours);
                } else if (c->kind == QY_CELL_TEXT || c->kind == QY_CELL_ERROR) {
                    s = qy_grid_string(&g, c->v.text, &len);
                    snprintf(ours, sizeof ours, "%.*s", (int)len, s);
                } else if (c->kind == QY_CELL_BOOL) {   /* LibreOffice shows them as 1 and 0 */
                    snprintf(ours, sizeof ours, "%d", c->v.boolean);
                }
            }
            normalize_lo(fmt, fields[col], lo, sizeof lo);
            qy_cell_ref(row, (uint32_t)col, ref);
            bool differs = false;
            for (int d = 0; differences[d]; d += 2)
                differs |= strcmp(differences[d], ref) == 0 && strcmp(differences[d + 1], lo) == 0;
            snprintf(what, sizeof what, "%s %s: \"%s\"", xls, ref, ours);
            snprintf(want, sizeof want, "%s %s: \"%s\"", xls, ref, lo);
            if (differs) CHECK(strcmp(what, want) != 0);
            else CHECK_STR(what, want);
        }
        row++;
    }
    if (f) fclose(f);
    CHECK(compared >= 24);
    qy_grid_free(&g);
    qy_book_close(b);
}

static void test_libreoffice_csv(void)
{
    static const char *const none[] = {NULL};
    /* xlwt stores no result for its formula; LibreOffice computes one. */
    static const char *const xlwt[] = {"A5", "#DIV/0!", NULL};
    check_against_csv("tests/data/xls/ledger.xls", "tests/data/xls/ledger.csv", none);
    check_against_csv("tests/data/xls/xlwt.xls", "tests/data/xls/xlwt.csv", xlwt);
}

static void test_alloc_failure(void)
{
    const char *books[] = {"tests/data/xls/ledger.xls", "tests/data/xls/xlwt.xls"};
    const char *wants[] = {LEDGER, XLWT};
    for (int k = 0; k < 2; k++) {
        long n = 0;
        int rc;
        do {
            qy_strbuf out = QY_STRBUF_INIT;
            qy_error err = {0};
            /* Room for the whole dump first: only the reader's allocations fail. */
            if (qy_strbuf_reserve(&out, 1 << 16) != QY_OK) abort();
            qy_alloc_fail_after(n);
            rc = dump_book(books[k], &out, &err);
            qy_alloc_fail_after(-1);
            if (rc == QY_OK) CHECK_STR(out.data, wants[k]);
            else if (rc != QY_ENOMEM) CHECK_INT(rc, QY_ENOMEM);
            qy_strbuf_free(&out);
            n++;
        } while (rc == QY_ENOMEM && n < 100000);
        CHECK_INT(rc, QY_OK);
        CHECK(n > 20);
    }
}

int main(void)
{
    RUN(test_ledger);
    RUN(test_xlwt);
    RUN(test_dates1904);
    RUN(test_sheet_list);
    RUN(test_libreoffice_csv);
    RUN(test_truncated);
    RUN(test_corrupt);
    RUN(test_damage_anywhere);
    RUN(test_alloc_failure);
    unlink(temp_path);
    return check_summary("test_xls");
}
