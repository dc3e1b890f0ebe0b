-- bench/excel_csv_digest.lua — the digest line of bench/excel_read.lua from the CSV
-- LibreOffice wrote of a bench/genxlsx.c workbook (cells as shown: money "6.77",
-- dates "2023-07-27"), so bench/run.sh can set its answer beside qylua's and
-- pandas's. Plain Lua 5.4, run after the timed conversion, not timed itself.
-- Usage: lua5.4 bench/excel_csv_digest.lua CONVERTED.csv
-- Fields are split at commas: the ledger's text holds no comma and no quote, and
-- a line with either is an error rather than a guess.
local path = arg[1]
if not path or arg[2] then
  io.stderr:write("usage: excel_csv_digest.lua CONVERTED.csv\n")
  os.exit(2)
end

local function fail(n, msg)
  io.stderr:write(("excel_csv_digest.lua: %s:%d: %s\n"):format(path, n, msg))
  os.exit(1)
end

local function split(line, n)
  if line:find('"', 1, true) then fail(n, "a quoted field") end
  local fields = {}
  for f in (line .. ","):gmatch("([^,]*),") do fields[#fields + 1] = f end
  return fields
end

-- Cents of "123.45" (exactly two places, as the 0.00 format shows it), or nil for "".
local function cents(text, n)
  if text == "" then return nil end
  local units, frac = text:match("^(%d+)%.(%d%d)$")
  if not units then fail(n, ("'%s' is not money with 2 places"):format(text)) end
  return tonumber(units) * 100 + tonumber(frac)
end

local function money(c) return ("%d.%02d"):format(c // 100, c % 100) end

local f = io.open(path, "rb") or fail(0, "cannot open")
local first_line = f:read("l") or fail(1, "empty")
local header = split((first_line:gsub("\r$", "")), 1)
local col = {}
for i, name in ipairs(header) do col[name] = i end
for _, name in ipairs{"amount", "funds", "sign_date"} do
  if not col[name] then fail(1, "no column " .. name) end
end
local rows, amount, nfunds, funds, first, last = 0, 0, 0, 0, nil, nil
local n = 1
for line in f:lines() do
  n = n + 1
  local v = split((line:gsub("\r$", "")), n)
  if #v ~= #header then fail(n, ("%d fields, not %d"):format(#v, #header)) end
  rows = rows + 1
  amount = amount + (cents(v[col.amount], n) or fail(n, "no amount"))
  local c = cents(v[col.funds], n)
  if c then nfunds, funds = nfunds + 1, funds + c end
  local day = v[col.sign_date]
  if not day:match("^%d%d%d%d%-%d%d%-%d%d$") then fail(n, ("'%s' is not a date"):format(day)) end
  if not first or day < first then first = day end
  if not last or day > last then last = day end
end
f:close()
print(("rows %d; amount %s; funds %d %s; sign_date %s..%s"):format(rows, money(amount),
  nfunds, money(funds), first or "", last or ""))
