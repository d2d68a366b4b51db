"""store.text_chunks: on PostgreSQL a report's text is also kept in pieces that windows are cut from.

The pieces are written by a trigger in the report's own transaction, so every
check here goes through ordinary writes of the report table, then compares what
`window_sql` cuts with Python's slice of the same text. SQLite has no pieces
(its substr is cheap): the schema there has no such table.
"""

import datetime

import pytest

from store import db as store_db
from store import text_chunks
from store.models import Report, SchemaMeta

# 450 characters: three pieces (200, 200, 50); CJK, ASCII, a newline and a 4-byte character.
TEXT = ("一二三四五六七八九十" * 19 + "abc\n𠀀def" + "甲乙丙丁戊" * 51)[:450]


def make_report(text, sha="0"):
    return Report.create(
        title="t",
        source_name=f"{sha}.txt",
        sha256=sha * 64,
        encoding="utf-8",
        media_type="text/plain",
        text=text,
        year=2020,
        loaded_at=datetime.datetime(2026, 1, 1),
    )


def pieces(db, report_id):
    return [
        row
        for row in db.execute_sql(
            f"SELECT n, text FROM {text_chunks.TABLE} WHERE report_id = %s ORDER BY n",
            (report_id,),
        ).fetchall()
    ]


def cut(db, stretches):
    sql = text_chunks.window_sql(db.param, len(stretches))
    params = [value for stretch in stretches for value in stretch]
    return db.execute_sql(sql, params).fetchall()


@pytest.fixture
def pg(backend, store):
    if backend.name != "postgres":
        pytest.skip("the pieces exist on PostgreSQL only")
    return store


def test_sqlite_has_no_pieces(backend, store):
    if backend.name != "sqlite":
        pytest.skip("SQLite only")
    assert not store.table_exists(text_chunks.TABLE)
    store_db.MIGRATIONS[11](store)
    assert not store.table_exists(text_chunks.TABLE)


def test_a_written_report_is_cut_into_pieces(pg):
    report = make_report(TEXT)
    assert [(n, len(text)) for n, text in pieces(pg, report.id)] == [(0, 200), (1, 200), (2, 50)]
    assert "".join(text for _, text in pieces(pg, report.id)) == TEXT


@pytest.mark.parametrize(
    "start, end",
    [
        pytest.param(0, 10, id="first-piece"),
        pytest.param(150, 260, id="across-a-boundary"),
        pytest.param(199, 201, id="two-characters-across"),
        pytest.param(200, 400, id="exactly-one-piece"),
        pytest.param(10, 440, id="three-pieces"),
        pytest.param(185, 195, id="the-4-byte-character"),
        pytest.param(420, 600, id="past-the-end"),
        pytest.param(500, 600, id="after-the-end"),
    ],
)
def test_a_window_is_the_slice_of_the_text(pg, start, end):
    report = make_report(TEXT)
    assert cut(pg, [(report.id, start, end)]) == [(report.id, start, TEXT[start:end])]


def test_several_reports_in_one_query_and_a_missing_one(pg):
    first, second = make_report(TEXT, "1"), make_report("短文本", "2")
    got = cut(pg, [(first.id, 190, 210), (second.id, 1, 3), (second.id + 99, 0, 10)])
    assert got == [
        (first.id, 190, TEXT[190:210]),
        (second.id, 1, "文本"),
        (second.id + 99, 0, None),
    ]


def test_an_empty_text_has_no_pieces(pg):
    report = make_report("")
    assert pieces(pg, report.id) == []
    assert cut(pg, [(report.id, 0, 10)]) == [(report.id, 0, None)]


def test_a_new_text_replaces_the_pieces_and_deletion_removes_them(pg):
    report = make_report(TEXT)
    Report.update(text="新的文本" * 60).where(Report.id == report.id).execute()
    assert [(n, len(text)) for n, text in pieces(pg, report.id)] == [(0, 200), (1, 40)]
    assert cut(pg, [(report.id, 195, 205)]) == [(report.id, 195, ("新的文本" * 60)[195:205])]
    Report.delete().where(Report.id == report.id).execute()
    assert pieces(pg, report.id) == []


def test_migration_11_cuts_the_texts_of_an_older_store(pg, monkeypatch):
    """A store of version 9 (no pieces) gets the table, the trigger and every text cut; a rerun
    changes nothing."""
    report = make_report(TEXT)
    text_chunks.drop(pg)
    assert not pg.table_exists(text_chunks.TABLE)
    monkeypatch.setattr(store_db, "MIGRATIONS", {11: store_db.MIGRATIONS[11]})
    SchemaMeta.update(value="9").where(SchemaMeta.key == "schema_version").execute()
    store_db.ensure_schema(pg)
    assert store_db.schema_version(pg) == store_db.SCHEMA_VERSION
    assert "".join(text for _, text in pieces(pg, report.id)) == TEXT
    store_db.MIGRATIONS[11](pg)
    assert [n for n, _ in pieces(pg, report.id)] == [0, 1, 2]
    later = make_report("后来的报告", "3")  # the trigger is there after the migration
    assert pieces(pg, later.id) == [(0, "后来的报告")]
