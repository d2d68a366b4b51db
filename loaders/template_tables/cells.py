"""Cells and pieces of a template table: a cell's text read as a value, a line cut into cells or pieces, numbers run together.

Text in, plain values out; no table state.
"""

import re
from dataclasses import dataclass, field

from loaders import template_spec as spec
from loaders.reading.nfkc import nfkc
from loaders.remembered import remembered
from loaders.vocabulary.layout import PAGE_NUMBER_LINE
from loaders.vocabulary.tables import (
    BLANK_CELL_MARK,
    CELL_NUMBER,
    GLUED_NUMBER,
    NUMBERS_RUN_TOGETHER,
    PLACEHOLDERS,
    SEPARATOR_CELL,
)


@remembered()
def read_cell(raw):
    """(value, status) of a cell's text; status: number, blank, run_together, non_numeric.

    Only a number is a value: a blank cell, `/` and `-` hold none (spec:
    Cells), and `0` is zero. Zero-width characters left by editors are not
    part of the number. Short texts (cells, words) are read once and
    remembered: a table's rules ask about the same piece many times.
    """
    text = nfkc(spec.ZERO_WIDTH.sub("", raw)).strip().replace("\u2212", "-")
    if not text or BLANK_CELL_MARK.match(text):
        return None, "blank"
    found = CELL_NUMBER.match(text)
    if found:
        sign, digits, decimals, _unit = found.groups()
        value = float(digits.replace(",", "") + (decimals or ""))
        return (-value if sign == "-" else value), "number"
    if NUMBERS_RUN_TOGETHER.match(text):
        return None, "run_together"
    return None, "non_numeric"


@remembered()
def is_value_text(raw):
    """Whether a piece of text is a cell value (a number, a blank mark, 无) rather than a label."""
    status = read_cell(raw)[1]
    if status in ("number", "blank"):
        return bool(raw.strip())
    return nfkc(raw).strip().lower() in PLACEHOLDERS


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
    placement: str | None = (
        None  # how the cell was placed: header, template_order_checked, split_by_arithmetic …
    )


@dataclass
class OpenRow:
    key: str | None
    labels: list
    values: list = field(default_factory=list)


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
    return bool(PAGE_NUMBER_LINE.match(line))


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
    return bool(cells) and all(SEPARATOR_CELL.match(c.text.replace(" ", "")) for c in cells)


_WORD = re.compile(r"\S+")


def plain_pieces(line, offset):
    """The labels and values of a plain line, split at whitespace.

    A number glued to the end of a label (`申请数量20`) is split off; item
    numbering standing alone (`1.`) is joined to the label after it; a single
    number before a label (a row index) is dropped.
    """
    pieces = []
    for found in _WORD.finditer(line):
        text, start = found.group(), offset + found.start()
        if is_value_text(text):
            pieces.append(Piece(text, start, start + len(text), "value"))
            continue
        glued = GLUED_NUMBER.match(text)
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
