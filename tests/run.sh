#!/bin/sh
# tests/run.sh — runs every test and ends with one line "N passed, N failed".
# Called by `make test` with QY_BIN (where qylua and qy.so are), QY_OBJ (where
# the C test binaries are) and QY_SAN (sanitizer flags, empty for none).
#   C unit tests      $QY_OBJ/tests/test_*         (tests/c/)
#   Lua tests         tests/lua/*_spec.lua, under stock lua5.4 + qy.so and under qylua
#   golden CLI tests  tests/cli/NAME.sh vs tests/cli/NAME.expected
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
BIN=$(cd "${QY_BIN:-.}" && pwd)
OBJ=${QY_OBJ:-build}
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

add() { passed=$((passed + $1)); failed=$((failed + $2)); }

# Reads "name: N passed, N failed" from a C test's output.
for t in "$OBJ"/tests/test_*; do
    [ -x "$t" ] || continue
    "$t" >"$log" 2>&1
    rc=$?
    line=$(grep -E '^[a-z_0-9]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        cat "$log"; echo "c/$(basename "$t"): crashed (exit $rc)"; add 0 1; continue
    fi
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    [ "$f" -ne 0 ] && cat "$log"
    echo "  c/$(basename "$t"): $p ok, $f bad"
    add "$p" "$f"
done

# Busted with TAP output; a spec that fails to load shows as "not ok" too.
san_preload=""
case "${QY_SAN:-}" in
    *address*) san_preload="$(${CC:-cc} -print-file-name=libasan.so)" ;;
esac
run_busted() {  # $1: label, rest: interpreter command
    label=$1; shift
    specs=$(ls tests/lua/*_spec.lua 2>/dev/null)
    [ -n "$specs" ] || return 0
    QY_ROOT="$ROOT" QY_BIN="$BIN" "$@" /usr/bin/busted -o TAP $specs >"$log" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    [ "$f" -ne 0 ] && grep -v '^ok ' "$log"
    echo "  lua ($label): $p ok, $f bad"
    add "$p" "$f"
}
if [ -n "$san_preload" ]; then
    LD_PRELOAD="$san_preload" ASAN_OPTIONS=detect_leaks=0 run_busted "lua5.4 + qy.so" \
        lua5.4 -e "package.cpath='$BIN/?.so;'..package.cpath"
else
    run_busted "lua5.4 + qy.so" lua5.4 -e "package.cpath='$BIN/?.so;'..package.cpath"
fi
run_busted "qylua" "$BIN/qylua"

# Golden tests: stdout and stderr together, then "exit: N".
cli_p=0; cli_f=0
for sh in tests/cli/*.sh; do
    [ -f "$sh" ] || continue
    name=${sh%.sh}
    actual=$(QYLUA="$BIN/qylua" QY_SO_DIR="$BIN" QY_LD_PRELOAD="$san_preload" sh "$sh" </dev/null 2>&1; echo "exit: $?")
    if [ "$actual" = "$(cat "$name.expected" 2>/dev/null)" ]; then
        cli_p=$((cli_p + 1))
    else
        cli_f=$((cli_f + 1))
        echo "FAIL $sh"
        printf '%s\n' "$actual" | diff -u "$name.expected" - | head -40
    fi
done
echo "  cli: $cli_p ok, $cli_f bad"
add "$cli_p" "$cli_f"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
