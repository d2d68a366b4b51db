"""Metrics in prose (loaders.metrics.find_metrics): spans, values, units, approximations, labels.

Inputs are sentences in the style of several agencies' reports (not the seeds),
each covering one family of rules; the expected rows are written out in full:
(start, end, raw, label, value, unit, approx).
"""

import pytest

from loaders.metrics import find_metrics

CASES = [
    pytest.param(
        "全年公开信息约3000条，办理申请近200件，接待群众咨询500人次左右，解答问题100个以上，收到来信10000多封，编发简报3500余期。",
        [
            (7, 12, "3000条", "信息", 3000.0, "条", "about"),
            (18, 22, "200件", "申请", 200.0, "件", "about"),  # 办理 only introduces what is counted
            (29, 34, "500人次", "群众咨询", 500.0, "人次", "about"),
            (41, 45, "100个", "解答问题", 100.0, "个", "more_than"),
            (52, 59, "10000多封", "来信", 10000.0, "封", "more_than"),
            (64, 70, "3500余期", "简报", 3500.0, "期", "more_than"),
        ],
        id="approximations",
    ),
    pytest.param(
        "全年发布信息1.2万条，办结率为99.5%，同比提高2.3个百分点，网站访问量达120万人次。",
        [
            (6, 11, "1.2万条", "信息", 12000.0, "条", None),
            (16, 21, "99.5%", "办结率", 99.5, "%", None),
            (
                26,
                33,
                "2.3个百分点",
                "办结率同比提高",
                2.3,
                "个百分点",
                None,
            ),  # a change names what changed
            (40, 46, "120万人次", "网站访问量", 1200000.0, "人次", None),
        ],
        id="wan_and_decimals",
    ),
    pytest.param(
        "开设两个专栏，分三批公布了典型案例12个，印发宣传册两万册，召开座谈会五场。",
        [
            (2, 4, "两个", "专栏", 2.0, "个", None),
            (8, 10, "三批", "公布典型案例", 3.0, "批", None),
            (17, 20, "12个", "典型案例", 12.0, "个", None),
            (26, 29, "两万册", "宣传册", 20000.0, "册", None),
            (35, 37, "五场", "座谈会", 5.0, "场", None),
        ],
        id="chinese_numerals",
    ),
    pytest.param(
        "通过政务微博发布信息3200余条，通过政务ＡＰＰ推送信息260条，通过门户网站发布新闻稿件45篇。",
        [
            (10, 16, "3200余条", "政务微博发布信息", 3200.0, "条", "more_than"),
            (28, 32, "260条", "政务ＡＰＰ推送信息", 260.0, "条", None),
            (45, 48, "45篇", "新闻稿件", 45.0, "篇", None),
        ],
        id="a_channel_names_a_generic_object",
    ),
    pytest.param(
        "根据国办发〔2012〕157号文件和第135号令，于2006年8月成立领导小组，整理1949-2001年档案，落实2008-2012年工作规划。咨询电话：010-82261627，邮编：100088，地址：某路9号。第1件已撤回，网站排名第二，第十届评估。",
        [],
        id="not_metrics",
    ),
    pytest.param(
        "开展“三个代表”学习，贯彻十八大精神，落实“十二五”规划，举办“3·15”宣传活动2场，组织《条例实施5周年》专题1个。",
        [
            (41, 43, "2场", "“3·15”宣传活动", 2.0, "场", None),
            (57, 59, "1个", "《条例实施5周年》专题", 1.0, "个", None),
        ],
        id="names_and_quotes",
    ),
    pytest.param(
        "坚持一站式服务和一次性告知，统一个人信息管理，每月召开一次例会，每季度开展一次检查，15个工作日内答复，提供7×24小时服务。",
        [],
        id="words_not_counts",
    ),
    pytest.param(
        "通过组织“质量月”等9次在线访谈，先后将5家违规企业列入黑名单，受理的133件有效申请中，有86件申请属于“咨询类问题”，细化了11项任务。",
        [
            (10, 12, "9次", "在线访谈", 9.0, "次", None),
            (20, 22, "5家", "违规企业", 5.0, "家", None),
            (35, 39, "133件", "有效申请", 133.0, "件", None),  # 受理的 only introduces them
            (46, 49, "86件", "申请属于“咨询类问题”", 86.0, "件", None),
            (64, 67, "11项", "细化的任务", 11.0, "项", None),
        ],
        id="label_after_number",
    ),
    pytest.param(
        "一是公布了地方上报的通知通告、重大新闻、地方动态等各类动态信息152条；二是公布了文件函件等问题24件；三是接待群众来访320人次。",
        [
            (31, 35, "152条", "动态信息", 152.0, "条", None),
            (48, 51, "24件", "文件函件等问题", 24.0, "件", None),
            (60, 65, "320人次", "群众来访", 320.0, "人次", None),
        ],
        id="label_before_number",
    ),
    pytest.param(
        "公布国内企业名单5条786家企业，移交历史档案12005卷、157019件，共注销2618家食品企业的2690张证书。",
        [
            (8, 10, "5条", "国内企业名单", 5.0, "条", None),
            (10, 14, "786家", "国内企业", 786.0, "家", None),
            (23, 29, "12005卷", "历史档案", 12005.0, "卷", None),
            (30, 37, "157019件", "历史档案", 157019.0, "件", None),
            (41, 46, "2618家", "食品企业", 2618.0, "家", None),
            (51, 56, "2690张", "证书", 2690.0, "张", None),
        ],
        id="attached_and_shared",
    ),
    pytest.param(
        "截至2013年底，保留的行政许可项目35项，非行政许可审批项目10项，共45项。",
        [
            (18, 21, "35项", "保留的行政许可项目", 35.0, "项", None),
            (31, 34, "10项", "非行政许可审批项目", 10.0, "项", None),
            (36, 39, "45项", "保留的项目", 45.0, "项", None),
        ],
        id="total_after_parts",
    ),
    pytest.param(
        "通过网站提交申请86件，占申请总数的64.7%；通过信函提交申请47件，占申请总数的35.3%。",
        [
            (8, 11, "86件", "通过网站提交申请", 86.0, "件", None),
            (18, 23, "64.7%", "通过网站提交申请", 64.7, "%", None),
            (32, 35, "47件", "通过信函提交申请", 47.0, "件", None),
            (42, 47, "35.3%", "通过信函提交申请", 35.3, "%", None),
        ],
        id="shares",
    ),
    pytest.param(
        "网站共有8个栏目.公布政策文件120条.其中规章20条.规范性文件100条.四是发布了滚动新闻.图片新闻161条.公布'图片新闻'11条.",
        [
            (4, 6, "8个", "栏目", 8.0, "个", None),
            (15, 19, "120条", "政策文件", 120.0, "条", None),
            (24, 27, "20条", "规章", 20.0, "条", None),
            (33, 37, "100条", "规范性文件", 100.0, "条", None),
            (52, 56, "161条", "滚动新闻.图片新闻", 161.0, "条", None),
            (65, 68, "11条", "图片新闻", 11.0, "条", None),
        ],
        id="flattened",
    ),
]


def rows(text, **kwargs):
    return [
        (m.start, m.end, m.raw, m.label, m.value, m.unit, m.approx)
        for m in find_metrics(text, **kwargs)
    ]


@pytest.mark.parametrize("text, expected", CASES)
def test_find_metrics(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize("text, expected", CASES)
def test_spans_quote_the_text_exactly(text, expected):
    for start, end, raw, *_rest in rows(text):
        assert text[start:end] == raw


@pytest.mark.parametrize(
    "text",
    [
        "推行一条龙服务，建成全省一张网，实现一件事一次办。",
        "《条例》第十三条规定，2012年第3期公报，第1件已撤回。",
        "开通12345热线，12315平台运行良好，网址为www.example.gov.cn/2012/123.html。",
        "引进千人计划专家，组织万人以上培训。",
        "30个工作日内作出答复，3天以内办结。",
        "办理时限一般为5至10个工作日，参会人员10～20人。",  # ranges
        "延长答复期限最长不超过15个工作日，每人至多3次。",  # bounds set by rule
        "本报告由概述、主动公开等六部分组成。",  # 部分 is a word
    ],
)
def test_no_metric_in(text):
    assert rows(text) == []


def test_metrics_are_plain_and_unnumbered():
    metric = find_metrics("全年公开信息100条。")[0]
    assert (metric.key, metric.section, metric.parent, metric.table) == ("", None, None, None)


def test_skip_spans_are_ignored():
    text = "表格：信息100条。正文：公开信息20条。"
    table = (0, text.index("正文"))
    assert rows(text, skip=[table]) == [(17, 20, "20条", "信息", 20.0, "条", None)]


@pytest.mark.parametrize(
    "text, label",
    [
        (
            "其中，通过电子邮件回复40件。",
            "通过电子邮件回复",
        ),  # a verb without object keeps its manner
        ("同意公开的41件，", "同意公开的"),
        ("属于不予公开范围的申请有1件，", "属于不予公开范围的申请"),  # 有: the whole subject
        ("主动公开信息目录共有571项，", "主动公开信息目录"),
        ("全市共有政务服务中心18个，", "政务服务中心"),  # 共有 + object
        ("党务公开信息2146条。", "党务公开信息"),  # 公开 inside a compound is no verb
        ("召开新闻发布会12次。", "新闻发布会"),
        ("邮寄证书及不予受理通知书4760件。", "邮寄证书及不予受理通知书"),
        ("六是以专题访问、新闻报道的方式发布食品安全宣传信息42篇。", "食品安全宣传信息"),
        (
            "；质检行政许可的设定、调整和取消，及其办事流程、审批指南和审批结果3条；",
            "质检行政许可的设定、调整和取消，及其办事流程、审批指南和审批结果",
        ),
        ("三是主动发布重要通知.财务管理.工作动态等信息90余条.", "重要通知.财务管理.工作动态等信息"),
        ("一是发布了规章.规划.名单.以及相关规范性文件等信息151条.", "相关规范性文件等信息"),
        (
            "更新“台湾地区通报的受污染的问题企业及其产品名单”61次，",
            "问题企业及其产品名单",
        ),  # head of a long name
        ("注销企业1200家的许可证书", "注销企业"),
        ("1、主动公开信息数：1568条", "主动公开信息数"),  # key：value
        ("其中：当面申请数：5件；", "当面申请数"),
        ("全年共主动公开政府信息2568条，", "主动公开政府信息"),  # 主动公开 is a term, not a verb
        ("| 主动公开信息 | 1568条 |", "主动公开信息"),  # a table row converted from HTML
        ("依申请公开\t36件\t", "依申请公开"),
        # verbs that only introduce what is counted (activity, handling, paying)
        ("组织全市政务公开业务培训3次，", "政务公开业务培训"),
        ("受理群众来信来访120件，", "群众来信来访"),
        ("回应网民留言356条，", "网民留言"),
        ("投入专项经费30万元。", "专项经费"),
        ("发生针对本机关的行政诉讼案件3件，", "行政诉讼案件"),
        # … but not where the verb is part of a noun or a modifier
        ("其中受理公告8条，", "受理公告"),
        ("组织工作5条；", "组织工作"),
        ("法人或其他组织申请12件，", "法人或其他组织申请"),
        ("全年审查拟公开文件约200件，", "审查拟公开文件"),
        ("发布关于受理产品注册申请的公告7期，", "关于受理产品注册申请的公告"),
        ("“某市发布”政务微博推送信息1200条，", "信息"),  # a verb inside a quoted name is no verb
        # who published and where, before a verb of publishing
        ("市卫健委在门户网站“信息公开”专栏主动公开各类信息560条，", "主动公开各类信息"),
        ("各部门通过政务服务网、政务新媒体等平台发布办事指南320条，", "办事指南"),
        (
            "通过门户网站提交申请30件，",
            "通过门户网站提交申请",
        ),  # the channel tells applications apart
        # a level reached, a noun after the number ending at a predicate
        ("平均答复时长缩短至7个工作日，", "平均答复时长"),
        ("共有32个成员单位在网上公开目录，", "成员单位"),
        ("有5个单位存在信息更新不及时问题，", "单位"),
        (
            "对2018年以来制定的12件文件进行清理，",
            "文件",
        ),  # time phrase and introducing verb dropped
        ("对近年取消的8个审批项目进行复核，", "取消的审批项目"),  # a selecting verb stays
        ("办理公开属性审查事项120项，", "公开属性审查事项"),  # 公开属性 is a noun
        ("邀请群众代表50余人次参加。", "群众代表"),
        ("为5名困难群众减免费用300元。", "困难群众"),
        ("**（二）依申请公开。**全年收到申请20件。", "申请"),  # markdown emphasis is layout
        # who acted, and why, are no part of what is counted
        ("我局全年主动公开政府信息1500条，", "主动公开政府信息"),
        ("局党组专题研究信息公开工作3次，", "专题研究信息公开工作"),
        ("因政府信息公开申请提起行政诉讼2件。", "提起行政诉讼"),
        ("接听群众来电86个，", "群众来电"),
        # whose the things are (an office, a level) is no part of which they are; the predicate stays
        ("对市政府及市政府办公室现行有效的41件规范性文件进行清理，", "现行有效的规范性文件"),
        ("完成局本级现行有效的30件规范性文件的清理工作，", "现行有效的规范性文件"),  # not the work
        ("通报64个部门的整改情况，", "部门"),
        ("市政府部门制定的15件文件，", "文件"),  # the owner gone, only the introducing verb is left
        # a channel before a generic object stays, with the account's quoted name (it tells the channel apart)
        ("在“某区发布”微信公众号发布信息2684条，", "“某区发布”微信公众号发布信息"),
    ],
)
def test_labels(text, label):
    assert [m.label for m in find_metrics(text)][:1] == [label]


def test_a_change_is_named_after_what_changed():
    text = "收到申请120件，比上年增加15件，办结率为98%，同比提高2个百分点。"
    assert [m.label for m in find_metrics(text)] == [
        "申请",
        "申请比上年增加",
        "办结率",
        "办结率同比提高",
    ]


def test_a_change_in_a_new_sentence_keeps_its_own_words():
    assert [m.label for m in find_metrics("收到申请120件。同比增长10%。")] == ["申请", "同比增长"]


def test_money_in_wan_is_a_multiplier():
    assert rows("投入专项资金12万元。") == [(6, 10, "12万元", "专项资金", 120000.0, "元", None)]


def test_a_total_over_two_periods_drops_the_period():
    labels = [m.label for m in find_metrics("新收申请30件，上年结转2件，共计32件。")]
    assert labels == ["新收申请", "上年结转", "申请"]
