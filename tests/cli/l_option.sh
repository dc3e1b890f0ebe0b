# -l mod requires mod into the global mod; -l g=mod into the global g;
# "-lmod" needs no space. LUA_PATH is honoured.
export LUA_PATH='tests/cli/scripts/?.lua'
"$QYLUA" -l greet -e 'print(greet.hello("world"))'
echo "exit: $?"
"$QYLUA" -l g=greet -e 'print(g.hello("g"), greet)'
"$QYLUA" -lgreet -e 'print(type(greet))'
# -l and -e run in command-line order.
"$QYLUA" -e 'print(type(greet))' -l greet -e 'print(type(greet))'
# A module that is not there.
"$QYLUA" -l no_such_module 2>&1 | head -n 2
