# -e runs its chunk; several run in order, "-estat" needs no space, and the
# value of a `return` is dropped. With no script, arg[0] is the interpreter
# and the options are at 1..n.
"$QYLUA" -e 'x = 20' -e 'print(x + 22)' -e'print("glued")' -e 'return 99'
echo "exit: $?"
"$QYLUA" -e 'print(#arg, arg[1], arg[2], arg[-1])'
echo "exit: $?"
# An error stops there: later options do not run.
out=$("$QYLUA" -e 'print("first")' -e 'error("stop")' -e 'print("not reached")' 2>&1)
rc=$?
printf '%s\n' "$out" | head -n 2
exit $rc
