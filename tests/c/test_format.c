/* test_format.c — terminal and Markdown tables: exact text, CJK alignment,
 * elision, cut cells, escapes, empty tables, running out of memory. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "date.h"
#include "format.h"
#include "number.h"
#include "utf8.h"

/* ---- fixtures -------------------------------------------------------- */


/* The text table of t under opts; caller frees. */
static char *text_of(const qy_table *t, const qy_print_options *opts)
{
    qy_strbuf out = QY_STRBUF_INIT;
    qy_error err = {0};
    CHECK_INT(qy_table_format_text(t, opts, &out, &err), QY_OK);
    return qy_strbuf_steal(&out, NULL);
}

static char *markdown_of(const qy_table *t)
{
    qy_strbuf out = QY_STRBUF_INIT;
    CHECK_INT(qy_table_format_markdown(t, &out, NULL), QY_OK);
    return qy_strbuf_steal(&out, NULL);
}

static qy_print_options options(int64_t max_rows, int max_width, int max_cell_width,
                                bool show_types)
{
    qy_print_options o = {max_rows, max_width, max_cell_width, show_types};
    return o;
}

/* A one-column string table of the given cells, as text without types. */
static char *strings_shown(int n, const char *const *cells, int max_cell_width)
{
    qy_table *t = new_table(n);
    add_column(t, "s", column_of(QY_STRING, 0, n, cells));
    qy_print_options o = options(-1, 0, max_cell_width, false);
    char *text = text_of(t, &o);
    qy_table_release(t);
    return text;
}

/* ---- tests ----------------------------------------------------------- */

static void test_options_defaults(void)
{
    qy_print_options o;
    qy_print_options_init(&o);
    CHECK_INT(o.max_rows, 20);
    CHECK_INT(o.max_width, 120);
    CHECK_INT(o.max_cell_width, 30);
    CHECK(o.show_types);
}

static qy_table *cjk_table(void)
{
    qy_table *t = new_table(3);
    add_column(t, "县区", column_of(QY_STRING, 0, 3, (const char *[]){"北京", "上海市", "乌鲁木齐"}));
    add_column(t, "金额", column_of(QY_DECIMAL, 2, 3, (const char *[]){"1272.95", "0.1", NULL}));
    add_column(t, "n", column_of(QY_INT64, 0, 3, (const char *[]){"3", "-12", "7"}));
    return t;
}

static void test_cjk_alignment(void)
{
    qy_table *t = cjk_table();
    qy_print_options o;
    qy_print_options_init(&o);
    char *text = text_of(t, &o);
    CHECK_STR(text,
              "县区            金额      n\n"
              "string    decimal(2)  int64\n"
              "--------  ----------  -----\n"
              "北京         1272.95      3\n"
              "上海市          0.10    -12\n"
              "乌鲁木齐        null      7\n"
              "(3 rows × 3 columns)\n");
    /* Every line above the footer is 8 + 2 + 10 + 2 + 5 cells wide. */
    int lines = 0;
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        if (strncmp(line, "(3 rows", 7) != 0) {
            CHECK_INT(qy_utf8_width(line, (size_t)(end - line)), 27);
            lines++;
        }
        line = end + 1;
    }
    CHECK_INT(lines, 6);
    qy_free(text);
    qy_table_release(t);
}

static void test_value_forms_and_nulls(void)
{
    qy_table *t = new_table(4);
    qy_column *f = column_of(QY_FLOAT64, 0, 4, (const char *[]){"0", "1e20", NULL, "-2.5"});
    f->v.f64[0] = 0.1 + 0.2;   /* 0.30000000000000004 shows as 0.30 */
    add_column(t, "f", f);
    add_column(t, "d", column_of(QY_DATE, 0, 4,
                                 (const char *[]){"2023-07-20", "2023年7月1日", NULL, "2000/2/29"}));
    add_column(t, "b", column_of(QY_BOOL, 0, 4, (const char *[]){"true", "false", NULL, "true"}));
    add_column(t, "s", column_of(QY_STRING, 0, 4, (const char *[]){"null", NULL, "", "x"}));
    qy_print_options o = options(20, 120, 30, true);
    char *text = text_of(t, &o);
    CHECK_STR(text,
              "      f  d           b      s\n"
              "float64  date        bool   string\n"
              "-------  ----------  -----  ------\n"
              "   0.30  2023-07-20  true   \"null\"\n"
              "  1e+20  2023-07-01  false  null\n"
              "   null  null        null\n"
              "  -2.50  2000-02-29  true   x\n"
              "(4 rows × 4 columns)\n");
    qy_free(text);
    qy_table_release(t);
}

static void test_decimal_scales(void)
{
    qy_table *t = new_table(2);
    add_column(t, "d1", column_of(QY_DECIMAL, 1, 2, (const char *[]){"-0.5", "12"}));
    add_column(t, "d6", column_of(QY_DECIMAL, 6, 2, (const char *[]){"0.000001", "-3"}));
    qy_print_options o = options(20, 120, 30, true);
    char *text = text_of(t, &o);
    CHECK_STR(text,
              "        d1          d6\n"
              "decimal(1)  decimal(6)\n"
              "----------  ----------\n"
              "      -0.5    0.000001\n"
              "      12.0   -3.000000\n"
              "(2 rows × 2 columns)\n");
    qy_free(text);
    qy_table_release(t);
}

static qy_table *seven_rows(void)
{
    qy_table *t = new_table(7);
    add_column(t, "i", column_of(QY_INT64, 0, 7,
                                 (const char *[]){"10", "20", "30", "40", "50", "60", "70"}));
    add_column(t, "s", column_of(QY_STRING, 0, 7,
                                 (const char *[]){"a", "b", "c", "d", "e", "f", "g"}));
    return t;
}

static void test_elided_rows(void)
{
    qy_table *t = seven_rows();
    qy_print_options even = options(4, 0, 0, false);
    char *text = text_of(t, &even);
    CHECK_STR(text, " i  s\n--  -\n10  a\n20  b\n …  …\n60  f\n70  g\n(7 rows × 2 columns)\n");
    qy_free(text);

    qy_print_options odd = options(3, 0, 0, false);   /* two first, one last */
    text = text_of(t, &odd);
    CHECK_STR(text, " i  s\n--  -\n10  a\n20  b\n …  …\n70  g\n(7 rows × 2 columns)\n");
    qy_free(text);

    qy_print_options none = options(0, 0, 0, false);
    text = text_of(t, &none);
    CHECK_STR(text, "i  s\n-  -\n…  …\n(7 rows × 2 columns)\n");   /* no values to widen i */
    qy_free(text);

    qy_print_options exact = options(7, 0, 0, false);   /* fits: no "…" row */
    text = text_of(t, &exact);
    CHECK_STR(text, " i  s\n--  -\n10  a\n20  b\n30  c\n40  d\n50  e\n60  f\n70  g\n"
                    "(7 rows × 2 columns)\n");
    qy_free(text);

    qy_print_options all = options(-1, 0, 0, false);
    char *again = text_of(t, &all);
    CHECK_STR(again, " i  s\n--  -\n10  a\n20  b\n30  c\n40  d\n50  e\n60  f\n70  g\n"
                     "(7 rows × 2 columns)\n");
    qy_free(again);
    qy_table_release(t);
}

static qy_table *six_columns(void)
{
    static const char *names[] = {"a", "b", "c", "d", "e", "f"};
    qy_table *t = new_table(1);
    for (int j = 0; j < 6; j++) add_column(t, names[j], column_of(QY_INT64, 0, 1, (const char *[]){"100"}));
    return t;
}

static void test_elided_columns(void)
{
    qy_table *t = six_columns();   /* 6 columns of 3 cells: 28 cells in all */
    qy_print_options fits = options(20, 28, 0, false);
    char *text = text_of(t, &fits);
    CHECK_STR(text, "  a    b    c    d    e    f\n"
                    "---  ---  ---  ---  ---  ---\n"
                    "100  100  100  100  100  100\n"
                    "(1 row × 6 columns)\n");
    qy_free(text);

    qy_print_options one_less = options(20, 27, 0, false);   /* a f b e c fit, d does not */
    text = text_of(t, &one_less);
    CHECK_STR(text, "  a    b    c  …    e    f\n"
                    "---  ---  ---  -  ---  ---\n"
                    "100  100  100  …  100  100\n"
                    "(1 row × 6 columns)\n");
    qy_free(text);

    qy_print_options narrow = options(20, 20, 0, false);
    text = text_of(t, &narrow);
    CHECK_STR(text, "  a    b  …    f\n---  ---  -  ---\n100  100  …  100\n(1 row × 6 columns)\n");
    qy_free(text);

    qy_print_options tiny = options(20, 2, 0, true);   /* the first column stays */
    text = text_of(t, &tiny);
    CHECK_STR(text, "    a  …\nint64\n-----  -\n  100  …\n(1 row × 6 columns)\n");
    qy_free(text);
    qy_table_release(t);
}

static void test_elided_rows_and_columns(void)
{
    qy_table *t = seven_rows();
    qy_print_options o = options(2, 5, 0, false);   /* "10  a": 5 cells, both fit */
    char *text = text_of(t, &o);
    CHECK_STR(text, " i  s\n--  -\n10  a\n …  …\n70  g\n(7 rows × 2 columns)\n");
    qy_free(text);
    qy_print_options narrower = options(2, 4, 0, false);   /* only the first fits */
    text = text_of(t, &narrower);
    CHECK_STR(text, " i  …\n--  -\n10  …\n …  …\n70  …\n(7 rows × 2 columns)\n");
    qy_free(text);
    qy_table_release(t);
}

static void test_cut_cells(void)
{
    qy_table *t = new_table(3);
    add_column(t, "名称很长的列", column_of(QY_STRING, 0, 3, (const char *[]){"abcdefgh", "北京x市", "abcde"}));
    add_column(t, "v", column_of(QY_DECIMAL, 2, 3, (const char *[]){"1234567.89", "0.10", NULL}));
    qy_print_options o = options(20, 120, 5, true);
    char *text = text_of(t, &o);
    CHECK_STR(text,
              "名称…      v\n"
              "stri…  deci…\n"
              "-----  -----\n"
              "abcd…  1234…\n"
              "北京…   0.10\n"
              "abcde   null\n"
              "(3 rows × 2 columns)\n");
    qy_free(text);
    qy_table_release(t);

    /* The cut falls on a character boundary: "北" does not fit in 1 cell. */
    text = strings_shown(3, (const char *[]){"北京市", "北京", "ab"}, 3);
    CHECK_STR(text, "s\n---\n北…\n北…\nab\n(3 rows × 1 column)\n");
    qy_free(text);
    text = strings_shown(2, (const char *[]){"北京", "ab"}, 1);
    CHECK_STR(text, "s\n-\n…\n…\n(2 rows × 1 column)\n");
    qy_free(text);
    text = strings_shown(1, (const char *[]){"北京"}, 4);   /* exactly fits */
    CHECK_STR(text, "s\n----\n北京\n(1 row × 1 column)\n");
    qy_free(text);
}

static void test_escaped_characters(void)
{
    char *text = strings_shown(7,
                               (const char *[]){"a\nb", "tab\there", "x\r\n", "\x01z\x7f",
                                                "bad\xff", " pad ", "C:\\dir"},
                               0);
    CHECK_STR(text,
              "s\n"
              "---------\n"
              "a\\nb\n"
              "tab\\there\n"
              "x\\r\\n\n"
              "\\x01z\\x7F\n"
              "bad\\xFF\n"
              "\" pad \"\n"
              "C:\\dir\n"
              "(7 rows × 1 column)\n");
    qy_free(text);

    qy_table *t = new_table(1);
    add_column(t, "多\n行", column_of(QY_STRING, 0, 1, (const char *[]){"\xC2\x85"}));   /* U+0085 */
    qy_print_options o = options(20, 0, 0, false);
    text = text_of(t, &o);
    CHECK_STR(text, "多\\n行\n------\n\\u0085\n(1 row × 1 column)\n");
    qy_free(text);
    qy_table_release(t);
}

static void test_empty_tables(void)
{
    qy_print_options o;
    qy_print_options_init(&o);

    qy_table *no_rows = new_table(0);
    add_column(no_rows, "a", column_of(QY_INT64, 0, 0, NULL));
    add_column(no_rows, "b", column_of(QY_STRING, 0, 0, NULL));
    char *text = text_of(no_rows, &o);
    CHECK_STR(text, "    a  b\nint64  string\n-----  ------\n(0 rows × 2 columns)\n");
    qy_free(text);
    qy_table_release(no_rows);

    qy_table *no_columns = new_table(3);
    text = text_of(no_columns, &o);
    CHECK_STR(text, "(3 rows × 0 columns)\n");
    qy_free(text);
    text = markdown_of(no_columns);
    CHECK_STR(text, "");
    qy_free(text);
    qy_table_release(no_columns);

    qy_table *nothing = new_table(0);
    text = text_of(nothing, &o);
    CHECK_STR(text, "(0 rows × 0 columns)\n");
    qy_free(text);
    qy_table_release(nothing);
}

static void test_appends_to_buffer(void)
{
    qy_table *t = new_table(1);
    add_column(t, "x", column_of(QY_BOOL, 0, 1, (const char *[]){"true"}));
    qy_print_options o = options(20, 120, 30, false);
    qy_strbuf out = QY_STRBUF_INIT;
    CHECK_INT(qy_strbuf_puts(&out, "> "), QY_OK);
    CHECK_INT(qy_table_format_text(t, &o, &out, NULL), QY_OK);
    CHECK_STR(out.data, "> x\n----\ntrue\n(1 row × 1 column)\n");
    CHECK_INT(qy_table_format_markdown(t, &out, NULL), QY_OK);
    CHECK_STR(out.data, "> x\n----\ntrue\n(1 row × 1 column)\n| x |\n| --- |\n| true |\n");
    qy_strbuf_free(&out);
    qy_table_release(t);
}

static void test_markdown(void)
{
    qy_table *t = new_table(5);
    add_column(t, "县区", column_of(QY_STRING, 0, 5,
                                    (const char *[]){"北京", "a|b", "x\ny", NULL, "p\r\nq\rr"}));
    add_column(t, "金额", column_of(QY_DECIMAL, 2, 5,
                                    (const char *[]){"1272.95", "0.1", NULL, "-0.05", "7"}));
    qy_column *f = column_of(QY_FLOAT64, 0, 5, (const char *[]){"1e20", "0", "2.5", NULL, "-1"});
    f->v.f64[1] = 0.1 + 0.2;
    add_column(t, "a|b", f);
    char *text = markdown_of(t);
    CHECK_STR(text,
              "| 县区 | 金额 | a\\|b |\n"
              "| --- | ---: | ---: |\n"
              "| 北京 | 1272.95 | 1e+20 |\n"
              "| a\\|b | 0.10 | 0.30 |\n"
              "| x<br>y |  | 2.50 |\n"
              "|  | -0.05 |  |\n"
              "| p<br>q<br>r | 7.00 | -1.00 |\n");
    qy_free(text);
    qy_table_release(t);

    qy_table *empty = new_table(0);
    add_column(empty, "d", column_of(QY_DATE, 0, 0, NULL));
    add_column(empty, "n", column_of(QY_INT64, 0, 0, NULL));
    text = markdown_of(empty);
    CHECK_STR(text, "| d | n |\n| --- | ---: |\n");
    qy_free(text);
    qy_table_release(empty);
}

/* Every allocation in turn fails: the result is QY_ENOMEM with the buffer as
 * it was, until there is memory enough for the whole table. */
static void test_out_of_memory(void)
{
    qy_table *t = cjk_table();
    qy_print_options o;
    qy_print_options_init(&o);
    int failures = 0;
    for (int md = 0; md <= 1; md++) {
        for (long n = 0; n < 100; n++) {
            qy_strbuf out = QY_STRBUF_INIT;
            CHECK_INT(qy_strbuf_puts(&out, "> "), QY_OK);
            qy_error err = {0};
            qy_alloc_fail_after(n);
            int rc = md ? qy_table_format_markdown(t, &out, &err)
                        : qy_table_format_text(t, &o, &out, &err);
            qy_alloc_fail_after(-1);
            if (rc == QY_OK) {
                CHECK(strncmp(out.data, "> ", 2) == 0 && out.len > 40);
                qy_strbuf_free(&out);
                break;
            }
            failures++;
            CHECK_INT(rc, QY_ENOMEM);
            CHECK_STR(err.msg, "not enough memory");
            CHECK_STR(out.data, "> ");
            qy_strbuf_free(&out);
        }
    }
    CHECK(failures >= 2);
    qy_table_release(t);
}

/* Rates and shares print with two decimals; what two decimals would hide
 * keeps three significant digits; -0 is 0.00. */
static void floats_show_two_decimals(void)
{
    qy_table *t = new_table(5);
    qy_column *f = column_of(QY_FLOAT64, 0, 5, (const char *[]){"60.134", "0.001234", "-0.0", "-12.005", "123456789012345678"});
    add_column(t, "rate", f);
    qy_strbuf out = QY_STRBUF_INIT;
    qy_print_options o = options(-1, 0, 0, false);
    CHECK_INT(qy_table_format_text(t, &o, &out, NULL), QY_OK);
    CHECK_STR(out.data, "    rate\n"
                        "--------\n"
                        "   60.13\n"
                        " 0.00123\n"
                        "    0.00\n"
                        "  -12.01\n"
                        "1.23e+17\n"
                        "(5 rows × 1 column)\n");
    qy_strbuf_free(&out);
    qy_table_release(t);
}

int main(void)
{
    RUN(test_options_defaults);
    RUN(test_cjk_alignment);
    RUN(test_value_forms_and_nulls);
    RUN(test_decimal_scales);
    RUN(test_elided_rows);
    RUN(test_elided_columns);
    RUN(test_elided_rows_and_columns);
    RUN(test_cut_cells);
    RUN(test_escaped_characters);
    RUN(test_empty_tables);
    RUN(test_appends_to_buffer);
    RUN(test_markdown);
    RUN(test_out_of_memory);
    RUN(floats_show_two_decimals);
    return check_summary("test_format");
}
