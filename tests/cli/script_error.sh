# A runtime error in a script file: "qylua: file:line: message", then a
# traceback through the script's functions (shown here as file:line only, so
# the text does not depend on the Lua patch level), exit 1. Output made
# before the error stays.
out=$("$QYLUA" tests/cli/scripts/boom.lua 2>&1)
rc=$?
printf '%s\n' "$out" | head -n 3
printf '%s\n' "$out" | sed -n 's/^\t\(tests[^:]*:[0-9]*\): .*/  at \1/p'
printf '%s\n' "$out" | tail -n 1
echo "exit: $rc"
# A script that does not exist.
"$QYLUA" tests/cli/scripts/no_such_file.lua
