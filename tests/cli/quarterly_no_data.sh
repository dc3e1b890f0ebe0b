# A quarter without any data says so and writes no chart; a partial quarter
# (2023Q3, to 2023-07-20) says it is partial and shows what it has.
d=$(mktemp -d) && cd "$d" || exit 1
"$QYLUA" "$OLDPWD/scripts/quarterly.lua" 2024Q1 --out q; echo "exit: $?"
ls q 2>/dev/null
"$QYLUA" "$OLDPWD/scripts/quarterly.lua" 2023Q3 --by industry --out q
rc=$?
cd / && rm -rf "$d"
exit $rc
