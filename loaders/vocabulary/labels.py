"""Label words: markers, fillers, verbs, prepositions and cues that shape the noun phrase naming a number."""

import re

from loaders.vocabulary.numerals import MARKER_DIGITS

# An item marker opening a clause (一是, 其二, 第三，): no part of a label.
ENUM_MARKER = re.compile(
    r"^(?:["
    + MARKER_DIGITS
    + r"]{1,3}是|其["
    + MARKER_DIGITS
    + r"]|第["
    + MARKER_DIGITS
    + r"]{1,3}[，,、是])"
)
# What a label never starts with: heading and item markers, connectives, time words, totals, punctuation.
LEADING_NOISE = re.compile(
    r"^(?:[（(]["
    + MARKER_DIGITS
    + r"0-9]{1,4}[）)]|["
    + MARKER_DIGITS
    + r"]{1,3}、|[0-9]{1,2}[.、．]|附件[0-9"
    + MARKER_DIGITS
    + r"]*[：:]?"
    r"|["
    + MARKER_DIGITS
    + r"]{1,3}是|其中[：:，,]?|包括[：:]?|含|首先|其次|此外|另外|同时|并且|而且|另|并|还"
    r"|全年|当年|本年度|本年|年内|今年|近年来|近几年|近年|目前|截至目前|截止目前|总计|合计|共计|共有|共|累计|先后|陆续|分别|已经|已|均"
    r"|的|[，,、：:；;.。\s]|[*#_]+)"  # markdown emphasis and heading marks are layout
)
# A date or period opening the clause (截至2023年底, 2022年度内): when, not what is counted.
LEADING_TIME = re.compile(
    r"^(?:截至|截止|至|到|在)?(?:[0-9]{4}年(?:度)?(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?)(?:底|末|以来|内|全年|期间)?[，,]?"
)
# What a label never ends with: the verb or copula before the number (共有, 达到, 为), a level reached, a frequency.
TRAILING_NOISE = re.compile(
    r"(?:共有|共计|合计|总计|累计|分别为|分别是|分别|约为|约|近|共|计|有|达到|达|(?<![行作认成视称])为|是|各|平均"
    # a level reached (平均办理时长缩短至8个工作日): the number is the level, the verb no part of the name
    r"|(?:缩短|降低|减少|下降|提高|提升|增加|增长|上升|扩大|压缩|降|增|升)(?:至|到)"
    r"|每[月年周天日季]?[" + MARKER_DIGITS + r"0-9]*次?|[，,、：:；;.\s])$"
)
# Verbs of publishing, receiving or holding: the label is their object (公布了…信息 -> …信息).
PUBLISHING_VERBS = (
    "收集整理",
    "公布了",
    "发布了",
    "公开了",
    "印发了",
    "更新了",
    "接收了",
    "接待了",
    "召开了",
    "举办了",
    "组织了",
    "开展了",
    "移交了",
    "编制了",
    "制定了",
    "出台了",
    "公布",
    "发布",
    "公开",
    "印发",
    "刊登",
    "刊发",
    "推送",
    "上传",
    "转载",
    "登载",
    "更新",
    "接收",
    "收到",
    "接待",
    "召开",
    "举办",
    "开展",
    "移交",
    "上报",
    "报送",
    "编制",
    "制定",
    "出台",
    "收集",
    "整理",
    "涉及",
)
# Verbs that only introduce what is counted, as the activity that produced,
# held, handled or paid for it (组织培训2次, 受理申请235件, 回应关切37个,
# 投入经费12万元): the label is their object. Verbs that say *which* of the
# things are counted stay in the label (新增栏目, 取消项目, 废止文件, 清理文件,
# 审查文件, 提交申请): the counted things are those the verb selects.
ACTIVITY_VERBS = (
    "组织",
    "举行",
    "整合",
    "受理",
    "办理",
    "答复",
    "回复",
    "回应",
    "邀请",
    "配备",
    "投入",
    "收取",
    "编印",
    "编发",
    "提供",
    "完成",
    "发生",
    "接听",
    "接受",
    # setting up what is counted (设立查阅点1865个, 开设栏目9个, 开通热线)
    "设立",
    "开设",
    "设置",
    "开通",
)
# Every verb that only introduces what is counted, with its 了 forms.
FILLER_VERBS = PUBLISHING_VERBS + ACTIVITY_VERBS + tuple(verb + "了" for verb in ACTIVITY_VERBS)
# A filler verb used as a noun: 信息公开, 党务公开, 依申请公开 (before) or 发布会, 新闻发布厅 (after).
FILLER_AS_NOUN_BEFORE = {
    "公开": ("信息", "政务", "党务", "厂务", "村务", "校务", "事务", "申请", "主动"),
    "发布": ("新闻", "信息"),
    "组织": (
        "党",
        "国际",
        "社会",
        "基层",
        "群团",
        "行业",
        "自治",
        "中介",
        "经济",
        "群众",
        "团",
        "其他",
        "公益",
    ),
    "办理": ("网上", "在线", "异地"),
}
# Before any of the verbs, these make it a modifier: 拟公开信息, 待办理事项 (not a verb of the clause).
MODIFIER_BEFORE = ("拟", "待")
FILLER_AS_NOUN_AFTER = (
    "会",
    "厅",
    "栏",
    "平台",
    "栏目",
    "专栏",
    "制度",
    "渠道",
    "机制",
    "系统",
    "目录",
    "指南",
    "情况",
    "事项",
    "形式",
    "方式",
    "率",
    "量",
    "数量",
    "结果",
    "时限",
    "时长",
    "时间",
    "期限",
    "流程",
    "程序",
    "前",
    "后",
    "属性",
    "范围",
    "内容",
    "标准",
    "要素",
)
# Nouns a particular verb forms with what follows it: 组织工作, 受理公告, 答复书.
VERB_AS_NOUN_AFTER = {
    "组织": ("工作", "机构", "领导", "建设", "保障", "部门", "架构", "体系", "生活", "关系"),
    "受理": ("公告", "通知", "回执", "告知", "窗口", "单"),
    "答复": ("书", "函", "意见", "文书"),
    "回复": ("函", "意见"),
    "办理": ("意见", "窗口"),
}
# A negation before a filler verb keeps it in the label (不予公开, 未答复): the verb selects the things.
NEGATIONS = ("不予", "未", "不", "拒绝")
# The filler verbs as one pattern, longest first.
FILLER_PATTERN = re.compile(
    "|".join(re.escape(verb) for verb in sorted(FILLER_VERBS, key=len, reverse=True))
)
# Words that end a noun phrase after a number: it goes on with a verb (列入, 均已 …).
AFTER_STOPS = (
    "均已",
    "已经",
    "均为",
    "都已",
    "均",
    "列入",
    "纳入",
    "进行",
    "分别",
    "其中",
    "涉及",
    "包括",
    "通过",
    "予以",
    "同比",
    "占比",
    "占全",
    "占总",
    "存在",
    # …or an adverb opens what was done to the things counted (37件文件逐件清理, 5个问题已整改),
    # or an action verb does (26个部门开展评估)
    "已",
    "逐件",
    "逐条",
    "逐项",
    "逐一",
    "开展",
)
# A preposition after a noun starts the predicate (78个预算单位在门户网站公开…), unless it is
# part of a word, opening it (在线访谈, 对外, 从业人员) or closing it (存在, 面向, 针对).
AFTER_PREPOSITIONS = ("在", "向", "对", "从")
PREPOSITION_WORDS = (
    "在线",
    "在建",
    "在职",
    "在编",
    "在岗",
    "在册",
    "在校",
    "在办",
    "在用",
    "在途",
    "在售",
    "在营",
    "在审",
    "向上",
    "对外",
    "对口",
    "对象",
    "对接",
    "对应",
    "从业",
)
PREPOSITION_ENDS_WORD = (
    "存在",
    "所在",
    "现在",
    "正在",
    "实在",
    "内在",
    "潜在",
    "针对",
    "面对",
    "相对",
    "绝对",
    "核对",
    "比对",
    "方向",
    "面向",
    "导向",
    "去向",
    "走向",
    "取向",
    "服从",
    "自从",
)
# Verbs of paying or granting after a noun end it (3名低收入申请人减免费用85元).
AFTER_MONEY_VERBS = ("减免", "收取", "缴纳", "支付", "发放", "拨付", "补助")
# A measure word followed only by what the counted people or things did (120余人次参加):
# no noun follows, the label is before the number.
AFTER_PREDICATES = (
    "参加",
    "参与",
    "出席",
    "参会",
    "到场",
    "受益",
    "受训",
    "参训",
    "次",
    # …adverbs that open what was done with them (规范性文件18件全部公开, 25所全面推行…)
    "全部",
    "全都",
    "全面",
    "均",
    "都",
    "已",
    # …or verbs of deliberation (召开局务会议3次专题研究…)
    # (专题 alone is a noun too: 18个专题活动专栏)
    "专题研究",
    "专题部署",
    "专门研究",
    "研究",
    "部署",
    "审议",
    "听取",
)
# Function words a noun phrase after a number never ends with.
AFTER_TRAILING = re.compile(r"[的和及与或中等、从在于被将向对由均都已也还并]+$")
# Marks that end the noun phrase after a number.
AFTER_BREAK = set("。！？!?\n；;：:，,、.（()）《》【】[]…—| \t\u3000")
# Nouns for a list of members (名单, 目录): a number glued after one counts its members.
COLLECTIVE_NOUNS = ("名单", "名录", "清单", "目录", "列表")
# Label sizes: a head too generic alone, an enumeration kept whole, a long quoted name, a flattened item.
GENERIC_HEAD_MAX = 2  # 信息, 问题, 申请: too generic to name what is counted alone
SHORT_ENUMERATION = (3, 16)  # at most 3 items and 16 characters: kept whole before 等
LONG_QUOTE = 12
# How far after a count of batches (分五批…) the action it names may run to its clause break.
BATCH_CLAUSE_MAX = 60
# X有N件 / X共有N项 / X为N%: the predicate before the number is 有 or 为, so the label is the whole subject X.
HAVE_END = re.compile(r"(?:有|共有|为|达)$")
# 全市共有政务服务中心18个: what a subject 共有/设有/拥有 is the thing counted.
HAVE_VERB = re.compile(r"(?:共有|拥有|设有|现有|建有|开设有|设立有)(?=..)")
# 已向…登录的X: a prepositional relative clause before a full noun says where or how, not what is counted.
CIRCUMSTANCE_CLAUSE = re.compile(
    r"^(?:已|均|已经)?(?:向|在|从|经|由|被|对|针对|面向|通过)[^的]{1,20}的(?P<head>.{4,})$"
)
# A conjunction opening a label (及, 以及) joins it to the clause before: dropped.
CONJUNCTION_PREFIX = re.compile(r"^(?:以及|及其|及)(?=..)")
# Prepositions that open a circumstance (对…, 通过…, 根据…) before the thing counted.
PREPOSITIONS = (
    "对",
    "向",
    "在",
    "通过",
    "以",
    "从",
    "为",
    "按",
    "按照",
    "根据",
    "经",
    "把",
    "将",
    "由",
    "围绕",
    "针对",
    "结合",
)
FLAT_ITEM_MAX = 12
# A share in the clause before a percentage (占, 比例为, 比重): what precedes it is what the share is of.
SHARE_LABEL_CUE = re.compile(r"(占|比例为|比例达|比例是|占比|比重)")
# A total (共, 合计, 累计): with no noun of its own it is named after its parts.
TOTAL_CUE = re.compile(r"(共计|合计|总计|共有|共|累计)")
# 因…申请提起行政复议: the cause before a verb of filing or arising is no part of what is counted.
CAUSE = re.compile(r"^因[^，,、的]{1,16}?(?=(?:提起|提出|引起|引发|发生|产生|被申请|被提起)..)")
# A governing body with a verb of deliberation (局党组专题研究…, 领导小组审议…): the subject, not the count.
SUBJECT = re.compile(
    r"^[\u4e00-\u9fff]{0,6}(?:党组|党委|领导小组|工作小组|常务会议|办公会议|常务会|办公会)(?:会议)?"
    r"(?=(?:专题|先后|多次|定期|集中)?(?:研究|部署|审议|听取|学习)..)"
)
# Offices named before the term 主动公开 (区管委会、县政府公开办主动公开信息数): who published, not what.
OFFICE_BEFORE_TERM = re.compile(
    r"^[^，,。；;：:“”\d]{0,20}?(?:办公室|公开办|管委会|人民政府|政府|局|委|办)(?=主动公开..)"
)
# Who, in the first person (我局, 本机关): the reporting office is no part of what it counts.
FIRST_PERSON = re.compile(
    r"^(?:我|本)(?:部门|局|委|厅|办|部(?!门)|署|院|中心|机关|单位|市|县|区|省|府|会|所|站)(?=..)"
)
# Where something was published: 通过…平台, 在…网站上, 依托…专栏 (a channel, not what is counted).
CHANNEL = re.compile(
    r"(?:通过|依托|利用|借助|经由|在)[^，,；;。：:]{1,30}?"
    r"(?:网站|门户|平台|专栏|栏目|微博|微信|公众号|客户端|新媒体|媒体|公报|报刊|报纸|电视|广播|热线|窗口|大厅|服务网"
    r"|[Aa][Pp][Pp]|ＡＰＰ|ａｐｐ|小程序|政务号|头条号|抖音号?|网(?=上))"
    r"(?:上|中|里|内)?"
    # … followed by the verb of publishing (possibly the term 主动公开, after a time word: 全年主动公开),
    # which is what makes it a channel
    r"(?=(?:全年|年内|当年|累计|共)?(?:主动|集中|及时|统一|依法)?(?:公开|发布|公布|推送|发送|刊登|刊发|转载|上传)..)"
)
# The whole jurisdiction or office (全县, 全局): who did it, not what is counted.
LEADING_SCOPE = re.compile(r"^(?:全(?:县|市|区|省|州|盟|旗|镇|乡|局|委|厅|院|系统))(?=..)")
# 已答复申请168件: a handling verb after 已 says which of the things are counted (the answered ones).
HANDLED_STATE = re.compile(
    r"(?:均已|已经|已)(?P<label>(?:答复|回复|办结|办理|处理)[^，,；;。]{2,})$"
)
# Words of a medium (网站, 微博 …) or of time and manner: a subject holding one is a channel, not who acted.
MEDIUM_OR_TIME = re.compile(
    r"网站|门户|平台|专栏|栏目|微博|微信|公众号|客户端|新媒体|媒体|公报|报刊|报纸|电视|广播|热线|窗口|大厅"
    r"|全年|当年|本年|年内|分别|先后|累计|共"
)
# 各级行政机关共主动公开…, 全县累计受理…: a subject, then 共/累计, then the verb of the count.
TOTAL_AFTER_SUBJECT = re.compile(
    r"^[^，,；;：:0-9]{2,16}?(?:共计|累计|共)"
    r"(?=(?:主动|依申请|依法)?(?:公开|发布|公布|受理|收到|接收|办理|处理|制发|印发|清理|召开|举办|开展|组织|答复|审查|编制|推送)..)"
)
# Verbs of taking part: what follows is the event counted, what precedes who took part.
PARTICIPATION = re.compile(r"^(?P<who>.{2,}?)(?:参加|参与|出席)(?P<what>[^的]{2,})$")
# …的清理工作, …的办理情况: the work done on the things, or the state of it, is no thing a measure word counts.
WORK_HEAD = re.compile(r"的[^的，,。；;]{0,6}(?:工作|情况)$")
# An office or level of government: who holds or issued the things (区政府办公室, 厅本级, 各部门).
OWNER_NOUN = r"(?:政府|办公室|办公厅|本级|机关|部门|单位|街道|乡镇|局|委|厅|办)"
OWNER = re.compile(r"^[\u4e00-\u9fff及和、]{0,14}" + OWNER_NOUN + r"(?=[\u4e00-\u9fff]{2,8}的$)")
# What ties a count to one period (新收, 本年新增, 上年结转): a total over several periods drops it.
PERIOD_QUALIFIER = re.compile(
    r"^(?:本年度|本年|当年|今年|上年度|上年|去年)?(?:新收|新增|新受理|结转|新)?(?=..)"
)
# A change against another period, alone: 同比增长, 较上年减少, 比上年提高.
CHANGE_WORDS = (
    r"(?:同比|环比|(?:较|比)(?:上年同期|上年度|上一年|上年|去年|前一年|同期|[0-9]{4}年(?:度|同期)?))?"
    r"(?:增长|增加|减少|下降|提高|降低|上升|回落|缩短|延长|提升|扩大)了?"
)
# A label that is only a change, and a label ending in one.
CHANGE_ONLY = re.compile("^" + CHANGE_WORDS + "$")
CHANGE_TAIL = re.compile(CHANGE_WORDS + "$")
# 分别: what joins the numbers of a run, and how far 分别 reaches.
RUN_SEPARATOR = re.compile(
    r"^[、，,和及与\s]+$"
)  # glued numbers (名单5条1492家) are attributes, not a run
RESPECTIVE_REACH = (
    12  # 分别 governs the numbers that follow it within a few characters (分别占申请总量的)
)
# What introduces the items an enumeration lists (申请主要集中在A、B、C等方面): cut before the first item.
ITEMS_INTRODUCED = re.compile(
    r"^.*(?:集中在|集中于|主要是|主要为|主要有|主要涉及|涉及|包括|分为|为|是|在|有)"
)
# Time and distributive words after the items of an enumeration (全年, 均, 各): no part of the last item.
ITEMS_TRAILING = re.compile(r"(?:全年|当年|本年度|本年|年内|均|都|各)+$")
# A total (共N) has at most this many parts before it: a longer run of counts in one sentence is no
# list of parts (and reading it back from every 共N of a page of them would be quadratic).
TOTAL_PARTS_MAX = 64
# A year glued to the words before it, in a report whose headings run on into their text
# (…的数量2016年全区主动公开…, 依申请公开2020年全区…): the clause starts at the year. Not after a
# word that takes the year as its object (截至, 较, 于, 的 …).
RUN_ON_YEAR = re.compile(
    r"(?<=[\u4e00-\u9fff])(?<![至自从于在到较比同与和及占为止的截对])(?:19|20)[0-9]{2}年"
)
