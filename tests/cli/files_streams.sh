# Files that are not what they seem: nothing waits forever and no stream
# grows memory without bound. Each run has a timeout, so a hang fails the
# test (exit 124) instead of stopping the suite.
dir=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
run() { timeout 60 "$QYLUA" "$@" 2>&1; echo "exit $?"; }
hide_hash() { sed "s|$dir/|.../|; s/-[0-9a-f]\{16\}\.qyc/-HASH.qyc/"; }
show='local t, i = qy.read_csv("t.csv"); print(#t .. " rows", "cached: " .. tostring(i.cached))'
printf 'id,city\n1,深圳\n2,东莞\n' >t.csv
"$QYLUA" --cache -e "$show" >/dev/null
entry=$(ls .qycache/*.qyc)

echo "-- a FIFO no one writes to in place of the cache entry: ignored, then replaced"
rm "$entry" && mkfifo "$entry"
run --cache -e "$show" | hide_hash
[ -f "$entry" ] && echo "the entry is a regular file again"
run --cache -e "$show" | hide_hash

echo "-- a link to /dev/zero and a directory in its place: ignored"
rm "$entry" && ln -s /dev/zero "$entry"
run --cache -e "$show" | hide_hash
rm "$entry" && mkdir "$entry"
run --cache -e "$show" | hide_hash
rmdir "$entry"

echo "-- qy.read of a FIFO no one writes to, of /dev/zero, of a directory"
mkfifo fifo
run -e 'print(pcall(qy.read, "fifo"))'
run -e 'print(pcall(qy.read, "/dev/zero"))'
run -e 'print(pcall(qy.read, "."))'

echo "-- read_csv of endless streams stops at max_bytes"
run -e 'print(pcall(qy.read_csv, "/dev/zero", {max_bytes = 1000}))'
yes '1,深圳' | run -e 'print(pcall(qy.read_csv, "/dev/stdin", {header = false, max_bytes = 3 * 1048576}))'
run -e 'print(pcall(qy.read_csv, "t.csv", {max_bytes = 0}))'
run -e 'print(pcall(qy.read_csv, "t.csv", {max_bytes = 1.5}))'

echo "-- a stream within max_bytes loads; max_bytes does not limit a file"
printf 'id\n1\n2\n3\n' | run -e 'print(#qy.read_csv("/dev/stdin", {max_bytes = 9}))'
printf 'id\n1\n2\n3\n' | run -e 'print(pcall(qy.read_csv, "/dev/stdin", {max_bytes = 8}))'
run -e 'print(#qy.read_csv("t.csv", {max_bytes = 1}))'

echo "-- cache = true on a pipe, /dev/stdin and a FIFO: loaded, not cached"
printf 'id\n1\n2\n' | run -e 'local t, i = qy.read_csv("/dev/stdin", {cache = true}); print(#t, i.cached)'
printf 'id\n1\n2\n' | run -e 'local t, i = qy.read_csv("/dev/stdin", {cache = true, quiet = true}); print(#t, i.cached)'
printf 'id\n1\n2\n3\n' >fifo &
run -e 'local t, i = qy.read_csv("fifo", {cache = true}); print(#t, i.cached)'
wait
echo "cache entries: $(ls -A .qycache)"
