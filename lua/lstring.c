/* lstring.c — string methods of columns: len sub trim starts ends replace
 * split upper lower match. The work is in core/strfn.c (once per distinct
 * value); match runs Lua's own string.match once per distinct value and
 * remaps the rows' codes in C. replace on a column that is not a string
 * replaces whole values (core/replace.c). */
#include <string.h>

#include <lualib.h>

#include "lqy.h"
#include "replace.h"
#include "strfn.h"

/* Pushes the column *out a core function returned rc with, or raises its
 * refusal against argument arg. [-0, +1, v] */
static int push_result(lua_State *L, int rc, qy_column **out, const qy_error *err, int arg)
{
    if (rc != QY_OK) return lqy_argfail(L, arg, rc, err);
    lqy_pushcolumn(L, *out);
    return 1;
}

/* The string column at 1, or "bad argument #1 (string column expected,
 * got int64)" before any other argument is looked at. [-0, +0, v] */
static qy_column *checkstrings(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1);
    if (c->type != QY_STRING) {
        char name[16];
        luaL_argerror(L, 1, lua_pushfstring(L, "string column expected, got %s",
                                            qy_type_name(c->type, c->scale, name)));
    }
    return c;
}

typedef int (*whole_fn)(const qy_column *c, qy_column **out, qy_error *err);

static int whole(lua_State *L, whole_fn fn)
{
    qy_column *c = checkstrings(L), *out = NULL;
    qy_error err = {0};
    return push_result(L, fn(c, &out, &err), &out, &err, 1);
}

/* c:len() — int64, characters (code points) of each value. */
static int l_len(lua_State *L) { return whole(L, qy_str_length); }
static int l_trim(lua_State *L) { return whole(L, qy_str_trim); }
static int l_upper(lua_State *L) { return whole(L, qy_str_upper); }
static int l_lower(lua_State *L) { return whole(L, qy_str_lower); }

/* c:sub(i [, j]) — characters i..j, as string.sub counts bytes. */
static int l_sub(lua_State *L)
{
    qy_column *c = checkstrings(L), *out = NULL;
    lua_Integer i = luaL_checkinteger(L, 2), j = luaL_optinteger(L, 3, -1);
    qy_error err = {0};
    return push_result(L, qy_str_sub(c, i, j, &out, &err), &out, &err, 2);
}

typedef int (*affix_fn)(const qy_column *c, const char *s, size_t len, qy_column **out,
                        qy_error *err);

static int affix(lua_State *L, affix_fn fn)
{
    qy_column *c = checkstrings(L), *out = NULL;
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    qy_error err = {0};
    return push_result(L, fn(c, s, len, &out, &err), &out, &err, 2);
}

static int l_starts(lua_State *L) { return affix(L, qy_str_starts); }
static int l_ends(lua_State *L) { return affix(L, qy_str_ends); }

/* c:replace(from, to) — text in a string column; whole values otherwise. */
static int l_replace(lua_State *L)
{
    qy_column *c = lqy_checkcolumn(L, 1), *out = NULL;
    qy_error err = {0};
    if (c->type == QY_STRING) {
        size_t from_len, to_len;
        const char *from = luaL_checklstring(L, 2, &from_len);
        const char *to = luaL_checklstring(L, 3, &to_len);
        return push_result(L, qy_str_replace(c, from, from_len, to, to_len, &out, &err), &out,
                           &err, 2);
    }
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    qy_scalar from = lqy_toscalar(L, 2, c), to = lqy_toscalar(L, 3, c), fit;
    /* fitted here only to blame the right argument; the core fits them again */
    if (from.null) return luaL_argerror(L, 2, "the value to replace must not be nil");
    if (qy_scalar_fit(&from, c, &fit, &err) != QY_OK) return lqy_argfail(L, 2, err.code, &err);
    if (qy_scalar_fit(&to, c, &fit, &err) != QY_OK) return lqy_argfail(L, 3, err.code, &err);
    return push_result(L, qy_replace_values(c, &from, &to, &out, &err), &out, &err, 2);
}

/* c:split(sep, i) — piece i of each value cut at sep; null when missing. */
static int l_split(lua_State *L)
{
    qy_column *c = checkstrings(L), *out = NULL;
    size_t len;
    const char *sep = luaL_checklstring(L, 2, &len);
    lua_Integer piece = luaL_checkinteger(L, 3);
    luaL_argcheck(L, len > 0, 2, "the separator must not be empty");
    luaL_argcheck(L, piece != 0, 3, "piece 0 does not exist (the first is 1, the last -1)");
    qy_error err = {0};
    return push_result(L, qy_str_split(c, sep, len, piece, &out, &err), &out, &err, 2);
}

/* Pushes an empty string column over a new dict: the dict lives on the
 * Lua stack, so an error on the way (a bad pattern, memory) collects it.
 * [-0, +1, m] */
static void push_dict_holder(lua_State *L)
{
    qy_dict *dict = qy_dict_new();
    qy_column *holder = NULL;
    int rc = dict ? qy_column_new(QY_STRING, 0, dict, 0, &holder, NULL) : QY_ENOMEM;
    qy_dict_release(dict);                                       /* the holder's now */
    if (rc != QY_OK) luaL_error(L, "not enough memory for match");
    lqy_pushcolumn(L, holder);                                   /* ..., holder */
}

/* Stack slots of l_match. The column and the result's dict are read from
 * their boxes at each use: string.match may have been replaced by a Lua
 * function, which could run a box's __gc while we work. */
enum { PATTERN = 2, COLUMN, USED, RECODE, HOLDER, MATCH };

/* Calls string.match on entry k of the column with the pattern and interns
 * its result into the holder's dict: recode[k] is its code, or QY_STR_NULL
 * when nothing matched. [-0, +0, e] */
static void match_entry(lua_State *L, uint32_t k, uint32_t *recode)
{
    size_t len;
    const char *s = qy_dict_get(lqy_checkcolumn(L, COLUMN)->dict, k, &len);
    lua_pushvalue(L, MATCH);                                     /* ..., match */
    lua_pushlstring(L, s, len);                                  /* ..., match, s */
    lua_pushvalue(L, PATTERN);                                   /* ..., match, s, pattern */
    lua_call(L, 2, 1);                                           /* ..., result */
    int type = lua_type(L, -1);
    if (type == LUA_TNIL) {
        recode[k] = QY_STR_NULL;
    } else if (type != LUA_TSTRING) {
        luaL_argerror(L, PATTERN, lua_pushfstring(L, "the pattern gives a position (a %s), "
                                                  "not text: drop the '()' capture",
                                                  luaL_typename(L, -1)));
    } else {
        const char *text = lua_tolstring(L, -1, &len);
        if (qy_dict_intern(lqy_checkcolumn(L, HOLDER)->dict, text, len, &recode[k]) != QY_OK)
            luaL_error(L, "not enough memory for match");
    }
    lua_pop(L, 1);                                               /* ... */
}

/* c:match(pattern) — string.match's first capture (the whole match when
 * the pattern has none) of each distinct value; null when it fails. All
 * memory is on the Lua stack, so a malformed pattern's error leaks nothing. */
static int l_match(lua_State *L)
{
    qy_column *c = checkstrings(L);
    luaL_checkstring(L, PATTERN);
    lua_settop(L, PATTERN);
    lqy_pushcolumn(L, qy_column_retain(c));                                      /* COLUMN */
    uint32_t size = qy_dict_size(c->dict);
    uint8_t *used = lua_newuserdatauv(L, (size_t)size + 1, 0);                   /* USED */
    uint32_t *recode = lua_newuserdatauv(L, (size_t)size * sizeof *recode + 1, 0);  /* RECODE */
    memset(used, 0, (size_t)size);
    qy_str_used(c, used);
    push_dict_holder(L);                                                         /* HOLDER */
    lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);                        /* ..., loaded */
    if (lua_getfield(L, -1, LUA_STRLIBNAME) != LUA_TTABLE)                       /* ..., loaded, string */
        return luaL_error(L, "match needs Lua's string library");
    lua_getfield(L, -1, "match");                                                /* ..., string, match */
    lua_replace(L, MATCH);                                                       /* MATCH, string */
    lua_settop(L, MATCH);
    for (uint32_t k = 0; k < size; k++)
        if (used[k]) match_entry(L, k, recode);
    qy_column *out = NULL;
    qy_error err = {0};
    int rc = qy_str_remap(lqy_checkcolumn(L, COLUMN), lqy_checkcolumn(L, HOLDER)->dict, recode,
                          &out, &err);
    return push_result(L, rc, &out, &err, PATTERN);
}

const luaL_Reg lqy_string_methods[] = {
    {"len", l_len}, {"sub", l_sub}, {"trim", l_trim}, {"starts", l_starts}, {"ends", l_ends},
    {"replace", l_replace}, {"split", l_split}, {"upper", l_upper}, {"lower", l_lower},
    {"match", l_match},
    {NULL, NULL}
};
