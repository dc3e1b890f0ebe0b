-- reference.lua — what qylua's kernels should answer, in plain Lua: small,
-- slow (quadratic where that is clearer) and obviously correct, for the
-- random comparison specs (reference_spec.lua). Semantics follow README.md.
--
-- A table here is { names = {...}, types = {...}, rows = {...} }:
--   types[j] = { kind = "int64" | "decimal" | "float64" | "date" | "bool" | "string",
--                scale = s (decimals only) }
--   rows[i][j] is the value of column j in row i, nil for null:
--     int64 -> integer, decimal(s) -> integer count of 10^-s units (1272.95 at
--     scale 2 is 127295), float64 -> float, date -> "YYYY-MM-DD", bool ->
--     boolean, string -> string.
-- A failure the engine must also report (a sum that overflows, a type it
-- cannot aggregate) is raised as error({ reference = "why" }).
local R = {}

local function refuse(why) error({ reference = why }, 0) end

-- ---- values ------------------------------------------------------------------

-- Strings (and dates) by their bytes, as the engine orders them.
local function bytes_less(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = a:byte(i), b:byte(i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

R.bytes_less = bytes_less

-- a < b for two non-null values of one kind (false < true; -0 equals 0;
-- NaN, every NaN alike, above +inf).
function R.less(kind, a, b)
  if kind == "string" or kind == "date" then return bytes_less(a, b) end
  if kind == "bool" then return a == false and b == true end
  if a ~= a then return false end
  if b ~= b then return true end
  return a < b
end

-- Whether two non-null values are one value to sort, group and join by.
function R.equal(a, b) return a == b or (a ~= a and b ~= b) end

-- Whether two values (either may be nil) are the same key: nulls are one
-- key, -0 equals 0, NaN equals NaN.
function R.same(a, b)
  if a == nil or b == nil then return a == nil and b == nil end
  return R.equal(a, b)
end

-- A decimal's units as text at its scale: 127295, 2 -> "1272.95".
function R.decimal_text(units, scale)
  local digits = tostring(units < 0 and -units or units)
  if units == math.mininteger then digits = tostring(units):sub(2) end
  digits = string.rep("0", scale + 1 - #digits) .. digits
  local int, frac = digits:sub(1, #digits - scale), digits:sub(#digits - scale + 1)
  return (units < 0 and "-" or "") .. int .. (scale > 0 and "." .. frac or "")
end

-- A float's shortest text that reads back as the same float (15 to 17 digits).
function R.float_text(x)
  if x ~= x then return "nan" end
  if x == math.huge then return "inf" end
  if x == -math.huge then return "-inf" end
  local s
  for p = 15, 17 do
    s = string.format("%." .. p .. "g", x)
    if tonumber(s) == x then break end
  end
  return s
end

-- A value as the engine writes it (c:text(i)); nil for null.
function R.text(ty, v)
  if v == nil then return nil end
  if ty.kind == "decimal" then return R.decimal_text(v, ty.scale) end
  if ty.kind == "float64" then return R.float_text(v) end
  return tostring(v)
end

function R.type_name(ty)
  return ty.kind == "decimal" and ("decimal(" .. ty.scale .. ")") or ty.kind
end

-- A decimal's text without trailing zeros: decimals of any scale are
-- equal exactly when these are.
local function decimal_value(units, scale)
  local text = R.decimal_text(units, scale)
  if scale > 0 then text = (text:gsub("0+$", "")):gsub("%.$", "") end
  return text
end

-- ---- sorting -----------------------------------------------------------------

-- a ahead of b (two non-null strings) in the listed order list: listed
-- strings in the list's order (reversed when desc), then the others by
-- bytes, never reversed.
function R.listed_ahead(list, desc, a, b)
  local pa, pb
  for i, s in ipairs(list) do
    if s == a then pa = i end
    if s == b then pb = i end
  end
  if pa and pb then
    if desc then return pb < pa end
    return pa < pb
  end
  if pa or pb then return pa ~= nil end
  return bytes_less(a, b)
end

-- a ahead of b (non-null values of column kind kind) by key k
-- { desc = bool, order = list or nil }.
local function key_ahead(kind, k, a, b)
  if k.order then return R.listed_ahead(k.order, k.desc, a, b) end
  if k.desc then return R.less(kind, b, a) end
  return R.less(kind, a, b)
end

-- The row order of t by keys { {col = j, desc = bool, order = list}, ... }
-- (order: a list of strings for a string column, or nil): stable, nulls
-- last in both directions. An insertion sort: obviously stable.
function R.order(t, keys)
  local function before(x, y)        -- row x strictly before row y?
    for _, k in ipairs(keys) do
      local kind = t.types[k.col].kind
      local a, b = t.rows[x][k.col], t.rows[y][k.col]
      if a == nil and b ~= nil then return false end
      if a ~= nil and b == nil then return true end
      if a ~= nil and b ~= nil then
        if key_ahead(kind, k, a, b) then return true end
        if key_ahead(kind, k, b, a) then return false end
      end
    end
    return false
  end
  local order = {}
  for i = 1, #t.rows do
    local p = #order + 1
    while p > 1 and before(i, order[p - 1]) do p = p - 1 end
    table.insert(order, p, i)
  end
  return order
end

-- t's rows in the order of idx (a list of row numbers).
function R.take(t, idx)
  local rows = {}
  for i, r in ipairs(idx) do rows[i] = t.rows[r] end
  return { names = t.names, types = t.types, rows = rows }
end

function R.sort(t, keys) return R.take(t, R.order(t, keys)) end

-- The first k rows of the stable sort.
function R.top(t, k, keys)
  local order, idx = R.order(t, keys), {}
  for i = 1, math.min(k, #order) do idx[i] = order[i] end
  return R.take(t, idx)
end

-- ---- grouping ------------------------------------------------------------------

-- The groups of t by the columns keys, in order of first appearance, each
-- a list of row numbers; a null key is a value like any other. No keys:
-- one group of every row (when there are rows).
function R.groups(t, keys)
  local groups = {}
  for i, row in ipairs(t.rows) do
    local found
    for _, g in ipairs(groups) do
      local first, same = t.rows[g[1]], true
      for _, k in ipairs(keys) do same = same and R.same(first[k], row[k]) end
      if same then found = g break end
    end
    if found then found[#found + 1] = i else groups[#groups + 1] = { i } end
  end
  return groups
end

local numeric = { int64 = true, decimal = true, float64 = true }

-- The result type of aggregate kind over a column of type ty (nil: rows).
function R.agg_type(kind, ty)
  if kind == "count" or kind == "count_distinct" then return { kind = "int64" } end
  if kind == "mean" or kind == "median" then return { kind = "float64" } end
  return ty
end

local verbs = { sum = "sum", mean = "average", median = "take the median of" }

-- Refuses what cannot be aggregated, whether there are rows or not.
local function check_aggregable(t, kind, col)
  if verbs[kind] and not numeric[t.types[col].kind] then refuse("cannot " .. verbs[kind]) end
end

-- One aggregate of column col (nil: rows) of t over the rows in group.
function R.aggregate_one(t, kind, col, group)
  if kind == "count" and col == nil then return #group end
  local ty = t.types[col]
  local values = {}
  for _, i in ipairs(group) do
    if t.rows[i][col] ~= nil then values[#values + 1] = t.rows[i][col] end
  end
  if kind == "count" then return #values end
  if kind == "first" then return group[1] and t.rows[group[1]][col] end
  if kind == "count_distinct" then
    local distinct = {}
    for _, v in ipairs(values) do
      local seen = false
      for _, d in ipairs(distinct) do seen = seen or R.equal(d, v) end
      if not seen then distinct[#distinct + 1] = v end
    end
    return #distinct
  end
  if #values == 0 then return nil end
  if kind == "min" or kind == "max" then
    local best = values[1]
    for _, v in ipairs(values) do
      if (kind == "min" and R.less(ty.kind, v, best)) or (kind == "max" and R.less(ty.kind, best, v)) then
        best = v
      end
    end
    return best
  end
  local unit = ty.kind == "decimal" and 10.0 ^ ty.scale or 1.0
  if kind == "sum" then
    if ty.kind == "float64" then
      local s = 0.0
      for _, v in ipairs(values) do s = s + v end
      return s
    end
    local s = 0
    for _, v in ipairs(values) do
      if (v > 0 and s > math.maxinteger - v) or (v < 0 and s < math.mininteger - v) then
        refuse("overflows")
      end
      s = s + v
    end
    return s
  end
  if kind == "mean" then         -- summed as floats in row order, divided once
    local s = 0.0
    for _, v in ipairs(values) do s = s + v end
    return s / (#values * unit)
  end
  -- median: the middle value, or the mean of the middle two (-0 is 0)
  table.sort(values, function(a, b) return R.less(ty.kind, a, b) end)
  local n = #values
  local lo, hi = values[(n + 1) // 2], values[n // 2 + 1]
  if lo == 0 then lo = 0.0 end
  if hi == 0 then hi = 0.0 end
  return (lo * 1.0 + hi * 1.0) / 2 / unit
end

-- t grouped by key columns and aggregated by aggs { {name =, kind =, col =}, ... }:
-- the keys (the values of each group's first row), then one column per
-- aggregate in the order given. No keys: one row, also for an empty table.
function R.aggregate(t, keys, aggs)
  local groups = R.groups(t, keys)
  if #keys == 0 and #groups == 0 then groups = { {} } end
  local out = { names = {}, types = {}, rows = {} }
  for g, group in ipairs(groups) do
    out.rows[g] = {}
    for j, k in ipairs(keys) do out.rows[g][j] = t.rows[group[1]][k] end
  end
  for _, k in ipairs(keys) do
    out.names[#out.names + 1] = t.names[k]
    out.types[#out.types + 1] = t.types[k]
  end
  for j, a in ipairs(aggs) do        -- in order: the first that fails is the error
    if a.col then check_aggregable(t, a.kind, a.col) end
    out.names[#out.names + 1] = a.name
    out.types[#out.types + 1] = R.agg_type(a.kind, a.col and t.types[a.col])
    for g, group in ipairs(groups) do
      out.rows[g][#keys + j] = R.aggregate_one(t, a.kind, a.col, group)
    end
  end
  return out
end

-- ---- ranking -------------------------------------------------------------------

-- The rank of each row of t by column col (nil for a null value), within
-- the groups of the columns by: ties "min" 1,2,2,4, "dense" 1,2,2,3,
-- "row" 1,2,3,4 (equal values in input order); order (nil, or a list of
-- strings) ranks a string column in that listed order. With mark (a
-- string), the ranks are text, a rank two or more rows of a group share
-- followed by mark.
function R.rank(t, col, desc, ties, by, order, mark)
  local kind, ranks = t.types[col].kind, {}
  local key = { desc = desc, order = order }
  local function ahead(a, b)           -- value a ranks strictly ahead of b?
    return key_ahead(kind, key, a, b)
  end
  local groups = R.groups(t, by)
  for _, group in ipairs(groups) do
    for _, i in ipairs(group) do
      local v = t.rows[i][col]
      if v ~= nil then
        local above, equal_before, distinct_above = 0, 0, {}
        for _, j in ipairs(group) do
          local w = t.rows[j][col]
          if w ~= nil and ahead(w, v) then
            above = above + 1
            local seen = false
            for _, d in ipairs(distinct_above) do seen = seen or R.equal(d, w) end
            if not seen then distinct_above[#distinct_above + 1] = w end
          elseif w ~= nil and R.equal(w, v) and j < i then
            equal_before = equal_before + 1
          end
        end
        if ties == "min" then ranks[i] = above + 1
        elseif ties == "dense" then ranks[i] = #distinct_above + 1
        else ranks[i] = above + equal_before + 1 end
      end
    end
  end
  if mark then
    local marked = {}
    for _, group in ipairs(groups) do
      for _, i in ipairs(group) do
        local shared = false
        for _, j in ipairs(group) do shared = shared or (j ~= i and ranks[j] == ranks[i]) end
        if ranks[i] ~= nil then marked[i] = tostring(ranks[i]) .. (shared and mark or "") end
      end
    end
    return marked
  end
  return ranks
end

-- ---- joining -------------------------------------------------------------------

-- Whether key values a (of type ta) and b (of tb) match: nulls never do,
-- decimals by value whatever their scales.
local function key_match(ta, a, tb, b)
  if a == nil or b == nil then return false end
  if ta.kind == "decimal" then return decimal_value(a, ta.scale) == decimal_value(b, tb.scale) end
  return R.equal(a, b)
end

-- a joined with b on a's columns akeys and b's bkeys; how "inner", "left"
-- or "anti". Rows in a's order, each row's matches in b's order; columns:
-- a's, then b's other than its keys, a clashing name becoming name_2, name_3...
function R.join(a, b, akeys, bkeys, how)
  for k = 1, #akeys do
    local ta, tb = a.types[akeys[k]], b.types[bkeys[k]]
    if ta.kind ~= tb.kind then refuse("cannot join") end
  end
  local out = { names = {}, types = {}, rows = {} }
  local bcols = {}
  for j = 1, #a.names do
    out.names[j] = a.names[j]
    out.types[j] = a.types[j]
  end
  if how ~= "anti" then
    for j = 1, #b.names do
      local is_key = false
      for _, k in ipairs(bkeys) do is_key = is_key or k == j end
      if not is_key then
        local taken = {}
        for _, n in ipairs(out.names) do taken[n] = true end
        local name, n = b.names[j], 2
        while taken[name] do
          name = b.names[j] .. "_" .. n
          n = n + 1
        end
        out.names[#out.names + 1] = name
        out.types[#out.types + 1] = b.types[j]
        bcols[#bcols + 1] = j
      end
    end
  end
  local na = #a.names
  for _, ra in ipairs(a.rows) do
    local matched = false
    for _, rb in ipairs(b.rows) do
      local all = true
      for k = 1, #akeys do
        all = all and key_match(a.types[akeys[k]], ra[akeys[k]], b.types[bkeys[k]], rb[bkeys[k]])
      end
      if all then
        matched = true
        if how ~= "anti" then
          local row = {}
          for j = 1, na do row[j] = ra[j] end
          for m, j in ipairs(bcols) do row[na + m] = rb[j] end
          out.rows[#out.rows + 1] = row
        end
      end
    end
    if not matched and how ~= "inner" then
      local row = {}
      for j = 1, na do row[j] = ra[j] end
      out.rows[#out.rows + 1] = row
    end
  end
  return out
end

-- ---- pivoting ------------------------------------------------------------------

-- t wide: one row per distinct value of the row key columns rows (first
-- appearance; no keys: one row when t has rows), then one column per
-- distinct value of column cols, ascending, null last, named by its text
-- ("null" for null); each cell the aggregate kind of column values (nil:
-- count rows) over its rows, or fill (nil: null) when it has none.
function R.pivot(t, rows, cols, values, kind, fill)
  if values then check_aggregable(t, kind, values) end
  local row_groups, col_groups = R.groups(t, rows), R.groups(t, { cols })
  local ckind = t.types[cols].kind
  table.sort(col_groups, function(x, y)
    local a, b = t.rows[x[1]][cols], t.rows[y[1]][cols]
    if a == nil or b == nil then return a ~= nil and b == nil end
    return R.less(ckind, a, b)
  end)
  local out = { names = {}, types = {}, rows = {} }
  for _, k in ipairs(rows) do
    out.names[#out.names + 1] = t.names[k]
    out.types[#out.types + 1] = t.types[k]
  end
  local cell_type = R.agg_type(kind, values and t.types[values])
  for _, cg in ipairs(col_groups) do
    out.names[#out.names + 1] = R.text(t.types[cols], t.rows[cg[1]][cols]) or "null"
    out.types[#out.types + 1] = cell_type
  end
  for r, rg in ipairs(row_groups) do
    local row = {}
    for j, k in ipairs(rows) do row[j] = t.rows[rg[1]][k] end
    for c, cg in ipairs(col_groups) do
      local cell = {}
      for _, i in ipairs(rg) do
        if R.same(t.rows[i][cols], t.rows[cg[1]][cols]) then cell[#cell + 1] = i end
      end
      if #cell == 0 then row[#rows + c] = fill
      else row[#rows + c] = R.aggregate_one(t, kind, values, cell) end
    end
    out.rows[r] = row
  end
  return out
end

-- ---- filtering -----------------------------------------------------------------

-- Column col of t compared with the scalar v (of the column's kind), row by
-- row: true, false, or nil when the row is null (SQL).
function R.compare(t, col, op, v, w)
  local kind, out = t.types[col].kind, {}
  for i, row in ipairs(t.rows) do
    local x = row[col]
    if op == "isnull" then out[i] = x == nil
    elseif op == "notnull" then out[i] = x ~= nil
    elseif x ~= nil and kind == "float64" then   -- IEEE: NaN is unequal to all
      if op == "eq" then out[i] = x == v
      elseif op == "ne" then out[i] = x ~= v
      elseif op == "lt" then out[i] = x < v
      elseif op == "le" then out[i] = x <= v
      elseif op == "gt" then out[i] = x > v
      elseif op == "ge" then out[i] = x >= v
      elseif op == "between" then out[i] = v <= x and x <= w
      elseif op == "isin" then
        out[i] = false
        for _, s in ipairs(v) do out[i] = out[i] or x == s end
      end
    elseif x ~= nil then
      local lt = op ~= "isin" and R.less(kind, x, v)
      local gt = op ~= "isin" and R.less(kind, v, x)
      if op == "eq" then out[i] = not lt and not gt
      elseif op == "ne" then out[i] = lt or gt
      elseif op == "lt" then out[i] = lt
      elseif op == "le" then out[i] = not gt
      elseif op == "gt" then out[i] = gt
      elseif op == "ge" then out[i] = not lt
      elseif op == "between" then out[i] = not lt and not R.less(kind, w, x)
      elseif op == "isin" then
        out[i] = false
        for _, s in ipairs(v) do out[i] = out[i] or (not R.less(kind, x, s) and not R.less(kind, s, x)) end
      end
    end
  end
  return out
end

-- Kleene logic on masks of n rows: false and null = false, true or null = true.
function R.logic(op, a, b, n)
  local out = {}
  for i = 1, n do
    local x, y = a[i], b and b[i]
    if op == "not" then
      if x ~= nil then out[i] = not x end
    elseif op == "and" then
      if x == false or y == false then out[i] = false
      elseif x == true and y == true then out[i] = true end
    else
      if x == true or y == true then out[i] = true
      elseif x == false and y == false then out[i] = false end
    end
  end
  return out
end

-- The rows of t where mask is true.
function R.filter(t, mask)
  local idx = {}
  for i = 1, #t.rows do
    if mask[i] == true then idx[#idx + 1] = i end
  end
  return R.take(t, idx)
end

-- ---- table verbs ---------------------------------------------------------------

-- t with the columns of map (old name -> new name) renamed in place.
function R.rename(t, map)
  local out, taken = { names = {}, types = t.types, rows = t.rows }, {}
  for j, name in ipairs(t.names) do
    out.names[j] = map[name] or name
    if taken[out.names[j]] then refuse("duplicate column name") end
    taken[out.names[j]] = true
  end
  return out
end

-- The columns of entries { {label =, col =}, ... } of t, each under its label.
function R.select(t, entries)
  local out, taken = { names = {}, types = {}, rows = {} }, {}
  for k, e in ipairs(entries) do
    if taken[e.label] then refuse("named twice") end
    taken[e.label] = true
    out.names[k], out.types[k] = e.label, t.types[e.col]
  end
  for i, row in ipairs(t.rows) do
    out.rows[i] = {}
    for k, e in ipairs(entries) do out.rows[i][k] = row[e.col] end
  end
  return out
end

-- The distinct rows of t's columns cols (none: every column) in order of
-- first appearance; keep_all: every column of each first row.
function R.distinct(t, cols, keep_all)
  if #cols == 0 then
    cols = {}
    for j = 1, #t.names do cols[j] = j end
  end
  local firsts = {}
  for g, group in ipairs(R.groups(t, cols)) do firsts[g] = group[1] end
  local all = R.take(t, firsts)
  if keep_all then return all end
  return R.select(all, (function()
    local entries = {}
    for k, j in ipairs(cols) do entries[k] = { label = t.names[j], col = j } end
    return entries
  end)())
end

-- t long: for each row, one row per column of values (in that order): the
-- columns ids, then name (the value column's name), then value. The value
-- columns share a kind, or are int64 and decimals, which meet as decimals
-- at the largest scale.
function R.melt(t, ids, values, name, value)
  if #values == 0 then refuse("no value columns") end
  local ty = t.types[values[1]]
  for _, j in ipairs(values) do
    local k = t.types[j]
    local exact = (k.kind == "int64" or k.kind == "decimal") and (ty.kind == "int64" or ty.kind == "decimal")
    if exact then
      if k.kind == "decimal" then
        ty = { kind = "decimal", scale = math.max(ty.scale or 0, k.scale) }
      end
    elseif k.kind ~= ty.kind then
      refuse("have different types")
    end
  end
  local function convert(v, k)               -- a value of kind k at the common type
    if v == nil or ty.kind ~= "decimal" then return v end
    for _ = (k.scale or 0) + 1, ty.scale do
      if v > math.maxinteger // 10 or v < -(math.maxinteger // 10) then refuse("does not fit") end
      v = v * 10
    end
    return v
  end
  local converted = {}
  for m, j in ipairs(values) do
    converted[m] = {}
    for i, row in ipairs(t.rows) do converted[m][i] = convert(row[j], t.types[j]) end
  end
  local out = { names = {}, types = {}, rows = {} }
  for k, j in ipairs(ids) do out.names[k], out.types[k] = t.names[j], t.types[j] end
  out.names[#ids + 1], out.types[#ids + 1] = name, { kind = "string" }
  out.names[#ids + 2], out.types[#ids + 2] = value, ty
  local taken = {}
  for _, n in ipairs(out.names) do
    if taken[n] then refuse("duplicate column name") end
    taken[n] = true
  end
  for i, row in ipairs(t.rows) do
    for m, j in ipairs(values) do
      local r = {}
      for k, id in ipairs(ids) do r[k] = row[id] end
      r[#ids + 1], r[#ids + 2] = t.names[j], converted[m][i]
      out.rows[#out.rows + 1] = r
    end
  end
  return out
end

-- One row per column of t: column, type, count, nulls, distinct, min, max
-- (as text), mean (numbers only).
function R.describe(t)
  local S, I = { kind = "string" }, { kind = "int64" }
  local out = { names = {"column", "type", "count", "nulls", "distinct", "min", "max", "mean"},
                types = { S, S, I, I, I, S, S, { kind = "float64" } }, rows = {} }
  local all = {}
  for i = 1, #t.rows do all[i] = i end
  for j, name in ipairs(t.names) do
    local ty = t.types[j]
    local count = R.aggregate_one(t, "count", j, all)
    out.rows[j] = { name, R.type_name(ty), count, #t.rows - count,
                    R.aggregate_one(t, "count_distinct", j, all),
                    R.text(ty, R.aggregate_one(t, "min", j, all)),
                    R.text(ty, R.aggregate_one(t, "max", j, all)),
                    numeric[ty.kind] and R.aggregate_one(t, "mean", j, all) or nil }
  end
  return out
end

-- Rows i..j of t as string.sub takes characters i..j (j defaults to -1).
function R.slice(t, i, j)
  assert(#t.rows <= 255, "R.slice numbers rows by bytes")
  local bytes = {}
  for r = 1, #t.rows do bytes[r] = string.char(r - 1) end
  local idx = {}
  for c in table.concat(bytes):sub(i, j):gmatch(".") do idx[#idx + 1] = c:byte() + 1 end
  return R.take(t, idx)
end

return R
