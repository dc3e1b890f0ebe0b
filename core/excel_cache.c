/* excel_cache.c — a worksheet's cache identity and loader; see excel_cache.h. */
#include "excel_cache.h"

#include <string.h>

#include "cache.h"
#include "csv_cache.h"
#include "excel_report.h"
#include "strbuf.h"

static int append_text(qy_strbuf *out, const char *tag, const char *text)
{
    return qy_strbuf_printf(out, "%s %zu:%s\n", tag, strlen(text), text);
}

static int append_footer(qy_strbuf *out, const qy_excel_options *o)
{
    switch (o->footer) {
    case QY_FOOTER_DEFAULT: return qy_strbuf_puts(out, "footer default\n");
    case QY_FOOTER_NONE: return qy_strbuf_puts(out, "footer none\n");
    default: return append_text(out, "footer callback", o->footer_key);
    }
}

/* The options that shape the table; their typing as the CSV reader's. */
static int excel_identity(const qy_excel_options *o, qy_strbuf *out)
{
    int rc = qy_strbuf_printf(out, "csv_reader %d\n", QY_CSV_READER_VERSION);
    if (rc == QY_OK)
        rc = o->sheet_name ? append_text(out, "sheet name", o->sheet_name)
                           : qy_strbuf_printf(out, "sheet index %d\n", o->sheet_index);
    if (rc == QY_OK)
        rc = o->has_range ? qy_strbuf_printf(out, "range %u %u %u %u\n", o->range.first_row,
                                             (unsigned)o->range.first_col, o->range.last_row,
                                             (unsigned)o->range.last_col)
                          : qy_strbuf_puts(out, "range used\n");
    if (rc == QY_OK)
        rc = qy_strbuf_printf(out, "skip %lld\nheader_rows %d\n", (long long)o->skip,
                              o->header_rows);
    if (rc == QY_OK) rc = append_footer(out, o);
    if (rc == QY_OK)
        rc = qy_strbuf_printf(out, "fill_merged %d\ndrop_hidden %d\n", o->fill_merged,
                              o->drop_hidden);
    if (rc == QY_OK) rc = qy_csv_typing_identity(&o->csv, out);
    return rc;
}

static int load_excel(const void *ctx, const char *path, qy_table **out, void *report,
                      qy_error *err)
{
    return qy_excel_read_file(path, ctx, out, report, err);
}

static int format_excel_report(const void *report, qy_strbuf *out)
{
    return qy_excel_report_format(report, out);
}

static int parse_excel_report(const char *text, size_t len, void *report)
{
    return qy_excel_report_parse(text, len, report);
}

static qy_cache_loader excel_loader(const qy_excel_options *o)
{
    return (qy_cache_loader){.kind = "excel", .version = QY_EXCEL_READER_VERSION,
                             .load = load_excel, .format_report = format_excel_report,
                             .parse_report = parse_excel_report, .ctx = o};
}

static bool has_key(const qy_excel_options *o)
{
    return o->footer != QY_FOOTER_CALLBACK || o->footer_key;
}

/* The identity of opts (NULL: the defaults) into *identity, and the options
 * to read with into *o. */
static int prepare(const char *path, const qy_excel_options *opts, qy_excel_options *o,
                   qy_strbuf *identity, qy_error *err)
{
    if (opts) *o = *opts;
    else qy_excel_options_init(o);
    if (excel_identity(o, identity) == QY_OK) return QY_OK;
    qy_strbuf_free(identity);
    return qy_error_set(err, QY_ENOMEM, "not enough memory to cache %s", path);
}

int qy_excel_cache_path(const char *path, const qy_excel_options *opts, char **out,
                        qy_error *err)
{
    if (opts && !has_key(opts))
        return qy_error_set(err, QY_EINVAL, "%s: the footer test has no key: no cache entry",
                            path);
    qy_excel_options o;
    qy_strbuf identity = QY_STRBUF_INIT;
    QY_RETURN_NOT_OK(prepare(path, opts, &o, &identity, err));
    qy_cache_loader l = excel_loader(&o);
    int rc = qy_cache_path(path, &l, identity.data, out, err);
    qy_strbuf_free(&identity);
    return rc;
}

int qy_excel_cached_read(const char *path, const qy_excel_options *opts, qy_table **out,
                         qy_excel_report *report, bool *from_cache, qy_error *warning,
                         qy_error *err)
{
    qy_excel_report local;
    if (!report) report = &local;
    if (warning) *warning = (qy_error){0};
    *from_cache = false;
    if (opts && !has_key(opts)) {   /* a rule the key cannot name: read as it is */
        qy_error_set(warning, QY_EINVAL, "%s: the footer test has no key: not cached", path);
        return qy_excel_read_file(path, opts, out, report, err);
    }
    qy_excel_options o;
    qy_strbuf identity = QY_STRBUF_INIT;
    QY_RETURN_NOT_OK(prepare(path, opts, &o, &identity, err));
    qy_cache_loader l = excel_loader(&o);
    int rc = qy_cache_read(path, &l, identity.data, out, report, from_cache, warning, err);
    qy_strbuf_free(&identity);
    return rc;
}
