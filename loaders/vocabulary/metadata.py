"""Metadata words: how a report writes its year, its agency, its title and the period it covers."""
import re

from loaders.vocabulary.numerals import CN_DIGITS

# A year as a title states it: 2011年, 二〇一一年, 2011年度 (not a range 2008-2012年).
TITLE_YEAR = re.compile(r"(?<![0-9\-－—~～至])([0-9０-９]{4}|[" + "".join(CN_DIGITS) + r"]{4})\s*年")
# A year in running text (2011年, not 12011年 or 2011-2012年).
BODY_YEAR = re.compile(r"(?<![0-9\-－—~～·.])((?:19|20)[0-9]{2})年(?![0-9])")
# Endings of organisation names, longest first so 委员会 wins over 委.
AGENCY_SUFFIXES = (
    "委员会", "办公厅", "办公室", "人民政府", "政府", "总局", "总署", "中心", "银行",
    "局", "部", "委", "署", "院", "厅", "办", "会", "所", "站", "队",
)
AGENCY_PREFIX = re.compile(r"^(.{1,20}?(?:" + "|".join(AGENCY_SUFFIXES) + r"))")
# Words that open a title but are not part of the agency (关于…, 20xx年…).
TITLE_LEADERS = ("关于",)
# Words that introduce the period a report covers, and the period itself (2011年1月1日至12月31日).
PERIOD_CUE = re.compile(r"(统计|期限|时限|期间|时间|范围)")
PERIOD_PATTERN = re.compile(
    r"(?:(?:自|从)\s*)?(?P<y1>[0-9０-９]{4})\s*年\s*(?P<m1>[0-9０-９]{1,2})\s*月\s*(?P<d1>[0-9０-９]{1,2})\s*日\s*"
    r"(?:起\s*)?(?:至|到|—|－|-|~|～)\s*"
    r"(?:(?P<y2>[0-9０-９]{4})\s*年\s*)?(?P<m2>[0-9０-９]{1,2})\s*月\s*(?P<d2>[0-9０-９]{1,2})\s*日"
)
# Markdown decoration around a line: heading marks (`# `, a closing ` #`), emphasis (`**`, `__`).
LINE_DECORATION = re.compile(r"^(?:#{1,6}(?=[^#])|[*_]{1,3}|[ \t\u3000])+|(?:[ \t\u3000]+#+|[*_]{1,3}|[ \t\u3000])+$")
# How a report's title ends (…年度报告, …工作报告, …年报): a first line without it may continue below.
TITLE_END = re.compile(r"(?:报告|年报|报告书)$")
