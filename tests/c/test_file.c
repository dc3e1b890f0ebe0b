/* test_file.c — opening files to read: what is not a regular file refused
 * at once, links followed only when asked; streams read whole up to a limit. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "check.h"
#include "file.h"

static char dir[] = "/tmp/qy_file_XXXXXX";

static void test_open_regular(void)
{
    char file[64], link[64], fifo[64], want[128];
    snprintf(file, sizeof file, "%s/f", dir);
    snprintf(link, sizeof link, "%s/l", dir);
    snprintf(fifo, sizeof fifo, "%s/p", dir);
    if (qy_file_write_atomic(file, "abc", 3, NULL) != QY_OK || symlink(file, link) != 0
        || mkfifo(fifo, 0600) != 0)
        abort();
    int fd = -1;
    qy_error err = {0};
    CHECK_INT(qy_file_open_regular(file, false, &fd, &err), QY_OK);
    CHECK(fd >= 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK) == 0);
    close(fd);
    CHECK_INT(qy_file_open_regular(link, true, &fd, &err), QY_OK);
    close(fd);
    CHECK_INT(qy_file_open_regular(link, false, &fd, &err), QY_EINVAL);
    snprintf(want, sizeof want, "cannot read %s: not a regular file", link);
    CHECK_STR(err.msg, want);
    CHECK_INT(qy_file_open_regular(fifo, true, &fd, &err), QY_EINVAL);   /* no writer: no wait */
    snprintf(want, sizeof want, "cannot read %s: not a regular file", fifo);
    CHECK_STR(err.msg, want);
    CHECK_INT(qy_file_open_regular("/dev/null", true, &fd, &err), QY_EINVAL);
    CHECK_INT(qy_file_open_regular(dir, true, &fd, &err), QY_EINVAL);
    snprintf(want, sizeof want, "cannot read %s: Is a directory", dir);
    CHECK_STR(err.msg, want);
    CHECK_INT(qy_file_open_regular("/nonexistent/f", true, &fd, &err), QY_EIO);
    CHECK_STR(err.msg, "cannot open /nonexistent/f: No such file or directory");
    unlink(file);
    unlink(link);
    unlink(fifo);
}

/* A pipe holding text, its writing end closed. */
static int pipe_of(const char *text)
{
    int ends[2];
    size_t n = strlen(text);
    if (pipe(ends) != 0 || write(ends[1], text, n) != (ssize_t)n || close(ends[1]) != 0) abort();
    return ends[0];
}

static void test_read_fd_stops_past_max(void)
{
    char *data = NULL;
    size_t len = 0;
    qy_error err = {0};
    int fd = pipe_of("0123456789");
    CHECK_INT(qy_file_read_fd(fd, "p", 10, &data, &len, &err), QY_OK);
    CHECK_INT(len, 10);
    CHECK(data && strcmp(data, "0123456789") == 0);
    qy_free(data);
    close(fd);
    fd = pipe_of("0123456789");
    CHECK_INT(qy_file_read_fd(fd, "p", 9, &data, &len, &err), QY_ERANGE);
    CHECK_STR(err.msg, "p: more than 9 bytes");
    close(fd);
    fd = pipe_of("");
    CHECK_INT(qy_file_read_fd(fd, "p", SIZE_MAX, &data, &len, &err), QY_OK);
    CHECK(len == 0 && data && data[0] == '\0');
    qy_free(data);
    close(fd);
}

static void test_read_at_says_where_the_file_ends(void)
{
    char file[64], buf[8];
    snprintf(file, sizeof file, "%s/f", dir);
    if (qy_file_write_atomic(file, "abcdef", 6, NULL) != QY_OK) abort();
    int fd = open(file, O_RDONLY);
    CHECK_INT(qy_file_read_at(fd, buf, 3, 2), 3);
    CHECK(memcmp(buf, "cde", 3) == 0);
    CHECK_INT(qy_file_read_at(fd, buf, 8, 4), 2);
    CHECK_INT(qy_file_read_at(fd, buf, 8, 9), 0);
    close(fd);
    unlink(file);
}

int main(void)
{
    alarm(60);   /* an open that waits forever fails instead of hanging the suite */
    if (!mkdtemp(dir)) abort();
    RUN(test_open_regular);
    RUN(test_read_fd_stops_past_max);
    RUN(test_read_at_says_where_the_file_ends);
    rmdir(dir);
    return check_summary("file");
}
