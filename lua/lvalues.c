/* lvalues.c — numbers and values: c:round c:cast c:map c:fill_null, the
 * `..` of columns, and qy.ratio qy.coalesce qy.case qy.concat_ws. */
#include <string.h>

#include "cast.h"
#include "choose.h"
#include "date.h"
#include "lqy.h"
#include "map.h"
#include "round.h"
#include "textjoin.h"

/* Pushes the column a kernel returned rc with, or raises: an argument's
 * fault (QY_ETYPE, QY_EINVAL) against argument arg, a fault in the data (a
 * value that does not parse or fit, named with its row) as a plain error.
 * [-0, +1, v] */
static int push_result(lua_State *L, int rc, qy_column **out, const qy_error *err, int arg)
{
    if (rc == QY_ETYPE || rc == QY_EINVAL) return lqy_argfail(L, arg, rc, err);
    if (rc != QY_OK) return luaL_error(L, "%s", err->msg);
    lqy_pushcolumn(L, *out);
    return 1;
}

/* ---- round and cast ------------------------------------------------------- */

/* c:round([digits]) — digits 0..6, default 0. */
static int l_round(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    lua_Integer digits = luaL_optinteger(L, 2, 0);
    luaL_argcheck(L, digits >= 0 && digits <= QY_DECIMAL_MAX_SCALE, 2,
                  lua_pushfstring(L, "digits must be 0 to %d, not %I", QY_DECIMAL_MAX_SCALE, digits));
    qy_error err = {0};
    return push_result(L, qy_column_round(c, (int)digits, &out, &err), &out, &err, 1);
}

/* c:cast("decimal(2)") — any name qy_type_parse reads. */
static int l_cast(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    const char *name = luaL_checkstring(L, 2);
    qy_type type;
    int scale;
    if (qy_type_parse(name, &type, &scale) != QY_OK)
        return luaL_argerror(L, 2, lua_pushfstring(L, "unknown type '%s' (int64, float64, "
                                                   "decimal(0..6), string, date, bool)", name));
    qy_error err = {0};
    return push_result(L, qy_column_cast(c, type, scale, &out, &err), &out, &err, 2);
}

/* ---- map and fill_null ----------------------------------------------------- */

/* What a map's value (or default) is: a kind of Lua value, numbers as one. */
static const char *value_kind(lua_State *L, int idx)
{
    int type = lua_type(L, idx);
    if (type == LUA_TNUMBER) return "a number";
    if (type == LUA_TSTRING) return "a string";
    if (type == LUA_TBOOLEAN) return "a boolean";
    return NULL;
}

/* Pushes the key at idx as a message names it: 'text' or its Lua text. */
static const char *pushkeyname(lua_State *L, int idx)
{
    if (lua_type(L, idx) == LUA_TSTRING) return lua_pushfstring(L, "'%s'", lua_tostring(L, idx));
    lua_pushvalue(L, idx);                          /* a copy: tolstring must not touch the key */
    const char *s = luaL_tolstring(L, -1, NULL);
    lua_remove(L, -2);
    return s;
}

/* The key at -2 (of a lua_next on argument 2) as a scalar for c. Dates
 * are written as strings; other kinds go to the core, which names a
 * mismatch. [-0, +0, v] */
static qy_scalar map_key(lua_State *L, const qy_column *c)
{
    int type = lua_type(L, -2);
    if (type != LUA_TNUMBER && type != LUA_TSTRING && type != LUA_TBOOLEAN)
        luaL_argerror(L, 2, lua_pushfstring(L, "key %s is a %s", pushkeyname(L, -2),
                                            luaL_typename(L, -2)));
    if (c->type == QY_DATE && type == LUA_TSTRING) {
        size_t len;
        const char *text = lua_tolstring(L, -2, &len);
        int32_t days;
        if (qy_date_parse(text, len, &days) != QY_OK)
            luaL_argerror(L, 2, lua_pushfstring(L, "key '%s' is not a date", text));
        return qy_scalar_date(days);
    }
    return lqy_toscalar(L, lua_absindex(L, -2), c);
}

/* The value at -1 (of key -2) checked to be of kind (the first value's, or
 * NULL for the first); returns its kind. [-0, +0, v] */
static const char *check_value(lua_State *L, const char *kind)
{
    const char *k = value_kind(L, -1);
    if (!k)
        luaL_argerror(L, 2, lua_pushfstring(L, "the value of key %s is a %s", pushkeyname(L, -2),
                                            luaL_typename(L, -1)));
    if (kind && strcmp(k, kind) != 0)
        luaL_argerror(L, 2, lua_pushfstring(L, "the value of key %s is %s, not %s like the others",
                                            pushkeyname(L, -2), k, kind));
    return k;
}

/* c:map{ [key] = value, ... } [, default] — keys and values borrowed from
 * the table at 2, which no Lua code can change while this runs. */
static int l_map(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 3);                                                  /* c, map, default */
    int n = 0;
    for (lua_pushnil(L); lua_next(L, 2); lua_pop(L, 1)) {              /* key, value */
        luaL_argcheck(L, n < INT32_MAX - 1, 2, "too many keys");
        n++;
    }
    qy_scalar *keys = lua_newuserdatauv(L, (size_t)n * sizeof *keys + 1, 0);    /* keys */
    qy_scalar *values = lua_newuserdatauv(L, (size_t)n * sizeof *values + 1, 0); /* keys, values */
    const char *kind = NULL;
    int k = 0;
    for (lua_pushnil(L); lua_next(L, 2); lua_pop(L, 1), k++) {         /* ..., key, value */
        keys[k] = map_key(L, c);
        kind = check_value(L, kind);
        values[k] = lqy_toscalar(L, lua_absindex(L, -1), NULL);
    }
    qy_scalar otherwise = qy_scalar_null();
    if (!lua_isnoneornil(L, 3)) {
        const char *k3 = value_kind(L, 3);
        if (!k3 || (kind && strcmp(k3, kind) != 0))
            luaL_argerror(L, 3, lua_pushfstring(L, "the default is %s, not %s like the values",
                                                k3 ? k3 : luaL_typename(L, 3), kind));
        otherwise = lqy_toscalar(L, 3, NULL);
    }
    qy_error err = {0};
    return push_result(L, qy_column_map(c, keys, values, n, &otherwise, &out, &err), &out, &err, 2);
}

/* c:fill_null(v) — v a value fit for c ("2023-06-30" for a date column) or
 * a column of c's length. */
static int l_fill_null(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    luaL_checkany(L, 2);
    qy_operand fill = {.col = lqy_testcolumn(L, 2)};
    if (!fill.col) fill.scalar = lqy_toscalar(L, 2, c);
    qy_error err = {0};
    return push_result(L, qy_fill_null(c, &fill, &out, &err), &out, &err, 2);
}

/* ---- parts: the arguments of the functions of qy --------------------------- */

/* A decimal column for lqy_toscalar to read a Lua number against, so that
 * 0.05 is the exact decimal 0.05 (no data: only its type is looked at). */
static const qy_column decimal_like = {.type = QY_DECIMAL, .scale = 2};

/* The first column among the arguments first..last, or NULL. */
static const qy_column *first_column(lua_State *L, int first, int last)
{
    const qy_column *c = NULL;
    for (int i = first; i <= last && !c; i++) c = lqy_testcolumn(L, i);
    return c;
}

/* qy.ratio(a, b [, {scale = 2, percent = false}]) — exact a / b. */
static int l_ratio(lua_State *L)
{
    static const char *const known[] = {"scale", "percent", NULL};
    int has_opts = lqy_checkoptions(L, 3, known);
    lua_Integer scale = 2;
    if (has_opts && lua_getfield(L, 3, "scale") != LUA_TNIL) {         /* scale */
        int ok;
        scale = lua_tointegerx(L, -1, &ok);
        if (!ok || scale < 0 || scale > QY_DECIMAL_MAX_SCALE)
            return luaL_argerror(L, 3, "option 'scale' must be an integer from 0 to 6");
    }
    int percent = has_opts && lqy_optboolean(L, 3, "percent", 0);
    qy_operand parts[2];
    for (int k = 0; k < 2; k++) {
        luaL_checkany(L, k + 1);
        parts[k] = lqy_checkoperand(L, k + 1, &decimal_like);
        int type = parts[k].col ? (int)parts[k].col->type : (int)parts[k].scalar.type;
        if ((parts[k].col || !parts[k].scalar.null) && type != QY_INT64 && type != QY_DECIMAL) {
            char name[16];
            const qy_column *c = parts[k].col;
            qy_type_name((qy_type)type, c ? c->scale : 0, name);
            return luaL_argerror(L, k + 1, lua_pushfstring(L, "ratio needs int64 or decimal values, "
                                                           "not %s", name));
        }
    }
    const qy_column *c = parts[0].col ? parts[0].col : parts[1].col;
    luaL_argcheck(L, c != NULL, 1, "at least one column expected");
    qy_column *out = NULL;
    qy_error err = {0};
    int rc = qy_ratio(&parts[0], &parts[1], c->length, (int)scale, percent, &out, &err);
    return push_result(L, rc, &out, &err, 2);
}

/* The arguments first..last as operands (scalars fit for their first
 * column) in an array pushed on the stack; at least one column. [-0, +1, v] */
static qy_operand *checkparts(lua_State *L, int first, int last, const qy_column **column)
{
    *column = first_column(L, first, last);
    if (!*column) luaL_argerror(L, first, "at least one column expected");
    qy_operand *parts = lua_newuserdatauv(L, (size_t)(last - first + 1) * sizeof *parts, 0);
    for (int i = first; i <= last; i++) parts[i - first] = lqy_checkoperand(L, i, *column);
    return parts;
}

/* qy.coalesce(a, b, ...) — per row the first non-null. */
static int l_coalesce(lua_State *L)
{
    int n = lua_gettop(L);
    const qy_column *c;
    qy_operand *parts = checkparts(L, 1, n, &c);
    qy_column *out = NULL;
    qy_error err = {0};
    return push_result(L, qy_coalesce(parts, n, c->length, &out, &err), &out, &err, 1);
}

/* Pushes branch k of the qy.case table at 1 ({mask, value}): mask, value. */
static void push_branch(lua_State *L, lua_Integer k)
{
    if (lua_geti(L, 1, k) != LUA_TTABLE)                               /* ..., branch */
        luaL_argerror(L, 1, lua_pushfstring(L, "branch %I is not a {mask, value} pair", k));
    lua_geti(L, -1, 1);                                                /* ..., branch, mask */
    if (!lqy_testcolumn(L, -1))
        luaL_argerror(L, 1, lua_pushfstring(L, "branch %I: the mask must be a bool column, got %s",
                                            k, luaL_typename(L, -1)));
    int type = lua_geti(L, -2, 2);                                     /* ..., branch, mask, value */
    if (type != LUA_TNIL && type != LUA_TNUMBER && type != LUA_TSTRING && type != LUA_TBOOLEAN
        && !lqy_testcolumn(L, -1))
        luaL_argerror(L, 1, lua_pushfstring(L, "branch %I: the value is a %s", k, luaL_typename(L, -1)));
    lua_remove(L, -3);                                                 /* ..., mask, value */
}

/* The keys of the qy.case table at 1: 1..n and default. */
static lua_Integer check_case_keys(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
    for (lua_pushnil(L); lua_next(L, 1); lua_pop(L, 1)) {              /* key, value */
        int ok = lua_type(L, -2) == LUA_TSTRING ? strcmp(lua_tostring(L, -2), "default") == 0
               : lua_isinteger(L, -2) && lua_tointeger(L, -2) >= 1 && lua_tointeger(L, -2) <= n;
        if (!ok) luaL_argerror(L, 1, lua_pushfstring(L, "unknown key %s", pushkeyname(L, -2)));
    }
    luaL_argcheck(L, n >= 1, 1, "at least one branch expected");
    luaL_argcheck(L, n < 100000, 1, "too many branches");
    return n;
}

/* qy.case{ {mask1, value1}, ..., default = v } — per row the value of the
 * first true mask. Masks and values stay on the stack while used. */
static int l_case(lua_State *L)
{
    int n = (int)check_case_keys(L);
    luaL_checkstack(L, 2 * n + 4, "too many branches");
    for (int k = 1; k <= n; k++) push_branch(L, k);                     /* masks and values */
    int type = lua_getfield(L, 1, "default");                           /* ..., default */
    if (type != LUA_TNIL && type != LUA_TNUMBER && type != LUA_TSTRING && type != LUA_TBOOLEAN
        && !lqy_testcolumn(L, -1))
        luaL_argerror(L, 1, lua_pushfstring(L, "the default is a %s", luaL_typename(L, -1)));
    int base = 2, top = lua_gettop(L);
    const qy_column *like = NULL;
    for (int i = base + 1; i < top && !like; i += 2) like = lqy_testcolumn(L, i);
    if (!like) like = lqy_testcolumn(L, top);
    const qy_column **masks = lua_newuserdatauv(L, (size_t)n * sizeof *masks, 0);
    qy_operand *values = lua_newuserdatauv(L, (size_t)n * sizeof *values, 0);
    for (int k = 0; k < n; k++) {
        masks[k] = lqy_checkcolumn(L, base + 2 * k);
        values[k] = lqy_checkoperand(L, base + 2 * k + 1, like);
    }
    qy_operand otherwise = lqy_checkoperand(L, top, like);
    qy_column *out = NULL;
    qy_error err = {0};
    int rc = qy_case(masks, values, n, &otherwise, masks[0]->length, &out, &err);
    return push_result(L, rc, &out, &err, 1);
}

/* ---- text ------------------------------------------------------------------- */

/* The argument at idx as a part of joined text: a column, a string, a
 * number as Lua writes it (its text replaces it on the stack), or nil when
 * nil_ok. [-0, +0, v] */
static qy_operand textpart(lua_State *L, int idx, int nil_ok)
{
    qy_operand o = {.col = lqy_testcolumn(L, idx)};
    if (o.col) return o;
    int type = lua_type(L, idx);
    if (type == LUA_TNUMBER) {
        luaL_tolstring(L, idx, NULL);                                  /* ..., text */
        lua_replace(L, idx);
        type = LUA_TSTRING;
    }
    if (type == LUA_TSTRING) {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        o.scalar = qy_scalar_string(s, len);
        return o;
    }
    if (type == LUA_TNIL && nil_ok) {
        o.scalar = qy_scalar_null();
        return o;
    }
    luaL_argerror(L, idx, lua_pushfstring(L, "a column, string%s expected, got %s",
                                          nil_ok ? ", number or nil" : " or number",
                                          luaL_typename(L, idx)));
    return o;
}

/* a .. b with a column on either side. */
static int l_concat(lua_State *L)
{
    lua_settop(L, 2);
    qy_operand parts[2] = {textpart(L, 1, 0), textpart(L, 2, 0)};
    const qy_column *c = parts[0].col ? parts[0].col : parts[1].col;
    if (!c) return luaL_typeerror(L, 1, QY_COLUMN_TYPE);                /* a direct call */
    qy_column *out = NULL;
    qy_error err = {0};
    return push_result(L, qy_text_join(parts, 2, "", 0, false, c->length, &out, &err), &out, &err, 2);
}

/* qy.concat_ws(sep, a, b, ...) — the non-null parts of each row joined. */
static int l_concat_ws(lua_State *L)
{
    size_t sep_len;
    const char *sep = luaL_checklstring(L, 1, &sep_len);
    int n = lua_gettop(L) - 1;
    const qy_column *c = first_column(L, 2, n + 1);
    luaL_argcheck(L, c != NULL, 2, "at least one column expected");
    qy_operand *parts = lua_newuserdatauv(L, (size_t)n * sizeof *parts, 0);
    for (int k = 0; k < n; k++) parts[k] = textpart(L, k + 2, 1);
    qy_column *out = NULL;
    qy_error err = {0};
    return push_result(L, qy_text_join(parts, n, sep, sep_len, true, c->length, &out, &err), &out,
                       &err, 2);
}

const luaL_Reg lqy_values_methods[] = {
    {"round", l_round}, {"cast", l_cast}, {"map", l_map}, {"fill_null", l_fill_null},
    {NULL, NULL}
};

const luaL_Reg lqy_values_metamethods[] = {
    {"__concat", l_concat},
    {NULL, NULL}
};

const luaL_Reg lqy_values_functions[] = {
    {"ratio", l_ratio}, {"coalesce", l_coalesce}, {"case", l_case}, {"concat_ws", l_concat_ws},
    {NULL, NULL}
};
