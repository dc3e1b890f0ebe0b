-- order_spec.lua — orders of strings in sort, top and rank: an official
-- order list, pinyin collation (ICU), and rank's tie marks.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function values(c) return c:totable() end

-- The message of a failing call, without a position.
local function message(f) return (h.error_of(f):gsub("^[^\n]-:%d+: ", "")) end

-- Qingyang's counties in the order of its yearbook.
local OFFICIAL = {"西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县"}

local counties = qy.table{
  { name = "id", values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11} },
  { name = "county", values = {"宁县", "环县", "西峰区", nil, "合水县", "华池县", "镇原县", "正宁县",
                                "庆城县", "兰州市", "环县", n = 11} },
  { name = "funds", type = "decimal(2)",
    values = {"3.10", "2.48", "5.10", "1.00", "0.18", nil, "0.30", "2.48", "4.00", "9.99", "2.48", n = 11} },
}

describe("an official order", function()
  it("puts listed values in the list's order, then the others by bytes, then nulls", function()
    local s = counties:sort("county", { order = OFFICIAL })
    assert.same({"西峰区", "庆城县", "环县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县",
                 "兰州市", nil, n = 11}, values(s.county))
    assert.same({3, 9, 2, 11, 6, 5, 8, 1, 7, 10, 4, n = 11}, values(s.id))   -- stable
    local extra = qy.table{ c = {"乙", "环县", "甲", "Z", n = 4} }
    assert.same({"环县", "Z", "乙", "甲", n = 4}, values(extra:sort("c", { order = OFFICIAL }).c))
  end)

  it("reverses only the listed part when descending", function()
    local s = counties:sort("county", { order = OFFICIAL, desc = true })
    assert.same({"镇原县", "宁县", "正宁县", "合水县", "华池县", "环县", "环县", "庆城县", "西峰区",
                 "兰州市", nil, n = 11}, values(s.county))
    assert.same({7, 1, 8, 5, 6, 2, 11, 9, 3, 10, 4, n = 11}, values(s.id))
    local l = counties:sort{ {"county", "desc", order = OFFICIAL} }
    assert.same(values(s.id), values(l.id))
  end)

  it("mixes with other keys in the list form", function()
    local t = qy.table{
      { name = "county", values = {"宁县", "环县", "宁县", "西峰区", "环县", nil, "宁县", n = 7} },
      { name = "funds", values = {1, 5, 3, 2, 5, 9, 3} },
      { name = "id", values = {1, 2, 3, 4, 5, 6, 7} },
    }
    local s = t:sort{ {"county", order = OFFICIAL}, {"funds", "desc"} }
    assert.same({4, 2, 5, 3, 7, 1, 6, n = 7}, values(s.id))
    s = t:sort{ {"funds", "desc"}, {"county", order = {"宁县", "环县"}} }
    assert.same({6, 2, 5, 3, 7, 4, 1, n = 7}, values(s.id))
  end)

  it("takes an unlisted-only, empty or all-null table", function()
    local t = qy.table{ c = {"b", "a", nil, n = 3} }
    assert.same({"a", "b", nil, n = 3}, values(t:sort("c", { order = {"县"} }).c))
    assert.same({"a", "b", nil, n = 3}, values(t:sort("c", { order = {} }).c))
    local empty = counties:filter(counties.id:gt(99))
    assert.equal(0, #empty:sort("county", { order = OFFICIAL }))
    assert.equal(0, #empty:rank("county", { order = OFFICIAL }))
    local nulls = qy.table{ { name = "c", type = "string", values = { n = 2 } } }
    assert.same({ n = 2 }, values(nulls:sort("c", { order = OFFICIAL }).c))
  end)

  it("ranks by position in the order, ties as usual, nulls without a rank", function()
    local r = counties:rank("county", { order = OFFICIAL, as = "位" })
    assert.same({8, 3, 1, nil, 6, 5, 9, 7, 2, 10, 3, n = 11}, values(r:col("位")))
    r = counties:rank("county", { order = OFFICIAL, desc = true, ties = "dense", as = "位" })
    assert.same({2, 6, 8, nil, 4, 5, 1, 3, 7, 9, 6, n = 11}, values(r:col("位")))
  end)

  it("picks the top rows in the order", function()
    assert.same({"西峰区", "庆城县", "环县", n = 3},
                values(counties:top(3, "county", { order = OFFICIAL, desc = false }).county))
    assert.same({"镇原县", "宁县", n = 2}, values(counties:top(2, { {"county", order = OFFICIAL} }).county))
  end)
end)

describe("pinyin collation", function()
  it("orders the counties as ICU's zh collator does, nulls last", function()
    local s = counties:sort("county", { collate = "pinyin" })
    assert.same({"合水县", "华池县", "环县", "环县", "兰州市", "宁县", "庆城县", "西峰区", "镇原县",
                 "正宁县", nil, n = 11}, values(s.county))
    assert.same({"正宁县", "镇原县", "西峰区", "庆城县", "宁县", "兰州市", "环县", "环县", "华池县",
                 "合水县", nil, n = 11}, values(counties:sort("county", { collate = "pinyin", desc = true }).county))
    assert.same(values(s.id), values(counties:sort{ {"county", collate = "pinyin"} }.id))
  end)

  it("puts Han before Latin letters, digits and the empty string first", function()
    local t = qy.table{ s = {"庆阳", "Beijing", "2023年", "", "安徽", "zebra", "北京"} }
    assert.same({"", "2023年", "安徽", "北京", "庆阳", "Beijing", "zebra", n = 7},
                values(t:sort("s", { collate = "pinyin" }).s))
    assert.same(values(t:sort("s").s), values(t:sort("s", { collate = "bytes" }).s))
  end)

  it("ranks in pinyin and orders unlisted values in pinyin after a list", function()
    local r = counties:rank("county", { collate = "pinyin" })
    assert.same({6, 3, 8, nil, 1, 2, 9, 10, 7, 5, 3, n = 11}, values(r:col("rank")))
    local s = counties:sort("county", { order = {"宁县", "环县"}, collate = "pinyin" })
    assert.same({"宁县", "环县", "环县", "合水县", "华池县", "兰州市", "庆城县", "西峰区", "镇原县",
                 "正宁县", nil, n = 11}, values(s.county))
  end)

  it("sorts with other keys, and top takes it", function()
    local s = counties:sort{ {"funds", "desc"}, {"county", collate = "pinyin"} }
    assert.same({10, 3, 9, 1, 2, 11, 8, 4, 7, 5, 6, n = 11}, values(s.id))
    assert.same({"合水县", "华池县", n = 2}, values(counties:top(2, "county", { collate = "pinyin", desc = false }).county))
  end)
end)

describe("tie marks", function()
  it("writes a shared rank with the mark and an unshared one bare; nulls stay null", function()
    local r = counties:rank("funds", { desc = true, ties = "min", as = "funds_rank", mark_ties = "（并列）" })
    assert.same({"4", "5（并列）", "2", "8", "10", nil, "9", "5（并列）", "3", "1", "5（并列）", n = 11},
                values(r.funds_rank))
    assert.equal("string", r.funds_rank:type())
    r = counties:rank("funds", { desc = true, ties = "dense", mark_ties = "*" })
    assert.same({"4", "5*", "2", "6", "8", nil, "7", "5*", "3", "1", "5*", n = 11}, values(r:col("rank")))
  end)

  it("marks ties within by groups only, and nothing when ties are by row", function()
    local t = qy.table{
      { name = "g", values = {"甲", "甲", "乙", "乙", "乙"} },
      { name = "v", values = {7, 7, 7, 3, 5} },
    }
    assert.same({"1=", "1=", "1", "3", "2", n = 5},
                values(t:rank("v", { desc = true, by = "g", mark_ties = "=" }):col("rank")))
    assert.same({"1", "2", "3", "5", "4", n = 5},
                values(t:rank("v", { desc = true, ties = "row", mark_ties = "=" }):col("rank")))
    assert.same({ n = 0 }, values(t:filter(t.v:gt(9)):rank("v", { mark_ties = "=" }):col("rank")))
  end)

  it("marks ties of an ordered string key", function()
    local r = counties:rank("county", { order = OFFICIAL, mark_ties = "（并列）", as = "位" })
    assert.same({"8", "3（并列）", "1", nil, "6", "5", "9", "7", "2", "10", "3（并列）", n = 11},
                values(r:col("位")))
  end)
end)

describe("order and collate errors", function()
  it("names a repeat, a number key, a bad list and unknown names", function()
    assert.equal("bad argument #2 to 'sort' ('环县' is listed twice)",
                 message(function() return counties:sort("county", { order = {"环县", "宁县", "环县"} }) end))
    assert.equal("bad argument #1 to 'sort' ('甲' is listed twice)",
                 message(function() return counties:sort{ {"county", order = {"甲", "甲"}} } end))
    assert.equal("bad argument #2 to 'sort' (option 'order' needs a string column; 'funds' is decimal(2))",
                 message(function() return counties:sort("funds", { order = {"1"} }) end))
    assert.equal("bad argument #2 to 'rank' (option 'collate' needs a string column; 'id' is int64)",
                 message(function() return counties:rank("id", { collate = "pinyin" }) end))
    assert.equal("bad argument #2 to 'sort' (option 'order' must be a list of strings)",
                 message(function() return counties:sort("county", { order = "环县" }) end))
    assert.equal("bad argument #1 to 'sort' (option 'order' entry 2 must be a string, not a number)",
                 message(function() return counties:sort{ {"county", order = {"环县", 3}} } end))
    assert.equal("bad argument #2 to 'sort' (unknown collation 'zh' (pinyin, bytes))",
                 message(function() return counties:sort("county", { collate = "zh" }) end))
    assert.equal("bad argument #2 to 'rank' (option 'collate' must be a string)",
                 message(function() return counties:rank("county", { collate = true }) end))
    assert.equal("bad argument #2 to 'sort' (unknown option 'colate')",
                 message(function() return counties:sort("county", { colate = "pinyin" }) end))
    assert.equal("bad argument #1 to 'sort' (key 1 has an unknown option 'ordr')",
                 message(function() return counties:sort{ {"county", ordr = OFFICIAL} } end))
    assert.equal("bad argument #2 to 'sort' (option 'desc' must be a boolean)",
                 message(function() return counties:sort("county", { desc = "yes" }) end))
    assert.equal("bad argument #2 to 'rank' (option 'mark_ties' must be a string)",
                 message(function() return counties:rank("funds", { mark_ties = true }) end))
    assert.equal("bad argument #3 to 'top' (unknown collation 'x' (pinyin, bytes))",
                 message(function() return counties:top(2, "county", { collate = "x" }) end))
  end)
end)

describe("group_by with CJK keys", function()
  it("keeps the order of first appearance, not bytes or pinyin", function()
    local t = qy.table{
      { name = "county", values = {"镇原县", "合水县", "西峰区", "合水县", nil, "镇原县", "环县", n = 7} },
      { name = "funds", values = {1, 2, 3, 4, 5, 6, 7} },
    }
    local g = t:group_by("county"):agg{ total = qy.sum("funds") }
    assert.same({"镇原县", "合水县", "西峰区", nil, "环县", n = 5}, values(g.county))
    assert.same({7, 6, 3, 5, 7, n = 5}, values(g.total))
  end)
end)
