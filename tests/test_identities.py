"""Template identities 1-4 on a report's cells, and identity 5 across years (spec: Identities)."""

import json
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path

import pytest

from loaders.document import MetricData
from loaders.identities import cross_year, evaluate_identities
from loaders.pipeline import parse_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "template"
MANIFEST = json.loads((FIXTURES / "expected" / "manifest.json").read_text(encoding="utf-8"))[
    "fixtures"
]
COLUMNS3 = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
]


def cell(table, row, column, value, raw=None):
    raw = raw if raw is not None else ("" if value is None else str(value))
    return MetricData(
        key=f"k_{row}_{column}",
        label="x",
        value=value,
        unit="件",
        approx=None,
        start=0,
        end=0,
        raw=raw,
        table=table,
        row=row,
        column=column,
    )


def table4(review=(3, 1, 0, 1, 5), direct=(0, 0, 0, 0, 0), after=(0, 0, 0, 0, 0)):
    cells = []
    for group, values in (
        ("review", review),
        ("litigation_direct", direct),
        ("litigation_after_review", after),
    ):
        for result, value in zip(("upheld", "corrected", "other", "pending", "total"), values):
            if value != "absent":
                cells.append(cell("4", "cases", f"{group}_{result}", value))
    return cells


def by_subject(checks, rule):
    return {c.subject: c for c in checks if c.rule == rule}


def test_a_group_that_adds_up_passes_and_one_that_does_not_fails_with_its_difference():
    checks = by_subject(
        evaluate_identities(table4(direct=(2, 0, 1, 0, 4)), "template_2021"), "identity_4"
    )
    assert (checks["table4/group/review"].status, checks["table4/group/review"].difference) == (
        "pass",
        0,
    )
    wrong = checks["table4/group/litigation_direct"]
    assert (wrong.kind, wrong.status, wrong.stated, wrong.computed, wrong.difference) == (
        "identity",
        "fail",
        4,
        3,
        1,
    )
    assert wrong.metric == "k_cases_litigation_direct_total"
    assert [c["value"] for c in wrong.detail["cells"]] == [4, 2, 0, 1, 0]
    assert [c["side"] for c in wrong.detail["cells"]] == ["stated"] + ["computed"] * 4
    assert wrong.detail["terms"] == [
        "k_cases_litigation_direct_total",
        "k_cases_litigation_direct_upheld",
        "k_cases_litigation_direct_corrected",
        "k_cases_litigation_direct_other",
        "k_cases_litigation_direct_pending",
    ]
    assert wrong.detail["missing"] == []


def test_a_cell_without_a_value_is_never_counted_as_zero():
    cells = table4(review=(3, None, 0, 1, 4), after=("absent", 0, 0, 0, 0))
    cells[1].raw = "/"
    checks = by_subject(evaluate_identities(cells, "template_2019"), "identity_4")
    review = checks["table4/group/review"]
    assert (review.status, review.computed, review.difference) == ("not_assessable", None, None)
    assert review.stated == 4
    assert review.detail["missing"] == ["4/cases/review_corrected"]
    assert review.detail["cells"][2] == {
        "cell": "4/cases/review_corrected",
        "side": "computed",
        "value": None,
        "raw": "/",
    }
    after = checks["table4/group/litigation_after_review"]
    assert after.detail["missing"] == ["4/cases/litigation_after_review_upheld"]
    assert after.detail["terms"][1] is None and after.detail["cells"][1]["raw"] is None


def test_table_three_row_and_column_identities():
    new = [5, 1, 0, 0, 0, 0, 6]
    rows = {
        "new_requests": new,
        "carried_over": [1, 0, 0, 0, 0, 0, 1],
        "disclosed": [4, 1, 0, 0, 0, 0, 5],
        "unavailable_not_held": [1, 0, 0, 0, 0, 0, 1],
        "total_processed": [5, 1, 0, 0, 0, 0, 6],
        "carried_forward": [1, 0, 0, 0, 0, 0, 2],
    }
    cells = [cell("3", r, c, v) for r, values in rows.items() for c, v in zip(COLUMNS3, values)]
    checks = evaluate_identities(cells, "template_2021")
    one = by_subject(checks, "identity_1")
    assert one["table3/column/natural_person"].status == "pass"
    total = one["table3/column/total"]
    assert (total.status, total.stated, total.computed, total.difference) == ("fail", 7, 8, -1)
    # Rows the report does not have make the column sums not assessable, naming them.
    two = by_subject(checks, "identity_2")["table3/column/natural_person"]
    assert two.status == "not_assessable"
    assert "3/partially_disclosed/natural_person" in two.detail["missing"]
    assert "3/other_other/natural_person" in two.detail["missing"]
    three = by_subject(checks, "identity_3")
    assert three["table3/row/carried_forward"].status == "fail"
    assert three["table3/row/carried_forward"].difference == 1
    assert three["table3/row/disclosed"].status == "pass"
    assert three["table3/row/partially_disclosed"].status == "not_assessable"
    assert len(three) == 25


def test_narrative_reports_have_no_identities():
    assert evaluate_identities(table4(direct=(1, 0, 0, 0, 9)), "narrative") == []


def carried(row, values):
    return [cell("3", row, c, v) for c, v in zip(COLUMNS3, values)]


def test_cross_year_compares_carried_forward_with_next_years_carried_over():
    previous = carried("carried_forward", [4, 1, 0, 0, 0, 0, 5])
    following = carried("carried_over", [4, 1, 0, 0, 1, 0, None])
    checks = by_subject(cross_year(previous, following), "identity_5")
    assert len(checks) == 7
    assert checks["table3/column/natural_person"].status == "pass"
    legal = checks["table3/column/legal_service_org"]
    assert (legal.status, legal.stated, legal.computed, legal.difference) == ("fail", 1, 0, 1)
    assert legal.metric == "k_carried_over_legal_service_org"
    total = checks["table3/column/total"]
    assert (total.status, total.detail["missing"]) == (
        "not_assessable",
        ["next:3/carried_over/total"],
    )


@cache
def parsed(name):
    return parse_bytes((FIXTURES / name).read_bytes(), name)


def test_cross_year_on_the_2020_and_2021_fixtures_passes():
    checks = cross_year(parsed("t2020_cells.txt").metrics, parsed("t2021_page.html").metrics)
    assert [c.status for c in checks] == ["pass"] * 7


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_identities_of_each_fixture_are_as_written_in_the_manifest(name):
    entry = MANIFEST[name]
    checks = [c for c in parsed(name).checks if c.kind == "identity"]
    rows = 23 if "2020" in name else 25
    assert sorted({c.rule for c in checks}) == [
        "identity_1",
        "identity_2",
        "identity_3",
        "identity_4",
    ]
    assert len(checks) == 7 + 7 + rows + 3
    for check in checks:
        label = f"{check.rule} {check.subject}"
        want = next(
            (e for p, e in entry.get("identities", []) if fnmatchcase(label, p)), {"status": "pass"}
        )
        assert check.status == want["status"], label
        for field in ("stated", "computed", "difference"):
            if field in want:
                assert getattr(check, field) == want[field], (label, field)
        if "missing" in want:
            assert sorted(check.detail["missing"]) == sorted(want["missing"]), label
        if check.status == "pass":
            assert check.difference == 0 and check.detail["missing"] == []
