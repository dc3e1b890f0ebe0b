/* zonemap.h — per-block bounds of an integer-like column, for skipping blocks.
 *
 * A zone map holds, for each block of QY_ZONE_ROWS rows (the last block may
 * be shorter), the least and greatest value of the block's non-null rows,
 * compared as int64 (int64, decimal and date columns). A block whose rows are
 * all null has min > max. The map is built the first time it is asked for and
 * cached on the column (columns are immutable, so it never goes stale); the
 * column owns it and frees it in qy_column_release.
 */
#ifndef QY_ZONEMAP_H
#define QY_ZONEMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "column.h"

#define QY_ZONE_ROWS 4096

typedef struct qy_zone {
    int64_t min, max;
} qy_zone;

typedef struct qy_zonemap {
    int64_t nzones;
    qy_zone zone[];
} qy_zonemap;

/* Whether c's type has a zone map: int64, decimal and date. */
bool qy_zonemap_supported(const qy_column *c);

/* c's zone map, built and cached on first use (safe from several threads at
 * once: one build wins, the others are freed). c must be supported. Borrowed:
 * lives as long as c. NULL when memory runs out. */
const qy_zonemap *qy_column_zonemap(const qy_column *c);

#endif
