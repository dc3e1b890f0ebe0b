# qy.so in a stock lua5.4 finds the Lua-side modules in lua/ beside itself
# (through dladdr), whatever the current directory.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$QY_SO_DIR/qy.so" "$tmp/qy.so"
mkdir -p "$tmp/lua/qy"
echo 'return "qy.probe found"' >"$tmp/lua/qy/probe.lua"
cd /
# Under the sanitizer build the ASan runtime must be loaded first; under
# `make valgrind` lua5.4 runs under QY_WRAP.
LD_PRELOAD="${QY_LD_PRELOAD:-}" ASAN_OPTIONS=detect_leaks=0 ${QY_WRAP:-} lua5.4 -e "package.cpath='$tmp/?.so;'..package.cpath" \
    -e 'qy = require "qy" print(qy.version)' -e 'print((require "qy.probe"))'
