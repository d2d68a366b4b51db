"""The metric rollup (store.rollup) kept at load, replacement and deletion, on SQLite and PostgreSQL.

Whatever a load does, every rollup row must equal the group of metrics it
stands for, computed here in Python from the metric rows themselves (the
choice rule of api.matching included), not by the module's own SQL.
"""

import json
import math
import random
from collections import defaultdict
from datetime import datetime
from decimal import Decimal

import pytest

from loaders.load import load_bytes, load_paths
from store import db as store_db
from store import rollup
from store.models import Agency, Metric, MetricRollup, Report, SchemaMeta, database
from tests.conftest import SEEDS

SEED_2011 = SEEDS / "aqsiq-2011-annual-report.txt"
SEED_2012 = SEEDS / "aqsiq-2012-subsites-disclosure.txt"


def stored_metric_rows():
    """Every metric row: (id, report, parent, start, year, unit, label, table, row, column,
    value, approx)."""
    return list(
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


def truth():
    """{group key: totals} computed in Python from every metric row."""
    rows = stored_metric_rows()
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
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION
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


def every_column():
    """{key: every column of its rollup row}, the value_sum compared bit for bit."""
    return {
        row[0]: row
        for row in MetricRollup.select(
            *[getattr(MetricRollup, column) for column in rollup.COLUMNS]
        ).tuples()
    }


def rebuilt():
    """`every_column` as `rollup.rebuild()` makes it, the kept rollup left as it was."""
    with database.atomic() as transaction:
        rollup.rebuild()
        rows = every_column()
        transaction.rollback()
    return rows


def exact_truth():
    """{key: (min count, max count, sum in billionths)} from the metric rows, in decimals."""
    found = {}
    for key, group in truth().items():
        found[key] = [0, 0, Decimal(0), group["min"], group["max"]]
    firsts = defaultdict(list)
    rows = stored_metric_rows()
    for metric_id, report, parent, start, _, unit, label, *_ in rows:
        firsts[(report, label, unit)].append((parent is not None, start, metric_id))
    chosen = {min(members)[2] for members in firsts.values()}
    for metric_id, _, parent, _, year, unit, label, table, row, column, value, _ in rows:
        keys = (
            year,
            unit,
            label,
            table,
            row,
            column,
            int(parent is None),
            int(metric_id in chosen),
        )
        group = found[rollup.group_key(keys)]
        if value is not None:
            group[0] += value == group[3]
            group[1] += value == group[4]
            group[2] += Decimal(repr(value))
    return {
        key: (lows, highs, total * rollup.NANOS) for key, (lows, highs, total, *_) in found.items()
    }


def assert_rebuilt():
    """Every kept rollup row equals the rebuild's, every column, and the metrics' own groups."""
    kept_rows = every_column()
    assert kept_rows == rebuilt()
    assert_exact()
    for key, (lows, highs, nanos) in exact_truth().items():
        row = dict(zip(rollup.COLUMNS, kept_rows[key], strict=True))
        assert (row["value_min_count"], row["value_max_count"]) == (lows, highs), key
        assert row["value_whole"] * rollup.NANOS + row["value_nanos"] == nanos, key


VALUES = (0.0, 0.0, 0.0, 1.0, 7.0, 7.0, -2.0, -0.5, 0.1, 0.2, 0.3, 12.345, 1e-9, None, None)
"""Zeros, equal extremes, fractions that drift as floats (0.1 + 0.2), negatives, no value."""
LABELS = ("公开", "不予公开", "占比")
UNITS = ("件", "%", None)


def synthetic_report(rng, number):
    """A report of 1-12 random metrics (some parts of others) written as a load would, added
    to the rollup; its id."""
    agency = Agency.get_or_create(name=f"机关{rng.randrange(3)}")[0]
    year = rng.choice((2020, 2021, None))
    report = Report.create(
        agency=agency,
        year=year,
        title=f"报告{number}",
        source_name=f"r{number}.txt",
        sha256=f"{number:064d}",
        encoding="utf-8",
        text="x" * 100,
        loaded_at=datetime(2024, 1, 1),
    )
    ids = []
    for ordinal in range(rng.randint(1, 12)):
        value = rng.choice(VALUES)
        metric = Metric.create(
            report=report,
            ordinal=ordinal,
            label=rng.choice(LABELS),
            value=value,
            raw=str(value),
            unit=rng.choice(UNITS),
            approx=rng.choice((None, None, "约")),
            start=rng.randrange(50),
            end=60,
            table=rng.choice(("2", "3", None)),
            row=rng.choice(("1", None)),
            column=rng.choice(("申请人", None)),
            parent=rng.choice([None, None, *ids]),
            agency=agency,
            year=year,
        )
        ids.append(metric.id)
    with database.atomic():
        rollup.add_report(report.id)
    return report.id


def remove(report_id):
    with database.atomic():
        rollup.remove_report(report_id)
        Metric.delete().where(Metric.report == report_id).execute()
        Report.delete().where(Report.id == report_id).execute()


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_any_loads_replacements_and_removals_keep_the_rollup_a_rebuild(store, monkeypatch, seed):
    """Random steps over small synthetic reports: after each, the rollup is what rebuild()
    computes, every column (the sum bit for bit), and the extremes' counts and the exact
    sums are the metrics' own."""
    recomputed = []
    recompute = rollup._recompute
    monkeypatch.setattr(
        rollup,
        "_recompute",
        lambda report, stale: recomputed.extend(stale) or recompute(report, stale),
    )
    rng = random.Random(seed)
    reports, made = [], 0
    for _ in range(40):
        step = rng.choice(("load", "load", "replace", "remove")) if reports else "load"
        if step != "load":
            remove(reports.pop(rng.randrange(len(reports))))
        if step != "remove":
            made += 1
            reports.append(synthetic_report(rng, made))
        if reports:
            assert_rebuilt()
        else:
            assert every_column() == {}
    assert recomputed, "some removal took the last holder of an extreme"
    while reports:
        remove(reports.pop())
    assert every_column() == {}


def metric_rows(*values, label="公开", table="2"):
    """Metric fields of a report holding `values` in one template cell, none a part."""
    return [
        dict(label=label, value=value, table=table, row="1", column="申请人") for value in values
    ]


def report_of(number, rows, year=2021):
    agency = Agency.get_or_create(name=f"机关{number}")[0]
    report = Report.create(
        agency=agency,
        year=year,
        title=f"报告{number}",
        source_name=f"r{number}.txt",
        sha256=f"{number:064d}",
        encoding="utf-8",
        text="x" * 100,
        loaded_at=datetime(2024, 1, 1),
    )
    for ordinal, fields in enumerate(rows):
        Metric.create(
            report=report,
            ordinal=ordinal,
            raw="",
            unit="件",
            start=ordinal,
            end=ordinal + 1,
            agency=agency,
            year=year,
            **fields,
        )
    with database.atomic():
        rollup.add_report(report.id)
    return report.id


CELL = rollup.group_key((2021, "件", "公开", "2", "1", "申请人", 1, 1))


def cell():
    row = MetricRollup.get(MetricRollup.key == CELL)
    return (
        row.metric_count,
        row.value_sum,
        row.value_min,
        row.value_min_count,
        row.value_max,
        row.value_max_count,
    )


@pytest.mark.parametrize(
    ("values", "removed", "after", "recomputed"),
    [
        # One of three zeros goes: the minimum stays, its count falls, nothing is re-read.
        ([0.0, 0.0, 0.0, 5.0], 0, (3, 5.0, 0.0, 2, 5.0, 1), []),
        # The only 5 goes: that one group (its exact key) is recomputed.
        ([0.0, 0.0, 5.0, 3.0], 2, (3, 3.0, 0.0, 2, 3.0, 1), [CELL]),
        # 0.1 + 0.2 + 0.3 - 0.2: exactly 0.4, where float subtraction leaves 0.4000000000000001.
        ([0.1, 0.2, 0.3], 1, (2, 0.4, 0.1, 1, 0.3, 1), []),
        # A minimum held twice by others and once by the report: count 3 -> 2.
        ([-1.5, -1.5, -1.5, 2.5], 1, (3, -0.5, -1.5, 2, 2.5, 1), []),
    ],
)
def test_removing_a_report_subtracts_its_extremes_and_exact_sums(
    store, monkeypatch, values, removed, after, recomputed
):
    """Each value in a report of its own (agencies apart), all in one group; one report goes."""
    seen = []
    recompute = rollup._recompute
    monkeypatch.setattr(
        rollup,
        "_recompute",
        lambda report, stale: (
            seen.extend(rollup.group_key(k) for k in stale) or recompute(report, stale)
        ),
    )
    reports = [report_of(i, metric_rows(value)) for i, value in enumerate(values)]
    remove(reports[removed])
    assert cell() == after
    assert seen == recomputed
    assert_rebuilt()


def test_a_last_extreme_recomputes_only_its_own_group(store, monkeypatch):
    """The report holds the only maximum of one cell and shares the minimum of another: the
    recompute reads that label's metrics in the year and unit, and updates only that group."""
    updated = []
    update = MetricRollup.update
    monkeypatch.setattr(
        MetricRollup, "update", lambda *a, **k: updated.append(k) or update(*a, **k)
    )
    report_of(1, metric_rows(0.0) + metric_rows(4.0, label="不予公开"))
    gone = report_of(2, metric_rows(9.0) + metric_rows(4.0, label="不予公开"))
    report_of(3, metric_rows(0.0, 1.0, label="其他"))
    remove(gone)
    assert updated == [dict(value_min=0.0, value_min_count=1, value_max=0.0, value_max_count=1)]
    assert_rebuilt()


def drop_13_columns(store):
    for column in store_db.ROLLUP_13_COLUMNS:
        store.execute_sql(f"ALTER TABLE metric_rollup DROP COLUMN {column}")


@pytest.mark.parametrize("version", [1, 12])
def test_migration_13_fills_the_extreme_counts_and_exact_sums(store, monkeypatch, version):
    """A store of version 12 gets the columns and their values; one of version 1 gets the
    rollup from migration 12 (created from the models) and 13 fills it again."""
    from tests.conftest import load_multi

    load_paths([SEEDS])
    assert not load_multi().failed
    expected = every_column()
    if version == 1:
        store.drop_tables([MetricRollup])
    else:
        drop_13_columns(store)
    SchemaMeta.update(value=str(version)).where(SchemaMeta.key == "schema_version").execute()
    monkeypatch.setattr(store_db, "MIGRATIONS", {v: store_db.MIGRATIONS[v] for v in (12, 13)})
    store_db.ensure_schema(store)
    assert store_db.schema_version(store) == store_db.SCHEMA_VERSION
    assert every_column() == expected
    assert_rebuilt()
    assert load_bytes(SEED_2012.read_bytes() + "\n附。\n".encode(), "new.txt").status == "loaded"
    assert_rebuilt()


@pytest.mark.parametrize(
    ("value", "parts", "total"),
    [
        (0.0, (0, 0), 0.0),
        (718.0, (718, 0), 718.0),
        (-2.0, (-2, 0), -2.0),
        (0.1, (0, 100000000), 0.1),
        (-0.5, (0, -500000000), -0.5),
        (12.345, (12, 345000000), 12.345),
        (-33.33, (-33, -330000000), -33.33),
        (1e-9, (0, 1), 1e-9),
        # Beyond nine decimals the fraction counts rounded (half to even), in every path alike.
        (2.5e-9, (0, 2), 2e-9),
        (1e-10, (0, 0), 0.0),
        (9007199254740992.0, (9007199254740992, 0), 9007199254740992.0),
    ],
)
def test_exact_parts_are_the_decimal_the_text_wrote(value, parts, total):
    assert rollup.exact_parts(value) == parts
    assert rollup.exact_sum(*parts) == total
