"""Part-of relations (loaders.parents.assign_parents) on inputs in other agencies' styles.

Each case lists, in text order, every metric's quoted number and the key of
its parent (keys m1, m2 … in text order, as the pipeline numbers them).
"""

import pytest

from loaders.document import MetricData
from loaders.metrics import find_metrics
from loaders.parents import assign_parents, kind, same_kind
from loaders.parts.cues import PART_CUES
from loaders.parts.geometry import bracket_pairs
from loaders.vocabulary.labels import TOTAL_PARTS_MAX
from loaders.vocabulary.parts import NAMED_TOTAL

CASES = [
    pytest.param(
        # a change against last year describes a count; it is no part
        "共受理申请100件，其中网上申请60件，同比增加10件，信函申请40件。",
        [("100件", None), ("60件", "m1"), ("10件", None), ("40件", "m1")],
        id="change_is_no_part",
    ),
    pytest.param(
        # a bracketed share belongs to the total; a growth rate has no parent
        "全年公开信息1200条（比上年增长20%），其中文件300条（占25%），动态900条（占75%）。",
        [
            ("1200条", None),
            ("20%", None),
            ("300条", "m1"),
            ("25%", "m1"),
            ("900条", "m1"),
            ("75%", "m1"),
        ],
        id="bracketed_shares",
    ),
    pytest.param(
        # A N件，其中 B n件、C m件
        "共受理申请100件，其中网上申请60件，信函申请40件。",
        [("100件", None), ("60件", "m1"), ("40件", "m1")],
        id="qizhong",
    ),
    pytest.param(
        # A N条。一是 … B n条；二是 … C m条
        "全年公开信息500条。一是公开文件200条；二是公开工作动态300条。",
        [("500条", None), ("200条", "m1"), ("300条", "m1")],
        id="enumeration",
    ),
    pytest.param(
        # items in their own paragraphs; a new section ends the enumeration
        "二、主动公开情况\n全年公开信息500条。\n一是公开文件200条。\n二是公开工作动态300条。\n三、依申请公开情况\n一是收到申请20件。",
        [("500条", None), ("200条", "m1"), ("300条", "m1"), ("20件", None)],
        id="enumeration_across_paragraphs",
    ),
    pytest.param(
        # B 10项，C 20项，共 A 30项
        "规章10项，规范性文件20项，共30项。",
        [("10项", "m3"), ("20项", "m3"), ("30项", None)],
        id="total_after_parts",
    ),
    pytest.param(
        # A（含 B n条）
        "发布信息800条（含图片新闻120条）。",
        [("800条", None), ("120条", "m1")],
        id="contains",
    ),
    pytest.param(
        # a list directly following a total; the list ends with its sentence
        "（三）党务信息300条。公布组织工作100条；宣传工作150条；其他信息40条。此外，转载信息60条。",
        [("300条", None), ("100条", "m1"), ("150条", "m1"), ("40条", "m1"), ("60条", None)],
        id="list_after_total",
    ),
    pytest.param(
        # a part with its own 其中
        "公开信息1000条。一是公开文件600条，其中规章100条，规范性文件500条；二是公开动态400条。",
        [("1000条", None), ("600条", "m1"), ("100条", "m2"), ("500条", "m2"), ("400条", "m1")],
        id="nested_qizhong",
    ),
    pytest.param(
        # 家/张/次 under 条 are attributes; 8个公告 counts documents
        "公开许可信息900条。一是新增企业300家，证书320张；二是注销企业50家，其中食品企业30家，更新名单12次；三是发布公告8个。",
        [
            ("900条", None),
            ("300家", None),
            ("320张", None),
            ("50家", None),
            ("30家", "m4"),
            ("12次", None),
            ("8个", "m1"),
        ],
        id="same_kind_only",
    ),
    pytest.param(
        # 个 counting columns is not a part of 条
        "公开信息100条。一是开设2个专栏；二是发布通知97条。",
        [("100条", None), ("2个", None), ("97条", "m1")],
        id="not_documents",
    ),
    pytest.param(
        # a share takes the whole of its count; a change in points is no share
        "受理申请200件，其中网上申请150件，占75%；网上申请占比高于上年5个百分点。",
        [("200件", None), ("150件", "m1"), ("75%", "m1"), ("5个百分点", None)],
        id="share_of_total",
    ),
    pytest.param(
        # 名单3条120家企业: 120 describes the list
        "公布企业名单3条120家企业，动物疫情12条。",
        [("3条", None), ("120家", None), ("12条", None)],
        id="attribute",
    ),
    pytest.param(
        # parts adding up to the whole close the breakdown
        "公开信息90条，其中文件50条，通知40条，此外发布图片30条。",
        [("90条", None), ("50条", "m1"), ("40条", "m1"), ("30条", None)],
        id="closed_by_sum",
    ),
    pytest.param(
        # a total repeated later heads its own breakdown
        "收到申请50件，其中有效申请48件，无效申请2件。48件有效申请中，同意公开40件，不予公开8件。",
        [
            ("50件", None),
            ("48件", "m1"),
            ("2件", "m1"),
            ("48件", None),
            ("40件", "m4"),
            ("8件", "m4"),
        ],
        id="repeated_total",
    ),
    pytest.param(
        # 在公开的信息中 refers to the total counting 信息
        "全年公开信息600条，其中网站公开500条，公报公开100条。\n在公开的信息中，文件200条，动态400条。",
        [("600条", None), ("500条", "m1"), ("100条", "m1"), ("200条", "m1"), ("400条", "m1")],
        id="back_reference",
    ),
    pytest.param(
        # 其中 after two totals goes to the one in the parts' unit; a restated total is no part
        "地理标志公告49期、科技信息53条。其中，批准公告34期，受理公告15期；发布科技信息53条。",
        [("49期", None), ("53条", None), ("34期", "m1"), ("15期", "m1"), ("53条", None)],
        id="unit_match_preferred",
    ),
    pytest.param(
        # punctuation flattened to '.': a list is a breakdown only when it adds up
        "网站共有8个栏目.公布政策文件120条.其中规章20条.规范性文件100条.工作动态300条.公布图片新闻120条.视频新闻180条.更新名单16次.更新企业名单10次.",
        [
            ("8个", None),
            ("120条", None),
            ("20条", "m2"),
            ("100条", "m2"),
            ("300条", None),
            ("120条", "m5"),
            ("180条", "m5"),
            ("16次", None),
            ("10次", None),
        ],
        id="flattened",
    ),
    pytest.param(
        # a change describing the total does not stop the 一是/二是 items from breaking it down
        "公开信息500条，同比增长8%。一是公开文件200条；二是公开动态300条。",
        [("500条", None), ("8%", None), ("200条", "m1"), ("300条", "m1")],
        id="change_before_enumeration",
    ),
    pytest.param(
        # a share naming its total makes the count a part of that total, across subsections of one chapter
        "二、主动公开\n（一）内容\n主动公开信息400条。\n（二）渠道\n在网站发布信息300条，占主动公开总数的75%。",
        [("400条", None), ("300条", "m1"), ("75%", "m1")],
        id="share_of_named_total",
    ),
    pytest.param(
        # … in the same sentence too
        "收到申请40件，网上申请30件，占申请总数的75%。",
        [("40件", None), ("30件", "m1"), ("75%", "m1")],
        id="named_total_in_the_sentence",
    ),
    pytest.param(
        # … but not a total of another chapter
        "一、主动公开\n主动公开信息400条。\n二、平台建设\n网站发布信息300条，占主动公开总数的75%。",
        [("400条", None), ("300条", None), ("75%", None)],
        id="named_total_in_another_chapter",
    ),
    pytest.param(
        # a sentence opening with a point of view (从…看) breaks down the total before, not its change
        "受理申请60件，比上年增加8件。从申请方式看，网上申请40件，信函申请20件。",
        [("60件", None), ("8件", None), ("40件", "m1"), ("20件", "m1")],
        id="point_of_view",
    ),
    pytest.param(
        # 解读 pieces counted with 个 are published items
        "发布解读材料50篇，其中图文解读40篇、视频解读10个。",
        [("50篇", None), ("40篇", "m1"), ("10个", "m1")],
        id="interpretations_are_documents",
    ),
    pytest.param(
        # parallel statements are not parts
        "召开新闻发布会12次，发布信息54条。组织在线访谈9次。召开座谈会12次。",
        [("12次", None), ("54条", None), ("9次", None), ("12次", None)],
        id="no_breakdown",
    ),
    pytest.param(
        # outcomes of a review are among the reviewed items, whether or not they add up
        "对本单位制发的规范性文件开展全面清理，共清理文件64件，拟废止5件、宣布失效2件。",
        [("64件", None), ("5件", "m1"), ("2件", "m1")],
        id="review_outcomes",
    ),
    pytest.param(
        # … the review may be said after the count (…件文件进行审查)
        "对42件规章进行合法性审查，修改3件。",
        [("42件", None), ("3件", "m1")],
        id="review_after_the_count",
    ),
    pytest.param(
        # … but a different quantity after a count is no outcome, nor is an outcome without a review
        "收到申请134件，上年结转6件。印发文件30件，废止2件。",
        [("134件", None), ("6件", None), ("30件", None), ("2件", None)],
        id="no_review_no_outcome",
    ),
    pytest.param(
        # an outcome with another object than the reviewed things counts something else
        "审查文件30件，修改意见12条。清理规章20件，废止规章3件。",
        [("30件", None), ("12条", None), ("20件", None), ("3件", "m3")],
        id="review_outcome_of_other_things",
    ),
    pytest.param(
        # a sentence listing only parts that add up to a count of the sentence before
        "办结申请12件。同意公开7件，不予公开3件，信息不存在2件。开展培训5次。",
        [("12件", None), ("7件", "m1"), ("3件", "m1"), ("2件", "m1"), ("5次", None)],
        id="sentence_of_parts",
    ),
    pytest.param(
        # … not when they do not add up, or when the sentence mixes in another count
        "全年共办结申请12件。同意公开7件，不予公开3件。全年共收到申请9件。网上申请6件，来访3人次，信函申请3件。",
        [
            ("12件", None),
            ("7件", None),
            ("3件", None),
            ("9件", None),
            ("6件", None),
            ("3人次", None),
            ("3件", None),
        ],
        id="sentence_of_parts_must_add_up",
    ),
    pytest.param(
        # a share of 申请总量 is of the total requests, not of a part or subset whose label holds 申请
        "受理申请100件。办结申请90件，其中申请内容不明确的10件。申请集中在社保、住房等方面，分别占申请总量的40%、30%。",
        [("100件", None), ("90件", "m1"), ("10件", "m2"), ("40%", "m1"), ("30%", "m1")],
        id="share_of_the_named_total",
    ),
]


def parents_of(text):
    metrics = find_metrics(text)
    for number, metric in enumerate(metrics, 1):
        metric.key = f"m{number}"
    assign_parents(text, metrics)
    return [(metric.raw, metric.parent) for metric in metrics]


@pytest.mark.parametrize("text, expected", CASES)
def test_assign_parents(text, expected):
    assert parents_of(text) == expected


def _metric(unit, label="信息"):
    return MetricData(
        key="m1", label=label, value=1.0, unit=unit, approx=None, start=0, end=1, raw="1" + unit
    )


@pytest.mark.parametrize(
    "whole, part, expected",
    [
        (_metric("条"), _metric("件"), True),
        (_metric("条"), _metric("期", "公告"), True),
        (_metric("条"), _metric("个", "总局公告"), True),
        (_metric("条"), _metric("张", "报表"), True),
        (_metric("条"), _metric("张", "证书"), False),
        (_metric("条"), _metric("个", "司局子网站"), False),
        (_metric("条"), _metric("家", "企业"), False),
        (_metric("条"), _metric("次", "名单"), False),
        (_metric("次"), _metric("次", "名单"), True),
        (_metric("人次"), _metric("次"), False),
        (_metric("件"), _metric("%"), False),
    ],
)
def test_same_kind(whole, part, expected):
    assert same_kind(whole, part) is expected


def test_kind_of_percentage():
    assert kind(_metric("%")) == "%"


def parents_with_rules(text):
    metrics = find_metrics(text)
    for number, metric in enumerate(metrics, 1):
        metric.key = f"m{number}"
    reader = assign_parents(text, metrics)
    return [(metric.raw, metric.parent, reader.trace.get(id(metric))) for metric in metrics]


# Each part-of cue (PART_CUES) and each rule at a metric, named in the reader's trace.
TRACED = [
    pytest.param(
        "受理申请100件，其中网上申请60件，信函申请40件。",
        [("100件", None, None), ("60件", "m1", "among"), ("40件", "m1", "among")],
        id="among",
    ),
    pytest.param(
        "主动公开信息50条。一是公开文件20条；二是公开动态30条。",
        [("50条", None, None), ("20条", "m1", "enumeration"), ("30条", "m1", "enumeration")],
        id="enumeration",
    ),
    pytest.param(
        "行政复议5件（含维持3件）。",
        [("5件", None, None), ("3件", "m1", "contains")],
        id="contains",
    ),
    pytest.param(
        "行政诉讼1件（维持1件）。", [("1件", None, None), ("1件", "m1", "bracket")], id="bracket"
    ),
    pytest.param(
        "主动公开信息100条。在公开的信息中，文件信息10条，动态信息90条。",
        [("100条", None, None), ("10条", "m1", "reference"), ("90条", "m1", "reference")],
        id="reference",
    ),
    pytest.param(
        "申请46件。从申请形式看，网上申请32件，信函申请14件。",
        [("46件", None, None), ("32件", "m1", "perspective"), ("14件", "m1", "perspective")],
        id="perspective",
    ),
    pytest.param(
        "共办结申请10件，答复情况如下：\n（1）同意公开6件；\n（2）不予公开4件。",
        [("10件", None, None), ("6件", "m1", "list_intro"), ("4件", "m1", "list_intro")],
        id="list_intro",
    ),
    pytest.param(
        "网上申请3件，信函申请2件，共5件。",
        [
            ("3件", "m3", "total_after_parts"),
            ("2件", "m3", "total_after_parts"),
            ("5件", None, None),
        ],
        id="total_after_parts",
    ),
    pytest.param(
        "执法督查打假信息638条。公布工作动态信息229条；专项打假信息409条。",
        [
            ("638条", None, None),
            ("229条", "m1", "list_after_total"),
            ("409条", "m1", "list_after_total"),
        ],
        id="list_after_total",
    ),
    pytest.param(
        "行政复议4起，经复议维持原答复3起，责令重新答复1起。",
        [
            ("4起", None, None),
            ("3起", "m1", "adds_up_after_total"),
            ("1起", "m1", "adds_up_after_total"),
        ],
        id="adds_up_after_total",
    ),
    pytest.param(
        "已办结申请90件中，同意公开50件，不予公开40件。",
        [("90件", None, None), ("50件", "m1", "among_header"), ("40件", "m1", "among_header")],
        id="among_header",
    ),
    pytest.param(
        "收到申请10件。同意公开6件，不予公开4件。",
        [("10件", None, None), ("6件", "m1", "parts_sentence"), ("4件", "m1", "parts_sentence")],
        id="parts_sentence",
    ),
    pytest.param(
        "清理规范性文件89件，废止3件。",
        [("89件", None, None), ("3件", "m1", "review_outcome")],
        id="review_outcome",
    ),
    pytest.param(
        "受理申请100件，网上申请60件，占申请总量的60%。",
        [
            ("100件", None, None),
            ("60件", "m1", "named_total"),
            ("60%", "m1", "share_of_count_whole"),
        ],
        id="named_total",
    ),
]


@pytest.mark.parametrize("text, expected", TRACED)
def test_the_trace_names_the_cue_or_rule_that_gave_each_parent(text, expected):
    assert parents_with_rules(text) == expected


def test_the_part_of_cues_are_a_named_table_in_the_order_ties_are_handled():
    assert [name for name, _finder, _handler in PART_CUES] == [
        "enumeration", "among", "contains", "reference", "perspective", "bracket", "list_intro",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "parts, expected",
    [
        pytest.param(64, 64, id="TOTAL_PARTS_MAX-parts"),
        pytest.param(65, 0, id="one-more-lists-no-parts"),
    ],
)
def test_a_total_takes_at_most_total_parts_max_parts(parts, expected):
    assert TOTAL_PARTS_MAX == 64
    found = parents_of("受理申请1件，" * parts + f"共{parts}件。")
    assert sum(1 for _raw, parent in found if parent == f"m{parts + 1}") == expected
    assert found[-1] == (f"{parts}件", None)


def test_a_share_inside_a_run_of_parts_is_skipped():
    assert parents_of("网上申请3件，占60%，信函申请2件，共5件。") == [
        ("3件", "m4"), ("60%", None), ("2件", "m4"), ("5件", None),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("（甲(乙）丙)", {2: 4, 0: 6}, id="either-width-nested"),
        pytest.param("（甲\n乙）", {}, id="not-across-a-line"),
        pytest.param("）（甲", {}, id="unclosed"),
    ],
)
def test_round_brackets_are_paired_once_per_document(text, expected):
    assert bracket_pairs(text) == expected


def _scanned_total_name(reader, position):
    """The name a scan of the sentence's text before `position` finds last (what the share rule used to do)."""
    sentence = reader.text[reader.view.sentence_start(position) : position]
    matches = list(NAMED_TOTAL.finditer(sentence))
    return matches[-1].group("name") if matches else None


# (text, (raw, the name read before that number) for each number): a named total running past a number
# (占申请1件总数) is no name before it; shares alone name none.
NAMED_BEFORE = [
    pytest.param(
        "受理申请20件，分别占申请总量的45%、占全部答复的55%。占信息的9%",
        [("20件", None), ("45%", "申请"), ("55%", "答复"), ("9%", "信息")],
        id="last-in-the-sentence",
    ),
    pytest.param(
        "受理申请20件。占申请总量的1%，占申请1件总数的2%",
        [("20件", None), ("1%", "申请"), ("1件", "申请"), ("2%", "申请1件")],
        id="one-running-past",
    ),
    pytest.param("占1%，" * 3, [("1%", None)] * 3, id="shares-alone"),
]


@pytest.mark.parametrize("text, expected", NAMED_BEFORE)
def test_a_share_reads_the_last_total_named_before_it_in_its_sentence(text, expected):
    metrics = find_metrics(text)
    for number, metric in enumerate(metrics, 1):
        metric.key = f"m{number}"
    reader = assign_parents(text, metrics)
    assert [(metric.raw, reader.last_total_name(metric.start)) for metric in metrics] == expected
    # Every position reads what a scan of its sentence up to there reads.
    for position in range(1, len(text)):
        assert reader.last_total_name(position) == _scanned_total_name(reader, position)
