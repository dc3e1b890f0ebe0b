/* test_aggregate.c — every aggregate over groups with nulls, empty groups
 * and tables, all-null columns, CJK keys, decimals at several scales;
 * column reductions; overflow and type errors; allocation failure. */
#include <stdlib.h>

#include "aggregate.h"
#include "alloc.h"
#include "check.h"
#include "fixtures.h"

/* county  amount   n     x     day         who   ok
 * 环县     1.50     1     0.5   2023-01-05  b     true
 * 宁县     2.00     2     null  2023-03-01  a     false
 * 环县     null     3     2.5   null        null  null
 * null     0.25     null  1.0   2022-12-31  c     true
 * 宁县     2.00     5     -1.5  2023-02-01  a     true
 * 环县     3.05     6     4.0   2023-01-05  B     false */
static qy_table *ledger(void)
{
    qy_table *t = new_table(6);
    add_column(t, "county", column_of(QY_STRING, 0, 6,
               (const char *[]){"环县", "宁县", "环县", NULL, "宁县", "环县"}));
    add_column(t, "amount", column_of(QY_DECIMAL, 2, 6,
               (const char *[]){"1.50", "2.00", NULL, "0.25", "2", "3.05"}));
    add_column(t, "n", column_of(QY_INT64, 0, 6, (const char *[]){"1", "2", "3", NULL, "5", "6"}));
    add_column(t, "x", column_of(QY_FLOAT64, 0, 6,
               (const char *[]){"0.5", NULL, "2.5", "1.0", "-1.5", "4.0"}));
    add_column(t, "day", column_of(QY_DATE, 0, 6,
               (const char *[]){"2023-01-05", "2023-03-01", NULL, "2022-12-31", "2023-02-01",
                                "2023-01-05"}));
    add_column(t, "who", column_of(QY_STRING, 0, 6, (const char *[]){"b", "a", NULL, "c", "a", "B"}));
    add_column(t, "ok", column_of(QY_BOOL, 0, 6,
               (const char *[]){"true", "false", NULL, "true", "true", "false"}));
    return t;
}

/* The cells of c as text joined by spaces, "null" for nulls. */
static const char *cells(const qy_column *c)
{
    static char out[1024];
    size_t n = 0;
    for (int64_t i = 0; i < c->length; i++) {
        char buf[64];
        const char *text;
        size_t len = qy_column_format(c, i, buf, sizeof buf, &text);
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s", i ? " " : "",
                              text ? (int)len : 4, text ? text : "null");
    }
    out[n] = '\0';
    return out;
}

static const char *type_of(const qy_column *c)
{
    static char buf[16];
    return qy_type_name(c->type, c->scale, buf);
}

/* One aggregate of column col (-1: rows) over t grouped by county. */
static const char *by_county(qy_table *t, qy_agg_kind kind, int col, const char **type)
{
    qy_groups g;
    qy_column *c = NULL;
    qy_agg agg = {"v", kind, col};
    static char text[1024];
    if (qy_groups_build(t, (int[]){0}, 1, &g, NULL) != QY_OK) abort();
    int rc = qy_aggregate_column(t, &g, &agg, &c, NULL);
    qy_groups_free(&g);
    if (rc != QY_OK) return "error";
    snprintf(text, sizeof text, "%s", cells(c));
    if (type) *type = type_of(c);
    qy_column_release(c);
    return text;
}

static void names_round_trip(void)
{
    for (int k = QY_AGG_COUNT; k <= QY_AGG_FIRST; k++) {
        qy_agg_kind kind;
        CHECK_INT(qy_agg_parse(qy_agg_name((qy_agg_kind)k), &kind), QY_OK);
        CHECK_INT(kind, k);
    }
    qy_agg_kind kind;
    CHECK_STR(qy_agg_name(QY_AGG_COUNT_DISTINCT), "count_distinct");
    CHECK_INT(qy_agg_parse("avg", &kind), QY_EINVAL);
}

static void counts_rows_and_values(void)
{
    qy_table *t = ledger();
    const char *type;
    CHECK_STR(by_county(t, QY_AGG_COUNT, -1, &type), "3 2 1");     /* 环县 宁县 null */
    CHECK_STR(type, "int64");
    CHECK_STR(by_county(t, QY_AGG_COUNT, 1, NULL), "2 2 1");
    CHECK_STR(by_county(t, QY_AGG_COUNT, 5, NULL), "2 2 1");
    CHECK_STR(by_county(t, QY_AGG_COUNT_DISTINCT, 5, NULL), "2 1 1");
    CHECK_STR(by_county(t, QY_AGG_COUNT_DISTINCT, 1, NULL), "2 1 1");
    CHECK_STR(by_county(t, QY_AGG_COUNT_DISTINCT, 4, NULL), "1 2 1");
    CHECK_STR(by_county(t, QY_AGG_COUNT_DISTINCT, 6, NULL), "2 2 1");
    qy_table_release(t);
}

static void sums_are_exact_and_typed(void)
{
    qy_table *t = ledger();
    const char *type;
    CHECK_STR(by_county(t, QY_AGG_SUM, 1, &type), "4.55 4.00 0.25");
    CHECK_STR(type, "decimal(2)");
    CHECK_STR(by_county(t, QY_AGG_SUM, 2, &type), "10 7 null");
    CHECK_STR(type, "int64");
    CHECK_STR(by_county(t, QY_AGG_SUM, 3, &type), "7 -1.5 1");
    CHECK_STR(type, "float64");
    qy_table_release(t);
}

static void means_and_medians(void)
{
    qy_table *t = ledger();
    const char *type;
    CHECK_STR(by_county(t, QY_AGG_MEAN, 1, &type), "2.275 2 0.25");
    CHECK_STR(type, "float64");
    CHECK_STR(by_county(t, QY_AGG_MEAN, 2, NULL), "3.3333333333333335 3.5 null");
    CHECK_STR(by_county(t, QY_AGG_MEDIAN, 1, &type), "2.275 2 0.25");  /* even: mid of two */
    CHECK_STR(type, "float64");
    CHECK_STR(by_county(t, QY_AGG_MEDIAN, 2, NULL), "3 3.5 null");     /* odd and even */
    CHECK_STR(by_county(t, QY_AGG_MEDIAN, 3, NULL), "2.5 -1.5 1");
    qy_table_release(t);
}

static void extremes_keep_the_type(void)
{
    qy_table *t = ledger();
    const char *type;
    CHECK_STR(by_county(t, QY_AGG_MIN, 1, &type), "1.50 2.00 0.25");
    CHECK_STR(type, "decimal(2)");
    CHECK_STR(by_county(t, QY_AGG_MAX, 3, NULL), "4 -1.5 1");
    CHECK_STR(by_county(t, QY_AGG_MIN, 4, &type), "2023-01-05 2023-02-01 2022-12-31");
    CHECK_STR(type, "date");
    CHECK_STR(by_county(t, QY_AGG_MAX, 4, NULL), "2023-01-05 2023-03-01 2022-12-31");
    CHECK_STR(by_county(t, QY_AGG_MIN, 5, &type), "B a c");   /* by bytes: 'B' < 'b' */
    CHECK_STR(type, "string");
    CHECK_STR(by_county(t, QY_AGG_MAX, 5, NULL), "b a c");
    CHECK_STR(by_county(t, QY_AGG_MIN, 6, NULL), "false false true");
    CHECK_STR(by_county(t, QY_AGG_MAX, 6, NULL), "true true true");
    CHECK_STR(by_county(t, QY_AGG_MIN, 0, NULL), "环县 宁县 null");
    qy_table_release(t);
}

static void first_is_the_value_at_the_first_row(void)
{
    qy_table *t = ledger();
    CHECK_STR(by_county(t, QY_AGG_FIRST, 5, NULL), "b a c");
    CHECK_STR(by_county(t, QY_AGG_FIRST, 3, NULL), "0.5 null 1");   /* may be null */
    qy_table_release(t);
}

static void strings_order_by_bytes(void)
{
    qy_table *t = new_table(5);
    add_column(t, "k", column_of(QY_INT64, 0, 5, (const char *[]){"1", "1", "1", "1", "1"}));
    add_column(t, "s", column_of(QY_STRING, 0, 5,
               (const char *[]){"环县", "宁县", "ab", "a", "西峰区"}));
    const char *min, *max;
    qy_groups g;
    qy_groups_build(t, (int[]){0}, 1, &g, NULL);
    qy_column *c;
    qy_aggregate_column(t, &g, &(qy_agg){"v", QY_AGG_MIN, 1}, &c, NULL);
    min = qy_dict_get(c->dict, c->v.code[0], NULL);
    CHECK_STR(min, "a");
    qy_column_release(c);
    qy_aggregate_column(t, &g, &(qy_agg){"v", QY_AGG_MAX, 1}, &c, NULL);
    max = qy_dict_get(c->dict, c->v.code[0], NULL);
    CHECK_STR(max, "西峰区");       /* U+897F sorts after U+73AF (环) and U+5B81 (宁) */
    qy_column_release(c);
    qy_groups_free(&g);
    qy_table_release(t);
}

static void all_null_columns(void)
{
    qy_table *t = new_table(3);
    add_column(t, "k", column_of(QY_STRING, 0, 3, (const char *[]){"甲", "乙", "甲"}));
    add_column(t, "v", column_of(QY_DECIMAL, 2, 3, (const char *[]){NULL, NULL, NULL}));
    CHECK_STR(by_county(t, QY_AGG_SUM, 1, NULL), "null null");
    CHECK_STR(by_county(t, QY_AGG_COUNT, 1, NULL), "0 0");
    CHECK_STR(by_county(t, QY_AGG_COUNT, -1, NULL), "2 1");
    CHECK_STR(by_county(t, QY_AGG_MEAN, 1, NULL), "null null");
    CHECK_STR(by_county(t, QY_AGG_MEDIAN, 1, NULL), "null null");
    CHECK_STR(by_county(t, QY_AGG_MIN, 1, NULL), "null null");
    CHECK_STR(by_county(t, QY_AGG_COUNT_DISTINCT, 1, NULL), "0 0");
    CHECK_STR(by_county(t, QY_AGG_FIRST, 1, NULL), "null null");
    qy_table_release(t);
}

static void decimals_at_several_scales(void)
{
    qy_table *t = new_table(3);
    add_column(t, "k", column_of(QY_BOOL, 0, 3, (const char *[]){"true", "true", "true"}));
    add_column(t, "d0", column_of(QY_DECIMAL, 0, 3, (const char *[]){"7", "-2", "9"}));
    add_column(t, "d4", column_of(QY_DECIMAL, 4, 3, (const char *[]){"0.0001", "0.1", "0.2"}));
    add_column(t, "d6", column_of(QY_DECIMAL, 6, 3,
               (const char *[]){"1.000001", "-0.000002", "0.3"}));
    CHECK_STR(by_county(t, QY_AGG_SUM, 1, NULL), "14");
    CHECK_STR(by_county(t, QY_AGG_SUM, 2, NULL), "0.3001");
    CHECK_STR(by_county(t, QY_AGG_SUM, 3, NULL), "1.299999");
    CHECK_STR(by_county(t, QY_AGG_MEAN, 2, NULL), "0.10003333333333334");
    CHECK_STR(by_county(t, QY_AGG_MEDIAN, 3, NULL), "0.3");
    CHECK_STR(by_county(t, QY_AGG_MAX, 3, NULL), "1.000001");
    qy_table_release(t);
}

static void whole_table_and_empty_tables(void)
{
    qy_table *t = ledger(), *r = NULL;
    qy_agg aggs[] = {{"n", QY_AGG_COUNT, -1}, {"total", QY_AGG_SUM, 1}, {"lo", QY_AGG_MIN, 5},
                     {"first", QY_AGG_FIRST, 0}};
    CHECK_INT(qy_table_aggregate(t, NULL, 0, aggs, 4, &r, NULL), QY_OK);
    CHECK_INT(r->nrows, 1);
    CHECK_INT(r->ncols, 4);
    CHECK_STR(r->names[1], "total");
    CHECK_STR(cells(r->cols[0]), "6");
    CHECK_STR(cells(r->cols[1]), "8.80");
    CHECK_STR(cells(r->cols[2]), "B");
    CHECK_STR(cells(r->cols[3]), "环县");
    qy_table_release(r);
    qy_table *empty = NULL;
    qy_table_slice(t, 0, 0, &empty, NULL);
    CHECK_INT(qy_table_aggregate(empty, NULL, 0, aggs, 4, &r, NULL), QY_OK);
    CHECK_INT(r->nrows, 1);
    CHECK_STR(cells(r->cols[0]), "0");
    CHECK_STR(cells(r->cols[1]), "null");
    CHECK_STR(type_of(r->cols[1]), "decimal(2)");
    CHECK_STR(cells(r->cols[2]), "null");
    CHECK_STR(cells(r->cols[3]), "null");
    qy_table_release(r);
    CHECK_INT(qy_table_aggregate(empty, (int[]){0}, 1, aggs, 4, &r, NULL), QY_OK);
    CHECK_INT(r->nrows, 0);
    CHECK_INT(r->ncols, 5);
    CHECK_STR(r->names[0], "county");
    qy_table_release(r);
    qy_table_release(empty);
    qy_table_release(t);
}

static void keys_then_aggregates(void)
{
    qy_table *t = ledger(), *r = NULL;
    qy_agg aggs[] = {{"total", QY_AGG_SUM, 1}, {"n", QY_AGG_COUNT, -1}};
    CHECK_INT(qy_table_aggregate(t, (int[]){0, 6}, 2, aggs, 2, &r, NULL), QY_OK);
    CHECK_INT(r->ncols, 4);
    CHECK_STR(r->names[0], "county");
    CHECK_STR(r->names[1], "ok");
    CHECK_STR(r->names[2], "total");
    CHECK_STR(cells(r->cols[0]), "环县 宁县 环县 null 宁县 环县");
    CHECK_STR(cells(r->cols[1]), "true false null true true false");
    CHECK_STR(cells(r->cols[2]), "1.50 2.00 null 0.25 2.00 3.05");
    CHECK_STR(cells(r->cols[3]), "1 1 1 1 1 1");
    qy_table_release(r);
    qy_table *one = NULL;
    qy_table_slice(t, 5, 1, &one, NULL);
    CHECK_INT(qy_table_aggregate(one, (int[]){0}, 1, aggs, 2, &r, NULL), QY_OK);
    CHECK_STR(cells(r->cols[1]), "3.05");
    CHECK_STR(cells(r->cols[2]), "1");
    qy_table_release(r);
    qy_table_release(one);
    qy_table_release(t);
}

static void errors_name_the_column(void)
{
    qy_table *t = ledger(), *r = NULL;
    qy_error err = {0};
    CHECK_INT(qy_table_aggregate(t, NULL, 0, &(qy_agg){"s", QY_AGG_SUM, 5}, 1, &r, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot sum string column 'who'");
    CHECK_INT(qy_table_aggregate(t, NULL, 0, &(qy_agg){"s", QY_AGG_MEAN, 4}, 1, &r, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot average date column 'day'");
    CHECK_INT(qy_table_aggregate(t, NULL, 0, &(qy_agg){"s", QY_AGG_MEDIAN, 6}, 1, &r, &err),
              QY_ETYPE);
    CHECK_STR(err.msg, "cannot take the median of bool column 'ok'");
    CHECK_INT(qy_table_aggregate(t, NULL, 0, &(qy_agg){"s", QY_AGG_SUM, -1}, 1, &r, &err),
              QY_EINVAL);
    CHECK_STR(err.msg, "sum needs a column");
    CHECK_INT(qy_table_aggregate(t, (int[]){0}, 1, &(qy_agg){"county", QY_AGG_COUNT, -1}, 1, &r,
                                 &err), QY_EINVAL);
    CHECK_STR(err.msg, "duplicate column name 'county'");
    qy_table_release(t);

    t = new_table(2);
    add_column(t, "big", column_of(QY_DECIMAL, 2, 2,
               (const char *[]){"92233720368547758.07", "0.01"}));
    CHECK_INT(qy_table_aggregate(t, NULL, 0, &(qy_agg){"s", QY_AGG_SUM, 0}, 1, &r, &err),
              QY_EOVERFLOW);
    CHECK_STR(err.msg, "the sum of column 'big' overflows decimal(2)");
    qy_scalar s;
    CHECK_INT(qy_column_reduce(t->cols[0], NULL, QY_AGG_SUM, &s, &err), QY_EOVERFLOW);
    CHECK_STR(err.msg, "the sum of a column overflows decimal(2)");
    CHECK_INT(qy_column_reduce(t->cols[0], NULL, QY_AGG_MAX, &s, &err), QY_OK);
    CHECK_INT(s.v.i64, INT64_MAX);
    qy_table_release(t);
}

static void reductions_are_scalars(void)
{
    qy_table *t = ledger();
    qy_scalar s;
    CHECK_INT(qy_column_reduce(t->cols[1], NULL, QY_AGG_SUM, &s, NULL), QY_OK);
    CHECK(!s.null && s.type == QY_DECIMAL && s.scale == 2 && s.v.i64 == 880);
    CHECK_INT(qy_column_reduce(t->cols[1], NULL, QY_AGG_COUNT, &s, NULL), QY_OK);
    CHECK_INT(s.v.i64, 5);
    CHECK_INT(qy_column_reduce(t->cols[5], NULL, QY_AGG_COUNT_DISTINCT, &s, NULL), QY_OK);
    CHECK_INT(s.v.i64, 4);
    CHECK_INT(qy_column_reduce(t->cols[2], NULL, QY_AGG_MEDIAN, &s, NULL), QY_OK);
    CHECK_DBL(s.v.f64, 3);
    CHECK_INT(qy_column_reduce(t->cols[0], NULL, QY_AGG_MAX, &s, NULL), QY_OK);
    CHECK(s.type == QY_STRING && s.v.str.len == 6 && memcmp(s.v.str.ptr, "环县", 6) == 0);
    CHECK_INT(qy_column_reduce(t->cols[4], NULL, QY_AGG_MIN, &s, NULL), QY_OK);
    CHECK(s.type == QY_DATE && s.v.date == 19357);   /* 2022-12-31 */
    qy_error err = {0};
    CHECK_INT(qy_column_reduce(t->cols[0], NULL, QY_AGG_SUM, &s, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot sum a string column");
    CHECK_INT(qy_column_reduce(t->cols[0], "county", QY_AGG_MEAN, &s, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot average string column 'county'");
    qy_column *empty = column_of(QY_DECIMAL, 3, 0, NULL);
    CHECK_INT(qy_column_reduce(empty, NULL, QY_AGG_SUM, &s, NULL), QY_OK);
    CHECK(s.null && s.type == QY_DECIMAL && s.scale == 3);
    CHECK_INT(qy_column_reduce(empty, NULL, QY_AGG_COUNT, &s, NULL), QY_OK);
    CHECK(!s.null && s.v.i64 == 0);
    CHECK_INT(qy_column_reduce(empty, NULL, QY_AGG_MEDIAN, &s, NULL), QY_OK);
    CHECK(s.null);
    qy_column_release(empty);
    qy_table_release(t);
}

static int compare_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Medians by selection agree with medians by sorting, over many groups of
 * every size, with many ties. */
static void medians_agree_with_sorting(void)
{
    enum { N = 20000, G = 97 };
    qy_table *t = new_table(N);
    qy_column *k, *v;
    qy_column_new(QY_INT64, 0, NULL, N, &k, NULL);
    qy_column_new(QY_INT64, 0, NULL, N, &v, NULL);
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        k->v.i64[i] = (int64_t)(x % G) * (int64_t)(x % G) % G;   /* uneven group sizes */
        v->v.i64[i] = (int64_t)(x >> 40) % 50 - 25;
    }
    add_column(t, "k", k);
    add_column(t, "v", v);
    qy_groups g;
    qy_column *m;
    qy_groups_build(t, (int[]){0}, 1, &g, NULL);
    CHECK_INT(qy_aggregate_column(t, &g, &(qy_agg){"m", QY_AGG_MEDIAN, 1}, &m, NULL), QY_OK);
    int64_t *vals = malloc(N * sizeof *vals);
    int ok = 1;
    for (int64_t grp = 0; grp < g.ngroups; grp++) {
        int64_t n = 0;
        for (int i = 0; i < N; i++)
            if (g.group[i] == grp) vals[n++] = v->v.i64[i];
        qsort(vals, (size_t)n, sizeof *vals, compare_int64);
        double want = n % 2 ? (double)vals[n / 2] : (vals[n / 2 - 1] + vals[n / 2]) / 2.0;
        ok &= m->v.f64[grp] == want;
    }
    CHECK(ok);
    free(vals);
    qy_column_release(m);
    qy_groups_free(&g);
    qy_table_release(t);
}

/* A table big enough that its aggregates run on two threads: CJK counties,
 * decimals with nulls, floats with nulls, and an all-null decimal. */
static qy_table *big_ledger(int n)
{
    static const char *const counties[] = {"环县", "宁县", "西峰区", "合水县"};
    qy_table *t = new_table(n);
    qy_column *county, *amount, *funds, *x, *none;
    qy_dict *dict = qy_dict_new();
    qy_column_new(QY_STRING, 0, dict, n, &county, NULL);
    qy_dict_release(dict);
    qy_column_new(QY_DECIMAL, 2, NULL, n, &amount, NULL);
    qy_column_new(QY_DECIMAL, 2, NULL, n, &funds, NULL);
    qy_column_new(QY_FLOAT64, 0, NULL, n, &x, NULL);
    qy_column_new(QY_DECIMAL, 2, NULL, n, &none, NULL);
    for (int i = 0; i < n; i++) {
        const char *c = counties[(i * 7 + i / 3) % 4];
        qy_dict_intern(county->dict, c, strlen(c), &county->v.code[i]);
        if (i % 5 == 3) qy_column_set_null(county, i, NULL);
        amount->v.i64[i] = (int64_t)(i % 1000) * 37 - 9000;
        funds->v.i64[i] = (int64_t)i * 11;
        if (i % 3 == 0) qy_column_set_null(funds, i, NULL);
        x->v.f64[i] = (i % 8) * 0.25;
        if (i % 4 == 1) qy_column_set_null(x, i, NULL);
        qy_column_set_null(none, i, NULL);
    }
    add_column(t, "county", county);
    add_column(t, "amount", amount);
    add_column(t, "funds", funds);
    add_column(t, "x", x);
    add_column(t, "none", none);
    return t;
}

/* Counts and sums over two threads equal a plain loop over the rows. */
static void big_aggregates_agree_with_a_plain_loop(void)
{
    enum { N = 600001, G = 5 };   /* N * 2 aggregates: two threads */
    qy_table *t = big_ledger(N), *r = NULL;
    qy_agg aggs[] = {
        {"n", QY_AGG_COUNT, -1}, {"amount", QY_AGG_SUM, 1}, {"funds", QY_AGG_SUM, 2},
        {"nfunds", QY_AGG_COUNT, 2}, {"x", QY_AGG_SUM, 3}, {"none", QY_AGG_SUM, 4},
    };
    CHECK_INT(qy_table_aggregate(t, (int[]){0}, 1, aggs, 6, &r, NULL), QY_OK);
    qy_groups g;
    CHECK_INT(qy_groups_build(t, (int[]){0}, 1, &g, NULL), QY_OK);
    int64_t n[G] = {0}, amount[G] = {0}, funds[G] = {0}, nfunds[G] = {0};
    double x[G] = {0};
    bool any_x[G] = {0};
    for (int i = 0; i < N; i++) {
        int k = g.group[i];
        n[k]++;
        amount[k] += t->cols[1]->v.i64[i];
        if (!qy_column_is_null(t->cols[2], i)) {
            funds[k] += t->cols[2]->v.i64[i];
            nfunds[k]++;
        }
        if (!qy_column_is_null(t->cols[3], i)) {
            x[k] += t->cols[3]->v.f64[i];
            any_x[k] = true;
        }
    }
    CHECK_INT(g.ngroups, G);
    CHECK_INT(r->nrows, G);
    for (int k = 0; k < G && r->nrows == G; k++) {
        CHECK_INT(r->cols[1]->v.i64[k], n[k]);
        CHECK_INT(r->cols[2]->v.i64[k], amount[k]);
        CHECK_INT(r->cols[3]->v.i64[k], funds[k]);
        CHECK_INT(r->cols[4]->v.i64[k], nfunds[k]);
        CHECK(r->cols[5]->v.f64[k] == x[k]);
        CHECK(qy_column_is_null(r->cols[5], k) == !any_x[k]);
        CHECK(qy_column_is_null(r->cols[6], k));
    }
    CHECK_STR(type_of(r->cols[3]), "decimal(2)");
    qy_groups_free(&g);
    qy_table_release(r);
    qy_table_release(t);
}

/* On two threads the error is still that of the first aggregate to fail,
 * in the order given, whichever thread ran it. */
static void big_aggregates_report_the_first_error(void)
{
    enum { N = 600001 };
    qy_table *t = big_ledger(N), *r = NULL;
    qy_column *big = NULL;
    qy_column_new(QY_DECIMAL, 2, NULL, N, &big, NULL);
    for (int i = 0; i < N; i++) big->v.i64[i] = INT64_MAX / 4;
    add_column(t, "big", big);
    qy_error err = {0};
    qy_agg overflow_second[] = {
        {"n", QY_AGG_COUNT, -1}, {"s", QY_AGG_SUM, 5}, {"c", QY_AGG_SUM, 0},
    };
    CHECK_INT(qy_table_aggregate(t, (int[]){0}, 1, overflow_second, 3, &r, &err), QY_EOVERFLOW);
    CHECK_STR(err.msg, "the sum of column 'big' overflows decimal(2)");
    qy_agg type_first[] = {
        {"n", QY_AGG_COUNT, -1}, {"county", QY_AGG_SUM, 1}, {"c", QY_AGG_SUM, 0},
        {"s", QY_AGG_SUM, 5},
    };
    CHECK_INT(qy_table_aggregate(t, (int[]){0}, 1, type_first, 4, &r, &err), QY_EINVAL);
    CHECK_STR(err.msg, "duplicate column name 'county'");
    CHECK_INT(qy_table_aggregate(t, (int[]){0}, 1, type_first + 1, 3, &r, &err), QY_EINVAL);
    CHECK_STR(err.msg, "duplicate column name 'county'");
    CHECK_INT(qy_table_aggregate(t, (int[]){0}, 1, type_first + 2, 2, &r, &err), QY_ETYPE);
    CHECK_STR(err.msg, "cannot sum string column 'county'");
    qy_table_release(t);
}

static void allocation_failure_is_reported(void)
{
    qy_table *t = ledger();
    qy_agg aggs[] = {{"n", QY_AGG_COUNT, -1}, {"s", QY_AGG_SUM, 1}, {"m", QY_AGG_MEDIAN, 2},
                     {"lo", QY_AGG_MIN, 5}, {"d", QY_AGG_COUNT_DISTINCT, 5},
                     {"f", QY_AGG_FIRST, 3}, {"a", QY_AGG_MEAN, 3}};
    int failures = 0;
    for (long n = 0; n < 200; n++) {
        qy_table *r = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_table_aggregate(t, (int[]){0}, 1, aggs, 7, &r, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_STR(cells(r->cols[5]), "2 1 1");
            qy_table_release(r);
            break;
        }
        CHECK_INT(rc, QY_ENOMEM);
        CHECK(err.msg[0] != '\0');
        failures++;
    }
    CHECK(failures > 20);
    qy_table_release(t);
}

int main(void)
{
    RUN(names_round_trip);
    RUN(counts_rows_and_values);
    RUN(sums_are_exact_and_typed);
    RUN(means_and_medians);
    RUN(extremes_keep_the_type);
    RUN(first_is_the_value_at_the_first_row);
    RUN(strings_order_by_bytes);
    RUN(all_null_columns);
    RUN(decimals_at_several_scales);
    RUN(whole_table_and_empty_tables);
    RUN(keys_then_aggregates);
    RUN(errors_name_the_column);
    RUN(reductions_are_scalars);
    RUN(medians_agree_with_sorting);
    RUN(big_aggregates_agree_with_a_plain_loop);
    RUN(big_aggregates_report_the_first_error);
    RUN(allocation_failure_is_reported);
    return check_summary("test_aggregate");
}
