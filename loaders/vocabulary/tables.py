"""Table words: how a template table's cells, page numbers, headings and anchors are written."""

import re

from loaders.vocabulary.numerals import MARKER_DIGITS

# A cell's number: sign, digits with or without thousands commas, decimals, a unit written in the cell.
CELL_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(件|项|个|次|万元|元)?$")
# A cell written with only a dash or slash: blank by the template ("/" where nothing applies).
BLANK_CELL_MARK = re.compile(r"^[-/\\_\u2014\u2013\u2015\u2012\u30fc]+$")
# Several numbers in one cell, set apart by blanks: run together, not read.
NUMBERS_RUN_TOGETHER = re.compile(r"^[\d.,]+(?:\s+[\d.,]+)+$")
# Words written in a cell instead of a number: it holds no value.
PLACEHOLDERS = frozenset("无 暂无 空 不适用 未统计 没有 n/a na × x".split())
# A markdown separator cell (---, :--:); a plain word; a label glued to its number (信息公开1).
SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
PLAIN_WORD = re.compile(r"^[\u3400-\u9fffA-Za-z]+$")
GLUED_NUMBER = re.compile(r"^(.*[\u3400-\u9fff)）”」])(\d+(?:\.\d+)?)$")
# The heading of a template section (二、主动公开…), and the words each section heading holds.
TABLE_SECTION_HEADING = re.compile(
    r"^[ \t#*|>\u3000]*([" + MARKER_DIGITS + r"]{1,2})\s*[、.．]\s*(.{2,80})$"
)
SECTION_HEADINGS = {
    "二": ("2", ("主动公开",)),
    "三": ("3", ("收到和处理", "依申请")),
    "四": ("4", ("复议", "诉讼")),
    "五": ("5", ("问题", "改进")),
    "六": ("6", ("其他需要报告", "其他事项")),
}
# Where a table starts when its section heading is missing: a line containing
# one of the first words, or consisting of one of the second.
FALLBACK_ANCHORS = {
    "2": (("第二十条第", "制发件数", "新制作数量"), ("信息内容",)),
    "3": (("勾稽关系", "新收政府信息公开申请"), ("申请人情况",)),
    "4": (("尚未审结", "复议后起诉", "未经复议"), ("行政复议", "行政复议行政诉讼")),
}

# Words of an old statistics table's unit column (计量单位), longest first so 万元 is not read as 元.
STATISTICS_UNITS = ("万元", "人次", "条", "件", "元", "个", "次", "项")

# An agency's own tables (`loaders.own_tables`).
# A caption line before a table: numbered (表1, 附表2, 附件3) or naming a table, a list or a situation.
OWN_TABLE_CAPTION = re.compile(
    r"^(?:(?:附\s*)?表\s*[0-9０-９一二三四五六七八九十]+(?:[-－.．][0-9]+)?(?:[\s:：、.．]|$)|附表|附件\s*[0-9０-９]*[\s:：]*\S*表)"
    r"|^[^。；;！!?？|]{2,50}(?:表|一览|清单|情况|统计)$"
)
# A unit stated for a whole table or column: （单位：万元）, 单位：件, (件).
UNIT_STATEMENT = re.compile(r"[（(]?\s*(?:计量)?单位\s*[:：]\s*([^\s）)，,。；;]{1,4})\s*[）)]?")
UNIT_IN_BRACKETS = re.compile(r"[（(]\s*([^\s（）()]{1,4})\s*[）)]\s*$")
# Header words of a column that numbers the rows, and of a column whose numbers are labels (years).
INDEX_HEADERS = frozenset("序号 编号 排名 排序 No. No 序".split())
LABEL_NUMBER_HEADERS = frozenset("年份 年度 时间 月份 年 月 日期".split())
# A row or column that totals the others.
TOTAL_WORDS = frozenset("合计 总计 共计 总数 小计".split()) - {"小计"}
# A percentage written in a cell.
PERCENT_SIGNS = ("%", "％")
# Header words of a column that states each row's unit (an old statistics table written as a grid).
UNIT_COLUMN_HEADERS = frozenset("计量单位 单位".split())
# The unit written after the number in a cell of an agency's own table (12件, 3.5万元).
CELL_UNIT = re.compile(r"(万元|亿元|件|项|个|次|元|条)$")
# A unit printed in a 计量单位 column: one to three characters (件, 万元, 人次, %).
PRINTED_UNIT = re.compile(r"^[\u3400-\u9fff%‰]{1,3}$")
# A year in a table's first column (2021, 2021年, 2021年度): a row label, not a number.
YEAR_LABEL = re.compile(r"^(?:19|20)\d{2}年?度?$")
