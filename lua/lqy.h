/* lqy.h — what the binding files share: the `qy` module's userdata types.
 *
 * Types (one metatable each, named as below so type errors read
 * "qy.table expected, got number"):
 *   "qy.table"   a box holding one reference to a qy_table
 *   "qy.column"  a box holding one reference to a qy_column
 * A box is created empty and given its metatable before the reference is
 * stored, so __gc can always run; __gc releases and empties it, so running it
 * twice is harmless.
 */
#ifndef QY_LQY_H
#define QY_LQY_H

#include <lauxlib.h>
#include <lua.h>

#include "column.h"
#include "csv_read.h"
#include "error.h"
#include "scalar.h"
#include "table.h"

#define QY_VERSION "0.1.0"
#define QY_TABLE_TYPE "qy.table"
#define QY_COLUMN_TYPE "qy.column"

/* Opens the module: returns the `qy` table. [-0, +1, m] */
int luaopen_qy(lua_State *L);

/* Pushes a userdata owning t (the reference is stolen, even on error: if
 * the push raises, t is released first). [-0, +1, m] */
void lqy_pushtable(lua_State *L, qy_table *t);
void lqy_pushcolumn(lua_State *L, qy_column *c);

/* The table/column at arg, or a "bad argument" error. [-0, +0, v] */
qy_table *lqy_checktable(lua_State *L, int arg);
qy_column *lqy_checkcolumn(lua_State *L, int arg);

/* The column at arg when a column is there (a collected one is a "bad
 * argument" error), else NULL. [-0, +0, v] */
qy_column *lqy_testcolumn(lua_State *L, int arg);

/* The value at arg as an operand of a column expression: a column, or a
 * scalar fit to meet like (lqy_toscalar; a string scalar borrows the string
 * at arg). [-0, +0, v] */
qy_operand lqy_checkoperand(lua_State *L, int arg, const qy_column *like);

/* Pushes row i of c as a Lua value: int64 -> integer, float64 and decimal ->
 * number, string -> string, date -> "YYYY-MM-DD", bool -> boolean, null ->
 * nil. [-0, +1, m] */
void lqy_pushvalue(lua_State *L, const qy_column *c, int64_t i);

/* Pushes row i (0-based) of t as a Lua table {name = value, ...}, values
 * as lqy_pushvalue gives them: t[i + 1] and t:rows(). [-0, +1, m] */
void lqy_pushrow(lua_State *L, const qy_table *t, int64_t i);

/* Pushes a column userdata carrying name (may be NULL) for printing.
 * Steals the reference like lqy_pushcolumn. [-0, +1, m] */
void lqy_pushnamedcolumn(lua_State *L, qy_column *c, const char *name);

/* Pushes a userdata holding one qy_malloc'd pointer (initially NULL) that is
 * freed when the userdata is collected: C memory parked there survives any
 * Lua error. Returns the slot. [-0, +1, m] */
void **lqy_newbox(lua_State *L);

/* Strings from Lua. A `const char *` from lua_tolstring is valid only while
 * its string is alive, and the string may have no reference but the stack
 * slot it was read into: a value an __index metamethod built, a number just
 * converted, or an entry the caller's code (a metamethod, a finalizer) drops
 * while we run. So the binding uses such a pointer only while its value is
 * on the stack; a pointer that must outlive its slot (names gathered into a
 * C array, options read before the work) goes into an array made by
 * lqy_newarray, which keeps the string alive for as long as the array. */

/* Pushes a userdata of size bytes for a C array that points into Lua
 * strings, with a table (its user value) where lqy_keepstring keeps them;
 * the caller keeps the userdata on the stack while it uses them.
 * [-0, +1, m] */
void *lqy_newarray(lua_State *L, size_t size);

/* Pops the string on top of the stack into the keep table of the array at
 * idx (made by lqy_newarray) and returns it (its length in *len unless
 * len is NULL): alive as long as the array. [-1, +0, m] */
const char *lqy_keepstring(lua_State *L, int idx, size_t *len);

/* Raises err's message as a Lua error (never returns). [-0, +0, v] */
int lqy_raise(lua_State *L, const qy_error *err);

/* Raises the failure rc of a call given argument arg: "bad argument #arg
 * (err's message)", except that running out of memory, no fault of the
 * argument, is raised as lqy_raise does. Never returns. [-0, +0, v] */
int lqy_argfail(lua_State *L, int arg, int rc, const qy_error *err);

/* The index in t of the column called name, or a "bad argument #arg" error
 * "no column 'amout' (did you mean 'amount'?)". [-0, +0, v] */
int lqy_column_index(lua_State *L, const qy_table *t, const char *name, int arg);

/* The column index named by the string at arg. [-0, +0, v] */
int lqy_checkcolumnname(lua_State *L, const qy_table *t, int arg);

/* The column names given as arguments from arg on, or as one list at arg,
 * as indices into t, *n of them (at least one): an int array in a userdata
 * pushed on the stack. [-0, +1, v] */
int *lqy_checknames(lua_State *L, const qy_table *t, int arg, int *n);

/* The Lua value at idx as a scalar fit to meet column like (may be NULL):
 * nil -> null; integer -> int64; other numbers -> float64, or an exact
 * decimal when like is a decimal column and the number has at most 6
 * decimals; strings -> string, or a date when like is a date column
 * ("2023-06-30"); booleans -> bool. A string scalar borrows the Lua string
 * at idx, which must stay on the stack. Other values raise "bad argument
 * #idx". [-0, +0, v] */
qy_scalar lqy_toscalar(lua_State *L, int idx, const qy_column *like);

/* The options table at arg (a Lua table, or none/nil) may hold only the
 * string keys in known (NULL-terminated); another key raises
 * "bad argument #arg (unknown option 'x')". Returns whether a table is
 * there. [-0, +0, v] */
int lqy_checkoptions(lua_State *L, int arg, const char *const known[]);

/* opts[key] as a boolean, def when absent; any other type is a "bad
 * argument #opts" error (header = 0 or "no" would otherwise read as true).
 * [-0, +0, v] */
int lqy_optboolean(lua_State *L, int opts, const char *key, int def);

/* The options that type a load, as read_csv takes them -- on_ragged,
 * types, null, rename -- from the table at opts into o; the strings they
 * point into are kept alive by arrays pushed on the stack (lqy_newarray),
 * which the caller leaves there while it uses o. [-0, +k, v] */
void lqy_typing_options(lua_State *L, int opts, qy_csv_options *o);

/* Whether a read goes through the cache: opts.cache when given (opts may
 * be none), else the global switch QY_CACHE (set to anything but "" or
 * "0"; qylua --cache sets it). [-0, +0, v] */
int lqy_usecache(lua_State *L, int opts);

/* Pushes info.warnings, a load's warnings as "path: what" (the cache's
 * first, which name their file already), each also printed on stderr as
 * "<who>: ..." unless quiet. [-0, +1, m] */
void lqy_pushwarnings(lua_State *L, const char *who, const char *path,
                      const qy_csv_report *report, const qy_error *cache_warning, int quiet);

/* A load's progress bar on stderr (lprogress.c): shown only when stderr is
 * a terminal and the load has taken more than a second (QY_PROGRESS_AFTER
 * in seconds changes that), redrawn at most ten times a second. Plain C:
 * it never touches a Lua state, for the loader may call it from any thread. */
typedef struct lqy_progress {
    const char *label;     /* borrowed: what is being loaded, e.g. the path */
    double start;          /* monotonic seconds when the load began */
    double after;          /* seconds of loading before the bar shows */
    double drawn_at;       /* seconds into the load of the last drawing */
    int shown;             /* whether the bar is on the screen */
} lqy_progress;

/* Hooks a bar labelled label (borrowed until finish) into o when stderr is
 * a terminal; otherwise leaves o alone. */
void lqy_progress_start(lqy_progress *p, const char *label, qy_csv_options *o);

/* Erases the bar if it is showing; returns rc, so it can wrap the load:
 * `if (lqy_progress_finish(&bar, qy_csv_read_file(...)) != QY_OK) ...`. */
int lqy_progress_finish(lqy_progress *p, int rc);

/* The bar's text for done of total bytes after elapsed seconds, fitted to
 * width cells (the last one left empty), no control characters, e.g.
 * "data/projects.csv [#########.........]  52%  812/1548 MiB  403 MiB/s  2 s left".
 * When narrow, the label is cut (ending in "…") and the rate, then the
 * bytes, then the time left are dropped. Writes at most size bytes with a
 * NUL into buf; returns the length. */
size_t lqy_progress_line(char *buf, size_t size, const char *label, int64_t done,
                         int64_t total, double elapsed, int width);

/* Registers the metatables and methods of each type (called by luaopen_qy). */
void lqy_open_table(lua_State *L);
void lqy_open_column(lua_State *L);

/* What each binding file adds; every list ends with {NULL, NULL}.
 *   lverbs.c   table: filter select drop with          qy: concat
 *   lexpr.c    column: arithmetic and comparison metamethods, eq ne lt le gt
 *              ge between isin isnull notnull contains
 *   ldate.c    column: year half quarter month day weekday period
 *              period_label add_days add_months format
 *              qy: date days_between period_label
 *   lgroup.c   table: group_by agg pivot   column: sum mean min max count
 *              nunique median   qy: count sum mean median min max
 *              count_distinct first
 *   lsort.c    table: sort top rank
 *   ljoin.c    table: join
 *   lwindow.c  qy: share cumsum lag pct_change (evaluated by t:with)
 *   lchart.c   qy: _gnuplot _mkdtemp _mkdir_p (for lua/qy/chart.lua)
 *   lexcel.c   qy: read_excel excel_sheets
 *   lexcel_write.c  table: to_excel   qy: write_excel
 *   lstring.c  column: len sub trim starts ends replace split upper lower match
 *   ltable_verbs.c  table: rename distinct melt describe sample slice rows
 *   lvalues.c  column: round cast map fill_null, the __concat metamethod
 *              qy: ratio coalesce case concat_ws */
extern const luaL_Reg lqy_verb_methods[], lqy_verb_functions[];
extern const luaL_Reg lqy_expr_metamethods[], lqy_expr_methods[];
extern const luaL_Reg lqy_date_methods[], lqy_date_functions[];
extern const luaL_Reg lqy_group_methods[], lqy_group_column_methods[], lqy_group_functions[];
extern const luaL_Reg lqy_sort_methods[];
extern const luaL_Reg lqy_join_methods[];
extern const luaL_Reg lqy_window_functions[];
extern const luaL_Reg lqy_chart_functions[];
extern const luaL_Reg lqy_excel_functions[];
extern const luaL_Reg lqy_zip_functions[];
extern const luaL_Reg lqy_run_functions[];
extern const luaL_Reg lqy_excel_write_methods[], lqy_excel_write_functions[];
extern const luaL_Reg lqy_string_methods[];
extern const luaL_Reg lqy_table_verb_methods[];
extern const luaL_Reg lqy_values_methods[], lqy_values_metamethods[], lqy_values_functions[];

/* t:with{} asks this for a value that is not a column: the window column
 * the value at idx describes (a qy.share(...) etc.), computed over t, or
 * NULL when the value is not a window. Caller releases. [-0, +0, v] */
qy_column *lqy_window_eval(lua_State *L, const qy_table *t, int idx);

#endif
