/* test_sort.c — ordering rows: stability, nulls last both ways, strings by
 * bytes, floats with -0 and NaN, decimals, extreme integers, several keys
 * against a reference comparison sort, top-k, edge cases, allocation failure. */
#include <math.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "sort.h"

/* The rows of perm as "3 1 2". */
static char *perm_text(const int64_t *perm, int64_t n)
{
    static char buf[512];
    int len = 0;
    buf[0] = '\0';
    for (int64_t i = 0; i < n; i++)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%lld", i ? " " : "",
                        (long long)perm[i]);
    return buf;
}

/* The order of t by keys as text. */
static char *order_text(const qy_table *t, const qy_sort_key *keys, int nkeys)
{
    int64_t *perm = NULL;
    if (qy_table_order(t, keys, nkeys, &perm, NULL) != QY_OK) return "(failed)";
    char *text = perm_text(perm, t->nrows);
    qy_free(perm);
    return text;
}

static qy_table *one_column(qy_type type, int scale, int n, const char *const *texts)
{
    qy_table *t = new_table(n);
    add_column(t, "x", column_of(type, scale, n, texts));
    return t;
}

static const qy_sort_key ASC = {0, false, NULL}, DESC = {0, true, NULL};

static void equal_keys_keep_input_order(void)
{
    qy_table *t = one_column(QY_INT64, 0, 8,
                             (const char *[]){"3", "1", "3", "2", "1", "3", "-5", "2"});
    CHECK_STR(order_text(t, &ASC, 1), "6 1 4 3 7 0 2 5");
    CHECK_STR(order_text(t, &DESC, 1), "0 2 5 3 7 1 4 6");
    qy_table_release(t);
}

static void nulls_last_both_ways(void)
{
    qy_table *t = one_column(QY_INT64, 0, 6, (const char *[]){NULL, "2", NULL, "1", "3", "2"});
    CHECK_STR(order_text(t, &ASC, 1), "3 1 5 4 0 2");
    CHECK_STR(order_text(t, &DESC, 1), "4 1 5 3 0 2");
    qy_table_release(t);
    qy_table *all_null = one_column(QY_STRING, 0, 3, (const char *[]){NULL, NULL, NULL});
    CHECK_STR(order_text(all_null, &ASC, 1), "0 1 2");
    CHECK_STR(order_text(all_null, &DESC, 1), "0 1 2");
    qy_table_release(all_null);
}

static void strings_by_bytes(void)
{
    /* UTF-8 bytes: "" < "Z" < "a" < "ab" < 宁县 (e5 ae) < 环县 (e7 8e) < 西峰区 (e8 a5) */
    qy_table *t = one_column(QY_STRING, 0, 8, (const char *[]){"西峰区", "环县", "a", NULL,
                             "宁县", "ab", "", "Z"});
    CHECK_STR(order_text(t, &ASC, 1), "6 7 2 5 4 1 0 3");
    CHECK_STR(order_text(t, &DESC, 1), "0 1 4 5 2 7 6 3");
    qy_table_release(t);
    /* a long shared prefix: the first 8 bytes tie */
    qy_table *p = one_column(QY_STRING, 0, 3, (const char *[]){"庆阳市西峰区", "庆阳市环县",
                             "庆阳市"});
    CHECK_STR(order_text(p, &ASC, 1), "2 1 0");
    qy_table_release(p);
}

/* -0 equals 0 (input order kept); NaN above +inf; nulls after NaN. */
static void floats_with_zero_and_nan(void)
{
    qy_table *t = one_column(QY_FLOAT64, 0, 8, (const char *[]){"1.5", "0", "-0.0", "0",
                             "0", NULL, "0", "-2.5"});
    t->cols[0]->v.f64[1] = NAN;       /* the reader has no text for these */
    t->cols[0]->v.f64[4] = -INFINITY;
    t->cols[0]->v.f64[6] = INFINITY;
    CHECK_STR(order_text(t, &ASC, 1), "4 7 2 3 0 6 1 5");
    CHECK_STR(order_text(t, &DESC, 1), "1 6 0 2 3 7 4 5");
    qy_table_release(t);
}

static void decimals_dates_bools(void)
{
    qy_table *d = one_column(QY_DECIMAL, 2, 6, (const char *[]){"12.5", "-0.01", "0",
                             "1272.95", "-300.67", "12.50"});
    CHECK_STR(order_text(d, &ASC, 1), "4 1 2 0 5 3");
    qy_table_release(d);
    qy_table *dates = one_column(QY_DATE, 0, 4, (const char *[]){"2023-07-20", "1969-12-31",
                                 NULL, "2023-01-01"});
    CHECK_STR(order_text(dates, &ASC, 1), "1 3 0 2");
    CHECK_STR(order_text(dates, &DESC, 1), "0 3 1 2");
    qy_table_release(dates);
    qy_table *b = one_column(QY_BOOL, 0, 4, (const char *[]){"true", NULL, "false", "true"});
    CHECK_STR(order_text(b, &ASC, 1), "2 0 3 1");
    CHECK_STR(order_text(b, &DESC, 1), "0 3 2 1");
    qy_table_release(b);
}

/* Values spanning all 64 bits plus a null: the null needs a field of its own. */
static void extreme_integers(void)
{
    qy_table *t = one_column(QY_INT64, 0, 5, (const char *[]){"9223372036854775807", NULL,
                             "-9223372036854775808", "0", "-1"});
    CHECK_STR(order_text(t, &ASC, 1), "2 4 3 0 1");
    CHECK_STR(order_text(t, &DESC, 1), "0 3 4 2 1");
    qy_table_release(t);
}

static void several_keys(void)
{
    qy_table *t = new_table(7);
    add_column(t, "county", column_of(QY_STRING, 0, 7, (const char *[]){"环县", "宁县", "环县",
               NULL, "宁县", "环县", NULL}));
    add_column(t, "funds", column_of(QY_DECIMAL, 2, 7, (const char *[]){"1.50", "2.00", "3.25",
               "0.10", NULL, "3.25", "0.20"}));
    qy_sort_key keys[] = {{0, false, NULL}, {1, true, NULL}};
    CHECK_STR(order_text(t, keys, 2), "1 4 2 5 0 6 3");
    int64_t *perm = NULL;
    uint8_t *ties = NULL;
    CHECK_INT(qy_table_order_ties(t, keys, 2, &perm, &ties, NULL), QY_OK);
    char text[32];
    for (int i = 0; i < 7; i++) text[i] = (char)('0' + ties[i]);
    text[7] = '\0';
    CHECK_STR(text, "0102101");
    qy_free(perm);
    qy_free(ties);
    keys[0].descending = true;
    keys[1].descending = false;
    CHECK_STR(order_text(t, keys, 2), "0 2 5 1 4 3 6");
    qy_table_release(t);
}

static void empty_one_row_and_no_keys(void)
{
    qy_table *empty = one_column(QY_INT64, 0, 0, NULL);
    CHECK_STR(order_text(empty, &ASC, 1), "");
    int64_t *idx = NULL, n = -1;
    CHECK_INT(qy_table_top_rows(empty, 3, &ASC, 1, &idx, &n, NULL), QY_OK);
    CHECK_INT(n, 0);
    qy_free(idx);
    qy_table_release(empty);
    qy_table *one = one_column(QY_STRING, 0, 1, (const char *[]){"环县"});
    CHECK_STR(order_text(one, &DESC, 1), "0");
    qy_table_release(one);
    qy_table *t = one_column(QY_INT64, 0, 3, (const char *[]){"3", "1", "2"});
    CHECK_STR(order_text(t, NULL, 0), "0 1 2");
    qy_error err = {0};
    int64_t *perm = NULL;
    CHECK_INT(qy_table_order(t, (qy_sort_key[]){{4, false, NULL}}, 1, &perm, &err), QY_ERANGE);
    CHECK_STR(err.msg, "sort key column 5 out of range");
    CHECK_INT(qy_table_order(t, &ASC, 256, &perm, &err), QY_EINVAL);
    CHECK_STR(err.msg, "256 sort keys (at most 255)");
    CHECK_INT(qy_table_top_rows(t, -1, &ASC, 1, &idx, &n, &err), QY_EINVAL);
    CHECK_STR(err.msg, "k must not be negative");
    qy_table_release(t);
}

/* A reference: rows compared value by value the slow way, row number last. */
typedef struct reference {
    const qy_table *t;
    const qy_sort_key *keys;
    int nkeys;
} reference;

static reference ref;

static int compare_values(const qy_column *c, int64_t a, int64_t b)
{
    bool na = qy_column_is_null(c, a), nb = qy_column_is_null(c, b);
    if (na || nb) return na - nb;
    switch (c->type) {
    case QY_INT64:
    case QY_DECIMAL: return (c->v.i64[a] > c->v.i64[b]) - (c->v.i64[a] < c->v.i64[b]);
    case QY_FLOAT64: {
        double x = c->v.f64[a], y = c->v.f64[b];
        if (isnan(x) || isnan(y)) return isnan(x) - isnan(y);
        return (x > y) - (x < y);
    }
    case QY_STRING: {
        size_t la, lb;
        const char *sa = qy_dict_get(c->dict, c->v.code[a], &la);
        const char *sb = qy_dict_get(c->dict, c->v.code[b], &lb);
        int r = memcmp(sa, sb, la < lb ? la : lb);
        return r ? (r > 0) - (r < 0) : (la > lb) - (la < lb);
    }
    case QY_DATE: return (c->v.date[a] > c->v.date[b]) - (c->v.date[a] < c->v.date[b]);
    case QY_BOOL: return c->v.b[a] - c->v.b[b];
    }
    return 0;
}

static int compare_rows(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    for (int k = 0; k < ref.nkeys; k++) {
        const qy_column *c = ref.t->cols[ref.keys[k].column];
        int r = compare_values(c, a, b);
        bool null_involved = qy_column_is_null(c, a) || qy_column_is_null(c, b);
        if (r != 0) return ref.keys[k].descending && !null_involved ? -r : r;
    }
    return (a > b) - (a < b);
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A column of n random values of type, few distinct or spread over
 * everything, with nulls now and then. */
static qy_column *random_column(qy_type type, int64_t n, uint64_t distinct, int null_every)
{
    qy_dict *dict = NULL;
    if (type == QY_STRING) {
        dict = qy_dict_new();
        char s[32];
        for (uint64_t k = 0; k < distinct; k++) {
            int len = snprintf(s, sizeof s, "%s%llu", k % 3 ? "县" : "",
                               (unsigned long long)(k * 7919 % distinct));
            uint32_t code;
            qy_dict_intern(dict, s, (size_t)len, &code);
        }
    }
    qy_column *c = NULL;
    if (qy_column_new(type, 2, dict, n, &c, NULL) != QY_OK) abort();
    qy_dict_release(dict);
    for (int64_t i = 0; i < n; i++) {
        uint64_t r = next_random();
        if (null_every && r % (uint64_t)null_every == 0) {
            qy_column_set_null(c, i, NULL);
            continue;
        }
        r >>= 8;
        switch (type) {
        case QY_INT64: c->v.i64[i] = distinct ? (int64_t)(r % distinct) - 3 : (int64_t)(r << 8); break;
        case QY_DECIMAL: c->v.i64[i] = (int64_t)(r % distinct) - (int64_t)(distinct / 2); break;
        case QY_FLOAT64: c->v.f64[i] = r % 17 == 0 ? NAN : ((double)(r % distinct) - 2.0) / 4.0; break;
        case QY_STRING: c->v.code[i] = (uint32_t)(r % distinct); break;
        case QY_DATE: c->v.date[i] = (int32_t)(r % distinct) - 400; break;
        case QY_BOOL: c->v.b[i] = r & 1; break;
        }
    }
    return c;
}

/* The leading keys rows a and b share, the slow way. */
static int shared_keys(int64_t a, int64_t b)
{
    int k = 0;
    while (k < ref.nkeys && compare_values(ref.t->cols[ref.keys[k].column], a, b) == 0) k++;
    return k;
}

/* The ties of qy_table_order_ties against the reference. */
static bool ties_agree(const qy_table *t, const qy_sort_key *keys, int nkeys)
{
    int64_t *perm = NULL;
    uint8_t *ties = NULL;
    bool same = qy_table_order_ties(t, keys, nkeys, &perm, &ties, NULL) == QY_OK
             && (t->nrows == 0 || ties[0] == 0);
    for (int64_t i = 1; i < t->nrows && same; i++) same = ties[i] == shared_keys(perm[i], perm[i - 1]);
    qy_free(perm);
    qy_free(ties);
    return same;
}

/* qy_table_order, its ties and qy_table_top_rows agree with the reference. */
static bool agrees_with_reference(const qy_table *t, const qy_sort_key *keys, int nkeys)
{
    int64_t n = t->nrows;
    int64_t *expected = qy_malloc((size_t)n * sizeof *expected), *perm = NULL, *top = NULL, m;
    for (int64_t i = 0; i < n; i++) expected[i] = i;
    ref = (reference){t, keys, nkeys};
    qsort(expected, (size_t)n, sizeof *expected, compare_rows);
    bool same = qy_table_order(t, keys, nkeys, &perm, NULL) == QY_OK
             && memcmp(perm, expected, (size_t)n * sizeof *perm) == 0;
    for (int64_t k = 1; k <= n && same; k = k * 5 + 2) {
        same = qy_table_top_rows(t, k, keys, nkeys, &top, &m, NULL) == QY_OK && m == k
            && memcmp(top, expected, (size_t)k * sizeof *top) == 0;
        qy_free(top);
    }
    qy_free(expected);
    qy_free(perm);
    return same && ties_agree(t, keys, nkeys);
}

static void random_tables_match_a_reference_sort(void)
{
    static const struct { int64_t n; uint64_t distinct; } shapes[] = {
        {2000, 5}, {3000, 5000}, {150000, 300}, {150000, 0},
    };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int64_t n = shapes[s].n;
        uint64_t d = shapes[s].distinct;
        qy_table *t = new_table(n);
        add_column(t, "s", random_column(QY_STRING, n, d ? d : 4000, 50));
        add_column(t, "i", random_column(QY_INT64, n, d, 0));
        add_column(t, "f", random_column(QY_FLOAT64, n, d ? d : 1000, 30));
        add_column(t, "m", random_column(QY_DECIMAL, n, d ? d : 100000, 7));
        add_column(t, "d", random_column(QY_DATE, n, d ? d : 900, 40));
        add_column(t, "b", random_column(QY_BOOL, n, 2, 9));
        qy_sort_key sets[][3] = {
            {{0, false, NULL}, {3, true, NULL}, {0, false, NULL}},
            {{5, true, NULL}, {1, false, NULL}, {2, true, NULL}},
            {{2, false, NULL}, {4, true, NULL}, {0, true, NULL}},
            {{1, true, NULL}, {3, false, NULL}, {5, false, NULL}},
        };
        for (int k = 0; k < 4; k++) {
            CHECK(agrees_with_reference(t, sets[k], 1));
            CHECK(agrees_with_reference(t, sets[k], 3));
        }
        qy_table_release(t);
    }
}

/* Columns shaped for the zone maps of top-k: values spread over many blocks
 * of QY_ZONE_ROWS rows, with ties across blocks, whole null blocks, sorted
 * runs both ways, and fewer values than k. */
enum { ZONE_SHAPES = 6 };
static int64_t zone_shaped_value(int shape, int64_t i, int64_t n, bool *null)
{
    uint64_t r = next_random() >> 8;
    *null = false;
    switch (shape) {
    case 0: *null = r % 7 == 0; return (int64_t)(r % 10);         /* ties in every block */
    case 1: return (int64_t)(r % 1000000) - 500000;               /* spread, no null */
    case 2: return i / 3;                                          /* rising: best last */
    case 3: *null = i >= 4096 && i < 3 * 4096; return n - i / 5;   /* falling, null blocks */
    case 4: *null = i % 1000 != 999; return (int64_t)(r % 3);      /* fewer values than k */
    default: return 42;                                            /* one value */
    }
}

static qy_column *zone_shaped_column(qy_type type, int shape, int64_t n)
{
    qy_column *c = NULL;
    if (qy_column_new(type, 2, NULL, n, &c, NULL) != QY_OK) abort();
    for (int64_t i = 0; i < n; i++) {
        bool null;
        int64_t v = zone_shaped_value(shape, i, n, &null);
        if (null) qy_column_set_null(c, i, NULL);
        else if (type == QY_DATE) c->v.date[i] = (int32_t)v;
        else c->v.i64[i] = v;
    }
    return c;
}

static void top_over_zones_matches_a_reference_sort(void)
{
    enum { N = 50000 };   /* 13 zones, the last one short */
    static const qy_type types[] = {QY_INT64, QY_DECIMAL, QY_DATE};
    qy_table *t = new_table(N);
    for (int shape = 0; shape < ZONE_SHAPES; shape++)
        for (int ty = 0; ty < 3; ty++) {
            char name[32];
            snprintf(name, sizeof name, "x%d_%d", shape, ty);
            add_column(t, name, zone_shaped_column(types[ty], shape, N));
        }
    for (int col = 0; col < t->ncols; col++) {
        qy_sort_key asc = {col, false, NULL}, desc = {col, true, NULL};
        CHECK(agrees_with_reference(t, &asc, 1));
        CHECK(agrees_with_reference(t, &desc, 1));
    }
    qy_table_release(t);
}

static void top_keeps_ties_in_input_order(void)
{
    qy_table *t = one_column(QY_DECIMAL, 2, 7, (const char *[]){"5", "9", "5", NULL, "9", "1",
                             "5"});
    int64_t *idx = NULL, n = 0;
    CHECK_INT(qy_table_top_rows(t, 3, &DESC, 1, &idx, &n, NULL), QY_OK);
    CHECK_STR(perm_text(idx, n), "1 4 0");
    qy_free(idx);
    CHECK_INT(qy_table_top_rows(t, 0, &DESC, 1, &idx, &n, NULL), QY_OK);
    CHECK_INT(n, 0);
    qy_free(idx);
    CHECK_INT(qy_table_top_rows(t, 100, &ASC, 1, &idx, &n, NULL), QY_OK);
    CHECK_STR(perm_text(idx, n), "5 0 2 6 1 4 3");
    qy_free(idx);
    qy_table_release(t);
    /* a heap over many rows: the top 3 of 1000 with plenty of ties */
    enum { N = 1000 };
    qy_table *big = new_table(N);
    qy_column *c = NULL;
    qy_column_new(QY_INT64, 0, NULL, N, &c, NULL);
    for (int i = 0; i < N; i++) c->v.i64[i] = i % 10;
    add_column(big, "x", c);
    CHECK_INT(qy_table_top_rows(big, 3, &DESC, 1, &idx, &n, NULL), QY_OK);
    CHECK_STR(perm_text(idx, n), "9 19 29");
    qy_free(idx);
    qy_table_release(big);
}

static void allocation_failure_is_reported(void)
{
    qy_table *t = new_table(4);
    add_column(t, "s", column_of(QY_STRING, 0, 4, (const char *[]){"b", "a", NULL, "a"}));
    add_column(t, "x", column_of(QY_INT64, 0, 4, (const char *[]){"1", "2", "3", "4"}));
    qy_sort_key keys[] = {{0, false, NULL}, {1, true, NULL}};
    int failures = 0;
    for (long n = 0; n < 40; n++) {
        int64_t *perm = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_table_order(t, keys, 2, &perm, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_STR(perm_text(perm, 4), "3 1 0 2");
            qy_free(perm);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        CHECK_STR(err.msg, "not enough memory to sort 4 rows");
        failures++;
    }
    CHECK(failures > 3);
    qy_table_release(t);
}

int main(void)
{
    RUN(equal_keys_keep_input_order);
    RUN(nulls_last_both_ways);
    RUN(strings_by_bytes);
    RUN(floats_with_zero_and_nan);
    RUN(decimals_dates_bools);
    RUN(extreme_integers);
    RUN(several_keys);
    RUN(empty_one_row_and_no_keys);
    RUN(random_tables_match_a_reference_sort);
    RUN(top_over_zones_matches_a_reference_sort);
    RUN(top_keeps_ties_in_input_order);
    RUN(allocation_failure_is_reported);
    return check_summary("test_sort");
}
