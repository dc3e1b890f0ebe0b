/* lcolumn.c — the qy.column userdata, and the value and box helpers. */
#include <string.h>

#include <lauxlib.h>

#include "alloc.h"
#include "date.h"
#include "format.h"
#include "lqy.h"
#include "number.h"

typedef struct LColumn {
    qy_column *c;           /* one reference, or NULL once collected */
} LColumn;                  /* user value 1: the column's name, or nil */

void lqy_pushcolumn(lua_State *L, qy_column *c) { lqy_pushnamedcolumn(L, c, NULL); }

void lqy_pushnamedcolumn(lua_State *L, qy_column *c, const char *name)
{
    LColumn *box = lua_newuserdatauv(L, sizeof *box, 1);         /* box */
    box->c = NULL;
    luaL_setmetatable(L, QY_COLUMN_TYPE);
    box->c = c;
    if (name) {
        lua_pushstring(L, name);                                 /* box, name */
        lua_setiuservalue(L, -2, 1);                             /* box */
    }
}

qy_column *lqy_checkcolumn(lua_State *L, int arg)
{
    LColumn *box = luaL_checkudata(L, arg, QY_COLUMN_TYPE);
    if (!box->c) luaL_argerror(L, arg, "column was already collected");
    return box->c;
}

qy_column *lqy_testcolumn(lua_State *L, int arg)
{
    return luaL_testudata(L, arg, QY_COLUMN_TYPE) ? lqy_checkcolumn(L, arg) : NULL;
}

void lqy_pushvalue(lua_State *L, const qy_column *c, int64_t i)
{
    if (qy_column_is_null(c, i)) {
        lua_pushnil(L);
        return;
    }
    char buf[32];
    size_t len;
    switch (c->type) {
    case QY_INT64: lua_pushinteger(L, c->v.i64[i]); return;
    case QY_FLOAT64: lua_pushnumber(L, c->v.f64[i]); return;
    case QY_DECIMAL: lua_pushnumber(L, qy_decimal_to_double(c->v.i64[i], c->scale)); return;
    case QY_BOOL: lua_pushboolean(L, c->v.b[i]); return;
    case QY_DATE:
        len = qy_date_format(c->v.date[i], buf);
        lua_pushlstring(L, buf, len);
        return;
    case QY_STRING: {
        const char *s = qy_dict_get(c->dict, c->v.code[i], &len);
        lua_pushlstring(L, s, len);
        return;
    }
    }
    lua_pushnil(L);
}

static int box_gc(lua_State *L)
{
    void **slot = lua_touserdata(L, 1);
    qy_free(*slot);
    *slot = NULL;
    return 0;
}

void **lqy_newbox(lua_State *L)
{
    void **slot = lua_newuserdatauv(L, sizeof *slot, 0);         /* box */
    *slot = NULL;
    if (luaL_newmetatable(L, "qy.box")) {                        /* box, mt */
        lua_pushcfunction(L, box_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);                                     /* box */
    return slot;
}

void *lqy_newarray(lua_State *L, size_t size)
{
    void *array = lua_newuserdatauv(L, size ? size : 1, 1);      /* array */
    lua_newtable(L);                                             /* array, keep */
    lua_setiuservalue(L, -2, 1);                                 /* array */
    return array;
}

const char *lqy_keepstring(lua_State *L, int idx, size_t *len)
{
    idx = lua_absindex(L, idx);
    const char *s = lua_tolstring(L, -1, len);                   /* ..., s */
    lua_getiuservalue(L, idx, 1);                                /* ..., s, keep */
    lua_rotate(L, -2, 1);                                        /* ..., keep, s */
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);      /* ..., keep */
    lua_pop(L, 1);
    return s;
}

static int l_gc(lua_State *L)
{
    LColumn *box = luaL_checkudata(L, 1, QY_COLUMN_TYPE);
    qy_column_release(box->c);
    box->c = NULL;
    return 0;
}

static int l_len(lua_State *L)
{
    lua_pushinteger(L, lqy_checkcolumn(L, 1)->length);
    return 1;
}

static int l_type(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1);
    char name[16];
    lua_pushstring(L, qy_type_name(c->type, c->scale, name));
    return 1;
}

static int l_nulls(lua_State *L)
{
    lua_pushinteger(L, lqy_checkcolumn(L, 1)->null_count);
    return 1;
}

static int l_name(lua_State *L)
{
    lqy_checkcolumn(L, 1);
    lua_getiuservalue(L, 1, 1);
    return 1;
}

/* c:totable() -> { v1, v2, ..., n = #c }, nil for nulls. */
static int l_totable(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1);
    if (c->length > INT32_MAX) return luaL_error(L, "column too long for a Lua table");
    lua_createtable(L, (int)c->length, 1);                       /* t */
    for (int64_t i = 0; i < c->length; i++) {
        lqy_pushvalue(L, c, i);
        lua_rawseti(L, -2, i + 1);
    }
    lua_pushinteger(L, c->length);
    lua_setfield(L, -2, "n");
    return 1;
}

typedef size_t (*cell_formatter)(const qy_column *c, int64_t i, char *buf, size_t cap,
                                 const char **text);

/* Pushes row arg 2 of the column at 1 as format writes it; nil for null or
 * out of range. */
static int push_cell_text(lua_State *L, cell_formatter format)
{
    qy_column *c = lqy_checkcolumn(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    if (i < 1 || i > c->length) return 0;
    char buf[64];
    const char *text;
    size_t len = format(c, i - 1, buf, sizeof buf, &text);
    if (!text) return 0;
    lua_pushlstring(L, text, len);
    return 1;
}

/* c:text(i) -> row i as text at the column's own scale ("1272.95", "500.00"),
 * as written to CSV (floats in their shortest exact form). */
static int l_text(lua_State *L) { return push_cell_text(L, qy_column_format); }

/* c:shown(i) -> row i as tables show it (floats at two decimals). */
static int l_shown(lua_State *L) { return push_cell_text(L, qy_format_cell); }

/* c[i] is row i (1-based; nil for null or out of range); c.name a method. */
static int l_index(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1);
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer i = luaL_checkinteger(L, 2);
        if (i < 1 || i > c->length) return 0;
        lqy_pushvalue(L, c, i - 1);
        return 1;
    }
    const char *key = luaL_checkstring(L, 2);
    if (lua_getfield(L, lua_upvalueindex(1), key) == LUA_TNIL)
        return luaL_error(L, "column has no method '%s'", key);
    return 1;
}

/* Printed as a one-column table under the column's name. */
static int l_tostring(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1);
    lua_getiuservalue(L, 1, 1);                                  /* name */
    const char *name = lua_isstring(L, -1) ? lua_tostring(L, -1) : "value";
    void **box = lqy_newbox(L);                                  /* name, box */
    qy_table *t = NULL;
    qy_strbuf buf = QY_STRBUF_INIT;
    qy_error err = {0};
    qy_print_options opts;
    qy_print_options_init(&opts);
    int rc = qy_table_new(c->length, &t, &err);
    if (rc == QY_OK) rc = qy_table_add_column(t, name, c, &err);
    if (rc == QY_OK) rc = qy_table_format_text(t, &opts, &buf, &err);
    qy_table_release(t);
    size_t len = buf.len;
    *box = buf.data;
    if (rc != QY_OK) return lqy_raise(L, &err);
    lua_pushlstring(L, *box ? (const char *)*box : "", len);     /* name, box, text */
    return 1;
}

void lqy_open_column(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"type", l_type}, {"nulls", l_nulls}, {"name", l_name}, {"totable", l_totable},
        {"text", l_text}, {"shown", l_shown},
        {NULL, NULL}
    };
    static const luaL_Reg metamethods[] = {
        {"__len", l_len}, {"__tostring", l_tostring}, {"__gc", l_gc},
        {NULL, NULL}
    };
    luaL_newmetatable(L, QY_COLUMN_TYPE);                        /* mt */
    luaL_setfuncs(L, metamethods, 0);
    luaL_setfuncs(L, lqy_expr_metamethods, 0);
    luaL_setfuncs(L, lqy_values_metamethods, 0);
    luaL_newlib(L, methods);                                     /* mt, methods */
    luaL_setfuncs(L, lqy_expr_methods, 0);
    luaL_setfuncs(L, lqy_date_methods, 0);
    luaL_setfuncs(L, lqy_group_column_methods, 0);
    luaL_setfuncs(L, lqy_string_methods, 0);
    luaL_setfuncs(L, lqy_values_methods, 0);
    lua_pushcclosure(L, l_index, 1);                             /* mt, __index */
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
}
