/* test_xlsx_write.c — the Excel writer: sheet-name rules, date formats,
 * exactness and its warnings, totals, all-or-nothing files, and the round
 * trip through the Excel reader (excel_read.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "excel_read.h"
#include "fixtures.h"
#include "xlsx_write.h"

static char dir[64];

static const char *path_in(const char *name)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

/* Entries of dir other than . and .. */
static int count_files(const char *d)
{
    DIR *dp = opendir(d);
    int n = 0;
    for (struct dirent *e; dp && (e = readdir(dp));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    if (dp) closedir(dp);
    return n;
}

static int name_rc(const char *name, char *msg)
{
    qy_error err = {0};
    int rc = qy_xlsx_check_sheet_name(name, &err);
    if (msg) strcpy(msg, err.msg);
    return rc;
}

static void test_sheet_name_rules(void)
{
    char msg[512];
    CHECK_INT(name_rc("县区", NULL), QY_OK);
    CHECK_INT(name_rc("表表表表表表表表表表表表表表表表表表表表表表表表表表表表表表表", NULL), QY_OK); /* 31 */
    CHECK_INT(name_rc("", msg), QY_EINVAL);
    CHECK_STR(msg, "a sheet name cannot be empty");
    CHECK_INT(name_rc("表表表表表表表表表表表表表表表表表表表表表表表表表表表表表表表表", msg), QY_EINVAL);
    CHECK(strstr(msg, "has 32 characters; Excel allows at most 31") != NULL);
    /* a character outside the BMP is two UTF-16 units, as Excel counts */
    CHECK_INT(name_rc("xxxxxxxxxxxxxxxxxxxxxxxxxxxxx\xF0\x9F\x98\x80", NULL), QY_OK);   /* 29 + 2 */
    CHECK_INT(name_rc("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\xF0\x9F\x98\x80", msg), QY_EINVAL); /* 30 + 2 */
    const char *forbidden = "[]:*?/\\";
    for (const char *p = forbidden; *p; p++) {
        char name[8] = {'a', *p, 'b', 0};
        CHECK_INT(name_rc(name, msg), QY_EINVAL);
        CHECK(strstr(msg, "Excel forbids any of [ ] : * ? / \\") != NULL);
    }
    CHECK_INT(name_rc("'a", msg), QY_EINVAL);
    CHECK(strstr(msg, "apostrophe") != NULL);
    CHECK_INT(name_rc("a'", NULL), QY_EINVAL);
    CHECK_INT(name_rc("a'b", NULL), QY_OK);
    CHECK_INT(name_rc("HISTORY", msg), QY_EINVAL);
    CHECK_STR(msg, "sheet name 'HISTORY' is reserved by Excel");
    CHECK_INT(name_rc("Histories", NULL), QY_OK);
    CHECK_INT(name_rc("a\xff", msg), QY_EINVAL);
    CHECK(strstr(msg, "not UTF-8") != NULL);
}

static void test_date_formats(void)
{
    CHECK_STR(qy_xlsx_date_format(NULL), "yyyy-mm-dd");
    CHECK_STR(qy_xlsx_date_format("yyyy年m月d日"), "yyyy\"年\"m\"月\"d\"日\"");
    CHECK_STR(qy_xlsx_date_format("yyyy\"年\"m\"月\"d\"日\""), "yyyy\"年\"m\"月\"d\"日\"");
    CHECK_STR(qy_xlsx_date_format("yyyy/m/d"), "yyyy/m/d");
    CHECK(qy_xlsx_date_format("dd/mm/yyyy") == NULL);
    CHECK(qy_xlsx_date_format("") == NULL);
}

static qy_table *money(void)
{
    static const char *const names[] = {"环县", "宁县", "正宁县"};
    static const char *const amounts[] = {"0.10", "0.20", "1272.65"};
    static const char *const counts[] = {"1", NULL, "3"};
    qy_table *t = new_table(3);
    add_column(t, "县区", column_of(QY_STRING, 0, 3, names));
    add_column(t, "amount", column_of(QY_DECIMAL, 2, 3, amounts));
    add_column(t, "n", column_of(QY_INT64, 0, 3, counts));
    return t;
}

static void test_check_messages(void)
{
    qy_table *t = money();
    qy_xlsx_sheet s[2];
    qy_xlsx_sheet_init(&s[0], t);
    qy_xlsx_sheet_init(&s[1], t);
    qy_error err = {0};
    int bad = -1;
    s[1].name = "sheet1";
    CHECK_INT(qy_xlsx_check(s, 2, &bad, &err), QY_EINVAL);
    CHECK_INT(bad, 1);
    CHECK_STR(err.msg, "sheet name 'sheet1' is used twice (sheets 1 and 2; Excel ignores case)");
    s[1].name = "汇总";
    const char *cols[] = {"amout"};
    s[1].total_label = "合计";
    s[1].total_columns = cols;
    s[1].ntotal_columns = 1;
    CHECK_INT(qy_xlsx_check(s, 2, &bad, &err), QY_ENOTFOUND);
    CHECK_STR(err.msg, "sheet '汇总': total: no column 'amout' (did you mean 'amount'?)");
    s[1].total_columns = NULL;
    qy_xlsx_chart c;
    qy_xlsx_chart_init(&c, QY_XLSX_PIE);
    c.x = "县区";
    c.y[0] = "县区";
    c.ny = 1;
    s[1].charts = &c;
    s[1].ncharts = 1;
    CHECK_INT(qy_xlsx_check(s, 2, &bad, &err), QY_ETYPE);
    CHECK_STR(err.msg, "sheet '汇总': chart 1: column '县区' is string, not a number");
    c.y[0] = "amount";
    CHECK_INT(qy_xlsx_check(s, 2, &bad, &err), QY_OK);
    s[1].date_format = "mm/dd";
    CHECK_INT(qy_xlsx_check(s, 2, &bad, &err), QY_EINVAL);
    CHECK(strstr(err.msg, "unknown date format 'mm/dd'") != NULL);
    CHECK_INT(qy_xlsx_check(s, 0, &bad, &err), QY_EINVAL);
    qy_table_release(t);
}

static void test_round_trip_with_title_and_total(void)
{
    qy_table *t = every_type_with_nulls();
    /* the fixture's string with a NUL byte cannot be in a cell: a plain one */
    qy_table *plain = NULL;
    int keep[] = {0, 2, 3, 4};
    CHECK_INT(qy_table_select(t, keep, 4, &plain, NULL), QY_OK);
    qy_xlsx_sheet s;
    qy_xlsx_sheet_init(&s, plain);
    s.name = "明细";
    s.title = "标题 title";
    s.total_label = "合计";
    qy_xlsx_warnings w;
    qy_error err = {0};
    CHECK_INT(qy_xlsx_write_file(path_in("every.xlsx"), &s, 1, &w, &err), QY_OK);
    CHECK_INT(w.n, 1);   /* -9223372036854775807: text, and it reads back */
    CHECK_STR(w.text[0], "sheet '明细': column 'id': 1 values were written as text: they are beyond "
                         "±999,999,999,999,999, which Excel cannot show exactly");
    qy_excel_options o;
    qy_excel_options_init(&o);
    qy_table *back = NULL;
    qy_excel_report rep;
    CHECK_INT(qy_excel_read_file(path_in("every.xlsx"), &o, &back, &rep, &err), QY_OK);
    CHECK(back && qy_table_equal(plain, back));
    CHECK_STR(rep.title, "标题 title");
    CHECK_INT(rep.footer_rows, 1);
    CHECK_STR(rep.sheet, "明细");
    if (back) qy_table_release(back);
    qy_table_release(plain);
    qy_table_release(t);
}

static void test_exactness(void)
{
    static const char *const decs[] = {"123456789012345", "1234567890123456", "7", NULL};
    static const char *const wide[] = {"1234567890.123400", "-999999999.999999", "1.5", "0"};
    static const char *const ints[] = {"999999999999999", "-999999999999999", "1000000000000000", "0"};
    qy_table *t = new_table(4);
    add_column(t, "d0", column_of(QY_DECIMAL, 0, 4, decs));
    add_column(t, "d6", column_of(QY_DECIMAL, 6, 4, wide));
    add_column(t, "i", column_of(QY_INT64, 0, 4, ints));
    qy_xlsx_sheet s;
    qy_xlsx_sheet_init(&s, t);
    qy_xlsx_warnings w;
    qy_error err = {0};
    CHECK_INT(qy_xlsx_write_file(path_in("exact.xlsx"), &s, 1, &w, &err), QY_OK);
    /* d0: 16 digits as text; d6: 1234567890.1234 has 14 significant digits
     * (trailing zeros drop), -999999999.999999 has 15: both numbers; i: 10^15 */
    CHECK_INT(w.n, 2);
    CHECK_STR(w.text[0], "sheet 'Sheet1': column 'd0': 1 values were written as text: they have "
                         "more than 15 significant digits, which Excel cannot show");
    CHECK(strstr(w.text[1], "column 'i': 1 values were written as text") != NULL);
    qy_excel_options o;
    qy_excel_options_init(&o);
    qy_table *back = NULL;
    CHECK_INT(qy_excel_read_file(path_in("exact.xlsx"), &o, &back, NULL, &err), QY_OK);
    if (back) {
        CHECK_STR(column_text(back->cols[0]), "123456789012345 1234567890123456 7 null");
        CHECK_STR(column_text(back->cols[1]), "1234567890.123400 -999999999.999999 1.500000 0.000000");
        CHECK_STR(column_text(back->cols[2]), "999999999999999 -999999999999999 1000000000000000 0");
        qy_table_release(back);
    }
    qy_table_release(t);
}

static void test_all_or_nothing(void)
{
    qy_table *t = money();
    qy_xlsx_sheet s;
    qy_xlsx_sheet_init(&s, t);
    qy_error err = {0};
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0755);
    snprintf(sub, sizeof sub, "%s/sub/old.xlsx", dir);
    FILE *f = fopen(sub, "w");
    fputs("old", f);
    fclose(f);
    s.name = "a/b";   /* refused before anything is written */
    CHECK_INT(qy_xlsx_write_file(sub, &s, 1, NULL, &err), QY_EINVAL);
    s.name = NULL;
    snprintf(sub, sizeof sub, "%s/sub/old.xlsx/x.xlsx", dir);   /* a file as the directory */
    CHECK_INT(qy_xlsx_write_file(sub, &s, 1, NULL, &err), QY_EIO);
    CHECK(strstr(err.msg, "cannot write ") != NULL);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    CHECK_INT(count_files(sub), 1);
    snprintf(sub, sizeof sub, "%s/sub/old.xlsx", dir);
    char buf[8] = "";
    f = fopen(sub, "r");
    CHECK(fgets(buf, sizeof buf, f) != NULL);
    fclose(f);
    CHECK_STR(buf, "old");
    /* a success replaces it */
    CHECK_INT(qy_xlsx_write_file(sub, &s, 1, NULL, &err), QY_OK);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    CHECK_INT(count_files(sub), 1);
    qy_table_release(t);
}

static void test_charts_and_empty_tables(void)
{
    qy_table *t = money();
    qy_table *none = NULL;
    CHECK_INT(qy_table_slice(t, 0, 0, &none, NULL), QY_OK);
    qy_xlsx_chart c[2];
    qy_xlsx_chart_init(&c[0], QY_XLSX_BAR);
    c[0].x = "县区";
    c[0].y[0] = "amount";
    c[0].y[1] = "n";
    c[0].ny = 2;
    c[0].title = "资金";
    qy_xlsx_chart_init(&c[1], QY_XLSX_LINE);
    c[1].x = "县区";
    c[1].y[0] = "amount";
    c[1].ny = 1;
    qy_xlsx_sheet s[2];
    qy_xlsx_sheet_init(&s[0], t);
    s[0].charts = c;
    s[0].ncharts = 2;
    s[0].total_label = "合计";
    qy_xlsx_sheet_init(&s[1], none);
    s[1].total_label = "合计";
    s[1].title = "空表";
    qy_error err = {0};
    CHECK_INT(qy_xlsx_write_file(path_in("charts.xlsx"), s, 2, NULL, &err), QY_OK);
    qy_excel_options o;
    qy_excel_options_init(&o);
    o.sheet_index = 1;
    o.skip = 1;
    o.footer = QY_FOOTER_NONE;
    qy_table *back = NULL;
    CHECK_INT(qy_excel_read_file(path_in("charts.xlsx"), &o, &back, NULL, &err), QY_OK);
    if (back) {   /* the header, then the 合计 row with zero totals */
        CHECK_INT(back->ncols, 3);
        CHECK_INT(back->nrows, 1);
        CHECK_STR(column_text(back->cols[0]), "合计");
        CHECK_STR(column_text(back->cols[1]), "0.00");
        qy_table_release(back);
    }
    qy_table_release(none);
    qy_table_release(t);
}

int main(void)
{
    strcpy(dir, "/tmp/qy_xlsx_write_XXXXXX");
    if (!mkdtemp(dir)) return 1;
    RUN(test_sheet_name_rules);
    RUN(test_date_formats);
    RUN(test_check_messages);
    RUN(test_round_trip_with_title_and_total);
    RUN(test_exactness);
    RUN(test_all_or_nothing);
    RUN(test_charts_and_empty_tables);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    return check_summary("test_xlsx_write");
}
