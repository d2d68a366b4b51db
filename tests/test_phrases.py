"""Noun phrases (loaders.phrases): a clause cleaned down to what it names."""

import pytest

from loaders.phrases import clean_label, compact_label


@pytest.mark.parametrize(
    "clause, label",
    [
        pytest.param(
            "我局通过门户网站主动公开政府信息", "主动公开政府信息", id="first-person-and-channel"
        ),
        pytest.param("全县共受理申请", "申请", id="scope-total-and-filler-verb"),
        pytest.param("因不服答复提起行政复议", "提起行政复议", id="cause"),
        pytest.param(
            "一是公布了地方动态信息", "地方动态信息", id="item-marker-and-publishing-verb"
        ),
        pytest.param("截至2023年底累计发布信息", "信息", id="time-and-total"),
        # a site named …网上 is a channel too; a time word may stand between the channel and the verb
        pytest.param(
            "在平潭政府采购信息网上主动公开政府采购项目信息",
            "主动公开政府采购项目信息",
            id="channel-net",
        ),
        pytest.param(
            "通过政府门户网站全年主动公开各类政府信息",
            "主动公开各类政府信息",
            id="channel-then-time-word",
        ),
        # offices named before the term 主动公开 are who published, not what was
        pytest.param(
            "区管委会、县政府公开办主动公开信息数", "主动公开信息数", id="offices-before-the-term"
        ),
        pytest.param(
            "政府信息公开专栏主动公开文件", "政府信息公开专栏主动公开文件", id="no-office-kept"
        ),
        # 网 that names no site stays: 网上申请 selects which applications are counted
        pytest.param("通过网上申请", "通过网上申请", id="online-application-kept"),
    ],
)
def test_a_clause_is_cleaned_down_to_what_it_names(clause, label):
    assert clean_label(clause) == label


@pytest.mark.parametrize(
    "label, compact",
    [("群众   来电", "群众来电"), ("Windows  10 系统", "Windows 10系统")],
)
def test_blanks_left_by_a_joined_line_go_except_between_ascii_words(label, compact):
    assert compact_label(label) == compact


@pytest.mark.parametrize(
    "after, label, rules",
    [
        pytest.param("公开文件，", "公开文件", ["batch"], id="short"),
        pytest.param("公" * 60 + "，", "公" * 60, ["batch"], id="BATCH_CLAUSE_MAX"),
        pytest.param("公" * 61 + "，", "公" * 61, ["noun_after"], id="one-more-names-no-action"),
    ],
)
def test_a_count_of_batches_names_the_action_up_to_its_clause_break_within_reach(
    after, label, rules
):
    from loaders.labels import label_metrics
    from loaders.reading.view import TextView
    from loaders.tokens import number_tokens
    from loaders.vocabulary.labels import BATCH_CLAUSE_MAX

    assert BATCH_CLAUSE_MAX == 60
    view = TextView("分2批" + after)
    assert [(item.label, item.rules) for item in label_metrics(view, number_tokens(view))] == [
        (label, rules)
    ]
