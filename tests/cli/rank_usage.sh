# Unknown options and bad values: a message naming the argument, the usage, exit 2.
r() { "$QYLUA" scripts/rank.lua "$@"; echo "exit: $?"; }
r
r --by county --measure funds
r --by county --measure visits --period 2023
r --by amount --measure funds --period 2023
r --by county --measure funds --period 2023Q5
r --by county --measure funds --period 2023-13
r --by county --measure funds --period 2023H1 --agg total
r --by county --measure projects --period 2023H1 --agg sum
r --by county --measure funds --period 2023H1 --top 0
r --by county --measure funds --period 2023H1 --ties row
r --by county --measure funds --period 2023H1 --chart x.jpg
r --by county --measure funds --period 2023H1 --sort asc
r --by county --measure funds --period
r --help
