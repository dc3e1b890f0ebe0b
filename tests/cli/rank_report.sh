# rank.lua --format md,html writes the ranking (and with --chart its figure) as a
# report; the HTML holds the chart as an embedded PNG, so it is one file.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
"$QYLUA" scripts/rank.lua --by industry --measure amount --period 2023Q2 --top 3 \
    --chart "$tmp/c.png" --format md,html --out "$tmp/r" | tail -n 2 | sed "s|$tmp|DIR|g"
cat "$tmp/r/report.md"
ls "$tmp/r"
grep -c 'src="data:image/png;base64,iVBOR' "$tmp/r/report.html"
"$QYLUA" scripts/rank.lua --by county --measure funds --period 2023 --format doc; echo "rc $?"
