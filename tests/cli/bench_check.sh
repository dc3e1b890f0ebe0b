# bench/check.lua, the benchmark's answer checker, on small files: float text that
# rounds to qylua's exact cents agrees; a cent off, rows out of order, a different
# rank, an extra column or row differ; a query qylua has no answer for is skipped.
lua5.4 bench/check.lua tests/data/bench/qylua tests/data/bench/agrees
echo "exit: $?"
lua5.4 bench/check.lua tests/data/bench/qylua tests/data/bench/differs
echo "exit: $?"
lua5.4 bench/check.lua tests/data/bench/qylua tests/data/bench/missing group_county
