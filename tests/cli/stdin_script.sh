# "-" runs stdin as the script, with the arguments after it.
"$QYLUA" - alpha beta <<'LUA'
print("from stdin:", ...)
print("arg[0]", arg[0])
local sum = 0
for i = 1, 4 do sum = sum + i end
print("sum", sum)
LUA
echo "exit: $?"
# An error in it names the chunk "stdin".
"$QYLUA" - <<'LUA' 2>&1 | head -n 2
print("ok so far")
error("from stdin")
LUA
# No script and stdin not a terminal: stdin is the script.
echo 'print(1 + 1)' | "$QYLUA"
echo 'print(1 + 1)' | "$QYLUA" -
# "--" with nothing after it also runs stdin.
echo 'print("after --")' | "$QYLUA" --
