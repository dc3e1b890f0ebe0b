/* lchart.c — what qy.chart (lua/qy/chart.lua) needs from C: running gnuplot
 * without a shell, a private temporary directory, and creating directories.
 *
 *   qy._gnuplot(script)  -> true, stderr text (warnings); or an error carrying
 *                           gnuplot's stderr when it exits non-zero
 *   qy._mkdtemp(prefix)  -> the path of a new directory only we can enter
 *   qy._mkdir_p(path)    -> true; creates path and its parents (mode 0777 & ~umask)
 */
#include "lqy.h"

#include <errno.h>
#include <fcntl.h>
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

/* Feeds script to in and collects err until gnuplot closes its stderr,
 * whichever order gnuplot reads and writes them in (so neither pipe can fill
 * up and stall both sides). in is closed here. */
static void converse(int in, int err, const char *script, size_t len, captured *out)
{
    size_t sent = 0;
    if (len == 0) { close(in); in = -1; }
    for (;;) {
        struct pollfd fds[2] = {{err, POLLIN, 0}, {in, POLLOUT, 0}};
        if (poll(fds, in >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (in >= 0 && fds[1].revents) {
            ssize_t n = (fds[1].revents & POLLOUT) ? write(in, script + sent, len - sent) : -1;
            if (n > 0) sent += (size_t)n;
            if (n < 0 && errno != EINTR && errno != EAGAIN) sent = len;   /* gnuplot left */
            if (sent == len) { close(in); in = -1; }
        }
        if (fds[0].revents && !drain(err, out)) break;
    }
    if (in >= 0) close(in);
}

/* Writing to a pipe whose reader died raises SIGPIPE, which would kill the
 * whole program: block it while talking, and swallow one that arrived. */
static void converse_without_sigpipe(int in, int err, const char *script, size_t len, captured *out)
{
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    converse(in, err, script, len, out);
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) && !sigismember(&old, SIGPIPE)) {
        struct timespec zero = {0, 0};
        sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Starts gnuplot with stdin from in_r, stderr to err_w and stdout to
 * /dev/null. Returns 0 or an errno. */
static int spawn_gnuplot(pid_t *pid, int in_r, int in_w, int err_r, int err_w)
{
    posix_spawn_file_actions_t fa;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc) return rc;
    char *argv[] = {"gnuplot", NULL};
    if (!(rc = posix_spawn_file_actions_adddup2(&fa, in_r, 0))
        && !(rc = posix_spawn_file_actions_adddup2(&fa, err_w, 2))
        && !(rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0))
        && !(rc = posix_spawn_file_actions_addclose(&fa, in_w))
        && !(rc = posix_spawn_file_actions_addclose(&fa, err_r)))
        rc = posix_spawnp(pid, "gnuplot", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

static int wait_child(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return status;
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

/* qy._gnuplot(script) -> true, warnings. gnuplot reads script on stdin; no shell. */
static int l_gnuplot(lua_State *L)
{
    size_t len;
    const char *script = luaL_checklstring(L, 1, &len);
    captured *out = lua_newuserdatauv(L, sizeof *out, 0);
    out->len = 0;
    out->text[0] = '\0';
    int in[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0) return luaL_error(L, "gnuplot: pipe: %s", strerror(errno));
    if (pipe2(err, O_CLOEXEC) != 0) {
        int e = errno;
        close(in[0]);
        close(in[1]);
        return luaL_error(L, "gnuplot: pipe: %s", strerror(e));
    }
    pid_t pid;
    int rc = spawn_gnuplot(&pid, in[0], in[1], err[0], err[1]);
    close(in[0]);
    close(err[1]);
    if (rc != 0) {
        close(in[1]);
        close(err[0]);
        if (rc == ENOENT)
            return luaL_error(L, "gnuplot not found: install the package gnuplot-nox "
                                 "(apt-get install gnuplot-nox)");
        return luaL_error(L, "cannot start gnuplot: %s", strerror(rc));
    }
    converse_without_sigpipe(in[1], err[0], script, len, out);
    close(err[0]);
    int status = wait_child(pid);
    if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
        failure(L, status, out);
        return lua_error(L);
    }
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
