/* format.c — tables as text for people: every cell is rendered to one line of
 * display text, measured in terminal cells, and padded to its column. */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "number.h"
#include "utf8.h"

#define ELLIPSIS "\xE2\x80\xA6"        /* "…", one cell */
#define ELLIPSIS_LEN 3
#define COLUMN_GAP 2                   /* spaces between columns */
#define NO_SLOT (-1)                   /* the "…" column in a column plan */

void qy_print_options_init(qy_print_options *opts)
{
    opts->max_rows = 20;
    opts->max_width = 120;
    opts->max_cell_width = 30;
    opts->show_types = true;
}

static bool is_numeric(qy_type type)
{
    return type == QY_INT64 || type == QY_FLOAT64 || type == QY_DECIMAL;
}

static void strbuf_clear(qy_strbuf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

/* ---- values as text -------------------------------------------------- */

/* Floats for reading, as report tables show rates, shares and means: two
 * decimals (storage keeps every digit); a non-zero value too small for two
 * decimals keeps 3 significant digits, a huge one the exponent form. */
static size_t float_text(double x, char *buf)
{
    double ax = fabs(x);
    if (x == 0) return (size_t)snprintf(buf, 40, "0.00");   /* -0 too */
    if (isfinite(x) && ax >= 0.005 && ax < 1e15) return (size_t)snprintf(buf, 40, "%.2f", x);
    return qy_float_format_display(x, 3, buf);
}

/* The text of non-null row i of a column that is not a string column: floats
 * by float_text, everything else as qy_column_format writes it. buf holds at
 * least 40 bytes. */
static size_t scalar_text(const qy_column *c, int64_t i, char *buf, size_t cap,
                          const char **text)
{
    if (c->type == QY_FLOAT64) {
        *text = buf;
        return float_text(c->v.f64[i], buf);
    }
    return qy_column_format(c, i, buf, cap, text);
}

size_t qy_format_cell(const qy_column *c, int64_t i, char *buf, size_t cap, const char **text)
{
    if (qy_column_is_null(c, i)) {
        *text = NULL;
        return 0;
    }
    return scalar_text(c, i, buf, cap, text);
}

/* Appends s[0..len) so that it stays on one terminal line: \n, \t and \r as
 * those two-character escapes, other control characters and bytes that are
 * not UTF-8 as \xNN (C1 controls as \u00NN). Backslashes are left alone. */
static int append_one_line(qy_strbuf *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int n = qy_utf8_decode(s + i, len - i, &cp);
        int rc;
        if (n == 0) rc = qy_strbuf_printf(out, "\\x%02X", (unsigned char)s[i]);
        else if (cp == '\n') rc = qy_strbuf_puts(out, "\\n");
        else if (cp == '\t') rc = qy_strbuf_puts(out, "\\t");
        else if (cp == '\r') rc = qy_strbuf_puts(out, "\\r");
        else if (cp < 0x20 || cp == 0x7F) rc = qy_strbuf_printf(out, "\\x%02X", (unsigned)cp);
        else if (cp >= 0x80 && cp < 0xA0) rc = qy_strbuf_printf(out, "\\u%04X", (unsigned)cp);
        else rc = qy_strbuf_append(out, s + i, (size_t)n);
        QY_RETURN_NOT_OK(rc);
        i += n ? (size_t)n : 1;
    }
    return QY_OK;
}

/* A string that would be mistaken when shown bare: the word "null" (which
 * marks nulls) or text with spaces at either end (invisible when padded). */
static bool string_needs_quotes(const char *s, size_t len)
{
    if (len == 4 && memcmp(s, "null", 4) == 0) return true;
    return len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
}

/* Shortens the text in cell to at most max_width cells, ending in "…" when
 * cut; max_width <= 0 means no limit. */
static int cut_to_width(qy_strbuf *cell, int max_width)
{
    if (max_width <= 0 || qy_utf8_width(cell->data, cell->len) <= (size_t)max_width)
        return QY_OK;
    cell->len = qy_utf8_prefix(cell->data, cell->len, (size_t)max_width - 1, NULL);
    return qy_strbuf_append(cell, ELLIPSIS, ELLIPSIS_LEN);
}

/* Replaces cell with row i of c as the text table shows it. */
static int render_value(const qy_column *c, int64_t i, int max_width, qy_strbuf *cell)
{
    strbuf_clear(cell);
    int rc;
    if (qy_column_is_null(c, i)) {
        rc = qy_strbuf_puts(cell, "null");
    } else if (c->type == QY_STRING) {
        size_t len;
        const char *s = qy_dict_get(c->dict, c->v.code[i], &len);
        bool quoted = string_needs_quotes(s, len);
        rc = quoted ? qy_strbuf_puts(cell, "\"") : QY_OK;
        if (rc == QY_OK) rc = append_one_line(cell, s, len);
        if (rc == QY_OK && quoted) rc = qy_strbuf_puts(cell, "\"");
    } else {
        char buf[64];
        const char *text;
        size_t len = scalar_text(c, i, buf, sizeof buf, &text);
        rc = qy_strbuf_append(cell, text, len);
    }
    QY_RETURN_NOT_OK(rc);
    return cut_to_width(cell, max_width);
}

/* Replaces cell with a column name as the header line shows it. */
static int render_name(const char *name, int max_width, qy_strbuf *cell)
{
    strbuf_clear(cell);
    QY_RETURN_NOT_OK(append_one_line(cell, name, strlen(name)));
    return cut_to_width(cell, max_width);
}

/* Replaces cell with the column's type name. */
static int render_type(const qy_column *c, int max_width, qy_strbuf *cell)
{
    char buf[16];
    strbuf_clear(cell);
    QY_RETURN_NOT_OK(qy_strbuf_puts(cell, qy_type_name(c->type, c->scale, buf)));
    return cut_to_width(cell, max_width);
}

/* ---- which rows and columns are shown -------------------------------- */

/* Rows [0, head) and [nrows - tail, nrows), with a "…" row between when
 * elided. */
typedef struct row_plan {
    int64_t head, tail;
    bool elided;
} row_plan;

static row_plan plan_rows(int64_t nrows, int64_t max_rows)
{
    row_plan p = {nrows, 0, false};
    if (max_rows >= 0 && nrows > max_rows) {
        p.head = (max_rows + 1) / 2;
        p.tail = max_rows / 2;
        p.elided = true;
    }
    return p;
}

/* The shown columns in order: column indexes, with NO_SLOT for the "…"
 * column. Without a width limit, or when everything fits, all columns;
 * otherwise columns taken from the left and right ends in turn until the
 * next one would not fit. The first column is always kept, even if alone
 * it is wider than max_width: a table of nothing but "…" tells nothing. */
static int plan_columns(const size_t *widths, int ncols, int max_width, int *slots)
{
    size_t total = 0;
    for (int j = 0; j < ncols; j++) total += widths[j] + (j ? COLUMN_GAP : 0);
    int nslots = 0;
    if (max_width <= 0 || total <= (size_t)max_width) {
        for (int j = 0; j < ncols; j++) slots[nslots++] = j;
        return nslots;
    }
    int left = 0, right = ncols;   /* shown: [0, left) and [right, ncols) */
    size_t used = 1;               /* the "…" column */
    bool from_left = true;
    while (left < right) {
        int next = from_left ? left : right - 1;
        if (used + widths[next] + COLUMN_GAP > (size_t)max_width) break;
        used += widths[next] + COLUMN_GAP;
        if (from_left) left++;
        else right--;
        from_left = !from_left;
    }
    if (left == 0) left = 1;
    for (int j = 0; j < left; j++) slots[nslots++] = j;
    if (left < right) slots[nslots++] = NO_SLOT;
    for (int j = right; j < ncols; j++) slots[nslots++] = j;
    return nslots;
}

/* ---- the text table -------------------------------------------------- */

typedef struct text_layout {
    const qy_table *t;
    const qy_print_options *opts;
    row_plan rows;
    size_t *widths;      /* per column of t, in cells */
    int *slots;          /* plan_columns */
    int nslots;
    qy_strbuf cell;      /* scratch for one rendered cell */
} text_layout;

static size_t cell_width(const qy_strbuf *cell) { return qy_utf8_width(cell->data, cell->len); }

static void widen(size_t *width, const qy_strbuf *cell)
{
    size_t w = cell_width(cell);
    if (w > *width) *width = w;
}

/* Widest rendered cell of column j over the header lines and shown rows. */
static int measure_column(text_layout *lay, int j)
{
    const qy_column *c = lay->t->cols[j];
    int maxw = lay->opts->max_cell_width;
    size_t *w = &lay->widths[j];
    *w = lay->rows.elided ? 1 : 0;
    QY_RETURN_NOT_OK(render_name(lay->t->names[j], maxw, &lay->cell));
    widen(w, &lay->cell);
    if (lay->opts->show_types) {
        QY_RETURN_NOT_OK(render_type(c, maxw, &lay->cell));
        widen(w, &lay->cell);
    }
    for (int64_t i = 0; i < lay->rows.head; i++) {
        QY_RETURN_NOT_OK(render_value(c, i, maxw, &lay->cell));
        widen(w, &lay->cell);
    }
    for (int64_t i = lay->t->nrows - lay->rows.tail; i < lay->t->nrows; i++) {
        QY_RETURN_NOT_OK(render_value(c, i, maxw, &lay->cell));
        widen(w, &lay->cell);
    }
    return QY_OK;
}

/* Appends text padded to width cells on the side alignment asks for. */
static int append_padded(qy_strbuf *out, const char *text, size_t len, size_t width,
                         bool right)
{
    size_t w = qy_utf8_width(text, len);
    size_t pad = width > w ? width - w : 0;
    if (right) QY_RETURN_NOT_OK(qy_strbuf_fill(out, ' ', pad));
    if (len > 0) QY_RETURN_NOT_OK(qy_strbuf_append(out, text, len));
    return right ? QY_OK : qy_strbuf_fill(out, ' ', pad);
}

/* Ends the line begun at line_start: trailing spaces go, a newline comes. */
static int end_line(qy_strbuf *out, size_t line_start)
{
    while (out->len > line_start && out->data[out->len - 1] == ' ') out->len--;
    return qy_strbuf_append(out, "\n", 1);
}

typedef enum line_kind { LINE_NAMES, LINE_TYPES, LINE_RULE, LINE_ROW, LINE_ELLIPSIS } line_kind;

/* Fills lay->cell with what column j shows on a line of the given kind. */
static int render_slot(text_layout *lay, int j, line_kind kind, int64_t row)
{
    const qy_column *c = lay->t->cols[j];
    int maxw = lay->opts->max_cell_width;
    switch (kind) {
    case LINE_NAMES: return render_name(lay->t->names[j], maxw, &lay->cell);
    case LINE_TYPES: return render_type(c, maxw, &lay->cell);
    case LINE_ROW: return render_value(c, row, maxw, &lay->cell);
    case LINE_RULE:
        strbuf_clear(&lay->cell);
        return qy_strbuf_fill(&lay->cell, '-', lay->widths[j]);
    case LINE_ELLIPSIS:
        strbuf_clear(&lay->cell);
        return qy_strbuf_puts(&lay->cell, ELLIPSIS);
    }
    return QY_OK;
}

/* What the "…" column shows on a line of the given kind. */
static const char *ellipsis_slot_text(line_kind kind)
{
    if (kind == LINE_TYPES) return "";
    if (kind == LINE_RULE) return "-";
    return ELLIPSIS;
}

static int append_line(text_layout *lay, line_kind kind, int64_t row, qy_strbuf *out)
{
    size_t start = out->len;
    for (int s = 0; s < lay->nslots; s++) {
        if (s) QY_RETURN_NOT_OK(qy_strbuf_fill(out, ' ', COLUMN_GAP));
        int j = lay->slots[s];
        if (j == NO_SLOT) {
            const char *text = ellipsis_slot_text(kind);
            QY_RETURN_NOT_OK(append_padded(out, text, strlen(text), 1, false));
            continue;
        }
        QY_RETURN_NOT_OK(render_slot(lay, j, kind, row));
        bool right = is_numeric(lay->t->cols[j]->type);
        QY_RETURN_NOT_OK(append_padded(out, lay->cell.data, lay->cell.len, lay->widths[j], right));
    }
    return end_line(out, start);
}

static int append_footer(const qy_table *t, qy_strbuf *out)
{
    return qy_strbuf_printf(out, "(%lld %s \xC3\x97 %d %s)\n", (long long)t->nrows,
                            t->nrows == 1 ? "row" : "rows", t->ncols,
                            t->ncols == 1 ? "column" : "columns");
}

static int append_text_table(text_layout *lay, qy_strbuf *out)
{
    const qy_table *t = lay->t;
    for (int j = 0; j < t->ncols; j++) QY_RETURN_NOT_OK(measure_column(lay, j));
    lay->nslots = plan_columns(lay->widths, t->ncols, lay->opts->max_width, lay->slots);
    QY_RETURN_NOT_OK(append_line(lay, LINE_NAMES, 0, out));
    if (lay->opts->show_types) QY_RETURN_NOT_OK(append_line(lay, LINE_TYPES, 0, out));
    QY_RETURN_NOT_OK(append_line(lay, LINE_RULE, 0, out));
    for (int64_t i = 0; i < lay->rows.head; i++) QY_RETURN_NOT_OK(append_line(lay, LINE_ROW, i, out));
    if (lay->rows.elided) QY_RETURN_NOT_OK(append_line(lay, LINE_ELLIPSIS, 0, out));
    for (int64_t i = t->nrows - lay->rows.tail; i < t->nrows; i++)
        QY_RETURN_NOT_OK(append_line(lay, LINE_ROW, i, out));
    return QY_OK;
}

int qy_table_format_text(const qy_table *t, const qy_print_options *opts,
                         qy_strbuf *out, qy_error *err)
{
    size_t start = out->len;
    text_layout lay = {.t = t, .opts = opts, .rows = plan_rows(t->nrows, opts->max_rows),
                       .cell = QY_STRBUF_INIT};
    int rc = QY_OK;
    if (t->ncols > 0) {
        lay.widths = qy_calloc((size_t)t->ncols, sizeof *lay.widths);
        lay.slots = qy_calloc((size_t)t->ncols + 1, sizeof *lay.slots);
        rc = lay.widths && lay.slots ? append_text_table(&lay, out) : QY_ENOMEM;
    }
    if (rc == QY_OK) rc = append_footer(t, out);
    qy_free(lay.widths);
    qy_free(lay.slots);
    qy_strbuf_free(&lay.cell);
    if (rc != QY_OK) {
        out->len = start;   /* no half table */
        if (out->data) out->data[start] = '\0';
        return qy_error_default(err, rc);
    }
    return QY_OK;
}

/* ---- Markdown -------------------------------------------------------- */

/* Appends s[0..len) as the text of a Markdown table cell: '|' escaped, line
 * breaks (LF, CRLF or CR) as <br>. */
static int append_markdown_text(qy_strbuf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        int rc;
        if (s[i] == '|') {
            rc = qy_strbuf_puts(out, "\\|");
        } else if (s[i] == '\n' || s[i] == '\r') {
            if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') i++;
            rc = qy_strbuf_puts(out, "<br>");
        } else {
            rc = qy_strbuf_append(out, s + i, 1);
        }
        QY_RETURN_NOT_OK(rc);
    }
    return QY_OK;
}

static int append_markdown_value(qy_strbuf *out, const qy_column *c, int64_t i)
{
    if (qy_column_is_null(c, i)) return QY_OK;
    if (c->type == QY_STRING) {
        size_t len;
        const char *s = qy_dict_get(c->dict, c->v.code[i], &len);
        return append_markdown_text(out, s, len);
    }
    char buf[64];
    const char *text;
    size_t len = scalar_text(c, i, buf, sizeof buf, &text);
    return qy_strbuf_append(out, text, len);
}

static int append_markdown_table(const qy_table *t, qy_strbuf *out)
{
    QY_RETURN_NOT_OK(qy_strbuf_puts(out, "|"));
    for (int j = 0; j < t->ncols; j++) {
        QY_RETURN_NOT_OK(qy_strbuf_puts(out, " "));
        QY_RETURN_NOT_OK(append_markdown_text(out, t->names[j], strlen(t->names[j])));
        QY_RETURN_NOT_OK(qy_strbuf_puts(out, " |"));
    }
    QY_RETURN_NOT_OK(qy_strbuf_puts(out, "\n|"));
    for (int j = 0; j < t->ncols; j++)
        QY_RETURN_NOT_OK(qy_strbuf_puts(out, is_numeric(t->cols[j]->type) ? " ---: |" : " --- |"));
    QY_RETURN_NOT_OK(qy_strbuf_puts(out, "\n"));
    for (int64_t i = 0; i < t->nrows; i++) {
        QY_RETURN_NOT_OK(qy_strbuf_puts(out, "|"));
        for (int j = 0; j < t->ncols; j++) {
            QY_RETURN_NOT_OK(qy_strbuf_puts(out, " "));
            QY_RETURN_NOT_OK(append_markdown_value(out, t->cols[j], i));
            QY_RETURN_NOT_OK(qy_strbuf_puts(out, " |"));
        }
        QY_RETURN_NOT_OK(qy_strbuf_puts(out, "\n"));
    }
    return QY_OK;
}

int qy_table_format_markdown(const qy_table *t, qy_strbuf *out, qy_error *err)
{
    if (t->ncols == 0) return QY_OK;   /* Markdown has no table without columns */
    size_t start = out->len;
    int rc = append_markdown_table(t, out);
    if (rc != QY_OK) {
        out->len = start;
        if (out->data) out->data[start] = '\0';
        return qy_error_default(err, rc);
    }
    return QY_OK;
}
