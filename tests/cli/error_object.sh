# Errors whose object is not a string: a table with __tostring shows that
# string; anything else is named by its type (and gets a traceback).
"$QYLUA" -e 'error({code = 7})' 2>&1 | head -n 2
"$QYLUA" -e 'error(setmetatable({}, {__tostring = function() return "custom error" end}))'
echo "exit: $?"
"$QYLUA" -e 'error()' 2>&1 | head -n 1
"$QYLUA" -e 'error(true)' 2>&1 | head -n 1
# A number is a string to Lua, so it prints as one.
out=$("$QYLUA" -e 'error(42)' 2>&1)
rc=$?
printf '%s\n' "$out" | head -n 1
exit $rc
