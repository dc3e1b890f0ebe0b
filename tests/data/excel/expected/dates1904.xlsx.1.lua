-- expected/dates1904.xlsx.1.lua — written by tests/data/excel/oracle.py; do not edit.
-- From openpyxl 3.0.9 reading dates1904.xlsx (data_only=True) and the rules of API.md.
-- A null value is false; a type of false is one the oracle is not sure of.
return {
  fixture = "dates1904.xlsx", sheet = 1, options = "{}",
  nrows = 4,
  names = {"日期", "时刻", "时间", "中文日期", "内置日期"},
  types = {"date", "string", "string", "date", "date"},
  columns = {
    {"2024-03-15", "2024-02-29", "2000-02-29", "1999-12-31"},  -- 日期
    {"2024-03-15 10:30:00", "2024-02-29 23:59:59", "2000-01-01 00:00:00", "2023-07-20 14:45:30"},  -- 时刻
    {"10:30:00", "23:59:59", "00:00:01", "12:00:00"},  -- 时间
    {"2024-03-15", "2024-02-29", "2000-02-29", "1999-12-31"},  -- 中文日期
    {"2024-03-15", "2024-02-29", "2000-02-29", "1999-12-31"},  -- 内置日期
  },
  info = {
    sheet = "日期", format = "xlsx",
    title = false, skipped = 0, header_rows = 1,
    footer = {},
    hidden = 0, merged = 0,
    errors = 0, error_cells = {},
    no_value = 0,
  },
}
