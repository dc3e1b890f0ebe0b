/* bench/genxlsx.c — writes the SYNTHETIC ledger of bench/genledger.c as an
 * .xlsx workbook for `make bench`'s Excel read benchmark (issue 13), with
 * libxlsxwriter. It reads the CSV genledger wrote, so the sheet holds the same
 * rows, and keeps 13 of its 15 columns (not `event`, nearly always empty, nor
 * `digital`, a boolean):
 *   id                                        integer, General format
 *   name county industry investor province    text, CJK
 *   region kind status                        text, CJK
 *   sign_date start_date                      dates, format yyyy-mm-dd
 *   amount funds                              money (亿元), format 0.00
 * An empty CSV field is a blank cell (none is written). Row 1 is the header
 * (the CSV's names), rows 2.. the data: one plain table every peer reads alike.
 * A second sheet, 说明, says the data is invented.
 *
 * Strings go to the shared string table, as Excel, WPS and LibreOffice write
 * them (libxlsxwriter's constant_memory mode would write inline strings, which
 * those programs never do, so a reader would be timed on a path real files do
 * not take). The cost is memory here: 1.4 GiB and 41 s at 1M rows, against
 * 4 MiB and 27 s in constant_memory mode.
 * Deterministic: a fixed creation time in the document properties, which
 * libxlsxwriter also gives every zip entry, so the same CSV gives the same bytes.
 * Usage: genxlsx LEDGER.csv OUT.xlsx */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#define HEADER "id,name,county,industry,investor,province,region,event,sign_date,amount," \
               "kind,status,start_date,digital,funds"
enum { CSV_FIELDS = 15 };
enum { MAX_DATA_ROWS = 1048575 };          /* Excel's 1048576 rows, less the header */
static const time_t CREATED = 1767225600;  /* 2026-01-01 00:00:00 UTC */

enum kind { INTEGER, TEXT, DATE, MONEY };
/* The sheet's columns in order: the CSV field each comes from, and its kind. */
static const struct {
    int field;
    enum kind kind;
} columns[] = {
    {0, INTEGER}, {1, TEXT}, {2, TEXT},  {3, TEXT},  {4, TEXT},  {5, TEXT},  {6, TEXT},
    {8, DATE},    {9, MONEY}, {10, TEXT}, {11, TEXT}, {12, DATE}, {14, MONEY},
};
enum { COLUMNS = sizeof columns / sizeof columns[0] };

/* Days from 1970-01-01 of a civil date (the days-from-civil method). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

/* Excel's serial number (1900 system: day 25569 is 1970-01-01) of "YYYY-MM-DD"
 * from 1900-03-01 on (before it Excel counts a 1900-02-29 that never was), or -1
 * when the text is not such a date. */
static double excel_day(const char *s)
{
    int y, m, d, end = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &end) != 3 || s[end] || end != 10
        || y < 1900 || (y == 1900 && m < 3) || m < 1 || m > 12 || d < 1
        || d > days_in_month(y, m))
        return -1;
    return (double)(days_from_civil(y, m, d) + 25569);
}

/* A decimal or integer: its value, or nonzero *bad when the text is not one. */
static double number(const char *s, int *bad)
{
    char *end;
    double v = strtod(s, &end);
    *bad = end == s || *end != '\0';
    return v;
}

/* Splits line (its line feed removed) at commas in place; the count of fields,
 * at most CSV_FIELDS + 1 (a count past CSV_FIELDS says there are too many). */
static int split(char *line, char **fields)
{
    int n = 0;
    for (char *p = line;; p++) {
        fields[n++] = p;
        p = strchr(p, ',');
        if (!p || n > CSV_FIELDS) return n;
        *p = '\0';
    }
}

static int fail(const char *in, long line, const char *what, const char *field)
{
    fprintf(stderr, "genxlsx: %s:%ld: %s%s%s%s\n", in, line, what,
            field ? " '" : "", field ? field : "", field ? "'" : "");
    return 1;
}

/* Writes one CSV data line (fields already split) as sheet row `row`. */
static int write_row(lxw_worksheet *sheet, lxw_row_t row, char **fields, lxw_format *date,
                     lxw_format *money, const char *in, long line)
{
    for (lxw_col_t c = 0; c < COLUMNS; c++) {
        const char *s = fields[columns[c].field];
        if (*s == '\0') continue;  /* empty: a blank cell, read as null */
        lxw_error err = LXW_NO_ERROR;
        int bad = 0;
        switch (columns[c].kind) {
        case TEXT:
            if (strchr(s, '"')) return fail(in, line, "a quote in", s);
            err = worksheet_write_string(sheet, row, c, s, NULL);
            break;
        case INTEGER:
            err = worksheet_write_number(sheet, row, c, number(s, &bad), NULL);
            break;
        case MONEY:
            err = worksheet_write_number(sheet, row, c, number(s, &bad), money);
            break;
        case DATE: {
            double day = excel_day(s);
            bad = day < 0;
            err = worksheet_write_number(sheet, row, c, day, date);
            break;
        }
        }
        if (bad) return fail(in, line, "not a number or date:", s);
        if (err) return fail(in, line, lxw_strerror(err), NULL);
    }
    return 0;
}

/* Reads the CSV into the sheet: header first, then every data line. */
static int write_sheet(FILE *csv, const char *in, lxw_worksheet *sheet, lxw_format *date,
                       lxw_format *money)
{
    static char line[4096];
    char *fields[CSV_FIELDS + 1];
    if (!fgets(line, sizeof line, csv) || strcmp(line, HEADER "\n") != 0)
        return fail(in, 1, "not a bench/genledger.c ledger (its header differs)", NULL);
    line[strlen(line) - 1] = '\0';
    split(line, fields);
    for (lxw_col_t c = 0; c < COLUMNS; c++)
        worksheet_write_string(sheet, 0, c, fields[columns[c].field], NULL);
    long n = 1;
    while (fgets(line, sizeof line, csv)) {
        n++;
        size_t len = strlen(line);
        if (len == 0 || line[len - 1] != '\n') return fail(in, n, "line too long or unended", NULL);
        line[len - 1] = '\0';
        if (n - 1 > MAX_DATA_ROWS) return fail(in, n, "more rows than an Excel sheet holds", NULL);
        if (split(line, fields) != CSV_FIELDS) return fail(in, n, "not 15 fields", NULL);
        if (write_row(sheet, (lxw_row_t)(n - 1), fields, date, money, in, n)) return 1;
    }
    if (ferror(csv)) return fail(in, n, "read error", NULL);
    if (n == 1) return fail(in, 1, "no data rows", NULL);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: genxlsx LEDGER.csv OUT.xlsx\n");
        return 2;
    }
    FILE *csv = fopen(argv[1], "rb");
    if (!csv) {
        perror(argv[1]);
        return 1;
    }
    lxw_workbook *book = workbook_new(argv[2]);
    if (!book) {
        fprintf(stderr, "genxlsx: cannot create %s\n", argv[2]);
        fclose(csv);
        return 1;
    }
    lxw_doc_properties props = {
        .title = "SYNTHETIC investment ledger",
        .comments = "Every row is invented (bench/genledger.c, bench/genxlsx.c); "
                    "none describes a real project.",
        .created = CREATED,
    };
    workbook_set_properties(book, &props);
    lxw_worksheet *sheet = workbook_add_worksheet(book, "SYNTHETIC ledger");
    lxw_worksheet *about = workbook_add_worksheet(book, "说明");
    lxw_format *date = workbook_add_format(book);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format *money = workbook_add_format(book);
    format_set_num_format(money, "0.00");
    worksheet_write_string(about, 0, 0,
                           "SYNTHETIC：工作表 SYNTHETIC ledger 的每一行都是虚构的"
                           "（bench/genledger.c 生成），不代表任何真实项目。", NULL);
    int failed = write_sheet(csv, argv[1], sheet, date, money);
    fclose(csv);
    lxw_error err = workbook_close(book);  /* writes the file, frees the workbook */
    if (failed) {
        remove(argv[2]);
        return 1;
    }
    if (err) {
        fprintf(stderr, "genxlsx: %s: %s\n", argv[2], lxw_strerror(err));
        return 1;
    }
    return 0;
}
