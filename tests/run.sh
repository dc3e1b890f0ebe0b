#!/bin/sh
# tests/run.sh — runs every test and ends with one line "N passed, N failed".
# Called by `make test` with QY_BIN (where qylua and qy.so are), QY_OBJ (where
# the C test binaries are) and QY_SAN (sanitizer flags, empty for none).
# `make valgrind` adds QY_WRAP, a command prefix every test program runs under
# (the C tests, both interpreters, qylua in the CLI tests; not gnuplot, the
# shell or other tools), and QY_WRAP_LOGS, the directory where it leaves a
# non-empty file for each process it found at fault: a test that leaves one
# fails and shows it.
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
WRAP=${QY_WRAP:-}
WRAP_LOGS=${QY_WRAP_LOGS:-}
log=$(mktemp)
wrapped=$(mktemp -d)
trap 'rm -rf "$log" "$wrapped"' EXIT

add() { passed=$((passed + $1)); failed=$((failed + $2)); }

# Shows and removes what the wrapper reported since the last call; false
# when it reported anything.
wrap_clean() {
    [ -n "$WRAP_LOGS" ] || return 0
    found=$(find "$WRAP_LOGS" -type f -size +0)
    [ -n "$found" ] && { echo "$1: ${WRAP%% *} found:"; cat $found; }
    rm -f "$WRAP_LOGS"/*
    [ -z "$found" ]
}
if [ -n "$WRAP_LOGS" ]; then mkdir -p "$WRAP_LOGS" && rm -f "$WRAP_LOGS"/*; fi

# Reads "name: N passed, N failed" from a C test's output.
for t in "$OBJ"/tests/test_*; do
    [ -x "$t" ] || continue
    $WRAP "$t" >"$log" 2>&1
    rc=$?
    line=$(grep -E '^[a-z_0-9]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        cat "$log"; echo "c/$(basename "$t"): crashed (exit $rc)"; add 0 1; continue
    fi
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    [ "$f" -ne 0 ] && cat "$log"
    wrap_clean "c/$(basename "$t")" || f=$((f + 1))
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
    QY_ROOT="$ROOT" QY_BIN="$BIN" $WRAP "$@" /usr/bin/busted -o TAP $specs >"$log" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    [ "$f" -ne 0 ] && grep -v '^ok ' "$log"
    wrap_clean "lua ($label)" || f=$((f + 1))
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

# Golden tests: stdout and stderr together, then "exit: N". Under a wrapper
# they run a qylua that is a script starting the real one under it. They see
# QY_SAN and QY_WRAP, to leave off limits that such builds cannot keep.
qylua="$BIN/qylua"
if [ -n "$WRAP" ]; then
    qylua="$wrapped/qylua"
    printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$WRAP" "$BIN/qylua" >"$qylua"
    chmod +x "$qylua"
fi
cli_p=0; cli_f=0
for sh in tests/cli/*.sh; do
    [ -f "$sh" ] || continue
    name=${sh%.sh}
    actual=$(QYLUA="$qylua" QY_SO_DIR="$BIN" QY_LD_PRELOAD="$san_preload" QY_WRAP="$WRAP" QY_SAN="${QY_SAN:-}" \
        sh "$sh" </dev/null 2>&1; echo "exit: $?")
    same=false
    [ "$actual" = "$(cat "$name.expected" 2>/dev/null)" ] && same=true
    wrap_clean "$sh" || same=false
    if $same; then
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
