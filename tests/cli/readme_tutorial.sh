# The README's tutorial runs as written and prints what the README says it
# prints: its code block is cut out of README.md and run in a scratch folder.
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$root/data" "$tmp/data"
sed -n '/^## A ten-minute tutorial/,/^Step 5 prints/p' README.md | sed -n 's/^    //p' >"$tmp/ranking.lua"
cd "$tmp" && "$QYLUA" ranking.lua >out.txt; head -n 14 out.txt
ls ranking.csv ranking.png
