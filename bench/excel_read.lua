-- bench/excel_read.lua — issue 13's Excel read in qylua, timed as a process by
-- bench/run.sh beside bench/excel_pandas.py (pandas with openpyxl) and
-- LibreOffice's conversion to CSV (digested by bench/excel_csv_digest.lua).
-- Usage: qylua bench/excel_read.lua LEDGER.xlsx
-- Reads the first sheet of a bench/genxlsx.c workbook and prints the digest
-- line the three peers must agree on:
--   rows N; amount SUM; funds COUNT SUM; sign_date MIN..MAX
-- (the sums to the cent; COUNT the non-blank funds cells).
local qy = require "qy"
local path = arg[1]
assert(path and not arg[2], "usage: excel_read.lua LEDGER.xlsx")

local t = qy.read_excel(path)
local d = t:agg{ {"amount", qy.sum("amount")}, {"nfunds", qy.count("funds")},
                 {"funds", qy.sum("funds")}, {"first", qy.min("sign_date")},
                 {"last", qy.max("sign_date")} }
print(("rows %d; amount %s; funds %d %s; sign_date %s..%s"):format(#t, d.amount:text(1),
  d.nfunds[1], d.funds:text(1), d.first:text(1), d.last:text(1)))
