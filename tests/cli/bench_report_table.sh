# bench/report_table.lua, issue 7's whole-report table and targets, from given
# measurements: lower medians, ratios to DuckDB, a failed variant as n/a with its
# error, targets met exactly at their limit (wall <= 0.5 and <= 0.05 x DuckDB) and
# not met just past it (memory < 1.2 GB), the memory target only at 10M rows,
# digests that agree or differ, and an unknown variant.
lua5.4 bench/report_table.lua 1000000 tests/data/bench/report-1m.txt
echo "exit: $?"
lua5.4 bench/report_table.lua 10000000 tests/data/bench/report-10m.txt
echo "exit: $?"
lua5.4 bench/report_table.lua 1000000 tests/data/bench/report-bad.txt
echo "exit: $?"
