# bench/report_table.lua, issue 7's whole-report table and targets, from given
# measurements: lower medians, ratios to DuckDB, a failed variant as n/a with its
# error, targets met exactly at their limit (wall <= 0.5 and <= 0.05 x DuckDB) and
# not met just past it (memory < 1.2 GB), the memory target only at 10M rows,
# digests that agree or differ, and an unknown variant. With "unique", issue 16's
# targets for the ledger of unique ids and names: at 1M rows wall <= 0.45 (met at
# the limit) and cache <= 0.03 (not met just past it), peaks <= 0.4 (met at 0.40,
# not met at 0.41); at 10M the looser 0.6 and 0.05.
lua5.4 bench/report_table.lua 1000000 tests/data/bench/report-1m.txt
echo "exit: $?"
lua5.4 bench/report_table.lua 10000000 tests/data/bench/report-10m.txt
echo "exit: $?"
lua5.4 bench/report_table.lua 1000000 tests/data/bench/report-unique-1m.txt unique
echo "exit: $?"
lua5.4 bench/report_table.lua 10000000 tests/data/bench/report-unique-1m.txt unique
echo "exit: $?"
lua5.4 bench/report_table.lua 1000000 tests/data/bench/report-bad.txt
echo "exit: $?"
