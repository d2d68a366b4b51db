"""Label statistics kept at load (store.label_stats), on SQLite and PostgreSQL.

Whatever a load does (write, replace, move a source away from a report), the
statistics kept incrementally must equal a rebuild from the metrics, which is
the GROUP BY that /labels used to run on every request.
"""

import pytest

from loaders.load import load_bytes, load_paths
from store import db as store_db
from store import label_stats
from store.models import LABEL_STAT_MODELS, LabelStat, SchemaMeta
from tests.conftest import SEEDS

SEED_2011 = SEEDS / "aqsiq-2011-annual-report.txt"
SEED_2012 = SEEDS / "aqsiq-2012-subsites-disclosure.txt"
COLUMNS = ("label", "metric_count", "report_count", "agency_count", "first_year", "last_year")


def snapshot():
    """Every statistics row, without ids, as sorted tuples per table."""
    tables = {}
    for model in LABEL_STAT_MODELS:
        fields = [field for name, field in model._meta.fields.items() if name != "id"]
        tables[model.__name__] = sorted(model.select(*fields).tuples())
    return tables


def rebuilt():
    """The statistics recomputed from the metrics, leaving the kept ones as they were."""
    kept = snapshot()
    label_stats.rebuild()
    truth = snapshot()
    assert truth["LabelStat"], "a store with metrics has statistics"
    return kept, truth


def stat(label):
    row = (
        LabelStat.select(*(getattr(LabelStat, name) for name in COLUMNS))
        .where(LabelStat.label == label)
        .dicts()
        .first()
    )
    if row is None:
        return None
    years, units = label_stats.years_and_units([label])
    return dict(row, years=years[label], units=units[label])


def test_loading_keeps_the_statistics_of_every_label(store):
    assert snapshot() == {model.__name__: [] for model in LABEL_STAT_MODELS}
    load_paths([SEEDS])
    assert stat("质量管理信息") == {
        "label": "质量管理信息",
        "metric_count": 3,
        "report_count": 2,
        "agency_count": 1,
        "first_year": 2011,
        "last_year": 2012,
        "years": [2011, 2012],
        "units": ["条"],
    }
    assert stat("证书") == {
        "label": "证书",
        "metric_count": 4,
        "report_count": 1,
        "agency_count": 1,
        "first_year": 2011,
        "last_year": 2011,
        "years": [2011],
        "units": ["张"],
    }
    kept, truth = rebuilt()
    assert kept == truth
    assert len(truth["LabelStat"]) == 283


def test_a_replaced_report_takes_its_labels_back(store):
    load_bytes(SEED_2011.read_bytes(), "report.txt")
    assert stat("证书")["report_count"] == 1
    assert load_bytes(SEED_2012.read_bytes(), "report.txt").status == "replaced"
    assert stat("证书") is None, "only the 2011 report had it"
    assert stat("质量管理信息") == {
        "label": "质量管理信息",
        "metric_count": 1,
        "report_count": 1,
        "agency_count": 1,
        "first_year": 2012,
        "last_year": 2012,
        "years": [2012],
        "units": ["条"],
    }
    kept, truth = rebuilt()
    assert kept == truth


def test_a_source_moved_to_known_bytes_removes_its_old_report(store):
    """a.txt is replaced by bytes already stored under b.txt: the 2011 report goes, nothing is added."""
    load_bytes(SEED_2011.read_bytes(), "a.txt")
    load_bytes(SEED_2012.read_bytes(), "b.txt")
    assert stat("质量管理信息")["report_count"] == 2
    assert load_bytes(SEED_2012.read_bytes(), "a.txt").status == "replaced"
    assert stat("质量管理信息")["report_count"] == 1
    assert stat("证书") is None
    kept, truth = rebuilt()
    assert kept == truth


def test_loading_the_same_bytes_again_changes_no_statistic(store):
    load_paths([SEEDS])
    before = snapshot()
    load_paths([SEEDS])
    load_bytes(SEED_2011.read_bytes(), "another/copy.txt")
    assert snapshot() == before


def test_several_agencies_are_counted_once_each(store):
    """The multi fixtures: 某市公安局 2019-2021 and 某县人民政府 2020-2021, besides the seeds."""
    from tests.conftest import load_multi

    load_paths([SEEDS])
    summary = load_multi()
    assert not summary.failed, summary.line()
    counts = sorted({row[3] for row in snapshot()["LabelStat"]})
    assert counts == [1, 2, 3], "labels shared by one, two and all three agencies"
    kept, truth = rebuilt()
    assert kept == truth


def test_migration_8_fills_the_statistics_of_an_existing_store(backend, store, monkeypatch):
    load_paths([SEEDS])
    expected = snapshot()
    store.drop_tables(LABEL_STAT_MODELS)
    SchemaMeta.update(value="7").where(SchemaMeta.key == "schema_version").execute()
    monkeypatch.setattr(store_db, "MIGRATIONS", {8: store_db.MIGRATIONS[8]})
    store_db.ensure_schema(store)
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION
    assert snapshot() == expected


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "信息"},
        {"q": "质量管理"},
        {"sort": "-metric_count"},
        {"sort": "-report_count,label"},
        {"sort": "first_year"},
        {"sort": "-last_year,-metric_count"},
        {"q": "不存在的词"},
    ],
)
def test_labels_from_statistics_equal_the_group_by_of_the_metrics(multi, query):
    """`year_from=1900` covers every metric of the store (all have a year) but forces the GROUP BY."""
    size = {"page_size": 500}
    fast = multi.get("/api/v1/labels", query_string={**size, **query})
    grouped = multi.get("/api/v1/labels", query_string={**size, **query, "year_from": 1900})
    assert fast.status_code == grouped.status_code == 200
    assert fast.get_json() == grouped.get_json()
    assert fast.headers["X-Pagination"] == grouped.headers["X-Pagination"]


def test_an_agency_whose_reports_go_loses_only_its_own_label_agency_rows(store):
    """The three 某市公安局 reports are replaced, one by one, by bytes stored already: its
    label_agency rows go with its last report; 某县人民政府's and the seeds' agency's stay."""
    from store.models import Agency, LabelAgency
    from tests.conftest import load_multi

    load_paths([SEEDS])
    assert not load_multi().failed
    police = Agency.get(Agency.name == "某市公安局").id
    others = sorted(
        LabelAgency.select(LabelAgency.label, LabelAgency.agency, LabelAgency.report_count)
        .where(LabelAgency.agency != police)
        .tuples()
    )
    for name in ("gongan-2019.txt", "gongan-2020.txt", "gongan-2021.txt"):
        assert load_bytes(SEED_2011.read_bytes(), f"reports/{name}").status == "replaced"
        kept, truth = rebuilt()
        assert kept == truth
    assert not LabelAgency.select().where(LabelAgency.agency == police).exists()
    assert (
        sorted(
            LabelAgency.select(LabelAgency.label, LabelAgency.agency, LabelAgency.report_count)
            .where(LabelAgency.agency != police)
            .tuples()
        )
        == others
    )
