-- expected/formulas.lo.xlsx.1.lua — written by tests/data/excel/oracle.py; do not edit.
-- From openpyxl 3.0.9 reading formulas.lo.xlsx (data_only=True) and the rules of API.md.
-- A null value is false; a type of false is one the oracle is not sure of.
return {
  fixture = "formulas.lo.xlsx", sheet = 1, options = "{}",
  nrows = 5,
  names = {"项目", "计划", "到位", "到位率", "合计", "达标", "到位（元）", "说明"},
  types = {"string", "decimal(2)", "decimal(2)", "decimal(3)", "decimal(2)", "bool", "int64", "string"},
  columns = {
    {"甲项目", "乙项目", "丙项目", "丁项目", "戊项目"},  -- 项目
    {"100.00", "0.00", "80.00", "1272.95", "3.00"},  -- 计划
    {"60.50", "12.00", "0.00", "1272.95", "1.00"},  -- 到位
    {"0.605", false, "0.000", "1.000", "0.333"},  -- 到位率
    {"160.50", "12.00", "80.00", "2545.90", "4.00"},  -- 合计
    {"false", "true", "false", "true", "false"},  -- 达标
    {"605000", "120000", false, "12729500", "10000"},  -- 到位（元）
    {"甲项目（模拟）", "乙项目（模拟）", "丙项目（模拟）", "丁项目（模拟）", "戊项目（模拟）"},  -- 说明
  },
  info = {
    sheet = "公式", format = "xlsx",
    title = false, skipped = 0, header_rows = 1,
    footer = {},
    hidden = 0, merged = 0,
    errors = 2, error_cells = {{cell = "D3", value = "#DIV/0!"}, {cell = "G4", value = "#N/A"}},
    no_value = 0,
  },
}
