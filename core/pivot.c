/* pivot.c — a long table to a wide one; see pivot.h.
 *
 * Rows are grouped by the row keys and, apart, by the cols column, whose
 * distinct values are then sorted. Each (row group, column) pair is a cell;
 * the cells are groups of their own, numbered row * ncols + column, so
 * aggregate.c fills them all in one pass. The cells are then dealt out into
 * one column per col value.
 */
#include "pivot.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "number.h"

/* ---- the order of the columns -------------------------------------------- */

typedef struct col_value {
    const qy_column *c;
    int64_t row;           /* a row holding the value */
    int64_t group;         /* its group of the cols column */
} col_value;

static int compare_int64(int64_t a, int64_t b) { return (a > b) - (a < b); }

static int compare_strings(const qy_dict *d, uint32_t a, uint32_t b)
{
    size_t la, lb;
    const char *sa = qy_dict_get(d, a, &la), *sb = qy_dict_get(d, b, &lb);
    int c = memcmp(sa, sb, la < lb ? la : lb);
    return c ? c : compare_int64((int64_t)la, (int64_t)lb);
}

/* Values ascending (strings by bytes, NaN above numbers), null last. */
static int compare_col_values(const void *pa, const void *pb)
{
    const col_value *a = pa, *b = pb;
    const qy_column *c = a->c;
    bool na = qy_column_is_null(c, a->row), nb = qy_column_is_null(c, b->row);
    if (na || nb) return (int)na - (int)nb;
    switch (c->type) {
    case QY_FLOAT64: {
        double x = c->v.f64[a->row], y = c->v.f64[b->row];
        if (x != x || y != y) return (x != x) - (y != y);
        return (x > y) - (x < y);
    }
    case QY_STRING: return compare_strings(c->dict, c->v.code[a->row], c->v.code[b->row]);
    case QY_DATE: return compare_int64(c->v.date[a->row], c->v.date[b->row]);
    case QY_BOOL: return compare_int64(c->v.b[a->row], c->v.b[b->row]);
    default: return compare_int64(c->v.i64[a->row], c->v.i64[b->row]);
    }
}

/* order[j]: the group of the cols column that is output column j;
 * place[group]: its column. Both qy_malloc'd. */
static int order_columns(const qy_column *c, const qy_groups *cols, int64_t **order,
                         int64_t **place)
{
    size_t n = (size_t)cols->ngroups;
    col_value *v = qy_malloc((n ? n : 1) * sizeof *v);
    *order = qy_malloc((n ? n : 1) * sizeof **order);
    *place = qy_malloc((n ? n : 1) * sizeof **place);
    if (!v || !*order || !*place) {
        qy_free(v);
        return QY_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) v[k] = (col_value){c, cols->first_row[k], (int64_t)k};
    qsort(v, n, sizeof *v, compare_col_values);
    for (size_t j = 0; j < n; j++) {
        (*order)[j] = v[j].group;
        (*place)[v[j].group] = (int64_t)j;
    }
    qy_free(v);
    return QY_OK;
}

/* ---- the cells ----------------------------------------------------------- */

/* Cell groups: row group * ncols + the place of the row's col value; a cell
 * without rows keeps first_row -1. */
static int cell_groups(const qy_groups *rows, const qy_groups *cols, const int64_t *place,
                       qy_groups *cells, qy_error *err)
{
    int64_t n = rows->nrows, ncells = rows->ngroups * cols->ngroups;
    memset(cells, 0, sizeof *cells);
    if (ncells > INT32_MAX)
        return qy_error_set(err, QY_ERANGE, "pivot would make %lld cells (more than %d)",
                            (long long)ncells, INT32_MAX);
    cells->nrows = n;
    cells->ngroups = ncells;
    cells->group = qy_malloc((size_t)(n ? n : 1) * sizeof *cells->group);
    cells->first_row = qy_malloc((size_t)(ncells ? ncells : 1) * sizeof *cells->first_row);
    if (!cells->group || !cells->first_row) {
        qy_groups_free(cells);
        return qy_error_set(err, QY_ENOMEM, "not enough memory to pivot %lld rows", (long long)n);
    }
    memset(cells->first_row, 0xff, (size_t)ncells * sizeof *cells->first_row);
    for (int64_t i = 0; i < n; i++) {
        int32_t cell = (int32_t)(rows->group[i] * cols->ngroups + place[cols->group[i]]);
        cells->group[i] = cell;
        if (cells->first_row[cell] < 0) cells->first_row[cell] = i;
    }
    return QY_OK;
}

static int fill_type_error(const qy_scalar *fill, const qy_column *cells, qy_error *err)
{
    char want[16], got[16];
    return qy_error_set(err, QY_ETYPE, "fill must be of the cells' type (%s), not %s",
                        qy_type_name(cells->type, cells->scale, want),
                        qy_type_name(fill->type, fill->scale, got));
}

/* Stores fill (not null) in row 0 of f, a column of the cells' type. */
static int store_fill(const qy_scalar *fill, qy_column *f, qy_error *err)
{
    qy_type want = f->type, got = fill->type;
    int rc = QY_OK;
    if (want == QY_INT64 && got == QY_INT64) f->v.i64[0] = fill->v.i64;
    else if (want == QY_FLOAT64 && got == QY_FLOAT64) f->v.f64[0] = fill->v.f64;
    else if (want == QY_FLOAT64 && got == QY_INT64) f->v.f64[0] = (double)fill->v.i64;
    else if (want == QY_FLOAT64 && got == QY_DECIMAL)
        f->v.f64[0] = qy_decimal_to_double(fill->v.i64, fill->scale);
    else if (want == QY_DECIMAL && (got == QY_INT64 || got == QY_DECIMAL))
        rc = qy_decimal_rescale(fill->v.i64, got == QY_INT64 ? 0 : fill->scale, f->scale,
                                &f->v.i64[0]);
    else if (want == QY_STRING && got == QY_STRING)
        rc = qy_dict_intern(f->dict, fill->v.str.ptr, fill->v.str.len, &f->v.code[0]);
    else if (want == QY_DATE && got == QY_DATE) f->v.date[0] = fill->v.date;
    else if (want == QY_BOOL && got == QY_BOOL) f->v.b[0] = fill->v.b;
    else return fill_type_error(fill, f, err);
    if (rc == QY_ENOMEM) return qy_error_set(err, rc, "not enough memory for the fill value");
    if (rc != QY_OK) {
        char want_name[16];
        return qy_error_set(err, QY_ETYPE, "fill does not fit in the cells' type (%s)",
                            qy_type_name(f->type, f->scale, want_name));
    }
    return QY_OK;
}

/* A one-row column of the cells' type holding fill (NULL: null). A string
 * fill is added to the cells' dict, which the input column shares: dicts
 * only grow, so its codes stay valid. Caller releases. */
static int fill_column(const qy_scalar *fill, const qy_column *cells, qy_column **out,
                       qy_error *err)
{
    qy_column *f;
    QY_RETURN_NOT_OK(qy_column_new(cells->type, cells->scale, cells->dict, 1, &f, err));
    int rc = fill == NULL || fill->null ? qy_column_set_null(f, 0, err) : store_fill(fill, f, err);
    if (rc != QY_OK) {
        qy_column_release(f);
        return rc;
    }
    *out = f;
    return QY_OK;
}

/* Output column j of nrows rows: cell row * ncols + j, or the fill for a
 * cell without rows. Caller releases. */
static int deal_column(const qy_column *cells, const qy_groups *cg, const qy_column *fill,
                       int64_t nrows, int64_t ncols, int64_t j, qy_column **out, qy_error *err)
{
    qy_column *r;
    QY_RETURN_NOT_OK(qy_column_new(cells->type, cells->scale, cells->dict, nrows, &r, err));
    size_t w = qy_type_width(cells->type);
    for (int64_t row = 0; row < nrows; row++) {
        int64_t cell = row * ncols + j;
        const qy_column *src = cg->first_row[cell] < 0 ? fill : cells;
        int64_t i = src == fill ? 0 : cell;
        if (!qy_column_is_null(src, i)) {
            memcpy((char *)r->v.any + (size_t)row * w, (const char *)src->v.any + (size_t)i * w, w);
        } else {
            int rc = qy_column_set_null(r, row, err);
            if (rc != QY_OK) {
                qy_column_release(r);
                return rc;
            }
        }
    }
    *out = r;
    return QY_OK;
}

/* Adds one column per col value to r, named by the value's text. */
static int add_value_columns(qy_table *r, const qy_column *cells, const qy_groups *cg,
                             const qy_column *fill, const qy_column *colc,
                             const qy_groups *cols, const int64_t *order, qy_error *err)
{
    int rc = QY_OK;
    for (int64_t j = 0; j < cols->ngroups && rc == QY_OK; j++) {
        char buf[64];
        const char *text;
        qy_column_format(colc, cols->first_row[order[j]], buf, sizeof buf, &text);
        qy_column *c = NULL;
        rc = deal_column(cells, cg, fill, r->nrows, cols->ngroups, j, &c, err);
        if (rc == QY_OK) rc = qy_table_add_column(r, text ? text : "null", c, err);
        qy_column_release(c);
    }
    return rc;
}

/* ---- the entry point ----------------------------------------------------- */

/* Everything a pivot holds while it works, freed by pivot_free. */
typedef struct pivot_work {
    qy_groups rows, cols, cells;
    int64_t *order, *place;
    qy_column *values, *fill;
    qy_table *out;
} pivot_work;

static void pivot_free(pivot_work *w)
{
    qy_groups_free(&w->rows);
    qy_groups_free(&w->cols);
    qy_groups_free(&w->cells);
    qy_free(w->order);
    qy_free(w->place);
    qy_column_release(w->values);
    qy_column_release(w->fill);
    qy_table_release(w->out);
}

int qy_table_pivot(const qy_table *t, const qy_pivot_spec *spec, qy_table **out, qy_error *err)
{
    if (spec->cols < 0 || spec->cols >= t->ncols)
        return qy_error_set(err, QY_ERANGE, "column %d out of range", spec->cols + 1);
    pivot_work w = {0};
    int rc = qy_groups_build(t, &spec->cols, 1, &w.cols, err);
    if (rc == QY_OK && w.cols.ngroups > spec->max_cols)
        rc = qy_error_set(err, QY_ERANGE, "pivot would make %lld columns (more than %d)",
                          (long long)w.cols.ngroups, spec->max_cols);
    if (rc == QY_OK) rc = qy_groups_build(t, spec->rows, spec->nrows, &w.rows, err);
    if (rc == QY_OK && order_columns(t->cols[spec->cols], &w.cols, &w.order, &w.place) != QY_OK)
        rc = qy_error_set(err, QY_ENOMEM, "not enough memory to pivot");
    if (rc == QY_OK) rc = cell_groups(&w.rows, &w.cols, w.place, &w.cells, err);
    qy_agg agg = {"", spec->agg, spec->values};
    if (rc == QY_OK) rc = qy_aggregate_column(t, &w.cells, &agg, &w.values, err);
    if (rc == QY_OK) rc = fill_column(spec->fill, w.values, &w.fill, err);
    if (rc == QY_OK) rc = qy_groups_keys(t, spec->rows, spec->nrows, &w.rows, &w.out, err);
    if (rc == QY_OK)
        rc = add_value_columns(w.out, w.values, &w.cells, w.fill, t->cols[spec->cols], &w.cols,
                               w.order, err);
    if (rc == QY_OK) {
        *out = w.out;
        w.out = NULL;
    }
    pivot_free(&w);
    return rc;
}
