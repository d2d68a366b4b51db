"""Old statistics tables (政府信息公开情况统计表, 2008–2018): every cell a metric with its table, row and column as printed.

Before the 2019 template, reports appended a table of indicators with a unit
column and two value columns, this year's (`2014年度`) and the running total
(`历年累计`). Archived portal copies flatten it into one run of text:

    指标名称 计量单位 2014年度 历年累计 主动公开文件数 条 2543 78967 其中：1、政府网站公开数 条 2543 78967 …

or with no separator at all (`主动公开信息数条20263542`). A row is its label,
its unit (`loaders.vocabulary.tables.STATISTICS_UNITS`) and its numbers. Each numeric cell becomes a metric with
`table` = the caption (`…统计表`), `row` and `column` as printed and the label
`row / column`. Numbers written apart are the cells in column order; numbers
run together are split only when exactly one split obeys the rule table
`SPLIT_RULES` (a running total is never below the year's figure); otherwise
the row stays unread with a warning. Item numbering glued to a row's digits
(`…条072、政府公报公开`) belongs to the next label. A second reading
(`loaders.restatements`) is given the year's figure the prose states for a
row (`2015年主动公开政府信息2949条`): of several splits, the only one with that
year is read (`split_confirmed_by_prose`), and its numbered rows may then
follow by their sum.
"""

import re
from dataclasses import dataclass, field
from itertools import product
from math import prod

from loaders.document import MetricData
from loaders.vocabulary.tables import STATISTICS_UNITS

# The header: indicator name, unit, then the value columns as printed.
HEADER = re.compile(r"指标名称\s*计量\s*单位\s*((?:\d{4}\s*年度?|本年度?))\s*(历年累计|累计)")
CAPTION = re.compile(r"([^\s。；：:，,]{0,40}统计表)\s*$")
CAPTION_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|附件\s*\d*\s*[：:]?|附表\s*\d*\s*[：:]?)"
)
ROW_PREFIX = re.compile(r"^\s*其中\s*[：:]\s*")
_DIGIT_RUN = re.compile(r"[0-9](?:[ \u3000]*[0-9])*")
_NUMBERING_AFTER = re.compile(r"[.、．]\s*[^\s0-9]")
MAX_LABEL = 30
NUMBERED_ROW = re.compile(r"^\d+\s*[.、．]")
MAX_COMBINATIONS = 4096  # readings of one group's run-together rows tried against its sum

# Rule table: how the digits of a two-column row (this year, running total) run together may be split.
SPLIT_RULES = {
    "no_leading_zero": "a number never starts with 0 unless it is 0",
    "total_not_below_year": "历年累计 (the running total) is at least the year's figure",
    "parts_add_up": "where a row still splits several ways, the reading (of it and its numbered rows "
    "1. 2. …) under which the row is the sum of its numbered rows in both columns, when exactly one does",
}


@dataclass
class StatisticsTables:
    metrics: list = field(default_factory=list)
    spans: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    open_rows: list = field(default_factory=list)  # printed labels of rows left with several splits


PROSE_PLACEMENT = "split_confirmed_by_prose"


def two_column_splits(digits):
    """The splits of run-together digits into (year, running total) that obey `SPLIT_RULES`."""
    found = []
    for cut in range(1, len(digits)):
        year, total = digits[:cut], digits[cut:]
        if any(len(p) > 1 and p[0] == "0" for p in (year, total)):
            continue
        if int(total) >= int(year):
            found.append((int(year), int(total)))
    return found


def _caption(text, header_start):
    """The table's caption printed before its header, without its numbering (六、, 附件1：)."""
    found = CAPTION.search(text, max(0, header_start - 60), header_start)
    if not found:
        return "统计表"
    caption = found.group(1)
    previous = None
    while caption != previous:
        previous, caption = caption, CAPTION_NUMBERING.sub("", caption).strip()
    return caption


def _rows(text, start):
    """(label, label_start, pieces) of each row after the header, until a label that ends in no unit."""
    label_start, carry = start, ""
    for found in _DIGIT_RUN.finditer(text, start):
        label = carry + text[label_start : found.start()]
        pieces = [
            (m.group(), found.start() + m.start()) for m in re.finditer(r"[0-9]+", found.group())
        ]
        carry = ""
        if _NUMBERING_AFTER.match(text, found.end()):
            number, at = pieces[-1]
            carry = number[-1]
            pieces[-1] = (number[:-1], at)
            if not pieces[-1][0]:
                pieces.pop()
        label_start = found.end()
        if not pieces:
            carry = label + carry
            continue
        yield label, pieces


def _split_label(label):
    """(row, unit) of a row label ending in its unit, or None."""
    stripped = label.strip()
    for unit in STATISTICS_UNITS:
        if stripped.endswith(unit):
            row = ROW_PREFIX.sub("", stripped[: -len(unit)]).strip()
            if row and len(row) <= MAX_LABEL and not re.search("[。；;]", row):
                return row, unit
    return None


@dataclass
class StatRow:
    """One row of a statistics table: its cells when read, else the splits its run-together digits allow."""

    row: str
    unit: str
    end: int
    cells: list | None = None  # [(value, start, end)] per column
    placement: str | None = None
    options: list = field(default_factory=list)  # (year, total) splits, when more than one
    digits: str = ""
    at: int = 0
    warning: str | None = None


def _read_row(caption, columns, row, unit, pieces, stated=()):
    """The `StatRow` of one labelled row's numbers (see `SPLIT_RULES`).

    `stated`: the numbers the report's prose states for this row's year
    (`loaders.restatements`); of several splits, the one whose year is among
    them is read when it is the only one.
    """
    if len(pieces) == len(columns):
        cells = [(int(p), at, at + len(p)) for p, at in pieces]
        return StatRow(row, unit, cells[-1][2], cells, "header")
    if len(pieces) == 1 and len(pieces[0][0]) > 1:
        digits, at = pieces[0]
        options = two_column_splits(digits)
        confirmed = [o for o in options if o[0] in stated]
        if len(options) > 1 and len(confirmed) == 1:
            year, total = confirmed[0]
            cut = at + len(str(year))
            return StatRow(
                row,
                unit,
                at + len(digits),
                [(year, at, cut), (total, cut, at + len(digits))],
                PROSE_PLACEMENT,
                warning=f"statistics table {caption}: row '{row}' digits '{digits}' read as {year} / {total}, "
                f"the only one of {len(options)} splits whose year the prose states ({PROSE_PLACEMENT})",
            )
        if len(options) != 1:
            return StatRow(
                row,
                unit,
                at + len(digits),
                options=options if len(options) > 1 else [],
                digits=digits,
                at=at,
                warning=f"statistics table {caption}: row '{row}' digits '{digits}' have "
                f"{len(options) or 'no'} splits into {' / '.join(columns)}; its cells are not read",
            )
        year, total = options[0]
        cut = at + len(str(year))
        return StatRow(
            row,
            unit,
            at + len(digits),
            [(year, at, cut), (total, cut, at + len(digits))],
            "split_by_arithmetic",
            warning=f"statistics table {caption}: row '{row}' digits '{digits}' read as {year} / {total}, "
            "the only split whose running total is not below the year (split_by_arithmetic)",
        )
    return StatRow(
        row,
        unit,
        pieces[-1][1] + len(pieces[-1][0]),
        warning=f"statistics table {caption}: row '{row}' has {len(pieces)} numbers for "
        f"{len(columns)} columns; its cells are not read",
    )


def _groups(rows):
    """(whole, [numbered parts]) of each row followed by rows numbered 1. 2. … (其中：1、…)."""
    for index, whole in enumerate(rows):
        if NUMBERED_ROW.match(whole.row):
            continue
        parts = []
        for part in rows[index + 1 :]:
            if not NUMBERED_ROW.match(part.row):
                break
            parts.append(part)
        if len(parts) >= 1:
            yield whole, parts


def resolve_by_parts(caption, columns, rows):
    """Rows whose digits split several ways, settled by `SPLIT_RULES['parts_add_up']` where one reading holds."""
    for whole, parts in _groups(rows):
        group = [whole, *parts]
        if not any(r.options for r in group) or any(
            r.cells is None and not r.options for r in group
        ):
            continue
        choices = [r.options if r.options else [tuple(v for v, _s, _e in r.cells)] for r in group]
        if prod(len(c) for c in choices) > MAX_COMBINATIONS:
            continue
        fits = [
            combo
            for combo in product(*choices)
            if all(combo[0][i] == sum(part[i] for part in combo[1:]) for i in range(len(columns)))
        ]
        if len(fits) != 1:
            continue
        for stat, (year, total) in zip(group, fits[0]):
            if not stat.options:
                continue
            cut = stat.at + len(str(year))
            stat.cells = [(year, stat.at, cut), (total, cut, stat.at + len(stat.digits))]
            stat.placement, stat.options = "split_by_arithmetic", []
            stat.warning = (
                f"statistics table {caption}: row '{stat.row}' digits '{stat.digits}' read as {year} / {total}, "
                f"the only split with which '{whole.row}' is the sum of its numbered rows (split_by_arithmetic)"
            )


def extract_statistics_tables(text, stated=None):
    """Every cell of the old statistics tables in `text` (see module doc).

    `stated`: {printed row label: numbers the prose states for its year}, from a second reading
    (`loaders.restatements`); None on the first.
    """
    result = StatisticsTables()
    for header in HEADER.finditer(text):
        caption = _caption(text, header.start())
        columns = [re.sub(r"\s+", "", header.group(1)), header.group(2)]
        rows = []
        for label, pieces in _rows(text, header.end()):
            named = _split_label(label)
            if named is None:
                break
            rows.append(
                _read_row(caption, columns, *named, pieces, (stated or {}).get(named[0], ()))
            )
        resolve_by_parts(caption, columns, rows)
        result.open_rows.extend(stat.row for stat in rows if stat.options)
        for stat in rows:
            if stat.warning:
                result.warnings.append(stat.warning)
            for column, (value, s, e) in zip(columns, stat.cells or ()):
                result.metrics.append(
                    MetricData(
                        key=f"st{s}",
                        label=f"{stat.row} / {column}",
                        value=float(value),
                        unit=stat.unit,
                        approx=None,
                        start=s,
                        end=e,
                        raw=text[s:e],
                        table=caption,
                        row=stat.row,
                        column=column,
                        placement=stat.placement,
                    )
                )
        result.spans.append((header.start(), rows[-1].end if rows else header.end()))
    return result
