# qylua --cache and QY_CACHE=1 send every qy.read_csv through .qycache/
# unless it says cache = false; a cache that cannot be written is a warning.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
printf 'id,city\n1,深圳\n2,东莞\n' > t.csv
show='local t, i = qy.read_csv("t.csv"); print(i.cached, #t, t.city[1])'
"$QYLUA" -e "$show"
"$QYLUA" --cache -e "$show"
"$QYLUA" --cache -e "$show"
ls .qycache | sed 's/-[0-9a-f]\{16\}\.qyc$/-HASH.qyc/'
QY_CACHE=1 "$QYLUA" -e "$show"
QY_CACHE=0 "$QYLUA" -e "$show"
"$QYLUA" --cache -e 'local t, i = qy.read_csv("t.csv", {cache = false}); print(i.cached)'
# --cache is an option like the others: it may come after -e.
"$QYLUA" -e "$show" --cache
mkdir sub && printf 'x\n' > sub/.qycache && printf 'a\n1\n' > sub/u.csv
"$QYLUA" --cache -e 'local t, i = qy.read_csv("sub/u.csv"); print(i.cached, #t)' 2>&1 \
    | sed 's|/[^ ]*/sub/|.../sub/|; s/-[0-9a-f]\{16\}\.qyc/-HASH.qyc/'
