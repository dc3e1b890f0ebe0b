/* file.c — whole-file reads and atomic writes; see file.h. */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

int qy_file_read_all(const char *path, char **data, size_t *len, qy_error *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return qy_error_set(err, QY_EIO, "cannot open %s: %s", path, strerror(errno));
    struct stat st;
    int bad = fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
    if (bad) {
        int e = bad;
        close(fd);
        return qy_error_set(err, QY_EIO, "cannot read %s: %s", path, strerror(e));
    }
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
    char *buf = qy_malloc(cap);
    if (!buf) {
        close(fd);
        return qy_error_set(err, QY_ENOMEM, "not enough memory to read %s", path);
    }
    for (;;) {
        if (n + 1 >= cap) {   /* the file grew, or its size was unknown */
            char *bigger = qy_realloc(buf, cap * 2);
            if (!bigger) {
                qy_free(buf);
                close(fd);
                return qy_error_set(err, QY_ENOMEM, "not enough memory to read %s", path);
            }
            buf = bigger;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - 1 - n);
        if (got == 0) break;
        if (got < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            qy_free(buf);
            close(fd);
            return qy_error_set(err, QY_EIO, "cannot read %s: %s", path, strerror(e));
        }
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return QY_OK;
}

static int write_fully(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t put = write(fd, data, len);
        if (put < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        data += put;
        len -= (size_t)put;
    }
    return 0;
}

int qy_file_write_atomic(const char *path, const char *data, size_t len, qy_error *err)
{
    size_t n = strlen(path);
    char *tmp = qy_malloc(n + sizeof ".tmp-XXXXXX");
    if (!tmp) return qy_error_set(err, QY_ENOMEM, "not enough memory to write %s", path);
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        qy_free(tmp);
        return qy_error_set(err, QY_EIO, "cannot write %s: %s", path, strerror(e));
    }
    /* mkstemp makes the file 0600; give it the mode a plain fopen would. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    int ok = write_fully(fd, data, len) == 0 && fsync(fd) == 0;
    int e = errno;
    ok = (close(fd) == 0) && ok;
    if (ok && rename(tmp, path) != 0) {
        ok = 0;
        e = errno;
    }
    if (!ok) {
        unlink(tmp);
        qy_free(tmp);
        return qy_error_set(err, QY_EIO, "cannot write %s: %s", path, strerror(e));
    }
    qy_free(tmp);
    return QY_OK;
}
