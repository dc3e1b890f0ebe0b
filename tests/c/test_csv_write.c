/* test_csv_write.c — CSV text written exactly, read back by the reader to an
 * equal table, the documented limits, and failed writes leaving nothing. */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "check.h"
#include "fixtures.h"
#include "csv_read.h"
#include "csv_write.h"
#include "date.h"
#include "file.h"
#include "number.h"

/* ---- fixtures -------------------------------------------------------- */

/* The CSV text of t, fields separated by delim; caller frees. */
static char *csv_of(const qy_table *t, char delim)
{
    qy_csv_write_options o;
    qy_csv_write_options_init(&o);
    o.delim = delim;
    qy_strbuf out = QY_STRBUF_INIT;
    CHECK_INT(qy_csv_format(t, &o, &out, NULL), QY_OK);
    return qy_strbuf_steal(&out, NULL);
}

/* t written as CSV and read back (opts NULL: the reader's defaults). */
static qy_table *reread(const qy_table *t, char delim, const qy_csv_options *opts)
{
    qy_csv_options defaults;
    qy_csv_options_init(&defaults);
    if (!opts) opts = &defaults;
    char *text = csv_of(t, delim);
    qy_table *back = NULL;
    qy_error err = {0};
    int rc = qy_csv_read_buffer("written.csv", text, strlen(text), opts, &back, NULL, &err);
    CHECK_INT(rc, QY_OK);
    if (rc != QY_OK) printf("  reading back: %s\n", err.msg);
    qy_free(text);
    return back;
}

static bool round_trips(const qy_table *t)
{
    qy_table *back = reread(t, ',', NULL);
    bool equal = back && qy_table_equal(t, back);
    qy_table_release(back);
    return equal;
}

static const qy_column *column_named(const qy_table *t, const char *name)
{
    int j = qy_table_find(t, name);
    return j < 0 ? NULL : t->cols[j];
}

/* ---- the text -------------------------------------------------------- */

static qy_table *every_type(void)
{
    qy_table *t = new_table(3);
    add_column(t, "n", column_of(QY_INT64, 0, 3, (const char *[]){"1", "-2", NULL}));
    add_column(t, "amount", column_of(QY_DECIMAL, 2, 3, (const char *[]){"1272.95", "0.1", NULL}));
    add_column(t, "x", column_of(QY_FLOAT64, 0, 3, (const char *[]){"2.5", "1e20", "0.1"}));
    add_column(t, "d", column_of(QY_DATE, 0, 3, (const char *[]){"2023-07-20", NULL, "2000-01-01"}));
    add_column(t, "ok", column_of(QY_BOOL, 0, 3, (const char *[]){"true", "false", NULL}));
    add_column(t, "县区", column_of(QY_STRING, 0, 3, (const char *[]){"北京", "", NULL}));
    return t;
}

static void test_text_of_every_type(void)
{
    qy_table *t = every_type();
    char *text = csv_of(t, ',');
    CHECK_STR(text, "n,amount,x,d,ok,县区\n"
                    "1,1272.95,2.5e0,2023-07-20,true,北京\n"
                    "-2,0.10,1e+20,,false,\"\"\n"
                    ",,0.1e0,2000-01-01,,\n");
    qy_free(text);
    qy_table_release(t);
}

static void test_quoting(void)
{
    qy_table *t = new_table(10);
    add_column(t, "s", column_of(QY_STRING, 0, 10,
                                 (const char *[]){"a,b", "say \"hi\"", "line\nbreak", "cr\rx", " lead",
                                                  "trail ", "\ttab", "plain", "北京，上海", "\""}));
    char *text = csv_of(t, ',');
    CHECK_STR(text, "s\n"
                    "\"a,b\"\n"
                    "\"say \"\"hi\"\"\"\n"
                    "\"line\nbreak\"\n"
                    "\"cr\rx\"\n"
                    "\" lead\"\n"
                    "\"trail \"\n"
                    "\"\ttab\"\n"
                    "plain\n"
                    "北京，上海\n"
                    "\"\"\"\"\n");
    qy_free(text);
    qy_table_release(t);
}

static void test_header_quoting(void)
{
    qy_table *t = new_table(1);
    add_column(t, "a,b", column_of(QY_INT64, 0, 1, (const char *[]){"1"}));
    add_column(t, "say \"x\"", column_of(QY_INT64, 0, 1, (const char *[]){"2"}));
    add_column(t, "金额 ", column_of(QY_INT64, 0, 1, (const char *[]){"3"}));
    char *text = csv_of(t, ',');
    CHECK_STR(text, "\"a,b\",\"say \"\"x\"\"\",\"金额 \"\n1,2,3\n");
    qy_free(text);
    /* the reader trims header names, quoted or not: "金额 " comes back "金额" */
    qy_table *back = reread(t, ',', NULL);
    CHECK(back && strcmp(back->names[0], "a,b") == 0 && strcmp(back->names[1], "say \"x\"") == 0
          && strcmp(back->names[2], "金额") == 0);
    qy_table_release(back);
    qy_table_release(t);
}

static void test_other_delimiters(void)
{
    qy_table *t = new_table(2);
    add_column(t, "s", column_of(QY_STRING, 0, 2, (const char *[]){"a,b", "a;b\tc"}));
    add_column(t, "v", column_of(QY_DECIMAL, 1, 2, (const char *[]){"1.5", NULL}));
    char *text = csv_of(t, ';');
    CHECK_STR(text, "s;v\n\"a,b\";1.5\n\"a;b\tc\";\n");
    qy_free(text);
    text = csv_of(t, '\t');
    CHECK_STR(text, "s\tv\n\"a,b\"\t1.5\n\"a;b\tc\"\t\n");
    qy_free(text);

    qy_csv_options o;
    qy_csv_options_init(&o);
    o.delim = ';';
    qy_table *back = reread(t, ';', &o);
    CHECK(back && qy_table_equal(t, back));
    qy_table_release(back);
    o.delim = '\t';
    back = reread(t, '\t', &o);
    CHECK(back && qy_table_equal(t, back));
    qy_table_release(back);
    qy_table_release(t);

    /* other delimiters in every field are quoted, so sniffing finds the one used */
    t = new_table(2);
    add_column(t, "x;y|z", column_of(QY_STRING, 0, 2, (const char *[]){"1;2|3", "4;5|6"}));
    text = csv_of(t, ',');
    CHECK_STR(text, "\"x;y|z\"\n\"1;2|3\"\n\"4;5|6\"\n");
    qy_free(text);
    CHECK(round_trips(t));
    qy_table_release(t);
}

/* The CSV text of t with the formula guard on or off; caller frees. */
static char *csv_guarded(const qy_table *t, bool guard)
{
    qy_csv_write_options o;
    qy_csv_write_options_init(&o);
    o.guard_formulas = guard;
    qy_strbuf out = QY_STRBUF_INIT;
    CHECK_INT(qy_csv_format(t, &o, &out, NULL), QY_OK);
    return qy_strbuf_steal(&out, NULL);
}

/* A string that starts with = + - @, a tab, CR, LF or NUL gets a ' (inside
 * the quotes when quoted); other strings, numbers, names that start no
 * formula, and everything when the guard is off, are written as before. */
static void test_formula_guard(void)
{
    qy_table *t = new_table(12);
    add_column(t, "=name", column_of(QY_STRING, 0, 12,
                                     (const char *[]){"=1+1", "+86 931 8213456", "-", "@SUM(A1)",
                                                      "\tx", "\rx", "\nx", "=HYPERLINK(\"http://e.x\",\"y\")",
                                                      "a=b", "'=quoted already", "", NULL}));
    add_column(t, "n", column_of(QY_INT64, 0, 12, (const char *[]){"-5", "3", NULL, NULL, NULL, NULL,
                                                                  NULL, NULL, NULL, NULL, NULL, NULL}));
    add_column(t, "amount", column_of(QY_DECIMAL, 2, 12, (const char *[]){"-1.50", NULL, NULL, NULL, NULL, NULL,
                                                                         NULL, NULL, NULL, NULL, NULL, NULL}));
    add_column(t, "x", column_of(QY_FLOAT64, 0, 12, (const char *[]){"-2.5", "-1e+20", NULL, NULL, NULL, NULL,
                                                                    NULL, NULL, NULL, NULL, NULL, NULL}));
    char *text = csv_guarded(t, true);
    CHECK_STR(text, "'=name,n,amount,x\n"
                    "'=1+1,-5,-1.50,-2.5e0\n"
                    "'+86 931 8213456,3,,-1e+20\n"
                    "'-,,,\n"
                    "'@SUM(A1),,,\n"
                    "\"'\tx\",,,\n"
                    "\"'\rx\",,,\n"
                    "\"'\nx\",,,\n"
                    "\"'=HYPERLINK(\"\"http://e.x\"\",\"\"y\"\")\",,,\n"
                    "a=b,,,\n"
                    "'=quoted already,,,\n"
                    "\"\",,,\n"
                    ",,,\n");
    qy_free(text);
    text = csv_guarded(t, false);
    char *plain = csv_of(t, ',');
    CHECK_STR(text, plain);
    const char *unguarded = "=name,n,amount,x\n=1+1,-5,-1.50,-2.5e0\n+86 931 8213456,3,,-1e+20\n-,,,\n";
    CHECK(strncmp(text, unguarded, strlen(unguarded)) == 0);
    qy_free(plain);
    qy_free(text);
    qy_table_release(t);

    /* NUL is the one guarded start a C string cannot show: a string column
     * holding "\0x" directly. */
    qy_table *z = new_table(1);
    qy_column *c = column_of(QY_STRING, 0, 1, (const char *[]){"y"});
    CHECK_INT(qy_dict_intern(c->dict, "\0x", 2, &c->v.code[0]), QY_OK);
    add_column(z, "s", c);
    text = csv_guarded(z, true);
    CHECK_INT(memcmp(text, "s\n'\0x\n", 6), 0);
    qy_free(text);
    qy_table_release(z);
}

static void test_invalid_delimiters(void)
{
    qy_table *t = every_type();
    const char bad[] = {'"', '\n', '\r', '\0', (char)0xE4};
    const char *messages[] = {"invalid CSV delimiter (byte 34)", "invalid CSV delimiter (byte 10)",
                              "invalid CSV delimiter (byte 13)", "invalid CSV delimiter (byte 0)",
                              "invalid CSV delimiter (byte 228)"};
    for (int k = 0; k < 5; k++) {
        qy_csv_write_options o;
        qy_csv_write_options_init(&o);
        o.delim = bad[k];
        qy_strbuf out = QY_STRBUF_INIT;
        qy_error err = {0};
        CHECK_INT(qy_csv_format(t, &o, &out, &err), QY_EINVAL);
        CHECK_STR(err.msg, messages[k]);
        CHECK_INT(out.len, 0);
        qy_strbuf_free(&out);
    }
    qy_table_release(t);
}

static void test_empty_tables(void)
{
    qy_table *no_rows = new_table(0);
    add_column(no_rows, "a", column_of(QY_INT64, 0, 0, NULL));
    add_column(no_rows, "b", column_of(QY_STRING, 0, 0, NULL));
    char *text = csv_of(no_rows, ',');
    CHECK_STR(text, "a,b\n");
    qy_free(text);
    qy_table_release(no_rows);

    qy_table *no_columns = new_table(4);
    text = csv_of(no_columns, ',');
    CHECK_STR(text, "");
    qy_free(text);
    qy_table_release(no_columns);
}

/* ---- round trips ----------------------------------------------------- */

static void test_round_trip_every_type(void)
{
    qy_table *t = every_type();
    CHECK(round_trips(t));
    qy_table_release(t);
}

static void test_round_trip_nulls_in_every_type(void)
{
    qy_table *t = new_table(4);
    add_column(t, "i", column_of(QY_INT64, 0, 4, (const char *[]){NULL, "5", NULL, "-9223372036854775808"}));
    add_column(t, "f", column_of(QY_FLOAT64, 0, 4, (const char *[]){"0.5", NULL, "-1e-300", NULL}));
    add_column(t, "d", column_of(QY_DECIMAL, 3, 4, (const char *[]){NULL, NULL, "-1.5", "0"}));
    add_column(t, "s", column_of(QY_STRING, 0, 4, (const char *[]){"", NULL, "x", NULL}));
    add_column(t, "t", column_of(QY_DATE, 0, 4, (const char *[]){NULL, "1999-12-31", NULL, "0001-01-01"}));
    add_column(t, "b", column_of(QY_BOOL, 0, 4, (const char *[]){"false", NULL, "true", NULL}));
    CHECK(round_trips(t));
    qy_table_release(t);
}

static void test_round_trip_strings(void)
{
    const char *cells[] = {"北京市朝阳区", "a,b", "say \"hi\"", "\"", "two\nlines", "crlf\r\nend",
                           "cr\ronly", "", " lead", "trail ", "  ", "\ttab", "tab\t", "plain",
                           NULL, "，、（）", "ä ö", "12 apples"};
    int n = (int)(sizeof cells / sizeof cells[0]);
    qy_table *t = new_table(n);
    add_column(t, "文本", column_of(QY_STRING, 0, n, cells));
    add_column(t, "n", column_of(QY_INT64, 0, n, (const char *[]){"1", "2", "3", "4", "5", "6", "7", "8", "9",
                                                                  "10", "11", "12", "13", "14", "15", "16",
                                                                  "17", "18"}));
    CHECK(round_trips(t));
    qy_table_release(t);
}

static void test_round_trip_decimals(void)
{
    qy_table *t = new_table(4);
    add_column(t, "s1", column_of(QY_DECIMAL, 1, 4, (const char *[]){"-0.5", "12", "0", NULL}));
    add_column(t, "s2", column_of(QY_DECIMAL, 2, 4, (const char *[]){"1272.95", "0.10", "-0.05", "100"}));
    add_column(t, "s3", column_of(QY_DECIMAL, 3, 4, (const char *[]){"0.001", NULL, "-7", "1.5"}));
    add_column(t, "s4", column_of(QY_DECIMAL, 4, 4, (const char *[]){"3.1416", "-3.1416", "0", "0"}));
    add_column(t, "s5", column_of(QY_DECIMAL, 5, 4, (const char *[]){"0.00001", "1", "2", NULL}));
    add_column(t, "s6", column_of(QY_DECIMAL, 6, 4,
                                  (const char *[]){"9223372036854.775807", "-9223372036854.775807",
                                                   "0.000001", "-0.000001"}));
    char *text = csv_of(t, ',');
    CHECK_STR(text, "s1,s2,s3,s4,s5,s6\n"
                    "-0.5,1272.95,0.001,3.1416,0.00001,9223372036854.775807\n"
                    "12.0,0.10,,-3.1416,1.00000,-9223372036854.775807\n"
                    "0.0,-0.05,-7.000,0.0000,2.00000,0.000001\n"
                    ",100.00,1.500,0.0000,,-0.000001\n");
    qy_free(text);
    CHECK(round_trips(t));
    qy_table_release(t);
}

static void test_round_trip_floats(void)
{
    const char *values[] = {"0.1", "1e300", "2.5", "-2.5", "0", "123456789", "1e20", "1e-300",
                            "1.7976931348623157e308", "-0.000123", "0.30000000000000004"};
    int n = (int)(sizeof values / sizeof values[0]);
    qy_table *t = new_table(n);
    add_column(t, "x", column_of(QY_FLOAT64, 0, n, values));
    char *text = csv_of(t, ',');
    CHECK_STR(text, "x\n0.1e0\n1e+300\n2.5e0\n-2.5e0\n0e0\n123456789e0\n1e+20\n1e-300\n"
                    "1.7976931348623157e+308\n-0.000123e0\n0.30000000000000004e0\n");
    qy_free(text);
    CHECK(round_trips(t));
    qy_table_release(t);

    qy_table *tiny = new_table(3);   /* subnormals and the smallest normal */
    add_column(tiny, "x", column_of(QY_FLOAT64, 0, 3,
                                    (const char *[]){"5e-324", "-1e-310", "2.2250738585072014e-308"}));
    CHECK(round_trips(tiny));
    qy_table_release(tiny);
}

static void test_round_trip_integers(void)
{
    qy_table *t = new_table(4);
    add_column(t, "i", column_of(QY_INT64, 0, 4,
                                 (const char *[]){"9223372036854775807", "-9223372036854775808", "0", "-1"}));
    char *text = csv_of(t, ',');
    CHECK_STR(text, "i\n9223372036854775807\n-9223372036854775808\n0\n-1\n");
    qy_free(text);
    CHECK(round_trips(t));
    qy_table_release(t);
}

/* ---- the documented limits ------------------------------------------- */

static void test_limit_decimal_scale_0_reads_as_int64(void)
{
    qy_table *t = new_table(2);
    add_column(t, "d", column_of(QY_DECIMAL, 0, 2, (const char *[]){"7", "-12"}));
    qy_table *back = reread(t, ',', NULL);
    CHECK(back && !qy_table_equal(t, back));
    const qy_column *d = back ? column_named(back, "d") : NULL;
    CHECK(d && d->type == QY_INT64 && d->v.i64[0] == 7 && d->v.i64[1] == -12);
    qy_table_release(back);
    qy_table_release(t);
}

static void test_limit_all_null_column_reads_as_string(void)
{
    qy_table *t = new_table(2);
    add_column(t, "n", column_of(QY_INT64, 0, 2, (const char *[]){NULL, NULL}));
    add_column(t, "k", column_of(QY_INT64, 0, 2, (const char *[]){"1", "2"}));
    qy_table *back = reread(t, ',', NULL);
    const qy_column *n = back ? column_named(back, "n") : NULL;
    CHECK(n && n->type == QY_STRING && n->null_count == 2);
    CHECK(back && !qy_table_equal(t, back));
    qy_table_release(back);
    qy_table_release(t);
}

static void test_limit_strings_that_look_like_values(void)
{
    qy_table *t = new_table(2);
    add_column(t, "code", column_of(QY_STRING, 0, 2, (const char *[]){"7", "42"}));
    add_column(t, "flag", column_of(QY_STRING, 0, 2, (const char *[]){"true", "false"}));
    add_column(t, "day", column_of(QY_STRING, 0, 2, (const char *[]){"2023-07-20", "2023/7/21"}));
    /* codes with a leading zero and integers beyond int64 stay text */
    add_column(t, "zip", column_of(QY_STRING, 0, 2, (const char *[]){"007", "00501"}));
    add_column(t, "id", column_of(QY_STRING, 0, 2, (const char *[]){"4200000000000000000000000001",
                                                                  "4200000000000000000000000002"}));
    qy_table *back = reread(t, ',', NULL);
    const qy_column *code = back ? column_named(back, "code") : NULL;
    const qy_column *flag = back ? column_named(back, "flag") : NULL;
    const qy_column *day = back ? column_named(back, "day") : NULL;
    CHECK(code && code->type == QY_INT64 && code->v.i64[0] == 7);
    CHECK(flag && flag->type == QY_BOOL && flag->v.b[0] == 1);
    CHECK(day && day->type == QY_DATE);
    const qy_column *zip = back ? column_named(back, "zip") : NULL;
    const qy_column *id = back ? column_named(back, "id") : NULL;
    CHECK(zip && zip->type == QY_STRING && qy_column_equal(zip, column_named(t, "zip")));
    CHECK(id && id->type == QY_STRING && qy_column_equal(id, column_named(t, "id")));
    qy_table_release(back);

    /* Given the types, the reader reads them back as they were. */
    qy_csv_type types[] = {{"code", QY_STRING, 0}, {"flag", QY_STRING, 0}, {"day", QY_STRING, 0}};
    qy_csv_options o;
    qy_csv_options_init(&o);
    o.types = types;
    o.ntypes = 3;
    back = reread(t, ',', &o);
    CHECK(back && qy_table_equal(t, back));
    qy_table_release(back);
    qy_table_release(t);
}

static void test_limit_non_finite_floats_read_as_strings(void)
{
    qy_table *t = new_table(4);
    qy_column *x = column_of(QY_FLOAT64, 0, 4, (const char *[]){"0", "0", "0", "2.5"});
    x->v.f64[0] = -INFINITY;
    x->v.f64[1] = INFINITY;
    x->v.f64[2] = NAN;
    add_column(t, "x", x);
    char *text = csv_of(t, ',');
    CHECK_STR(text, "x\n-inf\ninf\nnan\n2.5e0\n");
    qy_free(text);

    qy_table *back = reread(t, ',', NULL);
    const qy_column *col = back ? column_named(back, "x") : NULL;
    CHECK(col && col->type == QY_STRING);
    if (col && col->type == QY_STRING) {
        CHECK_STR(qy_dict_get(col->dict, col->v.code[1], NULL), "inf");
        CHECK_STR(qy_dict_get(col->dict, col->v.code[3], NULL), "2.5e0");
    }
    qy_table_release(back);
    qy_table_release(t);
}

static void test_one_column_null_rows_are_blank_lines(void)
{
    qy_table *t = new_table(3);
    add_column(t, "x", column_of(QY_INT64, 0, 3, (const char *[]){NULL, "3", NULL}));
    char *text = csv_of(t, ',');
    CHECK_STR(text, "x\n\n3\n\n");
    qy_free(text);
    CHECK(round_trips(t));
    qy_table_release(t);

    qy_table *two = new_table(2);   /* with a second column the row stays */
    add_column(two, "x", column_of(QY_INT64, 0, 2, (const char *[]){NULL, "3"}));
    add_column(two, "y", column_of(QY_INT64, 0, 2, (const char *[]){NULL, "4"}));
    CHECK(round_trips(two));
    qy_table_release(two);
}

static void test_limit_tables_without_rows_or_columns(void)
{
    qy_table *no_rows = new_table(0);
    add_column(no_rows, "a", column_of(QY_INT64, 0, 0, NULL));
    qy_table *back = reread(no_rows, ',', NULL);
    CHECK(back && back->nrows == 0 && back->ncols == 1 && back->cols[0]->type == QY_STRING);
    qy_table_release(back);
    qy_table_release(no_rows);

    qy_table *no_columns = new_table(4);
    back = reread(no_columns, ',', NULL);
    CHECK(back && back->nrows == 0 && back->ncols == 0);
    qy_table_release(back);
    qy_table_release(no_columns);
}

static void test_limit_dates_outside_years_1_to_9999(void)
{
    qy_table *t = new_table(2);
    qy_column *d = column_of(QY_DATE, 0, 2, (const char *[]){"2023-07-20", "2023-07-20"});
    d->v.date[1] = qy_days_from_civil(10000, 1, 1);
    add_column(t, "d", d);
    char *text = csv_of(t, ',');
    CHECK_STR(text, "d\n2023-07-20\n+10000-01-01\n");
    qy_free(text);
    qy_table *back = reread(t, ',', NULL);
    CHECK(back && back->cols[0]->type == QY_STRING);
    qy_table_release(back);
    qy_table_release(t);
}

/* ---- files ----------------------------------------------------------- */

static char *temp_dir(void)
{
    char *dir = qy_strndup("/tmp/qy_csv_write_XXXXXX", 24);
    if (!dir || !mkdtemp(dir)) abort();
    return dir;
}

/* Names in dir other than . and .., joined by spaces. */
static void list_dir(const char *dir, char *buf, size_t cap)
{
    buf[0] = '\0';
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (buf[0]) strncat(buf, " ", cap - strlen(buf) - 1);
        strncat(buf, e->d_name, cap - strlen(buf) - 1);
    }
    closedir(d);
}

static void test_write_file(void)
{
    char *dir = temp_dir();
    char path[256];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    qy_table *t = every_type();
    qy_error err = {0};
    CHECK_INT(qy_csv_write_file(t, path, NULL, &err), QY_OK);
    CHECK_INT(qy_csv_write_file(t, path, NULL, &err), QY_OK);   /* replaces it */

    char *bytes = NULL;
    size_t len = 0;
    CHECK_INT(qy_file_read_all(path, &bytes, &len, NULL), QY_OK);
    char *text = csv_of(t, ',');
    CHECK_STR(bytes, text);
    CHECK(len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) != 0);   /* no BOM */
    CHECK(strchr(bytes, '\r') == NULL);                          /* LF only */
    qy_free(text);
    qy_free(bytes);

    qy_csv_options o;
    qy_csv_options_init(&o);
    qy_table *back = NULL;
    CHECK_INT(qy_csv_read_file(path, &o, &back, NULL, NULL), QY_OK);
    CHECK(back && qy_table_equal(t, back));
    qy_table_release(back);

    char names[256];
    list_dir(dir, names, sizeof names);
    CHECK_STR(names, "out.csv");
    unlink(path);
    rmdir(dir);
    qy_free(dir);
    qy_table_release(t);
}

static void test_failed_write_leaves_nothing(void)
{
    char *dir = temp_dir();
    char path[256];
    snprintf(path, sizeof path, "%s/missing/out.csv", dir);
    qy_table *t = every_type();
    qy_error err = {0};
    CHECK_INT(qy_csv_write_file(t, path, NULL, &err), QY_EIO);
    CHECK_INT(err.code, QY_EIO);
    CHECK(strstr(err.msg, path) != NULL);
    CHECK(access(path, F_OK) != 0);
    char names[256];
    list_dir(dir, names, sizeof names);
    CHECK_STR(names, "");

    /* The target is a directory: the temporary file is written, the rename
     * fails, and the temporary file is gone again. */
    snprintf(path, sizeof path, "%s/taken", dir);
    CHECK_INT(mkdir(path, 0700), 0);
    err.msg[0] = '\0';
    CHECK_INT(qy_csv_write_file(t, path, NULL, &err), QY_EIO);
    CHECK(strstr(err.msg, path) != NULL);
    list_dir(dir, names, sizeof names);
    CHECK_STR(names, "taken");
    rmdir(path);
    rmdir(dir);
    qy_free(dir);
    qy_table_release(t);
}

/* Every allocation in turn fails: QY_ENOMEM and the buffer as it was. */
static void test_out_of_memory(void)
{
    qy_table *t = every_type();
    int failures = 0;
    for (long n = 0; n < 100; n++) {
        qy_strbuf out = QY_STRBUF_INIT;
        CHECK_INT(qy_strbuf_puts(&out, "#"), QY_OK);
        qy_error err = {0};
        qy_alloc_fail_after(n);
        int rc = qy_csv_format(t, NULL, &out, &err);
        qy_alloc_fail_after(-1);
        if (rc == QY_OK) {
            CHECK_INT(strncmp(out.data, "#n,amount", 9), 0);
            qy_strbuf_free(&out);
            break;
        }
        failures++;
        CHECK_INT(rc, QY_ENOMEM);
        CHECK_STR(err.msg, "not enough memory");
        CHECK_STR(out.data, "#");
        qy_strbuf_free(&out);
    }
    CHECK(failures >= 1);
    qy_table_release(t);
}

int main(void)
{
    RUN(test_text_of_every_type);
    RUN(test_quoting);
    RUN(test_header_quoting);
    RUN(test_other_delimiters);
    RUN(test_formula_guard);
    RUN(test_invalid_delimiters);
    RUN(test_empty_tables);
    RUN(test_round_trip_every_type);
    RUN(test_round_trip_nulls_in_every_type);
    RUN(test_round_trip_strings);
    RUN(test_round_trip_decimals);
    RUN(test_round_trip_floats);
    RUN(test_round_trip_integers);
    RUN(test_limit_decimal_scale_0_reads_as_int64);
    RUN(test_limit_all_null_column_reads_as_string);
    RUN(test_limit_strings_that_look_like_values);
    RUN(test_limit_non_finite_floats_read_as_strings);
    RUN(test_one_column_null_rows_are_blank_lines);
    RUN(test_limit_tables_without_rows_or_columns);
    RUN(test_limit_dates_outside_years_1_to_9999);
    RUN(test_write_file);
    RUN(test_failed_write_leaves_nothing);
    RUN(test_out_of_memory);
    return check_summary("test_csv_write");
}
