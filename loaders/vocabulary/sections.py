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
LEVEL2_MARKER = re.compile(HEADING_LEAD + r"([（(][" + SECTION_NUMERAL_CHARS + r"]{1,4}[）)])", re.M)
# `附件` / `附件1` / `附件：` at line start, as a line of its own or followed by its title.
ATTACHMENT_MARKER = re.compile(HEADING_LEAD + r"(附件[0-9" + MARKER_DIGITS + r"]*)[ \t\u3000]*(?:[：:][ \t\u3000]*)?(?=\S|$)", re.M)
# Decoration around a title: emphasis marks, a closing `#` run (`## 一、概述 ##`) and blanks.
TITLE_DECORATION = re.compile(r"^[\s*_]+|(?:[ \t\u3000]+#+)?[\s*_#]*$")
