-- chart_spec.lua — qy.chart: each chart as PNG and SVG, hostile labels, errors.
local qy = require "qy"
local chart = require "qy.chart"
local h = dofile((os.getenv("QY_ROOT") or ".") .. "/tests/lua/helper.lua")

-- Width and height from a PNG's IHDR (bytes 17..24, big-endian).
local function png_size(path)
  local s = h.read(path)
  assert.equal("\137PNG\r\n\26\n", s:sub(1, 8))
  local w, h_ = string.unpack(">I4I4", s, 17)
  return w, h_
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

local counties = qy.table{
  { name = "county", values = {"城关区", "七里河区", "西固区", "华为_技术", "A&B 公司"} },
  { name = "q1", type = "decimal(2)", values = {"12.50", "8.25", "6.00", "4.75", "1.20"} },
  { name = "q2", type = "decimal(2)", values = {"14.00", "9.10", "5.40", "6.20", "1.80"} } }

local months = qy.table{
  { name = "month", values = {"1月", "2月", "3月", "4月"} },
  { name = "cum_funds", type = "decimal(1)", values = {"3.0", "7.5", "12.0", "18.2"} },
  { name = "plan", type = "decimal(1)", values = {"6.7", "13.3", "20.0", "26.7"} } }

local industries = qy.table{
  { name = "industry", values = {"装备制造", "新能源", "生物医药"} },
  { name = "amount", type = "decimal(2)", values = {"40.50", "25.00", "12.30"} } }

local kinds = {
  bar = function(out) return chart.bar(counties, { x = "county", y = "q1", out = out, title = "上半年到位资金", ylabel = "亿元" }) end,
  grouped = function(out) return chart.bar(counties, { x = "county", y = {"q1", "q2"}, out = out, labels = { q1 = "一季度", q2 = "二季度" } }) end,
  stacked = function(out) return chart.bar(counties, { x = "county", y = {"q1", "q2"}, stacked = true, out = out }) end,
  horizontal = function(out) return chart.bar(counties, { x = "county", y = "q2", horizontal = true, out = out }) end,
  line = function(out) return chart.line(months, { x = "month", y = {"cum_funds", "plan"}, out = out, labels = { plan = "年度目标" } }) end,
  pie = function(out) return chart.pie(industries, { label = "industry", value = "amount", out = out }) end,
}
local expected_text = { bar = "城关区", grouped = "二季度", stacked = "七里河区", horizontal = "西固区",
                        line = "年度目标", pie = "生物医药" }

describe("qy.chart draws", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(h.cleanup)

  for _, name in ipairs{"bar", "grouped", "stacked", "horizontal", "line", "pie"} do
    it(name .. " as PNG of the default size and as SVG with the Chinese text", function()
      local png = dir .. "/new/sub/" .. name .. ".png"          -- directories made on the way
      assert.equal(png, kinds[name](png))
      local w, ht = png_size(png)
      assert.equal(900, w)
      assert.equal(540, ht)
      local svg = dir .. "/" .. name .. ".svg"
      kinds[name](svg)
      local text = h.read(svg)
      assert.truthy(text:find("<svg", 1, true))
      assert.truthy(text:find(expected_text[name], 1, true))
    end)
  end

  it("a PDF, and the size asked for", function()
    chart.bar(counties, { x = "county", y = "q1", out = dir .. "/b.png", width = 640, height = 400 })
    local w, ht = png_size(dir .. "/b.png")
    assert.same({640, 400}, {w, ht})
    chart.line(months, { x = "month", y = "plan", out = dir .. "/l.pdf" })
    assert.equal("%PDF", h.read(dir .. "/l.pdf"):sub(1, 4))
  end)

  it("bars from zero, values at the column's decimals, names with _ & literal", function()
    chart.bar(counties, { x = "county", y = "q1", out = dir .. "/b.svg", script = dir .. "/b.gp" })
    local gp = h.read(dir .. "/b.gp")
    assert.truthy(gp:find("set yrange [0:", 1, true))
    assert.truthy(gp:find("set termoption noenhanced", 1, true))
    local svg = h.read(dir .. "/b.svg")
    assert.truthy(svg:find(">12.50<", 1, true))
    assert.truthy(svg:find(">6.00<", 1, true))
    assert.truthy(svg:find("华为_技术", 1, true))
    assert.truthy(svg:find("A&amp;B 公司", 1, true))
    -- the script re-runs by hand and draws the image under its own name
    assert.truthy(gp:find('set output "' .. dir .. '/b.svg"', 1, true))
    assert.truthy(exists(dir .. "/b.tsv"))
  end)

  it("a line chart puts periods in time order, whatever the table's order", function()
    local t = qy.table{ { name = "q", values = {"2023Q2", "2022Q4", "2023Q1"} },
                        { name = "v", values = {3, 1, 2} } }
    chart.line(t, { x = "q", y = "v", out = dir .. "/q.svg", script = dir .. "/q.gp" })
    local data = h.read(dir .. "/q.tsv")
    local firsts = {}
    for line in data:gmatch("[^\n]+") do
      if not line:find("^#") then firsts[#firsts + 1] = line:match("\t([^\t]+)$") end
    end
    assert.same({"1", "2", "3"}, firsts)
    local svg = h.read(dir .. "/q.svg")
    assert.is_true(svg:find("2022Q4", 1, true) < svg:find("2023Q1", 1, true))
    assert.is_true(svg:find("2023Q1", 1, true) < svg:find("2023Q2", 1, true))
  end)

  it("horizontal bars keep the table's order, the first row on top", function()
    chart.bar(counties, { x = "county", y = "q1", horizontal = true, out = dir .. "/h.svg", script = dir .. "/h.gp" })
    local gp = h.read(dir .. "/h.gp")
    assert.truthy(gp:find('"城关区" 4, "七里河区" 3, "西固区" 2', 1, true))
    assert.truthy(gp:find("set xrange [0:", 1, true))
  end)

  it("series names from a labels table, filtered by table name", function()
    local labels = qy.table{ { name = "table", values = {"other", "counties"} },
                             { name = "column", values = {"q1", "q1"} },
                             { name = "label", values = {"别的", "第一季度"} } }
    chart.bar(counties, { x = "county", y = {"q1", "q2"}, labels = labels, table = "counties", out = dir .. "/g.svg" })
    local svg = h.read(dir .. "/g.svg")
    assert.truthy(svg:find("第一季度", 1, true))
    assert.falsy(svg:find("别的", 1, true))
    assert.truthy(svg:find(">q2<", 1, true))
  end)
end)

describe("qy.chart with hostile text", function()
  after_each(h.cleanup)

  it("runs nothing and shows the text", function()
    local dir = h.tmpdir()
    local f = {}
    for i = 1, 6 do f[i] = dir .. "/PWNED" .. i end
    local names = {
      "a`touch " .. f[1] .. "`b",
      "x'); system('touch " .. f[2] .. "'); print('",
      'y"); system("touch ' .. f[3] .. '"); print("',
      "n\n!touch " .. f[4],
      "EOD",
      "|touch " .. f[5],
    }
    local t = qy.table{ { name = "who", values = names }, { name = "v", values = {1, 2, 3, 4, 5, 6} } }
    local out = dir .. "/hostile.svg"
    chart.bar(t, { x = "who", y = "v", out = out, title = "t`touch " .. f[6] .. "`@x\\",
                   labels = { v = "'\n!touch " .. f[6] } })
    chart.pie(t, { label = "who", value = "v", out = dir .. "/pie.svg", source = "$(touch " .. f[6] .. ")" })
    chart.line(t, { x = "who", y = "v", out = dir .. "/line.svg", legend = "bottom" })
    for i = 1, 6 do assert.is_false(exists(f[i]), "ran a command: " .. f[i]) end
    local svg = h.read(out)
    assert.truthy(svg:find("a`touch " .. f[1] .. "`b", 1, true))
    assert.truthy(svg:find("system(&apos;touch " .. f[2], 1, true) or svg:find("system('touch " .. f[2], 1, true))
    assert.truthy(svg:find(">n</text>", 1, true))              -- a line break, drawn as one
    assert.truthy(svg:find(">!touch " .. f[4] .. "<", 1, true))
    assert.truthy(svg:find(">EOD<", 1, true))
    assert.truthy(svg:find("|touch " .. f[5], 1, true))
    assert.truthy(svg:find("t`touch " .. f[6] .. "`@x\\", 1, true))
  end)
end)

-- The texts of an SVG, in order: what the reader sees (XML's &amp; and &lt;
-- turned back).
local function svg_texts(path)
  local texts = {}
  for text in h.read(path):gmatch("<text>([^<]*)</text>") do
    texts[#texts + 1] = text:gsub("&lt;", "<"):gsub("&gt;", ">"):gsub("&quot;", '"'):gsub("&apos;", "'"):gsub("&amp;", "&")
  end
  return texts
end

local function contains(list, x)
  for _, v in ipairs(list) do if v == x then return true end end
  return false
end

describe("qy.chart draws every text as given", function()
  after_each(h.cleanup)

  -- gnuplot formats (%), enhanced-text specials, escapes and quotes, line
  -- breaks, and bytes no font has: the last two as printed tables show them.
  local cats = {"完成率100%", "%.1f", "a_b^c{d}", "西峰区", "@x&y~z", "back\\slash\\n", 'say "hi" \'x\' <b>',
                "two\nlines", "c\1d\127e\194\133f", "bad\255byte", "tab\tcr\r\nx"}
  local drawn = {"完成率100%", "%.1f", "a_b^c{d}", "西峰区", "@x&y~z", "back\\slash\\n", 'say "hi" \'x\' <b>',
                 "two", "lines", "c\\x01d\\x7Fe\\u0085f", "bad\\xFFbyte", "tab cr", "x"}
  local t = qy.table{ { name = "k", values = cats }, { name = "v", values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11} } }
  local texts = { title = "完成率 100% %d", xlabel = "x %s_1", ylabel = "y 50% ^2", source = "来源 %% {x}" }
  local series = "series %.1f a_b"

  for _, kind in ipairs{"bar", "horizontal", "line", "pie"} do
    it(kind, function()
      local out = h.tmpdir() .. "/" .. kind .. ".svg"
      local opts = { out = out, labels = { v = series }, legend = "top left" }
      for k, v in pairs(texts) do opts[k] = v end
      if kind == "pie" then
        opts.label, opts.value, opts.labels, opts.legend, opts.xlabel, opts.ylabel = "k", "v", nil, nil, nil, nil
        chart.pie(t, opts)
      else
        opts.x, opts.y = "k", "v"
        if kind == "line" then opts.width = 2400; chart.line(t, opts) else opts.horizontal = kind == "horizontal"; chart.bar(t, opts) end
      end
      local got = svg_texts(out)
      local want = {texts.title, texts.source}
      if kind ~= "pie" then
        for _, d in ipairs(drawn) do want[#want + 1] = d end
        want[#want + 1] = series
        want[#want + 1] = texts.xlabel
        want[#want + 1] = texts.ylabel
      else
        want[#want + 1] = "完成率100% 1 (1.5%)"
        want[#want + 1] = "%.1f 2 (3.0%)"
        want[#want + 1] = "a_b^c{d} 3 (4.5%)"
        want[#want + 1] = "two"
        want[#want + 1] = "lines 8 (12.1%)"
        want[#want + 1] = "c\\x01d\\x7Fe\\u0085f 9 (13.6%)"
      end
      for _, w in ipairs(want) do assert.is_true(contains(got, w), "not drawn: " .. w) end
    end)
  end
end)

describe("qy.chart values", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(h.cleanup)

  local function with(v2)
    return qy.table{ { name = "k", values = {"a", "西峰区", "c"} },
                     { name = "v", type = "float64", values = {1, v2, 3} },
                     { name = "w", type = "float64", values = {1, v2, 3} } }
  end
  local draw = {
    bar = function(t) return chart.bar(t, { x = "k", y = "v", out = dir .. "/c.svg", script = dir .. "/c.gp" }) end,
    grouped = function(t) return chart.bar(t, { x = "k", y = {"v", "w"}, out = dir .. "/c.svg", script = dir .. "/c.gp" }) end,
    stacked = function(t) return chart.bar(t, { x = "k", y = {"v", "w"}, stacked = true, out = dir .. "/c.svg", script = dir .. "/c.gp" }) end,
    horizontal = function(t) return chart.bar(t, { x = "k", y = "v", horizontal = true, out = dir .. "/c.svg", script = dir .. "/c.gp" }) end,
    line = function(t) return chart.line(t, { x = "k", y = {"v", "w"}, out = dir .. "/c.svg", script = dir .. "/c.gp" }) end,
    pie = function(t) return chart.pie(t, { label = "k", value = "v", out = dir .. "/c.svg", script = dir .. "/c.gp" }) end,
  }
  local fn = { bar = "bar", grouped = "bar", stacked = "bar", horizontal = "bar", line = "line", pie = "pie" }

  for _, kind in ipairs{"bar", "grouped", "stacked", "horizontal", "line", "pie"} do
    it(kind .. ": NaN and infinities are errors naming the column, row and label", function()
      for _, case in ipairs{ {0 / 0, "NaN"}, {math.huge, "inf"}, {-math.huge, "-inf"} } do
        assert.equal("qy.chart." .. fn[kind] .. ": column 'v' is " .. case[2]
                     .. " at row 2 ('西峰区'): a chart cannot draw it (make it null to leave it out)",
                     h.error_of(draw[kind], with(case[1])))
      end
      assert.is_false(exists(dir .. "/c.svg"))
    end)
  end

  -- A null is drawn as missing, and the rest as without it.
  it("bar: a null is no bar and no value label; the axis still holds the rest", function()
    draw.bar(with(nil))
    local gp = h.read(dir .. "/c.gp")
    assert.truthy(gp:find("set yrange [0:3.2400000000000002]", 1, true))
    assert.truthy(gp:find('set label 1 "1" at 0, 1 ', 1, true))
    assert.truthy(gp:find('set label 2 "3" at 2, 3 ', 1, true))
    assert.falsy(gp:find("set label 3 ", 1, true))
    assert.truthy(h.read(dir .. "/c.tsv"):find("\n1\tNaN\n", 1, true))
    draw.horizontal(with(nil))
    assert.truthy(h.read(dir .. "/c.gp"):find("set xrange [0:3.2400000000000002]", 1, true))
  end)

  it("stacked: a null adds nothing, and a category of nulls has no total", function()
    draw.stacked(with(nil))
    local gp = h.read(dir .. "/c.gp")
    assert.truthy(gp:find("set yrange [0:6.4800000000000004]", 1, true))
    assert.truthy(gp:find('set label 1 "2" at 0, 2 ', 1, true))
    assert.truthy(gp:find('set label 2 "6" at 2, 6 ', 1, true))
    assert.falsy(gp:find("set label 3 ", 1, true))
  end)

  it("line: a null is a gap in the line", function()
    chart.line(with(nil), { x = "k", y = "v", out = dir .. "/c.svg" })
    local svg = h.read(dir .. "/c.svg")
    local paths = 0
    for d in svg:gmatch("<path stroke='rgb%( 31,  78, 121%)'  d='([^']*)'") do
      paths = paths + 1
      assert.matches("^M[%d.]+,[%d.]+ M[%d.]+,[%d.]+%s*$", d)   -- a point, then (no line) a point
    end
    assert.equal(1, paths)
  end)

  it("pie: a null slice is left out", function()
    draw.pie(with(nil))
    local texts = svg_texts(dir .. "/c.svg")
    assert.is_true(contains(texts, "c 3 (75.0%)"))
    assert.is_true(contains(texts, "a 1 (25.0%)"))
    for _, text in ipairs(texts) do assert.falsy(text:find("西峰区", 1, true)) end
  end)
end)

describe("qy.chart refuses", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(h.cleanup)

  it("an empty table, a non-numeric y, an unknown column", function()
    assert.matches("qy.chart.bar: the table is empty: nothing to draw",
      h.error_of(chart.bar, counties:head(0), { x = "county", y = "q1", out = dir .. "/e.png" }))
    assert.matches("qy.chart.bar: column 'county' is string, not a number %(option 'y'%)",
      h.error_of(chart.bar, counties, { x = "county", y = "county", out = dir .. "/e.png" }))
    assert.matches("qy.chart.pie: column 'industry' is string, not a number %(option 'value'%)",
      h.error_of(chart.pie, industries, { label = "industry", value = "industry", out = dir .. "/e.png" }))
    assert.matches("no column 'q3'", h.error_of(chart.bar, counties, { x = "county", y = "q3", out = dir .. "/e.png" }))
    assert.matches("unknown option 'colour'", h.error_of(chart.bar, counties, { x = "county", y = "q1", out = dir .. "/e.png", colour = "red" }))
  end)

  it("a bad extension and paths starting with | or <", function()
    assert.matches("qy.chart.bar: option 'out' must end in .png, .svg or .pdf: " .. dir .. "/e.gif",
      h.error_of(chart.bar, counties, { x = "county", y = "q1", out = dir .. "/e.gif" }))
    assert.matches("option 'out' must not start with '|' or '<'",
      h.error_of(chart.bar, counties, { x = "county", y = "q1", out = "|touch " .. dir .. "/x.png" }))
    assert.matches("option 'out' must not start with '|' or '<'",
      h.error_of(chart.bar, counties, { x = "county", y = "q1", out = " <x.png" }))
    assert.matches("option 'script' must not start with '|' or '<'",
      h.error_of(chart.bar, counties, { x = "county", y = "q1", out = dir .. "/a.png", script = "|x.gp" }))
    assert.is_false(exists(dir .. "/x.png"))
  end)

  it("negative slices, stacking negatives and a bad legend", function()
    local t = qy.table{ { name = "k", values = {"a", "b"} }, { name = "v", values = {1, -2} } }
    assert.matches("pie slices need values of at least zero; row 2 has %-2",
      h.error_of(chart.pie, t, { label = "k", value = "v", out = dir .. "/p.png" }))
    assert.matches("stacked bars need values of at least zero",
      h.error_of(chart.bar, t, { x = "k", y = {"v", "v"}, stacked = true, out = dir .. "/p.png" }))
    assert.matches("option 'legend': unknown position 'set'",
      h.error_of(chart.bar, t, { x = "k", y = "v", legend = "set output", out = dir .. "/p.png" }))
  end)

  it("a failed gnuplot run raises gnuplot's message and leaves no file", function()
    assert.matches("gnuplot failed: .*undefined", h.error_of(qy._gnuplot, "plot nosuchfunction(x)\n"))
    assert.is_true((qy._gnuplot("set output\n")))
    local t = qy.table{ { name = "k", values = {"a"} }, { name = "v", values = {1} } }
    -- a directory in the way of the output: the rename fails, no temp file stays
    os.execute("mkdir '" .. dir .. "/o.png'")
    assert.matches("qy.chart.bar: ", h.error_of(chart.bar, t, { x = "k", y = "v", out = dir .. "/o.png" }))
    local p = io.popen("ls -A '" .. dir .. "'")
    assert.equal("o.png", p:read("a"):gsub("%s+$", ""))
    p:close()
  end)

  -- Run in a child qylua whose environment lacks gnuplot (PATH) or every
  -- font (an empty fontconfig): what a fresh machine without them would see.
  -- The error names the script's line that called chart.bar (line 3); a
  -- child that hangs is stopped by timeout(1), and the output says so.
  local function child_error(env, label, opts)
    local qylua = (os.getenv("QY_BIN") or ".") .. "/qylua"
    local script = dir .. "/c.lua"
    h.write(script, string.format([[
      local chart = require "qy.chart"
      local ok, err = pcall(function()
        local out = chart.bar(qy.table{ k = {%q}, v = {1} }, { x = "k", y = "v", out = %q %s })
      end)
      io.write(tostring(err))]], label, dir .. "/out/c.png", opts or ""))
    local p = io.popen("timeout 20 env " .. env .. " '" .. qylua .. "' '" .. script .. "' 2>&1; echo \" (exit $?)\"")
    local out = p:read("a")
    p:close()
    return out, script
  end

  local function listing(path)
    local p = io.popen("ls -A '" .. path .. "' 2>&1")
    local names = p:read("a")
    p:close()
    return names
  end

  it("says which package to install when gnuplot or a Chinese font is missing", function()
    local out, script = child_error("PATH=/nonexistent", "a")
    assert.equal(script .. ":3: qy.chart.bar: gnuplot not found: install the package gnuplot-nox "
                 .. "(apt-get install gnuplot-nox) (exit 0)\n", out)
    h.write(dir .. "/fonts.conf", '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n')
    out = child_error("FONTCONFIG_FILE='" .. dir .. "/fonts.conf'", "宁县")
    assert.equal(script .. ":3: qy.chart.bar: no Chinese font installed (install fonts-wqy-microhei), "
                 .. "so '宁县' cannot be drawn (exit 0)\n", out)
  end)

  -- A gnuplot that never exits: one that waits for its child, and one that
  -- closes its pipes first (so only its exit is awaited). Each is killed
  -- with its process group after the timeout, and no file stays behind.
  local HANGS = {
    waits = "sleep 1000 &\necho $! >'%s'\nwait\n",
    detaches = "exec >/dev/null 2>&1 </dev/null\nsleep 1000 &\necho $! >'%s'\nwait\n",
  }
  for _, how in ipairs{"waits", "detaches"} do
    it("stops a gnuplot that never exits (" .. how .. ") after the timeout", function()
      local bin, tmp, pidfile = dir .. "/bin", dir .. "/tmp", dir .. "/sleep.pid"
      os.execute("mkdir '" .. bin .. "' '" .. tmp .. "'")
      h.write(bin .. "/gnuplot", "#!/bin/sh\n" .. string.format(HANGS[how], pidfile))
      os.execute("chmod +x '" .. bin .. "/gnuplot'")
      local out, script = child_error("PATH='" .. bin .. "':\"$PATH\" TMPDIR='" .. tmp .. "'", "a",
                                      ", timeout = 0.5")
      local pid = h.read(pidfile):match("%d+")
      finally(function() os.execute("kill " .. pid .. " 2>/dev/null") end)
      assert.equal(script .. ":3: qy.chart.bar: gnuplot did not finish within 0.5 seconds "
                   .. "(option 'timeout'), so it was stopped (exit 0)\n", out)
      -- the group was killed: its sleep is gone, or a zombie until reaped
      local stat = io.open("/proc/" .. pid .. "/stat")
      if stat then
        assert.equal("Z", stat:read("a"):match("^%d+ %b() (%a)"))
        stat:close()
      end
      assert.equal("", listing(tmp))            -- no data file, no private directory
      assert.equal("", listing(dir .. "/out"))   -- no image, no temporary image
    end)
  end

  it("a timeout must be seconds above zero", function()
    local t = qy.table{ k = {"a"}, v = {1} }
    for _, bad in ipairs{0, -1, 0 / 0, "60", true} do
      assert.equal("qy.chart.bar: option 'timeout' must be a number of seconds above zero",
        h.error_of(chart.bar, t, { x = "k", y = "v", out = dir .. "/t.png", timeout = bad }))
    end
    assert.equal(dir .. "/t.png", chart.bar(t, { x = "k", y = "v", out = dir .. "/t.png", timeout = 30 }))
    assert.has_error(function() qy._gnuplot("quit\n", nil, 0) end,
      "bad argument #3 to '_gnuplot' (timeout must be a number of seconds above zero)")
  end)

  it("names the caller's line, however deep the error was found", function()
    local t = qy.table{ { name = "k", values = {"a", "b"} }, { name = "v", type = "float64", values = {1, 0 / 0} } }
    local cases = {
      {'chart.bar(t, { x = "k", y = "q3", out = dir .. "/e.png" })', "qy.chart.bar: no column 'q3'"},
      {'chart.line(t, { x = "k", y = "v", out = dir .. "/e.png" })',
       "qy.chart.line: column 'v' is NaN at row 2 ('b'): a chart cannot draw it (make it null to leave it out)"},
      {'chart.bar(t:head(1), { x = "k", y = "v", out = dir .. "/e.png", legend = "middle" })',
       "qy.chart.bar: option 'legend': unknown position 'middle'"},
      {'chart.line(t:head(1), { x = "k", y = "v", out = dir .. "/e.png", width = 5 })',
       "qy.chart.line: options 'width' and 'height' must be whole pixels from 100 to 10000"},
      {'chart.pie(nil, { label = "k", value = "v", out = dir .. "/e.png" })',
       "qy.chart.pie: bad argument #1 (a qy table expected, got nil)"},
      {'chart.bar(t:head(1), { x = "k", y = "v", out = dir .. "/e.png", labels = qy.table{ a = {1} } })',
       "qy.chart.bar: option 'labels': the labels table has no column 'column'"},
      {'chart.bar(t:head(1), { x = "k", y = "v", out = dir .. "/taken.png" })',
       "qy.chart.bar: cannot write " .. dir .. "/taken.png: Is a directory"},
      {'chart.pie(t:head(1), { label = "k", value = "v", out = "/proc/none/e.png" })',
       "qy.chart.pie: cannot create directory /proc/none: No such file or directory"},
    }
    os.execute("mkdir '" .. dir .. "/taken.png'")
    for _, case in ipairs(cases) do
      local f = assert(load("local chart, t, dir, qy = ...\nlocal drawn = " .. case[1], "@caller.lua"))
      assert.equal("caller.lua:2: " .. case[2], h.error_of(f, chart, t, dir, qy))
    end
  end)
end)
