/* csv_read.c — CSV to a typed table: libcsv fields into per-column arenas, then the narrowest type per column. */
#include "csv_read.h"

#include <csv.h>

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "date.h"
#include "dict.h"
#include "file.h"
#include "number.h"
#include "zonemap.h"

#define DEFAULT_CHUNK_SIZE ((size_t)1 << 20)
#define LIBCSV_BLOCK_SIZE ((size_t)64 << 10)
#define SHOWN_VALUE_BYTES 60

/* One column's raw fields from phase 1, back to back in one arena. */
typedef struct raw_column {
    char *bytes;
    size_t used, cap;
    size_t *end;          /* end[i]: offset just past field i */
    uint8_t *is_null;     /* 1 for an unquoted empty field (later: any null) */
    int64_t n, cap_n;
} raw_column;

/* Everything phase 1 learns, filled by the libcsv callbacks. */
typedef struct reader {
    const char *name;
    const qy_csv_options *opts;
    qy_error *err;
    int rc;                /* the first failure; callbacks do nothing after it */
    bool started;          /* the first row is complete and ncols known */
    raw_column first;      /* the first row, one entry per field */
    raw_column *cols;
    int ncols;
    int64_t nfield;        /* fields seen so far in the current row */
    int64_t lines;         /* line ends seen so far */
    bool after_cr;         /* the last event was a row ended by CR */
    int64_t row_line;      /* line where the current row began */
    int64_t *line_of;      /* line where each data row began */
    int64_t nrows, cap_rows;
    int64_t skipped, padded;
} reader;

/* ---- phase 1: fields into arenas ---- */

static int raw_reserve(raw_column *c, size_t len)
{
    if (c->n == c->cap_n) {
        int64_t cap = c->cap_n ? 2 * c->cap_n : 16;
        size_t *end = qy_realloc(c->end, (size_t)cap * sizeof *end);
        if (!end) return QY_ENOMEM;
        c->end = end;
        uint8_t *is_null = qy_realloc(c->is_null, (size_t)cap);
        if (!is_null) return QY_ENOMEM;
        c->is_null = is_null;
        c->cap_n = cap;
    }
    if (!c->bytes || c->cap - c->used < len) {   /* never NULL once used */
        size_t cap = c->cap ? 2 * c->cap : 256;
        while (cap - c->used < len) cap *= 2;
        char *bytes = qy_realloc(c->bytes, cap);
        if (!bytes) return QY_ENOMEM;
        c->bytes = bytes;
        c->cap = cap;
    }
    return QY_OK;
}

/* Appends a field; s == NULL is a null (libcsv's unquoted empty field). */
static int raw_append(raw_column *c, const char *s, size_t len)
{
    QY_RETURN_NOT_OK(raw_reserve(c, len));
    if (len) memcpy(c->bytes + c->used, s, len);
    c->used += len;
    c->end[c->n] = c->used;
    c->is_null[c->n] = s == NULL;
    c->n++;
    return QY_OK;
}

static void raw_drop_last(raw_column *c)
{
    c->n--;
    c->used = c->n ? c->end[c->n - 1] : 0;
}

static const char *raw_field(const raw_column *c, int64_t i, size_t *len)
{
    size_t start = i ? c->end[i - 1] : 0;
    *len = c->end[i] - start;
    return c->bytes + start;
}

static void raw_free(raw_column *c)
{
    qy_free(c->bytes);
    qy_free(c->end);
    qy_free(c->is_null);
}

/* Line ends inside a quoted field: each LF, and each CR not followed by LF. */
static int64_t count_line_ends(const char *s, size_t len)
{
    int64_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))) n++;
    return n;
}

static void fail_memory(reader *r)
{
    r->rc = qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
}

static void on_field(void *field, size_t len, void *data)
{
    reader *r = data;
    if (r->rc != QY_OK) return;
    if (r->nfield == 0) r->row_line = r->lines + 1;
    r->after_cr = false;
    if (field) r->lines += count_line_ends(field, len);
    int64_t j = r->nfield++;
    raw_column *dst;
    if (!r->started) dst = &r->first;
    else if (j < r->ncols) dst = &r->cols[j];
    else return;   /* past the header's width: only counted */
    if (raw_append(dst, field, len) != QY_OK) fail_memory(r);
}

static int commit_row(reader *r)
{
    if (r->nrows == r->cap_rows) {
        int64_t cap = r->cap_rows ? 2 * r->cap_rows : 64;
        int64_t *line_of = qy_realloc(r->line_of, (size_t)cap * sizeof *line_of);
        if (!line_of) return QY_ENOMEM;
        r->line_of = line_of;
        r->cap_rows = cap;
    }
    r->line_of[r->nrows++] = r->row_line;
    return QY_OK;
}

/* The first row fixes the width; without a header it is also data. */
static void finish_first_row(reader *r)
{
    if (r->first.n > 0x7fffffff) {
        r->rc = qy_error_set(r->err, QY_ERANGE, "%s:%lld: too many fields (%lld)", r->name,
                             (long long)r->row_line, (long long)r->first.n);
        return;
    }
    r->cols = qy_calloc((size_t)r->first.n, sizeof *r->cols);
    if (!r->cols) {
        fail_memory(r);
        return;
    }
    r->started = true;
    r->ncols = (int)r->first.n;
    if (r->opts->header) return;
    for (int j = 0; j < r->ncols; j++) {
        size_t len;
        const char *s = raw_field(&r->first, j, &len);
        if (raw_append(&r->cols[j], r->first.is_null[j] ? NULL : s, len) != QY_OK) {
            fail_memory(r);
            return;
        }
    }
    if (commit_row(r) != QY_OK) fail_memory(r);
}

/* A row of another width than the first: an error, dropped, or padded/cut. */
static void finish_ragged_row(reader *r)
{
    int64_t stored = r->nfield < r->ncols ? r->nfield : r->ncols;
    switch (r->opts->on_ragged) {
    case QY_RAGGED_SKIP:
        for (int64_t j = 0; j < stored; j++) raw_drop_last(&r->cols[j]);
        r->skipped++;
        return;
    case QY_RAGGED_PAD:
        for (int64_t j = stored; j < r->ncols; j++) {
            if (raw_append(&r->cols[j], NULL, 0) != QY_OK) {
                fail_memory(r);
                return;
            }
        }
        r->padded++;
        if (commit_row(r) != QY_OK) fail_memory(r);
        return;
    case QY_RAGGED_ERROR:
        break;
    }
    r->rc = qy_error_set(r->err, QY_EPARSE, "%s:%lld: expected %d fields, found %lld", r->name,
                         (long long)r->row_line, r->ncols, (long long)r->nfield);
}

/* In a one-column table a blank line is a null row: that is how such a
 * column's nulls are written. Wider tables skip blank lines. */
static void take_blank_line(reader *r)
{
    r->row_line = r->lines;
    if (raw_append(&r->cols[0], NULL, 0) != QY_OK || commit_row(r) != QY_OK) fail_memory(r);
}

/* With CSV_REPALL_NL every CR and LF outside a field arrives here, so this
 * counts physical lines (CRLF once) and finds rows without fields. */
static void on_row(int c, void *data)
{
    reader *r = data;
    if (r->rc != QY_OK) return;
    bool line_end = c == '\r' || (c == '\n' && !r->after_cr);
    if (line_end) r->lines++;
    r->after_cr = c == '\r';
    if (r->nfield == 0) {
        if (line_end && r->started && r->ncols == 1) take_blank_line(r);
        return;
    }
    if (!r->started) finish_first_row(r);
    else if (r->nfield != r->ncols) finish_ragged_row(r);
    else if (commit_row(r) != QY_OK) fail_memory(r);
    r->nfield = 0;
}

/* Spaces around unquoted fields are data, not padding. */
static int no_spaces(unsigned char c)
{
    (void)c;
    return 0;
}

/* Without CSV_STRICT, csv_parse fails only when a field outgrows memory. */
static void fail_libcsv(reader *r, int code)
{
    if (code == CSV_ENOMEM) fail_memory(r);
    else r->rc = qy_error_set(r->err, QY_ERANGE, "%s: %s", r->name, csv_strerror(code));
}

/* Phase 1: feeds text to libcsv chunk bytes at a time. */
static int split_fields(reader *r, const char *text, size_t len, size_t chunk)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL | CSV_REPALL_NL | CSV_STRICT_FINI) != 0)
        return qy_error_set(r->err, QY_ENOMEM, "%s: cannot start the CSV parser", r->name);
    csv_set_delim(&p, (unsigned char)r->opts->delim);
    csv_set_quote(&p, '"');
    csv_set_space_func(&p, no_spaces);
    csv_set_realloc_func(&p, qy_realloc);
    csv_set_free_func(&p, qy_free);
    csv_set_blk_size(&p, LIBCSV_BLOCK_SIZE);
    for (size_t off = 0; off < len && r->rc == QY_OK;) {
        size_t n = len - off < chunk ? len - off : chunk;
        if (csv_parse(&p, text + off, n, on_field, on_row, r) < n && r->rc == QY_OK)
            fail_libcsv(r, csv_error(&p));
        off += n;
        if (r->opts->progress && r->rc == QY_OK)
            r->opts->progress(r->opts->progress_ctx, (int64_t)off, (int64_t)len);
    }
    if (r->rc == QY_OK) {
        /* csv_fini reports an unclosed quote only in strict mode, which while
         * parsing would also reject the stray quotes we accept as data. */
        csv_set_opts(&p, (unsigned char)(csv_get_opts(&p) | CSV_STRICT));
        if (csv_fini(&p, on_field, on_row, r) != 0 && r->rc == QY_OK)
            r->rc = qy_error_set(r->err, QY_EPARSE, "%s:%lld: unterminated quoted field",
                                 r->name, (long long)(r->lines + 1));
    }
    csv_free(&p);
    return r->rc;
}

/* ---- phase 2: column names ---- */

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
        const char *s = raw_field(&r->first, j, &len);
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

static int check_overrides(const reader *r, char **names)
{
    for (int k = 0; k < r->opts->ntypes; k++) {
        const qy_csv_type *t = &r->opts->types[k];
        bool found = false;
        for (int j = 0; j < r->ncols && !found; j++) found = strcmp(names[j], t->column) == 0;
        if (!found)
            return qy_error_set(r->err, QY_EINVAL, "%s: cannot set the type of '%s': no such column",
                                r->name, t->column);
        if (t->type == QY_DECIMAL && (t->scale < 0 || t->scale > QY_DECIMAL_MAX_SCALE))
            return qy_error_set(r->err, QY_EINVAL, "%s: column '%s': decimal scale %d is not in 0..%d",
                                r->name, t->column, t->scale, QY_DECIMAL_MAX_SCALE);
    }
    return QY_OK;
}

/* ---- phase 2: types and values ---- */

static void trim_spaces(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) (*len)--;
}

static bool text_is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(s, word, len) == 0;
}

static int parse_bool(const char *s, size_t len, uint8_t *out)
{
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

/* Marks fields equal to one of opts->nulls as null too. */
static void mark_nulls(raw_column *c, const qy_csv_options *opts)
{
    if (opts->nnulls == 0) return;
    for (int64_t i = 0; i < c->n; i++) {
        if (c->is_null[i]) continue;
        size_t len;
        const char *s = raw_field(c, i, &len);
        for (int k = 0; k < opts->nnulls; k++) {
            if (text_is(s, len, opts->nulls[k])) {
                c->is_null[i] = 1;
                break;
            }
        }
    }
}

enum { CAN_BOOL = 1, CAN_DATE = 2, CAN_INT = 4, CAN_DECIMAL = 8, CAN_FLOAT = 16 };

/* Which of the non-string types every non-null value of c parses as. */
static unsigned possible_types(const raw_column *c, int *max_scale)
{
    unsigned can = CAN_BOOL | CAN_DATE | CAN_INT | CAN_DECIMAL | CAN_FLOAT;
    int64_t values = 0;
    *max_scale = 0;
    for (int64_t i = 0; i < c->n && can; i++) {
        if (c->is_null[i]) continue;
        values++;
        size_t len;
        const char *s = raw_field(c, i, &len);
        trim_spaces(&s, &len);
        uint8_t b;
        int32_t d;
        int64_t v;
        int scale;
        if ((can & CAN_BOOL) && parse_bool(s, len, &b) != QY_OK) can &= ~(unsigned)CAN_BOOL;
        if ((can & CAN_DATE) && qy_date_parse(s, len, &d) != QY_OK) can &= ~(unsigned)CAN_DATE;
        if ((can & CAN_INT) && qy_int64_parse(s, len, &v) == QY_OK) continue;
        can &= ~(unsigned)CAN_INT;
        if ((can & CAN_DECIMAL) && qy_decimal_parse(s, len, &v, &scale) == QY_OK &&
            scale <= QY_DECIMAL_MAX_SCALE) {
            if (scale > *max_scale) *max_scale = scale;
            continue;   /* a decimal is a float too */
        }
        can &= ~(unsigned)CAN_DECIMAL;
        double x;
        if ((can & CAN_FLOAT) && qy_float_parse(s, len, &x) != QY_OK) can &= ~(unsigned)CAN_FLOAT;
    }
    return values == 0 ? 0 : can;
}

static qy_type infer_type(const raw_column *c, int *scale)
{
    unsigned can = possible_types(c, scale);
    if (can & CAN_BOOL) return QY_BOOL;
    if (can & CAN_DATE) return QY_DATE;
    if (can & CAN_INT) return QY_INT64;
    if (can & CAN_DECIMAL) return QY_DECIMAL;
    if (can & CAN_FLOAT) return QY_FLOAT64;
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
        return qy_float_parse(s, len, &col->v.f64[i]);
    case QY_DECIMAL: {
        int64_t v;
        int scale;
        QY_RETURN_NOT_OK(qy_decimal_parse(s, len, &v, &scale));
        if (scale > col->scale) return QY_ERANGE;
        return qy_decimal_rescale(v, scale, col->scale, &col->v.i64[i]);
    }
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

/* Why row i's value does not fit col, as "x.csv:17: column 'amount': ...". */
static int value_error(const reader *r, const char *colname, const qy_column *col, int64_t i,
                       const char *s, size_t len, int rc)
{
    size_t shown = len;
    if (shown > SHOWN_VALUE_BYTES) {
        shown = SHOWN_VALUE_BYTES;
        while (shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80) shown--;
    }
    const char *more = shown < len ? "..." : "";
    char type[16];
    qy_type_name(col->type, col->scale, type);
    long long line = (long long)r->line_of[i];
    if (rc == QY_ERANGE)
        return qy_error_set(r->err, QY_EPARSE,
                            "%s:%lld: column '%s': '%.*s%s' has more than %d digits after the point",
                            r->name, line, colname, (int)shown, s, more, col->scale);
    if (rc == QY_EOVERFLOW)
        return qy_error_set(r->err, QY_EPARSE, "%s:%lld: column '%s': '%.*s%s' is out of range for %s",
                            r->name, line, colname, (int)shown, s, more, type);
    return qy_error_set(r->err, QY_EPARSE, "%s:%lld: column '%s': '%.*s%s' is not %s", r->name,
                        line, colname, (int)shown, s, more, type_noun(col->type));
}

static int fill_strings(const reader *r, const raw_column *raw, const char *colname, qy_column *col)
{
    for (int64_t i = 0; i < raw->n; i++) {
        if (raw->is_null[i]) continue;
        size_t len;
        const char *s = raw_field(raw, i, &len);
        int rc = qy_dict_intern(col->dict, s, len, &col->v.code[i]);
        if (rc == QY_ERANGE)
            return qy_error_set(r->err, rc, "%s: column '%s' has too many distinct strings",
                                r->name, colname);
        if (rc != QY_OK) return qy_error_set(r->err, rc, "%s: not enough memory", r->name);
    }
    return QY_OK;
}

/* Converts every value of raw into col. An inferred decimal that overflows
 * when rescaled returns QY_EOVERFLOW without a message (the caller falls
 * back to float64); any value a forced type cannot hold is an error. */
static int fill_column(const reader *r, const raw_column *raw, const char *colname,
                       qy_column *col, bool forced)
{
    for (int64_t i = 0; i < raw->n; i++) {
        if (raw->is_null[i] && qy_column_set_null(col, i, r->err) != QY_OK)
            return with_name(r->err, QY_ENOMEM, r->name);
    }
    if (col->type == QY_STRING) return fill_strings(r, raw, colname, col);
    for (int64_t i = 0; i < raw->n; i++) {
        if (raw->is_null[i]) continue;
        size_t len;
        const char *s = raw_field(raw, i, &len);
        const char *t = s;
        size_t tlen = len;
        trim_spaces(&t, &tlen);
        int rc = parse_value(col, i, t, tlen, forced);
        if (rc == QY_OK) continue;
        if (!forced && rc == QY_EOVERFLOW && col->type == QY_DECIMAL) return rc;
        return value_error(r, colname, col, i, s, len, rc);
    }
    return QY_OK;
}

static int new_column(const reader *r, qy_type type, int scale, qy_column **out)
{
    qy_dict *dict = NULL;
    if (type == QY_STRING && !(dict = qy_dict_new()))
        return qy_error_set(r->err, QY_ENOMEM, "%s: not enough memory", r->name);
    int rc = qy_column_new(type, scale, dict, r->nrows, out, r->err);
    qy_dict_release(dict);
    return rc == QY_OK ? rc : with_name(r->err, rc, r->name);
}

/* Builds column j, typed by its override or by inference. */
static int build_column(const reader *r, int j, const char *colname, qy_column **out)
{
    raw_column *raw = &r->cols[j];
    mark_nulls(raw, r->opts);
    const qy_csv_type *override = find_override(r->opts, colname);
    int scale = 0;
    qy_type type = override ? override->type : infer_type(raw, &scale);
    if (override) scale = override->scale;
    qy_column *col;
    QY_RETURN_NOT_OK(new_column(r, type, scale, &col));
    int rc = fill_column(r, raw, colname, col, override != NULL);
    if (rc == QY_EOVERFLOW) {   /* an inferred decimal too wide at the common scale */
        qy_column_release(col);
        QY_RETURN_NOT_OK(new_column(r, QY_FLOAT64, 0, &col));
        rc = fill_column(r, raw, colname, col, false);
    }
    if (rc != QY_OK) {
        qy_column_release(col);
        return rc;
    }
    /* Zone maps while the values are hot, so the first top-k is fast; one
     * that runs out of memory is simply built later, when first needed. */
    if (qy_zonemap_supported(col)) (void)qy_column_zonemap(col);
    *out = col;
    return QY_OK;
}

/* Phase 2: names, types and values into a new table. */
static int build_table(const reader *r, qy_table **out)
{
    char **names = NULL;
    qy_table *t = NULL;
    int rc = QY_OK;
    if (r->ncols > 0) rc = column_names(r, &names);
    if (rc == QY_OK) rc = check_overrides(r, names);
    if (rc == QY_OK && qy_table_new(r->nrows, &t, r->err) != QY_OK)
        rc = with_name(r->err, QY_ENOMEM, r->name);
    for (int j = 0; j < r->ncols && rc == QY_OK; j++) {
        qy_column *col;
        rc = build_column(r, j, names[j], &col);
        if (rc != QY_OK) break;
        int added = qy_table_add_column(t, names[j], col, r->err);
        if (added != QY_OK) rc = with_name(r->err, added, r->name);
        qy_column_release(col);
    }
    free_names(names, r->ncols);
    if (rc != QY_OK) {
        qy_table_release(t);
        return rc;
    }
    *out = t;
    return QY_OK;
}

static void reader_free(reader *r)
{
    raw_free(&r->first);
    for (int j = 0; j < r->ncols; j++) raw_free(&r->cols[j]);
    qy_free(r->cols);
    qy_free(r->line_of);
}

void qy_csv_options_init(qy_csv_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->delim = ',';
    opts->header = true;
    opts->encoding = QY_ENC_AUTO;
    opts->on_ragged = QY_RAGGED_ERROR;
}

int qy_csv_read_buffer(const char *name, const char *data, size_t len,
                       const qy_csv_options *opts, qy_table **out,
                       qy_csv_report *report, qy_error *err)
{
    qy_csv_options defaults;
    if (!opts) {
        qy_csv_options_init(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    if (opts->delim == '"' || opts->delim == '\r' || opts->delim == '\n')
        return qy_error_set(err, QY_EINVAL, "%s: the delimiter cannot be a quote or a line end",
                            name);
    const char *text;
    size_t text_len;
    int owned;
    qy_encoding used;
    QY_RETURN_NOT_OK(qy_text_to_utf8(name, data, len, opts->encoding, &text, &text_len, &owned,
                                     &used, err));
    reader r = {.name = name, .opts = opts, .err = err};
    int rc = split_fields(&r, text, text_len, opts->chunk_size ? opts->chunk_size : DEFAULT_CHUNK_SIZE);
    if (owned) qy_free((char *)text);
    if (rc == QY_OK) rc = build_table(&r, out);
    if (rc == QY_OK && report) {
        report->rows_skipped = r.skipped;
        report->rows_padded = r.padded;
        report->encoding = used;
    }
    reader_free(&r);
    return rc;
}

int qy_csv_read_file(const char *path, const qy_csv_options *opts,
                     qy_table **out, qy_csv_report *report, qy_error *err)
{
    char *data;
    size_t len;
    QY_RETURN_NOT_OK(qy_file_read_all(path, &data, &len, err));
    int rc = qy_csv_read_buffer(path, data, len, opts, out, report, err);
    qy_free(data);
    return rc;
}
