# bench/genxlsx.c: the workbook of bench/genledger.c's 20-row ledger is byte for byte
# tests/data/bench/ledger-20.xlsx, written earlier (so the output is deterministic),
# whose cells openpyxl read as ledger-20.cells.txt (tests/data/bench/make_ledger20.sh
# makes both). Input that is not such a ledger is refused, naming the file and
# line, and leaves no workbook: no data rows, another header, a missing field, a
# day that does not exist, money that is not a number, a quoted field.
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/genledger" bench/genledger.c || exit 1
cc -O2 -o "$tmp/genxlsx" bench/genxlsx.c -lxlsxwriter || exit 1
cd "$tmp" || exit 1
./genledger 20 l.csv
./genxlsx l.csv l.xlsx
echo "genxlsx: $?"
cmp l.xlsx "$root/tests/data/bench/ledger-20.xlsx" && echo "same bytes as tests/data/bench/ledger-20.xlsx"
refused() {  # name, sed script making the bad CSV from l.csv
    sed "$2" l.csv >"$1.csv"
    ./genxlsx "$1.csv" "$1.xlsx"
    echo "genxlsx: $?$([ -e "$1.xlsx" ] && echo ", $1.xlsx left")"
}
refused header-only '2,$d'
refused header 's/^id,name,/id,title,/'
refused fields '3s/,[^,]*$//'
refused day '4s/,20[0-9][0-9]-[0-9][0-9]-[0-9][0-9],/,2021-02-29,/'
refused money '5s/^\([^,]*,\)\{9\}[^,]*/&x/'
refused quote '6s/,示例/,"示例/'
./genxlsx
echo "genxlsx: $?"
