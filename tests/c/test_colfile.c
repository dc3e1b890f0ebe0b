/* test_colfile.c — the columnar file: round trips of every type, every
 * truncated, flipped, foreign or other-version file refused cleanly, what is
 * not a regular file refused at once, and a loaded table that keeps its
 * values whatever is done to its file. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "check.h"
#include "colfile.h"
#include "file.h"
#include "fixtures.h"
#include "mapping.h"

static char dir[] = "/tmp/qy_colfile_XXXXXX";
static char path[64];
static char bad_path[64];

static qy_table *round_trip(const qy_table *t)
{
    qy_error err = {0};
    qy_table *back = NULL;
    if (qy_colfile_write(t, path, "meta", 4, &err) != QY_OK) printf("write: %s\n", err.msg);
    if (qy_colfile_read(path, &back, NULL, NULL, &err) != QY_OK) printf("read: %s\n", err.msg);
    return back;
}

static void test_round_trip_every_type(void)
{
    qy_table *t = every_type_with_nulls();
    qy_table *back = round_trip(t);
    CHECK(back != NULL);
    if (!back) return;
    CHECK(qy_table_equal(t, back));
    CHECK_STR(column_text(back->cols[0]), "1 null -9223372036854775807 0");
    CHECK_STR(column_text(back->cols[2]), "12.34 null -0.01 99999.99");
    CHECK_STR(back->names[2], "资金");
    CHECK_INT(back->cols[2]->scale, 2);
    CHECK_INT(back->cols[4]->null_count, 1);
    size_t len;
    CHECK(memcmp(qy_dict_get(back->cols[5]->dict, back->cols[5]->v.code[3], &len), "nul\0byte", 8) == 0);
    CHECK_INT(len, 8);
    CHECK(back->cols[5]->dict == back->cols[6]->dict);
    CHECK(back->cols[0]->owner != NULL);
    CHECK(back->cols[1]->valid != NULL);
    qy_table_release(t);
    qy_table_release(back);
}

static void test_columns_outlive_the_table(void)
{
    qy_table *t = every_type_with_nulls();
    qy_table *back = round_trip(t);
    qy_column *ratio = qy_column_retain(back->cols[1]);
    qy_table_release(back);
    unlink(path);
    CHECK_STR(column_text(ratio), "1.5 -0.25 null 1e+300");
    qy_column_release(ratio);
    qy_table_release(t);
}

static void test_empty_tables(void)
{
    qy_table *none = new_table(5);   /* no column, five rows */
    qy_table *back = round_trip(none);
    CHECK(back && back->ncols == 0 && back->nrows == 5);
    qy_table_release(back);
    qy_table_release(none);
    static const char *const nothing[] = {NULL};
    qy_table *empty = new_table(0);
    add_column(empty, "a", column_of(QY_INT64, 0, 0, nothing));
    add_column(empty, "s", column_of(QY_STRING, 0, 0, nothing));
    back = round_trip(empty);
    CHECK(back && qy_table_equal(empty, back));
    qy_table_release(back);
    qy_table_release(empty);
}

static void test_metadata(void)
{
    qy_table *t = new_table(0);
    qy_error err = {0};
    CHECK_INT(qy_colfile_write(t, path, "k\0ey", 4, &err), QY_OK);
    qy_table *back = NULL;
    void *meta = NULL;
    size_t len = 0;
    CHECK_INT(qy_colfile_read(path, &back, &meta, &len, &err), QY_OK);
    CHECK_INT(len, 4);
    CHECK(meta && memcmp(meta, "k\0ey", 5) == 0);
    qy_free(meta);
    qy_table_release(back);
    qy_table_release(t);
}

/* The bytes of a small file written from every_type_with_nulls. */
static char *small_file(size_t *len)
{
    qy_table *t = every_type_with_nulls();
    if (qy_colfile_write(t, path, "m", 1, NULL) != QY_OK) abort();
    qy_table_release(t);
    char *data;
    if (qy_file_read_all(path, &data, len, NULL) != QY_OK) abort();
    return data;
}

/* Reads data as a file, copied and then mapped: both must give the same
 * answer (when they differ it says so and returns -1, which no check expects). */
static int read_bad(const char *data, size_t len, qy_error *err)
{
    if (qy_file_write_atomic(bad_path, data, len, NULL) != QY_OK) abort();
    qy_table *t = NULL;
    int rc = qy_colfile_read(bad_path, &t, NULL, NULL, err);
    if (rc == QY_OK) qy_table_release(t);
    int fd = open(bad_path, O_RDONLY);
    qy_error mapped_err = {0};
    qy_table *mapped = NULL;
    int mapped_rc = len == 0 ? rc   /* nothing to map */
                  : qy_colfile_read_fd(fd, bad_path, QY_COLFILE_MAP, &mapped, NULL, NULL, &mapped_err);
    close(fd);
    if (mapped_rc == QY_OK) qy_table_release(mapped);
    if (mapped_rc != rc || (rc != QY_OK && len > 0 && strcmp(mapped_err.msg, err->msg) != 0)) {
        printf("copied: %d %s; mapped: %d %s\n", rc, err->msg, mapped_rc, mapped_err.msg);
        return -1;
    }
    return rc;
}

static void test_every_truncation_fails(void)
{
    size_t len;
    char *data = small_file(&len);
    int refused = 0;
    for (size_t n = 0; n < len; n++) {
        qy_error err = {0};
        refused += read_bad(data, n, &err) == QY_EFORMAT;
    }
    CHECK_INT(refused, len);
    qy_error err = {0};
    CHECK_INT(read_bad(data, 100, &err), QY_EFORMAT);
    char want[256];
    snprintf(want, sizeof want, "%s: truncated: 100 of %zu bytes", bad_path, len);
    CHECK_STR(err.msg, want);
    CHECK_INT(read_bad(data, 10, &err), QY_EFORMAT);
    snprintf(want, sizeof want, "%s: truncated: 10 bytes, shorter than the header", bad_path);
    CHECK_STR(err.msg, want);
    qy_free(data);
}

static void test_every_flipped_byte_detected(void)
{
    size_t len;
    char *data = small_file(&len);
    int refused = 0;
    for (size_t i = 0; i < len; i++) {
        qy_error err = {0};
        data[i] ^= 0x10;
        refused += read_bad(data, len, &err) == QY_EFORMAT;
        data[i] ^= 0x10;
    }
    CHECK_INT(refused, len);
    qy_error err = {0};
    data[len - 1] ^= 1;
    CHECK_INT(read_bad(data, len, &err), QY_EFORMAT);
    char want[256];
    snprintf(want, sizeof want, "%s: checksum mismatch: the file is corrupt", bad_path);
    CHECK_STR(err.msg, want);
    qy_free(data);
}

/* A resealed file passes the checksum, so its later checks are what refuse
 * it: the row count in the header, a type in the directory. */
static void test_resealed_files_meet_the_later_checks(void)
{
    size_t len;
    char *data = small_file(&len);
    qy_error err = {0};
    char want[256];
    int64_t nrows = -1;
    memcpy(data + 16, &nrows, sizeof nrows);
    CHECK_INT(qy_colfile_reseal(data, len), QY_OK);
    CHECK_INT(read_bad(data, len, &err), QY_EFORMAT);
    snprintf(want, sizeof want, "%s: bad row count -1", bad_path);
    CHECK_STR(err.msg, want);
    qy_free(data);

    data = small_file(&len);
    uint64_t dir_off;
    uint32_t type = 9;
    memcpy(&dir_off, data + 56, sizeof dir_off);
    memcpy(data + dir_off, &type, sizeof type);
    CHECK_INT(qy_colfile_reseal(data, len), QY_OK);
    CHECK_INT(read_bad(data, len, &err), QY_EFORMAT);
    snprintf(want, sizeof want, "%s: column 'id': unknown type 9", bad_path);
    CHECK_STR(err.msg, want);
    qy_free(data);
}

/* A bool of 2 is refused, and the refused column is released once
 * (fuzz_colfile found it released twice). */
static void test_unsound_value_refused(void)
{
    size_t len;
    char *data = small_file(&len);
    uint64_t dir_off, values_off;
    memcpy(&dir_off, data + 56, sizeof dir_off);
    memcpy(&values_off, data + dir_off + 4 * 64 + 32, sizeof values_off);   /* 'ok' */
    data[values_off] = 2;
    CHECK_INT(qy_colfile_reseal(data, len), QY_OK);
    qy_error err = {0};
    CHECK_INT(read_bad(data, len, &err), QY_EFORMAT);
    char want[256];
    snprintf(want, sizeof want, "%s: column 'ok': a value is out of range", bad_path);
    CHECK_STR(err.msg, want);
    qy_free(data);
}

static void test_foreign_and_other_versions(void)
{
    size_t len;
    char *data = small_file(&len);
    qy_error err = {0};
    char want[256];
    data[8] = 3;   /* the version */
    CHECK_INT(read_bad(data, len, &err), QY_EFORMAT);
    snprintf(want, sizeof want, "%s: format version 3, but this qylua reads version 2", bad_path);
    CHECK_STR(err.msg, want);
    CHECK_INT(read_bad("id,name\n1,a\n", 12, &err), QY_EFORMAT);
    snprintf(want, sizeof want, "%s: not a qy columnar file", bad_path);
    CHECK_STR(err.msg, want);
    CHECK_INT(read_bad("", 0, &err), QY_EFORMAT);
    qy_free(data);
}

/* A FIFO no one writes to, a device, a directory: refused at once, never
 * waited on (main's alarm fails a hang). */
static void test_what_is_not_a_regular_file_is_refused(void)
{
    char fifo[96], want[160];
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    if (mkfifo(fifo, 0600) != 0) abort();
    qy_table *t = NULL;
    qy_error err = {0};
    CHECK_INT(qy_colfile_read(fifo, &t, NULL, NULL, &err), QY_EINVAL);
    snprintf(want, sizeof want, "cannot read %s: not a regular file", fifo);
    CHECK_STR(err.msg, want);
    CHECK_INT(qy_colfile_read("/dev/zero", &t, NULL, NULL, &err), QY_EINVAL);
    CHECK_STR(err.msg, "cannot read /dev/zero: not a regular file");
    CHECK_INT(qy_colfile_read(dir, &t, NULL, NULL, &err), QY_EINVAL);
    snprintf(want, sizeof want, "cannot read %s: Is a directory", dir);
    CHECK_STR(err.msg, want);
    CHECK_INT(qy_colfile_read("/nonexistent/x.qyc", &t, NULL, NULL, &err), QY_EIO);
    CHECK_STR(err.msg, "cannot open /nonexistent/x.qyc: No such file or directory");
    unlink(fifo);
}

/* A table of n rows whose values all differ: id = i, code of "s<i % 97>". */
static qy_table *many_rows(int n)
{
    qy_table *t = new_table(n);
    qy_column *id, *s;
    qy_dict *dict = qy_dict_new();
    if (!dict || qy_column_new(QY_INT64, 0, NULL, n, &id, NULL) != QY_OK
        || qy_column_new(QY_STRING, 0, dict, n, &s, NULL) != QY_OK)
        abort();
    qy_dict_release(dict);
    for (int i = 0; i < n; i++) {
        char text[16];
        int len = snprintf(text, sizeof text, "s%d", i % 97);
        id->v.i64[i] = i;
        if (qy_dict_intern(s->dict, text, (size_t)len, &s->v.code[i]) != QY_OK) abort();
    }
    add_column(t, "id", id);
    add_column(t, "s", s);
    return t;
}

/* The file overwritten in place with zeros, then truncated, while the table
 * loaded from it lives: every value stays as loaded (with the file mapped,
 * the zeros showed through and the truncation killed the test, SIGBUS). Over
 * 16 MiB, so two threads read it. */
static void test_table_keeps_its_values_when_its_file_changes(void)
{
    qy_table *t = many_rows(1500000);
    qy_table *back = round_trip(t);
    CHECK(back && qy_table_equal(t, back));
    struct stat st;
    if (stat(path, &st) != 0) abort();
    CHECK(st.st_size > 16 << 20);
    size_t len = (size_t)st.st_size;
    char *zeros = qy_calloc(1, len);
    int fd = open(path, O_WRONLY);
    if (!zeros || fd < 0 || pwrite(fd, zeros, len, 0) != (ssize_t)len) abort();
    CHECK(back && qy_table_equal(t, back));
    if (ftruncate(fd, 0) != 0) abort();
    close(fd);
    CHECK(back && qy_table_equal(t, back));
    qy_free(zeros);
    qy_table_release(back);
    qy_table_release(t);
}

/* A table that maps its file (as cache entries are read) reads as the copy
 * does, checks the same (a forged value is found on the mapped pages too), and
 * keeps its values when the file is replaced by a rename and then removed --
 * the only ways qylua ever changes a file. Over 16 MiB: every core checks. */
static void test_mapped_table_survives_rename_and_unlink(void)
{
    qy_table *t = many_rows(1500000);
    qy_table *copy = round_trip(t);
    int fd = open(path, O_RDONLY);
    qy_table *mapped = NULL;
    qy_error err = {0};
    CHECK_INT(qy_colfile_read_fd(fd, path, QY_COLFILE_MAP, &mapped, NULL, NULL, &err), QY_OK);
    close(fd);
    CHECK(mapped && copy && qy_table_equal(copy, mapped));
    char other[96];
    snprintf(other, sizeof other, "%s/other.qyc", dir);
    qy_table *small = new_table(3);
    CHECK_INT(qy_colfile_write(small, other, NULL, 0, &err), QY_OK);
    CHECK_INT(rename(other, path), 0);   /* what every write of qylua does (file.h) */
    CHECK(mapped && qy_table_equal(t, mapped));
    CHECK_INT(unlink(path), 0);
    CHECK(mapped && qy_table_equal(t, mapped));
    uint32_t code = 0;
    CHECK_INT(qy_dict_find(mapped->cols[1]->dict, "s42", 3, &code), QY_OK);   /* the index, built now */
    CHECK_STR(qy_dict_get(mapped->cols[1]->dict, code, NULL), "s42");
    qy_table_release(small);
    qy_table_release(mapped);
    qy_table_release(copy);
    qy_table_release(t);
}

static void test_write_errors_name_the_path(void)
{
    qy_table *t = new_table(0);
    qy_error err = {0};
    CHECK_INT(qy_colfile_write(t, "/nonexistent/x.qyc", NULL, 0, &err), QY_EIO);
    CHECK_STR(err.msg, "cannot write /nonexistent/x.qyc: No such file or directory");
    qy_table_release(t);
}

static void test_dict_arena_flaws_are_found(void)
{
    static const uint64_t offsets[] = {0, 2, 4};
    CHECK_INT(qy_dict_arena_flaw(offsets, "a\0bb", 2, 0, 2), 1);   /* string 1 has no NUL */
    CHECK_INT(qy_dict_arena_flaw(offsets, "a\0bb", 2, 0, 1), -1);  /* ranges see only their own */
    static const uint64_t past_the_end[] = {0, (uint64_t)1 << 40, 4};   /* fuzz_colfile found it read */
    CHECK_INT(qy_dict_arena_flaw(past_the_end, "a\0b", 2, 0, 2), 0);
    static const uint64_t backwards[] = {0, 4, 2, 6};
    CHECK_INT(qy_dict_arena_flaw(backwards, "abc\0d\0", 3, 0, 3), 1);
    static const uint64_t late_start[] = {1, 2, 4};
    CHECK_INT(qy_dict_arena_flaw(late_start, "a\0b\0", 2, 0, 2), 0);
    static const uint64_t empty_arena[] = {0, 0};
    CHECK_INT(qy_dict_arena_flaw(empty_arena, "", 1, 0, 1), 0);
    CHECK_INT(qy_dict_arena_flaw(offsets, "a\0b", 2, 0, 2), -1);
}

/* A dict from an arena has no index until a lookup: the lookup builds it
 * and finds every string; a forged repeat finds the earlier code; adding a
 * string copies the borrowed strings first. */
static void test_dict_from_arena_indexes_when_asked(void)
{
    static const uint64_t offsets[] = {0, 2, 5, 7};
    qy_dict *d = NULL;
    qy_error err = {0};
    CHECK_INT(qy_dict_from_arena(offsets, "a\0bb\0a", 3, NULL, &d, &err), QY_OK);
    uint32_t code = 9;
    CHECK_INT(qy_dict_find(d, "bb", 2, &code), QY_OK);
    CHECK_INT(code, 1);
    CHECK_INT(qy_dict_find(d, "a", 1, &code), QY_OK);
    CHECK_INT(code, 0);
    CHECK_INT(qy_dict_find(d, "c", 1, &code), QY_ENOTFOUND);
    CHECK_INT(qy_dict_intern(d, "c", 1, &code), QY_OK);
    CHECK_INT(code, 3);
    qy_dict_release(d);

    char arena[] = "x\0yy\0";
    static const uint64_t two[] = {0, 2, 5};
    qy_mapping *m = NULL;
    CHECK_INT(qy_mapping_new(4096, &m), QY_OK);
    CHECK_INT(qy_dict_from_arena(two, arena, 2, m, &d, &err), QY_OK);
    qy_mapping_release(m);   /* the dict keeps it */
    CHECK_INT(qy_dict_intern(d, "z", 1, &code), QY_OK);
    CHECK_INT(code, 2);
    arena[0] = 'q';          /* the dict copied the borrowed strings before adding */
    size_t len;
    CHECK_STR(qy_dict_get(d, 0, &len), "x");
    CHECK_INT(qy_dict_find(d, "yy", 2, &code), QY_OK);
    CHECK_INT(code, 1);
    qy_dict_release(d);
}

/* Without memory for an index, a lookup still answers, by scanning. */
static void test_dict_lookup_without_memory_scans(void)
{
    static const uint64_t offsets[] = {0, 2, 5};
    qy_dict *d = NULL;
    qy_error err = {0};
    CHECK_INT(qy_dict_from_arena(offsets, "a\0bb", 2, NULL, &d, &err), QY_OK);
    uint32_t code = 9;
    qy_alloc_fail_after(0);
    int found = qy_dict_find(d, "bb", 2, &code);
    int missing = qy_dict_find(d, "c", 1, &code);
    qy_alloc_fail_after(-1);
    CHECK_INT(found, QY_OK);
    CHECK_INT(code, 1);
    CHECK_INT(missing, QY_ENOTFOUND);
    CHECK_INT(qy_dict_find(d, "a", 1, &code), QY_OK);   /* now with an index */
    CHECK_INT(code, 0);
    qy_dict_release(d);
}

int main(void)
{
    alarm(60);   /* a read that waits forever fails instead of hanging the suite */
    if (!mkdtemp(dir)) abort();
    snprintf(path, sizeof path, "%s/t.qyc", dir);
    snprintf(bad_path, sizeof bad_path, "%s/bad.qyc", dir);
    RUN(test_round_trip_every_type);
    RUN(test_columns_outlive_the_table);
    RUN(test_empty_tables);
    RUN(test_metadata);
    RUN(test_every_truncation_fails);
    RUN(test_every_flipped_byte_detected);
    RUN(test_resealed_files_meet_the_later_checks);
    RUN(test_unsound_value_refused);
    RUN(test_foreign_and_other_versions);
    RUN(test_what_is_not_a_regular_file_is_refused);
    RUN(test_table_keeps_its_values_when_its_file_changes);
    RUN(test_mapped_table_survives_rename_and_unlink);
    RUN(test_write_errors_name_the_path);
    RUN(test_dict_arena_flaws_are_found);
    RUN(test_dict_from_arena_indexes_when_asked);
    RUN(test_dict_lookup_without_memory_scans);
    unlink(path);
    unlink(bad_path);
    rmdir(dir);
    return check_summary("colfile");
}
