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

int qy_file_open_regular(const char *path, bool follow, int *out, qy_error *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
    if (fd < 0 && !follow && errno == ELOOP)
        return qy_error_set(err, QY_EINVAL, "cannot read %s: not a regular file", path);
    if (fd < 0) return qy_error_set(err, QY_EIO, "cannot open %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return qy_error_set(err, QY_EIO, "cannot read %s: %s", path, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return qy_error_set(err, QY_EINVAL, "cannot read %s: %s", path,
                            S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file");
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);   /* plain reads from here */
    *out = fd;
    return QY_OK;
}

ssize_t qy_file_read_at(int fd, void *buf, size_t len, uint64_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t got = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return -1;
        if (got == 0) break;
        done += (size_t)got;
    }
    return (ssize_t)done;
}

static int read_error(const char *name, int rc, int e, qy_error *err)
{
    if (rc == QY_ENOMEM) return qy_error_set(err, rc, "not enough memory to read %s", name);
    return qy_error_set(err, rc, "cannot read %s: %s", name, strerror(e));
}

int qy_file_read_fd(int fd, const char *name, size_t max, char **data, size_t *len,
                    qy_error *err)
{
    struct stat st;
    if (fstat(fd, &st) != 0) return read_error(name, QY_EIO, errno, err);
    /* The text never passes limit bytes: one past max says there is more.
     * A file's size is known, and one spare byte sees its end without
     * growing; a stream's buffer doubles as it fills. */
    size_t limit = max < SIZE_MAX - 1 ? max + 1 : SIZE_MAX - 1, n = 0;
    size_t room = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
    if (room > limit) room = limit;
    char *buf = qy_malloc(room + 1);
    if (!buf) return read_error(name, QY_ENOMEM, 0, err);
    for (;;) {
        if (n == room) {
            if (room == limit) break;
            size_t bigger = room <= limit / 2 ? room * 2 : limit;
            char *grown = qy_realloc(buf, bigger + 1);
            if (!grown) {
                qy_free(buf);
                return read_error(name, QY_ENOMEM, 0, err);
            }
            buf = grown;
            room = bigger;
        }
        ssize_t got = read(fd, buf + n, room - n);
        if (got == 0) break;
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int e = errno;
            qy_free(buf);
            return read_error(name, QY_EIO, e, err);
        }
        n += (size_t)got;
    }
    if (n > max) {
        qy_free(buf);
        return qy_error_set(err, QY_ERANGE, "%s: more than %zu bytes", name, max);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return QY_OK;
}

int qy_file_read_all(const char *path, char **data, size_t *len, qy_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return qy_error_set(err, QY_EIO, "cannot open %s: %s", path, strerror(errno));
    int rc = qy_file_read_fd(fd, path, SIZE_MAX, data, len, err);
    close(fd);
    return rc;
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

struct qy_file_writer {
    int fd;
    int failed;        /* errno of the first failed write, or 0 */
    char *path;        /* the final name */
    char *tmp;         /* the temporary name beside it */
};

static int writer_error(qy_file_writer *w, int e, qy_error *err)
{
    if (!w->failed) w->failed = e;
    return qy_error_set(err, QY_EIO, "cannot write %s: %s", w->path, strerror(e));
}

int qy_file_writer_open(const char *path, qy_file_writer **out, qy_error *err)
{
    size_t n = strlen(path);
    qy_file_writer *w = qy_calloc(1, sizeof *w);
    char *copy = qy_strndup(path, n);
    char *tmp = qy_malloc(n + sizeof ".tmp-XXXXXX");
    if (!w || !copy || !tmp) {
        qy_free(w);
        qy_free(copy);
        qy_free(tmp);
        return qy_error_set(err, QY_ENOMEM, "not enough memory to write %s", path);
    }
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        qy_free(w);
        qy_free(copy);
        qy_free(tmp);
        return qy_error_set(err, QY_EIO, "cannot write %s: %s", path, strerror(e));
    }
    /* mkstemp makes the file 0600; give it the mode a plain fopen would. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    w->fd = fd;
    w->path = copy;
    w->tmp = tmp;
    *out = w;
    return QY_OK;
}

int qy_file_writer_write(qy_file_writer *w, const void *data, size_t len, qy_error *err)
{
    return write_fully(w->fd, data, len) == 0 ? QY_OK : writer_error(w, errno, err);
}

int qy_file_writer_write_at(qy_file_writer *w, const void *data, size_t len, uint64_t offset,
                            qy_error *err)
{
    const char *p = data;
    while (len > 0) {
        ssize_t put = pwrite(w->fd, p, len, (off_t)offset);
        if (put < 0 && errno == EINTR) continue;
        if (put < 0) return writer_error(w, errno, err);
        p += put;
        len -= (size_t)put;
        offset += (uint64_t)put;
    }
    return QY_OK;
}

static void writer_free(qy_file_writer *w)
{
    qy_free(w->path);
    qy_free(w->tmp);
    qy_free(w);
}

int qy_file_writer_commit(qy_file_writer *w, qy_error *err)
{
    int e = w->failed;
    if (!e && fsync(w->fd) != 0) e = errno;
    if (close(w->fd) != 0 && !e) e = errno;
    if (!e && rename(w->tmp, w->path) != 0) e = errno;
    int rc = QY_OK;
    if (e) {
        unlink(w->tmp);
        rc = qy_error_set(err, QY_EIO, "cannot write %s: %s", w->path, strerror(e));
    }
    writer_free(w);
    return rc;
}

void qy_file_writer_abort(qy_file_writer *w)
{
    if (!w) return;
    close(w->fd);
    unlink(w->tmp);
    writer_free(w);
}

int qy_file_write_atomic(const char *path, const char *data, size_t len, qy_error *err)
{
    qy_file_writer *w;
    QY_RETURN_NOT_OK(qy_file_writer_open(path, &w, err));
    qy_file_writer_write(w, data, len, err);
    return qy_file_writer_commit(w, err);
}
