-- reference_spec.lua — qylua's kernels against the plain-Lua reference
-- (reference.lua) on random small tables: group_by/agg, sort (stability),
-- top, rank (string keys also in random order lists, ranks also with tie
-- marks), join, pivot, filter and the table verbs (rename, select with labels,
-- distinct, melt, describe, slice, sample), compared value by value (decimals as
-- text, so money is compared exactly). Seeded: a failure names its seed and
-- case, and QY_REF_SEED=n QY_REF_CASES=n replays or widens the run.
local qy = require "qy"
local root = os.getenv("QY_ROOT") or "."
local R = dofile(root .. "/tests/lua/reference.lua")

local SEED = tonumber(os.getenv("QY_REF_SEED")) or 20230725
local CASES = tonumber(os.getenv("QY_REF_CASES")) or 200

-- A deterministic generator (64-bit LCG, high bits): rand(n) in 1..n.
local function generator(seed)
  local state = seed
  local function rand(n)
    state = state * 6364136223846793005 + 1442695040888963407
    return (state >> 33) % n + 1
  end
  return rand
end

local function pick(rand, list) return list[rand(#list)] end

-- ---- random tables -------------------------------------------------------------

local NAMES = {"county", "amount", "金额", "县区", "n", "x", "日期", "flag", "名称", "v",
               "k", "投资方", "rate", "q"}
local WORDS = {"环县", "宁县", "西峰区", "庆城县", "", "a", "B", "华池县 ", "合水", "镇原县",
               "ab", "庆阳市招商引资", "Ａ", "正宁县",
               "甘肃省庆阳市西峰区长庆大道与安定东路交汇处东北角招商引资项目签约现场"}
local KINDS = {"int64", "decimal", "float64", "date", "bool", "string"}

-- One random value of type ty; huge: int64s near 2^61, so sums overflow.
local function random_value(rand, ty, huge)
  local k = ty.kind
  if k == "int64" then
    if huge then return (1 << 61) + rand(1000) end
    return pick(rand, {-7, -1, 0, 1, 2, 3, 5, 42, 1000000, rand(200) - 100, math.maxinteger,
                       math.mininteger})
  elseif k == "decimal" then
    local units = rand(200001) - 100001
    if rand(40) == 1 then return pick(rand, {math.maxinteger, math.mininteger, -999999999999999999}) end
    return rand(4) == 1 and units // 1000 or units
  elseif k == "float64" then
    return pick(rand, {0.1, 1 / 3, -0.0, 0.0, 2.5, -3.75, 1e10, (rand(2001) - 1001) / 8,
                       0 / 0, math.huge, -math.huge, 5e-324, 1.7976931348623157e308})
  elseif k == "date" then
    return string.format("%04d-%02d-%02d", 1899 + rand(202), rand(12), rand(28))
  elseif k == "bool" then
    return rand(2) == 1
  end
  return pick(rand, WORDS)
end

local function random_type(rand)
  local kind = pick(rand, KINDS)
  return { kind = kind, scale = kind == "decimal" and rand(5) - 1 or nil }
end

-- A column of n values drawn from a pool of a few (so keys repeat), each
-- null with a probability of 0, 1/5, 1/2 or 1.
local function random_values(rand, ty, n, huge)
  local pool = {}
  for i = 1, rand(6) do pool[i] = random_value(rand, ty, huge) end
  local nulls = pick(rand, {0, 0, 20, 50, 100})
  local values = {}
  for i = 1, n do
    if rand(100) > nulls then values[i] = pick(rand, pool) end
  end
  return values
end

local function row_count(rand, case)
  if case % 10 == 1 then return 0 end
  if case % 10 == 2 then return 1 end
  return rand(31) - 1
end

-- A reference table: an int64 row number "行号" first (so a sort's
-- stability shows), then 1 to 5 random columns with distinct names.
local function random_table(rand, n)
  local t = { names = {"行号"}, types = {{ kind = "int64" }}, rows = {} }
  local columns = { (function() local ids = {} for i = 1, n do ids[i] = i end return ids end)() }
  local used = {}
  for _ = 1, rand(5) do
    local name = pick(rand, NAMES)
    if not used[name] then
      used[name] = true
      local ty = random_type(rand)
      t.names[#t.names + 1] = name
      t.types[#t.types + 1] = ty
      columns[#columns + 1] = random_values(rand, ty, n, ty.kind == "int64" and rand(10) == 1)
    end
  end
  for i = 1, n do
    local row = {}
    for j = 1, #t.names do row[j] = columns[j][i] end
    t.rows[i] = row
  end
  return t
end

-- ---- between the two -------------------------------------------------------------

-- The qy table holding reference table t.
local function to_qy(t)
  local spec = {}
  for j, name in ipairs(t.names) do
    local ty, values = t.types[j], { n = #t.rows }
    for i, row in ipairs(t.rows) do
      local v = row[j]
      values[i] = ty.kind == "decimal" and v ~= nil and R.decimal_text(v, ty.scale) or v
    end
    spec[j] = { name = name, type = R.type_name(ty), values = values }
  end
  return qy.table(spec)
end

-- A table as comparable text: names, types and cells (decimals and floats
-- as their exact text, integers marked so 1 and 1.0 differ).
local function cell_text(v)
  if v == nil then return "null" end
  if math.type(v) == "integer" then return "i" .. v end
  if math.type(v) == "float" then return "f" .. R.float_text(v) end
  return type(v) .. ":" .. tostring(v)
end

local function expected_view(t)
  local view = { names = t.names, types = {}, cells = {} }
  for j, ty in ipairs(t.types) do view.types[j] = R.type_name(ty) end
  for i, row in ipairs(t.rows) do
    local cells = {}
    for j, ty in ipairs(t.types) do
      local v = row[j]
      cells[j] = ty.kind == "decimal" and (v == nil and "null" or "d" .. R.decimal_text(v, ty.scale))
                 or cell_text(v)
    end
    view.cells[i] = cells
  end
  return view
end

local function actual_view(q)
  local view = { names = q:names(), types = {}, cells = {} }
  for j, s in ipairs(q:schema()) do view.types[j] = s.type end
  for i = 1, #q do view.cells[i] = {} end
  for j, name in ipairs(view.names) do
    local c = q:col(name)
    for i = 1, #q do
      local v = c[i]
      if view.types[j]:match("^decimal") then
        view.cells[i][j] = v == nil and "null" or "d" .. c:text(i)
      else
        view.cells[i][j] = cell_text(v)
      end
    end
  end
  return view
end

-- "" when equal, else what differs first.
local function difference(want, got)
  local a, b = table.concat(want.names, ","), table.concat(got.names, ",")
  if a ~= b then return "names: want " .. a .. ", got " .. b end
  a, b = table.concat(want.types, ","), table.concat(got.types, ",")
  if a ~= b then return "types: want " .. a .. ", got " .. b end
  if #want.cells ~= #got.cells then
    return "rows: want " .. #want.cells .. ", got " .. #got.cells
  end
  for i, row in ipairs(want.cells) do
    for j, cell in ipairs(row) do
      if cell ~= got.cells[i][j] then
        return string.format("row %d column '%s': want %s, got %s", i, want.names[j], cell,
                             got.cells[i][j])
      end
    end
  end
  return ""
end

local function describe_table(t)
  local lines = { table.concat(t.names, " | ") }
  local types = {}
  for j, ty in ipairs(t.types) do types[j] = R.type_name(ty) end
  lines[2] = table.concat(types, " | ")
  for _, row in ipairs(t.rows) do
    local cells = {}
    for j = 1, #t.names do cells[j] = R.text(t.types[j], row[j]) or "null" end
    lines[#lines + 1] = table.concat(cells, " | ")
  end
  return table.concat(lines, "\n")
end

-- Runs want_fn (the reference) and got_fn (qylua): equal tables, or both
-- fail (the engine's message must contain the reference's reason, e.g.
-- "overflows").
local checks = 0
local function check(label, input, want_fn, got_fn)
  checks = checks + 1
  local ok_want, want = pcall(want_fn)
  local ok_got, got = pcall(got_fn)
  local context = label .. "\ninput:\n" .. describe_table(input)
  if not ok_want then
    assert(type(want) == "table" and want.reference, context .. "\nreference failed: " .. tostring(want))
    assert(not ok_got, context .. "\nqylua answered where the reference says: " .. want.reference)
    assert(type(got) == "string" and got:find(want.reference, 1, true),
           context .. "\nqylua's error '" .. tostring(got) .. "' does not say " .. want.reference)
    return
  end
  assert(ok_got, context .. "\nqylua failed: " .. tostring(got))
  local diff = difference(expected_view(want), actual_view(got))
  assert(diff == "", context .. "\n" .. diff)
end

-- ---- random operations ----------------------------------------------------------

-- k distinct column numbers of t, in random order.
local function some_columns(rand, t, k)
  local all = {}
  for j = 1, #t.names do all[j] = j end
  for j = #all, 2, -1 do
    local r = rand(j)
    all[j], all[r] = all[r], all[j]
  end
  local out = {}
  for j = 1, math.min(k, #all) do out[j] = all[j] end
  return out
end

local AGG_NAMES = {"合计", "总额", "avg", "Z", "_x", "a", "件数", "a1", "名次2"}
local AGGS = {"count", "sum", "mean", "median", "min", "max", "count_distinct", "first"}

local function check_aggregate(rand, t, q, label)
  local keys = some_columns(rand, t, rand(3) - 1)
  local aggs, spec, shown, keyed, used = {}, {}, {}, rand(3) == 1, {}
  for _ = 1, rand(4) do
    local kind, name = pick(rand, AGGS), pick(rand, AGG_NAMES)
    local col = (kind ~= "count" or rand(2) == 1) and rand(#t.names) or nil
    if not used[name] then
      used[name] = true
      local i = #aggs + 1
      aggs[i] = { name = name, kind = kind, col = col }
      if keyed then spec[name] = qy[kind](col and t.names[col])
      else spec[i] = { name, qy[kind](col and t.names[col]) } end
      shown[i] = name .. " = " .. tostring(qy[kind](col and t.names[col]))
    end
  end
  if keyed then   -- the keyed form orders the aggregates by name
    table.sort(aggs, function(x, y) return R.bytes_less(x.name, y.name) end)
  end
  local key_names = {}
  for i, k in ipairs(keys) do key_names[i] = t.names[k] end
  check(label .. ": group_by(" .. table.concat(key_names, ", ") .. "):agg{ " ..
        table.concat(shown, ", ") .. " }", t,
        function() return R.aggregate(t, keys, aggs) end,
        function()
          if #keys == 0 then return q:agg(spec) end
          return q:group_by(key_names):agg(spec)
        end)
end

-- For a string column, half the time, an order list: up to six distinct
-- words in random order (some the column may not hold); else nil.
local function random_order(rand, ty)
  if ty.kind ~= "string" or rand(2) == 1 then return nil end
  local list, used = {}, {}
  for _ = 1, rand(7) - 1 do
    local w = pick(rand, WORDS)
    if not used[w] then used[w] = true list[#list + 1] = w end
  end
  return list
end

-- Random sort keys: as reference keys and as the qy key list; bare names
-- take the verb's default direction; a string key may bring an order list.
local function random_keys(rand, t, default_desc)
  local keys, list = {}, {}
  for i, j in ipairs(some_columns(rand, t, rand(3))) do
    local form = rand(3)
    local desc = form == 1 and default_desc or form == 3
    local order = form ~= 1 and random_order(rand, t.types[j]) or nil
    keys[i] = { col = j, desc = desc, order = order }
    list[i] = form == 1 and t.names[j] or { t.names[j], desc and "desc" or "asc", order = order }
  end
  return keys, list
end

local function check_sort(rand, t, q, label)
  local keys, list = random_keys(rand, t, false)
  check(label .. ": sort", t, function() return R.sort(t, keys) end, function() return q:sort(list) end)
  local j = rand(#t.names)
  local desc = rand(2) == 1
  check(label .. ": sort one", t, function() return R.sort(t, {{ col = j, desc = desc }}) end,
        function() return q:sort(t.names[j], desc and "desc" or "asc") end)
  local k = rand(#t.rows + 3) - 1
  keys, list = random_keys(rand, t, true)
  check(label .. ": top " .. k, t, function() return R.top(t, k, keys) end,
        function() return q:top(k, list) end)
end

local TIES = {"min", "dense", "row"}

local function check_rank(rand, t, q, label)
  local col, desc, ties = rand(#t.names), rand(2) == 1, pick(rand, TIES)
  local by = some_columns(rand, t, rand(3) - 1)
  local by_names = {}
  for i, k in ipairs(by) do by_names[i] = t.names[k] end
  local order = random_order(rand, t.types[col])
  local mark = rand(3) == 1 and pick(rand, {"（并列）", "=", ""}) or nil
  check(label .. ": rank " .. t.names[col] .. " " .. ties, t,
        function()
          local ranks = R.rank(t, col, desc, ties, by, order, mark)
          local out = { names = {}, types = {}, rows = {} }
          for j = 1, #t.names do out.names[j], out.types[j] = t.names[j], t.types[j] end
          out.names[#t.names + 1] = "名次"
          out.types[#t.names + 1] = { kind = mark and "string" or "int64" }
          for i, row in ipairs(t.rows) do
            local r = {}
            for j = 1, #t.names do r[j] = row[j] end
            r[#t.names + 1] = ranks[i]
            out.rows[i] = r
          end
          return out
        end,
        function()
          return q:rank(t.names[col], { desc = desc, ties = ties, as = "名次",
                                        by = #by > 0 and by_names or nil, order = order,
                                        mark_ties = mark })
        end)
end

-- b for a join with a: key columns of a's kinds (decimals at any scale)
-- holding a's values and some others, under a's names or others, then
-- random columns whose names may clash with a's.
local function join_partner(rand, a, akeys)
  local n = rand(12) - 1
  local b = { names = {}, types = {}, rows = {} }
  local columns, used = {}, {}
  for k, j in ipairs(akeys) do
    local ty = a.types[j]
    if ty.kind == "decimal" then ty = { kind = "decimal", scale = ty.scale + rand(7 - ty.scale) - 1 } end
    if rand(15) == 1 then ty = random_type(rand) end        -- keys that cannot meet
    local name = rand(2) == 1 and a.names[j] or ("键" .. k)
    if used[name] then name = "键" .. k end
    used[name] = true
    local values = {}
    for i = 1, n do
      if rand(3) > 1 and #a.rows > 0 and ty.kind == a.types[j].kind then
        local v = a.rows[rand(#a.rows)][j]
        if v ~= nil and ty.kind == "decimal" then
          for _ = a.types[j].scale + 1, ty.scale do v = v * 10 end
        end
        values[i] = v
      elseif rand(5) > 1 then
        values[i] = random_value(rand, ty)
      end
    end
    b.names[k], b.types[k], columns[k] = name, ty, values
  end
  for _ = 1, rand(3) - 1 do
    local name = rand(2) == 1 and pick(rand, a.names) or pick(rand, NAMES)
    if not used[name] then
      used[name] = true
      local ty = random_type(rand)
      b.names[#b.names + 1], b.types[#b.types + 1] = name, ty
      columns[#columns + 1] = random_values(rand, ty, n)
    end
  end
  for i = 1, n do
    local row = {}
    for j = 1, #b.names do row[j] = columns[j][i] end
    b.rows[i] = row
  end
  return b
end

local HOWS = {"inner", "left", "anti"}

local function check_join(rand, a, q, label)
  local akeys = some_columns(rand, a, rand(2))
  local b = join_partner(rand, a, akeys)
  local bkeys, spec, same = {}, {}, true
  for k in ipairs(akeys) do
    bkeys[k] = k
    same = same and b.names[k] == a.names[akeys[k]]
  end
  for k, j in ipairs(akeys) do
    if same then spec[k] = a.names[j] else spec[a.names[j]] = b.names[k] end
  end
  local how = pick(rand, HOWS)
  local qb = to_qy(b)
  check(label .. ": join " .. how .. " with\n" .. describe_table(b), a,
        function() return R.join(a, b, akeys, bkeys, how) end,
        function() return q:join(qb, spec, { how = how }) end)
end

local function check_pivot(rand, t, q, label)
  local picked = some_columns(rand, t, rand(3) + 1)
  local cols = table.remove(picked, 1)
  local rows = {}
  for i = 1, #picked - 1 do rows[i] = picked[i] end
  local kind = pick(rand, AGGS)
  local values = (kind ~= "count" or rand(2) == 1) and rand(#t.names) or nil
  local cell = R.agg_type(kind, values and t.types[values])
  local fill
  if rand(2) == 1 then
    if cell.kind == "int64" or cell.kind == "decimal" or cell.kind == "float64" then
      fill = cell.kind == "float64" and 0.0 or 0
    elseif #t.rows > 0 then
      fill = t.rows[1][values]
    end
  end
  local row_names = {}
  for i, k in ipairs(rows) do row_names[i] = t.names[k] end
  check(label .. ": pivot " .. kind .. " of " .. (values and t.names[values] or "rows") ..
        " by " .. t.names[cols], t,
        function() return R.pivot(t, rows, cols, values, kind, fill) end,
        function()
          local qfill = fill
          if cell.kind == "decimal" and fill ~= nil then qfill = R.decimal_text(fill, cell.scale) + 0 end
          return q:pivot{ rows = row_names, cols = t.names[cols], agg = kind,
                          values = values and t.names[values], fill = qfill }
        end)
end

-- A scalar of the column's kind for comparisons: a value of the column or
-- a random one; decimals go over as Lua numbers (exact up to 6 places).
local function random_scalar(rand, t, col)
  local ty = t.types[col]
  local v
  if #t.rows > 0 and rand(3) > 1 then v = t.rows[rand(#t.rows)][col] end
  if v == nil then v = random_value(rand, ty) end
  local lua = v
  if ty.kind == "decimal" and ty.scale > 0 and (v >= 10 ^ 14 or v <= -10 ^ 14) then
    v = rand(2001) - 1001               -- a Lua number holds decimals exactly only when short
  end
  if ty.kind == "decimal" then lua = ty.scale == 0 and v or tonumber(R.decimal_text(v, ty.scale)) end
  return v, lua
end

local OPS = {"eq", "ne", "lt", "le", "gt", "ge", "between", "isin", "isnull", "notnull"}

-- A random mask: the reference's list, the qy bool column and the
-- expression as text.
local function random_mask(rand, t, q, depth)
  local form = depth < 2 and rand(5) or 1
  if form == 2 or form == 3 then
    local a, qa, ta = random_mask(rand, t, q, depth + 1)
    local b, qb, tb = random_mask(rand, t, q, depth + 1)
    if form == 2 then return R.logic("and", a, b, #t.rows), qa & qb, "(" .. ta .. " & " .. tb .. ")" end
    return R.logic("or", a, b, #t.rows), qa | qb, "(" .. ta .. " | " .. tb .. ")"
  elseif form == 4 then
    local a, qa, ta = random_mask(rand, t, q, depth + 1)
    return R.logic("not", a, nil, #t.rows), ~qa, "~" .. ta
  end
  local col, op = rand(#t.names), pick(rand, OPS)
  local c = q:col(t.names[col])
  local v, lv = random_scalar(rand, t, col)
  local text = t.names[col] .. ":" .. op .. "("
  if op == "isnull" or op == "notnull" then return R.compare(t, col, op), c[op](c), text .. ")" end
  local w, lw = random_scalar(rand, t, col)
  text = text .. string.format("%q, %q)", lv, lw)
  if op == "between" then return R.compare(t, col, op, v, w), c:between(lv, lw), text end
  if op == "isin" then return R.compare(t, col, op, {v, w}), c:isin{lv, lw}, text end
  return R.compare(t, col, op, v), c[op](c, lv), text
end

local function check_filter(rand, t, q, label)
  local mask, qmask, text = random_mask(rand, t, q, 0)
  local want, got = {}, qmask:totable()
  for i = 1, #t.rows do
    want[i] = cell_text(mask[i])
    got[i] = cell_text(got[i])
  end
  assert.equal(table.concat(want, " "), table.concat(got, " "), label .. ": mask " .. text .. "\n" .. describe_table(t))
  check(label .. ": filter " .. text, t, function() return R.filter(t, mask) end,
        function() return q:filter(qmask) end)
end

-- ---- table verbs ------------------------------------------------------------------

local LABELS = {"county", "金额", "县区", "x", "名称", "到位资金(亿元)", "a1", "行号"}

local function check_rename(rand, t, q, label)
  local map, shown = {}, {}
  for _, j in ipairs(some_columns(rand, t, rand(3))) do
    map[t.names[j]] = rand(3) == 1 and pick(rand, t.names) or pick(rand, LABELS)
    shown[#shown + 1] = t.names[j] .. " = " .. map[t.names[j]]
  end
  check(label .. ": rename{ " .. table.concat(shown, ", ") .. " }", t,
        function() return R.rename(t, map) end, function() return q:rename(map) end)
end

local function check_select(rand, t, q, label)
  local entries, spec, shown = {}, {}, {}
  for k = 1, rand(4) do
    local j, form = rand(#t.names), rand(3)
    local name = t.names[j]
    local lab = form == 1 and name or pick(rand, LABELS)
    entries[k] = { label = lab, col = j }
    spec[k] = form == 1 and name or { lab, form == 2 and name or q:col(name) }
    shown[k] = form == 1 and name or "{" .. lab .. ", " .. (form == 2 and name or "t." .. name) .. "}"
  end
  check(label .. ": select{ " .. table.concat(shown, ", ") .. " }", t,
        function() return R.select(t, entries) end, function() return q:select(spec) end)
end

local function check_distinct(rand, t, q, label)
  local cols, keep_all = some_columns(rand, t, rand(3) - 1), rand(3) == 1
  local names = {}
  for k, j in ipairs(cols) do names[k] = t.names[j] end
  check(label .. ": distinct(" .. table.concat(names, ", ") .. (keep_all and ", keep_all" or "") .. ")", t,
        function() return R.distinct(t, cols, keep_all) end,
        function()
          if rand(2) == 1 then return q:distinct(names, { keep_all = keep_all }) end
          names[#names + 1] = { keep_all = keep_all }
          return q:distinct(table.unpack(names))
        end)
end

-- Value columns for a melt: of one kind (int64 and decimals together)
-- mostly, any columns now and then, none when there are none left.
local function melt_values(rand, t, others)
  if #others == 0 or rand(5) == 1 then return others end
  local kind = t.types[pick(rand, others)].kind
  local exact = { int64 = true, decimal = true }
  local values = {}
  for _, j in ipairs(others) do
    local k = t.types[j].kind
    if rand(6) == 1 or k == kind or (exact[k] and exact[kind]) then values[#values + 1] = j end
  end
  for m = #values, 2, -1 do
    local r = rand(m)
    values[m], values[r] = values[r], values[m]
  end
  return values
end

local function check_melt(rand, t, q, label)
  local ids = some_columns(rand, t, rand(3) - 1)
  local is_id, others = {}, {}
  for _, j in ipairs(ids) do is_id[j] = true end
  for j = 1, #t.names do if not is_id[j] then others[#others + 1] = j end end
  local default = rand(4) == 1
  local values = default and others or melt_values(rand, t, others)
  local name = pick(rand, {nil, "variable", "项", pick(rand, t.names)})
  local value = pick(rand, {nil, "value", "值", pick(rand, t.names)})
  local id_names, value_names = {}, {}
  for k, j in ipairs(ids) do id_names[k] = t.names[j] end
  for k, j in ipairs(values) do value_names[k] = t.names[j] end
  check(label .. ": melt{ id = {" .. table.concat(id_names, ", ") .. "}, values = " ..
        (default and "default" or "{" .. table.concat(value_names, ", ") .. "}") ..
        ", name = " .. tostring(name) .. ", value = " .. tostring(value) .. " }", t,
        function() return R.melt(t, ids, values, name or "variable", value or "value") end,
        function()
          return q:melt{ id = id_names, values = not default and value_names or nil,
                         name = name, value = value }
        end)
end

local function check_describe(rand, t, q, label)
  check(label .. ": describe", t, function() return R.describe(t) end, function() return q:describe() end)
end

local function check_slice(rand, t, q, label)
  local i, j = rand(71) - 36, rand(3) > 1 and rand(71) - 36 or nil
  check(label .. ": slice(" .. i .. ", " .. tostring(j) .. ")", t,
        function() return R.slice(t, i, j) end, function() return q:slice(i, j) end)
end

-- A sample is engine-specific: it must hold min(n, #t) whole rows of t in
-- t's order (行号 rising), and the same seed must draw it again.
local function check_sample(rand, t, q, label)
  local n, seed = rand(#t.rows + 3) - 1, rand(1001) - 501
  local s = q:sample(n, { seed = seed })
  local rows = s:col("行号"):totable()
  local context = label .. ": sample(" .. n .. ", { seed = " .. seed .. " })\n" .. describe_table(t)
  assert.equal(math.min(n, #t.rows), #s, context)
  for i = 2, #s do assert.is_true(rows[i - 1] < rows[i], context) end
  assert.same(rows, q:sample(n, { seed = seed }):col("行号"):totable(), context)
  local idx = {}
  for i = 1, #s do idx[i] = rows[i] end
  check(label .. ": sample(" .. n .. ")", t, function() return R.take(t, idx) end, function() return s end)
end

-- ---- the specs -------------------------------------------------------------------

describe("the reference", function()
  it("writes decimals and floats as the engine does", function()
    assert.equal("1272.95", R.decimal_text(127295, 2))
    assert.equal("-0.05", R.decimal_text(-5, 2))
    assert.equal("7", R.decimal_text(7, 0))
    assert.equal("-0.0007", R.decimal_text(-7, 4))
    assert.equal("0.1", R.float_text(0.1))
    assert.equal("0.3333333333333333", R.float_text(1 / 3))
    assert.equal("-0", R.float_text(-0.0))
  end)

  it("orders stably with nulls last both ways, and ranks ties three ways", function()
    local t = { names = {"v"}, types = {{ kind = "decimal", scale = 2 }},
                rows = {{1000}, {2000}, {}, {2000}, {3000}} }
    assert.same({1, 2, 4, 5, 3}, R.order(t, {{ col = 1 }}))
    assert.same({5, 2, 4, 1, 3}, R.order(t, {{ col = 1, desc = true }}))
    assert.same({1, 2, nil, 2, 4}, R.rank(t, 1, false, "min", {}))
    assert.same({1, 2, nil, 2, 3}, R.rank(t, 1, false, "dense", {}))
    assert.same({1, 2, nil, 3, 4}, R.rank(t, 1, false, "row", {}))
  end)

  it("sums money exactly: 0.10 + 0.20 + 1272.65 is 1272.95", function()
    local t = { names = {"m"}, types = {{ kind = "decimal", scale = 2 }}, rows = {{10}, {20}, {127265}} }
    local r = R.aggregate(t, {}, {{ name = "s", kind = "sum", col = 1 }})
    assert.equal("1272.95", R.decimal_text(r.rows[1][1], 2))
    assert.equal("1272.95", to_qy(t):agg{ s = qy.sum("m") }.s:text(1))
  end)
end)

describe("the engine's edge cases the reference found", function()
  it("takes -0 and 0 as one value in min, max and median, as sort does", function()
    local t = qy.table{ { name = "g", values = {1, 1, 2, 2} },
                        { name = "x", type = "float64", values = {-0.0, 0.0, 0.0, -0.0} } }
    local r = t:group_by("g"):agg{ {"lo", qy.min("x")}, {"hi", qy.max("x")}, {"med", qy.median("x")} }
    assert.same({"-0", "0"}, { r.lo:text(1), r.lo:text(2) })      -- the first of the equal values
    assert.same({"-0", "0"}, { r.hi:text(1), r.hi:text(2) })
    assert.same({"0", "0"}, { r.med:text(1), r.med:text(2) })
  end)
end)

describe("qylua against the reference on " .. CASES .. " random tables", function()
  local ops = {
    { "group_by and agg", check_aggregate }, { "sort and top", check_sort },
    { "rank", check_rank }, { "join", check_join }, { "pivot", check_pivot },
    { "filter", check_filter }, { "rename", check_rename }, { "labelled select", check_select },
    { "distinct", check_distinct }, { "melt", check_melt }, { "describe", check_describe },
    { "slice", check_slice }, { "sample", check_sample },
  }
  for _, op in ipairs(ops) do
    it(op[1], function()
      local rand = generator(SEED + #op[1])
      for case = 1, CASES do
        local t = random_table(rand, row_count(rand, case))
        local label = string.format("seed %d, %s case %d", SEED, op[1], case)
        for _ = 1, 2 do op[2](rand, t, to_qy(t), label) end
      end
    end)
  end

  it("ran every comparison", function()
    assert.is_true(checks >= CASES * #ops * 2)
  end)
end)
