/* aggregate.h — one value per group: count, sum, mean, median, min, max,
 * count_distinct, first. Nulls are skipped (SQL semantics).
 *
 * Result types:
 *   count (rows, or non-null values of a column), count_distinct -> int64
 *   sum: int64 -> int64, decimal(s) -> decimal(s) (exact; overflow is
 *        QY_EOVERFLOW), float64 -> float64; a group with no value -> null
 *   mean, median -> float64 (of int64, decimal or float64)
 *   min, max -> the column's type (strings by bytes, dates, bools)
 *   first -> the column's type: the value at the group's first row (may be null)
 * sum/mean/median of a string, date or bool column is QY_ETYPE
 * ("cannot sum string column 'investor'").
 */
#ifndef QY_AGGREGATE_H
#define QY_AGGREGATE_H

#include "error.h"
#include "groupby.h"
#include "scalar.h"
#include "table.h"

typedef enum qy_agg_kind {
    QY_AGG_COUNT,
    QY_AGG_SUM,
    QY_AGG_MEAN,
    QY_AGG_MEDIAN,
    QY_AGG_MIN,
    QY_AGG_MAX,
    QY_AGG_COUNT_DISTINCT,
    QY_AGG_FIRST
} qy_agg_kind;

/* "count", "sum", ...; and back (QY_OK or QY_EINVAL). */
const char *qy_agg_name(qy_agg_kind kind);
int qy_agg_parse(const char *name, qy_agg_kind *kind);

typedef struct qy_agg {
    const char *name;      /* output column name (borrowed) */
    qy_agg_kind kind;
    int column;            /* input column; -1 with QY_AGG_COUNT counts rows */
} qy_agg;

/* The column of one aggregate over the groups g of t (g may hold groups
 * without rows: count 0, other aggregates null). Caller releases *out. */
int qy_aggregate_column(const qy_table *t, const qy_groups *g, const qy_agg *agg,
                        qy_column **out, qy_error *err);

/* Groups t by keys and aggregates: the key columns (qy_groups_keys) then one
 * column per aggregate, in order. nkeys = 0 gives one row for the whole
 * table (also for an empty table: count 0, sum null). */
int qy_table_aggregate(const qy_table *t, const int *keys, int nkeys, const qy_agg *aggs,
                       int naggs, qy_table **out, qy_error *err);

/* One aggregate of one column as a scalar (c:sum(), c:median(), ...): count
 * counts c's non-null values; no value gives a null of the result's type. A
 * string result borrows from c's dict. name (may be NULL) names c in error
 * messages. */
int qy_column_reduce(const qy_column *c, const char *name, qy_agg_kind kind, qy_scalar *out,
                     qy_error *err);

#endif
