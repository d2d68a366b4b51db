"""Labels (loaders.labels): the LABEL_RULES table, the rule that decides each label and the rules that adjust it."""

import pytest

from loaders.labels import LABEL_RULES, label_metrics
from loaders.reading.unwrap import unwrap
from loaders.reading.view import TextView
from loaders.tokens import number_tokens


def _labelled(text):
    view = TextView(unwrap(text))
    return [
        (text[i.token.start : i.token.end], i.label, i.rules)
        for i in label_metrics(view, number_tokens(view))
    ]


CASES = [
    pytest.param(
        "名单5条1492家企业",
        [("5条", "名单", ["clause"]), ("1492家", "名单", ["attribute"])],
        id="attribute",
    ),
    pytest.param(
        "分2批公开文件30件",
        [("2批", "公开文件", ["batch"]), ("30件", "文件", ["clause"])],
        id="batch",
    ),
    pytest.param(
        "申请235件，占申请总量的45.7%",
        [("235件", "申请", ["clause"]), ("45.7%", "申请", ["share"])],
        id="share",
    ),
    pytest.param("举办9次在线访谈", [("9次", "在线访谈", ["noun_after"])], id="noun_after"),
    pytest.param(
        "更新“大陆从台湾地区进口食品中检出塑化剂的企业及其产品名单”61次",
        [("61次", "企业及其产品名单", ["long_quote"])],
        id="long_quote",
    ),
    pytest.param(
        "主动公开政府信息的数量2016年全区主动公开政府信息3460条",
        [("3460条", "主动公开政府信息", ["run_on_year"])],
        id="run_on_year",
    ),
    pytest.param(
        "截至2023年底累计发布信息52条，较2022年增加信息3条",
        [("52条", "信息", ["clause"]), ("3条", "较2022年增加信息", ["clause"])],
        id="run_on_year-not-after-a-word-taking-the-year",
    ),
    pytest.param(
        "主动公开信息数：1568条", [("1568条", "主动公开信息数", ["colon_key"])], id="colon_key"
    ),
    pytest.param(
        "行政复议2件、行政诉讼1件，共3件",
        [
            ("2件", "行政复议", ["clause"]),
            ("1件", "行政诉讼", ["clause"]),
            ("3件", "行政复议", ["total_of_parts"]),
        ],
        id="total_of_parts",
    ),
    pytest.param(
        "历史档案12005卷、157019件",
        [("12005卷", "历史档案", ["clause"]), ("157019件", "历史档案", ["previous_label"])],
        id="previous_label",
    ),
    pytest.param(
        "全年公开信息718条，同比增长12.5%。",
        [("718条", "信息", ["clause"]), ("12.5%", "信息同比增长", ["clause", "change_of_period"])],
        id="change_of_period",
    ),
    pytest.param(
        "A、B、C分别发布信息2条、3条和4条。",
        [
            ("2条", "A信息", ["clause", "respectively"]),
            ("3条", "B信息", ["previous_label", "respectively"]),
            ("4条", "C和", ["clause", "respectively"]),
        ],
        id="respectively",
    ),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_each_label_keeps_the_rule_that_decided_it_and_those_that_adjusted_it(text, expected):
    assert _labelled(text) == expected


def test_the_label_rules_are_a_named_table_in_the_order_they_are_tried():
    assert [name for name, _rule in LABEL_RULES] == [
        "attribute", "batch", "share", "noun_after", "long_quote", "run_on_year", "clause", "colon_key",
        "total_of_parts", "previous_label",
    ]  # fmt: skip
    assert all(rule.__doc__ for _name, rule in LABEL_RULES)


@pytest.mark.parametrize(
    "parts, rule",
    [
        pytest.param(64, "total_of_parts", id="TOTAL_PARTS_MAX-parts"),
        pytest.param(65, "previous_label", id="one-more"),
    ],
)
def test_a_total_is_named_after_at_most_total_parts_max_parts(parts, rule):
    view = TextView("受理申请1件，" * parts + f"共{parts}件。")
    history = label_metrics(view, number_tokens(view))
    assert (history[-1].label, history[-1].rules) == ("申请", [rule])
    assert [item.run_from for item in history[:3]] == [0, 0, 0]
