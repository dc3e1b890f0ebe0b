# A file of 300,000 columns and one row loads in proportion to its data:
# within 1 GiB of address space (ulimit -v), where per-column buffers sized
# for thousands of rows once took 9 GiB. Sanitizer and valgrind builds
# reserve far more address space for themselves: there the limit is left
# off and only the table is checked.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
awk 'BEGIN {
    n = 300000
    for (j = 1; j <= n; j++) printf "%sc%d", (j > 1 ? "," : ""), j
    print ""
    for (j = 1; j <= n; j++) printf "%s%d", (j > 1 ? "," : ""), j
    print ""
}' > "$dir/wide.csv"
limit=1048576
[ -n "${QY_SAN:-}${QY_WRAP:-}" ] && limit=unlimited
(ulimit -v "$limit" && "$QYLUA" -e "
local t = qy.read_csv('$dir/wide.csv')
print(t:ncols(), t:nrows(), t.c1:type(), t.c1[1], t.c300000[1])")
