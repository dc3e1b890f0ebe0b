-- read_csv_spec.lua — qy.read_csv and t:to_csv as a script sees them.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

describe("qy.read_csv", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(h.cleanup)

  it("reads the published figures with Chinese text and exact decimals", function()
    local f = qy.read_csv(h.path("data/facts.csv"))
    assert.equal(29, #f)
    assert.same({"id", "figure", "value", "unit", "as_of", "source", "recompute"}, f:names())
    assert.equal("decimal(2)", f.value:type())
    assert.equal("新签约招商引资项目", f.figure[1])
    assert.equal(1272.95, f.value[2])
    assert.is_nil(f.value[3])
    assert.equal(2, f.value:nulls())
    assert.matches("1272%.95", tostring(f))
  end)

  it("infers every type from every value", function()
    local p = h.write(dir .. "/t.csv",
      "i,d,f,s,day,b,cn\n1,1.5,1e3,x,2023-07-20,true,2023年7月20日\n-2,0.25,2.5,007,2023/7/1,false,2023年1月2日\n")
    local t = qy.read_csv(p)
    local types = {}
    for _, c in ipairs(t:schema()) do types[c.name] = c.type end
    assert.same({i = "int64", d = "decimal(2)", f = "float64", s = "string", day = "date",
                 b = "bool", cn = "date"}, types)
    assert.equal("2023-07-01", t.day[2])
    assert.equal("2023-01-02", t.cn[2])
    assert.equal(0.25, t.d[2])
    assert.equal("007", t.s[2])
  end)

  it("keeps codes with a leading zero as text, unless types says otherwise", function()
    local p = h.write(dir .. "/codes.csv", "code,zip,n\n010,00501,0\n0931,001000,0.5\n021,-007,-0.25\n")
    local t = qy.read_csv(p)
    assert.equal("string", t.code:type())
    assert.equal("010", t.code[1])
    assert.equal("string", t.zip:type())
    assert.equal("-007", t.zip[3])
    assert.equal("decimal(2)", t.n:type())
    local u = qy.read_csv(p, { types = { code = "int64" } })
    assert.equal("int64", u.code:type())
    assert.equal(10, u.code[1])
    local out = dir .. "/codes_out.csv"
    t:to_csv(out)
    assert.equal("code,zip,n\n010,00501,0.00\n0931,001000,0.50\n021,-007,-0.25\n", h.read(out))
  end)

  it("keeps integers beyond int64 as the text they are", function()
    local p = h.write(dir .. "/ids.csv", "id,amount\n"
      .. "4200000000000000000000000001,1.5\n4200000000000000000000000002,2\n"
      .. "4200000000000000000000000003,3.25\n")
    local t = qy.read_csv(p)
    assert.equal("string", t.id:type())
    assert.equal(3, t.id:nunique())
    assert.equal("4200000000000000000000000002", t.id[2])
    local out = dir .. "/ids_out.csv"
    t:to_csv(out)
    assert.equal("id,amount\n4200000000000000000000000001,1.50\n4200000000000000000000000002,2.00\n"
                 .. "4200000000000000000000000003,3.25\n", h.read(out))
    local f = qy.read_csv(p, { types = { id = "float64" } })
    assert.equal("float64", f.id:type())
    assert.equal(1, f.id:nunique())
  end)

  it("keeps money decimal when one value has trailing zeros", function()
    local rows = {}
    for i = 1, 1000000 do rows[i] = "0.01" end
    rows[500000] = "0.0100000"
    local p = h.write(dir .. "/money.csv", "v\n" .. table.concat(rows, "\n") .. "\n0.01\n")
    local t = qy.read_csv(p)
    assert.equal(1000001, #t)
    assert.equal("decimal(6)", t.v:type())
    assert.equal("0.010000", t.v:text(500000))
    assert.equal("10000.010000", t:agg{ s = qy.sum("v") }.s:text(1))
  end)

  it("takes delim, header, types, null and rename", function()
    local p = h.write(dir .. "/t.tsv", "县区\t金额\tid\n环县\t1.5\t007\n宁县\tNA\t008\n")
    local t, info = qy.read_csv(p, { delim = "\t", types = { id = "string", amount = "decimal(3)" },
                                     null = {"NA"}, rename = { ["县区"] = "county", ["金额"] = "amount" } })
    assert.same({"county", "amount", "id"}, t:names())
    assert.equal("decimal(3)", t.amount:type())
    assert.is_nil(t.amount[2])
    assert.equal("007", t.id[1])
    assert.equal("utf-8", info.encoding)
    local n = qy.read_csv(p, { delim = "\t", header = false })
    assert.same({"col1", "col2", "col3"}, n:names())
    assert.equal(3, #n)
  end)

  it("handles ragged rows as asked", function()
    local p = h.write(dir .. "/r.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n")
    assert.equal(p .. ":3: expected 3 fields, found 2", h.error_of(qy.read_csv, p))
    local t, info = qy.read_csv(p, { on_ragged = "skip", quiet = true })
    assert.equal(1, #t)
    assert.equal(2, info.skipped)
    local u, info2 = qy.read_csv(p, { on_ragged = "pad", quiet = true })
    assert.equal(3, #u)
    assert.equal(1, info2.padded)   -- "4,5" gets a null
    assert.equal(1, info2.cut)      -- "6,7,8,9" loses its 9
    assert.same({p .. ": padded 1 short row(s), cut 1 long row(s) (first cut at line 4)"},
                info2.warnings)
    assert.is_nil(u.c[2])
    assert.equal(8, u.c[3])
    assert.same({p .. ": skipped 2 ragged row(s) (first at line 3)"}, info.warnings)
    local _, clean = qy.read_csv(h.write(dir .. "/ok.csv", "a,b\n1,2\n"))
    assert.same({}, clean.warnings)
    assert.equal(0, clean.cut)
  end)

  it("reads GB18030 files to the same table as UTF-8", function()
    local utf8_path = h.write(dir .. "/u.csv", "县区,金额\n西峰区,1.5\n镇原县,2.25\n")
    local gb_path = dir .. "/g.csv"
    assert(os.execute("iconv -f UTF-8 -t GB18030 " .. utf8_path .. " > " .. gb_path))
    local u = qy.read_csv(utf8_path)
    local g, info = qy.read_csv(gb_path)
    assert.equal("gb18030", info.encoding)
    assert.same(u:names(), g:names())
    assert.same(u["县区"]:totable(), g["县区"]:totable())
    assert.same(u["金额"]:totable(), g["金额"]:totable())
  end)

  it("names file and line in errors", function()
    local p = h.write(dir .. "/x.csv", "id,amount\n1,\"multi\nline\"\n2,12,5\n")
    assert.equal(p .. ":4: expected 2 fields, found 3", h.error_of(qy.read_csv, p))
    local q = h.write(dir .. "/y.csv", "id,amount\n1,2.5\n2,\"12,5\"\n")
    assert.equal(q .. ":3: column 'amount': '12,5' is not a decimal",
                 h.error_of(qy.read_csv, q, { types = { amount = "decimal(2)" } }))
    assert.matches("cannot open " .. dir .. "/missing.csv: No such file or directory",
                   h.error_of(qy.read_csv, dir .. "/missing.csv"))
  end)

  it("rejects bad options with bad argument errors", function()
    local p = h.write(dir .. "/z.csv", "a\n1\n")
    assert.matches("bad argument #2 to '[%w.]*read_csv' %(unknown option 'delimiter'%)",
                   h.error_of(function() return qy.read_csv(p, { delimiter = ";" }) end))
    assert.matches("bad argument #2 to '[%w.]*read_csv' %(option 'delim' must be one byte",
                   h.error_of(function() return qy.read_csv(p, { delim = ";;" }) end))
    assert.matches("unknown type 'money' for column 'a'",
                   h.error_of(function() return qy.read_csv(p, { types = { a = "money" } }) end))
    assert.matches("bad argument #2 to '[%w.]*read_csv' %(option 'on_ragged' must be 'error', "
                   .. "'skip' or 'pad', not 'sometimes'%)",
                   h.error_of(function() return qy.read_csv(p, { on_ragged = "sometimes" }) end))
    assert.matches("bad argument #1 to '[%w.]*read_csv' %(string expected, got no value%)",
                   h.error_of(function() return qy.read_csv() end))
  end)
end)

describe("qy.read_csv's options and messages", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(h.cleanup)

  -- once applied one after the other in the order lua_next gave them
  it("applies renames all at once, whatever their order", function()
    local p = h.write(dir .. "/r.csv", "a,b,c\n1,2,3\n")
    assert.same({"b", "a", "c"}, qy.read_csv(p, { rename = { a = "b", b = "a" } }):names())
    assert.same({"b", "c", "a"}, qy.read_csv(p, { rename = { a = "b", b = "c", c = "a" } }):names())
    local q = h.write(dir .. "/q.csv", "a,b\n1,2\n")
    for _ = 1, 20 do
      assert.same({"b", "c"}, qy.read_csv(q, { rename = { b = "c", a = "b" } }):names())
    end
    assert.equal(p .. ": cannot rename 'b' to 'c': column 'c' keeps that name",
                 h.error_of(qy.read_csv, p, { rename = { a = "b", b = "c" } }))
    assert.equal(p .. ": cannot rename both 'a' and 'c' to 'x'",
                 h.error_of(qy.read_csv, p, { rename = { c = "x", a = "x" } }))
    assert.equal(p .. ": cannot rename 'z': no such column",
                 h.error_of(qy.read_csv, p, { rename = { z = "y", a = "x" } }))
  end)

  it("sniffs the delimiter when none is given", function()
    local cases = {
      {"commas;periods\n1,1;1.1\n0,25;0.25\n", ";", {"commas", "periods"}},
      {"县区\t金额\r\n西峰区\t1,5\r\n", "\t", {"县区", "金额"}},
      {"a|b\n\"x,y;z\"|1\n\"p\tq\"|2\n", "|", {"a", "b"}},
      {"id,note\n1,\"a;b|c\"\n", ",", {"id", "note"}},
      {"v\n1\n2\n", ",", {"v"}},
    }
    for i, c in ipairs(cases) do
      local t, info = qy.read_csv(h.write(dir .. "/s" .. i .. ".csv", c[1]))
      assert.equal(c[2], info.delim)
      assert.same(c[3], t:names())
    end
    local t = qy.read_csv(h.write(dir .. "/d.csv", "commas;periods\n1,1;1.1\n0,25;0.25\n"))
    assert.equal("0,25", t.commas[2])
    assert.equal(0.25, t.periods[2])
    local _, info = qy.read_csv(h.write(dir .. "/g.csv", "a;b\n1;2\n"), { delim = ",", quiet = true })
    assert.equal(",", info.delim)
  end)

  it("warns of a one-column load whose header holds a delimiter", function()
    local p = h.write(dir .. "/o.csv", "a;b;c\n1;2;3\n")
    local t, info = qy.read_csv(p, { delim = ",", quiet = true })
    assert.equal(1, t:ncols())
    assert.same({p .. [[: one column, named 'a;b;c': if ';' separates the fields, say delim = ";"]]},
                info.warnings)
    local tab = h.write(dir .. "/t.csv", "a\tb\n1\t2\n")
    local _, info2 = qy.read_csv(tab, { delim = ",", quiet = true })
    assert.same({tab .. [[: one column, named 'a\tb': if a tab separates the fields, say delim = "\t"]]},
                info2.warnings)
  end)

  it("skips title lines before the header, keeping the file's line numbers", function()
    local p = h.write(dir .. "/t.csv", "2023年报表\r\n单位：万元\r\n县区,金额\r\n环县,1.5\r\n宁县,x\r\n")
    local t = qy.read_csv(p, { skip = 2, types = { ["金额"] = "string" } })
    assert.same({"县区", "金额"}, t:names())
    assert.equal(2, #t)
    assert.equal(p .. ":5: column '金额': 'x' is not a decimal",
                 h.error_of(qy.read_csv, p, { skip = 2, types = { ["金额"] = "decimal(1)" } }))
    assert.equal(p .. ": cannot skip 9 lines: it has only 5", h.error_of(qy.read_csv, p, { skip = 9 }))
  end)

  it("trims header names and refuses a NUL in one", function()
    local p = h.write(dir .. "/n.csv", " name ,\t金额\t,\u{3000}县区\u{3000}\n1,2,3\n")
    assert.same({"name", "金额", "县区"}, qy.read_csv(p):names())
    local z = h.write(dir .. "/z.csv", "\nid,na\0me\n1,2\n")
    assert.equal(z .. ":2: column 2 of the header holds a NUL byte", h.error_of(qy.read_csv, z))
  end)

  it("escapes control bytes it quotes in messages", function()
    local p = h.write(dir .. "/e.csv", "a\n1\n\27[31mred\27[0m\n")
    assert.equal(p .. [[:3: column 'a': '\x1b[31mred\x1b[0m' is not an int64]],
                 h.error_of(qy.read_csv, p, { types = { a = "int64" } }))
  end)

  it("reads Excel's Unicode text: UTF-16 with a BOM, tabs, CRLF", function()
    local u = qy.read_csv(h.path("tests/data/csv/cjk_bom.csv"))
    local made = dir .. "/u16.txt"
    assert(os.execute("tail -c +4 " .. h.path("tests/data/csv/cjk_bom.csv")
                      .. " | sed 's/,/\\t/g; s/$/\\r/' | { printf '\\377\\376'; iconv -f UTF-8 -t UTF-16LE; } > "
                      .. made))
    for _, path in ipairs({made, h.path("tests/data/csv/cjk_utf16.txt")}) do
      local w, info = qy.read_csv(path)
      assert.equal("utf-16le", info.encoding)
      assert.equal("\t", info.delim)
      assert.same(u:names(), w:names())
      for _, name in ipairs(u:names()) do assert.same(u[name]:totable(), w[name]:totable()) end
    end
    local be = dir .. "/be.txt"
    assert(os.execute("tail -c +4 " .. h.path("tests/data/csv/cjk_bom.csv")
                      .. " | { printf '\\376\\377'; iconv -f UTF-8 -t UTF-16BE; } > " .. be))
    local b, info = qy.read_csv(be, { encoding = "utf-16" })
    assert.equal("utf-16be", info.encoding)
    assert.same(u["县区"]:totable(), b["县区"]:totable())
    assert.equal(made .. [[: this is UTF-16, not UTF-8 (it starts with a UTF-16 byte order mark); ]]
                 .. [[read it with encoding "auto", or save it as UTF-8 CSV]],
                 h.error_of(qy.read_csv, made, { encoding = "utf-8" }))
  end)

  it("names the line of a bad byte in a GB18030 file", function()
    local utf8_path = h.write(dir .. "/u.csv", "县区,金额\n西峰区,1.5\n镇原县,2.25\n")
    local gb_path = dir .. "/g.csv"
    assert(os.execute("iconv -f UTF-8 -t GB18030 " .. utf8_path .. " > " .. gb_path))
    local bytes = h.read(gb_path)
    local at = #bytes - 3   -- in "2.25" on line 3
    h.write(gb_path, bytes:sub(1, at) .. "\255" .. bytes:sub(at + 2))
    assert.equal(gb_path .. ":3: invalid GB18030 at byte " .. at .. " (the text before it reads "
                 .. "as GB18030, not UTF-8)", h.error_of(qy.read_csv, gb_path))
    local bad = h.write(dir .. "/b.csv", "id,name\n1,Jos\233\n")
    assert.equal(bad .. ":2: invalid UTF-8 at byte 13 (0xe9, byte 6 of the line)",
                 h.error_of(qy.read_csv, bad, { encoding = "utf-8" }))
  end)

  it("checks the types of its options", function()
    local p = h.write(dir .. "/z.csv", "a\n1\n")
    local function arg_error(opts)
      return h.error_of(function() return qy.read_csv(p, opts) end):gsub("^.-bad argument", "bad argument")
    end
    for _, v in ipairs({0, "no", "false", 1}) do
      assert.equal("bad argument #2 to 'read_csv' (option 'header' must be a boolean)",
                   arg_error({ header = v }))
    end
    assert.equal("bad argument #2 to 'read_csv' (option 'quiet' must be a boolean)",
                 arg_error({ quiet = 1 }))
    assert.equal("bad argument #2 to 'read_csv' (option 'cache' must be a boolean)",
                 arg_error({ cache = "yes" }))
    for _, v in ipairs({-1, 1.5, "2", true}) do
      assert.equal("bad argument #2 to 'read_csv' (option 'skip' must be a non-negative integer)",
                   arg_error({ skip = v }))
    end
    assert.equal("bad argument #2 to 'read_csv' (option 'delim' is the two characters '\\t'; "
                 .. [[a tab is written "\t")]], arg_error({ delim = "\\t" }))
    assert.equal("bad argument #2 to 'read_csv' (option 'delim' must be one byte such as ',', "
                 .. "'\\t' (a tab), ';' or '|')", arg_error({ delim = "；" }))
    assert.equal(1, #qy.read_csv(p, { header = false, skip = 1.0, quiet = false }))
  end)
end)

describe("t:to_csv", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(h.cleanup)

  it("writes a file that reads back to an equal table", function()
    local t = qy.table{
      {name = "county", type = "string", values = {"西峰区", "a,b", 'say "hi"', "two\nlines", "", n = 5}},
      {name = "amount", type = "decimal(2)", values = {"1272.95", "0.10", nil, "-3.50", "0.00", n = 5}},
      {name = "day", type = "date", values = {"2023-07-20", nil, "2023-01-01", "2021-12-31", "2000-02-29", n = 5}},
      {name = "n", type = "int64", values = {1, 2, 3, nil, -5, n = 5}},
      {name = "ok", type = "bool", values = {true, false, nil, true, false, n = 5}},
      {name = "x", type = "float64", values = {2.5, 0.1, 1e300, nil, -7, n = 5}},
    }
    local path = dir .. "/out.csv"
    t:to_csv(path)
    local back = qy.read_csv(path)
    assert.same(t:schema(), back:schema())
    for _, name in ipairs(t:names()) do
      assert.same(t:col(name):totable(), back:col(name):totable())
    end
  end)

  it("leaves nothing behind when the write fails", function()
    local t = qy.table{ a = {1} }
    assert.matches("cannot write " .. dir .. "/no/such/dir/x.csv",
                   h.error_of(function() t:to_csv(dir .. "/no/such/dir/x.csv") end))
    local p = io.popen("ls -A " .. dir)
    assert.equal("", p:read("a"))
    p:close()
  end)
end)
