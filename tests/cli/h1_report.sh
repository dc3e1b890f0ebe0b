# The H1 report runs from any working directory, finds data/ beside the script,
# writes out/h1/report.md relative to where it runs, and prints the summary.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
cd "$tmp" && "$QYLUA" "$OLDPWD/scripts/h1.lua" --no-charts
ls out/h1
