/* xlsx_write.c — tables as Excel sheets through libxlsxwriter; see
 * xlsx_write.h.
 *
 * Each sheet is written in two passes over its table: the first decides
 * how every cell is written (number or text), measures the columns' widths
 * and sums the totals; the second writes the rows in order, as
 * libxlsxwriter's constant_memory mode requires.
 */
#include "xlsx_write.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "alloc.h"
#include "date.h"
#include "number.h"
#include "numfmt.h"
#include "utf8.h"

enum {
    MAX_ROWS = 1048576,
    MAX_COLS = 16384,
    MAX_TEXT = 32767,          /* characters in a cell */
    WIDTH_MIN = 6,
    WIDTH_MAX = 60,
    WIDTH_PAD = 2,
    FILTER_BUTTON = 2,
    FLOAT_SHOWN = 11,          /* General shows at most 11 characters of a number */         /* the autofilter's arrow in the header cell */
    DEFAULT_CHART_W = 720,
    DEFAULT_CHART_H = 432,
    CHART_GAP = 20             /* pixels between stacked charts */
};

/* A number Excel shows exactly: at most 15 significant digits. */
#define EXACT_INT_MAX 999999999999999LL

/* The font chart text is drawn in: one every Chinese Windows has, so titles
 * and axis names in Chinese show (libxlsxwriter sets it as the latin
 * typeface; LibreOffice falls back to an installed CJK font). */
static const char CHART_FONT[] = "Microsoft YaHei";

/* ---- warnings ------------------------------------------------------------ */

static void warn(qy_xlsx_warnings *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(qy_xlsx_warnings *w, const char *fmt, ...)
{
    if (!w) return;
    if (w->n == QY_XLSX_MAX_WARNINGS) {
        w->more++;
        return;
    }
    char raw[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    qy_text_escape(w->text[w->n++], sizeof w->text[0], raw, strlen(raw));
}

/* ---- options and checks -------------------------------------------------- */

void qy_xlsx_sheet_init(qy_xlsx_sheet *s, const qy_table *t)
{
    memset(s, 0, sizeof *s);
    s->table = t;
    s->float_places = -1;
}

void qy_xlsx_chart_init(qy_xlsx_chart *c, qy_xlsx_chart_kind kind)
{
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->legend = QY_XLSX_LEGEND_DEFAULT;
    c->width = DEFAULT_CHART_W;
    c->height = DEFAULT_CHART_H;
}

static const struct { const char *name, *code; } DATE_FORMATS[] = {
    {"yyyy-mm-dd", "yyyy-mm-dd"},
    {"yyyy/mm/dd", "yyyy/mm/dd"},
    {"yyyy/m/d", "yyyy/m/d"},
    {"yyyy-m-d", "yyyy-m-d"},
    {"yyyymmdd", "yyyymmdd"},
    {"yyyy年m月d日", "yyyy\"年\"m\"月\"d\"日\""},
    {"yyyy年mm月dd日", "yyyy\"年\"mm\"月\"dd\"日\""},
};

const char *qy_xlsx_date_format(const char *name)
{
    if (!name) return DATE_FORMATS[0].code;
    for (size_t k = 0; k < sizeof DATE_FORMATS / sizeof DATE_FORMATS[0]; k++)
        if (strcmp(name, DATE_FORMATS[k].name) == 0 || strcmp(name, DATE_FORMATS[k].code) == 0)
            return DATE_FORMATS[k].code;
    return NULL;
}

/* The date text a format code shows, for widths and for text fallbacks. */
static size_t date_text(const char *code, int32_t days, char *buf)
{
    int y, m, d;
    qy_civil_from_days(days, &y, &m, &d);
    if (strcmp(code, "yyyy-mm-dd") == 0) return (size_t)snprintf(buf, 40, "%04d-%02d-%02d", y, m, d);
    if (strcmp(code, "yyyy/mm/dd") == 0) return (size_t)snprintf(buf, 40, "%04d/%02d/%02d", y, m, d);
    if (strcmp(code, "yyyy/m/d") == 0) return (size_t)snprintf(buf, 40, "%04d/%d/%d", y, m, d);
    if (strcmp(code, "yyyy-m-d") == 0) return (size_t)snprintf(buf, 40, "%04d-%d-%d", y, m, d);
    if (strcmp(code, "yyyymmdd") == 0) return (size_t)snprintf(buf, 40, "%04d%02d%02d", y, m, d);
    if (strstr(code, "mm\"")) return (size_t)snprintf(buf, 40, "%04d年%02d月%02d日", y, m, d);
    return (size_t)snprintf(buf, 40, "%04d年%d月%d日", y, m, d);
}

/* Characters as Excel counts them: UTF-16 code units. -1 when s is not
 * UTF-8 (or holds a NUL). */
static long utf16_length(const char *s, size_t len)
{
    long n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = qy_utf8_decode(s + i, len - i, &cp);
        if (k == 0 || cp == 0) return -1;
        n += cp > 0xFFFF ? 2 : 1;
        i += (size_t)k;
    }
    return n;
}

int qy_xlsx_check_sheet_name(const char *name, qy_error *err)
{
    size_t len = strlen(name);
    long n = utf16_length(name, len);
    if (n < 0) return qy_error_set(err, QY_EINVAL, "sheet name '%s' is not UTF-8 text", name);
    if (n == 0) return qy_error_set(err, QY_EINVAL, "a sheet name cannot be empty");
    if (n > 31)
        return qy_error_set(err, QY_EINVAL,
                            "sheet name '%s' has %ld characters; Excel allows at most 31", name, n);
    const char *bad = strpbrk(name, "[]:*?/\\");
    if (bad)
        return qy_error_set(err, QY_EINVAL,
                            "sheet name '%s' holds '%c'; Excel forbids any of [ ] : * ? / \\",
                            name, *bad);
    if (name[0] == '\'' || name[len - 1] == '\'')
        return qy_error_set(err, QY_EINVAL,
                            "sheet name '%s' starts or ends with an apostrophe, which Excel forbids",
                            name);
    if (strcasecmp(name, "History") == 0)
        return qy_error_set(err, QY_EINVAL, "sheet name '%s' is reserved by Excel", name);
    return QY_OK;
}

/* Case-insensitive equality as Excel compares sheet names: ASCII letters
 * folded (other scripts compared as written). */
static bool same_sheet_name(const char *a, const char *b) { return strcasecmp(a, b) == 0; }

static bool is_number_column(const qy_column *c)
{
    return c->type == QY_INT64 || c->type == QY_DECIMAL || c->type == QY_FLOAT64;
}

static const char *sheet_name_of(const qy_xlsx_sheet *s, int k, char *buf)
{
    if (s->name) return s->name;
    snprintf(buf, 16, "Sheet%d", k + 1);
    return buf;
}

static int check_column(const qy_table *t, const char *name, bool numeric, const char *sheet,
                        const char *what, qy_error *err)
{
    if (!name) return qy_error_set(err, QY_EINVAL, "sheet '%s': %s: a column is needed", sheet, what);
    int j = qy_table_find(t, name);
    if (j < 0) {
        const char *near = qy_table_suggest(t, name);
        if (near)
            return qy_error_set(err, QY_ENOTFOUND, "sheet '%s': %s: no column '%s' (did you mean '%s'?)",
                                sheet, what, name, near);
        return qy_error_set(err, QY_ENOTFOUND, "sheet '%s': %s: no column '%s'", sheet, what, name);
    }
    if (numeric && !is_number_column(t->cols[j])) {
        char ty[16];
        return qy_error_set(err, QY_ETYPE, "sheet '%s': %s: column '%s' is %s, not a number", sheet,
                            what, name, qy_type_name(t->cols[j]->type, t->cols[j]->scale, ty));
    }
    return QY_OK;
}

static int check_chart(const qy_xlsx_sheet *s, const qy_xlsx_chart *c, int k, const char *sheet,
                       qy_error *err)
{
    char what[32];
    snprintf(what, sizeof what, "chart %d", k + 1);
    if (c->kind != QY_XLSX_BAR && c->kind != QY_XLSX_LINE && c->kind != QY_XLSX_PIE)
        return qy_error_set(err, QY_EINVAL, "sheet '%s': %s: unknown kind", sheet, what);
    if (c->ny < 1 || c->ny > QY_XLSX_MAX_SERIES || (c->kind == QY_XLSX_PIE && c->ny != 1))
        return qy_error_set(err, QY_EINVAL, "sheet '%s': %s: %s", sheet, what,
                            c->kind == QY_XLSX_PIE ? "a pie has exactly one value column"
                                                   : "1 to 16 value columns are needed");
    QY_RETURN_NOT_OK(check_column(s->table, c->x, false, sheet, what, err));
    for (int i = 0; i < c->ny; i++)
        QY_RETURN_NOT_OK(check_column(s->table, c->y[i], true, sheet, what, err));
    if (c->width < 100 || c->width > 4000 || c->height < 100 || c->height > 4000)
        return qy_error_set(err, QY_ERANGE, "sheet '%s': %s: width and height must be 100 to 4000 pixels",
                            sheet, what);
    if ((unsigned)c->legend > QY_XLSX_LEGEND_TOP_RIGHT)
        return qy_error_set(err, QY_EINVAL, "sheet '%s': %s: unknown legend position", sheet, what);
    return QY_OK;
}

static int check_sheet(const qy_xlsx_sheet *s, const char *sheet, qy_error *err)
{
    const qy_table *t = s->table;
    if (!t) return qy_error_set(err, QY_EINVAL, "sheet '%s': no table", sheet);
    int64_t rows = t->nrows + 1 + (s->title ? 1 : 0) + (s->total_label ? 1 : 0);
    if (rows > MAX_ROWS)
        return qy_error_set(err, QY_ERANGE,
                            "sheet '%s': %lld rows do not fit in an Excel sheet (at most %d, "
                            "header, title and total rows included)",
                            sheet, (long long)rows, MAX_ROWS);
    if (t->ncols > MAX_COLS)
        return qy_error_set(err, QY_ERANGE, "sheet '%s': %d columns do not fit in an Excel sheet (at most %d)",
                            sheet, t->ncols, MAX_COLS);
    if (t->ncols == 0) return qy_error_set(err, QY_EINVAL, "sheet '%s': the table has no columns", sheet);
    if (!qy_xlsx_date_format(s->date_format))
        return qy_error_set(err, QY_EINVAL,
                            "sheet '%s': unknown date format '%s' (use yyyy-mm-dd, yyyy/mm/dd, "
                            "yyyy/m/d, yyyy-m-d, yyyymmdd, yyyy年m月d日 or yyyy年mm月dd日)",
                            sheet, s->date_format);
    if (s->total_label && utf16_length(s->total_label, strlen(s->total_label)) < 0)
        return qy_error_set(err, QY_EINVAL, "sheet '%s': the total's label is not UTF-8 text", sheet);
    if (s->title && utf16_length(s->title, strlen(s->title)) < 0)
        return qy_error_set(err, QY_EINVAL, "sheet '%s': the title is not UTF-8 text", sheet);
    for (int i = 0; s->total_columns && i < s->ntotal_columns; i++) {
        QY_RETURN_NOT_OK(check_column(t, s->total_columns[i], true, sheet, "total", err));
        if (qy_table_find(t, s->total_columns[i]) == 0)
            return qy_error_set(err, QY_EINVAL,
                                "sheet '%s': total: column '%s' is the first, which holds the label",
                                sheet, s->total_columns[i]);
    }
    if (s->ncharts < 0 || s->ncharts > QY_XLSX_MAX_CHARTS)
        return qy_error_set(err, QY_EINVAL, "sheet '%s': at most %d charts", sheet, QY_XLSX_MAX_CHARTS);
    for (int k = 0; k < s->ncharts; k++) QY_RETURN_NOT_OK(check_chart(s, &s->charts[k], k, sheet, err));
    return QY_OK;
}

int qy_xlsx_check(const qy_xlsx_sheet *sheets, int n, int *bad_sheet, qy_error *err)
{
    if (n < 1) return qy_error_set(err, QY_EINVAL, "a workbook needs at least one sheet");
    for (int k = 0; k < n; k++) {
        if (bad_sheet) *bad_sheet = k;
        char buf[16], other[16];
        const char *name = sheet_name_of(&sheets[k], k, buf);
        QY_RETURN_NOT_OK(qy_xlsx_check_sheet_name(name, err));
        for (int i = 0; i < k; i++)
            if (same_sheet_name(name, sheet_name_of(&sheets[i], i, other)))
                return qy_error_set(err, QY_EINVAL,
                                    "sheet name '%s' is used twice (sheets %d and %d; Excel ignores case)",
                                    name, i + 1, k + 1);
        QY_RETURN_NOT_OK(check_sheet(&sheets[k], name, err));
    }
    return QY_OK;
}

/* ---- how a cell is written ------------------------------------------------ */

/* Digits of a decimal's value*10^scale with its trailing zeros dropped: the
 * significant digits Excel must show. */
static int significant_digits(int64_t v, int64_t *mantissa, int *zeros)
{
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int z = 0;
    while (m != 0 && m % 10 == 0) {
        m /= 10;
        z++;
    }
    int d = 0;
    for (uint64_t r = m; r != 0; r /= 10) d++;
    if (mantissa) *mantissa = (int64_t)m;
    if (zeros) *zeros = z;
    return d;
}

static const double POW10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                               1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
                               1e21, 1e22};

/* The double nearest to v / 10^scale, for v of at most 15 significant
 * digits: one correctly rounded operation on exact operands (the mantissa
 * is below 2^53, powers of ten up to 10^22 are exact). */
static double decimal_value(int64_t v, int scale)
{
    int64_t m;
    int z;
    significant_digits(v, &m, &z);
    double x = (double)m;
    if (v < 0) x = -x;
    return z >= scale ? x * POW10[z - scale] : x / POW10[scale - z];
}

static bool decimal_is_exact(int64_t v) { return significant_digits(v, NULL, NULL) <= 15; }

static bool int_is_exact(int64_t v) { return v >= -EXACT_INT_MAX && v <= EXACT_INT_MAX; }

/* The Excel serial of a date (days since 1899-12-30), or false outside
 * 1900-03-01..9999-12-31. Before March 1900 Excel and LibreOffice show
 * the same serial as different days (Excel counts a 1900-02-29, serial 60,
 * LibreOffice does not), so those dates are not written as serials. */
static bool date_serial(int32_t days, double *serial)
{
    int32_t first = qy_days_from_civil(1900, 3, 1), last = qy_days_from_civil(9999, 12, 31);
    if (days < first || days > last) return false;
    *serial = (double)(days - qy_days_from_civil(1899, 12, 30));
    return true;
}

/* Inserts thousands separators into the digits of a number's text in place
 * (buf has room for 64 bytes). */
static size_t group_thousands(char *buf, size_t len)
{
    size_t start = buf[0] == '-' ? 1 : 0, end = start;
    while (end < len && buf[end] >= '0' && buf[end] <= '9') end++;
    size_t digits = end - start, commas = digits > 3 ? (digits - 1) / 3 : 0;
    if (commas == 0) return len;
    memmove(buf + end + commas, buf + end, len - end + 1);
    size_t src = end, dst = end + commas, run = 0;
    while (src > start) {
        buf[--dst] = buf[--src];
        if (++run == 3 && src > start) {
            buf[--dst] = ',';
            run = 0;
        }
    }
    return len + commas;
}

/* Width of the widest line of s[0..len) in display cells. */
static size_t text_width(const char *s, size_t len)
{
    size_t best = 0;
    while (len > 0) {
        const char *nl = memchr(s, '\n', len);
        size_t n = nl ? (size_t)(nl - s) : len;
        size_t w = qy_utf8_width(s, n);
        if (w > best) best = w;
        if (!nl) break;
        len -= n + 1;
        s = nl + 1;
    }
    return best;
}

/* What pass one learns about a column. */
typedef struct column_plan {
    const qy_column *col;
    const char *name;
    size_t width;
    int64_t as_text;           /* values written as text (too precise, out of range) */
    int64_t replaced;          /* strings changed to fit a cell (not UTF-8, too long) */
    int64_t empty;             /* empty strings, written as no cell */
    bool total;                /* has a total cell */
    bool sum_overflow;
    int64_t sum;               /* int64 and decimal: exact */
    double fsum;               /* float64: finite values */
    lxw_format *fmt, *total_fmt;
} column_plan;

typedef struct sheet_writer {
    const qy_xlsx_sheet *s;
    const char *name;
    const char *date_code;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    column_plan *plans;
    lxw_row_t header_row;
    lxw_format *title_fmt, *header_fmt, *label_fmt;
    char *scratch;             /* a string made fit for a cell */
    size_t scratch_cap;
    qy_xlsx_warnings *warnings;
    qy_error *err;
} sheet_writer;

/* The text of a number or date cell as its format shows it (the text
 * written when it cannot be a number); returns the length and whether it
 * is written as a number. */
static size_t shown(const sheet_writer *w, const column_plan *p, int64_t i, char *buf, bool *number)
{
    const qy_column *c = p->col;
    size_t n;
    *number = true;
    switch (c->type) {
    case QY_INT64:
        n = (size_t)snprintf(buf, 40, "%lld", (long long)c->v.i64[i]);
        *number = int_is_exact(c->v.i64[i]);
        return w->s->thousands && *number ? group_thousands(buf, n) : n;
    case QY_DECIMAL:
        n = qy_decimal_format(c->v.i64[i], c->scale, buf);
        *number = decimal_is_exact(c->v.i64[i]);
        return w->s->thousands && *number ? group_thousands(buf, n) : n;
    case QY_FLOAT64: {
        double x = c->v.f64[i];
        if (isfinite(x) && w->s->float_places < 0)
            return qy_numfmt_render((qy_numfmt){QY_NUMFMT_GENERAL, 0}, x, false, buf);
        if (isfinite(x)) {
            n = qy_numfmt_render((qy_numfmt){QY_NUMFMT_FIXED, w->s->float_places}, x, false, buf);
            return w->s->thousands ? group_thousands(buf, n) : n;
        }
        *number = false;
        return (size_t)snprintf(buf, 40, "%s", isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
    }
    case QY_DATE: {
        double serial;
        *number = date_serial(c->v.date[i], &serial);
        return *number ? date_text(w->date_code, c->v.date[i], buf) : qy_date_format(c->v.date[i], buf);
    }
    case QY_BOOL:
        return (size_t)snprintf(buf, 40, "%s", c->v.b[i] ? "TRUE" : "FALSE");
    default:
        *number = false;
        return 0;
    }
}

static bool is_hex(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* Whether s[i..len) starts "_xHHHH_", which Excel and its readers take for
 * the character U+HHHH (the OOXML escape): a literal one is written with
 * its "_" escaped as "_x005F_", which libxlsxwriter does not do. */
static bool starts_escape(const char *s, size_t len, size_t i)
{
    if (len - i < 7 || s[i] != '_' || (s[i + 1] != 'x' && s[i + 1] != 'X') || s[i + 6] != '_') return false;
    return is_hex(s[i + 2]) && is_hex(s[i + 3]) && is_hex(s[i + 4]) && is_hex(s[i + 5]);
}

static bool has_escape(const char *s, size_t len)
{
    for (const char *p = memchr(s, '_', len); p; p = memchr(p + 1, '_', len - (size_t)(p + 1 - s)))
        if (starts_escape(s, len, (size_t)(p - s))) return true;
    return false;
}

/* s[0..len) made fit for a cell: bytes that are not UTF-8 (and NUL) as
 * U+FFFD, cut at Excel's 32,767 characters, a literal "_xHHHH_" escaped.
 * Returns s itself when it fits, else w->scratch; NULL when out of memory. */
static const char *cell_string(sheet_writer *w, const char *s, size_t len)
{
    long n = utf16_length(s, len);
    if (n >= 0 && n <= MAX_TEXT && !has_escape(s, len)) return s;
    size_t cap = len * 4 + 1;   /* U+FFFD for a byte; "_x005F_" for 7 bytes */
    if (cap > w->scratch_cap) {
        char *p = qy_realloc(w->scratch, cap);
        if (!p) return NULL;
        w->scratch = p;
        w->scratch_cap = cap;
    }
    size_t o = 0;
    long units = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = qy_utf8_decode(s + i, len - i, &cp);
        int add = k == 0 || cp == 0 ? 1 : cp > 0xFFFF ? 2 : 1;
        if (units + add > MAX_TEXT) break;
        units += add;
        if (k == 0 || cp == 0) {
            memcpy(w->scratch + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += k ? (size_t)k : 1;
        } else if (starts_escape(s, len, i)) {
            memcpy(w->scratch + o, "_x005F_", 7);
            o += 7;
            i++;
        } else {
            memcpy(w->scratch + o, s + i, (size_t)k);
            o += (size_t)k;
            i += (size_t)k;
        }
    }
    w->scratch[o] = '\0';
    return w->scratch;
}

/* Pass one over column j: widths, text fallbacks, sums. */
static void plan_column(sheet_writer *w, column_plan *p)
{
    const qy_column *c = p->col;
    int64_t nrows = w->s->table->nrows;
    char buf[64];
    size_t width = text_width(p->name, strlen(p->name)) + FILTER_BUTTON;
    for (int64_t i = 0; i < nrows; i++) {
        if (qy_column_is_null(c, i)) continue;
        size_t cw;
        if (c->type == QY_STRING) {
            size_t len;
            const char *s = qy_dict_get(c->dict, c->v.code[i], &len);
            cw = text_width(s, len);
            long n = utf16_length(s, len);
            if (n < 0 || n > MAX_TEXT) p->replaced++;
            if (len == 0) p->empty++;
        } else {
            bool number;
            cw = qy_utf8_width(buf, shown(w, p, i, buf, &number));
            if (c->type == QY_FLOAT64 && w->s->float_places < 0 && cw > FLOAT_SHOWN) cw = FLOAT_SHOWN;
            if (!number && c->type != QY_BOOL) p->as_text++;
            if (c->type == QY_FLOAT64 && isfinite(c->v.f64[i])) p->fsum += c->v.f64[i];
            if ((c->type == QY_INT64 || c->type == QY_DECIMAL) && !p->sum_overflow
                && __builtin_add_overflow(p->sum, c->v.i64[i], &p->sum))
                p->sum_overflow = true;
        }
        if (cw > width) width = cw;
    }
    p->width = width;
}

static void warn_column(sheet_writer *w, const column_plan *p)
{
    if (p->replaced)
        warn(w->warnings,
             "sheet '%s': column '%s': %lld strings were changed to fit a cell (bytes that are not "
             "UTF-8 written as U+FFFD, text cut at 32767 characters)",
             w->name, p->name, (long long)p->replaced);
    if (p->empty)
        warn(w->warnings,
             "sheet '%s': column '%s': %lld empty strings were written as empty cells (Excel "
             "cannot hold an empty text; they read back as null)",
             w->name, p->name, (long long)p->empty);
    if (!p->as_text) return;
    const char *why = p->col->type == QY_DECIMAL ? "they have more than 15 significant digits, which Excel cannot show"
                      : p->col->type == QY_INT64 ? "they are beyond ±999,999,999,999,999, which Excel cannot show exactly"
                      : p->col->type == QY_DATE  ? "they are outside the dates Excel and LibreOffice agree on (1900-03-01 to 9999-12-31)"
                                                 : "a sheet cannot hold NaN or infinities";
    warn(w->warnings, "sheet '%s': column '%s': %lld values were written as text: %s", w->name,
         p->name, (long long)p->as_text, why);
}

/* ---- writing --------------------------------------------------------------- */

static int lxw_fail(sheet_writer *w, lxw_error e, const char *what)
{
    return qy_error_set(w->err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? QY_ENOMEM : QY_EIO,
                        "sheet '%s': %s: %s", w->name, what, lxw_strerror(e));
}

#define LXW_OK(w, expr, what)                                   \
    do {                                                        \
        lxw_error lxw_e_ = (expr);                              \
        if (lxw_e_ != LXW_NO_ERROR) return lxw_fail(w, lxw_e_, what); \
    } while (0)

static lxw_format *number_format(lxw_workbook *wb, const char *code, bool bold)
{
    lxw_format *f = workbook_add_format(wb);
    if (f && code) format_set_num_format(f, code);
    if (f && bold) format_set_bold(f);
    return f;
}

/* The number format code of a column ("0.00", "#,##0", the date code). */
static const char *column_code(const sheet_writer *w, const qy_column *c, char *buf)
{
    const char *group = w->s->thousands ? "#,##0" : "0";
    switch (c->type) {
    case QY_INT64:
        return group;
    case QY_DECIMAL:
        if (c->scale == 0) return group;
        snprintf(buf, 32, "%s.%.*s", group, c->scale, "000000");
        return buf;
    case QY_FLOAT64:
        if (w->s->float_places < 0) return NULL;
        if (w->s->float_places == 0) return group;
        snprintf(buf, 32, "%s.%.*s", group, w->s->float_places, "0000000000");
        return buf;
    case QY_DATE:
        return w->date_code;
    default:
        return NULL;
    }
}

static int make_formats(sheet_writer *w)
{
    lxw_workbook *wb = w->wb;
    w->title_fmt = workbook_add_format(wb);
    w->header_fmt = workbook_add_format(wb);
    w->label_fmt = workbook_add_format(wb);
    if (!w->title_fmt || !w->header_fmt || !w->label_fmt) return qy_error_set(w->err, QY_ENOMEM, "out of memory");
    format_set_bold(w->title_fmt);
    format_set_font_size(w->title_fmt, 14);
    format_set_align(w->title_fmt, LXW_ALIGN_CENTER);
    format_set_align(w->title_fmt, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bold(w->header_fmt);
    format_set_align(w->header_fmt, LXW_ALIGN_CENTER);
    format_set_bold(w->label_fmt);
    for (int j = 0; j < w->s->table->ncols; j++) {
        column_plan *p = &w->plans[j];
        char buf[32];
        const char *code = column_code(w, p->col, buf);
        p->fmt = code ? number_format(wb, code, false) : NULL;
        p->total_fmt = number_format(wb, code, true);
        if ((code && !p->fmt) || !p->total_fmt) return qy_error_set(w->err, QY_ENOMEM, "out of memory");
    }
    return QY_OK;
}

static int write_string(sheet_writer *w, lxw_row_t r, lxw_col_t j, const char *s, size_t len,
                        lxw_format *f)
{
    const char *t = cell_string(w, s, len);
    if (!t) return qy_error_set(w->err, QY_ENOMEM, "out of memory");
    LXW_OK(w, worksheet_write_string(w->ws, r, j, t, f), "writing a string");
    return QY_OK;
}

static int write_cell(sheet_writer *w, const column_plan *p, lxw_row_t r, lxw_col_t j, int64_t i)
{
    const qy_column *c = p->col;
    if (qy_column_is_null(c, i)) return QY_OK;
    lxw_worksheet *ws = w->ws;
    if (c->type == QY_STRING) {
        size_t len;
        const char *s = qy_dict_get(c->dict, c->v.code[i], &len);
        return write_string(w, r, j, s, len, NULL);
    }
    if (c->type == QY_BOOL) {
        LXW_OK(w, worksheet_write_boolean(ws, r, j, c->v.b[i], NULL), "writing a boolean");
        return QY_OK;
    }
    char buf[64];
    bool number;
    size_t n = shown(w, p, i, buf, &number);
    if (!number) {
        buf[n] = '\0';
        LXW_OK(w, worksheet_write_string(ws, r, j, buf, NULL), "writing a number as text");
        return QY_OK;
    }
    double x = c->type == QY_INT64     ? (double)c->v.i64[i]
               : c->type == QY_DECIMAL ? decimal_value(c->v.i64[i], c->scale)
               : c->type == QY_FLOAT64 ? c->v.f64[i]
                                       : 0;
    if (c->type == QY_DATE) date_serial(c->v.date[i], &x);
    LXW_OK(w, worksheet_write_number(ws, r, j, x, p->fmt), "writing a number");
    return QY_OK;
}

/* The columns that get a total: those named, or every number column but
 * the first. */
static void mark_totals(sheet_writer *w)
{
    const qy_xlsx_sheet *s = w->s;
    for (int j = 1; j < s->table->ncols; j++)
        w->plans[j].total = !s->total_columns && is_number_column(w->plans[j].col);
    for (int k = 0; s->total_columns && k < s->ntotal_columns; k++)
        w->plans[qy_table_find(s->table, s->total_columns[k])].total = true;
}

static int write_total_cell(sheet_writer *w, column_plan *p, lxw_row_t r, lxw_col_t j,
                            lxw_row_t first, lxw_row_t last)
{
    const qy_column *c = p->col;
    char range[64], formula[80];
    lxw_rowcol_to_cell(range, first, j);
    size_t n = strlen(range);
    range[n++] = ':';
    lxw_rowcol_to_cell(range + n, last, j);
    snprintf(formula, sizeof formula, "=SUM(%s)", range);
    if (last < first) {   /* no body rows */
        LXW_OK(w, worksheet_write_number(w->ws, r, j, 0, p->total_fmt), "writing a total");
        return QY_OK;
    }
    if (c->type == QY_FLOAT64) {
        LXW_OK(w, worksheet_write_formula_num(w->ws, r, j, formula, p->total_fmt, p->fsum), "writing a total");
        return QY_OK;
    }
    bool exact = !p->sum_overflow && (c->type == QY_INT64 ? int_is_exact(p->sum) : decimal_is_exact(p->sum));
    if (exact && !p->as_text) {
        double x = c->type == QY_INT64 ? (double)p->sum : decimal_value(p->sum, c->scale);
        LXW_OK(w, worksheet_write_formula_num(w->ws, r, j, formula, p->total_fmt, x), "writing a total");
        return QY_OK;
    }
    if (p->sum_overflow) {
        warn(w->warnings, "sheet '%s': column '%s': the total overflows 64-bit integers and is left out",
             w->name, p->name);
        return QY_OK;
    }
    char buf[40];
    if (c->type == QY_INT64) snprintf(buf, sizeof buf, "%lld", (long long)p->sum);
    else qy_decimal_format(p->sum, c->scale, buf);
    warn(w->warnings, "sheet '%s': column '%s': the total %s was written as text (no formula): %s",
         w->name, p->name, buf,
         p->as_text ? "some values are text" : "Excel cannot show it exactly");
    LXW_OK(w, worksheet_write_string(w->ws, r, j, buf, p->total_fmt), "writing a total");
    return QY_OK;
}

static int write_total_row(sheet_writer *w, lxw_row_t r)
{
    const qy_table *t = w->s->table;
    LXW_OK(w, worksheet_write_string(w->ws, r, 0, w->s->total_label, w->label_fmt), "writing the total");
    lxw_row_t first = w->header_row + 1, last = (lxw_row_t)(w->header_row + t->nrows);
    for (int j = 1; j < t->ncols; j++)
        if (w->plans[j].total)
            QY_RETURN_NOT_OK(write_total_cell(w, &w->plans[j], r, (lxw_col_t)j, first, last));
    return QY_OK;
}

static void widen_for_total(sheet_writer *w)
{
    const qy_table *t = w->s->table;
    size_t lw = text_width(w->s->total_label, strlen(w->s->total_label));
    if (lw > w->plans[0].width) w->plans[0].width = lw;
    for (int j = 1; j < t->ncols; j++) {
        column_plan *p = &w->plans[j];
        if (!p->total || p->sum_overflow || p->col->type == QY_FLOAT64) continue;
        char buf[64];
        size_t n = p->col->type == QY_INT64 ? (size_t)snprintf(buf, 40, "%lld", (long long)p->sum)
                                           : qy_decimal_format(p->sum, p->col->scale, buf);
        if (w->s->thousands) n = group_thousands(buf, n);
        if (n > p->width) p->width = n;
    }
}

static int set_widths(sheet_writer *w)
{
    for (int j = 0; j < w->s->table->ncols; j++) {
        size_t cw = w->plans[j].width + WIDTH_PAD;
        if (cw < WIDTH_MIN) cw = WIDTH_MIN;
        if (cw > WIDTH_MAX) cw = WIDTH_MAX;
        LXW_OK(w, worksheet_set_column(w->ws, (lxw_col_t)j, (lxw_col_t)j, (double)cw, NULL), "setting widths");
    }
    return QY_OK;
}

static int write_title(sheet_writer *w)
{
    const qy_table *t = w->s->table;
    const char *title = cell_string(w, w->s->title, strlen(w->s->title));
    if (!title) return qy_error_set(w->err, QY_ENOMEM, "out of memory");
    LXW_OK(w, worksheet_set_row(w->ws, 0, 24, NULL), "the title row");
    if (t->ncols > 1)
        LXW_OK(w, worksheet_merge_range(w->ws, 0, 0, 0, (lxw_col_t)(t->ncols - 1), title, w->title_fmt),
               "merging the title");
    else
        LXW_OK(w, worksheet_write_string(w->ws, 0, 0, title, w->title_fmt), "writing the title");
    return QY_OK;
}

static int write_rows(sheet_writer *w)
{
    const qy_table *t = w->s->table;
    lxw_row_t h = w->header_row;
    for (int j = 0; j < t->ncols; j++)
        QY_RETURN_NOT_OK(write_string(w, h, (lxw_col_t)j, t->names[j], strlen(t->names[j]), w->header_fmt));
    for (int64_t i = 0; i < t->nrows; i++)
        for (int j = 0; j < t->ncols; j++)
            QY_RETURN_NOT_OK(write_cell(w, &w->plans[j], (lxw_row_t)(h + 1 + i), (lxw_col_t)j, i));
    if (w->s->total_label) QY_RETURN_NOT_OK(write_total_row(w, (lxw_row_t)(h + 1 + t->nrows)));
    return QY_OK;
}

/* ---- charts ---------------------------------------------------------------- */

static uint8_t chart_type(const qy_xlsx_chart *c)
{
    if (c->kind == QY_XLSX_PIE) return LXW_CHART_PIE;
    if (c->kind == QY_XLSX_LINE) return LXW_CHART_LINE;
    if (c->horizontal) return c->stacked ? LXW_CHART_BAR_STACKED : LXW_CHART_BAR;
    return c->stacked ? LXW_CHART_COLUMN_STACKED : LXW_CHART_COLUMN;
}

static uint8_t legend_position(const qy_xlsx_chart *c)
{
    switch (c->legend) {
    case QY_XLSX_LEGEND_NONE: return LXW_CHART_LEGEND_NONE;
    case QY_XLSX_LEGEND_RIGHT: return LXW_CHART_LEGEND_RIGHT;
    case QY_XLSX_LEGEND_LEFT: return LXW_CHART_LEGEND_LEFT;
    case QY_XLSX_LEGEND_TOP: return LXW_CHART_LEGEND_TOP;
    case QY_XLSX_LEGEND_BOTTOM: return LXW_CHART_LEGEND_BOTTOM;
    case QY_XLSX_LEGEND_TOP_RIGHT: return LXW_CHART_LEGEND_TOP_RIGHT;
    default:
        if (c->kind == QY_XLSX_PIE) return LXW_CHART_LEGEND_RIGHT;
        return c->ny > 1 ? LXW_CHART_LEGEND_TOP : LXW_CHART_LEGEND_NONE;
    }
}

static int add_series(sheet_writer *w, lxw_chart *chart, const qy_xlsx_chart *c, int k)
{
    const qy_table *t = w->s->table;
    lxw_row_t first = w->header_row + 1, last = (lxw_row_t)(w->header_row + (t->nrows ? t->nrows : 1));
    lxw_col_t xc = (lxw_col_t)qy_table_find(t, c->x), yc = (lxw_col_t)qy_table_find(t, c->y[k]);
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    if (!series) return qy_error_set(w->err, QY_ENOMEM, "out of memory");
    chart_series_set_categories(series, w->name, first, xc, last, xc);
    chart_series_set_values(series, w->name, first, yc, last, yc);
    if (c->series_name[k]) chart_series_set_name(series, c->series_name[k]);
    else chart_series_set_name_range(series, w->name, w->header_row, yc);
    if (c->kind == QY_XLSX_PIE) {
        chart_series_set_labels_options(series, LXW_FALSE, LXW_TRUE, c->values);
        chart_series_set_labels_percentage(series);
        chart_series_set_labels_leader_line(series);
    } else if (c->values) {
        chart_series_set_labels(series);
    }
    return QY_OK;
}

static int add_chart(sheet_writer *w, const qy_xlsx_chart *c, int32_t y_offset)
{
    lxw_chart *chart = workbook_add_chart(w->wb, chart_type(c));
    if (!chart) return qy_error_set(w->err, QY_ENOMEM, "out of memory");
    lxw_chart_font text = {.name = (char *)CHART_FONT, .size = 10};
    lxw_chart_font title = {.name = (char *)CHART_FONT, .size = 14, .bold = LXW_TRUE};
    for (int k = 0; k < c->ny; k++) QY_RETURN_NOT_OK(add_series(w, chart, c, k));
    if (c->title) {
        chart_title_set_name(chart, c->title);
        chart_title_set_name_font(chart, &title);
    } else {
        chart_title_off(chart);
    }
    chart_legend_set_position(chart, legend_position(c));
    chart_legend_set_font(chart, &text);
    if (c->kind != QY_XLSX_PIE) {
        /* libxlsxwriter's x axis is the horizontal one: the values of a
         * horizontal bar chart, the categories otherwise */
        lxw_chart_axis *cat = c->horizontal ? chart->y_axis : chart->x_axis;
        lxw_chart_axis *val = c->horizontal ? chart->x_axis : chart->y_axis;
        if (c->xlabel) chart_axis_set_name(cat, c->xlabel);
        if (c->ylabel) chart_axis_set_name(val, c->ylabel);
        chart_axis_set_name_font(cat, &text);
        chart_axis_set_name_font(val, &text);
        chart_axis_set_num_font(cat, &text);
        chart_axis_set_num_font(val, &text);
        if (c->horizontal) {
            /* the first row on top, as the table reads; the value axis then
             * crosses at the last category, the bottom */
            chart_axis_set_reverse(cat);
            chart_axis_set_crossing_max(cat);
        }
    }
    lxw_chart_options opt = {.x_offset = 0, .y_offset = y_offset,
                             .x_scale = c->width / 480.0, .y_scale = c->height / 288.0};
    LXW_OK(w, worksheet_insert_chart_opt(w->ws, w->header_row, (lxw_col_t)(w->s->table->ncols + 1), chart, &opt),
           "inserting a chart");
    return QY_OK;
}

static int add_charts(sheet_writer *w)
{
    int32_t y = 0;
    for (int k = 0; k < w->s->ncharts; k++) {
        QY_RETURN_NOT_OK(add_chart(w, &w->s->charts[k], y));
        y += w->s->charts[k].height + CHART_GAP;
    }
    return QY_OK;
}

/* ---- sheets and the workbook ----------------------------------------------- */

static int write_sheet(sheet_writer *w)
{
    const qy_xlsx_sheet *s = w->s;
    const qy_table *t = s->table;
    w->ws = workbook_add_worksheet(w->wb, w->name);
    if (!w->ws) return qy_error_set(w->err, QY_EIO, "sheet '%s': cannot be added (temporary file?)", w->name);
    w->header_row = s->title ? 1 : 0;
    w->date_code = qy_xlsx_date_format(s->date_format);
    w->plans = qy_calloc((size_t)t->ncols, sizeof *w->plans);
    if (!w->plans) return qy_error_set(w->err, QY_ENOMEM, "out of memory");
    for (int j = 0; j < t->ncols; j++) {
        w->plans[j].col = t->cols[j];
        w->plans[j].name = t->names[j];
        plan_column(w, &w->plans[j]);
        warn_column(w, &w->plans[j]);
    }
    if (s->total_label) {
        mark_totals(w);
        widen_for_total(w);
    }
    QY_RETURN_NOT_OK(make_formats(w));
    QY_RETURN_NOT_OK(set_widths(w));
    /* constant_memory: the filter is range-checked against the rows not
     * yet written, so it comes before them */
    worksheet_freeze_panes(w->ws, w->header_row + 1, 0);
    LXW_OK(w, worksheet_autofilter(w->ws, w->header_row, 0, (lxw_row_t)(w->header_row + t->nrows),
                                   (lxw_col_t)(t->ncols - 1)),
           "the autofilter");
    /* printed: landscape, one page wide, the header on every page */
    worksheet_set_landscape(w->ws);
    worksheet_set_paper(w->ws, 9);   /* A4 */
    worksheet_fit_to_pages(w->ws, 1, 0);
    LXW_OK(w, worksheet_repeat_rows(w->ws, w->header_row, w->header_row), "the printed header");
    if (s->title) QY_RETURN_NOT_OK(write_title(w));
    QY_RETURN_NOT_OK(write_rows(w));
    return add_charts(w);
}

/* The directory of path, for the temporary files ("." when none). */
static char *directory_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 1;
    if (slash == path) n = 1;
    char *dir = qy_malloc(n + 1);
    if (!dir) return NULL;
    memcpy(dir, slash ? path : ".", n);
    dir[n] = '\0';
    return dir;
}

/* A new empty file beside path, with the mode fopen would give it. */
static char *make_temp(const char *path, qy_error *err)
{
    size_t n = strlen(path);
    char *tmp = qy_malloc(n + sizeof ".tmp-XXXXXX");
    if (!tmp) {
        qy_error_set(err, QY_ENOMEM, "out of memory");
        return NULL;
    }
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        qy_error_set(err, QY_EIO, "cannot write %s: %s", path, strerror(errno));
        qy_free(tmp);
        return NULL;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    close(fd);
    return tmp;
}

/* Flushes the finished temporary file to disk and renames it over path. */
static int commit(const char *tmp, const char *path, qy_error *err)
{
    int fd = open(tmp, O_RDONLY);
    int e = fd < 0 ? errno : 0;
    if (!e && fsync(fd) != 0) e = errno;
    if (fd >= 0) close(fd);
    if (!e && rename(tmp, path) != 0) e = errno;
    if (e) return qy_error_set(err, QY_EIO, "cannot write %s: %s", path, strerror(e));
    return QY_OK;
}

static int64_t total_cells(const qy_xlsx_sheet *sheets, int n)
{
    int64_t cells = 0;
    for (int k = 0; k < n; k++) cells += sheets[k].table->nrows * sheets[k].table->ncols;
    return cells;
}

static int write_sheets(lxw_workbook *wb, const qy_xlsx_sheet *sheets, int n,
                        qy_xlsx_warnings *warnings, qy_error *err)
{
    int rc = QY_OK;
    for (int k = 0; k < n && rc == QY_OK; k++) {
        char buf[16];
        sheet_writer w = {.s = &sheets[k], .name = sheet_name_of(&sheets[k], k, buf), .wb = wb,
                          .warnings = warnings, .err = err};
        rc = write_sheet(&w);
        qy_free(w.plans);
        qy_free(w.scratch);
    }
    return rc;
}

int qy_xlsx_write_file(const char *path, const qy_xlsx_sheet *sheets, int n,
                       qy_xlsx_warnings *warnings, qy_error *err)
{
    if (warnings) memset(warnings, 0, sizeof *warnings);
    QY_RETURN_NOT_OK(qy_xlsx_check(sheets, n, NULL, err));
    char *dir = directory_of(path);
    if (!dir) return qy_error_set(err, QY_ENOMEM, "out of memory");
    char *tmp = make_temp(path, err);
    if (!tmp) {
        qy_free(dir);
        return err ? err->code : QY_EIO;
    }
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = dir,
                                 .use_zip64 = total_cells(sheets, n) > 20000000 ? LXW_TRUE : LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(tmp, &opts);
    int rc = wb ? write_sheets(wb, sheets, n, warnings, err)
                : qy_error_set(err, QY_ENOMEM, "cannot start the workbook %s", path);
    if (wb && rc != QY_OK) lxw_workbook_free(wb);
    if (wb && rc == QY_OK) {
        errno = 0;
        lxw_error e = workbook_close(wb);
        if (e != LXW_NO_ERROR)
            rc = qy_error_set(err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? QY_ENOMEM : QY_EIO,
                              "cannot write %s: %s%s%s", path, lxw_strerror(e), errno ? ": " : "",
                              errno ? strerror(errno) : "");
    }
    if (rc == QY_OK) rc = commit(tmp, path, err);
    if (rc != QY_OK) unlink(tmp);
    qy_free(tmp);
    qy_free(dir);
    return rc;
}
