# The H1 report as HTML (golden): report.html as written with --no-charts --format html.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
"$QYLUA" scripts/h1.lua --no-charts --format html --out "$tmp/h1" >/dev/null && cat "$tmp/h1/report.html"
