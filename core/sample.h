/* sample.h — a uniform random sample of rows, the same on every machine.
 *
 * The random numbers come from SplitMix64 (Steele, Lea and Flood), a
 * 64-bit generator of pure integer arithmetic, so a seed picks the same
 * rows in every run, on every platform and with every C library; rand()
 * would not. Rows are drawn by selection sampling (Knuth's Algorithm S):
 * one pass, every n-subset equally likely, the rows in input order.
 */
#ifndef QY_SAMPLE_H
#define QY_SAMPLE_H

#include <stdint.h>

#include "error.h"
#include "table.h"

/* The seed of a sample when none is given. */
#define QY_SAMPLE_SEED 42

/* Writes into rows (room for min(n, nrows)) the ascending row numbers of a
 * sample of n of nrows rows without replacement, chosen by seed; all rows
 * when n >= nrows. Returns how many were written. n, nrows >= 0. */
int64_t qy_sample_rows(int64_t nrows, int64_t n, uint64_t seed, int64_t *rows);

/* A new table of n rows of t chosen as qy_sample_rows chooses them, in
 * t's order (every row when n >= t->nrows). QY_EINVAL for n < 0. Caller
 * releases *out. */
int qy_table_sample(const qy_table *t, int64_t n, uint64_t seed, qy_table **out, qy_error *err);

#endif
