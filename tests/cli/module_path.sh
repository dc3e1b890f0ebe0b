# Lua-side modules are found in lua/ next to the executable (resolved through
# /proc/self/exe), whatever the current directory; LUA_PATH adds to that,
# and -E drops LUA_PATH but not the executable's lua/. (A copy of the real
# binary, QY_SO_DIR/qylua: $QYLUA may be a script starting it under QY_WRAP.)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$QY_SO_DIR/qylua" "$tmp/qylua"
mkdir -p "$tmp/lua/qy" "$tmp/lua/pkg" "$tmp/other"
echo 'return "qy.probe found"' >"$tmp/lua/qy/probe.lua"
echo 'return "pkg/init.lua found"' >"$tmp/lua/pkg/init.lua"
echo 'return "LUA_PATH module found"' >"$tmp/other/extra.lua"
cd /
${QY_WRAP:-} "$tmp/qylua" -e 'print((require "qy.probe"))' -e 'print((require "pkg"))'
LUA_PATH="$tmp/other/?.lua" ${QY_WRAP:-} "$tmp/qylua" -e 'print((require "extra"))' -e 'print((require "qy.probe"))'
LUA_PATH="$tmp/other/?.lua" ${QY_WRAP:-} "$tmp/qylua" -E -e 'print((pcall(require, "extra")))' -e 'print((require "qy.probe"))'
# The two entries come first, in this order.
EXPECT="$tmp/lua/?.lua;$tmp/lua/?/init.lua;" ${QY_WRAP:-} "$tmp/qylua" \
    -e 'local e = os.getenv("EXPECT"); print(package.path:sub(1, #e) == e)'
