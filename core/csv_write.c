/* csv_write.c — a table as CSV text in the forms the reader infers back to
 * the same column types, with text a spreadsheet would run as a formula
 * guarded when asked. */
#include "csv_write.h"

#include <stdbool.h>
#include <string.h>

#include "file.h"

static bool is_blank(char ch) { return ch == ' ' || ch == '\t'; }

/* Quoting keeps a field's bytes exactly: an empty string apart from null,
 * the delimiter, quotes and line breaks from the syntax, and blanks at the
 * ends from parsers that trim them. Any delimiter the reader may sniff
 * (, ; tab |) is quoted too, so it can never pick another than delim. */
static bool field_needs_quotes(const char *s, size_t len, char delim)
{
    if (len == 0 || is_blank(s[0]) || is_blank(s[len - 1])) return true;
    for (size_t i = 0; i < len; i++)
        if (s[i] == delim || s[i] == '"' || s[i] == '\r' || s[i] == '\n' || s[i] == ','
            || s[i] == ';' || s[i] == '\t' || s[i] == '|')
            return true;
    return false;
}

/* Text a spreadsheet opening the file would take for a formula: OWASP's
 * list (=, +, -, @, tab, CR), NUL as OWASP ASVS 1.2.10 adds, and LF like CR. */
static bool starts_formula(const char *s, size_t len)
{
    if (len == 0) return false;
    switch (s[0]) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': case '\n': case '\0':
        return true;
    default:
        return false;
    }
}

/* Appends s[0..len) as one CSV field, quoted when needed, quotes doubled;
 * with guard, text that starts a formula gets a ' before it, inside the
 * quotes. */
static int append_field(qy_strbuf *out, const char *s, size_t len, char delim, bool guard)
{
    bool guarded = guard && starts_formula(s, len);
    bool quoted = field_needs_quotes(s, len, delim);
    if (quoted) QY_RETURN_NOT_OK(qy_strbuf_append(out, "\"", 1));
    if (guarded) QY_RETURN_NOT_OK(qy_strbuf_append(out, "'", 1));
    if (!quoted) return qy_strbuf_append(out, s, len);
    size_t run = 0;   /* start of the bytes not yet appended */
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '"') continue;
        QY_RETURN_NOT_OK(qy_strbuf_append(out, s + run, i + 1 - run));
        QY_RETURN_NOT_OK(qy_strbuf_append(out, "\"", 1));
        run = i + 1;
    }
    QY_RETURN_NOT_OK(qy_strbuf_append(out, s + run, len - run));
    return qy_strbuf_append(out, "\"", 1);
}

/* Text the reader would take for an int64 or a decimal: signs, digits and a
 * point only (no exponent, no "inf" or "nan"). */
static bool reads_as_exact_number(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!(s[i] == '-' || s[i] == '+' || s[i] == '.' || (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

static int append_value(qy_strbuf *out, const qy_column *c, int64_t i,
                        const qy_csv_write_options *o)
{
    if (qy_column_is_null(c, i)) return QY_OK;
    if (c->type == QY_STRING) {
        size_t len;
        const char *s = qy_dict_get(c->dict, c->v.code[i], &len);
        return append_field(out, s, len, o->delim, o->guard_formulas);
    }
    char buf[64];
    const char *text;
    size_t len = qy_column_format(c, i, buf, sizeof buf, &text);
    QY_RETURN_NOT_OK(qy_strbuf_append(out, text, len));
    if (c->type == QY_FLOAT64 && reads_as_exact_number(text, len))
        return qy_strbuf_append(out, "e0", 2);   /* "2.5e0" stays float64 */
    return QY_OK;
}

static int append_header(qy_strbuf *out, const qy_table *t, const qy_csv_write_options *o)
{
    for (int j = 0; j < t->ncols; j++) {
        if (j) QY_RETURN_NOT_OK(qy_strbuf_append(out, &o->delim, 1));
        QY_RETURN_NOT_OK(append_field(out, t->names[j], strlen(t->names[j]), o->delim,
                                      o->guard_formulas));
    }
    return qy_strbuf_append(out, "\n", 1);
}

static int append_rows(qy_strbuf *out, const qy_table *t, const qy_csv_write_options *o)
{
    for (int64_t i = 0; i < t->nrows; i++) {
        for (int j = 0; j < t->ncols; j++) {
            if (j) QY_RETURN_NOT_OK(qy_strbuf_append(out, &o->delim, 1));
            QY_RETURN_NOT_OK(append_value(out, t->cols[j], i, o));
        }
        QY_RETURN_NOT_OK(qy_strbuf_append(out, "\n", 1));
    }
    return QY_OK;
}

/* A delimiter must be one ASCII byte that is not part of the field syntax. */
static bool delim_is_valid(char delim)
{
    unsigned char d = (unsigned char)delim;
    return d != 0 && d < 0x80 && d != '"' && d != '\r' && d != '\n';
}

void qy_csv_write_options_init(qy_csv_write_options *opts)
{
    opts->delim = ',';
    opts->guard_formulas = false;
}

int qy_csv_format(const qy_table *t, const qy_csv_write_options *opts, qy_strbuf *out,
                  qy_error *err)
{
    qy_csv_write_options defaults;
    if (!opts) {
        qy_csv_write_options_init(&defaults);
        opts = &defaults;
    }
    if (!delim_is_valid(opts->delim))
        return qy_error_set(err, QY_EINVAL, "invalid CSV delimiter (byte %d)",
                            (int)(unsigned char)opts->delim);
    if (t->ncols == 0) return QY_OK;   /* no header to write, rows have no fields */
    size_t start = out->len;
    int rc = append_header(out, t, opts);
    if (rc == QY_OK) rc = append_rows(out, t, opts);
    if (rc != QY_OK) {
        out->len = start;   /* no half table */
        if (out->data) out->data[start] = '\0';
        return qy_error_default(err, rc);
    }
    return QY_OK;
}

int qy_csv_write_file(const qy_table *t, const char *path, const qy_csv_write_options *opts,
                      qy_error *err)
{
    qy_strbuf text = QY_STRBUF_INIT;
    int rc = qy_csv_format(t, opts, &text, err);
    if (rc == QY_OK) rc = qy_file_write_atomic(path, text.data ? text.data : "", text.len, err);
    qy_strbuf_free(&text);
    return rc;
}
