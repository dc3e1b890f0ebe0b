/* numfmt.c — what kind of value an Excel number format shows (by a scan of
 * its code's first section) and the text of a number in that kind, with
 * Excel's rounding done on decimal digits, not on the double. */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* The codes of the built-in ids, as Excel in a Chinese (zh-CN) locale has
 * them: ids 27-36 and 50-58 are locale dates and times there. An id not in
 * the table is General. */
static const char *const BUILTIN_CODES[] = {
    [0] = "General",
    [1] = "0",
    [2] = "0.00",
    [3] = "#,##0",
    [4] = "#,##0.00",
    [5] = "\"$\"#,##0_);(\"$\"#,##0)",
    [6] = "\"$\"#,##0_);[Red](\"$\"#,##0)",
    [7] = "\"$\"#,##0.00_);(\"$\"#,##0.00)",
    [8] = "\"$\"#,##0.00_);[Red](\"$\"#,##0.00)",
    [9] = "0%",
    [10] = "0.00%",
    [11] = "0.00E+00",
    [12] = "# ?/?",
    [13] = "# ?\?/??",
    [14] = "mm-dd-yy",
    [15] = "d-mmm-yy",
    [16] = "d-mmm",
    [17] = "mmm-yy",
    [18] = "h:mm AM/PM",
    [19] = "h:mm:ss AM/PM",
    [20] = "h:mm",
    [21] = "h:mm:ss",
    [22] = "m/d/yy h:mm",
    [27] = "yyyy\"年\"m\"月\"",
    [28] = "m\"月\"d\"日\"",
    [29] = "m\"月\"d\"日\"",
    [30] = "m-d-yy",
    [31] = "yyyy\"年\"m\"月\"d\"日\"",
    [32] = "h\"时\"mm\"分\"",
    [33] = "h\"时\"mm\"分\"ss\"秒\"",
    [34] = "上午/下午h\"时\"mm\"分\"",
    [35] = "上午/下午h\"时\"mm\"分\"ss\"秒\"",
    [36] = "yyyy\"年\"m\"月\"",
    [37] = "#,##0 ;(#,##0)",
    [38] = "#,##0 ;[Red](#,##0)",
    [39] = "#,##0.00;(#,##0.00)",
    [40] = "#,##0.00;[Red](#,##0.00)",
    [41] = "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
    [42] = "_(\"$\"* #,##0_);_(\"$\"* (#,##0);_(\"$\"* \"-\"_);_(@_)",
    [43] = "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
    [44] = "_(\"$\"* #,##0.00_);_(\"$\"* (#,##0.00);_(\"$\"* \"-\"??_);_(@_)",
    [45] = "mm:ss",
    [46] = "[h]:mm:ss",
    [47] = "mmss.0",
    [48] = "##0.0E+0",
    [49] = "@",
    [50] = "yyyy\"年\"m\"月\"",
    [51] = "m\"月\"d\"日\"",
    [52] = "yyyy\"年\"m\"月\"",
    [53] = "m\"月\"d\"日\"",
    [54] = "m\"月\"d\"日\"",
    [55] = "上午/下午h\"时\"mm\"分\"",
    [56] = "上午/下午h\"时\"mm\"分\"ss\"秒\"",
    [57] = "yyyy\"年\"m\"月\"",
    [58] = "m\"月\"d\"日\"",
};

enum { NBUILTIN = sizeof BUILTIN_CODES / sizeof BUILTIN_CODES[0] };

/* What a scan of a code's first section found. */
typedef struct code_scan {
    bool date, time;        /* date letters (y m d e g b), time letters (h m s) */
    char last_letter;       /* the last date or time letter: 'h', 's', 'm' or 'd' */
    bool month_pending;     /* an 'm' not yet known to be a month or a minute */
    bool percent, exponent, fraction, placeholder;
    bool point;             /* a '.' seen: placeholders after it are places */
    bool comma_pending;     /* ',' after a placeholder, none since: a scaling comma */
    int places;
} code_scan;

static bool is_placeholder(char c) { return c == '0' || c == '#' || c == '?'; }

static bool starts_with_nocase(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (*s == '\0' || (*s | 0x20) != *prefix) return false;
    return true;
}

/* One date or time letter: 'm' is a minute right after an hour or right
 * before a second, else a month. */
static void scan_letter(code_scan *sc, char letter)
{
    if (sc->month_pending) {
        sc->month_pending = false;
        if (letter == 's') sc->time = true;
        else sc->date = true;
    }
    if (letter == 'm') {
        if (sc->last_letter == 'h') sc->time = true;
        else sc->month_pending = true;
    } else if (letter == 'h' || letter == 's') {
        sc->time = true;
    } else {
        sc->date = true;
    }
    sc->last_letter = letter == 'h' || letter == 's' || letter == 'm' ? letter : 'd';
}

/* "[h]", "[mm]", "[ss]": elapsed time. Colours, locales ("[$-804]",
 * "[$¥-804]"), "[DBNum1]" and conditions say nothing of the kind. */
static void scan_bracket(code_scan *sc, const char *in, size_t len)
{
    if (len == 0) return;
    char c = (char)(in[0] | 0x20);
    if (c != 'h' && c != 'm' && c != 's') return;
    for (size_t i = 1; i < len; i++)
        if ((in[i] | 0x20) != c) return;
    if (c == 'm') {
        scan_letter(sc, 'h');   /* elapsed minutes are minutes, never months */
        sc->last_letter = 'm';
    } else {
        scan_letter(sc, c);
    }
}

static void scan_number_char(code_scan *sc, const char *code, size_t i)
{
    char c = code[i];
    if (is_placeholder(c)) {
        sc->placeholder = true;
        sc->comma_pending = false;
        if (sc->point) sc->places++;
    } else if (c == '.') {
        sc->point = true;
    } else if (c == ',') {
        if (i > 0 && (is_placeholder(code[i - 1]) || code[i - 1] == ',')) sc->comma_pending = true;
    } else if (c == '%') {
        sc->percent = true;
    } else if (c == '/') {
        bool before = i > 0 && (is_placeholder(code[i - 1]) || (code[i - 1] >= '1' && code[i - 1] <= '9'));
        char next = code[i + 1];
        bool after = is_placeholder(next) || (next >= '1' && next <= '9');
        if (before || after) sc->fraction = true;
    }
}

static qy_numfmt classify_code(const char *code)
{
    code_scan sc = {0};
    size_t i = 0;
    while (code[i] && code[i] != ';') {
        char c = code[i];
        char lower = (char)(c | 0x20);
        if (c == '"') {
            i++;
            while (code[i] && code[i] != '"') i++;
            if (code[i]) i++;
        } else if (c == '\\' || c == '_' || c == '*') {
            i += code[i + 1] ? 2 : 1;
        } else if (c == '[') {
            size_t from = ++i;
            while (code[i] && code[i] != ']') i++;
            scan_bracket(&sc, code + from, i - from);
            if (code[i]) i++;
        } else if (starts_with_nocase(code + i, "general")) {
            i += 7;
        } else if (starts_with_nocase(code + i, "am/pm")) {
            i += 5;
        } else if (starts_with_nocase(code + i, "a/p")) {
            i += 3;
        } else if (lower == 'e' && (code[i + 1] == '+' || code[i + 1] == '-')) {
            sc.exponent = true;
            i += 2;
        } else if (lower == 'y' || lower == 'd' || lower == 'e' || lower == 'g' || lower == 'b'
                   || lower == 'h' || lower == 'm' || lower == 's') {
            scan_letter(&sc, lower);
            while ((code[i] | 0x20) == lower) i++;
        } else {
            scan_number_char(&sc, code, i);
            i++;
        }
    }
    if (sc.month_pending) sc.date = true;

    qy_numfmt f = {QY_NUMFMT_GENERAL, 0};
    if (sc.date || sc.time) {
        f.kind = sc.date && sc.time ? QY_NUMFMT_DATETIME : sc.date ? QY_NUMFMT_DATE : QY_NUMFMT_TIME;
    } else if (sc.exponent || sc.fraction || sc.comma_pending) {
        /* Scientific and fractions show General's digits; a scaling comma
           ("#,##0," shows thousands) would hide the stored value. */
    } else if (sc.percent) {
        f.kind = QY_NUMFMT_PERCENT;
        f.places = sc.places;
    } else if (sc.placeholder) {
        f.kind = QY_NUMFMT_FIXED;
        f.places = sc.places;
    }
    return f;
}

qy_numfmt qy_numfmt_classify(uint32_t id, const char *code)
{
    if (!code) code = id < NBUILTIN ? BUILTIN_CODES[id] : NULL;
    if (!code) return (qy_numfmt){QY_NUMFMT_GENERAL, 0};
    return classify_code(code);
}

/* |v| to 15 significant digits: 0.d[0]d[1]...d[14] x 10^(exp + 1), so d[0]
 * is the digit of 10^exp, rounded from the exact binary value as printf
 * rounds it. */
typedef struct digits15 {
    char d[16];
    int exp;
} digits15;

static const double POW10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The quick way, for a in [1e-7, 1e15): a x 10^(14 - exp) is the 15-digit
 * mantissa to within 0.11 (one rounding of a product of exact doubles), so
 * it rounds as the exact value does unless its fraction is near one half;
 * then, and outside the range, false. */
static bool quick_digits15(double a, digits15 *n)
{
    if (!(a >= 1e-7 && a < 1e15)) return false;
    int exp = (int)floor(log10(a));
    for (int tries = 0; tries < 3; tries++) {
        int scale = 14 - exp;
        if (scale < 0 || scale > 22) return false;
        double m = a * POW10[scale];
        if (m >= 1e15) {
            exp++;
            continue;
        }
        if (m < 1e14) {
            exp--;
            continue;
        }
        double whole = floor(m), frac = m - whole;
        if (fabs(frac - 0.5) < 0.25) return false;
        uint64_t digits = (uint64_t)whole + (frac > 0.5);
        if (digits == 1000000000000000u) {   /* 999999999999999.7 rounds to 10^15 */
            digits /= 10;
            exp++;
        }
        for (int i = 14; i >= 0; i--) {
            n->d[i] = (char)('0' + digits % 10);
            digits /= 10;
        }
        n->d[15] = '\0';
        n->exp = exp;
        return true;
    }
    return false;
}

static void to_digits15(double v, digits15 *n)
{
    if (quick_digits15(fabs(v), n)) return;
    char s[40];
    snprintf(s, sizeof s, "%.14e", fabs(v));   /* "d.dddddddddddddde+XX" */
    n->d[0] = s[0];
    memcpy(n->d + 1, s + 2, 14);
    n->d[15] = '\0';
    n->exp = atoi(s + 17);
}

/* General: the 15 digits without trailing zeros, plain from 1e-9 up to
 * 1e15, else "1.5E-10", "1E+20" as Excel writes exponents. */
static size_t render_general(double v, char *buf)
{
    if (v == 0) return (size_t)snprintf(buf, QY_NUMFMT_TEXT_SIZE, "0");
    digits15 n;
    to_digits15(v, &n);
    int nd = 15;
    while (nd > 1 && n.d[nd - 1] == '0') nd--;
    size_t len = 0;
    if (v < 0) buf[len++] = '-';
    if (n.exp >= 15 || n.exp < -9) {
        buf[len++] = n.d[0];
        if (nd > 1) {
            buf[len++] = '.';
            memcpy(buf + len, n.d + 1, (size_t)nd - 1);
            len += (size_t)nd - 1;
        }
        len += (size_t)snprintf(buf + len, QY_NUMFMT_TEXT_SIZE - len, "E%c%02d",
                                n.exp < 0 ? '-' : '+', abs(n.exp));
        return len;
    }
    if (n.exp < 0) {
        buf[len++] = '0';
        buf[len++] = '.';
        for (int i = -1; i > n.exp; i--) buf[len++] = '0';
        memcpy(buf + len, n.d, (size_t)nd);
        len += (size_t)nd;
    } else {
        for (int i = 0; i <= n.exp; i++) buf[len++] = i < nd ? n.d[i] : '0';
        if (nd > n.exp + 1) {
            buf[len++] = '.';
            memcpy(buf + len, n.d + n.exp + 1, (size_t)(nd - n.exp - 1));
            len += (size_t)(nd - n.exp - 1);
        }
    }
    buf[len] = '\0';
    return len;
}

/* v with places digits after the point: the 15 digits rounded half away
 * from zero at that place. Text that would not fit is General's. */
static size_t render_fixed(double v, long places, char *buf)
{
    if (places < 0) places = 0;
    digits15 n;
    to_digits15(v, &n);
    char d[16];
    int exp = n.exp, nd = 0;
    long kept = exp + places + 1;   /* leading digits at or above the place */
    if (v != 0 && kept >= 15) {
        memcpy(d, n.d, 15);
        nd = 15;
    } else if (v != 0 && kept >= 0) {
        nd = (int)kept;
        memcpy(d, n.d, (size_t)nd);
        if (n.d[nd] >= '5') {
            int i = nd - 1;
            while (i >= 0 && d[i] == '9') d[i--] = '0';
            if (i >= 0) {
                d[i]++;
            } else {   /* 9.995 -> 10.00: a new leading 1 */
                d[0] = '1';
                nd = 1;
                exp++;
            }
        }
    }
    bool nonzero = false;
    for (int i = 0; i < nd; i++) nonzero |= d[i] != '0';
    long width = (nonzero && v < 0) + (exp >= 0 ? (long)exp + 1 : 1) + (places ? places + 1 : 0);
    if (width >= QY_NUMFMT_TEXT_SIZE) return render_general(v, buf);
    size_t len = 0;
    if (nonzero && v < 0) buf[len++] = '-';
    if (exp < 0) buf[len++] = '0';
    for (int i = 0; i <= exp; i++) buf[len++] = i < nd ? d[i] : '0';
    if (places) buf[len++] = '.';
    for (int p = 1; p <= places; p++) {
        long i = (long)exp + p;
        buf[len++] = i >= 0 && i < nd ? d[i] : '0';
    }
    buf[len] = '\0';
    return len;
}

enum { SECONDS_PER_DAY = 86400 };

/* A serial as Excel shows it: the time of day rounded to the second
 * (23:59:59.6 is the next day's 00:00:00), the day counted from 1900-01-00
 * with Excel's 1900-02-29, or from 1904-01-01. */
static size_t render_serial(qy_numfmt_kind kind, double v, bool date1904, char *buf)
{
    const double last_serial = 2958465.0 + (date1904 ? -1462.0 : 0.0);   /* 9999-12-31 */
    if (!(v >= 0 && v < last_serial + 1)) return 0;
    double seconds = floor(v * SECONDS_PER_DAY + 0.5);
    int64_t day = (int64_t)(seconds / SECONDS_PER_DAY);
    int64_t sod = (int64_t)seconds - day * SECONDS_PER_DAY;
    size_t len = 0;
    if (kind != QY_NUMFMT_TIME) {
        if ((!date1904 && day < 1) || day > (int64_t)last_serial) return 0;
        if (!date1904 && day == 60) {
            memcpy(buf, "1900-02-29", 11);
            len = 10;
        } else {
            int32_t days;
            if (date1904) days = qy_days_from_civil(1904, 1, 1) + (int32_t)day;
            else days = qy_days_from_civil(1899, 12, day < 60 ? 31 : 30) + (int32_t)day;
            len = qy_date_format(days, buf);
        }
        if (kind == QY_NUMFMT_DATE) return len;
        buf[len++] = ' ';
    }
    len += (size_t)snprintf(buf + len, QY_NUMFMT_TEXT_SIZE - len, "%02d:%02d:%02d",
                            (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
    return len;
}

size_t qy_numfmt_render(qy_numfmt fmt, double v, bool date1904, char *buf)
{
    buf[0] = '\0';
    if (!isfinite(v)) return 0;
    switch (fmt.kind) {
    case QY_NUMFMT_FIXED:
        return render_fixed(v, fmt.places, buf);
    case QY_NUMFMT_PERCENT:
        return render_fixed(v, (long)fmt.places + 2, buf);
    case QY_NUMFMT_DATE:
    case QY_NUMFMT_DATETIME:
    case QY_NUMFMT_TIME:
        return render_serial(fmt.kind, v, date1904, buf);
    case QY_NUMFMT_GENERAL:
        break;
    }
    return render_general(v, buf);
}
