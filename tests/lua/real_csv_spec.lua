-- real_csv_spec.lua — qy.read_csv on real CSV files that nobody on this project wrote
-- (tests/data/real/, listed with their sources in SOURCES.md) against what DuckDB read from
-- them (NAME.expected, written by tests/real/oracle.mjs; DuckDB is not needed here).
--
-- The rules, for every file of tests/real/manifest:
--   * the same rows and columns, the same column names (without a header, or for an empty
--     header name, qylua's are colN where DuckDB's are columnN-1);
--   * a column qylua types as a number (int64, decimal, float64) is one DuckDB types as a
--     number too, and each cell is DuckDB's value exactly (Lua compares integers and floats
--     exactly; DuckDB's doubles are written as shortest round-trip text); a decimal's
--     c:text(i) is also the cell's raw text at the column's scale, digit for digit;
--   * a bool column is DuckDB's BOOLEAN, a date column DuckDB's DATE, cell for cell (ISO);
--   * a string column is one DuckDB reads as VARCHAR, or as TIME or TIMESTAMP (qylua has
--     no such types), and each cell is DuckDB's raw all_varchar text byte for byte, so
--     nothing is altered;
--   * a cell is null in qylua exactly where it is null in DuckDB's raw read (both read an
--     unquoted empty field and the file's `null` strings as null, a quoted "" as "");
--   * a file the manifest says qylua refuses, DuckDB refuses too, and qylua's error is the
--     manifest's, word for word.
-- Where qylua deliberately differs from DuckDB the manifest says so per file and column,
-- with the reason. An entry marked pending-* is a disagreement that a fix of issue 12 will
-- remove; the spec checks that it still happens (so the entry cannot go stale) and reads
-- around it for the other checks; the lead removes or flips it when the fix lands.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local data_dir = h.path("tests/data/real")

-- tests/real/manifest (its header explains each entry): "NAME key=value ..." lines, each
-- followed by indented lines "COLUMN RULE reason" (COLUMN is DuckDB's name or #N, the N-th
-- column), "pending-sniff"/"sniffs", "error MESSAGE" or "pending-error reason".
local function read_manifest()
  local files = {}
  for line in io.lines(h.path("tests/real/manifest")) do
    if line:match("^%s*#%s") or line:match("^%s*#$") or line:match("^%s*$") then
      -- a comment
    elseif line:match("^%S") then
      local words = {}
      for w in line:gmatch("%S+") do words[#words + 1] = w end
      local file = { name = table.remove(words, 1), options = {}, columns = {} }
      for _, w in ipairs(words) do
        local k, v = w:match("^([^=]+)=(.*)$")
        file.options[k] = v
      end
      files[#files + 1] = file
    else
      local file = assert(files[#files], "an indented manifest line before any file")
      local first, rest = line:match("^%s+(%S+)%s*(.*)$")
      if first == "error" or first == "pending-error" then
        file[first] = rest
      elseif first == "pending-sniff" or first == "sniffs" then
        file.sniff = first
      else
        local rule = rest:match("^(%S+)")
        assert(rule == "text" or rule == "pending-text" or rule == "pending-trim",
               "unknown manifest rule: " .. line)
        file.columns[first] = file.columns[first] or {}
        file.columns[first][rule] = true
      end
    end
  end
  return files
end

local function unescape(cell)
  if cell == "\\N" then return nil end
  return (cell:gsub("\\(.)", { ["\\"] = "\\", n = "\n", r = "\r", t = "\t", ["="] = "=" }))
end

-- NAME.expected as { rows = n, columns = { {name =, type =, raw = {...}, typed = {...}} } };
-- a null cell is false, so the lists have no holes; a typed "=" is the raw text.
local function read_expected(path)
  local f = assert(io.open(path, "rb"))
  local lines = {}
  for l in f:lines() do lines[#lines + 1] = l end
  f:close()
  local expected = { columns = {} }
  local i = 2                                       -- line 1: the DuckDB version
  if lines[i]:match("^error ") then expected.error = lines[i]:sub(7); return expected end
  expected.rows = tonumber(lines[i]:match("^rows (%d+)$"))
  i = i + 1
  local function cells(raw)                        -- raw: what "=" stands for
    local out = {}
    for r = 1, expected.rows do
      local line = lines[i + r - 1]
      if raw and line == "=" then out[r] = raw[r] else out[r] = unescape(line) or false end
    end
    i = i + expected.rows
    return out
  end
  while lines[i] do
    local name, type = lines[i]:match("^column (.*) (%S+)$")
    assert(name, path .. ": bad line " .. i)
    i = i + 1
    local col = { name = unescape(name), type = type, raw = cells() }
    if lines[i] == "typed" then i = i + 1; col.typed = cells(col.raw) end
    expected.columns[#expected.columns + 1] = col
  end
  return expected
end

-- The options qy.read_csv gets from the manifest; no delim where it must sniff
-- (`sniffs`), or where it is checked that it cannot yet (`pending-sniff`, without_delim).
local function qy_options(file, without_delim)
  local o, v = { quiet = true }, file.options
  if v.delim and not (without_delim or file.sniff == "sniffs") then
    o.delim = v.delim == "tab" and "\t" or v.delim
  end
  if v.header == "false" then o.header = false end
  if v.null then
    o.null = {}
    for s in v.null:gmatch("[^,]+") do o.null[#o.null + 1] = s end
  end
  if v.encoding then o.encoding = v.encoding end
  if v.on_ragged then o.on_ragged = v.on_ragged end
  if v.skip then o.skip = tonumber(v.skip) end
  return o
end

local numeric = { BIGINT = true, INTEGER = true, SMALLINT = true, TINYINT = true, HUGEINT = true,
                  UBIGINT = true, DOUBLE = true, FLOAT = true }
local textual = { VARCHAR = true, TIME = true, TIMESTAMP = true,
                  ["TIMESTAMP WITH TIME ZONE"] = true }

local function compatible(qy_type, duck_type)
  if qy_type:match("^decimal") or qy_type == "int64" or qy_type == "float64" then
    return numeric[duck_type] or duck_type:match("^DECIMAL") ~= nil
  end
  if qy_type == "bool" then return duck_type == "BOOLEAN" end
  if qy_type == "date" then return duck_type == "DATE" end
  return textual[duck_type] ~= nil
end

-- The raw text of a number written with at most `scale` decimals, as qylua's c:text
-- writes a decimal(scale): no sign for +, no leading zeros, exactly `scale` decimals
-- (trailing zeros beyond it dropped); nil when it needs more decimals than that.
local function at_scale(raw, scale)
  local sign, int, frac = raw:match("^%s*([+-]?)(%d*)%.?(%d*)%s*$")
  if not sign or (int == "" and frac == "") then return nil end
  frac = frac:gsub("0+$", "")
  if #frac > scale then return nil end
  int = int:gsub("^0+", "")
  if int == "" then int = "0" end
  local text = int .. (scale > 0 and "." .. frac .. ("0"):rep(scale - #frac) or "")
  if sign == "-" and text:match("[1-9]") then text = "-" .. text end
  return text
end

local function duck_number(text)
  if text == "nan" then return 0 / 0 end
  if text == "inf" then return math.huge end
  if text == "-inf" then return -math.huge end
  return math.tointeger(tonumber(text)) or tonumber(text)
end

local function same_number(q, text)
  local d = duck_number(text)
  if d ~= d then return q ~= q end
  return q == d
end

-- The first disagreement of column c (qylua) with col (DuckDB), or nil.
local function cell_problem(c, col)
  local qy_type = c:type()
  local shown = function(v) return v and ("%q"):format(v) or "null" end
  for r = 1, #col.raw do
    local raw, q = col.raw[r], c[r]
    local text = q ~= nil and c:text(r) or nil
    local where = ("column '%s' row %d: qylua %s "):format(col.name, r, qy_type)
    local problem
    if (q == nil) ~= (raw == false) then
      problem = shown(text) .. ", DuckDB " .. shown(raw or nil)
    elseif q == nil then
      problem = nil
    elseif qy_type == "string" then
      if q ~= raw then problem = shown(q) .. ", DuckDB " .. shown(raw) end
    elseif not col.typed then
      if text ~= raw then problem = shown(text) .. ", DuckDB " .. col.type .. " " .. shown(raw) end
    elseif qy_type == "bool" or qy_type == "date" then
      if text ~= col.typed[r] then problem = text .. ", DuckDB " .. col.typed[r] end
    elseif not same_number(q, col.typed[r]) then
      problem = text .. ", DuckDB " .. col.typed[r]
    else
      local scale = tonumber(qy_type:match("^decimal%((%d)%)$"))
      if scale and text ~= at_scale(raw, scale) then problem = text .. ", raw text " .. shown(raw) end
    end
    if problem then return where .. problem end
  end
  return nil
end

-- The manifest's rules for column j, named `name` by DuckDB, as a set.
local function rules_of(file, j, name)
  local rules = {}
  for rule in pairs(file.columns[name] or {}) do rules[rule] = true end
  for rule in pairs(file.columns["#" .. j] or {}) do rules[rule] = true end
  return rules
end

local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end

-- The name qylua must give column j, named `duck` by DuckDB: DuckDB's, except that
-- without a header qylua's names are col1, col2, ... (DuckDB's column0, ...), and so is
-- a column whose header is empty (DuckDB's columnN).
local function wanted_name(file, j, duck)
  if file.options.header == "false" or duck:match("^column%d+$") then return "col" .. j end
  return duck
end

-- Every disagreement of table t with the expected reading, as text.
local function problems(file, t, expected)
  local out = {}
  if #t ~= expected.rows then out[#out + 1] = ("%d rows, DuckDB %d"):format(#t, expected.rows) end
  if t:ncols() ~= #expected.columns then
    out[#out + 1] = ("%d columns, DuckDB %d"):format(t:ncols(), #expected.columns)
    return out
  end
  local names = t:names()
  for j, col in ipairs(expected.columns) do
    local rules = rules_of(file, j, col.name)
    local want, name = wanted_name(file, j, col.name), names[j]
    if rules["pending-trim"] then
      if name == want or trim(name) ~= want then
        out[#out + 1] = ("column %d: qylua names it %q, the manifest says %q untrimmed"):format(j, name, want)
      end
    elseif name ~= want then
      out[#out + 1] = ("column %d: qylua names it %q, want %q"):format(j, name, want)
    end
    local c = t:col(name)
    if rules.text or rules["pending-text"] then
      if c:type() ~= "string" then
        out[#out + 1] = ("column '%s': qylua %s, the manifest says text"):format(col.name, c:type())
      end
    elseif not compatible(c:type(), col.type) then
      out[#out + 1] = ("column '%s': qylua %s, DuckDB %s"):format(col.name, c:type(), col.type)
    end
    if #t == expected.rows then out[#out + 1] = cell_problem(c, col) end
  end
  return out
end

local function read(file, options)
  return qy.read_csv(data_dir .. "/" .. file.name, options)
end

describe("qy.read_csv on real files agrees with DuckDB", function()
  for _, file in ipairs(read_manifest()) do
    it(file.name, function()
      local expected = read_expected(data_dir .. "/" .. file.name:gsub("%.[^.]*$", "") .. ".expected")
      if file.error or file["pending-error"] then
        assert.is_not_nil(expected.error, "DuckDB reads it: the manifest cannot say qylua must refuse it")
      end
      if file.error then
        local want = file.error:gsub("FILE", function() return data_dir .. "/" .. file.name end)
        assert.equal(want, h.error_of(read, file, qy_options(file)))
        return
      end
      if file["pending-error"] then
        assert(pcall(read, file, qy_options(file)), "qylua refuses it now: make `pending-error` `error MESSAGE`")
        return
      end
      assert.is_nil(expected.error, "DuckDB cannot read it: give qylua's error in the manifest")
      if file.sniff == "pending-sniff" then
        local ok, t = pcall(read, file, qy_options(file, true))
        assert.is_false(ok and t:ncols() == #expected.columns,
                        "qylua finds the delimiter now: make `pending-sniff` `sniffs`")
      end
      local options = qy_options(file)
      local t = read(file, options)
      -- A pending-text column: still typed today, then read as text for the other checks.
      for j, col in ipairs(expected.columns) do
        if rules_of(file, j, col.name)["pending-text"] then
          local name = t:names()[j]
          assert.are_not.equal("string", t:col(name):type(),
                               col.name .. " is text now: remove its pending-text line")
          options.types = options.types or {}
          options.types[name] = "string"
        end
      end
      if options.types then t = read(file, options) end
      assert.same({}, problems(file, t, expected))
    end)
  end
end)
