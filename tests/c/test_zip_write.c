/* test_zip_write.c — archives written whole, read back by libzip; bad
 * members and unwritable places refused with nothing left behind. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "alloc.h"
#include "check.h"
#include "file.h"
#include "zip_write.h"

static char dir[] = "/tmp/qy_zip_write_XXXXXX";

/* The member at index i of the archive at path, read whole into buf. */
static const char *member_text(zip_t *za, zip_uint64_t i, char *buf, size_t cap)
{
    zip_file_t *f = zip_fopen_index(za, i, 0);
    if (!f) return NULL;
    zip_int64_t n = zip_fread(f, buf, cap - 1);
    zip_fclose(f);
    if (n < 0) return NULL;
    buf[n] = '\0';
    return buf;
}

/* How many entries the directory holds besides . and .. */
static int entries(const char *path)
{
    DIR *d = opendir(path);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d) closedir(d);
    return n;
}

static void test_members_in_order(void)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "%s/a.docx", dir);
    const qy_zip_member m[] = {
        {"[Content_Types].xml", "<Types/>", 8},
        {"word/document.xml", "<w:document>正文</w:document>", strlen("<w:document>正文</w:document>")},
        {"word/media/empty.bin", NULL, 0},
    };
    qy_error err = {0};
    CHECK_INT(qy_zip_write(path, m, 3, &err), QY_OK);
    int ze = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    CHECK(za != NULL);
    if (!za) return;
    CHECK_INT(zip_get_num_entries(za, 0), 3);
    CHECK_STR(zip_get_name(za, 0, 0), "[Content_Types].xml");
    CHECK_STR(zip_get_name(za, 1, 0), "word/document.xml");
    CHECK_STR(zip_get_name(za, 2, 0), "word/media/empty.bin");
    CHECK_STR(member_text(za, 0, buf, sizeof buf), "<Types/>");
    CHECK_STR(member_text(za, 1, buf, sizeof buf), "<w:document>正文</w:document>");
    CHECK_STR(member_text(za, 2, buf, sizeof buf), "");
    zip_discard(za);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == (0666 & ~umask(022)));
    CHECK_INT(entries(dir), 1);                         /* no temporary left beside it */
    unlink(path);
}

static void test_bad_members_leave_old_file(void)
{
    char path[64], want[160];
    snprintf(path, sizeof path, "%s/old.docx", dir);
    if (qy_file_write_atomic(path, "old", 3, NULL) != QY_OK) abort();
    const qy_zip_member twice[] = {{"a.xml", "1", 1}, {"a.xml", "2", 1}};
    qy_error err = {0};
    CHECK_INT(qy_zip_write(path, twice, 2, &err), QY_EINVAL);
    snprintf(want, sizeof want, "cannot write %s: member a.xml appears twice", path);
    CHECK_STR(err.msg, want);
    const qy_zip_member unnamed[] = {{"a.xml", "1", 1}, {"", "2", 1}};
    CHECK_INT(qy_zip_write(path, unnamed, 2, &err), QY_EINVAL);
    snprintf(want, sizeof want, "cannot write %s: member #2 has an empty name", path);
    CHECK_STR(err.msg, want);
    char *data = NULL;
    size_t len = 0;
    CHECK_INT(qy_file_read_all(path, &data, &len, NULL), QY_OK);
    CHECK(len == 3 && memcmp(data, "old", 3) == 0);
    qy_free(data);
    CHECK_INT(entries(dir), 1);
    unlink(path);
}

static void test_missing_directory(void)
{
    char path[96], want[200];
    snprintf(path, sizeof path, "%s/no/such/a.docx", dir);
    const qy_zip_member m[] = {{"a.xml", "1", 1}};
    qy_error err = {0};
    CHECK_INT(qy_zip_write(path, m, 1, &err), QY_EIO);
    snprintf(want, sizeof want, "cannot write %s: No such file or directory", path);
    CHECK_STR(err.msg, want);
    CHECK_INT(entries(dir), 0);
}

int main(void)
{
    if (!mkdtemp(dir)) return 2;
    umask(022);
    RUN(test_members_in_order);
    RUN(test_bad_members_leave_old_file);
    RUN(test_missing_directory);
    rmdir(dir);
    return check_summary("test_zip_write");
}
