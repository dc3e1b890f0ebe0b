# qylua --cache and QY_CACHE=1 send every qy.read_excel through .qycache/,
# as they do qy.read_csv, unless it says cache = false; a cache that cannot
# be written is a warning, the first of info.warnings.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp tests/data/excel_cache/ledger.xlsx "$dir"/ || exit 2
cd "$dir" || exit 2
show='local t, i = qy.read_excel("ledger.xlsx", {quiet = true})
print(i.cached, #t, t["项目"][1], t["金额"][4], i.footer[1], #i.warnings)'
"$QYLUA" -e "$show"
"$QYLUA" --cache -e "$show"
"$QYLUA" --cache -e "$show"
ls .qycache | sed 's/-[0-9a-f]\{16\}\.qyc$/-HASH.qyc/'
QY_CACHE=1 "$QYLUA" -e "$show"
QY_CACHE=0 "$QYLUA" -e "$show"
"$QYLUA" --cache -e 'local t, i = qy.read_excel("ledger.xlsx", {cache = false, quiet = true}); print(i.cached)'
touch ledger.xlsx
"$QYLUA" --cache -e "$show"
"$QYLUA" --cache -e "$show"
mkdir sub && printf 'x\n' > sub/.qycache && cp ledger.xlsx sub/
"$QYLUA" --cache -e 'local t, i = qy.read_excel("sub/ledger.xlsx")
print(i.cached, #t, #i.warnings, i.warnings[1])' 2>&1 \
    | sed 's|/[^ ]*/sub/|.../sub/|; s/-[0-9a-f]\{16\}\.qyc/-HASH.qyc/'
