"""The template's identities (spec: Identities 1 to 4) evaluated on a report's table cells."""


def evaluate_identities(metrics, report_format):
    """CheckData for each identity of a template report (placeholder: none)."""
    return []
