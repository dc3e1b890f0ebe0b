# Every published figure the ledgers hold is reproduced exactly: 28 ✓ in the
# report's table (F1–F29 but F17, the ambassadors), no ✗, in the summary too.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
"$QYLUA" scripts/h1.lua --no-charts --out "$tmp" >"$tmp/summary" || exit 1
echo "report ✓: $(grep -c '| ✓ |$' "$tmp/report.md")"
echo "report ✗: $(grep -c '| ✗ |$' "$tmp/report.md")"
echo "summary ✓: $(grep -c '^  ✓ F' "$tmp/summary")"
grep '公开数据重算一致' "$tmp/summary"
