"""PDF reports to text: reading order, ruled tables as pipe rows, page furniture dropped.

pdfplumber (over pdfminer.six, pure Python) is used rather than pypdfium2:
its table finder reads a ruled table as a grid of cells from the lines drawn
on the page, merged cells included, which is how government PDFs (WPS/Word
exports) print the template's tables, and it gives each text line its
position, which is what finding page headers and indentation needs.

What the stored text of a PDF is:

- each page's text lines top to bottom, a page after the previous one; a
  line starting well right of the page's text margin (a paragraph's first
  line indent) starts with two ideographic spaces, as pasted PDF text does;
- a ruled table, where it stands on the page, as pipe rows the way
  `loaders.reading.html` writes an HTML table (`loaders.reading.grid`), so a cell's
  quote is the cell's text; text inside a table is not repeated as lines;
- running headers and footers (a line in the top or bottom margin that
  recurs on at least half of the pages, digits aside) and page-number lines
  (`- 3 -`, `第 2 页`) in the margins are dropped;
- lines hard-wrapped at the page width are rejoined: where
  `loaders.reading.unwrap.unwrap` (the project's one judge of hard wraps and
  page seams in PDF text) reads a line break as a blank, the break goes, so
  a paragraph is one line as in a text report (a blank stays between two
  Latin letters or digits: `Windows 10`).

A PDF without a text layer (a scan) is a named failure, never an empty
report. Bounds: at most `DISCLOSURE_PDF_MAX_PAGES` pages, and every
compressed stream is measured with a bounded inflate before pdfminer
decompresses it whole, so a decompression bomb is refused, not expanded.
"""

import io
import logging
import os
import re
import statistics
import zlib

from loaders.reading import unwrap as unwrapping
from loaders.reading.grid import join_cell_lines, pipe_rows
from loaders.reading.unwrap import display_width

MEDIA_TYPE = "application/pdf"
DEFAULT_MAX_PAGES = 500
DEFAULT_MAX_STREAM_BYTES = 64 * 1024 * 1024
# A header or footer stands in this share of the page height at its top or bottom.
MARGIN_SHARE = 0.1
# ... and recurs on at least this share of the pages (of two or more).
RUNNING_SHARE = 0.5
# A line starting this many character widths right of the text margin is indented.
INDENT_CHARS = 1.5
INDENT = "\u3000\u3000"
_PAGE_NUMBER = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-－—]\s*\d+\s*[-－—]|\d+\s*/\s*\d+|\d{1,4})$"
)
_DIGITS = re.compile(r"\d+")
# Letter-spacing in a cell reads as blanks between ideographs (危 及): Chinese puts none there.
_CJK_BLANK = re.compile(
    "(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) +(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])"
)

logging.getLogger("pdfminer").setLevel(logging.ERROR)


class PdfError(ValueError):
    """A PDF that cannot be read into a report's text (the message says why)."""


def _limit(name, default):
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _check_streams(document, limit):
    """Refuse a PDF one of whose Flate streams inflates past `limit` bytes (a decompression bomb)."""
    from pdfminer.pdftypes import PDFStream

    seen = set()
    for xref in document.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                # Streams are never inside object streams; reading an object that is would
                # inflate its object stream before that stream was measured.
                if xref.get_pos(objid)[0] is not None:
                    continue
                obj = document.getobj(objid)
            except Exception:  # a damaged object: pdfminer will skip or fail on it later
                continue
            if not isinstance(obj, PDFStream) or obj.rawdata is None:
                continue
            filters = obj.get_filters()
            if not filters or getattr(filters[0][0], "name", filters[0][0]) not in (
                "FlateDecode",
                "Fl",
            ):
                continue
            try:
                inflated = zlib.decompressobj().decompress(obj.rawdata, limit + 1)
            except zlib.error:
                continue
            if len(inflated) > limit:
                raise PdfError(
                    f"a compressed stream inflates past {limit} bytes (a decompression bomb?); "
                    "limit: DISCLOSURE_PDF_MAX_STREAM_BYTES"
                )


def table_grid(table):
    """A pdfplumber table as rows of (cell text, cell id), a merged cell in every position it covers."""
    texts = {}
    for row, row_texts in zip(table.rows, table.extract()):
        for bbox, text in zip(row.cells, row_texts):
            if bbox is not None:
                texts[tuple(bbox)] = _CJK_BLANK.sub("", join_cell_lines(text))
    # Grid lines: every cell edge. A position is read at the middle of its strip, so a
    # merged cell covers every position it spans.
    xs = sorted({round(b[i], 1) for b in texts for i in (0, 2)})
    ys = sorted({round(b[i], 1) for b in texts for i in (1, 3)})
    grid = []
    for top, bottom in zip(ys, ys[1:]):
        middle_y = (top + bottom) / 2
        line = []
        for left, right in zip(xs, xs[1:]):
            middle_x = (left + right) / 2
            cover = next(
                (b for b in texts if b[0] <= middle_x <= b[2] and b[1] <= middle_y <= b[3]), None
            )
            line.append((texts.get(cover, ""), cover))
        grid.append(line)
    # A column empty in every row (a blank cell beside a table cut by a page break) says nothing.
    keep = [c for c in range(len(xs) - 1) if any(row[c][0] for row in grid)]
    return [[row[c] for c in keep] for row in grid]


def _inside(obj, boxes):
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_items(page):
    """(top, bottom, x0, char size, text or table lines) of a page's lines and tables, top to bottom."""
    tables = page.find_tables()
    if tables:
        # A table cut by a page break has no rule under its last row on this page (nor over
        # its first row on the next): the ends of its column rules close those cells, so a
        # merged cell running on to the next page is still found as a cell.
        verticals = [e for e in page.edges if e["orientation"] == "v"]
        ends = set()
        for x0, top, x1, bottom in (table.bbox for table in tables):
            rules = [
                e
                for e in verticals
                if x0 - 1 <= e["x0"] <= x1 + 1 and e["bottom"] >= top - 1 and e["top"] <= bottom + 1
            ]
            ends.update(
                (round(min(e["top"] for e in rules), 2), round(max(e["bottom"] for e in rules), 2))
            )
        tables = page.find_tables({"explicit_horizontal_lines": sorted(ends)})
    boxes = [table.bbox for table in tables]
    outside = page.filter(
        lambda obj: not (obj.get("object_type") == "char" and _inside(obj, boxes))
    )
    items = []
    for line in outside.extract_text_lines(return_chars=True):
        text = line["text"].strip()
        if not text:
            continue
        size = statistics.median(ch["size"] for ch in line["chars"]) if line["chars"] else 0
        items.append((line["top"], line["bottom"], line["x0"], size, text))
    for table in tables:
        lines = pipe_rows(table_grid(table))
        if lines:
            items.append((table.bbox[1], table.bbox[3], table.bbox[0], 0, lines))
    items.sort(key=lambda item: (item[0], item[2]))
    return items


def _running_lines(pages):
    """Digit-blind texts of margin lines that recur on at least half of the pages."""
    if len(pages) < 2:
        return set()
    seen = {}
    for height, items in pages:
        keys = {
            _DIGITS.sub("#", text)
            for top, bottom, _x, _s, text in items
            if isinstance(text, str) and _in_margin(top, bottom, height)
        }
        for key in keys:
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count >= max(2, RUNNING_SHARE * len(pages))}


def _in_margin(top, bottom, height):
    return bottom <= MARGIN_SHARE * height or top >= (1 - MARGIN_SHARE) * height


def pdf_to_text(data):
    """The stored text of a PDF's bytes (see the module docstring); raises PdfError with the reason."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    max_pages = _limit("DISCLOSURE_PDF_MAX_PAGES", DEFAULT_MAX_PAGES)
    max_stream = _limit("DISCLOSURE_PDF_MAX_STREAM_BYTES", DEFAULT_MAX_STREAM_BYTES)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count > max_pages:
                raise PdfError(
                    f"{count} pages, more than the {max_pages} a report may have "
                    "(DISCLOSURE_PDF_MAX_PAGES)"
                )
            _check_streams(pdf.doc, max_stream)
            pages = [(page.height, _page_items(page)) for page in pdf.pages]
    except PdfError:
        raise
    except PDFPasswordIncorrect:
        raise PdfError("an encrypted PDF: it needs a password to be read") from None
    except Exception as exc:
        raise PdfError(f"an unreadable PDF ({type(exc).__name__}: {exc})") from None
    if not any(items for _height, items in pages):
        raise PdfError("a PDF with no text layer (a scan): run OCR on it and load the text")
    return _compose(pages)


def _compose(pages):
    running = _running_lines(pages)
    margins = [x0 for _h, items in pages for _t, _b, x0, _s, text in items if isinstance(text, str)]
    margin = min(margins) if margins else 0
    lines = []
    for height, items in pages:
        for top, bottom, x0, size, text in items:
            if not isinstance(text, str):
                lines.extend(text)
                continue
            if _in_margin(top, bottom, height) and (
                _DIGITS.sub("#", text) in running or _PAGE_NUMBER.match(text)
            ):
                continue
            indented = size and x0 - margin >= INDENT_CHARS * size
            lines.append((INDENT if indented else "") + text)
    return rejoin_wraps("\n".join(lines) + "\n")


def rejoin_wraps(text):
    """The text with the line breaks `unwrap` reads as hard wraps removed.

    One case more: a wrapped line that opens with a heading marker (（三）出入境…信息40条。其中…，原)
    is a page-wide paragraph, not a heading, when it is as wide as the wrapped lines and breaks off
    mid-sentence; `unwrap` never joins a heading line, which in a text report is right.
    """
    reading = unwrapping.unwrap(text)
    lines = text.split("\n")
    ends, offset = [], 0
    for line in lines:
        offset += len(line)
        ends.append(offset)
        offset += 1
    joined = [
        display_width(line)
        for line, end in zip(lines, ends)
        if end < len(text) and reading[end] == " "
    ]
    drop = {end for end in ends if end < len(text) and reading[end] == " "}
    if joined:
        width = statistics.median(joined)
        for index, (line, end) in enumerate(zip(lines[:-1], ends)):
            body = line.rstrip()
            if (
                end not in drop
                and unwrapping.HEADING_LINE.match(body)
                and body[-1:] not in unwrapping.LINE_END_MARKS
                and "|" not in body
                and lines[index + 1].strip()
                and not unwrapping.PARAGRAPH_OPENING.match(lines[index + 1])
                and abs(display_width(line) - width) <= unwrapping.WRAP_WIDTH_TOLERANCE * width
            ):
                drop.add(end)
    out = []
    for index, (ch, read) in enumerate(zip(text, reading)):
        if index in drop or (ch != read and ch in "\n \t\u3000"):
            if ch == "\n" and _latin(out[-1:]) and _latin(text[index + 1 : index + 2]):
                out.append(" ")
            continue
        out.append(ch)
    return "".join(out)


def _latin(chars):
    return bool(chars) and chars[0].isascii() and chars[0].isalnum()
