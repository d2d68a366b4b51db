"""Bytes to the report's text: decoding, BOM removal, line endings, HTML to text.

PDF and Word documents are recognised by their content and read by
`loaders.reading.pdf` / `loaders.reading.docx`. In every input, Kangxi
radicals and CJK compatibility ideographs become the ideographs they stand
for (`loaders.reading.simplified.ideographs`, one character for one).

The text produced here is what the store keeps and what every offset points
into (spec: The text). Nothing else is changed: no punctuation repair, no
trimming inside lines.

The readers (HTML, PDF, Word, charset detection) are imported with this
module, not on first use: a load's parse workers are forked from a process
that already holds them, instead of each importing them again.
"""

import codecs
import re
from dataclasses import dataclass, field

from loaders.reading import docx, encodings, pdf
from loaders.reading.errors import DocumentError  # re-exported: callers import it from here
from loaders.reading.html import PageBudget, html_to_text
from loaders.reading.simplified import ideographs

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
# A whole page: a doctype, <html>, <head> or <body> near the start.
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html[\s>]|body[\s>]|head[\s>])", re.I)
# A fragment saved from a page (a CMS editor's content): markup throughout, not just tables.
_BLOCK_TAG = re.compile(rb"<\s*(p|div|br|span|h[1-6]|li)[\s>/]", re.I)
FRAGMENT_TAGS = 3
# An HTML table embedded in text (as PDF-to-markdown converters write them): from <table to the
# first </table> after it (`embedded_tables`, which finds what `<table\b.*?</table\s*>` would in one pass).
_TABLE_OPEN = re.compile(r"<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)


@dataclass
class Decoded:
    text: str
    encoding: str
    media_type: str = "text/plain"
    warnings: list = field(default_factory=list)


def normalise_newlines(text):
    """CRLF and lone CR become LF; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data):
    """Return (text, encoding name): UTF-8 (with or without BOM), UTF-16 (BOM or not), GB18030, Big5 …

    After the BOMs and UTF-8, charset-normalizer chooses (`loaders.reading.encodings`).
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        wide = encodings.utf16_without_bom(data)
        try:
            text = data.decode(wide) if wide else None
        except UnicodeDecodeError:
            text = None
        if text is None or not encodings.chinese(text):
            raise DocumentError("binary content (NUL bytes), not a text or HTML document")
        return text, wide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return encodings.decode_legacy(data)
    except encodings.Undetected as exc:
        raise DocumentError(f"not UTF-8, GB18030 or Big5, and undecodable: {exc}") from None


# Control characters other than the whitespace ones (\t \n \v \f \r are 0x09-0x0d).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _looks_binary(text):
    controls = len(_CONTROL.findall(text))  # counted in C, not a Python step per character
    return controls > max(8, len(text) // 100)


def is_html(data, name):
    """An HTML page (by its file name or its first kilobytes) or a fragment of one.

    A text that only embeds a few <table> elements in markdown or plain lines
    is not HTML: its tables are converted in place (`embedded_tables_to_text`)
    and its lines kept, which reading it as HTML would collapse.
    """
    return (
        name.lower().endswith(HTML_SUFFIXES)
        or bool(_HTML_SNIFF.search(data[:4096]))
        or len(_BLOCK_TAG.findall(data)) >= FRAGMENT_TAGS
    )


def embedded_tables_to_text(text, warnings=None):
    """Each <table>…</table> inside a text becomes its pipe rows; the rest is left as it is.

    The tables share one page budget (`loaders.reading.html.PageBudget`), as the tables of a page do;
    what it says about merged cells shown once is added to `warnings` (a list), when given.
    """
    budget = PageBudget()
    pieces, done = [], 0
    for start, end in embedded_tables(text):
        pieces.append(text[done:start])
        pieces.append(html_to_text(text[start:end], budget).strip("\n"))
        done = end
    pieces.append(text[done:])
    if warnings is not None:
        warnings.extend(budget.warnings())
    return "".join(pieces)


def embedded_tables(text):
    """(start, end) of each <table>…</table> in a text: from an opening tag to the first closing tag after it.

    The tags are found once each, so a text of openings with no closing tag
    (which a lazy `<table.*?</table>` search rescans from every opening) stays linear.
    """
    closes = [(match.start(), match.end()) for match in _TABLE_CLOSE.finditer(text)]
    spans, done, close = [], 0, 0
    for opening in _TABLE_OPEN.finditer(text):
        if opening.start() < done:
            continue  # inside the table before
        while close < len(closes) and closes[close][0] < opening.end():
            close += 1
        if close == len(closes):
            break
        spans.append((opening.start(), closes[close][1]))
        done = closes[close][1]
    return spans


def read_document(data):
    """A PDF or Word document's Decoded text (`loaders.reading`), or None for a text or HTML document.

    Recognised by content, whatever the file is called; a legacy Word .doc/.wps is a named failure.
    """
    try:
        if data.startswith(b"%PDF-"):
            return Decoded(
                text=ideographs(pdf.pdf_to_text(data)), encoding="pdf", media_type=pdf.MEDIA_TYPE
            )
        if docx.is_docx(data):
            return Decoded(
                text=ideographs(docx.docx_to_text(data)),
                encoding="docx",
                media_type=docx.MEDIA_TYPE,
            )
    except (pdf.PdfError, docx.WordError) as exc:
        raise DocumentError(str(exc)) from None
    if data.startswith(docx.ZIP_MAGIC):
        raise DocumentError(
            "a ZIP package that is not a readable Word .docx (damaged, or another format)"
        )
    if docx.is_legacy_word(data):
        raise DocumentError(
            "a legacy Word .doc/.wps (OLE2) document: save it as .docx or PDF and load that"
        )
    if data.lstrip().startswith(b"{\\rtf"):
        raise DocumentError("an RTF document: save it as .docx or PDF and load that")
    return None


def decode_document(data, name):
    """Decode one document's bytes into the text the store keeps.

    Raises DocumentError (with a reason a person can act on) for an empty,
    binary or undecodable document.
    """
    if not data.strip():
        raise DocumentError("empty document")
    document = read_document(data)
    if document is not None:
        return document
    text, encoding = decode_bytes(data)
    if _looks_binary(text):
        raise DocumentError("binary content (control characters), not a text or HTML document")
    text = normalise_newlines(ideographs(text))
    if is_html(data, name):
        warnings = []
        text = html_to_text(text, warnings=warnings)
        if not text.strip():
            raise DocumentError("HTML page without readable text")
        return Decoded(text=text, encoding=encoding, media_type="text/html", warnings=warnings)
    if not text.strip():
        raise DocumentError("empty document")
    warnings = []
    if _TABLE_OPEN.search(text):
        text = embedded_tables_to_text(text, warnings)
    return Decoded(text=text, encoding=encoding, warnings=warnings)
