# The REPL's loop without a terminal: an unfinished chunk at end of input
# reports its syntax error; an error calling print is reported too.
printf 'for i = 1, 2 do\n' | "$QYLUA" -i 2>&1 | sed -n '2,$p'
printf 'print = nil\n1\n' | "$QYLUA" -i 2>&1 | sed -n '2,$p'
printf 'x = 1\n' | "$QYLUA" -e 'print("e ran")' -i 2>&1 | sed -n '2,$p'
