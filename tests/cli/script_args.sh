# A script with arguments: `arg` holds the script at 0, its arguments at 1..n
# and the options before it at negative indices; `...` gets the arguments.
"$QYLUA" -W tests/cli/scripts/args.lua one "two words" ""
echo "exit: $?"
"$QYLUA" tests/cli/scripts/args.lua
echo "exit: $?"
# After "--" even a name starting with "-" is the script's argument.
"$QYLUA" -- tests/cli/scripts/args.lua -x --
