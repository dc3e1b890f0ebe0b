# qy.read_csv prints each warning on stderr as "qy.read_csv: <path>: <what>",
# unless quiet = true; info.warnings holds them either way.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
printf 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n' > r.csv
printf 'a;b\n1;2\n' > s.csv
"$QYLUA" -e 'local t, i = qy.read_csv("r.csv", {on_ragged = "pad"}); io.stderr:write(#t, " ", i.padded, " ", i.cut, " ", #i.warnings, "\n")'
"$QYLUA" -e 'local t, i = qy.read_csv("r.csv", {on_ragged = "pad", quiet = true}); io.stderr:write(i.warnings[1], "\n")'
"$QYLUA" -e 'qy.read_csv("r.csv", {on_ragged = "skip"})'
"$QYLUA" -e 'qy.read_csv("s.csv", {delim = ","})'
"$QYLUA" -e 'local t, i = qy.read_csv("s.csv"); io.stderr:write(i.delim, " ", t:ncols(), " ", #i.warnings, "\n")'
