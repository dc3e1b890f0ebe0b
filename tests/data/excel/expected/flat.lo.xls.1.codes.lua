-- expected/flat.lo.xls.1.codes.lua — written by tests/data/excel/oracle.py; do not edit.
-- From openpyxl 3.0.9 reading flat.lo.xlsx, which LibreOffice wrote from the source of flat.lo.xls (data_only=True) and the rules of API.md.
-- A null value is false; a type of false is one the oracle is not sure of.
return {
  fixture = "flat.lo.xls", sheet = 1, options = "{types = {[\"区划代码\"] = \"int64\"}}",
  nrows = 8,
  names = {"序号", "县区", "项目名称", "行业", "签约额（万元）", "签约日期", "是否开工", "区划代码", "合同编号", "统一社会信用代码", "比例"},
  types = {"int64", "string", "string", "string", "decimal(2)", "date", "bool", "int64", "string", "string", "decimal(4)"},
  columns = {
    {"1", "2", "3", "4", "5", "6", "7", "8"},  -- 序号
    {"西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县"},  -- 县区
    {"数据中心配套工程", "光伏储能项目", "风电装备基地", "红色文旅综合体", "食用菌工厂化种植", "调峰煤电配套项目", "苹果深加工", "电缆生产线"},  -- 项目名称
    {"数字经济", "新能源", "新能源", "文化旅游", "食用菌", "煤电", "现代农业", "装备制造"},  -- 行业
    {"1272.95", "0.30", "5.00", "2.68", "100000.13", "902.33", "51.65", "300.67"},  -- 签约额（万元）
    {"2024-01-15", "2024-02-29", "2024-03-15", "2024-04-01", "2024-05-20", "2024-06-03", "2024-06-12", "2024-06-28"},  -- 签约日期
    {"true", "false", "true", "true", "false", "true", "true", "false"},  -- 是否开工
    {"10", "501", "935", "936", "937", "938", "939", "940"},  -- 区划代码
    {"62100020240115000001", "62100020240229000002", "62100020240315000003", "62100020240401000004", "62100020240520000005", "62100020240603000006", "62100020240612000007", "62100020240628000008"},  -- 合同编号
    {"91621000MA71SYN01X", "91621021MA71SYN02Y", "91621022MA71SYN033", "91621023MA71SYN044", "91621024MA71SYN055", "91621025MA71SYN066", "91621026MA71SYN077", "91621027MA71SYN088"},  -- 统一社会信用代码
    {"0.3000", "1272.9500", "0.5000", "0.2500", "1.1250", "60.1300", "7.2300", "0.6013"},  -- 比例
  },
  info = {
    sheet = "明细", format = "xls",
    title = false, skipped = 0, header_rows = 1,
    footer = {},
    hidden = 0, merged = 0,
    errors = 0, error_cells = {},
    no_value = 0,
  },
}
