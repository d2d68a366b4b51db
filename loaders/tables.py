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

from dataclasses import dataclass, field

from loaders import template_spec as spec
from loaders.document import MetricData
from loaders.statistics_tables import extract_statistics_tables
from loaders.template_tables.cells import (
    is_page_number,
    is_separator,
    iter_lines,
    plain_pieces,
    structured_cells,
)
from loaders.template_tables.flattened import ROW_SUMS, Flattened, read_flattened
from loaders.template_tables.flattened_table2 import read_flattened_table2
from loaders.template_tables.layout import LayoutDetection, _other_format
from loaders.template_tables.lines import LineFeeding
from loaders.template_tables.regions import find_regions
from loaders.template_tables.rows import RowMatching
from loaders.template_tables.store import RowStore
from loaders.vocabulary.numbers import EPSILON

TEMPLATE_FORMATS = (spec.FORMAT_2019, spec.FORMAT_2021)
UNREADABLE = ("unreadable", "non_numeric", "run_together")


@dataclass
class TableExtraction:
    metrics: list = field(default_factory=list)  # MetricData with table/row/column set
    spans: list = field(default_factory=list)  # (start, end) of each table in the text
    warnings: list = field(default_factory=list)
    unreadable: list = field(default_factory=list)  # (table, row, column) read as no value


class TableReader(LineFeeding, RowMatching, LayoutDetection, RowStore):
    """Reads one table's region, line by line, into cells keyed by (row, column).

    The reading is split by concern (`loaders.template_tables`): feeding the
    lines into rows, matching a row's labels to a template row, detecting the
    column layout from the header, and storing a row's cells. This class holds
    the state they share and drives them over the region.
    """

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
        self.layouts = {}  # row key -> the layout its columns came from when it was stored (`layout_name`)
        self.split_rows = set()  # rows whose numbers ran together and were split (`RowStore._pair`)
        self.typo_rows = (
            set()
        )  # rows named through a typo, confirmed by their sums (`RowStore._store_typo_row`)

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
    return [
        f"table {spec.TABLE_NAMES[table]} is truncated: the text ends after row '{last}' ({missing} rows after it missing)"
    ]


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
        placement=cell.placement,
    )


def read_table(text, table, start, end, report_format):
    """The TableReader of one table after reading its region."""
    return TableReader(table, report_format, text).read(start, end)


# Rule table: how a cell read by the line reader was placed, by the layout its row's columns
# came from (`LayoutDetection.layout_name`) and whether the row's sums (`ROW_SUMS`) hold.
# (layout is from a header, row was split, sums hold) -> placement.
PLACEMENT_RULES = {
    (True, False, True): "header",
    (True, False, False): "header",
    (True, True, True): "split_by_arithmetic",
    (True, True, False): "split_unique_reading",
    (False, False, True): "template_order_checked",
    (False, False, False): "template_order",
    (False, True, True): "split_by_arithmetic",
    (False, True, False): "split_unique_reading",
}
# Placements the arithmetic contradicts: digits split into cells whose row sums do not hold (tables
# 三 and 四) are left unread, a wrong number being worse than a missing one. A row in the
# template's order whose sums fail is still read (the table has no header to contradict it;
# its identity checks report the failure as data).
UNCONFIRMED = ("split_unique_reading",)


def _row_sums_hold(table, row, cells, table_fmt):
    """Whether a row's 总计 cells equal the sums of their parts (table 三 and 四 only; never for 二)."""
    if table not in ROW_SUMS:
        return False
    columns = spec.columns(table, table_fmt)
    values = [getattr(cells.get((row, c.key)), "value", None) for c in columns]
    if any(v is None for v in values):
        return False
    return all(
        abs(sum(values[i] for i in parts) - values[total]) < EPSILON
        for parts, total in ROW_SUMS[table]
    )


def _place_cells(reader, table, table_fmt):
    """Say on each cell how it was placed (`PLACEMENT_RULES`), and warn once per placement that is not `header`."""
    counts, name, warnings = {}, spec.TABLE_NAMES[table], []
    by_row = {}
    for (r, _c), cell in reader.cells.items():
        by_row.setdefault(r, []).append(cell)
    for row in sorted(by_row):
        by_header = reader.layouts.get(row) in ("grid", "flat")
        rule = (
            by_header,
            row in reader.split_rows,
            _row_sums_hold(table, row, reader.cells, table_fmt),
        )
        placement = "typo_matched_row" if row in reader.typo_rows else PLACEMENT_RULES[rule]
        cells = [cell for cell in by_row[row] if cell.value is not None]
        if placement in UNCONFIRMED and table in ROW_SUMS and cells:
            warnings.append(
                f"table {name}: row '{reader._wording(row)}': the only reading of its numbers run together "
                "breaks the row sums; its cells are not read"
            )
            for cell in cells:
                cell.value, cell.status = None, "unreadable"
            continue
        for cell in cells:
            cell.placement = placement
            counts[placement] = counts.get(placement, 0) + 1
    return warnings + [
        f"table {name}: {count} cells placed by {placement}"
        for placement, count in sorted(counts.items())
        if placement != "header"
    ]


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


def _flattened(text, regions, report_format, readers):
    """Tables 三 and 四 read by arithmetic when the line reader finds no cell of table 三 (a flattened report).

    Returns a `Flattened` whose `cells` holds only the tables it placed cells in. The line
    reader of table 三 it made is left in `readers` for the caller, who would read it again.
    """
    if "3" in regions:
        readers["3"] = read_table(text, "3", *regions["3"], report_format)
        if readers["3"].cells:
            return Flattened({}, [])
    found = read_flattened(text, 0, len(text), report_format)
    found.cells = {t: cells for t, cells in found.cells.items() if cells}
    if "3" not in found.cells:
        return Flattened({}, [])
    return found


def _keep_flattened(result, table, cells, report_format):
    """Metrics of a table placed by arithmetic (`loaders.template_tables.flattened`), with its warnings."""
    result.warnings.extend(_missing_warnings(table, cells, report_format))
    result.spans.append((min(c.start for c in cells.values()), max(c.end for c in cells.values())))
    expected = [(r, c) for t, r, c in spec.expected_cells(report_format) if t == table]
    expected_set = set(expected)
    for row, column in [rc for rc in expected if rc in cells] + [
        rc for rc in cells if rc not in expected_set
    ]:
        cell = cells[(row, column)]
        result.metrics.append(_metric(table, row, column, cell, report_format))
        if cell.status in UNREADABLE:
            result.unreadable.append((table, row, column))


def _flattened_table2(result, text, reader, report_format):
    """Table 二 of a flattened report (`loaders.template_tables.flattened_table2`) when the line reader read none of it.

    True when it was read that way (its metrics and warnings kept in `result`).
    """
    if reader is not None and reader.cells and not _not_the_template_table("2", reader):
        return False
    found = read_flattened_table2(text, report_format)
    if found is None:
        return False
    result.warnings.extend(found.warnings)
    result.spans.append(found.span)
    _keep_flattened(result, "2", found.cells, report_format)
    return True


def extract_tables(text, report_format):
    """Every cell of the template's tables 二, 三 and 四 as a metric, with table spans and warnings.

    The text is read in its simplified view (`template_spec.simplified`: a
    page in traditional characters, offsets unchanged); each cell's raw text
    is taken from the text itself.
    """
    result = TableExtraction()
    if report_format not in TEMPLATE_FORMATS:
        statistics = extract_statistics_tables(text)
        result.metrics, result.spans, result.warnings = (
            statistics.metrics,
            statistics.spans,
            statistics.warnings,
        )
        return result
    original, text = text, spec.simplified(text)
    regions = {table: (start, end) for table, start, end in find_regions(text)}
    flattened, readers = None, {}
    for table in ("2", "3", "4"):
        name = spec.TABLE_NAMES[table]
        if table in ("3", "4"):
            if flattened is None:
                flattened = _flattened(text, regions, report_format, readers)
                result.warnings.extend(flattened.warnings)
            if table in flattened.cells:
                _keep_flattened(result, table, flattened.cells[table], report_format)
                continue
        reader = readers.pop(table, None)
        if reader is None and table in regions:
            reader = read_table(text, table, *regions[table], report_format)
        if table == "2" and _flattened_table2(result, text, reader, report_format):
            continue
        if reader is None:
            result.warnings.append(f"table {name} ({spec.TABLE_TITLES[table]}) not found")
            continue
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
            result.warnings.append(
                f"table {name} follows the {table_fmt} format, not {report_format}"
            )
        result.warnings.extend(
            _cut_off_warning(text, table, regions[table][1], reader.cells, table_fmt)
        )
        result.warnings.extend(_missing_warnings(table, reader.cells, table_fmt))
        result.spans.append(tuple(reader.span))
        result.warnings.extend(_place_cells(reader, table, table_fmt))
        expected = [(r, c) for t, r, c in spec.expected_cells(table_fmt) if t == table]
        expected_set = set(expected)
        extra = [rc for rc in reader.cells if rc not in expected_set]
        for row, column in [rc for rc in expected if rc in reader.cells] + extra:
            cell = reader.cells[(row, column)]
            result.metrics.append(_metric(table, row, column, cell, table_fmt))
            if cell.status in UNREADABLE:
                result.unreadable.append((table, row, column))
        for row, column in extra:
            result.warnings.append(
                f"table {name}: cell '{row} / {column}' is not in the {table_fmt} template"
            )
    for metric in result.metrics:
        metric.raw = original[metric.start : metric.end]
    return result
