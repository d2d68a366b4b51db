"""Which kind of report a text is: narrative, 2019 template or 2021 template."""

NARRATIVE = "narrative"
TEMPLATE_2019 = "template_2019"
TEMPLATE_2021 = "template_2021"
FORMATS = (NARRATIVE, TEMPLATE_2019, TEMPLATE_2021)


def detect_format(text):
    """Recognise the format from the content (placeholder: narrative)."""
    return NARRATIVE
