/* test_dict.c — interning, lookup, growth, NUL bytes, allocation failure. */
#include <stdio.h>

#include "alloc.h"
#include "check.h"
#include "dict.h"

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

int main(void)
{
    RUN(interns_in_first_seen_order);
    RUN(empty_string_and_embedded_nul);
    RUN(grows_to_many_strings);
    RUN(failed_allocation_leaves_dict_unchanged);
    RUN(reference_counting);
    return check_summary("test_dict");
}
