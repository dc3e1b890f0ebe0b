/* xls.c — .xls (BIFF8) workbooks. libfreexl checks the file as a whole and
 * gives the text of string cells (shared strings, their continuations, code
 * pages); libgsf opens the OLE2 container's "Workbook" stream, and a walk of
 * its records gives what freexl 1.0.6 leaves out: the sheets' hidden state
 * and type, every cell's number format (FORMAT and XF records), booleans,
 * errors, formula results, hidden rows and merged areas. Numbers are the
 * doubles the records hold, so a date keeps its time of day exactly. */
#include <freexl.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "strbuf.h"
#include "workbook_impl.h"

enum {
    BIFF_MAX_RECORD = 8224,
    BIFF8_VERSION = 0x0600,
    BIFF5_VERSION = 0x0500,
    BOF_GLOBALS = 0x0005,
    BOF_WORKSHEET = 0x0010,
    BIFF8_MAX_COLS = 256
};

/* Record types. */
enum {
    REC_FORMULA = 0x0006,
    REC_EOF = 0x000A,
    REC_FILEPASS = 0x002F,
    REC_CONTINUE = 0x003C,
    REC_BOUNDSHEET = 0x0085,
    REC_MULRK = 0x00BD,
    REC_XF = 0x00E0,
    REC_MERGEDCELLS = 0x00E5,
    REC_RSTRING = 0x00D6,
    REC_LABELSST = 0x00FD,
    REC_DIMENSIONS = 0x0200,
    REC_NUMBER = 0x0203,
    REC_LABEL = 0x0204,
    REC_BOOLERR = 0x0205,
    REC_STRING = 0x0207,
    REC_ROW = 0x0208,
    REC_RK = 0x027E,
    REC_FORMAT = 0x041E,
    REC_BOF = 0x0809
};

typedef struct xls_format {
    uint16_t id;
    char *code;            /* owned, UTF-8 */
} xls_format;

typedef struct xls_impl {
    const void *fx;        /* freexl's handle */
    GsfInput *file;
    GsfInfile *ole;
    GsfInput *stream;      /* the Workbook stream */
    xls_format *formats;   /* the FORMAT records */
    uint32_t nformats, formats_cap;
    uint16_t *xf_format;   /* XF record i's format id */
    uint32_t nxf, xf_cap;
    uint32_t *offsets;     /* per sheet: its BOF's position in the stream */
    uint32_t offsets_cap;
    int *fx_index;         /* per sheet: freexl's index of it, -1 for none */
    bool date1904;
    uint16_t type, len;    /* the current record */
    unsigned char rec[BIFF_MAX_RECORD];
} xls_impl;

/* Where a walk is, for messages: "x.xls" or "x.xls: sheet '明细'". */
typedef struct walk {
    xls_impl *x;
    qy_error *err;
    char where[384];
} walk;

static uint16_t u16_at(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static uint32_t u32_at(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static double f64_at(const unsigned char *p)
{
    uint64_t bits = (uint64_t)u32_at(p) | (uint64_t)u32_at(p + 4) << 32;
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* An RK number: a 30-bit integer or the top 30 bits of a double, maybe
 * times 100. */
static double rk_value(uint32_t rk)
{
    double v;
    if (rk & 2) {
        v = (double)((int32_t)rk >> 2);
    } else {
        uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&v, &bits, sizeof v);
    }
    return rk & 1 ? v / 100 : v;
}

static int grow(void **p, uint32_t *cap, uint64_t need, size_t size)
{
    if (need <= *cap) return QY_OK;
    uint64_t n = *cap ? *cap : 16;
    while (n < need) n *= 2;
    if (n > UINT32_MAX) return QY_ENOMEM;
    void *q = qy_realloc(*p, (size_t)n * size);
    if (!q) return QY_ENOMEM;
    *p = q;
    *cap = (uint32_t)n;
    return QY_OK;
}

static int no_memory(walk *w) { return qy_error_set(w->err, QY_ENOMEM, "%s: not enough memory", w->where); }

static int corrupt(walk *w, const char *what)
{
    return qy_error_set(w->err, QY_EFORMAT, "%s: %s (a corrupt or truncated .xls)", w->where, what);
}

static int cell_corrupt(walk *w, uint32_t row, uint32_t col, const char *what)
{
    char ref[16];
    qy_cell_ref(row, col, ref);
    return qy_error_set(w->err, QY_EFORMAT, "%s, cell %s: %s (a corrupt .xls)", w->where, ref, what);
}

/* Reads the next record into x->rec; a stream that ends first is corrupt. */
static int next_record(walk *w)
{
    xls_impl *x = w->x;
    guint8 head[4];
    if (!gsf_input_read(x->stream, 4, head)) return corrupt(w, "the workbook stream ends early");
    x->type = u16_at(head);
    x->len = u16_at(head + 2);
    if (x->len > BIFF_MAX_RECORD) return corrupt(w, "a record is longer than BIFF8 allows");
    if (x->len && !gsf_input_read(x->stream, x->len, x->rec))
        return corrupt(w, "the workbook stream ends inside a record");
    return QY_OK;
}

/* UTF-16 and Latin-1 characters to UTF-8; a high surrogate may wait for its
 * low half across records. Unpaired surrogates become U+FFFD. */
typedef struct utf16_state {
    uint32_t high;
} utf16_state;

static int put_codepoint(qy_strbuf *out, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18);
        b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return qy_strbuf_append(out, b, n);
}

static int put_chars(qy_strbuf *out, utf16_state *st, const unsigned char *p, size_t n, bool wide)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u = wide ? u16_at(p + 2 * i) : p[i];
        uint32_t cp = u;
        if (st->high) {
            uint32_t high = st->high;
            st->high = 0;
            if (u >= 0xDC00 && u <= 0xDFFF) {
                QY_RETURN_NOT_OK(put_codepoint(out, 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00)));
                continue;
            }
            QY_RETURN_NOT_OK(put_codepoint(out, 0xFFFD));
        }
        if (u >= 0xD800 && u <= 0xDBFF) {
            st->high = u;
            continue;
        }
        if (u >= 0xDC00 && u <= 0xDFFF) cp = 0xFFFD;
        if (cp == 0) cp = 0xFFFD;   /* grid strings hold no NUL */
        QY_RETURN_NOT_OK(put_codepoint(out, cp));
    }
    return QY_OK;
}

/* The string of cch characters at x->rec[off], its flags byte first
 * (bit 0: two bytes a character), wholly inside the record. */
static int record_string(walk *w, size_t off, size_t cch, qy_strbuf *out)
{
    xls_impl *x = w->x;
    if (off >= x->len) return corrupt(w, "a string runs past its record");
    bool wide = x->rec[off] & 1;
    if (x->rec[off] & 0x0C) return corrupt(w, "a name or format holds rich text");
    size_t bytes = cch * (wide ? 2 : 1);
    if (off + 1 + bytes > x->len) return corrupt(w, "a string runs past its record");
    utf16_state st = {0};
    if (put_chars(out, &st, x->rec + off + 1, cch, wide) != QY_OK
        || (st.high && put_codepoint(out, 0xFFFD) != QY_OK) || qy_strbuf_reserve(out, 1) != QY_OK)
        return no_memory(w);
    return QY_OK;
}

/* A STRING record's text (a formula's string result), which may go on in
 * CONTINUE records, each opening with its own flags byte. */
static int formula_string(walk *w, qy_strbuf *out)
{
    xls_impl *x = w->x;
    if (x->len < 3) return corrupt(w, "a STRING record is too short");
    size_t left = u16_at(x->rec), off = 2;
    utf16_state st = {0};
    for (;;) {
        bool wide = x->rec[off] & 1;
        size_t avail = (x->len - off - 1) / (wide ? 2 : 1);
        size_t n = left < avail ? left : avail;
        if (put_chars(out, &st, x->rec + off + 1, n, wide) != QY_OK) return no_memory(w);
        left -= n;
        if (left == 0) break;
        QY_RETURN_NOT_OK(next_record(w));
        if (x->type != REC_CONTINUE || x->len < 1)
            return corrupt(w, "a formula's string ends before its length");
        off = 0;
    }
    if ((st.high && put_codepoint(out, 0xFFFD) != QY_OK) || qy_strbuf_reserve(out, 1) != QY_OK)
        return no_memory(w);
    return QY_OK;
}

/* What freexl's codes mean, for messages. */
static const char *freexl_reason(int rc)
{
    switch (rc) {
    case FREEXL_INSUFFICIENT_MEMORY: return "not enough memory";
    case FREEXL_INVALID_CFBF_HEADER: return "its OLE2 header is invalid";
    case FREEXL_CFBF_READ_ERROR: return "it ends early (truncated?)";
    case FREEXL_CFBF_SEEK_ERROR: return "it ends early (truncated?)";
    case FREEXL_CFBF_INVALID_SIGNATURE: return "it has no OLE2 signature";
    case FREEXL_CFBF_INVALID_SECTOR_SIZE: return "its OLE2 sector size is invalid";
    case FREEXL_CFBF_EMPTY_FAT_CHAIN: return "its OLE2 sector chain is empty";
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY: return "its OLE2 sector chain is broken";
    case FREEXL_BIFF_INVALID_BOF: return "its workbook stream does not start as BIFF";
    case FREEXL_BIFF_INVALID_SST: return "its shared-string table is corrupt";
    case FREEXL_BIFF_ILLEGAL_SST_INDEX: return "a cell names a shared string that does not exist";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND: return "it holds no workbook stream";
    case FREEXL_BIFF_ILLEGAL_SHEET_INDEX: return "a sheet index is out of range";
    case FREEXL_INVALID_CHARACTER: return "a string is not valid in its code page";
    case FREEXL_UNSUPPORTED_CHARSET: return "its code page is not supported";
    case FREEXL_ILLEGAL_CELL_ROW_COL: return "a cell lies outside the sheet's dimensions";
    case FREEXL_ILLEGAL_RK_VALUE: return "a number (RK) is invalid";
    case FREEXL_INVALID_MINI_STREAM: return "its OLE2 mini stream is invalid";
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY: return "its OLE2 mini stream chain is broken";
    case FREEXL_CRAFTED_FILE: return "it is severely corrupted (or crafted)";
    default: return "its records are corrupt";
    }
}

static int freexl_failed(walk *w, int rc)
{
    int code = rc == FREEXL_INSUFFICIENT_MEMORY ? QY_ENOMEM
               : rc == FREEXL_INVALID_CHARACTER || rc == FREEXL_UNSUPPORTED_CHARSET ? QY_EENCODING
               : QY_EFORMAT;
    return qy_error_set(w->err, code, "%s: libfreexl cannot read it: %s (freexl error %d)", w->where,
                        freexl_reason(rc), rc);
}

static void xls_close(void *impl)
{
    xls_impl *x = impl;
    if (x->fx) freexl_close(x->fx);
    if (x->stream) g_object_unref(x->stream);
    if (x->ole) g_object_unref(x->ole);
    if (x->file) g_object_unref(x->file);
    for (uint32_t i = 0; i < x->nformats; i++) qy_free(x->formats[i].code);
    qy_free(x->formats);
    qy_free(x->xf_format);
    qy_free(x->offsets);
    qy_free(x->fx_index);
    qy_free(x);
}

static void drop_gsf_message(const gchar *domain, GLogLevelFlags level, const gchar *message,
                             gpointer data)
{
}

/* libgsf tells of a damaged container on stderr as well as by failing; the
 * failure is our message, so its own go unprinted. */
static void quiet_gsf(void)
{
    GLogLevelFlags levels = G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_MESSAGE;
    g_log_set_handler("libgsf:msole", levels, drop_gsf_message, NULL);
    g_log_set_handler("libgsf", levels, drop_gsf_message, NULL);
}

/* The container and its Workbook stream, from the open file fd (given to
 * gsf, which closes it). */
static int open_stream(walk *w, qy_book *b, int fd)
{
    static pthread_once_t quiet = PTHREAD_ONCE_INIT;
    pthread_once(&quiet, quiet_gsf);
    xls_impl *x = w->x;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return qy_error_set(w->err, QY_EIO, "cannot read %s", b->path);
    }
    x->file = gsf_input_stdio_new_FILE(b->path, f, FALSE);
    if (!x->file) {
        fclose(f);
        return no_memory(w);
    }
    GError *gerr = NULL;
    x->ole = gsf_infile_msole_new(x->file, &gerr);
    if (!x->ole) {
        int rc = qy_error_set(w->err, QY_EFORMAT, "%s is not a readable OLE2 document (%s)",
                              b->path, gerr ? gerr->message : "libgsf gives no reason");
        if (gerr) g_error_free(gerr);
        return rc;
    }
    x->stream = gsf_infile_child_by_name(x->ole, "Workbook");
    if (!x->stream) {
        GsfInput *book = gsf_infile_child_by_name(x->ole, "Book");
        if (book) {
            g_object_unref(book);
            return qy_error_set(w->err, QY_EFORMAT,
                                "%s is an Excel 5.0/95 workbook (BIFF5); save it as Excel "
                                "97-2003 .xls or as .xlsx to read it", b->path);
        }
        return qy_error_set(w->err, QY_EFORMAT,
                            "%s is an OLE2 document without an Excel workbook in it", b->path);
    }
    return QY_OK;
}

/* A BOF record of the kind wanted (BIFF8 globals or worksheet). */
static int expect_bof(walk *w, uint16_t kind)
{
    xls_impl *x = w->x;
    QY_RETURN_NOT_OK(next_record(w));
    if (x->type != REC_BOF || x->len < 4) return corrupt(w, "no BOF record where a part begins");
    uint16_t version = u16_at(x->rec), dt = u16_at(x->rec + 2);
    if (version == BIFF5_VERSION)
        return qy_error_set(w->err, QY_EFORMAT,
                            "%s: an Excel 5.0/95 (BIFF5) part; save the workbook as Excel 97-2003 "
                            ".xls or as .xlsx to read it", w->where);
    if (version != BIFF8_VERSION) return corrupt(w, "a part of another BIFF version");
    if (dt != kind)
        return kind == BOF_GLOBALS ? corrupt(w, "the stream does not start with the workbook globals")
                                   : corrupt(w, "the sheet's part is not a worksheet");
    return QY_OK;
}

static int add_boundsheet(walk *w, qy_book *b, uint32_t *cap)
{
    xls_impl *x = w->x;
    if (x->len < 8) return corrupt(w, "a BOUNDSHEET record is too short");
    uint32_t n = (uint32_t)b->nsheets;
    if (n >= 65535) return corrupt(w, "too many sheets");
    if (grow((void **)&b->sheets, cap, n + 1, sizeof *b->sheets) != QY_OK
        || grow((void **)&x->offsets, &x->offsets_cap, n + 1, sizeof *x->offsets) != QY_OK)
        return no_memory(w);
    qy_sheet_info *s = &b->sheets[n];
    memset(s, 0, sizeof *s);
    qy_strbuf name = QY_STRBUF_INIT;
    int rc = record_string(w, 7, x->rec[6], &name);
    if (rc != QY_OK) {
        qy_strbuf_free(&name);
        return rc;
    }
    s->name = qy_strbuf_steal(&name, NULL);
    b->nsheets = (int)n + 1;
    uint8_t state = x->rec[4] & 3;
    s->state = state == 1 ? QY_SHEET_HIDDEN : state == 2 ? QY_SHEET_VERY_HIDDEN : QY_SHEET_VISIBLE;
    s->is_worksheet = x->rec[5] == 0;
    x->offsets[n] = u32_at(x->rec);
    return QY_OK;
}

static int add_format(walk *w)
{
    xls_impl *x = w->x;
    if (x->len < 5) return corrupt(w, "a FORMAT record is too short");
    if (grow((void **)&x->formats, &x->formats_cap, (uint64_t)x->nformats + 1, sizeof *x->formats)
        != QY_OK)
        return no_memory(w);
    qy_strbuf code = QY_STRBUF_INIT;
    int rc = record_string(w, 4, u16_at(x->rec + 2), &code);
    if (rc != QY_OK) {
        qy_strbuf_free(&code);
        return rc;
    }
    x->formats[x->nformats].id = u16_at(x->rec);
    x->formats[x->nformats].code = qy_strbuf_steal(&code, NULL);
    x->nformats++;
    return QY_OK;
}

/* The workbook globals: sheets, formats, XFs. */
static int read_globals(walk *w, qy_book *b)
{
    xls_impl *x = w->x;
    QY_RETURN_NOT_OK(expect_bof(w, BOF_GLOBALS));
    uint32_t sheets_cap = 0;
    for (;;) {
        QY_RETURN_NOT_OK(next_record(w));
        switch (x->type) {
        case REC_EOF:
            return QY_OK;
        case REC_FILEPASS:
            return qy_error_set(w->err, QY_EFORMAT,
                                "%s is a password-protected (encrypted) workbook; save it without "
                                "a password to read it", b->path);
        case REC_BOUNDSHEET:
            QY_RETURN_NOT_OK(add_boundsheet(w, b, &sheets_cap));
            break;
        case REC_FORMAT:
            QY_RETURN_NOT_OK(add_format(w));
            break;
        case REC_XF:
            if (x->len < 4) return corrupt(w, "an XF record is too short");
            if (grow((void **)&x->xf_format, &x->xf_cap, (uint64_t)x->nxf + 1, sizeof *x->xf_format)
                != QY_OK)
                return no_memory(w);
            x->xf_format[x->nxf++] = u16_at(x->rec + 2);
            break;
        default:
            break;
        }
    }
}

/* The rest of the stream, past the globals, is whole records in parts that
 * each end (EOF for every BOF), and each worksheet's part states its
 * DIMENSIONS: freexl is not given a stream broken so (it leaks on some). */
static int check_structure(walk *w)
{
    xls_impl *x = w->x;
    guint8 head[8];
    int depth = 0;
    bool worksheet = false, dimensions = false;
    while (gsf_input_remaining(x->stream) >= 4) {
        if (!gsf_input_read(x->stream, 4, head)) return corrupt(w, "the workbook stream cannot be read");
        uint16_t type = u16_at(head), len = u16_at(head + 2);
        if (len > BIFF_MAX_RECORD) return corrupt(w, "a record is longer than BIFF8 allows");
        if (len > gsf_input_remaining(x->stream))
            return corrupt(w, "the workbook stream ends inside a record");
        if (type == REC_BOF) {
            if (len < 4 || !gsf_input_read(x->stream, 4, head + 4))
                return corrupt(w, "a BOF record is too short");
            len -= 4;
            if (depth++ == 0) {
                worksheet = u16_at(head + 6) == BOF_WORKSHEET;
                dimensions = false;
            }
            if (depth > 8) return corrupt(w, "parts nest too deep");
        } else if (type == REC_EOF) {
            if (depth == 0) return corrupt(w, "an EOF record outside any part");
            if (--depth == 0 && worksheet && !dimensions)
                return corrupt(w, "a worksheet without its DIMENSIONS record");
        } else if (type == REC_DIMENSIONS && depth == 1) {
            dimensions = true;
        }
        if (gsf_input_seek(x->stream, len, G_SEEK_CUR)) return corrupt(w, "the workbook stream cannot be read");
    }
    if (depth != 0) return corrupt(w, "a sheet's part does not end");
    return QY_OK;
}

/* Each sheet's part begins where its BOUNDSHEET record says. */
static int check_sheet_offsets(walk *w, const qy_book *b)
{
    xls_impl *x = w->x;
    for (int i = 0; i < b->nsheets; i++) {
        guint8 head[4];
        if (gsf_input_seek(x->stream, x->offsets[i], G_SEEK_SET) || !gsf_input_read(x->stream, 4, head)
            || u16_at(head) != REC_BOF) {
            char what[400];
            snprintf(what, sizeof what, "sheet '%s' does not begin where the workbook says",
                     b->sheets[i].name);
            return corrupt(w, what);
        }
    }
    return QY_OK;
}

/* freexl's index for each worksheet (matched by name) and its dimensions;
 * the date system. */
static int match_freexl_sheets(walk *w, qy_book *b)
{
    xls_impl *x = w->x;
    unsigned int count = 0, datemode = 0;
    int rc = freexl_get_info(x->fx, FREEXL_BIFF_SHEET_COUNT, &count);
    if (rc == FREEXL_OK) rc = freexl_get_info(x->fx, FREEXL_BIFF_DATEMODE, &datemode);
    if (rc != FREEXL_OK) return freexl_failed(w, rc);
    x->date1904 = datemode == FREEXL_BIFF_DATEMODE_1904;
    x->fx_index = qy_malloc(((size_t)b->nsheets + 1) * sizeof *x->fx_index);
    if (!x->fx_index) return no_memory(w);
    for (int i = 0; i < b->nsheets; i++) {
        qy_sheet_info *s = &b->sheets[i];
        x->fx_index[i] = -1;
        if (!s->is_worksheet) continue;
        for (unsigned int k = 0; k < count && k < 65535; k++) {
            const char *name = NULL;
            if (freexl_get_worksheet_name(x->fx, (unsigned short)k, &name) == FREEXL_OK && name
                && strcmp(name, s->name) == 0) {
                x->fx_index[i] = (int)k;
                break;
            }
        }
        if (x->fx_index[i] < 0)
            return qy_error_set(w->err, QY_EFORMAT, "%s: libfreexl does not list sheet '%s'",
                                w->where, s->name);
        unsigned int rows = 0;
        unsigned short cols = 0;
        rc = freexl_select_active_worksheet(x->fx, (unsigned short)x->fx_index[i]);
        if (rc == FREEXL_OK) rc = freexl_worksheet_dimensions(x->fx, &rows, &cols);
        if (rc != FREEXL_OK) return freexl_failed(w, rc);
        if (rows > 0 && cols > 0) {
            s->rows = rows;
            s->cols = cols;
            size_t n = qy_cell_ref(0, 0, s->dimension);
            s->dimension[n++] = ':';
            qy_cell_ref(rows - 1, cols - 1u, s->dimension + n);
        }
    }
    return QY_OK;
}

/* The state of reading one sheet. */
typedef struct sheet_read {
    walk *w;
    qy_grid *g;
    uint32_t cells_cap, formats_cap, merges_cap, hidden_cap;
    uint32_t *xf_grid;     /* XF index -> index in g->formats, UINT32_MAX: not yet */
} sheet_read;

static int grid_format_of(sheet_read *r, uint16_t ixfe, uint32_t row, uint32_t col, uint32_t *out)
{
    xls_impl *x = r->w->x;
    qy_grid *g = r->g;
    if (ixfe >= x->nxf) return cell_corrupt(r->w, row, col, "its XF index is past the XF records");
    if (r->xf_grid[ixfe] != UINT32_MAX) {
        *out = r->xf_grid[ixfe];
        return QY_OK;
    }
    uint16_t id = x->xf_format[ixfe];
    uint32_t index = 0;
    if (id != 0) {
        for (index = 1; index < g->nformats && g->formats[index].id != id; index++) continue;
        if (index == g->nformats) {
            const char *code = NULL;
            for (uint32_t k = 0; k < x->nformats; k++)
                if (x->formats[k].id == id) code = x->formats[k].code;
            if (grow((void **)&g->formats, &r->formats_cap, (uint64_t)g->nformats + 1,
                     sizeof *g->formats) != QY_OK)
                return no_memory(r->w);
            char *copy = code ? qy_strndup(code, strlen(code)) : NULL;
            if (code && !copy) return no_memory(r->w);
            g->formats[index].id = id;
            g->formats[index].code = copy;
            g->nformats++;
        }
    }
    r->xf_grid[ixfe] = index;
    *out = index;
    return QY_OK;
}

static int add_cell(sheet_read *r, uint32_t row, uint32_t col, uint16_t ixfe, qy_cell **out)
{
    qy_grid *g = r->g;
    if (col >= BIFF8_MAX_COLS) return cell_corrupt(r->w, row, col, "a column past IV, the last of .xls");
    uint32_t fmt = 0;
    QY_RETURN_NOT_OK(grid_format_of(r, ixfe, row, col, &fmt));
    if (g->ncells >= UINT32_MAX - 1
        || grow((void **)&g->cells, &r->cells_cap, (uint64_t)g->ncells + 1, sizeof *g->cells) != QY_OK)
        return no_memory(r->w);
    qy_cell *c = &g->cells[g->ncells++];
    memset(c, 0, sizeof *c);
    c->row = row;
    c->col = (uint16_t)col;
    c->fmt = fmt;
    *out = c;
    return QY_OK;
}

static int add_number(sheet_read *r, uint32_t row, uint32_t col, uint16_t ixfe, double v)
{
    qy_cell *c;
    QY_RETURN_NOT_OK(add_cell(r, row, col, ixfe, &c));
    c->kind = QY_CELL_NUMBER;
    c->v.number = v;
    return QY_OK;
}

static int add_text(sheet_read *r, qy_cell *c, const char *s, size_t len)
{
    int rc = qy_grid_add_string(r->g, s, len, &c->v.text);
    if (rc == QY_ENOMEM) return no_memory(r->w);
    if (rc != QY_OK) return cell_corrupt(r->w, c->row, c->col, "too many strings");
    return QY_OK;
}

/* A string cell: its text as freexl decoded it. */
static int add_string_cell(sheet_read *r, uint32_t row, uint32_t col, uint16_t ixfe)
{
    qy_cell *c;
    QY_RETURN_NOT_OK(add_cell(r, row, col, ixfe, &c));
    c->kind = QY_CELL_TEXT;
    FreeXL_CellValue v;
    int rc = freexl_get_cell_value(r->w->x->fx, row, (unsigned short)col, &v);
    if (rc != FREEXL_OK) {
        char ref[16];
        qy_cell_ref(row, col, ref);
        return qy_error_set(r->w->err, rc == FREEXL_INSUFFICIENT_MEMORY ? QY_ENOMEM : QY_EFORMAT,
                            "%s, cell %s: libfreexl cannot read its text: %s (freexl error %d)",
                            r->w->where, ref, freexl_reason(rc), rc);
    }
    if (v.type != FREEXL_CELL_TEXT && v.type != FREEXL_CELL_SST_TEXT)
        return cell_corrupt(r->w, row, col, "libfreexl holds no text for this string cell");
    return add_text(r, c, v.value.text_value, strlen(v.value.text_value));
}

static const char *error_text(uint8_t code)
{
    switch (code) {
    case 0x00: return "#NULL!";
    case 0x07: return "#DIV/0!";
    case 0x0F: return "#VALUE!";
    case 0x17: return "#REF!";
    case 0x1D: return "#NAME?";
    case 0x24: return "#NUM!";
    case 0x2A: return "#N/A";
    case 0x2B: return "#GETTING_DATA";
    default: return NULL;
    }
}

static int set_bool_or_error(sheet_read *r, qy_cell *c, uint8_t value, bool is_error)
{
    if (!is_error) {
        c->kind = QY_CELL_BOOL;
        c->v.boolean = value != 0;
        return QY_OK;
    }
    const char *text = error_text(value);
    if (!text) return cell_corrupt(r->w, c->row, c->col, "an unknown error code");
    c->kind = QY_CELL_ERROR;
    return add_text(r, c, text, strlen(text));
}

/* A FORMULA record's cached result; a string result comes in the STRING
 * record after it, which *pending then waits for. */
static int add_formula(sheet_read *r, int64_t *pending)
{
    xls_impl *x = r->w->x;
    const unsigned char *p = x->rec;
    uint32_t row = u16_at(p), col = u16_at(p + 2);
    if (x->len < 20) return cell_corrupt(r->w, row, col, "a FORMULA record is too short");
    qy_cell *c;
    QY_RETURN_NOT_OK(add_cell(r, row, col, u16_at(p + 4), &c));
    c->is_formula = 1;
    if (u16_at(p + 12) != 0xFFFF) {
        c->kind = QY_CELL_NUMBER;
        c->v.number = f64_at(p + 6);
        return QY_OK;
    }
    switch (p[6]) {
    case 0:
        c->kind = QY_CELL_NO_VALUE;
        *pending = r->g->ncells - 1;
        return QY_OK;
    case 1:
        return set_bool_or_error(r, c, p[8], false);
    case 2:
        return set_bool_or_error(r, c, p[8], true);
    case 3:
        c->kind = QY_CELL_TEXT;
        return add_text(r, c, "", 0);
    default:
        return cell_corrupt(r->w, row, col, "a formula result of unknown type");
    }
}

static int add_formula_string(sheet_read *r, int64_t *pending)
{
    if (*pending < 0) return corrupt(r->w, "a STRING record without a formula before it");
    qy_cell *c = &r->g->cells[*pending];
    *pending = -1;
    qy_strbuf s = QY_STRBUF_INIT;
    int rc = formula_string(r->w, &s);
    if (rc == QY_OK) {
        c->kind = QY_CELL_TEXT;
        rc = add_text(r, c, s.data ? s.data : "", s.len);
    }
    qy_strbuf_free(&s);
    return rc;
}

static int add_mulrk(sheet_read *r)
{
    xls_impl *x = r->w->x;
    const unsigned char *p = x->rec;
    if (x->len < 12 || (x->len - 6) % 6 != 0) return corrupt(r->w, "a MULRK record is malformed");
    uint32_t row = u16_at(p), first = u16_at(p + 2), n = (uint32_t)(x->len - 6) / 6;
    if (u16_at(p + x->len - 2) != first + n - 1)
        return cell_corrupt(r->w, row, first, "a MULRK record's last column does not match");
    for (uint32_t k = 0; k < n; k++) {
        const unsigned char *q = p + 4 + 6 * k;
        QY_RETURN_NOT_OK(add_number(r, row, first + k, u16_at(q), rk_value(u32_at(q + 2))));
    }
    return QY_OK;
}

static int add_merges(sheet_read *r)
{
    xls_impl *x = r->w->x;
    qy_grid *g = r->g;
    if (x->len < 2) return corrupt(r->w, "a MERGEDCELLS record is too short");
    uint32_t n = u16_at(x->rec);
    if (2 + 8 * (size_t)n > x->len) return corrupt(r->w, "a MERGEDCELLS record is too short");
    if (grow((void **)&g->merges, &r->merges_cap, (uint64_t)g->nmerges + n, sizeof *g->merges) != QY_OK)
        return no_memory(r->w);
    for (uint32_t k = 0; k < n; k++) {
        const unsigned char *q = x->rec + 2 + 8 * k;
        qy_cell_range m = {u16_at(q), u16_at(q + 2), u16_at(q + 4), u16_at(q + 6)};
        if (m.first_row > m.last_row || m.first_col > m.last_col || m.last_col >= BIFF8_MAX_COLS)
            return cell_corrupt(r->w, m.first_row, m.first_col, "a merged area is malformed");
        g->merges[g->nmerges++] = m;
    }
    return QY_OK;
}

static int add_row(sheet_read *r)
{
    xls_impl *x = r->w->x;
    qy_grid *g = r->g;
    if (x->len < 16) return corrupt(r->w, "a ROW record is too short");
    if (!(u16_at(x->rec + 12) & 0x20)) return QY_OK;   /* fDyZero: hidden */
    if (grow((void **)&g->hidden_rows, &r->hidden_cap, (uint64_t)g->nhidden + 1,
             sizeof *g->hidden_rows) != QY_OK)
        return no_memory(r->w);
    g->hidden_rows[g->nhidden++] = u16_at(x->rec);
    return QY_OK;
}

/* One record of the sheet's own part (not of a chart inside it). */
static int sheet_record(sheet_read *r, int64_t *pending)
{
    xls_impl *x = r->w->x;
    const unsigned char *p = x->rec;
    uint16_t t = x->type;
    bool cell = t == REC_NUMBER || t == REC_RK || t == REC_LABELSST || t == REC_LABEL
                || t == REC_RSTRING || t == REC_BOOLERR || t == REC_FORMULA || t == REC_MULRK;
    if (cell && x->len < 6) return corrupt(r->w, "a cell record is too short");
    if (cell) *pending = -1;   /* a formula's STRING comes before any other cell */
    uint32_t row = x->len >= 4 ? u16_at(p) : 0, col = x->len >= 4 ? u16_at(p + 2) : 0;
    uint16_t ixfe = x->len >= 6 ? u16_at(p + 4) : 0;
    switch (t) {
    case REC_NUMBER:
        if (x->len < 14) return cell_corrupt(r->w, row, col, "a NUMBER record is too short");
        return add_number(r, row, col, ixfe, f64_at(p + 6));
    case REC_RK:
        if (x->len < 10) return cell_corrupt(r->w, row, col, "an RK record is too short");
        return add_number(r, row, col, ixfe, rk_value(u32_at(p + 6)));
    case REC_MULRK:
        return add_mulrk(r);
    case REC_LABELSST:
    case REC_LABEL:
    case REC_RSTRING:
        return add_string_cell(r, row, col, ixfe);
    case REC_BOOLERR: {
        if (x->len < 8) return cell_corrupt(r->w, row, col, "a BOOLERR record is too short");
        qy_cell *c;
        QY_RETURN_NOT_OK(add_cell(r, row, col, ixfe, &c));
        return set_bool_or_error(r, c, p[6], p[7] != 0);
    }
    case REC_FORMULA:
        return add_formula(r, pending);
    case REC_STRING:
        return add_formula_string(r, pending);
    case REC_ROW:
        return add_row(r);
    case REC_MERGEDCELLS:
        return add_merges(r);
    default:
        return QY_OK;
    }
}

static int cell_order(const void *a, const void *b)
{
    const qy_cell *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

static int row_order(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Cells in row then column order, no two at one place; hidden rows
 * ascending, once each. */
static int finish_grid(sheet_read *r)
{
    qy_grid *g = r->g;
    if (g->ncells > 1) qsort(g->cells, (size_t)g->ncells, sizeof *g->cells, cell_order);
    for (int64_t i = 1; i < g->ncells; i++)
        if (g->cells[i].row == g->cells[i - 1].row && g->cells[i].col == g->cells[i - 1].col)
            return cell_corrupt(r->w, g->cells[i].row, g->cells[i].col, "two cell records for it");
    if (g->nhidden > 1) qsort(g->hidden_rows, (size_t)g->nhidden, sizeof *g->hidden_rows, row_order);
    int64_t n = 0;
    for (int64_t i = 0; i < g->nhidden; i++)
        if (n == 0 || g->hidden_rows[n - 1] != g->hidden_rows[i]) g->hidden_rows[n++] = g->hidden_rows[i];
    g->nhidden = n;
    return QY_OK;
}

static int read_sheet_records(sheet_read *r, uint32_t offset, int fx_index)
{
    walk *w = r->w;
    xls_impl *x = w->x;
    int rc = freexl_select_active_worksheet(x->fx, (unsigned short)fx_index);
    if (rc != FREEXL_OK) return freexl_failed(w, rc);
    if (gsf_input_seek(x->stream, offset, G_SEEK_SET))
        return corrupt(w, "the sheet starts past the end of the workbook stream");
    QY_RETURN_NOT_OK(expect_bof(w, BOF_WORKSHEET));
    int depth = 1;
    int64_t pending = -1;
    while (depth > 0) {
        QY_RETURN_NOT_OK(next_record(w));
        if (x->type == REC_BOF) {
            if (++depth > 8) return corrupt(w, "parts nest too deep");
        } else if (x->type == REC_EOF) {
            depth--;
        } else if (depth == 1) {
            QY_RETURN_NOT_OK(sheet_record(r, &pending));
        }
    }
    return finish_grid(r);
}

static int xls_read_sheet(qy_book *b, int i, qy_grid *g, qy_error *err)
{
    xls_impl *x = b->impl;
    walk w = {x, err, {0}};
    snprintf(w.where, sizeof w.where, "%s: sheet '%s'", b->path, b->sheets[i].name);
    sheet_read r = {&w, g, 0, 1, 0, 0, NULL};
    g->date1904 = x->date1904;
    g->formats = qy_calloc(1, sizeof *g->formats);
    r.xf_grid = qy_malloc(((size_t)x->nxf + 1) * sizeof *r.xf_grid);
    if (!g->formats || !r.xf_grid) {
        qy_free(r.xf_grid);
        return no_memory(&w);
    }
    g->nformats = 1;   /* formats[0]: General */
    memset(r.xf_grid, 0xFF, ((size_t)x->nxf + 1) * sizeof *r.xf_grid);
    int rc = read_sheet_records(&r, x->offsets[i], x->fx_index[i]);
    qy_free(r.xf_grid);
    return rc;
}

static const qy_book_ops XLS_OPS = {xls_read_sheet, xls_close};

int qy_xls_open(qy_book *b, int fd, qy_error *err)
{
    xls_impl *x = qy_calloc(1, sizeof *x);
    if (!x) {
        close(fd);
        return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", b->path);
    }
    walk w = {x, err, {0}};
    snprintf(w.where, sizeof w.where, "%s", b->path);
    int rc = open_stream(&w, b, fd);
    if (rc == QY_OK) rc = read_globals(&w, b);
    if (rc == QY_OK) rc = check_structure(&w);
    if (rc == QY_OK) rc = check_sheet_offsets(&w, b);
    if (rc == QY_OK) {
        int frc = freexl_open(b->path, &x->fx);
        if (frc != FREEXL_OK) rc = freexl_failed(&w, frc);
    }
    if (rc == QY_OK) rc = match_freexl_sheets(&w, b);
    if (rc != QY_OK) {
        xls_close(x);
        return rc;
    }
    b->impl = x;
    b->ops = &XLS_OPS;
    return QY_OK;
}
