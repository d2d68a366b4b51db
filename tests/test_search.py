"""store/search.py: passages that tile a report, occurrences, and the trigram index on both backends."""

import pytest

from store import search
from store.models import SearchPassage


@pytest.mark.parametrize(
    ("length", "sections", "expected"),
    [
        (10, [], [(None, 0, 10)]),
        (0, [], []),
        # preamble, then a section with a subsection and text after it, then a sibling
        (
            100,
            [(1, 10, 60), (2, 20, 40), (3, 60, 100)],
            [(None, 0, 10), (1, 10, 20), (2, 20, 40), (1, 40, 60), (3, 60, 100)],
        ),
        # a section covering the whole text (an untitled body), nested sections ending together
        (50, [(7, 0, 50), (8, 30, 50)], [(7, 0, 30), (8, 30, 50)]),
        # a text after the last section's end
        (30, [(4, 0, 20)], [(4, 0, 20), (None, 20, 30)]),
    ],
)
def test_passages_tile_the_text(length, sections, expected):
    tiles = search.passages("x" * length, sections)
    assert tiles == expected
    assert [start for _, start, _ in tiles[1:]] == [end for _, _, end in tiles[:-1]]


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("公开公开公开", "公开", [0, 2, 4]),
        ("啊啊啊", "啊啊", [0, 1]),  # overlapping occurrences count
        ("依申请公开", "申请", [1]),
        ("abc", "ABC", []),  # case-sensitive
        ("", "公开", []),
    ],
)
def test_occurrences(text, query, expected):
    assert search.occurrences(text, query) == expected


def test_occurrences_are_capped():
    assert len(search.occurrences("啊" * 50, "啊", limit=7)) == 7


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("樱桃园调研", True),
        ("樱桃园", True),
        ("樱桃", True),
        ("园", True),
        ("100%", True),
        ("10_%", False),
        ("樱桃园调查", False),
        ("ABC", False),
        ("abc", True),
    ],
)
def test_match_condition_is_exact_on_both_backends(store, query, found):
    from store.models import Report

    report = Report.create(
        title="t",
        source_name="t.txt",
        sha256="0" * 64,
        encoding="utf-8",
        text="本年度开展了樱桃园调研，完成100%。abc",
        loaded_at="2026-01-01 00:00:00",
    )
    search.index_report(report)
    assert SearchPassage.select().where(search.match_condition(query)).exists() is found


def test_postgres_trigram_index_sees_chinese(backend, store):
    """pg_trgm finds trigrams in Chinese only under a UTF-8 LC_CTYPE (not C): then the index
    answers a phrase; under C every query would scan (still exact, but slow)."""
    if backend.name != "postgres":
        pytest.skip("PostgreSQL only")
    trigrams = store.execute_sql("SELECT show_trgm('质量管理信息')").fetchone()[0]
    assert len(trigrams) == 7
