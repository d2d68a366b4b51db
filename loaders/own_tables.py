"""An agency's own tables: every numeric cell of a table that is neither the template's nor an old statistics table.

Agencies add tables of their own (表1 2023年政府信息公开申请情况, 附表2 …) as
HTML `<table>`s, markdown rows, PDF or Word grids; all of them reach the stored
text as pipe rows `| a | b |` (`loaders.reading`). Each numeric cell becomes a
metric with `table` = the caption printed before the table, `row` and `column`
= its labels as printed, the label `row / column`, the unit the cell, its
column, its row or the whole table states (（单位：万元）), `placement` =
`PLACEMENT`, and the span of the cell's text.

A wrong number is worse than a missing one, so only a table whose structure is
clear is read: header rows of labels, then body rows that open with label
columns, followed by value columns that hold only numbers or blanks. A table
failing one of the `STRUCTURE_RULES` is left unread with a warning naming the
rule (its numbers stay with the prose reader, as before); a column that mixes
numbers and words is left unread. Header levels are joined (`申请 / 已办结`);
merged cells, repeated in every position by the readers, count once per label.
A 合计/总计 row or column whose arithmetic holds becomes the parent of the
cells it totals (spec: parent rules), so the checks reconcile it as a complete
breakdown; one that does not add up links nothing and says so. Each cell has
one parent and each total one breakdown, so in a two-way table the rows' sums
are linked and the columns' are only warned about when they fail.
"""

import re
from dataclasses import dataclass, field

from loaders.document import MetricData
from loaders.reading.nfkc import nfkc
from loaders.template_tables.cells import is_separator, iter_lines, read_cell, structured_cells
from loaders.tokens import EXACT_DIGITS
from loaders.vocabulary.numbers import EPSILON, UNITS
from loaders.vocabulary.tables import (
    CELL_UNIT,
    INDEX_HEADERS,
    LABEL_NUMBER_HEADERS,
    OWN_TABLE_CAPTION,
    PLACEHOLDERS,
    PRINTED_UNIT,
    TOTAL_WORDS,
    UNIT_COLUMN_HEADERS,
    UNIT_IN_BRACKETS,
    UNIT_STATEMENT,
    YEAR_LABEL,
)

# How every cell of an agency's own table is placed: by its printed row and column labels.
PLACEMENT = "own_table"
CAPTION_LOOKBACK = 3  # non-empty lines before a table searched for its caption and unit
_MARKUP = re.compile(r"^[#>*\s]+|[*\s]+$")

# Rule table: what a table must show before its cells are read (rule -> the warning when it fails).
STRUCTURE_RULES = {
    "same_width": "its rows have different numbers of cells",
    "header_row": "it has no header row of labels before its numbers",
    "label_column": "its first column is not a column of labels",
    "body_rows": "it has no row of numbers under its header",
    "numbers_only": "its columns of numbers also hold words",
}


@dataclass
class OwnTables:
    metrics: list = field(default_factory=list)
    spans: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


@dataclass
class Block:
    """A run of consecutive pipe rows: its span and its rows of cells (separator lines dropped)."""

    start: int
    end: int
    rows: list = field(default_factory=list)


def pipe_blocks(text):
    """Every run of consecutive lines that are pipe rows (`| a | b |`), in text order."""
    block = None
    for offset, line in iter_lines(text, 0, len(text)):
        cells = structured_cells(line, offset) if line.lstrip().startswith("|") else None
        if cells is None:
            if block is not None:
                yield block
            block = None
            continue
        if block is None:
            block = Block(offset, offset + len(line))
        block.end = offset + len(line)
        if not is_separator(cells):
            block.rows.append(cells)
    if block is not None:
        yield block


def cell_value(text):
    """(value, unit written in the cell, status) of a cell: status number, blank or text.

    A number with more digits than a float holds exactly is text: a wrong number is worse than none.
    """
    normal = nfkc(text).strip()
    if len(re.sub(r"[^0-9]", "", normal)) > EXACT_DIGITS:
        return None, None, "text"
    if normal.endswith("%"):
        value, status = read_cell(normal[:-1])
        return (value, "%", "number") if status == "number" else (None, None, "text")
    value, status = read_cell(text)
    if status == "number":
        unit = CELL_UNIT.search(normal)
        return value, unit.group(1) if unit else None, "number"
    if status == "blank" or normal.lower() in PLACEHOLDERS:
        return None, None, "blank"
    return None, None, "text"


def stated_unit(text):
    """The unit a caption, header or label states (（单位：万元）, 单位：件, 金额(万元)), or None."""
    if not text:
        return None
    for pattern in (UNIT_STATEMENT, UNIT_IN_BRACKETS):
        found = pattern.search(text)
        if found and found.group(1) in UNITS:
            return found.group(1)
    return None


def _level_unit(label):
    """The unit stated by any level of a joined label (`申请情况（件） / 已办结` -> 件)."""
    return next((unit for unit in map(stated_unit, label.split(" / ")) if unit), None)


def _compact(text):
    return re.sub(r"\s+", "", text)


def _joined(levels):
    """Label levels without blanks and without a merged cell's repeats, joined by ` / `."""
    kept = []
    for level in levels:
        if level and (not kept or kept[-1] != level):
            kept.append(level)
    return " / ".join(kept)


def _caption(text, start):
    """(caption as printed or None, unit stated around it or None) from the lines before a table."""
    caption, unit, seen = None, None, 0
    end = start
    while end > 0 and seen < CAPTION_LOOKBACK:
        line_start = text.rfind("\n", 0, end - 1) + 1
        line = _MARKUP.sub("", text[line_start : end - 1] if end > 0 else "")
        end = line_start
        if not line:
            continue
        seen += 1
        line_unit = stated_unit(line)
        unit = unit or line_unit
        bare = _MARKUP.sub("", UNIT_STATEMENT.sub("", line)).rstrip("：:")
        if not bare:
            continue  # a line that only states the unit
        if OWN_TABLE_CAPTION.search(bare):
            caption = bare
        break
    return caption, unit


@dataclass
class Grid:
    """A table's cells classified: header rows, body rows, and what each column holds."""

    header: list
    body: list
    label_cols: list
    value_cols: list
    unit_col: int | None
    mixed_cols: list


def _header_words(header, col):
    return {_compact(row[col].text) for row in header}


def _is_header_row(cells, first):
    """A row of labels: no number in it, or (the first row) numbers that are years (2022, 2023年)."""
    for cell in cells:
        if cell_value(cell.text)[2] == "number" and not (
            first and YEAR_LABEL.match(_compact(cell.text))
        ):
            return False
    return True


def classify(rows):
    """The `Grid` of a block's rows, or the `STRUCTURE_RULES` name it fails."""
    if len({len(row) for row in rows}) != 1:
        return "same_width"
    count = 0
    while count < len(rows) and _is_header_row(rows[count], count == 0):
        count += 1
    header, body = rows[:count], rows[count:]
    if not header:
        return "header_row"
    if not body:
        return "body_rows"
    width = len(rows[0])
    statuses = [[cell_value(row[col].text)[2] for row in body] for col in range(width)]
    label_cols, unit_col, col = [], None, 0
    for col in range(width):
        words = _header_words(header, col)
        if words & INDEX_HEADERS:
            continue
        if words & UNIT_COLUMN_HEADERS and "number" not in statuses[col] and label_cols:
            unit_col = col
            continue
        if "number" not in statuses[col] or words & LABEL_NUMBER_HEADERS:
            label_cols.append(col)
            continue
        break
    else:
        col = width
    if not label_cols or label_cols[0] != min(
        c for c in range(width) if not _header_words(header, c) & INDEX_HEADERS
    ):
        return "label_column"
    value_cols, mixed_cols = [], []
    for later in range(col, width):
        if "number" in statuses[later]:
            (mixed_cols if "text" in statuses[later] else value_cols).append(later)
    if not value_cols:
        return "numbers_only" if mixed_cols else "body_rows"
    return Grid(header, body, label_cols, value_cols, unit_col, mixed_cols)


def column_labels(grid):
    """Each value column's label: its header levels top to bottom, a blank upper level taking its left neighbour's.

    A level that is only a unit (a header row `| 条 |` under `| 发布数量 |`) is the column's unit, not a level:
    it is kept in brackets, `发布数量（条）`, where `stated_unit` finds it.
    """
    first_value = min(grid.value_cols + grid.mixed_cols)
    width = len(grid.header[0])
    filled = []
    for level, row in enumerate(grid.header):
        texts = [cell.text for cell in row]
        if level < len(grid.header) - 1:
            for col in range(first_value + 1, width):
                texts[col] = texts[col] or texts[col - 1]
        filled.append(texts)
    labels = {}
    for col in grid.value_cols:
        levels = [texts[col] for texts in filled]
        units = [level for level in levels if level in UNITS]
        label = _joined([level for level in levels if level not in UNITS])
        labels[col] = f"{label}（{units[0]}）" if units and label else label
    return labels


def row_labels(grid):
    """Each body row's label: its label cells joined, a blank outer label cell taking the one above it."""
    labels, above = [], {}
    for row in grid.body:
        levels = []
        for col in grid.label_cols:
            text = row[col].text
            if not text and col != grid.label_cols[-1]:
                text = above.get(col, "")
            above[col] = text
            levels.append(text)
        labels.append(_joined(levels))
    return labels


def _is_total(label):
    return _compact(label.split(" / ")[-1]) in TOTAL_WORDS


class Totals:
    """Links 合计/总计 cells to the cells they total, where the arithmetic holds (one parent, one breakdown each)."""

    def __init__(self, name):
        self.name = name
        self.parent_of = {}
        self.totals = set()
        self.warnings = []

    def link(self, total, parts, where):
        """Make `total` the parent of `parts` if they add up; True when linked."""
        if total is None or len(parts) < 2 or any(p is None for p in parts):
            return False
        if total.key in self.totals or any(
            p.key in self.parent_of or p.key in self.totals for p in parts
        ):
            return False
        units = {p.unit for p in parts} | {total.unit}
        if len(units) != 1 or "%" in units:
            return False
        if abs(sum(p.value for p in parts) - total.value) > EPSILON:
            self.warnings.append(
                f"own table {self.name}: {where} {total.raw} is not the sum of its parts "
                f"({sum(p.value for p in parts):g}); no parts linked"
            )
            return False
        for part in parts:
            self.parent_of[part.key] = total.key
            part.parent = total.key
        self.totals.add(total.key)
        return True


def link_totals(name, cells, rows, columns):
    """Link the total row's cells to the rows above, then each row's total column to its group's columns."""
    totals = Totals(name)
    total_rows = [r for r, label in rows.items() if _is_total(label)]
    parts_rows = [r for r in rows if r not in total_rows and any((r, c) in cells for c in columns)]
    if len(total_rows) == 1:
        for col, label in columns.items():
            totals.link(
                cells.get((total_rows[0], col)),
                [cells.get((r, col)) for r in parts_rows],
                f"{label} 合计",
            )
    groups = {}
    for col, label in columns.items():
        groups.setdefault(tuple(label.split(" / ")[:-1]), []).append(col)
    for group in groups.values():
        total_cols = [c for c in group if _is_total(columns[c])]
        if len(total_cols) != 1:
            continue
        part_cols = [c for c in group if c != total_cols[0]]
        for row in rows:
            where = f"{rows[row]} 合计"
            totals.link(
                cells.get((row, total_cols[0])), [cells.get((row, c)) for c in part_cols], where
            )
    return totals.warnings


def read_block(text, block, ordinal):
    """(metrics, warnings) of one table, or (None, warnings) when it is left unread."""
    if not any(cell_value(cell.text)[2] == "number" for row in block.rows for cell in row):
        return None, []  # a table of words: nothing to read
    caption, table_unit = _caption(text, block.start)
    name = caption or f"未命名表{ordinal}"
    grid = classify(block.rows)
    if isinstance(grid, str):
        return None, [f"own table {name}: not read, {STRUCTURE_RULES[grid]} ({grid})"]
    warnings = []
    table_unit = table_unit or stated_unit(
        " ".join(cell.text for row in grid.header for cell in row[:1])
    )
    columns, rows = column_labels(grid), dict(enumerate(row_labels(grid)))
    for col in grid.mixed_cols:
        warnings.append(
            f"own table {name}: column {col + 1} mixes numbers and words; its cells are not read"
        )
    cells, metrics = {}, []
    for r, row in enumerate(grid.body):
        row_unit = _level_unit(rows[r]) or (
            stated_unit(row[grid.unit_col].text) if grid.unit_col is not None else None
        )
        if grid.unit_col is not None and PRINTED_UNIT.match(row[grid.unit_col].text):
            row_unit = row[
                grid.unit_col
            ].text  # a unit column says each row's unit as printed (场次, 人次)
        for col in grid.value_cols:
            piece = row[col]
            value, unit, status = cell_value(piece.text)
            if status != "number":
                continue
            if not rows[r] or not columns[col]:
                warnings.append(
                    f"own table {name}: cell '{piece.text}' has no row or column label; not read"
                )
                continue
            metric = MetricData(
                key=f"own{piece.start}",
                label=f"{rows[r]} / {columns[col]}",
                value=value,
                unit=unit or _level_unit(columns[col]) or row_unit or table_unit,
                approx=None,
                start=piece.start,
                end=piece.end,
                raw=text[piece.start : piece.end],
                table=name,
                row=rows[r],
                column=columns[col],
                placement=PLACEMENT,
            )
            cells[(r, col)] = metric
            metrics.append(metric)
    if not caption and metrics:
        warnings.append(
            f"own table {name}: no caption printed before it; named by its place among the own tables"
        )
    warnings.extend(link_totals(name, cells, rows, columns))
    return metrics, warnings


def extract_own_tables(text, skip=()):
    """Every cell of the agency's own tables in `text`, outside the `skip` spans (tables already read)."""
    result = OwnTables()
    ordinal = 0
    for block in pipe_blocks(text):
        if any(start < block.end and block.start < end for start, end in skip):
            continue
        metrics, warnings = read_block(text, block, ordinal + 1)
        result.warnings.extend(warnings)
        if metrics:
            ordinal += 1
            result.metrics.extend(metrics)
            result.spans.append((block.start, block.end))
    return result
