/* test_lprogress.c — the text of qy.read_csv's progress bar (lua/lprogress.c),
 * with no terminal and no clock: exact lines at 0%, 52% and 100%, an unknown
 * rate, narrow terminals and a CJK label cut by display width. */
#include <string.h>

#include "check.h"
#include "lqy.h"
#include "utf8.h"

#define MIB ((int64_t)1 << 20)

static char text[4096];

/* The line for these numbers; checks its length and width fit. */
static const char *bar(const char *label, int64_t done, int64_t total, double elapsed, int width)
{
    size_t n = lqy_progress_line(text, sizeof text, label, done, total, elapsed, width);
    CHECK_INT(n, strlen(text));
    CHECK(qy_utf8_width(text, n) < (size_t)width);
    return text;
}

static void test_start_rate_unknown(void)
{
    CHECK_STR(bar("data/projects.csv", 0, 1548 * MIB, 0, 100),
              "data/projects.csv [........................................]"
              "   0%     0/1548 MiB  -- MiB/s  -- left");
}

static void test_halfway(void)
{
    CHECK_STR(bar("data/projects.csv", 812 * MIB, 1548 * MIB, 812.0 / 403, 80),
              "data/projects.csv [#########.........]  52%   812/1548 MiB  403 MiB/s  2 s left");
}

static void test_done(void)
{
    CHECK_STR(bar("data/projects.csv", 1548 * MIB, 1548 * MIB, 3.8, 80),
              "data/projects.csv [##################] 100%  1548/1548 MiB  407 MiB/s  0 s left");
}

static void test_small_file_in_tenths(void)
{
    CHECK_STR(bar("f.csv", 3 * MIB / 2, 6 * MIB, 0.5, 60),
              "f.csv [###.........]  25%  1.5/6.0 MiB  3.0 MiB/s  2 s left");
    CHECK_STR(bar("f.csv", 175554, 175554, 0.002, 60),
              "f.csv [#############] 100%  0.2/0.2 MiB  84 MiB/s  0 s left");
}

static void test_long_wait_in_minutes_and_hours(void)
{
    CHECK_STR(bar("x", MIB, 100 * MIB, 5, 70),
              "x [...................]   1%    1/100 MiB  0.2 MiB/s  8 min 15 s left");
    CHECK_STR(bar("x", MIB, 1000 * MIB, 10, 70),
              "x [.................]   0%     1/1000 MiB  0.1 MiB/s  2 h 46 min left");
}

static void test_narrow_drops_rate_then_bytes_then_time(void)
{
    const char *label = "data/projects.csv";
    CHECK_STR(bar(label, 812 * MIB, 1548 * MIB, 812.0 / 403, 60),
              "data/projects.c… [#####.....]  52%   812/1548 MiB  2 s left");
    CHECK_STR(bar(label, 812 * MIB, 1548 * MIB, 812.0 / 403, 50),
              "data/projects.csv [#######.......]  52%  2 s left");
    CHECK_STR(bar(label, 812 * MIB, 1548 * MIB, 812.0 / 403, 30),
              "data/proje… [#####.....]  52%");
    CHECK_STR(bar(label, 812 * MIB, 1548 * MIB, 812.0 / 403, 18), "[####.....]  52%");
    CHECK_STR(bar(label, 812 * MIB, 1548 * MIB, 812.0 / 403, 8), "[]  52%");
    CHECK_STR(bar(label, 812 * MIB, 1548 * MIB, 812.0 / 403, 5), "[]  ");
}

static void test_cjk_label_cut_by_width(void)
{
    /* 22 cells: 9 ideographs of 2 cells, then ".csv" */
    const char *label = "招商引资项目台账表.csv";
    CHECK_STR(bar(label, 812 * MIB, 1548 * MIB, 812.0 / 403, 50),
              "招商引资项目台账表.c… [#####.....]  52%  2 s left");
    /* 17 cells for the label: 8 ideographs and "…", not half of the ninth */
    CHECK_STR(bar(label, 812 * MIB, 1548 * MIB, 812.0 / 403, 47),
              "招商引资项目台账… [#####.....]  52%  2 s left");
}

int main(void)
{
    RUN(test_start_rate_unknown);
    RUN(test_halfway);
    RUN(test_done);
    RUN(test_small_file_in_tenths);
    RUN(test_long_wait_in_minutes_and_hours);
    RUN(test_narrow_drops_rate_then_bytes_then_time);
    RUN(test_cjk_label_cut_by_width);
    return check_summary("test_lprogress");
}
