"""Number tokens (loaders.tokens): which NOT_A_METRIC rule drops a number, and the token a metric starts from."""

import re
from pathlib import Path

import pytest

from loaders.reading.unwrap import unwrap
from loaders.reading.view import TextView
from loaders.tokens import NOT_A_METRIC, number_tokens, read_numbers
from loaders.vocabulary.numbers import NUMBER_TOKEN, NUMBER_TOKEN_START


def _read(text):
    return [
        (match.group(), reason) for match, _token, reason in read_numbers(TextView(unwrap(text)))
    ]


DROPPED = [
    pytest.param("第3次会议召开", [("3次", "ordinal")], id="ordinal"),
    pytest.param("每月1次更新", [("1次", "frequency")], id="frequency"),
    pytest.param("型号A3条", [("3条", "code_or_range")], id="code_or_range"),
    pytest.param("联系电话：3个", [("3个", "contact")], id="contact"),
    pytest.param("地址：白广路二条2号", [("二条", "address")], id="address"),
    pytest.param("印发《关于3项制度的通知》", [("3项", "inside_name")], id="inside_name"),
    pytest.param("共5部门参加", [("5部", "word_unit")], id="word_unit"),
    pytest.param("15个工作日内答复", [("15个工作日", "deadline")], id="deadline"),
    pytest.param("3至5个工作日", [("5个工作日", "range")], id="range"),
    pytest.param("最多3次", [("3次", "limit")], id="limit"),
    pytest.param("统一个标准", [("一个", "word_numeral")], id="word_numeral"),
    pytest.param("最近5条", [("近5条", "near_word")], id="near_word"),
    pytest.param(
        "受理12345678901234567件", [("12345678901234567件", "inexact")], id="inexact_digits"
    ),
    pytest.param(
        "受理9007199254740993件", [("9007199254740993件", "inexact")], id="inexact_above_2_53"
    ),
    pytest.param(
        "受理0.1234567890123456%", [("0.1234567890123456%", "inexact")], id="inexact_decimal"
    ),
    pytest.param(
        "受理" + "9" * 400 + "件", [("9" * 400 + "件", "inexact")], id="inexact_beyond_float"
    ),
    pytest.param("公开信息718条，同比增长12.5%。", [("718条", None), ("12.5%", None)], id="kept"),
    pytest.param(
        "热线电话11通，网络诉求3件", [("11通", None), ("3件", None)], id="calls_counted_after_phone"
    ),
    pytest.param("热线电话12345次", [("12345次", "contact")], id="five_digits_after_phone"),
    pytest.param("开展互动活动42场次", [("42场次", None)], id="unit_changci"),
    pytest.param("共5通过审核", [("5通", "word_unit")], id="tong_starts_a_word"),
]


@pytest.mark.parametrize("text, expected", DROPPED)
def test_each_dropped_number_names_the_rule_that_dropped_it(text, expected):
    assert _read(text) == expected


def test_the_not_a_metric_rules_are_a_named_table_in_order():
    assert [name for name, _rule in NOT_A_METRIC] == [
        "ordinal", "frequency", "code_or_range", "contact", "address", "inside_name",
        "word_unit", "deadline", "range", "limit", "word_numeral", "inexact",
    ]  # fmt: skip
    assert all(rule.__doc__ for _name, rule in NOT_A_METRIC)


def test_a_number_inside_a_skipped_span_is_left_to_the_table_rule():
    view = TextView("信息718条")
    assert [reason for _m, _t, reason in read_numbers(view, skip=[(0, 6)])] == ["table"]
    assert number_tokens(view, skip=[(0, 6)]) == []


def test_a_token_keeps_its_numeral_value_unit_and_approximation():
    (token,) = number_tokens(TextView("受理申请约1.2万余件左右"))
    assert (token.start, token.end, token.tail, token.value, token.unit, token.approx, token.numeral) == (
        5, 11, 13, 12000.0, "件", "more_than", "1.2万",
    )  # fmt: skip


EXACT = [
    pytest.param("受理123456789012345件", 123456789012345.0, id="15_digits"),
    pytest.param("受理9007199254740992件", 9007199254740992.0, id="2_53"),
    pytest.param("受理1234567890123456件", 1234567890123456.0, id="16_digits_below_2_53"),
    pytest.param("受理90071992.5万件", 900719925000.0, id="wan"),
]


@pytest.mark.parametrize("text, value", EXACT)
def test_numbers_the_store_holds_exactly_are_kept(text, value):
    (token,) = number_tokens(TextView(text))
    assert token.value == value


def test_an_inexact_number_is_named_in_the_warnings():
    warnings = []
    tokens = number_tokens(TextView("受理12345678901234567件，办结5件"), warnings=warnings)
    assert [(t.numeral, t.unit) for t in tokens] == [("5", "件")]
    assert warnings == [
        "number too large to store exactly, not a metric: '12345678901234567件' at 2-20 (NOT_A_METRIC rule inexact)"
    ]


def _documents():
    root = Path(__file__).resolve().parent.parent
    for folder in (root / "seeds", root / "tests" / "fixtures"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".txt", ".md", ".html") and path.is_file():
                yield path


def test_the_start_lookahead_finds_the_same_tokens():
    """NUMBER_TOKEN_START only lets the engine skip text fast: the same matches with it and without."""
    without = re.compile(NUMBER_TOKEN.pattern.removeprefix(NUMBER_TOKEN_START))
    assert NUMBER_TOKEN.pattern.startswith(NUMBER_TOKEN_START)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in _documents()]
    texts += ["约三百件，近1,200条；超过２０个、大约十余家，逾5 万元 将近七成"]
    assert len(texts) > 80
    for text in texts:
        found = [(m.span(), m.groupdict()) for m in NUMBER_TOKEN.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in without.finditer(text)]
