# The main chunk's `...` holds the script arguments, nils and all counted.
"$QYLUA" - a "" c <<'LUA'
local n = select("#", ...)
print(n, ...)
local t = {...}
print(t[2] == "", #t)
LUA
"$QYLUA" - <<'LUA'
print("no args:", select("#", ...))
LUA
