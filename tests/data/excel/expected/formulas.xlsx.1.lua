-- expected/formulas.xlsx.1.lua — written by tests/data/excel/oracle.py; do not edit.
-- From openpyxl 3.0.9 reading formulas.xlsx (data_only=True) and the rules of API.md.
-- A null value is false; a type of false is one the oracle is not sure of.
return {
  fixture = "formulas.xlsx", sheet = 1, options = "{}",
  nrows = 5,
  names = {"项目", "计划", "到位", "到位率", "合计", "达标", "到位（元）", "说明"},
  types = {"string", "decimal(2)", "decimal(2)", false, false, false, false, false},
  columns = {
    {"甲项目", "乙项目", "丙项目", "丁项目", "戊项目"},  -- 项目
    {"100.00", "0.00", "80.00", "1272.95", "3.00"},  -- 计划
    {"60.50", "12.00", "0.00", "1272.95", "1.00"},  -- 到位
    {false, false, false, false, false},  -- 到位率
    {false, false, false, false, false},  -- 合计
    {false, false, false, false, false},  -- 达标
    {false, false, false, false, false},  -- 到位（元）
    {false, false, false, false, false},  -- 说明
  },
  info = {
    sheet = "公式", format = "xlsx",
    title = false, skipped = 0, header_rows = 1,
    footer = {},
    hidden = 0, merged = 0,
    errors = 0, error_cells = {},
    no_value = 25,
  },
}
