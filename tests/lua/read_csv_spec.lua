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
    assert.equal(2, info2.padded)
    assert.is_nil(u.c[2])
    assert.equal(8, u.c[3])
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
    assert.matches("bad argument #2 to '[%w.]*read_csv' %(option 'delim' must be one character",
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
