# The worked examples run and print what their comments promise.
"$QYLUA" examples/01_facts.lua && "$QYLUA" examples/02_table.lua
