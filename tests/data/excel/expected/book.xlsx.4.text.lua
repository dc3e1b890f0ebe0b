-- expected/book.xlsx.4.text.lua — written by tests/data/excel/oracle.py; do not edit.
-- From openpyxl 3.0.9 reading book.xlsx (data_only=True) and the rules of API.md.
-- A null value is false; a type of false is one the oracle is not sure of.
return {
  fixture = "book.xlsx", sheet = 4, options = "{sheet = \"文本数字\"}",
  nrows = 3,
  names = {"数字文本", "千分位", "编码"},
  types = {"int64", "string", "string"},
  columns = {
    {"123", "-45", "6789"},  -- 数字文本
    {"1,234.50", "2,000.00", "12.50"},  -- 千分位
    {"010", "0931", "00501"},  -- 编码
  },
  info = {
    sheet = "文本数字", format = "xlsx",
    title = false, skipped = 0, header_rows = 1,
    footer = {},
    hidden = 0, merged = 0,
    errors = 0, error_cells = {},
    no_value = 0,
  },
}
