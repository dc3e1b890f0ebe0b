-- bench/check.lua — do a peer's answers agree with qylua's? Plain Lua 5.4.
-- Usage: lua5.4 bench/check.lua QYDIR PEERDIR [NAME ...]
-- Compares QYDIR/NAME.csv (qylua's answer, the reference) with PEERDIR/NAME.csv for
-- each benchmark query NAME (all of them by default) and prints "NAME ok",
-- "NAME differs: <the first difference>", or "NAME skipped: no answer from qylua"
-- (a query qylua could not run); exits 1 if any differs or the peer's is missing.
-- Money: qylua's is exact (decimal text); the peer's value is rounded to the cent
-- (a float peer writes e.g. 17283261.810000002) and must then equal it exactly.
-- Other numbers compare as numbers (5 = 5.0), text as bytes. Grouped answers
-- compare as sets of rows keyed by their first `keys` columns; `ordered` ones
-- row by row (read as they stream: the full sort has one row per ledger row).

local QUERIES = {  -- in the benchmark's order
  {name = "group_county",   keys = 1, money = {amount = true, funds = true}},
  {name = "pivot_quarter",  keys = 1, money = "rest"},
  {name = "filter_group",   keys = 1, money = {amount = true}},
  {name = "top10",          ordered = true, money = {amount = true}},
  {name = "dense_rank",     keys = 2, money = {funds = true}},
  {name = "count_distinct", keys = 1, money = {}},
  {name = "sort",           ordered = true, money = {}},
}

local function fields(line, where)
  if line:find('"', 1, true) then error(where .. ": quoted fields are not expected", 0) end
  local out = {}
  for f in (line .. ","):gmatch("([^,]*),") do out[#out + 1] = f end
  return out
end

-- Integer cents of a money text: exact for up to two decimals, else (a float
-- peer's text) rounded to the cent. nil for null (empty) or not a number.
local function cents(text)
  if text == "" then return nil end
  local sign, int, frac = text:match("^(%-?)(%d+)%.?(%d*)$")
  if int and #frac <= 2 then
    local v = math.tointeger(tonumber(int .. (frac .. "00"):sub(1, 2)))
    return v and (sign == "-" and -v or v)
  end
  local x = tonumber(text)
  if not x then return nil end
  return math.tointeger(tonumber((string.format("%.2f", x):gsub("%.", ""))))
end

local function same_value(ref, peer, is_money)
  if ref == peer then return true end
  if is_money then
    local a, b = cents(ref), cents(peer)
    return a ~= nil and a == b
  end
  local a, b = tonumber(ref), tonumber(peer)
  return a ~= nil and a == b
end

-- The first difference between two rows, or nil.
local function row_difference(spec, header, ref, peer)
  if #ref ~= #peer then return ("%d fields against %d"):format(#ref, #peer) end
  for i, name in ipairs(header) do
    local is_money = spec.money == "rest" and i > spec.keys or spec.money[name] == true
    if not same_value(ref[i], peer[i], is_money) then
      return ("%s: qylua %s, peer %s%s"):format(name, ref[i] == "" and "null" or ref[i],
        peer[i] == "" and "null" or peer[i], is_money and " (to the cent)" or "")
    end
  end
end

local function open_lines(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  return f
end

local function check_ordered(spec, header, ref, peer)
  local n = 0
  while true do
    local a, b = ref:read("l"), peer:read("l")
    if not a and not b then return nil end
    n = n + 1
    if not a or not b then
      return ("row %d: only %s has it"):format(n, a and "qylua" or "the peer")
    end
    local d = row_difference(spec, header, fields(a, "qylua"), fields(b, "peer"))
    if d then return ("row %d: %s"):format(n, d) end
  end
end

local function check_keyed(spec, header, ref, peer)
  local rows, count = {}, 0
  for line in peer:lines() do
    local r = fields(line, "peer")
    local key = table.concat(r, ",", 1, spec.keys)
    if rows[key] then return "the peer has two rows for " .. key end
    rows[key] = r
    count = count + 1
  end
  for line in ref:lines() do
    local r = fields(line, "qylua")
    local key = table.concat(r, ",", 1, spec.keys)
    local p = rows[key]
    if not p then return "the peer has no row for " .. key end
    local d = row_difference(spec, header, r, p)
    if d then return key .. ": " .. d end
    rows[key] = nil
    count = count - 1
  end
  if count > 0 then return count .. " row(s) only the peer has, e.g. " .. next(rows) end
end

-- nil when the answers agree, else the first difference; and whether the
-- check was skipped for want of qylua's answer.
local function check(spec, qydir, peerdir)
  local ref = open_lines(qydir .. "/" .. spec.name .. ".csv")
  if not ref then return "no answer from qylua", true end
  local peer, perr = open_lines(peerdir .. "/" .. spec.name .. ".csv")
  if not peer then
    ref:close()
    return "no answer from the peer (" .. perr .. ")"
  end
  local h1, h2 = ref:read("l") or "", peer:read("l") or ""
  local d
  if h1 ~= h2 then
    d = ("columns: qylua %s, peer %s"):format(h1, h2)
  elseif spec.ordered then
    d = check_ordered(spec, fields(h1, "qylua"), ref, peer)
  else
    d = check_keyed(spec, fields(h1, "qylua"), ref, peer)
  end
  ref:close()
  peer:close()
  return d
end

local qydir, peerdir = arg[1], arg[2]
if not qydir or not peerdir then
  io.stderr:write("usage: check.lua QYDIR PEERDIR [NAME ...]\n")
  os.exit(2)
end
local wanted = {}
for i = 3, #arg do wanted[arg[i]] = true end
local bad = 0
for _, spec in ipairs(QUERIES) do
  if next(wanted) == nil or wanted[spec.name] then
    local ok, d, skipped = pcall(check, spec, qydir, peerdir)
    if not ok then d = tostring(d) end
    if skipped then
      print(spec.name .. " skipped: " .. d)
    elseif d then
      print(spec.name .. " differs: " .. d)
      bad = bad + 1
    else
      print(spec.name .. " ok")
    end
  end
end
os.exit(bad == 0 and 0 or 1)
