# A bad option prints the usage on stderr and exits 1 before running anything.
"$QYLUA" -x -e 'print("not run")'
echo "exit: $?"
"$QYLUA" -e 2>&1 | head -n 1
"$QYLUA" -l 2>&1 | head -n 1
"$QYLUA" -e -v 2>&1 | head -n 1
"$QYLUA" -vx 2>&1 | head -n 1
"$QYLUA" --x 2>&1 | head -n 1
"$QYLUA" -e 'print("ok")' -Z 2>/dev/null
