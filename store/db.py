"""Opening the store from a URL, creating its schema and migrating it.

The database comes from `DATABASE_URL` (`sqlite:///path`, `postgresql://...`,
anything `playhouse.db_url` understands). The default is a SQLite file under
the project, `var/disclosure.db`, so nothing has to be installed to start.
The schema carries a version; `ensure_schema` creates it on first use and runs
the migrations a newer release adds, so an existing database is upgraded
instead of broken.
"""

import os
from pathlib import Path

from peewee import SqliteDatabase
from playhouse.db_url import connect

from store.models import MODELS, Metric, SchemaMeta, database

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'disclosure.db'}"

SCHEMA_VERSION = 15
SCHEMA_LOCK_KEY = 0x736368656D61  # "schema": PostgreSQL advisory lock of ensure_schema

# version -> function(db) that upgrades a database of an earlier version to it.
# They run in order of version; a version with no schema change has no entry.
MIGRATIONS = {}


def migrate_report_sources(db):
    """Schema 2: reports are identified by their sources, no longer by file name.

    Each existing report gets its file name as its one source, and
    `report.source_name` stops being unique (two folders may hold report.txt).
    """
    from store.models import ReportSource

    db.create_tables([ReportSource], safe=True)
    db.execute_sql("DROP INDEX IF EXISTS report_source_name")
    db.execute_sql("CREATE INDEX IF NOT EXISTS report_source_name ON report (source_name)")
    db.execute_sql(
        "INSERT INTO report_source (report_id, source, loaded_at) "
        "SELECT id, source_name, loaded_at FROM report"
    )


MIGRATIONS[2] = migrate_report_sources


def add_page_indexes(db):
    """Version 3: the metric indexes that serve pages in the offered orders (see the models)."""
    Metric._schema.create_indexes(safe=True)


MIGRATIONS[3] = add_page_indexes


def migrate_4_search_and_register(db):
    """Version 4: full-text search passages and their index; the agency register.

    Adds the agency's region/level/code columns, the alias table and the
    report's printed agency name, merges agencies that are spellings of one
    (store.register), and indexes every stored report for search.
    """
    from store import register, search
    from store.models import AgencyAlias, SearchPassage

    for column, kind in (
        ("province", "TEXT"),
        ("city", "TEXT"),
        ("county", "TEXT"),
        ("level", "VARCHAR(16)"),
        ("kind", "VARCHAR(16)"),
        ("division_code", "VARCHAR(12)"),
    ):
        db.execute_sql(f"ALTER TABLE agency ADD COLUMN {column} {kind}")
    for column in ("province", "city", "county", "level"):
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS agency_{column} ON agency ({column})")
    db.execute_sql("ALTER TABLE report ADD COLUMN agency_as_printed TEXT")
    db.create_tables([AgencyAlias, SearchPassage], safe=True)
    search.create_index(db)
    register.reregister_all()
    search.reindex_all()


MIGRATIONS[4] = migrate_4_search_and_register


def widen_media_type(db):
    """Version 5: room for the Word media type (71 characters) in `report.media_type`.

    SQLite does not enforce a VARCHAR length; PostgreSQL does, and would refuse a .docx.
    """
    if not is_sqlite(db):
        db.execute_sql("ALTER TABLE report ALTER COLUMN media_type TYPE VARCHAR(80)")


MIGRATIONS[5] = widen_media_type


def add_metric_placement(db):
    """Version 6: `metric.placement`, how a table cell was placed (by its header, or by arithmetic).

    `metric.table` becomes TEXT: besides the template's table numbers it holds the caption of
    an old statistics table (平潭综合实验区政府信息公开情况统计表), longer than the 8 characters
    PostgreSQL enforced (SQLite does not enforce a VARCHAR length).
    """
    if "placement" not in {column.name for column in db.get_columns("metric")}:
        db.execute_sql("ALTER TABLE metric ADD COLUMN placement TEXT")
    if not is_sqlite(db):
        db.execute_sql('ALTER TABLE metric ALTER COLUMN "table" TYPE TEXT')


MIGRATIONS[6] = add_metric_placement


def add_check_breakdown(db):
    """Version 7: `check.breakdown`, whether a reconciliation's parts are all of the whole or only some.

    Checks stored before it keep null: they were made as equalities; reloading
    a report (`disclosure load --force` or a new version of it) fills the column.
    A store that already has the column (a rerun) is left as it is.
    """
    if "breakdown" not in {column.name for column in db.get_columns("check")}:
        db.execute_sql('ALTER TABLE "check" ADD COLUMN breakdown VARCHAR(16)')


MIGRATIONS[7] = add_check_breakdown


def add_label_stats(db):
    """Version 8: label statistics kept at load (`store.label_stats`), filled from the metrics."""
    from store import label_stats
    from store.models import LABEL_STAT_MODELS

    db.create_tables(LABEL_STAT_MODELS, safe=True)
    label_stats.rebuild()


MIGRATIONS[8] = add_label_stats


def add_page_order_indexes(db):
    """Version 9: the indexes that let a deep page or a `sort=-value` page read only its rows.

    See SQLITE_INDEXES and POSTGRES_INDEXES (each backend's own, created on a new store too).
    """
    for statement in backend_indexes(db):
        db.execute_sql(statement)


MIGRATIONS[9] = add_page_order_indexes


def migrate_10_faster_writes(db):
    """Version 10: cheaper writes per document (benchmarks/load_speed.py).

    Search passages enter the FTS5 index in one statement per report instead of a
    trigger per row (`store.search.drop_insert_trigger`), and the metric indexes on
    `report_id` and on `agency_id` alone go: every lookup by either is served by the
    index that begins with it ((report_id, ordinal), (agency_id, year)), and each
    cost every inserted metric a b-tree insertion.
    """
    from store import search

    search.drop_insert_trigger(db)
    for name in REDUNDANT_METRIC_INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


REDUNDANT_METRIC_INDEXES = ("metric_report_id", "metric_agency_id")
"""Indexes a leading column of another metric index makes useless (dropped by schema 10)."""
MIGRATIONS[10] = migrate_10_faster_writes


def add_text_chunks(db):
    """Version 11: on PostgreSQL, report texts also in pieces that windows are cut from
    (`store.text_chunks`), written for every stored report; nothing on SQLite."""
    if not is_sqlite(db):
        from store import text_chunks

        text_chunks.create(db)
        text_chunks.rebuild(db)


MIGRATIONS[11] = add_text_chunks


def add_metric_rollup(db):
    """Version 12: the metric rollup /aggregates reads (`store.rollup`) and the points /series
    pages (`store.series_points`), filled from the metrics."""
    from store import rollup, series_points
    from store.models import MetricRollup, SeriesPoint

    db.create_tables([MetricRollup, SeriesPoint], safe=True)
    rollup.rebuild()
    series_points.rebuild()


MIGRATIONS[12] = add_metric_rollup

ROLLUP_13_COLUMNS = {
    "value_min_count": "INTEGER NOT NULL DEFAULT 0",
    "value_max_count": "INTEGER NOT NULL DEFAULT 0",
    "value_whole": "BIGINT NOT NULL DEFAULT 0",
    "value_nanos": "BIGINT NOT NULL DEFAULT 0",
}


def migrate_13_exact_rollup(db):
    """Version 13: the rollup keeps how many values hold its extremes and its sum exactly
    (`store.rollup`), so removing a report subtracts instead of re-reading its labels'
    metrics; the new columns are filled by a rebuild. A store migrated from before 12
    has them already (migration 12 creates the table from the models)."""
    from store import rollup

    present = {column.name for column in db.get_columns("metric_rollup")}
    for column, kind in ROLLUP_13_COLUMNS.items():
        if column not in present:
            db.execute_sql(f"ALTER TABLE metric_rollup ADD COLUMN {column} {kind}")
    rollup.rebuild()


MIGRATIONS[13] = migrate_13_exact_rollup


def migrate_14_one_label_index(db):
    """Version 14: one metric index on the label, (label, report_id, ordinal, year), instead
    of (label, year) and (label, report_id, ordinal).

    A loaded document's metrics have as many labels as metrics, so each label index cost
    a load one written page per metric; the pair was 42% of the pages a SQLite commit
    wrote (benchmarks/load_speed.py). The year at the end of the index keeps a label's
    metrics of one year found without reading their rows.
    """
    Metric._schema.create_indexes(safe=True)
    for name in ONE_LABEL_INDEX_REPLACES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


ONE_LABEL_INDEX_REPLACES = ("metric_label_year", "metric_label_report_id_ordinal")
"""The label indexes (label, year) and (label, report_id, ordinal), dropped by schema 14."""
MIGRATIONS[14] = migrate_14_one_label_index


def migrate_15_keys_in_write_order(db):
    """Version 15: the per-agency label counts and the series points are keyed agency first.

    A loaded document's rows of `label_agency` and `series_point` are one agency's (and
    one year's), with as many labels as metrics. Keyed label first, each row went on a
    page of its own: ~215 of the ~480 pages a document wrote into a store of 3,000
    documents (WAL frames counted per b-tree). Keyed (agency, label) and (agency, year,
    label, shares), a document's rows sit side by side. Every lookup of `label_agency`
    names both columns. /series reads a label's points on their page-order index, with or
    without an agency filter (the plans of both backends, `tests/test_queries.py`), so
    the label-first key served no query; the points' (agency, year) index, which a
    removal reads, is the new key's prefix.
    """
    from store.models import LabelAgency, SeriesPoint

    for model in (LabelAgency, SeriesPoint):
        model._schema.create_indexes(safe=True)
    for name in KEYS_IN_WRITE_ORDER_REPLACE:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


KEYS_IN_WRITE_ORDER_REPLACE = (
    "label_agency_label_agency",
    "series_point_label_shares_agency_year",
    "series_point_agency_year",
)
"""The label-first keys of `label_agency` and `series_point` and the points' (agency, year)
index, dropped by schema 15."""
MIGRATIONS[15] = migrate_15_keys_in_write_order

# Indexes (and storage) that only PostgreSQL needs: its b-tree read backwards gives DESC NULLS
# FIRST, and label order is by code point ("C") whatever the database's locale,
# so the API's `sort=-value` (missing values last) and `sort=label` need their
# own. SQLite orders NULLs first and by code point already, and uses the
# models' indexes for both.
POSTGRES_INDEXES = [
    "CREATE INDEX IF NOT EXISTS metric_value_desc ON metric (value DESC NULLS LAST, id)",
    'CREATE INDEX IF NOT EXISTS metric_label_c ON metric (label COLLATE "C", id)',
    # A page cuts its quotes from the report texts with substr (api.metric_rows). A long
    # text is TOASTed, compressed by default, and every substr decompressed all of it;
    # stored uncompressed out of line, substr fetches the chunks it needs: 2x faster per
    # page at 1M metrics, for about 2.5x the space of the texts. Texts written before
    # this (a migrated store) keep their storage until rewritten.
    "ALTER TABLE report ALTER COLUMN text SET STORAGE EXTERNAL",
]
# Indexes that only SQLite needs. Its table is a b-tree of whole rows (text columns
# included), so OFFSET paging by id walked ~850 bytes a row: a slim index of the ids
# alone lets a page pick its ids 17x faster at 1M metrics (api.pagination picks ids
# first, then joins). PostgreSQL's primary-key index is already that. `sort=-value`
# (missing values last, then id) is read from (value DESC, id) in order instead of
# sorting every tie of the top values; SQLite's DESC puts NULLs last, as the API does.
SQLITE_INDEXES = [
    "CREATE INDEX IF NOT EXISTS metric_id_order ON metric (id)",
    "CREATE INDEX IF NOT EXISTS metric_value_desc ON metric (value DESC, id)",
]


def backend_indexes(db):
    """The CREATE INDEX statements of this backend beyond the models' own indexes."""
    return SQLITE_INDEXES if is_sqlite(db) else POSTGRES_INDEXES


def database_url(url=None):
    """The URL to use: the argument, else `DATABASE_URL`, else the SQLite default."""
    return url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def pool_settings():
    """Connection pool of a serving process, from the environment (see docs/deploy.md).

    `DATABASE_POOL_SIZE` connections at most per process (default 8: a worker's
    threads each hold one while they answer), idle ones recycled after
    `DATABASE_POOL_RECYCLE` seconds (default 300); a request waits up to
    `DATABASE_POOL_TIMEOUT` seconds (default 10) for a free one.
    """
    return {
        "max_connections": int(os.environ.get("DATABASE_POOL_SIZE", "8")),
        "stale_timeout": int(os.environ.get("DATABASE_POOL_RECYCLE", "300")),
        "timeout": int(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }


API_SESSION_OPTIONS = "-c jit=off"
"""Server settings of the API's PostgreSQL sessions, sent with the connection (no round trip).

JIT compiles a query whose cost estimate passes `jit_above_cost`: 40 ms of LLVM for a
scan of 1M metrics, on every request, more than the page costs. An API page is short
and planned anew each time, so its sessions never compile."""


def open_database(url=None, pool=False):
    """Bind the models to the database at `url` and return it (not yet connected).

    `pool=True` (the API) keeps connections open across requests in a
    `playhouse.pool` pool: each thread checks one out, `close()` gives it back,
    and SQLite's PRAGMAs run once per connection instead of once per request.
    The pool is created by the first request, so after gunicorn forks its
    workers: no connection is ever shared between processes.
    """
    url = database_url(url)
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    options = pool_settings() if pool else {}
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        if pool and path != ":memory:":
            url = "sqlite+pool:///" + path
        db = connect(
            url,
            # busy_timeout first: the journal_mode switch itself may wait for another process.
            pragmas={
                "busy_timeout": 10000,
                "journal_mode": "wal",
                "foreign_keys": 1,
                "synchronous": "normal",
            },
            # A pooled connection moves between threads (one at a time): sqlite3 must allow it.
            **(dict(options, check_same_thread=False) if url.startswith("sqlite+pool") else {}),
        )
    else:
        if pool and url.startswith("postgresql://"):
            url = f"{pool_scheme()}://" + url[len("postgresql://") :]
            if "options=" not in url:  # a URL's own server options win
                options = dict(options, options=API_SESSION_OPTIONS)
        db = connect(url, **(options if "pool://" in url else {}))
    database.initialize(db)
    return db


def pool_scheme():
    """The API's PostgreSQL pool (`store.pool`: no round trip to check a connection just used)."""
    from store import pool

    return pool.SCHEME


def is_sqlite(db=None):
    """Whether the bound database is SQLite (some SQL differs)."""
    db = db or database.obj
    return isinstance(db, SqliteDatabase)


def schema_version(db):
    """The version recorded in the database, 0 when it has no schema yet."""
    if not db.table_exists(SchemaMeta._meta.table_name):
        return 0
    row = SchemaMeta.get_or_none(SchemaMeta.key == "schema_version")
    return int(row.value) if row else 0


def ensure_schema(db=None):
    """Create the schema on first use, or migrate an older one to SCHEMA_VERSION."""
    db = db or database.obj
    # Several loaders may start at once: the check and the creation are one write
    # transaction taken up front (SQLite) or behind a lock (PostgreSQL).
    with db.atomic("IMMEDIATE") if is_sqlite(db) else db.atomic():
        if not is_sqlite(db):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
        current = schema_version(db)
        if current == 0:
            db.create_tables(MODELS, safe=True)
            for statement in backend_indexes(db):
                db.execute_sql(statement)
            from store import search, text_chunks

            if not is_sqlite(db):
                text_chunks.create(db)

            search.create_index(db)
        elif current > SCHEMA_VERSION:
            raise RuntimeError(
                f"database schema version {current} is newer than this code ({SCHEMA_VERSION})"
            )
        else:
            for version in sorted(v for v in MIGRATIONS if current < v <= SCHEMA_VERSION):
                MIGRATIONS[version](db)
            # A load that was killed while it deferred its indexes left them missing.
            from store import deferred_indexes

            deferred_indexes.restore(db)
        SchemaMeta.insert(key="schema_version", value=str(SCHEMA_VERSION)).on_conflict(
            conflict_target=[SchemaMeta.key], preserve=[SchemaMeta.value]
        ).execute()
    return db


def drop_schema(db=None):
    """Drop every table (tests use it to start from an empty store)."""
    db = db or database.obj
    from store import search, text_chunks

    search.drop_index(db)
    if not is_sqlite(db):
        text_chunks.drop(db)
    db.drop_tables(list(reversed(MODELS)), safe=True, cascade=not is_sqlite(db))
