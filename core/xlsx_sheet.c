/* xlsx_sheet.c — see xlsx_sheet.h. The per-cell path allocates nothing:
 * a cell's text gathers in one buffer kept across cells, cells go to an
 * array grown by doubling. */
#include "xlsx_sheet.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "number.h"
#include "strbuf.h"
#include "workbook_impl.h"
#include "xml_part.h"

/* ---- text of one cell or shared string ---- */

static bool is_hex(char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

static unsigned hex_value(const char *s)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

/* Whether s[i..] starts "_xHHHH_". */
static bool escape_at(const char *s, size_t len, size_t i)
{
    return len - i >= 7 && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3])
        && is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_';
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t qy_xlsx_unescape(char *s, size_t len)
{
    char *first = memchr(s, '_', len);
    if (!first) return len;
    size_t r = (size_t)(first - s), w = r;   /* the output never outgrows the input */
    while (r < len) {
        if (s[r] != '_' || !escape_at(s, len, r)) {
            s[w++] = s[r++];
            continue;
        }
        unsigned cp = hex_value(s + r + 2);
        size_t used = 7;
        if (cp >= 0xD800 && cp <= 0xDBFF && escape_at(s, len, r + 7)) {
            unsigned low = hex_value(s + r + 9);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                used = 14;
            }
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {   /* kept as written */
            memmove(s + w, s + r, 7);
            w += 7;
            r += 7;
            continue;
        }
        w += put_utf8(s + w, cp);
        r += used;
    }
    return w;
}

/* ---- numbers ---- */

static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The double s[0..len) is closest to. Up to 15 digits and a power of ten
 * up to 22 are exact doubles, so one multiplication or division rounds
 * correctly (Clinger's fast path); anything else goes to strtod. */
static int parse_number(const char *s, size_t len, double *out)
{
    size_t i = 0;
    bool negative = false;
    if (i < len && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
    uint64_t mantissa = 0;
    int digits = 0, exp10 = 0;
    bool any = false;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, any = true) {
        if (mantissa || s[i] != '0') digits++;
        mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
        if (digits > 15) goto slow;
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, any = true) {
            if (mantissa || s[i] != '0') digits++;
            mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
            exp10--;
            if (digits > 15) goto slow;
        }
    }
    if (!any || i < len || exp10 < -22) goto slow;
    double v = exp10 < 0 ? (double)mantissa / POW10[-exp10] : (double)mantissa;
    *out = negative ? -v : v;
    return QY_OK;
slow:
    return qy_float_parse(s, len, out);
}

static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')) (*s)++, (*len)--;
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\n'
                    || (*s)[*len - 1] == '\r'))
        (*len)--;
}

static bool parse_index(const char *s, size_t len, uint32_t *out)
{
    if (len == 0 || len > 10) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v > UINT32_MAX) return false;
    *out = (uint32_t)v;
    return true;
}

/* ---- cell references ---- */

/* Letters then digits without a leading zero: a reference's form, whatever
 * its size. */
static bool ref_form(const char *s)
{
    size_t i = 0;
    while ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') i++;
    if (i == 0 || s[i] < '1' || s[i] > '9') return false;
    while (s[i] >= '0' && s[i] <= '9') i++;
    return s[i] == '\0';
}

/* ---- the worksheet ---- */

typedef enum cell_type { T_NUMBER, T_SHARED, T_INLINE, T_STR, T_BOOL, T_ERROR, T_DATE } cell_type;

typedef struct sheet_parse {
    const qy_xlsx_sheet_ref *ref;
    qy_grid *g, *own;
    int64_t cells_cap, merges_cap, hidden_cap;
    bool rows_only;        /* a piece of sheetData: only rows may stand at its top */
    bool first_unnumbered; /* the first row states no r */
    int64_t first_row;     /* the first row, -1 before it */
    int64_t row;           /* the current row, -1 before the first */
    int64_t last_col;      /* the last cell's column in the row, -1 before one */
    bool in_data, in_row, in_cell, in_is, gather;
    int phonetic;          /* depth inside <rPh>: its text is not the cell's */
    /* the cell being read */
    uint32_t col;
    cell_type type;
    uint32_t fmt;
    bool has_formula, has_value;
    qy_strbuf text;
    int rc;
} sheet_parse;

/* Stops the parse with a message about the sheet: "PATH: sheet 'S'" and
 * then fmt's text (", cell A5: ..." or ": ..."). */
static void sheet_fail(sheet_parse *p, qy_xml *x, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void sheet_fail(sheet_parse *p, qy_xml *x, int code, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    qy_error_set(qy_xml_err(x), code, "%s: sheet '%s'%s", p->ref->path, p->ref->sheet, what);
    qy_xml_stop(x, code);
}

/* The same about the cell at row, col: "PATH: sheet 'S', cell A5: " what
 * and the value shown escaped (s may be NULL). */
static void cell_fail(sheet_parse *p, qy_xml *x, uint32_t row, uint32_t col, const char *what,
                      const char *s, size_t len)
{
    char at[16], shown[64] = "";
    qy_cell_ref(row, col, at);
    if (s) qy_text_escape(shown, sizeof shown, s, len);
    sheet_fail(p, x, QY_EFORMAT, ", cell %s: %s%s%s%s", at, what, s ? " '" : "", shown,
               s ? "'" : "");
}

static void out_of_memory(sheet_parse *p, qy_xml *x)
{
    qy_error_set(qy_xml_err(x), QY_ENOMEM, "%s: not enough memory", p->ref->path);
    qy_xml_stop(x, QY_ENOMEM);
}

/* Makes room for one more item in *items of *cap, doubling. */
static bool grow(void **items, int64_t *cap, int64_t n, size_t size)
{
    if (n < *cap) return true;
    int64_t want = *cap ? *cap * 2 : 1024;
    void *more = qy_realloc(*items, (size_t)want * size);
    if (!more) return false;
    *items = more;
    *cap = want;
    return true;
}

static void start_row(sheet_parse *p, qy_xml *x, const char **atts)
{
    int64_t row = p->row + 1;
    bool hidden = false, numbered = false;
    for (; atts[0]; atts += 2) {
        const char *name = qy_xml_local(atts[0]);
        if (strcmp(name, "r") == 0) {
            uint32_t r;
            if (!parse_index(atts[1], strlen(atts[1]), &r) || r == 0) {
                sheet_fail(p, x, QY_EFORMAT, ": row number '%s' is malformed", atts[1]);
                return;
            }
            row = (int64_t)r - 1;
            numbered = true;
        } else if (strcmp(name, "hidden") == 0) {
            hidden = strcmp(atts[1], "1") == 0 || strcmp(atts[1], "true") == 0;
        }
    }
    if (row >= QY_SHEET_MAX_ROWS) {
        sheet_fail(p, x, QY_EFORMAT, ", row %lld: beyond the last row 1048576",
                   (long long)row + 1);
        return;
    }
    if (row <= p->row) {
        sheet_fail(p, x, QY_EFORMAT, ", row %lld: comes after row %lld (rows out of order)",
                   (long long)row + 1, (long long)p->row + 1);
        return;
    }
    if (p->first_row < 0) {
        p->first_row = row;
        p->first_unnumbered = !numbered;
    }
    p->row = row;
    p->last_col = -1;
    p->in_row = true;
    if (hidden) {
        qy_grid *g = p->g;
        if (!grow((void **)&g->hidden_rows, &p->hidden_cap, g->nhidden, sizeof *g->hidden_rows)) {
            out_of_memory(p, x);
            return;
        }
        g->hidden_rows[g->nhidden++] = (uint32_t)row;
    }
}

static bool cell_type_of(const char *t, cell_type *type)
{
    static const struct { const char *name; cell_type type; } types[] = {
        {"n", T_NUMBER}, {"s", T_SHARED}, {"inlineStr", T_INLINE}, {"str", T_STR},
        {"b", T_BOOL},   {"e", T_ERROR},  {"d", T_DATE},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(t, types[i].name) == 0) {
            *type = types[i].type;
            return true;
        }
    return false;
}

static void start_cell(sheet_parse *p, qy_xml *x, const char **atts)
{
    int64_t col = p->last_col + 1;
    uint32_t row = (uint32_t)p->row;
    const char *style = NULL, *type = NULL;
    for (; atts[0]; atts += 2) {
        const char *name = atts[0][1] ? qy_xml_local(atts[0]) : atts[0];
        const char *v = atts[1];
        if (name[0] == 0 || name[1]) continue;
        if (name[0] == 'r') {
            uint32_t r, c;
            if (qy_cell_ref_parse(v, strlen(v), &r, &c) != QY_OK) {
                if (ref_form(v))
                    sheet_fail(p, x, QY_EFORMAT, ", cell %s: beyond the last cell XFD1048576", v);
                else
                    sheet_fail(p, x, QY_EFORMAT, ": cell reference '%s' is malformed", v);
                return;
            }
            if (r != row) {
                sheet_fail(p, x, QY_EFORMAT, ", cell %s: in row %u", v, row + 1);
                return;
            }
            if ((int64_t)c <= p->last_col) {
                char after[16];
                qy_cell_ref(row, (uint32_t)p->last_col, after);
                sheet_fail(p, x, QY_EFORMAT, ", cell %s: comes after %s (cells out of order)", v,
                           after);
                return;
            }
            col = c;
        } else if (name[0] == 's') {
            style = v;
        } else if (name[0] == 't') {
            type = v;
        }
    }
    if (col >= QY_SHEET_MAX_COLS) {
        sheet_fail(p, x, QY_EFORMAT, ", row %u: a cell beyond column XFD", row + 1);
        return;
    }
    p->col = (uint32_t)col;
    p->last_col = col;
    p->fmt = 0;
    if (style) {
        uint32_t s;
        if (!parse_index(style, strlen(style), &s)) {
            cell_fail(p, x, row, p->col, "style is malformed:", style, strlen(style));
            return;
        }
        if (s >= p->ref->nxf) {
            char what[64];
            snprintf(what, sizeof what, "style %u of %u", s, p->ref->nxf);
            cell_fail(p, x, row, p->col, what, NULL, 0);
            return;
        }
        p->fmt = p->ref->xf_fmt[s];
    }
    p->type = T_NUMBER;
    if (type && !cell_type_of(type, &p->type)) {
        cell_fail(p, x, row, p->col, "unknown cell type", type, strlen(type));
        return;
    }
    p->in_cell = true;
    p->has_formula = p->has_value = false;
    p->in_is = false;
    p->phonetic = 0;
    p->text.len = 0;
}

static void sheet_start(void *ctx, qy_xml *x, const char *name, const char **atts)
{
    sheet_parse *p = ctx;
    if (p->in_cell) {
        if (!p->phonetic && name[0] == 'v' && !name[1]) {
            p->has_value = true;
            p->gather = !p->in_is;
        } else if (p->phonetic || strcmp(name, "rPh") == 0) {
            p->phonetic++;
        } else if (name[0] == 'f' && !name[1]) {
            p->has_formula = true;
        } else if (strcmp(name, "is") == 0) {
            p->in_is = true;
            p->has_value = true;
        } else if (name[0] == 't' && !name[1] && p->in_is) {
            p->gather = true;
        }
        return;
    }
    if (p->in_row) {
        if (name[0] == 'c' && !name[1]) start_cell(p, x, atts);
        return;
    }
    if (p->in_data) {
        if (strcmp(name, "row") == 0) start_row(p, x, atts);
        else if (p->rows_only) sheet_fail(p, x, QY_EFORMAT, ": <%s> among the rows", name);
        return;
    }
    if (strcmp(name, "sheetData") == 0) {
        p->in_data = true;
    } else if (strcmp(name, "mergeCell") == 0) {
        const char *ref = qy_xml_attr(atts, "ref");
        if (!ref) return;
        qy_cell_range m;
        const char *colon = strchr(ref, ':');
        size_t first_len = colon ? (size_t)(colon - ref) : strlen(ref);
        uint32_t r0, c0, r1, c1;
        if (qy_cell_ref_parse(ref, first_len, &r0, &c0) != QY_OK
            || (colon ? qy_cell_ref_parse(colon + 1, strlen(colon + 1), &r1, &c1)
                      : qy_cell_ref_parse(ref, first_len, &r1, &c1))
                   != QY_OK) {
            sheet_fail(p, x, QY_EFORMAT, ": merged range '%s' is malformed", ref);
            return;
        }
        m.first_row = r0 < r1 ? r0 : r1;
        m.last_row = r0 < r1 ? r1 : r0;
        m.first_col = (uint16_t)(c0 < c1 ? c0 : c1);
        m.last_col = (uint16_t)(c0 < c1 ? c1 : c0);
        qy_grid *g = p->g;
        if (!grow((void **)&g->merges, &p->merges_cap, g->nmerges, sizeof *g->merges)) {
            out_of_memory(p, x);
            return;
        }
        g->merges[g->nmerges++] = m;
    }
}

/* The cell just ended, into the grid (or left out when it holds nothing). */
static void end_cell(sheet_parse *p, qy_xml *x)
{
    qy_grid *g = p->g;
    uint32_t row = (uint32_t)p->row;
    qy_cell c = {.row = row, .col = (uint16_t)p->col, .is_formula = p->has_formula, .fmt = p->fmt};
    const char *s = p->text.data ? p->text.data : "";
    size_t len = p->text.len;
    bool value = p->has_value;
    if (value && p->type != T_INLINE && p->type != T_STR) {
        trim(&s, &len);
        if (len == 0) value = false;   /* <v/> of a number, index or bool: no value */
    }
    if (!value) {
        if (!p->has_formula) return;
        c.kind = QY_CELL_NO_VALUE;
    } else {
        switch (p->type) {
        case T_NUMBER:
            c.kind = QY_CELL_NUMBER;
            if (parse_number(s, len, &c.v.number) != QY_OK) {
                cell_fail(p, x, row, p->col, "not a number:", s, len);
                return;
            }
            break;
        case T_SHARED:
            c.kind = QY_CELL_TEXT;
            if (!parse_index(s, len, &c.v.text) || c.v.text >= QY_XLSX_OWN_STRING) {
                cell_fail(p, x, row, p->col, "not a shared string index:", s, len);
                return;
            }
            break;
        case T_BOOL:
            c.kind = QY_CELL_BOOL;
            if (len == 1 && (s[0] == '0' || s[0] == '1')) {
                c.v.boolean = s[0] == '1';
            } else if ((len == 4 && memcmp(s, "true", 4) == 0)
                       || (len == 5 && memcmp(s, "false", 5) == 0)) {
                c.v.boolean = len == 4;
            } else {
                cell_fail(p, x, row, p->col, "not a boolean:", s, len);
                return;
            }
            break;
        default: {   /* text the sheet holds itself */
            c.kind = p->type == T_ERROR ? QY_CELL_ERROR : QY_CELL_TEXT;
            if (p->type != T_ERROR && len) len = qy_xlsx_unescape(p->text.data, len);
            uint32_t index;
            int rc = qy_grid_add_string(p->own, s, len, &index);
            if (rc == QY_OK && index >= QY_XLSX_OWN_STRING) rc = QY_ERANGE;
            if (rc != QY_OK) {
                if (rc == QY_ENOMEM) out_of_memory(p, x);
                else cell_fail(p, x, row, p->col, "too many strings in one sheet", NULL, 0);
                return;
            }
            c.v.text = index | QY_XLSX_OWN_STRING;
        }
        }
    }
    if (!grow((void **)&g->cells, &p->cells_cap, g->ncells, sizeof *g->cells)) {
        out_of_memory(p, x);
        return;
    }
    g->cells[g->ncells++] = c;
}

static void sheet_end(void *ctx, qy_xml *x, const char *name)
{
    sheet_parse *p = ctx;
    if (p->in_cell) {
        if (p->phonetic) {
            p->phonetic--;
        } else if (name[0] == 'c' && !name[1]) {
            p->in_cell = p->gather = false;
            end_cell(p, x);
        } else if ((name[0] == 'v' || name[0] == 't') && !name[1]) {
            p->gather = false;
        } else if (strcmp(name, "is") == 0) {
            p->in_is = false;
        }
        return;
    }
    if (p->in_row) {
        if (strcmp(name, "row") == 0) p->in_row = false;
        return;
    }
    if (p->in_data && strcmp(name, "sheetData") == 0) p->in_data = false;
}

static void sheet_text(void *ctx, qy_xml *x, const char *s, int len)
{
    sheet_parse *p = ctx;
    if (p->gather && !p->phonetic && qy_strbuf_append(&p->text, s, (size_t)len) != QY_OK)
        out_of_memory(p, x);
}

static const qy_xml_handlers sheet_handlers = {sheet_start, sheet_end, sheet_text};

int qy_xlsx_read_cells(qy_zip *z, int64_t index, const qy_xlsx_sheet_ref *ref, qy_grid *g,
                       qy_grid *own, qy_error *err)
{
    sheet_parse p = {.ref = ref, .g = g, .own = own, .first_row = -1, .row = -1, .last_col = -1};
    int rc = qy_xml_parse(z, index, 0, ref->where, &sheet_handlers, &p, err);
    qy_strbuf_free(&p.text);
    return rc;
}

int qy_xlsx_parse_rows(const char *rows, size_t len, const qy_xlsx_sheet_ref *ref, qy_grid *g,
                       qy_grid *own, qy_xlsx_rows_span *span, qy_error *err)
{
    sheet_parse p = {.ref = ref, .g = g, .own = own, .rows_only = true, .first_row = -1,
                     .row = -1, .last_col = -1};
    const char *pieces[3] = {"<sheetData>", rows, "</sheetData>"};
    const size_t lens[3] = {11, len, 12};
    int rc = qy_xml_scan_text(pieces, lens, 3, &sheet_handlers, &p, err);
    if (rc == QY_XML_UNSURE) {   /* past the fast scanner: expat, from the start */
        qy_grid_free(g);
        qy_grid_free(own);
        qy_strbuf_free(&p.text);
        p = (sheet_parse){.ref = ref, .g = g, .own = own, .rows_only = true, .first_row = -1,
                          .row = -1, .last_col = -1};
        rc = qy_xml_parse_text(pieces, lens, 3, ref->where, &sheet_handlers, &p, err);
    }
    qy_strbuf_free(&p.text);
    span->first_row = p.first_row;
    span->last_row = p.row;
    span->first_unnumbered = p.first_unnumbered;
    return rc;
}

int qy_xlsx_parse_sheet_text(const char *const *pieces, const size_t *lens, int n,
                             const qy_xlsx_sheet_ref *ref, qy_grid *g, qy_grid *own,
                             qy_error *err)
{
    sheet_parse p = {.ref = ref, .g = g, .own = own, .first_row = -1, .row = -1, .last_col = -1};
    int rc = qy_xml_parse_text(pieces, lens, n, ref->where, &sheet_handlers, &p, err);
    qy_strbuf_free(&p.text);
    return rc;
}

/* ---- shared strings ---- */

typedef struct shared_parse {
    const char *where;
    qy_grid *g;
    bool in_si, gather;
    int phonetic;
    qy_strbuf text;
} shared_parse;

static void shared_start(void *ctx, qy_xml *x, const char *name, const char **atts)
{
    shared_parse *p = ctx;
    if (!p->in_si) {
        if (strcmp(name, "si") == 0) {
            p->in_si = true;
            p->text.len = 0;
        }
    } else if (p->phonetic || strcmp(name, "rPh") == 0) {
        p->phonetic++;
    } else if (name[0] == 't' && !name[1]) {
        p->gather = true;
    }
}

static void shared_end(void *ctx, qy_xml *x, const char *name)
{
    shared_parse *p = ctx;
    if (!p->in_si) return;
    if (p->phonetic) {
        p->phonetic--;
    } else if (name[0] == 't' && !name[1]) {
        p->gather = false;
    } else if (strcmp(name, "si") == 0) {
        p->in_si = false;
        size_t len = p->text.len ? qy_xlsx_unescape(p->text.data, p->text.len) : 0;
        uint32_t index;
        int rc = qy_grid_add_string(p->g, p->text.data ? p->text.data : "", len, &index);
        if (rc == QY_OK && index >= QY_XLSX_OWN_STRING) rc = QY_ERANGE;
        if (rc == QY_ENOMEM) {
            qy_error_set(qy_xml_err(x), rc, "%s: not enough memory", p->where);
        } else if (rc != QY_OK) {
            qy_error_set(qy_xml_err(x), rc, "%s: more than %u shared strings", p->where,
                         (unsigned)QY_XLSX_OWN_STRING);
        }
        if (rc != QY_OK) qy_xml_stop(x, rc);
    }
}

static void shared_text(void *ctx, qy_xml *x, const char *s, int len)
{
    shared_parse *p = ctx;
    if (p->gather && !p->phonetic && qy_strbuf_append(&p->text, s, (size_t)len) != QY_OK) {
        qy_error_set(qy_xml_err(x), QY_ENOMEM, "%s: not enough memory", p->where);
        qy_xml_stop(x, QY_ENOMEM);
    }
}

int qy_xlsx_read_shared(qy_zip *z, int64_t index, const char *where, qy_grid *g, qy_error *err)
{
    shared_parse p = {.where = where, .g = g};
    static const qy_xml_handlers handlers = {shared_start, shared_end, shared_text};
    int rc = qy_xml_parse(z, index, 0, where, &handlers, &p, err);
    qy_strbuf_free(&p.text);
    return rc;
}

/* ---- joining the two ---- */

int qy_xlsx_append_strings(qy_grid *dst, const qy_grid *src)
{
    if (src->nstrings == 0) return QY_OK;
    uint32_t had = dst->nstrings;
    if ((uint64_t)had + src->nstrings >= UINT32_MAX - 2) return QY_ERANGE;
    uint64_t base = had ? dst->start[had] : 0, more = src->start[src->nstrings];
    uint32_t n = had + src->nstrings;
    if (base + more > dst->text_cap || !dst->text) {
        uint64_t cap = dst->text_cap ? dst->text_cap : 4096;
        while (cap < base + more) cap *= 2;
        char *text = qy_realloc(dst->text, (size_t)cap);
        if (!text) return QY_ENOMEM;
        dst->text = text;
        dst->text_cap = cap;
    }
    if ((uint64_t)n + 1 > dst->start_cap) {
        uint64_t cap = dst->start_cap ? dst->start_cap : 64;
        while (cap < (uint64_t)n + 1) cap *= 2;
        if (cap > UINT32_MAX) cap = UINT32_MAX;
        uint64_t *start = qy_realloc(dst->start, (size_t)cap * sizeof *start);
        if (!start) return QY_ENOMEM;
        if (!dst->start) start[0] = 0;
        dst->start = start;
        dst->start_cap = (uint32_t)cap;
    }
    memcpy(dst->text + base, src->text, (size_t)more);
    for (uint32_t i = 1; i <= src->nstrings; i++) dst->start[had + i] = base + src->start[i];
    dst->nstrings = n;
    return QY_OK;
}

int qy_xlsx_join_strings(qy_grid *g, qy_grid *own, const qy_xlsx_sheet_ref *ref, qy_error *err)
{
    uint32_t shared = g->nstrings;
    if ((uint64_t)shared + own->nstrings >= UINT32_MAX - 2)
        return qy_error_set(err, QY_ERANGE, "%s: sheet '%s': more than %u strings", ref->path,
                            ref->sheet, UINT32_MAX - 3);
    for (int64_t i = 0; i < g->ncells; i++) {
        qy_cell *c = &g->cells[i];
        if (c->kind != QY_CELL_TEXT && c->kind != QY_CELL_ERROR) continue;
        if (c->v.text & QY_XLSX_OWN_STRING) {
            c->v.text = shared + (c->v.text & ~QY_XLSX_OWN_STRING);
        } else if (c->v.text >= shared) {
            char at[16];
            qy_cell_ref(c->row, c->col, at);
            return qy_error_set(err, QY_EFORMAT, "%s: sheet '%s', cell %s: shared string %u of %u",
                                ref->path, ref->sheet, at, c->v.text, shared);
        }
    }
    if (own->nstrings == 0) return QY_OK;
    if (shared == 0) {   /* the sheet's strings are all: move them */
        qy_free(g->text);
        qy_free(g->start);
        g->text = own->text;
        g->start = own->start;
        g->nstrings = own->nstrings;
        g->text_cap = own->text_cap;
        g->start_cap = own->start_cap;
        own->text = NULL;
        own->start = NULL;
        own->nstrings = 0;
        return QY_OK;
    }
    if (qy_xlsx_append_strings(g, own) != QY_OK)
        return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", ref->path);
    return QY_OK;
}
