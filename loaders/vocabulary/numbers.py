"""Number words: measure words, approximations, numeral patterns and the cues that make a number no metric."""

import re

from loaders.vocabulary.numerals import PLAIN_NUMERAL_CHARS

EPSILON = 1e-9
"""How far two sums may differ and still be equal: every check, identity, breakdown and
table total compares with this one tolerance (values are floats: 0.1 + 0.2 is not 0.3)."""

# Measure words; longer ones first so 人次 wins over 人 and 大类 over 类.
UNITS = (
    "个百分点",
    "百分点",
    "个工作日",
    "工作日",
    "个月",
    "人次",
    "场次",
    "件次",
    "户次",
    "家次",
    "批次",
    "万元",
    "亿元",
    "大类",
    "小时",
    "条",
    "件",
    "次",
    "个",
    "家",
    "张",
    "篇",
    "份",
    "幅",
    "期",
    "项",
    "卷",
    "页",
    "批",
    "名",
    "类",
    "人",
    "位",
    "场",
    "所",
    "台",
    "套",
    "本",
    "册",
    "部",
    "则",
    "处",
    "座",
    "起",
    "例",
    "封",
    "种",
    "宗",
    "轮",
    "户",
    "元",
    "天",
    "块",
    "通",
    "%",
    "％",
    "‰",
)
# A measure word followed by these characters is the start of another word (5部门, 个人信息, 名单).
UNIT_WORDS = {
    "部门",
    "个人",
    "个体",
    "个别",
    "个案",
    "名单",
    "名称",
    "名录",
    "名义",
    "家庭",
    "家属",
    "台账",
    "台湾",
    "期间",
    "期限",
    "期满",
    "期刊",
    "处理",
    "处置",
    "处罚",
    "处室",
    "类别",
    "类型",
    "场所",
    "场景",
    "所有",
    "所属",
    "所在",
    "所得",
    "种类",
    "条例",
    "条件",
    "条款",
    "起草",
    "起诉",
    "起止",
    "本级",
    "本部",
    "本年",
    "例外",
    "例会",
    "位于",
    "位置",
    "人民",
    "人员",
    "人才",
    "项目",
    "份额",
    "户籍",
    "户口",
    "元旦",
    "元素",
    "宗教",
    "封面",
    "封闭",
    "次年",
    "次日",
    "套餐",
    "天内",
    "则为",
    "部分",
    # 通 counts calls (热线电话11通); these words start with it (5通过, 3通知)
    "通过",
    "通知",
    "通报",
    "通告",
    "通道",
    "通讯",
    "通信",
    "通用",
    "通行",
    "通畅",
    "通俗",
    "通办",
    "通关",
    "通达",
    # slogans: 一条龙服务, 一张网, 一件事一次办
    "条龙",
    "张网",
    "件事",
    "次办",
}
# Approximation words before a number (约, 近, 超过), inside it (余, 多) and after it (左右, 以上), with what they mean.
APPROX_BEFORE = {
    "大约": "about",
    "将近": "about",
    "接近": "about",
    "约": "about",
    "近": "about",
    "超过": "more_than",
    "逾": "more_than",
}
APPROX_INSIDE = {"余": "more_than", "多": "more_than"}
APPROX_AFTER = {"左右": "about", "上下": "about", "以上": "more_than"}
# Arabic numbers as reports write them: full-width digits, thousands commas, decimals, 万/亿 (also a blank or two before 万/亿 in PDF text).
ARABIC_NUMBER = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?(?:万|亿)?"
ARABIC_NUMBER_SPACED = (
    r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?(?:[ \t\u3000]{0,2}(?:万|亿))?"
)
# First characters of the measure words (a blank between a number and one of these still joins them).
UNIT_HEADS = sorted({unit[0] for unit in UNITS})
# PDF text sets Arabic numbers apart with blanks (1526 条, 15.6 万个, 2.4 万余人次): one or two
# blanks after an Arabic number (or its 万) still join it to its measure word.
DIGIT_GAP = r"(?:(?<=[0-9０-９])[ \t\u3000]{1,2}(?=[万亿余多" + "".join(UNIT_HEADS) + r"]))?"
# A number token: approximation before, numeral, approximation inside, measure word, approximation after.
# Every token starts with an approximation word or a numeral: a lookahead saying so first lets
# the engine skip the other characters of a text fast (it finds no more and no fewer tokens).
NUMBER_TOKEN_START = (
    "(?=["
    + "".join(sorted({word[0] for word in APPROX_BEFORE}))
    + "0-9０-９"
    + PLAIN_NUMERAL_CHARS
    + "])"
)
NUMBER_TOKEN = re.compile(
    NUMBER_TOKEN_START + r"(?P<before>大约|将近|接近|超过|约|近|逾)?"
    # A numeral starts where its run starts (the lookbehinds): a match inside a run would end where
    # the one from the run's start ends, so trying each start again only rescans (quadratic on 1111…).
    r"(?P<num>(?<![0-9０-９])(?:"
    + ARABIC_NUMBER_SPACED
    + r")|(?<!["
    + PLAIN_NUMERAL_CHARS
    + r"])["
    + PLAIN_NUMERAL_CHARS
    + r"]+)"
    + DIGIT_GAP
    + r"(?P<inside>余|多)?"
    r"(?P<unit>" + "|".join(re.escape(unit) for unit in UNITS) + r")"
    r"(?P<after>左右|以上|上下)?"
)
# Characters that make a Chinese numeral part of a word, not a count (统一, 唯一, 第一, 之一, 每一).
CN_WORD_BEFORE = set("第每其之统唯同逐单专划合归万不进另任某数初老周星")
# The numeral 一 is a count only with these measure words (一起/一道/一般 are words).
ONE_UNITS = {
    "个",
    "次",
    "件",
    "条",
    "份",
    "批",
    "期",
    "项",
    "张",
    "家",
    "篇",
    "名",
    "类",
    "所",
    "部",
    "本",
    "套",
    "场",
    "人次",
}
# After a Chinese count, these make an adjective or adverb (一次性, 一体化, 两手抓).
CN_WORD_AFTER = set("性化式体样般直定致")
# Words before a contact number (电话, 传真, 邮编): the number is a contact detail.
PHONE_CUE = re.compile(r"(电话|热线|传真|手机|邮编|邮政编码|号码|电话号码)[：:\s]*$")
# Measure words of events (次, 期, 场, 轮): after 每… they give a frequency.
EVENT_UNITS = ("次", "期", "场", "轮")
# Measure words of time: followed by 内/以内 they give a deadline set by rule.
TIME_UNITS = ("个工作日", "工作日", "个月", "小时", "天")
# A number joined to an earlier one by 至/到/-/~ ends a range (3至5个工作日, 10～20人).
RANGE_BEFORE = re.compile(
    r"[0-9０-９"
    + "〇零一二两三四五六七八九十百千万"
    + r"](?:"
    + "|".join(("个", "名", "人", "天", "件", "次", "家", "条", "项"))
    + r")?[至到~～\-－—]$"
)
# Words that make a number a bound set by rule, not a measured value (最长不超过15个工作日).
LIMIT_CUE = re.compile(
    r"(?:不超过|不得超过|不多于|不少于|不低于|不高于|不得少于|最长|最短|最多|最少|至多|至少|上限|下限)$"
)
ADDRESS_CUE = re.compile(r"(?:地址|住址|地点|位于)[：:]?[^，,。；;、（）()]{0,30}$")
