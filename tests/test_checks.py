"""Reconciliation of a metric with its parts (spec: Consistency)."""
import pytest

from loaders.checks import reconcile, summable
from loaders.document import MetricData


def metric(key, value, unit="条", approx=None, parent=None, label="x"):
    return MetricData(key=key, label=label, value=value, unit=unit, approx=approx, start=0, end=1,
                      raw=str(value), parent=parent)


@pytest.mark.parametrize("parent_unit, child_unit, expected", [
    ("条", "条", True),
    ("条", "幅", True),
    ("条", "张", True),
    ("条", "家", False),
    ("条", "次", False),
    ("件", "%", False),
    ("%", "%", False),
    ("次", "次", True),
    ("家", "条", False),
])
def test_which_units_add_up(parent_unit, child_unit, expected):
    assert summable(parent_unit, child_unit) is expected


def test_parts_that_add_up_pass():
    check = reconcile(metric("m1", 45, "项"), [metric("m2", 35, "项"), metric("m3", 10, "项")])
    assert (check.status, check.stated, check.computed, check.difference) == ("pass", 45, 45, 0)
    assert check.detail == {"parts": ["m2", "m3"], "excluded": []}
    assert (check.kind, check.rule, check.metric) == ("reconciliation", "parts_sum", "m1")


def test_a_mismatch_is_kept_as_data_with_its_difference():
    check = reconcile(metric("m1", 323), [metric("m2", 152), metric("m3", 77), metric("m4", 36)])
    assert (check.status, check.computed, check.difference) == ("fail", 265, 58)


def test_percentages_are_never_summed():
    check = reconcile(metric("m1", 133, "件"), [metric("m2", 86, "件"), metric("m3", 64.7, "%")])
    assert check.computed == 86
    assert check.detail["excluded"] == ["m3"]


def test_only_percentages_is_not_assessable():
    check = reconcile(metric("m1", 133, "件"), [metric("m2", 64.7, "%")])
    assert (check.status, check.computed, check.difference) == ("not_assessable", None, None)


def test_an_approximate_whole_is_not_assessable_but_keeps_both_sides():
    check = reconcile(metric("m1", 3500, approx="more_than"), [metric("m2", 2499), metric("m3", 116)])
    assert (check.status, check.stated, check.computed, check.difference) == (
        "not_assessable", 3500, 2615, 885)
