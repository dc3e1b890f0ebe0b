/* test_strfn.c — string functions of string columns: characters counted as
 * code points (CJK, invalid bytes), string.sub's position rules, Unicode
 * white space, replacing and splitting on plain text, ASCII case, one dict
 * entry per distinct result, nulls, empty columns, bad arguments, running
 * out of memory. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "strfn.h"

#define STR(n, ...) column_of(QY_STRING, 0, n, (const char *[]){__VA_ARGS__})

/* The text of out, checking it is a string column with dict_size entries
 * (or any number when dict_size < 0); releases out. */
static const char *strings(qy_column *out, int dict_size)
{
    if (!out) return "error";
    CHECK_INT(out->type, QY_STRING);
    if (dict_size >= 0) CHECK_INT(qy_dict_size(out->dict), dict_size);
    const char *s = column_text(out);
    qy_column_release(out);
    return s;
}

static const char *sub(const qy_column *c, int64_t i, int64_t j)
{
    qy_column *out = NULL;
    CHECK_INT(qy_str_sub(c, i, j, &out, NULL), QY_OK);
    return strings(out, -1);
}

static void length_counts_characters(void)
{
    qy_column *c = STR(6, "庆阳市", NULL, "", "abc", "\xff\xfe", "西峰区 a"), *out = NULL;
    CHECK_INT(qy_str_length(c, &out, NULL), QY_OK);
    CHECK_INT(out->type, QY_INT64);
    CHECK_STR(column_text(out), "3 null 0 3 2 5");    /* an invalid byte is one character */
    CHECK_INT(out->null_count, 1);
    CHECK_INT(out->v.i64[1], 0);
    qy_column_release(out);
    qy_column_release(c);
}

static void sub_follows_string_sub(void)
{
    qy_column *c = STR(3, "西峰区", NULL, "abcde");
    CHECK_STR(sub(c, 1, 2), "西峰 null ab");
    CHECK_STR(sub(c, -1, -1), "区 null e");
    CHECK_STR(sub(c, 2, -1), "峰区 null bcde");
    CHECK_STR(sub(c, 0, 1), "西 null a");          /* 0 is taken as 1 */
    CHECK_STR(sub(c, -100, 2), "西峰 null ab");    /* before the start: the start */
    CHECK_STR(sub(c, 2, 100), "峰区 null bcde");   /* past the end: the end */
    CHECK_STR(sub(c, 3, 2), " null ");             /* i > j: empty */
    CHECK_STR(sub(c, 4, -1), " null de");
    CHECK_STR(sub(c, -2, -3), " null ");
    CHECK_STR(sub(c, 1, 0), " null ");
    CHECK_STR(sub(c, 1, -100), " null ");
    qy_column *bad = STR(1, "a\xff" "b");
    CHECK_STR(sub(bad, 3, 3), "b");                /* the bad byte took one place */
    qy_column_release(bad);
    qy_column_release(c);
}

static void trim_strips_unicode_spaces(void)
{
    qy_column *c = STR(8, "\xe3\x80\x80" "庆阳\xe3\x80\x80", " \t\r\n\v\fa b\t", "\xc2\xa0x\xc2\xa0",
                       "\xef\xbb\xbf" "BOM", "\xe2\x80\x80\xe2\x80\x8a" "y\xe2\x80\xaf",
                       "\xe3\x80\x80 ", NULL, "\xe2\x80\x8bz");
    qy_column *out = NULL;
    CHECK_INT(qy_str_trim(c, &out, NULL), QY_OK);
    CHECK_STR(qy_dict_get(out->dict, out->v.code[0], NULL), "庆阳");
    CHECK_STR(qy_dict_get(out->dict, out->v.code[1], NULL), "a b");
    CHECK_STR(qy_dict_get(out->dict, out->v.code[2], NULL), "x");
    CHECK_STR(qy_dict_get(out->dict, out->v.code[3], NULL), "BOM");
    CHECK_STR(qy_dict_get(out->dict, out->v.code[4], NULL), "y");
    CHECK_STR(qy_dict_get(out->dict, out->v.code[5], NULL), "");      /* all space */
    CHECK(qy_column_is_null(out, 6));
    CHECK_STR(qy_dict_get(out->dict, out->v.code[7], NULL), "\xe2\x80\x8bz");  /* U+200B is no space */
    qy_column_release(out);
    qy_column_release(c);
}

static void starts_and_ends(void)
{
    qy_column *c = STR(5, "甘肃省庆阳市", NULL, "", "庆阳", "甘"), *out = NULL;
    CHECK_INT(qy_str_starts(c, "甘肃", strlen("甘肃"), &out, NULL), QY_OK);
    CHECK_INT(out->type, QY_BOOL);
    CHECK_STR(column_text(out), "true null false false false");
    qy_column_release(out);
    CHECK_INT(qy_str_ends(c, "庆阳市", strlen("庆阳市"), &out, NULL), QY_OK);
    CHECK_STR(column_text(out), "true null false false false");
    qy_column_release(out);
    CHECK_INT(qy_str_ends(c, "", 0, &out, NULL), QY_OK);               /* everything ends with "" */
    CHECK_STR(column_text(out), "true null true true true");
    qy_column_release(out);
    qy_column_release(c);
}

static const char *replace(const qy_column *c, const char *from, const char *to, int dict_size)
{
    qy_column *out = NULL;
    CHECK_INT(qy_str_replace(c, from, strlen(from), to, strlen(to), &out, NULL), QY_OK);
    return strings(out, dict_size);
}

static void replace_plain_text(void)
{
    qy_column *c = STR(6, "庆阳市西峰区", NULL, "aaa", "a.b.c", "庆阳市", "x");
    CHECK_STR(replace(c, "庆阳市", "", 5), "西峰区 null aaa a.b.c  x");
    CHECK_STR(replace(c, "aa", "b", 5), "庆阳市西峰区 null ba a.b.c 庆阳市 x");  /* left to right */
    CHECK_STR(replace(c, ".", "%", 5), "庆阳市西峰区 null aaa a%b%c 庆阳市 x");  /* no pattern */
    CHECK_STR(replace(c, "a", "aa", 5), "庆阳市西峰区 null aaaaaa aa.b.c 庆阳市 x");
    CHECK_STR(replace(c, "x", "庆阳市", 4), "庆阳市西峰区 null aaa a.b.c 庆阳市 庆阳市");
    qy_column_release(c);
}

static const char *split(const qy_column *c, const char *sep, int64_t piece, int dict_size)
{
    qy_column *out = NULL;
    CHECK_INT(qy_str_split(c, sep, strlen(sep), piece, &out, NULL), QY_OK);
    return strings(out, dict_size);
}

static void split_pieces(void)
{
    qy_column *c = STR(5, "甘肃省/庆阳市/西峰区", NULL, "a//b", "", "甘肃省/庆阳市/环县");
    CHECK_STR(split(c, "/", 1, 3), "甘肃省 null a  甘肃省");
    CHECK_STR(split(c, "/", 2, 2), "庆阳市 null  null 庆阳市");     /* "" is a piece, missing is null */
    CHECK_STR(split(c, "/", 3, 3), "西峰区 null b null 环县");
    CHECK_STR(split(c, "/", 4, 0), "null null null null null");
    CHECK_STR(split(c, "/", -1, 4), "西峰区 null b  环县");
    CHECK_STR(split(c, "/", -3, 2), "甘肃省 null a null 甘肃省");
    CHECK_STR(split(c, "/", -4, 0), "null null null null null");
    CHECK_STR(split(c, "庆阳市", 2, 2), "/西峰区 null null null /环县");
    CHECK_STR(split(c, "//", 2, 1), "null null b null null");
    qy_column_release(c);
}

static void ascii_case_only(void)
{
    qy_column *c = STR(4, "Hello 庆阳", NULL, "ÀÉ abc", "[@`{]"), *out = NULL;
    CHECK_INT(qy_str_upper(c, &out, NULL), QY_OK);
    CHECK_STR(strings(out, 3), "HELLO 庆阳 null ÀÉ ABC [@`{]");
    CHECK_INT(qy_str_lower(c, &out, NULL), QY_OK);
    CHECK_STR(strings(out, 3), "hello 庆阳 null ÀÉ abc [@`{]");
    qy_column_release(c);
}

static void one_entry_per_distinct_result(void)
{
    qy_column *c = STR(6, "甘肃省/庆阳市", "甘肃省/平凉市", "甘肃省/庆阳市", NULL, "甘肃省", "x/甘肃省");
    CHECK_STR(split(c, "/", 1, 2), "甘肃省 甘肃省 甘肃省 null 甘肃省 x");
    CHECK_STR(sub(c, 1, 3), "甘肃省 甘肃省 甘肃省 null 甘肃省 x/甘");
    /* a column sharing a big dict: entries its rows do not use are not looked at */
    qy_column *two = NULL, *out = NULL;
    CHECK_INT(qy_column_take(c, (const int64_t[]){1, 1}, 2, &two, NULL), QY_OK);
    CHECK_INT(qy_str_split(two, "/", 1, 2, &out, NULL), QY_OK);
    CHECK_INT(qy_dict_size(out->dict), 1);
    CHECK_STR(column_text(out), "平凉市 平凉市");
    qy_column_release(out);
    qy_column_release(two);
    qy_column_release(c);
}

static void nulls_and_empty(void)
{
    qy_column *none = STR(2, NULL, NULL), *empty = STR(0, NULL), *out = NULL;
    CHECK_STR(sub(none, 1, 2), "null null");
    CHECK_STR(sub(empty, 1, 2), "");
    CHECK_INT(qy_str_length(empty, &out, NULL), QY_OK);
    CHECK_INT(out->length, 0);
    qy_column_release(out);
    CHECK_INT(qy_str_starts(none, "a", 1, &out, NULL), QY_OK);
    CHECK_STR(column_text(out), "null null");
    CHECK_INT(out->null_count, 2);
    qy_column_release(out);
    CHECK_STR(split(empty, ",", -1, 0), "");
    qy_column_release(none);
    qy_column_release(empty);
}

static void errors(void)
{
    qy_column *i = column_of(QY_INT64, 0, 1, (const char *[]){"1"});
    qy_column *d = column_of(QY_DECIMAL, 2, 1, (const char *[]){"1.50"});
    qy_column *c = STR(1, "a"), *out = NULL;
    qy_error err = {0};
    CHECK_INT(qy_str_length(i, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "string column expected, got int64");
    CHECK_INT(qy_str_trim(d, &out, &err), QY_ETYPE);
    CHECK_STR(err.msg, "string column expected, got decimal(2)");
    CHECK_INT(qy_str_remap(d, c->dict, (const uint32_t[]){0}, &out, &err), QY_ETYPE);
    CHECK_INT(qy_str_replace(c, "", 0, "x", 1, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "the text to replace must not be empty");
    CHECK_INT(qy_str_split(c, "", 0, 1, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "the separator must not be empty");
    CHECK_INT(qy_str_split(c, ",", 1, 0, &out, &err), QY_EINVAL);
    CHECK_STR(err.msg, "piece 0 does not exist (the first is 1, the last -1)");
    CHECK(out == NULL);
    qy_column_release(i);
    qy_column_release(d);
    qy_column_release(c);
}

static void used_and_remap(void)
{
    qy_column *c = STR(5, "a", "b", NULL, "a", "c"), *part = NULL, *out = NULL;
    CHECK_INT(qy_column_take(c, (const int64_t[]){4, -1, 0}, 3, &part, NULL), QY_OK);
    uint8_t used[3] = {0};
    qy_str_used(part, used);
    CHECK(used[0] == 1 && used[1] == 0 && used[2] == 1);
    qy_dict *dict = qy_dict_new();
    uint32_t x;
    CHECK_INT(qy_dict_intern(dict, "X", 1, &x), QY_OK);
    uint32_t recode[3] = {x, x, QY_STR_NULL};                /* a -> X, c -> null */
    CHECK_INT(qy_str_remap(part, dict, recode, &out, NULL), QY_OK);
    qy_dict_release(dict);                                   /* out holds its own reference */
    CHECK_STR(column_text(out), "null null X");
    CHECK_INT(out->null_count, 2);
    qy_column_release(out);
    qy_column_release(part);
    qy_column_release(c);
}

static int run_each(const qy_column *c, int which, qy_column **out, qy_error *err)
{
    switch (which) {
    case 0: return qy_str_length(c, out, err);
    case 1: return qy_str_sub(c, 2, -1, out, err);
    case 2: return qy_str_trim(c, out, err);
    case 3: return qy_str_starts(c, "a", 1, out, err);
    case 4: return qy_str_replace(c, "a", 1, "bb", 2, out, err);
    case 5: return qy_str_split(c, "/", 1, 2, out, err);
    default: return qy_str_upper(c, out, err);
    }
}

static void out_of_memory(void)
{
    qy_column *c = STR(4, " a/b ", NULL, "庆阳/市a", " a/b ");
    for (int which = 0; which < 7; which++) {
        int rc = QY_ENOMEM;
        for (long n = 0; rc == QY_ENOMEM && n < 100; n++) {
            qy_column *out = NULL;
            qy_error err = {0};
            qy_alloc_fail_after(n);
            rc = run_each(c, which, &out, &err);
            qy_alloc_fail_after(-1);
            if (rc == QY_ENOMEM) CHECK(out == NULL && err.msg[0]);
            qy_column_release(out);
        }
        CHECK_INT(rc, QY_OK);
    }
    qy_column_release(c);
}

int main(void)
{
    RUN(length_counts_characters);
    RUN(sub_follows_string_sub);
    RUN(trim_strips_unicode_spaces);
    RUN(starts_and_ends);
    RUN(replace_plain_text);
    RUN(split_pieces);
    RUN(ascii_case_only);
    RUN(one_entry_per_distinct_result);
    RUN(nulls_and_empty);
    RUN(errors);
    RUN(used_and_remap);
    RUN(out_of_memory);
    return check_summary("test_strfn");
}
