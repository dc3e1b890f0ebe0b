-- data_spec.lua — every published figure (data/facts.csv, F1–F29) recomputed
-- from the synthetic ledgers in data/, exactly: money in integer hundredths.
-- Written from the issue, not from the generator: plain Lua over loaded tables.
local qy = require "qy"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

local function load(name) return qy.read_csv(h.path("data/" .. name .. ".csv")) end

-- Exact hundredths of a decimal(2) value, from its text (never via floats).
local function cents(c, i)
  local text = c:text(i)
  if text == nil then return nil end
  local sign, int, frac = text:match("^(%-?)(%d+)%.(%d%d)$")
  assert(int, "not a two-decimal value: " .. text)
  local v = tonumber(int) * 100 + tonumber(frac)
  return sign == "-" and -v or v
end

local function money(v) return string.format("%d.%02d", v // 100, v % 100) end

local function between(d, lo, hi) return d ~= nil and d >= lo and d <= hi end

local function types_of(t)
  local types = {}
  for _, c in ipairs(t:schema()) do types[c.name] = c.type end
  return types
end

local P = load("projects")
local F = load("funds")
local T = load("targets")
local V = load("visits")
local I = load("inbound")
local D = load("digital")
local O = load("offices")
local L = load("lanzhou_fair")
local facts = load("facts")

-- Recomputed figures, keyed by id, as the text facts.csv prints them.
local got = {}

describe("the ledgers' shape", function()
  it("reads with the intended types", function()
    assert.same({ id = "int64", name = "string", county = "string", industry = "string",
                  investor = "string", province = "string", region = "string", event = "string",
                  sign_date = "date", amount = "decimal(2)", kind = "string", status = "string",
                  start_date = "date", digital = "bool" }, types_of(P))
    assert.same({ project_id = "int64", month = "string", funds = "decimal(2)" }, types_of(F))
    assert.same({ county = "string", year = "int64", target = "decimal(2)" }, types_of(T))
    assert.same({ id = "int64", date = "date", unit = "string", leader_led = "bool",
                  destination = "string", enterprises = "int64" }, types_of(V))
    assert.equal("date", types_of(I).date)
    assert.same({ enterprise = "string", province = "string", contact_date = "date",
                  agreement = "bool", subsidiary = "bool" }, types_of(D))
    assert.same({ office = "string", province = "string", region = "string", opened = "date" },
                types_of(O))
    assert.same({ city = "string", projects = "int64", amount = "decimal(2)" }, types_of(L))
  end)

  it("keeps projects in the eight counties, signed 2021-01-01..2023-07-20", function()
    local counties = { ["西峰区"] = 0, ["庆城县"] = 0, ["环县"] = 0, ["华池县"] = 0,
                       ["合水县"] = 0, ["正宁县"] = 0, ["宁县"] = 0, ["镇原县"] = 0 }
    local regions = { ["京津冀"] = true, ["长三角"] = true, ["珠三角"] = true, ["成渝"] = true, ["其他"] = true }
    for i = 1, #P do
      assert.is_not_nil(counties[P.county[i]], "county " .. tostring(P.county[i]))
      counties[P.county[i]] = counties[P.county[i]] + 1
      assert.is_true(between(P.sign_date[i], "2021-01-01", "2023-07-20"))
      assert.is_true(regions[P.region[i]], "region " .. tostring(P.region[i]))
      assert.is_true(P.kind[i] == "新建" or P.kind[i] == "续建")
      assert.equal(P.start_date[i] == nil, P.status[i] == "已签约", "status of project " .. P.id[i])
      if P.start_date[i] then assert.is_true(P.start_date[i] >= P.sign_date[i]) end
      if P.province[i] == "甘肃" then assert.equal("其他", P.region[i]) end
    end
    for county, n in pairs(counties) do assert.is_true(n > 0, county .. " has no project") end
  end)

  it("has the nulls a real ledger has", function()
    assert.is_true(P.start_date:nulls() > 0)
    assert.is_true(P.province:nulls() > 0)
  end)

  it("never funds a project beyond its amount, before it is signed, or twice a month", function()
    local amount, signed = {}, {}
    for i = 1, #P do amount[P.id[i]], signed[P.id[i]] = cents(P.amount, i), P.sign_date[i] end
    local total, seen = {}, {}
    for i = 1, #F do
      local id, month = F.project_id[i], F.month[i]
      assert.is_not_nil(amount[id], "funds for unknown project " .. id)
      assert.is_true(month >= "2022-01" and month <= "2023-06", month)
      assert.is_true(signed[id]:sub(1, 7) <= month, "funds before signing: " .. id .. " " .. month)
      assert.is_nil(seen[id .. month], "two rows for " .. id .. " " .. month)
      seen[id .. month] = true
      assert.is_true(cents(F.funds, i) > 0)
      total[id] = (total[id] or 0) + cents(F.funds, i)
    end
    for id, sum in pairs(total) do assert.is_true(sum <= amount[id], "project " .. id) end
  end)
end)

describe("the published figures", function()
  it("F1–F3: 259 projects, 1272.95 signed; all H1 signings started", function()
    local n, sum = 0, 0
    for i = 1, #P do
      if between(P.sign_date[i], "2023-01-01", "2023-07-20") then
        n, sum = n + 1, sum + cents(P.amount, i)
      end
      if between(P.sign_date[i], "2023-01-01", "2023-06-30") then
        assert.is_true(between(P.start_date[i], P.sign_date[i], "2023-07-20"),
                       "project " .. P.id[i] .. " signed in H1 has not started")
      end
    end
    got.F1, got.F2 = n .. ".00", money(sum)
  end)

  it("F4–F10: the three signing events", function()
    local n, sum = {}, {}
    for i = 1, #P do
      local e = P.event[i]
      if e then
        n[e], sum[e] = (n[e] or 0) + 1, (sum[e] or 0) + cents(P.amount, i)
        assert.equal("2023", P.sign_date[i]:sub(1, 4))
        if e == "第二十九届兰洽会" then assert.equal("2023-07", P.sign_date[i]:sub(1, 7)) end
        if e == "食用菌企业庆阳行" then assert.equal("食用菌", P.industry[i]) end
      end
    end
    assert.same({ ["第二十九届兰洽会"] = 60, ["津企庆阳行"] = 25, ["食用菌企业庆阳行"] = 10 }, n)
    got.F4, got.F5 = n["第二十九届兰洽会"] .. ".00", money(sum["第二十九届兰洽会"])
    got.F7, got.F8 = n["津企庆阳行"] .. ".00", money(sum["津企庆阳行"])
    got.F9, got.F10 = n["食用菌企业庆阳行"] .. ".00", money(sum["食用菌企业庆阳行"])
  end)

  it("F6: Qingyang ranks second of Gansu's 14 cities at the fair", function()
    assert.equal(14, #L)
    local q
    for i = 1, #L do if L.city[i] == "庆阳市" then q = i end end
    assert.is_not_nil(q)
    local above = 0
    for i = 1, #L do
      assert.is_true(i == q or cents(L.amount, i) ~= cents(L.amount, q), "a tie with 庆阳市")
      if cents(L.amount, i) > cents(L.amount, q) then above = above + 1 end
    end
    got.F6 = (above + 1) .. ".00"
    assert.equal(60, L.projects[q])
    assert.equal(got.F5, money(cents(L.amount, q)))
  end)

  it("F11–F14: digital-economy contacts, agreements, subsidiaries, cloud providers", function()
    local agreements, subsidiaries, names = 0, 0, {}
    for i = 1, #D do
      if D.agreement[i] then agreements = agreements + 1 end
      if D.subsidiary[i] then
        subsidiaries = subsidiaries + 1
        assert.is_true(D.agreement[i], D.enterprise[i] .. " has a subsidiary but no agreement")
      end
      assert.is_true(D.contact_date[i] <= "2023-07-20")
      names[D.enterprise[i]] = true
    end
    local clouds = 0
    for _, name in ipairs({ "华为云", "京东云", "百度云", "阿里云", "国科量子云" }) do
      if names[name] then clouds = clouds + 1 end
    end
    got.F11, got.F12, got.F13, got.F14 = #D .. ".00", agreements .. ".00", subsidiaries .. ".00", clouds .. ".00"
  end)

  it("F15–F16: eleven offices, two new in 2023, covering the four regions", function()
    local new, regions = {}, {}
    for i = 1, #O do
      if O.opened[i]:sub(1, 4) == "2023" then new[#new + 1] = O.province[i] end
      regions[O.region[i]] = true
    end
    table.sort(new)
    assert.same({ "福建", "贵州" }, new)
    for _, r in ipairs({ "京津冀", "长三角", "珠三角", "成渝" }) do assert.is_true(regions[r], r) end
    got.F15, got.F16 = #new .. ".00", #O .. ".00"
  end)

  it("F18–F23: visits, enterprises met, enterprises invited", function()
    local n, met, led, led_met, met_2022 = 0, 0, 0, 0, 0
    for i = 1, #V do
      if between(V.date[i], "2023-01-01", "2023-07-20") then
        n, met = n + 1, met + V.enterprises[i]
        if V.leader_led[i] then led, led_met = led + 1, led_met + V.enterprises[i] end
      elseif between(V.date[i], "2022-01-01", "2022-07-20") then
        met_2022 = met_2022 + V.enterprises[i]
      end
    end
    got.F18, got.F19, got.F20, got.F21 = led .. ".00", led_met .. ".00", n .. ".00", met .. ".00"
    assert.is_true(met_2022 > 0 and met > met_2022, "F23: 2023 must beat 2022 (" .. met_2022 .. ")")
    local invited = 0
    for i = 1, #I do
      if between(I.date[i], "2023-01-01", "2023-07-20") then invited = invited + 1 end
    end
    got.F22 = invited .. ".00"
  end)

  it("F24–F29: H1 funds of out-of-province projects over 500万, against the plan", function()
    local project = {}
    for i = 1, #P do
      project[P.id[i]] = { province = P.province[i], amount = cents(P.amount, i), kind = P.kind[i] }
    end
    local funded, sum, others = {}, 0, 0
    for i = 1, #F do
      if F.month[i] >= "2023-01" and F.month[i] <= "2023-06" then
        local p = project[F.project_id[i]]
        if p.province and p.province ~= "甘肃" and p.amount >= 5 then
          funded[F.project_id[i]] = p.kind
          sum = sum + cents(F.funds, i)
        else
          others = others + 1
        end
      end
    end
    assert.equal(0, others, "H1 2023 funds for projects outside the published set")
    local n, new, continuing = 0, 0, 0
    for _, kind in pairs(funded) do
      n = n + 1
      if kind == "新建" then new = new + 1 elseif kind == "续建" then continuing = continuing + 1 end
    end
    got.F24, got.F25, got.F26, got.F27 = n .. ".00", new .. ".00", continuing .. ".00", money(sum)
    local plan = 0
    for i = 1, #T do if T.year[i] == 2023 then plan = plan + cents(T.target, i) end end
    got.F28 = money(plan)
    -- sum/plan as a percentage at two decimals, rounded half up, in integers
    got.F29 = money((sum * 10000 * 2 + plan) // (2 * plan))
  end)

  it("match facts.csv to the cent", function()
    -- F3 and F23 have no number (checked above); F17 (ambassadors) is not in the ledgers.
    local compared = 0
    for i = 1, #facts do
      local id, published = facts.id[i], facts.value:text(i)
      if published and id ~= "F17" then
        assert.equal(published, got[id], id .. " " .. facts.figure[i])
        compared = compared + 1
      end
    end
    assert.equal(26, compared)
  end)
end)

describe("the ledgers look real", function()
  it("has two counties tied on H1 2023 funds, the others apart", function()
    local county = {}
    for i = 1, #P do county[P.id[i]] = P.county[i] end
    local total = {}
    for i = 1, #F do
      if F.month[i] >= "2023-01" and F.month[i] <= "2023-06" then
        local c = county[F.project_id[i]]
        total[c] = (total[c] or 0) + cents(F.funds, i)
      end
    end
    local by_value, ties = {}, 0
    for _, v in pairs(total) do
      if by_value[v] then ties = ties + 1 end
      by_value[v] = true
    end
    assert.equal(1, ties)
  end)

  it("has Q2 2023 differ from Q1, and 2023 H1 from 2022 H1", function()
    local q1, q2, h1_2022 = 0, 0, 0
    for i = 1, #F do
      local m = F.month[i]
      if m >= "2023-01" and m <= "2023-03" then q1 = q1 + cents(F.funds, i)
      elseif m >= "2023-04" and m <= "2023-06" then q2 = q2 + cents(F.funds, i)
      elseif m >= "2022-01" and m <= "2022-06" then h1_2022 = h1_2022 + cents(F.funds, i) end
    end
    assert.is_true(q1 > 0 and q2 > 0 and q1 ~= q2)
    assert.is_true(h1_2022 > 0 and h1_2022 ~= q1 + q2)
  end)

  it("says it is synthetic", function()
    local readme = h.read(h.path("data/README.md"))
    assert.matches("synthetic", readme)
    assert.matches("陇东报", readme)
  end)

  it("labels every column of every file in Chinese", function()
    local labels = load("labels")
    local have = {}
    for i = 1, #labels do have[labels.table[i] .. "." .. labels.column[i]] = labels.label[i] end
    local files = { projects = P, funds = F, targets = T, visits = V, inbound = I, digital = D,
                    offices = O, lanzhou_fair = L, facts = facts }
    for name, t in pairs(files) do
      for _, column in ipairs(t:names()) do
        local label = have[name .. "." .. column]
        assert.is_not_nil(label, "no label for " .. name .. "." .. column)
        assert.is_true(label:find("[\228-\233]") ~= nil, "label of " .. name .. "." .. column .. " is not Chinese")
      end
    end
  end)
end)
