# quarterly.lua --format md also writes its tables and charts as a report
# (qy.report): numbered tables, a figure per measure, drawn beside report.md.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
"$QYLUA" scripts/quarterly.lua 2023Q3 --by industry --out "$tmp" --format md | tail -n 1 | sed "s|$tmp|DIR|g"
cat "$tmp/report.md"
ls "$tmp"
