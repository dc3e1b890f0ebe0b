/* collate.h — orders of strings other than by their bytes, for sorting and
 * ranking: a language's collation (Chinese in pinyin order, through ICU)
 * and a listed order (an official list of counties first, in its order).
 *
 * Each order is computed once per dict entry as rank[code], the place of
 * the entry's string in the order, which sort.h's keys take (qy_sort_key's
 * rank) so rows are then ordered without comparing strings again. A rank
 * array is qy_malloc'd with at least one element (a null row's code 0 is
 * always in range); the caller frees it with qy_free.
 */
#ifndef QY_COLLATE_H
#define QY_COLLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dict.h"
#include "error.h"

typedef enum qy_collation {
    QY_COLLATE_BYTES,   /* UTF-8 bytes: Unicode code point order */
    QY_COLLATE_PINYIN   /* ICU's "zh" collator: Chinese by pinyin, then tones and strokes */
} qy_collation;

/* The collation called name: "bytes" or "pinyin". QY_OK, or QY_EINVAL
 * "unknown collation 'x' (pinyin, bytes)". */
int qy_collation_parse(const char *name, qy_collation *out, qy_error *err);

/* rank[code]: the place of each string of d in collation c. Strings the
 * collation counts as equal (other Unicode forms of one text, bytes that
 * are not UTF-8 read as U+FFFD) are told apart by their bytes, so distinct
 * strings never share a rank. QY_OK, QY_ENOMEM, or QY_EINVAL when ICU
 * fails (its error named). */
int qy_collate_ranks(const qy_dict *d, qy_collation c, uint32_t **rank, qy_error *err);

/* rank[code] for a listed order: the strings of list (n of them, list[i]
 * of len[i] bytes) first, in the list's order, reversed when descending;
 * then d's other strings, in the order of base (rank[code] from
 * qy_collate_ranks or qy_dict_ranks; borrowed), never reversed. Listed
 * strings d does not hold take no place. QY_OK, QY_ENOMEM, or QY_EINVAL
 * when a string is listed twice ("'宁县' is listed twice") or the list has
 * 2^32 strings or more. */
int qy_listed_ranks(const qy_dict *d, const char *const *list, const size_t *len, int64_t n,
                    bool descending, const uint32_t *base, uint32_t **rank, qy_error *err);

#endif
