-- Says it is ready, then loops until interrupted.
io.stdout:write("ready\n")
io.stdout:flush()
local n = 0
while true do n = n + 1 end
