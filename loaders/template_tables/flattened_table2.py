"""Template table 二 flattened into one run of text, read where its cells have one possible reading.

A report archived from a web portal can be one long line, and table 二's
sub-tables run together with it: `规章000行政规范性文件8855698第二十条第（五）项
信息内容本年处理决定数量行政许可10690…行政事业性收费9116.36三、…`. Table 二 has
no row sums, so the arithmetic of tables 三 and 四 cannot place its cells. What
does hold is each row's count of columns and each column's format
(`COLUMN_FORMATS`): a count never starts with 0 unless it is 0, only an amount
has decimals, only the 2019 template's 本年增/减 has a sign. `规章000` then
reads only as 0 | 0 | 0, `行政许可10690` (one column) as 10690, `行政事业性收费
35-15` (two columns, the second signed) as 35 | -15.

A row whose digits allow exactly one reading is read (`placement` =
`split_unique_reading`). A row that allows several keeps unread the cells the
readings disagree on, and reads a cell only when every reading gives it the
same number (`2648-18538` over 上一年项目数量 / 本年增/减 / 处理决定数量: the
minus starts 本年增/减, so 上一年项目数量 is 2648 in every reading). A row
with no reading, or whose sub-table header names other columns, stays unread
with a warning: a wrong number is worse than a missing one.

Read only when the table stands on one line (a flattened report) and the line
reader found none of its cells.
"""

import re
from dataclasses import dataclass, field

from loaders import template_spec as spec
from loaders.template_tables.cells import Cell

PLACEMENT = "split_unique_reading"

# Rule table: the format of a table 二 column's cell, by column key (others are counts).
COLUMN_FORMATS = {
    "fee_amount": "amount",
    "procurement_amount": "amount",
    "change": "signed_count",
}
# Rule table: what each cell format allows.
_WHOLE = r"(?:0|[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*)"  # 0, 1234 or 1,234
FORMAT_PATTERNS = {
    "count": re.compile(_WHOLE),
    "signed_count": re.compile(rf"0|-?(?!0){_WHOLE}"),
    "amount": re.compile(rf"{_WHOLE}(?:\.[0-9]+)?"),
}
MAX_READINGS = 4096  # more readings than this: ambiguous, unread

# A row's numbers: digits, a sign, a decimal point, with spaces the archive left between them.
_NUMBER_RUN = re.compile(r"-?[0-9](?:[ \u3000]*[0-9.,\-])*(?<![.,\-])")
# A unit printed right after an amount (`13575394432.52元`): the amount's unit, not the template's.
_UNIT_AFTER = re.compile(r"\s*(万元|亿元|元)")
# Where a sub-table starts: its item title (第二十条第（五）项).
_ITEM_TITLE = "第二十条第"


@dataclass
class Table2:
    """Cells of a flattened table 二 and the warnings saying how they were read."""

    cells: dict  # (row, column) -> Cell
    warnings: list
    span: tuple | None = None
    # Rows read more than one way: row -> (columns, [(char, offset)], readings), for a later rule
    # (`loaders.restatements`) that may narrow them by what the prose states.
    open: dict = field(default_factory=dict)


def find_region(text):
    """(start, end) of a flattened table 二: its first item title after its heading, up to table 三's heading.

    None unless the region stands on one line (a report flattened onto a line).
    """
    end = text.find(spec.TABLE_TITLES["3"])
    while end >= 0:
        title = text.rfind(spec.TABLE_TITLES["2"], 0, end)
        start = text.find(_ITEM_TITLE, title) if title >= 0 else -1
        if 0 <= start < end and "\n" not in text[start:end]:
            return start, end
        end = text.find(spec.TABLE_TITLES["3"], end + 1)
    return None


def readings(chars, formats, limit=MAX_READINGS):
    """Every way (up to `limit` + 1) to cut `chars` into one cell per format, each matching its pattern."""
    found = []

    def walk(pos, values):
        if len(found) > limit:
            return
        index = len(values)
        if index == len(formats):
            if pos == len(chars):
                found.append(list(values))
            return
        pattern = FORMAT_PATTERNS[formats[index]]
        left = len(formats) - index - 1
        for cut in range(pos + 1, len(chars) - left + 1):
            if pattern.fullmatch(chars, pos, cut):
                values.append(chars[pos:cut])
                walk(cut, values)
                values.pop()

    walk(0, [])
    return found


def _row_of(label):
    """The table 二 row the end of a flattened label names (`…本年处理决定数量行政许可` -> licensing)."""
    norm = spec.normalise(label)
    for at in range(len(norm) - 1, -1, -1):
        key = spec.match_row("2", norm[at:])
        if key:
            return key
    return None


def _header_columns(label):
    """The table 二 columns a sub-table's header words name, in the order written."""
    norm = spec.normalise(label)
    named = []
    for column in spec.TABLE2_COLUMNS:
        for word in column.keywords:
            at = norm.find(word)
            if at >= 0:
                named.append((at, column.key))
                break
    return [key for _at, key in sorted(named)]


def _columns_for(row, header, report_format):
    """(columns, why not) of a row: the template's, checked against the sub-table header when one is written."""
    for fmt in (
        report_format,
        spec.FORMAT_2019 if report_format == spec.FORMAT_2021 else spec.FORMAT_2021,
    ):
        keys = [c.key for c in spec.columns("2", fmt, row)]
        if not keys:
            continue
        if not header or header == keys:
            return keys, None
    return None, f"its header names {' / '.join(header)}, not the template's columns"


def _runs(text, start, end):
    """(label, label start, [(char, offset)] of the numbers) for each row-like run of text[start:end]."""
    runs, label_start = [], start
    for found in _NUMBER_RUN.finditer(text, start, end):
        chars = [
            (ch, found.start() + i) for i, ch in enumerate(found.group()) if ch not in " \u3000"
        ]
        runs.append((text[label_start : found.start()], label_start, chars))
        label_start = found.end()
    return runs


def read_flattened_table2(text, report_format):
    """Table 二 of a flattened report read by the formats of its cells (see the module doc), or None."""
    region = find_region(text)
    if region is None:
        return None
    name = spec.TABLE_NAMES["2"]
    result = Table2({}, [])
    header, sub_table = [], ""
    for label, _label_start, chars in _runs(text, *region):
        if _ITEM_TITLE in label:
            sub_table = label[label.rfind(_ITEM_TITLE) :]
            header = _header_columns(sub_table)
        row = _row_of(label)
        if row is None or any(r == row for r, _c in result.cells):
            continue
        columns, why_not = _columns_for(row, header, report_format)
        digits = "".join(ch for ch, _ in chars)
        wording = spec.row_item("2", row).wording_for(report_format)
        if columns is None:
            result.warnings.append(
                f"table {name}: row '{wording}' ('{digits}'): {why_not}; its cells are not read"
            )
            columns = [c.key for c in spec.columns("2", report_format, row)]
            _keep_row(result, row, columns, chars, [], text, wording, "", say=False)
            continue
        options = readings(digits, [COLUMN_FORMATS.get(c, "count") for c in columns])
        unit = _UNIT_AFTER.match(text, chars[-1][1] + 1)
        header_text = f"（{unit.group(1)}）" if unit else sub_table
        _keep_row(result, row, columns, chars, options, text, wording, header_text)
    if not result.cells:
        return None
    spans = [(c.start, c.end) for c in result.cells.values()]
    result.span = (region[0], max(e for _s, e in spans))
    return result


def _keep_row(result, row, columns, chars, options, text, wording, header_text, say=True):
    """A row's cells: read where every reading agrees on them, else kept unread over the row's numbers."""
    name = spec.TABLE_NAMES["2"]
    digits = "".join(ch for ch, _ in chars)
    start, end = chars[0][1], chars[-1][1] + 1
    agreed = agreed_cells(columns, chars, options) if len(options) <= MAX_READINGS else {}
    for column in columns:
        if column in agreed:
            value, s, e = agreed[column]
            header = header_text if COLUMN_FORMATS.get(column) == "amount" else ""
            result.cells[(row, column)] = Cell(text[s:e], s, e, value, "number", header, PLACEMENT)
        else:
            result.cells[(row, column)] = Cell(
                text[start:end], start, end, None, "unreadable", "", None
            )
    read = [c for c in columns if c in agreed]
    if 1 < len(options) <= MAX_READINGS:
        result.open[row] = (columns, chars, options)
    if not say:
        return
    if len(options) == 1:
        result.warnings.append(
            f"table {name}: row '{wording}' read from run-together digits '{digits}' as "
            f"{' | '.join(options[0])}, the only reading by its columns' formats (split_unique_reading)"
        )
    elif read:
        result.warnings.append(
            f"table {name}: row '{wording}' digits '{digits}' have {len(options)} readings by its columns' "
            f"formats; {', '.join(read)} read (the same in every reading, split_unique_reading), the other cells not read"
        )
    else:
        count = (
            "no reading"
            if not options
            else f"{len(options) if len(options) <= MAX_READINGS else 'too many'} readings"
        )
        result.warnings.append(
            f"table {name}: row '{wording}' digits '{digits}': {count} by its columns' formats; its cells are not read"
        )


def agreed_cells(columns, chars, options):
    """{column: (value, start, end)} of the cells every reading gives the same number at the same place."""
    agreed = {}
    for index, column in enumerate(columns):
        spans = {_span(option, index) for option in options}
        if len(spans) == 1:
            agreed[column] = cell_at(chars, *spans.pop())
    return agreed


def cell_at(chars, first, last):
    """(value, start, end) of the cell made of the row's characters first … last - 1."""
    value = float("".join(ch for ch, _ in chars[first:last]).replace(",", ""))
    return value, chars[first][1], chars[last - 1][1] + 1


def _span(option, index):
    """(first, last + 1) positions of cell `index` of a reading among the row's characters."""
    first = sum(len(piece) for piece in option[:index])
    return first, first + len(option[index])
