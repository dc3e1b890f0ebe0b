/* describe.h — a summary of every column of a table, one row each.
 *
 * The result's columns:
 *   column    string   the column's name
 *   type      string   its type as qy_type_name writes it ("decimal(2)")
 *   count     int64    non-null values
 *   nulls     int64    null values
 *   distinct  int64    distinct non-null values (as group_by tells them apart)
 *   min, max  string   the smallest and largest value as qy_column_format
 *                      writes it (strings by bytes); null when no value
 *   mean      float64  of int64, decimal and float64 columns; null for
 *                      other types and when no value
 * An empty table gives counts of 0 and nulls elsewhere.
 */
#ifndef QY_DESCRIBE_H
#define QY_DESCRIBE_H

#include "error.h"
#include "table.h"

/* A new table describing t as above, one row per column of t in order.
 * Caller releases *out. */
int qy_table_describe(const qy_table *t, qy_table **out, qy_error *err);

#endif
