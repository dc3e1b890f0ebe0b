-- expected/book.lo.xls.3.empty.lua — written by tests/data/excel/oracle.py; do not edit.
-- From openpyxl 3.0.9 reading book.lo.xlsx, which LibreOffice wrote from the source of book.lo.xls (data_only=True) and the rules of API.md.
-- A null value is false; a type of false is one the oracle is not sure of.
return {
  fixture = "book.lo.xls", sheet = 3, options = "{sheet = \"空表\"}",
  error = "empty", sheet_name = "空表",
}
