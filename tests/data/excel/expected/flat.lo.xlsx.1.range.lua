-- expected/flat.lo.xlsx.1.range.lua — written by tests/data/excel/oracle.py; do not edit.
-- From openpyxl 3.0.9 reading flat.lo.xlsx (data_only=True) and the rules of API.md.
-- A null value is false; a type of false is one the oracle is not sure of.
return {
  fixture = "flat.lo.xlsx", sheet = 1, options = "{range = \"B1:E4\"}",
  nrows = 3,
  names = {"县区", "项目名称", "行业", "签约额（万元）"},
  types = {"string", "string", "string", "decimal(2)"},
  columns = {
    {"西峰区", "庆城县", "环县"},  -- 县区
    {"数据中心配套工程", "光伏储能项目", "风电装备基地"},  -- 项目名称
    {"数字经济", "新能源", "新能源"},  -- 行业
    {"1272.95", "0.30", "5.00"},  -- 签约额（万元）
  },
  info = {
    sheet = "明细", format = "xlsx",
    title = false, skipped = 0, header_rows = 1,
    footer = {},
    hidden = 0, merged = 0,
    errors = 0, error_cells = {},
    no_value = 0,
  },
}
