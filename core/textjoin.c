/* textjoin.c — joining values into text; see textjoin.h. */
#include "textjoin.h"

#include <string.h>

#include "alloc.h"
#include "dict.h"
#include "strbuf.h"

static bool part_null(const qy_operand *o, int64_t i)
{
    return o->col ? qy_column_is_null(o->col, i) : o->scalar.null;
}

static int check_parts(const qy_operand *parts, int n, int64_t length, int *columns, qy_error *err)
{
    *columns = 0;
    for (int k = 0; k < n; k++) {
        const qy_operand *o = &parts[k];
        if (o->col && o->col->length != length)
            return qy_error_set(err, QY_EINVAL, "value %d has %lld rows, not %lld", k + 1,
                                (long long)o->col->length, (long long)length);
        if (!o->col && !o->scalar.null && o->scalar.type != QY_STRING) {
            char name[16];
            return qy_error_set(err, QY_ETYPE, "value %d: a string expected, not %s", k + 1,
                                qy_type_name(o->scalar.type, o->scalar.scale, name));
        }
        *columns += o->col != NULL;
    }
    return QY_OK;
}

/* Writes row i's joined text into b; *null when the row is null. */
static int join_row(const qy_operand *parts, int n, const char *sep, size_t sep_len,
                    bool skip_nulls, int64_t i, qy_strbuf *b, bool *null)
{
    bool any = false;
    b->len = 0;
    for (int k = 0; k < n; k++) {
        const qy_operand *o = &parts[k];
        if (part_null(o, i)) {
            if (!skip_nulls) {
                *null = true;
                return QY_OK;
            }
            continue;
        }
        if (any) QY_RETURN_NOT_OK(qy_strbuf_append(b, sep, sep_len));
        any = true;
        char buf[64];
        const char *text = o->scalar.v.str.ptr;
        size_t len = o->col ? qy_column_format(o->col, i, buf, sizeof buf, &text) : o->scalar.v.str.len;
        QY_RETURN_NOT_OK(qy_strbuf_append(b, text, len));
    }
    *null = !any;
    return qy_strbuf_reserve(b, 0);                   /* data is never NULL, even when empty */
}

/* The code of row i in r: the joined text interned, or null. per_code
 * (string column only) remembers each code's result, UINT32_MAX until
 * known; null rows of that column never reach it. */
static int join_into(const qy_operand *parts, int n, const char *sep, size_t sep_len,
                     bool skip_nulls, const qy_column *only, uint32_t *per_code, int64_t i,
                     qy_column *r, qy_strbuf *b, qy_error *err)
{
    uint32_t *known = per_code && !qy_column_is_null(only, i) ? &per_code[only->v.code[i]] : NULL;
    if (known && *known != UINT32_MAX) {
        r->v.code[i] = *known;
        return QY_OK;
    }
    bool null;
    if (join_row(parts, n, sep, sep_len, skip_nulls, i, b, &null) != QY_OK)
        return qy_error_set(err, QY_ENOMEM, "not enough memory for the text");
    if (null) return qy_column_set_null(r, i, err);
    if (qy_dict_intern(r->dict, b->data, b->len, &r->v.code[i]) != QY_OK)
        return qy_error_set(err, QY_ENOMEM, "not enough memory for the strings");
    if (known) *known = r->v.code[i];
    return QY_OK;
}

/* The one column among parts, when there is exactly one. */
static const qy_column *only_column(const qy_operand *parts, int n, int columns)
{
    for (int k = 0; columns == 1 && k < n; k++)
        if (parts[k].col) return parts[k].col;
    return NULL;
}

int qy_text_join(const qy_operand *parts, int n, const char *sep, size_t sep_len, bool skip_nulls,
                 int64_t length, qy_column **out, qy_error *err)
{
    int columns;
    QY_RETURN_NOT_OK(check_parts(parts, n, length, &columns, err));
    const qy_column *only = only_column(parts, n, columns);
    if (only && only->type != QY_STRING) only = NULL;
    uint32_t codes = only ? qy_dict_size(only->dict) : 0;
    uint32_t *per_code = codes ? qy_malloc(codes * sizeof *per_code) : NULL;
    qy_dict *dict = qy_dict_new();
    qy_column *r = NULL;
    int rc = dict && (per_code || !codes) ? QY_OK : qy_error_set(err, QY_ENOMEM, "not enough memory");
    if (rc == QY_OK) rc = qy_column_new_uninit(QY_STRING, 0, dict, length, &r, err);
    if (per_code) memset(per_code, 0xff, codes * sizeof *per_code);
    qy_strbuf b = QY_STRBUF_INIT;
    for (int64_t i = 0; i < length && rc == QY_OK; i++)
        rc = join_into(parts, n, sep, sep_len, skip_nulls, only, per_code, i, r, &b, err);
    qy_strbuf_free(&b);
    qy_free(per_code);
    qy_dict_release(dict);
    if (rc != QY_OK) {
        qy_column_release(r);
        return rc;
    }
    *out = r;
    return QY_OK;
}
