"""HTML pages to the readable text the store keeps (tables as pipe rows)."""
import html as _html
import re


def html_to_text(markup):
    """Readable text of an HTML page (placeholder: tags stripped)."""
    return _html.unescape(re.sub(r"<[^>]+>", "", markup))
