-- `luarocks make` in the repository root builds qy.so from the C sources and
-- installs it with the Lua-side modules (qy.chart). The interpreter qylua is
-- not part of the rock: `make install` installs it.
rockspec_format = "3.0"
package = "qylua"
version = "0.1.0-1"
source = {
  -- No public repository: the rock is built from a checkout (`luarocks make`).
  url = "file://.",
}
description = {
  summary = "Columnar analytics engine for Lua 5.4: CSV tables, exact decimals, group-by, pivot, joins, charts",
  detailed = "The qy module of qylua: typed columns (exact decimal money, dates), filter/select/group_by/pivot/join/rank/windows, CSV (UTF-8 and GB18030) and Markdown output, and bar/line/pie charts through gnuplot (qy.chart).",
}
dependencies = {
  "lua >= 5.4, < 5.5",
}
external_dependencies = {
  CSV = { header = "csv.h", library = "csv" },
}
build = {
  -- mk/rock.mk compiles every C source of the module (core/*.c, lua/*.c but
  -- lua/qylua.c) and installs qy.so and lua/qy/*.lua.
  type = "make",
  makefile = "mk/rock.mk",
  build_variables = {
    CFLAGS = "$(CFLAGS)",
    LIBFLAG = "$(LIBFLAG)",
    LUA_INCDIR = "$(LUA_INCDIR)",
    CSV_INCDIR = "$(CSV_INCDIR)",
    CSV_LIBDIR = "$(CSV_LIBDIR)",
  },
  install_variables = {
    CSV_INCDIR = "$(CSV_INCDIR)",
    CSV_LIBDIR = "$(CSV_LIBDIR)",
    LIBDIR = "$(LIBDIR)",
    LUADIR = "$(LUADIR)",
  },
}
