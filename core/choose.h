/* choose.h — each row's value taken from one of several parts: coalesce,
 * fill_null, case.
 *
 * A part is an operand (scalar.h): a column of length rows, or a scalar
 * repeated on every row. The result's type is the parts' common type, null
 * scalars aside: parts of one type (decimals at the largest scale); int64
 * and decimal mix to decimal at the larger scale, and either with float64 to
 * float64. Other mixes are QY_ETYPE ("values of string and int64 do not
 * mix"); when every part is a null scalar the result is an all-null int64.
 * String results get a dict of their own holding the strings they use.
 * A column of another length is QY_EINVAL. Caller releases *out.
 */
#ifndef QY_CHOOSE_H
#define QY_CHOOSE_H

#include <stdint.h>

#include "column.h"
#include "error.h"
#include "scalar.h"

/* A new column whose row i is row i of parts[pick[i]] (null when pick[i]
 * < 0), at the parts' common type: the kernel of the verbs below and of
 * qy_column_map. n >= 1; pick holds length indices below n. */
int qy_choose(const qy_operand *parts, int n, const int32_t *pick, int64_t length,
              qy_column **out, qy_error *err);

/* Per row, the first part that is not null there; null when all are. n >= 1. */
int qy_coalesce(const qy_operand *parts, int n, int64_t length, qy_column **out, qy_error *err);

/* c with its null rows taken from fill (a scalar, or a column of c's
 * length); the result has c's type: fill must convert to it without loss
 * (int64 into decimal or float64, a decimal at another scale when exact,
 * decimal into float64, else QY_ETYPE "cannot fill a string column with
 * int64"; QY_ERANGE/QY_EOVERFLOW when a value does not fit). */
int qy_fill_null(const qy_column *c, const qy_operand *fill, qy_column **out, qy_error *err);

/* Per row, values[k] for the first k whose mask is true there (a null mask
 * row counts as false), else otherwise (NULL: null). masks are n >= 1 bool
 * columns of length rows (else QY_ETYPE/QY_EINVAL, naming branch k + 1). */
int qy_case(const qy_column *const *masks, const qy_operand *values, int n,
            const qy_operand *otherwise, int64_t length, qy_column **out, qy_error *err);

#endif
