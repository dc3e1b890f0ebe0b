/* lchart.c — what qy.chart (lua/qy/chart.lua) needs from C: running gnuplot
 * without a shell, a private temporary directory, and creating directories.
 *
 *   qy._gnuplot(script [, out [, timeout]])
 *                        -> true, stderr text (warnings); or an error carrying
 *                           gnuplot's stderr when it exits non-zero. With out,
 *                           the script must `set output` to stdout: what
 *                           gnuplot writes there becomes the file out, all or
 *                           nothing (file.h), only when gnuplot succeeded.
 *                           (gnuplot itself exits 0 even when writing its
 *                           output file failed: a full disk would leave a
 *                           truncated image.) gnuplot runs in its own process
 *                           group; when it has not exited after timeout
 *                           seconds (default 60) the group is killed and the
 *                           call fails, leaving no file.
 *   qy._mkdtemp(prefix)  -> the path of a new directory only we can enter
 *   qy._mkdir_p(path)    -> true; creates path and its parents (mode 0777 & ~umask)
 */
#include "lqy.h"

#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define STDERR_KEEP 4096    /* how much of gnuplot's stderr an error message carries */
#define DEFAULT_TIMEOUT 60.0    /* seconds gnuplot may run */
#define LONGEST_TIMEOUT 1e9     /* seconds (31 years): longer is no limit */

/* Now on the monotonic clock, in seconds. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Milliseconds until deadline, rounded up, for poll: 0 once it passed. */
static int ms_until(double deadline)
{
    double left = deadline - now();
    if (left <= 0) return 0;
    return left >= INT_MAX / 1000.0 ? INT_MAX : (int)(left * 1000.0) + 1;
}

typedef struct {
    char text[STDERR_KEEP];
    size_t len;
} captured;

/* Reads what is ready on fd into out (keeping the first STDERR_KEEP bytes);
 * returns 0 at end of file. */
static int drain(int fd, captured *out)
{
    char buf[1024];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) return errno == EINTR || errno == EAGAIN;
    size_t room = sizeof out->text - 1 - out->len;
    size_t take = (size_t)n < room ? (size_t)n : room;
    memcpy(out->text + out->len, buf, take);
    out->len += take;
    out->text[out->len] = '\0';
    return n > 0;
}

/* Where gnuplot's stdout goes: the image file being written, if any. */
typedef struct {
    qy_file_writer *file;   /* NULL: no image (stdout is /dev/null) */
    int rc;                 /* the first failed write's code */
    qy_error err;
} image_sink;

/* Writes what is ready on fd to the image (after a failed write, only
 * drains it); returns 0 at end of file. */
static int take_image(int fd, image_sink *sink)
{
    char buf[16384];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) return errno == EINTR || errno == EAGAIN;
    if (n > 0 && sink->rc == QY_OK) sink->rc = qy_file_writer_write(sink->file, buf, (size_t)n, &sink->err);
    return n > 0;
}

/* The pipes to gnuplot, our ends; -1 when not used or closed. */
typedef struct {
    int in, err, image;
} gnuplot_pipes;

/* Feeds script to in and collects err and image until gnuplot closes both,
 * whichever order gnuplot reads and writes them in (so no pipe can fill up
 * and stall both sides), or until deadline. in (non-blocking, so a gnuplot
 * that stops reading cannot hold us past the deadline) is closed here.
 * Returns 0 when the deadline passed first. */
static int converse(gnuplot_pipes p, const char *script, size_t len, captured *out,
                    image_sink *sink, double deadline)
{
    size_t sent = 0;
    if (len == 0) { close(p.in); p.in = -1; }
    struct pollfd fds[3] = {{p.err, POLLIN, 0}, {p.image, POLLIN, 0}, {p.in, POLLOUT, 0}};
    int in_time = 1;
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {     /* poll skips negative fds */
        int ready = poll(fds, 3, ms_until(deadline));
        if (ready < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (ready == 0 && now() >= deadline) { in_time = 0; break; }
        if (fds[2].fd >= 0 && fds[2].revents) {
            ssize_t n = (fds[2].revents & POLLOUT) ? write(p.in, script + sent, len - sent) : -1;
            if (n > 0) sent += (size_t)n;
            if (n < 0 && errno != EINTR && errno != EAGAIN) sent = len;   /* gnuplot left */
            if (sent == len) { close(p.in); fds[2].fd = -1; }
        }
        if (fds[0].fd >= 0 && fds[0].revents && !drain(p.err, out)) fds[0].fd = -1;
        if (fds[1].fd >= 0 && fds[1].revents && !take_image(p.image, sink)) fds[1].fd = -1;
    }
    if (fds[2].fd >= 0) close(p.in);
    return in_time;
}

/* Writing to a pipe whose reader died raises SIGPIPE, which would kill the
 * whole program: block it while talking, and swallow one that arrived. */
static int converse_without_sigpipe(gnuplot_pipes p, const char *script, size_t len,
                                    captured *out, image_sink *sink, double deadline)
{
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    int in_time = converse(p, script, len, out, sink, deadline);
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) && !sigismember(&old, SIGPIPE)) {
        struct timespec zero = {0, 0};
        sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return in_time;
}

/* Starts gnuplot with stdin from in, stderr to err and stdout to image, or
 * to /dev/null when image[1] is -1 (each pipe: read end, write end), as the
 * leader of a new process group, so that what it starts can be killed with
 * it. The other ends are close-on-exec. Returns 0 or an errno. */
static int spawn_gnuplot(pid_t *pid, const int in[2], const int err[2], const int image[2])
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc) return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc) {
        posix_spawn_file_actions_destroy(&fa);
        return rc;
    }
    char *argv[] = {"gnuplot", NULL};
    rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    if (!rc) rc = posix_spawnattr_setpgroup(&attr, 0);
    if (!rc) rc = posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    if (!rc) rc = posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    if (!rc) rc = image[1] >= 0 ? posix_spawn_file_actions_adddup2(&fa, image[1], 1)
                                : posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if (!rc) rc = posix_spawnp(pid, "gnuplot", &fa, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

static void close_fd(int fd)
{
    if (fd >= 0) close(fd);
}

/* Makes n close-on-exec pipes; on failure closes those made, returns errno. */
static int make_pipes(int (*pipes)[2], int n)
{
    for (int i = 0; i < n; i++) {
        if (pipe2(pipes[i], O_CLOEXEC) != 0) {
            int e = errno;
            while (i-- > 0) {
                close(pipes[i][0]);
                close(pipes[i][1]);
            }
            return e;
        }
    }
    return 0;
}

/* Starts gnuplot on new pipes (in, err and, when image is set, image);
 * fills p with our ends. Returns 0 or an errno, with every pipe closed. */
static int start_gnuplot(pid_t *pid, int image, gnuplot_pipes *p)
{
    int pipes[3][2] = {{-1, -1}, {-1, -1}, {-1, -1}};           /* in, err, image */
    int rc = make_pipes(pipes, image ? 3 : 2);
    if (rc) return rc;
    rc = spawn_gnuplot(pid, pipes[0], pipes[1], pipes[2]);
    close(pipes[0][0]);
    close(pipes[1][1]);
    close_fd(pipes[2][1]);
    *p = (gnuplot_pipes){pipes[0][1], pipes[1][0], pipes[2][0]};
    if (rc) {
        close(p->in);
        close(p->err);
        close_fd(p->image);
    } else {
        fcntl(p->in, F_SETFL, fcntl(p->in, F_GETFL) | O_NONBLOCK);
    }
    return rc;
}

static int wait_child(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return status;
}

/* gnuplot's exit status once it exits before deadline (after closing its
 * pipes it normally exits at once: checked every few milliseconds); else
 * kills its process group and returns TIMED_OUT. */
#define TIMED_OUT (-2)
static int wait_until(pid_t pid, double deadline, int in_time)
{
    struct timespec pause = {0, 1000000};                      /* 1 ms, growing to 16 */
    while (in_time) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) return status;
        if (r < 0 && errno != EINTR) return -1;
        if (now() >= deadline) break;
        nanosleep(&pause, NULL);
        if (pause.tv_nsec < 16000000) pause.tv_nsec *= 2;
    }
    kill(-pid, SIGKILL);
    wait_child(pid);
    return TIMED_OUT;
}

/* The message of a failed run, without trailing newlines. [-0, +1, m] */
static const char *failure(lua_State *L, int status, captured *out)
{
    while (out->len && (out->text[out->len - 1] == '\n' || out->text[out->len - 1] == '\r'))
        out->text[--out->len] = '\0';
    const char *text = out->text;
    while (*text == ' ' || *text == '\n') text++;               /* gnuplot indents its messages */
    if (status >= 0 && WIFSIGNALED(status))
        return lua_pushfstring(L, "gnuplot was killed by signal %d%s%s", WTERMSIG(status),
                               *text ? ": " : "", text);
    if (*text) return lua_pushfstring(L, "gnuplot failed: %s", text);
    return lua_pushfstring(L, "gnuplot failed (exit status %d)",
                           status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* qy._gnuplot(script [, out [, timeout]]) -> true, warnings. gnuplot reads
 * script on stdin; no shell. With out, its stdout is written to out
 * (file.h). */
static int l_gnuplot(lua_State *L)
{
    size_t len;
    const char *script = luaL_checklstring(L, 1, &len);
    const char *path = luaL_optstring(L, 2, NULL);
    lua_Number timeout = luaL_optnumber(L, 3, DEFAULT_TIMEOUT);
    luaL_argcheck(L, timeout > 0, 3, "timeout must be a number of seconds above zero");
    captured *out = lua_newuserdatauv(L, sizeof *out, 0);
    out->len = 0;
    out->text[0] = '\0';
    image_sink sink = {NULL, QY_OK, {0}};
    /* From here until the file is committed or aborted, nothing may raise. */
    if (path && qy_file_writer_open(path, &sink.file, &sink.err) != QY_OK)
        return lqy_raise(L, &sink.err);
    pid_t pid;
    gnuplot_pipes p;
    int rc = start_gnuplot(&pid, path != NULL, &p);
    if (rc != 0) {
        qy_file_writer_abort(sink.file);
        if (rc == ENOENT)
            return luaL_error(L, "gnuplot not found: install the package gnuplot-nox "
                                 "(apt-get install gnuplot-nox)");
        return luaL_error(L, "cannot start gnuplot: %s", strerror(rc));
    }
    double deadline = now() + (timeout < LONGEST_TIMEOUT ? timeout : LONGEST_TIMEOUT);
    int in_time = converse_without_sigpipe(p, script, len, out, &sink, deadline);
    close(p.err);
    close_fd(p.image);
    int status = wait_until(pid, deadline, in_time);
    int ok = status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (sink.file && ok && sink.rc == QY_OK) sink.rc = qy_file_writer_commit(sink.file, &sink.err);
    else qy_file_writer_abort(sink.file);
    if (status == TIMED_OUT)
        return luaL_error(L, "gnuplot did not finish within %f seconds (option 'timeout'), "
                             "so it was stopped", timeout);
    if (!ok) {
        failure(L, status, out);
        return lua_error(L);
    }
    if (sink.rc != QY_OK) return lqy_raise(L, &sink.err);
    lua_pushboolean(L, 1);
    lua_pushlstring(L, out->text, out->len);                 /* warnings, print output */
    return 2;
}

/* qy._mkdtemp(prefix) -> path of a new directory prefix..XXXXXX (mode 0700). */
static int l_mkdtemp(lua_State *L)
{
    size_t len;
    const char *prefix = luaL_checklstring(L, 1, &len);
    char *path = lua_newuserdatauv(L, len + 7, 0);             /* C memory Lua collects */
    memcpy(path, prefix, len);
    memcpy(path + len, "XXXXXX", 7);
    if (!mkdtemp(path)) return luaL_error(L, "cannot make a temporary directory %sXXXXXX: %s",
                                          prefix, strerror(errno));
    lua_pushstring(L, path);
    return 1;
}

/* qy._mkdir_p(path) -> true, creating each missing directory of path. */
static int l_mkdir_p(lua_State *L)
{
    size_t len;
    const char *given = luaL_checklstring(L, 1, &len);
    char *path = lua_newuserdatauv(L, len + 1, 0);
    memcpy(path, given, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (path[i] != '/' && path[i] != '\0') continue;
        char keep = path[i];
        path[i] = '\0';
        struct stat st;
        if (mkdir(path, 0777) != 0 && !(errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
            return luaL_error(L, "cannot create directory %s: %s", path, strerror(errno));
        path[i] = keep;
    }
    lua_pushboolean(L, 1);
    return 1;
}

const luaL_Reg lqy_chart_functions[] = {
    {"_gnuplot", l_gnuplot},
    {"_mkdtemp", l_mkdtemp},
    {"_mkdir_p", l_mkdir_p},
    {NULL, NULL}
};
