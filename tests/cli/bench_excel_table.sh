# bench/excel_table.lua, issue 13's Excel read table and targets, from given
# measurements: lower medians, ratios to pandas and to LibreOffice, the wall target
# met exactly at its limit (0.05 x pandas's) and the memory target not met just past
# its own (0.25 x), a failed qylua as n/a with its error and the targets not
# measured, another size than the targets', digests that agree or differ, an
# unknown variant and a missing argument.
lua5.4 bench/excel_table.lua 1000000 tests/data/bench/excel-1m.txt
echo "exit: $?"
lua5.4 bench/excel_table.lua 1000 tests/data/bench/excel-failed.txt
echo "exit: $?"
lua5.4 bench/excel_table.lua 1000 tests/data/bench/excel-bad.txt
echo "exit: $?"
lua5.4 bench/excel_table.lua tests/data/bench/excel-1m.txt
