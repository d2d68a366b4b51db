"""Template tables 三 and 四 flattened into one run of text, read by arithmetic instead of by header.

A report archived from a web portal can be one long line: the table's header
words, row labels and cells run together (`（一）予以公开7000007（二）部分公开…`,
`一、本年新收政府信息公开申请数量230 000023`). No column can be placed by a
header and the spaces the archive left are not cell boundaries. What still
holds is the template's arithmetic: each row of table 三 has six applicant
cells and their 总计, each group of table 四 four results and their 总计, and
the rows of table 三 add up by the identities (spec: Identities 1 and 2).

A row's digits are split into the template's columns only when exactly one
split satisfies the row sums (`ROW_SUMS`), or, when several do, exactly one
also satisfies the table's identities with the rows already placed. Anything
else stays unread with a warning: a wrong number is worse than a missing one.
Every cell placed here says so (`placement` = `split_by_arithmetic`).
"""

import itertools
import re
from dataclasses import dataclass

from loaders import template_spec as spec
from loaders.template_tables.cells import Cell

PLACEMENT = "split_by_arithmetic"
TYPO_PLACEMENT = "typo_matched_row"

# Rule table: the sums a row's cells must satisfy, as (part column indices, total column index).
ROW_SUMS = {
    "3": (((0, 1, 2, 3, 4, 5), 6),),
    "4": (((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14)),
}
# Rule table: table 三 identities used to choose among a row's splits (rows named by role).
IDENTITY_RULES = {
    "identity_1": "new_requests + carried_over = total_processed + carried_forward",
    "identity_2": "total_processed = the sum of the result rows",
}
SUMMARY_ROWS = ("new_requests", "carried_over", "total_processed", "carried_forward")
MAX_SPLITS = 64  # more splits than this satisfying the sums: ambiguous, unread
MAX_COMBINATIONS = (
    4096  # rows decided together by the identities: at most this many combinations tried
)

# A run of ASCII digits, possibly with spaces the archive left between cells.
_DIGIT_RUN = re.compile(r"[0-9](?:[ \u3000]*[0-9])*")
# Item numbering glued after a row's digits: `00000002.其他…` ends in the item number 2.
_NUMBERING_AFTER = re.compile(r"[.、．]\s*[^\s0-9]")
# Where a numbered piece of a label starts: 一、 （一） 1.
_LABEL_PIECE = re.compile(
    r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|[0-9]{1,2}[.、．])"
)
TABLE4_WORDS = ("复议", "诉讼")


@dataclass
class Run:
    """A row as flattened: its label text and the digit positions of its cells."""

    label: str
    label_start: int
    digits: str  # the digits alone
    offsets: list  # offset in the text of each digit


def _runs(text, start, end):
    """The (label, digits) runs of text[start:end], item numbering moved back to its label."""
    runs, label_start, carry = [], start, ""
    for found in _DIGIT_RUN.finditer(text, start, end):
        label = carry + text[label_start : found.start()]
        offsets = [found.start() + i for i, ch in enumerate(found.group()) if ch.isdigit()]
        digits = "".join(ch for ch in found.group() if ch.isdigit())
        carry = ""
        if _NUMBERING_AFTER.match(text, found.end()):
            digits, number, offsets = digits[:-1], digits[-1], offsets[:-1]
            carry = number
        label_start = found.end()
        if digits:
            runs.append(Run(label, found.start() - len(label), digits, offsets))
        else:
            carry = label + carry
    return runs


def splits(digits, width, sums, limit=MAX_SPLITS):
    """Every way (up to `limit` + 1) to cut `digits` into `width` numbers satisfying `sums`.

    A number never starts with 0 unless it is 0. Each sum is checked as soon
    as its total is cut, so the search stays small.
    """
    checks = {total: parts for parts, total in sums}
    found = []

    def walk(pos, values):
        if len(found) > limit:
            return
        index = len(values)
        if index == width:
            if pos == len(digits):
                found.append(list(values))
            return
        left = width - index - 1
        for cut in range(pos + 1, len(digits) - left + 1):
            piece = digits[pos:cut]
            if len(piece) > 1 and piece[0] == "0":
                break
            value = int(piece)
            if index in checks and sum(values[i] for i in checks[index]) != value:
                continue
            values.append(value)
            walk(cut, values)
            values.pop()

    walk(0, [])
    return found


def _row_key(label, context):
    """(row key, group context) a flattened label names: the whole label, else its last numbered piece."""
    pieces = [m.start() for m in _LABEL_PIECE.finditer(label)]
    for at, stop in zip(pieces, pieces[1:] + [len(label)]):
        group = spec.match_group(spec.normalise(label[at:stop]))
        if group:
            context = group
    key = spec.match_row("3", spec.normalise(label), context)
    for at in reversed(pieces):
        if key:
            break
        key = spec.match_row("3", spec.normalise(label[at:]), context)
    if key:
        return key, getattr(spec.row_item("3", key), "group", None) or context
    return None, context


def _last_piece(label):
    """The label from its last item numbering on (`2.其他法律行政止公开`), or the whole label."""
    pieces = [m.start() for m in _LABEL_PIECE.finditer(label)]
    return label[pieces[-1] :] if pieces else label


def _typo_row(run, report_format, context, taken, width):
    """The row a label with a typo names (`template_spec.typo_match`), if its digits split one way by the row sum."""
    key = spec.typo_match(spec.normalise(_last_piece(run.label)), report_format, context, taken)
    if key is None or len(splits(run.digits, width, ROW_SUMS["3"])) != 1:
        return None
    return key


@dataclass
class Flattened:
    """Cells placed by arithmetic and the warnings saying how, per table."""

    cells: dict  # table -> {(row, column): Cell}
    warnings: list


def _cells_of(run, values, columns):
    cells, pos = {}, 0
    for column, value in zip(columns, values):
        width = len(str(value))
        start, end = run.offsets[pos], run.offsets[pos + width - 1] + 1
        cells[column.key] = (start, end, value)
        pos += width
    return cells


def _identity_ok(row, values, placed, result_rows):
    """Whether `values` for `row` keeps identities 1 and 2 true wherever the other rows are placed."""
    trial = dict(placed)
    trial[row] = values
    for i in range(len(values)):
        summary = [trial.get(k) for k in SUMMARY_ROWS]
        results = [trial.get(k) for k in result_rows]
        if all(v is not None for v in summary):
            n, c, t, f = (v[i] for v in summary)
            if n + c != t + f:
                return False
        if summary[2] is not None and all(v is not None for v in results):
            if summary[2][i] != sum(v[i] for v in results):
                return False
    return True


def _place_jointly(candidates, placed, result_rows, order, warnings):
    """Rows still ambiguous after one at a time: the only combination of their splits keeping the identities.

    Two rows of one identity can each split two ways (`220000022`, `191000020`);
    together only one pair may make 总计 the sum of its rows. Tried only
    while the combinations stay few (`MAX_COMBINATIONS`).
    """
    open_rows = [k for k, c in candidates.items() if k not in placed and 1 < len(c) <= MAX_SPLITS]
    count = 1
    for key in open_rows:
        count *= len(candidates[key])
    if not open_rows or count > MAX_COMBINATIONS:
        return
    fitting = []
    for combination in itertools.product(*(candidates[k] for k in open_rows)):
        trial = dict(placed)
        trial.update(zip(open_rows, combination))
        if all(_identity_ok(k, v, trial, result_rows) for k, v in zip(open_rows, combination)):
            fitting.append(combination)
            if len(fitting) > 1:
                return
    if len(fitting) != 1 or not _complete(placed, open_rows, result_rows):
        return
    for key, values in zip(open_rows, fitting[0]):
        placed[key] = values
        warnings.append(
            f"table 三: row '{key}' ('{order[key].digits}') has {len(candidates[key])} splits by its row sum; "
            f"only {' '.join(map(str, values))}, with the other open rows' only fitting splits, keeps identities "
            "1 and 2 (split_by_arithmetic)"
        )


def _complete(placed, open_rows, result_rows):
    """Whether every row of identity 2 is placed or open: only then can the identity decide."""
    rows = set(placed) | set(open_rows)
    return "total_processed" in rows and all(k in rows for k in result_rows)


def read_flattened(text, start, end, report_format):
    """Tables 三 and 四 of a flattened region text[start:end], placed by arithmetic (see module doc)."""
    name = spec.TABLE_NAMES
    result = Flattened({"3": {}, "4": {}}, [])
    rows3 = {r.key for r in spec.rows("3", report_format)} | {
        r.key for r in spec.table3_rows(report_format)
    }
    columns3, columns4 = spec.columns("3", report_format), spec.columns("4", report_format)
    candidates, order, context, table4, typos = {}, {}, None, None, set()
    started = False
    for run in _runs(text, start, end):
        key, context = _row_key(run.label, context)
        typo = None
        if key is None and started:
            typo = _typo_row(run, report_format, context, set(candidates), len(columns3))
            key = typo
        if not started:
            if key != "new_requests":
                continue
            started = True
        if key is None:
            if all(w in run.label for w in TABLE4_WORDS):
                table4 = run
            break
        if key in candidates or key not in rows3 | {"other_handling", "other_other"}:
            break
        candidates[key] = splits(run.digits, len(columns3), ROW_SUMS["3"])
        order[key] = run
        if typo:
            typos.add(key)
            result.warnings.append(
                f"table {name['3']}: row '{_last_piece(run.label)}' is read as '{key}': the only close template "
                "row, confirmed by its row sum (typo_matched_row)"
            )
        if key == "carried_forward":
            context = None
    if not candidates:
        return result
    result_rows = [k for k in order if k not in SUMMARY_ROWS]
    placed = {k: c[0] for k, c in candidates.items() if len(c) == 1}
    progress = True
    while progress:
        progress = False
        for key, options in candidates.items():
            if key in placed or not options or len(options) > MAX_SPLITS:
                continue
            fitting = [v for v in options if _identity_ok(key, v, placed, result_rows)]
            if len(fitting) == 1:
                placed[key] = fitting[0]
                progress = True
                result.warnings.append(
                    f"table {name['3']}: row '{key}' ('{order[key].digits}') has {len(options)} splits by its row sum; "
                    f"only {' '.join(map(str, fitting[0]))} keeps identities 1 and 2 (split_by_arithmetic)"
                )
    _place_jointly(candidates, placed, result_rows, order, result.warnings)
    for key, run in order.items():
        if key in placed:
            for column, (s, e, value) in _cells_of(run, placed[key], columns3).items():
                result.cells["3"][(key, column)] = Cell(
                    text[s:e],
                    s,
                    e,
                    float(value),
                    "number",
                    "",
                    TYPO_PLACEMENT if key in typos else PLACEMENT,
                )
            result.warnings.append(
                f"table {name['3']}: row '{key}' read from run-together digits '{run.digits}' as "
                f"{' '.join(map(str, placed[key]))}, the only split whose 总计 is the sum of its parts (split_by_arithmetic)"
            )
        else:
            count = len(candidates[key])
            why = "no split" if count == 0 else "more than one split"
            result.warnings.append(
                f"table {name['3']}: row '{key}' digits '{run.digits}': {why} satisfies the row sum and identities; "
                "its cells are not read"
            )
            s, e = run.offsets[0], run.offsets[-1] + 1
            for column in columns3:
                result.cells["3"][(key, column.key)] = Cell(
                    text[s:e], s, e, None, "unreadable", "", None
                )
    if table4 is not None:
        options = splits(table4.digits, len(columns4), ROW_SUMS["4"])
        if len(options) == 1:
            for column, (s, e, value) in _cells_of(table4, options[0], columns4).items():
                result.cells["4"][(spec.TABLE4_ROW.key, column)] = Cell(
                    text[s:e], s, e, float(value), "number", "", PLACEMENT
                )
            result.warnings.append(
                f"table {name['4']}: digits '{table4.digits}' read as {' '.join(map(str, options[0]))}, "
                "the only split where each group's 总计 is the sum of its results (split_by_arithmetic)"
            )
        else:
            result.warnings.append(
                f"table {name['4']}: digits '{table4.digits}': {len(options) or 'no'} splits satisfy the group sums; "
                "its cells are not read"
            )
    return result
