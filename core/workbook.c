/* workbook.c — telling a workbook's format by its first bytes, the book's
 * sheet list, and the grid's strings and cell references. */
#define _GNU_SOURCE   /* memmem */
#include "workbook.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "file.h"
#include "workbook_impl.h"

static const unsigned char ZIP_MAGIC[4] = {'P', 'K', 3, 4};
static const unsigned char ZIP_EMPTY[4] = {'P', 'K', 5, 6};
static const unsigned char OLE2_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

/* Whether the file holds name as an OLE2 directory entry would: UTF-16LE. */
static int holds_utf16(int fd, const char *name, bool *found)
{
    enum { PIECE = 1 << 16 };
    unsigned char pattern[64];
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++) {
        pattern[2 * i] = (unsigned char)name[i];
        pattern[2 * i + 1] = 0;
    }
    size_t plen = 2 * n;
    unsigned char *buf = qy_malloc(PIECE + sizeof pattern);
    if (!buf) return QY_ENOMEM;
    *found = false;
    uint64_t off = 0;
    size_t carry = 0;
    for (;;) {
        ssize_t got = qy_file_read_at(fd, buf + carry, PIECE, off);
        if (got < 0) {
            qy_free(buf);
            return QY_EIO;
        }
        size_t have = carry + (size_t)got;
        if (memmem(buf, have, pattern, plen)) {
            *found = true;
            break;
        }
        if (got == 0) break;
        off += (uint64_t)got;
        carry = have < plen ? have : plen - 1;
        memmove(buf, buf + have - carry, carry);
    }
    qy_free(buf);
    return QY_OK;
}

static int ole2_kind(const char *path, int fd, qy_book_format *format, qy_error *err)
{
    bool encrypted = false, workbook = false, book = false;
    int rc = holds_utf16(fd, "EncryptedPackage", &encrypted);
    if (rc == QY_OK && !encrypted) rc = holds_utf16(fd, "Workbook", &workbook);
    if (rc == QY_OK && !encrypted && !workbook) rc = holds_utf16(fd, "Book", &book);
    if (rc == QY_ENOMEM) return qy_error_set(err, rc, "%s: not enough memory", path);
    if (rc != QY_OK) return qy_error_set(err, rc, "cannot read %s", path);
    if (encrypted)
        return qy_error_set(err, QY_EFORMAT,
                            "%s is a password-protected (encrypted) workbook; save it without "
                            "a password to read it", path);
    if (!workbook && !book)
        return qy_error_set(err, QY_EFORMAT,
                            "%s is an OLE2 document without an Excel workbook in it (a Word "
                            ".doc, or a WPS .et file?)", path);
    *format = QY_BOOK_XLS;
    return QY_OK;
}

static int not_a_workbook(const char *path, const unsigned char *head, ssize_t n, qy_error *err)
{
    if (n == 0) return qy_error_set(err, QY_EFORMAT, "%s is empty, not a workbook", path);
    if (n >= 4 && memcmp(head, ZIP_EMPTY, 4) == 0)
        return qy_error_set(err, QY_EFORMAT, "%s is an empty zip archive, not a workbook", path);
    if (n >= 4 && memcmp(head, "%PDF", 4) == 0)
        return qy_error_set(err, QY_EFORMAT, "%s is a PDF document, not a workbook", path);
    if (n >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        return qy_error_set(err, QY_EFORMAT, "%s is gzip-compressed, not a workbook", path);
    char shown[64];
    qy_text_escape(shown, sizeof shown, (const char *)head, (size_t)(n < 16 ? n : 16));
    return qy_error_set(err, QY_EFORMAT, "%s is not a workbook (it starts with \"%s\")", path,
                        shown);
}

static int sniff(const char *path, int fd, qy_book_format *format, qy_error *err)
{
    unsigned char head[16];
    ssize_t n = qy_file_read_at(fd, head, sizeof head, 0);
    if (n < 0) return qy_error_set(err, QY_EIO, "cannot read %s", path);
    if (n >= 4 && memcmp(head, ZIP_MAGIC, 4) == 0) {
        *format = QY_BOOK_XLSX;
        return QY_OK;
    }
    if (n >= 8 && memcmp(head, OLE2_MAGIC, 8) == 0) return ole2_kind(path, fd, format, err);
    return not_a_workbook(path, head, n, err);
}

int qy_book_open(const char *path, qy_book **out, qy_error *err)
{
    *out = NULL;
    int fd;
    QY_RETURN_NOT_OK(qy_file_open_regular(path, true, &fd, err));
    /* A regular file: reads need not wait, and libzip and freexl expect
       blocking reads. */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    qy_book *b = qy_calloc(1, sizeof *b);
    char *copy = qy_strndup(path, strlen(path));
    if (!b || !copy) {
        qy_free(b);
        qy_free(copy);
        close(fd);
        return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", path);
    }
    b->path = copy;
    int rc = sniff(path, fd, &b->format, err);
    if (rc != QY_OK) {
        close(fd);
    } else if (b->format == QY_BOOK_XLSX) {
        rc = qy_xlsx_open(b, fd, err);
    } else {
        rc = qy_xls_open(b, fd, err);
    }
    if (rc != QY_OK) {
        qy_book_close(b);
        return rc;
    }
    *out = b;
    return QY_OK;
}

void qy_book_close(qy_book *b)
{
    if (!b) return;
    if (b->impl) b->ops->close(b->impl);
    for (int i = 0; b->sheets && i < b->nsheets; i++) qy_free(b->sheets[i].name);
    qy_free(b->sheets);
    qy_free(b->path);
    qy_free(b);
}

qy_book_format qy_book_format_of(const qy_book *b) { return b->format; }

const char *qy_book_path(const qy_book *b) { return b->path; }

int qy_book_nsheets(const qy_book *b) { return b->nsheets; }

const qy_sheet_info *qy_book_sheet(const qy_book *b, int i)
{
    return i >= 0 && i < b->nsheets ? &b->sheets[i] : NULL;
}

int qy_book_read_sheet(qy_book *b, int i, qy_grid *out, qy_error *err)
{
    memset(out, 0, sizeof *out);
    if (i < 0 || i >= b->nsheets)
        return qy_error_set(err, QY_ERANGE, "%s has no sheet %d (it has %d)", b->path, i + 1,
                            b->nsheets);
    if (!b->sheets[i].is_worksheet)
        return qy_error_set(err, QY_EINVAL, "%s: sheet '%s' is a chart sheet, without cells",
                            b->path, b->sheets[i].name);
    int rc = b->ops->read_sheet(b, i, out, err);
    if (rc != QY_OK) qy_grid_free(out);
    return rc;
}

void qy_grid_free(qy_grid *g)
{
    if (!g) return;
    qy_free(g->cells);
    qy_free(g->text);
    qy_free(g->start);
    for (uint32_t i = 0; g->formats && i < g->nformats; i++) qy_free(g->formats[i].code);
    qy_free(g->formats);
    qy_free(g->merges);
    qy_free(g->hidden_rows);
    memset(g, 0, sizeof *g);
}

const char *qy_grid_string(const qy_grid *g, uint32_t i, size_t *len)
{
    *len = (size_t)(g->start[i + 1] - g->start[i]);
    return g->text + g->start[i];
}

int qy_grid_add_string(qy_grid *g, const char *s, size_t len, uint32_t *index)
{
    uint32_t n = g->nstrings;
    if (n >= UINT32_MAX - 2) return QY_ERANGE;
    if (n + 2 > g->start_cap) {
        uint32_t cap = g->start_cap ? g->start_cap : 64;
        while (cap < n + 2) cap = cap > UINT32_MAX / 2 ? UINT32_MAX : cap * 2;
        uint64_t *start = qy_realloc(g->start, (size_t)cap * sizeof *start);
        if (!start) return QY_ENOMEM;
        if (!g->start) start[0] = 0;
        g->start = start;
        g->start_cap = cap;
    }
    uint64_t used = g->start[n], need = used + len;
    if (need > g->text_cap || !g->text) {
        uint64_t cap = g->text_cap ? g->text_cap : 4096;
        while (cap < need) cap *= 2;
        char *text = qy_realloc(g->text, (size_t)cap);
        if (!text) return QY_ENOMEM;
        g->text = text;
        g->text_cap = cap;
    }
    if (len) memcpy(g->text + used, s, len);
    g->start[n + 1] = need;
    g->nstrings = n + 1;
    *index = n;
    return QY_OK;
}

size_t qy_cell_ref(uint32_t row, uint32_t col, char *buf)
{
    char letters[4];
    int n = 0;
    uint32_t c = col + 1;
    while (c > 0 && n < 4) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    size_t len = 0;
    while (n > 0) buf[len++] = letters[--n];
    uint32_t r = row + 1;
    char digits[11];
    int d = 0;
    do {
        digits[d++] = (char)('0' + r % 10);
        r /= 10;
    } while (r > 0);
    while (d > 0) buf[len++] = digits[--d];
    buf[len] = '\0';
    return len;
}

int qy_cell_ref_parse(const char *s, size_t len, uint32_t *row, uint32_t *col)
{
    size_t i = 0;
    uint64_t c = 0, r = 0;
    while (i < len && i < 4 && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) {
        c = c * 26 + (uint64_t)((s[i] | 0x20) - 'a' + 1);
        i++;
    }
    size_t digits_from = i;
    while (i < len && i - digits_from < 8 && s[i] >= '0' && s[i] <= '9') {
        r = r * 10 + (uint64_t)(s[i] - '0');
        i++;
    }
    if (digits_from == 0 || i == digits_from || i != len || s[digits_from] == '0') return QY_EPARSE;
    if (c > QY_SHEET_MAX_COLS || r > QY_SHEET_MAX_ROWS) return QY_EPARSE;
    *row = (uint32_t)(r - 1);
    *col = (uint32_t)(c - 1);
    return QY_OK;
}
