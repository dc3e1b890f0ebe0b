-- tests/lua/helper.lua — shared by the specs: paths and temporary files.
local M = {}

M.root = os.getenv("QY_ROOT") or "."

function M.path(rel) return M.root .. "/" .. rel end

-- A fresh temporary directory, removed by M.cleanup().
local made = {}
function M.tmpdir()
  local p = io.popen("mktemp -d")
  local dir = p:read("l")
  p:close()
  made[#made + 1] = dir
  return dir
end

function M.cleanup()
  for _, dir in ipairs(made) do os.execute("rm -rf '" .. dir .. "'") end
  made = {}
end

function M.write(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

function M.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- The error message of f(...), which must fail.
-- The rows of column c as text, "nil" for nulls, joined by spaces: decimals
-- at their scale, so values compare exactly.
function M.texts(c)
  local out = {}
  for i = 1, #c do out[i] = c:text(i) or "nil" end
  return table.concat(out, " ")
end

function M.error_of(f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  return tostring(err)
end

return M
