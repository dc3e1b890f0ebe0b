# Syntax errors: reported without a traceback (nothing ran), exit 1.
"$QYLUA" tests/cli/scripts/syntax.lua
echo "exit: $?"
"$QYLUA" -e 'x = = 1'
echo "exit: $?"
"$QYLUA" -e 'for i = 1, 2 do'
