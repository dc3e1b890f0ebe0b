/* replace.h — whole-value replacement in columns that are not strings:
 * rows equal to one value get another (t.n:replace(0, nil) turns zeros
 * into nulls). String columns replace text inside values (strfn.h).
 */
#ifndef QY_REPLACE_H
#define QY_REPLACE_H

#include "column.h"
#include "error.h"
#include "scalar.h"

/* s as a value of c's type and scale, into *fit: int64 -> int64, decimal
 * (rescaled without losing a digit) or float64; decimal -> decimal or
 * float64; float64 -> float64; date -> date; bool -> bool; null stays null.
 * QY_ETYPE otherwise ("value of type int64 expected, got string"), or when
 * a number would lose digits ("value does not fit decimal(2)" for 1.005). */
int qy_scalar_fit(const qy_scalar *s, const qy_column *c, qy_scalar *fit, qy_error *err);

/* A copy of c (int64, float64, decimal, date or bool; QY_ETYPE for a
 * string column) where every non-null row equal to from holds to, or is
 * null when to is null. from and to are fit to c (qy_scalar_fit); a null
 * from matches no row. Caller releases *out. */
int qy_replace_values(const qy_column *c, const qy_scalar *from, const qy_scalar *to,
                      qy_column **out, qy_error *err);

#endif
