/* workbook_impl.h — what a workbook format gives workbook.c. Internal to
 * workbook.c, xlsx.c and xls.c.
 *
 * workbook.c tells the format by the file's first bytes and calls that
 * format's open, which fills the book's sheet list and its own state (impl);
 * reading a sheet and closing go through ops.
 */
#ifndef QY_WORKBOOK_IMPL_H
#define QY_WORKBOOK_IMPL_H

#include "workbook.h"

typedef struct qy_book_ops {
    /* Fills *out (already an empty grid) with sheet i; on failure *out
       must hold nothing (workbook.c frees it anyway). */
    int (*read_sheet)(qy_book *b, int i, qy_grid *out, qy_error *err);
    /* Releases impl; never called with NULL. */
    void (*close)(void *impl);
} qy_book_ops;

struct qy_book {
    char *path;                /* owned copy */
    qy_book_format format;
    qy_sheet_info *sheets;     /* owned, nsheets of them (each name owned) */
    int nsheets;
    void *impl;                /* owned by the format, released by ops->close */
    const qy_book_ops *ops;
};

/* Each fills b->sheets, b->nsheets, b->impl and b->ops (b->path and
 * b->format are set). On failure b holds nothing of theirs that
 * qy_book_close would not free: sheets may be partly filled, impl NULL or
 * whole. fd is the open file, positioned anywhere; the open keeps it (and
 * closes it, with ops->close) or closes it on failure. A book is used by one
 * thread at a time (each format may use threads of its own inside a call).
 * qy_xlsx_open: xlsx.c; its caps against zip bombs are zip_entry.h's. */
int qy_xlsx_open(qy_book *b, int fd, qy_error *err);
int qy_xls_open(qy_book *b, int fd, qy_error *err);

/* Appends to g's strings a copy of s[0..len): QY_OK or QY_ENOMEM; *index is
 * the new string's index. For the formats' readers. */
int qy_grid_add_string(qy_grid *g, const char *s, size_t len, uint32_t *index);

#endif
