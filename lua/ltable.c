/* ltable.c — the qy.table userdata: a read-only view of a qy_table. */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <lauxlib.h>

#include "alloc.h"
#include "csv_write.h"
#include "format.h"
#include "lqy.h"
#include "strbuf.h"

typedef struct LTable {
    qy_table *t;            /* one reference, or NULL once collected */
} LTable;

void lqy_pushtable(lua_State *L, qy_table *t)
{
    LTable *box = lua_newuserdatauv(L, sizeof *box, 0);          /* box */
    box->t = NULL;
    luaL_setmetatable(L, QY_TABLE_TYPE);
    box->t = t;
}

qy_table *lqy_checktable(lua_State *L, int arg)
{
    LTable *box = luaL_checkudata(L, arg, QY_TABLE_TYPE);
    if (!box->t) luaL_argerror(L, arg, "table was already collected");
    return box->t;
}

static int l_gc(lua_State *L)
{
    LTable *box = luaL_checkudata(L, 1, QY_TABLE_TYPE);
    qy_table_release(box->t);
    box->t = NULL;
    return 0;
}

static int l_len(lua_State *L)
{
    lua_pushinteger(L, lqy_checktable(L, 1)->nrows);
    return 1;
}

static int l_nrows(lua_State *L) { return l_len(L); }

static int l_ncols(lua_State *L)
{
    lua_pushinteger(L, lqy_checktable(L, 1)->ncols);
    return 1;
}

static int l_names(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    lua_createtable(L, t->ncols, 0);                             /* names */
    for (int i = 0; i < t->ncols; i++) {
        lua_pushstring(L, t->names[i]);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

static int l_schema(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    lua_createtable(L, t->ncols, 0);                             /* schema */
    for (int i = 0; i < t->ncols; i++) {
        char type[16];
        lua_createtable(L, 0, 2);                                /* schema, entry */
        lua_pushstring(L, t->names[i]);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, qy_type_name(t->cols[i]->type, t->cols[i]->scale, type));
        lua_setfield(L, -2, "type");
        lua_rawseti(L, -2, i + 1);                               /* schema */
    }
    return 1;
}

int lqy_column_index(lua_State *L, const qy_table *t, const char *name, int arg)
{
    int i = qy_table_find(t, name);
    if (i >= 0) return i;
    const char *near = qy_table_suggest(t, name);
    const char *msg = near
        ? lua_pushfstring(L, "no column '%s' (did you mean '%s'?)", name, near)
        : lua_pushfstring(L, "no column '%s'", name);
    return arg ? luaL_argerror(L, arg, msg) : luaL_error(L, "%s", msg);
}

int lqy_checkcolumnname(lua_State *L, const qy_table *t, int arg)
{
    return lqy_column_index(L, t, luaL_checkstring(L, arg), arg);
}

/* Pushes the column called name (arg 0: a plain error, not "bad argument"). */
static int push_column(lua_State *L, qy_table *t, const char *name, int arg)
{
    int i = lqy_column_index(L, t, name, arg);
    lqy_pushnamedcolumn(L, qy_column_retain(t->cols[i]), t->names[i]);
    return 1;
}

static int l_col(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    return push_column(L, t, luaL_checkstring(L, 2), 2);
}

void lqy_pushrow(lua_State *L, const qy_table *t, int64_t i)
{
    lua_createtable(L, 0, t->ncols);                             /* row */
    for (int k = 0; k < t->ncols; k++) {
        lqy_pushvalue(L, t->cols[k], i);
        lua_setfield(L, -2, t->names[k]);
    }
}

/* t[i] is row i as a Lua table keyed by column name (nil out of range);
 * t.name is a method if one has that name, else the column. */
static int l_index(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer i = luaL_checkinteger(L, 2);
        if (i < 1 || i > t->nrows) return 0;
        lqy_pushrow(L, t, i - 1);                                /* row */
        return 1;
    }
    const char *key = luaL_checkstring(L, 2);
    if (lua_getfield(L, lua_upvalueindex(1), key) != LUA_TNIL) return 1; /* method */
    lua_pop(L, 1);
    return push_column(L, t, key, 0);
}

static int terminal_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    return 0;
}

/* Formats t as text into a string pushed on the stack. [-0, +1, m] */
static void push_text(lua_State *L, const qy_table *t, int64_t max_rows)
{
    qy_print_options opts;
    qy_print_options_init(&opts);
    opts.max_rows = max_rows;
    int width = terminal_width();
    if (width) opts.max_width = width;
    void **box = lqy_newbox(L);                                  /* box */
    qy_strbuf buf = QY_STRBUF_INIT;
    qy_error err = {0};
    int rc = qy_table_format_text(t, &opts, &buf, &err);
    size_t len = buf.len;
    *box = buf.data;                     /* from here the box frees it */
    if (rc != QY_OK) lqy_raise(L, &err);
    lua_pushlstring(L, *box ? (const char *)*box : "", len);     /* box, text */
    lua_remove(L, -2);                                           /* text */
}

static int l_tostring(lua_State *L)
{
    qy_print_options opts;
    qy_print_options_init(&opts);
    push_text(L, lqy_checktable(L, 1), opts.max_rows);
    return 1;
}

static int l_print(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    qy_print_options opts;
    qy_print_options_init(&opts);
    lua_Integer n = luaL_optinteger(L, 2, opts.max_rows);
    luaL_argcheck(L, n >= 0, 2, "row count must not be negative");
    push_text(L, t, n);
    size_t len;
    const char *text = lua_tolstring(L, -1, &len);
    fwrite(text, 1, len, stdout);
    fflush(stdout);
    return 0;
}

static int slice(lua_State *L, int from_end)
{
    qy_table *t = lqy_checktable(L, 1);
    lua_Integer n = luaL_optinteger(L, 2, 5);
    luaL_argcheck(L, n >= 0, 2, "row count must not be negative");
    if (n > t->nrows) n = t->nrows;
    qy_table *s = NULL;
    qy_error err = {0};
    if (qy_table_slice(t, from_end ? t->nrows - n : 0, n, &s, &err) != QY_OK)
        return lqy_raise(L, &err);
    lqy_pushtable(L, s);
    return 1;
}

static int l_head(lua_State *L) { return slice(L, 0); }
static int l_tail(lua_State *L) { return slice(L, 1); }

static int l_to_markdown(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    void **box = lqy_newbox(L);                                  /* box */
    qy_strbuf buf = QY_STRBUF_INIT;
    qy_error err = {0};
    int rc = qy_table_format_markdown(t, &buf, &err);
    size_t len = buf.len;
    *box = buf.data;
    if (rc != QY_OK) return lqy_raise(L, &err);
    lua_pushlstring(L, *box ? (const char *)*box : "", len);     /* box, text */
    return 1;
}

/* t:to_csv(path [, {delim = ",", guard_formulas = false}]) -> nothing;
 * csv_write.h says what is written. */
static int l_to_csv(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    const char *path = luaL_checkstring(L, 2);
    qy_csv_write_options opts;
    qy_csv_write_options_init(&opts);
    static const char *const known[] = {"delim", "guard_formulas", NULL};
    if (lqy_checkoptions(L, 3, known)) {
        int type = lua_getfield(L, 3, "delim");                  /* delim */
        size_t len = 1;
        const char *d = type == LUA_TSTRING ? lua_tolstring(L, -1, &len) : ",";
        if ((type != LUA_TSTRING && type != LUA_TNIL) || len != 1 || d[0] == '"'
            || d[0] == '\n' || d[0] == '\r')
            return luaL_argerror(L, 3, "option 'delim' must be one character");
        opts.delim = d[0];
        type = lua_getfield(L, 3, "guard_formulas");             /* delim, guard */
        if (type != LUA_TBOOLEAN && type != LUA_TNIL)
            return luaL_argerror(L, 3, "option 'guard_formulas' must be true or false");
        opts.guard_formulas = lua_toboolean(L, -1);
    }
    qy_error err = {0};
    if (qy_csv_write_file(t, path, &opts, &err) != QY_OK) return lqy_raise(L, &err);
    return 0;
}

void lqy_open_table(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"nrows", l_nrows}, {"ncols", l_ncols}, {"names", l_names}, {"schema", l_schema},
        {"col", l_col}, {"head", l_head}, {"tail", l_tail}, {"print", l_print},
        {"to_markdown", l_to_markdown}, {"to_csv", l_to_csv},
        {NULL, NULL}
    };
    static const luaL_Reg metamethods[] = {
        {"__len", l_len}, {"__tostring", l_tostring}, {"__gc", l_gc},
        {NULL, NULL}
    };
    luaL_newmetatable(L, QY_TABLE_TYPE);                         /* mt */
    luaL_setfuncs(L, metamethods, 0);
    luaL_newlib(L, methods);                                     /* mt, methods */
    luaL_setfuncs(L, lqy_verb_methods, 0);
    luaL_setfuncs(L, lqy_join_methods, 0);
    luaL_setfuncs(L, lqy_group_methods, 0);
    luaL_setfuncs(L, lqy_sort_methods, 0);
    luaL_setfuncs(L, lqy_excel_write_methods, 0);
    luaL_setfuncs(L, lqy_table_verb_methods, 0);
    lua_pushcclosure(L, l_index, 1);                             /* mt, __index */
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
}
