"""The text view (loaders.reading.view): quoted names, clause and sentence boundaries, flattened paragraphs."""

import pytest

from loaders.reading.view import TextView, is_flat_paragraph, quote_spans

TEXT = "主动公开信息，及其办事流程5条。其中“公开。指南”3份！另有2件"


def test_quoted_names_pair_with_their_closing_mark_and_ascii_quotes_within_a_line():
    assert quote_spans("发布“质量月”活动，《条例》2部，'质量'") == [(2, 7), (10, 14), (17, 21)]


def test_a_comma_before_a_continuing_conjunction_does_not_end_the_clause():
    view = TextView(TEXT)
    start = view.clause_start(TEXT.index("5条"))
    assert TEXT[start : TEXT.index("5条")] == "主动公开信息，及其办事流程"


def test_a_closed_bracket_is_read_as_one_word_when_scanning_back():
    text = "（一）办理情况（含转办）5件"
    assert TextView(text).clause_start(text.index("5件")) == 0


def test_a_sentence_mark_inside_a_quoted_name_ends_no_sentence():
    view = TextView(TEXT)
    assert view.in_quote(TEXT.index("公开。")) is True
    assert view.in_quote(TEXT.index("其中")) is False
    assert view.sentence_start(TEXT.index("3份")) == TEXT.index("其中")
    assert view.sentence_end(TEXT.index("其中")) == TEXT.index("！")


@pytest.mark.parametrize(
    "paragraph, flat",
    [
        ("公开信息.文件10条.动态20条.其他30条", True),
        ("公开信息。文件10条.动态20条.其他30条", False),
        ("版本1.2.3", False),
    ],
)
def test_a_paragraph_with_its_punctuation_flattened_to_dots(paragraph, flat):
    assert is_flat_paragraph(paragraph) is flat


def test_in_a_flattened_paragraph_a_dot_is_a_clause_break_and_only_a_newline_ends_a_sentence():
    text = "公开信息.文件10条.动态20条.其他30条\n下一段"
    view = TextView(text)
    assert "." in view.breaks(0)
    assert view.sentence_end(0) == text.index("\n")


VIEW_LOOKUPS = [
    # (text, position, sentence_start, sentence_end)
    pytest.param("甲。乙“丙。丁”戊。己", 10, 10, 11, id="after-a-sentence-end"),
    pytest.param("甲。乙“丙。丁”戊。己", 6, 2, 9, id="quoted-mark-skipped"),
    pytest.param("甲乙丙", 2, 0, 3, id="no-sentence-end"),
    pytest.param("甲\n乙", 2, 2, 3, id="newline"),
    pytest.param("", 0, 0, 0, id="empty"),
]


@pytest.mark.parametrize("text, position, start, end", VIEW_LOOKUPS)
def test_sentence_bounds_are_looked_up_not_scanned(text, position, start, end):
    view = TextView(text)
    assert (view.sentence_start(position), view.sentence_end(position)) == (start, end)


BRACKETS = [
    # (text, the position of a closing bracket, floor, its opening bracket or None)
    pytest.param("（甲（乙）丙）", 6, 0, 0, id="nested"),
    pytest.param("（甲（乙）丙）", 4, 0, 2, id="inner"),
    pytest.param("甲）乙）", 3, 0, None, id="unopened"),
    pytest.param("（甲\n乙）", 4, 0, None, id="other-line"),
    pytest.param("（甲(乙）", 4, 0, 0, id="other-kind-ignored"),
    pytest.param("（甲（乙）丙）", 6, 1, None, id="below-floor"),
]


@pytest.mark.parametrize("text, close, floor, opener", BRACKETS)
def test_a_closing_bracket_finds_its_opener_on_its_line(text, close, floor, opener):
    assert TextView(text)._matching_open(close, floor) == opener


def test_paragraph_bounds_and_quotes_by_bisection():
    view = TextView("甲“乙”\n丙\n")
    assert [view.paragraph_bounds(i) for i in (0, 3, 4, 5, 6, 7)] == [
        (0, 4),
        (0, 4),
        (0, 4),
        (5, 6),
        (5, 6),
        (7, 7),
    ]
    assert [view.in_quote(i) for i in range(5)] == [False, False, True, False, False]
