-- expected/book.lo.xls.2.lua — written by tests/data/excel/oracle.py; do not edit.
-- From openpyxl 3.0.9 reading book.lo.xlsx, which LibreOffice wrote from the source of book.lo.xls (data_only=True) and the rules of API.md.
-- A null value is false; a type of false is one the oracle is not sure of.
return {
  fixture = "book.lo.xls", sheet = 2, options = "{}",
  nrows = 8,
  names = {"县区", "项目数", "签约额", "签约额_2", "备注", "col6"},
  types = {"string", "int64", "decimal(3)", "decimal(2)", "string", "int64"},
  columns = {
    {"西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县"},  -- 县区
    {"42", "31", "25", "18", "22", "15", "19", "28"},  -- 项目数
    {"312.500", "150.250", "1272.950", "80.000", "66.600", "45.125", "58.000", "99.990"},  -- 签约额
    {"312.50", "150.25", "1272.95", false, "66.60", "45.13", "58.00", "99.99"},  -- 签约额_2
    {"重点县", "重点县", false, false, false, false, false, "重点县"},  -- 备注
    {"420", "310", "250", "180", "220", "150", "190", "280"},  -- col6
  },
  info = {
    sheet = "县区汇总", format = "xls",
    title = false, skipped = 0, header_rows = 1,
    footer = {},
    hidden = 0, merged = 0,
    errors = 1, error_cells = {{cell = "D5", value = "#N/A"}},
    no_value = 0,
  },
}
