/* melt.c — wide to long; see melt.h. The value column is written directly,
 * row by row of the result; string values are re-coded into one dict
 * merged from the value columns' dicts, one entry per distinct string. */
#include "melt.h"

#include <string.h>

#include "alloc.h"
#include "cast.h"
#include "dict.h"

static bool is_exact_number(qy_type type) { return type == QY_INT64 || type == QY_DECIMAL; }

/* The type the value columns meet at, in *type and *scale. */
static int common_type(const qy_table *t, const qy_melt_spec *spec, qy_type *type, int *scale,
                       qy_error *err)
{
    const qy_column *first = t->cols[spec->values[0]];
    *type = first->type;
    *scale = first->scale;
    for (int k = 1; k < spec->nvalues; k++) {
        const qy_column *c = t->cols[spec->values[k]];
        if (is_exact_number(c->type) && is_exact_number(*type)) {
            if (c->type == QY_DECIMAL) *type = QY_DECIMAL;
            if (c->scale > *scale) *scale = c->scale;
        } else if (c->type != *type) {
            char a[16], b[16];
            return qy_error_set(err, QY_ETYPE,
                                "value columns '%s' (%s) and '%s' (%s) have different types",
                                t->names[spec->values[0]], qy_type_name(first->type, first->scale, a),
                                t->names[spec->values[k]], qy_type_name(c->type, c->scale, b));
        }
    }
    return QY_OK;
}

/* Value columns given twice or also as ids, and column numbers out of range:
 * one mark per column of t (1 id, 2 value), so wide tables stay linear. */
static int check_columns(const qy_table *t, const qy_melt_spec *spec, qy_error *err)
{
    if (spec->nvalues < 1) return qy_error_set(err, QY_EINVAL, "no value columns to melt");
    unsigned char *mark = qy_calloc((size_t)(t->ncols ? t->ncols : 1), 1);
    if (!mark) return qy_error_set(err, QY_ENOMEM, "not enough memory to melt");
    int rc = QY_OK, n = spec->nids + spec->nvalues;
    for (int k = 0; k < n && rc == QY_OK; k++) {
        bool value = k >= spec->nids;
        int j = value ? spec->values[k - spec->nids] : spec->ids[k];
        if (j < 0 || j >= t->ncols)
            rc = qy_error_set(err, QY_ERANGE, "column %d out of range", j + 1);
        else if (mark[j])
            rc = qy_error_set(err, QY_EINVAL, mark[j] == 1 && value ? "column '%s' is both an id and "
                              "a value" : "column '%s' is given twice", t->names[j]);
        else
            mark[j] = value ? 2 : 1;
    }
    qy_free(mark);
    return rc;
}

/* The value column k of spec at the common type (a new reference). */
static int value_at_type(const qy_table *t, const qy_melt_spec *spec, int k, qy_type type,
                         int scale, qy_column **out, qy_error *err)
{
    qy_column *c = t->cols[spec->values[k]];
    if (c->type == type && c->scale == scale) {
        *out = qy_column_retain(c);
        return QY_OK;
    }
    qy_error why = {0};
    int rc = qy_column_cast(c, type, scale, out, &why);
    return rc == QY_OK ? rc : qy_error_set(err, rc, "column '%s': %s", t->names[spec->values[k]], why.msg);
}

/* recode[k][code]: the code in dict of value column k's string code. */
static int merge_dicts(qy_column *const *values, int nvalues, qy_dict *dict, uint32_t **recode)
{
    for (int k = 0; k < nvalues; k++) {
        uint32_t size = qy_dict_size(values[k]->dict);
        recode[k] = qy_malloc((size_t)(size ? size : 1) * sizeof **recode);
        if (!recode[k]) return QY_ENOMEM;
        QY_RETURN_NOT_OK(qy_dict_merge(dict, values[k]->dict, recode[k]));
    }
    return QY_OK;
}

/* Writes row i of c (recode: its strings' codes in out's dict) as row r of out. */
static int copy_value(qy_column *out, int64_t r, const qy_column *c, int64_t i,
                      const uint32_t *recode, qy_error *err)
{
    if (qy_column_is_null(c, i)) return qy_column_set_null(out, r, err);
    switch (c->type) {
    case QY_STRING: out->v.code[r] = recode[c->v.code[i]]; break;
    case QY_DATE: out->v.date[r] = c->v.date[i]; break;
    case QY_BOOL: out->v.b[r] = c->v.b[i]; break;
    case QY_FLOAT64: out->v.f64[r] = c->v.f64[i]; break;
    default: out->v.i64[r] = c->v.i64[i]; break;
    }
    return QY_OK;
}

/* The interleaved value column of the value columns at the common type. */
static int melt_values(qy_column *const *values, int nvalues, int64_t nrows, qy_column **out,
                       qy_error *err)
{
    qy_type type = values[0]->type;
    qy_dict *dict = type == QY_STRING ? qy_dict_new() : NULL;
    uint32_t **recode = qy_calloc((size_t)nvalues, sizeof *recode);
    int rc = recode && (dict || type != QY_STRING) ? QY_OK : QY_ENOMEM;
    if (rc == QY_OK && dict) rc = merge_dicts(values, nvalues, dict, recode);
    qy_column *c = NULL;
    if (rc == QY_OK) rc = qy_column_new(type, values[0]->scale, dict, nrows * nvalues, &c, err);
    for (int64_t i = 0, r = 0; i < nrows && rc == QY_OK; i++)
        for (int k = 0; k < nvalues && rc == QY_OK; k++, r++)
            rc = copy_value(c, r, values[k], i, recode[k], err);
    for (int k = 0; recode && k < nvalues; k++) qy_free(recode[k]);
    qy_free(recode);
    qy_dict_release(dict);
    if (rc != QY_OK) {
        qy_column_release(c);
        return rc == QY_ENOMEM ? qy_error_set(err, rc, "not enough memory to melt")
                               : qy_error_default(err, rc);
    }
    *out = c;
    return QY_OK;
}

/* The column naming each result row's value column: code k for column k. */
static int melt_names(const qy_table *t, const qy_melt_spec *spec, qy_column **out, qy_error *err)
{
    qy_dict *dict = qy_dict_new();
    if (!dict) return qy_error_set(err, QY_ENOMEM, "not enough memory to melt");
    int rc = QY_OK;
    for (int k = 0; k < spec->nvalues && rc == QY_OK; k++) {
        const char *name = t->names[spec->values[k]];
        uint32_t code;
        rc = qy_dict_intern(dict, name, strlen(name), &code);
    }
    if (rc == QY_OK) rc = qy_column_new_uninit(QY_STRING, 0, dict, t->nrows * spec->nvalues, out, err);
    qy_dict_release(dict);
    if (rc != QY_OK) return qy_error_set(err, rc, "not enough memory to melt");
    for (int64_t r = 0; r < (*out)->length; r++) (*out)->v.code[r] = (uint32_t)(r % spec->nvalues);
    return QY_OK;
}

/* The id columns, each input row repeated once per value column. */
static int melt_ids(const qy_table *t, const qy_melt_spec *spec, qy_table **out, qy_error *err)
{
    int64_t n = t->nrows * spec->nvalues;
    int64_t *idx = qy_malloc((size_t)(n ? n : 1) * sizeof *idx);
    if (!idx) return qy_error_set(err, QY_ENOMEM, "not enough memory to melt");
    for (int64_t r = 0; r < n; r++) idx[r] = r / spec->nvalues;
    qy_table *ids = NULL;
    int rc = qy_table_select(t, spec->ids, spec->nids, &ids, err);
    if (rc == QY_OK) rc = qy_table_take(ids, idx, n, out, err);
    qy_table_release(ids);
    qy_free(idx);
    return rc;
}

/* The columns of the result, once ids, names and values are built. */
static int assemble(qy_table *ids, const qy_melt_spec *spec, qy_column *names, qy_column *values,
                    qy_table **out, qy_error *err)
{
    int rc = qy_table_add_column(ids, spec->name, names, err);
    if (rc == QY_OK) rc = qy_table_add_column(ids, spec->value, values, err);
    if (rc != QY_OK) return rc;
    *out = qy_table_retain(ids);
    return QY_OK;
}

int qy_table_melt(const qy_table *t, const qy_melt_spec *spec, qy_table **out, qy_error *err)
{
    QY_RETURN_NOT_OK(check_columns(t, spec, err));
    int64_t total;
    if (__builtin_mul_overflow(t->nrows, (int64_t)spec->nvalues, &total) || total > INT64_MAX / 8)
        return qy_error_set(err, QY_ERANGE, "melting %lld rows by %d columns is too many rows",
                            (long long)t->nrows, spec->nvalues);
    qy_type type;
    int scale;
    QY_RETURN_NOT_OK(common_type(t, spec, &type, &scale, err));
    qy_column **values = qy_calloc((size_t)spec->nvalues, sizeof *values);
    if (!values) return qy_error_set(err, QY_ENOMEM, "not enough memory to melt");
    int rc = QY_OK;
    for (int k = 0; k < spec->nvalues && rc == QY_OK; k++)
        rc = value_at_type(t, spec, k, type, scale, &values[k], err);
    qy_column *value = NULL, *names = NULL;
    qy_table *ids = NULL;
    if (rc == QY_OK) rc = melt_values(values, spec->nvalues, t->nrows, &value, err);
    if (rc == QY_OK) rc = melt_names(t, spec, &names, err);
    if (rc == QY_OK) rc = melt_ids(t, spec, &ids, err);
    if (rc == QY_OK) rc = assemble(ids, spec, names, value, out, err);
    for (int k = 0; k < spec->nvalues; k++) qy_column_release(values[k]);
    qy_free(values);
    qy_column_release(value);
    qy_column_release(names);
    qy_table_release(ids);
    return rc;
}
