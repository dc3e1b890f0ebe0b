/* arith.h — vectorized arithmetic between columns and scalars.
 *
 * Result types, for a op b (a column or a scalar on either side):
 *   int64 ± * int64                  -> int64
 *   decimal(s) ± decimal(t) or int64 -> decimal(max(s, t))        exact
 *   decimal(s) * int64               -> decimal(s)                exact
 *   decimal(s) * decimal(t)          -> decimal(s + t) when s + t <= 6, else float64
 *   anything with float64            -> float64
 *   a / b                            -> float64; division by zero gives null
 *   date ± int64                     -> date (days); date - date -> int64 (days)
 *   -a (QY_NEG, b ignored)           -> a's type
 * A null on either side gives a null row (a null scalar has its own type:
 * int64 for qy_scalar_null()). Exact types never wrap: overflow is
 * QY_EOVERFLOW naming the operands, a column by its type and a scalar by its
 * value, and the row counted from 1 ("decimal(2) * 10000: overflow at row
 * 17"; the Lua binding writes column names instead of types); a date beyond
 * int32 days is "date + 3000000000: date out of range at row 1".
 * Strings and bools are QY_ETYPE ("cannot add string and int64"); a column
 * whose length is not length is QY_EINVAL.
 */
#ifndef QY_ARITH_H
#define QY_ARITH_H

#include <stdint.h>

#include "column.h"
#include "error.h"
#include "scalar.h"

typedef enum qy_arith_op { QY_ADD, QY_SUB, QY_MUL, QY_DIV, QY_NEG } qy_arith_op;

/* "+", "-", "*", "/", "-" (unary). */
const char *qy_arith_symbol(qy_arith_op op);

/* A new column of length rows holding a op b (at least one of them a
 * column of that length). Caller releases *out. */
int qy_arith(qy_arith_op op, const qy_operand *a, const qy_operand *b, int64_t length,
             qy_column **out, qy_error *err);

#endif
