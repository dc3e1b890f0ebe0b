/* xlsx_rows.c — see xlsx_rows.h. The caller's thread inflates and cuts;
 * `threads` parsers take the pieces in turn; at most `threads` pieces wait
 * for a parser, so memory stays near 2 * threads pieces whatever the part's
 * size. */
#define _GNU_SOURCE   /* memmem */
#include "xlsx_rows.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "alloc.h"
#include "strbuf.h"
#include "workbook_impl.h"

enum {
    DEFAULT_PIECE = 4 << 20,
    HEAD_MAX = 1 << 20,    /* past this without <sheetData>, no cutting */
    MAX_THREADS = 16,
    CUT_FAILED = -2,       /* the sink's code: read it again whole */
};

typedef struct piece {
    char *data;
    size_t len;
    qy_grid g, own;        /* its cells and hidden rows; its own strings */
    qy_xlsx_rows_span span;
    int rc;
    bool done;             /* parsed (under the lock) */
} piece;

typedef enum phase { HEAD, BODY, TAIL } phase;

typedef struct cutter {
    const qy_xlsx_sheet_ref *ref;
    size_t piece_bytes;
    phase at;
    qy_strbuf head, body, tail;
    size_t body_searched;  /* body bytes already searched for </sheetData> */
    pthread_mutex_t mu;
    pthread_cond_t work, room;
    piece **pieces;
    size_t n, cap, next;
    int waiting_max;
    bool finished, failed;
    /* the pieces joined so far, in order, into the caller's grid */
    size_t joined;
    qy_grid *g, *own;
    int64_t cells_cap, hidden_cap, last_row;
} cutter;

/* Whether text[at..] ("row>" or "sheetData>") closes an element: "</"
 * before it, or "</prefix:". */
static bool closes(const char *text, size_t at)
{
    if (at >= 2 && text[at - 1] == '/' && text[at - 2] == '<') return true;
    if (at < 1 || text[at - 1] != ':') return false;
    size_t i = at - 1;
    while (i > 0 && text[i - 1] != '<' && text[i - 1] != '>' && text[i - 1] != '/'
           && text[i - 1] != ' ' && at - i < 64)
        i--;
    return i >= 2 && i < at - 1 && text[i - 1] == '/' && text[i - 2] == '<';
}

/* The end of the first "</row>" in text[from..len), or 0. */
static size_t row_end_from(const char *text, size_t len, size_t from)
{
    while (from + 4 <= len) {
        const char *hit = memmem(text + from, len - from, "row>", 4);
        if (!hit) return 0;
        size_t at = (size_t)(hit - text);
        if (closes(text, at)) return at + 4;
        from = at + 1;
    }
    return 0;
}

/* Where "</sheetData>" (or "</x:sheetData>") starts in text[from..len), or
 * -1. */
static ptrdiff_t sheet_data_end(const char *text, size_t len, size_t from)
{
    while (from < len) {
        const char *hit = memmem(text + from, len - from, "sheetData>", 10);
        if (!hit) return -1;
        size_t at = (size_t)(hit - text);
        if (closes(text, at)) {
            while (text[at] != '<') at--;
            return (ptrdiff_t)at;
        }
        from = at + 1;
    }
    return -1;
}

/* The end of the <sheetData> start tag in text[0..len): 0 when it is not
 * (yet) there, SIZE_MAX when the text is not one to cut (<sheetData/>). */
static size_t sheet_data_start(const char *text, size_t len)
{
    size_t from = 0;
    while (from < len) {
        const char *hit = memmem(text + from, len - from, "sheetData", 9);
        if (!hit) return 0;
        size_t at = (size_t)(hit - text), after = at + 9;
        from = at + 1;
        bool opens = at >= 1 && (text[at - 1] == '<' || text[at - 1] == ':');
        if (!opens || after >= len) {
            if (after >= len) return 0;
            continue;
        }
        if (text[after] != '>' && text[after] != ' ' && text[after] != '/') continue;
        const char *gt = memchr(text + after, '>', len - after);
        if (!gt) return 0;
        return gt[-1] == '/' ? SIZE_MAX : (size_t)(gt - text) + 1;
    }
    return 0;
}

static int push_piece(cutter *c, char *data, size_t len)
{
    piece *p = qy_calloc(1, sizeof *p);
    if (!p) {
        qy_free(data);
        return QY_ENOMEM;
    }
    p->data = data;
    p->len = len;
    pthread_mutex_lock(&c->mu);
    while (!c->failed && c->n - c->next >= (size_t)c->waiting_max)
        pthread_cond_wait(&c->room, &c->mu);
    int rc = c->failed ? CUT_FAILED : QY_OK;
    if (rc == QY_OK && c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        piece **more = qy_realloc(c->pieces, cap * sizeof *more);
        if (more) {
            c->pieces = more;
            c->cap = cap;
        } else {
            rc = QY_ENOMEM;
        }
    }
    if (rc == QY_OK) {
        c->pieces[c->n++] = p;
        pthread_cond_signal(&c->work);
    }
    pthread_mutex_unlock(&c->mu);
    if (rc != QY_OK) {
        qy_free(p->data);
        qy_free(p);
    }
    return rc;
}

/* Hands body[from..to) on as a piece of its own. */
static int hand_on(cutter *c, size_t from, size_t to)
{
    if (to == from) return QY_OK;
    char *data = qy_malloc(to - from);
    if (!data) return QY_ENOMEM;
    memcpy(data, c->body.data + from, to - from);
    return push_piece(c, data, to - from);
}

/* Cuts body into pieces of piece_bytes or a little more, each ending after
 * a </row>; all of it when the rows are over. body keeps what is left. */
static int cut(cutter *c, bool all)
{
    size_t done = 0;
    int rc = QY_OK;
    while (rc == QY_OK && c->body.len - done >= c->piece_bytes) {
        size_t from = done + c->piece_bytes;
        size_t end = row_end_from(c->body.data, c->body.len, from >= done + 4 ? from - 4 : done);
        if (end == 0) break;
        rc = hand_on(c, done, end);
        done = end;
    }
    if (rc == QY_OK && all) {
        rc = hand_on(c, done, c->body.len);
        done = c->body.len;
    }
    if (done) memmove(c->body.data, c->body.data + done, c->body.len - done);
    c->body.len -= done;
    c->body_searched = c->body_searched > done ? c->body_searched - done : 0;
    return rc;
}

static int take_body(cutter *c, const char *data, size_t len)
{
    if (len == 0) return QY_OK;
    if (qy_strbuf_append(&c->body, data, len) != QY_OK) return QY_ENOMEM;
    size_t from = c->body_searched > 16 ? c->body_searched - 16 : 0;
    ptrdiff_t end = sheet_data_end(c->body.data, c->body.len, from);
    c->body_searched = c->body.len;
    if (end >= 0) {
        if (qy_strbuf_append(&c->tail, c->body.data + end, c->body.len - (size_t)end) != QY_OK)
            return QY_ENOMEM;
        c->body.len = (size_t)end;
        c->at = TAIL;
        return cut(c, true);
    }
    return cut(c, false);
}

static int join_done(cutter *c);

static int cut_sink(void *ctx, const char *data, size_t len, qy_error *err)
{
    cutter *c = ctx;
    int rc = QY_OK;
    if (c->at == HEAD) {
        size_t had = c->head.len;
        if (qy_strbuf_append(&c->head, data, len) != QY_OK) return QY_ENOMEM;
        size_t end = sheet_data_start(c->head.data, c->head.len);
        if (end == SIZE_MAX || (end == 0 && c->head.len > HEAD_MAX)) return CUT_FAILED;
        if (end == 0) return QY_OK;
        if (end <= had) return CUT_FAILED;
        c->at = BODY;
        c->head.len = end;
        size_t used = end - had;   /* of this piece, in the head */
        rc = take_body(c, data + used, len - used);
    } else if (c->at == BODY) {
        rc = take_body(c, data, len);
    } else {
        rc = qy_strbuf_append(&c->tail, data, len);
    }
    if (rc == QY_OK) rc = join_done(c);
    return rc;
}

static void *parse_pieces(void *arg)
{
    cutter *c = arg;
    for (;;) {
        pthread_mutex_lock(&c->mu);
        while (c->next == c->n && !c->finished) pthread_cond_wait(&c->work, &c->mu);
        if (c->next == c->n) {
            pthread_mutex_unlock(&c->mu);
            return NULL;
        }
        piece *p = c->pieces[c->next++];
        bool skip = c->failed;
        pthread_mutex_unlock(&c->mu);
        p->rc = skip ? CUT_FAILED
                     : qy_xlsx_parse_rows(p->data, p->len, c->ref, &p->g, &p->own, &p->span, NULL);
        /* an unnumbered first row: the rows are likely all so, and pieces
           after the first cannot number them */
        if (p->rc == QY_OK && p->span.first_row >= 0 && p->span.first_unnumbered)
            p->rc = CUT_FAILED;
        qy_free(p->data);
        p->data = NULL;
        pthread_mutex_lock(&c->mu);
        if (p->rc != QY_OK) c->failed = true;
        p->done = true;
        pthread_cond_broadcast(&c->room);
        pthread_mutex_unlock(&c->mu);
    }
}

/* Makes room for n more items in *items of *cap, doubling. */
static bool reserve(void **items, int64_t *cap, int64_t have, int64_t n, size_t size)
{
    if (have + n <= *cap) return true;
    int64_t want = *cap ? *cap : 1024;
    while (want < have + n) want *= 2;
    void *more = qy_realloc(*items, (size_t)want * size);
    if (!more) return false;
    *items = more;
    *cap = want;
    return true;
}

/* Piece p's cells, hidden rows and strings appended to the caller's grid,
 * then freed: QY_OK, QY_ENOMEM, or CUT_FAILED when its rows do not come
 * after the ones before (the whole read then says where). */
static int join_piece(cutter *c, piece *p)
{
    qy_grid *g = c->g;
    if (p->span.first_row >= 0) {
        if (p->span.first_row <= c->last_row) return CUT_FAILED;
        c->last_row = p->span.last_row;
    }
    if (!reserve((void **)&g->cells, &c->cells_cap, g->ncells, p->g.ncells, sizeof *g->cells)
        || !reserve((void **)&g->hidden_rows, &c->hidden_cap, g->nhidden, p->g.nhidden,
                    sizeof *g->hidden_rows))
        return QY_ENOMEM;
    uint32_t base = c->own->nstrings;
    int rc = qy_xlsx_append_strings(c->own, &p->own);
    if (rc != QY_OK) return rc;
    qy_cell *to = g->cells + g->ncells;
    if (p->g.ncells) memcpy(to, p->g.cells, (size_t)p->g.ncells * sizeof *to);
    if (base)
        for (int64_t k = 0; k < p->g.ncells; k++)
            if ((to[k].kind == QY_CELL_TEXT || to[k].kind == QY_CELL_ERROR)
                && (to[k].v.text & QY_XLSX_OWN_STRING))
                to[k].v.text += base;
    g->ncells += p->g.ncells;
    if (p->g.nhidden)
        memcpy(g->hidden_rows + g->nhidden, p->g.hidden_rows,
               (size_t)p->g.nhidden * sizeof *g->hidden_rows);
    g->nhidden += p->g.nhidden;
    qy_grid_free(&p->g);
    qy_grid_free(&p->own);
    return QY_OK;
}

/* Joins the parsed pieces at the front, in order, so that memory holds the
 * grid and a few pieces, not the grid twice. */
static int join_done(cutter *c)
{
    for (;;) {
        pthread_mutex_lock(&c->mu);
        piece *p = c->joined < c->n && c->pieces[c->joined]->done ? c->pieces[c->joined] : NULL;
        bool failed = c->failed;
        pthread_mutex_unlock(&c->mu);
        if (failed) return CUT_FAILED;
        if (!p) return QY_OK;
        int rc = join_piece(c, p);
        if (rc != QY_OK) return rc;
        c->joined++;
    }
}

/* The merges, from head and tail read together as one document. */
static int join_ends(cutter *c)
{
    qy_grid ends = {0}, ends_own = {0};
    const char *texts[2] = {c->head.data, c->tail.data ? c->tail.data : ""};
    const size_t lens[2] = {c->head.len, c->tail.len};
    int rc = qy_xlsx_parse_sheet_text(texts, lens, 2, c->ref, &ends, &ends_own, NULL);
    if (rc == QY_OK && (ends.ncells || ends.nhidden)) rc = CUT_FAILED;
    if (rc == QY_OK) {
        c->g->merges = ends.merges;
        c->g->nmerges = ends.nmerges;
        ends.merges = NULL;
    }
    qy_grid_free(&ends);
    qy_grid_free(&ends_own);
    return rc == QY_OK || rc == QY_ENOMEM ? rc : CUT_FAILED;
}

/* What the cut left in g and own, undone (g's strings and formats are not
 * the cut's: another thread may be filling them). */
static void undo(qy_grid *g, qy_grid *own)
{
    qy_free(g->cells);
    qy_free(g->merges);
    qy_free(g->hidden_rows);
    g->cells = NULL;
    g->merges = NULL;
    g->hidden_rows = NULL;
    g->ncells = g->nmerges = g->nhidden = 0;
    qy_grid_free(own);
}

int qy_xlsx_read_rows(qy_zip *z, int64_t index, const qy_xlsx_sheet_ref *ref, int threads,
                      size_t piece_bytes, qy_grid *g, qy_grid *own, qy_error *err)
{
    if (threads < 2) return qy_xlsx_read_cells(z, index, ref, g, own, err);
    if (threads > MAX_THREADS) threads = MAX_THREADS;
    cutter c = {.ref = ref, .piece_bytes = piece_bytes ? piece_bytes : DEFAULT_PIECE,
                .waiting_max = threads, .g = g, .own = own, .last_row = -1};
    pthread_mutex_init(&c.mu, NULL);
    pthread_cond_init(&c.work, NULL);
    pthread_cond_init(&c.room, NULL);
    pthread_t parsers[MAX_THREADS];
    int started = 0;
    while (started < threads && pthread_create(&parsers[started], NULL, parse_pieces, &c) == 0)
        started++;
    int rc = started ? qy_zip_read(z, index, 0, ref->where, cut_sink, &c, err) : CUT_FAILED;
    if (rc == QY_OK && c.at != TAIL) rc = CUT_FAILED;   /* no <sheetData>...</sheetData> */
    pthread_mutex_lock(&c.mu);
    c.finished = true;
    if (rc != QY_OK) c.failed = true;
    pthread_cond_broadcast(&c.work);
    pthread_cond_broadcast(&c.room);
    pthread_mutex_unlock(&c.mu);
    for (int i = 0; i < started; i++) pthread_join(parsers[i], NULL);
    if (rc == QY_OK) rc = join_done(&c);
    if (rc == QY_OK && c.joined < c.n) rc = CUT_FAILED;   /* cannot be: all are parsed */
    if (rc == QY_OK) rc = join_ends(&c);
    for (size_t i = 0; i < c.n; i++) {
        qy_free(c.pieces[i]->data);
        qy_grid_free(&c.pieces[i]->g);
        qy_grid_free(&c.pieces[i]->own);
        qy_free(c.pieces[i]);
    }
    qy_free(c.pieces);
    qy_strbuf_free(&c.head);
    qy_strbuf_free(&c.body);
    qy_strbuf_free(&c.tail);
    pthread_mutex_destroy(&c.mu);
    pthread_cond_destroy(&c.work);
    pthread_cond_destroy(&c.room);
    if (rc == QY_ENOMEM) {
        undo(g, own);
        return qy_error_set(err, rc, "%s: not enough memory", ref->path);
    }
    if (rc != QY_OK) {   /* the whole read tells, of all the errors, the one it meets first */
        undo(g, own);
        return qy_xlsx_read_cells(z, index, ref, g, own, err);
    }
    return QY_OK;
}
