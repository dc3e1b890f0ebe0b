# qy.read_csv's progress bar on a real terminal (a pseudo-terminal from
# util-linux script, 80 columns since its stdin is not a terminal): a load
# quicker than the one-second threshold draws nothing; with the threshold
# at 0 (QY_PROGRESS_AFTER) a 300k-row load draws the bar, which is erased
# before the script prints. Carriage returns and escapes are shown as <CR>
# and <ESC>, and each drawing of the bar as <bar>.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
{
    echo "id,name,amount,day"
    seq 1 300000 | awk '{ printf "%d,项目%d,%d.%02d,2023-%02d-%02d\n",
                          $1, $1 % 977, $1, $1 % 100, $1 % 12 + 1, $1 % 28 + 1 }'
} >big.csv
head -n 1000 big.csv >small.csv

# One drawing: "\rbig.csv [####......]  41%   4/10 MiB  93 MiB/s  1 s left\033[K".
bar='<CR>big\.csv \[[#.]+\] +[0-9]+%  +[0-9]+/10 MiB  [0-9.]+ MiB/s  [0-9]+ s left<ESC>\[K'

# Runs the Lua chunk $1 on a terminal; prints what the terminal received.
on_tty() {
    script -qfec "'$QYLUA' -e \"$1\"" /dev/null </dev/null |
        LC_ALL=C sed -E -e 's/\x1b/<ESC>/g' -e 's/\r/<CR>/g' -e "s|($bar)+|<bar>|g"
}
on_tty "print(#qy.read_csv('small.csv'))"
export QY_PROGRESS_AFTER=0
on_tty "print(#qy.read_csv('big.csv'))"
on_tty "print(pcall(qy.read_csv, 'big.csv', {types = {name = 'int64'}}))"
