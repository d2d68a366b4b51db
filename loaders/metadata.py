"""Report metadata: agency, year, title, signature date, period, issuer."""
from loaders.document import ReportMeta


def extract_metadata(text, name):
    """Metadata of a report from its text (placeholder: first line as title)."""
    first = text.strip().split("\n", 1)[0].strip()
    return ReportMeta(title=first)
