-- Prints what a script sees of its command line: `arg` and `...`. The
-- interpreter's own path (the lowest index) is printed as a mark, since it
-- depends on where the binary is.
local lowest = 0
while arg[lowest - 1] ~= nil do lowest = lowest - 1 end
for i = lowest, #arg do
  local shown = arg[i]
  if i == lowest and i < 0 then shown = "(interpreter)" end
  print("arg[" .. i .. "]", shown)
end
print("#arg", #arg)
print("select('#', ...)", select("#", ...))
print("...", ...)
