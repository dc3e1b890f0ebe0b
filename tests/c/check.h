/* check.h — the C unit-test harness: a test is a function of CHECKs; RUN
 * counts it passed when none of its checks failed. A file's main ends with
 * `return check_summary("name");`, which prints "name: N passed, N failed". */
#ifndef QY_CHECK_H
#define QY_CHECK_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int check_tests_passed, check_tests_failed, check_current_failures;
static const char *check_current_test = "";

static void check_fail_(const char *file, int line, const char *what)
{
    if (check_current_failures++ == 0) printf("FAIL %s\n", check_current_test);
    printf("  %s:%d: %s\n", file, line, what);
}

#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) check_fail_(__FILE__, __LINE__, "CHECK(" #cond ")"); \
    } while (0)

#define CHECK_INT(actual, expected)                                             \
    do {                                                                        \
        long long a_ = (long long)(actual), e_ = (long long)(expected);         \
        if (a_ != e_) {                                                         \
            char m_[256];                                                       \
            snprintf(m_, sizeof m_, "%s is %lld, expected %lld", #actual, a_, e_); \
            check_fail_(__FILE__, __LINE__, m_);                                \
        }                                                                       \
    } while (0)

#define CHECK_DBL(actual, expected)                                              \
    do {                                                                         \
        double a_ = (actual), e_ = (expected);                                   \
        if (!(a_ == e_ || (isnan(a_) && isnan(e_)))) {                           \
            char m_[256];                                                        \
            snprintf(m_, sizeof m_, "%s is %.17g, expected %.17g", #actual, a_, e_); \
            check_fail_(__FILE__, __LINE__, m_);                                 \
        }                                                                        \
    } while (0)

#define CHECK_STR(actual, expected)                                              \
    do {                                                                         \
        const char *a_ = (actual), *e_ = (expected);                             \
        if (a_ == NULL || e_ == NULL ? a_ != e_ : strcmp(a_, e_) != 0) {         \
            char m_[2048];                                                       \
            snprintf(m_, sizeof m_, "%s is \"%s\", expected \"%s\"", #actual,    \
                     a_ ? a_ : "(null)", e_ ? e_ : "(null)");                    \
            check_fail_(__FILE__, __LINE__, m_);                                 \
        }                                                                        \
    } while (0)

#define RUN(test)                                    \
    do {                                             \
        check_current_test = #test;                  \
        check_current_failures = 0;                  \
        test();                                      \
        if (check_current_failures) check_tests_failed++; \
        else check_tests_passed++;                   \
    } while (0)

static int check_summary(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, check_tests_passed, check_tests_failed);
    return check_tests_failed ? 1 : 0;
}

#endif
