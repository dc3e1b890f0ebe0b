/* lwindow.c — window specs and their evaluation by t:with{}.
 *
 *   qy.share(column [, opts])          value / sum of its group  -> float64
 *   qy.cumsum(column [, opts])         running sum (decimals exact)
 *   qy.lag(column [, offset [, opts]]) the value offset (>= 1, default 1)
 *                                      rows earlier; qy.lag(column, opts) too
 *   qy.pct_change(column [, opts])     change from the previous row -> float64
 * opts = { by = "county" } or { by = {"county", "year"} } computes within
 * groups; rows are taken in the table's current order. Each function returns
 * a spec, a table with metatable "qy.window" and the fields kind, column,
 * offset (lag only) and by (a list of names, absent for the whole table);
 * t:with{ cum = qy.cumsum("funds") } evaluates it over t (see window.h).
 */
#include <string.h>

#include "groupby.h"
#include "lqy.h"
#include "window.h"

#define QY_WINDOW_TYPE "qy.window"

static const char *const kind_names[] = {"share", "cumsum", "lag", "pct_change", NULL};
static const qy_window_kind kinds[] = {QY_WIN_SHARE, QY_WIN_CUMSUM, QY_WIN_LAG,
                                       QY_WIN_PCT_CHANGE};

/* Sets spec.by from the options at arg (nil, or a table with only `by`). */
static void set_by(lua_State *L, int spec, int arg)
{
    static const char *const known[] = {"by", NULL};
    if (!lqy_checkoptions(L, arg, known)) return;
    int type = lua_getfield(L, arg, "by");                           /* by */
    if (type == LUA_TSTRING) {
        lua_createtable(L, 1, 0);                                    /* by, list */
        lua_rotate(L, -2, 1);                                        /* list, by */
        lua_rawseti(L, -2, 1);                                       /* list */
    } else if (type == LUA_TTABLE) {
        lua_Integer n = luaL_len(L, -1);
        luaL_argcheck(L, n > 0, arg, "option 'by' names no column");
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_geti(L, -1, i) != LUA_TSTRING)
                luaL_argerror(L, arg, "option 'by' must be a column name or a list of them");
            lua_pop(L, 1);
        }
    } else if (type != LUA_TNIL) {
        luaL_argerror(L, arg, "option 'by' must be a column name or a list of them");
    }
    lua_setfield(L, spec, "by");
}

/* Returns a new spec of kind over the column named at arg 1, with the
 * options at opts (2 or 3). */
static int new_spec(lua_State *L, const char *kind, int opts)
{
    const char *column = luaL_checkstring(L, 1);
    lua_settop(L, 3);                                        /* column, ?, ? */
    lua_createtable(L, 0, 4);                                /* column, ?, ?, spec */
    int spec = lua_gettop(L);
    lua_pushstring(L, kind);
    lua_setfield(L, spec, "kind");
    lua_pushstring(L, column);
    lua_setfield(L, spec, "column");
    set_by(L, spec, opts);
    luaL_newmetatable(L, QY_WINDOW_TYPE);                            /* spec, mt */
    lua_setmetatable(L, spec);                                       /* spec */
    return 1;
}

static int l_share(lua_State *L) { return new_spec(L, "share", 2); }
static int l_cumsum(lua_State *L) { return new_spec(L, "cumsum", 2); }
static int l_pct_change(lua_State *L) { return new_spec(L, "pct_change", 2); }

static int l_lag(lua_State *L)
{
    int opts = lua_istable(L, 2) ? 2 : 3;
    lua_Integer offset = opts == 2 ? 1 : luaL_optinteger(L, 2, 1);
    luaL_argcheck(L, offset >= 1, 2, "offset must be at least 1");
    new_spec(L, "lag", opts);                                        /* spec */
    lua_pushinteger(L, offset);
    lua_setfield(L, -2, "offset");
    return 1;
}

static bool is_window(lua_State *L, int idx)
{
    if (!lua_istable(L, idx) || !lua_getmetatable(L, idx)) return false;  /* mt */
    luaL_getmetatable(L, QY_WINDOW_TYPE);                            /* mt, window mt */
    bool yes = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return yes;
}

/* The index in t of the column called name, or an error naming the window. */
static int window_column(lua_State *L, const qy_table *t, const char *kind, const char *name)
{
    int i = qy_table_find(t, name);
    if (i >= 0) return i;
    const char *near = qy_table_suggest(t, name);
    return near ? luaL_error(L, "qy.%s: no column '%s' (did you mean '%s'?)", kind, name, near)
                : luaL_error(L, "qy.%s: no column '%s'", kind, name);
}

/* The by columns of the spec at idx as indices of t, in a userdata pushed
 * on the stack (NULL and nothing pushed when there are none). */
static int *by_columns(lua_State *L, const qy_table *t, int idx, const char *kind, int *n)
{
    *n = 0;
    if (lua_getfield(L, idx, "by") != LUA_TTABLE) {                  /* by */
        lua_pop(L, 1);
        return NULL;
    }
    int count = (int)luaL_len(L, -1);
    int *keys = lua_newuserdatauv(L, (size_t)count * sizeof *keys + 1, 0); /* by, keys */
    for (int k = 0; k < count; k++) {
        lua_geti(L, -2, k + 1);                                      /* by, keys, name */
        if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "qy.%s: 'by' holds a non-name", kind);
        keys[k] = window_column(L, t, kind, lua_tostring(L, -1));
        lua_pop(L, 1);                                               /* by, keys */
    }
    lua_remove(L, -2);                                               /* keys */
    *n = count;
    return keys;
}

/* Pushes the spec's field and returns it as a string; the caller pops it
 * after the last use. [-0, +1, v] */
static const char *spec_string(lua_State *L, int idx, const char *field)
{
    lua_getfield(L, idx, field);                                     /* s */
    const char *s = lua_tostring(L, -1);
    if (!s) luaL_error(L, "a window spec without its '%s'", field);
    return s;
}

qy_column *lqy_window_eval(lua_State *L, const qy_table *t, int idx)
{
    idx = lua_absindex(L, idx);
    if (!is_window(L, idx)) return NULL;
    int top = lua_gettop(L);
    const char *kind_name = spec_string(L, idx, "kind");             /* kind */
    int k = 0;
    while (kind_names[k] && strcmp(kind_names[k], kind_name) != 0) k++;
    if (!kind_names[k]) luaL_error(L, "unknown window '%s'", kind_name);
    int column = window_column(L, t, kind_name, spec_string(L, idx, "column")); /* kind, column */
    lua_getfield(L, idx, "offset");
    lua_Integer offset = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 1;
    lua_pop(L, 1);
    int nby;
    int *by = by_columns(L, t, idx, kind_name, &nby);                /* kind, column, [keys] */
    /* From here until the groups are freed nothing may raise. */
    qy_groups groups;
    qy_column *out = NULL;
    qy_error err = {0};
    int rc = nby ? qy_groups_build(t, by, nby, &groups, &err) : QY_OK;
    if (rc == QY_OK) {
        rc = qy_window(t, kinds[k], column, offset, nby ? &groups : NULL, &out, &err);
        if (nby) qy_groups_free(&groups);
    }
    if (rc != QY_OK) luaL_error(L, "qy.%s: %s", kind_name, err.msg);
    lua_settop(L, top);
    return out;
}

const luaL_Reg lqy_window_functions[] = {
    {"share", l_share}, {"cumsum", l_cumsum}, {"lag", l_lag}, {"pct_change", l_pct_change},
    {NULL, NULL}
};
