"""Metadata words: how a report writes its year, its agency, its title and the period it covers."""

import re

from loaders.vocabulary.numerals import CN_DIGITS

# A year as a title states it: 2011年, 二〇一一年, 2011年度 (not a range 2008-2012年).
TITLE_YEAR = re.compile(
    r"(?<![0-9\-－—~～至])([0-9０-９]{4}|[" + "".join(CN_DIGITS) + r"]{4})\s*年"
)
# A year in running text (2011年, not 12011年 or 2011-2012年).
BODY_YEAR = re.compile(r"(?<![0-9\-－—~～·.])((?:19|20)[0-9]{2})年(?![0-9])")
# Endings of organisation names, longest first so 委员会 wins over 委.
AGENCY_SUFFIXES = (
    "委员会",
    "办公厅",
    "办公室",
    "人民政府",
    "政府",
    "总局",
    "总署",
    "中心",
    "银行",
    "局",
    "部",
    "委",
    "署",
    "院",
    "厅",
    "办",
    "会",
    "所",
    "站",
    "队",
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
LINE_DECORATION = re.compile(
    r"^(?:#{1,6}(?=[^#])|[*_]{1,3}|[ \t\u3000])+|(?:[ \t\u3000]+#+|[*_]{1,3}|[ \t\u3000])+$"
)
# How a report's title ends (…年度报告, …工作报告, …年报): a first line without it may continue below.
TITLE_END = re.compile(r"(?:报告|年报|报告书)$")

# Labelled fields a portal page or its archive copy prints in a header block or a meta table
# (`标题: …`, `发布机构：…`, `| 发布日期 | 2020-01-20 |`): the field each label fills, as rows.
FIELD_LABELS = (
    ("title", ("标题", "文章标题", "信息名称", "名称", "题名")),
    ("publisher", ("发布机构", "发文机关", "发文机构", "发布单位", "公开责任部门", "生成机构")),
    ("published_on", ("发布时间", "发布日期", "公开日期", "生成日期")),
    ("source", ("来源", "信息来源")),
    ("index_number", ("索引号",)),
    ("document_number", ("文号", "发文字号")),
)
LABEL_TO_FIELD = {label: field for field, labels in FIELD_LABELS for label in labels}
# A labelled field as a line of its own (`标题: …`) or a meta-table row (`| 标题 | … |`).
FIELD_LINE = re.compile(
    r"^[ \t\u3000|]*(?P<label>" + "|".join(sorted(LABEL_TO_FIELD, key=len, reverse=True)) + r")"
    r"[ \t\u3000]*(?:[:：][ \t\u3000|]*|\|[ \t\u3000]*)(?P<value>.*?)[ \t\u3000|]*$"
)
# Any short label and its colon opening a line (`栏目: …`, `原文链接: …`): header fields, never a title.
ANY_FIELD_LINE = re.compile(r"^[ \t\u3000|]*[\u4e00-\u9fff]{2,6}[ \t\u3000]*[:：]")
# Portal chrome: lines (or line openings) that are navigation, site furniture or archive marks,
# never a title or an agency. Each row names what it is.
CHROME_RULES = (
    (
        "breadcrumb",
        re.compile(r"^(?:当前位置|您的位置|您现在的位置|你的位置|所在位置|位置)[ \t\u3000]*[:：]"),
    ),
    ("home_link", re.compile(r"^(?:首页|网站首页|返回首页)(?:[ \t\u3000>»/|＞]|$)")),
    ("body_mark", re.compile(r"^[=\-─—_*#\s]*(?:正文|原文|全文)[=\-─—_*#\s]*$")),
    ("separator", re.compile(r"^[=\-─—_*~·•.\s]{3,}$")),
    ("attachment_download", re.compile(r"^(?:附件下载|相关附件|下载附件|附件[:：]?\s*$)")),
    (
        "share",
        re.compile(
            r"^(?:分享到|分享|打印本页|打印|关闭窗口|关闭|收藏|字号|【\s*大|\[\s*大|扫一扫)"
        ),
    ),
    ("site_furniture", re.compile(r"(?:微信\s+微博|QQ空间|全真版|文字版|无障碍|适老化|English)")),
    ("archive_note", re.compile(r"^(?:页面链接|本地目录|原文链接|原文地址|links\.tsv)")),
)
# A signature inside a one-line body: after a sentence's end, an optional signing office, then a
# full date, then a blank, the end or an attachment (`…常态化。 平潭县人民政府 2013年1月16日 附件1：…`).
INLINE_SIGNATURE = re.compile(
    r"[。！!；;][ \t\u3000]*(?:(?P<issuer>[^\s。，,；;：:！？!?、0-9０-９（）()]{2,40})[ \t\u3000]+)?"
    r"(?P<date>(?:[0-9０-９]{4}|["
    + "".join(CN_DIGITS)
    + r"]{2,4})[ \t\u3000]*年[^。，,\s]{1,6}?[日号])"
    r"(?=[ \t\u3000]|$|附件)"
)
# Words between an agency and the year that belong to neither (上海市人民政府办公厅关于2013年度…).
AGENCY_TRAILERS = ("关于",)
# An office of the body just named, written on to it: the agency is the whole (上海市人民政府 + 办公厅).
AGENCY_CONTINUATION = re.compile(
    r"^(?:办公厅|办公室|管委会|管理委员会|委员会|工作委员会|党工委|总局|分局|局|厅)"
)
