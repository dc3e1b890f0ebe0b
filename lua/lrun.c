/* lrun.c — running a program without a shell, for the renderers that call
 * pandoc and LibreOffice (lua/qy/report_docx.lua); private.
 *
 *   qy._run(argv [, {timeout = seconds, env = {NAME = value, ...}}])
 *        -> ok, status, stderr
 *        runs argv[1] (looked up on PATH as execvp does) with the arguments argv[2..] and
 *        our environment, with env's variables added or replaced (a
 *        variable set to false is removed),
 *        stdin and stdout on /dev/null, its stderr captured (the first
 *        8 KiB). ok is true when it exited with status 0. status is the
 *        exit status (a number), or one of the strings
 *          "not found"   argv[1] is not on PATH (or not executable)
 *          "timed out"   it had not exited after timeout seconds (default
 *                        60): its process group was killed
 *          "signal N"    it was killed by signal N
 *        The program leads a new process group, so what it starts (soffice
 *        starts soffice.bin) is killed with it on a timeout.
 *   qy._rm_rf(dir) -> true
 *        removes dir and everything under it (the scratch directories the
 *        programs work in: LibreOffice fills its profile with a tree),
 *        never following a symbolic link nor leaving dir's file system;
 *        an error names what could not be removed.
 *        (qy._gnuplot in lchart.c is a different conversation — a script on
 *        stdin, an image on stdout — and keeps its own runner.)
 */
#include "lqy.h"

#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define STDERR_KEEP 8192
#define DEFAULT_TIMEOUT 60.0
#define LONGEST_TIMEOUT 1e9     /* seconds (31 years): longer is no limit */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

/* Reads stderr until the program closes it or deadline passes (returns 0);
 * keeps the first STDERR_KEEP - 1 bytes, drains the rest. */
static int collect(int fd, captured *out, double deadline)
{
    struct pollfd p = {fd, POLLIN, 0};
    for (;;) {
        int ready = poll(&p, 1, ms_until(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return 1;
        if (ready == 0) return now() < deadline;
        char buf[4096];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) return 1;
        size_t room = sizeof out->text - 1 - out->len;
        size_t take = (size_t)n < room ? (size_t)n : room;
        memcpy(out->text + out->len, buf, take);
        out->len += take;
    }
}

/* The file argv0 names, as execvp would find it: itself when it holds a
 * slash, else the first executable regular file of that name in a PATH
 * directory (an empty entry is the current directory). Pushes the path, or
 * returns NULL having pushed nothing. Looked up here rather than left to
 * posix_spawnp, which may report a missing program as exit status 127
 * (it does under valgrind) instead of ENOENT. [-0, +(0|1), m] */
static const char *find_program(lua_State *L, const char *argv0)
{
    struct stat st;
    if (strchr(argv0, '/'))
        return stat(argv0, &st) == 0 && S_ISREG(st.st_mode) && access(argv0, X_OK) == 0
            ? lua_pushstring(L, argv0) : NULL;
    const char *path = getenv("PATH");
    if (!path) path = "/bin:/usr/bin";
    for (const char *dir = path;; ) {
        const char *end = strchr(dir, ':');
        size_t len = end ? (size_t)(end - dir) : strlen(dir);
        lua_pushlstring(L, len ? dir : ".", len ? len : 1);          /* ..., dir */
        const char *file = lua_pushfstring(L, "%s/%s", lua_tostring(L, -1), argv0);  /* ..., dir, file */
        lua_remove(L, -2);                                           /* ..., file */
        if (stat(file, &st) == 0 && S_ISREG(st.st_mode) && access(file, X_OK) == 0) return file;
        lua_pop(L, 1);
        if (!end) return NULL;
        dir = end + 1;
    }
}

/* Starts argv with stderr on err_w, stdin and stdout on /dev/null, leading a
 * new process group. Returns 0 or an errno (ENOENT: not found). */
static int spawn(pid_t *pid, const char *file, char *const argv[], char *const envp[], int err_w)
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
    rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    if (!rc) rc = posix_spawnattr_setpgroup(&attr, 0);
    if (!rc) rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (!rc) rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if (!rc) rc = posix_spawn_file_actions_adddup2(&fa, err_w, 2);
    if (!rc) rc = posix_spawn(pid, file, &fa, &attr, argv, envp);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

#define TIMED_OUT (-2)

/* The exit status once the program exits before deadline; else kills its
 * process group and returns TIMED_OUT. */
static int wait_until(pid_t pid, double deadline, int in_time)
{
    struct timespec pause = {0, 1000000};                       /* 1 ms, growing to 16 */
    int status;
    while (in_time) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) return status;
        if (r < 0 && errno != EINTR) return -1;
        if (now() >= deadline) break;
        nanosleep(&pause, NULL);
        if (pause.tv_nsec < 16000000) pause.tv_nsec *= 2;
    }
    kill(-pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return TIMED_OUT;
}

/* argv at idx as a NULL-terminated C array of its strings, in a userdata
 * pushed on the stack (the strings are kept by the table). [-0, +1, v] */
static char **check_argv(lua_State *L, int idx)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_Integer n = luaL_len(L, idx);
    luaL_argcheck(L, n >= 1 && n < INT_MAX / 8, idx, "argv must list the program and its arguments");
    char **argv = lqy_newarray(L, (size_t)(n + 1) * sizeof *argv);   /* array */
    int arr = lua_gettop(L);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, idx, i) != LUA_TSTRING)                       /* array, arg */
            luaL_argerror(L, idx, lua_pushfstring(L, "argv[%I] is not a string", i));
        argv[i - 1] = (char *)lqy_keepstring(L, arr, NULL);           /* array */
    }
    argv[n] = NULL;
    return argv;
}

/* Our environment with the variables of the table at idx (NAME = value)
 * added or replacing ours, as a NULL-terminated array in a userdata pushed
 * on the stack; its strings are kept by the array. [-0, +1, v] */
static char **check_env(lua_State *L, int idx)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    size_t ours = 0, theirs = 0;
    while (environ[ours]) ours++;
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) theirs++;
    char **envp = lqy_newarray(L, (ours + theirs + 1) * sizeof *envp);   /* array */
    int arr = lua_gettop(L);
    size_t n = 0;
    for (size_t i = 0; i < ours; i++) {
        const char *eq = strchr(environ[i], '=');
        if (!eq) continue;
        lua_pushlstring(L, environ[i], (size_t)(eq - environ[i]));      /* array, name */
        int replaced = lua_rawget(L, idx) != LUA_TNIL;                  /* array, value */
        lua_pop(L, 1);
        if (!replaced) envp[n++] = environ[i];
    }
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) {           /* array, name, value */
        int removed = lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
        if (lua_type(L, -2) != LUA_TSTRING || (lua_type(L, -1) != LUA_TSTRING && !removed))
            luaL_argerror(L, 2, "env must map names to strings (or false)");
        const char *name = lua_tostring(L, -2);
        luaL_argcheck(L, *name && !strchr(name, '='), 2, "env names must be non-empty, without '='");
        if (removed) continue;
        lua_pushfstring(L, "%s=%s", name, lua_tostring(L, -1));         /* array, name, value, entry */
        envp[n++] = (char *)lqy_keepstring(L, arr, NULL);               /* array, name, value */
    }
    envp[n] = NULL;
    return envp;
}

/* Pushes ok, status, stderr. [-0, +3, m] */
static int results(lua_State *L, int status, const captured *out)
{
    lua_pushboolean(L, status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (status == TIMED_OUT) lua_pushliteral(L, "timed out");
    else if (status >= 0 && WIFSIGNALED(status)) lua_pushfstring(L, "signal %d", WTERMSIG(status));
    else lua_pushinteger(L, status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    lua_pushlstring(L, out->text, out->len);
    return 3;
}

static int l_run(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);                                            /* argv, opts */
    char **argv = check_argv(L, 1);                              /* argv, opts, array */
    lua_Number timeout = DEFAULT_TIMEOUT;
    char **envp = environ;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_getfield(L, 2, "timeout");                           /* ..., array, timeout */
        if (!lua_isnil(L, -1)) {
            luaL_argcheck(L, lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) > 0, 2,
                          "timeout must be a number of seconds above zero");
            timeout = lua_tonumber(L, -1);
        }
        lua_pop(L, 1);
        if (lua_getfield(L, 2, "env") != LUA_TNIL) {             /* ..., array, env */
            envp = check_env(L, lua_gettop(L));                  /* ..., array, env, envp */
        }
    }
    const char *file = find_program(L, argv[0]);                 /* ..., file */
    if (!file) {
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "not found");
        lua_pushliteral(L, "");
        return 3;
    }
    captured *out = lua_newuserdatauv(L, sizeof *out, 0);        /* ..., file, out */
    out->len = 0;
    /* From here on nothing raises until the child is reaped and the pipe closed. */
    int err[2];
    if (pipe2(err, O_CLOEXEC) != 0)
        return luaL_error(L, "cannot start %s: %s", argv[0], strerror(errno));
    pid_t pid;
    int rc = spawn(&pid, file, argv, envp, err[1]);
    close(err[1]);
    if (rc) {
        close(err[0]);
        lua_pushboolean(L, 0);
        if (rc == ENOENT || rc == EACCES) lua_pushliteral(L, "not found");
        else return luaL_error(L, "cannot start %s: %s", argv[0], strerror(rc));
        lua_pushliteral(L, "");
        return 3;
    }
    double deadline = now() + (timeout < LONGEST_TIMEOUT ? timeout : LONGEST_TIMEOUT);
    int in_time = collect(err[0], out, deadline);
    close(err[0]);
    int status = wait_until(pid, deadline, in_time);
    return results(L, status, out);
}

/* The first failure of a removal, for rm_rf's message. */
static int rm_errno;
static char rm_failed[512];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    if (remove(path) != 0 && errno != ENOENT && !rm_errno) {
        rm_errno = errno;
        snprintf(rm_failed, sizeof rm_failed, "%s", path);
    }
    return 0;                                       /* go on: remove what can be */
}

/* qy._rm_rf(dir): depth first, so each directory is empty when removed.
 * (nftw keeps its state in statics: the Lua state is single-threaded.) */
static int l_rm_rf(lua_State *L)
{
    const char *dir = luaL_checkstring(L, 1);
    rm_errno = 0;
    if (nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) != 0 && errno != ENOENT && !rm_errno) {
        rm_errno = errno;
        snprintf(rm_failed, sizeof rm_failed, "%s", dir);
    }
    if (rm_errno) return luaL_error(L, "cannot remove %s: %s", rm_failed, strerror(rm_errno));
    lua_pushboolean(L, 1);
    return 1;
}

const luaL_Reg lqy_run_functions[] = {
    {"_run", l_run},
    {"_rm_rf", l_rm_rf},
    {NULL, NULL}
};
