-- expected/book.lo.xlsx.1.hidden.lua — written by tests/data/excel/oracle.py; do not edit.
-- From openpyxl 3.0.9 reading book.lo.xlsx (data_only=True) and the rules of API.md.
-- A null value is false; a type of false is one the oracle is not sure of.
return {
  fixture = "book.lo.xlsx", sheet = 1, options = "{sheet = 1}",
  nrows = 2,
  names = {"参数", "值"},
  types = {"string", "int64"},
  columns = {
    {"版本", "年度"},  -- 参数
    {"3", "2024"},  -- 值
  },
  info = {
    sheet = "隐藏参数", format = "xlsx",
    title = false, skipped = 0, header_rows = 1,
    footer = {},
    hidden = 0, merged = 0,
    errors = 0, error_cells = {},
    no_value = 0,
  },
}
