# The H1 report's tables (golden): report.md as written with --no-charts.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
"$QYLUA" scripts/h1.lua --no-charts --out "$tmp/h1" >/dev/null && cat "$tmp/h1/report.md"
