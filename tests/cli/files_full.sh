# A write the disk refuses (ulimit -f with SIGXFSZ ignored: write() fails
# with EFBIG, as on a full disk) is an error naming the file; the old file
# keeps its bytes and no temporary file stays: t:to_csv, qy.write,
# qy.write_text, a chart's image and its script, and a cache entry (whose
# failure is a warning: the table is still read). The script's data file,
# chart.tsv, fits and is written before the script.
dir=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
"$QYLUA" -e 'local f = assert(io.open("big.csv", "wb"))
    f:write("id,city,amount\n", ("1,深圳,12.50\n"):rep(20000)) f:close()
    qy.read_csv("big.csv", {cache = true})'
echo '2,西安,1.00' >>big.csv
for f in out.csv out.qyc report.md chart.png chart.gp; do echo "old $f" >"$f"; done
cp -r .qycache old.qycache

# Files limited to 32 KiB (512-byte blocks).
(trap '' XFSZ; ulimit -f 64; exec "$QYLUA" -e '
local chart = require "qy.chart"
local t = qy.read_csv("big.csv", {cache = true})
print(#t .. " rows read")
local function try(what, f, ...) print(what, select(2, pcall(f, ...))) end
try("to_csv", t.to_csv, t, "out.csv")
try("write", qy.write, t, "out.qyc")
try("write_text", qy.write_text, "report.md", ("报告\n"):rep(20000))
try("chart", chart.bar, t:head(3), {x = "city", y = "amount", out = "chart.png", width = 5000, height = 4000})
try("script", chart.bar, t:head(3), {x = "city", y = "amount", out = "chart.png",
    script = "chart.gp", title = ("长"):rep(20000)})
') 2>&1 | sed "s|$dir/|.../|; s/-[0-9a-f]\{16\}\.qyc/-HASH.qyc/"

for f in out.csv out.qyc report.md chart.png chart.gp; do
    [ "$(cat "$f")" = "old $f" ] || echo "$f CHANGED"
done
diff -r old.qycache .qycache && echo "the cache entry holds its old bytes"
rm -r old.qycache
ls -A . .qycache | sed 's/-[0-9a-f]\{16\}\.qyc/-HASH.qyc/'
