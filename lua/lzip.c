/* lzip.c — writing ZIP archives from Lua, for the .docx writer
 * (lua/qy/report_docx.lua); private, so not documented for scripts.
 *
 *   qy._zip_write(path, { {name, data}, ... }) -> true
 *        writes the members, in order, to a new archive at path, all or
 *        nothing (core/zip_write.h); errors name the path.
 */
#include "lqy.h"

#include "zip_write.h"

/* The members listed at idx as a C array pointing into the Lua strings, kept
 * alive by the array (lqy_newarray) pushed on the stack. [-0, +1, v] */
static qy_zip_member *check_members(lua_State *L, int idx, size_t *n)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_Integer count = luaL_len(L, idx);
    qy_zip_member *m = lqy_newarray(L, (size_t)(count > 0 ? count : 1) * sizeof *m);
    int arr = lua_gettop(L);
    for (lua_Integer i = 1; i <= count; i++) {
        if (lua_geti(L, idx, i) != LUA_TTABLE)                  /* member */
            luaL_argerror(L, idx, lua_pushfstring(L, "member #%I is not a {name, data} pair", i));
        int member = lua_gettop(L);
        for (int k = 1; k <= 2; k++) {
            if (lua_geti(L, member, k) != LUA_TSTRING)         /* member, name or data */
                luaL_argerror(L, idx, lua_pushfstring(L, "member #%I: %s is not a string", i,
                                                      k == 1 ? "name" : "data"));
            size_t len;
            const char *s = lqy_keepstring(L, arr, &len);      /* member */
            if (k == 1) m[i - 1].name = s;
            else m[i - 1].data = s, m[i - 1].len = len;
        }
        lua_pop(L, 1);
    }
    *n = (size_t)(count > 0 ? count : 0);
    return m;
}

static int l_zip_write(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    size_t n;
    const qy_zip_member *m = check_members(L, 2, &n);          /* array */
    qy_error err = {0};
    if (qy_zip_write(path, m, n, &err) != QY_OK) return lqy_raise(L, &err);
    lua_pushboolean(L, 1);
    return 1;
}

const luaL_Reg lqy_zip_functions[] = {
    {"_zip_write", l_zip_write},
    {NULL, NULL}
};
