/* csv_read.c — CSV to a typed table: the input cut into chunks at row ends, split and typed on every core, joined in file order. */
#include "csv_read.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "csv_chunk.h"
#include "csv_merge.h"
#include "dict.h"
#include "file.h"

#define DEFAULT_CHUNK_SIZE ((int64_t)2 << 20)
#define FIRST_CHUNK_SIZE ((int64_t)1 << 20)
#define MAX_THREADS 64

/* One load: what the chunks share, and the table joined so far. The fields
 * below `lock` change only under it, in chunk order. */
typedef struct reader {
    const char *name;
    const qy_csv_options *opts;
    qy_error *err;
    const csv_source *src;
    int64_t origin;            /* where the text starts (past a BOM) */
    int64_t chunk_size;
    int64_t nchunks;
    bool validate_utf8;
    int ncols;
    const csv_raw *first;      /* the first row (chunk 0's) */
    char **names;
    const qy_csv_type **overrides;
    csv_merged *cols;

    pthread_mutex_t lock;
    pthread_cond_t turn;
    int64_t next;              /* the next chunk a thread takes */
    int64_t joined;            /* chunks joined so far */
    int64_t end;               /* where the joined chunks end */
    int64_t lines;             /* line ends before it */
    int64_t nrows, skipped, padded;
    int rc;                    /* the first failure (err is set); stops the load */
    bool not_utf8;             /* stops the load: the caller starts over */
    bool has_value_error;
    csv_fault value_error;     /* its line is the file's */
} reader;

/* ---- column names and overrides ---- */

/* Prefixes a callee's message with the input's name. */
static int with_name(qy_error *err, int rc, const char *name)
{
    if (err) {
        char msg[sizeof err->msg];
        memcpy(msg, err->msg, sizeof msg);
        msg[sizeof msg - 1] = '\0';
        qy_error_set(err, rc, "%s: %.400s", name, msg);
    }
    return rc;
}

/* The header cell of column j as a C string (cut at a NUL), or "colN". */
static char *base_name(const reader *r, int j)
{
    if (r->opts->header) {
        size_t len;
        const char *s = csv_raw_field(r->first, j, &len);
        len = strnlen(s, len);
        if (len > 0) return qy_strndup(s, len);
    }
    char buf[24];
    int n = snprintf(buf, sizeof buf, "col%d", j + 1);
    return qy_strndup(buf, (size_t)n);
}

static int apply_renames(const reader *r, char **names)
{
    for (int k = 0; k < r->opts->nrenames; k++) {
        const qy_csv_rename *rn = &r->opts->renames[k];
        bool found = false;
        for (int j = 0; j < r->ncols; j++) {
            if (strcmp(names[j], rn->from) != 0) continue;
            char *to = qy_strndup(rn->to, strlen(rn->to));
            if (!to) return qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
            qy_free(names[j]);
            names[j] = to;
            found = true;
        }
        if (!found)
            return qy_error_set(r->err, QY_EINVAL, "%s: cannot rename '%s': no such column",
                                r->name, rn->from);
    }
    return QY_OK;
}

/* Makes names[j] differ from every name before it by adding "_2", "_3", ...;
 * seen holds the names so far and next_suffix the next suffix per name. */
static int make_unique(char **name, qy_dict *seen, int *next_suffix)
{
    size_t len = strlen(*name);
    uint32_t base;
    if (qy_dict_find(seen, *name, len, &base) != QY_OK)
        return qy_dict_intern(seen, *name, len, &base);
    char *candidate = qy_malloc(len + 16);
    if (!candidate) return QY_ENOMEM;
    uint32_t code;
    int n;
    do {
        n = snprintf(candidate, len + 16, "%s_%d", *name, next_suffix[base]++);
    } while (qy_dict_find(seen, candidate, (size_t)n, &code) == QY_OK);
    int rc = qy_dict_intern(seen, candidate, (size_t)n, &code);
    if (rc != QY_OK) {
        qy_free(candidate);
        return rc;
    }
    qy_free(*name);
    *name = candidate;
    return QY_OK;
}

static int dedupe_names(const reader *r, char **names)
{
    qy_dict *seen = qy_dict_new();
    int *next_suffix = qy_malloc((size_t)r->ncols * sizeof *next_suffix);
    int rc = seen && next_suffix ? QY_OK : QY_ENOMEM;
    for (int j = 0; j < r->ncols && rc == QY_OK; j++) next_suffix[j] = 2;
    for (int j = 0; j < r->ncols && rc == QY_OK; j++)
        rc = make_unique(&names[j], seen, next_suffix);
    qy_dict_release(seen);
    qy_free(next_suffix);
    if (rc != QY_OK) return qy_error_set(r->err, rc, "%s: not enough memory", r->name);
    return QY_OK;
}

static void free_names(char **names, int n)
{
    if (!names) return;
    for (int j = 0; j < n; j++) qy_free(names[j]);
    qy_free(names);
}

/* Column names: header cells (or colN), renamed, then made unique. */
static int column_names(const reader *r, char ***out)
{
    char **names = qy_calloc((size_t)r->ncols, sizeof *names);
    if (!names) return qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
    int rc = QY_OK;
    for (int j = 0; j < r->ncols && rc == QY_OK; j++) {
        names[j] = base_name(r, j);
        if (!names[j]) rc = qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
    }
    if (rc == QY_OK) rc = apply_renames(r, names);
    if (rc == QY_OK) rc = dedupe_names(r, names);
    if (rc != QY_OK) {
        free_names(names, r->ncols);
        return rc;
    }
    *out = names;
    return QY_OK;
}

/* The override for a column, or NULL. */
static const qy_csv_type *find_override(const qy_csv_options *opts, const char *name)
{
    for (int k = 0; k < opts->ntypes; k++)
        if (strcmp(opts->types[k].column, name) == 0) return &opts->types[k];
    return NULL;
}

static int check_overrides(const reader *r)
{
    for (int k = 0; k < r->opts->ntypes; k++) {
        const qy_csv_type *t = &r->opts->types[k];
        bool found = false;
        for (int j = 0; j < r->ncols && !found; j++) found = strcmp(r->names[j], t->column) == 0;
        if (!found)
            return qy_error_set(r->err, QY_EINVAL, "%s: cannot set the type of '%s': no such column",
                                r->name, t->column);
        if (t->type == QY_DECIMAL && (t->scale < 0 || t->scale > QY_DECIMAL_MAX_SCALE))
            return qy_error_set(r->err, QY_EINVAL, "%s: column '%s': decimal scale %d is not in 0..%d",
                                r->name, t->column, t->scale, QY_DECIMAL_MAX_SCALE);
    }
    return QY_OK;
}

/* Names, overrides and empty joined columns, once the first row is known. */
static int prepare_columns(reader *r)
{
    if (r->ncols > 0) QY_RETURN_NOT_OK(column_names(r, &r->names));
    QY_RETURN_NOT_OK(check_overrides(r));
    r->overrides = qy_calloc((size_t)r->ncols + 1, sizeof *r->overrides);
    r->cols = qy_calloc((size_t)r->ncols + 1, sizeof *r->cols);
    if (!r->overrides || !r->cols)
        return qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
    for (int j = 0; j < r->ncols; j++) {
        r->overrides[j] = find_override(r->opts, r->names[j]);
        csv_merged_init(&r->cols[j]);
    }
    return QY_OK;
}

/* ---- joining chunks, in file order ---- */

/* A chunk's failure as the reader's error, with the file's line. */
static int fail_with(reader *r, const csv_fault *f)
{
    if (f->line > 0)
        r->rc = qy_error_set(r->err, f->rc, "%s:%lld: %s", r->name, (long long)(r->lines + f->line),
                             f->text);
    else
        r->rc = qy_error_set(r->err, f->rc, "%s: %s", r->name, f->text);
    return r->rc;
}

static void note_value_error(reader *r, const csv_chunk *c)
{
    if (!c->has_value_error) return;
    if (r->has_value_error && r->value_error.column <= c->value_error.column) return;
    r->value_error = c->value_error;
    r->value_error.line += r->lines;
    r->has_value_error = true;
}

/* Adds a parsed chunk's rows to the table. */
static int join_chunk(reader *r, csv_chunk *c)
{
    if (c->status == CSV_CHUNK_NOT_UTF8) {
        r->not_utf8 = true;
        return r->rc = QY_EENCODING;
    }
    if (c->status != CSV_CHUNK_DONE) return fail_with(r, &c->failure);
    note_value_error(r, c);
    for (int j = 0; j < r->ncols; j++) {
        int rc = csv_merged_append(&r->cols[j], &c->typed[j], c->nrows);
        if (rc == QY_ERANGE)
            return r->rc = qy_error_set(r->err, rc, "%s: column '%s' has too many distinct strings",
                                        r->name, r->names[j]);
        if (rc != QY_OK) return r->rc = qy_error_set(r->err, rc, "%s: not enough memory", r->name);
    }
    r->end = c->end;
    r->lines += c->lines;
    r->nrows += c->nrows;
    r->skipped += c->skipped;
    r->padded += c->padded;
    if (r->opts->progress)
        r->opts->progress(r->opts->progress_ctx, r->end, r->src->size);
    return QY_OK;
}

static void chunk_init(const reader *r, csv_chunk *c)
{
    memset(c, 0, sizeof *c);
    c->src = r->src;
    c->opts = r->opts;
    c->ncols = r->ncols;
    c->validate_utf8 = r->validate_utf8;
    c->give_up_at = INT64_MAX;
    c->names = r->names;
    c->overrides = r->overrides;
}

/* Chunk 0 is short, so the other threads start soon (they need its header
 * and types); chunk k >= 1 then has chunk_size bytes of its own. */
static int64_t first_chunk_size(const reader *r)
{
    return r->chunk_size < FIRST_CHUNK_SIZE ? r->chunk_size : FIRST_CHUNK_SIZE;
}

static int64_t nominal_start(const reader *r, int64_t k)
{
    return k == 0 ? r->origin : r->origin + first_chunk_size(r) + (k - 1) * r->chunk_size;
}

static int64_t nominal_end(const reader *r, int64_t k) { return nominal_start(r, k + 1); }

/* Chunk k's guess: it starts at the first row end past its share of the
 * bytes, and gives up on a row that runs on for another share. */
static void parse_guess(const reader *r, csv_chunk *c, int64_t k)
{
    int64_t start;
    if (csv_chunk_row_start(c, nominal_start(r, k), &start) != QY_OK) {
        c->status = CSV_CHUNK_FAILED;
        return;
    }
    c->give_up_at = nominal_end(r, k) + r->chunk_size;
    csv_chunk_run(c, start, nominal_end(r, k));
}

static bool stopped(const reader *r) { return r->rc != QY_OK; }

/* Joins chunk k once the chunks before it are in. Its guess holds when it
 * starts where they ended and found its row end; else it is parsed again
 * from there, which is always right (and rare: a quoted line break at the
 * guessed start). Called under the lock. */
static void settle_chunk(reader *r, csv_chunk *c, int64_t k)
{
    bool guessed_right = c->start == r->end && c->status != CSV_CHUNK_GAVE_UP;
    if (!guessed_right) {
        c->give_up_at = INT64_MAX;
        csv_chunk_run(c, r->end, nominal_end(r, k));
    }
    join_chunk(r, c);
}

/* A chunk in the making: taken, parsed, then joined in its turn. */
typedef struct slot {
    csv_chunk chunk;
    csv_hint *hints;           /* ncols; what the chunks joined so far said */
    int64_t k;                 /* its index */
    bool busy;                 /* taken, not yet joined */
    bool ready;                /* parsed, waiting for its turn */
} slot;

/* More slots than threads, so a thread whose chunk must wait for an earlier
 * one to be joined can parse the next meanwhile. */
#define SLOTS_PER_THREAD 2

typedef struct pool {
    reader *r;
    slot *slots;
    int nslots;
} pool;

/* What the chunks joined so far say of each column, so the next chunk can
 * read it straight into values: strings stay strings whatever comes; int64,
 * decimal, date and bool hold until a value does not fit (then the chunk is
 * read again plainly). Not with skipped rows, whose values must not count,
 * nor for types given as options, whose errors the plain reading words.
 * Under the lock. */
static void learn_hints(const reader *r, csv_hint *hints)
{
    for (int j = 0; j < r->ncols; j++) {
        const csv_merged *m = &r->cols[j];
        csv_hint *h = &hints[j];
        h->kind = CSV_HINT_NONE;
        if (!m->typed || m->deferred || r->opts->on_ragged == QY_RAGGED_SKIP) continue;
        h->type = m->type;
        h->scale = m->scale;
        if (m->type == QY_STRING) h->kind = CSV_HINT_TEXT;
        else if (m->type != QY_FLOAT64 && !r->overrides[j]) h->kind = CSV_HINT_VALUES;
    }
}

static slot *free_slot(pool *p)
{
    for (int i = 0; i < p->nslots; i++)
        if (!p->slots[i].busy) return &p->slots[i];
    return NULL;
}

/* Joins every parsed chunk whose turn has come. Under the lock. */
static void join_ready(pool *p)
{
    reader *r = p->r;
    for (int i = 0; i < p->nslots; i++) {
        slot *s = &p->slots[i];
        if (!s->ready || s->k != r->joined) continue;
        if (!stopped(r)) settle_chunk(r, &s->chunk, s->k);
        s->busy = s->ready = false;
        r->joined++;
        i = -1;   /* the next one may sit in any slot */
    }
    pthread_cond_broadcast(&r->turn);
}

static void *work(void *arg)
{
    pool *p = arg;
    reader *r = p->r;
    pthread_mutex_lock(&r->lock);
    while (!stopped(r) && r->next < r->nchunks) {
        slot *s = free_slot(p);
        if (!s) {
            pthread_cond_wait(&r->turn, &r->lock);
            continue;
        }
        s->busy = true;
        s->k = r->next++;
        if (s->hints) learn_hints(r, s->hints);
        pthread_mutex_unlock(&r->lock);
        parse_guess(r, &s->chunk, s->k);
        pthread_mutex_lock(&r->lock);
        s->ready = true;
        join_ready(p);
    }
    pthread_cond_broadcast(&r->turn);
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

static int thread_count(const reader *r)
{
    long n = r->opts->threads > 0 ? r->opts->threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > MAX_THREADS) n = MAX_THREADS;
    if (n > r->nchunks) n = (int)r->nchunks;
    return (int)n;
}

static void free_slots(pool *p)
{
    for (int i = 0; i < p->nslots; i++) {
        csv_chunk_free(&p->slots[i].chunk);
        qy_free(p->slots[i].hints);
    }
    qy_free(p->slots);
}

/* Chunks 1.. on every core; this thread works too. */
static void parse_rest(reader *r)
{
    int n = thread_count(r);
    pool p = {.r = r, .nslots = n * SLOTS_PER_THREAD};
    p.slots = qy_calloc((size_t)p.nslots, sizeof *p.slots);
    if (!p.slots) {
        r->rc = qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
        return;
    }
    for (int i = 0; i < p.nslots; i++) {
        chunk_init(r, &p.slots[i].chunk);
        /* without hints (no memory) a chunk only misses a shortcut */
        p.slots[i].hints = qy_calloc((size_t)r->ncols + 1, sizeof *p.slots[i].hints);
        p.slots[i].chunk.hints = p.slots[i].hints;
    }
    pthread_t threads[MAX_THREADS];
    int started = 1;
    for (; started < n; started++)
        if (pthread_create(&threads[started], NULL, work, &p) != 0) break;
    work(&p);
    for (int i = 1; i < started; i++) pthread_join(threads[i], NULL);
    free_slots(&p);
}

/* ---- the whole load ---- */

/* Room for the rows the whole input probably holds, judged by chunk 0's
 * bytes per row, so the columns grow in place rather than by copying (big
 * blocks are mapped: room not yet written costs no memory). */
static void expect_rows(reader *r)
{
    int64_t bytes = r->end - r->origin;
    if (bytes <= 0 || r->end >= r->src->size) return;
    double per_row = (double)bytes / (double)(r->nrows > 0 ? r->nrows : 1);
    int64_t rows = (int64_t)((double)(r->src->size - r->origin) / per_row * 1.05) + 1024;
    for (int j = 0; j < r->ncols; j++) csv_merged_expect(&r->cols[j], rows);
}

/* Chunk 0, here: it finds the header and the width the others need. */
static int parse_first_chunk(reader *r)
{
    csv_chunk c;
    chunk_init(r, &c);
    csv_chunk_split(&c, r->origin, nominal_end(r, 0));
    r->first = &c.first;
    r->ncols = c.ncols;
    /* Once the first row is complete (ncols known), its errors -- names,
     * overrides -- come before those of the rows below, as they do when
     * chunk 0 ends with it. */
    if (c.status == CSV_CHUNK_DONE || c.ncols > 0) r->rc = prepare_columns(r);
    if (c.status == CSV_CHUNK_DONE && r->rc == QY_OK) {
        c.names = r->names;
        c.overrides = r->overrides;
        csv_chunk_type(&c);
    }
    if (r->rc == QY_OK) join_chunk(r, &c);
    if (r->rc == QY_OK) expect_rows(r);
    r->first = NULL;
    csv_chunk_free(&c);
    return r->rc;
}

/* Columns whose chunks' types did not join in place are typed again from
 * the whole text in one pass, exactly as a single chunk would type them. */
static int retype_deferred(reader *r, csv_chunk *c)
{
    uint8_t *mask = qy_calloc((size_t)r->ncols + 1, 1);
    if (!mask) return qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
    bool any = false;
    for (int j = 0; j < r->ncols; j++) any |= mask[j] = r->cols[j].deferred;
    c->ncols = 0;
    c->mask = mask;
    c->validate_utf8 = false;   /* checked already */
    int rc = QY_OK;
    if (any && csv_chunk_split(c, r->origin, INT64_MAX) == CSV_CHUNK_DONE) {
        c->names = r->names;
        c->overrides = r->overrides;
        csv_chunk_type(c);
    }
    if (any && c->status != CSV_CHUNK_DONE) {
        r->lines = 0;
        rc = fail_with(r, &c->failure);
    }
    c->mask = NULL;
    qy_free(mask);
    return rc;
}

static int column_for(reader *r, csv_chunk *retyped, int j, qy_column **out)
{
    if (r->cols[j].deferred) {
        *out = retyped->typed[j].col;
        retyped->typed[j].col = NULL;
        return QY_OK;
    }
    if (csv_merged_finish(&r->cols[j], out) != QY_OK)
        return qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
    return QY_OK;
}

static int build_table(reader *r, qy_table **out)
{
    csv_chunk retyped;
    chunk_init(r, &retyped);
    int rc = retype_deferred(r, &retyped);
    qy_table *t = NULL;
    if (rc == QY_OK && qy_table_new(r->nrows, &t, r->err) != QY_OK)
        rc = with_name(r->err, QY_ENOMEM, r->name);
    for (int j = 0; j < r->ncols && rc == QY_OK; j++) {
        qy_column *col;
        rc = column_for(r, &retyped, j, &col);
        if (rc != QY_OK) break;
        int added = qy_table_add_column(t, r->names[j], col, r->err);
        if (added != QY_OK) rc = with_name(r->err, added, r->name);
        qy_column_release(col);
    }
    csv_chunk_free(&retyped);
    if (rc != QY_OK) {
        qy_table_release(t);
        return rc;
    }
    *out = t;
    return QY_OK;
}

static void reader_free(reader *r)
{
    free_names(r->names, r->ncols);
    for (int j = 0; r->cols && j < r->ncols; j++) csv_merged_free(&r->cols[j]);
    qy_free(r->cols);
    qy_free((void *)r->overrides);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->turn);
}

/* Reads src from origin on. *not_utf8: the bytes were not UTF-8 (only when
 * validate_utf8), and nothing was made. */
static int read_source(const csv_source *src, int64_t origin, bool validate_utf8,
                       const qy_csv_options *opts, qy_table **out, qy_csv_report *report,
                       bool *not_utf8, qy_error *err)
{
    reader r = {.name = src->name, .opts = opts, .err = err, .src = src, .origin = origin,
                .validate_utf8 = validate_utf8};
    r.chunk_size = opts->chunk_size > 0 ? (int64_t)opts->chunk_size : DEFAULT_CHUNK_SIZE;
    int64_t after_first = src->size - origin - first_chunk_size(&r);
    r.nchunks = 1 + (after_first > 0 ? (after_first + r.chunk_size - 1) / r.chunk_size : 0);
    r.next = r.joined = 1;
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.turn, NULL);
    if (parse_first_chunk(&r) == QY_OK && r.end < src->size) parse_rest(&r);
    *not_utf8 = r.not_utf8;
    if (r.rc == QY_OK && r.has_value_error) { r.lines = 0; fail_with(&r, &r.value_error); };
    if (r.rc == QY_OK) r.rc = build_table(&r, out);
    if (r.rc == QY_OK && report) {
        report->rows_skipped = r.skipped;
        report->rows_padded = r.padded;
        report->encoding = QY_ENC_UTF8;
    }
    int rc = r.rc;
    reader_free(&r);
    return rc;
}

void qy_csv_options_init(qy_csv_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->delim = ',';
    opts->header = true;
    opts->encoding = QY_ENC_AUTO;
    opts->on_ragged = QY_RAGGED_ERROR;
}

/* opts, or the defaults (in *defaults) when it is NULL. */
static const qy_csv_options *usable_options(const qy_csv_options *opts, qy_csv_options *defaults)
{
    if (opts) return opts;
    qy_csv_options_init(defaults);
    return defaults;
}

static int check_delimiter(const char *name, const qy_csv_options *opts, qy_error *err)
{
    if (opts->delim == '"' || opts->delim == '\r' || opts->delim == '\n')
        return qy_error_set(err, QY_EINVAL, "%s: the delimiter cannot be a quote or a line end",
                            name);
    return QY_OK;
}

int qy_csv_read_buffer(const char *name, const char *data, size_t len,
                       const qy_csv_options *opts, qy_table **out,
                       qy_csv_report *report, qy_error *err)
{
    qy_csv_options defaults;
    opts = usable_options(opts, &defaults);
    *out = NULL;
    QY_RETURN_NOT_OK(check_delimiter(name, opts, err));
    const char *text;
    size_t text_len;
    int owned;
    qy_encoding used;
    QY_RETURN_NOT_OK(qy_text_to_utf8(name, data, len, opts->encoding, &text, &text_len, &owned,
                                     &used, err));
    csv_source src = {.name = name, .text = text, .fd = -1, .size = (int64_t)text_len};
    bool not_utf8;
    int rc = read_source(&src, 0, false, opts, out, report, &not_utf8, err);
    if (owned) qy_free((char *)text);
    if (rc == QY_OK && report) report->encoding = used;
    return rc;
}

#define DEFAULT_MAX_STREAM ((size_t)4 << 30)

/* n bytes in the largest unit that says it exactly: "4 GiB", "1000 bytes". */
static const char *size_text(size_t n, char buf[32])
{
    static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (u < 4 && n >= 1024 && n % 1024 == 0) {
        n /= 1024;
        u++;
    }
    snprintf(buf, 32, "%zu %s", n, units[u]);
    return buf;
}

/* The rest of fd in memory, converted to UTF-8 first if need be: for
 * GB18030 input, streams (at most opts->max_bytes), and UTF-8 that turned
 * out not to be. */
static int read_whole(int fd, const char *path, bool stream, const qy_csv_options *opts,
                      qy_table **out, qy_csv_report *report, qy_error *err)
{
    size_t max = !stream ? SIZE_MAX : opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_STREAM;
    char *data;
    size_t len;
    int rc = qy_file_read_fd(fd, path, max, &data, &len, err);
    char limit[32];
    if (rc == QY_ERANGE)
        return qy_error_set(err, rc, "%s is a stream of more than %s; pass max_bytes to read more",
                            path, size_text(max, limit));
    if (rc != QY_OK) return rc;
    rc = qy_csv_read_buffer(path, data, len, opts, out, report, err);
    qy_free(data);
    return rc;
}

static bool starts_with_bom(int fd)
{
    unsigned char bom[3];
    return pread(fd, bom, 3, 0) == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF;
}

/* A regular file, a piece at a time on every core; whole when it is not UTF-8. */
static int read_regular(int fd, const char *path, int64_t size, const qy_csv_options *opts,
                        qy_table **out, qy_csv_report *report, qy_error *err)
{
    csv_source src = {.name = path, .fd = fd, .size = size};
    bool not_utf8;
    int rc = read_source(&src, starts_with_bom(fd) ? 3 : 0, true, opts, out, report, &not_utf8, err);
    if (not_utf8) return read_whole(fd, path, false, opts, out, report, err);
    return rc;
}

int qy_csv_read_file(const char *path, const qy_csv_options *opts,
                     qy_table **out, qy_csv_report *report, qy_error *err)
{
    qy_csv_options defaults;
    opts = usable_options(opts, &defaults);
    *out = NULL;
    QY_RETURN_NOT_OK(check_delimiter(path, opts, err));
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return qy_error_set(err, QY_EIO, "cannot open %s: %s", path, strerror(errno));
    struct stat st;
    int rc;
    if (fstat(fd, &st) != 0)
        rc = qy_error_set(err, QY_EIO, "cannot read %s: %s", path, strerror(errno));
    else if (S_ISREG(st.st_mode) && opts->encoding != QY_ENC_GB18030)
        rc = read_regular(fd, path, st.st_size, opts, out, report, err);
    else   /* a directory fails its read, saying so */
        rc = read_whole(fd, path, !S_ISREG(st.st_mode), opts, out, report, err);
    close(fd);
    return rc;
}
