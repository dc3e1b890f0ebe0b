/* lqy.c — the `qy` module: its functions (read_csv, write, read, write_text, table, clock)
 * and opening. */
#include "lqy.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "alloc.h"
#include "colfile.h"
#include "csv_cache.h"
#include "csv_read.h"
#include "date.h"
#include "dict.h"
#include "file.h"
#include "number.h"

int lqy_raise(lua_State *L, const qy_error *err)
{
    lua_pushstring(L, err->msg[0] ? err->msg : qy_strerror(err->code));
    return lua_error(L);
}

int lqy_argfail(lua_State *L, int arg, int rc, const qy_error *err)
{
    const char *msg = err->msg[0] ? err->msg : qy_strerror(rc);
    if (rc == QY_ENOMEM) return luaL_error(L, "%s", msg);
    return luaL_argerror(L, arg, msg);
}

/* ---- qy.read_csv --------------------------------------------------------- */

/* A C array living in a userdata on the stack, so an error frees it. [-0, +1, m] */
static void *stack_array(lua_State *L, size_t count, size_t size)
{
    return lua_newuserdatauv(L, count ? count * size : 1, 0);
}

/* Pushes opts[key] and returns it, or def when it is nil; the caller pops
 * it after the last use of the string. [-0, +1, v] */
static const char *opt_string(lua_State *L, int opts, const char *key, const char *def)
{
    int t = lua_getfield(L, opts, key);                        /* opts[key] */
    if (t == LUA_TSTRING) return lua_tostring(L, -1);
    if (t != LUA_TNIL) luaL_argerror(L, opts, lua_pushfstring(L, "option '%s' must be a string", key));
    return def;
}

int lqy_optboolean(lua_State *L, int opts, const char *key, int def)
{
    int t = lua_getfield(L, opts, key);                        /* opts[key] */
    int on = t == LUA_TNIL ? def : lua_toboolean(L, -1);
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        luaL_argerror(L, opts, lua_pushfstring(L, "option '%s' must be a boolean", key));
    lua_pop(L, 1);
    return on;
}

/* opts.delim: one byte; absent, 0 (sniffed from the file). */
static char read_delim(lua_State *L, int opts)
{
    const char *d = opt_string(L, opts, "delim", NULL);        /* delim */
    char delim = 0;
    if (d && strcmp(d, "\\t") == 0)
        luaL_argerror(L, opts, "option 'delim' is the two characters '\\t'; a tab is written \"\\t\"");
    if (d && (strlen(d) != 1 || d[0] == '"' || d[0] == '\n' || d[0] == '\r'))
        luaL_argerror(L, opts, "option 'delim' must be one byte such as ',', '\\t' (a tab), ';' "
                      "or '|'");
    if (d) delim = d[0];
    lua_pop(L, 1);
    return delim;
}

/* opts.skip: a count of lines, 0 when absent. */
static int64_t read_skip(lua_State *L, int opts)
{
    int t = lua_getfield(L, opts, "skip");                     /* opts.skip */
    int whole = 0;
    lua_Integer n = lua_tointegerx(L, -1, &whole);
    if (t != LUA_TNIL && (t != LUA_TNUMBER || !whole || n < 0))
        luaL_argerror(L, opts, "option 'skip' must be a non-negative integer");
    lua_pop(L, 1);
    return t == LUA_TNIL ? 0 : (int64_t)n;
}

static void read_types(lua_State *L, int opts, qy_csv_options *o)
{
    if (lua_getfield(L, opts, "types") == LUA_TNIL) {           /* ..., types */
        lua_pop(L, 1);
        return;
    }
    if (!lua_istable(L, -1)) luaL_argerror(L, opts, "option 'types' must be a table");
    int tbl = lua_gettop(L), n = 0;
    for (lua_pushnil(L); lua_next(L, tbl); lua_pop(L, 1)) n++;
    qy_csv_type *list = lqy_newarray(L, (size_t)n * sizeof *list); /* ..., types, list */
    int i = 0;
    for (lua_pushnil(L); lua_next(L, tbl); lua_pop(L, 1)) {     /* ..., list, key, value */
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
            luaL_argerror(L, opts, "option 'types' maps column names to type names");
        const char *name = lua_tostring(L, -1);
        if (qy_type_parse(name, &list[i].type, &list[i].scale) != QY_OK)
            luaL_argerror(L, opts, lua_pushfstring(L, "unknown type '%s' for column '%s' "
                          "(int64, float64, decimal(0..6), string, date, bool)",
                          name, lua_tostring(L, -2)));
        lua_pushvalue(L, -2);                                   /* ..., list, key, value, key */
        list[i++].column = lqy_keepstring(L, tbl + 1, NULL);
    }
    o->types = list;
    o->ntypes = n;
}

static void read_nulls(lua_State *L, int opts, qy_csv_options *o)
{
    int t = lua_getfield(L, opts, "null");                      /* opts.null */
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (t == LUA_TSTRING) {
        const char **list = stack_array(L, 1, sizeof *list);
        list[0] = lua_tostring(L, -2);
        o->nulls = list;
        o->nnulls = 1;
        return;                                                 /* ..., str, list */
    }
    if (t != LUA_TTABLE) luaL_argerror(L, opts, "option 'null' must be a string or a list of strings");
    int n = (int)luaL_len(L, -1);
    const char **list = lqy_newarray(L, (size_t)n * sizeof *list); /* ..., tbl, list */
    int at = lua_gettop(L);
    for (int i = 0; i < n; i++) {
        if (lua_geti(L, -2, i + 1) != LUA_TSTRING)              /* ..., tbl, list, s */
            luaL_argerror(L, opts, "option 'null' must be a string or a list of strings");
        list[i] = lqy_keepstring(L, at, NULL);                  /* ..., tbl, list */
    }
    o->nulls = list;
    o->nnulls = n;
}

static int compare_renames(const void *a, const void *b)
{
    return strcmp(((const qy_csv_rename *)a)->from, ((const qy_csv_rename *)b)->from);
}

static void read_renames(lua_State *L, int opts, qy_csv_options *o)
{
    if (lua_getfield(L, opts, "rename") == LUA_TNIL) {          /* opts.rename */
        lua_pop(L, 1);
        return;
    }
    if (!lua_istable(L, -1)) luaL_argerror(L, opts, "option 'rename' must be a table");
    int tbl = lua_gettop(L), n = 0;
    for (lua_pushnil(L); lua_next(L, tbl); lua_pop(L, 1)) n++;
    qy_csv_rename *list = lqy_newarray(L, (size_t)n * sizeof *list); /* ..., tbl, list */
    int i = 0;
    for (lua_pushnil(L); lua_next(L, tbl); lua_pop(L, 1)) {     /* ..., list, key, value */
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
            luaL_argerror(L, opts, "option 'rename' maps names in the file to new names");
        lua_pushvalue(L, -2);
        list[i].from = lqy_keepstring(L, tbl + 1, NULL);
        lua_pushvalue(L, -1);
        list[i++].to = lqy_keepstring(L, tbl + 1, NULL);
    }
    qsort(list, (size_t)n, sizeof *list, compare_renames);   /* the same load whatever the order */
    o->renames = list;
    o->nrenames = n;
}

static void read_max_bytes(lua_State *L, int opts, qy_csv_options *o)
{
    int isint = 0;
    if (lua_getfield(L, opts, "max_bytes") != LUA_TNIL) {       /* opts.max_bytes */
        lua_Integer n = lua_tointegerx(L, -1, &isint);
        if (!isint || n < 1) luaL_argerror(L, opts, "option 'max_bytes' must be a positive integer");
        o->max_bytes = (size_t)n;
    }
    lua_pop(L, 1);
}

int lqy_checkoptions(lua_State *L, int arg, const char *const known[])
{
    if (lua_isnoneornil(L, arg)) return 0;
    luaL_checktype(L, arg, LUA_TTABLE);
    for (lua_pushnil(L); lua_next(L, arg); lua_pop(L, 1)) {           /* key, value */
        int ok = 0;
        for (int i = 0; known[i] && !ok; i++)
            ok = lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), known[i]) == 0;
        if (!ok) {
            lua_pushvalue(L, -2);                 /* tolstring must not touch the next key */
            luaL_argerror(L, arg, lua_pushfstring(L, "unknown option '%s'",
                          luaL_tolstring(L, -1, NULL)));
        }
    }
    return 1;
}

void lqy_typing_options(lua_State *L, int opts, qy_csv_options *o)
{
    static const char *const ragged[] = {"error", "skip", "pad"};
    const char *policy = opt_string(L, opts, "on_ragged", "error");  /* on_ragged */
    int k = 0;
    while (k < 3 && strcmp(policy, ragged[k]) != 0) k++;
    if (k == 3)
        luaL_argerror(L, opts, lua_pushfstring(L, "option 'on_ragged' must be 'error', 'skip' "
                      "or 'pad', not '%s'", policy));
    lua_pop(L, 1);
    o->on_ragged = (qy_ragged)k;
    read_types(L, opts, o);
    read_nulls(L, opts, o);
    read_renames(L, opts, o);
}

static void read_csv_options(lua_State *L, int opts, qy_csv_options *o)
{
    static const char *const known[] = {"delim", "header", "skip", "encoding", "types", "null",
                                        "on_ragged", "rename", "quiet", "cache", "max_bytes",
                                        NULL};
    lqy_checkoptions(L, opts, known);
    o->delim = read_delim(L, opts);
    o->header = lqy_optboolean(L, opts, "header", 1);
    o->skip_lines = read_skip(L, opts);
    if (qy_encoding_parse(opt_string(L, opts, "encoding", "auto"), &o->encoding) != QY_OK)
        luaL_argerror(L, opts, "option 'encoding' must be 'auto', 'utf-8', 'gb18030', 'utf-16', "
                      "'utf-16le' or 'utf-16be'");
    lua_pop(L, 1);
    lqy_typing_options(L, opts, o);
    read_max_bytes(L, opts, o);
}

int lqy_usecache(lua_State *L, int opts)
{
    if (!lua_isnoneornil(L, opts)) {
        int on = lqy_optboolean(L, opts, "cache", -1);
        if (on >= 0) return on;
    }
    const char *env = getenv("QY_CACHE");
    return env && env[0] && strcmp(env, "0") != 0;
}

void lqy_pushwarnings(lua_State *L, const char *who, const char *path,
                      const qy_csv_report *report, const qy_error *cache_warning, int quiet)
{
    lua_createtable(L, report->nwarnings + 1, 0);              /* ..., warnings */
    int n = 0;
    if (cache_warning->code != QY_OK) {
        lua_pushstring(L, cache_warning->msg);
        lua_rawseti(L, -2, ++n);
    }
    for (int i = 0; i < report->nwarnings; i++) {
        lua_pushfstring(L, "%s: %s", path, report->warnings[i]);
        lua_rawseti(L, -2, ++n);
    }
    for (int i = 1; !quiet && i <= n; i++) {
        lua_rawgeti(L, -1, i);                                 /* ..., warnings, text */
        fprintf(stderr, "%s: %s\n", who, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
}

/* qy.read_csv(path [, opts]) -> table, info */
static int l_read_csv(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    qy_csv_options o;
    qy_csv_options_init(&o);
    int quiet = 0;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        read_csv_options(L, 2, &o);
        quiet = lqy_optboolean(L, 2, "quiet", 0);
    }
    qy_table *t = NULL;
    qy_csv_report report = {0};
    qy_error err = {0}, warning = {0};
    bool cached = false;
    int cache = lqy_usecache(L, 2);   /* before the bar: it may raise an argument error */
    lqy_progress bar;
    lqy_progress_start(&bar, path, &o);
    int rc = cache ? qy_csv_cached_read(path, &o, &t, &report, &cached, &warning, &err)
                             : qy_csv_read_file(path, &o, &t, &report, &err);
    if (lqy_progress_finish(&bar, rc) != QY_OK) return lqy_raise(L, &err);
    lqy_pushtable(L, t);                                       /* ..., table */
    lua_createtable(L, 0, 7);                                  /* ..., table, info */
    lua_pushinteger(L, report.rows_skipped);
    lua_setfield(L, -2, "skipped");
    lua_pushinteger(L, report.rows_padded);
    lua_setfield(L, -2, "padded");
    lua_pushinteger(L, report.rows_cut);
    lua_setfield(L, -2, "cut");
    lua_pushstring(L, qy_encoding_name(report.encoding));
    lua_setfield(L, -2, "encoding");
    lua_pushlstring(L, &report.delim, 1);
    lua_setfield(L, -2, "delim");
    lua_pushboolean(L, cached);
    lua_setfield(L, -2, "cached");
    lqy_pushwarnings(L, "qy.read_csv", path, &report, &warning, quiet);          /* ..., table, info, warnings */
    lua_setfield(L, -2, "warnings");
    return 2;
}

/* ---- qy.write, qy.read, qy.write_text --------------------------------------------------- */

/* qy.write(t, path): saves t in the columnar format (colfile.h). */
static int l_write(lua_State *L)
{
    const qy_table *t = lqy_checktable(L, 1);
    const char *path = luaL_checkstring(L, 2);
    qy_error err = {0};
    if (qy_colfile_write(t, path, NULL, 0, &err) != QY_OK) return lqy_raise(L, &err);
    return 0;
}

/* qy.read(path) -> table saved by qy.write */
static int l_read(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    qy_table *t = NULL;
    qy_error err = {0};
    if (qy_colfile_read(path, &t, NULL, NULL, &err) != QY_OK) return lqy_raise(L, &err);
    lqy_pushtable(L, t);                                       /* table */
    return 1;
}

/* qy.write_text(path, text): writes text to path all or nothing (file.h). */
static int l_write_text(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    qy_error err = {0};
    if (qy_file_write_atomic(path, text, len, &err) != QY_OK) return lqy_raise(L, &err);
    return 0;
}

/* ---- qy.table ------------------------------------------------------------ */

/* The type Lua values suggest: integers -> int64, any float -> float64,
 * strings -> string, booleans -> bool; mixed kinds are an error. */
static qy_type infer_lua_type(lua_State *L, int values, lua_Integer n, const char *name)
{
    int kind = LUA_TNIL, any_float = 0;
    for (lua_Integer i = 1; i <= n; i++) {
        int t = lua_geti(L, values, i);                         /* ..., v */
        if (t == LUA_TNUMBER && !lua_isinteger(L, -1)) any_float = 1;
        lua_pop(L, 1);
        if (t == LUA_TNIL) continue;
        if (t != LUA_TNUMBER && t != LUA_TSTRING && t != LUA_TBOOLEAN)
            luaL_error(L, "column '%s': value %d is a %s", name, (int)i, lua_typename(L, t));
        if (kind != LUA_TNIL && kind != t)
            luaL_error(L, "column '%s' mixes %ss and %ss (give it a type)", name,
                       lua_typename(L, kind), lua_typename(L, t));
        kind = t;
    }
    return kind == LUA_TNUMBER ? (any_float ? QY_FLOAT64 : QY_INT64)
         : kind == LUA_TBOOLEAN ? QY_BOOL : QY_STRING;
}

static int decimal_from_lua(lua_State *L, int scale, int64_t *out)
{
    const char *s;
    char buf[64];
    size_t len;
    if (lua_type(L, -1) == LUA_TNUMBER) {
        if (lua_isinteger(L, -1)) len = (size_t)snprintf(buf, sizeof buf, "%lld", (long long)lua_tointeger(L, -1));
        else len = (size_t)snprintf(buf, sizeof buf, "%.15g", lua_tonumber(L, -1));
        s = buf;
    } else {
        s = lua_tolstring(L, -1, &len);
    }
    int64_t v;
    int from;
    if (qy_decimal_parse(s, len, &v, &from) != QY_OK) return 0;
    return qy_decimal_rescale(v, from, scale, out) == QY_OK;
}

/* Stores the Lua value on top of the stack in row i of c: QY_OK, QY_ETYPE
 * when it is not a value of c's type, or the code of a failed string
 * intern (QY_ENOMEM). */
static int set_from_lua(lua_State *L, qy_column *c, int64_t i)
{
    int t = lua_type(L, -1);
    size_t len;
    switch (c->type) {
    case QY_INT64: {
        int isint;
        lua_Integer v = lua_tointegerx(L, -1, &isint);
        if (!isint || t != LUA_TNUMBER) return QY_ETYPE;
        c->v.i64[i] = v;
        return QY_OK;
    }
    case QY_FLOAT64:
        if (t != LUA_TNUMBER) return QY_ETYPE;
        c->v.f64[i] = lua_tonumber(L, -1);
        return QY_OK;
    case QY_DECIMAL:
        return (t == LUA_TNUMBER || t == LUA_TSTRING) && decimal_from_lua(L, c->scale, &c->v.i64[i])
            ? QY_OK : QY_ETYPE;
    case QY_BOOL:
        if (t != LUA_TBOOLEAN) return QY_ETYPE;
        c->v.b[i] = (uint8_t)lua_toboolean(L, -1);
        return QY_OK;
    case QY_DATE: {
        if (t != LUA_TSTRING) return QY_ETYPE;
        const char *s = lua_tolstring(L, -1, &len);
        return qy_date_parse(s, len, &c->v.date[i]) == QY_OK
            || qy_date_parse_compact(s, len, &c->v.date[i]) == QY_OK ? QY_OK : QY_ETYPE;
    }
    case QY_STRING: {
        if (t != LUA_TSTRING && t != LUA_TNUMBER) return QY_ETYPE;
        const char *s = lua_tolstring(L, -1, &len);
        return qy_dict_intern(c->dict, s, len, &c->v.code[i]);
    }
    }
    return QY_ETYPE;
}

/* Adds a column called name of the values at stack index values to the table
 * under construction in box (a qy.table userdata that owns it). name and
 * type_name are borrowed: the caller keeps their strings alive. */
static void add_lua_column(lua_State *L, qy_table *t, const char *name, int values,
                           const char *type_name)
{
    qy_type type;
    int scale = 0;
    lua_Integer n = t->nrows;
    if (type_name) {
        if (qy_type_parse(type_name, &type, &scale) != QY_OK)
            luaL_error(L, "column '%s': unknown type '%s'", name, type_name);
    } else {
        type = infer_lua_type(L, values, n, name);
    }
    qy_error err = {0};
    qy_dict *dict = NULL;
    if (type == QY_STRING && !(dict = qy_dict_new())) {
        lua_pushliteral(L, "not enough memory");
        lua_error(L);
    }
    qy_column *c = NULL;
    int rc = qy_column_new(type, scale, dict, n, &c, &err);
    qy_dict_release(dict);                        /* the column holds it now */
    if (rc == QY_OK) {
        rc = qy_table_add_column(t, name, c, &err);
        qy_column_release(c);                     /* the table holds it now */
    }
    if (rc != QY_OK) lqy_raise(L, &err);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, values, i) == LUA_TNIL) {                /* ..., v */
            if (qy_column_set_null(c, i - 1, &err) != QY_OK) lqy_raise(L, &err);
        } else if ((rc = set_from_lua(L, c, i - 1)) == QY_ETYPE) {
            char tn[16];
            luaL_error(L, "column '%s': value %d (%s) is not a %s", name, (int)i,
                       luaL_tolstring(L, -1, NULL), qy_type_name(c->type, c->scale, tn));
        } else if (rc != QY_OK) {
            luaL_error(L, "column '%s': %s", name, qy_strerror(rc));
        }
        lua_pop(L, 1);
    }
}

static lua_Integer values_length(lua_State *L, int values, const char *name)
{
    if (!lua_istable(L, values)) luaL_error(L, "column '%s': values must be a table", name);
    if (lua_getfield(L, values, "n") == LUA_TNUMBER) {          /* ..., n */
        int whole;
        lua_Integer n = lua_tointegerx(L, -1, &whole);
        if (!whole || n < 0 || n > INT32_MAX)   /* no Lua list is longer */
            luaL_error(L, "column '%s': n must be a whole number from 0 to %d, not %s", name,
                       INT32_MAX, luaL_tolstring(L, -1, NULL));
        lua_pop(L, 1);
        return n;
    }
    lua_pop(L, 1);
    return (lua_Integer)lua_rawlen(L, values);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* qy.table{ name = {values}, ... } (columns ordered by name) or
 * qy.table{ {name=, type=, values=}, ... } (in the order given). */
static int l_table(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);   /* the slots below are numbered: no extra arguments */
    int ordered = lua_rawlen(L, 1) > 0;
    int ncols = 0;
    for (lua_pushnil(L); lua_next(L, 1); lua_pop(L, 1)) ncols++;
    const char **names = lqy_newarray(L, (size_t)ncols * sizeof *names); /* 2: names */
    int k = 0;
    lua_Integer nrows = -1;
    const char *first = NULL;
    for (lua_pushnil(L); lua_next(L, 1); lua_pop(L, 1)) {       /* 3: key, 4: value */
        if (ordered) {
            if (!lua_isinteger(L, 3) || !lua_istable(L, 4))
                return luaL_argerror(L, 1, "expected a list of {name=, type=, values=}");
            continue;
        }
        if (lua_type(L, 3) != LUA_TSTRING)
            return luaL_argerror(L, 1, "keys must be column names");
        lua_pushvalue(L, 3);                                     /* 3, 4, key */
        names[k++] = lqy_keepstring(L, 2, NULL);
    }
    if (!ordered) qsort(names, (size_t)ncols, sizeof *names, compare_names);
    /* All columns must have the same length. */
    for (int i = 0; i < ncols; i++) {
        const char *name;
        if (ordered) {
            lua_geti(L, 1, i + 1);                               /* spec */
            if (lua_getfield(L, -1, "name") != LUA_TSTRING)       /* spec, name */
                return luaL_argerror(L, 1, lua_pushfstring(L, "column %d has no name", i + 1));
            name = names[i] = lqy_keepstring(L, 2, NULL);        /* spec */
            lua_getfield(L, -1, "values");                       /* spec, values */
        } else {
            name = names[i];
            lua_getfield(L, 1, name);                            /* values */
        }
        lua_Integer n = values_length(L, lua_gettop(L), name);
        if (nrows >= 0 && n != nrows)
            return luaL_argerror(L, 1, lua_pushfstring(L, "column '%s' has %d values, '%s' has %d",
                                 name, (int)n, first, (int)nrows));
        nrows = n;
        first = name;
        lua_settop(L, 2);
    }
    qy_table *t = NULL;
    qy_error err = {0};
    if (qy_table_new(nrows < 0 ? 0 : nrows, &t, &err) != QY_OK) return lqy_raise(L, &err);
    lqy_pushtable(L, t);                       /* 3: the box owns t from here on */
    for (int i = 0; i < ncols; i++) {
        if (ordered) {
            lua_geti(L, 1, i + 1);                               /* 4: spec */
            int type = lua_getfield(L, 4, "type");               /* 5 */
            lua_getfield(L, 4, "values");                        /* 6 */
            if (type != LUA_TNIL && type != LUA_TSTRING)
                return luaL_argerror(L, 1, lua_pushfstring(L, "column %d: type must be a string", i + 1));
            add_lua_column(L, t, names[i], 6, type == LUA_TSTRING ? lua_tostring(L, 5) : NULL);
        } else {
            lua_getfield(L, 1, names[i]);                        /* 4: values */
            add_lua_column(L, t, names[i], 4, NULL);
        }
        lua_settop(L, 3);
    }
    return 1;
}

/* ---- qy.clock ------------------------------------------------------------ */

/* qy.clock() -> seconds on the monotonic clock, as a float: only differences
 * mean anything (for timing; os.clock counts CPU time, not wall time). */
static int l_clock(lua_State *L)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return luaL_error(L, "qy.clock: no monotonic clock");
    lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec / 1e9);
    return 1;
}

/* qy._fail_alloc_after(n): for tests of running out of memory only. After n
 * more of the engine's C allocations (core/alloc.h) succeed, every one fails
 * until this is called again with n < 0; Lua's own allocator is untouched,
 * so the failures come back as "not enough memory" errors. */
static int l_fail_alloc_after(lua_State *L)
{
    qy_alloc_fail_after((long)luaL_checkinteger(L, 1));
    return 0;
}

/* ---- opening ------------------------------------------------------------- */

#define LUA_DIR_VERSION LUA_VERSION_MAJOR "." LUA_VERSION_MINOR

/* Cuts dir to the prefix `make install` put it under, when dir is where qylua
 * (PREFIX/bin) or qy.so (PREFIX/lib/lua/5.4) goes; returns 0 otherwise. */
static int cut_install_prefix(char *dir)
{
    static const char *const tails[] = {"/bin", "/lib/lua/" LUA_DIR_VERSION};
    size_t n = strlen(dir);
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        size_t t = strlen(tails[i]);
        if (n >= t && strcmp(dir + n - t, tails[i]) == 0) {
            dir[n - t] = '\0';
            return 1;
        }
    }
    return 0;
}

/* Pushes "<dir>/?.lua;<dir>/?/init.lua;" and returns 1, or pushes nothing and
 * returns 0 when path already has them. [-0, +(0|1), m] */
static int push_path_entries(lua_State *L, const char *path, const char *dir)
{
    const char *entry = lua_pushfstring(L, "%s/?.lua;", dir);
    int present = strstr(path, entry) != NULL;
    lua_pop(L, 1);
    if (present) return 0;
    lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;", dir, dir);
    return 1;
}

/* Puts "<dir>/lua/?.lua;<dir>/lua/?/init.lua" first on package.path, where dir
 * holds the file this code was loaded from (qylua or qy.so), so Lua-side
 * modules (require "qy.chart") are found from any working directory. When
 * dir is an installed PREFIX/bin or PREFIX/lib/lua/5.4, PREFIX/share/lua/5.4
 * follows: that is where `make install` puts them, and a prefix other than
 * /usr/local is not on lua5.4's default path. */
static void add_module_path(lua_State *L)
{
    Dl_info info;
    char real[PATH_MAX], prefix[PATH_MAX];
    if (!dladdr((void *)luaopen_qy, &info) || !info.dli_fname || !realpath(info.dli_fname, real))
        return;
    char *slash = strrchr(real, '/');
    if (!slash) return;
    *slash = '\0';
    if (lua_getglobal(L, "package") != LUA_TTABLE) {             /* package */
        lua_pop(L, 1);
        return;
    }
    lua_getfield(L, -1, "path");                                 /* package, path */
    const char *old = lua_tostring(L, -1);
    if (!old) old = "";
    lua_pushfstring(L, "%s/lua", real);                          /* package, path, dir */
    int n = push_path_entries(L, old, lua_tostring(L, -1));
    lua_remove(L, -1 - n);                                       /* package, path, entries? */
    memcpy(prefix, real, sizeof prefix);
    if (cut_install_prefix(prefix)) {
        lua_pushfstring(L, "%s/share/lua/" LUA_DIR_VERSION, prefix);
        int m = push_path_entries(L, old, lua_tostring(L, -1));
        lua_remove(L, -1 - m);
        n += m;
    }
    if (n > 0) {
        lua_pushstring(L, old);
        lua_concat(L, n + 1);
        lua_setfield(L, -3, "path");                             /* package, path */
    }
    lua_pop(L, 2);
}

int luaopen_qy(lua_State *L)
{
    static const luaL_Reg functions[] = {
        {"read_csv", l_read_csv},
        {"write", l_write},
        {"read", l_read},
        {"write_text", l_write_text},
        {"table", l_table},
        {"clock", l_clock},
        {"_fail_alloc_after", l_fail_alloc_after},
        {NULL, NULL}
    };
    lqy_open_table(L);
    lqy_open_column(L);
    add_module_path(L);
    luaL_newlib(L, functions);                                   /* qy */
    luaL_setfuncs(L, lqy_verb_functions, 0);
    luaL_setfuncs(L, lqy_date_functions, 0);
    luaL_setfuncs(L, lqy_window_functions, 0);
    luaL_setfuncs(L, lqy_group_functions, 0);
    luaL_setfuncs(L, lqy_chart_functions, 0);
    luaL_setfuncs(L, lqy_excel_functions, 0);
    luaL_setfuncs(L, lqy_zip_functions, 0);
    luaL_setfuncs(L, lqy_run_functions, 0);
    luaL_setfuncs(L, lqy_excel_write_functions, 0);
    luaL_setfuncs(L, lqy_values_functions, 0);
    lua_pushliteral(L, QY_VERSION);
    lua_setfield(L, -2, "version");
    return 1;
}
