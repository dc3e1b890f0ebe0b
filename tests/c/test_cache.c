/* test_cache.c — the cache policy (cache.h) seen through a loader that
 * counts its loads: a valid entry spares the load and gives the stored
 * report back; the reader's kind, version and identity each key their own
 * entry; a report that does not parse, a source that changes while it is
 * read, or a failed load never leave an entry that is used. (Stale,
 * corrupt, unwritable and not-regular entries: test_csv_cache.c.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "cache.h"
#include "check.h"
#include "colfile.h"
#include "csv_read.h"
#include "file.h"
#include "fixtures.h"

static char dir[] = "/tmp/qy_cache_XXXXXX";
static char source[64], cache_dir[64];

/* The test loader's report: what it saw of the source. */
typedef struct seen {
    int64_t rows;
    char first[32];   /* the first column's first value */
} seen;

static int loads;                /* calls of load_source */
static bool edit_while_loading;  /* load_source appends a row to the source */
static bool fail_loading;        /* load_source fails */

static void write_text(const char *path, const char *text)
{
    if (qy_file_write_atomic(path, text, strlen(text), NULL) != QY_OK) abort();
}

static int load_source(const void *ctx, const char *path, qy_table **out, void *report,
                       qy_error *err)
{
    loads++;
    if (fail_loading) return qy_error_set(err, QY_EPARSE, "%s: refused", path);
    int rc = qy_csv_read_file(path, NULL, out, NULL, err);
    if (rc != QY_OK) return rc;
    seen *s = report;
    s->rows = (*out)->nrows;
    snprintf(s->first, sizeof s->first, "%s", column_text((*out)->cols[0]));
    if (edit_while_loading) {
        FILE *f = fopen(path, "a");
        if (!f || fputs("9\n", f) < 0 || fclose(f) != 0) abort();
    }
    return QY_OK;
}

static int format_seen(const void *report, qy_strbuf *out)
{
    const seen *s = report;
    return qy_strbuf_printf(out, "seen %lld %zu:%s\n", (long long)s->rows, strlen(s->first),
                            s->first);
}

static int parse_seen(const char *text, size_t len, void *report)
{
    long long rows;
    size_t n;
    int used = 0;
    char copy[96];
    if (len >= sizeof copy) return QY_EFORMAT;
    memcpy(copy, text, len);
    copy[len] = '\0';
    if (sscanf(copy, "seen %lld %zu:%n", &rows, &n, &used) != 2 || used == 0
        || n >= sizeof ((seen *)0)->first || (size_t)used + n + 1 != len || copy[len - 1] != '\n')
        return QY_EFORMAT;
    seen *s = report;
    s->rows = rows;
    memcpy(s->first, copy + used, n);
    s->first[n] = '\0';
    return QY_OK;
}

static int refuse_seen(const char *text, size_t len, void *report)
{
    return QY_EFORMAT;
}

static qy_cache_loader test_loader(void)
{
    return (qy_cache_loader){.kind = "test", .version = 1, .load = load_source,
                             .format_report = format_seen, .parse_report = parse_seen};
}

/* Reads the source through the cache; NULL (the error printed) on failure. */
static qy_table *read_via(const qy_cache_loader *l, const char *identity, bool *hit, seen *s,
                          qy_error *warning)
{
    qy_table *t = NULL;
    qy_error err = {0};
    if (qy_cache_read(source, l, identity, &t, s, hit, warning, &err) != QY_OK)
        printf("read: %s\n", err.msg);
    return t;
}

static char *entry_of(const qy_cache_loader *l, const char *identity)
{
    char *p = NULL;
    if (qy_cache_path(source, l, identity, &p, NULL) != QY_OK) abort();
    return p;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void test_a_valid_entry_spares_the_load(void)
{
    write_text(source, "id\n7\n8\n");
    qy_cache_loader l = test_loader();
    loads = 0;
    bool hit = true;
    seen s = {0};
    qy_table *first = read_via(&l, "opts a\n", &hit, &s, NULL);
    CHECK(!hit);
    CHECK_INT(loads, 1);
    seen back = {0};
    qy_table *second = read_via(&l, "opts a\n", &hit, &back, NULL);
    CHECK(hit);
    CHECK_INT(loads, 1);
    CHECK(first && second && qy_table_equal(first, second));
    CHECK_INT(back.rows, 2);
    CHECK_STR(back.first, "7 8");
    char *p = entry_of(&l, "opts a\n");
    size_t n = strlen(cache_dir);
    CHECK(strncmp(p, cache_dir, n) == 0 && strncmp(p + n, "/s.txt-", 7) == 0);
    CHECK_INT(strlen(p + n + 7), 16 + 4);
    CHECK(exists(p));
    /* the entry's metadata: the key, then the report as the loader wrote it */
    void *meta = NULL;
    size_t len = 0;
    qy_table *t = NULL;
    CHECK_INT(qy_colfile_read(p, &t, &meta, &len, NULL), QY_OK);
    char want[160];
    snprintf(want, sizeof want, "qy test cache\nreader 1\npath %zu:", strlen(dir) + 6);
    CHECK(meta && strncmp(meta, want, strlen(want)) == 0);
    CHECK(meta && strstr(meta, "/s.txt\nopts a\nsize 7\nmtime ") != NULL);
    static const char tail[] = "seen 2 3:7 8\n";
    CHECK(meta && len > sizeof tail && strcmp((char *)meta + len - (sizeof tail - 1), tail) == 0);
    qy_table_release(t);
    qy_free(meta);
    qy_free(p);
    qy_table_release(first);
    qy_table_release(second);
}

static void test_kind_version_and_identity_key_their_own_entries(void)
{
    write_text(source, "id\n1\n");
    qy_cache_loader a = test_loader(), newer = test_loader(), other = test_loader();
    newer.version = 2;
    other.kind = "other";
    const qy_cache_loader *readers[] = {&a, &newer, &other, &a};
    const char *identities[] = {"x\n", "x\n", "x\n", "y\n"};
    char *paths[4];
    loads = 0;
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 4; i++) {
            bool hit = round == 0;
            seen s = {0};
            qy_table_release(read_via(readers[i], identities[i], &hit, &s, NULL));
            CHECK(hit == (round == 1));
            CHECK_STR(s.first, "1");
        }
    CHECK_INT(loads, 4);
    for (int i = 0; i < 4; i++) paths[i] = entry_of(readers[i], identities[i]);
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++) CHECK(strcmp(paths[i], paths[j]) != 0);
    for (int i = 0; i < 4; i++) qy_free(paths[i]);
}

/* The hash names the entry by the source and identity, not the file's
 * state: a changed source replaces its entry. */
static void test_a_changed_source_replaces_its_entry(void)
{
    write_text(source, "id\n1\n");
    qy_cache_loader l = test_loader();
    bool hit;
    seen s = {0};
    qy_table_release(read_via(&l, "r\n", &hit, &s, NULL));
    char *before = entry_of(&l, "r\n");
    write_text(source, "id\n2\n3\n");
    loads = 0;
    qy_table *t = read_via(&l, "r\n", &hit, &s, NULL);
    CHECK(!hit);
    CHECK_INT(loads, 1);
    CHECK_STR(s.first, "2 3");
    CHECK(t && strcmp(column_text(t->cols[0]), "2 3") == 0);
    char *after = entry_of(&l, "r\n");
    CHECK_STR(after, before);
    qy_table_release(t);
    t = read_via(&l, "r\n", &hit, &s, NULL);
    CHECK(hit);
    CHECK_INT(loads, 1);
    qy_table_release(t);
    qy_free(before);
    qy_free(after);
}

static void test_a_report_that_does_not_parse_is_a_rebuild(void)
{
    write_text(source, "id\n5\n");
    qy_cache_loader l = test_loader();
    l.parse_report = refuse_seen;
    loads = 0;
    bool hit = true;
    seen s = {0};
    for (int i = 0; i < 2; i++) {
        qy_table *t = read_via(&l, "p\n", &hit, &s, NULL);
        CHECK(!hit);
        CHECK(t && strcmp(column_text(t->cols[0]), "5") == 0);
        qy_table_release(t);
    }
    CHECK_INT(loads, 2);
}

/* Cached as it was before the edit, the entry would hold a table the
 * source no longer gives. */
static void test_a_source_changed_while_read_is_not_cached(void)
{
    write_text(source, "id\n1\n");
    qy_cache_loader l = test_loader();
    char *p = entry_of(&l, "c\n");
    unlink(p);
    edit_while_loading = true;
    bool hit = true;
    seen s = {0};
    qy_error warning = {0};
    qy_table *t = read_via(&l, "c\n", &hit, &s, &warning);
    edit_while_loading = false;
    CHECK(!hit);
    CHECK(t && strcmp(column_text(t->cols[0]), "1") == 0);
    char want[160];
    snprintf(want, sizeof want, "%s changed while it was read: not cached", source);
    CHECK_INT(warning.code, QY_EIO);
    CHECK_STR(warning.msg, want);
    CHECK(!exists(p));
    qy_table_release(t);
    loads = 0;
    t = read_via(&l, "c\n", &hit, &s, &warning);
    CHECK(!hit);
    CHECK_INT(loads, 1);
    CHECK_INT(warning.code, QY_OK);
    CHECK(t && strcmp(column_text(t->cols[0]), "1 9") == 0);
    CHECK(exists(p));
    qy_table_release(t);
    qy_free(p);
}

static void test_a_failed_load_is_the_error_and_leaves_no_entry(void)
{
    write_text(source, "id\n1\n");
    qy_cache_loader l = test_loader();
    char *p = entry_of(&l, "f\n");
    unlink(p);
    fail_loading = true;
    qy_table *t = NULL;
    qy_error err = {0}, warning = {0};
    bool hit = true;
    seen s = {0};
    CHECK_INT(qy_cache_read(source, &l, "f\n", &t, &s, &hit, &warning, &err), QY_EPARSE);
    fail_loading = false;
    CHECK(!hit);
    CHECK(t == NULL);
    char want[160];
    snprintf(want, sizeof want, "%s: refused", source);
    CHECK_STR(err.msg, want);
    CHECK_INT(warning.code, QY_OK);
    CHECK(!exists(p));
    /* a source that does not exist: the loader says so, nothing is written */
    CHECK_INT(qy_cache_read("/nonexistent/q.txt", &l, "f\n", &t, &s, &hit, NULL, &err), QY_EIO);
    CHECK(strstr(err.msg, "/nonexistent/q.txt") != NULL);
    qy_free(p);
}

static void remove_entry(const qy_cache_loader *l, const char *identity)
{
    char *p = entry_of(l, identity);
    unlink(p);
    qy_free(p);
}

/* Each allocation failing in turn, with no entry and then with one: an
 * error, or the right table (an entry left unwritten a warning); never
 * another table. Ends at the first read where nothing failed. */
static void test_out_of_memory_is_an_error_or_the_table(void)
{
    write_text(source, "id\n3\n4\n");
    qy_cache_loader l = test_loader();
    for (int with_entry = 0; with_entry < 2; with_entry++) {
        int failed = 0;
        bool clean_read = false;
        for (long n = 0; n < 1000 && !clean_read; n++) {
            if (!with_entry) remove_entry(&l, "m\n");
            qy_table *t = NULL;
            qy_error err = {0}, warning = {0};
            bool hit = false;
            seen s = {0};
            qy_alloc_fail_after(n);
            int rc = qy_cache_read(source, &l, "m\n", &t, &s, &hit, &warning, &err);
            qy_alloc_fail_after(-1);
            if (rc != QY_OK) {
                CHECK_INT(rc, QY_ENOMEM);
                CHECK(t == NULL);
                failed++;
                continue;
            }
            CHECK(t && strcmp(column_text(t->cols[0]), "3 4") == 0);
            CHECK_STR(s.first, "3 4");
            clean_read = warning.code == QY_OK && hit == (with_entry == 1);
            qy_table_release(t);
        }
        CHECK(failed > 0);
        CHECK(clean_read);
    }
}

static void clean(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) abort();
}

int main(void)
{
    alarm(60);
    if (!mkdtemp(dir)) abort();
    snprintf(source, sizeof source, "%s/s.txt", dir);
    snprintf(cache_dir, sizeof cache_dir, "%s/.qycache", dir);
    RUN(test_a_valid_entry_spares_the_load);
    RUN(test_kind_version_and_identity_key_their_own_entries);
    RUN(test_a_changed_source_replaces_its_entry);
    RUN(test_a_report_that_does_not_parse_is_a_rebuild);
    RUN(test_a_source_changed_while_read_is_not_cached);
    RUN(test_a_failed_load_is_the_error_and_leaves_no_entry);
    RUN(test_out_of_memory_is_an_error_or_the_table);
    clean();
    return check_summary("cache");
}
