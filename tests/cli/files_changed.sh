# A table loaded from a columnar file keeps every value while the file changes:
# - a qy.read file, when it is truncated or overwritten in place: the load
#   copies the bytes and checks the copy, so no other writer can change the
#   table or take its pages away;
# - a cache entry of qy.read_csv, when it is replaced (a new entry renamed over
#   it, as every qylua write does) or removed (rm -rf .qycache): the table maps
#   the entry's pages, which stay as they were until the table is gone. An entry
#   is qylua's own file and never written in place, so its table does not pay
#   for a copy (colfile.h, cache.c).
dir=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
"$QYLUA" -e '
local f = assert(io.open("t.csv", "wb"))
f:write("id,amount,city,day,ok\n")
local cities = {"深圳", "东莞", "广州", ""}
for i = 1, 20000 do
  f:write(i, ",", i % 7 == 0 and "" or string.format("%d.%02d", i, i % 100), ",",
          cities[i % 4 + 1], ",2023-07-", string.format("%02d", i % 28 + 1), ",",
          i % 3 == 0 and "true" or "false", "\n")
end
f:close()
qy.write(qy.read_csv("t.csv"), "t.qyc")'

cat >check.lua <<'LUA'
-- arg[1]: "read" (qy.read of t.qyc) or "cache" (t.csv from its entry);
-- arg[2]: "truncate" or "overwrite" that file in place, "replace" it by a
-- rename or "remove" it, while the table lives.
local source, how = arg[1], arg[2]
local function dump(t)
  local out = {}
  for _, name in ipairs(t:names()) do
    for i = 1, #t do out[#out + 1] = tostring(t[name][i]) end
  end
  return table.concat(out, "|")
end
local t, file
if source == "read" then
  t, file = qy.read("t.qyc"), "t.qyc"
else
  qy.read_csv("t.csv", {cache = true})
  local info
  t, info = qy.read_csv("t.csv", {cache = true})
  assert(info.cached, "not from the cache")
  file = io.popen("ls .qycache/*.qyc"):read("l")
end
local before = dump(t)
local f = assert(io.open(file, "rb"))
local size = #f:read("a")
f:close()
if how == "truncate" then
  assert(io.open(file, "wb")):close()
elseif how == "overwrite" then
  f = assert(io.open(file, "r+b"))
  f:write(("\0"):rep(size))
  f:close()
elseif how == "replace" then
  qy.write(qy.table{ id = {1} }, file)
else
  assert(os.remove(file))
end
print(source, how, size > 100000 and "over 100 kB" or "TOO SMALL", #t .. " rows",
      dump(t) == before and "every value as loaded" or "VALUES CHANGED")
LUA

for case in "read truncate" "read overwrite" "cache replace" "cache remove"; do
    set -- $case
    source=$1 how=$2
    rm -rf .qycache
    "$QYLUA" -e 'qy.write(qy.read_csv("t.csv"), "t.qyc")'
    sh -c '"$@" 2>&1 & wait $!; echo "exit $?"' sh "$QYLUA" check.lua "$source" "$how" | paste -sd ' ' -
done
