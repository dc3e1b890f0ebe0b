/* qylua.c — the stand-alone interpreter: Lua 5.4's `lua` with the qy module built in.
 *
 * It behaves like Debian's lua5.4 (options, `arg`, LUA_INIT, the REPL with
 * readline, errors with a traceback, Ctrl-C), with three additions: the `qy`
 * module is preloaded and already in the global `qy`; Lua-side modules are
 * found in lua/ next to the executable; error messages start with "qylua:".
 *
 * Shape, as in lua.c: main() only creates the state and runs pmain() under
 * lua_pcall, so option handling, library loading and the script itself all
 * run protected; every chunk runs through run_protected(), whose message
 * handler appends a traceback, and SIGINT only sets a hook.
 */
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lqy.h"

#define PROGNAME "qylua"
#define PROMPT "> "
#define PROMPT2 ">> "
#define INIT_VAR "LUA_INIT"
#define INIT_VAR_VERSIONED INIT_VAR "_" LUA_VERSION_MAJOR "_" LUA_VERSION_MINOR
#define EOF_MARK "<eof>"  /* ends the syntax error of an unfinished chunk */

/* The state a SIGINT should interrupt (a signal handler gets no arguments). */
static lua_State *running_state = NULL;

/* The "qylua: " prefix of error messages; NULL inside the REPL, where it
 * would only be noise. */
static const char *progname = PROGNAME;

static void set_sigint(void (*handler)(int)) {
    struct sigaction sa;
    sa.sa_handler = handler;
    sa.sa_flags = 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

/* The hook SIGINT installs: raises the error at the next safe point. */
static void interrupt_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    lua_sethook(L, NULL, 0, 0);
    luaL_error(L, "interrupted!");
}

/* A signal handler may not touch the Lua state beyond lua_sethook, which is
 * safe to call asynchronously. A second Ctrl-C before the hook runs (say,
 * inside a long C call) kills the process the default way. */
static void on_sigint(int sig) {
    int mask = LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT;
    (void)sig;
    set_sigint(SIG_DFL);
    lua_sethook(running_state, interrupt_hook, mask, 1);
}

static void print_usage(const char *badoption) {
    fprintf(stderr, "%s: ", PROGNAME);
    if (badoption[1] == 'e' || badoption[1] == 'l')
        fprintf(stderr, "'%s' needs argument\n", badoption);
    else
        fprintf(stderr, "unrecognized option '%s'\n", badoption);
    fprintf(stderr,
            "usage: %s [options] [script [args]]\n"
            "Available options are:\n"
            "  -e stat   execute string 'stat'\n"
            "  -i        enter interactive mode after executing 'script'\n"
            "  -l mod    require library 'mod' into global 'mod'\n"
            "  -l g=mod  require library 'mod' into global 'g'\n"
            "  -v        show version information\n"
            "  -E        ignore environment variables\n"
            "  -W        turn warnings on\n"
            "  --cache   cache qy.read_csv and qy.read_excel in .qycache/ (sets QY_CACHE=1)\n"
            "  --        stop handling options\n"
            "  -         stop handling options and execute stdin\n",
            PROGNAME);
    fflush(stderr);
}

static void print_version(void) {
    printf("%s %s (qy %s) \xe2\x80\x94 %s\n", PROGNAME, QY_VERSION, QY_VERSION, LUA_RELEASE);
    fflush(stdout);
}

/* Writes msg on stderr, after "qylua: " unless in the REPL. */
static void print_message(const char *msg) {
    if (progname != NULL)
        fprintf(stderr, "%s: ", progname);
    fprintf(stderr, "%s\n", msg);
    fflush(stderr);
}

/* If status is an error, prints and pops the message on top of the stack.
 * Returns status. [-(0|1), +0, -] */
static int report(lua_State *L, int status) {
    if (status != LUA_OK) {
        int top = lua_gettop(L);
        const char *msg = lua_tostring(L, -1);
        if (msg == NULL)  /* only errors raised outside run_protected */
            msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, -1));
        print_message(msg);
        lua_settop(L, top - 1);
    }
    return status;
}

/* Message handler of every chunk: turns the error object into a string and
 * appends a traceback. An object with a __tostring that gives a string is
 * shown as that string alone (it chose its own words). [-0, +1, m] */
static int message_handler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1;  /* the object's own string */
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);  /* msg+traceback */
    return 1;
}

/* Calls the function below its narg arguments with the traceback handler,
 * and with Ctrl-C turned into an "interrupted!" error while it runs.
 * Leaves nres results, or the error message. [-(narg+1), +(nres|1), -] */
static int run_protected(lua_State *L, int narg, int nres) {
    int base = lua_gettop(L) - narg;  /* index of the function */
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);  /* handler, f, args */
    running_state = L;
    set_sigint(on_sigint);
    int status = lua_pcall(L, narg, nres, base);  /* handler, results|msg */
    set_sigint(SIG_DFL);
    lua_remove(L, base);  /* results|msg */
    return status;
}

/* Runs a chunk just loaded (or reports why it did not load). [-1, +0, -] */
static int run_chunk(lua_State *L, int status) {
    if (status == LUA_OK)
        status = run_protected(L, 0, 0);
    return report(L, status);
}

static int run_file(lua_State *L, const char *name) {
    return run_chunk(L, luaL_loadfile(L, name));
}

static int run_string(lua_State *L, const char *s, const char *chunkname) {
    return run_chunk(L, luaL_loadbuffer(L, s, strlen(s), chunkname));
}

/* Runs `g = require(mod)` for an option argument "g=mod", or
 * `mod = require(mod)` for a plain "mod". [-0, +0, -] */
static int require_into_global(lua_State *L, const char *spec) {
    const char *eq = strchr(spec, '=');
    const char *modname = eq ? eq + 1 : spec;
    lua_getglobal(L, "require");  /* require */
    lua_pushstring(L, modname);  /* require, modname */
    int status = run_protected(L, 1, 1);  /* module|msg */
    if (status == LUA_OK) {
        if (eq)
            lua_pushlstring(L, spec, (size_t)(eq - spec));  /* module, g */
        else
            lua_pushstring(L, spec);  /* module, g */
        lua_insert(L, -2);  /* g, module */
        lua_setglobal(L, lua_tostring(L, -2));  /* g */
        lua_pop(L, 1);
    }
    return report(L, status);
}

/* Builds the global `arg`: the script name at 0, its arguments at 1..n, the
 * interpreter and its options at negative indices. Without a script, the
 * interpreter name is at 0. [-0, +0, m] */
static void create_arg_table(lua_State *L, char **argv, int argc, int script) {
    lua_createtable(L, argc - (script + 1), script + 1);  /* arg */
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);  /* arg, argv[i] */
        lua_rawseti(L, -2, i - script);  /* arg */
    }
    lua_setglobal(L, "arg");
}

/* Pushes arg[1..#arg], the values of the main chunk's `...`. [-0, +n, e] */
static int push_script_args(lua_State *L) {
    if (lua_getglobal(L, "arg") != LUA_TTABLE)  /* arg */
        luaL_error(L, "'arg' is not a table");
    int n = (int)luaL_len(L, -1);
    luaL_checkstack(L, n + 3, "too many arguments to script");
    for (int i = 1; i <= n; i++)
        lua_rawgeti(L, -i, i);  /* arg, arg[1], ..., arg[i] */
    lua_remove(L, -n - 1);  /* arg[1], ..., arg[n] */
    return n;
}

/* Runs the script argv[0]: a file, or stdin for "-" (unless "--" came
 * first, which makes "-" a file name). [-0, +0, -] */
static int run_script(lua_State *L, char **argv) {
    const char *fname = argv[0];
    if (strcmp(fname, "-") == 0 && strcmp(argv[-1], "--") != 0)
        fname = NULL;  /* stdin */
    int status = luaL_loadfile(L, fname);  /* main|msg */
    if (status == LUA_OK) {
        int n = push_script_args(L);  /* main, args */
        status = run_protected(L, n, LUA_MULTRET);
    }
    return report(L, status);
}

/* Runs LUA_INIT_5_4, or else LUA_INIT: "@file" runs a file, anything else
 * is a chunk of Lua. [-0, +0, -] */
static int run_lua_init(lua_State *L) {
    const char *name = "=" INIT_VAR_VERSIONED;
    const char *init = getenv(name + 1);
    if (init == NULL) {
        name = "=" INIT_VAR;
        init = getenv(name + 1);
    }
    if (init == NULL)
        return LUA_OK;
    if (init[0] == '@')
        return run_file(L, init + 1);
    return run_string(L, init, name);
}

/* Prepends "<dir>/lua/?.lua;<dir>/lua/?/init.lua;" to package.path, <dir>
 * being where the executable is, so `require "qy.chart"` finds the Lua half
 * of the module wherever the tree was built. Does nothing when
 * /proc/self/exe cannot be read. [-0, +0, m] */
static void add_module_path(lua_State *L) {
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe);
    if (n <= 0 || (size_t)n >= sizeof exe)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL)
        return;
    *slash = '\0';  /* exe is now the directory ("" for the root) */
    lua_getglobal(L, "package");  /* package */
    lua_getfield(L, -1, "path");  /* package, path */
    lua_pushfstring(L, "%s/lua/?.lua;%s/lua/?/init.lua;%s", exe, exe,
                    lua_tostring(L, -1));  /* package, path, newpath */
    lua_setfield(L, -3, "path");  /* package, path */
    lua_pop(L, 2);
}

/* Registers luaopen_qy in package.preload and requires it into the global
 * `qy`, the way a script would. [-0, +0, -] */
static int open_qy(lua_State *L) {
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);  /* preload */
    lua_pushcfunction(L, luaopen_qy);  /* preload, luaopen_qy */
    lua_setfield(L, -2, "qy");  /* preload */
    lua_pop(L, 1);
    return require_into_global(L, "qy");
}

/* ---- the REPL ---------------------------------------------------------- */

/* Pushes the prompt: tostring(_PROMPT or _PROMPT2), or the default. The
 * string stays on the stack to keep it alive. [-0, +1, e] */
static const char *push_prompt(lua_State *L, int firstline) {
    if (lua_getglobal(L, firstline ? "_PROMPT" : "_PROMPT2") == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushstring(L, firstline ? PROMPT : PROMPT2);  /* prompt */
        return lua_tostring(L, -1);
    }
    const char *p = luaL_tolstring(L, -1, NULL);  /* value, prompt */
    lua_remove(L, -2);  /* prompt */
    return p;
}

/* Reads one line with readline and pushes it; returns 0 at end of input.
 * A first line "=expr" means "return expr", as in Lua 5.2. [-0, +(0|1), e] */
static int read_line(lua_State *L, int firstline) {
    char *line = readline(push_prompt(L, firstline));  /* prompt */
    lua_pop(L, 1);
    if (line == NULL)
        return 0;
    if (firstline && line[0] == '=')
        lua_pushfstring(L, "return %s", line + 1);  /* line */
    else
        lua_pushstring(L, line);  /* line */
    free(line);  /* readline's buffer comes from malloc */
    return 1;
}

static void save_history(const char *line) {
    if (line[0] != '\0')
        add_history(line);
}

/* Whether status and the message on top mean "the chunk is unfinished":
 * a syntax error found at the end of the text. [-0, +0, -] */
static int is_unfinished(lua_State *L, int status) {
    if (status != LUA_ERRSYNTAX)
        return 0;
    size_t len;
    const char *msg = lua_tolstring(L, -1, &len);
    size_t marklen = sizeof EOF_MARK - 1;
    return len >= marklen && strcmp(msg + len - marklen, EOF_MARK) == 0;
}

/* Tries to compile the line on top as "return <line>;", so that an
 * expression prints its values. On success replaces the line by the
 * function; on failure leaves the line. [-1, +1, m] */
static int load_as_expression(lua_State *L) {
    const char *line = lua_tostring(L, -1);
    const char *ret = lua_pushfstring(L, "return %s;", line);  /* line, ret */
    int status = luaL_loadbuffer(L, ret, strlen(ret), "=stdin");  /* line, ret, f|msg */
    if (status == LUA_OK) {
        lua_remove(L, -2);  /* line, f */
        save_history(line);
        lua_remove(L, -2);  /* f */
    } else {
        lua_pop(L, 2);  /* line */
    }
    return status;
}

/* Compiles the line on top as a statement, reading continuation lines while
 * the chunk is unfinished. Replaces the line by the function or the error
 * message (at end of input that is the "<eof>" error). [-1, +1, m] */
static int load_as_statement(lua_State *L) {
    for (;;) {
        size_t len;
        const char *chunk = lua_tolstring(L, -1, &len);
        int status = luaL_loadbuffer(L, chunk, len, "=stdin");  /* chunk, f|msg */
        if (!is_unfinished(L, status) || !read_line(L, 0)) {
            save_history(chunk);
            lua_remove(L, -2);  /* f|msg */
            return status;
        }
        lua_remove(L, -2);  /* chunk, more */
        lua_pushliteral(L, "\n");  /* chunk, more, "\n" */
        lua_insert(L, -2);  /* chunk, "\n", more */
        lua_concat(L, 3);  /* chunk.."\n"..more */
    }
}

/* Reads and compiles one input: as an expression if it is one, else as a
 * statement. Leaves the function or the error message on an empty stack;
 * returns -1 at end of input. */
static int load_input(lua_State *L) {
    lua_settop(L, 0);
    if (!read_line(L, 1))  /* line */
        return -1;
    int status = load_as_expression(L);  /* f | line */
    if (status != LUA_OK)
        status = load_as_statement(L);  /* f|msg */
    return status;
}

/* Prints the values on the stack with the global print (so tostring, so a
 * qy table shows as a formatted table). [-n, +0, -] */
static void print_results(lua_State *L) {
    int n = lua_gettop(L);
    if (n == 0)
        return;
    luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
    lua_getglobal(L, "print");  /* values, print */
    lua_insert(L, 1);  /* print, values */
    if (lua_pcall(L, n, 0, 0) != LUA_OK)  /* msg */
        print_message(lua_pushfstring(L, "error calling 'print' (%s)", lua_tostring(L, -1)));
    lua_settop(L, 0);
}

/* Read, evaluate, print, until end of input. An error (or Ctrl-C while a
 * line runs) ends that line, not the loop. */
static void run_repl(lua_State *L) {
    const char *saved = progname;
    progname = NULL;
    rl_readline_name = PROGNAME;
    int status;
    while ((status = load_input(L)) != -1) {
        if (status == LUA_OK)
            status = run_protected(L, 0, LUA_MULTRET);
        if (status == LUA_OK)
            print_results(L);
        else
            report(L, status);
    }
    lua_settop(L, 0);
    fputs("\n", stdout);
    fflush(stdout);
    progname = saved;
}

/* ---- options and main -------------------------------------------------- */

enum {
    OPT_ERROR = 1,  /* a bad option: usage and exit */
    OPT_I = 2,      /* -i */
    OPT_V = 4,      /* -v (also set by -i) */
    OPT_E = 8,      /* -e */
    OPT_NOENV = 16, /* -E */
    OPT_CACHE = 32  /* --cache */
};

/* An option that is a single letter: "-x" and nothing more. */
static int is_bare(const char *opt) { return opt[2] == '\0'; }

/* Scans the options before anything runs. Returns a mask of OPT_*. Sets
 * *script to the index of the script name, 0 when there is none, -1 when
 * there is not even argv[0]; on OPT_ERROR, to the bad option. */
static int scan_options(char **argv, int *script) {
    int opts = 0;
    if (argv[0] == NULL) {
        *script = -1;
        return 0;
    }
    int i;
    for (i = 1; argv[i] != NULL; i++) {
        *script = i;
        if (argv[i][0] != '-')
            return opts;  /* the script name */
        switch (argv[i][1]) {
        case '-':  /* "--" ends the options */
            if (strcmp(argv[i], "--cache") == 0) {
                opts |= OPT_CACHE;
                break;
            }
            if (!is_bare(argv[i]))
                return OPT_ERROR;
            *script = argv[i + 1] ? i + 1 : 0;
            return opts;
        case '\0':  /* "-" is stdin as the script */
            return opts;
        case 'E':
            if (!is_bare(argv[i]))
                return OPT_ERROR;
            opts |= OPT_NOENV;
            break;
        case 'W':
            if (!is_bare(argv[i]))
                return OPT_ERROR;
            break;
        case 'i':
            opts |= OPT_I;  /* which implies -v */
            /* fall through */
        case 'v':
            if (!is_bare(argv[i]))
                return OPT_ERROR;
            opts |= OPT_V;
            break;
        case 'e':
            opts |= OPT_E;  /* which, like -l, takes an argument */
            /* fall through */
        case 'l':
            if (is_bare(argv[i])) {  /* argument in the next word */
                i++;
                if (argv[i] == NULL || argv[i][0] == '-')
                    return OPT_ERROR;
            }
            break;
        default:
            return OPT_ERROR;
        }
    }
    *script = 0;
    return opts;
}

/* Runs -e, -l and -W in command-line order, up to argv[limit]. Returns 0
 * when some code raised an error. */
static int run_options(lua_State *L, char **argv, int limit) {
    for (int i = 1; i < limit; i++) {
        char option = argv[i][1];
        if (option == 'e' || option == 'l') {
            const char *value = is_bare(argv[i]) ? argv[++i] : argv[i] + 2;
            int status = option == 'e' ? run_string(L, value, "=(command line)")
                                       : require_into_global(L, value);
            if (status != LUA_OK)
                return 0;
        } else if (option == 'W') {
            lua_warning(L, "@on", 0);
        }
    }
    return 1;
}

/* The whole interpreter, run protected. Arguments: argc, argv. Returns a
 * boolean: true when everything ran without error. */
static int pmain(lua_State *L) {
    int argc = (int)lua_tointeger(L, 1);
    char **argv = lua_touserdata(L, 2);
    int script;
    int opts = scan_options(argv, &script);
    luaL_checkversion(L);
    if (opts == OPT_ERROR) {
        print_usage(argv[script]);
        return 0;
    }
    if (opts & OPT_V)
        print_version();
    if ((opts & OPT_CACHE) && setenv("QY_CACHE", "1", 1) != 0)  /* read by qy.read_csv */
        return luaL_error(L, "cannot set QY_CACHE: not enough memory");
    if (opts & OPT_NOENV) {  /* tells the package library to ignore LUA_PATH too */
        lua_pushboolean(L, 1);
        lua_setfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
    }
    luaL_openlibs(L);
    add_module_path(L);
    create_arg_table(L, argv, argc, script);
    lua_gc(L, LUA_GCRESTART);
    lua_gc(L, LUA_GCGEN, 0, 0);
    if (open_qy(L) != LUA_OK)
        return 0;
    if (!(opts & OPT_NOENV) && run_lua_init(L) != LUA_OK)
        return 0;
    if (!run_options(L, argv, script > 0 ? script : argc))
        return 0;
    if (script > 0 && run_script(L, argv + script) != LUA_OK)
        return 0;
    if (opts & OPT_I) {
        run_repl(L);
    } else if (script < 1 && !(opts & (OPT_E | OPT_V))) {
        if (isatty(STDIN_FILENO)) {
            print_version();
            run_repl(L);
        } else if (run_file(L, NULL) != LUA_OK) {
            return 0;
        }
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* Columns of millions of rows come and go with every verb. glibc would hand
 * each big array back to the kernel on free and fault fresh pages in for the
 * next one; keeping freed memory in the process lets the next array reuse
 * pages already touched (at 10M rows that halved a filter's time). */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);   /* the largest glibc allows */
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}

int main(int argc, char **argv) {
    keep_freed_memory();
    lua_State *L = luaL_newstate();
    if (L == NULL) {
        print_message("cannot create state: not enough memory");
        return EXIT_FAILURE;
    }
    lua_gc(L, LUA_GCSTOP);  /* no collection while the libraries load */
    lua_pushcfunction(L, pmain);
    lua_pushinteger(L, argc);
    lua_pushlightuserdata(L, argv);
    int status = lua_pcall(L, 2, 1, 0);  /* ok|msg */
    int ok = lua_toboolean(L, -1);
    report(L, status);
    lua_close(L);
    return ok && status == LUA_OK ? EXIT_SUCCESS : EXIT_FAILURE;
}
