"""Template tables 二, 三 and 四 read into metrics with table/row/column keys.

A template report states most of its figures in three fixed tables. Each cell
becomes a `MetricData` with `table` ('2', '3', '4'), `row` and `column` set to
the canonical keys of `loaders.template_spec`, the template's Chinese wording
as label, and `start`/`end` pointing at the cell's own text.

Layouts read (all load to the same cells):
- pipe rows `| a | b |` (markdown, or HTML rendered by `loaders.reading.html`), and
  tab-separated rows: a row is a structured list of cells; blank cells are
  real cells. Merged header cells may be repeated (as `loaders.reading.html` renders
  them) or left blank (as hand-made markdown does): a blank header position
  takes the text to its left, in the last header row the text above it.
- one cell per line, or a row's numbers on one line separated by spaces
  (text copied from PDF): a row is a label followed by numbers; an empty line
  among a row's numbers is a blank cell only if that makes the count right.
- page numbers (`- 4 -`, `第4页`) are skipped; item numbering split from its
  label (`1.` on its own) is part of the label, never a number.

Rows and columns are matched by meaning (see template_spec), never by
position alone: a report that drops a row still maps its other rows right.
Headers fix the column order; without one the template's order is assumed
and said so. A cell that cannot be read is kept with value None and a
warning: a row whose count of numbers does not fit its columns (numbers run
together, a cell lost) has all its cells unreadable, never guessed.
"""
import re
import unicodedata
from dataclasses import dataclass, field

from loaders import template_spec as spec
from loaders.document import MetricData
from loaders.vocabulary.numerals import MARKER_DIGITS

TEMPLATE_FORMATS = (spec.FORMAT_2019, spec.FORMAT_2021)
UNREADABLE = ("unreadable", "non_numeric", "run_together")


@dataclass
class TableExtraction:
    metrics: list = field(default_factory=list)  # MetricData with table/row/column set
    spans: list = field(default_factory=list)  # (start, end) of each table in the text
    warnings: list = field(default_factory=list)
    unreadable: list = field(default_factory=list)  # (table, row, column) read as no value


# ---------------------------------------------------------------- cells


_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(件|项|个|次|万元|元)?$")
_BLANK_MARK = re.compile(r"^[-/\\_\u2014\u2013\u2015\u2012\u30fc]+$")
_RUN_TOGETHER = re.compile(r"^[\d.,]+(?:\s+[\d.,]+)+$")
PLACEHOLDERS = frozenset("无 暂无 空 不适用 未统计 没有 n/a na × x".split())


def read_cell(raw):
    """(value, status) of a cell's text; status: number, blank, run_together, non_numeric.

    Only a number is a value: a blank cell, `/` and `-` hold none (spec:
    Cells), and `0` is zero. Zero-width characters left by editors are not
    part of the number.
    """
    text = unicodedata.normalize("NFKC", spec.ZERO_WIDTH.sub("", raw)).strip().replace("\u2212", "-")
    if not text or _BLANK_MARK.match(text):
        return None, "blank"
    found = _NUMBER.match(text)
    if found:
        sign, digits, decimals, _unit = found.groups()
        value = float(digits.replace(",", "") + (decimals or ""))
        return (-value if sign == "-" else value), "number"
    if _RUN_TOGETHER.match(text):
        return None, "run_together"
    return None, "non_numeric"


def is_value_text(raw):
    """Whether a piece of text is a cell value (a number, a blank mark, 无) rather than a label."""
    status = read_cell(raw)[1]
    if status in ("number", "blank"):
        return bool(raw.strip())
    return unicodedata.normalize("NFKC", raw).strip().lower() in PLACEHOLDERS


@dataclass
class Piece:
    """A run of text with its span: a label, a value, or a blank cell/line (kind 'blank')."""

    text: str
    start: int
    end: int
    kind: str = "label"


@dataclass
class Slot:
    """A value column of the current header: its key (None if not in the template)."""

    key: str | None
    text: str
    cont: bool = False  # a further grid position of a merged header: its value is read once


@dataclass
class Cell:
    raw: str
    start: int
    end: int
    value: float | None
    status: str
    header: str = ""


@dataclass
class OpenRow:
    key: str | None
    labels: list
    values: list = field(default_factory=list)


# ---------------------------------------------------------------- lines


_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-\u2014\u2013\uff0d~]+\s*\d{1,4}\s*[-\u2014\u2013\uff0d~]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4})\s*$",
    re.I,
)
_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
_PLAIN_WORD = re.compile(r"^[\u3400-\u9fffA-Za-z]+$")
_GLUED_NUMBER = re.compile(r"^(.*[\u3400-\u9fff)）”」])(\d+(?:\.\d+)?)$")


def iter_lines(text, start, end):
    """(offset, line) for each line of text[start:end]."""
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        yield pos, text[pos:stop]
        pos = stop + 1


def is_page_number(line):
    """A page number line (`- 4 -`, `第4页`, `4/10`): never part of a table."""
    return bool(_PAGE_NUMBER.match(line))


def _cell_piece(segment, offset):
    """A cell's stripped text and span; a blank cell is a zero-length span just inside it."""
    content = segment.strip()
    if not content:
        return Piece("", offset, offset, "blank")
    start = offset + len(segment) - len(segment.lstrip())
    return Piece(content, start, start + len(content), "cell")


def structured_cells(line, offset):
    """The cells of a pipe or tab row, or None for a plain line."""
    stripped = line.strip()
    if stripped.count("|") >= 2 or (stripped.startswith("|") and len(stripped) > 1):
        sep = "|"
    elif "\t" in line.lstrip():
        sep = "\t"  # trailing tabs are blank cells (a row copied out of a browser)
    else:
        return None
    bounds = [-1] + [i for i, ch in enumerate(line) if ch == sep] + [len(line)]
    cells = [_cell_piece(line[a + 1 : b], offset + a + 1) for a, b in zip(bounds, bounds[1:])]
    if sep == "|":
        if cells and cells[0].kind == "blank" and not line[: bounds[1]].strip():
            cells = cells[1:]
        if cells and cells[-1].kind == "blank":
            cells = cells[:-1]
    return cells


def is_separator(cells):
    """A markdown `| --- |` line."""
    return bool(cells) and all(_SEPARATOR_CELL.match(c.text.replace(" ", "")) for c in cells)


def plain_pieces(line, offset):
    """The labels and values of a plain line, split at whitespace.

    A number glued to the end of a label (`申请数量20`) is split off; item
    numbering standing alone (`1.`) is joined to the label after it; a single
    number before a label (a row index) is dropped.
    """
    pieces = []
    for found in re.finditer(r"\S+", line):
        text, start = found.group(), offset + found.start()
        if is_value_text(text):
            pieces.append(Piece(text, start, start + len(text), "value"))
            continue
        glued = _GLUED_NUMBER.match(text)
        if glued and spec.normalise(glued.group(1)):
            cut = start + len(glued.group(1))
            pieces.append(Piece(glued.group(1), start, cut))
            pieces.append(Piece(glued.group(2), cut, start + len(text), "value"))
            continue
        pieces.append(Piece(text, start, start + len(text)))
    pieces = _join_numbering(pieces, line, offset)
    if len(pieces) >= 2 and pieces[0].kind == "value" and pieces[1].kind == "label":
        if read_cell(pieces[0].text)[1] == "number" and pieces[0].text.isdigit():
            pieces = pieces[1:]
    return pieces


def _join_numbering(pieces, line, offset):
    """`1.` `属于国家秘密` -> one label `1. 属于国家秘密`."""
    joined = []
    for piece in pieces:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.kind == "label"
            and piece.kind == "label"
            and spec.has_numbering(prev.text)
            and not spec.normalise(prev.text)
        ):
            text = line[prev.start - offset : piece.end - offset]
            joined[-1] = Piece(text, prev.start, piece.end)
            continue
        joined.append(piece)
    return joined


# ---------------------------------------------------------------- the reader


class TableReader:
    """Reads one table's region, line by line, into cells keyed by (row, column)."""

    def __init__(self, table, report_format, text):
        self.table = table
        self.format = report_format
        self.text = text
        self.name = spec.TABLE_NAMES[table]
        self.cells = {}
        self.layout = None
        self.header_rows = []
        self.pending = []
        self.current = None
        self.context = None
        self.indexed = False  # the header has a 序号 (row number) column
        self.span = None
        self.held = None  # a flat row whose label named no row (see `_finish_row`)
        self.grid_shape = None  # (width, label columns) of a header read as a grid
        self.t4_header = False  # header words of table 四 were read
        self.warnings = []
        self._said = set()
        self.rows_not_in_template = 0  # labelled rows with numbers that name no template row

    # ------------------------------------------------------------ driving

    def read(self, start, end):
        """Read text[start:end]; returns self."""
        for offset, line in iter_lines(self.text, start, end):
            if is_page_number(line):
                continue
            cells = structured_cells(line, offset)
            if cells is not None:
                if not is_separator(cells):
                    self.feed_row(cells)
            elif not line.strip():
                self.feed_blank(offset)
            else:
                for piece in plain_pieces(line, offset):
                    if piece.kind == "value":
                        self.feed_value(piece)
                    else:
                        self.feed_label(piece)
        self.finish()
        return self

    def finish(self):
        """Close the last row; a row cut off by the end of the text is read as far as it goes."""
        if self.current is not None:
            last = max((v.end for v in self.current.values), default=0)
            self._finish_row(truncated=not self.text[last:].strip())
        self._resolve_held()
        self._take_header_rows()

    def warn(self, message, once_key=None):
        """Record a human-readable warning (once per `once_key` when given)."""
        if once_key is not None:
            if once_key in self._said:
                return
            self._said.add(once_key)
        self.warnings.append(f"table {self.name}: {message}")

    def _mark(self, *pieces):
        """Extend the table's span over recognised pieces of it."""
        for piece in pieces:
            if self.span is None:
                self.span = [piece.start, piece.end]
            else:
                self.span[0] = min(self.span[0], piece.start)
                self.span[1] = max(self.span[1], piece.end)

    # ------------------------------------------------------------ roles

    def header_role(self, text):
        """('column'|'colgroup'|'corner'|'group', key) for header and group words, else (None, None).

        Numbered wording (一、 （三） 2.) is a row or a row group, never a header.
        """
        norm = spec.normalise(text)
        if not norm:
            return None, None
        if self.table == "3":
            group = spec.match_group(norm)
            if group and (spec.has_numbering(text) or spec.match_column("3", norm) is None):
                return "group", group
        if spec.has_numbering(text):
            return None, None
        column = spec.match_column(self.table, norm)
        if column:
            return "column", column
        group = spec.match_column_group(self.table, norm)
        if group:
            return "colgroup", group
        if spec.is_corner(self.table, norm):
            return "corner", None
        return None, None

    def _known(self, piece):
        """Whether a piece is a header or group word of this table."""
        return self.header_role(piece.text)[0] is not None

    def _short_unknown(self, piece):
        """A short word among a row's numbers (待定) is a cell that holds no number, not a label.

        Text with brackets or punctuation is the tail of a wrapped label (他情形）).
        """
        norm = spec.normalise(piece.text)
        if not _PLAIN_WORD.match(norm) or len(norm) > 4 or spec.has_numbering(piece.text):
            return False
        if self._after_one_line_row(piece):
            return False
        if self._known(piece) or spec.match_row(self.table, norm, self.context):
            return False
        return True

    def _after_one_line_row(self, piece):
        """Whether the open row wrote its numbers on one line and `piece` is on a later line.

        Such a word continues a wrapped label (`务信息` under `5.属于三类内部事`)
        even when the row lacks a number: a row's cells stay on its line.
        """
        real = [v for v in self.current.values if v.kind != "blank"]
        if len(real) < 2 or "\n" in self.text[real[0].start : real[-1].end]:
            return False
        return "\n" in self.text[real[-1].end : piece.start]

    def _is_label_cell(self, cell):
        """Whether a cell of a structured row is label text (a short unknown word is a cell value)."""
        if not cell.text or is_value_text(cell.text):
            return False
        if spec.has_numbering(cell.text) or self._known(cell):
            return True
        norm = spec.normalise(cell.text)
        if spec.match_row(self.table, norm, self.context):
            return True
        return spec.has_cjk(cell.text) and len(norm) > 4

    def _context_of(self, labels):
        """The row group (不予公开, 其他处理…) the labels put the next row in."""
        context = self.context
        for piece in labels:
            group = spec.match_group(spec.normalise(piece.text)) if self.table == "3" else None
            if group:
                context = group
        return context

    def row_of(self, labels, loose=False):
        """(row key, number of trailing labels that name it) or (None, 0).

        The row is named by the last label; a label wrapped over lines is
        joined from its fragments (up to three), never glued to a header or
        group word.
        """
        context = self._context_of(labels[:-1]) if labels else self.context
        for n in range(1, min(3, len(labels)) + 1):
            if n > 1 and self._known(labels[-n]):
                break
            norm = spec.normalise("".join(p.text for p in labels[-n:]))
            key = spec.match_row(self.table, norm, context)
            if key:
                return key, n
            if n == 1 and self._known(labels[-1]):
                break
        if loose:
            return self._split_label_row(labels, context)
        return None, 0

    def _split_label_row(self, labels, context):
        """A numbered item label wrapped over lines with other words between its fragments.

        Text extracted from a PDF page interleaves a wrapped item label with
        the wrapped group label beside it (`2.申请人逾期未按收` `（六）其他`
        `费通知要求缴纳费` `处理` …). The item's first fragment (it starts with
        its number) and one later fragment that names no row by itself may
        name a row together; only a row of the report's format not read yet
        is taken.
        """
        recent = labels[-6:]
        for i, first in enumerate(recent[:-1]):
            if not spec.has_numbering(first.text) or self._known(first):
                continue
            for later in recent[i + 1 :]:
                if self._names_row(later, context):
                    continue
                key = self._unread_row(first.text + later.text, context)
                if key:
                    return key, len(recent) - i
        return None, 0

    def _names_row(self, piece, context):
        """Whether a label fragment names a row by itself (then it is that row's label, not a tail)."""
        return spec.match_row(self.table, spec.normalise(piece.text), context) is not None

    def _unread_row(self, text, context):
        """The row of the report's format that `text` names, unless it was read already."""
        key = spec.match_row(self.table, spec.normalise(text), context)
        if key is None or key not in {r.key for r in spec.rows(self.table, self.format)}:
            return None
        if any(row == key for row, _ in self.cells):
            return None
        return key

    # ------------------------------------------------------------ flat layouts

    def feed_label(self, piece):
        """A label ends the open row (unless it is a short word among its numbers) and waits for numbers."""
        if self.current is not None:
            if self._short_unknown(piece) and not self._row_complete():
                self.current.values.append(Piece(piece.text, piece.start, piece.end, "value"))
                return
            self._finish_row()
        self.pending.append(piece)

    def _row_complete(self):
        """Whether the open row already has a value for every column (more words are labels)."""
        slots = self._slots_for(self.current.key, say=False)
        wanted = sum(1 for slot in slots if not slot.cont)
        return sum(1 for v in self.current.values if v.kind != "blank") >= wanted

    def feed_value(self, piece):
        """A number opens a row named by the labels before it, or continues the open row."""
        if self.current is None:
            self._open_row()
        self.current.values.append(piece)

    def feed_blank(self, offset):
        """An empty line among a row's numbers may be a blank cell (decided when the row is paired)."""
        if self.current is not None:
            self.current.values.append(Piece("", offset, offset, "blank"))

    def _open_row(self):
        """Start a row: its name from the last labels, a header or group from the labels before."""
        self._resolve_held()
        key, n = self.row_of(self.pending, loose=True)
        cut = len(self.pending) - n
        labels = self.pending[cut:]
        self._take_header_rows()
        self._absorb(self.pending[:cut])
        if key is None and self.table == "4" and self._table4_header_seen():
            key = spec.TABLE4_ROW.key
        self.current = OpenRow(key, labels if key else self.pending[-2:])
        self.pending = []

    def _finish_row(self, truncated=False):
        """Close the open row and pair its numbers with the columns.

        A row whose label names no row is held until the next row starts: a
        label wrapped over lines can end after the row's numbers
        (`2.其他法律行政法` numbers `规禁止公开`, as pdftotext lays it out).
        """
        row, self.current = self.current, None
        if row is not None:
            if self.indexed:
                self._drop_row_index(row)
            if row.key is None and self.table != "4" and not truncated:
                self._resolve_held()
                self.held = row
                return
            self._store(row.key, row.labels, row.values, structured=False, truncated=truncated)

    def _resolve_held(self, final=False):
        """Name a held row from the label fragments that follow its numbers, else store it unnamed.

        Its last label fragment joined with the first fragment after it, the
        first two, or one of the next three (the words between belong to a
        group label wrapped beside it) must name a row not read yet. A
        fragment that starts with a number is the next row's label, never a
        tail; so is one that names a row by itself, unless the labels after
        it still name the next row.
        """
        row, self.held = self.held, None
        if row is None:
            return
        if not final:
            following = self.pending[:4]
            tries = [following[:1], following[:2]] + [[p] for p in following[1:3]]
            for tail in (row.labels[-1:], row.labels[-2:]):
                for extra in tries:
                    if not extra or any(self._known(p) or spec.has_numbering(p.text) for p in extra):
                        continue
                    key = self._unread_row("".join(p.text for p in tail + extra), self.context)
                    used = self.pending.index(extra[-1]) + 1
                    if key and any(self._names_row(p, self.context) for p in extra):
                        # `规禁止公开` names its row alone: it is a tail only if the
                        # labels after it still name the row being opened.
                        key = key if self.row_of(self.pending[used:], loose=True)[0] else None
                    if key:
                        self._store(key, tail + extra, row.values, structured=False)
                        self.pending = self.pending[used:]
                        return
        self._store(None, row.labels, row.values, structured=False)

    def _drop_row_index(self, row):
        """With a 序号 column, the number read last before a label is that label's row index.

        It ends the previous row's numbers (one more than its columns), or
        stands alone before the first row.
        """
        real = [v for v in row.values if v.kind != "blank"]
        if not real or not real[-1].text.strip().isdigit():
            return
        slots = self._slots_for(row.key, say=False)
        wanted = sum(1 for slot in slots if not slot.cont)
        if (row.key is None and len(real) == 1) or (row.key and len(real) == wanted + 1):
            row.values.remove(real[-1])

    def _absorb(self, pieces):
        """Take header words (a new column layout) and row groups from labels before a row."""
        header = []
        for piece in self._merge_fragments(pieces):
            kind, key = self.header_role(piece.text)
            if kind == "corner" and spec.normalise(piece.text) == "序号":
                self.indexed = True
            if kind == "group":
                self.context = key
                self._mark(piece)
            elif kind is not None:
                header.append((kind, key, piece))
            elif header:
                header.append(("unknown", None, piece))
        while header and header[-1][0] == "unknown":
            header.pop()
        columns = [h for h in header if h[0] == "column"]
        if self.table == "4" and any(h[0] in ("column", "colgroup") for h in header):
            self.t4_header = True
        if len(columns) >= (1 if self.table == "2" else 3):
            layout = self._flat_layout(header)
            if layout == "template":
                self.layout, self.grid_shape = None, None
                self._mark(*(h[2] for h in header))
            elif layout:
                self.layout, self.grid_shape = layout, None
                self._mark(*(h[2] for h in header))
        elif header and self.table == "2":
            self._mark(*(h[2] for h in header if h[0] == "corner"))

    def _merge_fragments(self, pieces):
        """Header words broken over lines (`结果` `维持`) joined back."""
        merged = []
        for piece in pieces:
            prev = merged[-1] if merged else None
            if prev is not None and not (self._known(prev) and self._known(piece)):
                joined = Piece(prev.text + piece.text, prev.start, piece.end)
                loose = not spec.is_header_word(self.table, spec.normalise(prev.text))
                if spec.is_header_word(self.table, spec.normalise(joined.text), loose=loose):
                    merged[-1] = joined
                    continue
            merged.append(piece)
        return merged

    def _flat_layout(self, header):
        """Column order from header words read one after another (not as a grid)."""
        if self.table == "2":
            return _flat_layout_2(header)
        if self.table == "3":
            named = {key for kind, key, _piece in header if kind == "column"}
            wanted = {c.key for c in spec.TABLE3_COLUMNS}
            if named < wanted and any(kind == "unknown" for kind, _key, _piece in header):
                # Header words broken over lines and read across (pdftotext -layout:
                # `商业  科研` above `企业  机构`) cannot be put back in order.
                self.warn(
                    f"the header names {len(named)} of the {len(wanted)} columns, the rest is broken over lines; "
                    "the template's column order is assumed", "t3header")
                self._said.add("nolayout")
                return "template"
            layout = _flat_layout_3(header)
            if layout == "template":
                self.warn("the header does not show where the columns under 法人或其他组织 stand; "
                          "the template's column order is assumed", "t3header")
                self._said.add("nolayout")
            return layout
        layout = _flat_layout_4(header)
        if layout is None:
            self.warn("the 行政复议/行政诉讼 header could not be read; template column order assumed", "t4header")
            self._said.add("nolayout")
        return layout

    def _table4_header_seen(self):
        """Whether a row without a label is table 四's one row of numbers: its header was met."""
        return self.layout is not None or self.t4_header

    # ------------------------------------------------------------ structured layouts

    def feed_row(self, cells):
        """A pipe or tab row: a header row (kept for the grid) or a body row read at once."""
        self._finish_row()
        self._resolve_held(final=True)
        if self._is_header_row(cells):
            self._absorb(self.pending)
            self.pending = []
            self.header_rows.append(cells)
            return
        self._take_header_rows()
        labels, values = self._split_row(cells)
        labels, values = self._by_grid(cells, labels, values)
        key, n = self.row_of(labels)
        self._absorb(self.pending + labels[: len(labels) - n])
        self.pending = []
        if key is None and self.table == "4" and self._table4_header_seen():
            key = spec.TABLE4_ROW.key
        truncated = not self.text[cells[-1].end :].strip() if cells else False
        self._store(key, labels[len(labels) - n :] if key else labels, values, structured=True, truncated=truncated)

    def _by_grid(self, cells, labels, values):
        """A row as wide as its grid header: the cells under the header's label columns are labels.

        A word there (`数量`, `件数` before table 四's numbers) is the row's
        label even when it is too short to look like one.
        """
        if not self.grid_shape:
            return labels, values
        width, label_columns = self.grid_shape
        if len(cells) != width or not label_columns or len(values) == width - label_columns:
            return labels, values
        head = cells[:label_columns]
        if any(read_cell(c.text)[1] == "number" for c in head):
            return labels, values
        return [c for c in head if c.text], cells[label_columns:]

    def _split_row(self, cells):
        """(label cells, value cells) of a body row.

        Labels are the leftmost cells: those up to the last label before the
        first number or blank mark. Text after the numbers (a note in an extra
        column) is a value cell of that column, not a label.
        """
        is_label = [self._is_label_cell(c) for c in cells]
        if not any(is_label):
            return [], cells
        first = is_label.index(True)  # cells before it: a row index or merged blanks
        first_value = next((i for i in range(first, len(cells)) if is_value_text(cells[i].text)), len(cells))
        end = first_value if first_value < len(cells) else len(cells)
        last = max(i for i in range(first, end) if is_label[i]) if first_value < len(cells) else max(
            i for i, flag in enumerate(is_label) if flag)
        return [c for c in cells[first : last + 1] if c.text], cells[last + 1 :]

    def _take_header_rows(self):
        """Header rows seen since the last body row become the column layout."""
        if self.header_rows and len({len(r) for r in self.header_rows}) > 1 and all(
            not c.text or not spec.has_numbering(c.text) for r in self.header_rows for c in r
        ):
            # Rows of unequal width are no grid (a table copied out of a browser
            # leaves merged cells out): their words are read in order.
            self._absorb([c for r in self.header_rows for c in r if c.text])
            self.header_rows = []
        if self.header_rows:
            layout = self._grid_layout(self.header_rows)
            if layout:
                self.layout = layout
                self._mark(*(c for row in self.header_rows for c in row if c.text))
            self.header_rows = []

    def _is_header_row(self, cells):
        """A row of header words without numbers (numbered wording is a row label)."""
        if any(read_cell(c.text)[1] == "number" for c in cells):
            return False
        for cell in cells:
            if cell.text and not spec.has_numbering(cell.text):
                if self.header_role(cell.text)[0] in ("column", "colgroup", "corner"):
                    return True
        return False

    def _grid_layout(self, rows):
        """Value columns of a header given as grid rows (right-aligned, merged positions filled)."""
        width = max(len(r) for r in rows)
        grid = [[""] * (width - len(r)) + [c.text for c in r] for r in rows]
        last = len(grid) - 1
        for i, row in enumerate(grid):
            for j in range(width):
                if row[j]:
                    continue
                if i == last and i > 0:
                    row[j] = grid[i - 1][j]
                elif j > 0 and row[j - 1]:
                    row[j] = row[j - 1]
                elif i > 0:
                    row[j] = grid[i - 1][j]
        slots, prev_path, label_columns = [], None, 0
        for j in range(width):
            path = [grid[i][j] for i in range(len(grid))]
            key = self._path_key(path)
            if key is None and not slots:
                label_columns += 1
                continue  # a label column
            text = next((t for t in reversed(path) if t), "")
            if slots and (key == slots[-1].key and (key is not None or path == prev_path)):
                slots.append(Slot(key, text, cont=True))
            elif key is None and not text:
                slots.append(Slot(slots[-1].key, slots[-1].text, cont=True))
            else:
                slots.append(Slot(key, text))
            prev_path = path
        if not slots:
            return None
        self.grid_shape = (width, label_columns)
        return slots

    def _path_key(self, path):
        """The column a stack of header texts (top to bottom) names, or None."""
        norms = [spec.normalise(t) for t in path if t]
        leaf = next((k for k in (spec.match_column(self.table, n) for n in reversed(norms)) if k), None)
        if self.table != "4" or leaf is None:
            return leaf
        groups = {spec.match_column_group("4", n) for n in norms}
        for group in ("litigation_after_review", "litigation_direct", "review"):
            if group in groups:
                return f"{group}_{leaf}"
        return None

    # ------------------------------------------------------------ storing

    def _slots_for(self, row, say=True):
        """The columns a row's numbers belong to: the header above it, if it is this row's header.

        Table 二 is four small tables; a row under a header that names none of
        its columns (the sub-table's header was left out) gets its template
        columns instead.
        """
        if self.layout and self.table == "2":
            own = {c.key for f in (self.format, _other_format(self.format)) for c in spec.columns("2", f, row)}
            if not own & {slot.key for slot in self.layout}:
                if say:
                    self.warn(f"no header above row '{self._wording(row)}'; its template columns are assumed")
                return self._template_slots(row)
        if self.layout:
            return self.layout
        return self._default_layout(row) if say else self._template_slots(row)

    def _default_layout(self, row):
        """Template order when no header was read (said once in a warning)."""
        self.warn("no header recognised; the template's column order is assumed", "nolayout")
        return self._template_slots(row)

    def _template_slots(self, row):
        """The template's columns (of `row` for table 二) as slots."""
        if self.table == "2":
            items = spec.columns("2", self.format, row) or spec.columns("2", _other_format(self.format), row)
        else:
            items = spec.columns(self.table, self.format)
        return [Slot(c.key, c.wording_for(self.format)) for c in items]

    def _store(self, key, labels, values, structured, truncated=False):
        """Pair a row's values with the columns and keep the cells."""
        if key is None:
            if any(v.text for v in values) and self.span is not None and labels:
                wording = "".join(p.text for p in labels)[:40]
                if len(wording) <= 30 and not re.search("[。；;]", wording):
                    self.rows_not_in_template += 1
                    self.warn(f"row '{wording}' is not a template row; its values are not read")
            return
        if self._is_group_heading(key, labels, values):
            self.context = spec.match_group(spec.normalise("".join(p.text for p in labels)))
            self._mark(*labels)
            return
        slots = self._slots_for(key)
        self._mark(*labels)
        pairs = self._pair(slots, values, structured, truncated, key)
        if pairs is None:
            self._store_unreadable(key, slots, values)
            return
        for slot, piece in pairs:
            self._keep(key, slot, piece)
        self._mark(*(v for v in values if v.text))
        self.context = getattr(spec.row_item(self.table, key), "group", None)

    def _is_group_heading(self, key, labels, values):
        """A row group's own line with empty cells (（六）其他处理 over its items in 2021).

        Its wording may name a row of the other format (the 2019 single row
        其他处理); with no value in any cell it is the group, not that row.
        """
        if self.table != "3" or any(v.text for v in values) or not labels:
            return False
        if key in {r.key for r in spec.rows("3", self.format)}:
            return False
        return spec.match_group(spec.normalise("".join(p.text for p in labels))) is not None

    def _pair(self, slots, values, structured, truncated, key):
        """(slot, value) pairs of a row, or None when its count of values does not fit."""
        main = [s for s in slots if not s.cont]
        if structured:
            vals = list(values)
            while len(vals) > len(slots) and vals and not vals[0].text:
                vals.pop(0)
            if len(vals) == len(slots):
                return list(zip(slots, vals))
            if len(vals) == len(main):
                return list(zip(main, vals))
            if truncated and len(vals) < len(main):
                return self._truncated(key, main, vals)
            return None
        vals = list(values)
        while vals and vals[0].kind == "blank":
            vals.pop(0)
        while vals and vals[-1].kind == "blank":
            vals.pop()
        real = [v for v in vals if v.kind != "blank"]
        if len(real) == len(main):
            return list(zip(main, real))
        if len(vals) == len(main):
            return list(zip(main, vals))
        if truncated and len(real) < len(main):
            return self._truncated(key, main, real)
        if len(real) < len(main):
            split = split_run_together(real, len(main))
            if split:
                self.warn(
                    f"row '{self._wording(key)}': numbers run together "
                    f"('{self.text[real[0].start:real[-1].end]}') have only one reading: {' '.join(p.text for p in split)}"
                )
                return list(zip(main, split))
        return None

    def _truncated(self, key, main, values):
        """A row cut off by the end of the text: its first cells are the ones present."""
        self.warn(f"the text ends inside row '{self._wording(key)}': {len(values)} of {len(main)} cells present (truncated)")
        return list(zip(main, values))

    def _store_unreadable(self, key, slots, values):
        """A row whose values cannot be paired: every cell kept, without a value, over the row's numbers."""
        real = [v for v in values if v.text]
        start = real[0].start if real else (values[0].start if values else 0)
        end = real[-1].end if real else start
        raw = self.text[start:end]
        main = [s for s in slots if not s.cont and s.key]
        self.warn(
            f"row '{self._wording(key)}' has {len(real)} values for {len(main)} columns ('{raw}'): "
            "numbers run together or a cell is missing; its cells are not read"
        )
        for slot in main:
            self.cells.setdefault((key, slot.key), Cell(raw, start, end, None, "unreadable", slot.text))
        if real:
            self._mark(*real)

    def _keep(self, key, slot, piece):
        """Keep one cell (merged-header repeats and extra columns are not cells of the template)."""
        if slot.cont:
            return
        if slot.key is None:
            if piece.text:
                self.warn(f"column '{slot.text}' is not in the template; its cells are not read", ("extra", slot.text))
            return
        value, status = read_cell(piece.text)
        if (key, slot.key) in self.cells:
            self.warn(f"cell '{self._wording(key)} / {slot.text}' appears twice; the first is kept")
            return
        raw = self.text[piece.start : piece.end]
        self.cells[(key, slot.key)] = Cell(raw, piece.start, piece.end, value, status, slot.text)
        if piece.text:
            self._mark(piece)
        if status == "non_numeric":
            self.warn(f"cell '{self._wording(key)} / {slot.text}' holds '{raw}', not a number")
        elif status == "run_together":
            self.warn(f"cell '{self._wording(key)} / {slot.text}' holds several numbers '{raw}'; not read")

    def _wording(self, key):
        """The template's wording of a row, for warnings."""
        item = spec.row_item(self.table, key)
        return item.wording_for(self.format) if item else key


# ---------------------------------------------------------------- numbers run together


def _readings(digits, parts):
    """Ways to cut a digit string into `parts` numbers, none with a leading zero (at most 2 kept)."""
    if parts == 1:
        return [[digits]] if digits == "0" or not digits.startswith("0") else []
    found = []
    for cut in range(1, len(digits) - parts + 2):
        head = digits[:cut]
        if head != "0" and head.startswith("0"):
            break
        for rest in _readings(digits[cut:], parts - 1):
            found.append([head] + rest)
            if len(found) > 1:
                return found
    return found


def split_run_together(pieces, wanted):
    """The only reading of numbers run together (`1000001` -> 1 0 0 0 0 0 1), or None.

    Each digit-only piece may stand for several cells; a number never starts
    with 0 unless it is 0; every column of the row has its cell. If more than
    one reading fits, there is no answer: the cells are unreadable, never
    guessed. A reading that is used is announced in a warning.
    """
    if len(pieces) > wanted or len(pieces) > 12:
        return None
    options = [_piece_options(piece.text, wanted) for piece in pieces]
    combos = _combinations(options, wanted)
    if len(combos) != 1 or any(reading is None for reading in combos[0]):
        return None
    split = []
    for piece, reading in zip(pieces, combos[0]):
        at = piece.start
        for part in reading:
            split.append(Piece(part, at, at + len(part), "value"))
            at += len(part)
    return split


def _piece_options(text, wanted):
    """{number of cells: its only reading, or None when several} for one piece."""
    if not (text.isdigit() and text.isascii()):
        return {1: [text]}
    options = {}
    for count in range(1, min(len(text), wanted) + 1):
        readings = _readings(text, count)
        if readings:
            options[count] = readings[0] if len(readings) == 1 else None
    return options


def _combinations(options, wanted):
    """Choices of one reading per piece whose cell counts add up to `wanted` (stops after two)."""
    if not options:
        return [[]] if wanted == 0 else []
    found = []
    for count, reading in options[0].items():
        if count <= wanted:
            for rest in _combinations(options[1:], wanted - count):
                found.append([reading] + rest)
                if len(found) > 1:
                    return found
    return found


# ---------------------------------------------------------------- flat headers


def _flat_layout_2(header):
    """Table 二 sub-table header: its columns in the order written."""
    slots = []
    for kind, key, piece in header:
        if kind == "column":
            slots.append(Slot(key, piece.text))
        elif kind == "unknown" and slots:
            slots.append(Slot(None, piece.text))
    return slots or None


def _flat_layout_3(header):
    """Table 三 header read row by row, or "template" when its order cannot be told.

    Sub-columns (商业企业 …) written between 自然人 and 总计 are in order as
    written. Sub-columns written after both (`自然人 法人或其他组织 总计` then
    `商业企业 … 其他`) go where 法人或其他组织 stands, which must be between
    them; if it is not (it stands on a line of its own above), the order
    cannot be told from the text.
    """
    items, seen = [], set()
    for kind, key, piece in header:
        if kind == "column" and key not in seen:
            seen.add(key)
            items.append(Slot(key, piece.text))
        elif kind == "colgroup" and "GROUP" not in items:
            items.append("GROUP")
        elif kind == "unknown" and items:
            items.append(Slot(None, piece.text))
    written = [s for s in items if s != "GROUP"]
    if "GROUP" not in items:
        return written or None
    def is_sub(s):
        return s != "GROUP" and s.key and spec.column_item("3", s.key).group == "legal_entity"
    subs = [i for i, s in enumerate(items) if is_sub(s)]
    outer = [i for i, s in enumerate(items) if s != "GROUP" and s.key and not is_sub(s)]
    if not subs or not outer or min(subs) < max(outer):
        return written
    at = items.index("GROUP")
    if not any(i < at for i in outer) or not any(at < i < subs[0] for i in outer):
        return "template"
    first = subs[0]
    return items[:at] + items[first:] + items[at + 1 : first]


def _flat_layout_4(header):
    """Table 四 header: three runs of 结果维持…总计 are 行政复议, 未经复议直接起诉, 复议后起诉."""
    runs, run = [], []
    for kind, key, piece in header:
        if kind == "column":
            if any(s.key == key for s in run):
                runs.append(run)
                run = []
            run.append(Slot(key, piece.text))
        elif kind == "unknown" and run:
            run.append(Slot(None, piece.text))
        elif kind in ("colgroup", "corner") and run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    if len(runs) != len(spec.TABLE4_LEAF_GROUPS):
        return None
    return [
        Slot(f"{group}_{slot.key}" if slot.key else None, slot.text)
        for group, run in zip(spec.TABLE4_LEAF_GROUPS, runs)
        for slot in run
    ]


# ---------------------------------------------------------------- regions


_HEADING = re.compile(r"^[ \t#*|>\u3000]*([" + MARKER_DIGITS + r"]{1,2})\s*[、.．]\s*(.{2,80})$")
SECTION_HEADINGS = {
    "二": ("2", ("主动公开",)),
    "三": ("3", ("收到和处理", "依申请")),
    "四": ("4", ("复议", "诉讼")),
    "五": ("5", ("问题", "改进")),
    "六": ("6", ("其他需要报告", "其他事项")),
}
# Where a table starts when its section heading is missing: a line containing
# one of the first words, or consisting of one of the second.
FALLBACK_ANCHORS = {
    "2": (("第二十条第", "制发件数", "新制作数量"), ("信息内容",)),
    "3": (("勾稽关系", "新收政府信息公开申请"), ("申请人情况",)),
    "4": (("尚未审结", "复议后起诉", "未经复议"), ("行政复议", "行政复议行政诉讼")),
}


def find_headings(text):
    """Offsets of the template's section headings 二 … 六 (first of each), by number and meaning."""
    found = {}
    for offset, line in iter_lines(text, 0, len(text)):
        match = _HEADING.match(line)
        if not match:
            continue
        entry = SECTION_HEADINGS.get(match.group(1))
        if entry and entry[0] not in found and any(k in match.group(2)[:30] for k in entry[1]):
            found[entry[0]] = offset
    return found


def _fallback_anchor(text, table, after):
    """Offset of the first line after `after` that starts `table` when its heading is missing."""
    for offset, line in iter_lines(text, after, len(text)):
        norm = spec.normalise(line).strip("|")
        contained, whole = FALLBACK_ANCHORS[table]
        if any(k in norm for k in contained) or norm in whole:
            return offset
    return None


def find_regions(text):
    """(table, start, end) of the text region each table is read from, in text order."""
    headings = find_headings(text)
    starts, after = {}, 0
    for table in ("2", "3", "4"):
        start = headings.get(table)
        if start is None:
            start = _fallback_anchor(text, table, after)
        if start is not None:
            starts[table] = start
            after = start
    bounds = sorted(set(starts.values()) | {headings[k] for k in ("5", "6") if k in headings})
    regions = []
    for table, start in sorted(starts.items(), key=lambda kv: kv[1]):
        end = next((b for b in bounds if b > start), len(text))
        regions.append((table, start, end))
    return regions


# ---------------------------------------------------------------- assembling


def _other_format(report_format):
    """The other template format."""
    return spec.FORMAT_2019 if report_format == spec.FORMAT_2021 else spec.FORMAT_2021


def table_format(table, cells, report_format):
    """The format a table's cells follow: the report's, unless only the other format's cells are found."""
    other = _other_format(report_format)
    own_cells = {(t, r, c) for t, r, c in spec.expected_cells(report_format) if t == table}
    other_cells = {(t, r, c) for t, r, c in spec.expected_cells(other) if t == table}
    found = {(table, r, c) for r, c in cells}
    if found & (other_cells - own_cells) and not found & (own_cells - other_cells):
        return other
    return report_format


def _cut_off_warning(text, table, region_end, cells, table_fmt):
    """A table whose region runs to the end of the text and lacks its last rows was cut off."""
    if text[region_end:].strip():
        return []
    rows = [r.key for r in spec.rows(table, table_fmt)]
    present = [i for i, row in enumerate(rows) if any(r == row for r, _ in cells)]
    if not present or present[-1] == len(rows) - 1:
        return []
    last = spec.row_item(table, rows[present[-1]]).wording_for(table_fmt)
    missing = len(rows) - 1 - present[-1]
    return [f"table {spec.TABLE_NAMES[table]} is truncated: the text ends after row '{last}' ({missing} rows after it missing)"]


def _missing_warnings(table, cells, table_fmt):
    """A warning per template row (or cell) of the table that was not found."""
    name = spec.TABLE_NAMES[table]
    warnings = []
    for row in spec.rows(table, table_fmt):
        wanted = spec.columns(table, table_fmt, row.key)
        missing = [c for c in wanted if (row.key, c.key) not in cells]
        if len(missing) == len(wanted):
            warnings.append(f"table {name}: row '{row.wording_for(table_fmt)}' not found")
        for column in missing if len(missing) < len(wanted) else ():
            warnings.append(
                f"table {name}: cell '{row.wording_for(table_fmt)} / {column.wording_for(table_fmt)}' not found"
            )
    return warnings


def _metric(table, row, column, cell, table_fmt):
    """The MetricData of one cell."""
    return MetricData(
        key=f"t{table}.{row}.{column}",
        label=spec.cell_label(table, row, column, table_fmt),
        value=cell.value,
        unit=spec.column_unit(table, column, cell.header),
        approx=None,
        start=cell.start,
        end=cell.end,
        raw=cell.raw,
        table=table,
        row=row,
        column=column,
    )


def read_table(text, table, start, end, report_format):
    """The TableReader of one table after reading its region."""
    return TableReader(table, report_format, text).read(start, end)


def _not_the_template_table(table, reader):
    """Why a table is not the template's though it stands where the template's is, or None.

    A table most of whose rows with numbers name no template row is the
    agency's own table (收到申请总数, 同意公开, 信息不存在 …): the few labels in
    it that happen to contain a template word (同意部分公开) are a guess, not a
    mapping, so none of its cells are read. Table 四 has a single row and is
    not judged this way.
    """
    if table == "4":
        return None
    mapped = len({row for row, _ in reader.cells})
    if reader.rows_not_in_template <= mapped:
        return None
    total = reader.rows_not_in_template + mapped
    return (
        f"table {spec.TABLE_NAMES[table]}: {reader.rows_not_in_template} of its {total} rows with numbers are not "
        f"template rows; it is not the template's table ({spec.TABLE_TITLES[table]}) and none of its cells are read"
    )


def extract_tables(text, report_format):
    """Every cell of the template's tables 二, 三 and 四 as a metric, with table spans and warnings.

    The text is read in its simplified view (`template_spec.simplified`: a
    page in traditional characters, offsets unchanged); each cell's raw text
    is taken from the text itself.
    """
    result = TableExtraction()
    if report_format not in TEMPLATE_FORMATS:
        return result
    original, text = text, spec.simplified(text)
    regions = {table: (start, end) for table, start, end in find_regions(text)}
    for table in ("2", "3", "4"):
        name = spec.TABLE_NAMES[table]
        if table not in regions:
            result.warnings.append(f"table {name} ({spec.TABLE_TITLES[table]}) not found")
            continue
        reader = read_table(text, table, *regions[table], report_format)
        result.warnings.extend(reader.warnings)
        rejected = _not_the_template_table(table, reader)
        if rejected:
            result.warnings.append(rejected)
            continue
        if not reader.cells:
            result.warnings.append(f"table {name} ({spec.TABLE_TITLES[table]}) not found")
            continue
        table_fmt = table_format(table, reader.cells, report_format)
        if table_fmt != report_format:
            result.warnings.append(f"table {name} follows the {table_fmt} format, not {report_format}")
        result.warnings.extend(_cut_off_warning(text, table, regions[table][1], reader.cells, table_fmt))
        result.warnings.extend(_missing_warnings(table, reader.cells, table_fmt))
        result.spans.append(tuple(reader.span))
        expected = [(r, c) for t, r, c in spec.expected_cells(table_fmt) if t == table]
        extra = [rc for rc in reader.cells if rc not in set(expected)]
        for row, column in [rc for rc in expected if rc in reader.cells] + extra:
            cell = reader.cells[(row, column)]
            result.metrics.append(_metric(table, row, column, cell, table_fmt))
            if cell.status in UNREADABLE:
                result.unreadable.append((table, row, column))
        for row, column in extra:
            result.warnings.append(f"table {name}: cell '{row} / {column}' is not in the {table_fmt} template")
    for metric in result.metrics:
        metric.raw = original[metric.start:metric.end]
    return result
