/* rank.h — ranks of rows by one column, over the table or within groups.
 *
 * Ties: QY_TIES_MIN gives 1,2,2,4; QY_TIES_DENSE 1,2,2,3; QY_TIES_ROW 1,2,3,4
 * (equal values in input order). Rows whose value is null get a null rank.
 */
#ifndef QY_RANK_H
#define QY_RANK_H

#include <stdbool.h>

#include "column.h"
#include "error.h"
#include "groupby.h"
#include "table.h"

typedef enum qy_ties { QY_TIES_MIN, QY_TIES_DENSE, QY_TIES_ROW } qy_ties;

/* An int64 column: the rank of each row of t by column (1 = smallest, or
 * largest when descending), within each group of by when by is not NULL. */
int qy_rank(const qy_table *t, int column, bool descending, qy_ties ties,
            const qy_groups *by, qy_column **out, qy_error *err);

#endif
