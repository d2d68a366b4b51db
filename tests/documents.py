"""The PDF and Word copies of reports in tests/fixtures/documents and what they must match."""

from pathlib import Path

from tests.conftest import FIXTURES, SEEDS

DOCUMENTS = FIXTURES / "documents"
# Each copy's source: the seeds (text) and a portal page with the template's three tables.
SOURCES = {
    "aqsiq-2011-annual-report": SEEDS / "aqsiq-2011-annual-report.txt",
    "aqsiq-2012-subsites-disclosure": SEEDS / "aqsiq-2012-subsites-disclosure.txt",
    "city_portal_2022": FIXTURES / "e2e_wild" / "city_portal_2022.html",
    # A real report as archived from the 平潭 portal (shared/real/pingtan, copied here):
    # header lines, a one-line body of 16,571 characters, a flattened table.
    "2020_pingtan_zone": FIXTURES / "documents" / "2020_pingtan_zone.txt",
}


def metric_keys(doc):
    """What a metric says, without where it stands: label, value, unit, approximation, table cell."""
    return sorted(
        (m.label, m.value, m.unit, m.approx or "", m.table or "", m.row or "", m.column or "")
        for m in doc.metrics
    )


def source_path(stem):
    return Path(SOURCES[stem])
