/* lgroup.c — grouping and aggregating: t:group_by(...):agg{...}, t:agg{...},
 * t:pivot{...}, the aggregate specs qy.count() ... qy.first(col), and the
 * column reductions c:sum() ... c:median().
 *
 * Types (metatables made on first use):
 *   "qy.grouped"    a table and its key columns, waiting for :agg{...}
 *   "qy.aggregate"  what to compute: a kind and a column name (user value 1,
 *                   nil for qy.count() of rows)
 * Reductions return plain Lua values: a decimal sum comes back as a number
 * (exact text: print t:agg{...}, or its column's :text(1)).
 */
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "date.h"
#include "lqy.h"
#include "number.h"
#include "pivot.h"

#define QY_GROUPED_TYPE "qy.grouped"
#define QY_AGGREGATE_TYPE "qy.aggregate"

/* ---- qy.count() ... qy.first(col) ----------------------------------------- */

typedef struct LAggregate {
    qy_agg_kind kind;
} LAggregate;

static int aggregate_tostring(lua_State *L)
{
    LAggregate *a = luaL_checkudata(L, 1, QY_AGGREGATE_TYPE);
    if (lua_getiuservalue(L, 1, 1) == LUA_TSTRING)                 /* col */
        lua_pushfstring(L, "qy.%s(\"%s\")", qy_agg_name(a->kind), lua_tostring(L, -1));
    else
        lua_pushfstring(L, "qy.%s()", qy_agg_name(a->kind));
    return 1;
}

/* Pushes an aggregate spec of kind over the column named at arg 1 (optional
 * for count). [-0, +1, m] */
static int new_aggregate(lua_State *L, qy_agg_kind kind)
{
    if (kind == QY_AGG_COUNT) luaL_optstring(L, 1, NULL);
    else luaL_checkstring(L, 1);
    lua_settop(L, 1);                                              /* col */
    LAggregate *a = lua_newuserdatauv(L, sizeof *a, 1);            /* agg */
    a->kind = kind;
    if (luaL_newmetatable(L, QY_AGGREGATE_TYPE)) {                 /* agg, mt */
        lua_pushcfunction(L, aggregate_tostring);
        lua_setfield(L, -2, "__tostring");
    }
    lua_setmetatable(L, -2);                                       /* agg */
    lua_pushvalue(L, 1);                                           /* agg, col */
    lua_setiuservalue(L, -2, 1);                                   /* agg */
    return 1;
}

static int l_count(lua_State *L) { return new_aggregate(L, QY_AGG_COUNT); }
static int l_sum(lua_State *L) { return new_aggregate(L, QY_AGG_SUM); }
static int l_mean(lua_State *L) { return new_aggregate(L, QY_AGG_MEAN); }
static int l_median(lua_State *L) { return new_aggregate(L, QY_AGG_MEDIAN); }
static int l_min(lua_State *L) { return new_aggregate(L, QY_AGG_MIN); }
static int l_max(lua_State *L) { return new_aggregate(L, QY_AGG_MAX); }
static int l_count_distinct(lua_State *L) { return new_aggregate(L, QY_AGG_COUNT_DISTINCT); }
static int l_first(lua_State *L) { return new_aggregate(L, QY_AGG_FIRST); }

/* ---- agg{...} ------------------------------------------------------------ */

/* Fills agg from the spec at idx, output name given: the kind, and the
 * column it names resolved against t (errors name argument arg). */
static void check_aggregate(lua_State *L, const qy_table *t, int idx, const char *name, int arg,
                            qy_agg *agg)
{
    LAggregate *a = luaL_testudata(L, idx, QY_AGGREGATE_TYPE);
    if (!a)
        luaL_argerror(L, arg, lua_pushfstring(L, "'%s' is not an aggregate such as "
                      "qy.sum(\"amount\"), got %s", name, luaL_typename(L, idx)));
    agg->name = name;
    agg->kind = a->kind;
    agg->column = -1;
    if (lua_getiuservalue(L, idx, 1) == LUA_TSTRING)               /* col */
        agg->column = lqy_column_index(L, t, lua_tostring(L, -1), arg);
    lua_pop(L, 1);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The aggregates of the table at arg: { name = spec, ... } ordered by name,
 * or { {name, spec}, ... } in the order written. An array in a userdata
 * pushed on the stack, which also keeps the names alive. [-0, +1, v] */
static qy_agg *check_aggregates(lua_State *L, const qy_table *t, int arg, int *n)
{
    luaL_checktype(L, arg, LUA_TTABLE);
    int ordered = lua_rawlen(L, arg) > 0, count = 0;
    for (lua_pushnil(L); lua_next(L, arg); lua_pop(L, 1)) count++;
    const char **names = lua_newuserdatauv(L, (size_t)count * sizeof *names + 1, 0); /* names */
    qy_agg *aggs = lqy_newarray(L, (size_t)count * sizeof *aggs);  /* names, aggs */
    int at = lua_gettop(L);
    int k = 0;
    for (lua_pushnil(L); lua_next(L, arg); lua_pop(L, 1)) {       /* ..., key, value */
        if (ordered && !(lua_isinteger(L, -2) && lua_istable(L, -1)))
            luaL_argerror(L, arg, "expected a list of {name, aggregate}");
        if (!ordered && lua_type(L, -2) != LUA_TSTRING)
            luaL_argerror(L, arg, "keys must be column names");
        if (!ordered) {
            lua_pushvalue(L, -2);                                  /* ..., key, value, key */
            names[k++] = lqy_keepstring(L, at, NULL);
        }
    }
    if (!ordered) qsort(names, (size_t)count, sizeof *names, compare_names);
    for (k = 0; k < count; k++) {
        if (ordered) {
            lua_geti(L, arg, k + 1);                               /* ..., entry */
            if (lua_geti(L, -1, 1) != LUA_TSTRING)                 /* ..., entry, name */
                luaL_argerror(L, arg, lua_pushfstring(L, "entry %d has no name", k + 1));
            names[k] = lqy_keepstring(L, at, NULL);                /* ..., entry */
            lua_geti(L, -1, 2);                                    /* ..., entry, spec */
        } else {
            lua_getfield(L, arg, names[k]);                        /* ..., spec */
        }
        check_aggregate(L, t, lua_gettop(L), names[k], arg, &aggs[k]);
        lua_pop(L, ordered ? 2 : 1);
    }
    lua_remove(L, -2);                                             /* aggs */
    *n = count;
    return aggs;
}

/* Pushes t grouped by keys and aggregated by the spec at arg. */
static int aggregate_table(lua_State *L, const qy_table *t, const int *keys, int nkeys, int arg)
{
    int n;
    qy_agg *aggs = check_aggregates(L, t, arg, &n);
    qy_table *out = NULL;
    qy_error err = {0};
    if (qy_table_aggregate(t, keys, nkeys, aggs, n, &out, &err) != QY_OK)
        return lqy_argfail(L, arg, err.code, &err);
    lqy_pushtable(L, out);
    return 1;
}

/* t:agg{...} — one row for the whole table. */
static int l_agg(lua_State *L)
{
    return aggregate_table(L, lqy_checktable(L, 1), NULL, 0, 2);
}

/* ---- t:group_by(...) ----------------------------------------------------- */

typedef struct LGrouped {
    qy_table *t;            /* one reference, or NULL once collected */
    int nkeys;
    int keys[];
} LGrouped;

static LGrouped *check_grouped(lua_State *L, int arg)
{
    LGrouped *g = luaL_checkudata(L, arg, QY_GROUPED_TYPE);
    if (!g->t) luaL_argerror(L, arg, "grouped table was already collected");
    return g;
}

static int grouped_gc(lua_State *L)
{
    LGrouped *g = luaL_checkudata(L, 1, QY_GROUPED_TYPE);
    qy_table_release(g->t);
    g->t = NULL;
    return 0;
}

static int grouped_agg(lua_State *L)
{
    LGrouped *g = check_grouped(L, 1);
    return aggregate_table(L, g->t, g->keys, g->nkeys, 2);
}

/* "qy.grouped by county, industry" */
static int grouped_tostring(lua_State *L)
{
    LGrouped *g = check_grouped(L, 1);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "qy.grouped by ");
    for (int k = 0; k < g->nkeys; k++) {
        if (k) luaL_addstring(&b, ", ");
        luaL_addstring(&b, g->t->names[g->keys[k]]);
    }
    luaL_pushresult(&b);
    return 1;
}

static void set_grouped_metatable(lua_State *L)
{
    static const luaL_Reg metamethods[] = {
        {"__gc", grouped_gc}, {"__tostring", grouped_tostring}, {NULL, NULL}
    };
    static const luaL_Reg methods[] = {{"agg", grouped_agg}, {NULL, NULL}};
    if (luaL_newmetatable(L, QY_GROUPED_TYPE)) {                   /* ..., mt */
        luaL_setfuncs(L, metamethods, 0);
        luaL_newlib(L, methods);                                   /* ..., mt, methods */
        lua_setfield(L, -2, "__index");
    }
    lua_setmetatable(L, -2);
}

/* t:group_by("county", "industry") or t:group_by{...} — keys for :agg{}. */
static int l_group_by(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    int n;
    int *keys = lqy_checknames(L, t, 2, &n);                       /* ..., keys */
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (keys[i] == keys[j])
                return luaL_argerror(L, 2, lua_pushfstring(L, "column '%s' named twice",
                                     t->names[keys[i]]));
    LGrouped *g = lua_newuserdatauv(L, sizeof *g + (size_t)n * sizeof *g->keys, 0);
    g->t = NULL;                                                   /* ..., keys, grouped */
    g->nkeys = n;
    memcpy(g->keys, keys, (size_t)n * sizeof *keys);
    set_grouped_metatable(L);
    g->t = qy_table_retain(t);
    return 1;
}

/* ---- t:pivot{...} -------------------------------------------------------- */

/* The row keys of option rows (a name or a list of names; none: one row),
 * in an int array in a userdata pushed on the stack. [-0, +1, v] */
static int *pivot_rows(lua_State *L, const qy_table *t, int opts, int *n)
{
    int type = lua_getfield(L, opts, "rows");                      /* ..., rows */
    int count = type == LUA_TTABLE ? (int)luaL_len(L, -1) : type == LUA_TSTRING;
    if (type != LUA_TNIL && type != LUA_TTABLE && type != LUA_TSTRING)
        luaL_argerror(L, opts, "option 'rows' must be a column name or a list of names");
    int *rows = lua_newuserdatauv(L, (size_t)count * sizeof *rows + 1, 0); /* ..., rows, idx */
    for (int k = 0; k < count; k++) {
        if (type == LUA_TTABLE && lua_geti(L, -2, k + 1) != LUA_TSTRING)
            luaL_argerror(L, opts, lua_pushfstring(L, "option 'rows': name %d is not a string",
                          k + 1));
        rows[k] = lqy_column_index(L, t, lua_tostring(L, type == LUA_TTABLE ? -1 : -2), opts);
        if (type == LUA_TTABLE) lua_pop(L, 1);
    }
    lua_remove(L, -2);                                             /* ..., idx */
    *n = count;
    return rows;
}

/* The column named by option key; -1 when it is absent and may be. */
static int pivot_column(lua_State *L, const qy_table *t, int opts, const char *key, int required)
{
    int type = lua_getfield(L, opts, key);                         /* ..., name */
    int col = -1;
    if (type == LUA_TSTRING) col = lqy_column_index(L, t, lua_tostring(L, -1), opts);
    else if (type != LUA_TNIL)
        luaL_argerror(L, opts, lua_pushfstring(L, "option '%s' must be a column name", key));
    else if (required)
        luaL_argerror(L, opts, lua_pushfstring(L, "option '%s' is required", key));
    lua_pop(L, 1);
    return col;
}

static qy_agg_kind pivot_agg(lua_State *L, int opts)
{
    qy_agg_kind kind = QY_AGG_SUM;
    int type = lua_getfield(L, opts, "agg");                       /* ..., agg */
    if (type != LUA_TNIL && (type != LUA_TSTRING || qy_agg_parse(lua_tostring(L, -1), &kind) != QY_OK))
        luaL_argerror(L, opts, lua_pushfstring(L, "option 'agg' must be one of count, sum, "
                      "mean, median, min, max, count_distinct, first"));
    lua_pop(L, 1);
    return kind;
}

static void check_pivot_options(lua_State *L, int opts)
{
    static const char *const known[] = {"rows", "cols", "values", "agg", "fill", "max_cols", NULL};
    lqy_checkoptions(L, opts, known);
}

/* t:pivot{ rows = "county", cols = "q", values = "amount", agg = "sum",
 *          fill = 0, max_cols = 1000 } */
static int l_pivot(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    check_pivot_options(L, 2);
    qy_pivot_spec spec;
    spec.rows = pivot_rows(L, t, 2, &spec.nrows);                  /* 3: rows */
    spec.cols = pivot_column(L, t, 2, "cols", 1);
    spec.agg = pivot_agg(L, 2);
    spec.values = pivot_column(L, t, 2, "values", spec.agg != QY_AGG_COUNT);
    lua_getfield(L, 2, "max_cols");                                /* 4: max_cols */
    lua_Integer max_cols = luaL_opt(L, lua_tointeger, 4, 1000);
    if (!lua_isnil(L, 4) && (!lua_isinteger(L, 4) || max_cols < 1 || max_cols > INT32_MAX))
        return luaL_argerror(L, 2, "option 'max_cols' must be a positive integer");
    spec.max_cols = (int)max_cols;
    int type = lua_getfield(L, 2, "fill");                         /* 5: fill */
    if (type != LUA_TNIL && type != LUA_TNUMBER && type != LUA_TSTRING && type != LUA_TBOOLEAN)
        return luaL_argerror(L, 2, "option 'fill' must be a number, string, boolean or nil");
    lua_replace(L, 2);              /* the options are read: fill's errors now name arg 2 */
    qy_scalar fill = lqy_toscalar(L, 2, spec.values >= 0 ? t->cols[spec.values] : NULL);
    spec.fill = fill.null ? NULL : &fill;
    qy_table *out = NULL;
    qy_error err = {0};
    if (qy_table_pivot(t, &spec, &out, &err) != QY_OK)
        return lqy_argfail(L, 2, err.code, &err);
    lqy_pushtable(L, out);
    return 1;
}

/* ---- c:sum() ... c:median() ---------------------------------------------- */

static void push_scalar(lua_State *L, const qy_scalar *s)
{
    char buf[16];
    if (s->null) {
        lua_pushnil(L);
        return;
    }
    switch (s->type) {
    case QY_INT64: lua_pushinteger(L, s->v.i64); return;
    case QY_FLOAT64: lua_pushnumber(L, s->v.f64); return;
    case QY_DECIMAL: lua_pushnumber(L, qy_decimal_to_double(s->v.i64, s->scale)); return;
    case QY_STRING: lua_pushlstring(L, s->v.str.ptr, s->v.str.len); return;
    case QY_DATE: lua_pushlstring(L, buf, qy_date_format(s->v.date, buf)); return;
    case QY_BOOL: lua_pushboolean(L, s->v.b); return;
    }
    lua_pushnil(L);
}

static int reduce(lua_State *L, qy_agg_kind kind)
{
    qy_column *c = lqy_checkcolumn(L, 1);
    lua_getiuservalue(L, 1, 1);                                    /* name */
    qy_scalar s;
    qy_error err = {0};
    if (qy_column_reduce(c, lua_tostring(L, -1), kind, &s, &err) != QY_OK)
        return lqy_argfail(L, 1, err.code, &err);
    push_scalar(L, &s);
    return 1;
}

static int c_sum(lua_State *L) { return reduce(L, QY_AGG_SUM); }
static int c_mean(lua_State *L) { return reduce(L, QY_AGG_MEAN); }
static int c_median(lua_State *L) { return reduce(L, QY_AGG_MEDIAN); }
static int c_min(lua_State *L) { return reduce(L, QY_AGG_MIN); }
static int c_max(lua_State *L) { return reduce(L, QY_AGG_MAX); }
static int c_count(lua_State *L) { return reduce(L, QY_AGG_COUNT); }
static int c_nunique(lua_State *L) { return reduce(L, QY_AGG_COUNT_DISTINCT); }

const luaL_Reg lqy_group_methods[] = {
    {"group_by", l_group_by}, {"agg", l_agg}, {"pivot", l_pivot},
    {NULL, NULL}
};

const luaL_Reg lqy_group_column_methods[] = {
    {"sum", c_sum}, {"mean", c_mean}, {"median", c_median}, {"min", c_min}, {"max", c_max},
    {"count", c_count}, {"nunique", c_nunique},
    {NULL, NULL}
};

const luaL_Reg lqy_group_functions[] = {
    {"count", l_count}, {"sum", l_sum}, {"mean", l_mean}, {"median", l_median},
    {"min", l_min}, {"max", l_max}, {"count_distinct", l_count_distinct}, {"first", l_first},
    {NULL, NULL}
};
