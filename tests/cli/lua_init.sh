# LUA_INIT runs before the options; LUA_INIT_5_4 wins over it; "@file" runs
# a file; -E ignores both; an error in it stops everything.
LUA_INIT='print("LUA_INIT", type(qy))' "$QYLUA" -e 'print("then -e")'
LUA_INIT_5_4='print("LUA_INIT_5_4")' LUA_INIT='print("LUA_INIT")' "$QYLUA" -e ''
LUA_INIT='@tests/cli/scripts/lua_init.lua' "$QYLUA" -e ''
LUA_INIT='print("LUA_INIT")' "$QYLUA" -E -e 'print("ignored")'
LUA_INIT='error("bad init")' "$QYLUA" -e 'print("not reached")' 2>&1 | head -n 1
LUA_INIT='@tests/cli/scripts/none.lua' "$QYLUA" -e 'print("not reached")'
