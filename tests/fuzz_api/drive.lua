-- drive.lua — random sequences of qy calls with random, often wrong,
-- arguments: every function of the module and every method and metamethod
-- of its tables, columns, groupings and aggregate specs (found from their
-- metatables), on random tables with nulls, CJK text, decimals at several
-- scales, empty and one-row tables, columns of other tables of other
-- lengths, objects whose __gc already ran. Every call must return or raise
-- a Lua error whose message is a string, and finish in a few seconds; a
-- crash or a sanitizer report ends the process.
--
--   qylua tests/fuzz_api/drive.lua        (run it in a scratch directory:
--                                          calls write files under relative names)
-- Environment: QY_FUZZ_CALLS (3000), QY_FUZZ_SEED (1), QY_FUZZ_TRACE=1 (print
-- each call on stderr before making it), QY_FUZZ_STATS=1 (counts at the end).
-- Prints one line on stderr; exits 1 when a call misbehaved.
local qy = require "qy"

local CALLS = tonumber(os.getenv("QY_FUZZ_CALLS")) or 3000
local SEED = tonumber(os.getenv("QY_FUZZ_SEED")) or 1
local TRACE = os.getenv("QY_FUZZ_TRACE") == "1"
local SLOW = tonumber(os.getenv("QY_FUZZ_SLOW")) or 10   -- seconds: longer counts as a hang

-- A deterministic generator (64-bit LCG, high bits): rand(n) in 1..n.
local state = SEED * 2654435761 + 1
local function rand(n)
  state = state * 6364136223846793005 + 1442695040888963407
  return (state >> 33) % n + 1
end
local function pick(list) return list[rand(#list)] end
local function chance(percent) return rand(100) <= percent end
local function from(list) return #list > 0 and list[rand(#list)] or nil end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

-- ---- what there is to call ----------------------------------------------------------

local sample = qy.table{ x = {1} }
local TABLE_MT = getmetatable(sample)
local COLUMN_MT = getmetatable(sample.x)
local GROUPED_MT = getmetatable(sample:group_by("x"))
local AGGREGATE_MT = getmetatable(qy.count())
local WINDOW_MT = getmetatable(qy.cumsum("x"))

-- The methods table behind a metatable's __index (a table, or the first
-- upvalue of a C closure).
local function methods_of(mt)
  if type(mt.__index) == "table" then return mt.__index end
  local _, methods = debug.getupvalue(mt.__index, 1)
  return methods
end

-- ---- random values -----------------------------------------------------------------

local WORDS = {"环县", "宁县", "西峰区", "", "a", "华池县 ", "庆阳市招商引资", "Ａ", "null", "NA"}
local NAMES = {"county", "amount", "金额", "县区", "n", "x", "日期", "flag", "v", "rank", "head",
               "名称", "q", ""}
local STRINGS = {"asc", "desc", "min", "dense", "row", "first", "inner", "left", "anti", "outer",
                 "Y", "H", "Q", "M", "W", "sum", "count", "mean", "median", "max", "count_distinct",
                 "int64", "float64", "decimal(2)", "decimal(0)", "decimal(6)", "decimal(7)",
                 "decimal(-1)", "string", "date", "bool", "2023-06-30", "2023-13-45", "2023/7/20",
                 "2023年7月20日", "20230720", "2023Q2", "2023-05", ",", ";", "\t", "|", "\"", "\n",
                 "utf-8", "gb18030", "auto", "latin1", "error", "skip", "pad", "1272.95", "-0",
                 "1e400", "nan", "a.csv", "b.qyc", "sub/c.csv", "nodir/x/y.csv", "a.csv.tmp",
                 "a\0b", "\255\254", "环县\0", "%s%d%n", "名次"}
local OPTION_KEYS = {"delim", "header", "encoding", "types", "null", "on_ragged", "rename",
                     "quiet", "cache", "desc", "ties", "as", "by", "how", "rows", "cols",
                     "values", "agg", "fill", "max_cols", "n", "name", "type", "kind", "column",
                     "offset", "width", "bogus"}
local NUMBERS = {0, 1, 2, 3, 5, -1, -5, 30, 1000, math.maxinteger, math.mininteger, 1 << 31,
                 -(1 << 31), 1 << 53, 1 << 62, 0.5, -0.0, 0 / 0, math.huge, -math.huge, 1e308,
                 2.5, 1e-300, 7.0, 0.1, -12.345678}

local pool = { tables = {}, columns = {}, grouped = {}, aggregates = {}, windows = {}, lua = {} }
local POOL_SIZE = 40

local function add(list, v)
  if #list < POOL_SIZE then list[#list + 1] = v else list[rand(POOL_SIZE)] = v end
end

local any

-- A column name of a pooled table, or another name.
local function a_name()
  local t = from(pool.tables)
  if t and chance(80) then
    local ok, names = pcall(function() return t:names() end)   -- t may be collected
    if ok and #names > 0 then return pick(names) end
  end
  return pick(NAMES)
end

local function a_string()
  local r = rand(20)
  if r <= 8 then return a_name() end
  if r <= 16 then return pick(STRINGS) end
  if r <= 19 then return pick(WORDS) end
  return string.rep(pick(WORDS), rand(3) == 1 and 100000 or 50)
end

-- An options table: known keys (and a few others) with random values.
local function options(depth)
  local o = {}
  for _ = 1, rand(4) do o[pick(OPTION_KEYS)] = any(depth + 1) end
  return o
end

-- A list: names, {name, direction} or {name, value} entries, values.
local function list(depth)
  local l = {}
  local form = rand(4)
  for i = 1, rand(4) - (chance(10) and 1 or 0) do
    if form == 1 then l[i] = a_name()
    elseif form == 2 then l[i] = { a_name(), pick{"asc", "desc", any(depth + 1)} }
    elseif form == 3 then l[i] = { a_name(), any(depth + 1) }
    else l[i] = any(depth + 1) end
  end
  if chance(10) then l.n = pick{0, 2, 100, -1, 1 << 45, 1 << 62, math.maxinteger, 2.5} end
  return l
end

local function window_spec(depth)
  if chance(70) then
    local f = pick{"share", "cumsum", "pct_change", "lag"}
    local ok, w = pcall(qy[f], a_name(), any(depth + 1), any(depth + 1))
    if ok then return w end
  end
  -- A forged spec: right metatable, wrong fields.
  return setmetatable({ kind = chance(70) and pick{"share", "cumsum", "lag", "pct_change", "x"}
                               or any(depth + 1),
                        column = chance(70) and a_name() or any(depth + 1),
                        by = chance(50) and any(depth + 1) or nil,
                        offset = chance(50) and any(depth + 1) or nil }, WINDOW_MT)
end

function any(depth)
  depth = depth or 0
  local r = rand(depth > 2 and 60 or 100)
  if r <= 4 then return nil end
  if r <= 7 then return chance(50) end
  if r <= 17 then return pick(NUMBERS) end
  if r <= 37 then return a_string() end
  if r <= 47 then return from(pool.tables) end
  if r <= 57 then return from(pool.columns) end
  if r <= 60 then return from(pool.lua) end
  if r <= 70 then return options(depth) end
  if r <= 80 then return list(depth) end
  if r <= 84 then return from(pool.grouped) end
  if r <= 89 then return from(pool.aggregates) end
  if r <= 93 then return window_spec(depth) end
  if r <= 95 then return {} end
  if r <= 97 then return print end
  if r <= 98 then return coroutine.create(print) end
  return io.stderr
end

-- ---- random tables --------------------------------------------------------------------

local TYPES = {"int64", "float64", "decimal(0)", "decimal(2)", "decimal(4)", "decimal(6)",
               "string", "date", "bool"}

local function random_value(ty)
  if ty == "int64" then return pick{-7, 0, 1, 2, 42, math.maxinteger, math.mininteger, rand(100)} end
  if ty == "float64" then return pick{0.1, -0.0, 2.5, 1e10, 0 / 0, math.huge, -1 / 3} end
  if ty:match("^decimal") then
    return pick{"1272.95", "-0.05", "0", "3", "99999999999.99", "-12.3456", "0.000001"}
  end
  if ty == "string" then return pick(WORDS) end
  if ty == "date" then return pick{"2023-06-30", "2023-01-01", "1970-01-01", "2099-12-31"} end
  return chance(50)
end

-- A table of n rows: an id column and a few random columns; when qy.table
-- refuses a value (one too precise for its decimal scale), a small table.
local function random_table(n, ncols)
  local spec = { { name = "id", type = "int64", values = {} } }
  for i = 1, n do spec[1].values[i] = i end
  local used = { id = true }
  for _ = 1, ncols do
    local name = pick(NAMES)
    if not used[name] then
      used[name] = true
      local ty, values = pick(TYPES), { n = n }
      local nulls = pick{0, 20, 50, 100}
      for i = 1, n do
        if rand(100) > nulls then values[i] = random_value(ty) end
      end
      spec[#spec + 1] = { name = name, type = ty, values = values }
    end
  end
  local ok, t = pcall(qy.table, spec)
  return ok and t or qy.table{ id = { 1, 2, 3 } }
end

local function seed_pool()
  for _, n in ipairs{0, 1, 1, 2, 5, 12, 30, 200, 3000} do
    local t = random_table(n, rand(6))
    add(pool.tables, t)
    for _, name in ipairs(t:names()) do add(pool.columns, t:col(name)) end
  end
  local wide = {}
  for i = 1, 300 do wide[#wide + 1] = { name = "c" .. i, values = { i, -i } } end
  add(pool.tables, qy.table(wide))
  local f = assert(io.open("a.csv", "w"))
  f:write("县区,amount,日期,flag\n环县,1272.95,2023-07-20,true\n宁县,,2023/7/21,false\n,0.10,,\n")
  f:close()
  add(pool.tables, (qy.read_csv("a.csv")))
  for _, f in ipairs{"count", "sum", "mean", "median", "min", "max", "count_distinct", "first"} do
    add(pool.aggregates, qy[f](f == "count" and nil or a_name()))
  end
  add(pool.grouped, pool.tables[#pool.tables]:group_by("县区"))
end

-- ---- plausible arguments ------------------------------------------------------------
-- For the verbs, arguments of the right shape built from the receiver's own
-- columns (and then, now and then, one replaced by a random value), so the
-- calls reach the kernels and not only the argument checks.

-- #x, or 0 when x has no length (collected, not a column).
local function size(x)
  local ok, n = pcall(function() return #x end)
  return ok and math.type(n) == "integer" and n or 0
end

local function names_of(t)
  local ok, names = pcall(function() return t:names() end)
  return ok and #names > 0 and names or { a_name() }
end

local function name_in(t) return chance(90) and pick(names_of(t)) or a_name() end

local function names_in(t)
  local l = {}
  for i = 1, rand(3) do l[i] = name_in(t) end
  return l
end

-- A value of a column's kind: one of its values, or a random one.
local function value_of(c)
  local ok, v = pcall(function() return c[rand(size(c) + 1)] end)
  if ok and v ~= nil and chance(80) then return v end
  return pick{0, 1, 2.5, "环县", "2023-06-30", true, any(2)}
end

local function column_of(t)
  local ok, c = pcall(function() return t:col(name_in(t)) end)
  return ok and c or from(pool.columns)
end

local function mask_of(t)
  local c = column_of(t)
  local ok, m = pcall(function()
    local op = pick{"eq", "ne", "lt", "ge", "isnull", "notnull", "between"}
    if op == "between" then return c:between(value_of(c), value_of(c)) end
    local m = c[op](c, value_of(c))
    if chance(30) then m = m & column_of(t):notnull() end
    if chance(20) then m = ~m end
    return m
  end)
  return ok and m or from(pool.columns)
end

-- An order list (words, sometimes repeated or not strings) or a collation name.
local function order_of()
  local list = {}
  for i = 1, rand(4) - 1 do list[i] = chance(95) and pick(WORDS) or any(1) end
  return chance(90) and list or any(1)
end

local function collation_of() return pick{"pinyin", "bytes", "zh", 3} end

local function keys_of(t)
  if chance(50) then return name_in(t) end
  local keys = {}
  for i = 1, rand(3) do
    keys[i] = chance(50) and name_in(t) or { name_in(t), pick{"asc", "desc"},
      order = chance(20) and order_of() or nil, collate = chance(20) and collation_of() or nil }
  end
  return keys
end

-- A lone key's direction or options.
local function direction_of()
  if chance(70) then return pick{"asc", "desc", nil} end
  return { desc = chance(50), order = chance(50) and order_of() or nil,
           collate = chance(40) and collation_of() or nil }
end

local AGG_KINDS = {"count", "sum", "mean", "median", "min", "max", "count_distinct", "first"}

local function aggs_of(t)
  local spec, keyed = {}, chance(40)
  for i = 1, rand(4) do
    local kind = pick(AGG_KINDS)
    local ok, a = pcall(qy[kind], (kind ~= "count" or chance(50)) and name_in(t) or nil)
    a = ok and a or any(2)
    if keyed then spec[pick(NAMES) .. i] = a else spec[i] = { pick(WORDS) .. i, a } end
  end
  return spec
end

local function partner_of(t)
  local ok, p = pcall(function()
    local r = rand(4)
    if r == 1 then return t end
    if r == 2 then return t:head(rand(5) - 1) end
    if r == 3 then return t:select(names_in(t)) end
    return t:sort(name_in(t), "desc")
  end)
  return ok and p or from(pool.tables)
end

local PLAUSIBLE = {
  ["t:sort"] = function(t) return keys_of(t), direction_of() end,
  ["t:top"] = function(t) return pick{0, 1, 3, 10, 1000, -1, math.maxinteger}, keys_of(t), direction_of() end,
  ["t:rank"] = function(t)
    return name_in(t), { desc = chance(50), ties = pick{"min", "dense", "row"}, as = pick{"rank", "名次", name_in(t)},
                         by = chance(50) and (chance(50) and name_in(t) or names_in(t)) or nil,
                         order = chance(20) and order_of() or nil,
                         collate = chance(20) and collation_of() or nil,
                         mark_ties = chance(20) and pick{"（并列）", "", "a\0b", 1} or nil }
  end,
  ["t:group_by"] = function(t) if chance(50) then return names_in(t) end return name_in(t), name_in(t) end,
  ["t:agg"] = function(t) return aggs_of(t) end,
  ["g:agg"] = function(g) return aggs_of(from(pool.tables)) end,
  ["t:pivot"] = function(t)
    return { rows = chance(70) and (chance(50) and name_in(t) or names_in(t)) or nil, cols = name_in(t),
             values = chance(80) and name_in(t) or nil, agg = pick(AGG_KINDS),
             fill = chance(50) and pick{0, 0.5, "无", true, "2023-01-01"} or nil,
             max_cols = chance(20) and pick{1, 2, 1000} or nil }
  end,
  ["t:join"] = function(t)
    local keys = chance(50) and name_in(t) or names_in(t)
    if chance(20) then keys = { [name_in(t)] = name_in(t) } end
    return partner_of(t), keys, { how = pick{"inner", "left", "anti"} }
  end,
  ["t:filter"] = function(t) return mask_of(t) end,
  ["t:select"] = function(t)
    if chance(50) then return table.unpack(names_in(t)) end
    return { { pick(NAMES), name_in(t) }, name_in(t), { pick(WORDS), column_of(t) } }
  end,
  ["t:drop"] = function(t) return names_in(t) end,
  ["t:with"] = function(t)
    local value = pick{column_of(t), 2023, "环县", false, 1.5}
    if chance(40) then
      local ok, w = pcall(qy[pick{"share", "cumsum", "lag", "pct_change"}], name_in(t),
                          chance(50) and { by = name_in(t) } or nil)
      value = ok and w or value
    end
    if chance(30) then
      local ok, e = pcall(function() local c = column_of(t) return pick{c + c, c * 2, c / c, -c} end)
      value = ok and e or value
    end
    if chance(50) then return { [pick(NAMES)] = value } end
    return { { name_in(t), value } }
  end,
  ["t:rename"] = function(t) return { [name_in(t)] = chance(80) and pick(NAMES) or name_in(t) } end,
  ["t:distinct"] = function(t)
    local opts = chance(30) and { keep_all = chance(50) } or nil
    if chance(50) then return names_in(t), opts end
    return name_in(t), opts
  end,
  ["t:melt"] = function(t)
    return { id = chance(60) and name_in(t) or nil, values = chance(60) and names_in(t) or nil,
             name = chance(30) and pick(NAMES) or nil, value = chance(30) and pick(NAMES) or nil }
  end,
  ["t:sample"] = function(t) return pick{0, 1, 3, 1000, -1}, chance(50) and { seed = pick{1, 42, -7} } or nil end,
  ["t:slice"] = function(t) return pick{1, 2, -3, 0, math.mininteger}, chance(50) and pick{-1, 3, math.maxinteger} or nil end,
  ["t:col"] = function(t) return name_in(t) end,
  ["t.__index"] = function(t) return chance(50) and name_in(t) or rand(4) - 1 end,
  ["t:to_csv"] = function(t) return pick{"a.csv", "b.csv", "sub/c.csv"}, chance(30) and { delim = pick{";", "\t", "||"} } or nil end,
  ["qy.concat"] = function()
    local t = from(pool.tables)
    return t, partner_of(t), chance(30) and partner_of(t) or nil
  end,
  ["qy.read_csv"] = function()
    return pick{"a.csv", "b.csv", "sub/c.csv", "b.qyc", "nofile.csv"},
           chance(60) and { delim = pick{",", ";", "\t"}, header = chance(80),
                            encoding = pick{"auto", "utf-8", "gb18030"},
                            on_ragged = pick{"error", "skip", "pad"}, quiet = true,
                            null = chance(30) and {"NA", "", "环县"} or nil,
                            types = chance(30) and { [a_name()] = pick(TYPES) } or nil,
                            rename = chance(20) and { [a_name()] = pick(NAMES) } or nil,
                            cache = chance(20) } or nil
  end,
  ["qy.write"] = function() return from(pool.tables), pick{"b.qyc", "c.qyc", "sub/d.qyc"} end,
  ["qy.read"] = function() return pick{"b.qyc", "c.qyc", "a.csv", "sub/d.qyc"} end,
  ["qy.table"] = function()
    local spec, n = {}, rand(4) - 1
    for i = 1, rand(3) do
      local ty, values = pick(TYPES), { n = n }
      for r = 1, n do values[r] = chance(70) and random_value(pick(TYPES)) or nil end
      spec[i] = { name = pick(NAMES) .. i, type = chance(80) and ty or nil, values = values }
    end
    return spec
  end,
  ["c:between"] = function(c) return value_of(c), value_of(c) end,
  ["c:isin"] = function(c) return { value_of(c), value_of(c), value_of(c) } end,
  ["c:text"] = function(c) return rand(size(c) + 2) - 1 end,
  ["c:shown"] = function(c) return rand(size(c) + 2) - 1 end,
  ["c.__index"] = function(c) return chance(50) and rand(size(c) + 2) - 1 or pick{"sum", "type", "nope"} end,
  ["c:period"] = function(c) return pick{"Y", "H", "Q", "M"}, chance(30) and { zh = chance(50) } or nil end,
  ["c:add_days"] = function(c) return chance(70) and pick{1, -1, 31, 0, 4000000} or from(pool.columns) end,
  ["c:add_months"] = function(c) return chance(70) and pick{1, -1, 12, -30000} or from(pool.columns) end,
  ["c:format"] = function(c) return pick{"%Y年%-m月%-d日", "%Y-%m-%d", "%j %y %%", "%H", "%", ""} end,
  ["qy.days_between"] = function() return from(pool.columns), chance(50) and "2023-07-20" or from(pool.columns) end,
  ["qy.date"] = function() if chance(50) then return rand(10000) - 1, rand(13) - 1, rand(32) - 1 end
                             return pick{"2023-07-20", "2023年7月20日", "2023-02-29", "x"} end,
  ["qy.period_label"] = function() return pick{"2023", "2023H1", "2023Q2", "2023-05", "2023Q5", "总计"} end,
  ["c:contains"] = function(c) return pick{"县", "", "a"} end,
  ["c:sub"] = function(c) return pick(NUMBERS), chance(50) and pick(NUMBERS) or nil end,
  ["c:starts"] = function(c) return pick{"环", "", "a"} end,
  ["c:ends"] = function(c) return pick{"县", "", " "} end,
  ["c:replace"] = function(c) return value_of(c), chance(70) and value_of(c) or pick(WORDS) end,
  ["c:split"] = function(c) return pick{"县", "", " ", "/"}, pick(NUMBERS) end,
  ["c:match"] = function(c) return pick{"(.)县", "%", "[a", "()", "(%d+)", "^(.-) $", ""} end,
}
for _, op in ipairs{"eq", "ne", "lt", "le", "gt", "ge"} do
  PLAUSIBLE["c:" .. op] = function(c) return chance(80) and value_of(c) or from(pool.columns) end
end
for _, op in ipairs{"__add", "__sub", "__mul", "__div", "__band", "__bor"} do
  PLAUSIBLE["c." .. op] = function(c) return chance(50) and from(pool.columns) or value_of(c) end
end

-- ---- the calls -----------------------------------------------------------------------

-- Every callable: a name and how it picks its receiver (nil: none).
local callables = {}
local function register(prefix, functions, receiver, sep)
  for _, name in ipairs(sorted_keys(functions)) do
    if type(functions[name]) == "function" then
      callables[#callables + 1] = { name = prefix .. sep .. name, fn = functions[name],
                                    receiver = receiver }
    end
  end
end

local function receiver(kind)
  return function()
    if chance(90) and #pool[kind] > 0 then return pool[kind][rand(#pool[kind])] end
    return any(1)
  end
end

register("qy", qy, nil, ".")
register("t", methods_of(TABLE_MT), receiver("tables"), ":")
register("t", TABLE_MT, receiver("tables"), ".")
register("c", methods_of(COLUMN_MT), receiver("columns"), ":")
register("c", COLUMN_MT, receiver("columns"), ".")
register("g", methods_of(GROUPED_MT), receiver("grouped"), ":")
register("g", GROUPED_MT, receiver("grouped"), ".")
register("a", AGGREGATE_MT, receiver("aggregates"), ".")

-- __gc and the process-wide qy functions are called now and then only.
local RARE = { ["qy._gnuplot"] = 100, ["qy._mkdtemp"] = 20, ["qy._mkdir_p"] = 20,
               ["t.__gc"] = 10, ["c.__gc"] = 10, ["g.__gc"] = 10, ["qy.read_csv"] = 3,
               ["t:print"] = 30 }

-- Results join the pool, but for tables and columns too long to keep calls
-- fast (joins of joins grow by squares).
local MAX_ROWS = 20000

local function keep_results(results, n)
  for i = 1, n do
    local v = results[i]
    local mt = getmetatable(v)
    if mt == TABLE_MT then
      if #v <= MAX_ROWS then add(pool.tables, v) end
    elseif mt == COLUMN_MT then
      if #v <= MAX_ROWS then add(pool.columns, v) end
    elseif mt == GROUPED_MT then add(pool.grouped, v)
    elseif mt == AGGREGATE_MT then add(pool.aggregates, v)
    elseif mt == WINDOW_MT then add(pool.windows, v)
    elseif type(v) == "table" and mt == nil then add(pool.lua, v)
    end
  end
end

local function show(v)
  local mt = getmetatable(v)
  if mt == TABLE_MT or mt == COLUMN_MT then
    local ok, n = pcall(function() return #v end)
    return (mt == TABLE_MT and "table" or "column") .. "(" .. (ok and n or "collected") .. " rows)"
  end
  if type(v) == "string" then return string.format("%q", #v > 60 and v:sub(1, 60) .. "..." or v) end
  if type(v) == "table" and mt == nil then
    local parts = {}
    for k, x in pairs(v) do
      if #parts < 6 then parts[#parts + 1] = tostring(k) .. "=" .. (type(x) == "table" and "{...}" or tostring(x)) end
    end
    return "{" .. table.concat(parts, ", ") .. "}"
  end
  return tostring(v)
end

local function describe(c, args, n)
  local shown = {}
  for i = 1, n do shown[i] = show(args[i]) end
  return c.name .. "(" .. table.concat(shown, ", ") .. ")"
end

seed_pool()
local returned, raised, bad = 0, 0, {}
for call = 1, CALLS do
  local c = pick(callables)
  while RARE[c.name] and rand(RARE[c.name]) ~= 1 do c = pick(callables) end
  local args, n = {}, 0
  if c.receiver then
    n = 1
    args[1] = c.receiver()
  end
  if PLAUSIBLE[c.name] and chance(70) then
    local more = table.pack(PLAUSIBLE[c.name](args[1]))
    for i = 1, more.n do args[n + i] = more[i] end
    n = n + more.n
    if chance(20) then args[rand(n)] = any() end
  else
    for _ = 1, rand(5) - 1 do
      n = n + 1
      args[n] = any()
    end
  end
  if TRACE then io.stderr:write(call, " ", describe(c, args, n), "\n") end
  local t0 = qy.clock()
  local results = table.pack(pcall(c.fn, table.unpack(args, 1, n)))
  local took = qy.clock() - t0
  c.calls = (c.calls or 0) + 1
  if results[1] then
    returned = returned + 1
    c.returned = (c.returned or 0) + 1
    keep_results({ table.unpack(results, 2, results.n) }, results.n - 1)
  elseif type(results[2]) == "string" then
    raised = raised + 1
  else
    bad[#bad + 1] = string.format("call %d: %s raised a %s", call, describe(c, args, n), type(results[2]))
  end
  if took > SLOW then
    bad[#bad + 1] = string.format("call %d: %s took %.1f s", call, describe(c, args, n), took)
  end
  if call % 500 == 0 then collectgarbage() end
end

if os.getenv("QY_FUZZ_STATS") == "1" then
  io.stderr:write(string.format("%d callables; %d returned, %d raised string errors\n",
                                #callables, returned, raised))
  for _, c in ipairs(callables) do
    io.stderr:write(string.format("  %-22s %6d calls %6d returned\n", c.name, c.calls or 0, c.returned or 0))
  end
end
for _, b in ipairs(bad) do io.stderr:write(b, "\n") end
io.stderr:write(string.format("api fuzz: %d calls (seed %d): %s\n", CALLS, SEED,
                              #bad == 0 and "each returned or raised a string error"
                              or #bad .. " misbehaved"))
os.exit(#bad == 0 and 0 or 1, true)
