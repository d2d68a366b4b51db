"""The metric rollup (store.rollup) kept at load, replacement and deletion, on SQLite and PostgreSQL.

Whatever a load does, every rollup row must equal the group of metrics it
stands for, computed here in Python from the metric rows themselves (the
choice rule of api.matching included), not by the module's own SQL.
"""

import json
import math
from collections import defaultdict

import pytest

from loaders.load import load_bytes, load_paths
from store import db as store_db
from store import rollup
from store.models import Metric, MetricRollup, SchemaMeta
from tests.conftest import SEEDS

SEED_2011 = SEEDS / "aqsiq-2011-annual-report.txt"
SEED_2012 = SEEDS / "aqsiq-2012-subsites-disclosure.txt"


def truth():
    """{group key: totals} computed in Python from every metric row."""
    rows = list(
        Metric.select(
            Metric.id,
            Metric.report,
            Metric.parent,
            Metric.start,
            Metric.year,
            Metric.unit,
            Metric.label,
            Metric.table,
            Metric.row,
            Metric.column,
            Metric.value,
            Metric.approx,
        ).tuples()
    )
    partitions = defaultdict(list)
    for row in rows:
        metric_id, report, parent, start, *_ = row
        label, unit = row[6], row[5]
        partitions[(report, label, unit)].append((parent is not None, report, start, metric_id))
    firsts = {min(members)[3] for members in partitions.values()}
    groups = {}
    for metric_id, _, parent, _, year, unit, label, table, row_key, column, value, approx in rows:
        keys = (year, unit, label, table, row_key, column, int(parent is None))
        keys += (int(metric_id in firsts),)
        group = groups.setdefault(
            keys, {"metrics": 0, "values": 0, "approx": 0, "sum": 0.0, "min": None, "max": None}
        )
        group["metrics"] += 1
        group["approx"] += approx is not None
        if value is not None:
            group["values"] += 1
            group["sum"] += value
            group["min"] = value if group["min"] is None else min(group["min"], value)
            group["max"] = value if group["max"] is None else max(group["max"], value)
    return {rollup.group_key(keys): group for keys, group in groups.items()}


def kept():
    found = {}
    for row in MetricRollup.select().dicts():
        keys = tuple(row[name] for name in rollup.KEYS)
        assert row["key"] == rollup.group_key(keys)
        found[row["key"]] = {
            "metrics": row["metric_count"],
            "values": row["value_count"],
            "approx": row["approx_count"],
            "sum": row["value_sum"],
            "min": row["value_min"],
            "max": row["value_max"],
        }
    return found


def assert_exact():
    """The kept rollup equals the groups of the metrics; sums of fractions to the last bits."""
    expected, found = truth(), kept()
    assert expected, "a store with metrics has groups"
    assert sorted(found) == sorted(expected)
    for key, group in expected.items():
        row = found[key]
        total = group.pop("sum")
        assert math.isclose(row.pop("sum"), total, rel_tol=1e-12, abs_tol=1e-9), key
        assert row == group, key


def test_loading_keeps_every_group(store):
    assert kept() == {}
    load_paths([SEEDS])
    assert_exact()
    key = rollup.group_key((2011, "条", "质量管理信息", None, None, None, 1, 1))
    assert kept()[key] == {
        "metrics": 1,
        "values": 1,
        "approx": 0,
        "sum": 718.0,
        "min": 718.0,
        "max": 718.0,
    }


def test_first_occurrence_and_top_level_are_group_columns(store):
    """质量管理信息 718条 is stated in 2011's section 二 and again in its 附件: one is first."""
    load_bytes(SEED_2011.read_bytes(), "2011.txt")
    groups = [
        (row.top_level, row.first_occurrence, row.metric_count)
        for row in MetricRollup.select().where(
            (MetricRollup.label == "质量管理信息") & (MetricRollup.year == 2011)
        )
    ]
    assert sorted(groups) == [(1, 0, 1), (1, 1, 1)]


def test_a_replaced_report_takes_its_groups_back(store):
    load_bytes(SEED_2011.read_bytes(), "report.txt")
    assert_exact()
    assert load_bytes(SEED_2012.read_bytes(), "report.txt").status == "replaced"
    assert_exact()
    assert not MetricRollup.select().where(MetricRollup.year == 2011).exists()


def test_a_source_moved_to_known_bytes_removes_its_old_report(store):
    load_bytes(SEED_2011.read_bytes(), "a.txt")
    load_bytes(SEED_2012.read_bytes(), "b.txt")
    assert load_bytes(SEED_2012.read_bytes(), "a.txt").status == "replaced"
    assert_exact()


def test_removing_one_of_several_reports_recomputes_the_extremes_it_held(store, monkeypatch):
    """The multi fixtures share labels across agencies in 2020 and 2021: removing reports one
    by one subtracts their groups, and the sums, minima and maxima they held are recomputed."""
    from tests.conftest import MULTI, load_multi

    recomputed = []
    recompute = rollup._recompute
    monkeypatch.setattr(
        rollup,
        "_recompute",
        lambda report, stale: recomputed.append(len(stale)) or recompute(report, stale),
    )
    load_paths([SEEDS])
    assert not load_multi().failed
    assert_exact()
    for name in ("gongan-2020.txt", "county-2021.txt", "gongan-2019.txt"):
        # Bytes already stored under another source: the report of this source goes.
        assert load_bytes(SEED_2011.read_bytes(), f"reports/{name}").status == "replaced"
        assert_exact()
    assert len(recomputed) == 3 and sum(recomputed) > 0, recomputed
    # New bytes for a source: its report goes and the new one is written.
    changed = SEED_2012.read_bytes() + "\n附：本报告另行公开。\n".encode()
    assert load_bytes(changed, "reports/county-2020.txt").status == "replaced"
    assert_exact()
    assert (MULTI / "reports" / "gongan-2021.txt").exists()


def test_loading_the_same_bytes_again_changes_nothing(store):
    load_paths([SEEDS])
    before = kept()
    load_paths([SEEDS])
    load_bytes(SEED_2011.read_bytes(), "another/copy.txt")
    assert kept() == before


def test_rebuild_equals_what_loading_kept(store):
    from tests.conftest import load_multi

    load_paths([SEEDS])
    assert not load_multi().failed
    before = kept()
    rollup.rebuild()
    assert kept() == before


@pytest.mark.parametrize("version", [1, 9])
def test_migration_12_fills_the_rollup_of_an_existing_store(store, monkeypatch, version):
    load_paths([SEEDS])
    expected = kept()
    store.drop_tables([MetricRollup])
    SchemaMeta.update(value=str(version)).where(SchemaMeta.key == "schema_version").execute()
    monkeypatch.setattr(store_db, "MIGRATIONS", {12: store_db.MIGRATIONS[12]})
    store_db.ensure_schema(store)
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION == 12
    assert kept() == expected
    assert_exact()


@pytest.mark.parametrize(
    ("keys", "text"),
    [
        (
            (2012, "件", "收到申请", None, "3", "total", 1, 0),
            '[2012,"件","收到申请",null,"3","total",1,0]',
        ),
        ((None, None, "", None, None, None, 0, 1), '[null,null,"",null,null,null,0,1]'),
        # quotes, backslashes and control characters escaped as json.dumps escapes them
        (
            (2012, "%", 'a"b\\c\n\t\x01é', None, None, None, 1, 1),
            '[2012,"%","a\\"b\\\\c\\n\\t\\u0001é",null,null,null,1,1]',
        ),
        # other types: json.dumps itself
        ((2012.0, True, "x", 3, None, None, 1, 1), '[2012.0,true,"x",3,null,null,1,1]'),
    ],
)
def test_a_group_key_is_the_compact_json_of_its_columns(keys, text):
    assert rollup.group_key(keys) == text
    assert text == json.dumps(list(keys), ensure_ascii=False, separators=(",", ":"))
