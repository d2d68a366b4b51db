"""Part-of words: the cues that open a breakdown of a whole, units that add up, and how far a cue reaches."""

import re

from loaders.vocabulary.numerals import MARKER_DIGITS

# Measure words of published items, as the part-of reader reads them: parts in any of them make up a
# whole in any of them (个/张 only with DOCUMENT_NOUNS, below). Reconciliation (loaders.checks) sums
# wider: SUMMABLE_UNITS.
ITEM_UNITS = frozenset("条 件 篇 幅 期 份".split())
# 个/张 count items only when they count documents (4个总局令, 两张报表), not sites or certificates.
DOCUMENT_COUNTERS = frozenset("个 张".split())
# Label endings that make 个/张 count documents (公告, 文件, 报表 …).
DOCUMENT_NOUNS = (
    "公告",
    "文件",
    "规范",
    "令",
    "通知",
    "通告",
    "报表",
    "报告",
    "意见",
    "办法",
    "规定",
    "决定",
    "标准",
    "法规",
    "规章",
    "条例",
    "细则",
    "函",
    "简报",
    "白皮书",
    "指南",
    "通报",
    "批复",
    "手册",
    "规划",
    "方案",
    "目录",
    "清单",
    "表",
    "稿",
    "公报",
    "文书",
    "决议",
    "纪要",
    "解读",
)
# Cue words that open a breakdown: an item marker (一是), 其中/包括/分别为, a bracket of parts (（含, （其中).
ENUM_CUE = re.compile(r"(?<![第其])([" + MARKER_DIGITS + r"]{1,3})是")
AMONG_CUE = re.compile(r"其中(?:包括)?|分别为|分别是|包括")
CONTAINS_CUE = re.compile(r"[（(]\s*(?:其中[：:，,]?|(?:其中)?(?:含|包含|包括))")
# A clause right after a count that opens with …中， (已办结的…中，): the count is the whole of what follows.
AMONG_HEADER = re.compile(r"^[^，,。；;：:\n.]{0,15}中[，,：:]")
# 在公开的信息中，… : a sentence that opens with "among the X" breaks down the total of X before it.
AMONG_REFERENCE = re.compile(
    r"(?:^|(?<=[。！？\n]))[ \t\u3000]*(?:在|其)?(?P<noun>[^，,。；;：:\n0-9]{2,15})中[，,：:]"
)
# A share of a count (占, 比例, 比重) between a count and its percentage.
SHARE_OF_COUNT_CUE = re.compile(r"(占|比例|比重)")
# 从申请形式看， / 按渠道分： a sentence that opens by naming a point of view breaks the total before down.
PERSPECTIVE_CUE = re.compile(
    r"(?:^|(?<=[。！？\n]))[ \t\u3000]*(?:从|按|按照|就)[^，,。；;：:\n]{1,10}?(?:来看|上看|看|划分|区分|分)[，,：:]"
)
# A share that names its total: 占主动公开总数的, 占全部申请的, 占申请总量.
NAMED_TOTAL = re.compile(
    r"占(?:全部|全年|本年)?(?P<name>[^，,。；;%的]{2,12}?)(?:总数|总量|总额|总计|总和|的)"
)
# A change against another period (同比增加10件, 较上年减少12件) describes a count; it is no part.
# A difference between periods (同比增加10件), or the earlier period's figure it is measured from
# (较上年的187件, 较2021年的187件): neither is a count of this year's whole.
CHANGE_CUE = re.compile(
    r"(增加|减少|增长|下降|提高|降低|上升|回落|同比|环比|"
    r"(?:较|比)(?:上年|去年|上一年|前一年|上年度|同期|[0-9]{4}年度?))"
)
# A colon that ends its line introduces items on the lines below (答复情况如下：\n（1）…6件；\n（2）…).
LIST_INTRO = re.compile(r"[：:][ \t\u3000]*\n")
ITEM_LINE = re.compile(
    r"^[ \t\u3000]*(?:[（(][0-9"
    + MARKER_DIGITS
    + r"]{1,2}[）)]|[0-9]{1,2}[.、．](?![0-9])|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮])"
)
# How far the part-of cues reach, in characters.
COLON_CLAUSE_MAX = (
    20  # `58件申请均已按期答复：…`: how far after a count its clause may run to the colon
)
# A heading marker opening a clause (一、 （二）): a bare total may follow it.
HEADING_MARKER = re.compile(
    r"^\s*(?:[（(][" + MARKER_DIGITS + r"]{1,4}[）)]|[" + MARKER_DIGITS + r"]{1,4}、)"
)
CUE_GAP_MAX = 30  # a cue word or marker follows its whole within this many characters
AMONG_LOOKBACK = 80  # how far before 其中 its whole may stand in a flattened paragraph
# How many metrics a rule reads in one window (a sentence, the counts before a total, the candidates for a
# whole): more than any report lists in one breath, and the bound that keeps a page of 共1件，共1件，… linear.
METRICS_WINDOW = 256
# Breakdowns open at once (a 其中 inside a 其中 …): a metric is tried against the latest this many.
OPEN_BREAKDOWNS_MAX = 32
LIST_GAP_MAX = 40
LOOKAHEAD_MAX = 40
# Outcomes of a review of documents or items (清理 … 废止3件、修改5件、继续有效81件).
REVIEW_OUTCOME = re.compile(
    r"^(?:予以|拟|决定|建议)?(?:废止|废除|修改|修订|保留|继续有效|继续保留|继续执行|宣布失效|失效|停止执行)"
)
# The review itself, said around the count of the reviewed items.
REVIEW_VERB = re.compile(r"清理|审查|审核|评估|梳理|复核|核查|清查")

# Any opening bracket: where a bracket of parts may start (行政诉讼1件（维持1件）).
OPENING_BRACKET = re.compile(r"[（(]")
# Units whose counts add up across each other when a whole is reconciled with its parts
# (loaders.checks): every item unit, 个/张 included whatever they count. The part-of reader
# decides parts more narrowly (ITEM_UNITS, DOCUMENT_COUNTERS).
SUMMABLE_UNITS = frozenset("条 件 篇 幅 期 份 个 张 项 卷 页 部 则 批 本 册".split())
# A breakdown that names only some of the parts (checked as parts <= whole, loaders.checks):
# an inclusion cue between the whole and its parts (（含…, 其中包括, 包含), and 等 after the last part.
INCLUSION_CUE = re.compile(r"含|包括")
ETC_AFTER_PARTS = re.compile(r"^[^。；;，,、（）()\n0-9]{0,6}等")
