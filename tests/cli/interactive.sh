# -i runs the script, then the REPL; stdin is not a terminal, so the REPL
# reads it line by line (readline echoes each line after the prompt).
# Expressions print their values, statements print nothing, unfinished
# chunks continue on ">> ", errors are reported without "qylua:" and do not
# end the REPL, and end of input ends it with a newline and exit 0.
out=$("$QYLUA" -i tests/cli/scripts/args.lua x 2>&1 <<'LUA'
1 + 1
y = 6 * 7
y
=y + 1
"two", nil, 3
for i = 1, 2 do
print("loop", i)
end
error("oops")
print(select("#", ...))
_PROMPT = "qy> "
_PROMPT2 = "..> "
if true then
print("custom prompts")
end
return
LUA
)
rc=$?
printf '%s\n' "$out" | sed -E '1s/[0-9]+\.[0-9]+\.[0-9]+/N.N.N/g'
exit $rc
