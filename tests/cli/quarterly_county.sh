# 2023Q2 per county against 2023Q1 (环比) and 2022Q2 (同比), from another
# directory; the charts go to a relative --out and are listed, not compared.
d=$(mktemp -d) && cd "$d" || exit 1
"$QYLUA" "$OLDPWD/scripts/quarterly.lua" 2023Q2 --out charts
rc=$?
ls charts
cd / && rm -rf "$d"
exit $rc
