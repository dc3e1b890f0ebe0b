# Unknown options and bad values: a message naming the argument, the usage, exit 2.
q() { "$QYLUA" scripts/quarterly.lua "$@"; echo "exit: $?"; }
q
q 2023Q5
q 2023-Q2
q 2023Q2 --by province
q 2023Q2 --out
q 2023Q2 --chart x.png
q 2023Q1 2023Q2
q --help
