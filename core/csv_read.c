/* csv_read.c — CSV to a typed table: the input cut into chunks at row ends, split and typed on every core, joined in file order. */
#include "csv_read.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>

#include "alloc.h"
#include "csv_chunk.h"
#include "csv_merge.h"
#include "dict.h"
#include "file.h"
#include "utf8.h"

#define DEFAULT_CHUNK_SIZE ((int64_t)2 << 20)
#define FIRST_CHUNK_SIZE ((int64_t)1 << 20)
#define MAX_THREADS 64
#define SNIFF_ROWS 20
#define SNIFF_BYTES ((int64_t)64 << 10)
#define SHOWN_NAME_BYTES 60
#define IDEOGRAPHIC_SPACE "\xE3\x80\x80"   /* U+3000, the full-width space */

/* One load: what the chunks share, and the table joined so far. The fields
 * below `lock` change only under it, in chunk order. */
typedef struct reader {
    const char *name;
    const qy_csv_options *opts;
    qy_error *err;
    const csv_source *src;
    int64_t origin;            /* where the text starts (past a BOM and skipped lines) */
    int64_t skipped_lines;     /* the lines opts->skip_lines skipped */
    int64_t header_line;       /* the line where the first row began */
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
    int64_t nrows, skipped, padded, cut;
    int64_t first_skipped_line, first_cut_line;
    qy_csv_report report;      /* the warnings so far */
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

/* Bytes of space (ASCII space, tab, U+3000) at the start or the end of s[0..len). */
static size_t space_at_start(const char *s, size_t len)
{
    if (len >= 1 && (s[0] == ' ' || s[0] == '\t')) return 1;
    return len >= 3 && memcmp(s, IDEOGRAPHIC_SPACE, 3) == 0 ? 3 : 0;
}

static size_t space_at_end(const char *s, size_t len)
{
    if (len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t')) return 1;
    return len >= 3 && memcmp(s + len - 3, IDEOGRAPHIC_SPACE, 3) == 0 ? 3 : 0;
}

static void trim_name(const char **s, size_t *len)
{
    for (size_t n; (n = space_at_start(*s, *len)) > 0; *len -= n) *s += n;
    for (size_t n; (n = space_at_end(*s, *len)) > 0;) *len -= n;
}

/* Whether the NULs in s[0..len), two or more, fall on every other byte, as
 * when ASCII text in UTF-16 is read as UTF-8. */
static bool nuls_alternate(const char *s, size_t len)
{
    const char *nul = memchr(s, '\0', len);
    size_t parity = nul ? (size_t)(nul - s) % 2 : 0;
    for (size_t i = 0; i < len; i++)
        if ((s[i] == '\0') != (i % 2 == parity)) return false;
    return len >= 4;
}

/* Column j's header cell holds no NUL: a name is a C string, and cutting
 * it there would silently lose the rest. */
static int check_no_nul(const reader *r, int j, const char *s, size_t len)
{
    if (!memchr(s, '\0', len)) return QY_OK;
    return qy_error_set(r->err, QY_EPARSE, "%s:%lld: column %d of the header holds a NUL byte%s",
                        r->name, (long long)r->header_line, j + 1,
                        nuls_alternate(s, len) ? " (UTF-16 without its byte order mark? then "
                                                 "read it with encoding \"utf-16le\")" : "");
}

/* Column j's name before renaming: its header cell, trimmed, or "colN". */
static int base_name(const reader *r, int j, char **out)
{
    const char *s = "";
    size_t len = 0;
    if (r->opts->header) {
        s = csv_raw_field(r->first, j, &len);
        QY_RETURN_NOT_OK(check_no_nul(r, j, s, len));
        trim_name(&s, &len);
    }
    char buf[24];
    if (len == 0) {
        len = (size_t)snprintf(buf, sizeof buf, "col%d", j + 1);
        s = buf;
    }
    *out = qy_strndup(s, len);
    return *out ? QY_OK : qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
}

/* Makes *name differ from every name before it by adding "_2", "_3", ...;
 * seen holds the names so far and next_suffix the next suffix per name.
 * Interns exactly one string, the final name: code j is column j's. */
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

/* Makes the names unique; *seen gets them (code j: column j's name). */
static int dedupe_names(const reader *r, char **names, qy_dict **seen)
{
    *seen = qy_dict_new();
    int *next_suffix = qy_malloc((size_t)r->ncols * sizeof *next_suffix);
    int rc = *seen && next_suffix ? QY_OK : QY_ENOMEM;
    for (int j = 0; j < r->ncols && rc == QY_OK; j++) next_suffix[j] = 2;
    for (int j = 0; j < r->ncols && rc == QY_OK; j++)
        rc = make_unique(&names[j], *seen, next_suffix);
    qy_free(next_suffix);
    if (rc != QY_OK) return qy_error_set(r->err, rc, "%s: not enough memory", r->name);
    return QY_OK;
}

/* rename_of[j]: the rename that names column j (seen: the names, code j
 * column j's), or -1. Naming no column, or one twice, is an error. */
static int match_renames(const reader *r, const qy_dict *seen, int *rename_of)
{
    for (int j = 0; j < r->ncols; j++) rename_of[j] = -1;
    for (int k = 0; k < r->opts->nrenames; k++) {
        const char *from = r->opts->renames[k].from;
        uint32_t j;
        if (qy_dict_find(seen, from, strlen(from), &j) != QY_OK)
            return qy_error_set(r->err, QY_EINVAL, "%s: cannot rename '%s': no such column",
                                r->name, from);
        if (rename_of[j] >= 0)
            return qy_error_set(r->err, QY_EINVAL, "%s: cannot rename '%s' twice", r->name, from);
        rename_of[j] = k;
    }
    return QY_OK;
}

/* The renamed columns' new names are distinct from each other and from the
 * names of the columns not renamed. Columns are looked at in table order,
 * so the error does not depend on the order of the renames. */
static int check_new_names(const reader *r, char *const *names, const qy_dict *seen,
                           const int *rename_of, qy_dict *taken, int *taker)
{
    for (int j = 0; j < r->ncols; j++) {
        if (rename_of[j] < 0) continue;
        const char *to = r->opts->renames[rename_of[j]].to;
        size_t len = strlen(to);
        uint32_t code, before = qy_dict_size(taken);
        if (qy_dict_find(seen, to, len, &code) == QY_OK && rename_of[code] < 0)
            return qy_error_set(r->err, QY_EINVAL, "%s: cannot rename '%s' to '%s': column '%s' "
                                "keeps that name", r->name, names[j], to, names[code]);
        if (qy_dict_intern(taken, to, len, &code) != QY_OK)
            return qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
        if (code < before)
            return qy_error_set(r->err, QY_EINVAL, "%s: cannot rename both '%s' and '%s' to '%s'",
                                r->name, names[taker[code]], names[j], to);
        taker[code] = j;
    }
    return QY_OK;
}

/* Applies every rename at once, so {a -> b, b -> a} swaps and
 * {a -> b, b -> c} gives b, c; seen holds the names before. */
static int apply_renames(const reader *r, char **names, const qy_dict *seen)
{
    int n = r->opts->nrenames;
    if (n == 0) return QY_OK;
    int *rename_of = qy_malloc((size_t)r->ncols * sizeof *rename_of + 1);
    int *taker = qy_malloc((size_t)n * sizeof *taker);
    qy_dict *taken = qy_dict_new();
    int rc = rename_of && taker && taken ? QY_OK
                                         : qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory",
                                                        r->name);
    if (rc == QY_OK) rc = match_renames(r, seen, rename_of);
    if (rc == QY_OK) rc = check_new_names(r, names, seen, rename_of, taken, taker);
    for (int j = 0; j < r->ncols && rc == QY_OK; j++) {
        if (rename_of[j] < 0) continue;
        const char *to = r->opts->renames[rename_of[j]].to;
        char *copy = qy_strndup(to, strlen(to));
        if (!copy) {
            rc = qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
            break;
        }
        qy_free(names[j]);
        names[j] = copy;
    }
    qy_dict_release(taken);
    qy_free(taker);
    qy_free(rename_of);
    return rc;
}

static void free_names(char **names, int n)
{
    if (!names) return;
    for (int j = 0; j < n; j++) qy_free(names[j]);
    qy_free(names);
}

/* Column names: header cells (or colN), made unique, then renamed. */
static int column_names(const reader *r, char ***out)
{
    char **names = qy_calloc((size_t)r->ncols, sizeof *names);
    if (!names) return qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
    int rc = QY_OK;
    for (int j = 0; j < r->ncols && rc == QY_OK; j++) rc = base_name(r, j, &names[j]);
    qy_dict *seen = NULL;
    if (rc == QY_OK) rc = dedupe_names(r, names, &seen);
    if (rc == QY_OK) rc = apply_renames(r, names, seen);
    qy_dict_release(seen);
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

/* ---- warnings ---- */

void qy_csv_report_warn(qy_csv_report *report, const char *fmt, ...)
{
    if (report->nwarnings == QY_CSV_MAX_WARNINGS) return;
    char text[QY_CSV_WARNING_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    qy_text_escape(report->warnings[report->nwarnings++], QY_CSV_WARNING_SIZE, text, strlen(text));
}

/* How much of s[0..len) a message shows: up to max bytes, never half a character. */
static size_t shown_length(const char *s, size_t len, size_t max)
{
    if (len <= max) return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    return max;
}

/* A one-column table whose header holds a tab, ';' or '|' was most likely
 * split at the wrong delimiter. */
static void note_one_column(reader *r)
{
    if (r->ncols != 1 || !r->opts->header) return;
    static const char suspects[] = {'\t', ';', '|'};
    static const char *const spelled[] = {"\\t", ";", "|"};
    static const char *const called[] = {"a tab", "';'", "'|'"};
    size_t len;
    const char *name = csv_raw_field(r->first, 0, &len);
    trim_name(&name, &len);
    for (int i = 0; i < 3; i++) {
        if (!memchr(name, suspects[i], len)) continue;
        size_t shown = shown_length(name, len, SHOWN_NAME_BYTES);
        qy_csv_report_warn(&r->report, "one column, named '%.*s%s': if %s separates the fields, say "
                    "delim = \"%s\"", (int)shown, name, shown < len ? "..." : "", called[i],
                    spelled[i]);
        return;
    }
}

static void note_ragged_rows(reader *r)
{
    if (r->skipped)
        qy_csv_report_warn(&r->report, "skipped %lld ragged row(s) (first at line %lld)",
                    (long long)r->skipped, (long long)r->first_skipped_line);
    if (r->padded && r->cut)
        qy_csv_report_warn(&r->report, "padded %lld short row(s), cut %lld long row(s) (first cut at "
                    "line %lld)", (long long)r->padded, (long long)r->cut,
                    (long long)r->first_cut_line);
    else if (r->padded)
        qy_csv_report_warn(&r->report, "padded %lld short row(s)", (long long)r->padded);
    else if (r->cut)
        qy_csv_report_warn(&r->report, "cut %lld long row(s) (first cut at line %lld)",
                    (long long)r->cut, (long long)r->first_cut_line);
}

/* Names, overrides and empty joined columns, once the first row is known. */
static int prepare_columns(reader *r)
{
    if (r->ncols > 0) QY_RETURN_NOT_OK(column_names(r, &r->names));
    note_one_column(r);
    QY_RETURN_NOT_OK(check_overrides(r));
    r->overrides = qy_calloc((size_t)r->ncols + 1, sizeof *r->overrides);
    r->cols = qy_calloc((size_t)r->ncols + 1, sizeof *r->cols);
    if (!r->overrides || !r->cols)
        return qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
    for (int j = 0; j < r->ncols; j++) {
        r->overrides[j] = find_override(r->opts, r->names[j]);
        csv_merged_init(&r->cols[j]);
        if (r->overrides[j])   /* typed before any row: a table without rows keeps it */
            csv_merged_set_type(&r->cols[j], r->overrides[j]->type, r->overrides[j]->scale);
    }
    return QY_OK;
}

/* ---- joining chunks, in file order ---- */

/* The file's line of a line that counts from where the joined chunks end. */
static int64_t file_line(const reader *r, int64_t line)
{
    return r->skipped_lines + r->lines + line;
}

/* A chunk's failure as the reader's error, with the file's line. */
static int fail_with(reader *r, const csv_fault *f)
{
    if (f->line > 0)
        r->rc = qy_error_set(r->err, f->rc, "%s:%lld: %s", r->name, (long long)file_line(r, f->line),
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
    for (int j = 0; j < r->ncols && c->nrows > 0; j++) {
        int rc = csv_merged_append(&r->cols[j], &c->typed[j], c->nrows);
        if (rc == QY_ERANGE)
            return r->rc = qy_error_set(r->err, rc, "%s: column '%s' has too many distinct strings",
                                        r->name, r->names[j]);
        if (rc != QY_OK) return r->rc = qy_error_set(r->err, rc, "%s: not enough memory", r->name);
    }
    if (c->skipped && !r->skipped) r->first_skipped_line = file_line(r, c->first_skipped_line);
    if (c->cut && !r->cut) r->first_cut_line = file_line(r, c->first_cut_line);
    csv_chunk_release_results(c);   /* joined: the columns hold their values now */
    r->end = c->end;
    r->lines += c->lines;
    r->nrows += c->nrows;
    r->skipped += c->skipped;
    r->padded += c->padded;
    r->cut += c->cut;
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
 * blocks are mapped: room not yet written costs no memory). Only a guess
 * from rows seen, which is in proportion to the input: a chunk 0 of just
 * the header tells nothing. */
static void expect_rows(reader *r)
{
    int64_t bytes = r->end - r->origin;
    if (bytes <= 0 || r->nrows == 0 || r->end >= r->src->size) return;
    double per_row = (double)bytes / (double)r->nrows;
    int64_t rows = (int64_t)((double)(r->src->size - r->origin) / per_row * 1.05) + 1;
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
    r->header_line = file_line(r, c.first_line);
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

/* ---- before the chunks: title lines and the delimiter ---- */

/* Up to n bytes of src from off on into buf: how many, or -1 (errno set). */
static int64_t source_read(const csv_source *src, int64_t off, char *buf, int64_t n)
{
    if (off >= src->size) return 0;
    if (n > src->size - off) n = src->size - off;
    if (src->text) {
        memcpy(buf, src->text + off, (size_t)n);
        return n;
    }
    int64_t got = 0;
    while (got < n) {
        ssize_t k = pread(src->fd, buf + got, (size_t)(n - got), off + got);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            if (k == 0) errno = EIO;   /* the file shrank while we read it */
            return -1;
        }
        got += k;
    }
    return got;
}

static int read_error(reader *r)
{
    return qy_error_set(r->err, QY_EIO, "%s: cannot read: %s", r->name, strerror(errno));
}

/* Whether src's bytes [from, to) are UTF-8, read a block at a time into buf
 * (SNIFF_BYTES + 3 bytes); a character a block's end cuts goes on to the next. */
static int source_is_utf8(reader *r, int64_t from, int64_t to, char *buf, bool *valid)
{
    size_t carry = 0;
    for (int64_t pos = from; pos < to;) {
        int64_t n = source_read(r->src, pos, buf + carry, to - pos < SNIFF_BYTES ? to - pos : SNIFF_BYTES);
        if (n <= 0) return read_error(r);
        pos += n;
        size_t have = carry + (size_t)n, ok = qy_utf8_validate(buf, have);
        carry = have - ok;
        if (carry == 0) continue;
        if (pos == to || carry > 3 || (unsigned char)buf[ok] < 0xC2) {
            *valid = false;
            return QY_OK;
        }
        memmove(buf, buf + ok, carry);
    }
    *valid = carry == 0;
    return QY_OK;
}

/* Moves the origin past opts->skip_lines lines (title rows), taken as they
 * are: a line ends at LF, CRLF or a lone CR, quotes or not. They are checked
 * as UTF-8 when the chunks check theirs, so a file loads as its converted
 * whole text would. Fewer lines than that is an error. */
static int skip_title_lines(reader *r, char *buf)
{
    int64_t want = r->opts->skip_lines, seen = 0, from = r->origin, end = -1;
    if (want <= 0) return QY_OK;
    bool after_cr = false, in_line = false;
    for (int64_t pos = from; end < 0;) {
        int64_t n = source_read(r->src, pos, buf, SNIFF_BYTES);
        if (n < 0) return read_error(r);
        if (n == 0) break;
        for (int64_t i = 0; i < n && end < 0; i++) {
            char ch = buf[i];
            bool crlf = after_cr && ch == '\n';
            after_cr = false;
            if (crlf) continue;   /* the end of a line a CR ended */
            if (seen == want) end = pos + i;
            else if (ch == '\n' || ch == '\r') {
                seen++;
                after_cr = ch == '\r';
                in_line = false;
            } else {
                in_line = true;
            }
        }
        pos += n;
    }
    if (end < 0) {   /* the input ended */
        seen += in_line;
        if (seen < want)
            return qy_error_set(r->err, QY_EPARSE, "%s: cannot skip %lld lines: it has only %lld",
                                r->name, (long long)want, (long long)seen);
        end = r->src->size;
    }
    bool valid = true;
    if (r->validate_utf8) QY_RETURN_NOT_OK(source_is_utf8(r, from, end, buf, &valid));
    if (!valid) {
        r->not_utf8 = true;
        return QY_EENCODING;
    }
    r->origin = end;
    r->skipped_lines = want;
    return QY_OK;
}

/* Counts a row of n fields: whether it has as many as the rows before. */
static bool row_agrees(int64_t *rows, int64_t *fields, int64_t n)
{
    if ((*rows)++ == 0) *fields = n;
    return *fields == n;
}

/* The fields each of the first SNIFF_ROWS rows of s[0..len) splits into at
 * delim (quotes respected, blank lines not counted) when that is the same
 * number, more than one; else 0. whole: s is the rest of the input, so its
 * last row is complete; otherwise a row the sample's end cuts counts only
 * when it is the only one. */
static int64_t even_fields(const char *s, size_t len, bool whole, char delim)
{
    int64_t rows = 0, fields = 0, in_row = 1;
    bool quoted = false, field_start = true, blank = true;
    for (size_t i = 0; i < len && rows < SNIFF_ROWS; i++) {
        char ch = s[i];
        if (quoted) {
            if (ch == '"' && i + 1 < len && s[i + 1] == '"') i++;
            else if (ch == '"') quoted = false;
            continue;
        }
        if (ch == '\n' || ch == '\r') {
            if (!blank && !row_agrees(&rows, &fields, in_row)) return 0;
            in_row = 1;
            blank = field_start = true;
            continue;
        }
        blank = false;
        if (ch == delim) {
            in_row++;
            field_start = true;
            continue;
        }
        quoted = ch == '"' && field_start;   /* a quote inside a field is data */
        field_start = false;
    }
    if (!blank && (whole || rows == 0) && !row_agrees(&rows, &fields, in_row)) return 0;
    return fields > 1 ? fields : 0;
}

/* The delimiter the start of the text shows (see csv_read.h): of ',' ';'
 * '\t' '|', the one that splits every sampled row into the same number of
 * fields, the most; ',' when none does. Read from the origin, once, before
 * any chunk, so every chunk size and thread count sees the same. */
static int sniff_delimiter(reader *r, char *buf, char *delim)
{
    static const char candidates[] = {',', ';', '\t', '|'};
    int64_t n = source_read(r->src, r->origin, buf, SNIFF_BYTES);
    if (n < 0) return read_error(r);
    bool whole = r->origin + n >= r->src->size;
    int64_t most = 0;
    *delim = ',';
    for (size_t i = 0; i < sizeof candidates; i++) {
        int64_t fields = even_fields(buf, (size_t)n, whole, candidates[i]);
        if (fields > most) {
            most = fields;
            *delim = candidates[i];
        }
    }
    return QY_OK;
}

/* Title lines skipped and the delimiter known (into *delim when it was
 * not given): where the chunks start. */
static int find_origin(reader *r, char *delim)
{
    char *buf = qy_malloc((size_t)SNIFF_BYTES + 3);
    if (!buf) return qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
    int rc = skip_title_lines(r, buf);
    if (rc == QY_OK && !*delim) rc = sniff_delimiter(r, buf, delim);
    qy_free(buf);
    return rc;
}

/* Reads src from origin on. *not_utf8: the bytes were not UTF-8 (only when
 * validate_utf8), and nothing was made. */
static int read_source(const csv_source *src, int64_t origin, bool validate_utf8,
                       const qy_csv_options *opts, qy_table **out, qy_csv_report *report,
                       bool *not_utf8, qy_error *err)
{
    qy_csv_options resolved = *opts;   /* with the delimiter sniffed when not given */
    reader r = {.name = src->name, .opts = &resolved, .err = err, .src = src, .origin = origin,
                .validate_utf8 = validate_utf8};
    r.chunk_size = opts->chunk_size > 0 ? (int64_t)opts->chunk_size : DEFAULT_CHUNK_SIZE;
    r.next = r.joined = 1;
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.turn, NULL);
    r.rc = find_origin(&r, &resolved.delim);
    int64_t after_first = src->size - r.origin - first_chunk_size(&r);
    r.nchunks = 1 + (after_first > 0 ? (after_first + r.chunk_size - 1) / r.chunk_size : 0);
    if (r.rc == QY_OK && parse_first_chunk(&r) == QY_OK && r.end < src->size) parse_rest(&r);
    *not_utf8 = r.not_utf8;
    if (r.rc == QY_OK && r.has_value_error) { r.lines = 0; fail_with(&r, &r.value_error); };
    if (r.rc == QY_OK) r.rc = build_table(&r, out);
    if (r.rc == QY_OK && report) {
        note_ragged_rows(&r);
        *report = r.report;
        report->rows_skipped = r.skipped;
        report->rows_padded = r.padded;
        report->rows_cut = r.cut;
        report->first_skipped_line = r.first_skipped_line;
        report->first_cut_line = r.first_cut_line;
        report->encoding = QY_ENC_UTF8;
        report->delim = resolved.delim;
    }
    int rc = r.rc;
    reader_free(&r);
    return rc;
}

void qy_csv_options_init(qy_csv_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->delim = 0;   /* sniffed */
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

static int check_options(const char *name, const qy_csv_options *opts, qy_error *err)
{
    if (opts->delim == '"' || opts->delim == '\r' || opts->delim == '\n')
        return qy_error_set(err, QY_EINVAL, "%s: the delimiter cannot be a quote or a line end",
                            name);
    if (opts->skip_lines < 0)
        return qy_error_set(err, QY_EINVAL, "%s: cannot skip %lld lines", name,
                            (long long)opts->skip_lines);
    return QY_OK;
}

int qy_csv_read_buffer(const char *name, const char *data, size_t len,
                       const qy_csv_options *opts, qy_table **out,
                       qy_csv_report *report, qy_error *err)
{
    qy_csv_options defaults;
    opts = usable_options(opts, &defaults);
    *out = NULL;
    QY_RETURN_NOT_OK(check_options(name, opts, err));
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
 * GB18030 and UTF-16 input, streams (at most opts->max_bytes), and UTF-8
 * that turned out not to be. */
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

/* What the file's first bytes say: the length of a UTF-8 BOM, or -1 for a
 * UTF-16 byte order mark (such a file is read whole and converted). */
static int file_bom(int fd)
{
    unsigned char b[3];
    ssize_t n = pread(fd, b, 3, 0);
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) return -1;
    return n == 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0;
}

/* A regular file, a piece at a time on every core; whole when it is
 * UTF-16 or turns out not to be UTF-8. */
static int read_regular(int fd, const char *path, int64_t size, const qy_csv_options *opts,
                        qy_table **out, qy_csv_report *report, qy_error *err)
{
    int bom = file_bom(fd);
    if (bom < 0) return read_whole(fd, path, false, opts, out, report, err);
    csv_source src = {.name = path, .fd = fd, .size = size};
    bool not_utf8;
    int rc = read_source(&src, bom, true, opts, out, report, &not_utf8, err);
    if (not_utf8) return read_whole(fd, path, false, opts, out, report, err);
    return rc;
}

int qy_csv_read_file(const char *path, const qy_csv_options *opts,
                     qy_table **out, qy_csv_report *report, qy_error *err)
{
    qy_csv_options defaults;
    opts = usable_options(opts, &defaults);
    *out = NULL;
    QY_RETURN_NOT_OK(check_options(path, opts, err));
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return qy_error_set(err, QY_EIO, "cannot open %s: %s", path, strerror(errno));
    struct stat st;
    int rc;
    if (fstat(fd, &st) != 0)
        rc = qy_error_set(err, QY_EIO, "cannot read %s: %s", path, strerror(errno));
    else if (S_ISREG(st.st_mode) && (opts->encoding == QY_ENC_AUTO || opts->encoding == QY_ENC_UTF8))
        rc = read_regular(fd, path, st.st_size, opts, out, report, err);
    else   /* GB18030, UTF-16, a stream; a directory fails its read, saying so */
        rc = read_whole(fd, path, !S_ISREG(st.st_mode), opts, out, report, err);
    close(fd);
    return rc;
}

/* ---- the report as text ---- */

bool qy_csv_report_equal(const qy_csv_report *a, const qy_csv_report *b)
{
    bool same = a->rows_skipped == b->rows_skipped && a->rows_padded == b->rows_padded
             && a->rows_cut == b->rows_cut && a->first_skipped_line == b->first_skipped_line
             && a->first_cut_line == b->first_cut_line && a->encoding == b->encoding
             && a->delim == b->delim && a->nwarnings == b->nwarnings;
    for (int i = 0; same && i < a->nwarnings; i++) same = strcmp(a->warnings[i], b->warnings[i]) == 0;
    return same;
}

int qy_csv_report_format(const qy_csv_report *report, qy_strbuf *out)
{
    QY_RETURN_NOT_OK(qy_strbuf_printf(out, "report %lld %lld %lld %lld %lld %d %d %d\n",
                                      (long long)report->rows_skipped,
                                      (long long)report->rows_padded, (long long)report->rows_cut,
                                      (long long)report->first_skipped_line,
                                      (long long)report->first_cut_line, (int)report->encoding,
                                      (unsigned char)report->delim, report->nwarnings));
    for (int i = 0; i < report->nwarnings; i++)
        QY_RETURN_NOT_OK(qy_strbuf_printf(out, "warning %zu:%s\n", strlen(report->warnings[i]),
                                          report->warnings[i]));
    return QY_OK;
}

/* Reads "warning N:<N bytes>\n" at *p (before end) into w. */
static bool parse_warning(const char **p, const char *end, char *w)
{
    static const char tag[] = "warning ";
    const char *s = *p;
    if ((size_t)(end - s) < sizeof tag - 1 || memcmp(s, tag, sizeof tag - 1) != 0) return false;
    s += sizeof tag - 1;
    size_t n = 0;
    const char *digits = s;
    for (; s < end && *s >= '0' && *s <= '9' && n < QY_CSV_WARNING_SIZE; s++) n = n * 10 + (size_t)(*s - '0');
    if (s == digits || n >= QY_CSV_WARNING_SIZE || s == end || *s++ != ':') return false;
    if ((size_t)(end - s) < n + 1 || s[n] != '\n' || memchr(s, '\0', n)) return false;
    memcpy(w, s, n);
    w[n] = '\0';
    *p = s + n + 1;
    return true;
}

int qy_csv_report_parse(const char *text, size_t len, qy_csv_report *report)
{
    const char *nl = memchr(text, '\n', len);
    char line[256];
    if (!nl || (size_t)(nl - text) >= sizeof line) return QY_EFORMAT;
    memcpy(line, text, (size_t)(nl - text));
    line[nl - text] = '\0';
    long long skipped, padded, cut, first_skipped, first_cut;
    int encoding, delim, nwarnings, used = 0;
    if (sscanf(line, "report %lld %lld %lld %lld %lld %d %d %d%n", &skipped, &padded, &cut,
               &first_skipped, &first_cut, &encoding, &delim, &nwarnings, &used) != 8
        || used != nl - text || skipped < 0 || padded < 0 || cut < 0 || first_skipped < 0
        || first_cut < 0 || encoding < QY_ENC_AUTO || encoding > QY_ENC_UTF16BE || delim < 1
        || delim > 255 || nwarnings < 0 || nwarnings > QY_CSV_MAX_WARNINGS)
        return QY_EFORMAT;
    qy_csv_report r = {.rows_skipped = skipped, .rows_padded = padded, .rows_cut = cut,
                       .first_skipped_line = first_skipped, .first_cut_line = first_cut,
                       .encoding = (qy_encoding)encoding, .delim = (char)delim,
                       .nwarnings = nwarnings};
    const char *p = nl + 1, *end = text + len;
    for (int i = 0; i < nwarnings; i++)
        if (!parse_warning(&p, end, r.warnings[i])) return QY_EFORMAT;
    if (p != end) return QY_EFORMAT;
    *report = r;
    return QY_OK;
}
