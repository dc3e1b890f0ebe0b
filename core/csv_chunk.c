/* csv_chunk.c — one stretch of CSV: libcsv fields into per-column arenas, then the narrowest type per column. */
#include "csv_chunk.h"

#include <csv.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "date.h"
#include "number.h"
#include "utf8.h"

#define LIBCSV_BLOCK_SIZE ((size_t)64 << 10)
#define READ_AHEAD ((int64_t)256 << 10)   /* bytes read past what is needed, to find a row end */
#define FEED_STEP ((int64_t)1 << 20)      /* bytes given to libcsv at a time */
#define SHOWN_VALUE_BYTES 60

/* The libcsv callbacks' view of a chunk while it is split into fields. */
typedef struct splitter {
    csv_chunk *c;
    bool failed;
    bool started;          /* the first row is complete and ncols known */
    int64_t nfield;        /* fields seen so far in the current row */
    bool not_utf8;         /* failed because the bytes are not UTF-8 */
    bool after_cr;         /* the last event was a row ended by CR */
    int64_t row_line;      /* line where the current row began */
    int64_t rows_ended;    /* on_row events: how a feed shows a row ended */
} splitter;

static void fault(csv_fault *f, int rc, int64_t line, int column, const char *fmt, ...)
{
    f->rc = rc;
    f->line = line;
    f->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->text, sizeof f->text, fmt, ap);
    va_end(ap);
}

static void fail(splitter *s, int rc, int64_t line, const char *fmt, const char *detail)
{
    if (s->failed) return;
    s->failed = true;
    fault(&s->c->failure, rc, line, -1, fmt, detail);
}

static void fail_memory(splitter *s) { fail(s, QY_ENOMEM, 0, "%s", "not enough memory"); }

/* ---- the window: source bytes in hand ---- */

static void window_reset(csv_window *w, const csv_source *src, int64_t off)
{
    w->src = src;
    w->off = w->keep = off;
    w->len = 0;
}

/* Makes the window hold bytes up to `to` (clamped to the input's end), read
 * from off on. QY_OK, QY_ENOMEM or QY_EIO (errno set). */
static int window_fill(csv_window *w, int64_t to)
{
    const csv_source *src = w->src;
    if (to > src->size) to = src->size;
    if (src->text) {
        if (to > w->off + w->len) w->len = to - w->off;
        return QY_OK;
    }
    if (to <= w->off + w->len) return QY_OK;
    if (w->keep > w->off) {   /* bytes libcsv has had are not needed again */
        int64_t drop = w->keep - w->off;
        memmove(w->buf, w->buf + drop, (size_t)(w->len - drop));
        w->off = w->keep;
        w->len -= drop;
    }
    size_t need = (size_t)(to - w->off);
    if (need > w->cap) {
        size_t cap = w->cap ? w->cap : (size_t)1 << 20;
        while (cap < need) cap *= 2;
        char *buf = qy_realloc(w->buf, cap);
        if (!buf) return QY_ENOMEM;
        w->buf = buf;
        w->cap = cap;
    }
    while (w->len < (int64_t)need) {
        ssize_t n = pread(src->fd, w->buf + w->len, need - (size_t)w->len, w->off + w->len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO;   /* the file shrank while we read it */
            return QY_EIO;
        }
        w->len += n;
    }
    return QY_OK;
}

static const char *window_at(const csv_window *w, int64_t pos)
{
    return w->src->text ? w->src->text + pos : w->buf + (pos - w->off);
}

/* The first line feed at from or later (reading on as needed), or the
 * input's size when there is none; -1 when reading fails (errno set). */
static int64_t window_find_lf(csv_window *w, int64_t from, int64_t *at)
{
    int64_t size = w->src->size;
    for (int64_t pos = from; pos < size;) {
        int64_t upto = w->off + w->len;
        if (upto <= pos) {
            int rc = window_fill(w, pos + READ_AHEAD);
            if (rc != QY_OK) return rc;
            continue;
        }
        const char *hit = memchr(window_at(w, pos), '\n', (size_t)(upto - pos));
        if (hit) {
            *at = pos + (hit - window_at(w, pos));
            return QY_OK;
        }
        pos = upto;
    }
    *at = size;
    return QY_OK;
}

static void read_failure(splitter *s, int rc)
{
    if (rc == QY_ENOMEM) fail_memory(s);
    else fail(s, QY_EIO, 0, "cannot read: %s", strerror(errno));
}

/* ---- words: values as text ---- */

static bool text_is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(s, word, len) == 0;
}

static void trim_spaces(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) (*len)--;
}

static int parse_bool(const char *s, size_t len, uint8_t *out)
{
    if (len != 4 && len != 5) return QY_EPARSE;   /* most values, at once */
    if (text_is(s, len, "true") || text_is(s, len, "TRUE") || text_is(s, len, "True")) {
        *out = 1;
        return QY_OK;
    }
    if (text_is(s, len, "false") || text_is(s, len, "FALSE") || text_is(s, len, "False")) {
        *out = 0;
        return QY_OK;
    }
    return QY_EPARSE;
}

/* A "-0", "-0.00" and the like: zero, but float64 keeps its sign. */
static bool is_negative_zero(const char *s, size_t len, int64_t v)
{
    return v == 0 && len > 0 && s[0] == '-';
}

/* ---- numbers, as typing reads them ----
 * Typing never alters a value. A leading zero ("010", "00501") writes a
 * code, not a number, and so does an integer beyond int64 (a 28-digit id,
 * which float64 would merge with its neighbours): both are text unless
 * `types` says otherwise. A decimal's scale is what its digits need: zeros
 * after the point add to it only up to the largest scale, so "0.0100000"
 * is decimal(6), while a digit past it makes the column float64. Float64
 * holds only numbers it gives back as written (qy_float_parse_exact). */

#define CSV_CAN_NUMBER (CSV_CAN_INT | CSV_CAN_DECIMAL | CSV_CAN_FLOAT)

/* The scale a decimal written with `written` digits after the point asks
 * of its column. */
static int column_scale(int written)
{
    return written < QY_DECIMAL_MAX_SCALE ? written : QY_DECIMAL_MAX_SCALE;
}

/* Which number types of can the trimmed value s can be; notes its scale
 * and negative zero in t. */
static unsigned number_can(const char *s, size_t len, unsigned can, csv_typed *t)
{
    if (qy_number_has_leading_zero(s, len)) return can & ~(unsigned)CSV_CAN_NUMBER;
    int64_t v;
    if (can & CSV_CAN_INT) {
        int rc = qy_int64_parse(s, len, &v);
        if (rc == QY_OK) {
            t->neg_zero |= is_negative_zero(s, len, v);
            return can;
        }
        if (rc == QY_EOVERFLOW) return can & ~(unsigned)CSV_CAN_NUMBER;   /* an integer beyond int64 */
        can &= ~(unsigned)CSV_CAN_INT;
    }
    if (can & CSV_CAN_DECIMAL) {
        int scale, written;
        if (qy_decimal_parse_exact(s, len, &v, &scale, &written) == QY_OK &&
            scale <= QY_DECIMAL_MAX_SCALE) {
            if (column_scale(written) > t->max_scale) t->max_scale = column_scale(written);
            t->neg_zero |= is_negative_zero(s, len, v);
            return can;   /* a decimal is a float too */
        }
        can &= ~(unsigned)CSV_CAN_DECIMAL;
    }
    if (!(can & CSV_CAN_FLOAT)) return can;
    if (!qy_float_form(s, len) || qy_int64_parse(s, len, &v) == QY_EOVERFLOW)
        can &= ~(unsigned)CSV_CAN_FLOAT;   /* whether float64 holds it is seen when filling */
    return can;
}

/* ---- raw columns ---- */

/* A column's buffers start this small and double: they stay in proportion
 * to its fields, so a file of many columns and few rows stays small. */
#define FIRST_FIELDS 1
#define FIRST_BYTES 16

static int raw_reserve(csv_raw *r, size_t len)
{
    if (r->n == r->cap_n) {
        int64_t cap = r->cap_n ? 2 * r->cap_n : FIRST_FIELDS;
        size_t *end = qy_realloc(r->end, (size_t)cap * sizeof *end);
        if (!end) return QY_ENOMEM;
        r->end = end;
        uint8_t *is_null = qy_realloc(r->is_null, (size_t)cap);
        if (!is_null) return QY_ENOMEM;
        r->is_null = is_null;
        if (r->hint) {
            void *values = qy_realloc(r->values, (size_t)cap * sizeof(int64_t));
            if (!values) return QY_ENOMEM;
            r->values = values;
        }
        r->cap_n = cap;
    }
    if (r->hint) return QY_OK;   /* hinted columns keep no bytes */
    if (!r->bytes || r->cap - r->used < len) {   /* never NULL once used */
        size_t cap = r->cap ? 2 * r->cap : FIRST_BYTES;
        while (cap - r->used < len) cap *= 2;
        char *bytes = qy_realloc(r->bytes, cap);
        if (!bytes) return QY_ENOMEM;
        r->bytes = bytes;
        r->cap = cap;
    }
    return QY_OK;
}

static size_t hinted_width(const csv_raw *r)
{
    return r->hint->kind == CSV_HINT_TEXT ? sizeof(uint32_t) : qy_type_width(r->hint->type);
}

/* Reads the value of a hinted column's field into row i: text into the
 * dict, other values as the hinted type, noting what they can be as
 * learn_types would (the kinds of value exclude each other: an int is never
 * a date or a bool). A value the type cannot hold marks the column a misfit. */
static int read_hinted(csv_raw *r, const char *s, size_t len, int64_t i)
{
    if (r->hint->kind == CSV_HINT_TEXT)
        return qy_dict_intern(r->dict, s, len, &((uint32_t *)r->values)[i]);
    if (r->misfit) return QY_OK;
    trim_spaces(&s, &len);
    r->has_values = true;
    int64_t v;
    int scale = 0, written;
    switch (r->hint->type) {
    case QY_INT64:
        if (qy_number_has_leading_zero(s, len) || qy_int64_parse(s, len, &v) != QY_OK) break;
        ((int64_t *)r->values)[i] = v;
        r->can &= CSV_CAN_NUMBER;
        r->neg_zero |= is_negative_zero(s, len, v);
        return QY_OK;
    case QY_DECIMAL:
        if (qy_number_has_leading_zero(s, len)) break;
        if (qy_int64_parse(s, len, &v) == QY_OK) {
            r->can &= CSV_CAN_NUMBER;
        } else if (qy_decimal_parse_exact(s, len, &v, &scale, &written) == QY_OK &&
                   scale <= r->hint->scale && column_scale(written) <= r->hint->scale) {
            r->can &= CSV_CAN_DECIMAL | CSV_CAN_FLOAT;
            if (column_scale(written) > r->max_scale) r->max_scale = column_scale(written);
        } else {
            break;
        }
        if (qy_decimal_rescale(v, scale, r->hint->scale, &((int64_t *)r->values)[i]) != QY_OK) break;
        r->neg_zero |= is_negative_zero(s, len, v);
        return QY_OK;
    case QY_DATE:
        if (qy_date_parse(s, len, &((int32_t *)r->values)[i]) != QY_OK) break;
        r->can &= CSV_CAN_DATE;
        return QY_OK;
    case QY_BOOL:
        if (parse_bool(s, len, &((uint8_t *)r->values)[i]) != QY_OK) break;
        r->can &= CSV_CAN_BOOL;
        return QY_OK;
    default:
        break;
    }
    r->misfit = true;
    return QY_OK;
}

/* A null row's element is 0. (A value that is read writes its own.) */
static void zero_element(csv_raw *r, int64_t i)
{
    switch (hinted_width(r)) {
    case 1: ((uint8_t *)r->values)[i] = 0; break;
    case 4: ((uint32_t *)r->values)[i] = 0; break;
    default: ((int64_t *)r->values)[i] = 0; break;
    }
}

/* Appends a field; s == NULL is a null (libcsv's unquoted empty field). */
static int raw_append(csv_raw *r, const char *s, size_t len)
{
    QY_RETURN_NOT_OK(raw_reserve(r, len));
    if (r->hint) {
        r->is_null[r->n] = s == NULL;
        if (s) QY_RETURN_NOT_OK(read_hinted(r, s, len, r->n));
        else zero_element(r, r->n);
        r->n++;
        return QY_OK;
    }
    if (len) memcpy(r->bytes + r->used, s, len);
    r->used += len;
    r->end[r->n] = r->used;
    r->is_null[r->n] = s == NULL;
    r->n++;
    return QY_OK;
}

static void raw_drop_last(csv_raw *r)
{
    r->n--;
    r->used = r->n ? r->end[r->n - 1] : 0;
}

static void raw_clear(csv_raw *r)
{
    r->n = 0;
    r->used = 0;
}

const char *csv_raw_field(const csv_raw *r, int64_t i, size_t *len)
{
    size_t start = i ? r->end[i - 1] : 0;
    *len = r->end[i] - start;
    return r->bytes + start;
}

static void raw_free(csv_raw *r)
{
    qy_free(r->bytes);
    qy_free(r->end);
    qy_free(r->is_null);
    qy_free(r->values);
    qy_dict_release(r->dict);
    memset(r, 0, sizeof *r);
}

/* ---- phase 1: fields into arenas ---- */

/* Whether s is one of the strings opts->nulls reads as null. */
static bool is_listed_null(const qy_csv_options *opts, const char *s, size_t len)
{
    for (int k = 0; k < opts->nnulls; k++)
        if (text_is(s, len, opts->nulls[k])) return true;
    return false;
}

static bool keeps(const csv_chunk *c, int64_t j) { return !c->mask || c->mask[j]; }

/* Whether any byte of the word is zero (the classic bit trick). */
static bool has_zero_byte(uint64_t w) { return ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) != 0; }

/* Whether s holds a CR or LF, eight bytes at a time: most fields hold none. */
static bool has_line_end(const char *s, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (has_zero_byte(w ^ 0x0A0A0A0A0A0A0A0AULL) || has_zero_byte(w ^ 0x0D0D0D0D0D0D0D0DULL))
            return true;
    }
    for (; i < len; i++)
        if (s[i] == '\n' || s[i] == '\r') return true;
    return false;
}

/* Line ends inside a quoted field: each LF, and each CR not followed by LF. */
static int64_t count_line_ends(const char *s, size_t len)
{
    if (!has_line_end(s, len)) return 0;
    int64_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))) n++;
    return n;
}

static int start_raw_columns(csv_chunk *c)
{
    c->raw = qy_calloc((size_t)c->ncols, sizeof *c->raw);
    c->typed = qy_calloc((size_t)c->ncols, sizeof *c->typed);
    return c->raw && c->typed ? QY_OK : QY_ENOMEM;
}

/* Each hinted column starts afresh: a new dict for text (the last run's
 * went to its typed column), nothing learnt yet for other values. */
static int start_hinted_columns(csv_chunk *c)
{
    for (int j = 0; c->raw && j < c->ncols; j++) {
        csv_raw *r = &c->raw[j];
        qy_dict_release(r->dict);
        r->dict = NULL;
        const csv_hint *h = c->hints && !c->hints_off && keeps(c, j) ? &c->hints[j] : NULL;
        r->hint = h && h->kind != CSV_HINT_NONE ? h : NULL;
        r->can = CSV_CAN_ALL;
        r->max_scale = 0;
        r->neg_zero = r->has_values = r->misfit = false;
        if (r->hint && r->cap_n > 0) {   /* the arrays were sized for the arena */
            void *values = qy_realloc(r->values, (size_t)r->cap_n * sizeof(int64_t));
            if (!values) return QY_ENOMEM;
            r->values = values;
        }
        if (r->hint && r->hint->kind == CSV_HINT_TEXT && !(r->dict = qy_dict_new()))
            return QY_ENOMEM;
    }
    return QY_OK;
}

/* Readies the columns for this run's first row: a chunk without rows (the
 * input's end, say) costs nothing per column. */
static int ready_columns(csv_chunk *c)
{
    if (c->columns_ready) return QY_OK;
    if (!c->raw) QY_RETURN_NOT_OK(start_raw_columns(c));
    for (int j = 0; j < c->ncols; j++) raw_clear(&c->raw[j]);
    QY_RETURN_NOT_OK(start_hinted_columns(c));
    c->columns_ready = true;
    return QY_OK;
}

static void on_field(void *field, size_t len, void *data)
{
    splitter *s = data;
    csv_chunk *c = s->c;
    if (s->failed) return;
    if (s->nfield == 0) {
        s->row_line = c->lines + 1;
        if (s->started && ready_columns(c) != QY_OK) {
            fail_memory(s);
            return;
        }
    }
    s->after_cr = false;
    if (field) c->lines += count_line_ends(field, len);
    int64_t j = s->nfield++;
    csv_raw *dst;
    if (!s->started) dst = &c->first;
    else if (j < c->ncols && keeps(c, j)) dst = &c->raw[j];
    else return;   /* past the header's width (only counted), or not wanted */
    if (dst->hint && field && is_listed_null(c->opts, field, len)) field = NULL;
    if (raw_append(dst, field, len) != QY_OK) fail_memory(s);
}

static int commit_row(splitter *s)
{
    csv_chunk *c = s->c;
    if (c->nrows == c->cap_rows) {
        int64_t cap = c->cap_rows ? 2 * c->cap_rows : 1024;
        int64_t *line_of = qy_realloc(c->line_of, (size_t)cap * sizeof *line_of);
        if (!line_of) return QY_ENOMEM;
        c->line_of = line_of;
        c->cap_rows = cap;
    }
    c->line_of[c->nrows++] = s->row_line;
    return QY_OK;
}

/* The first row fixes the width; without a header it is also data. */
static void finish_first_row(splitter *s)
{
    csv_chunk *c = s->c;
    if (c->first.n > 0x7fffffff) {
        char count[24];
        snprintf(count, sizeof count, "%lld", (long long)c->first.n);
        fail(s, QY_ERANGE, s->row_line, "too many fields (%s)", count);
        return;
    }
    c->ncols = (int)c->first.n;
    c->first_line = s->row_line;
    s->started = true;
    if (c->opts->header) return;
    if (ready_columns(c) != QY_OK) {
        fail_memory(s);
        return;
    }
    for (int j = 0; j < c->ncols; j++) {
        if (!keeps(c, j)) continue;
        size_t len;
        const char *f = csv_raw_field(&c->first, j, &len);
        if (raw_append(&c->raw[j], c->first.is_null[j] ? NULL : f, len) != QY_OK) {
            fail_memory(s);
            return;
        }
    }
    if (commit_row(s) != QY_OK) fail_memory(s);
}

static int append_nulls(csv_chunk *c, int64_t from)
{
    QY_RETURN_NOT_OK(ready_columns(c));   /* a blank line may be the first row */
    for (int64_t j = from; j < c->ncols; j++)
        if (keeps(c, j)) QY_RETURN_NOT_OK(raw_append(&c->raw[j], NULL, 0));
    return QY_OK;
}

/* A row of another width than the first: an error, dropped, or padded/cut. */
static void finish_ragged_row(splitter *s)
{
    csv_chunk *c = s->c;
    int64_t stored = s->nfield < c->ncols ? s->nfield : c->ncols;
    switch (c->opts->on_ragged) {
    case QY_RAGGED_SKIP:
        for (int64_t j = 0; j < stored; j++)
            if (keeps(c, j)) raw_drop_last(&c->raw[j]);
        if (c->skipped++ == 0) c->first_skipped_line = s->row_line;
        return;
    case QY_RAGGED_PAD:
        if (append_nulls(c, stored) != QY_OK || commit_row(s) != QY_OK) fail_memory(s);
        if (s->nfield < c->ncols) c->padded++;
        else if (c->cut++ == 0) c->first_cut_line = s->row_line;
        return;
    case QY_RAGGED_ERROR:
        break;
    }
    if (s->failed) return;
    s->failed = true;
    fault(&c->failure, QY_EPARSE, s->row_line, -1, "expected %d fields, found %lld", c->ncols,
          (long long)s->nfield);
}

/* With CSV_REPALL_NL every CR and LF outside a field arrives here, so this
 * counts physical lines (CRLF once) and finds rows without fields. In a
 * one-column table a blank line is a null row: that is how such a column's
 * nulls are written. Wider tables skip blank lines. */
static void on_row(int ch, void *data)
{
    splitter *s = data;
    csv_chunk *c = s->c;
    if (s->failed) return;
    s->rows_ended++;
    bool line_end = ch == '\r' || (ch == '\n' && !s->after_cr);
    if (line_end) c->lines++;
    s->after_cr = ch == '\r';
    if (s->nfield == 0) {
        if (line_end && s->started && c->ncols == 1) {
            s->row_line = c->lines;
            if (append_nulls(c, 0) != QY_OK || commit_row(s) != QY_OK) fail_memory(s);
        }
        return;
    }
    if (!s->started) finish_first_row(s);
    else if (s->nfield != c->ncols) finish_ragged_row(s);
    else if (commit_row(s) != QY_OK) fail_memory(s);
    s->nfield = 0;
}

/* Spaces around unquoted fields are data, not padding. */
static int no_spaces(unsigned char ch)
{
    (void)ch;
    return 0;
}

static int parser_init(struct csv_parser *p, const qy_csv_options *opts)
{
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL | CSV_REPALL_NL) != 0)
        return QY_ENOMEM;
    csv_set_delim(p, (unsigned char)opts->delim);
    csv_set_quote(p, '"');
    csv_set_space_func(p, no_spaces);
    csv_set_realloc_func(p, qy_realloc);
    csv_set_free_func(p, qy_free);
    csv_set_blk_size(p, LIBCSV_BLOCK_SIZE);
    return QY_OK;
}

/* A quoted field's closing quote followed by anything but a delimiter, a
 * line end or a second quote is malformed: read on leniently, libcsv would
 * take the rest of the row, and the rows after it up to the next quote, as
 * part of the field, so the field's line is named instead. */
static void fail_after_closing_quote(splitter *s, unsigned char ch)
{
    char shown[16];
    if (ch >= 0x20 && ch < 0x7f && ch != '\'') snprintf(shown, sizeof shown, "'%c'", ch);
    else snprintf(shown, sizeof shown, "byte 0x%02x", ch);
    if (s->failed) return;
    s->failed = true;
    fault(&s->c->failure, QY_EPARSE, s->c->lines + 1, -1,
          "a quoted field's closing quote is followed by %s (a quote inside a quoted field "
          "is written \"\")", shown);
}

/* libcsv runs strict, so it stops at every quote out of place. One inside
 * an unquoted field (6'2", 2" pipe) is data: that byte is given to libcsv
 * with strictness off, as a non-strict parser would take it. One after a
 * quoted field's closing quote fails the chunk. */
static void parse(splitter *s, struct csv_parser *p, const char *bytes, size_t n)
{
    size_t done = 0;
    while (!s->failed) {
        done += csv_parse(p, bytes + done, n - done, on_field, on_row, s);
        if (done == n || s->failed) return;
        if (csv_error(p) == CSV_ENOMEM) {
            fail_memory(s);
            return;
        }
        if (csv_error(p) != CSV_EPARSE) {
            fail(s, QY_ERANGE, 0, "%s", csv_strerror(csv_error(p)));
            return;
        }
        if (p->quoted) {
            fail_after_closing_quote(s, (unsigned char)bytes[done]);
            return;
        }
        unsigned char strict = (unsigned char)csv_get_opts(p);
        csv_set_opts(p, (unsigned char)(strict & ~CSV_STRICT));
        done += csv_parse(p, bytes + done, 1, on_field, on_row, s);
        csv_set_opts(p, strict);
    }
}

/* Hands bytes [from, to) of the window to libcsv (checked as UTF-8 first
 * when asked; pieces end at line feeds, so no character is cut). */
static void feed(splitter *s, struct csv_parser *p, int64_t from, int64_t to)
{
    size_t n = (size_t)(to - from);
    csv_window *w = &s->c->window;
    int rc = window_fill(w, to);
    if (rc != QY_OK) read_failure(s, rc);
    if (n == 0 || s->failed) return;
    const char *bytes = window_at(w, from);
    if (s->c->validate_utf8 && qy_utf8_validate(bytes, n) != n) {
        s->failed = s->not_utf8 = true;
        return;
    }
    parse(s, p, bytes, n);
    w->keep = to;
}

/* Feeds through the line feed at lf; true when it ended a row (or was a
 * line of its own), false when it lies inside a quoted field. */
static bool feed_line(splitter *s, struct csv_parser *p, int64_t from, int64_t lf)
{
    feed(s, p, from, lf);
    int64_t before = s->rows_ended;
    feed(s, p, lf, lf + 1);
    return s->rows_ended > before;
}

static void finish_input(splitter *s, struct csv_parser *p)
{
    if (s->failed) return;
    if (csv_fini(p, on_field, on_row, s) != 0 && !s->failed) {
        s->failed = true;
        fault(&s->c->failure, QY_EPARSE, s->c->lines + 1, -1, "unterminated quoted field");
    }
}

/* Phase 1: fields from start to the first row end at or past nominal_end,
 * fed to libcsv a piece at a time so the window stays small. */
static csv_chunk_status split_fields(csv_chunk *c, int64_t nominal_end)
{
    splitter s = {.c = c, .started = c->ncols > 0};
    int64_t pos = c->start, size = c->src->size;
    if (pos >= nominal_end || pos >= size) return CSV_CHUNK_DONE;   /* the chunk before took it all */
    struct csv_parser p;
    if (parser_init(&p, c->opts) != QY_OK) {
        fail_memory(&s);
        return CSV_CHUNK_FAILED;
    }
    csv_chunk_status status = CSV_CHUNK_DONE;
    int64_t last_line_from = nominal_end - 1;   /* the row must end at a line feed here or later */
    while (!s.failed) {
        int64_t waypoint = pos + FEED_STEP < last_line_from ? pos + FEED_STEP : last_line_from;
        int64_t lf;
        int rc = window_find_lf(&c->window, waypoint > pos ? waypoint : pos, &lf);
        if (rc != QY_OK) {
            read_failure(&s, rc);
            break;
        }
        if (lf >= c->give_up_at) {
            status = CSV_CHUNK_GAVE_UP;
            break;
        }
        if (lf == size) {   /* no line feed left: the rest is the last row */
            feed(&s, &p, pos, size);
            finish_input(&s, &p);
            pos = size;
            break;
        }
        if (lf < last_line_from) {
            feed(&s, &p, pos, lf + 1);
            pos = lf + 1;
            continue;
        }
        bool row_ended = feed_line(&s, &p, pos, lf);
        pos = lf + 1;
        if (row_ended && s.started) break;   /* the first chunk runs on to its first row */
    }
    csv_free(&p);
    c->end = pos;
    if (s.not_utf8) return CSV_CHUNK_NOT_UTF8;
    return s.failed ? CSV_CHUNK_FAILED : status;
}

/* ---- phase 2: types and values ---- */

/* Marks fields equal to one of opts->nulls as null too. */
static void mark_nulls(csv_raw *r, const qy_csv_options *opts)
{
    if (opts->nnulls == 0 || r->hint) return;   /* hinted columns did it as they read */
    for (int64_t i = 0; i < r->n; i++) {
        if (r->is_null[i]) continue;
        size_t len;
        const char *s = csv_raw_field(r, i, &len);
        r->is_null[i] = is_listed_null(opts, s, len);
    }
}

/* Which of the non-string types every non-null value of r can be. */
static void learn_types(const csv_raw *r, csv_typed *t)
{
    unsigned can = CSV_CAN_ALL;
    t->max_scale = 0;
    t->has_values = false;
    t->neg_zero = false;
    for (int64_t i = 0; i < r->n && can; i++) {
        if (r->is_null[i]) continue;
        t->has_values = true;
        size_t len;
        const char *s = csv_raw_field(r, i, &len);
        trim_spaces(&s, &len);
        uint8_t b;
        int32_t d;
        if ((can & CSV_CAN_BOOL) && parse_bool(s, len, &b) != QY_OK) can &= ~(unsigned)CSV_CAN_BOOL;
        if ((can & CSV_CAN_DATE) && qy_date_parse(s, len, &d) != QY_OK) can &= ~(unsigned)CSV_CAN_DATE;
        if (can & CSV_CAN_NUMBER) can = number_can(s, len, can, t);
    }
    t->can = t->has_values ? can : 0;
}

qy_type csv_infer_type(unsigned can, bool has_values)
{
    if (!has_values) return QY_STRING;
    if (can & CSV_CAN_BOOL) return QY_BOOL;
    if (can & CSV_CAN_DATE) return QY_DATE;
    if (can & CSV_CAN_INT) return QY_INT64;
    if (can & CSV_CAN_DECIMAL) return QY_DECIMAL;
    if (can & CSV_CAN_FLOAT) return QY_FLOAT64;
    return QY_STRING;
}

/* Parses trimmed text into row i of col (of a non-string type). Returns
 * QY_OK, QY_EPARSE, QY_EOVERFLOW, or QY_ERANGE for a decimal with more
 * digits after the point than the column's scale. */
static int parse_value(qy_column *col, int64_t i, const char *s, size_t len, bool forced)
{
    switch (col->type) {
    case QY_INT64:
        return qy_int64_parse(s, len, &col->v.i64[i]);
    case QY_FLOAT64:
        return forced ? qy_float_parse(s, len, &col->v.f64[i])
                      : qy_float_parse_exact(s, len, &col->v.f64[i]);
    case QY_DECIMAL:
        return qy_decimal_parse_at(s, len, col->scale, &col->v.i64[i]);
    case QY_DATE:
        if (qy_date_parse(s, len, &col->v.date[i]) == QY_OK) return QY_OK;
        return forced ? qy_date_parse_compact(s, len, &col->v.date[i]) : QY_EPARSE;
    case QY_BOOL:
        return parse_bool(s, len, &col->v.b[i]);
    case QY_STRING:
        break;
    }
    return QY_EPARSE;
}

static const char *type_noun(qy_type type)
{
    switch (type) {
    case QY_INT64: return "an int64";
    case QY_FLOAT64: return "a float64";
    case QY_DECIMAL: return "a decimal";
    case QY_DATE: return "a date";
    case QY_BOOL: return "a bool";
    case QY_STRING: return "a string";
    }
    return "a value";
}

/* Why row i's value does not fit column j: "column 'amount': ..." at the
 * row's line (the caller adds the name of the input). */
static void note_value_error(csv_chunk *c, int j, const char *colname, const qy_column *col,
                             int64_t i, const char *s, size_t len, int rc)
{
    size_t shown = len;
    if (shown > SHOWN_VALUE_BYTES) {
        shown = SHOWN_VALUE_BYTES;
        while (shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80) shown--;
    }
    const char *more = shown < len ? "..." : "";
    char type[16];
    qy_type_name(col->type, col->scale, type);
    csv_fault *f = &c->value_error;
    int64_t line = c->line_of[i];
    c->has_value_error = true;
    if (rc == QY_ERANGE)
        fault(f, QY_EPARSE, line, j, "column '%s': '%.*s%s' has more than %d digits after the point",
              colname, (int)shown, s, more, col->scale);
    else if (rc == QY_EOVERFLOW)
        fault(f, QY_EPARSE, line, j, "column '%s': '%.*s%s' is out of range for %s", colname,
              (int)shown, s, more, type);
    else
        fault(f, QY_EPARSE, line, j, "column '%s': '%.*s%s' is not %s", colname, (int)shown, s,
              more, type_noun(col->type));
}

static int fill_strings(csv_chunk *c, const csv_raw *r, const char *colname, qy_column *col)
{
    for (int64_t i = 0; i < r->n; i++) {
        if (r->is_null[i]) continue;
        size_t len;
        const char *s = csv_raw_field(r, i, &len);
        int rc = qy_dict_intern(col->dict, s, len, &col->v.code[i]);
        if (rc == QY_ERANGE) {
            fault(&c->failure, rc, 0, -1, "column '%s' has too many distinct strings", colname);
            return rc;
        }
        if (rc != QY_OK) return rc;
    }
    return QY_OK;
}

/* Converts every value of r into col. For an inferred type *held turns
 * false at the first value it cannot hold as written (a decimal too wide at
 * the column's scale, a number float64 would round); a value a forced type
 * cannot hold is noted as c's value error when it is the chunk's first in
 * the leftmost column. */
static int fill_column(csv_chunk *c, int j, const char *colname, qy_column *col, bool forced,
                       bool *held)
{
    const csv_raw *r = &c->raw[j];
    *held = true;
    for (int64_t i = 0; i < r->n; i++)
        if (r->is_null[i] && qy_column_set_null(col, i, NULL) != QY_OK) return QY_ENOMEM;
    if (col->type == QY_STRING) return fill_strings(c, r, colname, col);
    for (int64_t i = 0; i < r->n; i++) {
        if (r->is_null[i]) continue;
        size_t len;
        const char *s = csv_raw_field(r, i, &len);
        const char *t = s;
        size_t tlen = len;
        trim_spaces(&t, &tlen);
        int rc = parse_value(col, i, t, tlen, forced);
        if (rc == QY_OK) continue;
        if (!forced) *held = false;
        else if (!c->has_value_error) note_value_error(c, j, colname, col, i, s, len, rc);
        return QY_OK;
    }
    return QY_OK;
}

static int new_column(qy_type type, int scale, int64_t n, qy_column **out)
{
    qy_dict *dict = NULL;
    if (type == QY_STRING && !(dict = qy_dict_new())) return QY_ENOMEM;
    int rc = qy_column_new(type, scale, dict, n, out, NULL);
    qy_dict_release(dict);
    return rc;
}

/* A hinted column's values and nulls, as read, into a column. */
static int hinted_column(csv_chunk *c, int j, bool forced)
{
    const csv_raw *r = &c->raw[j];
    csv_typed *t = &c->typed[j];
    bool text = r->hint->kind == CSV_HINT_TEXT;
    qy_type type = text ? QY_STRING : r->hint->type;
    int scale = text ? 0 : r->hint->scale;
    QY_RETURN_NOT_OK(qy_column_new_uninit(type, scale, r->dict, c->nrows, &t->col, NULL));
    if (c->nrows) memcpy(t->col->v.any, r->values, (size_t)c->nrows * hinted_width(r));
    for (int64_t i = 0; i < r->n; i++) {
        if (!r->is_null[i]) t->has_values = true;
        else if (qy_column_set_null(t->col, i, NULL) != QY_OK) return QY_ENOMEM;
    }
    t->forced = forced;
    t->can = text || !t->has_values ? 0 : r->can;
    t->max_scale = r->max_scale;
    t->neg_zero = r->neg_zero;
    return QY_OK;
}

/* Types column j by its override (a `types` entry) or by its values. */
static int type_column(csv_chunk *c, int j, const char *colname, const qy_csv_type *override)
{
    csv_raw *r = &c->raw[j];
    csv_typed *t = &c->typed[j];
    if (r->hint) return hinted_column(c, j, override != NULL);
    mark_nulls(r, c->opts);
    learn_types(r, t);
    t->forced = override != NULL;
    int scale = override ? override->scale : t->max_scale;
    qy_type type = override ? override->type : csv_infer_type(t->can, t->has_values);
    QY_RETURN_NOT_OK(new_column(type, scale, c->nrows, &t->col));
    bool held;
    int rc = fill_column(c, j, colname, t->col, t->forced, &held);
    while (rc == QY_OK && !held) {   /* a decimal goes on to float64, a float to text */
        type = type == QY_DECIMAL ? QY_FLOAT64 : QY_STRING;
        t->can &= type == QY_FLOAT64 ? (unsigned)CSV_CAN_FLOAT : 0;
        qy_column_release(t->col);
        t->col = NULL;
        QY_RETURN_NOT_OK(new_column(type, 0, c->nrows, &t->col));
        rc = fill_column(c, j, colname, t->col, false, &held);
    }
    return rc;
}

/* ---- the chunk as a whole ---- */

static void release_results(csv_chunk *c)
{
    for (int j = 0; c->typed && j < c->ncols; j++) {
        qy_column_release(c->typed[j].col);
        memset(&c->typed[j], 0, sizeof c->typed[j]);
    }
}

void csv_chunk_release_results(csv_chunk *c) { release_results(c); }

/* Forgets the last run's rows, keeping the buffers for the next. */
static void reset(csv_chunk *c)
{
    release_results(c);
    c->status = CSV_CHUNK_DONE;
    c->lines = c->nrows = c->skipped = c->padded = c->cut = 0;
    c->first_line = c->first_skipped_line = c->first_cut_line = 0;
    c->has_value_error = false;
    raw_clear(&c->first);
    c->columns_ready = false;
}

csv_chunk_status csv_chunk_split(csv_chunk *c, int64_t start, int64_t nominal_end)
{
    c->start = c->end = start;
    window_reset(&c->window, c->src, start);
    reset(c);
    return c->status = split_fields(c, nominal_end);
}

csv_chunk_status csv_chunk_type(csv_chunk *c)
{
    if (c->nrows == 0) return c->status;   /* no row, no column */
    for (int j = 0; j < c->ncols && c->status == CSV_CHUNK_DONE; j++) {
        if (!keeps(c, j)) continue;
        int rc = type_column(c, j, c->names[j], c->overrides[j]);
        if (rc == QY_OK) continue;
        if (rc == QY_ENOMEM) fault(&c->failure, rc, 0, -1, "not enough memory");
        c->status = CSV_CHUNK_FAILED;
    }
    return c->status;
}

static bool any_misfit(const csv_chunk *c)
{
    for (int j = 0; c->columns_ready && j < c->ncols; j++)
        if (c->raw[j].hint && c->raw[j].misfit) return true;
    return false;
}

csv_chunk_status csv_chunk_run(csv_chunk *c, int64_t start, int64_t nominal_end)
{
    if (csv_chunk_split(c, start, nominal_end) == CSV_CHUNK_DONE && any_misfit(c)) {
        c->hints_off = true;   /* a value the hints did not foresee: read plainly */
        csv_chunk_split(c, start, nominal_end);
        c->hints_off = false;
    }
    if (c->status != CSV_CHUNK_DONE) return c->status;
    return csv_chunk_type(c);
}

int csv_chunk_row_start(csv_chunk *c, int64_t pos, int64_t *start)
{
    if (pos == 0) {
        *start = 0;
        return QY_OK;
    }
    window_reset(&c->window, c->src, pos - 1);
    int64_t lf;
    int rc = window_find_lf(&c->window, pos - 1, &lf);
    if (rc != QY_OK) {
        if (rc == QY_ENOMEM) fault(&c->failure, rc, 0, -1, "not enough memory");
        else fault(&c->failure, QY_EIO, 0, -1, "cannot read: %s", strerror(errno));
        return rc;
    }
    *start = lf < c->src->size ? lf + 1 : lf;
    return QY_OK;
}

void csv_chunk_free(csv_chunk *c)
{
    release_results(c);
    raw_free(&c->first);
    for (int j = 0; c->raw && j < c->ncols; j++) raw_free(&c->raw[j]);
    qy_free(c->raw);
    qy_free(c->typed);
    qy_free(c->line_of);
    qy_free(c->window.buf);
    c->raw = NULL;
    c->typed = NULL;
    c->line_of = NULL;
    c->window.buf = NULL;
}
