"""分别 runs (loaders.respectively): the items of an enumeration read back from 分别, not from the sentence start."""

import pytest

from loaders.labels import label_metrics
from loaders.reading.view import TextView
from loaders.respectively import _last_clause, respective_items
from loaders.tokens import number_tokens


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("甲，乙、丙", "乙、丙", id="last-clause"),
        pytest.param("甲， ，", "甲", id="blank-clauses-skipped"),
        pytest.param("，；", None, id="no-words"),
        pytest.param(" 甲 ", "甲", id="stripped"),
    ],
)
def test_the_last_clause_with_words(text, expected):
    assert _last_clause(text, 0, len(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "申请1件" * 2000 + "。网上、信函分别为3件、2件。",
            ["网上", "信函"],
            id="after-a-long-sentence",
        ),
        pytest.param("网上、信函全年分别发布信息3条、2条", ["网上", "信函"], id="reach"),
        pytest.param("网上、信函分别是很长很长很长很长的说法3件、2件", None, id="beyond-reach"),
    ],
)
def test_respective_items(text, expected):
    view = TextView(text)
    tokens = number_tokens(view)
    history = label_metrics(view, tokens)
    first = next(item for item in history if text.find("分别") < item.token.start)
    assert respective_items(view, first) == expected
