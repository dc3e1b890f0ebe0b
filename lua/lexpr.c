/* lexpr.c — column expressions: arithmetic and comparison metamethods, and
 * the conversion of Lua values to scalars they share with other verbs. */
#include <stdio.h>
#include <string.h>

#include "arith.h"
#include "compare.h"
#include "date.h"
#include "lqy.h"
#include "number.h"

/* A Lua number as an exact decimal at most 6 places long, if it is one. */
static int number_as_decimal(lua_State *L, int idx, qy_scalar *s)
{
    char text[64];
    int len = snprintf(text, sizeof text, "%.15g", lua_tonumber(L, idx));
    int64_t v;
    int scale;
    if (qy_decimal_parse(text, (size_t)len, &v, &scale) != QY_OK || scale > QY_DECIMAL_MAX_SCALE)
        return 0;
    *s = qy_scalar_decimal(v, scale);
    return 1;
}

qy_scalar lqy_toscalar(lua_State *L, int idx, const qy_column *like)
{
    qy_scalar s = qy_scalar_null();
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        return s;
    case LUA_TBOOLEAN:
        return qy_scalar_bool(lua_toboolean(L, idx));
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) return qy_scalar_int64(lua_tointeger(L, idx));
        if (like && like->type == QY_DECIMAL && number_as_decimal(L, idx, &s)) return s;
        return qy_scalar_float64(lua_tonumber(L, idx));
    case LUA_TSTRING: {
        size_t len;
        const char *text = lua_tolstring(L, idx, &len);
        int32_t days;
        if (like && like->type == QY_DATE) {
            if (qy_date_parse(text, len, &days) != QY_OK)
                luaL_argerror(L, idx, lua_pushfstring(L, "'%s' is not a date", text));
            return qy_scalar_date(days);
        }
        return qy_scalar_string(text, len);
    }
    default:
        luaL_argerror(L, idx, lua_pushfstring(L, "a number, string, boolean or nil expected, got %s",
                                              luaL_typename(L, idx)));
        return s;
    }
}

/* ---- operands ------------------------------------------------------------ */

qy_operand lqy_checkoperand(lua_State *L, int arg, const qy_column *like)
{
    qy_operand o = {.col = lqy_testcolumn(L, arg)};
    if (!o.col) o.scalar = lqy_toscalar(L, arg, like);
    return o;
}

/* Pushes how the operand at idx reads in a message: a column's name (its
 * type when it has none), a scalar's text. [-0, +1, m] */
static const char *pushlabel(lua_State *L, int idx)
{
    qy_column *c = lqy_testcolumn(L, idx);
    if (!c) return luaL_tolstring(L, idx, NULL);
    if (lua_getiuservalue(L, idx, 1) == LUA_TSTRING) return lua_tostring(L, -1);
    lua_pop(L, 1);
    char name[16];
    return lua_pushstring(L, qy_type_name(c->type, c->scale, name));
}

/* ---- arithmetic metamethods ---------------------------------------------- */

/* Raises err naming the operands as the script wrote them: "amount * 10000:
 * overflow at row 17", "amount + x: columns of 3 and 2 rows". */
static int arith_error(lua_State *L, qy_arith_op op, const qy_error *err)
{
    if (err->code == QY_ENOMEM) return luaL_error(L, "%s", err->msg);
    const char *detail = strstr(err->msg, ": ");
    if (err->code != QY_EOVERFLOW || !detail) detail = lua_pushfstring(L, ": %s", err->msg);
    if (op == QY_NEG) return luaL_error(L, "-%s%s", pushlabel(L, 1), detail);
    const char *a = pushlabel(L, 1), *b = pushlabel(L, 2);
    return luaL_error(L, "%s %s %s%s", a, qy_arith_symbol(op), b, detail);
}

/* a op b for the metamethods: column op column, column op value, value op
 * column; a Lua number meeting a decimal column becomes an exact decimal. */
static int arith(lua_State *L, qy_arith_op op)
{
    qy_column *ca = lqy_testcolumn(L, 1), *cb = op == QY_NEG ? ca : lqy_testcolumn(L, 2);
    if (!ca && !cb) return luaL_typeerror(L, 1, QY_COLUMN_TYPE);  /* a direct metamethod call */
    qy_operand a = lqy_checkoperand(L, 1, cb);
    qy_operand b = op == QY_NEG ? a : lqy_checkoperand(L, 2, ca);
    qy_column *out = NULL;
    qy_error err = {0};
    if (qy_arith(op, &a, &b, ca ? ca->length : cb->length, &out, &err) != QY_OK)
        return arith_error(L, op, &err);
    lqy_pushcolumn(L, out);
    return 1;
}

static int l_add(lua_State *L) { return arith(L, QY_ADD); }
static int l_sub(lua_State *L) { return arith(L, QY_SUB); }
static int l_mul(lua_State *L) { return arith(L, QY_MUL); }
static int l_div(lua_State *L) { return arith(L, QY_DIV); }
static int l_unm(lua_State *L) { return arith(L, QY_NEG); }

/* a & b, a | b, ~a on bool columns (Kleene logic). */
static int logic(lua_State *L, qy_logic_op op)
{
    qy_column *a = lqy_checkcolumn(L, 1), *b = lqy_checkcolumn(L, 2);
    qy_column *out = NULL;
    qy_error err = {0};
    if (qy_logic(op, a, b, &out, &err) != QY_OK) return luaL_error(L, "%s", err.msg);
    lqy_pushcolumn(L, out);
    return 1;
}

static int l_band(lua_State *L) { return logic(L, QY_AND); }
static int l_bor(lua_State *L) { return logic(L, QY_OR); }
static int l_bnot(lua_State *L) { return logic(L, QY_NOT); }

/* ---- comparison methods -------------------------------------------------- */

/* Pushes the column *out a kernel returned rc with, or raises its error
 * against argument arg. [-0, +1, v] */
static int push_result(lua_State *L, int rc, qy_column **out, const qy_error *err, int arg)
{
    if (rc == QY_ENOMEM) return lqy_raise(L, err);
    if (rc != QY_OK) return luaL_argerror(L, arg, err->msg);
    lqy_pushcolumn(L, *out);
    return 1;
}

/* c:op(v) with v a column or a value ("2023-06-30" for a date column). */
static int compare(lua_State *L, qy_cmp_op op)
{
    qy_column *c = lqy_checkcolumn(L, 1);
    luaL_checkany(L, 2);
    qy_operand a = {.col = c}, b = lqy_checkoperand(L, 2, c);
    qy_column *out = NULL;
    qy_error err = {0};
    return push_result(L, qy_compare(op, &a, &b, c->length, &out, &err), &out, &err, 2);
}

static int l_eq(lua_State *L) { return compare(L, QY_EQ); }
static int l_ne(lua_State *L) { return compare(L, QY_NE); }
static int l_lt(lua_State *L) { return compare(L, QY_LT); }
static int l_le(lua_State *L) { return compare(L, QY_LE); }
static int l_gt(lua_State *L) { return compare(L, QY_GT); }
static int l_ge(lua_State *L) { return compare(L, QY_GE); }

/* c:between(lo, hi) — lo <= c <= hi. */
static int l_between(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1);
    luaL_checkany(L, 3);
    qy_scalar lo = lqy_toscalar(L, 2, c), hi = lqy_toscalar(L, 3, c);
    qy_column *out = NULL;
    qy_error err = {0};
    return push_result(L, qy_between(c, &lo, &hi, &out, &err), &out, &err, 2);
}

/* Raises against argument 2 what lqy_toscalar would refuse in element k
 * (on the top of the stack): it names the element, not a stack slot. */
static void check_element(lua_State *L, const qy_column *c, lua_Integer k)
{
    int type = lua_type(L, -1);
    int32_t days;
    if (type != LUA_TNIL && type != LUA_TBOOLEAN && type != LUA_TNUMBER && type != LUA_TSTRING)
        luaL_argerror(L, 2, lua_pushfstring(L, "value %I is a %s", k, luaL_typename(L, -1)));
    if (c->type == QY_DATE && type == LUA_TSTRING) {
        size_t len;
        const char *text = lua_tolstring(L, -1, &len);
        if (qy_date_parse(text, len, &days) != QY_OK)
            luaL_argerror(L, 2, lua_pushfstring(L, "value %I: '%s' is not a date", k, text));
    }
}

/* c:isin{v1, v2, ...} — the values stay on the stack while their strings
 * are borrowed. */
static int l_isin(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 2);
    luaL_argcheck(L, n < INT32_MAX, 2, "too many values");
    luaL_checkstack(L, (int)n + 2, "too many values");
    qy_scalar *set = lua_newuserdatauv(L, (size_t)n * sizeof *set + 1, 0);   /* set */
    for (lua_Integer k = 0; k < n; k++) {
        lua_geti(L, 2, k + 1);                                         /* set, ..., v */
        check_element(L, c, k + 1);
        set[k] = lqy_toscalar(L, -1, c);
    }
    qy_column *out = NULL;
    qy_error err = {0};
    return push_result(L, qy_isin(c, set, (int)n, &out, &err), &out, &err, 2);
}

static int l_isnull(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    qy_error err = {0};
    return push_result(L, qy_isnull(c, 0, &out, &err), &out, &err, 1);
}

static int l_notnull(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    qy_error err = {0};
    return push_result(L, qy_isnull(c, 1, &out, &err), &out, &err, 1);
}

/* c:contains(s) — whether each string holds s (bytes). */
static int l_contains(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    size_t len;
    const char *needle = luaL_checklstring(L, 2, &len);
    qy_error err = {0};
    return push_result(L, qy_contains(c, needle, len, &out, &err), &out, &err, 1);
}

const luaL_Reg lqy_expr_metamethods[] = {
    {"__add", l_add}, {"__sub", l_sub}, {"__mul", l_mul}, {"__div", l_div}, {"__unm", l_unm},
    {"__band", l_band}, {"__bor", l_bor}, {"__bnot", l_bnot},
    {NULL, NULL}
};

const luaL_Reg lqy_expr_methods[] = {
    {"eq", l_eq}, {"ne", l_ne}, {"lt", l_lt}, {"le", l_le}, {"gt", l_gt}, {"ge", l_ge},
    {"between", l_between}, {"isin", l_isin}, {"isnull", l_isnull}, {"notnull", l_notnull},
    {"contains", l_contains},
    {NULL, NULL}
};
