"""Explain one number: which rules read it, and why, as `disclosure explain FILE --at OFFSET` prints it.

A wrong number is worse than a missing one, so a maintainer who finds one
needs to see what decided it, and a user who doubts one needs to see where it
came from. For the metric at an offset (or with a label) this re-reads the
document with the same rules and prints, one line per step: the number token
(numeral, measure word, approximation word, and which `NOT_A_METRIC` rules
let it through), the label (the `LABEL_RULES` tried in order, the one that
decided, the clause it read and the rules that adjusted it), the parent (the
part-of cue or rule that gave it, from the reader's trace), the section, and
for a template cell the table, the row and column matched and the layout the
columns came from. A number that was dropped is named with the rule that
dropped it. Nothing here decides anything: it only reports what the rules did.
"""

import copy

from loaders import template_spec as spec
from loaders.labels import LABEL_RULES, label_metrics
from loaders.parents import assign_parents
from loaders.sections import innermost_section
from loaders.tables import read_table
from loaders.template_tables.cells import structured_cells
from loaders.template_tables.regions import find_regions
from loaders.tokens import NOT_A_METRIC, read_numbers

# Why a number matched as a token is no metric, for the reasons `read_numbers` gives besides NOT_A_METRIC.
DROPPED = {
    "table": "inside a template table: the table rule reads it as a cell",
    "near_word": "近 is part of a word here (最近, 临近, 附近), not an approximation",
    "unreadable": "the numeral has no value",
}


class ExplainError(ValueError):
    """The number to explain cannot be found: the message says why."""


def metrics_at(doc, offset):
    """The metrics whose span holds `offset` (or that start at it)."""
    if not 0 <= offset <= len(doc.text):
        raise ExplainError(f"offset {offset} is outside the text (0..{len(doc.text)})")
    return [m for m in doc.metrics if m.start <= offset < m.end or m.start == offset]


def metrics_labelled(doc, label):
    """The metrics labelled exactly `label`, else those whose label contains it."""
    exact = [m for m in doc.metrics if m.label == label]
    return exact or [m for m in doc.metrics if label in m.label]


def explain(doc, at=None, label=None):
    """Lines explaining the metric(s) at offset `at` or with label `label` in a parsed document."""
    if (at is None) == (label is None):
        raise ExplainError("give either an offset or a label")
    found = metrics_at(doc, at) if at is not None else metrics_labelled(doc, label)
    if not found:
        if at is not None:
            return dropped_at(doc, at)
        raise ExplainError(f"no metric is labelled {label!r} or has it in its label")
    blocks = []
    for metric in found:
        blocks.append(explain_metric(doc, metric))
    return [line for block in blocks for line in block + [""]][:-1]


def dropped_at(doc, offset):
    """Why no metric stands at `offset`: the number there was dropped by a named rule, or there is none."""
    for match, _token, reason in read_numbers(doc.view, skip=doc.table_spans):
        if match.start() <= offset < match.end():
            why = DROPPED.get(reason) or _rule_doc(dict(NOT_A_METRIC).get(reason), reason)
            return [
                f"number   {doc.text[match.start() : match.end()]!r} at {match.start()}-{match.end()}: no metric",
                f"dropped  by rule {reason}: {why}",
            ]
    raise ExplainError(f"no number at offset {offset}")


def explain_metric(doc, metric):
    """The lines for one metric."""
    lines = [
        f"metric   {metric.key} {metric.raw!r} at {metric.start}-{metric.end}: "
        f"value {_value(metric.value)}, unit {metric.unit or 'none'}, approx {metric.approx or 'none'}"
    ]
    lines.append(f"label    {metric.label!r}")
    if metric.table is None:
        lines.extend(_token_lines(doc, metric))
        lines.extend(_label_lines(doc, metric))
        lines.extend(_parent_lines(doc, metric))
    else:
        lines.extend(_cell_lines(doc, metric))
    lines.extend(_section_lines(doc, metric))
    return lines


def _token_lines(doc, metric):
    for match, token, _reason in read_numbers(doc.view, skip=doc.table_spans):
        if token is not None and token.start == metric.start:
            approx = [
                f"{match.group(g)} ({where})"
                for g, where in (("before", "before"), ("inside", "inside"), ("after", "after"))
                if match.group(g)
            ]
            return [
                f"token    numeral {match.group('num')!r} -> {_value(token.value)}, measure word "
                f"{match.group('unit')!r}, approximation {', '.join(approx) or 'none'}",
                f"kept     no NOT_A_METRIC rule holds ({', '.join(name for name, _rule in NOT_A_METRIC)})",
            ]
    return ["token    (not re-read)"]


def _label_lines(doc, metric):
    tokens = [
        token for _m, token, _r in read_numbers(doc.view, skip=doc.table_spans) if token is not None
    ]
    item = next((i for i in label_metrics(doc.view, tokens) if i.token.start == metric.start), None)
    if item is None:
        return []
    decided, adjusted = item.rules[0], item.rules[1:]
    names = [name for name, _rule in LABEL_RULES]
    tried = names[: names.index(decided)]
    lines = [
        f"rules    tried in order without a label: {', '.join(tried) or 'none'}",
        f"decided  by {decided}: {_rule_doc(dict(LABEL_RULES)[decided], decided)}",
        f"clause   {doc.view.text[item.clause_start : item.token.start]!r}",
    ]
    if adjusted:
        lines.append(f"adjusted by {', '.join(adjusted)}")
    return lines


def _parent_lines(doc, metric):
    narrative = [copy.copy(m) for m in doc.metrics if m.table is None]
    reader = assign_parents(doc.simplified, narrative, sections=doc.sections, view=doc.view)
    mine = next(m for m in narrative if m.key == metric.key)
    if mine.parent is None:
        return ["parent   none: no part-of cue or rule made it a part"]
    whole = next((m for m in doc.metrics if m.key == mine.parent), None)
    rule = reader.trace.get(id(mine), "?")
    described = f"{whole.label!r} {whole.raw!r}" if whole else ""
    return [f"parent   {mine.parent} {described} by {rule}"]


def _cell_lines(doc, metric):
    text = spec.simplified(doc.text)
    regions = {table: (start, end) for table, start, end in find_regions(text)}
    reader = read_table(text, metric.table, *regions[metric.table], doc.format)
    cell = reader.cells.get((metric.row, metric.column))
    row_item = spec.row_item(metric.table, metric.row)
    column_item = spec.column_item(metric.table, metric.column)
    line_start = doc.text.rfind("\n", 0, metric.start) + 1
    line_end = doc.text.find("\n", metric.start)
    line = doc.text[line_start : len(doc.text) if line_end < 0 else line_end]
    written = (
        "a pipe or tab row" if structured_cells(line, line_start) is not None else "plain lines"
    )
    return [
        f"table    {spec.TABLE_NAMES[metric.table]} ({spec.TABLE_TITLES[metric.table]}), format {doc.format}",
        f"row      {metric.row}: {row_item.wording_for(doc.format) if row_item else metric.row}",
        f"column   {metric.column}: {column_item.wording_for(doc.format) if column_item else metric.column}"
        f"; header read {cell.header if cell else ''!r}",
        f"layout   {reader.layouts.get(metric.row, '?')}; the row is written as {written}",
        f"cell     {cell.status if cell else 'not re-read'}",
        f"placed   {metric.placement or 'not read'}",
    ]


def _section_lines(doc, metric):
    key = innermost_section(doc.sections, metric.start)
    section = next((s for s in doc.sections if s.key == key), None)
    if section is None:
        return ["section  none (the body before any heading)"]
    return [
        f"section  {section.key}: marker {section.marker!r}, title {section.title!r}, level {section.level}"
    ]


def _rule_doc(rule, name):
    """The first line of a rule's docstring, else its name."""
    doc = (getattr(rule, "__doc__", None) or "").strip()
    return doc.split("\n", 1)[0] if doc and not doc.startswith("<lambda>") else name


def _value(value):
    if value is None:
        return "none"
    return str(int(value)) if float(value).is_integer() else str(value)
