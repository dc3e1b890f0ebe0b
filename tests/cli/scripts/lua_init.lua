-- Run by LUA_INIT=@tests/cli/scripts/lua_init.lua.
print("init file ran")
