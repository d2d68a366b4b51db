"""Template reports in the store: format, cells, identities, and identity 5 across years."""

import json

import pytest

from loaders.load import load_bytes, load_paths
from loaders.write import refresh_cross_year_checks
from store.models import Check, Metric, Report
from tests.conftest import FIXTURES

TEMPLATES = FIXTURES / "template"


def identity_5(report):
    return list(Check.select().where((Check.report == report) & (Check.rule == "identity_5")))


def test_template_reports_store_their_format_cells_and_identities(store):
    summary = load_paths([TEMPLATES / "t2020_rows.txt", TEMPLATES / "t2021_page.html"])
    assert [r.status for r in summary.results] == ["loaded", "loaded"]
    formats = {r.source_name: (r.format, r.media_type) for r in Report.select()}
    # A file given by itself is known by its path as given.
    assert formats == {
        str(TEMPLATES / "t2020_rows.txt"): ("template_2019", "text/plain"),
        str(TEMPLATES / "t2021_page.html"): ("template_2021", "text/html"),
    }
    for report in Report.select():
        cells = Metric.select().where((Metric.report == report) & Metric.table.is_null(False))
        assert cells.count() > 0
        for cell in cells:
            assert report.text[cell.start : cell.end] == cell.raw
        rules = {c.rule for c in Check.select().where(Check.report == report)}
        assert {"identity_1", "identity_2", "identity_3", "identity_4"} <= rules


def test_identity_5_links_consecutive_years_of_an_agency(store):
    load_paths([TEMPLATES / "t2020_rows.txt", TEMPLATES / "t2021_rows.txt"])
    later = Report.get(Report.year == 2021)
    earlier = Report.get(Report.year == 2020)
    checks = identity_5(later)
    assert len(checks) == 7  # one per column of table 三
    assert all(c.status == "pass" for c in checks)
    assert {json.loads(c.detail)["previous_report"] for c in checks} == {earlier.id}
    assert identity_5(earlier) == []


def test_identity_5_is_re_evaluated_when_a_year_is_replaced(store):
    load_paths([TEMPLATES / "t2020_rows.txt", TEMPLATES / "t2021_rows.txt"])
    data = (TEMPLATES / "t2020_rows.txt").read_bytes()
    # One more line of prose: same cells, a new version of the document.
    assert (
        load_bytes(data + "\n（本报告更正版）\n".encode(), str(TEMPLATES / "t2020_rows.txt")).status
        == "replaced"
    )
    later = Report.get(Report.year == 2021)
    new_earlier = Report.get(Report.year == 2020)
    checks = identity_5(later)
    assert len(checks) == 7
    assert {json.loads(c.detail)["previous_report"] for c in checks} == {new_earlier.id}


def test_identity_5_needs_both_years(store):
    load_paths([TEMPLATES / "t2021_rows.txt"])
    assert identity_5(Report.get()) == []


def test_a_broken_identity_is_stored_with_its_difference_and_nothing_is_corrected(store):
    [result] = load_paths([TEMPLATES / "bad_identity.md"]).results
    assert result.status == "loaded"
    failed = list(
        Check.select().where(
            (Check.report == result.report_id)
            & (Check.status == "fail")
            & (Check.kind == "identity")
        )
    )
    assert failed
    for check in failed:
        assert check.difference == check.stated - check.computed != 0


def identity_5_rows():
    return sorted(
        (c.report_id, c.subject, c.status, c.stated, c.computed, c.detail)
        for c in Check.select().where(Check.rule == "identity_5")
    )


@pytest.mark.parametrize(
    "order",
    [
        ("t2020_rows.txt", "t2021_rows.txt", "t2022_rows.txt"),
        ("t2022_rows.txt", "t2020_rows.txt", "t2021_rows.txt"),
        ("t2021_rows.txt", "t2022_rows.txt", "t2020_rows.txt"),
    ],
)
def test_identity_5_of_the_years_touched_equals_a_whole_re_evaluation(store, tmp_path, order):
    (tmp_path / "t2020_rows.txt").write_bytes((TEMPLATES / "t2020_rows.txt").read_bytes())
    (tmp_path / "t2021_rows.txt").write_bytes((TEMPLATES / "t2021_rows.txt").read_bytes())
    text = (TEMPLATES / "t2021_rows.txt").read_text()
    (tmp_path / "t2022_rows.txt").write_text(text.replace("2021", "2022"))
    summary = load_paths([tmp_path / name for name in order])
    assert [r.status for r in summary.results] == ["loaded", "loaded", "loaded"]
    years = {r.year: r.id for r in Report.select()}
    assert sorted(years) == [2020, 2021, 2022]
    # A year replaced in the middle: its own pair and the next year's are redone.
    replaced = load_bytes(
        (tmp_path / "t2021_rows.txt").read_bytes() + "\n（更正版）\n".encode(),
        str(tmp_path / "t2021_rows.txt"),
    )
    assert replaced.status == "replaced"
    stored = identity_5_rows()
    # 2021 carries over what 2020 carried forward; the made-up 2022 agrees only in some columns.
    assert sorted({(report, status) for report, _, status, *_ in stored}) == sorted(
        {(replaced.report_id, "pass"), (years[2022], "pass"), (years[2022], "fail")}
    )
    assert len([row for row in stored if row[0] == replaced.report_id]) == 7
    assert len([row for row in stored if row[0] == years[2022]]) == 7
    with store.atomic():
        refresh_cross_year_checks(Report.get(Report.year == 2020).agency_id)
    assert identity_5_rows() == stored


def test_identity_5_stays_on_the_first_report_of_a_year_of_several(store, tmp_path):
    # Three reports of the agency's 2021 (other sources, other bytes): identity 5 is on the
    # first; when that one is replaced (a new report, a later id), it moves to the next.
    (tmp_path / "t2020_rows.txt").write_bytes((TEMPLATES / "t2020_rows.txt").read_bytes())
    original = (TEMPLATES / "t2021_rows.txt").read_bytes()
    for copy in ("a", "b", "c"):
        (tmp_path / f"t2021_{copy}.txt").write_bytes(original + f"\n（{copy}）\n".encode())
    names = ["t2020_rows.txt", "t2021_a.txt", "t2021_b.txt", "t2021_c.txt"]
    summary = load_paths([tmp_path / name for name in names])
    assert [r.status for r in summary.results] == ["loaded"] * 4
    first, second, third = (r.report_id for r in summary.results[1:])
    assert {row[0] for row in identity_5_rows()} == {first}
    assert len(identity_5(first)) == 7

    replaced = load_bytes(original + "\n（a，更正版）\n".encode(), str(tmp_path / "t2021_a.txt"))
    assert replaced.status == "replaced"
    stored = identity_5_rows()
    assert {row[0] for row in stored} == {second}
    assert len(identity_5(second)) == 7
    assert identity_5(third) == identity_5(replaced.report_id) == []
    with store.atomic():
        refresh_cross_year_checks(Report.get(Report.year == 2020).agency_id)
    assert identity_5_rows() == stored
