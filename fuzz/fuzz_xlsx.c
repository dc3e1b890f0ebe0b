/* fuzz_xlsx.c — libFuzzer harness for the .xlsx reader (xlsx.c and the zip
 * and XML layers under it: zip_entry.c, xml_part.c, xlsx_sheet.c).
 *
 * The input is the file. It goes to a memfd (no disk), is opened as an
 * .xlsx and every sheet is read. Caps are lowered (8 MiB an entry, 100
 * times past 1 MiB) so a bomb costs milliseconds. The seeds store their
 * entries uncompressed, so mutations reach the XML: expat parses as the
 * entry streams, before the CRC check at its end. Beyond not crashing,
 * hanging or leaking, a grid read must keep the grid's promises: cells in
 * order inside Excel's limits, strings and formats in range. And each
 * worksheet part cut into pieces of a few bytes (xlsx_rows.h; the last
 * input byte picks the size) on 2 threads must give what one parse of the
 * whole part gives, grid or error message: a difference traps.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "alloc.h"
#include "workbook_impl.h"
#include "xlsx_rows.h"
#include "zip_entry.h"

static void check_grid(const qy_grid *g)
{
    for (int64_t i = 0; i < g->ncells; i++) {
        const qy_cell *c = &g->cells[i];
        if (c->row >= QY_SHEET_MAX_ROWS || c->col >= QY_SHEET_MAX_COLS || c->fmt >= g->nformats)
            __builtin_trap();
        if (i > 0) {
            const qy_cell *p = &g->cells[i - 1];
            if (!(p->row < c->row || (p->row == c->row && p->col < c->col))) __builtin_trap();
        }
        if ((c->kind == QY_CELL_TEXT || c->kind == QY_CELL_ERROR) && c->v.text >= g->nstrings)
            __builtin_trap();
    }
    for (uint32_t i = 0; i < g->nstrings; i++)
        if (g->start[i] > g->start[i + 1] || g->start[i + 1] > g->text_cap) __builtin_trap();
    for (int64_t i = 1; i < g->nhidden; i++)
        if (g->hidden_rows[i - 1] >= g->hidden_rows[i]) __builtin_trap();
    if (g->nformats < 1 || g->formats[0].id != 0) __builtin_trap();
}

static bool same_grid(const qy_grid *a, const qy_grid *b)
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
    if (a->nstrings && memcmp(a->start, b->start, ((size_t)a->nstrings + 1) * sizeof *a->start))
        return false;
    if (a->nstrings && memcmp(a->text, b->text, (size_t)a->start[a->nstrings])) return false;
    if (a->nhidden && memcmp(a->hidden_rows, b->hidden_rows, (size_t)a->nhidden * 4)) return false;
    return a->nmerges == 0 || memcmp(a->merges, b->merges, (size_t)a->nmerges * sizeof *a->merges) == 0;
}

/* Every entry of the zip that is a worksheet part by name, read whole and
 * cut, the two compared. */
static void compare_cuts(int fd, size_t piece)
{
    static uint32_t xf_fmt[64];
    qy_zip *z = NULL;
    if (qy_zip_open(fd, "fuzz.xlsx", &z, NULL) != QY_OK) return;
    for (int n = 1; n <= 3; n++) {
        char part[64];
        snprintf(part, sizeof part, "xl/worksheets/sheet%d.xml", n);
        int64_t index = qy_zip_find(z, part);
        if (index < 0) continue;
        qy_xlsx_sheet_ref ref = {"fuzz.xlsx", "S", part, xf_fmt, 64};
        qy_grid whole = {0}, whole_own = {0}, cut = {0}, cut_own = {0};
        qy_error whole_err = {0}, cut_err = {0};
        int whole_rc = qy_xlsx_read_cells(z, index, &ref, &whole, &whole_own, &whole_err);
        int cut_rc = qy_xlsx_read_rows(z, index, &ref, 2, piece, &cut, &cut_own, &cut_err);
        bool same = whole_rc == cut_rc
                 && (whole_rc == QY_OK ? same_grid(&whole, &cut) && same_grid(&whole_own, &cut_own)
                                       : strcmp(whole_err.msg, cut_err.msg) == 0);
        if (!same) {
            fprintf(stderr, "%s in pieces of %zu: rc %d \"%s\"; whole: rc %d \"%s\"\n", part,
                    piece, cut_rc, cut_err.msg, whole_rc, whole_err.msg);
            __builtin_trap();
        }
        qy_grid_free(&whole);
        qy_grid_free(&whole_own);
        qy_grid_free(&cut);
        qy_grid_free(&cut_own);
    }
    qy_zip_close(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const qy_zip_caps caps = {.entry_max = 8 << 20, .ratio_from = 1 << 20, .ratio = 100};
    qy_zip_set_caps(&caps);
    int fd = memfd_create("fuzz.xlsx", 0);
    if (fd < 0) abort();
    if (size && write(fd, data, size) != (ssize_t)size) abort();
    qy_book *b = qy_calloc(1, sizeof *b);
    if (!b || !(b->path = qy_strndup("fuzz.xlsx", 9))) abort();
    b->format = QY_BOOK_XLSX;
    qy_error err = {0};
    compare_cuts(fd, size ? 1 + data[size - 1] % 64 : 1);
    if (qy_xlsx_open(b, fd, &err) == QY_OK) {   /* fd is the book's now, or closed */
        for (int i = 0; i < qy_book_nsheets(b); i++) {
            qy_grid g;
            if (qy_book_read_sheet(b, i, &g, &err) == QY_OK) check_grid(&g);
            qy_grid_free(&g);
        }
    }
    qy_book_close(b);
    return 0;
}
