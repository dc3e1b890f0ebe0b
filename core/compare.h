/* compare.h — comparisons and boolean logic, giving bool columns.
 *
 * Comparisons follow SQL: a null on either side gives a null row (a filter
 * keeps only true rows). Numbers compare by value across int64, decimal and
 * float64 (exactly between int64 and decimal); strings by their bytes
 * (UTF-8 code point order); dates by day; bools false < true. Comparing
 * kinds that do not mix (a string with a number) is QY_ETYPE.
 * and/or/not use Kleene logic: false and null = false, true or null = true.
 * A null scalar makes every row null; a column whose length is not length
 * is QY_EINVAL.
 */
#ifndef QY_COMPARE_H
#define QY_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "column.h"
#include "error.h"
#include "scalar.h"

typedef enum qy_cmp_op { QY_EQ, QY_NE, QY_LT, QY_LE, QY_GT, QY_GE } qy_cmp_op;

/* a op b, row by row (one of them a column of length rows). */
int qy_compare(qy_cmp_op op, const qy_operand *a, const qy_operand *b, int64_t length,
               qy_column **out, qy_error *err);

/* lo <= c <= hi. */
int qy_between(const qy_column *c, const qy_scalar *lo, const qy_scalar *hi,
               qy_column **out, qy_error *err);

/* c equals one of set[0..n): null rows give null, other rows true/false. */
int qy_isin(const qy_column *c, const qy_scalar *set, int n, qy_column **out, qy_error *err);

/* Whether each row is null (never null itself); negate gives notnull. */
int qy_isnull(const qy_column *c, int negate, qy_column **out, qy_error *err);

/* Whether each string contains needle[0..len) (bytes); null rows give null. */
int qy_contains(const qy_column *c, const char *needle, size_t len, qy_column **out,
                qy_error *err);

typedef enum qy_logic_op { QY_AND, QY_OR, QY_NOT } qy_logic_op;

/* a and b, a or b, not a (b ignored) over bool columns of equal length. */
int qy_logic(qy_logic_op op, const qy_column *a, const qy_column *b, qy_column **out,
             qy_error *err);

#endif
