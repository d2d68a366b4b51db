"""Section markers: how a report numbers its headings (一、 （二） 附件1) and decorates their titles."""

import re

from loaders.vocabulary.numerals import MARKER_DIGITS

# The numerals a heading marker is written with (一 … 十, 百, 零, 〇).
SECTION_NUMERAL_CHARS = MARKER_DIGITS + "百零〇"
# What may stand before a marker on its line: blanks, markdown heading marks
# (`#` … `######`, then a blank) and emphasis (`**`, `__`, `*`).
HEADING_LEAD = r"^[ \t\u3000]*(?:#{1,6}[ \t\u3000]*)?(?:(?:\*{1,3}|_{2,3})[ \t\u3000]*)?"
# `一、` .. `二十三、` at line start (not `一是`, not `一、二` inside prose: line start only).
LEVEL1_MARKER = re.compile(HEADING_LEAD + r"([" + SECTION_NUMERAL_CHARS + r"]{1,4}、)", re.M)
# `（一）` / `(一)` at line start.
LEVEL2_MARKER = re.compile(
    HEADING_LEAD + r"([（(][" + SECTION_NUMERAL_CHARS + r"]{1,4}[）)])", re.M
)
# `附件` / `附件1` / `附件：` at line start, as a line of its own or followed by its title.
ATTACHMENT_MARKER = re.compile(
    HEADING_LEAD + r"(附件[0-9" + MARKER_DIGITS + r"]*)[ \t\u3000]*(?:[：:][ \t\u3000]*)?(?=\S|$)",
    re.M,
)
# Decoration around a title: emphasis marks, a closing `#` run (`## 一、概述 ##`) and blanks.
TITLE_DECORATION = re.compile(r"^[\s*_]+|(?:[ \t\u3000]+#+)?[\s*_#]*$")

# Inline headings of a report flattened onto one long line (an archive copy of a web page):
# `…指导。 二、主动公开政府信息情况（一）主动公开政府信息的数量各乡镇…`.
# A line at least this long is read for headings inside it, not only at its start.
INLINE_LINE_MIN = 1500
# Any heading marker, wherever it stands: 一、 / （一） / 附件1：
INLINE_MARKER = re.compile(
    r"(?P<level1>[" + SECTION_NUMERAL_CHARS + r"]{1,4}、)"
    r"|(?P<level2>[（(][" + SECTION_NUMERAL_CHARS + r"]{1,4}[）)])"
    r"|(?P<attachment>附件[0-9" + MARKER_DIGITS + r"]*[ \t\u3000]*[：:])"
)
# Where an inline heading's title stops, whichever comes first: a sentence end or colon, a blank,
# the next heading marker, an item (一是 / 1. / 1、) or a number after at least two title characters.
INLINE_TITLE_STOP = re.compile(
    r"[。；;！!？?：:\s]"
    r"|[" + SECTION_NUMERAL_CHARS + r"]{1,4}、|[（(][" + SECTION_NUMERAL_CHARS + r"]{1,4}[）)]"
    r"|[" + MARKER_DIGITS + r"]是"
    r"|(?<=\S\S)[0-9０-９]"
)
# Words a heading's title ends with: a title run on into its paragraph (组织机构方面我区成立…)
# is cut after the last of them within INLINE_TITLE_MAX characters.
HEADING_END_WORDS = (
    "情况",
    "方面",
    "措施",
    "事项",
    "数量",
    "类别",
    "形式",
    "内容",
    "做法",
    "概述",
    "统计表",
    "问题",
)
HEADING_END = re.compile("|".join(HEADING_END_WORDS))
INLINE_TITLE_SHORT = 12  # a title up to this long is taken whole
INLINE_TITLE_MAX = 25  # longer than this without a heading word: not a heading
# What may not stand right before an inline marker: 第 (第（一）项), another numeral (二十一、).
INLINE_MARKER_NOT_AFTER = re.compile(r"[第" + SECTION_NUMERAL_CHARS + r"]$")
# A numeral list is no heading: 一、二、三 / 一、二季度 (the first and second quarters).
INLINE_ENUMERATION = re.compile(
    r"^[" + SECTION_NUMERAL_CHARS + r"]{1,4}(?:[、，,和至]|季度|季|类|级|批|期)"
)
# Three or more digits right after the title, not a year or a decimal: a table row
# (四、结转下年度继续办理 0 0 00 00 0, 一、本年新收…801000081).
INLINE_TABLE_ROW = re.compile(r"[ \t\u3000]*((?:[0-9][ \t\u3000]*){3,})(?![0-9年.．])")
# After a heading word, what shows the title goes on (问题及改进情况, 情况统计表, 公开内容，拓展公开形式):
# a comma, a conjunction or another heading word.
HEADING_GOES_ON = re.compile(r"(?:[，,、]|及|和|与|并|" + "|".join(HEADING_END_WORDS) + r")")
