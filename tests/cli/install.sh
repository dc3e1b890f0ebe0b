# `make install` (mk/install.sh, given the binaries under test) puts qylua,
# qy.so and qy/*.lua under a prefix; a script run from another directory
# finds the Lua-side modules, with the installed qylua and with a stock
# lua5.4 told only where qy.so is. `make uninstall` removes every file.
tmp=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$tmp"' EXIT
mk/install.sh install "$QY_SO_DIR" "$tmp/prefix" || exit 1
(cd "$tmp/prefix" && find . -type f | sort)

mkdir "$tmp/work"
cp data/targets.csv "$tmp/work/"
cat >"$tmp/work/script.lua" <<'LUA'
local qy = require "qy"
local chart = require "qy.chart"
local found = package.searchpath("qy.chart", package.path)
print("qy.chart from the prefix:", found == os.getenv("PREFIX") .. "/share/lua/5.4/qy/chart.lua")
print("qy.chart.bar is a " .. type(chart.bar))
local t = qy.read_csv("targets.csv")
print(#t .. " targets read from the working directory")
LUA
cd "$tmp/work"
PREFIX="$tmp/prefix" ${QY_WRAP:-} "$tmp/prefix/bin/qylua" script.lua
# Under the sanitizer build the ASan runtime must be loaded first; under
# `make valgrind` lua5.4 runs under QY_WRAP.
PREFIX="$tmp/prefix" LUA_CPATH="$tmp/prefix/lib/lua/5.4/?.so" LD_PRELOAD="${QY_LD_PRELOAD:-}" \
    ASAN_OPTIONS=detect_leaks=0 ${QY_WRAP:-} lua5.4 script.lua
cd - >/dev/null

mk/install.sh uninstall "$QY_SO_DIR" "$tmp/prefix"
echo "files left: $(find "$tmp/prefix" -type f | wc -l)"
