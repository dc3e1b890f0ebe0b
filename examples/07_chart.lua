-- examples/07_chart.lua — a bar chart with gnuplot (needs gnuplot-nox and
-- fonts-wqy-microhei, which `make deps` installs).
-- Run: qylua examples/07_chart.lua [OUT.png]
-- Without OUT.png it draws to a temporary file, removed at the end.
local qy = require "qy"
local chart = require "qy.chart"

local t = qy.table{
  {name = "county", values = {"西峰区", "庆城县", "环县"}},
  {name = "funds", type = "decimal(2)", values = {"46.66", "62.53", "41.59"}},
}

-- The format follows the extension, so the temporary name gets ".png".
local tmp = not arg[1] and os.tmpname()
local out = arg[1] or tmp .. ".png"
chart.bar(t, { x = "county", y = "funds", out = out, width = 640, height = 400,
               title = "上半年到位资金", ylabel = "亿元", source = "示例数据" })

-- A PNG's width and height are big-endian 32-bit numbers at bytes 17..24.
local f = assert(io.open(out, "rb"))
local head = f:read(24)
f:close()
local w, h = string.unpack(">I4>I4", head, 17)
print(string.format("wrote the chart: %s, %d×%d", head:sub(2, 4), w, h))

if tmp then
  os.remove(out)
  os.remove(tmp)
end
