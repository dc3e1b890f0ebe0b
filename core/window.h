/* window.h — values computed along the rows in their current order,
 * over the whole table or within each group of `by`.
 *
 *   QY_WIN_SHARE       value / sum of the group's values      -> float64
 *   QY_WIN_CUMSUM      running sum (nulls add nothing; a null row stays null)
 *                      -> the sum type (aggregate.h: decimal stays exact)
 *   QY_WIN_LAG         the value offset rows earlier in the group (null
 *                      before the group's first rows)         -> the column's type
 *   QY_WIN_PCT_CHANGE  (value - previous) / previous          -> float64
 *                      (null when either is null or previous is 0)
 * Only numeric columns for share, cumsum and pct_change (QY_ETYPE otherwise).
 */
#ifndef QY_WINDOW_H
#define QY_WINDOW_H

#include <stdint.h>

#include "column.h"
#include "error.h"
#include "groupby.h"
#include "table.h"

typedef enum qy_window_kind {
    QY_WIN_SHARE,
    QY_WIN_CUMSUM,
    QY_WIN_LAG,
    QY_WIN_PCT_CHANGE
} qy_window_kind;

/* The window column of t's column over groups by (NULL: the whole table);
 * offset is QY_WIN_LAG's (>= 1). Caller releases *out. */
int qy_window(const qy_table *t, qy_window_kind kind, int column, int64_t offset,
              const qy_groups *by, qy_column **out, qy_error *err);

#endif
