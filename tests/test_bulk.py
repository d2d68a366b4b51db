"""Bulk writes: ids reserved up front on each backend, parents ordered before their parts."""

from dataclasses import dataclass

import pytest

from store import bulk
from store.models import Report, Section


@dataclass
class Item:
    key: str
    parent: str | None = None


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([Item("a"), Item("b"), Item("c")], ["a", "b", "c"]),
        # parts before their total in the document: the total goes first
        ([Item("p1", "t"), Item("p2", "t"), Item("t")], ["t", "p1", "p2"]),
        # three levels, listed deepest first
        ([Item("x", "y"), Item("y", "z"), Item("z"), Item("w")], ["z", "w", "y", "x"]),
    ],
)
def test_parents_first_puts_each_parent_before_its_parts(items, expected):
    rows = [item.key for item in items]
    assert bulk.parents_first(items, rows) == expected


def make_report(name):
    return Report.create(
        title=name,
        source_name=name,
        sha256=name * 8,
        encoding="utf-8",
        media_type="text/plain",
        format="narrative",
        text="一二三",
        section_count=0,
        metric_count=0,
        warnings="[]",
        loaded_at="2024-01-01 00:00:00",
    )


def test_reserved_ids_follow_the_highest_ever_given_and_link_parents(store):
    items = [Item("s1"), Item("s2", "s1"), Item("s3", "s1")]
    with store.atomic():
        report = make_report("a")
        ids = bulk.reserve_ids(Section, items)
        assert list(ids.values()) == [1, 2, 3]
        bulk.insert_rows(
            Section,
            ("id", "report_id", "parent_id", "ordinal", "level", "start", "end"),
            bulk.parents_first(
                items,
                [
                    (ids[i.key], report.id, ids.get(i.parent), n, 1, 0, 1)
                    for n, i in enumerate(items, 1)
                ],
            ),
        )
    assert list(Section.select(Section.id, Section.parent).order_by(Section.id).tuples()) == [
        (1, None),
        (2, 1),
        (3, 1),
    ]
    # Deleted rows' ids are never handed out again.
    Section.delete().where(Section.id == 3).execute()
    with store.atomic():
        assert list(bulk.reserve_ids(Section, [Item("s4"), Item("s5")]).values()) == [4, 5]
        # An id taken by a plain insert meanwhile is not reused either.
        Section.insert(report=report.id, ordinal=9, level=1, start=0, end=1).execute()
        assert list(bulk.reserve_ids(Section, [Item("s6")]).values()) == [
            Section.select().order_by(Section.id.desc()).first().id + 1
        ]


def test_nothing_to_write_reserves_nothing(store):
    assert bulk.reserve_ids(Section, []) == {}
    bulk.insert_rows(Section, ("id",), [])
    assert Section.select().count() == 0


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ((1, "a\tb", None), "1\ta\\tb\t\\N\n"),
        ((2.5, "line\nnext\r", "back\\slash"), "2.5\tline\\nnext\\r\tback\\\\slash\n"),
        ((0.1, True, "申请 \\N"), "0.1\tt\t申请 \\\\N\n"),
        ((1e16, False, '{"parts": [1, 2]}'), '1e+16\tf\t{"parts": [1, 2]}\n'),
    ],
)
def test_copy_text_escapes_what_copy_would_read_otherwise(row, expected):
    assert bulk.copy_text([row]) == expected


TRICKY_TITLES = ["a\tb", "back\\slash \\N", "line\nbreak\r\n", "", None, "申请（一）"]


@pytest.mark.parametrize("count", [3, 40])
def test_rows_read_back_exactly_whichever_bulk_path_wrote_them(store, count):
    """SQLite: executemany; PostgreSQL: a multi-row INSERT (few rows) or COPY (40 rows)."""
    with store.atomic():
        report = make_report(f"copy{count}")
        rows = [
            (report.id, n, 1, TRICKY_TITLES[n % len(TRICKY_TITLES)], n * 10, n * 10 + 1)
            for n in range(count)
        ]
        bulk.insert_rows(Section, ("report_id", "ordinal", "level", "title", "start", "end"), rows)
    stored = (
        Section.select(
            Section.report,
            Section.ordinal,
            Section.level,
            Section.title,
            Section.start,
            Section.end,
        )
        .where(Section.report == report.id)
        .order_by(Section.ordinal)
        .tuples()
    )
    assert list(stored) == rows
