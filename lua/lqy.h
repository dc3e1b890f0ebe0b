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

#include <lua.h>

#include "column.h"
#include "error.h"
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

/* Pushes row i of c as a Lua value: int64 -> integer, float64 and decimal ->
 * number, string -> string, date -> "YYYY-MM-DD", bool -> boolean, null ->
 * nil. [-0, +1, m] */
void lqy_pushvalue(lua_State *L, const qy_column *c, int64_t i);

/* Pushes a column userdata carrying name (may be NULL) for printing.
 * Steals the reference like lqy_pushcolumn. [-0, +1, m] */
void lqy_pushnamedcolumn(lua_State *L, qy_column *c, const char *name);

/* Pushes a userdata holding one qy_malloc'd pointer (initially NULL) that is
 * freed when the userdata is collected: C memory parked there survives any
 * Lua error. Returns the slot. [-0, +1, m] */
void **lqy_newbox(lua_State *L);

/* Raises err's message as a Lua error (never returns). [-0, +0, v] */
int lqy_raise(lua_State *L, const qy_error *err);

/* Registers the metatables and methods of each type (called by luaopen_qy). */
void lqy_open_table(lua_State *L);
void lqy_open_column(lua_State *L);

#endif
