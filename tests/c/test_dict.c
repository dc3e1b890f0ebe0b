/* test_dict.c — interning, lookup, growth, NUL bytes, allocation failure,
 * and the index a dict from an arena builds at its first lookup, from many
 * threads at once. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "check.h"
#include "dict.h"
#include "parallel.h"

static void interns_in_first_seen_order(void)
{
    qy_dict *d = qy_dict_new();
    uint32_t a, b, c;
    CHECK_INT(qy_dict_intern(d, "西峰区", strlen("西峰区"), &a), QY_OK);
    CHECK_INT(qy_dict_intern(d, "环县", strlen("环县"), &b), QY_OK);
    CHECK_INT(qy_dict_intern(d, "西峰区", strlen("西峰区"), &c), QY_OK);
    CHECK_INT(a, 0);
    CHECK_INT(b, 1);
    CHECK_INT(c, 0);
    CHECK_INT(qy_dict_size(d), 2);
    size_t len;
    CHECK_STR(qy_dict_get(d, 1, &len), "环县");
    CHECK_INT(len, 6);
    qy_dict_release(d);
}

static void empty_string_and_embedded_nul(void)
{
    qy_dict *d = qy_dict_new();
    uint32_t e, n1, n2, found;
    CHECK_INT(qy_dict_intern(d, "", 0, &e), QY_OK);
    CHECK_INT(qy_dict_intern(d, "a\0b", 3, &n1), QY_OK);
    CHECK_INT(qy_dict_intern(d, "a", 1, &n2), QY_OK);
    CHECK(n1 != n2);
    size_t len;
    qy_dict_get(d, n1, &len);
    CHECK_INT(len, 3);
    CHECK_INT(qy_dict_get(d, e, &len)[0], 0);
    CHECK_INT(len, 0);
    CHECK_INT(qy_dict_find(d, "a\0b", 3, &found), QY_OK);
    CHECK_INT(found, n1);
    CHECK_INT(qy_dict_find(d, "b", 1, &found), QY_ENOTFOUND);
    qy_dict_release(d);
}

static void grows_to_many_strings(void)
{
    qy_dict *d = qy_dict_new();
    char buf[32];
    int ok = 1;
    for (int i = 0; i < 100000; i++) {
        uint32_t code;
        int n = snprintf(buf, sizeof buf, "企业%d", i);
        if (qy_dict_intern(d, buf, (size_t)n, &code) != QY_OK || code != (uint32_t)i) ok = 0;
    }
    CHECK(ok);
    CHECK_INT(qy_dict_size(d), 100000);
    for (int i = 0; i < 100000; i += 997) {
        uint32_t code;
        int n = snprintf(buf, sizeof buf, "企业%d", i);
        CHECK_INT(qy_dict_find(d, buf, (size_t)n, &code), QY_OK);
        CHECK_INT(code, i);
        CHECK_STR(qy_dict_get(d, code, NULL), buf);
    }
    qy_dict_release(d);
}

static void failed_allocation_leaves_dict_unchanged(void)
{
    /* Every intern first runs with allocation forbidden: growing fails, and
     * the dict must be as before; then it runs again for real. */
    qy_dict *d = qy_dict_new();
    int failures = 0, consistent = 1;
    for (int i = 0; i < 100; i++) {
        char s[16];
        uint32_t code;
        int n = snprintf(s, sizeof s, "s%d", i);
        qy_alloc_fail_after(0);
        int rc = qy_dict_intern(d, s, (size_t)n, &code);
        qy_alloc_fail_after(-1);
        if (rc == QY_ENOMEM) {
            failures++;
            if (qy_dict_size(d) != (uint32_t)i || qy_dict_find(d, s, (size_t)n, &code) == QY_OK)
                consistent = 0;
            rc = qy_dict_intern(d, s, (size_t)n, &code);
        }
        if (rc != QY_OK || code != (uint32_t)i) consistent = 0;
    }
    CHECK(failures >= 3);
    CHECK(consistent);
    for (int i = 0; i < 100; i++) {
        char s[16];
        uint32_t code = 0;
        int n = snprintf(s, sizeof s, "s%d", i);
        if (qy_dict_find(d, s, (size_t)n, &code) != QY_OK || code != (uint32_t)i) consistent = 0;
    }
    CHECK(consistent);
    qy_dict_release(d);
}

static void reference_counting(void)
{
    qy_dict *d = qy_dict_new();
    CHECK(qy_dict_retain(d) == d);
    qy_dict_release(d);
    uint32_t code;
    CHECK_INT(qy_dict_intern(d, "still here", 10, &code), QY_OK);
    qy_dict_release(d);
    qy_dict_release(NULL);
}

/* 20000 distinct strings "k0".."k19999" in the stored form of a dict. */
typedef struct lookups {
    qy_dict *d;
    atomic_int wrong;
} lookups;

enum { LAZY_STRINGS = 20000, LAZY_PIECES = 64 };

/* Piece i looks up every string whose number is i modulo LAZY_PIECES, and
 * one that is not there: the first pieces race to build the index. */
static void look_up(void *ctx, size_t i)
{
    lookups *l = ctx;
    for (int k = (int)i; k < LAZY_STRINGS; k += LAZY_PIECES) {
        char s[16];
        int n = snprintf(s, sizeof s, "k%d", k);
        uint32_t code = UINT32_MAX;
        if (qy_dict_find(l->d, s, (size_t)n, &code) != QY_OK || code != (uint32_t)k)
            atomic_fetch_add(&l->wrong, 1);
    }
    uint32_t code;
    if (qy_dict_find(l->d, "absent", 6, &code) != QY_ENOTFOUND) atomic_fetch_add(&l->wrong, 1);
}

static void first_lookups_race_to_build_the_index(void)
{
    uint64_t *offsets = malloc((LAZY_STRINGS + 1) * sizeof *offsets);
    char *arena = malloc(LAZY_STRINGS * 8);
    offsets[0] = 0;
    for (int k = 0; k < LAZY_STRINGS; k++) {
        int n = sprintf(arena + offsets[k], "k%d", k);
        offsets[k + 1] = offsets[k] + (uint64_t)n + 1;
    }
    for (int round = 0; round < 20; round++) {   /* each round a new race */
        lookups l = {NULL, 0};
        qy_error err = {0};
        CHECK_INT(qy_dict_from_arena(offsets, arena, LAZY_STRINGS, NULL, &l.d, &err), QY_OK);
        qy_parallel_for(LAZY_PIECES, look_up, &l);
        CHECK_INT(atomic_load(&l.wrong), 0);
        qy_dict_release(l.d);
    }
    free(offsets);
    free(arena);
}

static void piece_done(void *ctx, size_t i) { atomic_fetch_add(&((atomic_int *)ctx)[i], 1); }

/* Every piece runs exactly once, and none for an empty loop. */
static void parallel_for_runs_each_piece_once(void)
{
    static atomic_int runs[1000];
    qy_parallel_for(0, piece_done, runs);
    qy_parallel_for(1000, piece_done, runs);
    int once = 0;
    for (int i = 0; i < 1000; i++) once += atomic_load(&runs[i]) == 1;
    CHECK_INT(once, 1000);
}

int main(void)
{
    RUN(interns_in_first_seen_order);
    RUN(empty_string_and_embedded_nul);
    RUN(grows_to_many_strings);
    RUN(failed_allocation_leaves_dict_unchanged);
    RUN(reference_counting);
    RUN(first_lookups_race_to_build_the_index);
    RUN(parallel_for_runs_each_piece_once);
    return check_summary("test_dict");
}
