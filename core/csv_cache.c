/* csv_cache.c — the CSV's cache identity and loader; see csv_cache.h. */
#include "csv_cache.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cache.h"

static int compare_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends n lines, sorted, so the order options came in never matters. */
static int append_sorted(qy_strbuf *b, char **lines, int n)
{
    qsort(lines, (size_t)n, sizeof *lines, compare_lines);
    int rc = QY_OK;
    for (int i = 0; i < n && rc == QY_OK; i++) rc = qy_strbuf_puts(b, lines[i]);
    return rc;
}

/* Moves what b built into *line; QY_ENOMEM when building or moving failed. */
static int take_line(qy_strbuf *b, int rc, char **line)
{
    if (rc == QY_OK) *line = qy_strbuf_steal(b, NULL);
    qy_strbuf_free(b);
    return rc == QY_OK && *line ? QY_OK : QY_ENOMEM;
}

/* One line per type override, null string and rename (into lines, which
 * has room for all); every name is length-prefixed, so no name can pass
 * for another. */
static int option_lines(const qy_csv_options *o, char **lines)
{
    int n = 0, rc = QY_OK;
    char type[16];
    for (int i = 0; i < o->ntypes && rc == QY_OK; i++) {
        qy_strbuf b = QY_STRBUF_INIT;
        const qy_csv_type *t = &o->types[i];
        rc = take_line(&b, qy_strbuf_printf(&b, "type %zu:%s %s\n", strlen(t->column), t->column,
                                            qy_type_name(t->type, t->scale, type)), &lines[n++]);
    }
    for (int i = 0; i < o->nnulls && rc == QY_OK; i++) {
        qy_strbuf b = QY_STRBUF_INIT;
        rc = take_line(&b, qy_strbuf_printf(&b, "null %zu:%s\n", strlen(o->nulls[i]), o->nulls[i]),
                       &lines[n++]);
    }
    for (int i = 0; i < o->nrenames && rc == QY_OK; i++) {
        qy_strbuf b = QY_STRBUF_INIT;
        const qy_csv_rename *r = &o->renames[i];
        rc = take_line(&b, qy_strbuf_printf(&b, "rename %zu:%s %zu:%s\n", strlen(r->from), r->from,
                                            strlen(r->to), r->to), &lines[n++]);
    }
    return rc;
}

int qy_csv_typing_identity(const qy_csv_options *o, qy_strbuf *out)
{
    QY_RETURN_NOT_OK(qy_strbuf_printf(out, "on_ragged %d\n", (int)o->on_ragged));
    int total = o->ntypes + o->nnulls + o->nrenames;
    char **lines = qy_calloc((size_t)(total ? total : 1), sizeof *lines);
    if (!lines) return QY_ENOMEM;
    int rc = option_lines(o, lines);
    if (rc == QY_OK) rc = append_sorted(out, lines, total);
    for (int i = 0; i < total; i++) qy_free(lines[i]);
    qy_free(lines);
    return rc;
}

/* The options that shape the table, in the order existing entries hold
 * them (so those entries stay valid). */
static int csv_identity(const qy_csv_options *o, qy_strbuf *out)
{
    QY_RETURN_NOT_OK(qy_strbuf_printf(out, "delim %d\nheader %d\nskip %lld\nencoding %d\n",
                                      o->delim, o->header, (long long)o->skip_lines,
                                      (int)o->encoding));
    return qy_csv_typing_identity(o, out);
}

static int load_csv(const void *ctx, const char *path, qy_table **out, void *report,
                    qy_error *err)
{
    return qy_csv_read_file(path, ctx, out, report, err);
}

static int format_csv_report(const void *report, qy_strbuf *out)
{
    return qy_csv_report_format(report, out);
}

static int parse_csv_report(const char *text, size_t len, void *report)
{
    return qy_csv_report_parse(text, len, report);
}

static qy_cache_loader csv_loader(const qy_csv_options *o)
{
    return (qy_cache_loader){.kind = "csv", .version = QY_CSV_READER_VERSION,
                             .load = load_csv, .format_report = format_csv_report,
                             .parse_report = parse_csv_report, .ctx = o};
}

/* The identity of opts (NULL: the defaults) into *identity, and the options
 * to read with into *o. */
static int prepare(const char *path, const qy_csv_options *opts, qy_csv_options *o,
                   qy_strbuf *identity, qy_error *err)
{
    if (opts) *o = *opts;
    else qy_csv_options_init(o);
    if (csv_identity(o, identity) == QY_OK) return QY_OK;
    qy_strbuf_free(identity);
    return qy_error_set(err, QY_ENOMEM, "not enough memory to cache %s", path);
}

int qy_csv_cache_path(const char *path, const qy_csv_options *opts, char **out, qy_error *err)
{
    qy_csv_options o;
    qy_strbuf identity = QY_STRBUF_INIT;
    QY_RETURN_NOT_OK(prepare(path, opts, &o, &identity, err));
    qy_cache_loader l = csv_loader(&o);
    int rc = qy_cache_path(path, &l, identity.data, out, err);
    qy_strbuf_free(&identity);
    return rc;
}

int qy_csv_cached_read(const char *path, const qy_csv_options *opts, qy_table **out,
                       qy_csv_report *report, bool *from_cache, qy_error *warning,
                       qy_error *err)
{
    qy_csv_report local;
    if (!report) report = &local;
    if (warning) *warning = (qy_error){0};
    *from_cache = false;
    qy_csv_options o;
    qy_strbuf identity = QY_STRBUF_INIT;
    QY_RETURN_NOT_OK(prepare(path, opts, &o, &identity, err));
    qy_cache_loader l = csv_loader(&o);
    int rc = qy_cache_read(path, &l, identity.data, out, report, from_cache, warning, err);
    qy_strbuf_free(&identity);
    return rc;
}
