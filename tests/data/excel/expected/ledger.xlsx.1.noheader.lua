-- expected/ledger.xlsx.1.noheader.lua — written by tests/data/excel/oracle.py; do not edit.
-- From openpyxl 3.0.9 reading ledger.xlsx (data_only=True) and the rules of API.md.
-- A null value is false; a type of false is one the oracle is not sure of.
return {
  fixture = "ledger.xlsx", sheet = 1, options = "{skip = 3, header = false}",
  nrows = 13,
  names = {"col1", "col2", "col3", "col4", "col5", "col6", "col7", "col8", "col9", "col10", "col11", "col12"},
  types = {"int64", "string", "string", "string", "string", "string", "decimal(2)", "decimal(2)", false, "date", "bool", "string"},
  columns = {
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"},  -- col1
    {"西峰区", "西峰区", "庆城县", "庆城县", "环县", "环县", "华池县", "合水县", "合水县", "正宁县", "宁县", "镇原县", "镇原县"},  -- col2
    {"零碳数据中心配套工程", "算力设备组装线", "光伏储能一体化项目", "中药材精深加工", "风电装备基地", "肉羊全产业链", "红色文旅综合体", "食用菌工厂化种植", "冷链物流中心", "调峰煤电配套项目", "苹果深加工", "电缆生产线", "中医药康养园"},  -- col3
    {"数字经济", "装备制造", "新能源", "中医药", "新能源", "现代农业", "文化旅游", "食用菌", "现代物流", "煤电", "现代农业", "装备制造", "中医药"},  -- col4
    {"示例云计算有限公司", "示例电子科技有限公司", "示例能源集团有限公司", "示例药业有限公司", "示例风电有限公司", "示例农牧有限公司", "示例文旅有限公司", "示例菌业有限公司", "示例物流有限公司", "示例电力有限公司", "示例果业有限公司", "示例线缆有限公司", "示例健康产业有限公司"},  -- col5
    {"北京", "浙江", "福建", "河南", "天津", "上海", "北京", "福建", "天津", "北京", "浙江", "上海", "河南"},  -- col6
    {"1272.95", "0.30", "5.00", "2.68", "12000.50", "0.00", "880.25", "723.00", "100000.13", "3500.00", "455.55", "5165.00", "90233.00"},  -- col7
    {"1272.90", "0.10", "5.00", "1.01", "6000.25", "150.00", "300.00", "361.50", "0.13", "1750.00", "455.55", "2582.50", "30077.67"},  -- col8
    {false, false, false, false, false, false, false, false, false, false, false, false, false},  -- col9
    {"2024-01-15", "2024-02-29", "2024-03-15", "2024-03-31", "2024-04-01", "2024-04-18", "2024-05-06", "2024-05-20", "2024-05-31", "2024-06-03", "2024-06-12", "2024-06-20", "2024-06-28"},  -- col10
    {"true", "false", "true", "true", "true", "false", "true", "true", "false", "true", "true", "false", "true"},  -- col11
    {"010", "00501", "0934001", "0934002", "0935001", "0935002", "0936001", "0937001", "0937002", "0938001", "0939001", "0940001", "0940002"},  -- col12
  },
  info = {
    sheet = "项目台账", format = "xlsx",
    title = false, skipped = 3, header_rows = 0,
    footer = {"合计"},
    hidden = 1, merged = 5,
    errors = 0, error_cells = {},
    no_value_at_least = 13,
  },
}
