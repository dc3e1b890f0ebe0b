/* test_csv_cache.c — the CSV cache: hits, and stale, corrupt, unwritable or
 * not regular entries ignored without ever returning a wrong table; streams
 * read without a cache. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "check.h"
#include "csv_cache.h"
#include "file.h"
#include "fixtures.h"

static char dir[] = "/tmp/qy_csv_cache_XXXXXX";
static char csv[64], cache_dir[64];

static void write_text(const char *path, const char *text)
{
    if (qy_file_write_atomic(path, text, strlen(text), NULL) != QY_OK) abort();
}

/* Sets the CSV's modification time to sec.nsec. */
static void set_mtime(time_t sec, long nsec)
{
    struct timespec times[2] = {{sec, nsec}, {sec, nsec}};
    if (utimensat(AT_FDCWD, csv, times, 0) != 0) abort();
}

/* Reads csv through the cache: the table, and whether it came from there. */
static qy_table *cached(const qy_csv_options *o, bool *hit, qy_csv_report *report,
                        qy_error *warning)
{
    qy_table *t = NULL;
    qy_error err = {0};
    if (qy_csv_cached_read(csv, o, &t, report, hit, warning, &err) != QY_OK)
        printf("read: %s\n", err.msg);
    return t;
}

static char *entry_path(const qy_csv_options *o)
{
    char *p = NULL;
    if (qy_csv_cache_path(csv, o, &p, NULL) != QY_OK) abort();
    return p;
}

static void test_second_read_is_a_hit(void)
{
    write_text(csv, "id,amount,city\n1,2.50,深圳\n2,,\"a\"\"b\"\n");
    set_mtime(1000000000, 1);
    bool hit = true;
    qy_table *first = cached(NULL, &hit, NULL, NULL);
    CHECK(!hit);
    qy_table *second = cached(NULL, &hit, NULL, NULL);
    CHECK(hit);
    CHECK(first && second && qy_table_equal(first, second));
    CHECK_STR(column_text(second->cols[1]), "2.50 null");
    CHECK_STR(column_text(second->cols[2]), "深圳 a\"b");
    char *p = entry_path(NULL);
    struct stat st;
    CHECK(stat(p, &st) == 0);
    size_t n = strlen(cache_dir);
    CHECK(strncmp(p, cache_dir, n) == 0);
    CHECK(strncmp(p + n, "/x.csv-", 7) == 0);
    CHECK_INT(strlen(p + n + 7), 16 + 4);
    CHECK_STR(p + strlen(p) - 4, ".qyc");
    qy_free(p);
    qy_table_release(first);
    qy_table_release(second);
}

static void test_new_mtime_rebuilds(void)
{
    write_text(csv, "id\n1\n");
    set_mtime(1000000000, 1);
    bool hit;
    qy_table_release(cached(NULL, &hit, NULL, NULL));
    write_text(csv, "id\n7\n");   /* same size */
    set_mtime(1000000000, 2);
    qy_table *t = cached(NULL, &hit, NULL, NULL);
    CHECK(!hit);
    CHECK(t && strcmp(column_text(t->cols[0]), "7") == 0);
    qy_table_release(t);
    t = cached(NULL, &hit, NULL, NULL);
    CHECK(hit);
    CHECK(t && strcmp(column_text(t->cols[0]), "7") == 0);
    qy_table_release(t);
}

static void test_new_size_rebuilds(void)
{
    write_text(csv, "id\n1\n");
    set_mtime(1000000000, 1);
    bool hit;
    qy_table_release(cached(NULL, &hit, NULL, NULL));
    write_text(csv, "id\n1\n2\n");
    set_mtime(1000000000, 1);   /* same time */
    qy_table *t = cached(NULL, &hit, NULL, NULL);
    CHECK(!hit);
    CHECK(t && strcmp(column_text(t->cols[0]), "1 2") == 0);
    qy_table_release(t);
}

static bool same_time(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

/* Waits until a file changed now gets a ctime other than since. File times
 * come from a coarse clock (a few ms a tick): an edit within the tick of the
 * last one is what the key cannot see (README), not what this test is about. */
static void wait_for_new_ctime(const struct timespec *since)
{
    char probe[96];
    snprintf(probe, sizeof probe, "%s/probe", dir);
    for (;;) {
        write_text(probe, "x");
        struct stat st;
        if (stat(probe, &st) != 0) abort();
        if (!same_time(&st.st_ctim, since)) break;
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    unlink(probe);
}

/* The same size, the same inode, the old mtime put back (touch -r, utime):
 * only the ctime tells, and it does. */
static void test_edit_in_place_with_old_mtime_rebuilds(void)
{
    write_text(csv, "id,city\n1,深圳\n");
    set_mtime(1000000000, 1);
    bool hit;
    qy_table_release(cached(NULL, &hit, NULL, NULL));
    struct stat before, after;
    if (stat(csv, &before) != 0) abort();
    wait_for_new_ctime(&before.st_ctim);
    int fd = open(csv, O_WRONLY);
    const char *edit = "id,city\n7,东莞\n";
    if (fd < 0 || pwrite(fd, edit, strlen(edit), 0) != (ssize_t)strlen(edit) || close(fd) != 0)
        abort();
    set_mtime(1000000000, 1);
    if (stat(csv, &after) != 0) abort();
    CHECK(after.st_ino == before.st_ino && after.st_size == before.st_size
          && same_time(&after.st_mtim, &before.st_mtim));
    qy_table *t = cached(NULL, &hit, NULL, NULL);
    CHECK(!hit);
    CHECK(t && strcmp(column_text(t->cols[0]), "7") == 0);
    CHECK(t && strcmp(column_text(t->cols[1]), "东莞") == 0);
    qy_table_release(t);
    t = cached(NULL, &hit, NULL, NULL);
    CHECK(hit);
    CHECK(t && strcmp(column_text(t->cols[1]), "东莞") == 0);
    qy_table_release(t);
}

static void test_options_have_their_own_entries(void)
{
    write_text(csv, "id;v\n1;2\n");
    bool hit;
    qy_table_release(cached(NULL, &hit, NULL, NULL));   /* ';' sniffed */
    qy_csv_options o;
    qy_csv_options_init(&o);
    o.delim = ',';
    qy_table *t = cached(&o, &hit, NULL, NULL);
    CHECK(!hit);
    CHECK(t && t->ncols == 1);
    qy_table_release(t);
    t = cached(NULL, &hit, NULL, NULL);
    CHECK(hit);
    CHECK(t && t->ncols == 2);
    qy_table_release(t);
    o.delim = 0;
    o.skip_lines = 1;   /* skip shapes the table too */
    t = cached(&o, &hit, NULL, NULL);
    CHECK(!hit);
    CHECK(t && t->nrows == 0 && strcmp(t->names[0], "1") == 0);
    qy_table_release(t);
    o.skip_lines = 0;
    qy_csv_type types[] = {{"v", QY_STRING, 0}};
    o.types = types;
    o.ntypes = 1;
    t = cached(&o, &hit, NULL, NULL);
    CHECK(!hit);
    CHECK(t && t->cols[1]->type == QY_STRING);
    qy_table_release(t);
}

static void test_what_never_changes_the_table_is_not_in_the_key(void)
{
    qy_csv_options a, b;
    qy_csv_options_init(&a);
    qy_csv_options_init(&b);
    b.threads = 1;
    b.chunk_size = 7;
    qy_csv_type ab[] = {{"a", QY_STRING, 0}, {"b", QY_DATE, 0}};
    qy_csv_type ba[] = {{"b", QY_DATE, 0}, {"a", QY_STRING, 0}};
    a.types = ab;
    b.types = ba;
    a.ntypes = b.ntypes = 2;
    char *pa = entry_path(&a), *pb = entry_path(&b);
    CHECK_STR(pa, pb);
    b.header = false;
    qy_free(pb);
    pb = entry_path(&b);
    CHECK(strcmp(pa, pb) != 0);
    qy_free(pa);
    qy_free(pb);
}

static void test_corrupt_or_truncated_entry_rebuilds(void)
{
    write_text(csv, "id,name\n1,x\n2,y\n");
    bool hit;
    qy_table_release(cached(NULL, &hit, NULL, NULL));
    char *p = entry_path(NULL);
    char *data;
    size_t len;
    if (qy_file_read_all(p, &data, &len, NULL) != QY_OK) abort();
    if (qy_file_write_atomic(p, data, len / 2, NULL) != QY_OK) abort();   /* truncated */
    qy_table *t = cached(NULL, &hit, NULL, NULL);
    CHECK(!hit);
    CHECK(t && strcmp(column_text(t->cols[1]), "x y") == 0);
    qy_table_release(t);
    data[len - 70] ^= 1;   /* one bit of the values */
    if (qy_file_write_atomic(p, data, len, NULL) != QY_OK) abort();
    t = cached(NULL, &hit, NULL, NULL);
    CHECK(!hit);
    CHECK(t && strcmp(column_text(t->cols[1]), "x y") == 0);
    qy_table_release(t);
    t = cached(NULL, &hit, NULL, NULL);
    CHECK(hit);
    qy_table_release(t);
    qy_free(data);
    qy_free(p);
}

static void test_report_is_kept(void)
{
    write_text(csv, "a,b\n1,2\n3\n4,5\n");
    qy_csv_options o;
    qy_csv_options_init(&o);
    o.on_ragged = QY_RAGGED_SKIP;
    bool hit;
    qy_csv_report report = {0};
    qy_table_release(cached(&o, &hit, &report, NULL));
    CHECK_INT(report.rows_skipped, 1);
    report = (qy_csv_report){0};
    qy_table *t = cached(&o, &hit, &report, NULL);
    CHECK(hit);
    CHECK_INT(report.rows_skipped, 1);
    CHECK_INT(report.first_skipped_line, 3);
    CHECK_INT(report.encoding, QY_ENC_UTF8);
    CHECK_INT(report.delim, ',');
    CHECK_INT(report.nwarnings, 1);
    CHECK_STR(report.warnings[0], "skipped 1 ragged row(s) (first at line 3)");
    CHECK(t && t->nrows == 2);
    qy_table_release(t);

    /* all of the report, warnings and all, comes back from the entry */
    static const char utf16[] = "\xff\xfe" "a\0;\0b\0\n\0" "1\0\n\0" "2\0;\0" "3\0;\0" "4\0\n\0";
    CHECK_INT(qy_file_write_atomic(csv, utf16, sizeof utf16 - 1, NULL), QY_OK);
    o.on_ragged = QY_RAGGED_PAD;
    o.delim = ';';   /* ragged rows: sniffing would find none */
    qy_csv_report first = {0};
    qy_table_release(cached(&o, &hit, &first, NULL));
    CHECK(!hit);
    CHECK_INT(first.rows_padded, 1);
    CHECK_INT(first.rows_cut, 1);
    CHECK_INT(first.nwarnings, 1);
    report = (qy_csv_report){0};
    qy_table_release(cached(&o, &hit, &report, NULL));
    CHECK(hit);
    CHECK(qy_csv_report_equal(&report, &first));
    CHECK_INT(report.encoding, QY_ENC_UTF16LE);
    CHECK_INT(report.delim, ';');
    CHECK_STR(report.warnings[0], "padded 1 short row(s), cut 1 long row(s) (first cut at line 3)");
}

/* A file where the cache directory should be: nothing can be written. */
static void test_unwritable_cache_still_loads(void)
{
    char other[96], bad_csv[160];
    snprintf(other, sizeof other, "%s/sub", dir);
    if (mkdir(other, 0755) != 0) abort();
    snprintf(bad_csv, sizeof bad_csv, "%s/.qycache", other);
    write_text(bad_csv, "not a directory");
    snprintf(bad_csv, sizeof bad_csv, "%s/y.csv", other);
    write_text(bad_csv, "id\n5\n");
    qy_table *t = NULL;
    qy_error err = {0}, warning = {0};
    bool hit = true;
    CHECK_INT(qy_csv_cached_read(bad_csv, NULL, &t, NULL, &hit, &warning, &err), QY_OK);
    CHECK(!hit);
    CHECK(t && strcmp(column_text(t->cols[0]), "5") == 0);
    CHECK_INT(warning.code, QY_EIO);
    CHECK(strstr(warning.msg, "/sub/.qycache/y.csv-") != NULL);
    CHECK(strstr(warning.msg, ".qyc: Not a directory") != NULL);
    qy_table_release(t);
    unlink(bad_csv);
    snprintf(bad_csv, sizeof bad_csv, "%s/.qycache", other);
    unlink(bad_csv);
    rmdir(other);
}

/* A FIFO no one writes to in the entry's place: not waited on (main's alarm
 * fails a hang) but ignored with a warning, the CSV read, and the FIFO
 * replaced by the entry; a link in its place is ignored too. */
static void test_entry_that_is_not_a_regular_file_is_ignored(void)
{
    write_text(csv, "id\n4\n");
    char *p = entry_path(NULL);
    unlink(p);
    if (mkdir(cache_dir, 0755) != 0 && errno != EEXIST) abort();
    if (mkfifo(p, 0600) != 0) abort();
    char want[256];
    snprintf(want, sizeof want, "%s is not a regular file: not used", p);
    bool hit = true;
    qy_error warning = {0};
    qy_table *t = cached(NULL, &hit, NULL, &warning);
    CHECK(!hit);
    CHECK(t && strcmp(column_text(t->cols[0]), "4") == 0);
    CHECK_INT(warning.code, QY_EINVAL);
    CHECK_STR(warning.msg, want);
    qy_table_release(t);
    struct stat st;
    CHECK(lstat(p, &st) == 0 && S_ISREG(st.st_mode));
    t = cached(NULL, &hit, NULL, &warning);
    CHECK(hit);
    CHECK_INT(warning.code, QY_OK);
    qy_table_release(t);
    char moved[160];
    snprintf(moved, sizeof moved, "%s/entry", dir);
    if (rename(p, moved) != 0 || symlink(moved, p) != 0) abort();
    t = cached(NULL, &hit, NULL, &warning);
    CHECK(!hit);
    CHECK_STR(warning.msg, want);
    CHECK(t && strcmp(column_text(t->cols[0]), "4") == 0);
    qy_table_release(t);
    unlink(moved);
    qy_free(p);
}

/* A pipe has no key and cannot be read twice: read once, not cached. */
static void test_stream_is_read_without_the_cache(void)
{
    int ends[2];
    if (pipe(ends) != 0 || write(ends[1], "id\n1\n2\n", 7) != 7 || close(ends[1]) != 0) abort();
    char name[32], want[96];
    snprintf(name, sizeof name, "/dev/fd/%d", ends[0]);
    qy_table *t = NULL;
    qy_error err = {0}, warning = {0};
    bool hit = true;
    CHECK_INT(qy_csv_cached_read(name, NULL, &t, NULL, &hit, &warning, &err), QY_OK);
    CHECK(!hit);
    CHECK(t && strcmp(column_text(t->cols[0]), "1 2") == 0);
    CHECK_INT(warning.code, QY_EINVAL);
    snprintf(want, sizeof want, "%s is not a regular file: not cached", name);
    CHECK_STR(warning.msg, want);
    qy_table_release(t);
    close(ends[0]);
}

static void test_missing_csv_is_the_readers_error(void)
{
    qy_table *t = NULL;
    qy_error err = {0};
    bool hit;
    CHECK_INT(qy_csv_cached_read("/nonexistent/z.csv", NULL, &t, NULL, &hit, NULL, &err), QY_EIO);
    CHECK(strstr(err.msg, "/nonexistent/z.csv") != NULL);
}

/* Removes the cache directory's entries and the directory. */
static void clean(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) abort();
}

int main(void)
{
    alarm(60);   /* a read that waits forever fails instead of hanging the suite */
    if (!mkdtemp(dir)) abort();
    snprintf(csv, sizeof csv, "%s/x.csv", dir);
    snprintf(cache_dir, sizeof cache_dir, "%s/.qycache", dir);
    RUN(test_second_read_is_a_hit);
    RUN(test_new_mtime_rebuilds);
    RUN(test_new_size_rebuilds);
    RUN(test_edit_in_place_with_old_mtime_rebuilds);
    RUN(test_options_have_their_own_entries);
    RUN(test_what_never_changes_the_table_is_not_in_the_key);
    RUN(test_corrupt_or_truncated_entry_rebuilds);
    RUN(test_report_is_kept);
    RUN(test_unwritable_cache_still_loads);
    RUN(test_entry_that_is_not_a_regular_file_is_ignored);
    RUN(test_stream_is_read_without_the_cache);
    RUN(test_missing_csv_is_the_readers_error);
    clean();
    return check_summary("csv_cache");
}
