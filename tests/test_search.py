"""store/search.py: passages that tile a report, occurrences, and the trigram index on both backends."""

import pytest

from store import search
from store.models import SearchPassage
from tests.conftest import SEEDS


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


SEED_2011 = SEEDS / "aqsiq-2011-annual-report.txt"
SEED_2012 = SEEDS / "aqsiq-2012-subsites-disclosure.txt"
EXTRA = "\n本年度另行开展樱桃园调研三次。\n".encode()


def _indexed_and_scanned(query):
    """(ids the match condition finds, ids an exact scan of the passages finds)."""
    found = {
        p.id for p in SearchPassage.select(SearchPassage.id).where(search.match_condition(query))
    }
    scanned = {
        p.id for p in SearchPassage.select(SearchPassage.id, SearchPassage.text) if query in p.text
    }
    return found, scanned


@pytest.mark.parametrize(
    ("steps", "query", "hits"),
    [
        pytest.param(("a",), "政府信息公开", 13, id="loaded"),
        pytest.param(("a", "b"), "质量管理信息", 3, id="two-loaded"),
        pytest.param(("a", "b", "a-changed"), "樱桃园调研", 1, id="replaced-new-text"),
        pytest.param(("a", "b", "a-changed"), "政府信息公开", 13, id="replaced-old-text"),
        pytest.param(("a", "b", "a-changed", "a-is-b"), "樱桃园调研", 0, id="removed"),
        pytest.param(("a", "b", "a-changed", "a-is-b"), "政府信息公开", 0, id="removed-text"),
        pytest.param(("a", "b", "a-changed", "a-is-b"), "质量管理信息", 1, id="kept"),
    ],
)
def test_the_index_follows_loads_replacements_and_removals(store, steps, query, hits):
    """The FTS5 index gets a report's passages in bulk (no insert trigger since schema 10) and
    loses them by its delete trigger: every search equals an exact scan of the passages."""
    from loaders.load import load_bytes

    documents = {
        "a": (SEED_2011.read_bytes(), "a.txt"),
        "b": (SEED_2012.read_bytes(), "b.txt"),
        "a-changed": (SEED_2011.read_bytes() + EXTRA, "a.txt"),
        "a-is-b": (SEED_2012.read_bytes(), "a.txt"),
    }
    for step in steps:
        assert load_bytes(*documents[step]).status != "failed"
    found, scanned = _indexed_and_scanned(query)
    assert found == scanned
    assert len(found) == hits
    if search._is_sqlite(store):
        store.execute_sql("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
