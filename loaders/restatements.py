"""Prose numbers restated by a template table's cells: linked, and used to settle a run-together table 二 row.

A report often says in its prose what its tables print: `集中公开现行有效行政规范性
文件698件，动态更新本年度制发的规范性文件88件` and table 二's 行政规范性文件 /
现行有效件数 and / 本年制发件数. Both numbers are kept. The spec's parent rules
do not link them: a restated number is the same figure, not a part of it (spec:
`parent`), so neither becomes the other's parent. The pair is recorded as a
check of kind `restatement` (rule `prose_restated_by_table`): the prose metric
(`metric`), the cell (`detail.terms`, `detail.cell`), both values.

A link is made only when every row of `RESTATEMENT_RULES` holds. The words
that make a label equivalent to a cell are data
(`loaders.vocabulary.restatements.RESTATED_CELLS`). A prose number whose cell
differs is not linked: the label alone does not prove the two count the same
thing (the 2023 平潭 report's 393 documents in force cannot be its table's
in-force count), and a wrong link is worse than none.

A flattened table 二 row whose digits read several ways (`行政规范性文件8855698`,
`loaders.template_tables.flattened_table2`) is narrowed by those prose numbers:
the readings whose cell equals the prose number of the cell's label are kept
(a prose number that no reading gives is not the table's and narrows nothing);
a cell then read the same way in every reading left is read, placement
`split_confirmed_by_prose` (88 | 55 | 698 with 制发 88件 and 现行有效 698件).
An old statistics table's row split several ways (`主动公开文件数条294981916`)
is read again with the year's figure the prose states for it
(`2015年主动公开政府信息2949条`: 2949 | 81916), the words that make a prose label
name such a row being data too (`RESTATED_STATISTICS_ROWS`); the restatement
links then include that cell.

These run after the prose metrics are found and before their parents: a cell
read here is numbered with the others (`loaders.pipeline.number_metrics`).
"""

from loaders import template_spec as spec
from loaders.document import CheckData
from loaders.remembered import remembered, remembered_match
from loaders.statistics_tables import NUMBERED_ROW, extract_statistics_tables
from loaders.template_tables.flattened_table2 import agreed_cells, cell_at, read_flattened_table2
from loaders.vocabulary.restatements import (
    RESTATED_CELLS,
    RESTATED_STATISTICS_ENDS,
    RESTATED_STATISTICS_ROWS,
    RUNNING_TOTAL_WORD,
)

PLACEMENT = "split_confirmed_by_prose"
KIND = "restatement"
RULE = "prose_restated_by_table"


def _prose(metric):
    return metric.table is None and metric.placement is None


def named_cell(metric, cells):
    """The one template cell (a key of `cells`) a prose metric's label names, or None.

    The label must name one row and one column (`RESTATED_CELLS`): `制发规章和规范性文件`
    names two rows, `制发并废止的规范性文件` two columns, and neither is linked. Two
    formats' columns sharing a word (制发: 本年制发件数, 本年新制作数量) are one column.
    """
    named = _cells_named(spec.normalise(metric.label or ""))
    if named is None:
        return None
    present = [key for key in named if key in cells]
    return present[0] if len(present) == 1 else None


@remembered(maxsize=4096)
def _cells_named(norm):
    """The keys of the `RESTATED_CELLS` a normalised label may name, or None when it names none or too many.

    A pure function of the label (remembered: a prose label is compared with every cell).
    """
    rows = {
        (t, r) for t, r, _c, row_words, _w in RESTATED_CELLS if any(w in norm for w in row_words)
    }
    if len(rows) != 1:
        return None
    named = [
        ((t, r, c), set(column_words))
        for t, r, c, _row_words, column_words in RESTATED_CELLS
        if (t, r) in rows and any(w in norm for w in column_words)
    ]
    if any(not a & b for (_k, a) in named for (_l, b) in named):
        return None
    return tuple(key for key, _words in named)


# Rule table: what a prose metric and a table cell must share to be linked as a restatement.
RESTATEMENT_RULES = (
    ("prose_number", lambda prose, cell: _prose(prose) and prose.approx is None),
    ("equivalent_label", lambda prose, cell: _equivalent_label(prose, cell)),
    ("same_unit", lambda prose, cell: prose.unit == cell.unit),
    ("same_value", lambda prose, cell: cell.value is not None and prose.value == cell.value),
)


def _key(cell):
    return (cell.table, cell.row, cell.column)


def _cells(doc):
    return {_key(m): m for m in doc.metrics if m.table in ("2", "3")}


def statistics_row_named(metric, row):
    """Whether a prose metric's label restates the year's figure of a statistics row (`RESTATED_STATISTICS_ROWS`)."""
    return _statistics_row_named(spec.normalise(metric.label or ""), row)


@remembered_match(maxsize=4096)
def _statistics_row_named(norm, row):
    if NUMBERED_ROW.match(row) or not norm.endswith(RESTATED_STATISTICS_ENDS):
        return False
    return any(
        any(w in row for w in row_words)
        and any(w in norm for w in prose_words)
        and not any(w in norm for w in part_words)
        for row_words, prose_words, part_words in RESTATED_STATISTICS_ROWS
    )


def confirm_statistics_by_prose(doc):
    """Statistics rows left with several splits, read where the prose states their year's figure.

    Returns the metrics added (the caller numbers them); each read row's
    warning replaces the one that left it unread.
    """
    if doc.format in (spec.FORMAT_2019, spec.FORMAT_2021):
        return []
    first = extract_statistics_tables(doc.text)
    prose = [m for m in doc.metrics if _prose(m) and m.approx is None and m.value is not None]
    stated = {}
    for row in first.open_rows:
        values = {m.value for m in prose if statistics_row_named(m, row)}
        if values:
            stated[row] = values
    if not stated:
        return []
    second = extract_statistics_tables(doc.text, stated)
    known = {(m.table, m.row, m.column) for m in doc.metrics}
    added = [m for m in second.metrics if (m.table, m.row, m.column) not in known]
    if added:
        gone = set(first.warnings) - set(second.warnings)
        doc.warnings[:] = [w for w in doc.warnings if w not in gone]
        doc.warnings.extend(w for w in second.warnings if w not in set(first.warnings))
    return added


def confirm_by_prose(doc):
    """Read the cells of run-together table 二 rows that the prose's restated numbers settle (see module doc)."""
    cells = _cells(doc)
    unread = [key for key, m in cells.items() if key[0] == "2" and m.value is None]
    if not unread or doc.format not in (spec.FORMAT_2019, spec.FORMAT_2021):
        return
    found = read_flattened_table2(doc.simplified, doc.format)
    if found is None:
        return
    stated = {}
    for metric in doc.metrics:
        key = named_cell(metric, cells) if _prose(metric) and metric.approx is None else None
        if key and metric.unit == cells[key].unit:
            stated.setdefault(key, set()).add(metric.value)
    for row, (columns, chars, options) in found.open.items():
        _narrow(doc, cells, row, columns, chars, options, stated)


def _narrow(doc, cells, row, columns, chars, options, stated):
    kept = options
    used = []
    for index, column in enumerate(columns):
        values = stated.get(("2", row, column), set())
        fitting = {v for v in values if any(_value(o, chars, index) == v for o in kept)}
        if len(fitting) == 1:
            value = fitting.pop()
            kept = [o for o in kept if _value(o, chars, index) == value]
            used.append(f"{column} {value:g}")
    if not used or not kept:
        return
    for column, (value, start, end) in agreed_cells(columns, chars, kept).items():
        metric = cells.get(("2", row, column))
        if metric is None or metric.value is not None:
            continue
        metric.value, metric.start, metric.end = value, start, end
        metric.raw, metric.placement = doc.text[start:end], PLACEMENT
    wording = spec.row_item("2", row).wording_for(doc.format)
    doc.warnings.append(
        f"table {spec.TABLE_NAMES['2']}: row '{wording}' digits '{''.join(ch for ch, _ in chars)}': of its "
        f"{len(options)} readings, {len(kept)} agree with the prose ({', '.join(used)}); the cells the "
        f"same in each are read ({PLACEMENT})"
    )


def _value(option, chars, index):
    first = sum(len(piece) for piece in option[:index])
    return cell_at(chars, first, first + len(option[index]))[0]


def _is_statistics_cell(cell):
    return cell.table not in (None, "2", "3", "4") and cell.placement != "own_table"


def _equivalent_label(prose, cell):
    """Whether the prose label names the cell: its template row and column, or a statistics row's year."""
    if _is_statistics_cell(cell):
        return RUNNING_TOTAL_WORD not in (cell.column or "") and statistics_row_named(
            prose, cell.row
        )
    return named_cell(prose, {_key(cell): cell}) == _key(cell)


def _restatable(cell):
    if _is_statistics_cell(cell):
        return RUNNING_TOTAL_WORD not in (cell.column or "")
    return _key(cell) in RESTATABLE


RESTATABLE = {(table, row, column) for table, row, column, _rw, _cw in RESTATED_CELLS}


def restatements(doc):
    """A `restatement` check for each prose metric one table cell restates (`RESTATEMENT_RULES`)."""
    cells = [m for m in doc.metrics if m.table is not None and _restatable(m)]
    # The cells of each (unit, value), in text order: only they can pass `same_unit` and
    # `same_value`, so the other rules are asked of them alone (a NaN equals no value).
    candidates = {}
    for cell in cells:
        if cell.value is not None:
            candidates.setdefault((cell.unit, cell.value), []).append(cell)
    found = []
    for metric in doc.metrics:
        if not _prose(metric):
            continue
        same = (
            candidates.get((metric.unit, metric.value), ()) if metric.value == metric.value else ()
        )
        linked = [c for c in same if all(holds(metric, c) for _name, holds in RESTATEMENT_RULES)]
        if len(linked) != 1:
            continue
        cell = linked[0]
        found.append(
            CheckData(
                kind=KIND,
                rule=RULE,
                subject=cell.label,
                status="pass",
                stated=metric.value,
                computed=cell.value,
                difference=0.0,
                metric=metric.key,
                detail={
                    "terms": [cell.key],
                    "cell": "/".join((cell.table, cell.row, cell.column)),
                    "rules": [name for name, _holds in RESTATEMENT_RULES],
                },
            )
        )
    return found
