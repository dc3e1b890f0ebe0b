-- expected/book.lo.xlsx.sheets.lua — written by tests/data/excel/oracle.py; do not edit.
-- From openpyxl 3.0.9 and the <dimension> of book.lo.xlsx; an empty sheet's dimension, and
-- a one-cell one's text ("A1" or "A1:A1"), are not checked.
return {
  {name = "隐藏参数", index = 1, hidden = true, state = "hidden", rows = 3, cols = 2, dimension = "A1:B3"},
  {name = "县区汇总", index = 2, hidden = false, state = "visible", rows = 9, cols = 6, dimension = "A1:F9"},
  {name = "空表", index = 3, hidden = false, state = "visible"},
  {name = "文本数字", index = 4, hidden = false, state = "visible", rows = 4, cols = 3, dimension = "A1:C4"},
  {name = "说明", index = 5, hidden = false, state = "visible", rows = 1, cols = 1},
}
