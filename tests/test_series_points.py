"""Series points kept at load (store.series_points) and GET /series served from them.

The kept points must equal the choice computed here in Python from every
metric row, across load, replacement and deletion (two reports of one agency
and year included), and /series from the points must answer exactly as
/series ranking the metrics (SERIES_POINTS off), over HTTP on both backends.
"""

import pytest

from api import pagination, series
from loaders.load import load_bytes, load_paths
from store import db as store_db
from store import series_points
from store.models import Agency, Metric, SchemaMeta, SeriesPoint
from tests.conftest import SEEDS

SEED_2011 = SEEDS / "aqsiq-2011-annual-report.txt"
SEED_2012 = SEEDS / "aqsiq-2012-subsites-disclosure.txt"
SERIES = "/api/v1/series"


def truth():
    """Sorted point rows chosen in Python by the choice rule from every metric."""
    names = dict(Agency.select(Agency.id, Agency.name).tuples())
    partitions = {}
    for metric_id, report, parent, start, label, unit, agency, year, value in Metric.select(
        Metric.id,
        Metric.report,
        Metric.parent,
        Metric.start,
        Metric.label,
        Metric.unit,
        Metric.agency,
        Metric.year,
        Metric.value,
    ).tuples():
        key = (label, int(unit == "%"), agency, year)
        partitions.setdefault(key, []).append(
            ((parent is not None, report, start, metric_id), value)
        )
    rows = []
    for (label, shares, agency, year), members in partitions.items():
        (part, report, start, chosen), value = min(members)
        rows.append(
            (label, shares, agency or 0, year or 0, names.get(agency), int(agency is None))
            + (int(year is None), chosen, value, len(members), int(part), report, start)
        )
    return sorted(rows, key=repr)


def kept():
    return sorted(
        SeriesPoint.select(*(getattr(SeriesPoint, c) for c in series_points.COLUMNS)).tuples(),
        key=repr,
    )


def test_loading_keeps_the_chosen_point_of_every_partition(store):
    assert kept() == []
    load_paths([SEEDS])
    assert kept() == truth()
    row = (
        SeriesPoint.select(SeriesPoint.metric, SeriesPoint.value, SeriesPoint.occurrences)
        .where((SeriesPoint.label == "质量管理信息") & (SeriesPoint.year == 2011))
        .tuples()
        .get()
    )
    assert row[1:] == (718.0, 2)


def test_two_reports_of_one_agency_and_year_share_their_partitions(store):
    """The same report under two sources with other bytes: each label's partition spans both,
    and removing either leaves the other's metrics chosen."""
    load_bytes(SEED_2011.read_bytes(), "a.txt")
    load_bytes(SEED_2011.read_bytes() + b"\n", "b.txt")
    assert kept() == truth()
    occurrences = (
        SeriesPoint.select(SeriesPoint.occurrences)
        .where((SeriesPoint.label == "质量管理信息") & (SeriesPoint.year == 2011))
        .scalar()
    )
    assert occurrences == 4
    assert load_bytes(SEED_2012.read_bytes(), "a.txt").status == "replaced"
    assert kept() == truth()
    assert load_bytes(SEED_2012.read_bytes(), "b.txt").status == "replaced"
    assert kept() == truth()
    assert not SeriesPoint.select().where(SeriesPoint.year == 2011).exists()


def test_replacing_the_multi_fixtures_keeps_every_point(store):
    from tests.conftest import load_multi

    load_paths([SEEDS])
    assert not load_multi().failed
    assert kept() == truth()
    for name in ("gongan-2020.txt", "county-2020.txt"):
        assert load_bytes(SEED_2011.read_bytes(), f"reports/{name}").status == "replaced"
        assert kept() == truth()
    series_points.rebuild()
    assert kept() == truth()


@pytest.mark.parametrize("version", [1, 9])
def test_migration_12_fills_the_points_of_an_existing_store(store, monkeypatch, version):
    load_paths([SEEDS])
    expected = kept()
    store.drop_tables([SeriesPoint])
    SchemaMeta.update(value=str(version)).where(SchemaMeta.key == "schema_version").execute()
    monkeypatch.setattr(store_db, "MIGRATIONS", {12: store_db.MIGRATIONS[12]})
    store_db.ensure_schema(store)
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION
    assert kept() == expected == truth()


# --------------------------------------------------------------------------- the API both ways

LABELS = [
    "其他信息",
    "图片新闻",
    "通过门户网站提交申请",
    "主动公开政府信息",
    "质量管理信息",
    "本年新收政府信息公开申请数量 / 总计",
    "不存在",
]
FILTERS = [
    # (filters, whether the points answer them)
    ({}, True),
    ({"unit": "%"}, True),
    ({"agency": "某市公安局"}, True),
    ({"agency": "国家质检总局"}, True),
    ({"level": "national"}, True),
    ({"year_from": 2020}, True),
    ({"year_to": 2011}, True),
    ({"unit": "条"}, False),
    ({"match": "normalized"}, False),
    ({"table": "3"}, False),
]
SORTS = [None, "-year", "value", "-value,agency", "year,-agency"]


@pytest.fixture
def both(multi_url):
    from api import create_app

    apps = [
        create_app({"TESTING": True, "DATABASE_URL": multi_url, "SERIES_POINTS": kept})
        for kept in (True, False)
    ]
    return [app.test_client() for app in apps]


@pytest.mark.parametrize(
    ("filters", "answered"),
    FILTERS,
    ids=["&".join(f"{k}={v}" for k, v in f.items()) or "none" for f, _ in FILTERS],
)
def test_points_answer_as_the_ranking_of_metrics(both, monkeypatch, filters, answered):
    used = []
    query_of = series.point_query
    monkeypatch.setattr(series, "point_query", lambda *a: used.append(1) or query_of(*a))
    asked = found = 0
    for label in LABELS:
        for sort in SORTS:
            for page in (1, 2, 3):
                query = dict(filters, label=label, page=page, page_size=2)
                if sort:
                    query["sort"] = sort
                answers = []
                for client in both:
                    pagination._results.clear()
                    response = client.get(SERIES, query_string=query)
                    assert response.status_code == 200, response.get_json()
                    answers.append((response.get_json(), response.headers["X-Pagination"]))
                assert answers[0] == answers[1], query
                asked += 1
                found += len(answers[0][0])
    assert len(used) == (asked if answered else 0)
    assert found, "the labels have points"


def test_exports_rank_the_metrics(both, monkeypatch):
    used = []
    monkeypatch.setattr(series, "point_query", lambda *a: used.append(1))
    response = both[0].get(SERIES, query_string={"label": "其他信息", "format": "csv"})
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("\n") > 2
    assert used == []


@pytest.mark.parametrize(
    ("first_is_part", "chosen_from"),
    [
        (True, "later"),  # a later report's top-level metric comes before a stored part
        (False, "earlier"),  # both top-level: the earlier report stays chosen
    ],
)
def test_a_later_reports_choice_replaces_the_stored_one_only_where_it_comes_first(
    store, first_is_part, chosen_from
):
    import hashlib

    from loaders.document import MetricData, ParsedDocument, ReportMeta
    from loaders.write import write_document

    def doc(name, part):
        total = MetricData("t", "收到申请", 10, "件", None, 0, 3, "10件")
        cell = MetricData("p", "其中", 3, "件", None, 5, 7, "3件", parent="t" if part else None)
        return ParsedDocument(
            name=name,
            text="收到申请10件，其中3件。",
            report=ReportMeta(agency="某市公安局", year=2020),
            metrics=[total, cell],
        )

    earlier = write_document(
        doc("a.txt", first_is_part), "a.txt", hashlib.sha256(b"a").hexdigest(), "utf-8"
    )
    later = write_document(doc("b.txt", False), "b.txt", hashlib.sha256(b"b").hexdigest(), "utf-8")
    assert kept() == truth()
    report, occurrences = (
        SeriesPoint.select(SeriesPoint.choice_report, SeriesPoint.occurrences)
        .where(SeriesPoint.label == "其中")
        .tuples()
        .get()
    )
    assert (report, occurrences) == ({"earlier": earlier, "later": later}[chosen_from].id, 2)
