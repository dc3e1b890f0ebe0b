/* lprogress.c — the progress bar qy.read_csv draws on stderr during a long
 * load. Plain C without the Lua state: the loader may call it from a worker
 * thread. Calls never overlap and the loader's threads are joined before
 * qy_csv_read_file returns, so the state needs no lock.
 */
#include "lqy.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "utf8.h"

#define ELLIPSIS "\xE2\x80\xA6"     /* "…", one cell */
#define ELLIPSIS_LEN 3
#define MIB 1048576.0
#define CLEAR_TO_END "\033[K"

enum {
    BAR_MIN = 10,        /* cells of the bar proper, without its brackets */
    BAR_MAX = 40,
    LABEL_MIN = 12,      /* the label is cut down to this before stats are dropped */
    WIDTH_MAX = 512,     /* wider terminals get a line this wide */
    LINE_MAX_BYTES = 4 * WIDTH_MAX + 64
};

static const double DEFAULT_AFTER = 1.0;    /* seconds before the bar appears */
static const double REDRAW_EVERY = 0.1;     /* seconds between redraws */

/* ---- the line, as a pure function --------------------------------------- */

typedef struct line {
    char *buf;
    size_t size, len;
} line;

/* Appends what fits of s[0..n), keeping buf NUL-terminated. */
static void put(line *l, const char *s, size_t n)
{
    if (l->size == 0) return;
    size_t room = l->size - 1 - l->len;
    if (n > room) n = room;
    memcpy(l->buf + l->len, s, n);
    l->len += n;
    l->buf[l->len] = '\0';
}

static void putf(line *l, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) put(l, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* "3 s left", "2 min 05 s left", "1 h 20 min left": seconds rounded up. */
static void put_time_left(line *l, double seconds)
{
    long s = (long)ceil(seconds);
    if (s < 60) putf(l, "%ld s left", s);
    else if (s < 3600) putf(l, "%ld min %02ld s left", s / 60, s % 60);
    else putf(l, "%ld h %02ld min left", s / 3600, s / 60 % 60);
}

/* Byte counts in MiB: whole ones, or tenths for a file under 10 MiB, both
 * rounded alike so a finished load shows equal numbers; done is padded to
 * total's width so the line does not shift as it grows. */
static void put_bytes(line *l, int64_t done, int64_t total)
{
    if (total < 10 * MIB) {
        putf(l, "%.1f/%.1f MiB", done / MIB, total / MIB);
    } else {
        char t[32];
        int n = snprintf(t, sizeof t, "%lld", (long long)(total / (int64_t)MIB));
        putf(l, "%*lld/%s MiB", n, (long long)(done / (int64_t)MIB), t);
    }
}

/* The statistics after the bar, from the most to the least to drop: the
 * rate goes first, then the bytes, then the time left; the percent stays.
 * The rate is unknown ("--") until some bytes are done in some time. */
static void put_stats(line *l, int64_t done, int64_t total, double elapsed, int drop)
{
    int percent = total > 0 ? (int)(done * 100 / total) : 100;
    double rate = done > 0 && elapsed > 0 ? done / elapsed : 0;
    putf(l, " %3d%%", percent);
    if (drop < 2) {
        put(l, "  ", 2);
        put_bytes(l, done, total);
    }
    if (drop < 1) {
        if (rate > 0) putf(l, rate / MIB < 10 ? "  %.1f MiB/s" : "  %.0f MiB/s", rate / MIB);
        else putf(l, "  -- MiB/s");
    }
    if (drop < 3) {
        put(l, "  ", 2);
        if (rate > 0 || done >= total) put_time_left(l, rate > 0 ? (total - done) / rate : 0);
        else put(l, "-- left", 7);
    }
}

/* Appends label cut to at most max_width cells, ending in "…" when cut. */
static void put_label(line *l, const char *label, size_t max_width)
{
    size_t len = strlen(label);
    if (qy_utf8_width(label, len) <= max_width) {
        put(l, label, len);
    } else if (max_width > 0) {
        put(l, label, qy_utf8_prefix(label, len, max_width - 1, NULL));
        put(l, ELLIPSIS, ELLIPSIS_LEN);
    }
}

size_t lqy_progress_line(char *buf, size_t size, const char *label, int64_t done,
                         int64_t total, double elapsed, int width)
{
    line l = {buf, size, 0};
    if (size) buf[0] = '\0';
    char stats_buf[160];
    line stats = {stats_buf, sizeof stats_buf, 0};
    /* The last column stays empty: writing there makes some terminals wrap. */
    size_t avail = width > 1 ? (size_t)width - 1 : 0;
    size_t label_width = qy_utf8_width(label, strlen(label));
    size_t label_min = label_width < LABEL_MIN ? label_width : LABEL_MIN;
    for (int drop = 0; drop <= 3; drop++) {
        stats.len = 0;
        put_stats(&stats, done, total, elapsed, drop);
        if (label_min + 3 + BAR_MIN + stats.len <= avail) break;    /* " [" "]" */
    }
    size_t room = avail > stats.len + 3 ? avail - stats.len - 3 : 0;
    size_t label_cells = label_width;
    if (label_cells + BAR_MIN > room) label_cells = room > BAR_MIN ? room - BAR_MIN : 0;
    size_t bar = room - label_cells < BAR_MAX ? room - label_cells : BAR_MAX;
    size_t filled = total > 0 ? (size_t)((double)bar * done / total) : bar;
    put_label(&l, label, label_cells);
    if (label_cells) put(&l, " ", 1);
    put(&l, "[", 1);
    for (size_t i = 0; i < bar; i++) put(&l, i < filled ? "#" : ".", 1);
    put(&l, "]", 1);
    put(&l, stats.buf, stats.len);
    if (label_cells == 0 && l.len > avail) {    /* no label: the line is ASCII */
        l.len = avail;
        buf[avail] = '\0';
    }
    return l.len;
}

/* ---- drawing ------------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Columns of the terminal on stderr; 80 when it does not say. */
static int terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0) return 80;
    return ws.ws_col < WIDTH_MAX ? ws.ws_col : WIDTH_MAX;
}

/* The loader's qy_csv_progress_fn: draws once the load has taken p->after
 * seconds, then at most every REDRAW_EVERY seconds. */
static void on_progress(void *ctx, int64_t done, int64_t total)
{
    lqy_progress *p = ctx;
    double elapsed = now() - p->start;
    if (elapsed < p->after || (p->shown && elapsed - p->drawn_at < REDRAW_EVERY)) return;
    char text[LINE_MAX_BYTES];
    lqy_progress_line(text, sizeof text, p->label, done, total, elapsed, terminal_width());
    /* glibc writes an unbuffered stream's formatted output in one go. */
    fprintf(stderr, "\r%s" CLEAR_TO_END, text);
    fflush(stderr);
    p->shown = 1;
    p->drawn_at = elapsed;
}

/* QY_PROGRESS_AFTER, when it is a number of seconds; else the default. */
static double threshold(void)
{
    const char *s = getenv("QY_PROGRESS_AFTER");
    char *end;
    double v = s ? strtod(s, &end) : -1;
    return s && *s && *end == '\0' && v >= 0 ? v : DEFAULT_AFTER;
}

void lqy_progress_start(lqy_progress *p, const char *label, qy_csv_options *o)
{
    memset(p, 0, sizeof *p);
    if (!isatty(STDERR_FILENO)) return;
    p->label = label;
    p->start = now();
    p->after = threshold();
    o->progress = on_progress;
    o->progress_ctx = p;
}

int lqy_progress_finish(lqy_progress *p, int rc)
{
    if (p->shown) {
        fputs("\r" CLEAR_TO_END, stderr);
        fflush(stderr);
        p->shown = 0;
    }
    return rc;
}
