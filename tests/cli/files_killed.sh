# A writer killed midway leaves the old file whole under its name: qylua
# killed by SIGXFSZ (ulimit -f, the signal's default action) in the middle of
# writing a CSV, a qy.write file and a cache entry, and by SIGKILL while
# gnuplot draws a chart. Nothing runs after such a kill, so the temporary
# file beside the target stays; the next run replaces the file all the same.
dir=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
"$QYLUA" -e 'local f = assert(io.open("big.csv", "wb"))
    f:write("id,city,amount\n", ("1,深圳,12.50\n"):rep(20000)) f:close()'

# The files in the directory, temporary names' random part shown as XXXXXX.
files() { ls -A "$@" | sed 's/\.tmp-....../.tmp-XXXXXX/; s/-[0-9a-f]\{16\}\.qyc/-HASH.qyc/' | tr '\n' ' '; echo; }

# Runs qylua -e "$2" with files limited to 32 KiB (512-byte blocks) and
# says whether the file $1 still holds its old bytes. (The shell's own
# "File size limit exceeded" goes to /dev/null.)
killed_writing() {
    cp "$1" old
    sh -c 'ulimit -c 0; ulimit -f 64; "$@" 2>&1 & wait $!; echo "exit $?: "' sh "$QYLUA" -e "$2" 2>/dev/null | tr -d '\n'
    echo "$(cmp -s "$1" old && echo "$1 holds its old bytes" || echo "$1 CHANGED")"
    rm old
}

printf 'old,csv\n' >out.csv
killed_writing out.csv 't = qy.read_csv("big.csv") t:to_csv("out.csv")'
printf 'old qyc\n' >out.qyc
killed_writing out.qyc 'qy.write(qy.read_csv("big.csv"), "out.qyc")'
files
rm out.csv.tmp-* out.qyc.tmp-*

# A cache entry, rebuilt because the CSV changed.
"$QYLUA" -e 'qy.read_csv("big.csv", {cache = true})'
entry=$(ls .qycache/*)
echo '2,西安,1.00' >>big.csv
killed_writing "$entry" 'qy.read_csv("big.csv", {cache = true})' | sed 's|\.qycache/.*qyc|the entry|'
files .qycache

# SIGKILL once the image's temporary file is there, while gnuplot draws.
printf 'old png\n' >chart.png
cp chart.png old.png
# (A big image: gnuplot takes a while to draw it.)
TMPDIR=$dir "$QYLUA" -e 'require("qy.chart").bar(qy.read_csv("big.csv"):head(3),
    {x = "city", y = "amount", out = "chart.png", width = 6000, height = 4000})' &
pid=$!
i=0
until ls chart.png.tmp-* >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -gt 6000 ] && { echo "no temporary file in 30 s"; kill -KILL $pid; exit 1; }
    sleep 0.005
done
kill -KILL $pid
wait $pid 2>/dev/null
echo "exit $?: $(cmp -s chart.png old.png && echo "chart.png holds its old bytes" || echo "chart.png CHANGED")"
files | sed 's/qychart....../qychartXXXXXX/'

# The next runs write the new files.
rm -rf chart.png.tmp-* qychart* old.png
"$QYLUA" -e 'local t = qy.read_csv("big.csv") t:to_csv("out.csv") qy.write(t, "out.qyc")
    require("qy.chart").bar(t:head(3), {x = "city", y = "amount", out = "chart.png"})
    print(#qy.read_csv("out.csv"), #qy.read("out.qyc"))'
head -c 4 chart.png | tail -c 3; echo
files
