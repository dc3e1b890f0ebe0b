# By region, a quarter whose previous quarter and year-ago quarter have no funds
# ledger (before 2022-01): those columns and their changes are null, not 0.
d=$(mktemp -d) && cd "$d" || exit 1
"$QYLUA" "$OLDPWD/scripts/quarterly.lua" --by region 2022Q1 --out q
rc=$?
cd / && rm -rf "$d"
exit $rc
