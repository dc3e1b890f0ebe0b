# SIGINT while a script runs: the hook raises "interrupted!", reported with a
# traceback, exit 1.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$QYLUA" tests/cli/scripts/spin.lua >"$tmp/out" 2>&1 &
pid=$!
i=0
until grep -q ready "$tmp/out" 2>/dev/null; do
    i=$((i + 1))
    [ $i -gt 200 ] && { echo "script never got ready"; kill "$pid"; exit 2; }
    sleep 0.05
done
kill -INT "$pid"
wait "$pid"
rc=$?
head -n 3 "$tmp/out"
exit $rc
