/* lexpr.c — column expressions: arithmetic and comparison metamethods, and
 * the conversion of Lua values to scalars they share with other verbs. */
#include <stdio.h>
#include <string.h>

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

const luaL_Reg lqy_expr_metamethods[] = {
    {NULL, NULL}
};

const luaL_Reg lqy_expr_methods[] = {
    {NULL, NULL}
};
