# t:to_excel and qy.write_excel print each warning on stderr as
# "<who>: <path>: <what>", unless quiet = true; info.warnings holds them
# either way. A failed write leaves no file.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
"$QYLUA" -e 'local t = qy.table{ {name = "id", type = "int64", values = {1234567890123456789, 7}}, {name = "s", type = "string", values = {"", "x"}} }
local i = t:to_excel("w.xlsx", {total = true}); io.stderr:write(#i.warnings, "\n")
i = t:to_excel("w.xlsx", {quiet = true}); io.stderr:write(i.warnings[1], "\n")
qy.write_excel("b.xlsx", {{table = t, name = "明细"}})'
"$QYLUA" -e 'local t = qy.table{ x = {"a"} }; t:to_excel("missing/x.xlsx")'
ls
