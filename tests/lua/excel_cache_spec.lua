-- excel_cache_spec.lua — qy.read_excel{cache = true}: a workbook's second
-- read comes from .qycache/, the same table and info; touching or
-- rewriting the workbook rebuilds the entry; the options that shape the
-- table have their own entries. Workbooks: tests/data/excel_cache/ (made by
-- make_fixtures.py there).
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

-- Every cell of t as text, with the schema: equal iff the tables are.
local function dump(t)
  local out = {}
  for _, c in ipairs(t:schema()) do
    out[#out + 1] = c.name .. ":" .. c.type .. ":" .. t[c.name]:nulls()
    for i = 1, #t do out[#out + 1] = tostring(t[c.name][i]) end
  end
  return table.concat(out, "|")
end

-- info without its `cached`, which is all a read from the cache may change.
local function without_cached(info)
  local copy = {}
  for k, v in pairs(info) do
    if k ~= "cached" then copy[k] = v end
  end
  return copy
end

local function fixture(name) return h.read(h.path("tests/data/excel_cache/" .. name)) end

local function entries(dir)
  local p = io.popen("ls -A '" .. dir .. "/.qycache' 2>/dev/null")
  local n = 0
  for _ in p:lines() do n = n + 1 end
  p:close()
  return n
end

describe("qy.read_excel with cache", function()
  local dir, book
  before_each(function()
    dir = h.tmpdir()
    book = h.write(dir .. "/ledger.xlsx", fixture("ledger.xlsx"))
  end)
  after_each(h.cleanup)

  it("gives the same table and info from the cache the second time", function()
    local a, ia = qy.read_excel(book, {cache = true, quiet = true})
    local b, ib = qy.read_excel(book, {cache = true, quiet = true})
    assert.is_false(ia.cached)
    assert.is_true(ib.cached)
    assert.equal(dump(a), dump(b))
    assert.same(a:names(), b:names())
    assert.same(without_cached(ia), without_cached(ib))
    -- what the entry keeps, field by field
    assert.equal("明细", ib.sheet)
    assert.equal("xlsx", ib.format)
    assert.equal("A1:E7", ib.range)
    assert.equal("2024年上半年项目台账", ib.title)
    assert.equal(1, ib.skipped)
    assert.equal(1, ib.header_rows)
    assert.same({"合计"}, ib.footer)
    assert.equal(1, ib.footer_rows)
    assert.equal(1, ib.merged)
    assert.equal(1, ib.hidden)
    assert.equal(1, ib.errors)
    assert.same({{cell = "E6", value = "#DIV/0!"}}, ib.error_cells)
    assert.same({book .. ": 1 error cell(s) read as null (first: E6 #DIV/0!)"}, ib.warnings)
    local head = "项目:string:0|港口物流园|智能制造基地|新能源电池|数据中心|"
      .. "金额:decimal(2):0|1272.95|880.5|12.0|3050.25|"
    assert.equal(head, dump(b):sub(1, #head))
    assert.equal("东莞", b["城市"][3])   -- filled from the merge over D4:D5
    assert.equal(1, entries(dir))
    local c, ic = qy.read_excel(book, {quiet = true})
    assert.is_false(ic.cached)
    assert.equal(dump(a), dump(c))
  end)

  it("rebuilds when the workbook is touched or rewritten", function()
    local a = qy.read_excel(book, {cache = true, quiet = true})
    assert.is_true(os.execute("touch -d '2001-02-03 04:05:06' '" .. book .. "'"))
    local b, ib = qy.read_excel(book, {cache = true, quiet = true})
    assert.is_false(ib.cached)
    assert.equal(dump(a), dump(b))
    local _, again = qy.read_excel(book, {cache = true, quiet = true})
    assert.is_true(again.cached)
    h.write(book, fixture("ledger_v2.xlsx"))
    local c, ic = qy.read_excel(book, {cache = true, quiet = true})
    assert.is_false(ic.cached)
    assert.equal(5, #c)
    assert.equal(1300, c["金额"][1])
    assert.equal("跨境电商园", c["项目"][5])
    local d, id = qy.read_excel(book, {cache = true, quiet = true})
    assert.is_true(id.cached)
    assert.equal(dump(c), dump(d))
    assert.equal(1, entries(dir))   -- the entry replaced, not a second one
  end)

  it("keeps an entry per set of options that shape the table", function()
    local variants = {
      {},
      {sheet = "说明"},
      {sheet = 2},
      {range = "A2:C6"},
      {skip = 1},
      {header = 2},
      {footer = false},
      {footer = "^合计"},
      {footer = "^合"},
      {fill_merged = false},
      {hidden = false},
      {types = {["金额"] = "float64"}},
      {null = {"待签"}},
      {rename = {["项目"] = "name"}},
    }
    local first = {}
    for i, v in ipairs(variants) do
      v.cache, v.quiet = true, true
      local t, info = qy.read_excel(book, v)
      assert.is_false(info.cached, "variant " .. i)
      first[i] = dump(t)
    end
    assert.equal(#variants, entries(dir))
    for i, v in ipairs(variants) do
      local t, info = qy.read_excel(book, v)
      assert.is_true(info.cached, "variant " .. i)
      assert.equal(first[i], dump(t), "variant " .. i)
    end
    local notes = "字段:string:0|金额|含义:string:0|万元"
    assert.equal(notes, first[2])
    assert.equal(first[2], first[3])
    assert.equal(5, #qy.read_excel(book, variants[7]))    -- 合计 kept
    assert.equal(4, #qy.read_excel(book, variants[8]))
    assert.equal(3, #qy.read_excel(book, variants[11]))   -- the hidden row dropped
  end)

  it("follows QY_CACHE unless told, and refuses a cache that is not a boolean", function()
    local _, info = qy.read_excel(book, {cache = false, quiet = true})
    assert.is_false(info.cached)
    assert.equal(0, entries(dir))
    assert.has_error(function() qy.read_excel(book, {cache = 1}) end,
      "bad argument #2 to 'read_excel' (option 'cache' must be a boolean)")
  end)
end)
