"""Reconciliation of a metric with its parts (spec: Consistency)."""

import pytest

from loaders.checks import reconcile, summable
from loaders.document import MetricData


def metric(key, value, unit="条", approx=None, parent=None, label="x"):
    return MetricData(
        key=key,
        label=label,
        value=value,
        unit=unit,
        approx=approx,
        start=0,
        end=1,
        raw=str(value),
        parent=parent,
    )


@pytest.mark.parametrize(
    "parent_unit, child_unit, expected",
    [
        ("条", "条", True),
        ("条", "幅", True),
        ("条", "张", True),
        ("条", "家", False),
        ("条", "次", False),
        ("件", "%", False),
        ("%", "%", False),
        ("次", "次", True),
        ("家", "条", False),
    ],
)
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
    check = reconcile(
        metric("m1", 3500, approx="more_than"), [metric("m2", 2499), metric("m3", 116)]
    )
    assert (check.status, check.stated, check.computed, check.difference) == (
        "not_assessable",
        3500,
        2615,
        885,
    )


def spanned(text, key, quote, value, unit="条", occurrence=1):
    """A metric standing at the `occurrence`-th `quote` of `text`."""
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return MetricData(
        key=key,
        label=key,
        value=value,
        unit=unit,
        approx=None,
        start=start,
        end=start + len(quote),
        raw=quote,
    )


PARTIAL_CASES = [
    pytest.param(
        "特种设备安全监管信息6953条（含中国特种设备公示信息查询网发布特种设备行政许可信息4448条）。",
        [("m1", "6953条", 6953), ("m2", "4448条", 4448)],
        ("partial", "inclusion_cue", "pass", 6953, 4448, 2505),
        id="contains-bracket-is-partial-and-passes",
    ),
    pytest.param(
        "主动公开信息500条（含文件100条、图片50条）。",
        [("m1", "500条", 500), ("m2", "100条", 100), ("m3", "50条", 50)],
        ("partial", "inclusion_cue", "pass", 500, 150, 350),
        id="contains-several-parts-still-partial",
    ),
    pytest.param(
        "共受理申请58件，其中网上申请30件。",
        [("m1", "58件", 58, "件"), ("m2", "30件", 30, "件")],
        ("partial", "single_part", "pass", 58, 30, 28),
        id="qizhong-with-a-single-part",
    ),
    pytest.param(
        "发布信息300条，其中政策文件120条、工作动态100条等。",
        [("m1", "300条", 300), ("m2", "120条", 120), ("m3", "100条", 100)],
        ("partial", "etc_after_parts", "pass", 300, 220, 80),
        id="deng-after-the-last-part",
    ),
    pytest.param(
        "发布信息30条（含文件20条、图片15条）。",
        [("m1", "30条", 30), ("m2", "20条", 20), ("m3", "15条", 15)],
        ("partial", "inclusion_cue", "fail", 30, 35, -5),
        id="partial-parts-above-the-whole-fail",
    ),
    pytest.param(
        "发布信息300条，其中政策文件120条、工作动态100条。",
        [("m1", "300条", 300), ("m2", "120条", 120), ("m3", "100条", 100)],
        ("complete", None, "fail", 300, 220, 80),
        id="qizhong-with-several-parts-is-complete",
    ),
    pytest.param(
        "发布信息220条，其中政策文件120条、工作动态100条。",
        [("m1", "220条", 220), ("m2", "120条", 120), ("m3", "100条", 100)],
        ("complete", None, "pass", 220, 220, 0),
        id="complete-and-equal",
    ),
]


@pytest.mark.parametrize("text, items, expected", PARTIAL_CASES)
def test_a_breakdown_of_only_some_parts_is_checked_as_at_most_the_whole(text, items, expected):
    whole, *parts = [spanned(text, item[0], item[1], item[2], *item[3:]) for item in items]
    check = reconcile(whole, parts, text)
    assert (
        check.breakdown,
        check.detail.get("breakdown_rule"),
        check.status,
        check.stated,
        check.computed,
        check.difference,
    ) == expected


def test_an_identity_has_no_breakdown_and_a_reconciliation_always_has_one():
    from pathlib import Path

    from loaders.pipeline import parse_bytes

    path = Path(__file__).parent / "fixtures" / "template" / "t2021_cells.txt"
    doc = parse_bytes(path.read_bytes(), path.name)
    kinds = {(c.kind, c.breakdown) for c in doc.checks}
    assert ("identity", None) in kinds
    assert {breakdown for kind, breakdown in kinds if kind == "identity"} == {None}
    assert {breakdown for kind, breakdown in kinds if kind == "reconciliation"} <= {
        "complete",
        "partial",
    }
