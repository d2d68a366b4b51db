"""Report texts on PostgreSQL also kept in pieces of CHUNK characters, so a quote is cut cheaply.

Every metric is served with a window of its report's text (`api.metric_rows`).
PostgreSQL's `substr(text, start, n)` in a UTF-8 database counts characters from
the first one: it walks the text (or, for a TOASTed one, its first 4 × (start + n)
bytes) a character at a time, about 10 ns each, so a window 5,000 characters into
a report cost ~60 µs, and a 100-row page touching 100 reports 6–9 ms, most of a
page's time at 1M metrics. SQLite's substr walks the same way but in a tight loop,
and is left as it is.

On PostgreSQL a trigger on `report` writes its text as rows of `report_text_chunk`
(report id, piece number n, the characters [n × CHUNK, (n + 1) × CHUNK)): a window
is then the one or two pieces it overlaps, found by the primary key, glued and cut
(`WINDOW_SQL`: 0.9 ms of execution for that page instead of 6–9 ms). The trigger
fires in the transaction that writes the report (a load, a replacement, COPY of a
bulk load), and a report's pieces go with it (ON DELETE CASCADE), so they can never
disagree with the text; ~0.5 ms per report at load. `rebuild` fills them for a store
written before (migration 11) or copied with triggers off (`benchmarks/national_pg.py`).
"""

CHUNK = 200
"""Characters per piece (PostgreSQL's regular expressions repeat a pattern at most 255 times)."""

TABLE = "report_text_chunk"

_SPLIT = (
    "SELECT {report}, m.n - 1, m.piece[1] "
    f"FROM regexp_matches(COALESCE({{text}}, ''), '.{{{{1,{CHUNK}}}}}', 'g') "
    "WITH ORDINALITY AS m(piece, n)"
)
"""The pieces of one text as (report id, n, text) rows: `.` matches any character, newlines too."""

POSTGRES_SCHEMA = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "report_id INTEGER NOT NULL REFERENCES report (id) ON DELETE CASCADE, "
    "n INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (report_id, n))",
    "CREATE OR REPLACE FUNCTION report_text_chunks() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    f"IF TG_OP = 'UPDATE' THEN DELETE FROM {TABLE} WHERE report_id = OLD.id; END IF; "
    f"INSERT INTO {TABLE} (report_id, n, text) "
    + _SPLIT.format(report="NEW.id", text="NEW.text")
    + "; RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS report_text_chunks ON report",
    "CREATE TRIGGER report_text_chunks AFTER INSERT OR UPDATE OF text ON report "
    "FOR EACH ROW EXECUTE FUNCTION report_text_chunks()",
]


def create(db):
    """Create the table and its trigger (PostgreSQL only; idempotent)."""
    for statement in POSTGRES_SCHEMA:
        db.execute_sql(statement)


def rebuild(db):
    """Write the pieces of every report again from its text (a migrated or copied store)."""
    db.execute_sql(f"DELETE FROM {TABLE}")
    db.execute_sql(
        f"INSERT INTO {TABLE} (report_id, n, text) "
        + _SPLIT.format(report="r.id", text="r.text").replace(
            "FROM regexp_matches", "FROM report r, LATERAL regexp_matches"
        )
    )


def drop(db):
    """Drop the table and its trigger function (the trigger goes with the report table)."""
    db.execute_sql(f"DROP TABLE IF EXISTS {TABLE}")
    db.execute_sql("DROP FUNCTION IF EXISTS report_text_chunks() CASCADE")


def window_of(report, first, end):
    """SQL of the text [first, end) of report `report` (SQL expressions each), glued from the
    pieces it overlaps (found by the primary key, in its order); NULL when the report is not
    there. An ARRAY of the pieces rather than `string_agg(... ORDER BY n)`: the aggregate
    sorted its one or two pieces again for every row (0.1 ms of a 100-row page)."""
    pieces = (
        f"ARRAY(SELECT c.text FROM {TABLE} c WHERE c.report_id = {report} "
        f"AND c.n BETWEEN {first} / {CHUNK} AND ({end} - 1) / {CHUNK} ORDER BY c.n)"
    )
    return (
        f"substr(NULLIF(array_to_string({pieces}, ''), ''), "
        f"{first} - ({first} / {CHUNK}) * {CHUNK} + 1, {end} - {first})"
    )


def window_sql(param, count):
    """SELECT (report id, first character, text) of `count` stretches given as parameters
    (report id, first character, end) each (see `window_of`)."""
    values = ", ".join(f"({param}, {param}, {param})" for _ in range(count))
    return (
        f"SELECT w.column1, w.column2, {window_of('w.column1', 'w.column2', 'w.column3')} "
        f"FROM (VALUES {values}) AS w"
    )
