"""The query indexes a store's first load builds at its end (store.deferred_indexes), on SQLite
and PostgreSQL: the store written is the one a row-by-row load writes, the indexes are back
however the load ends, and DISCLOSURE_DEFER_INDEXES chooses."""

import pytest
from click.testing import CliRunner

from loaders.cli import main as cli
from loaders.load import load_paths
from loaders.reading.decode import DocumentError
from store import deferred_indexes
from store.db import ensure_schema
from store.models import LABEL_STAT_MODELS, MetricRollup, Report, SeriesPoint
from tests.conftest import SEEDS
from tests.test_load import TABLES, load_and_dump, varied_folder  # noqa: F401  (a fixture)

KEPT_AT_LOAD = [model._meta.table_name for model in (*LABEL_STAT_MODELS, MetricRollup, SeriesPoint)]
"""Tables the loader keeps up to date per document, compared beside test_load.TABLES."""

SQLITE_DEFERRED = [
    "metric_label_report_id_ordinal_year",
    "metric_value",
    "metric_value_desc",
    "metric_table_row_column",
    "series_point_label_shares_agency_missing_agency_name_yea_3b694dd",
]


def test_each_backend_defers_these_indexes_and_a_new_store_has_them(store, backend):
    expected = SQLITE_DEFERRED
    if backend.name == "postgres":  # its names are cut at 63 bytes
        expected = [name[:63] for name in SQLITE_DEFERRED] + ["metric_label_c"]
    assert sorted(deferred_indexes.names()) == sorted(expected)
    assert set(expected) <= deferred_indexes.present()
    assert deferred_indexes.missing() == []


def missing_during(paths):
    """`load_paths(paths)`: (its results' statuses, the deferred indexes missing after each)."""
    seen = []
    summary = load_paths(paths, progress=lambda r: seen.append(deferred_indexes.missing()))
    return [r.status for r in summary.results], seen


def test_a_first_load_builds_the_indexes_at_its_end_and_a_later_one_row_by_row(store):
    statuses, seen = missing_during([SEEDS])
    assert statuses == ["loaded", "loaded"]
    assert seen == [deferred_indexes.names()] * 2
    assert deferred_indexes.missing() == []
    statuses, seen = missing_during([SEEDS / "aqsiq-2011-annual-report.txt"])
    assert (statuses, seen) == (["unchanged"], [[]])


def test_a_replacement_during_a_deferred_load_builds_them_first(store, varied_folder):  # noqa: F811
    """The removal of the replaced report reads the label index (the rollup's rivals)."""
    statuses, seen = missing_during([varied_folder])
    replaced = statuses.index("replaced")
    assert replaced > 0
    everything = deferred_indexes.names()
    assert seen == [everything] * replaced + [[]] * (len(statuses) - replaced)


@pytest.mark.parametrize(
    ("mode", "first", "second"),
    [
        ("auto", True, False),
        ("never", False, False),
        ("always", True, True),
        (" ALWAYS ", True, True),
    ],
)
def test_the_environment_chooses_when_they_are_deferred(store, monkeypatch, mode, first, second):
    monkeypatch.setenv("DISCLOSURE_DEFER_INDEXES", mode)
    everything = deferred_indexes.names()
    _, seen = missing_during([SEEDS / "aqsiq-2011-annual-report.txt"])
    assert seen == [everything if first else []]
    _, seen = missing_during([SEEDS / "aqsiq-2012-subsites-disclosure.txt"])
    assert seen == [everything if second else []]
    assert deferred_indexes.missing() == []


def test_a_deferred_load_writes_the_store_a_row_by_row_load_writes(
    backend,
    varied_folder,  # noqa: F811
    monkeypatch,
):
    """Every write path (new, same bytes, a source replaced within the load, a template, a
    refused file), every row of every table, the per-document tables kept at load included."""
    tables = TABLES + KEPT_AT_LOAD
    monkeypatch.setenv("DISCLOSURE_DEFER_INDEXES", "never")
    row_by_row = load_and_dump(backend, "row-by-row", varied_folder, workers=2, tables=tables)
    monkeypatch.setenv("DISCLOSURE_DEFER_INDEXES", "auto")
    deferred = load_and_dump(backend, "deferred", varied_folder, workers=2, tables=tables)
    assert ("e-original-changed.txt", "replaced") in [r[:2] for r in deferred[0]]
    assert deferred[0] == row_by_row[0]
    for table in tables:
        assert deferred[1][table] == row_by_row[1][table], table
    assert len(deferred[1]["series_point"]) > 100


def test_an_interrupted_load_builds_them_on_its_way_out(store):
    def interrupt(result):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_paths([SEEDS], progress=interrupt)
    assert deferred_indexes.missing() == []
    assert Report.select().count() == 1  # the document written before stays


def test_a_killed_load_leaves_them_to_the_next_schema_check(store):
    deferred_indexes.drop()  # what a load killed before its end leaves
    assert deferred_indexes.missing() == deferred_indexes.names()
    ensure_schema(store)
    assert deferred_indexes.missing() == []


def test_a_bad_mode_is_named(store, monkeypatch):
    monkeypatch.setenv("DISCLOSURE_DEFER_INDEXES", "sometimes")
    with pytest.raises(DocumentError, match="DISCLOSURE_DEFER_INDEXES='sometimes' is not one of"):
        load_paths([SEEDS])
    result = CliRunner().invoke(cli, ["load", str(SEEDS), "--database-url", store.url])
    assert result.exit_code == 2
    assert "DISCLOSURE_DEFER_INDEXES='sometimes' is not one of auto, always, never" in result.output
    assert "Traceback" not in result.output
    assert Report.select().count() == 0
