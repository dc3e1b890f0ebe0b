/* lsort.c — ordering verbs: t:sort, t:top (new tables of reordered rows)
 * and t:rank (t with a rank column). */
#include <string.h>

#include "groupby.h"
#include "lqy.h"
#include "rank.h"
#include "sort.h"

/* The direction at idx (nil: descending_default), or a "bad argument #arg"
 * error. [-0, +0, v] */
static bool checkdirection(lua_State *L, int idx, int arg, bool descending_default)
{
    if (lua_isnoneornil(L, idx)) return descending_default;
    const char *dir = lua_type(L, idx) == LUA_TSTRING ? lua_tostring(L, idx) : NULL;
    if (dir && strcmp(dir, "asc") == 0) return false;
    if (dir && strcmp(dir, "desc") == 0) return true;
    const char *msg = dir
        ? lua_pushfstring(L, "direction must be 'asc' or 'desc', not '%s'", dir)
        : lua_pushfstring(L, "direction must be 'asc' or 'desc', not a %s", luaL_typename(L, idx));
    return luaL_argerror(L, arg, msg);
}

/* One entry of a key list: "name" or {"name", "asc"|"desc"}, at the top
 * of the stack. */
static qy_sort_key checkentry(lua_State *L, const qy_table *t, int arg, int k,
                              bool descending_default)
{
    qy_sort_key key = {0, descending_default};
    if (lua_type(L, -1) == LUA_TSTRING) {
        key.column = lqy_column_index(L, t, lua_tostring(L, -1), arg);
        return key;
    }
    if (!lua_istable(L, -1))
        luaL_argerror(L, arg, lua_pushfstring(L, "key %d must be a name or {name, direction}", k));
    lua_geti(L, -1, 1);                                          /* ..., entry, name */
    if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, arg, lua_pushfstring(L, "key %d has no column name", k));
    key.column = lqy_column_index(L, t, lua_tostring(L, -1), arg);
    lua_geti(L, -2, 2);                                          /* ..., entry, name, dir */
    key.descending = checkdirection(L, -1, arg, descending_default);
    lua_pop(L, 2);                                               /* ..., entry */
    return key;
}

/* The sort keys from arg on: a column name and an optional direction, or
 * one list of entries (see checkentry). Kept in a userdata pushed on the
 * stack. [-0, +1, v] */
static qy_sort_key *checkkeys(lua_State *L, const qy_table *t, int arg, bool descending_default,
                              int *n)
{
    if (lua_type(L, arg) == LUA_TSTRING) {
        qy_sort_key one = {lqy_checkcolumnname(L, t, arg),
                           checkdirection(L, arg + 1, arg + 1, descending_default)};
        qy_sort_key *key = lua_newuserdatauv(L, sizeof *key, 0);   /* keys */
        *key = one;
        *n = 1;
        return key;
    }
    if (!lua_istable(L, arg)) luaL_typeerror(L, arg, "column name or list of keys");
    int count = (int)luaL_len(L, arg);
    luaL_argcheck(L, count > 0, arg, "sort keys expected");
    qy_sort_key *keys = lua_newuserdatauv(L, (size_t)count * sizeof *keys, 0);  /* keys */
    for (int k = 0; k < count; k++) {
        lua_geti(L, arg, k + 1);                                 /* keys, entry */
        keys[k] = checkentry(L, t, arg, k + 1, descending_default);
        lua_pop(L, 1);                                           /* keys */
    }
    *n = count;
    return keys;
}

/* Pushes the rows idx[0..n) of t as a new table; idx is parked in a box
 * first, so an error frees it. [-0, +1, m] */
static void pushrows(lua_State *L, const qy_table *t, int64_t *idx, int64_t n)
{
    void **box = lqy_newbox(L);                                  /* box */
    *box = idx;
    qy_table *out = NULL;
    qy_error err = {0};
    if (qy_table_take(t, idx, n, &out, &err) != QY_OK) lqy_raise(L, &err);
    lqy_pushtable(L, out);                                       /* box, out */
}

/* t:sort("funds", "desc"), t:sort("county"),
 * t:sort{ {"county", "asc"}, {"funds", "desc"}, "name" } — stable. */
static int l_sort(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    int nkeys;
    qy_sort_key *keys = checkkeys(L, t, 2, false, &nkeys);
    int64_t *perm = NULL;
    qy_error err = {0};
    if (qy_table_order(t, keys, nkeys, &perm, &err) != QY_OK) return lqy_raise(L, &err);
    pushrows(L, t, perm, t->nrows);
    return 1;
}

/* t:top(10, "amount") — the k largest rows, ties in input order;
 * t:top(10, "amount", "asc") the smallest; t:top(10, {{"county", "asc"},
 * "amount"}) by several keys (a bare name means "desc"). */
static int l_top(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    lua_Integer k = luaL_checkinteger(L, 2);
    luaL_argcheck(L, k >= 0, 2, "k must not be negative");
    int nkeys;
    qy_sort_key *keys = checkkeys(L, t, 3, true, &nkeys);
    int64_t *idx = NULL, n = 0;
    qy_error err = {0};
    if (qy_table_top_rows(t, k, keys, nkeys, &idx, &n, &err) != QY_OK) return lqy_raise(L, &err);
    pushrows(L, t, idx, n);
    return 1;
}

typedef struct rank_options {
    bool descending;
    qy_ties ties;
    const char *as;        /* borrowed: a literal, or the string kept on the stack */
    int *by;               /* in a userdata on the stack, or NULL */
    int nby;
} rank_options;

static qy_ties checkties(lua_State *L, int idx, int arg)
{
    static const char *const names[] = {"min", "dense", "row"};
    static const qy_ties ties[] = {QY_TIES_MIN, QY_TIES_DENSE, QY_TIES_ROW};
    if (lua_isnil(L, idx)) return QY_TIES_MIN;
    const char *name = lua_type(L, idx) == LUA_TSTRING ? lua_tostring(L, idx) : NULL;
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, names[i]) == 0) return ties[i];
    return (qy_ties)luaL_argerror(L, arg, name
        ? lua_pushfstring(L, "ties must be 'min', 'dense' or 'row', not '%s'", name)
        : lua_pushfstring(L, "ties must be 'min', 'dense' or 'row', not a %s", luaL_typename(L, idx)));
}

/* The by option at idx: a column name or a list of them, as indices in a
 * userdata pushed on the stack. [-0, +1, v] */
static int *checkby(lua_State *L, const qy_table *t, int idx, int arg, int *n)
{
    int list = lua_istable(L, idx);
    if (!list && lua_type(L, idx) != LUA_TSTRING)
        luaL_argerror(L, arg, "option 'by' must be a column name or a list of them");
    int count = list ? (int)luaL_len(L, idx) : 1;
    int *by = lua_newuserdatauv(L, (size_t)count * sizeof *by + 1, 0);   /* by */
    for (int k = 0; k < count; k++) {
        if (list) lua_geti(L, idx, k + 1);                       /* by, name */
        else lua_pushvalue(L, idx);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_argerror(L, arg, "option 'by' must be a column name or a list of them");
        by[k] = lqy_column_index(L, t, lua_tostring(L, -1), arg);
        lua_pop(L, 1);                                           /* by */
    }
    *n = count;
    return by;
}

/* The options table at arg (may be absent): desc, ties, as, by. Pushes the
 * value of as, which keeps o.as alive, and one userdata (the by columns,
 * possibly empty). [-0, +2, v] */
static rank_options checkrankoptions(lua_State *L, const qy_table *t, int arg)
{
    rank_options o = {false, QY_TIES_MIN, "rank", NULL, 0};
    if (lua_isnoneornil(L, arg)) {
        lua_pushnil(L);                                          /* as */
        lua_newuserdatauv(L, 1, 0);                              /* as, by */
        return o;
    }
    static const char *const known[] = {"desc", "ties", "as", "by", NULL};
    lqy_checkoptions(L, arg, known);
    lua_getfield(L, arg, "desc");                                /* desc */
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
        luaL_argerror(L, arg, "option 'desc' must be a boolean");
    o.descending = lua_toboolean(L, -1);
    lua_getfield(L, arg, "ties");                                /* desc, ties */
    o.ties = checkties(L, -1, arg);
    lua_getfield(L, arg, "as");                                  /* desc, ties, as */
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, arg, "option 'as' must be a string");
        o.as = lua_tostring(L, -1);
    }
    lua_remove(L, -2);                                           /* desc, as */
    lua_remove(L, -2);                                           /* as */
    lua_getfield(L, arg, "by");                                  /* as, by? */
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_newuserdatauv(L, 1, 0);                              /* as, by */
        return o;
    }
    o.by = checkby(L, t, lua_gettop(L), arg, &o.nby);            /* as, by?, by */
    lua_remove(L, -2);                                           /* as, by */
    return o;
}

/* t:rank("funds", { desc = true, ties = "min"|"dense"|"row", as = "rank",
 * by = "county" or {...} }) — t with an int64 rank column named as
 * (replacing a column of that name), ranked within groups of by. */
static int l_rank(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    int column = lqy_checkcolumnname(L, t, 2);
    rank_options o = checkrankoptions(L, t, 3);
    qy_groups groups = {0};
    qy_column *ranks = NULL;
    qy_error err = {0};
    int rc = o.by ? qy_groups_build(t, o.by, o.nby, &groups, &err) : QY_OK;
    if (rc == QY_OK) rc = qy_rank(t, column, o.descending, o.ties, o.by ? &groups : NULL, &ranks, &err);
    qy_groups_free(&groups);
    if (rc != QY_OK) return lqy_raise(L, &err);
    lqy_pushcolumn(L, ranks);                                    /* as, by, ranks */
    qy_table *out = NULL;
    if (qy_table_with(t, &o.as, &ranks, 1, &out, &err) != QY_OK) return lqy_raise(L, &err);
    lqy_pushtable(L, out);                                       /* as, by, ranks, out */
    return 1;
}

const luaL_Reg lqy_sort_methods[] = {
    {"sort", l_sort}, {"top", l_top}, {"rank", l_rank},
    {NULL, NULL}
};
