"""Numbers in prose: a number followed by a measure word or %, with its label (spec: A metric).

Three layers, each a set of small named rules, over a reading text:

0. the unwrapped text (`loaders.reading.unwrap`): where a text was pasted
   from a PDF, lines wrapped at the page width and page seams (`- 2 -`) are
   read as the blanks they replace, so clauses run on across them; offsets
   are unchanged;
1. reading aids (`loaders.reading.view.TextView`): where quoted names and
   brackets run, where a clause or sentence ends, and whether a paragraph had
   its punctuation flattened to `.` (then `.` is a boundary of unknown strength);
2. number tokens (`number_tokens`): Arabic or Chinese numerals, an optional
   approximation (约/近 before, 余/多 inside, 左右/以上 after) and a measure
   word, which may stand a blank or two after an Arabic number (1526 条);
   then the `not_a_metric` rules drop ordinals, frequencies, codes, phone
   numbers, addresses and numbers inside names;
3. labels (`label_metrics`): the noun phrase naming what is counted, nearest
   before the number (质量管理信息718条) or right after it (9次在线访谈), with
   leading markers, fillers and publication verbs removed and the special
   shapes handled one rule each (X等Y, 分N批, V了N个Y, 名单N条M家企业, 共N项 …).
   What a clause says *around* the thing is no part of its name: who acted
   (我局, 局党组), where it was published (通过…平台, 在…网站上), why (因…),
   the jurisdiction (全县), and verbs that only introduce the thing (组织,
   受理, 回应, 投入 …). Verbs that select which things are counted stay
   (新增栏目, 取消的项目, 通过门户网站提交申请). A change against another
   period is named after what changed (申请同比增长).
"""
import re
from dataclasses import dataclass

from loaders.document import MetricData
from loaders.numerals import parse_number
from loaders.reading.unwrap import unwrap
from loaders.reading.view import TextView, quote_spans


def compact_label(label):
    """A label read across a joined line or page seam without the blanks (群众   来电 -> 群众来电).

    Blanks between two ASCII words (Windows 10) stay, as one.
    """
    return re.sub(r"\s+", lambda m: " " if _ascii_word_around(label, m) else "", label).strip()


def _ascii_word_around(label, match):
    before = label[match.start() - 1:match.start()]
    after = label[match.end():match.end() + 1]
    return before.isascii() and before.isalnum() and after.isascii() and after.isalnum()



# ---------------------------------------------------------------------------
# 2. Number tokens
# ---------------------------------------------------------------------------

# Measure words; longer ones first so 人次 wins over 人 and 大类 over 类.
UNITS = (
    "个百分点", "百分点", "个工作日", "工作日", "个月", "人次", "件次", "户次", "家次", "批次", "万元", "亿元", "大类", "小时",
    "条", "件", "次", "个", "家", "张", "篇", "份", "幅", "期", "项", "卷", "页", "批", "名", "类",
    "人", "位", "场", "所", "台", "套", "本", "册", "部", "则", "处", "座", "起", "例", "封", "种",
    "宗", "轮", "户", "元", "天", "块", "%", "％", "‰",
)
# A measure word followed by these characters is the start of another word (5部门, 个人信息, 名单).
UNIT_WORDS = {
    "部门", "个人", "个体", "个别", "个案", "名单", "名称", "名录", "名义", "家庭", "家属", "台账", "台湾",
    "期间", "期限", "期满", "期刊", "处理", "处置", "处罚", "处室", "类别", "类型", "场所", "场景",
    "所有", "所属", "所在", "所得", "种类", "条例", "条件", "条款", "起草", "起诉", "起止", "本级",
    "本部", "本年", "例外", "例会", "位于", "位置", "人民", "人员", "人才", "项目", "份额", "户籍",
    "户口", "元旦", "元素", "宗教", "封面", "封闭", "次年", "次日", "套餐", "天内", "则为", "部分",
    # slogans: 一条龙服务, 一张网, 一件事一次办
    "条龙", "张网", "件事", "次办",
}
APPROX_BEFORE = {"大约": "about", "将近": "about", "接近": "about", "约": "about", "近": "about",
                 "超过": "more_than", "逾": "more_than"}
APPROX_INSIDE = {"余": "more_than", "多": "more_than"}
APPROX_AFTER = {"左右": "about", "上下": "about", "以上": "more_than"}
_CN_NUM_CHARS = "〇零一二两三四五六七八九十百千万亿"
_ARABIC = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?(?:万|亿)?"
_ARABIC_SPACED = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?(?:[ \t\u3000]{0,2}(?:万|亿))?"
_UNIT_HEADS = sorted({unit[0] for unit in UNITS})
# PDF text sets Arabic numbers apart with blanks (1526 条, 15.6 万个, 2.4 万余人次): one or two
# blanks after an Arabic number (or its 万) still join it to its measure word.
_DIGIT_GAP = r"(?:(?<=[0-9０-９])[ \t\u3000]{1,2}(?=[万亿余多" + "".join(_UNIT_HEADS) + r"]))?"
NUMBER_TOKEN = re.compile(
    r"(?P<before>大约|将近|接近|超过|约|近|逾)?"
    r"(?P<num>(?:" + _ARABIC_SPACED + r")|[" + _CN_NUM_CHARS + r"]+)"
    + _DIGIT_GAP +
    r"(?P<inside>余|多)?"
    r"(?P<unit>" + "|".join(re.escape(unit) for unit in UNITS) + r")"
    r"(?P<after>左右|以上|上下)?"
)
# Characters that make a Chinese numeral part of a word, not a count (统一, 唯一, 第一, 之一, 每一).
CN_WORD_BEFORE = set("第每其之统唯同逐单专划合归万不进另任某数初老周星")
# The numeral 一 is a count only with these measure words (一起/一道/一般 are words).
ONE_UNITS = {"个", "次", "件", "条", "份", "批", "期", "项", "张", "家", "篇", "名", "类", "所", "部", "本", "套", "场", "人次"}
# After a Chinese count, these make an adjective or adverb (一次性, 一体化, 两手抓).
CN_WORD_AFTER = set("性化式体样般直定致")
PHONE_CUE = re.compile(r"(电话|热线|传真|手机|邮编|邮政编码|号码|电话号码)[：:\s]*$")


@dataclass
class Token:
    """A number with its measure word before the label is known."""

    start: int  # number start (after 约/近)
    end: int  # after the measure word (and 余/多 inside)
    tail: int  # after a trailing approximation (左右, 以上), else `end`
    value: float
    unit: str
    approx: object
    numeral: str


def is_ordinal(text, start):
    """第N / 第N届 / 第N件 (also `第 8 页` with blanks): an ordinal or ranking, not a count."""
    return text[max(0, start - 3):start].rstrip(" \t\u3000").endswith("第")


EVENT_UNITS = ("次", "期", "场", "轮")


def is_frequency(text, start, unit=""):
    """每月一次, 每周2次, 每季度开展一次检查: a frequency of a practice, not a count of events."""
    before = text[max(0, start - 2):start]
    if before.endswith("每") or (len(before) == 2 and before[0] == "每"):
        return True
    return unit in EVENT_UNITS and bool(re.search(r"每[^，,。；;、.\d次期场轮]{0,6}$", text[max(0, start - 8):start]))


def is_code_or_range(text, start):
    """Part of a code, a range or a phone number: GB2312, 010-82261627, 3·15, 2012/3."""
    before = text[max(0, start - 1):start]
    return bool(before) and (before.isascii() and before.isalnum() or before in "-－—~～·•/_#×*+")


TIME_UNITS = ("个工作日", "工作日", "个月", "小时", "天")


def is_deadline(text, end, unit):
    """15个工作日内, 3天以内: a time limit set by rule, not a measured value."""
    return unit in TIME_UNITS and text[end:end + 2].startswith(("内", "以内", "之内"))


# A number joined to an earlier one by 至/到/-/~ ends a range (3至5个工作日, 10～20人).
RANGE_BEFORE = re.compile(r"[0-9０-９" + "〇零一二两三四五六七八九十百千万" + r"](?:" + "|".join(
    ("个", "名", "人", "天", "件", "次", "家", "条", "项")) + r")?[至到~～\-－—]$")
# Words that make a number a bound set by rule, not a measured value (最长不超过15个工作日).
LIMIT_CUE = re.compile(r"(?:不超过|不得超过|不多于|不少于|不低于|不高于|不得少于|最长|最短|最多|最少|至多|至少|上限|下限)$")


def is_range(text, start):
    """The upper end of a range (3至5个工作日): a span of values, no single count."""
    return bool(RANGE_BEFORE.search(text[max(0, start - 3):start]))


def is_limit(text, start):
    """不超过15个工作日, 最多3次: a bound a rule sets, not a count of what happened."""
    return bool(LIMIT_CUE.search(text[max(0, start - 4):start]))


ADDRESS_CUE = re.compile(r"(?:地址|住址|地点|位于)[：:]?[^，,。；;、（）()]{0,30}$")


def is_address(text, start):
    """白广路二条2号 after 地址：: a street name or number in an address, not a count."""
    return bool(ADDRESS_CUE.search(text[max(0, start - 32):start]))


def is_phone_or_postcode(text, start):
    """A number right after 电话/邮编/传真 …: a contact detail."""
    return bool(PHONE_CUE.search(text[max(0, start - 8):start]))


def is_word_unit(text, end, unit):
    """The measure word starts a longer word (5部门, 1个人信息): not a count."""
    return text[end - len(unit):end + 1] in UNIT_WORDS


def is_word_numeral(text, match):
    """A Chinese numeral inside a word (统一个, 一起, 一次性, 十八大) rather than a count."""
    numeral = match.group("num")
    if not all(ch in _CN_NUM_CHARS for ch in numeral):
        return False
    start = match.start("num")
    if start > 0 and text[start - 1] in CN_WORD_BEFORE:
        return True
    if start > 0 and text[start - 1] in _CN_NUM_CHARS:
        return True
    if numeral == "一" and match.group("unit") not in ONE_UNITS:
        return True
    if all(ch in "百千万亿" for ch in numeral) and not match.group("inside"):
        return True
    return text[match.end("unit"):match.end("unit") + 1] in CN_WORD_AFTER


def not_a_metric(view, match):
    """Why a number with a measure word is not a metric (a rule name), or None when it is one."""
    text = view.text
    start = match.start("num")
    rules = (
        ("ordinal", lambda: is_ordinal(text, start)),
        ("frequency", lambda: is_frequency(text, match.start(), match.group("unit"))),
        ("code_or_range", lambda: is_code_or_range(text, start)),
        ("contact", lambda: is_phone_or_postcode(text, start)),
        ("address", lambda: is_address(text, start)),
        ("inside_name", lambda: view.in_quote(start)),
        ("word_unit", lambda: is_word_unit(text, match.end("unit"), match.group("unit"))),
        ("deadline", lambda: is_deadline(text, match.end("unit"), match.group("unit"))),
        ("range", lambda: is_range(text, start)),
        ("limit", lambda: is_limit(text, start)),
        ("word_numeral", lambda: is_word_numeral(text, match)),
    )
    for name, rule in rules:
        if rule():
            return name
    return None


def approximation(match):
    """None, 'more_than' (余 多 以上 超过) or 'about' (约 近 左右)."""
    if match.group("inside"):
        return APPROX_INSIDE[match.group("inside")]
    if match.group("before"):
        return APPROX_BEFORE[match.group("before")]
    if match.group("after"):
        return APPROX_AFTER[match.group("after")]
    return None


def number_tokens(view, skip=()):
    """Every counted number in the text with its measure word, in text order."""
    text = view.text
    tokens = []
    for match in NUMBER_TOKEN.finditer(text):
        start = match.start("num")
        if any(s <= start < e for s, e in skip):
            continue
        if match.group("before") == "近" and text[max(0, match.start() - 1):match.start()] in ("最", "临", "附"):
            continue
        if not_a_metric(view, match):
            continue
        value = parse_number(re.sub(r"[ \t\u3000]", "", match.group("num")))
        if value is None:
            continue
        unit = match.group("unit")
        unit = "%" if unit in ("％",) else unit
        tokens.append(Token(start, match.end("unit"), match.end(), value, unit, approximation(match),
                            match.group("num")))
    return tokens


# ---------------------------------------------------------------------------
# 3. Labels
# ---------------------------------------------------------------------------

ENUM_MARKER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}是|其[一二三四五六七八九十]|第[一二三四五六七八九十]{1,3}[，,、是])")
LEADING_NOISE = re.compile(
    r"^(?:[（(][一二三四五六七八九十0-9]{1,4}[）)]|[一二三四五六七八九十]{1,3}、|[0-9]{1,2}[.、．]|附件[0-9一二三四五六七八九十]*[：:]?"
    r"|[一二三四五六七八九十]{1,3}是|其中[：:，,]?|包括[：:]?|含|首先|其次|此外|另外|同时|并且|而且|另|并|还"
    r"|全年|当年|本年度|本年|年内|今年|近年来|近几年|近年|目前|截至目前|截止目前|总计|合计|共计|共有|共|累计|先后|陆续|分别|已经|已|均"
    r"|的|[，,、：:；;.。\s]|[*#_]+)"  # markdown emphasis and heading marks are layout
)
LEADING_TIME = re.compile(
    r"^(?:截至|截止|至|到|在)?(?:[0-9]{4}年(?:度)?(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?)(?:底|末|以来|内|全年|期间)?[，,]?"
)
TRAILING_NOISE = re.compile(
    r"(?:共有|共计|合计|总计|累计|分别为|分别是|分别|约为|约|近|共|计|有|达到|达|(?<![行作认成视称])为|是|各|平均"
    # a level reached (平均办理时长缩短至8个工作日): the number is the level, the verb no part of the name
    r"|(?:缩短|降低|减少|下降|提高|提升|增加|增长|上升|扩大|压缩|降|增|升)(?:至|到)"
    r"|每[月年周天日季]?[一二三四五六七八九十0-9]*次?|[，,、：:；;.\s])$"
)
# Verbs of publishing, receiving or holding: the label is their object (公布了…信息 -> …信息).
FILLER_VERBS = (
    "收集整理", "公布了", "发布了", "公开了", "印发了", "更新了", "接收了", "接待了", "召开了", "举办了",
    "组织了", "开展了", "移交了", "编制了", "制定了", "出台了", "公布", "发布", "公开", "印发", "刊登",
    "刊发", "推送", "上传", "转载", "登载", "更新", "接收", "收到", "接待", "召开", "举办",
    "开展", "移交", "上报", "报送", "编制", "制定", "出台", "收集", "整理", "涉及",
)
# Verbs that only introduce what is counted, as the activity that produced,
# held, handled or paid for it (组织培训2次, 受理申请235件, 回应关切37个,
# 投入经费12万元): the label is their object. Verbs that say *which* of the
# things are counted stay in the label (新增栏目, 取消项目, 废止文件, 清理文件,
# 审查文件, 提交申请): the counted things are those the verb selects.
ACTIVITY_VERBS = (
    "组织", "举行", "整合", "受理", "办理", "答复", "回复", "回应", "邀请", "配备", "投入", "收取",
    "编印", "编发", "提供", "完成", "发生", "接听", "接受",
    # setting up what is counted (设立查阅点1865个, 开设栏目9个, 开通热线)
    "设立", "开设", "设置", "开通",
)
FILLER_VERBS = FILLER_VERBS + ACTIVITY_VERBS + tuple(verb + "了" for verb in ACTIVITY_VERBS)
# A filler verb used as a noun: 信息公开, 党务公开, 依申请公开 (before) or 发布会, 新闻发布厅 (after).
FILLER_AS_NOUN_BEFORE = {
    "公开": ("信息", "政务", "党务", "厂务", "村务", "校务", "事务", "申请", "主动"),
    "发布": ("新闻", "信息"),
    "组织": ("党", "国际", "社会", "基层", "群团", "行业", "自治", "中介", "经济", "群众", "团", "其他", "公益"),
    "办理": ("网上", "在线", "异地"),
}
# Before any of the verbs, these make it a modifier: 拟公开信息, 待办理事项 (not a verb of the clause).
MODIFIER_BEFORE = ("拟", "待")
FILLER_AS_NOUN_AFTER = ("会", "厅", "栏", "平台", "栏目", "专栏", "制度", "渠道", "机制", "系统", "目录", "指南",
                        "情况", "事项", "形式", "方式", "率", "量", "数量", "结果", "时限", "时长", "时间", "期限",
                        "流程", "程序", "前", "后", "属性", "范围", "内容", "标准", "要素")
# Nouns a particular verb forms with what follows it: 组织工作, 受理公告, 答复书.
VERB_AS_NOUN_AFTER = {
    "组织": ("工作", "机构", "领导", "建设", "保障", "部门", "架构", "体系", "生活", "关系"),
    "受理": ("公告", "通知", "回执", "告知", "窗口", "单"),
    "答复": ("书", "函", "意见", "文书"),
    "回复": ("函", "意见"),
    "办理": ("意见", "窗口"),
}
NEGATIONS = ("不予", "未", "不", "拒绝")
_FILLER_PATTERN = re.compile("|".join(re.escape(verb) for verb in sorted(FILLER_VERBS, key=len, reverse=True)))
# Words that end a noun phrase after a number: it goes on with a verb (列入, 均已 …).
AFTER_STOPS = ("均已", "已经", "均为", "都已", "均", "列入", "纳入", "进行", "分别", "其中", "涉及", "包括",
               "通过", "予以", "同比", "占比", "占全", "占总", "存在",
               # …or an adverb opens what was done to the things counted (37件文件逐件清理, 5个问题已整改),
               # or an action verb does (26个部门开展评估)
               "已", "逐件", "逐条", "逐项", "逐一", "开展")
# A preposition after a noun starts the predicate (78个预算单位在门户网站公开…), unless it is
# part of a word, opening it (在线访谈, 对外, 从业人员) or closing it (存在, 面向, 针对).
AFTER_PREPOSITIONS = ("在", "向", "对", "从")
PREPOSITION_WORDS = ("在线", "在建", "在职", "在编", "在岗", "在册", "在校", "在办", "在用", "在途", "在售", "在营",
                     "在审", "向上", "对外", "对口", "对象", "对接", "对应", "从业")
PREPOSITION_ENDS_WORD = ("存在", "所在", "现在", "正在", "实在", "内在", "潜在", "针对", "面对", "相对", "绝对",
                         "核对", "比对", "方向", "面向", "导向", "去向", "走向", "取向", "服从", "自从")
# Verbs of paying or granting after a noun end it (3名低收入申请人减免费用85元).
AFTER_MONEY_VERBS = ("减免", "收取", "缴纳", "支付", "发放", "拨付", "补助")
# A measure word followed only by what the counted people or things did (120余人次参加):
# no noun follows, the label is before the number.
AFTER_PREDICATES = ("参加", "参与", "出席", "参会", "到场", "受益", "受训", "参训", "次",
                    # …adverbs that open what was done with them (规范性文件18件全部公开, 25所全面推行…)
                    "全部", "全都", "全面", "均", "都", "已",
                    # …or verbs of deliberation (召开局务会议3次专题研究…)
                    # (专题 alone is a noun too: 18个专题活动专栏)
                    "专题研究", "专题部署", "专门研究", "研究", "部署", "审议", "听取")
AFTER_TRAILING = re.compile(r"[的和及与或中等、从在于被将向对由均都已也还并]+$")
AFTER_BREAK = set("。！？!?\n；;：:，,、.（()）《》【】[]…—| \t\u3000")
COLLECTIVE_NOUNS = ("名单", "名录", "清单", "目录", "列表")
GENERIC_HEAD_MAX = 2  # 信息, 问题, 申请: too generic to name what is counted alone
SHORT_ENUMERATION = (3, 16)  # at most 3 items and 16 characters: kept whole before 等
LONG_QUOTE = 12
CONJUNCTION_PREFIX = re.compile(r"^(?:以及|及其|及)(?=..)")
PREPOSITIONS = ("对", "向", "在", "通过", "以", "从", "为", "按", "按照", "根据", "经", "把", "将", "由", "围绕", "针对", "结合")
FLAT_ITEM_MAX = 12
SHARE_CUE = re.compile(r"(占|比例为|比例达|比例是|占比|比重)")
TOTAL_CUE = re.compile(r"(共计|合计|总计|共有|共|累计)")


def strip_leading(text):
    """Remove markers, connectives and time phrases that open a clause (一是, 其中：, 2011年，…)."""
    previous = None
    while previous != text:
        previous = text
        text = LEADING_NOISE.sub("", text, count=1)
        text = LEADING_TIME.sub("", text, count=1)
    return text


def strip_trailing(text):
    """Remove what links a label to its number (共有, 共计, 有, 达, 各, 每月一次 …)."""
    previous = None
    while previous != text:
        previous = text
        text = TRAILING_NOISE.sub("", text)
    return text


def filler_verbs(text):
    """(start, end) of each publication/receipt verb used as a verb, in order.

    A verb after a negation (不予受理) or inside a noun compound (党务公开信息,
    新闻发布会) is not one.
    """
    found = []
    quotes = quote_spans(text)
    for match in _FILLER_PATTERN.finditer(text):
        verb = match.group()
        stem = verb.rstrip("了") or verb
        before = text[:match.start()]
        after = text[match.end():]
        compound = FILLER_AS_NOUN_BEFORE.get(stem, ())
        if before.endswith(NEGATIONS + MODIFIER_BEFORE) or (compound and before.endswith(compound)):
            continue
        if verb[-1] != "了" and after.startswith(FILLER_AS_NOUN_AFTER + VERB_AS_NOUN_AFTER.get(stem, ())):
            continue
        if in_name(quotes, match.start()) or in_about_phrase(before):
            continue
        found.append(match.span())
    return found


def in_name(quotes, position):
    """Inside a quoted name (“青山发布”微信公众号): a word of the name, not a verb of the clause."""
    return any(start < position < end for start, end in quotes)


def in_about_phrase(before):
    """After an open 关于 (关于受理…的公告): the verb is the content a title names, not the clause's."""
    about = before.rfind("关于")
    return about >= 0 and "的" not in before[about:]


def after_fillers(text):
    """The object of the first filler verb (公布了…信息 -> …信息), or the text when there is none.

    Consecutive fillers (公布和更新, 公布更新) are all removed. When nothing
    follows the verb, the verb itself names the count (更新337家 -> 更新).
    """
    verbs = filler_verbs(text)
    if not verbs or is_relative_clause(text):
        return text
    end = verbs[0][1]
    for start, stop in verbs[1:]:
        gap = text[end:start]
        if gap in ("", "和", "及", "并", "与", "、", "或"):
            end = stop
        else:
            break
    rest = text[end:]
    if not strip_trailing(strip_leading(rest)).strip("的了"):
        # No object: the verb and how it was done name the count (通过网站公开, 同意公开的, 更新).
        return text
    return rest


def is_relative_clause(text):
    """`涉及国家秘密的2件`, `同意公开的62件`: a 的-clause standing for the things counted.

    Its verb is what selects them (those that involve state secrets), so it is
    no filler to drop: the label is the clause as written.
    """
    return text.endswith("的") and len(text) > 2


def predicate_is_have(raw):
    """X有N件 / X共有N项 / X为N%: the label is the whole subject X (no verb is removed)."""
    return bool(re.search(r"(?:有|共有|为|达)$", raw.strip()))


def strip_circumstance(text):
    """Drop a leading prepositional relative clause (已向…登录的X -> X) when X is a full noun.

    向/在/从/经/由/被/对/通过 … 的 says where or how, not what is counted;
    关于…的 is kept, as it names the content (关于…的公告).
    """
    match = re.match(r"^(?:已|均|已经)?(?:向|在|从|经|由|被|对|针对|面向|通过)[^的]{1,20}的(?P<head>.{4,})$", text)
    if match:
        return match.group("head")
    return CAUSE.sub("", strip_scope(text))  # 全省因…引发行政复议案件: the scope stands before the cause


# 因…申请提起行政复议: the cause before a verb of filing or arising is no part of what is counted.
CAUSE = re.compile(r"^因[^，,、的]{1,16}?(?=(?:提起|提出|引起|引发|发生|产生|被申请|被提起)..)")
# A governing body with a verb of deliberation (局党组专题研究…, 领导小组审议…): the subject, not the count.
SUBJECT = re.compile(
    r"^[\u4e00-\u9fff]{0,6}(?:党组|党委|领导小组|工作小组|常务会议|办公会议|常务会|办公会)(?:会议)?"
    r"(?=(?:专题|先后|多次|定期|集中)?(?:研究|部署|审议|听取|学习)..)"
)
# Who, in the first person (我局, 本机关): the reporting office is no part of what it counts.
FIRST_PERSON = re.compile(r"^(?:我|本)(?:部门|局|委|厅|办|部(?!门)|署|院|中心|机关|单位|市|县|区|省|府|会|所|站)(?=..)")


def unquote_whole(text):
    """'图片新闻' -> 图片新闻: marks around a label that is one quoted name are not part of it."""
    spans = quote_spans(text)
    if len(spans) == 1 and spans[0] == (0, len(text)) and len(text) > 2:
        return text[1:-1]
    return text


def object_of_have(text):
    """全市共有政务服务中心18个: what a subject 共有/设有/拥有 is the thing counted."""
    match = re.search(r"(?:共有|拥有|设有|现有|建有|开设有|设立有)(?=..)", text)
    return text[match.end():] if match else text


# Where something was published: 通过…平台, 在…网站上, 依托…专栏 (a channel, not what is counted).
CHANNEL = re.compile(
    r"(?:通过|依托|利用|借助|经由|在)[^，,；;。：:]{1,30}?"
    r"(?:网站|门户|平台|专栏|栏目|微博|微信|公众号|客户端|新媒体|媒体|公报|报刊|报纸|电视|广播|热线|窗口|大厅|服务网"
    r"|[Aa][Pp][Pp]|ＡＰＰ|ａｐｐ|小程序|政务号|头条号|抖音号?)"
    r"(?:上|中|里|内)?"
    # … followed by the verb of publishing (possibly the term 主动公开), which is what makes it a channel
    r"(?=(?:主动|集中|及时|统一|依法)?(?:公开|发布|公布|推送|发送|刊登|刊发|转载|上传)..)"
)
# The whole jurisdiction or office (全县, 全局): who did it, not what is counted.
LEADING_SCOPE = re.compile(r"^(?:全(?:县|市|区|省|州|盟|旗|镇|乡|局|委|厅|院|系统))(?=..)")


def strip_channel(text):
    """`…通过区政府门户网站、政务新媒体等平台主动公开政府信息` -> 主动公开政府信息.

    The subject and the channel before a verb of publishing say who published
    where; the count is of what was published. Only a channel directly before
    such a verb is dropped: 通过门户网站提交申请 keeps its channel, as there the
    channel tells the counted applications apart.
    """
    match = None
    for match in CHANNEL.finditer(text):  # noqa: B007 (the last one is kept)
        pass
    return text[match.end():] if match else text


def strip_scope(text):
    """组织全县政府信息公开业务培训 -> 政府信息公开业务培训: the jurisdiction-wide scope is no part of the name.

    (全国 is kept: 全国…会议 names a national kind of thing.)
    """
    return LEADING_SCOPE.sub("", text)


def strip_subject(text):
    """我局主动公开…, 局党组专题研究…: the office that acted is no part of what is counted."""
    previous = None
    while previous != text:
        previous = text
        text = strip_leading(SUBJECT.sub("", FIRST_PERSON.sub("", text)))
    return text


# 已答复申请168件: a handling verb after 已 says which of the things are counted (the answered ones).
HANDLED_STATE = re.compile(r"(?:均已|已经|已)(?P<label>(?:答复|回复|办结|办理|处理)[^，,；;。]{2,})$")


def handled_state(text):
    """`已答复申请` -> 答复申请: the state reached selects what is counted, so its verb stays (已 goes).

    Only at the start of the label (after markers, time and subject) and with
    an object after the verb; `已办结412件` is named by the verb alone anyway.
    """
    match = HANDLED_STATE.search(text)
    if not match or strip_subject(strip_leading(text[:match.start()].strip())):
        return None
    return match.group("label")


def clean_label(raw):
    """Markers, time phrases and link words removed; the object of a filler verb kept."""
    state = handled_state(raw.strip())
    if state:
        return strip_trailing(state)
    text = strip_total_subject(strip_subject(strip_leading(raw.strip())))
    subject = predicate_is_have(text)
    text = strip_trailing(text)
    if not subject:
        text = object_of_have(text)
    if not subject:
        published = strip_channel(text)
        label = strip_scope(strip_circumstance(strip_trailing(strip_leading(after_fillers(published)))))
        if len(label) <= GENERIC_HEAD_MAX and published != text:
            # 通过政务微博发布信息: "信息" alone does not say what was counted; the channel does.
            label = channel_and_object(text)
        elif len(label) <= GENERIC_HEAD_MAX and published == text and acting_subject(text):
            # 乡镇（街道）公开信息4386条: nor does it here; who published it does.
            label = strip_scope(text)
        text = object_of_participation(label)
    return unquote_whole(text.strip())


# Words of a medium (网站, 微博 …) or of time and manner: a subject holding one is a channel, not who acted.
MEDIUM_OR_TIME = re.compile(
    r"网站|门户|平台|专栏|栏目|微博|微信|公众号|客户端|新媒体|媒体|公报|报刊|报纸|电视|广播|热线|窗口|大厅"
    r"|全年|当年|本年|年内|分别|先后|累计|共"
)


def acting_subject(text):
    """Who published, when a generic object (信息) needs it: `乡镇（街道）公开信息` -> 乡镇（街道）.

    The words before the clause's first filler verb, when they name an actor:
    a medium (区政府门户网站发布信息) or a time word is not one, and there the
    object alone stays the label. '' when there is no such subject.
    """
    verbs = filler_verbs(text)
    if not verbs:
        return ""
    subject = strip_scope(text[:verbs[0][0]]).strip()
    return "" if MEDIUM_OR_TIME.search(subject) else subject


# 各级行政机关共主动公开…, 全县累计受理…: a subject, then 共/累计, then the verb of the count.
TOTAL_AFTER_SUBJECT = re.compile(
    r"^[^，,；;：:0-9]{2,16}?(?:共计|累计|共)"
    r"(?=(?:主动|依申请|依法)?(?:公开|发布|公布|受理|收到|接收|办理|处理|制发|印发|清理|召开|举办|开展|组织|答复|审查|编制|推送)..)"
)


def strip_total_subject(text):
    """`各级行政机关共主动公开政府信息` -> 主动公开政府信息: who acted, and 共, are no part of what was counted."""
    return TOTAL_AFTER_SUBJECT.sub("", text)


# Verbs of taking part: what follows is the event counted, what precedes who took part.
PARTICIPATION = re.compile(r"^(?P<who>.{2,}?)(?:参加|参与|出席)(?P<what>[^的]{2,})$")


def object_of_participation(label):
    """`…工作人员参加培训` (2次) -> 培训: the count is of the event, not of those who attended it."""
    match = PARTICIPATION.match(label)
    return match.group("what") if match else label


def channel_and_object(text):
    """通过政务微博发布信息 -> 政务微博发布信息: the channel, its verb and a generic object.

    Kept only where the object alone (信息, 文件) is too generic to name the
    count; the preposition that introduces the channel is dropped.
    """
    match = None
    for match in CHANNEL.finditer(text):  # noqa: B007 (the last one is kept)
        pass
    channel = match.group(0)
    channel = re.sub(r"^(?:通过|依托|利用|借助|经由|在)", "", channel)
    channel = re.sub(r"(?:上|中|里|内)$", "", channel)
    return strip_scope(channel) + text[match.end():]


def enumeration_label(text, flat):
    """Label of `…A、B、C等Y`: Y alone when it names the thing, else the items kept with it.

    With nothing after 等 the items are the label. A head of two characters or
    fewer (信息, 问题, 申请) is too generic alone: a short enumeration (at most 3
    items, 16 characters) is kept whole, a long one is cut to its last item.
    """
    index = _last_unquoted(text, "等")
    if index < 0:
        return text
    items_text, head = text[:index], text[index + 1:]
    if not head:
        return items_text
    if len(head) > GENERIC_HEAD_MAX:
        return re.sub(r"^(?:各类|各种|各项)(?=..)", "", head) if len(head) > 4 else head
    separators = "、." if flat else "、"
    items = [item for item in re.split("[" + re.escape(separators) + "]", items_text) if item]
    max_items, max_chars = SHORT_ENUMERATION
    if len(items) <= max_items and len(items_text) <= max_chars:
        label = items_text
    else:
        label = items[-1] if items else ""
    return CONJUNCTION_PREFIX.sub("", label) + "等" + head


def _last_unquoted(text, char):
    """Index of the last `char` outside quoted names, or -1."""
    spans = quote_spans(text)
    for index in range(len(text) - 1, -1, -1):
        if text[index] == char and not any(s < index < e for s, e in spans):
            return index
    return -1


def long_quote_head(text):
    """A count right after a long quoted name counts what the name's head says.

    (更新“…检出塑化剂的企业及其产品名单”61次 -> 企业及其产品名单): the part of
    the name after its last 的, when the name is longer than a label should be.
    """
    stripped = text.rstrip()
    if not stripped or stripped[-1] not in "”》'\"’":
        return None
    spans = quote_spans(stripped)
    if not spans or spans[-1][1] != len(stripped):
        return None
    content = stripped[spans[-1][0] + 1:-1]
    if len(content) <= LONG_QUOTE:
        return None
    return content.rsplit("的", 1)[-1] or content


def noun_item(segment):
    """A short noun item of a flattened enumeration (no verb of completion, no predicate end)."""
    return (
        0 < len(segment) <= FLAT_ITEM_MAX
        and not re.search(r"[了着过0-9]", segment)
        and not segment.endswith(("有", "等", "的", "中"))
        and not segment.startswith(PREPOSITIONS)
        and not re.match(r"^[0-9]{4}年", segment)
    )


def extend_flat(view, start, floor):
    """In a flattened paragraph, where a label that `.` split really starts, or None.

    `发布了滚动新闻.图片新闻161条`: going back over short noun items, the label
    reaches a publication verb (or a marker) or the previous metric; only then
    do the items belong to it. A predicate end (…有.), a completed verb (了),
    a long segment or a preposition means the `.` was a real boundary.
    """
    text = view.text
    position = start
    for _ in range(6):
        dot = position - 1
        if dot < 0 or text[dot] != ".":
            return None
        if dot <= floor:
            return position if position != start else None
        segment_start = view.clause_start(dot, floor)
        segment = text[segment_start:dot]
        if segment.endswith(("有", "等", "中", "的")):
            return None
        body = strip_leading(segment)
        verbs = filler_verbs(body)
        if verbs and verbs[0][1] < len(body):
            return segment_start + (len(segment) - len(body)) + verbs[0][1]
        if body != segment and ENUM_MARKER.match(segment):
            return segment_start + (len(segment) - len(body))
        if re.search(r"[了着过]", segment) or not noun_item(segment):
            return None
        position = segment_start
    return None


def after_phrase(view, end):
    """(phrase, stop) of the noun right after a measure word (9次在线访谈 -> 在线访谈).

    Runs to punctuation, the next number or a verb that ends the noun phrase;
    quoted names are taken whole (86件申请属于“咨询类问题”).
    """
    text = view.text
    index = end
    while index < len(text):
        if index in view.quote_open_at and text[index] in "“‘'\"":
            index = view.quote_open_at[index]
            continue
        ch = text[index]
        if ch.isdigit() or ch in AFTER_BREAK:
            break
        if ch in _CN_NUM_CHARS and NUMBER_TOKEN.match(text, index):
            break
        if text.startswith(AFTER_STOPS + AFTER_MONEY_VERBS, index) and index > end:
            break
        if (index > end and ch in AFTER_PREPOSITIONS and not text.startswith(PREPOSITION_WORDS, index)
                and text[index - 1:index + 1] not in PREPOSITION_ENDS_WORD):
            break
        index += 1
    phrase = text[end:index]
    if phrase.startswith("的"):
        return "", end  # 1200家的许可证书: the noun belongs to what follows, not to this count
    if phrase.startswith(AFTER_PREDICATES):
        return "", end  # 120余人次参加: a predicate, not a noun
    if "了" in phrase:
        cut = phrase.index("了")
        phrase = phrase[:cut - 2] if cut - 2 >= 2 else phrase[:cut]
    phrase = AFTER_TRAILING.sub("", counted_before_work(phrase))
    return phrase, index


# …的清理工作, …的办理情况: the work done on the things, or the state of it, is no thing a measure word counts.
WORK_HEAD = re.compile(r"的[^的，,。；;]{0,6}(?:工作|情况)$")


def counted_before_work(phrase):
    """`52件行政规范性文件的清理工作` -> 行政规范性文件: the count is of the noun before 的.

    A measure word (件, 个 …) counts things; when the noun after it is the
    modifier of 工作/情况 (the clean-up work, the handling), the things are
    that modifier, and the work is what was done to them.
    """
    match = WORK_HEAD.search(phrase)
    if match and match.start() >= 2:
        return phrase[:match.start()]
    return phrase


def verb_of_completion(raw):
    """`取消了94个Y`: the verb that qualifies the counted thing (取消), or None for fillers."""
    text = strip_leading(raw.strip())
    if not text.endswith("了"):
        return None
    verb = text[:-1]
    if not verb or len(verb) > 4 or filler_verbs(verb + "了"):
        return None
    return verb


def qualifier_before(raw):
    """`改变管理方式的有5个Y` / `取消的94个Y`: the 的-modifier to put before Y, or ''.

    A time phrase in it (2016年以来印发的) is dropped like at a label's start,
    and a modifier that is only a verb introducing the thing (受理的, 印发的)
    says nothing of which things are counted, so it is no part of the label.
    """
    text = strip_leading(raw.strip())
    text = re.sub(r"(?:有|共有)$", "", text)
    text = strip_leading(re.sub(r"^(?:在|对|从)(?=..)", "", text))
    if not text.endswith("的") or len(text) <= 1:
        return ""
    verbs = filler_verbs(text)
    if verbs and verbs[0][0] == 0 and verbs[-1][1] < len(text) - 1:
        text = text[verbs[0][1]:]  # 完成…的52件Y: the verb introduces the things, its object is the modifier
    text = strip_owner(text)
    verbs = filler_verbs(text)
    if verbs and verbs[0][0] == 0 and verbs[-1][1] == len(text) - 1:
        return ""  # 印发的, (市政府部门)制定的: only a verb introducing the things
    return text


# An office or level of government: who holds or issued the things (区政府办公室, 厅本级, 各部门).
OWNER_NOUN = r"(?:政府|办公室|办公厅|本级|机关|部门|单位|街道|乡镇|局|委|厅|办)"
OWNER = re.compile(r"^[\u4e00-\u9fff及和、]{0,14}" + OWNER_NOUN + r"(?=[\u4e00-\u9fff]{2,8}的$)")


def strip_owner(qualifier):
    """`区政府及区政府办公室现行有效的` -> 现行有效的: whose the things are is no part of which they are.

    In a 的-modifier before a count, an office or level of government that
    opens it names the holder or issuer (who acted, like 我局 or 全县); the
    predicate after it (现行有效, 2016年以来印发) is what selects the things.
    """
    return OWNER.sub("", qualifier)


def batch_label(view, token, floor):
    """`分五批共取消了94个Y`: a count of batches counts the action that follows (取消Y)."""
    text = view.text
    raw = text[view.clause_start(token.start, floor):token.start]
    if not strip_leading(raw).endswith("分"):
        return None
    index = token.tail
    breaks = view.breaks(index)
    while index < len(text) and text[index] not in breaks:
        index += 1
    rest = NUMBER_TOKEN.sub("", text[token.tail:index])
    rest = strip_leading(rest).replace("了", "")
    return rest or None


# What ties a count to one period (新收, 本年新增, 上年结转): a total over several periods drops it.
PERIOD_QUALIFIER = re.compile(r"^(?:本年度|本年|当年|今年|上年度|上年|去年)?(?:新收|新增|新受理|结转|新)?(?=..)")


def total_of_parts_label(parts):
    """`A35项，B10项，共45项`: a total without its own noun is named after its parts.

    The 的-modifier of the first part's phrase (from its verb on) with the
    head the parts share (上报国务院保留的行政许可项目 + 非许可审批项目 ->
    上报国务院保留的项目).
    """
    labels = [part.label for part in parts if part.label]
    if not labels:
        return ""
    suffix = labels[0]
    for label in labels[1:]:
        while suffix and not label.endswith(suffix):
            suffix = suffix[1:]
    phrase = parts[0].phrase
    modifier = phrase[:phrase.rfind("的") + 1] if "的" in phrase else ""
    if len(suffix) < 2:
        # 新收申请73件，上年结转1件，共计74件: the parts are told apart by their
        # period; the total spans both, so the first part's noun without it.
        base = PERIOD_QUALIFIER.sub("", labels[0])
        return modifier + base if len(base) >= 2 else modifier + labels[0]
    return modifier + suffix


@dataclass
class Labelled:
    """A token with its label while labels are being read (`zone` ends where the label text ends)."""

    token: Token
    label: str
    phrase: str
    zone_end: int
    used_after: bool
    clause_start: int


def _phrase_from_verb(text):
    """The clause from its first filler verb on (for naming totals after their parts)."""
    body = strip_leading(text)
    verbs = filler_verbs(body)
    return body[verbs[0][0]:] if verbs else body


def _share_label(before_raw, previous):
    """A percentage's label: the thing whose share it is (the count before 占…%, or what precedes 占)."""
    match = SHARE_CUE.search(before_raw)
    if not match:
        return None
    own = clean_label(before_raw[:match.start()])
    if own:
        return own
    return previous.label if previous else ""


def attribute_label(previous):
    """`名单5条786家企业`: a number glued to the previous one counts members of the same thing.

    It takes the previous label without its collective noun (名单, 目录 …):
    786家 are the 国内企业 of the 国内企业名单.
    """
    base = previous.label
    for noun in COLLECTIVE_NOUNS:
        if base.endswith(noun) and len(base) > len(noun):
            return base[:-len(noun)]
    return base


def flat_label_start(view, raw, start, floor):
    """Where the label text starts in a flattened paragraph (see `extend_flat`), else `start`.

    Only a bare noun (no verb, no marker) or an enumeration whose items the
    label needs (…等信息) is extended back across `.`.
    """
    cleaned = clean_label(raw)
    opening = raw.strip().strip(".，,、：:；;")
    bare = not filler_verbs(opening) and strip_leading(opening) == opening
    if _needs_enumeration_items(cleaned) or (bare and cleaned and "等" not in cleaned):
        extended = extend_flat(view, start, floor)
        if extended is not None:
            return extended
    return start


def colon_key(view, start, floor):
    """`主动公开信息数：1568条`, `| 主动公开信息 | 1568条 |`: a value takes the key before its colon or cell."""
    text = view.text
    separator = start - 1
    while separator > floor and text[separator] in " \u3000":
        separator -= 1
    if separator < floor or separator < 0 or text[separator] not in "：:|\t":
        return ""
    key_end = separator
    while key_end > floor and text[key_end - 1] in " \u3000":
        key_end -= 1
    key_start = view.clause_start(key_end, floor)
    return clean_label(text[key_start:key_end])


def label_one(view, token, previous, history):
    """Label one token, given the tokens labelled before it. The rules, in order:

    1. glued to the previous number: an attribute of the same thing (`attribute_label`);
    2. `分N批…`: the action done in batches (`batch_label`);
    3. a share (占…%): the thing whose share it is (`_share_label`);
    4. a noun right after the measure word (9次在线访谈): that noun, with the
       verb or 的-modifier that qualifies it (`verb_of_completion`, `qualifier_before`);
    5. right after a long quoted name: the name's head (`long_quote_head`);
    6. the clause before the number, cleaned (`clean_label`), extended across
       `.` in flattened text (`flat_label_start`), enumerations cut (`enumeration_label`);
    7. nothing of its own: the key before a colon (`colon_key`), a 共-total
       named after its parts (`total_of_parts_label`), else the previous
       label (12005卷、157019件 share 历史档案).
    """
    text = view.text
    floor = previous.zone_end if previous else 0
    start = view.clause_start(token.start, floor)
    raw = text[start:token.start]
    if "\u3000" in raw or "  " in raw or " " in raw.strip():
        raw = compact_label(raw)  # a word split by a joined line (发\n布) reads whole again
    after, after_end = after_phrase(view, token.tail)

    def result(label, used_after=False):
        zone_end = after_end if used_after else token.tail
        return Labelled(token, compact_label(label), _phrase_from_verb(raw), zone_end, used_after, start)

    if previous and token.start == previous.zone_end and not previous.used_after:
        return result(attribute_label(previous), used_after=bool(after))

    batch = batch_label(view, token, floor)
    if batch:
        return result(batch)

    if token.unit == "%":
        share = _share_label(raw, _last_count(history, view.sentence_start(token.start)))
        if share is not None:
            return result(share)

    if after:
        verb = verb_of_completion(raw)
        qualifier = qualifier_before(raw)
        if verb:
            return result(verb + "的" + after, used_after=True)
        return result(qualifier + after, used_after=True)

    quoted = long_quote_head(raw)
    if quoted:
        return result(quoted)

    flat = view.flat(token.start)
    if flat:
        raw = text[flat_label_start(view, raw, start, floor):token.start]
    label = clean_label(raw)
    if "等" in label:
        label = enumeration_label(label, flat)
    label = CONJUNCTION_PREFIX.sub("", label)
    if label:
        return result(label)

    key = colon_key(view, start, floor)
    if key:
        return result(key)
    if TOTAL_CUE.search(raw):
        parts = _run_before(history, token, view)
        if parts:
            return result(total_of_parts_label(parts))
    return result(previous.label if previous else "")


def _needs_enumeration_items(cleaned):
    """…等信息: the head after 等 is too generic alone, so the items before it are needed."""
    index = _last_unquoted(cleaned, "等")
    return index >= 0 and len(cleaned) - index - 1 <= GENERIC_HEAD_MAX


def _last_count(history, sentence_start):
    """The last count (not a %) labelled in the sentence that starts at `sentence_start`."""
    for item in reversed(history):
        if item.token.start < sentence_start:
            return None
        if item.token.unit != "%":
            return item
    return None


def _run_before(history, token, view):
    """The counts in the same unit right before `token` in its sentence (the parts of 共N)."""
    sentence_start = view.sentence_start(token.start)
    run = []
    for item in reversed(history):
        if item.token.start < sentence_start or item.token.unit != token.unit:
            break
        if any(ch in "；;" for ch in view.text[item.token.end:token.start]):
            break
        run.insert(0, item)
    return run


# A change against another period, alone: 同比增长, 较上年减少, 比上年提高.
_CHANGE = (r"(?:同比|环比|(?:较|比)(?:上年同期|上年度|上一年|上年|去年|前一年|同期|[0-9]{4}年(?:度|同期)?))?"
           r"(?:增长|增加|减少|下降|提高|降低|上升|回落|缩短|延长|提升|扩大)了?")
CHANGE_ONLY = re.compile("^" + _CHANGE + "$")
CHANGE_TAIL = re.compile(_CHANGE + "$")


def change_label(view, item, previous):
    """`申请235件，同比增长12.5%`: a change named only by its change words takes the changed thing's name.

    The thing is the metric just before in the same sentence (申请 -> 申请同比增长),
    so that the label says what grew; a change is never a part (see parents).
    """
    if not CHANGE_ONLY.match(item.label) or previous is None:
        return item.label
    if previous.token.start < view.sentence_start(item.token.start):
        return item.label
    base = CHANGE_TAIL.sub("", previous.label)
    return base + item.label if base else item.label


def label_metrics(view, tokens):
    """Label every token in text order (each label may lean on the one before)."""
    history = []
    for token in tokens:
        previous = history[-1] if history else None
        item = label_one(view, token, previous, history)
        item.label = change_label(view, item, previous)
        history.append(item)
    distribute_respectively(view, history)
    return history


RUN_SEPARATOR = re.compile(r"^[、，,和及与\s]+$")  # glued numbers (名单5条1492家) are attributes, not a run
RESPECTIVE_REACH = 12  # 分别 governs the numbers that follow it within a few characters (分别占申请总量的)
# What introduces the items an enumeration lists (申请主要集中在A、B、C等方面): cut before the first item.
ITEMS_INTRODUCED = re.compile(r"^.*(?:集中在|集中于|主要是|主要为|主要有|主要涉及|涉及|包括|分为|为|是|在|有)")
ITEMS_TRAILING = re.compile(r"(?:全年|当年|本年度|本年|年内|均|都|各)+$")


def runs_of_numbers(view, history):
    """Runs of two or more numbers of one kind (all % or all counts) with only separators between them."""
    runs, run = [], []
    for item in history:
        if run:
            last = run[-1].token
            joined = RUN_SEPARATOR.match(view.text[last.tail:item.token.start])
            if joined and (last.unit == "%") == (item.token.unit == "%"):
                run.append(item)
                continue
            if len(run) >= 2:
                runs.append(run)
        run = [item]
    if len(run) >= 2:
        runs.append(run)
    return runs


def respective_items(view, first):
    """The items a `分别` before `first` distributes over, in order, or None.

    `A、B、C等方面，分别占…的a%、b%和c%` and `A、B全年分别发布信息m条、n条`: the last
    clause before 分别, without what follows its 等 and trailing time words,
    split at 、 (and at its last 和/及/与 when one item short).
    """
    text = view.text
    start = view.sentence_start(first.token.start)
    before = text[start:first.token.start]
    at = before.rfind("分别")
    if at < 0 or view.flat(first.token.start) or view.in_quote(start + at):
        return None
    if len(before) - at > RESPECTIVE_REACH or re.search(r"[，,；;：:。0-9]", before[at:]):
        return None
    clauses = [c for c in re.split(r"[，,；;：:]", before[:at]) if c.strip()]
    if not clauses:
        return None
    clause = clauses[-1].strip()
    cut = _last_unquoted(clause, "等")
    if cut > 0:
        clause = clause[:cut]
    clause = ITEMS_TRAILING.sub("", clause)
    spans = quote_spans(clause)
    items, begin = [], 0
    for index, ch in enumerate(clause):
        if ch == "、" and not any(s < index < e for s, e in spans):
            items.append(clause[begin:index])
            begin = index + 1
    items.append(clause[begin:])
    return [item for item in items if item]


def distribute_respectively(view, history):
    """`A、B、C…分别…a、b和c`: each number of the run takes its item of the enumeration.

    A share takes the item as its label (what it is the share of); a count
    keeps its own noun after the item (A…发布信息m条 -> A信息). Nothing changes
    unless the items and the numbers are as many.
    """
    for run in runs_of_numbers(view, history):
        items = respective_items(view, run[0])
        if not items:
            continue
        if len(items) == len(run) - 1:
            last = re.split(r"和|及|与", items[-1])
            if len(last) == 2 and all(last):
                items[-1:] = last
        if len(items) != len(run):
            continue
        items[0] = ITEMS_INTRODUCED.sub("", items[0]) or items[0]
        for item, text in zip(run, items):
            text = strip_leading(text.strip())
            if item.token.unit == "%" or not item.label or text.endswith(item.label):
                item.label = text
            else:
                item.label = text + item.label


def find_metrics(text, skip=()):
    """Every metric of the narrative text outside the `skip` spans, in text order.

    Keys are left empty (the pipeline numbers them) and section/parent None.
    """
    view = TextView(unwrap(text))
    tokens = number_tokens(view, skip)
    metrics = []
    for item in label_metrics(view, tokens):
        token = item.token
        metrics.append(MetricData(
            key="",
            label=item.label,
            value=token.value,
            unit=token.unit,
            approx=token.approx,
            start=token.start,
            end=token.end,
            raw=text[token.start:token.end],
        ))
    return metrics
