/* lexcel.c — qy.read_excel and qy.excel_sheets: workbooks in (excel_read.h,
 * workbook.h). */
#include <string.h>

#include <lauxlib.h>

#include "excel_cache.h"
#include "excel_read.h"
#include "lqy.h"
#include "workbook.h"

/* ---- options -------------------------------------------------------------- */

/* opts.sheet: a name (left on the stack, which keeps it alive) or a number. */
static void read_sheet(lua_State *L, int opts, qy_excel_options *o)
{
    int t = lua_getfield(L, opts, "sheet");                    /* ..., sheet (stays) */
    if (t == LUA_TSTRING) {
        o->sheet_name = lua_tostring(L, -1);
        return;
    }
    int whole = 0;
    lua_Integer n = lua_tointegerx(L, -1, &whole);
    if (t != LUA_TNIL && (t != LUA_TNUMBER || !whole || n < 1 || n > 1 << 20))
        luaL_argerror(L, opts, "option 'sheet' must be a sheet's name or its number (1, 2, ...)");
    if (t != LUA_TNIL) o->sheet_index = (int)n - 1;
}

/* "A3:M200" -> the range; a bad one is an argument error. */
static void read_range(lua_State *L, int opts, qy_excel_options *o)
{
    int t = lua_getfield(L, opts, "range");                    /* ..., range */
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    size_t len = 0;
    const char *s = t == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
    const char *colon = s ? memchr(s, ':', len) : NULL;
    uint32_t r0, c0, r1, c1;
    if (!colon || qy_cell_ref_parse(s, (size_t)(colon - s), &r0, &c0) != QY_OK ||
        qy_cell_ref_parse(colon + 1, len - (size_t)(colon + 1 - s), &r1, &c1) != QY_OK ||
        r1 < r0 || c1 < c0)
        luaL_argerror(L, opts, "option 'range' must be cells such as \"A3:M200\" (top left, "
                      "then bottom right, within XFD1048576)");
    o->has_range = true;
    o->range = (qy_cell_range){.first_row = r0, .last_row = r1, .first_col = (uint16_t)c0,
                               .last_col = (uint16_t)c1};
    lua_pop(L, 1);
}

static int64_t read_count(lua_State *L, int opts, const char *key, int64_t def)
{
    int t = lua_getfield(L, opts, key);                        /* ..., opts[key] */
    int whole = 0;
    lua_Integer n = lua_tointegerx(L, -1, &whole);
    if (t != LUA_TNIL && (t != LUA_TNUMBER || !whole || n < 0 || n > 1 << 20))
        luaL_argerror(L, opts, lua_pushfstring(L, "option '%s' must be a non-negative integer",
                                               key));
    lua_pop(L, 1);
    return t == LUA_TNIL ? def : (int64_t)n;
}

static void read_header(lua_State *L, int opts, qy_excel_options *o)
{
    int t = lua_getfield(L, opts, "header");                   /* ..., header */
    lua_pop(L, 1);
    if (t == LUA_TBOOLEAN) {
        o->header_rows = lqy_optboolean(L, opts, "header", 1) ? -1 : 0;
        return;
    }
    if (t != LUA_TNIL && t != LUA_TNUMBER)
        luaL_argerror(L, opts, "option 'header' must be true, false or a count of header rows");
    int64_t n = read_count(L, opts, "header", -1);
    if (n > 64) luaL_argerror(L, opts, "option 'header' must be at most 64 rows");
    o->header_rows = (int)n;
}

/* A footer pattern is tried by string.find, protected: a bad pattern is a
 * Lua error caught in footer_find, never a longjmp through the reader. */
typedef struct footer_test {
    lua_State *L;
    int find;            /* stack index of string.find */
    int pattern;         /* stack index of the pattern */
    const char *text;
    size_t len;
} footer_test;

/* Runs protected, with find, the pattern and the test as its arguments. */
static int footer_find(lua_State *L)
{
    const footer_test *f = lua_touserdata(L, 3);
    lua_pushvalue(L, 1);                                       /* find, pattern, f, find */
    lua_pushlstring(L, f->text, f->len);                       /* ..., find, text */
    lua_pushvalue(L, 2);                                       /* ..., find, text, pattern */
    lua_call(L, 2, 1);                                         /* ..., start or nil */
    return 1;
}

static bool footer_matches(void *ctx, const char *text, size_t len, qy_error *err, bool *failed)
{
    footer_test *f = ctx;
    lua_State *L = f->L;
    f->text = text;
    f->len = len;
    if (!lua_checkstack(L, 8)) {
        *failed = true;
        qy_error_set(err, QY_ENOMEM, "footer pattern: not enough memory");
        return false;
    }
    lua_pushcfunction(L, footer_find);                         /* fn */
    lua_pushvalue(L, f->find);                                 /* fn, find */
    lua_pushvalue(L, f->pattern);                              /* fn, find, pattern */
    lua_pushlightuserdata(L, f);                               /* fn, find, pattern, f */
    if (lua_pcall(L, 3, 1, 0) != LUA_OK) {                     /* result or message */
        *failed = true;
        qy_error_set(err, QY_EINVAL, "option 'footer': %s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return false;
    }
    bool yes = !lua_isnil(L, -1);
    lua_pop(L, 1);
    return yes;
}

static void read_footer(lua_State *L, int opts, qy_excel_options *o, footer_test *f)
{
    int t = lua_getfield(L, opts, "footer");                   /* ..., footer */
    if (t == LUA_TNIL || t == LUA_TBOOLEAN) {
        o->footer = t == LUA_TBOOLEAN && !lua_toboolean(L, -1) ? QY_FOOTER_NONE
                                                               : QY_FOOTER_DEFAULT;
        lua_pop(L, 1);
        return;
    }
    if (t != LUA_TSTRING)
        luaL_argerror(L, opts, "option 'footer' must be a Lua pattern (\"^合计\"), true or false");
    f->pattern = lua_gettop(L);                                /* ..., pattern (stays) */
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);  /* ..., pattern, loaded */
    if (lua_getfield(L, -1, "string") != LUA_TTABLE ||         /* ..., loaded, string */
        lua_getfield(L, -1, "find") != LUA_TFUNCTION)          /* ..., loaded, string, find */
        luaL_error(L, "option 'footer' needs the string library");
    lua_replace(L, -3);                                        /* ..., pattern, find, string */
    lua_pop(L, 1);                                             /* ..., pattern, find */
    f->find = lua_gettop(L);
    f->L = L;
    o->footer = QY_FOOTER_CALLBACK;
    o->footer_fn = footer_matches;
    o->footer_ctx = f;
    o->footer_key = lua_tostring(L, f->pattern);   /* the rule, for the cache key */
}

static void read_excel_options(lua_State *L, int opts, qy_excel_options *o, footer_test *f)
{
    static const char *const known[] = {"sheet", "range", "skip", "header", "footer",
                                        "fill_merged", "hidden", "types", "null", "rename",
                                        "quiet", "cache", NULL};
    lqy_checkoptions(L, opts, known);
    read_sheet(L, opts, o);
    read_range(L, opts, o);
    o->skip = read_count(L, opts, "skip", -1);
    read_header(L, opts, o);
    read_footer(L, opts, o, f);
    o->fill_merged = lqy_optboolean(L, opts, "fill_merged", 1);
    o->drop_hidden = !lqy_optboolean(L, opts, "hidden", 1);
    lqy_typing_options(L, opts, &o->csv);
}

/* ---- qy.read_excel ---------------------------------------------------------- */

static const char *format_name(qy_book_format f) { return f == QY_BOOK_XLS ? "xls" : "xlsx"; }

static void set_string(lua_State *L, const char *key, const char *value)
{
    lua_pushstring(L, value);
    lua_setfield(L, -2, key);
}

static void set_integer(lua_State *L, const char *key, lua_Integer value)
{
    lua_pushinteger(L, value);
    lua_setfield(L, -2, key);
}

/* Pushes the info table of a read. [-0, +1, m] */
static void push_info(lua_State *L, const char *path, const qy_excel_report *r, bool cached,
                      const qy_error *cache_warning, int quiet)
{
    lua_createtable(L, 0, 16);                                 /* info */
    set_string(L, "sheet", r->sheet);
    set_string(L, "format", format_name(r->format));
    set_string(L, "range", r->range);
    if (r->title[0]) set_string(L, "title", r->title);
    set_integer(L, "skipped", r->skipped);
    set_integer(L, "header_rows", r->header_rows);
    lua_createtable(L, r->nfooters, 0);                        /* info, footer */
    for (int i = 0; i < r->nfooters; i++) {
        lua_pushstring(L, r->footers[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "footer");
    set_integer(L, "footer_rows", r->footer_rows);
    set_integer(L, "merged", r->merged);
    set_integer(L, "hidden", r->hidden);
    set_integer(L, "errors", r->errors);
    lua_createtable(L, r->nerror_cells, 0);                    /* info, error_cells */
    for (int i = 0; i < r->nerror_cells; i++) {
        lua_createtable(L, 0, 2);                              /* info, cells, cell */
        set_string(L, "cell", r->error_cells[i].ref);
        set_string(L, "value", r->error_cells[i].value);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "error_cells");
    set_integer(L, "no_value", r->no_value);
    lua_pushboolean(L, cached);
    lua_setfield(L, -2, "cached");
    lqy_pushwarnings(L, "qy.read_excel", path, &r->csv, cache_warning, quiet);  /* info, warnings */
    lua_setfield(L, -2, "warnings");
}

/* qy.read_excel(path [, opts]) -> table, info */
static int l_read_excel(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    qy_excel_options o;
    qy_excel_options_init(&o);
    footer_test footer = {0};
    int quiet = 0;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        read_excel_options(L, 2, &o, &footer);
        quiet = lqy_optboolean(L, 2, "quiet", 0);
    }
    int cache = lqy_usecache(L, 2);
    qy_excel_report *report = lua_newuserdatauv(L, sizeof *report, 0);  /* ..., report */
    qy_table *t = NULL;
    qy_error err = {0}, warning = {0};
    bool cached = false;
    int rc = cache ? qy_excel_cached_read(path, &o, &t, report, &cached, &warning, &err)
                   : qy_excel_read_file(path, &o, &t, report, &err);
    if (rc != QY_OK) return lqy_raise(L, &err);
    lqy_pushtable(L, t);                                       /* ..., report, table */
    push_info(L, path, report, cached, &warning, quiet);       /* ..., report, table, info */
    return 2;
}

/* ---- qy.excel_sheets ---------------------------------------------------------- */

static const char *state_name(qy_sheet_state s)
{
    return s == QY_SHEET_VISIBLE ? "visible" : s == QY_SHEET_HIDDEN ? "hidden" : "very_hidden";
}

#define QY_BOOK_TYPE "qy.workbook"

/* A box for an open book, so an error while the sheet list is pushed
 * closes it. */
static int book_gc(lua_State *L)
{
    qy_book **box = luaL_checkudata(L, 1, QY_BOOK_TYPE);
    qy_book_close(*box);
    *box = NULL;
    return 0;
}

static qy_book **new_book_box(lua_State *L)
{
    qy_book **box = lua_newuserdatauv(L, sizeof *box, 0);     /* box */
    *box = NULL;
    if (luaL_newmetatable(L, QY_BOOK_TYPE)) {                 /* box, mt */
        lua_pushcfunction(L, book_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);                                   /* box */
    return box;
}

/* qy.excel_sheets(path) -> { {name=, index=, state=, hidden=, kind=, rows=, cols=,
 * dimension=}, ... } in tab order */
static int l_excel_sheets(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    qy_book **box = new_book_box(L);                           /* box */
    qy_error err = {0};
    if (qy_book_open(path, box, &err) != QY_OK) return lqy_raise(L, &err);
    const qy_book *b = *box;
    int n = qy_book_nsheets(b);
    lua_createtable(L, n, 0);                                  /* box, list */
    for (int i = 0; i < n; i++) {
        const qy_sheet_info *s = qy_book_sheet(b, i);
        lua_createtable(L, 0, 8);                              /* box, list, sheet */
        set_string(L, "name", s->name);
        set_integer(L, "index", i + 1);
        set_string(L, "state", state_name(s->state));
        lua_pushboolean(L, s->state != QY_SHEET_VISIBLE);
        lua_setfield(L, -2, "hidden");
        set_string(L, "kind", s->is_worksheet ? "worksheet" : "chart");
        set_integer(L, "rows", s->rows);
        set_integer(L, "cols", s->cols);
        set_string(L, "dimension", s->dimension);
        lua_rawseti(L, -2, i + 1);                             /* box, list */
    }
    qy_book_close(*box);
    *box = NULL;
    return 1;
}

const luaL_Reg lqy_excel_functions[] = {
    {"read_excel", l_read_excel},
    {"excel_sheets", l_excel_sheets},
    {NULL, NULL}
};
