"""The store: schema creation, versioning and migration, on SQLite and PostgreSQL."""

import pytest

from store import db as store_db
from store.models import Agency, SchemaMeta


def test_schema_is_created_with_its_version(store):
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION
    assert {"agency", "report", "section", "metric", "check"} <= set(store.get_tables())


def test_ensure_schema_twice_changes_nothing(store):
    Agency.create(name="某局")
    store_db.ensure_schema(store)
    assert [a.name for a in Agency.select()] == ["某局"]


def test_an_older_schema_is_migrated(store, monkeypatch):
    applied = []
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", store_db.SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_db.MIGRATIONS, store_db.SCHEMA_VERSION, applied.append)
    store_db.ensure_schema(store)
    assert applied == [store]
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION


def test_a_newer_schema_is_refused(store):
    SchemaMeta.update(value=str(store_db.SCHEMA_VERSION + 5)).execute()
    with pytest.raises(RuntimeError, match="newer"):
        store_db.ensure_schema(store)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(backend, store):
    if backend.name != "sqlite":
        pytest.skip("SQLite pragmas")
    assert store.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1


def test_default_url_is_a_sqlite_file_under_the_project(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert store_db.database_url().startswith("sqlite:///")
    assert store_db.database_url().endswith("var/disclosure.db")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/d")
    assert store_db.database_url() == "postgresql://u@h/d"


def test_a_version_1_store_gets_the_page_indexes(store, monkeypatch):
    """Migration 3 adds the models' label index to a store made before it."""
    monkeypatch.setattr(store_db, "MIGRATIONS", {3: store_db.MIGRATIONS[3]})
    index = "metric_label_report_id_ordinal_year"
    store.execute_sql(f'DROP INDEX "{index}"')
    SchemaMeta.update(value="1").where(SchemaMeta.key == "schema_version").execute()
    assert index not in {i.name for i in store.get_indexes("metric")}
    store_db.ensure_schema(store)
    assert index in {i.name for i in store.get_indexes("metric")}
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION


def test_migration_5_makes_room_for_the_word_media_type(backend, store, monkeypatch):
    """A store made when `report.media_type` was VARCHAR(32) stores a .docx after migration 5."""
    import datetime

    from store.models import Report

    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if backend.name == "postgres":
        store.execute_sql("ALTER TABLE report ALTER COLUMN media_type TYPE VARCHAR(32)")
    monkeypatch.setattr(store_db, "MIGRATIONS", {5: store_db.MIGRATIONS[5]})
    SchemaMeta.update(value="4").where(SchemaMeta.key == "schema_version").execute()
    store_db.ensure_schema(store)
    report = Report.create(
        title="t",
        source_name="a.docx",
        sha256="0" * 64,
        encoding="utf-8",
        media_type=docx,
        text="",
        loaded_at=datetime.datetime.now(),
    )
    assert Report.get_by_id(report.id).media_type == docx


def test_version_1_is_migrated_to_identity_by_source(store, monkeypatch):
    """A version-1 store (reports unique by file name) gets one source per report."""
    from loaders.load import load_bytes
    from store.models import Report, ReportSource
    from tests.conftest import SEEDS

    # Version 1: no report_source table, report.source_name unique.
    store.drop_tables([ReportSource])
    store.execute_sql("DROP INDEX report_source_name")
    store.execute_sql("CREATE UNIQUE INDEX report_source_name ON report (source_name)")
    SchemaMeta.update(value="1").execute()
    monkeypatch.setattr(store_db, "MIGRATIONS", {2: store_db.MIGRATIONS[2]})
    for number, name in ((1, "report.txt"), (2, "other.txt")):
        Report.insert(
            id=number,
            title="t",
            source_name=name,
            sha256=f"{number:064d}",
            encoding="utf-8",
            text="x",
            loaded_at="2026-01-01 00:00:00",
        ).execute()
    store_db.ensure_schema(store)
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION
    assert sorted(ReportSource.select(ReportSource.report, ReportSource.source).tuples()) == [
        (1, "report.txt"),
        (2, "other.txt"),
    ]
    # source_name is no longer unique: another folder's report.txt is another report.
    result = load_bytes(
        (SEEDS / "aqsiq-2012-subsites-disclosure.txt").read_bytes(), "nb/report.txt"
    )
    assert result.status == "loaded"
    result = load_bytes(
        (SEEDS / "aqsiq-2011-annual-report.txt").read_bytes(), "report.txt", name="report.txt"
    )
    assert result.status == "replaced"
    assert sorted(Report.select(Report.source_name).tuples()) == [
        ("nb/report.txt",),
        ("other.txt",),
        ("report.txt",),
    ]


def test_migration_7_adds_the_breakdown_of_checks(store, monkeypatch):
    """A store made before `check.breakdown` (a version-1 store here) gets the column; old checks keep null."""
    import datetime

    from store.models import Check, Report

    report = Report.create(
        title="t",
        source_name="a.txt",
        sha256="0" * 64,
        encoding="utf-8",
        media_type="text/plain",
        text="",
        loaded_at=datetime.datetime.now(),
    )
    store.execute_sql('ALTER TABLE "check" DROP COLUMN breakdown')
    store.execute_sql(
        'INSERT INTO "check" (report_id, kind, rule, subject, status, detail) '
        f"VALUES ({report.id}, 'reconciliation', 'parts_sum', 'old', 'pass', '{{}}')"
    )
    monkeypatch.setattr(store_db, "MIGRATIONS", {7: store_db.MIGRATIONS[7]})
    SchemaMeta.update(value="1").where(SchemaMeta.key == "schema_version").execute()
    store_db.ensure_schema(store)
    assert "breakdown" in {c.name for c in store.get_columns("check")}
    assert [(c.subject, c.breakdown) for c in Check.select()] == [("old", None)]
    Check.create(
        report=report,
        kind="reconciliation",
        rule="parts_sum",
        subject="new",
        status="pass",
        breakdown="partial",
    )
    assert [(c.subject, c.breakdown) for c in Check.select().order_by(Check.id)] == [
        ("old", None),
        ("new", "partial"),
    ]
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION
    store_db.MIGRATIONS[7](store)  # a rerun leaves the column and its values as they are
    assert [c.breakdown for c in Check.select().order_by(Check.id)] == [None, "partial"]


def test_migration_6_adds_the_metric_placement_column(backend, store, monkeypatch):
    """A store of version 5 (no `metric.placement`, `metric.table` VARCHAR(8)) gets the column and room for captions."""
    import datetime

    from store.models import Metric, Report

    report = Report.create(
        title="t",
        source_name="a.txt",
        sha256="0" * 64,
        encoding="utf-8",
        media_type="text/plain",
        text="共10件",
        loaded_at=datetime.datetime.now(),
    )
    Metric.insert(
        report=report, ordinal=1, label="件", value=10, raw="10件", start=1, end=4
    ).execute()
    store.execute_sql("ALTER TABLE metric DROP COLUMN placement")
    if backend.name == "postgres":
        store.execute_sql('ALTER TABLE metric ALTER COLUMN "table" TYPE VARCHAR(8)')
    monkeypatch.setattr(store_db, "MIGRATIONS", {6: store_db.MIGRATIONS[6]})
    SchemaMeta.update(value="5").where(SchemaMeta.key == "schema_version").execute()
    store_db.ensure_schema(store)
    assert "placement" in {c.name for c in store.get_columns("metric")}
    assert [(m.value, m.placement) for m in Metric.select()] == [(10, None)]
    caption = (
        "平潭综合实验区政府信息公开情况统计表"  # an old statistics table, longer than 8 characters
    )
    Metric.update(placement="header", table=caption).execute()
    assert (Metric.get().placement, Metric.get().table) == ("header", caption)
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION


@pytest.mark.parametrize("version", [1, 8])
def test_migration_9_adds_the_page_order_indexes(backend, store, monkeypatch, version):
    """A store made before version 9 gets its backend's page-order indexes; a rerun changes nothing."""
    expected = {
        "sqlite": {"metric_id_order", "metric_value_desc"},
        "postgres": {"metric_value_desc", "metric_label_c"},
    }[backend.name]
    for name in expected:
        store.execute_sql(f'DROP INDEX "{name}"')
    if backend.name == "postgres":
        store.execute_sql("ALTER TABLE report ALTER COLUMN text SET STORAGE EXTENDED")
    assert not expected & {i.name for i in store.get_indexes("metric")}
    monkeypatch.setattr(store_db, "MIGRATIONS", {9: store_db.MIGRATIONS[9]})
    SchemaMeta.update(value=str(version)).where(SchemaMeta.key == "schema_version").execute()
    store_db.ensure_schema(store)
    assert expected <= {i.name for i in store.get_indexes("metric")}
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION
    store_db.MIGRATIONS[9](store)
    assert expected <= {i.name for i in store.get_indexes("metric")}
    if backend.name == "postgres":
        assert (
            store.execute_sql(
                "SELECT attstorage FROM pg_attribute WHERE attrelid = 'report'::regclass "
                "AND attname = 'text'"
            ).fetchone()[0]
            == "e"
        )


def test_a_new_store_has_the_page_order_indexes(backend, store):
    names = {i.name for i in store.get_indexes("metric")}
    assert {
        "sqlite": {"metric_id_order", "metric_value_desc"},
        "postgres": {"metric_value_desc", "metric_label_c"},
    }[backend.name] <= names


def test_postgresql_keeps_report_texts_uncompressed_for_substr(backend, store):
    """The quotes of a page are cut by substr: an uncompressed (EXTERNAL) text is read in part."""
    if backend.name != "postgres":
        pytest.skip("PostgreSQL storage")
    storage = store.execute_sql(
        "SELECT attstorage FROM pg_attribute WHERE attrelid = 'report'::regclass "
        "AND attname = 'text'"
    ).fetchone()[0]
    assert storage == "e"


V9_FTS_TRIGGER = (
    "CREATE TRIGGER search_passage_ai AFTER INSERT ON search_passage BEGIN "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END"
)


@pytest.mark.parametrize("version", [1, 9])
def test_migration_10_drops_the_fts_insert_trigger_and_two_redundant_indexes(
    backend, store, monkeypatch, version
):
    """A store made before version 10 (per-row FTS trigger, metric indexes on report_id and
    agency_id alone) loses them; what it had indexed is still found, and so is what is loaded
    after; the lookups by report and by agency still use an index."""
    from loaders.load import load_bytes
    from store import search
    from store.models import SearchPassage
    from tests.conftest import SEEDS

    sqlite = backend.name == "sqlite"
    if sqlite:
        store.execute_sql(V9_FTS_TRIGGER)
    store.execute_sql('CREATE INDEX "metric_report_id" ON "metric" ("report_id")')
    store.execute_sql('CREATE INDEX "metric_agency_id" ON "metric" ("agency_id")')
    monkeypatch.setattr(store_db, "MIGRATIONS", {10: store_db.MIGRATIONS[10]})
    SchemaMeta.update(value=str(version)).where(SchemaMeta.key == "schema_version").execute()
    old = SEEDS / "aqsiq-2011-annual-report.txt"
    with monkeypatch.context() as v9:  # written as version 9 did: indexed by the trigger alone
        v9.setattr(search, "add_to_fts", lambda report_id: None)
        assert load_bytes(old.read_bytes(), "old.txt").status == "loaded"
    store_db.ensure_schema(store)
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION
    names = {i.name for i in store.get_indexes("metric")}
    assert not {"metric_report_id", "metric_agency_id"} & names
    assert {"metric_report_id_ordinal", "metric_agency_id_year"} <= names
    if sqlite:
        triggers = {
            name
            for (name,) in store.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            ).fetchall()
        }
        assert triggers == {"search_passage_ad"}
    new = SEEDS / "aqsiq-2012-subsites-disclosure.txt"
    assert load_bytes(new.read_bytes(), "new.txt").status == "loaded"  # indexed in bulk
    hits = {
        query: SearchPassage.select().where(search.match_condition(query)).count()
        for query in ("政府信息公开", "质量管理信息")
    }
    assert hits == {"政府信息公开": 13, "质量管理信息": 3}
    if sqlite:
        store.execute_sql("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
    store_db.MIGRATIONS[10](store)  # a rerun changes nothing
    assert {i.name for i in store.get_indexes("metric")} == names


def test_a_new_store_has_no_redundant_metric_index(store):
    names = {i.name for i in store.get_indexes("metric")}
    assert not set(store_db.REDUNDANT_METRIC_INDEXES) & names
    assert not set(store_db.ONE_LABEL_INDEX_REPLACES) & names


def run_migration_alone(store, monkeypatch, version):
    """Mark the store as of `version - 1` and let ensure_schema run migration `version` only."""
    monkeypatch.setattr(store_db, "MIGRATIONS", {version: store_db.MIGRATIONS[version]})
    SchemaMeta.update(value=str(version - 1)).where(SchemaMeta.key == "schema_version").execute()
    store_db.ensure_schema(store)
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION


def test_migration_14_leaves_one_label_index(backend, store, monkeypatch):
    """A version 13 store's two label indexes become one, and its label lists, label and year
    lists and rollup still read an index on the label (not the whole table)."""
    from loaders.load import load_bytes
    from store.models import Metric
    from tests.conftest import SEEDS

    one = "metric_label_report_id_ordinal_year"
    seed = SEEDS / "aqsiq-2011-annual-report.txt"
    assert load_bytes(seed.read_bytes(), "seed.txt").status == "loaded"
    store.execute_sql(f'DROP INDEX "{one}"')
    store.execute_sql('CREATE INDEX "metric_label_year" ON "metric" ("label", "year")')
    store.execute_sql(
        'CREATE INDEX "metric_label_report_id_ordinal" ON "metric" ("label", "report_id", "ordinal")'
    )
    run_migration_alone(store, monkeypatch, 14)
    names = {i.name for i in store.get_indexes("metric")}
    assert not set(store_db.ONE_LABEL_INDEX_REPLACES) & names
    assert one in names
    columns = next(i.columns for i in store.get_indexes("metric") if i.name == one)
    assert columns == ["label", "report_id", "ordinal", "year"]
    label = Metric.select(Metric.label).order_by(Metric.id).first().label
    of_2011 = Metric.select().where(Metric.label == label, Metric.year == 2011).count()
    assert of_2011 == Metric.select().where(Metric.label == label).count() > 0
    store_db.MIGRATIONS[14](store)  # a rerun changes nothing
    assert {i.name for i in store.get_indexes("metric")} == names


def index_shapes(db, table):
    """{(columns, unique)} of a table's indexes (names aside: PostgreSQL cuts them)."""
    return {(tuple(i.columns), i.unique) for i in db.get_indexes(table)}


def test_migration_15_keys_label_agency_and_series_points_agency_first(backend, store, monkeypatch):
    """A version 14 store's label-first keys of `label_agency` and `series_point` become
    agency first, with the indexes a new store has; a report loaded afterwards (same agency,
    same labels: every row a conflict on the new keys) counts and chooses as a rebuild does."""
    from loaders.load import load_bytes
    from store import label_stats, series_points
    from store.models import LabelAgency, SeriesPoint
    from tests.conftest import SEEDS

    tables = ("label_agency", "series_point")
    new = {table: index_shapes(store, table) for table in tables}
    assert ((("agency", "label"), True)) in new["label_agency"]
    assert ((("agency", "year", "label", "shares"), True)) in new["series_point"]
    seed_2011, seed_2012 = (
        SEEDS / "aqsiq-2011-annual-report.txt",
        SEEDS / "aqsiq-2012-subsites-disclosure.txt",
    )
    assert load_bytes(seed_2011.read_bytes(), "2011.txt").status == "loaded"
    store.execute_sql('DROP INDEX "label_agency_agency_label"')
    store.execute_sql(
        'CREATE UNIQUE INDEX "label_agency_label_agency" ON "label_agency" ("label", "agency")'
    )
    store.execute_sql('DROP INDEX "series_point_agency_year_label_shares"')
    store.execute_sql(
        'CREATE UNIQUE INDEX "series_point_label_shares_agency_year" '
        'ON "series_point" ("label", "shares", "agency", "year")'
    )
    store.execute_sql(
        'CREATE INDEX "series_point_agency_year" ON "series_point" ("agency", "year")'
    )
    run_migration_alone(store, monkeypatch, 15)
    assert {table: index_shapes(store, table) for table in tables} == new
    assert load_bytes(seed_2012.read_bytes(), "2012.txt").status == "loaded"

    def rows():
        return (
            sorted(
                LabelAgency.select(
                    LabelAgency.label, LabelAgency.agency, LabelAgency.report_count
                ).tuples()
            ),
            sorted(
                SeriesPoint.select(
                    *(getattr(SeriesPoint, c) for c in series_points.COLUMNS)
                ).tuples(),
                key=repr,
            ),
        )

    kept = rows()
    assert len(kept[0]) > 0 and len(kept[1]) > 0
    assert any(count == 2 for _, _, count in kept[0])  # labels both reports print
    label_stats.rebuild()
    series_points.rebuild()
    assert rows() == kept
    store_db.MIGRATIONS[15](store)  # a rerun changes nothing
    assert {table: index_shapes(store, table) for table in tables} == new
