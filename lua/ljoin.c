/* ljoin.c — a:join(b, keys, { how = ... }): hash joins of two tables.
 *
 * keys names the key columns: "county" (the same name on both sides), a
 * list {"county", "year"}, or a map { county = "name" } pairing a.county
 * with b.name; a list and a map may be mixed in one table. */
#include <stdlib.h>
#include <string.h>

#include "join.h"
#include "lqy.h"

/* The index in b of the column called name, or "bad argument #arg". */
static int b_column(lua_State *L, const qy_table *b, const char *name, int arg)
{
    int i = qy_table_find(b, name);
    if (i >= 0) return i;
    const char *near = qy_table_suggest(b, name);
    return luaL_argerror(L, arg, near
        ? lua_pushfstring(L, "the joined table has no column '%s' (did you mean '%s'?)",
                          name, near)
        : lua_pushfstring(L, "the joined table has no column '%s'", name));
}

/* One key pair as the list or map at the key argument gives it: position
 * is the list index, 0 for a map entry. */
typedef struct key_pair {
    lua_Integer position;
    const char *a_name, *b_name;
} key_pair;

/* The list's pairs first, in list order; then the map's, by a's name. */
static int compare_pairs(const void *x, const void *y)
{
    const key_pair *p = x, *q = y;
    if (p->position && q->position) return (p->position > q->position) - (p->position < q->position);
    if (p->position || q->position) return p->position ? -1 : 1;
    return strcmp(p->a_name, q->a_name);
}

/* The key pairs at arg as column indices of a and b, kept in a userdata
 * pushed on the stack: keys[0..n) are a's, keys[n..2n) b's. The list's
 * pairs come first, then the map's ordered by a's name. Each entry is read
 * once, by lua_next, and its names are kept alive in the pairs array. */
static int *checkkeys(lua_State *L, const qy_table *a, const qy_table *b, int arg, int *n)
{
    if (lua_type(L, arg) == LUA_TSTRING) {
        int *keys = lua_newuserdatauv(L, 2 * sizeof *keys, 0);          /* keys */
        keys[0] = lqy_column_index(L, a, lua_tostring(L, arg), arg);
        keys[1] = b_column(L, b, lua_tostring(L, arg), arg);
        *n = 1;
        return keys;
    }
    if (!lua_istable(L, arg)) luaL_typeerror(L, arg, "key column names");
    int listed = (int)lua_rawlen(L, arg), count = 0;
    for (lua_pushnil(L); lua_next(L, arg); lua_pop(L, 1)) count++;
    luaL_argcheck(L, count > 0, arg, "key column names expected");
    key_pair *pairs = lqy_newarray(L, (size_t)count * sizeof *pairs);   /* pairs */
    int at = lua_gettop(L), k = 0;
    for (lua_pushnil(L); lua_next(L, arg); lua_pop(L, 1)) {          /* pairs, key, value */
        int in_list = lua_isinteger(L, -2) && lua_tointeger(L, -2) >= 1
                   && lua_tointeger(L, -2) <= listed;
        if (lua_type(L, -1) != LUA_TSTRING || (!in_list && lua_type(L, -2) != LUA_TSTRING))
            luaL_argerror(L, arg, "keys must be column names or { a_name = b_name }");
        lua_pushvalue(L, -1);                                        /* pairs, key, value, value */
        pairs[k].b_name = lqy_keepstring(L, at, NULL);
        pairs[k].position = in_list ? lua_tointeger(L, -2) : 0;
        if (in_list) {
            pairs[k].a_name = pairs[k].b_name;
        } else {
            lua_pushvalue(L, -2);                                    /* pairs, key, value, key */
            pairs[k].a_name = lqy_keepstring(L, at, NULL);
        }
        k++;
    }
    qsort(pairs, (size_t)count, sizeof *pairs, compare_pairs);
    int *keys = lua_newuserdatauv(L, 2 * (size_t)count * sizeof *keys, 0); /* pairs, keys */
    for (k = 0; k < count; k++) {
        keys[k] = lqy_column_index(L, a, pairs[k].a_name, arg);
        keys[count + k] = b_column(L, b, pairs[k].b_name, arg);
    }
    lua_remove(L, -2);                                               /* keys */
    *n = count;
    return keys;
}

/* The option how at arg (nil: inner); other options are refused. */
static qy_join_how checkhow(lua_State *L, int arg)
{
    static const char *const names[] = {"inner", "left", "anti", NULL};
    static const qy_join_how hows[] = {QY_JOIN_INNER, QY_JOIN_LEFT, QY_JOIN_ANTI};
    static const char *const known[] = {"how", NULL};
    if (!lqy_checkoptions(L, arg, known)) return QY_JOIN_INNER;
    qy_join_how how = QY_JOIN_INNER;
    if (lua_getfield(L, arg, "how") != LUA_TNIL) {                   /* how */
        const char *s = lua_tostring(L, -1);
        int i = 0;
        while (names[i] && !(lua_type(L, -1) == LUA_TSTRING && strcmp(s, names[i]) == 0)) i++;
        if (!names[i])
            luaL_argerror(L, arg, lua_pushfstring(L, "option 'how' must be 'inner', 'left' or "
                          "'anti', not '%s'", luaL_tolstring(L, -1, NULL)));
        how = hows[i];
    }
    lua_pop(L, 1);
    return how;
}

/* a:join(b, keys [, { how = "inner" | "left" | "anti" }]) — see join.h for
 * the rows and columns of the result. */
static int l_join(lua_State *L)
{
    qy_table *a = lqy_checktable(L, 1);
    qy_table *b = lqy_checktable(L, 2);
    qy_join_how how = checkhow(L, 4);
    int n;
    int *keys = checkkeys(L, a, b, 3, &n);                           /* keys */
    qy_table *out = NULL;
    qy_error err = {0};
    int rc = qy_table_join(a, b, keys, keys + n, n, how, &out, &err);
    if (rc == QY_ETYPE) return luaL_argerror(L, 3, err.msg);
    if (rc != QY_OK) return lqy_raise(L, &err);
    lqy_pushtable(L, out);                                           /* keys, out */
    return 1;
}

const luaL_Reg lqy_join_methods[] = {
    {"join", l_join},
    {NULL, NULL}
};
