/* ltable_verbs.c — table verbs that analysts reach for: rename, distinct,
 * melt, describe, sample, slice, rows. Each returns a new table (rows: an
 * iterator); the work on rows is in the core (distinct.h, melt.h,
 * describe.h, sample.h). */
#include <string.h>

#include "describe.h"
#include "distinct.h"
#include "lqy.h"
#include "melt.h"
#include "sample.h"

static int push_result(lua_State *L, int arg, int rc, qy_table *out, const qy_error *err)
{
    if (rc != QY_OK) return lqy_argfail(L, arg, rc, err);
    lqy_pushtable(L, out);
    return 1;
}

/* t:rename{ old = "new", ... } — the same columns, those renamed in place. */
static int l_rename(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    const char **names = lqy_newarray(L, (size_t)t->ncols * sizeof *names);     /* names */
    for (int j = 0; j < t->ncols; j++) names[j] = t->names[j];
    for (lua_pushnil(L); lua_next(L, 2); lua_pop(L, 1)) {           /* names, old, new */
        if (lua_type(L, -2) != LUA_TSTRING) return luaL_argerror(L, 2, "keys must be column names");
        int j = lqy_column_index(L, t, lua_tostring(L, -2), 2);
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_argerror(L, 2, lua_pushfstring(L, "the new name of '%s' must be a string",
                                                       t->names[j]));
        lua_pushvalue(L, -1);                                        /* names, old, new, new */
        names[j] = lqy_keepstring(L, 3, NULL);                       /* names, old, new */
    }
    qy_table *out = NULL;
    qy_error err = {0};
    int rc = qy_table_from_columns(t->nrows, names, t->cols, t->ncols, &out, &err);
    return push_result(L, 2, rc, out, &err);
}

/* A "bad argument #arg" error when two of idx[0..n) are one column. */
static void check_twice(lua_State *L, const qy_table *t, const int *idx, int n, int arg)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (idx[i] == idx[j])
                luaL_argerror(L, arg, lua_pushfstring(L, "column '%s' named twice", t->names[idx[i]]));
}

/* t:distinct([names...] [, { keep_all = false }]) — the distinct rows of the
 * named columns (none, or an empty list: of every column), in order of first
 * appearance. The options are a last table that is not a list. */
static int l_distinct(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    int top = lua_gettop(L), keep_all = 0;
    if (top >= 2 && lua_istable(L, top) && lua_rawlen(L, top) == 0) {
        static const char *const known[] = {"keep_all", NULL};
        lqy_checkoptions(L, top, known);
        keep_all = lqy_optboolean(L, top, "keep_all", 0);
        lua_settop(L, --top);
    }
    int n = 0, none = top < 2 || (lua_istable(L, 2) && lua_rawlen(L, 2) == 0);   /* {} too */
    const int *keys = none ? NULL : lqy_checknames(L, t, 2, &n);           /* [keys] */
    check_twice(L, t, keys, n, 2);
    qy_table *out = NULL;
    qy_error err = {0};
    int rc = qy_table_distinct(t, keys, n, keep_all, &out, &err);
    return push_result(L, 2, rc, out, &err);
}

/* opts[key] as column indices: a name or a list of names; an int array
 * pushed on the stack (none when absent, *n = 0). [-0, +1, v] */
static int *option_columns(lua_State *L, const qy_table *t, int opts, const char *key, int *n)
{
    int type = lua_getfield(L, opts, key);                           /* value */
    int list = type == LUA_TTABLE;
    if (type != LUA_TNIL && type != LUA_TSTRING && !list)
        luaL_argerror(L, opts, lua_pushfstring(L, "option '%s' must be a column name or a list "
                                               "of them", key));
    *n = list ? (int)luaL_len(L, -1) : type == LUA_TSTRING;
    int *idx = lua_newuserdatauv(L, (size_t)*n * sizeof *idx + 1, 0);  /* value, idx */
    for (int k = 0; k < *n; k++) {
        if (list && lua_geti(L, -2, k + 1) != LUA_TSTRING)           /* value, idx, name */
            luaL_argerror(L, opts, lua_pushfstring(L, "option '%s' must be a column name or a "
                                                   "list of them", key));
        idx[k] = lqy_column_index(L, t, lua_tostring(L, list ? -1 : -2), opts);
        if (list) lua_pop(L, 1);
    }
    lua_remove(L, -2);                                               /* idx */
    return idx;
}

/* Every column of t not among ids[0..nids): an int array pushed. [-0, +1, m] */
static int *other_columns(lua_State *L, const qy_table *t, const int *ids, int nids, int *n)
{
    int *idx = lua_newuserdatauv(L, (size_t)t->ncols * sizeof *idx + 1, 0);   /* idx */
    *n = 0;
    for (int j = 0; j < t->ncols; j++) {
        int id = 0;
        for (int k = 0; k < nids; k++) id |= ids[k] == j;
        if (!id) idx[(*n)++] = j;
    }
    return idx;
}

/* opts[key] as a string, def when absent; left on the stack. [-0, +1, v] */
static const char *option_string(lua_State *L, int opts, const char *key, const char *def)
{
    int type = lua_getfield(L, opts, key);                           /* value */
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushstring(L, def);                                      /* def */
    } else if (type != LUA_TSTRING) {
        luaL_argerror(L, opts, lua_pushfstring(L, "option '%s' must be a string", key));
    }
    return lua_tostring(L, -1);
}

/* t:melt{ id = {...}, values = {...}, name = "variable", value = "value" } —
 * one row per input row and value column (melt.h). */
static int l_melt(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    static const char *const known[] = {"id", "values", "name", "value", NULL};
    lua_settop(L, 2);
    if (!lqy_checkoptions(L, 2, known)) {
        lua_newtable(L);
        lua_replace(L, 2);
    }
    qy_melt_spec spec = {0};
    spec.ids = option_columns(L, t, 2, "id", &spec.nids);                    /* ids */
    lua_getfield(L, 2, "values");                                            /* ids, values? */
    int given = !lua_isnil(L, -1);
    lua_pop(L, 1);
    spec.values = given ? option_columns(L, t, 2, "values", &spec.nvalues)   /* ids, values */
                        : other_columns(L, t, spec.ids, spec.nids, &spec.nvalues);
    spec.name = option_string(L, 2, "name", "variable");                     /* ..., name */
    spec.value = option_string(L, 2, "value", "value");                      /* ..., name, value */
    qy_table *out = NULL;
    qy_error err = {0};
    int rc = qy_table_melt(t, &spec, &out, &err);
    return push_result(L, 2, rc, out, &err);
}

/* t:describe() — one row of statistics per column (describe.h). */
static int l_describe(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    qy_table *out = NULL;
    qy_error err = {0};
    if (qy_table_describe(t, &out, &err) != QY_OK) return lqy_raise(L, &err);
    lqy_pushtable(L, out);
    return 1;
}

/* t:sample(n [, { seed = 42 }]) — n rows drawn without replacement, in t's
 * order; a seed always draws the same rows (sample.h). */
static int l_sample(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, n >= 0, 2, "sample size must not be negative");
    static const char *const known[] = {"seed", NULL};
    lua_Integer seed = QY_SAMPLE_SEED;
    if (lqy_checkoptions(L, 3, known) && lua_getfield(L, 3, "seed") != LUA_TNIL) {   /* seed */
        if (!lua_isinteger(L, -1)) return luaL_argerror(L, 3, "option 'seed' must be an integer");
        seed = lua_tointeger(L, -1);
    }
    qy_table *out = NULL;
    qy_error err = {0};
    int rc = qy_table_sample(t, n, (uint64_t)seed, &out, &err);
    return push_result(L, 2, rc, out, &err);
}

/* t:slice(i [, j]) — rows i..j (1-based, inclusive, j defaults to -1) with
 * string.sub's rules: negatives count from the end, and the range is
 * clipped to the table. */
static int l_slice(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    lua_Integer len = t->nrows, i = luaL_checkinteger(L, 2), j = luaL_optinteger(L, 3, -1);
    lua_Integer from = i > 0 ? i : i == 0 || i < -len ? 1 : len + i + 1;
    lua_Integer to = j > len ? len : j >= 0 ? j : j < -len ? 0 : len + j + 1;
    qy_table *out = NULL;
    qy_error err = {0};
    int rc = qy_table_slice(t, from - 1, from > to ? 0 : to - from + 1, &out, &err);
    if (rc != QY_OK) return lqy_raise(L, &err);
    lqy_pushtable(L, out);
    return 1;
}

/* The generic-for step of t:rows(): row number i + 1 and its row. */
static int next_row(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    if (i < 0 || i >= t->nrows) return 0;
    lua_pushinteger(L, i + 1);                                       /* i */
    lqy_pushrow(L, t, i);                                            /* i, row */
    return 2;
}

/* t:rows() — for i, row in t:rows(): each row as t[i] gives it. A Lua
 * table per row: the slow path, for the rare per-row need. */
static int l_rows(lua_State *L)
{
    lqy_checktable(L, 1);
    lua_pushcfunction(L, next_row);                                  /* step */
    lua_pushvalue(L, 1);                                             /* step, t */
    lua_pushinteger(L, 0);                                           /* step, t, 0 */
    return 3;
}

const luaL_Reg lqy_table_verb_methods[] = {
    {"rename", l_rename}, {"distinct", l_distinct}, {"melt", l_melt}, {"describe", l_describe},
    {"sample", l_sample}, {"slice", l_slice}, {"rows", l_rows},
    {NULL, NULL}
};
