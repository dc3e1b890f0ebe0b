/* lexcel_write.c — t:to_excel and qy.write_excel: workbooks out
 * (xlsx_write.h).
 *
 * Every option is read and checked from Lua first, into C structs that live
 * in Lua userdata (lqy_newarray) with the strings they point to kept alive
 * beside them; only then is the core called, which raises nothing, so no
 * Lua error can jump past memory the core holds.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "lqy.h"
#include "xlsx_write.h"

/* Where the collected options live while the call runs: `keep` is the
 * stack index of the sheets array (lqy_newarray), whose keep table holds
 * every string and every further array; arg is the argument reported in
 * errors and prefix ("sheet 2: " or "") starts their messages. */
typedef struct reader {
    lua_State *L;
    int keep;
    int arg;
    char prefix[32];
} reader;

static int fail(reader *r, const char *fmt, ...)
{
    lua_State *L = r->L;
    va_list ap;
    va_start(ap, fmt);
    const char *msg = lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    return luaL_argerror(L, r->arg, lua_pushfstring(L, "%s%s", r->prefix, msg));
}

/* A new zeroed C array of size bytes that lives as long as the sheets
 * array. [-0, +0, m] */
static void *new_array(reader *r, size_t size)
{
    lua_State *L = r->L;
    void *p = lqy_newarray(L, size ? size : 1);                  /* ..., array */
    memset(p, 0, size ? size : 1);
    lua_getiuservalue(L, r->keep, 1);                            /* ..., array, keep */
    lua_rotate(L, -2, 1);                                        /* ..., keep, array */
    lua_rawsetp(L, -2, p);                                       /* ..., keep */
    lua_pop(L, 1);
    return p;
}

/* The string at the top, kept alive; popped. [-1, +0, m] */
static const char *keep_string(reader *r) { return lqy_keepstring(r->L, r->keep, NULL); }

/* opts[key] (opts at idx) as a string kept alive, or NULL when absent. */
static const char *opt_string(reader *r, int idx, const char *key, const char *what)
{
    lua_State *L = r->L;
    int t = lua_getfield(L, idx, key);                           /* ..., v */
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return NULL;
    }
    if (t != LUA_TSTRING) fail(r, "%soption '%s' must be a string, not %s", what, key, luaL_typename(L, -1));
    return keep_string(r);
}

static int opt_bool(reader *r, int idx, const char *key, int def, const char *what)
{
    lua_State *L = r->L;
    int t = lua_getfield(L, idx, key);                           /* ..., v */
    lua_pop(L, 1);
    if (t == LUA_TNIL) return def;
    if (t != LUA_TBOOLEAN) fail(r, "%soption '%s' must be true or false", what, key);
    lua_getfield(L, idx, key);
    int b = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return b;
}

/* Every key of the table at idx is a string in known, else an error. */
static void check_keys(reader *r, int idx, const char *const known[], const char *what,
                       const char *extra)
{
    lua_State *L = r->L;
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) {      /* ..., key, value */
        lua_pop(L, 1);                                           /* ..., key */
        if (lua_type(L, -1) == LUA_TSTRING) {
            const char *k = lua_tostring(L, -1);
            int found = 0;
            for (int i = 0; known[i]; i++) found |= strcmp(k, known[i]) == 0;
            if (found) {
                lua_pushnil(L);                                  /* ..., key, nil (popped by the loop) */
                continue;
            }
            fail(r, "%sunknown option '%s'%s", what, k, extra);
        }
        fail(r, "%sunknown option %s (options are named by strings)", what, luaL_tolstring(L, -1, NULL));
    }
}

/* ---- charts ------------------------------------------------------------------- */

/* The options of each kind: qy.chart's, less those for its PNG (out,
 * script, timeout, source, table); xlabel and ylabel have no axis in a pie. */
static const char *const BAR_KEYS[] = {"kind", "title", "xlabel", "ylabel", "legend", "labels", "width",
                                       "height", "values", "x", "y", "stacked", "horizontal", NULL};
static const char *const LINE_KEYS[] = {"kind", "title", "xlabel", "ylabel", "legend", "labels", "width",
                                        "height", "values", "x", "y", NULL};
static const char *const PIE_KEYS[] = {"kind", "title", "legend", "labels", "width", "height", "values",
                                       "label", "value", NULL};

/* legend = false | "off" | words as qy.chart takes them ("top right",
 * "bottom", "left", ...), mapped to the places an Excel legend can be. */
static qy_xlsx_legend read_legend(reader *r, int idx, const char *what)
{
    lua_State *L = r->L;
    int t = lua_getfield(L, idx, "legend");                      /* ..., legend */
    qy_xlsx_legend legend = QY_XLSX_LEGEND_DEFAULT;
    if (t == LUA_TBOOLEAN && !lua_toboolean(L, -1)) legend = QY_XLSX_LEGEND_NONE;
    else if (t == LUA_TSTRING) {
        static const char *const WORDS[] = {"top", "bottom", "left", "right", "center", "outside", "inside",
                                            "horizontal", "vertical", "above", "below", NULL};
        const char *s = lua_tostring(L, -1);
        if (strcmp(s, "off") == 0) legend = QY_XLSX_LEGEND_NONE;
        else {
            int has[11] = {0}, any = 0;
            for (const char *p = s; *p;) {
                while (*p == ' ') p++;
                size_t n = strcspn(p, " ");
                if (n == 0) break;
                int k = 0;
                while (WORDS[k] && (strlen(WORDS[k]) != n || strncmp(WORDS[k], p, n) != 0)) k++;
                if (!WORDS[k]) fail(r, "%soption 'legend': unknown position '%s'", what, s);
                has[k] = any = 1;
                p += n;
            }
            if (!any) fail(r, "%soption 'legend' must be a position such as 'top right'", what);
            legend = has[1] || has[10]                ? QY_XLSX_LEGEND_BOTTOM
                     : (has[0] || has[9]) && has[3] ? QY_XLSX_LEGEND_TOP_RIGHT
                     : has[0] || has[9]               ? QY_XLSX_LEGEND_TOP
                     : has[2]                         ? QY_XLSX_LEGEND_LEFT
                                                      : QY_XLSX_LEGEND_RIGHT;
        }
    } else if (t != LUA_TNIL)
        fail(r, "%soption 'legend' must be a position such as 'top right', or false", what);
    lua_pop(L, 1);
    return legend;
}

static int read_pixels(reader *r, int idx, const char *key, int def, const char *what)
{
    lua_State *L = r->L;
    int t = lua_getfield(L, idx, key);                           /* ..., v */
    int whole = 0;
    lua_Integer n = lua_tointegerx(L, -1, &whole);
    lua_pop(L, 1);
    if (t == LUA_TNIL) return def;
    if (t != LUA_TNUMBER || !whole || n < 100 || n > 4000)
        fail(r, "%soptions 'width' and 'height' must be whole pixels from 100 to 4000", what);
    return (int)n;
}

/* The series' names from labels = {column = label}; the x axis's title
 * defaults to the x column's label or name, as qy.chart's does. */
static void read_labels(reader *r, int idx, qy_xlsx_chart *c, const char *what)
{
    lua_State *L = r->L;
    int t = lua_getfield(L, idx, "labels");                      /* ..., labels */
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (t != LUA_TTABLE) fail(r, "%soption 'labels' must be a {column = label} map", what);
    for (int k = 0; k < c->ny; k++) {
        int lt = lua_getfield(L, -1, c->y[k]);                   /* ..., labels, label */
        if (lt == LUA_TSTRING) c->series_name[k] = keep_string(r);
        else if (lt == LUA_TNIL) lua_pop(L, 1);
        else fail(r, "%soption 'labels': the label of '%s' must be a string", what, c->y[k]);
    }
    if (c->kind != QY_XLSX_PIE && !c->xlabel && lua_getfield(L, -1, c->x) == LUA_TSTRING)
        c->xlabel = keep_string(r);                              /* ..., labels */
    else if (c->kind != QY_XLSX_PIE && !c->xlabel)
        lua_pop(L, 1);
    lua_pop(L, 1);
}

/* y = "col" or {"c1", "c2", ...} */
static void read_series(reader *r, int idx, const char *key, qy_xlsx_chart *c, const char *what)
{
    lua_State *L = r->L;
    int t = lua_getfield(L, idx, key);                           /* ..., y */
    if (t == LUA_TSTRING) {
        c->y[c->ny++] = keep_string(r);
        return;
    }
    if (t != LUA_TTABLE || (c->kind == QY_XLSX_PIE))
        fail(r, "%soption '%s' must be a column name%s", what, key,
             c->kind == QY_XLSX_PIE ? "" : " or a list of them");
    lua_Integer n = luaL_len(L, -1);
    if (n < 1 || n > QY_XLSX_MAX_SERIES) fail(r, "%soption '%s' must name 1 to %d columns", what, key, QY_XLSX_MAX_SERIES);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, -1, i) != LUA_TSTRING)                   /* ..., y, name */
            fail(r, "%soption '%s' must be a list of column names", what, key);
        c->y[c->ny++] = keep_string(r);
    }
    lua_pop(L, 1);
}

/* The chart spec at idx into c. */
static void read_chart(reader *r, int idx, qy_xlsx_chart *c, int k)
{
    lua_State *L = r->L;
    char what[32];
    snprintf(what, sizeof what, "chart %d: ", k + 1);
    if (!lua_istable(L, idx)) fail(r, "%sa chart is a table of options, not %s", what, luaL_typename(L, idx));
    lua_getfield(L, idx, "kind");                                /* ..., kind */
    const char *kind = lua_tostring(L, -1);
    qy_xlsx_chart_kind kk = QY_XLSX_BAR;
    const char *const *keys = BAR_KEYS;
    if (kind && strcmp(kind, "line") == 0) kk = QY_XLSX_LINE, keys = LINE_KEYS;
    else if (kind && strcmp(kind, "pie") == 0) kk = QY_XLSX_PIE, keys = PIE_KEYS;
    else if (!kind || lua_type(L, -1) != LUA_TSTRING || strcmp(kind, "bar") != 0)
        fail(r, "%soption 'kind' must be \"bar\", \"line\" or \"pie\"", what);
    lua_pop(L, 1);
    qy_xlsx_chart_init(c, kk);
    char extra[40];
    snprintf(extra, sizeof extra, " for a %s chart", kind);
    check_keys(r, idx, keys, what, extra);
    c->title = opt_string(r, idx, "title", what);
    c->values = opt_bool(r, idx, "values", 0, what);
    c->legend = read_legend(r, idx, what);
    c->width = read_pixels(r, idx, "width", c->width, what);
    c->height = read_pixels(r, idx, "height", c->height, what);
    if (kk == QY_XLSX_PIE) {
        c->x = opt_string(r, idx, "label", what);
        if (!c->x) fail(r, "%soption 'label' (the column naming the slices) is needed", what);
        read_series(r, idx, "value", c, what);
    } else {
        c->x = opt_string(r, idx, "x", what);
        if (!c->x) fail(r, "%soption 'x' (the column of categories) is needed", what);
        read_series(r, idx, "y", c, what);
        c->xlabel = opt_string(r, idx, "xlabel", what);
        c->ylabel = opt_string(r, idx, "ylabel", what);
        if (kk == QY_XLSX_BAR) {
            c->stacked = opt_bool(r, idx, "stacked", 0, what);
            c->horizontal = opt_bool(r, idx, "horizontal", 0, what);
        }
    }
    read_labels(r, idx, c, what);
    if (kk != QY_XLSX_PIE && !c->xlabel) c->xlabel = c->x;
}

/* charts = {spec, ...} or chart = spec. */
static void read_charts(reader *r, int idx, qy_xlsx_sheet *s)
{
    lua_State *L = r->L;
    int tc = lua_getfield(L, idx, "charts");                     /* ..., charts */
    int t1 = lua_getfield(L, idx, "chart");                      /* ..., charts, chart */
    if (tc != LUA_TNIL && t1 != LUA_TNIL) fail(r, "give either 'chart' or 'charts', not both");
    if (tc == LUA_TNIL && t1 == LUA_TNIL) {
        lua_pop(L, 2);
        return;
    }
    if (t1 != LUA_TNIL) {
        qy_xlsx_chart *c = new_array(r, sizeof *c);
        read_chart(r, lua_gettop(L), c, 0);
        s->charts = c;
        s->ncharts = 1;
        lua_pop(L, 2);
        return;
    }
    if (tc != LUA_TTABLE) fail(r, "option 'charts' must be a list of charts");
    lua_Integer n = luaL_len(L, -2);
    if (n < 1 || n > QY_XLSX_MAX_CHARTS) fail(r, "option 'charts' must list 1 to %d charts", QY_XLSX_MAX_CHARTS);
    qy_xlsx_chart *list = new_array(r, (size_t)n * sizeof *list);
    for (lua_Integer k = 1; k <= n; k++) {
        lua_geti(L, -2, k);                                      /* ..., charts, nil, spec */
        read_chart(r, lua_gettop(L), &list[k - 1], (int)k - 1);
        lua_pop(L, 1);
    }
    s->charts = list;
    s->ncharts = (int)n;
    lua_pop(L, 2);
}

/* ---- sheets -------------------------------------------------------------------- */

static const char *const SHEET_KEYS[] = {"table", "name", "title", "total", "thousands", "date_format",
                                         "float_places", "charts", "chart", "quiet", NULL};

/* float_places = N: floats shown "0.00"-style with N places (the cells keep every digit). */
static int read_float_places(reader *r, int idx)
{
    lua_State *L = r->L;
    int t = lua_getfield(L, idx, "float_places");                /* ..., v */
    int whole = 0;
    lua_Integer n = lua_tointegerx(L, -1, &whole);
    lua_pop(L, 1);
    if (t == LUA_TNIL) return -1;
    if (t != LUA_TNUMBER || !whole || n < 0 || n > QY_XLSX_MAX_FLOAT_PLACES)
        fail(r, "option 'float_places' must be a whole number from 0 to %d", QY_XLSX_MAX_FLOAT_PLACES);
    return (int)n;
}

/* total = true | "label" | {label = "合计", columns = {"amount", ...}} */
static void read_total(reader *r, int idx, qy_xlsx_sheet *s)
{
    lua_State *L = r->L;
    int t = lua_getfield(L, idx, "total");                       /* ..., total */
    if (t == LUA_TNIL || (t == LUA_TBOOLEAN && !lua_toboolean(L, -1))) {
        lua_pop(L, 1);
        return;
    }
    if (t == LUA_TBOOLEAN) {
        s->total_label = "合计";
        lua_pop(L, 1);
        return;
    }
    if (t == LUA_TSTRING) {
        s->total_label = keep_string(r);
        return;
    }
    if (t != LUA_TTABLE)
        fail(r, "option 'total' must be true, a label, or {label = ..., columns = {...}}");
    int at = lua_gettop(L);
    static const char *const KEYS[] = {"label", "columns", NULL};
    check_keys(r, at, KEYS, "total: ", "");
    s->total_label = opt_string(r, at, "label", "total: ");
    if (!s->total_label) s->total_label = "合计";
    int tc = lua_getfield(L, at, "columns");                     /* ..., total, columns */
    if (tc == LUA_TSTRING) {
        const char **list = new_array(r, sizeof *list);
        list[0] = keep_string(r);
        s->total_columns = list;
        s->ntotal_columns = 1;
    } else if (tc == LUA_TTABLE) {
        lua_Integer n = luaL_len(L, -1);
        if (n < 1 || n > 16384) fail(r, "total: option 'columns' must list column names");
        const char **list = new_array(r, (size_t)n * sizeof *list);
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_geti(L, -1, i) != LUA_TSTRING)               /* ..., columns, name */
                fail(r, "total: option 'columns' must list column names");
            list[i - 1] = keep_string(r);
        }
        s->total_columns = list;
        s->ntotal_columns = (int)n;
        lua_pop(L, 1);
    } else if (tc != LUA_TNIL) {
        fail(r, "total: option 'columns' must list column names");
    } else {
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* The sheet options at idx (a table; `table` is read only when t is NULL). */
static void read_sheet(reader *r, int idx, qy_xlsx_sheet *s, const qy_table *t)
{
    lua_State *L = r->L;
    check_keys(r, idx, SHEET_KEYS, "", "");
    if (t && lua_getfield(L, idx, "table") != LUA_TNIL)
        fail(r, "option 'table' is the method's own table here (t:to_excel)");
    if (t) lua_pop(L, 1);
    if (!t) {
        lua_getfield(L, idx, "table");                           /* ..., table */
        t = luaL_testudata(L, -1, QY_TABLE_TYPE) ? lqy_checktable(L, lua_gettop(L)) : NULL;
        if (!t) fail(r, "option 'table' must be a qy.table, not %s", luaL_typename(L, -1));
        lua_getiuservalue(L, r->keep, 1);                        /* ..., table, keep */
        lua_pushvalue(L, -2);
        lua_rawsetp(L, -2, t);                                   /* ..., table, keep */
        lua_pop(L, 2);
    }
    qy_xlsx_sheet_init(s, t);
    s->name = opt_string(r, idx, "name", "");
    s->title = opt_string(r, idx, "title", "");
    s->thousands = opt_bool(r, idx, "thousands", 0, "");
    s->date_format = opt_string(r, idx, "date_format", "");
    s->float_places = read_float_places(r, idx);
    read_total(r, idx, s);
    read_charts(r, idx, s);
    if (s->date_format && !qy_xlsx_date_format(s->date_format))
        fail(r, "unknown date format '%s' (use yyyy-mm-dd, yyyy/mm/dd, yyyy/m/d, yyyy-m-d, "
                "yyyymmdd, yyyy年m月d日 or yyyy年mm月dd日)", s->date_format);
}

/* ---- the calls ----------------------------------------------------------------- */

/* Checks the collected sheets as the core will (names, columns, sizes):
 * a failure is an argument error; then writes. Pushes the info table. */
static int write_book(reader *r, const char *who, const char *path, qy_xlsx_sheet *sheets, int n,
                      int quiet)
{
    lua_State *L = r->L;
    qy_error err = {0};
    int bad = 0;
    int rc = qy_xlsx_check(sheets, n, &bad, &err);
    if (rc == QY_ENOMEM) return lqy_raise(L, &err);
    if (rc != QY_OK) return luaL_argerror(L, r->arg, err.msg);
    qy_xlsx_warnings *w = new_array(r, sizeof *w);
    rc = qy_xlsx_write_file(path, sheets, n, w, &err);
    if (rc != QY_OK) return lqy_raise(L, &err);
    lua_createtable(L, 0, 3);                                    /* ..., info */
    lua_pushstring(L, path);
    lua_setfield(L, -2, "path");
    lua_pushinteger(L, n);
    lua_setfield(L, -2, "sheets");
    lua_createtable(L, w->n, 0);                                 /* ..., info, warnings */
    for (int i = 0; i < w->n; i++) {
        lua_pushstring(L, w->text[i]);
        lua_rawseti(L, -2, i + 1);
        if (!quiet) fprintf(stderr, "%s: %s: %s\n", who, path, w->text[i]);
    }
    if (w->more) {
        lua_pushfstring(L, "and %I more warnings", (lua_Integer)w->more);
        lua_rawseti(L, -2, w->n + 1);
        if (!quiet) fprintf(stderr, "%s: %s: and %lld more warnings\n", who, path, (long long)w->more);
    }
    lua_setfield(L, -2, "warnings");                             /* ..., info */
    return 1;
}

/* t:to_excel(path [, opts]) -> info {path, sheets, warnings} */
static int l_to_excel(lua_State *L)
{
    qy_table *t = lqy_checktable(L, 1);
    const char *path = luaL_checkstring(L, 2);
    int has = !lua_isnoneornil(L, 3);
    if (has) luaL_checktype(L, 3, LUA_TTABLE);
    lua_settop(L, 3);
    reader r = {.L = L, .arg = 3};
    qy_xlsx_sheet *s = lqy_newarray(L, sizeof *s);               /* t, path, opts, sheets */
    r.keep = lua_gettop(L);
    if (has) read_sheet(&r, 3, s, t);
    else qy_xlsx_sheet_init(s, t);
    int quiet = has ? opt_bool(&r, 3, "quiet", 0, "") : 0;
    return write_book(&r, "t:to_excel", path, s, 1, quiet);
}

/* qy.write_excel(path, sheets [, {quiet = false}]) -> info; sheets is a
 * list of {table = t, name = ..., ...sheet options}. */
static int l_write_excel(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    int quiet = 0;
    if (!lua_isnoneornil(L, 3)) {
        static const char *const KEYS[] = {"quiet", NULL};
        lqy_checkoptions(L, 3, KEYS);
        quiet = lqy_optboolean(L, 3, "quiet", 0);
    }
    lua_settop(L, 3);
    lua_Integer n = luaL_len(L, 2);
    if (n < 1 || n > 4096)
        return luaL_argerror(L, 2, "a list of 1 to 4096 sheets ({table = t, name = ...}) expected");
    reader r = {.L = L, .arg = 2};
    qy_xlsx_sheet *sheets = lqy_newarray(L, (size_t)n * sizeof *sheets); /* path, sheets, opts, array */
    r.keep = lua_gettop(L);
    for (lua_Integer k = 1; k <= n; k++) {
        snprintf(r.prefix, sizeof r.prefix, "sheet %d: ", (int)k);
        if (lua_geti(L, 2, k) != LUA_TTABLE)                     /* ..., spec */
            fail(&r, "a table {table = t, name = ...} expected, not %s", luaL_typename(L, -1));
        read_sheet(&r, lua_gettop(L), &sheets[k - 1], NULL);
        if (lua_getfield(L, -1, "quiet") != LUA_TNIL) fail(&r, "option 'quiet' goes in the third argument");
        lua_pop(L, 2);
    }
    r.prefix[0] = '\0';
    return write_book(&r, "qy.write_excel", path, sheets, (int)n, quiet);
}

const luaL_Reg lqy_excel_write_methods[] = {
    {"to_excel", l_to_excel},
    {NULL, NULL}
};

const luaL_Reg lqy_excel_write_functions[] = {
    {"write_excel", l_write_excel},
    {NULL, NULL}
};
