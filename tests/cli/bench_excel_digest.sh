# bench/excel_csv_digest.lua, the Excel read's digest from LibreOffice's CSV: of
# LibreOffice's CSV of tests/data/bench/ledger-20.xlsx it is the line qylua's
# read_csv and pandas's read_excel print for that ledger; a quoted field, money
# not shown with 2 places, a text date, a short row and a missing column are errors.
lua5.4 bench/excel_csv_digest.lua tests/data/bench/ledger-20.libreoffice.csv
echo "exit: $?"
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
digest() {  # name, sed script making the bad CSV
    sed "$2" tests/data/bench/ledger-20.libreoffice.csv >"$tmp/$1.csv"
    (cd "$tmp" && lua5.4 "$root/bench/excel_csv_digest.lua" "$1.csv")
    echo "exit: $?"
}
digest quoted '3s/,江苏,/,"江苏",/'
digest places '4s/,\([0-9]*\)\.\([0-9]\)[0-9],/,\1.\2,/'
digest date '5s/,20\([0-9][0-9]\)-\([0-9][0-9]\)-\([0-9][0-9]\),/,\3\/\2\/20\1,/'
digest short '6s/,[^,]*$//'
digest column '1s/,amount,/,money,/'
