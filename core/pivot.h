/* pivot.h — a long table to a wide one.
 *
 * One output row per distinct value of the row keys (in order of first
 * appearance), then one column per distinct value of the cols column, in
 * ascending order (period labels sort chronologically), named by the value's
 * text (qy_column_format; a null value names its column "null"). Each cell
 * aggregates the values column over the rows with that row key and col value
 * (aggregate.h kinds); a cell with no rows takes fill (NULL: null) — fill is
 * converted to the cell type (QY_ETYPE if it cannot be).
 * More than max_cols distinct values is QY_ERANGE ("pivot would make 1200
 * columns (more than 1000)").
 */
#ifndef QY_PIVOT_H
#define QY_PIVOT_H

#include "aggregate.h"
#include "error.h"
#include "scalar.h"
#include "table.h"

typedef struct qy_pivot_spec {
    const int *rows;       /* row key columns */
    int nrows;
    int cols;              /* the column whose values become columns */
    int values;            /* the column aggregated; -1 with QY_AGG_COUNT counts rows */
    qy_agg_kind agg;
    const qy_scalar *fill; /* NULL: empty cells are null */
    int max_cols;          /* 1000 by default in the binding */
} qy_pivot_spec;

int qy_table_pivot(const qy_table *t, const qy_pivot_spec *spec, qy_table **out, qy_error *err);

#endif
