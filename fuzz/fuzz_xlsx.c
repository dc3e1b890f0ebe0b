/* fuzz_xlsx.c — libFuzzer harness for the .xlsx reader (xlsx.c and the zip
 * and XML layers under it: zip_entry.c, xml_part.c, xlsx_sheet.c).
 *
 * The input is the file. It goes to a memfd (no disk), is opened as an
 * .xlsx and every sheet is read. Caps are lowered (8 MiB an entry, 100
 * times past 1 MiB) so a bomb costs milliseconds. The seeds store their
 * entries uncompressed, so mutations reach the XML: expat parses as the
 * entry streams, before the CRC check at its end. Beyond not crashing,
 * hanging or leaking, a grid read must keep the grid's promises: cells in
 * order inside Excel's limits, strings and formats in range.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "alloc.h"
#include "workbook_impl.h"
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
