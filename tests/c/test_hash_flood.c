/* test_hash_flood.c — hash flooding: 100k keys crafted to collide under the
 * core's old, unseeded table hashes (which hash.h keeps as the fixed
 * qy_hash_u64 and qy_hash_bytes) must cost the seeded tables no more than
 * any other keys. Work is counted, not timed: every table places each key at
 * most QY_PROBE_LIMIT slots past its home slot, and a lookup gives up after
 * the longest such distance, so qy_probe_longest() bounds the probes of
 * every insert and lookup. Under the old hashes each crafted key went one
 * slot further than the one before: 100k keys, 5e9 probes.
 *
 * The keys are made here, not read from a file:
 *   integers  fmix64 inverted: the keys fmix64^-1(j << 32), j = 0, 1, ...,
 *             that are not negative (0 first, so a join's packed numbers,
 *             key - smallest key, are the keys themselves): the old hash of
 *             every key ends in 32 zero bits, one home slot in any table;
 *   strings   48 printable ASCII bytes (no , " ; | ' \ or space), equal
 *             under the old hash: its block step h -> g(h ^ w) is a
 *             bijection, so from a state s a first block w1 and the second
 *             w2 = g^-1(T) ^ g(s ^ w1) reach the target T; a try succeeds
 *             when w2 is printable (one in 5000). Three such two-block
 *             stages, 47 pairs each, chain into 47^3 = 103823 strings with
 *             one hash (a Joux multicollision) from 141 searches.
 * And the results must not depend on the seed: the same load, group and
 * join in processes given other seeds (QY_HASH_SEED) agree exactly.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "check.h"
#include "csv_read.h"
#include "dict.h"
#include "fixtures.h"
#include "groupby.h"
#include "hash.h"
#include "join.h"
#include "strbuf.h"

enum { NKEYS = 100000, STR_LEN = 48, STAGES = 3, PAIRS = 47 };

/* ---- integers -------------------------------------------------------------- */

static uint64_t inverse_odd(uint64_t c)
{
    uint64_t x = c;                       /* Newton: each step doubles the good bits */
    for (int i = 0; i < 6; i++) x *= 2 - c * x;
    return x;
}

/* fmix64 backwards: x ^= x >> 33 is its own inverse (33 >= 64 / 2). */
static uint64_t unmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= inverse_odd(0xc4ceb9fe1a85ec53ULL);
    h ^= h >> 33;
    h *= inverse_odd(0xff51afd7ed558ccdULL);
    h ^= h >> 33;
    return h;
}

static int64_t crafted_ints[NKEYS];

static void craft_ints(void)
{
    for (uint64_t j = 0, n = 0; n < NKEYS; j++) {
        uint64_t k = unmix64(j << 32);
        if (k >> 63 == 0) crafted_ints[n++] = (int64_t)k;
    }
}

static int64_t crafted_int(int i) { return crafted_ints[i]; }

/* ---- strings ----------------------------------------------------------------- */

static const uint64_t FNV_PRIME = 0x100000001b3ULL;

/* The old hash's step on one block, and its inverse. */
static uint64_t step(uint64_t h, uint64_t w)
{
    uint64_t y = (h ^ w) * FNV_PRIME;
    return y ^ y >> 29;
}

static uint64_t unstep_target(uint64_t t)  /* g^-1(t): the h ^ w that steps to t */
{
    uint64_t y = t ^ t >> 29 ^ t >> 58;
    return y * inverse_odd(FNV_PRIME);
}

static bool printable(unsigned char c)
{
    return c > ' ' && c < 0x7f && !strchr(",\";|'\\", c);
}

static bool printable_word(uint64_t w)
{
    for (int k = 0; k < 8; k++)
        if (!printable((unsigned char)(w >> 8 * k))) return false;
    return true;
}

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint64_t random_word(void)
{
    static const char alphabet[] = "!#$%&()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "[]^_`abcdefghijklmnopqrstuvwxyz{}~";
    uint64_t w = 0;
    for (int k = 0; k < 8; k++)
        w |= (uint64_t)(unsigned char)alphabet[next_random() % (sizeof alphabet - 1)] << 8 * k;
    return w;
}

/* The blocks of each stage: pairs[stage][p] = {w1, w2}. */
static uint64_t pairs[STAGES][PAIRS][2];

static void craft_pairs(void)
{
    uint64_t state = 0x9e3779b97f4a7c15ULL ^ STR_LEN;   /* the old hash's start */
    for (int st = 0; st < STAGES; st++) {
        pairs[st][0][0] = random_word();
        pairs[st][0][1] = random_word();
        uint64_t target = step(step(state, pairs[st][0][0]), pairs[st][0][1]);
        uint64_t before = unstep_target(target);
        for (int p = 1; p < PAIRS;) {
            uint64_t w1 = random_word(), w2 = before ^ step(state, w1);
            if (!printable_word(w2)) continue;
            pairs[st][p][0] = w1;
            pairs[st][p][1] = w2;
            p++;
        }
        state = target;
    }
}

/* Crafted string i (0 <= i < PAIRS^3) into buf (STR_LEN + 1 bytes). */
static const char *crafted_string(int i, char *buf)
{
    for (int st = STAGES - 1; st >= 0; st--, i /= PAIRS) {
        memcpy(buf + 16 * st, &pairs[st][i % PAIRS][0], 8);
        memcpy(buf + 16 * st + 8, &pairs[st][i % PAIRS][1], 8);
    }
    buf[STR_LEN] = '\0';
    return buf;
}

/* ---- the workload -------------------------------------------------------------- */

/* CSV text "s,k,i" of n rows: crafted string, crafted integer, row number;
 * reversed, the rows last to first as "s,k,j". Caller frees. */
static char *crafted_csv(int n, bool reversed)
{
    size_t cap = (size_t)n * (STR_LEN + 48) + 16, len = 0;
    char *text = malloc(cap), buf[STR_LEN + 1];
    len += (size_t)snprintf(text, cap, reversed ? "s,k,j\n" : "s,k,i\n");
    for (int r = 0; r < n; r++) {
        int i = reversed ? n - 1 - r : r;
        len += (size_t)snprintf(text + len, cap - len, "%s,%lld,%d\n", crafted_string(i, buf),
                                (long long)crafted_int(i), i);
    }
    return text;
}

static qy_table *load(const char *text)
{
    qy_csv_options o;
    qy_csv_options_init(&o);
    o.chunk_size = 1 << 20;               /* several chunks: their dicts are merged */
    qy_table *t = NULL;
    qy_error err = {0};
    if (qy_csv_read_buffer("crafted.csv", text, strlen(text), &o, &t, NULL, &err) != QY_OK) {
        printf("load: %s\n", err.msg);
        abort();
    }
    return t;
}

/* An FNV-1a digest of everything the checks look at, to compare processes. */
static uint64_t digest = 0xcbf29ce484222325ULL;

static void absorb(uint64_t v)
{
    for (int k = 0; k < 8; k++) digest = (digest ^ (uint8_t)(v >> 8 * k)) * FNV_PRIME;
}

/* a joined to b on key column name (both have it), b's row number j landing
 * beside a's i: every row of a once, in a's order, with its own number. */
static void check_join_on(const qy_table *a, const qy_table *b, const char *name)
{
    qy_table *j = NULL;
    int ka = qy_table_find(a, name), kb = qy_table_find(b, name);
    CHECK_INT(qy_table_join(a, b, &ka, &kb, 1, QY_JOIN_INNER, &j, NULL), QY_OK);
    if (!j) return;
    CHECK_INT(j->nrows, a->nrows);
    const qy_column *i = j->cols[qy_table_find(j, "i")], *jj = j->cols[qy_table_find(j, "j")];
    int64_t wrong = 0;
    for (int64_t r = 0; r < j->nrows; r++) {
        wrong += i->v.i64[r] != r || jj->v.i64[r] != r;
        absorb((uint64_t)jj->v.i64[r]);
    }
    CHECK_INT(wrong, 0);
    qy_table_release(j);
}

/* Loads, groups and joins n crafted rows, checking every answer. */
static void run_workload(int n)
{
    char *text = crafted_csv(n, false), *reversed = crafted_csv(n, true);
    qy_table *a = load(text), *b = load(reversed);
    free(text);
    free(reversed);
    CHECK_INT(a->nrows, n);
    const qy_column *s = a->cols[0], *k = a->cols[1];
    CHECK_INT(s->type, QY_STRING);
    CHECK_INT(k->type, QY_INT64);
    CHECK_INT(qy_dict_size(s->dict), n);
    int64_t out_of_order = 0;
    char buf[STR_LEN + 1];
    for (int64_t r = 0; r < n; r++) {
        size_t len;
        const char *text_r = qy_dict_get(s->dict, s->v.code[r], &len);
        out_of_order += s->v.code[r] != r || strcmp(text_r, crafted_string((int)r, buf)) != 0
                     || k->v.i64[r] != crafted_int((int)r);
        absorb(s->v.code[r]);
        absorb((uint64_t)k->v.i64[r]);
    }
    CHECK_INT(out_of_order, 0);
    for (int key = 0; key < 2; key++) {          /* by the strings (codes), by the integers */
        qy_groups g;
        CHECK_INT(qy_groups_build(a, &key, 1, &g, NULL), QY_OK);
        CHECK_INT(g.ngroups, n);
        int64_t misplaced = 0;
        for (int64_t r = 0; r < n; r++) {
            misplaced += g.group[r] != r || g.first_row[r] != r;
            absorb((uint64_t)g.group[r]);
        }
        CHECK_INT(misplaced, 0);
        qy_groups_free(&g);
    }
    check_join_on(a, b, "k");                    /* hashed: the range is all of int64 */
    check_join_on(a, b, "s");                    /* a's strings found in b's dict */
    qy_table_release(a);
    qy_table_release(b);
}

/* ---- the tests ------------------------------------------------------------------- */

static void the_crafted_keys_collide_under_the_old_hashes(void)
{
    char buf[STR_LEN + 1];
    uint64_t first = qy_hash_bytes(crafted_string(0, buf), STR_LEN), same = 0, low_zero = 0;
    int64_t unprintable = 0;
    for (int i = 0; i < NKEYS; i++) {
        same += qy_hash_bytes(crafted_string(i, buf), STR_LEN) == first;
        for (int b = 0; b < STR_LEN; b++) unprintable += !printable((unsigned char)buf[b]);
        low_zero += (qy_hash_u64((uint64_t)crafted_int(i)) & 0xffffffffu) == 0;
    }
    CHECK_INT(same, NKEYS);
    CHECK_INT(unprintable, 0);
    CHECK_INT(low_zero, NKEYS);
    CHECK_INT(crafted_int(0), 0);
}

static void a_dict_of_crafted_strings_probes_a_bounded_run(void)
{
    qy_probe_reset();
    qy_dict *d = qy_dict_new();
    char buf[STR_LEN + 1];
    int64_t wrong = 0;
    for (int i = 0; i < NKEYS; i++) {
        uint32_t code;
        wrong += qy_dict_intern(d, crafted_string(i, buf), STR_LEN, &code) != QY_OK || code != (uint32_t)i;
    }
    for (int i = 0; i < NKEYS; i++) {
        uint32_t code;
        wrong += qy_dict_find(d, crafted_string(i, buf), STR_LEN, &code) != QY_OK || code != (uint32_t)i;
    }
    CHECK_INT(wrong, 0);
    CHECK_INT(qy_dict_size(d), NKEYS);
    CHECK(qy_probe_longest() <= QY_PROBE_LIMIT);
    qy_dict_release(d);
}

static void a_table_of_crafted_column_names_probes_a_bounded_run(void)
{
    qy_probe_reset();
    qy_table *t = new_table(0);
    qy_column *empty = NULL;
    CHECK_INT(qy_column_new(QY_INT64, 0, NULL, 0, &empty, NULL), QY_OK);
    char buf[STR_LEN + 1];
    int64_t wrong = 0;
    for (int i = 0; i < NKEYS; i++)
        wrong += qy_table_add_column(t, crafted_string(i, buf), empty, NULL) != QY_OK;
    for (int i = 0; i < NKEYS; i++) wrong += qy_table_find(t, crafted_string(i, buf)) != i;
    CHECK_INT(wrong, 0);
    CHECK_INT(t->ncols, NKEYS);
    CHECK(qy_probe_longest() <= QY_PROBE_LIMIT);
    qy_column_release(empty);
    qy_table_release(t);
}

static void loading_grouping_and_joining_crafted_keys_probe_bounded_runs(void)
{
    qy_probe_reset();
    run_workload(NKEYS);
    CHECK(qy_probe_longest() <= QY_PROBE_LIMIT);
}

/* The workload's digest in a new process whose seed is QY_HASH_SEED=seed
 * (NULL: drawn), and that seed's hash of 42 in *probe. */
static uint64_t digest_in_child(const char *seed, uint64_t *probe)
{
    int fds[2];
    if (pipe(fds) != 0) abort();
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        if (seed) setenv("QY_HASH_SEED", seed, 1);
        else unsetenv("QY_HASH_SEED");
        run_workload(20000);
        uint64_t out[2] = {check_current_failures ? 0 : digest,
                           qy_hash_seeded_u64(qy_hash_seed_get(), 42)};
        _exit(write(fds[1], out, sizeof out) == sizeof out ? 0 : 1);
    }
    close(fds[1]);
    uint64_t got[2] = {0, 0};
    ssize_t n = read(fds[0], got, sizeof got);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    CHECK(n == (ssize_t)sizeof got && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    *probe = got[1];
    return got[0];
}

static void results_do_not_depend_on_the_seed(void)
{
    uint64_t h1, h1_again, h2, hdrawn;
    uint64_t d1 = digest_in_child("1", &h1), d1_again = digest_in_child("1", &h1_again);
    uint64_t d2 = digest_in_child("2", &h2), ddrawn = digest_in_child(NULL, &hdrawn);
    CHECK(d1 != 0);
    CHECK(d1 == d1_again && d1 == d2 && d1 == ddrawn);
    CHECK(h1 == h1_again);                        /* QY_HASH_SEED fixes the seed */
    CHECK(h1 != h2 && h1 != hdrawn && h2 != hdrawn);
}

int main(void)
{
    craft_pairs();
    craft_ints();
    /* First, while this process has not drawn its seed: the children do. */
    RUN(results_do_not_depend_on_the_seed);
    RUN(the_crafted_keys_collide_under_the_old_hashes);
    RUN(a_dict_of_crafted_strings_probes_a_bounded_run);
    RUN(a_table_of_crafted_column_names_probes_a_bounded_run);
    RUN(loading_grouping_and_joining_crafted_keys_probe_bounded_runs);
    return check_summary("hash_flood");
}
