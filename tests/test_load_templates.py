"""Template reports in the store: format, cells, identities, and identity 5 across years."""
import json

from loaders.load import load_bytes, load_paths
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
    assert formats == {str(TEMPLATES / "t2020_rows.txt"): ("template_2019", "text/plain"),
                       str(TEMPLATES / "t2021_page.html"): ("template_2021", "text/html")}
    for report in Report.select():
        cells = Metric.select().where((Metric.report == report) & Metric.table.is_null(False))
        assert cells.count() > 0
        for cell in cells:
            assert report.text[cell.start:cell.end] == cell.raw
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
    assert load_bytes(data + "\n（本报告更正版）\n".encode(),
                      str(TEMPLATES / "t2020_rows.txt")).status == "replaced"
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
    failed = list(Check.select().where((Check.report == result.report_id) & (Check.status == "fail")
                                       & (Check.kind == "identity")))
    assert failed
    for check in failed:
        assert check.difference == check.stated - check.computed != 0
