-- A runtime error two calls deep (no tail calls, so the traceback has both).
local function inner(x)
  local v = x.field
  return v
end
local function outer()
  local v = inner(nil)
  return v
end
print("before the error")
outer()
print("never printed")
