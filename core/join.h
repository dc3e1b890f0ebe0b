/* join.h — hash joins of two tables on key columns.
 *
 * Keys a_keys[i] of a match b_keys[i] of b; each pair must have the same type
 * (strings compared by value, decimals by value whatever their scale) or it
 * is QY_ETYPE naming both columns. Null keys never match.
 * Output rows follow a's order, and for each row of a its matches in b's
 * order. Columns: all of a's, then b's columns except its keys; a b column
 * whose name a already has gets the suffix "_2" (then "_3", ...).
 *   QY_JOIN_INNER  rows of a with at least one match, once per match
 *   QY_JOIN_LEFT   as inner, plus rows of a without a match (b's columns null)
 *   QY_JOIN_ANTI   rows of a without a match; a's columns only
 */
#ifndef QY_JOIN_H
#define QY_JOIN_H

#include "error.h"
#include "table.h"

typedef enum qy_join_how { QY_JOIN_INNER, QY_JOIN_LEFT, QY_JOIN_ANTI } qy_join_how;

int qy_table_join(const qy_table *a, const qy_table *b, const int *a_keys, const int *b_keys,
                  int nkeys, qy_join_how how, qy_table **out, qy_error *err);

#endif
