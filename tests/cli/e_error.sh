# A runtime error in -e: "qylua: " + message, a traceback, exit 1.
out=$("$QYLUA" -e 'local t = nil; print(t.x)' 2>&1)
rc=$?
printf '%s\n' "$out" | head -n 3
echo "exit: $rc"
out=$("$QYLUA" -e 'error("plain message", 0)' 2>&1)
rc=$?
printf '%s\n' "$out" | head -n 2
exit $rc
