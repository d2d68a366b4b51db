"""Full-text search over the reports' text: passages, their index, and the match condition.

Chinese has no spaces to split words on, so the index is on character
trigrams: SQLite's FTS5 with the `trigram` tokenizer (case-sensitive, so a
match is exactly the characters asked for), PostgreSQL's `pg_trgm` GIN index
(the extension is created with the schema). Both answer a substring query of
three or more characters from the index (PostgreSQL only when the database's
LC_CTYPE is a UTF-8 locale: under C, pg_trgm sees no trigram in Chinese and
the query scans, still exactly). A shorter query (公开, 申请: most
Chinese words are two characters) has no trigram; it is answered by an exact
`instr`/`strpos` scan of the passages the other filters leave.

A report's text is cut into passages that tile it, one per stretch owned by a
section (its own text up to its first subsection) plus the text before the
first heading, so that a hit names its section. Passages are written in
report then text order, so their ids are document order (the search's sort).
`index_report` writes them when a report is loaded, and on SQLite adds them to
the FTS5 table in one statement (a per-row insert trigger cost a statement per
passage; schema 10 dropped it). They are deleted with their report (ON DELETE
CASCADE, and on SQLite a delete trigger takes each out of the FTS5 table, on
every path that deletes one), so a replaced or removed document never leaves
stale hits. A phrase that straddles a
heading boundary is not found (the passages are searched one by one).
"""

from peewee import SQL, Expression, fn

from store import bulk
from store.models import SearchPassage, database

TRIGRAM = 3
"""Shortest query the trigram indexes can answer; shorter ones are scanned."""

SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(text, content='search_passage', "
    "content_rowid='id', tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER IF NOT EXISTS search_passage_ad AFTER DELETE ON search_passage BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
]
POSTGRES_INDEX = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_passage_text_trgm ON search_passage "
    "USING gin (text gin_trgm_ops)",
]


def _is_sqlite(db):
    from store.db import is_sqlite

    return is_sqlite(db)


def create_index(db=None):
    """Create the full-text index of the passages (idempotent); the caller holds the transaction."""
    db = db or database.obj
    for statement in SQLITE_INDEX if _is_sqlite(db) else POSTGRES_INDEX:
        db.execute_sql(statement)


def drop_index(db=None):
    """Drop what `create_index` made outside the models (the FTS5 table)."""
    db = db or database.obj
    if _is_sqlite(db):
        db.execute_sql("DROP TABLE IF EXISTS search_fts")


def passages(text, sections):
    """[(section id or None, start, end)] tiling `text`: each stretch goes to its innermost section.

    `sections` are (id, start, end) in text order (a section's span holds its
    subsections'); empty stretches are left out.
    """
    bounds = sorted({0, len(text)} | {s for _, s, _ in sections} | {e for _, _, e in sections})
    tiles = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        if start >= end:
            continue
        owner = None
        for section_id, s_start, s_end in sections:
            if s_start <= start and end <= s_end:
                owner = section_id  # later sections in text order are the inner ones
        if tiles and tiles[-1][0] == owner and tiles[-1][2] == start:
            tiles[-1] = (owner, tiles[-1][1], end)
        else:
            tiles.append((owner, start, end))
    return tiles


def index_report(report):
    """Write the passages of a stored report (its sections already written); call inside its transaction."""
    sections = bulk.execute(
        'SELECT "id", "start", "end" FROM "section" WHERE "report_id" = ? ORDER BY "ordinal"',
        (report.id,),
    ).fetchall()
    rows = [
        (report.id, section_id, start, end, report.text[start:end])
        for section_id, start, end in passages(report.text, sections)
    ]
    bulk.insert_rows(SearchPassage, PASSAGE_COLUMNS, rows)
    if rows:
        add_to_fts(report.id)
    return len(rows)


def add_passages(report_id, text, tiles, section_ids):
    """Write a just-written report's passages from its tiles, cut before the write
    (`passages` over its sections by position; `section_ids` gives each position's id)."""
    rows = [
        (report_id, None if at is None else section_ids[at], start, end, text[start:end])
        for at, start, end in tiles
    ]
    bulk.insert_rows(SearchPassage, PASSAGE_COLUMNS, rows)
    if rows:
        add_to_fts(report_id)
    return len(rows)


def add_to_fts(report_id):
    """Add a report's passages, just written, to the FTS5 index (SQLite; pg_trgm needs nothing)."""
    if _is_sqlite(database.obj):
        database.execute_sql(FTS_ADD_REPORT, (report_id,))


FTS_ADD_REPORT = (
    "INSERT INTO search_fts(rowid, text) "
    "SELECT id, text FROM search_passage WHERE report_id = ? ORDER BY id"
)
"""A report's passages into the FTS5 index (SQLite), in one statement after they are written."""
INSERT_TRIGGER = "search_passage_ai"
"""The per-row FTS5 insert trigger of schemas 4-9, dropped by schema 10 (`drop_insert_trigger`)."""


def drop_insert_trigger(db):
    """Schema 10: passages enter the FTS5 index in bulk (`index_report`), not by a trigger per row.

    The index of a store made before stays as it is (exact: the trigger kept it so).
    """
    if _is_sqlite(db):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {INSERT_TRIGGER}")


PASSAGE_COLUMNS = ("report_id", "section_id", "start", "end", "text")


def reindex_all():
    """Rebuild every report's passages (the migration that adds search uses it)."""
    from store.models import Report

    SearchPassage.delete().execute()
    count = 0
    for report in Report.select(Report.id, Report.text).order_by(Report.id).iterator():
        count += index_report(report)
    return count


def _like_pattern(query):
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def match_condition(query):
    """WHERE condition on SearchPassage: its text contains `query` exactly (case-sensitive).

    A phrase of three or more characters is answered by the index alone: an
    FTS5 trigram phrase (case-sensitive) or a LIKE with its wildcards escaped
    are both exactly "contains". Shorter queries scan with instr/strpos.
    """
    if _is_sqlite(database.obj):
        if len(query) < TRIGRAM:
            return fn.instr(SearchPassage.text, query) > 0
        phrase = '"' + query.replace('"', '""') + '"'
        return SearchPassage.id.in_(
            SQL("(SELECT rowid FROM search_fts WHERE search_fts MATCH ?)", [phrase])
        )
    if len(query) < TRIGRAM:
        return fn.strpos(SearchPassage.text, query) > 0
    return Expression(SearchPassage.text, "LIKE", _like_pattern(query))


def occurrences(text, query, limit=1000):
    """Offsets of every occurrence of `query` in `text` (overlapping ones too), at most `limit`."""
    found, at = [], text.find(query)
    while at != -1 and len(found) < limit:
        found.append(at)
        at = text.find(query, at + 1)
    return found
