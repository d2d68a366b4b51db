"""The agency register (store/register.py): aliases, region, level, division code, and the
filters and command built on it, on SQLite and PostgreSQL; and migration 4 from a version-1 store."""

import json

import pytest
from click.testing import CliRunner

from loaders.cli import main as cli
from store import register as reg
from tests.conftest import FIXTURES, SEEDS

REGISTER = FIXTURES / "register"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("质检总局", ("质检总局", None, None, None, None, "national", "department")),
        ("国家质检总局", ("质检总局", None, None, None, None, "national", "department")),
        (
            "国家质量监督检验检疫总局",
            ("质检总局", None, None, None, None, "national", "department"),
        ),
        (
            "江苏省南京市鼓楼区人民政府",
            (
                "江苏省南京市鼓楼区人民政府",
                "江苏省",
                "南京市",
                "鼓楼区",
                "320106",
                "county",
                "government",
            ),
        ),
        (
            "南京市公安局",
            ("南京市公安局", "江苏省", "南京市", None, "320100", "municipal", "department"),
        ),
        (
            "江苏省人民政府",
            ("江苏省人民政府", "江苏省", None, None, "320000", "provincial", "government"),
        ),
        (
            "北京市东城区人民政府",
            ("北京市东城区人民政府", "北京市", None, "东城区", "110101", "county", "government"),
        ),
        (
            "江苏省南京市鼓楼区宁海路街道办事处",
            (
                "江苏省南京市鼓楼区宁海路街道办事处",
                "江苏省",
                "南京市",
                "鼓楼区",
                "320106",
                "township",
                "department",
            ),
        ),
        # 鼓楼区 is in four cities: the name does not determine a division, so none is given.
        ("鼓楼区人民政府", ("鼓楼区人民政府", None, None, None, None, None, None)),
        ("国家统计局", ("国家统计局", None, None, None, None, "national", "department")),
        ("某市公安局", ("某市公安局", None, None, None, None, None, None)),
    ],
)
def test_register_a_name(name, expected):
    entry = reg.register(name)
    assert (
        entry.canonical,
        entry.province,
        entry.city,
        entry.county,
        entry.division_code,
        entry.level,
        entry.kind,
    ) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("甲 = 乙\n丙 = 乙\n", "agency_aliases.txt:2: 乙 is listed twice"),
        ("甲 = 乙 @city\n", "agency_aliases.txt:1: unknown level 'city'"),
    ],
)
def test_alias_file_mistakes_are_named(text, message):
    with pytest.raises(ValueError, match=message):
        reg._parse_aliases(text)


def test_alias_file_reads_comments_and_levels():
    assert reg._parse_aliases("# comment\n\n甲 = 乙 = 丙 @county\n丁\n") == {
        "甲": ("甲", "county"),
        "乙": ("甲", "county"),
        "丙": ("甲", "county"),
        "丁": ("丁", None),
    }


@pytest.fixture
def register_client(store):
    """The API over a store holding the seeds and tests/fixtures/register (real loader)."""
    from api import create_app
    from loaders.load import load_paths

    summary = load_paths([SEEDS, REGISTER])
    assert not summary.failed and summary.count("loaded") == 4, summary.line()
    return create_app({"TESTING": True, "DATABASE_URL": store.url}).test_client()


def get(client, path, **params):
    response = client.get(path, query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_one_agency_across_spellings(register_client):
    agencies = get(register_client, "/api/v1/agencies")
    assert [
        (
            a["name"],
            a["report_count"],
            a["years"],
            a["aliases"],
            a["level"],
            a["kind"],
            a["division_code"],
            a["region"],
        )
        for a in agencies
    ] == [
        (
            "江苏省南京市鼓楼区人民政府",
            1,
            [2021],
            [],
            "county",
            "government",
            "320106",
            {"province": "江苏省", "city": "南京市", "county": "鼓楼区"},
        ),
        (
            "质检总局",
            3,
            [2011, 2012, 2013],
            ["国家质检总局"],
            "national",
            "department",
            None,
            {"province": None, "city": None, "county": None},
        ),
    ]
    reports = get(register_client, "/api/v1/reports", agency="国家质检总局")
    assert [(r["year"], r["agency"], r["agency_as_printed"]) for r in reports] == [
        (2011, "质检总局", "质检总局"),
        (2012, "质检总局", "质检总局"),
        (2013, "质检总局", "国家质检总局"),
    ]
    assert get(register_client, "/api/v1/agencies", q="国家质检")[0]["name"] == "质检总局"


# Every list with the register filters: path, extra parameters, and how to read the years.
LISTS = [
    ("/api/v1/reports", {}, lambda items: sorted({i["year"] for i in items})),
    ("/api/v1/metrics", {"label": "主动公开政府信息"}, lambda items: [i["year"] for i in items]),
    ("/api/v1/series", {"label": "主动公开政府信息"}, lambda items: [i["year"] for i in items]),
    (
        "/api/v1/aggregates",
        {"group_by": "year", "fn": "sum", "label": "主动公开政府信息"},
        lambda items: [i["year"] for i in items],
    ),
    ("/api/v1/checks", {}, lambda items: sorted({i["year"] for i in items})),
    (
        "/api/v1/search",
        {"q": "主动公开政府信息"},
        lambda items: sorted({i["report"]["year"] for i in items}),
    ),
    ("/api/v1/agencies", {}, lambda items: sorted(y for i in items for y in i["years"])),
    (
        "/api/v1/labels",
        {"q": "主动公开政府信息"},
        lambda items: sorted({y for i in items for y in i["years"]}),
    ),
]


@pytest.mark.parametrize(("path", "extra", "years"), LISTS, ids=[p for p, _, _ in LISTS])
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"region": "江苏省"}, [2021]),
        ({"region": "南京市"}, [2021]),
        ({"region": "鼓楼区"}, [2021]),
        ({"region": "浙江省"}, []),
        ({"level": "county"}, [2021]),
        ({"level": "municipal"}, []),
        ({"region": "江苏省", "level": "county"}, [2021]),
    ],
)
def test_register_filters_on_every_list(register_client, path, extra, years, filters, expected):
    items = get(register_client, path, page_size=500, **extra, **filters)
    assert years(items) == expected


def test_level_national_on_metrics(register_client):
    items = get(register_client, "/api/v1/metrics", label="主动公开政府信息", level="national")
    assert [(i["year"], i["value"], i["agency"]) for i in items] == [(2013, 1200, "质检总局")]


def test_disclosure_agencies_lists_merged_spellings(store, register_client):
    result = CliRunner().invoke(cli, ["agencies", "--database-url", store.url])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "江苏省南京市鼓楼区人民政府  [county/government]  320106  江苏省/南京市/鼓楼区  1 report(s)",
        "质检总局  [national/department]  -  -  3 report(s)  merged: 国家质检总局",
        "agencies: 2; spellings merged: 1",
    ]
    result = CliRunner().invoke(
        cli, ["agencies", "--database-url", store.url, "--json", "--region", "江苏省"]
    )
    assert [json.loads(line)["division_code"] for line in result.output.splitlines()] == ["320106"]
    bad = CliRunner().invoke(cli, ["agencies", "--database-url", store.url, "--level", "city"])
    assert bad.exit_code == 2 and "city" in bad.output


def _downgrade_to_version_3(db):
    """Make the store look like one written by version 3, the last before migration 4: no
    register, no search, one agency per spelling (国家质检总局 apart from 质检总局)."""
    from store import db as store_db
    from store.models import Agency, Metric, Report, SchemaMeta

    original = Report.get(Report.agency_as_printed == "国家质检总局")
    spelled = Agency.create(name="国家质检总局")
    Report.update(agency=spelled.id).where(Report.id == original.id).execute()
    Metric.update(agency=spelled.id).where(Metric.report == original.id).execute()
    if store_db.is_sqlite(db):
        db.execute_sql("DROP TABLE search_fts")
    db.execute_sql("DROP TABLE search_passage")
    db.execute_sql("DROP TABLE agency_alias")
    for column in ("province", "city", "county", "level"):
        db.execute_sql(f"DROP INDEX IF EXISTS agency_{column}")
    for column in ("province", "city", "county", "level", "kind", "division_code"):
        db.execute_sql(f"ALTER TABLE agency DROP COLUMN {column}")
    db.execute_sql("ALTER TABLE report DROP COLUMN agency_as_printed")
    SchemaMeta.update(value="3").where(SchemaMeta.key == "schema_version").execute()


def test_migration_4_merges_spellings_and_indexes_for_search(store, register_client):
    from store import db as store_db

    _downgrade_to_version_3(store)
    assert store_db.schema_version(store) == 3
    store_db.ensure_schema(store)
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION
    test_one_agency_across_spellings(register_client)
    hits = get(register_client, "/api/v1/search", q="质量管理信息")
    assert [(h["report"]["year"], h["match_count"]) for h in hits] == [
        (2011, 1),
        (2011, 1),
        (2012, 1),
        (2013, 1),
    ]
    hits = get(register_client, "/api/v1/search", q="申请", region="江苏省")
    assert [(h["section"]["title"], h["match_count"]) for h in hits] == [
        ("收到和处理政府信息公开申请情况", 2)
    ]
