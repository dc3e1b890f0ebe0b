# The committed data/ is exactly what scripts/gen_data.lua writes, under qylua and
# under stock lua5.4: a hand edit or a drift in the generator fails here.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir "$out/qylua" "$out/lua5.4"
"$QYLUA" scripts/gen_data.lua "$out/qylua" >/dev/null || exit 1
lua5.4 scripts/gen_data.lua "$out/lua5.4" >/dev/null || exit 1
status=0
for f in $(cd "$out/qylua" && LC_ALL=C ls); do
    if cmp "$out/qylua/$f" "data/$f" && cmp "$out/lua5.4/$f" "data/$f"; then
        echo "same: $f"
    else
        status=1
    fi
done
exit $status
