/* lsort.c — ordering verbs: t:sort, t:top (new tables of reordered rows)
 * and t:rank (t with a rank column). */
#include <string.h>

#include "collate.h"
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

/* Moves the value on top of the stack into the keep table of the array at
 * idx (lqy_newarray), alive as long as the array. [-1, +0, m] */
static void keepvalue(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_getiuservalue(L, idx, 1);                                /* ..., v, keep */
    lua_rotate(L, -2, 1);                                        /* ..., keep, v */
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);      /* ..., keep */
    lua_pop(L, 1);
}

/* opts.desc (opts: a table on the stack), def when absent. [-0, +0, v] */
static bool checkdesc(lua_State *L, int opts, int arg, bool def)
{
    lua_getfield(L, opts, "desc");                               /* desc */
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
        luaL_argerror(L, arg, "option 'desc' must be a boolean");
    bool desc = lua_isnil(L, -1) ? def : lua_toboolean(L, -1);
    lua_pop(L, 1);
    return desc;
}

/* The collation opts.collate names (opts: a table on the stack); bytes
 * when absent. Sets *given. [-0, +0, v] */
static qy_collation checkcollation(lua_State *L, int opts, int arg, bool *given)
{
    qy_collation c = QY_COLLATE_BYTES;
    lua_getfield(L, opts, "collate");                            /* collate */
    *given = !lua_isnil(L, -1);
    if (*given && lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, arg, "option 'collate' must be a string");
    qy_error err = {0};
    if (*given && qy_collation_parse(lua_tostring(L, -1), &c, &err) != QY_OK)
        lqy_argfail(L, arg, err.code, &err);
    lua_pop(L, 1);
    return c;
}

/* The strings of the list at idx as two arrays in one userdata pushed on
 * the stack, which keeps them alive. [-0, +1, v] */
static const char **checklist(lua_State *L, int idx, int arg, size_t **len, int64_t *n)
{
    idx = lua_absindex(L, idx);
    if (!lua_istable(L, idx)) luaL_argerror(L, arg, "option 'order' must be a list of strings");
    int64_t count = (int64_t)luaL_len(L, idx);
    if (count > INT32_MAX) luaL_argerror(L, arg, "option 'order' lists too many strings");
    size_t each = sizeof(const char *) + sizeof(size_t);
    const char **list = lqy_newarray(L, (size_t)(count > 0 ? count : 0) * each);  /* list */
    *len = (size_t *)(void *)(list + (count > 0 ? count : 0));
    for (int64_t i = 0; i < count; i++) {
        lua_geti(L, idx, i + 1);                                 /* list, s */
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_argerror(L, arg, lua_pushfstring(L, "option 'order' entry %d must be a string, "
                          "not a %s", (int)(i + 1), luaL_typename(L, -1)));
        list[i] = lqy_keepstring(L, -2, &(*len)[i]);             /* list */
    }
    *n = count > 0 ? count : 0;
    return list;
}

/* The rank the options at opts (a table on the stack) ask for with their
 * order and collate, for key column `column` of t: NULL when they ask for
 * neither. A listed order's direction is in its rank, so *descending is
 * then cleared. Pushes the box holding the rank (nil when NULL).
 * [-0, +1, v] */
static const uint32_t *checkorder(lua_State *L, const qy_table *t, int column, int opts,
                                  int arg, bool *descending)
{
    opts = lua_absindex(L, opts);
    bool collated;
    qy_collation collation = checkcollation(L, opts, arg, &collated);
    lua_getfield(L, opts, "order");                              /* order */
    bool listed = !lua_isnil(L, -1);
    if (!listed && !collated) return NULL;
    const qy_column *c = t->cols[column];
    if (c->type != QY_STRING) {
        char type[16];
        luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' needs a string column; '%s' is %s",
                      listed ? "order" : "collate", t->names[column],
                      qy_type_name(c->type, c->scale, type)));
    }
    size_t *len = NULL;
    int64_t n = 0;
    const char **list = listed ? checklist(L, -1, arg, &len, &n) : NULL;   /* order, list? */
    void **base_box = lqy_newbox(L);                             /* order, list?, base */
    uint32_t *base = NULL, *rank = NULL;
    qy_error err = {0};
    if (qy_collate_ranks(c->dict, collation, &base, &err) != QY_OK) lqy_raise(L, &err);
    *base_box = base;
    if (!listed) {
        lua_replace(L, -2);                                      /* base */
        return base;
    }
    void **rank_box = lqy_newbox(L);                             /* order, list, base, rank */
    int rc = qy_listed_ranks(c->dict, list, len, n, *descending, base, &rank, &err);
    if (rc != QY_OK) lqy_argfail(L, arg, rc, &err);
    *rank_box = rank;
    *descending = false;
    lua_replace(L, -4);                                          /* rank, list, base */
    lua_pop(L, 2);                                               /* rank */
    return rank;
}

/* Raises "key k has an unknown option 'x'" unless the entry on top holds
 * only its name, its direction, order and collate. [-0, +0, v] */
static void checkentryoptions(lua_State *L, int arg, int k)
{
    for (lua_pushnil(L); lua_next(L, -2); lua_pop(L, 1)) {       /* ..., entry, key, value */
        if (lua_isinteger(L, -2) && (lua_tointeger(L, -2) == 1 || lua_tointeger(L, -2) == 2))
            continue;
        const char *name = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        if (name && (strcmp(name, "order") == 0 || strcmp(name, "collate") == 0)) continue;
        lua_pushvalue(L, -2);                 /* tolstring must not touch the next key */
        luaL_argerror(L, arg, lua_pushfstring(L, "key %d has an unknown option '%s'", k,
                      luaL_tolstring(L, -1, NULL)));
    }
}

/* One entry of a key list at the top of the stack: "name" or
 * {"name", "asc"|"desc", order = {...}, collate = "pinyin"}. A rank it
 * asks for is kept by the array at keep. */
static qy_sort_key checkentry(lua_State *L, const qy_table *t, int arg, int k,
                              bool descending_default, int keep)
{
    qy_sort_key key = {0, descending_default, NULL};
    if (lua_type(L, -1) == LUA_TSTRING) {
        key.column = lqy_column_index(L, t, lua_tostring(L, -1), arg);
        return key;
    }
    if (!lua_istable(L, -1))
        luaL_argerror(L, arg, lua_pushfstring(L, "key %d must be a name or {name, direction}", k));
    checkentryoptions(L, arg, k);
    lua_geti(L, -1, 1);                                          /* ..., entry, name */
    if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, arg, lua_pushfstring(L, "key %d has no column name", k));
    key.column = lqy_column_index(L, t, lua_tostring(L, -1), arg);
    lua_geti(L, -2, 2);                                          /* ..., entry, name, dir */
    key.descending = checkdirection(L, -1, arg, descending_default);
    lua_pop(L, 2);                                               /* ..., entry */
    key.rank = checkorder(L, t, key.column, -1, arg, &key.descending);  /* ..., entry, rank */
    keepvalue(L, keep);                                          /* ..., entry */
    return key;
}

/* The sort keys from arg on: a column name and an optional direction or
 * options table {desc = bool, order = {...}, collate = "pinyin"}, or one
 * list of entries (see checkentry). Kept in an array pushed on the stack,
 * which also keeps the ranks the keys point to. [-0, +1, v] */
static qy_sort_key *checkkeys(lua_State *L, const qy_table *t, int arg, bool descending_default,
                              int *n)
{
    static const char *const known[] = {"desc", "order", "collate", NULL};
    if (lua_type(L, arg) == LUA_TSTRING) {
        int column = lqy_checkcolumnname(L, t, arg);
        bool options = lua_istable(L, arg + 1);
        if (options) lqy_checkoptions(L, arg + 1, known);
        bool descending = options ? checkdesc(L, arg + 1, arg + 1, descending_default)
                                  : checkdirection(L, arg + 1, arg + 1, descending_default);
        qy_sort_key *key = lqy_newarray(L, sizeof *key);          /* keys */
        *key = (qy_sort_key){column, descending, NULL};
        *n = 1;
        if (!options) return key;
        key->rank = checkorder(L, t, column, arg + 1, arg + 1, &key->descending);  /* keys, rank */
        keepvalue(L, -2);                                        /* keys */
        return key;
    }
    if (!lua_istable(L, arg)) luaL_typeerror(L, arg, "column name or list of keys");
    int count = (int)luaL_len(L, arg);
    luaL_argcheck(L, count > 0, arg, "sort keys expected");
    int keep = lua_gettop(L) + 1;
    qy_sort_key *keys = lqy_newarray(L, (size_t)count * sizeof *keys);  /* keys */
    for (int k = 0; k < count; k++) {
        lua_geti(L, arg, k + 1);                                 /* keys, entry */
        keys[k] = checkentry(L, t, arg, k + 1, descending_default, keep);
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
 * t:sort("county", { order = {...}, collate = "pinyin", desc = true }),
 * t:sort{ {"county", "asc", order = {...}}, {"funds", "desc"}, "name" } — stable. */
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
    const char *mark;      /* mark_ties, kept on the stack, or NULL */
    size_t mark_len;
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

/* The options table at arg (may be absent): desc, ties, as, by,
 * mark_ties (order and collate are read by checkorder). Pushes the values
 * of as and mark_ties, which keep o.as and o.mark alive, and one userdata
 * (the by columns, possibly empty). [-0, +3, v] */
static rank_options checkrankoptions(lua_State *L, const qy_table *t, int arg)
{
    rank_options o = {false, QY_TIES_MIN, "rank", NULL, 0, NULL, 0};
    if (lua_isnoneornil(L, arg)) {
        lua_pushnil(L);                                          /* as */
        lua_pushnil(L);                                          /* as, mark */
        lua_newuserdatauv(L, 1, 0);                              /* as, mark, by */
        return o;
    }
    static const char *const known[] = {"desc", "ties", "as", "by", "order", "collate",
                                        "mark_ties", NULL};
    lqy_checkoptions(L, arg, known);
    o.descending = checkdesc(L, arg, arg, false);
    lua_getfield(L, arg, "ties");                                /* ties */
    o.ties = checkties(L, -1, arg);
    lua_pop(L, 1);
    lua_getfield(L, arg, "as");                                  /* as */
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, arg, "option 'as' must be a string");
        o.as = lua_tostring(L, -1);
    }
    lua_getfield(L, arg, "mark_ties");                           /* as, mark */
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_argerror(L, arg, "option 'mark_ties' must be a string");
        o.mark = lua_tolstring(L, -1, &o.mark_len);
    }
    lua_getfield(L, arg, "by");                                  /* as, mark, by? */
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_newuserdatauv(L, 1, 0);                              /* as, mark, by */
        return o;
    }
    o.by = checkby(L, t, lua_gettop(L), arg, &o.nby);            /* as, mark, by?, by */
    lua_remove(L, -2);                                           /* as, mark, by */
    return o;
}

/* t:rank("funds", { desc = true, ties = "min"|"dense"|"row", as = "rank",
 * by = "county" or {...}, order = {...}, collate = "pinyin",
 * mark_ties = "（并列）" }) — t with a rank column named as (replacing a
 * column of that name), ranked within groups of by: int64, or strings
 * with shared ranks marked when mark_ties is given. */
static int l_rank(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    int column = lqy_checkcolumnname(L, t, 2);
    rank_options o = checkrankoptions(L, t, 3);                  /* as, mark, by */
    qy_sort_key key = {column, o.descending, NULL};
    if (lua_istable(L, 3)) key.rank = checkorder(L, t, column, 3, 3, &key.descending);
    qy_groups groups = {0};
    qy_column *ranks = NULL;
    qy_error err = {0};
    qy_rank_spec spec = {key, o.ties, o.by ? &groups : NULL, o.mark, o.mark_len};
    int rc = o.by ? qy_groups_build(t, o.by, o.nby, &groups, &err) : QY_OK;
    if (rc == QY_OK) rc = qy_rank(t, &spec, &ranks, &err);
    qy_groups_free(&groups);
    if (rc != QY_OK) return lqy_raise(L, &err);
    lqy_pushcolumn(L, ranks);                                    /* ..., ranks */
    qy_table *out = NULL;
    if (qy_table_with(t, &o.as, &ranks, 1, &out, &err) != QY_OK) return lqy_raise(L, &err);
    lqy_pushtable(L, out);                                       /* ..., ranks, out */
    return 1;
}

const luaL_Reg lqy_sort_methods[] = {
    {"sort", l_sort}, {"top", l_top}, {"rank", l_rank},
    {NULL, NULL}
};
