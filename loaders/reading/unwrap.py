"""Unwrapping: PDF-pasted text read as its writer wrote it, hard line wraps and page seams turned into blanks.

A separate step from the simplified view (traditional -> simplified
characters) though both keep every offset: this one undoes page layout,
the other undoes a character set.
"""

import re
import statistics
import unicodedata

from loaders.vocabulary.layout import PAGE_NUMBER_LINE
from loaders.vocabulary.numerals import MARKER_DIGITS

# Marks that end a line for good: the sentence or clause is over.
LINE_END_MARKS = "。！？!?；;：:"
# What opens a new paragraph on the next line: indentation, a heading or item marker, a signature date.
PARAGRAPH_OPENING = re.compile(
    r"^(?:[ \t]{2,}|\u3000|["
    + MARKER_DIGITS
    + r"]{1,4}、|[（(]["
    + MARKER_DIGITS
    + r"0-9]{1,4}[）)]|附件"
    r"|["
    + MARKER_DIGITS
    + r"]{1,3}是|[0-9]{1,2}[.、．](?![0-9])|[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日\s*$)"
)
HEADING_LINE = re.compile(
    r"^[ \t\u3000]*(?:[" + MARKER_DIGITS + r"]{1,4}、|[（(][" + MARKER_DIGITS + r"]{1,4}[）)]|附件)"
)
WRAPPED_LINE_MIN = (
    15  # a line shorter than this ends where its writer ended it (titles, headings, signatures)
)
WRAPPED_COUNT_MIN = 3
# A page wraps every line at the same width: most lines that run on are within this share of their median width.
WRAP_WIDTH_TOLERANCE = 0.12
WRAP_UNIFORM_SHARE = 0.75


def is_page_number_line(line):
    """`- 3 -`, `第 2 页 共 5 页`, `3/12`: a page number PDF extraction left in the text."""
    return bool(PAGE_NUMBER_LINE.match(line.strip()))


def display_width(line):
    """Width of a line in half-width columns (CJK characters count two): how a page measures it."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line.rstrip())


def _runs_on(line, next_line):
    """Whether `line` breaks off mid-sentence and `next_line` carries on the same paragraph.

    Table rows (cells split by | or tabs) are never wrapped prose.
    """
    body = line.rstrip(" \t\u3000")
    return (
        bool(body)
        and body[-1] not in LINE_END_MARKS
        and not any(mark in body for mark in "|\t")
        and not is_aligned_row(body)
        and not HEADING_LINE.match(body)
        and not PARAGRAPH_OPENING.match(next_line)
    )


# Cells set apart by a run of blanks inside a line (pdftotext -layout, Word text): `规章   0  0  0`.
_CELL_GAP = re.compile(r"\S(?: {2,}|\u3000{2,})\S")


def is_aligned_row(line):
    """A line whose cells are set apart by runs of blanks: a table row or column headers, not prose.

    A PDF's table rows are as long as its wrapped prose lines but vary in
    width; counted among the wrapped lines they would hide the page width
    (`_is_uniform`), so they are left out like rows split by | or tabs.
    """
    return bool(_CELL_GAP.search(line.strip(" \t\u3000")))


def _is_uniform(widths):
    """Most widths lie close to their median: lines broken by a page width, not by a writer."""
    if len(widths) < WRAPPED_COUNT_MIN:
        return False
    middle = statistics.median(widths)
    near = sum(1 for width in widths if abs(width - middle) <= WRAP_WIDTH_TOLERANCE * middle)
    return near >= WRAP_UNIFORM_SHARE * len(widths)


def unwrap(text):
    """The text as it reads, same length: hard line wraps and page seams of PDF-pasted text become blanks.

    Text pasted from a PDF breaks lines at the page width, in the middle of
    sentences, labels (政府信息\n1526 条) and even between a number and its
    unit, and leaves page numbers (`- 2 -`) between the halves of a sentence.
    Those breaks are layout, not punctuation. A text is hard-wrapped when the
    long lines that break off mid-sentence (no closing mark, the next line
    opens no paragraph: no indentation, marker or heading) are at least
    `WRAPPED_COUNT_MIN` and nearly all of one width (`_is_uniform`): a page
    width, where tables and one-paragraph-per-line web text vary. In such a
    text those lines are joined to the next one, and so is any line that a
    page seam (blank lines and a page number) cuts off mid-sentence. Page
    number lines are blanked in any text. Every replacement is one blank for
    one character, so offsets into the reading text are offsets into the text.
    """
    lines = text.split("\n")
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    chars = list(text)
    pages = {
        index for index, line in enumerate(lines) if line.strip() and is_page_number_line(line)
    }
    for index in pages:
        for position in range(starts[index], starts[index] + len(lines[index])):
            chars[position] = " "
    content = [index for index, line in enumerate(lines) if line.strip() and index not in pages]
    runs, seams = [], []
    for here, there in zip(content, content[1:]):
        if not _runs_on(lines[here], lines[there]):
            continue
        if len(lines[here].strip()) >= WRAPPED_LINE_MIN:
            runs.append((here, there))
        elif any(index in pages for index in range(here + 1, there)):
            seams.append((here, there))
    if len(runs) < WRAPPED_COUNT_MIN:  # too few to be uniform (`_is_uniform`): nothing to measure
        return "".join(chars)
    widths = {here: display_width(lines[here]) for here, _there in runs}
    if not _is_uniform([widths[here] for here, _there in runs]):
        return "".join(chars)
    middle = statistics.median(widths[here] for here, _there in runs)
    for here, there in runs + seams:
        width = widths[here] if here in widths else display_width(lines[here])
        seam = any(index in pages for index in range(here + 1, there))
        if seam or abs(width - middle) <= WRAP_WIDTH_TOLERANCE * middle:
            for position in range(starts[here] + len(lines[here]), starts[there]):
                chars[position] = " "
    return "".join(chars)
