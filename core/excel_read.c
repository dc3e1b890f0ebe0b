/* excel_read.c — shaping a worksheet's grid into CSV text, typed by the CSV
 * reader; see excel_read.h.
 *
 * The grid is walked a row at a time through a row of slots, one per column
 * of the area, each pointing at the cell that shows there (its own, or the
 * top-left cell of a merge over it). The body goes out as CSV text, a line
 * per row (more where a text holds line breaks), with the sheet row of each
 * line remembered, so the CSV reader's "name:LINE:" messages can be told as
 * the sheet's rows.
 */
#include "excel_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "numfmt.h"
#include "strbuf.h"
#include "utf8.h"

enum { TITLE_SCAN_ROWS = 50, MAX_HEADER_ROWS = 8 };

/* A merged area clipped to the area, with the cell that shows in it. */
typedef struct merge_fill {
    qy_cell_range at;
    const qy_cell *origin;   /* NULL: the top-left cell is empty */
} merge_fill;

/* Where each rendered row's lines begin, for messages. */
typedef struct line_map {
    int64_t *first_line;     /* 1-based CSV line of the row's start */
    uint32_t *row;           /* the sheet's row, 0-based */
    int64_t n, cap;
} line_map;

typedef struct shaper {
    const char *name, *sheet;
    const qy_grid *g;
    const qy_excel_options *o;
    qy_excel_report *rep;
    qy_error *err;
    qy_numfmt *fmts;         /* g->nformats, classified */
    uint32_t r0, r1;         /* the area, inclusive */
    uint16_t c0, c1;
    int span;                /* c1 - c0 + 1 */
    int64_t *row_first;      /* rows r0..r1+1: first cell index at or past the row */
    merge_fill *merges;      /* those meeting the area, by first row */
    int64_t nmerges;
    const qy_cell **slots;   /* span of them */
    int *dirty;              /* the slots set since the last clearing */
    int ndirty;
    char numbuf[QY_NUMFMT_TEXT_SIZE];
    uint32_t head, body;     /* first header row, first body row */
    int header_rows;
    int width;               /* columns of the table */
    qy_strbuf csv;
    line_map lines;
    int64_t line;            /* CSV lines written */
    int64_t merged;          /* body merges filled */
} shaper;

void qy_excel_options_init(qy_excel_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->sheet_index = -1;
    opts->skip = -1;
    opts->header_rows = -1;
    opts->footer = QY_FOOTER_DEFAULT;
    opts->fill_merged = true;
    qy_csv_options_init(&opts->csv);
}

static int fail_memory(shaper *s)
{
    return qy_error_set(s->err, QY_ENOMEM, "%s: not enough memory", s->name);
}

/* ---- cells and their text ----------------------------------------------- */

/* The text a cell shows; NULL for an error or a formula without a value
 * when as_value (those are null in the table). */
static const char *cell_text(shaper *s, const qy_cell *c, bool as_value, size_t *len)
{
    switch (c->kind) {
    case QY_CELL_TEXT:
        return qy_grid_string(s->g, c->v.text, len);
    case QY_CELL_BOOL:
        *len = c->v.boolean ? 4 : 5;
        return c->v.boolean ? "true" : "false";
    case QY_CELL_NUMBER: {
        qy_numfmt f = c->fmt < s->g->nformats ? s->fmts[c->fmt] : s->fmts[0];
        size_t n = qy_numfmt_render(f, c->v.number, s->g->date1904, s->numbuf);
        if (n == 0)   /* a date out of Excel's range, shown as the number */
            n = qy_numfmt_render((qy_numfmt){QY_NUMFMT_GENERAL, 0}, c->v.number, false, s->numbuf);
        *len = n;
        return s->numbuf;
    }
    case QY_CELL_ERROR:
        if (as_value) return NULL;
        return qy_grid_string(s->g, c->v.text, len);
    default:
        *len = 0;
        return as_value ? NULL : "";
    }
}

/* The cell at (row, col), or NULL: a binary search of the row's cells. */
static const qy_cell *cell_at(const shaper *s, uint32_t row, uint16_t col)
{
    const qy_cell *cells = s->g->cells;
    int64_t lo = 0, hi = s->g->ncells;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        const qy_cell *c = &cells[mid];
        if (c->row < row || (c->row == row && c->col < col)) lo = mid + 1;
        else hi = mid;
    }
    return lo < s->g->ncells && cells[lo].row == row && cells[lo].col == col ? &cells[lo] : NULL;
}

/* Slots are cleared by the list of those set, so a row costs its cells,
 * not the area's width. */
static void set_slot(shaper *s, int j, const qy_cell *c)
{
    if (!s->slots[j]) s->dirty[s->ndirty++] = j;
    s->slots[j] = c;
}

/* Fills s->slots with row r's own cells in the area; returns how many. */
static int own_cells(shaper *s, uint32_t r)
{
    for (int k = 0; k < s->ndirty; k++) s->slots[s->dirty[k]] = NULL;
    s->ndirty = 0;
    int n = 0;
    for (int64_t i = s->row_first[r - s->r0]; i < s->row_first[r - s->r0 + 1]; i++) {
        const qy_cell *c = &s->g->cells[i];
        if (c->col < s->c0 || c->col > s->c1) continue;
        set_slot(s, c->col - s->c0, c);
        n++;
    }
    return n;
}

/* Lays merge m over row r's slots, where it covers them: its top-left
 * cell's value, or nothing (Excel shows no other cell of a merge). */
static void lay_merge(shaper *s, const merge_fill *m, uint32_t r)
{
    if (r < m->at.first_row || r > m->at.last_row) return;
    for (int c = m->at.first_col; c <= m->at.last_col; c++) {
        if (m->origin) set_slot(s, c - s->c0, m->origin);
        else s->slots[c - s->c0] = NULL;
    }
}

/* Row r with every merge over it laid (for the few rows at the top). */
static void row_with_merges(shaper *s, uint32_t r)
{
    own_cells(s, r);
    for (int64_t k = 0; k < s->nmerges && s->merges[k].at.first_row <= r; k++)
        lay_merge(s, &s->merges[k], r);
}

static int first_used_slot(const shaper *s)
{
    int first = -1;
    for (int k = 0; k < s->ndirty; k++) {
        int j = s->dirty[k];
        if (s->slots[j] && (first < 0 || j < first)) first = j;
    }
    return first;
}

/* ---- the area, its rows and merges -------------------------------------- */

static int compare_merges(const void *a, const void *b)
{
    const merge_fill *x = a, *y = b;
    if (x->at.first_row != y->at.first_row) return x->at.first_row < y->at.first_row ? -1 : 1;
    return x->at.first_col < y->at.first_col ? -1 : x->at.first_col > y->at.first_col;
}

/* Rows from the sheet's first, so skip counts rows as Excel numbers them;
 * columns from the first used one. */
static void bounding_box(shaper *s)
{
    const qy_grid *g = s->g;
    s->r0 = 0;
    s->r1 = g->cells[g->ncells - 1].row;
    uint16_t lo = UINT16_MAX, hi = 0;
    for (int64_t i = 0; i < g->ncells; i++) {
        if (g->cells[i].col < lo) lo = g->cells[i].col;
        if (g->cells[i].col > hi) hi = g->cells[i].col;
    }
    s->c0 = lo;
    s->c1 = hi;
}

static int find_area(shaper *s)
{
    if (s->o->has_range) {
        const qy_cell_range *r = &s->o->range;
        s->r0 = r->first_row;
        s->r1 = r->last_row;
        s->c0 = r->first_col;
        s->c1 = r->last_col;
    } else if (s->g->ncells == 0) {
        return qy_error_set(s->err, QY_EINVAL, "%s: sheet '%s' is empty", s->name, s->sheet);
    } else {
        bounding_box(s);
    }
    char a[16], b[16];
    qy_cell_ref(s->r0, s->c0, a);
    qy_cell_ref(s->r1, s->c1, b);
    snprintf(s->rep->range, sizeof s->rep->range, "%s:%s", a, b);
    s->span = s->c1 - s->c0 + 1;
    return QY_OK;
}

static int index_rows(shaper *s)
{
    int64_t nrows = (int64_t)s->r1 - s->r0 + 1;
    s->row_first = qy_malloc((size_t)(nrows + 1) * sizeof *s->row_first);
    s->slots = qy_calloc((size_t)s->span, sizeof *s->slots);
    s->dirty = qy_calloc((size_t)s->span, sizeof *s->dirty);
    if (!s->row_first || !s->slots || !s->dirty) return fail_memory(s);
    const qy_cell *cells = s->g->cells;
    int64_t i = 0, n = s->g->ncells;
    /* The first cell at or past row r0. */
    int64_t lo = 0, hi = n;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (cells[mid].row < s->r0) lo = mid + 1;
        else hi = mid;
    }
    i = lo;
    for (int64_t k = 0; k <= nrows; k++) {
        uint64_t row = (uint64_t)s->r0 + (uint64_t)k;
        while (i < n && cells[i].row < row) i++;
        s->row_first[k] = i;
    }
    return QY_OK;
}

static int clip_merges(shaper *s)
{
    s->merges = qy_calloc((size_t)s->g->nmerges + 1, sizeof *s->merges);
    if (!s->merges) return fail_memory(s);
    for (int64_t k = 0; k < s->g->nmerges; k++) {
        qy_cell_range m = s->g->merges[k];
        if (m.last_row < s->r0 || m.first_row > s->r1 || m.last_col < s->c0 || m.first_col > s->c1)
            continue;
        merge_fill *f = &s->merges[s->nmerges++];
        f->origin = cell_at(s, m.first_row, m.first_col);
        if (m.first_row < s->r0) m.first_row = s->r0;
        if (m.last_row > s->r1) m.last_row = s->r1;
        if (m.first_col < s->c0) m.first_col = s->c0;
        if (m.last_col > s->c1) m.last_col = s->c1;
        f->at = m;
    }
    qsort(s->merges, (size_t)s->nmerges, sizeof *s->merges, compare_merges);
    return QY_OK;
}

/* ---- title and header --------------------------------------------------- */

static void append_text(char *dst, size_t cap, const char *sep, const char *s, size_t len)
{
    size_t used = strlen(dst);
    if (used && used + strlen(sep) < cap) {
        strcpy(dst + used, sep);
        used += strlen(sep);
    }
    if (used + 1 < cap) qy_text_escape(dst + used, cap - used, s, len);
}

/* The title rows' texts into the report. */
static void note_title(shaper *s, uint32_t from, uint32_t to)
{
    for (uint32_t r = from; r < to; r++) {
        own_cells(s, r);
        char row_text[QY_EXCEL_TEXT] = "";
        for (int k = 0; k < s->ndirty; k++) {
            size_t len;
            const char *t = cell_text(s, s->slots[s->dirty[k]], false, &len);
            if (len) append_text(row_text, sizeof row_text, " ", t, len);
        }
        if (row_text[0])
            append_text(s->rep->title, sizeof s->rep->title, " / ", row_text, strlen(row_text));
    }
}

/* The first row of the header, past opts->skip rows, or past blank and
 * title rows: those above the first row holding at least half as many
 * cells as the widest of the first rows (and two). */
static int find_header(shaper *s)
{
    if (s->o->skip >= 0) {
        if ((int64_t)s->r0 + s->o->skip > (int64_t)s->r1)
            return qy_error_set(s->err, QY_EINVAL, "%s: sheet '%s': skip = %lld leaves no rows "
                                "(the area is %s)", s->name, s->sheet, (long long)s->o->skip,
                                s->rep->range);
        s->head = s->r0 + (uint32_t)s->o->skip;
        s->rep->skipped = s->o->skip;
        return QY_OK;
    }
    uint32_t first = s->r0;
    while (first < s->r1 && own_cells(s, first) == 0) first++;
    s->head = first;
    if (s->o->header_rows < 0) {
        uint32_t last = s->r1 - first >= TITLE_SCAN_ROWS ? first + TITLE_SCAN_ROWS - 1 : s->r1;
        int widest = 0;
        for (uint32_t r = first; r <= last; r++) {
            int n = own_cells(s, r);
            if (n > widest) widest = n;
        }
        int need = (widest + 1) / 2 > 2 ? (widest + 1) / 2 : 2;
        uint32_t head = first;
        while (head <= last && own_cells(s, head) < need) head++;
        if (head <= last) {   /* else no row stands out: no title */
            note_title(s, first, head);
            s->head = head;
        }
    }
    s->rep->skipped = s->head - s->r0;
    return QY_OK;
}

/* The header's rows: as asked, or one, more where its merges reach down
 * or across (a parent needs the row below for its children). */
static int count_header_rows(const shaper *s)
{
    if (s->o->header_rows >= 0) return s->o->header_rows;
    uint32_t end = s->head;   /* last header row */
    for (uint32_t r = s->head; r <= end && end - s->head + 1 < MAX_HEADER_ROWS; r++) {
        for (int64_t k = 0; k < s->nmerges; k++) {
            const qy_cell_range *m = &s->merges[k].at;
            if (m->first_row != r) continue;
            uint32_t reach = m->last_row > m->first_row ? m->last_row
                             : m->last_col > m->first_col ? r + 1 : r;
            if (reach > end) end = reach;
        }
    }
    if (end - s->head + 1 > MAX_HEADER_ROWS) end = s->head + MAX_HEADER_ROWS - 1;
    if (end > s->r1) end = s->r1;
    return s->head > s->r1 ? 0 : (int)(end - s->head + 1);
}

/* Appends a header cell's text to a name, line breaks in it made spaces
 * (between two CJK characters, nothing). */
static int append_name_part(qy_strbuf *b, const char *t, size_t len)
{
    if (b->len && qy_strbuf_puts(b, "/") != QY_OK) return QY_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        if (t[i] != '\n' && t[i] != '\r') {
            if (qy_strbuf_append(b, t + i, 1) != QY_OK) return QY_ENOMEM;
            continue;
        }
        size_t j = i;
        while (j < len && (t[j] == '\n' || t[j] == '\r')) j++;
        bool cjk_before = b->len && (unsigned char)b->data[b->len - 1] >= 0x80;
        bool cjk_after = j < len && (unsigned char)t[j] >= 0x80;
        if (!(cjk_before && cjk_after) && qy_strbuf_puts(b, " ") != QY_OK) return QY_ENOMEM;
        i = j - 1;
    }
    return QY_OK;
}

static int quote_field(qy_strbuf *b, const char *t, size_t len, int64_t *lines);
static int map_line(shaper *s, uint32_t row);

/* The header's names as a CSV line, and the table's width. */
static int write_header(shaper *s)
{
    s->header_rows = count_header_rows(s);
    s->rep->header_rows = s->header_rows;
    s->body = s->head + (uint32_t)s->header_rows;
    if (s->header_rows == 0) {
        s->width = s->span;
        return QY_OK;
    }
    if (map_line(s, s->head) != QY_OK) return fail_memory(s);
    /* names[j]: the parts of column j, top row first; a merge shows once. */
    qy_strbuf *names = qy_calloc((size_t)s->span, sizeof *names);
    const qy_cell **above = qy_calloc((size_t)s->span, sizeof *above);
    if (!names || !above) {
        qy_free(names);
        qy_free(above);
        return fail_memory(s);
    }
    int rc = QY_OK;
    for (int h = 0; h < s->header_rows && rc == QY_OK; h++) {
        row_with_merges(s, s->head + (uint32_t)h);
        for (int j = 0; j < s->span && rc == QY_OK; j++) {
            const qy_cell *c = s->slots[j];
            if (!c || c == above[j]) continue;
            above[j] = c;
            size_t len;
            const char *t = cell_text(s, c, false, &len);
            if (len) rc = append_name_part(&names[j], t, len);
        }
    }
    bool named = false;
    for (int j = 0; j < s->span; j++) named |= names[j].len > 0;
    s->width = s->span;
    for (int j = 0; j < s->width && rc == QY_OK; j++) {
        if (j && qy_strbuf_puts(&s->csv, ",") != QY_OK) rc = QY_ENOMEM;
        if (rc == QY_OK && names[j].len)
            rc = quote_field(&s->csv, names[j].data, names[j].len, &s->line);
    }
    if (rc == QY_OK && qy_strbuf_puts(&s->csv, "\n") != QY_OK) rc = QY_ENOMEM;
    s->line++;
    for (int j = 0; j < s->span; j++) qy_strbuf_free(&names[j]);
    qy_free(names);
    qy_free(above);
    if (rc == QY_OK && !named)
        rc = qy_error_set(s->err, QY_EINVAL, "%s: sheet '%s', row %u: the header row is empty",
                          s->name, s->sheet, s->head + 1);
    return rc == QY_ENOMEM ? fail_memory(s) : rc;
}

/* ---- footer ------------------------------------------------------------- */

/* text[0..len) without spaces (ASCII and U+3000) begins with one of the
 * footer words. */
static bool default_footer(const char *text, size_t len)
{
    static const char *const words[] = {"合计", "总计", "小计", "共计", "总和", "注：", "注:",
                                        "备注：", "备注:", "说明：", "说明:", NULL};
    char squeezed[64];
    size_t n = 0;
    for (size_t i = 0; i < len && n < sizeof squeezed - 1; i++) {
        if (text[i] == ' ' || text[i] == '\t') continue;
        if (i + 2 < len && memcmp(text + i, "\xe3\x80\x80", 3) == 0) {
            i += 2;
            continue;
        }
        squeezed[n++] = text[i];
    }
    squeezed[n] = '\0';
    for (int k = 0; words[k]; k++)
        if (strncmp(squeezed, words[k], strlen(words[k])) == 0) return true;
    return n >= 5 && strncasecmp(squeezed, "total", 5) == 0;
}

static int is_footer(shaper *s, const char *t, size_t len, bool *yes)
{
    if (s->o->footer == QY_FOOTER_NONE) {
        *yes = false;
        return QY_OK;
    }
    if (s->o->footer == QY_FOOTER_DEFAULT) {
        *yes = default_footer(t, len);
        return QY_OK;
    }
    bool failed = false;
    s->err->code = QY_OK;
    s->err->msg[0] = '\0';
    *yes = s->o->footer_fn(s->o->footer_ctx, t, len, s->err, &failed);
    if (!failed) return QY_OK;
    if (s->err->msg[0]) return s->err->code ? s->err->code : QY_EINVAL;
    return qy_error_set(s->err, QY_EINVAL, "%s: sheet '%s': the footer test failed", s->name,
                        s->sheet);
}

/* The first non-empty cell's text of row r (own cells), or NULL. */
static const char *first_text(shaper *s, uint32_t r, size_t *len)
{
    own_cells(s, r);
    int j = first_used_slot(s);
    return j < 0 ? NULL : cell_text(s, s->slots[j], false, len);
}

/* Drops the trailing footer rows; returns the body's last row + 1 in *end. */
static int find_footer(shaper *s, uint32_t *end)
{
    uint32_t r = s->r1 + 1;
    while (r > s->body) {
        size_t len;
        const char *t = first_text(s, r - 1, &len);
        if (!t) {
            r--;
            continue;
        }
        bool yes;
        QY_RETURN_NOT_OK(is_footer(s, t, len, &yes));
        if (!yes) break;
        qy_excel_report *rep = s->rep;
        if (rep->nfooters < QY_EXCEL_MAX_FOOTERS)
            qy_text_escape(rep->footers[rep->nfooters++], QY_EXCEL_TEXT, t, len);
        rep->footer_rows++;
        r--;
    }
    *end = r;
    return QY_OK;
}

/* ---- the body as CSV ---------------------------------------------------- */

static bool needs_quotes(const char *t, size_t len)
{
    if (len == 0) return true;
    for (size_t i = 0; i < len; i++)
        if (t[i] == ',' || t[i] == '"' || t[i] == '\n' || t[i] == '\r') return true;
    return false;
}

/* Appends t as a CSV field; counts the line ends inside it into *lines. */
static int quote_field(qy_strbuf *b, const char *t, size_t len, int64_t *lines)
{
    if (!needs_quotes(t, len)) return qy_strbuf_append(b, t, len);
    QY_RETURN_NOT_OK(qy_strbuf_reserve(b, len + 8));
    QY_RETURN_NOT_OK(qy_strbuf_puts(b, "\""));
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '\n' || (t[i] == '\r' && (i + 1 == len || t[i + 1] != '\n'))) (*lines)++;
        if (t[i] != '"') continue;
        QY_RETURN_NOT_OK(qy_strbuf_append(b, t + from, i + 1 - from));
        QY_RETURN_NOT_OK(qy_strbuf_puts(b, "\""));
        from = i + 1;
    }
    QY_RETURN_NOT_OK(qy_strbuf_append(b, t + from, len - from));
    return qy_strbuf_puts(b, "\"");
}

static int map_line(shaper *s, uint32_t row)
{
    line_map *m = &s->lines;
    if (m->n == m->cap) {
        int64_t cap = m->cap ? m->cap * 2 : 1024;
        int64_t *first = qy_realloc(m->first_line, (size_t)cap * sizeof *first);
        if (first) m->first_line = first;
        uint32_t *rows = qy_realloc(m->row, (size_t)cap * sizeof *rows);
        if (rows) m->row = rows;
        if (!first || !rows) return QY_ENOMEM;
        m->cap = cap;
    }
    m->first_line[m->n] = s->line + 1;
    m->row[m->n++] = row;
    return QY_OK;
}

static void note_error_cell(shaper *s, const qy_cell *c)
{
    qy_excel_report *rep = s->rep;
    rep->errors++;
    if (rep->nerror_cells == QY_EXCEL_MAX_ERROR_CELLS) return;
    size_t len;
    const char *t = qy_grid_string(s->g, c->v.text, &len);
    qy_cell_ref(c->row, c->col, rep->error_cells[rep->nerror_cells].ref);
    qy_text_escape(rep->error_cells[rep->nerror_cells].value, 16, t, len);
    rep->nerror_cells++;
}

/* Row r's slots with the body's merges laid: the active ones (a cursor
 * over merges by first row, kept in *next). */
static void body_row(shaper *s, uint32_t r, int64_t *next, int64_t **active, int64_t *nactive)
{
    own_cells(s, r);
    if (!s->o->fill_merged) return;
    while (*next < s->nmerges && s->merges[*next].at.first_row <= r) {
        if (s->merges[*next].at.first_row >= s->body && s->merges[*next].origin) {
            (*active)[(*nactive)++] = *next;
            s->merged++;
        }
        (*next)++;
    }
    int64_t kept = 0;
    for (int64_t k = 0; k < *nactive; k++) {
        const merge_fill *m = &s->merges[(*active)[k]];
        if (m->at.last_row < r) continue;
        lay_merge(s, m, r);
        (*active)[kept++] = (*active)[k];
    }
    *nactive = kept;
}

static bool is_hidden(const shaper *s, uint32_t r, int64_t *cursor)
{
    const qy_grid *g = s->g;
    while (*cursor < g->nhidden && g->hidden_rows[*cursor] < r) (*cursor)++;
    return *cursor < g->nhidden && g->hidden_rows[*cursor] == r;
}

/* The body's row r as a CSV line. */
static int write_row(shaper *s, uint32_t r)
{
    int rc = map_line(s, r);
    for (int j = 0; j < s->width && rc == QY_OK; j++) {
        if (j) rc = qy_strbuf_append(&s->csv, ",", 1);
        const qy_cell *c = s->slots[j];
        if (!c || rc != QY_OK) continue;
        if (c->kind == QY_CELL_ERROR && c->row == r && c->col == s->c0 + j) note_error_cell(s, c);
        if (c->kind == QY_CELL_NO_VALUE && c->row == r && c->col == s->c0 + j) s->rep->no_value++;
        size_t len;
        const char *t = cell_text(s, c, true, &len);
        if (!t) continue;
        if (c->kind == QY_CELL_TEXT) rc = quote_field(&s->csv, t, len, &s->line);
        else rc = qy_strbuf_append(&s->csv, t, len);
    }
    if (rc == QY_OK) rc = qy_strbuf_append(&s->csv, "\n", 1);
    s->line++;
    return rc == QY_OK ? QY_OK : fail_memory(s);
}

static int write_body(shaper *s, uint32_t end)
{
    int64_t next = 0, nactive = 0, hidden_cursor = 0;
    int64_t *active = qy_calloc((size_t)s->nmerges + 1, sizeof *active);
    if (!active) return fail_memory(s);
    int rc = QY_OK;
    uint32_t subtotal_row = 0;
    char subtotal[64] = "";
    for (uint32_t r = s->body; r < end && rc == QY_OK; r++) {
        body_row(s, r, &next, &active, &nactive);
        if (is_hidden(s, r, &hidden_cursor)) {
            s->rep->hidden++;
            if (s->o->drop_hidden) continue;
        }
        int j = first_used_slot(s);
        if (j < 0) continue;   /* a blank row, as a blank CSV line is */
        size_t len;
        const char *t = cell_text(s, s->slots[j], false, &len);
        if (!subtotal_row && s->o->footer == QY_FOOTER_DEFAULT && default_footer(t, len)) {
            subtotal_row = r + 1;
            qy_text_escape(subtotal, sizeof subtotal, t, len);
        }
        rc = write_row(s, r);
    }
    qy_free(active);
    if (rc != QY_OK) return rc;
    s->rep->merged = s->merged;
    if (subtotal_row)
        qy_csv_report_warn(&s->rep->csv, "row %u starts like a total ('%s') but is not at the "
                           "bottom: it is kept", subtotal_row, subtotal);
    return QY_OK;
}

/* ---- typing, and messages in the sheet's terms -------------------------- */

/* The sheet row of CSV line `line`. */
static uint32_t row_of_line(const line_map *m, int64_t line)
{
    int64_t lo = 0, hi = m->n;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (m->first_line[mid] <= line) lo = mid + 1;
        else hi = mid;
    }
    return lo == 0 ? 0 : m->row[lo - 1];
}

/* Turns the CSV reader's "name:LINE: what" into "name: sheet 'S', row R: what". */
static int sheet_message(shaper *s, int rc, const qy_error *csv_err)
{
    char prefix[QY_EXCEL_TEXT + 2];
    size_t n = qy_text_escape(prefix, sizeof prefix - 1, s->name, strlen(s->name));
    prefix[n++] = ':';
    prefix[n] = '\0';
    const char *msg = csv_err->msg;
    if (strncmp(msg, prefix, n) != 0) return qy_error_set(s->err, rc, "%s", msg);
    const char *p = msg + n;
    char *after;
    long long line = strtoll(p, &after, 10);
    if (after > p && *after == ':' && line > 0 && s->lines.n > 0)
        return qy_error_set(s->err, rc, "%s: sheet '%s', row %u:%s", s->name, s->sheet,
                            row_of_line(&s->lines, line) + 1, after + 1);
    return qy_error_set(s->err, rc, "%s: sheet '%s':%s", s->name, s->sheet, p);
}

static int type_table(shaper *s, qy_table **out)
{
    qy_csv_options csv = s->o->csv;
    csv.delim = ',';
    csv.header = s->header_rows > 0;
    csv.skip_lines = 0;
    csv.encoding = QY_ENC_UTF8;
    csv.on_ragged = QY_RAGGED_ERROR;   /* every line has the area's width */
    qy_error csv_err = {0};
    qy_csv_report got = {0};
    int rc = qy_csv_read_buffer(s->name, s->csv.data ? s->csv.data : "", s->csv.len, &csv, out,
                                &got, &csv_err);
    if (rc != QY_OK) return sheet_message(s, rc, &csv_err);
    s->rep->csv.delim = got.delim;
    s->rep->csv.encoding = got.encoding;
    for (int i = 0; i < got.nwarnings; i++)
        qy_csv_report_warn(&s->rep->csv, "%s", got.warnings[i]);
    return QY_OK;
}

static void closing_warnings(shaper *s)
{
    qy_excel_report *rep = s->rep;
    if (rep->errors)
        qy_csv_report_warn(&rep->csv, "%lld error cell(s) read as null (first: %s %s)",
                           (long long)rep->errors, rep->error_cells[0].ref,
                           rep->error_cells[0].value);
    if (rep->no_value)
        qy_csv_report_warn(&rep->csv, "%lld formula cell(s) hold no computed value and read as "
                           "null (open and save the workbook in Excel or LibreOffice to compute "
                           "them)", (long long)rep->no_value);
}

static void release_cells(shaper *s);

static void shaper_free(shaper *s)
{
    release_cells(s);
    qy_free(s->lines.first_line);
    qy_free(s->lines.row);
    qy_strbuf_free(&s->csv);
}

static int classify_formats(shaper *s)
{
    s->fmts = qy_calloc((size_t)s->g->nformats + 1, sizeof *s->fmts);
    if (!s->fmts) return fail_memory(s);
    for (uint32_t i = 0; i < s->g->nformats; i++)
        s->fmts[i] = qy_numfmt_classify(s->g->formats[i].id, s->g->formats[i].code);
    return QY_OK;
}

/* The grid's side of the work, done with before typing. */
static void release_cells(shaper *s)
{
    qy_free(s->fmts);
    qy_free(s->row_first);
    qy_free(s->merges);
    qy_free(s->slots);
    qy_free(s->dirty);
    s->fmts = NULL;
    s->row_first = NULL;
    s->merges = NULL;
    s->slots = NULL;
    s->dirty = NULL;
}

/* release: the grid is ours to free once its text is written, so the cells
 * and the CSV text, not the text and the table, are the peak of memory. */
static int shape(shaper *s, qy_grid *release, qy_table **out)
{
    QY_RETURN_NOT_OK(find_area(s));
    QY_RETURN_NOT_OK(classify_formats(s));
    QY_RETURN_NOT_OK(index_rows(s));
    QY_RETURN_NOT_OK(clip_merges(s));
    QY_RETURN_NOT_OK(find_header(s));
    QY_RETURN_NOT_OK(write_header(s));
    uint32_t end;
    QY_RETURN_NOT_OK(find_footer(s, &end));
    QY_RETURN_NOT_OK(write_body(s, end));
    release_cells(s);
    if (release) qy_grid_free(release);
    QY_RETURN_NOT_OK(type_table(s, out));
    closing_warnings(s);
    return QY_OK;
}

static int read_grid(const char *name, const char *sheet, const qy_grid *g, qy_grid *release,
                     const qy_excel_options *opts, qy_table **out, qy_excel_report *report,
                     qy_error *err)
{
    qy_excel_options defaults;
    if (!opts) {
        qy_excel_options_init(&defaults);
        opts = &defaults;
    }
    qy_excel_report local;
    qy_excel_report *rep = report ? report : &local;
    qy_error local_err;
    memset(rep, 0, sizeof *rep);
    qy_text_escape(rep->sheet, sizeof rep->sheet, sheet, strlen(sheet));
    *out = NULL;
    shaper s = {.name = name, .sheet = sheet, .g = g, .o = opts, .rep = rep,
                .err = err ? err : &local_err};
    if (g->nformats == 0)
        return qy_error_set(s.err, QY_EINVAL, "%s: sheet '%s': the grid has no formats", name,
                            sheet);
    int rc = shape(&s, release, out);
    shaper_free(&s);
    return rc;
}

int qy_excel_read_grid(const char *name, const char *sheet, const qy_grid *g,
                       const qy_excel_options *opts, qy_table **out,
                       qy_excel_report *report, qy_error *err)
{
    return read_grid(name, sheet, g, NULL, opts, out, report, err);
}

/* ---- choosing the sheet ------------------------------------------------- */

static void sheet_list(const qy_book *b, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (int i = 0; i < qy_book_nsheets(b); i++) {
        const char *n = qy_book_sheet(b, i)->name;
        append_text(buf, cap, ", ", n, strlen(n));
    }
}

static int choose_sheet(qy_book *b, const qy_excel_options *o, int *index, qy_error *err)
{
    int n = qy_book_nsheets(b);
    char names[300];
    sheet_list(b, names, sizeof names);
    if (o->sheet_name) {
        for (int i = 0; i < n; i++)
            if (strcmp(qy_book_sheet(b, i)->name, o->sheet_name) == 0) {
                *index = i;
                return QY_OK;
            }
        return qy_error_set(err, QY_ENOTFOUND, "%s has no sheet '%s' (sheets: %s)",
                            qy_book_path(b), o->sheet_name, names);
    }
    if (o->sheet_index >= 0) {
        if (o->sheet_index < n) {
            *index = o->sheet_index;
            return QY_OK;
        }
        return qy_error_set(err, QY_ENOTFOUND, "%s has no sheet %d (it has %d: %s)",
                            qy_book_path(b), o->sheet_index + 1, n, names);
    }
    for (int i = 0; i < n; i++) {
        const qy_sheet_info *info = qy_book_sheet(b, i);
        if (info->state == QY_SHEET_VISIBLE && info->is_worksheet) {
            *index = i;
            return QY_OK;
        }
    }
    return qy_error_set(err, QY_ENOTFOUND, "%s has no visible worksheet (sheets: %s)",
                        qy_book_path(b), names);
}

int qy_excel_read_book(qy_book *book, const qy_excel_options *opts, qy_table **out,
                       qy_excel_report *report, qy_error *err)
{
    qy_excel_options defaults;
    if (!opts) {
        qy_excel_options_init(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    int index = 0;
    QY_RETURN_NOT_OK(choose_sheet(book, opts, &index, err));
    qy_grid g;
    QY_RETURN_NOT_OK(qy_book_read_sheet(book, index, &g, err));
    int rc = read_grid(qy_book_path(book), qy_book_sheet(book, index)->name, &g, &g, opts, out,
                       report, err);
    if (report) report->format = qy_book_format_of(book);
    qy_grid_free(&g);
    return rc;
}

int qy_excel_read_file(const char *path, const qy_excel_options *opts, qy_table **out,
                       qy_excel_report *report, qy_error *err)
{
    *out = NULL;
    qy_book *b;
    QY_RETURN_NOT_OK(qy_book_open(path, &b, err));
    int rc = qy_excel_read_book(b, opts, out, report, err);
    qy_book_close(b);
    return rc;
}
