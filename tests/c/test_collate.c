/* test_collate.c — orders of strings as ranks of dict entries: collation
 * names, pinyin through ICU (the Qingyang counties, mixed scripts, bytes
 * that are not UTF-8), listed orders (unlisted after, descending, with a
 * pinyin base, repeats), the ranks driving a sort, allocation failure. */
#include "alloc.h"
#include "check.h"
#include "collate.h"
#include "fixtures.h"
#include "sort.h"

static const char *const COUNTIES[] = {"西峰区", "庆城县", "环县", "华池县",
                                       "合水县", "正宁县", "宁县", "镇原县"};

static qy_dict *dict_of(int n, const char *const *strings)
{
    qy_dict *d = qy_dict_new();
    for (int i = 0; i < n; i++) {
        uint32_t code;
        if (qy_dict_intern(d, strings[i], strlen(strings[i]), &code) != QY_OK) abort();
    }
    return d;
}

/* d's strings in rank order, joined by spaces; checks rank is a permutation. */
static const char *ranked_text(const qy_dict *d, const uint32_t *rank)
{
    static char out[1024];
    const char *at[64] = {0};
    uint32_t size = qy_dict_size(d);
    for (uint32_t code = 0; code < size; code++) {
        CHECK(rank[code] < size && at[rank[code]] == NULL);
        if (rank[code] < size) at[rank[code]] = qy_dict_get(d, code, NULL);
    }
    size_t n = 0;
    out[0] = '\0';
    for (uint32_t r = 0; r < size; r++)
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", r ? " " : "", at[r] ? at[r] : "?");
    return out;
}

static const char *pinyin_text(int n, const char *const *strings)
{
    qy_dict *d = dict_of(n, strings);
    uint32_t *rank = NULL;
    qy_error err = {0};
    CHECK_INT(qy_collate_ranks(d, QY_COLLATE_PINYIN, &rank, &err), QY_OK);
    const char *text = rank ? ranked_text(d, rank) : "(failed)";
    qy_free(rank);
    qy_dict_release(d);
    return text;
}

static const char *listed_text(int nd, const char *const *strings, int nl,
                               const char *const *list, bool descending, qy_collation base)
{
    qy_dict *d = dict_of(nd, strings);
    size_t len[16];
    for (int i = 0; i < nl; i++) len[i] = strlen(list[i]);
    uint32_t *base_rank = NULL, *rank = NULL;
    qy_error err = {0};
    CHECK_INT(qy_collate_ranks(d, base, &base_rank, &err), QY_OK);
    static char failure[512];
    int rc = qy_listed_ranks(d, list, len, nl, descending, base_rank, &rank, &err);
    snprintf(failure, sizeof failure, "%s", err.msg);
    const char *text = rc == QY_OK ? ranked_text(d, rank) : failure;
    qy_free(base_rank);
    qy_free(rank);
    qy_dict_release(d);
    return text;
}

static void collation_names(void)
{
    qy_collation c = QY_COLLATE_BYTES;
    qy_error err = {0};
    CHECK_INT(qy_collation_parse("pinyin", &c, &err), QY_OK);
    CHECK_INT(c, QY_COLLATE_PINYIN);
    CHECK_INT(qy_collation_parse("bytes", &c, &err), QY_OK);
    CHECK_INT(c, QY_COLLATE_BYTES);
    CHECK_INT(qy_collation_parse("zh", &c, &err), QY_EINVAL);
    CHECK_STR(err.msg, "unknown collation 'zh' (pinyin, bytes)");
}

static void counties_in_pinyin(void)
{
    CHECK_STR(pinyin_text(8, COUNTIES), "合水县 华池县 环县 宁县 庆城县 西峰区 镇原县 正宁县");
    /* by bytes (code points) 华 U+534E comes before 合 U+5408 */
    qy_dict *d = dict_of(8, COUNTIES);
    uint32_t *rank = NULL;
    CHECK_INT(qy_collate_ranks(d, QY_COLLATE_BYTES, &rank, NULL), QY_OK);
    CHECK_STR(ranked_text(d, rank), "华池县 合水县 宁县 庆城县 正宁县 环县 西峰区 镇原县");
    qy_free(rank);
    qy_dict_release(d);
}

static void mixed_text_in_pinyin(void)
{
    /* ICU's zh puts the empty string first, then digits, then Han (by
     * pinyin) before Latin letters */
    CHECK_STR(pinyin_text(7, (const char *[]){"庆阳", "Beijing", "2023年", "", "安徽", "zebra", "北京"}),
              " 2023年 安徽 北京 庆阳 Beijing zebra");
    CHECK_STR(pinyin_text(3, (const char *[]){"银行", "阿", "a"}), "阿 银行 a");
}

static void bytes_that_are_not_utf8(void)
{
    /* "\xff" and "\xfe" both read as U+FFFD: told apart by their bytes */
    CHECK_STR(pinyin_text(3, (const char *[]){"\xff", "环县", "\xfe"}), "环县 \xfe \xff");
}

static void empty_dict(void)
{
    qy_dict *d = qy_dict_new();
    uint32_t *rank = NULL, *listed = NULL;
    CHECK_INT(qy_collate_ranks(d, QY_COLLATE_PINYIN, &rank, NULL), QY_OK);
    CHECK_INT(rank[0], 0);   /* one element even so */
    CHECK_INT(qy_listed_ranks(d, COUNTIES, (size_t[]){9, 9}, 2, false, rank, &listed, NULL), QY_OK);
    CHECK_INT(listed[0], 0);
    qy_free(rank);
    qy_free(listed);
    qy_dict_release(d);
}

static void listed_orders(void)
{
    const char *data[] = {"宁县", "外县", "环县", "西峰区", "镇原县", "Z", "合水县", "华池县",
                          "庆城县", "正宁县"};
    CHECK_STR(listed_text(10, data, 8, COUNTIES, false, QY_COLLATE_BYTES),
              "西峰区 庆城县 环县 华池县 合水县 正宁县 宁县 镇原县 Z 外县");
    CHECK_STR(listed_text(10, data, 8, COUNTIES, true, QY_COLLATE_BYTES),
              "镇原县 宁县 正宁县 合水县 华池县 环县 庆城县 西峰区 Z 外县");
    /* listed strings the dict lacks take no place; the rest follow in pinyin */
    CHECK_STR(listed_text(5, (const char *[]){"宁县", "外县", "环县", "北京", "Z"}, 8, COUNTIES,
                          false, QY_COLLATE_PINYIN),
              "环县 宁县 北京 外县 Z");
    CHECK_STR(listed_text(3, (const char *[]){"b", "a", "c"}, 0, NULL, false, QY_COLLATE_BYTES),
              "a b c");
}

static void a_string_listed_twice(void)
{
    const char *list[] = {"环县", "宁县", "环县"};
    CHECK_STR(listed_text(2, (const char *[]){"环县", "宁县"}, 3, list, false, QY_COLLATE_BYTES),
              "'环县' is listed twice");
    /* a repeat the data does not hold is as wrong */
    CHECK_STR(listed_text(1, (const char *[]){"环县"}, 2, (const char *[]){"甲", "甲"}, false,
                          QY_COLLATE_BYTES),
              "'甲' is listed twice");
}

static const char *perm_text(const int64_t *perm, int n)
{
    static char out[256];
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%lld", i ? " " : "",
                                (long long)perm[i]);
    return out;
}

/* The ranks in a sort: stable, nulls last both ways, and a number
 * column refuses a rank. */
static void ranks_drive_the_sort(void)
{
    qy_table *t = new_table(6);
    add_column(t, "county", column_of(QY_STRING, 0, 6,
               (const char *[]){"正宁县", NULL, "合水县", "镇原县", "合水县", "宁县"}));
    add_column(t, "n", column_of(QY_INT64, 0, 6, (const char *[]){"1", "2", "3", "4", "5", "6"}));
    uint32_t *rank = NULL;
    CHECK_INT(qy_collate_ranks(t->cols[0]->dict, QY_COLLATE_PINYIN, &rank, NULL), QY_OK);
    int64_t *perm = NULL;
    qy_sort_key asc = {0, false, rank}, desc = {0, true, rank};
    CHECK_INT(qy_table_order(t, &asc, 1, &perm, NULL), QY_OK);
    CHECK_STR(perm_text(perm, 6), "2 4 5 3 0 1");   /* 合水县 twice in input order, null last */
    qy_free(perm);
    CHECK_INT(qy_table_order(t, &desc, 1, &perm, NULL), QY_OK);
    CHECK_STR(perm_text(perm, 6), "0 3 5 2 4 1");
    qy_free(perm);
    qy_error err = {0};
    qy_sort_key wrong = {1, false, rank};
    CHECK_INT(qy_table_order(t, &wrong, 1, &perm, &err), QY_ETYPE);
    CHECK_STR(err.msg, "sort key column 2 is not text: it takes no rank");
    qy_free(rank);
    qy_table_release(t);
}

static void allocation_failure_is_reported(void)
{
    qy_dict *d = dict_of(8, COUNTIES);
    size_t len[8];
    for (int i = 0; i < 8; i++) len[i] = strlen(COUNTIES[i]);
    int failures = 0;
    for (long n = 0; n < 200; n++) {
        uint32_t *rank = NULL, *listed = NULL;
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_collate_ranks(d, QY_COLLATE_PINYIN, &rank, &err);
        if (rc == QY_OK) rc = qy_listed_ranks(d, COUNTIES, len, 8, true, rank, &listed, &err);
        qy_alloc_fail_after(-1);
        qy_free(rank);
        qy_free(listed);
        if (rc == QY_OK) break;
        CHECK_INT(rc, QY_ENOMEM);
        CHECK(err.msg[0] != '\0');
        failures++;
    }
    CHECK(failures > 4);
    qy_dict_release(d);
}

int main(void)
{
    RUN(collation_names);
    RUN(counties_in_pinyin);
    RUN(mixed_text_in_pinyin);
    RUN(bytes_that_are_not_utf8);
    RUN(empty_dict);
    RUN(listed_orders);
    RUN(a_string_listed_twice);
    RUN(ranks_drive_the_sort);
    RUN(allocation_failure_is_reported);
    return check_summary("test_collate");
}
