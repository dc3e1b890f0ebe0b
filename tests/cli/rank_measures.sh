# Other measures, dimensions and periods, from another directory; a chart to a
# relative path (listed, not compared); a period without data says so.
d=$(mktemp -d) && cd "$d" || exit 1
r() { "$QYLUA" "$OLDPWD/scripts/rank.lua" "$@"; echo "exit: $?"; }
r --by county --measure funds --agg count --period 2023H1
r --by region --measure projects --period 2023-05
r --by industry --measure amount --agg mean --period 2023Q2 --top 3 --chart c/industry.png
ls c
r --by province --measure amount --period 2023 --top 5
r --by county --measure funds --period 2023-07
cd / && rm -rf "$d"
