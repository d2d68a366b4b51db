"""The template's wording rules (loaders.template_spec): remembered answers equal computed ones.

`normalise`, `has_numbering` and the matchers are remembered (bounded caches,
one for short texts, one for a few long ones); what they return must be what
the rule computes, whatever the text: full-width forms, traditional
characters, spaces, zero-width characters, texts past either cache's length.
"""

import pytest

from loaders import template_spec as spec

LONG = "其他" * 150 + "１２"  # past remembered.SHORT_LENGTH, within LONG_LENGTH
VERY_LONG = "（三）" + "不予公開" * 5100  # past remembered.LONG_LENGTH: never kept


@pytest.mark.parametrize(
    "text, normalised, numbered",
    [
        ("（一）本年新收政府信息公開申請數量", "本年新收政府信息公开申请数量", True),
        ("１．\u3000属于“国家秘密”", "属于国家秘密", True),
        (" 其它 处理 ：", "其他处理", False),
        ("①\u200b行政复议", "行政复议", True),
        ("三、 结果维持", "结果维持", True),
        ("", "", False),
        (LONG, "其他" * 150 + "12", False),
        (VERY_LONG, "不予公开" * 5100, True),
    ],
)
def test_normalise_and_has_numbering_remembered_equal_computed(text, normalised, numbered):
    for _ in range(2):  # the first call computes, the second is remembered (where kept)
        assert spec.normalise(text) == normalised
        assert spec.has_numbering(text) is numbered
    assert spec.normalise.uncached(text) == normalised
    assert spec.has_numbering.uncached(text) is numbered


@pytest.mark.parametrize(
    "matcher, args, expected",
    [
        (spec.match_row, ("3", "本年新收政府信息公开申请数量"), "new_requests"),
        (spec.match_row, ("3", "不予公开:属于国家秘密"), "not_disclosed_state_secret"),
        (spec.match_row, ("3", "其他", "other_handling"), "other_other"),
        (spec.match_row, ("3", "其他"), None),
        (spec.match_row, ("3", "本年新收申请109件"), None),
        (spec.match_row, ("3", "申请" * 120), None),
        (spec.match_column, ("3", "自然人"), "natural_person"),
        (spec.match_column, ("3", "自然人" * 100), None),
        (spec.match_group, ("不予公开",), "not_disclosed"),
        (spec.is_corner, ("3", "申请人情况"), True),
        (spec.is_corner, ("3", "信息内容"), False),
        (spec.match_column_group, ("4", "行政复议"), "review"),
        (spec.is_header_word, ("4", "维持"), True),
        (spec.is_header_word, ("4", "维持原"), False),
    ],
)
def test_matchers_remembered_equal_computed(matcher, args, expected):
    assert matcher(*args) == expected
    assert matcher(*args) == expected
    assert matcher.uncached(*args) == expected


@pytest.mark.parametrize("table", ["2", "3", "4"])
def test_items_by_key_are_the_items_found_in_order(table):
    rows = {"2": spec.TABLE2_ROWS, "3": spec.TABLE3_ROWS, "4": (spec.TABLE4_ROW,)}[table]
    columns = {"2": spec.TABLE2_COLUMNS, "3": spec.TABLE3_COLUMNS, "4": spec.TABLE4_COLUMNS}
    for row in rows:
        assert spec.row_item(table, row.key) is spec.find_item(rows, row.key)
    for column in columns[table]:
        assert spec.column_item(table, column.key) is spec.find_item(columns[table], column.key)
    assert spec.row_item(table, "no_such_row") is None
    assert spec.column_item(table, "no_such_column") is None


@pytest.mark.parametrize(
    "report_format, count, first, last",
    [
        (
            spec.FORMAT_2021,
            200,
            ("2", "regulations", "issued"),
            ("4", "cases", "litigation_after_review_total"),
        ),
        (
            spec.FORMAT_2019,
            198,
            ("2", "regulations", "newly_made"),
            ("4", "cases", "litigation_after_review_total"),
        ),
    ],
)
def test_expected_cells_in_reading_order(report_format, count, first, last):
    cells = spec.expected_cells(report_format)
    assert (len(cells), cells[0], cells[-1]) == (count, first, last)
    assert list(cells) == [
        (table, row.key, column.key)
        for table in ("2", "3", "4")
        for row in spec.rows(table, report_format)
        for column in spec.columns(table, report_format, row.key)
    ]


def _normalise_step_by_step(text):
    """`normalise` as its docstring says it, one step after another (what the one-pass patterns must equal)."""
    import re
    import unicodedata

    text = re.sub("[\u2460-\u2473]", "", spec.ZERO_WIDTH.sub("", spec.simplified(text)))
    text = unicodedata.normalize("NFKC", text).replace("其它", "其他")
    text = spec._QUOTES.sub("", re.sub(r"\s+", "", text))
    while True:
        stripped = spec._NUMBERING.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text.rstrip(":")


def test_normalise_equals_its_steps_on_random_wordings():
    import random

    pieces = list("\u200b\u2460\u2473\ufeff \u3000\t\n\"'“”「其它他一二、1.2（）()：:a開申請") + [
        "其它",
        "（一）",
        "1.",
        "①",
    ]
    rng = random.Random(11)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert spec.normalise.uncached(text) == _normalise_step_by_step(text), repr(text)
