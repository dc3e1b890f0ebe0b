/* lverbs.c — table verbs that reshape without computing: filter, select,
 * drop, with, and qy.concat. Each returns a new table. */
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "lqy.h"

/* t:filter(mask) — the rows where the bool column mask is true. */
static int l_filter(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    qy_column *mask = lqy_checkcolumn(L, 2);
    qy_table *out = NULL;
    qy_error err = {0};
    int rc = qy_table_filter(t, mask, &out, &err);
    if (rc != QY_OK) return lqy_argfail(L, 2, rc, &err);
    lqy_pushtable(L, out);
    return 1;
}

int *lqy_checknames(lua_State *L, const qy_table *t, int arg, int *n)
{
    int list = lua_istable(L, arg);
    int count = list ? (int)luaL_len(L, arg) : lua_gettop(L) - arg + 1;
    luaL_argcheck(L, count > 0, arg, "column names expected");
    int *idx = lua_newuserdatauv(L, (size_t)count * sizeof *idx, 0);   /* idx */
    for (int k = 0; k < count; k++) {
        if (list) {
            lua_geti(L, arg, k + 1);                                     /* idx, name */
            if (lua_type(L, -1) != LUA_TSTRING)
                luaL_argerror(L, arg, lua_pushfstring(L, "name %d is not a string", k + 1));
            idx[k] = lqy_column_index(L, t, lua_tostring(L, -1), arg);
            lua_pop(L, 1);
        } else {
            idx[k] = lqy_checkcolumnname(L, t, arg + k);
        }
    }
    *n = count;
    return idx;
}

/* Whether arg is a list holding an entry {label, source}. */
static int has_labels(lua_State *L, int arg)
{
    if (!lua_istable(L, arg)) return 0;
    int found = 0;
    for (lua_Integer k = 1, n = luaL_len(L, arg); k <= n && !found; k++) {
        found = lua_geti(L, arg, k) == LUA_TTABLE;                       /* entry */
        lua_pop(L, 1);
    }
    return found;
}

/* The column of a labelled entry's source at the top of the stack (a name
 * of t's, or a qy.column, kept alive in the keep table of array): pops it. */
static qy_column *entry_source(lua_State *L, const qy_table *t, int array, int k)
{
    if (lua_type(L, -1) == LUA_TSTRING) {
        qy_column *c = t->cols[lqy_column_index(L, t, lua_tostring(L, -1), 2)];
        lua_pop(L, 1);
        return c;
    }
    if (!luaL_testudata(L, -1, QY_COLUMN_TYPE))
        luaL_argerror(L, 2, lua_pushfstring(L, "entry %d: the source must be a column name or a "
                                            "qy.column", k));
    qy_column *c = lqy_checkcolumn(L, lua_gettop(L));
    lua_getiuservalue(L, array, 1);                                      /* source, keep */
    lua_rotate(L, -2, 1);                                                /* keep, source */
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);              /* keep */
    lua_pop(L, 1);
    return c;
}

/* t:select{ {"label", source}, "name", ... } — those columns in that order,
 * each {label, source} under its label. */
static int select_labelled(lua_State *L, qy_table *t)
{
    lua_settop(L, 2);
    int n = (int)luaL_len(L, 2);
    const char **names = lqy_newarray(L, (size_t)n * sizeof *names);              /* 3 */
    qy_column **cols = lqy_newarray(L, (size_t)n * sizeof *cols);                 /* 4 */
    for (int k = 0; k < n; k++) {
        int type = lua_geti(L, 2, k + 1);                                /* entry */
        if (type == LUA_TSTRING) {
            int j = lqy_column_index(L, t, lua_tostring(L, -1), 2);
            names[k] = t->names[j];
            cols[k] = t->cols[j];
        } else if (type == LUA_TTABLE) {
            if (lua_geti(L, -1, 1) != LUA_TSTRING)                       /* entry, label */
                return luaL_argerror(L, 2, lua_pushfstring(L, "entry %d has no label", k + 1));
            names[k] = lqy_keepstring(L, 3, NULL);                       /* entry */
            lua_geti(L, -1, 2);                                          /* entry, source */
            cols[k] = entry_source(L, t, 4, k + 1);                      /* entry */
        } else {
            return luaL_argerror(L, 2, lua_pushfstring(L, "entry %d must be a column name or "
                                                       "{label, source}", k + 1));
        }
        lua_pop(L, 1);
        for (int m = 0; m < k; m++)
            if (strcmp(names[m], names[k]) == 0)
                return luaL_argerror(L, 2, lua_pushfstring(L, "column '%s' named twice", names[k]));
    }
    qy_table *out = NULL;
    qy_error err = {0};
    int rc = qy_table_from_columns(t->nrows, names, cols, n, &out, &err);
    if (rc != QY_OK) return lqy_argfail(L, 2, rc, &err);
    lqy_pushtable(L, out);
    return 1;
}

/* t:select("a", "b") or t:select{"a", "b"} — those columns, in that order;
 * with labels, t:select{ {"label", source}, "name" } (select_labelled). */
static int l_select(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    if (has_labels(L, 2)) return select_labelled(L, t);
    int n;
    int *idx = lqy_checknames(L, t, 2, &n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (idx[i] == idx[j])
                return luaL_argerror(L, 2, lua_pushfstring(L, "column '%s' named twice",
                                     t->names[idx[i]]));
    qy_table *out = NULL;
    qy_error err = {0};
    if (qy_table_select(t, idx, n, &out, &err) != QY_OK) return lqy_raise(L, &err);
    lqy_pushtable(L, out);
    return 1;
}

/* t:drop("a", ...) — every column but those. */
static int l_drop(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    int n;
    int *dropped = lqy_checknames(L, t, 2, &n);
    int *keep = lua_newuserdatauv(L, (size_t)t->ncols * sizeof *keep + 1, 0);
    int nkeep = 0;
    for (int j = 0; j < t->ncols; j++) {
        int drop = 0;
        for (int k = 0; k < n; k++) drop |= dropped[k] == j;
        if (!drop) keep[nkeep++] = j;
    }
    qy_table *out = NULL;
    qy_error err = {0};
    if (qy_table_select(t, keep, nkeep, &out, &err) != QY_OK) return lqy_raise(L, &err);
    lqy_pushtable(L, out);
    return 1;
}

/* A column of length rows, every row the scalar s. Caller releases. */
static int constant_column(const qy_scalar *s, int64_t length, qy_column **out, qy_error *err)
{
    qy_dict *dict = NULL;
    if (s->type == QY_STRING && !(dict = qy_dict_new()))
        return qy_error_set(err, QY_ENOMEM, "not enough memory");
    uint32_t code = 0;
    int rc = dict ? qy_dict_intern(dict, s->v.str.ptr, s->v.str.len, &code) : QY_OK;
    if (rc == QY_OK) rc = qy_column_new(s->type, s->scale, dict, length, out, err);
    qy_dict_release(dict);
    if (rc != QY_OK) return qy_error_default(err, rc);
    qy_column *c = *out;
    for (int64_t i = 0; i < length && rc == QY_OK; i++) {
        if (s->null) rc = qy_column_set_null(c, i, err);
        else if (s->type == QY_STRING) c->v.code[i] = code;
        else if (s->type == QY_FLOAT64) c->v.f64[i] = s->v.f64;
        else if (s->type == QY_DATE) c->v.date[i] = s->v.date;
        else if (s->type == QY_BOOL) c->v.b[i] = s->v.b;
        else c->v.i64[i] = s->v.i64;
    }
    if (rc != QY_OK) {
        qy_column_release(c);
        *out = NULL;
    }
    return rc;
}

/* The value at idx as a column over t (a column; a window such as
 * qy.cumsum("funds"), computed over t; or a scalar repeated), left on the
 * stack as a column userdata; returns it. */
static qy_column *value_column(lua_State *L, const qy_table *t, int idx, const char *name)
{
    if (luaL_testudata(L, idx, QY_COLUMN_TYPE)) {
        lua_pushvalue(L, idx);                                           /* col */
        return lqy_checkcolumn(L, -1);
    }
    qy_column *window = lqy_window_eval(L, t, idx);
    if (window) {
        lqy_pushcolumn(L, window);                                       /* col */
        return window;
    }
    int type = lua_type(L, idx);
    if (type != LUA_TNIL && type != LUA_TBOOLEAN && type != LUA_TNUMBER && type != LUA_TSTRING)
        luaL_argerror(L, 2, lua_pushfstring(L, "bad value for column '%s': a column, a window "
                      "or a scalar expected, got %s", name, luaL_typename(L, idx)));
    qy_scalar s = lqy_toscalar(L, idx, NULL);
    qy_column *c = NULL;
    qy_error err = {0};
    if (constant_column(&s, t->nrows, &c, &err) != QY_OK) lqy_raise(L, &err);
    lqy_pushcolumn(L, c);                                                /* col */
    return c;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* t:with{ name = value, ... } (new columns ordered by name) or
 * t:with{ {"name", value}, ... } (in the order written): adds or replaces.
 * A value is a column, a window (qy.cumsum("funds"), ...) or a scalar. */
static int l_with(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);   /* the slots below are numbered: no extra arguments */
    int ordered = lua_rawlen(L, 2) > 0, n = 0;
    for (lua_pushnil(L); lua_next(L, 2); lua_pop(L, 1)) n++;
    luaL_checkstack(L, n + 8, "too many columns");
    const char **names = lqy_newarray(L, (size_t)n * sizeof *names);              /* 3 */
    qy_column **cols = lua_newuserdatauv(L, (size_t)n * sizeof *cols + 1, 0);     /* 4 */
    int k = 0;
    for (lua_pushnil(L); lua_next(L, 2); lua_pop(L, 1)) {            /* key, value */
        if (ordered) {
            if (!lua_isinteger(L, -2) || !lua_istable(L, -1))
                return luaL_argerror(L, 2, "expected a list of {name, value}");
            lua_geti(L, -1, 1);                                          /* key, value, name */
            if (lua_type(L, -1) != LUA_TSTRING)
                return luaL_argerror(L, 2, lua_pushfstring(L, "entry %d has no name", k + 1));
        } else {
            if (lua_type(L, -2) != LUA_TSTRING) return luaL_argerror(L, 2, "keys must be column names");
            lua_pushvalue(L, -2);                                        /* key, value, name */
        }
        names[k++] = lqy_keepstring(L, 3, NULL);                         /* key, value */
    }
    if (!ordered) qsort(names, (size_t)n, sizeof *names, compare_names);
    for (k = 0; k < n; k++) {
        if (ordered) {
            lua_geti(L, 2, k + 1);                                       /* entry */
            lua_geti(L, -1, 2);                                          /* entry, value */
        } else {
            lua_getfield(L, 2, names[k]);                                /* value */
        }
        cols[k] = value_column(L, t, lua_gettop(L), names[k]);           /* ..., value, col */
        lua_replace(L, ordered ? -3 : -2);    /* the column userdata keeps cols[k] alive */
        if (ordered) lua_pop(L, 1);
    }
    qy_table *out = NULL;
    qy_error err = {0};
    int rc = qy_table_with(t, names, cols, n, &out, &err);
    if (rc != QY_OK) return lqy_argfail(L, 2, rc, &err);
    lqy_pushtable(L, out);
    return 1;
}

/* qy.concat(t1, t2, ...) — rows of each in turn. */
static int l_concat(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_argcheck(L, n >= 1, 1, "a table expected");
    qy_table *acc = qy_table_retain(lqy_checktable(L, 1));
    lqy_pushtable(L, acc);                                               /* ..., acc */
    for (int i = 2; i <= n; i++) {
        qy_table *next = lqy_checktable(L, i), *out = NULL;
        qy_error err = {0};
        int rc = qy_table_concat(lqy_checktable(L, -1), next, &out, &err);
        if (rc != QY_OK) return lqy_argfail(L, i, rc, &err);
        lqy_pushtable(L, out);                                           /* ..., acc, out */
        lua_remove(L, -2);
    }
    return 1;
}

const luaL_Reg lqy_verb_methods[] = {
    {"filter", l_filter}, {"select", l_select}, {"drop", l_drop}, {"with", l_with},
    {NULL, NULL}
};

const luaL_Reg lqy_verb_functions[] = {
    {"concat", l_concat},
    {NULL, NULL}
};
