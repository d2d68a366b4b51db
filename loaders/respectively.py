"""分别: numbers in a run that each take their item of an enumeration (A、B、C…分别…a、b和c).

A rule over labelled numbers, after every number has its own label: it
changes a label only when the items and the numbers are as many.
"""

import re

from loaders.phrases import _last_unquoted, strip_leading
from loaders.reading.view import quote_spans
from loaders.vocabulary.labels import (
    ITEMS_INTRODUCED,
    ITEMS_TRAILING,
    RESPECTIVE_REACH,
    RUN_SEPARATOR,
)


def runs_of_numbers(view, history):
    """Runs of two or more numbers of one kind (all % or all counts) with only separators between them."""
    runs, run = [], []
    for item in history:
        if run:
            last = run[-1].token
            joined = RUN_SEPARATOR.match(view.text[last.tail : item.token.start])
            if joined and (last.unit == "%") == (item.token.unit == "%"):
                run.append(item)
                continue
            if len(run) >= 2:
                runs.append(run)
        run = [item]
    if len(run) >= 2:
        runs.append(run)
    return runs


def respective_items(view, first):
    """The items a `分别` before `first` distributes over, in order, or None.

    `A、B、C等方面，分别占…的a%、b%和c%` and `A、B全年分别发布信息m条、n条`: the last
    clause before 分别, without what follows its 等 and trailing time words,
    split at 、 (and at its last 和/及/与 when one item short).
    """
    text = view.text
    start = view.sentence_start(first.token.start)
    end = first.token.start
    # Only a 分别 within RESPECTIVE_REACH counts, so only that much is searched (not the whole sentence).
    at = text.rfind("分别", max(start, end - RESPECTIVE_REACH), end)
    if at < 0 or view.flat(first.token.start) or view.in_quote(at):
        return None
    if re.search(r"[，,；;：:。0-9]", text[at:end]):
        return None
    clause = _last_clause(text, start, at)
    if clause is None:
        return None
    cut = _last_unquoted(clause, "等")
    if cut > 0:
        clause = clause[:cut]
    clause = ITEMS_TRAILING.sub("", clause)
    spans = quote_spans(clause)
    items, begin = [], 0
    for index, ch in enumerate(clause):
        if ch == "、" and not any(s < index < e for s, e in spans):
            items.append(clause[begin:index])
            begin = index + 1
    items.append(clause[begin:])
    return [item for item in items if item]


def _last_clause(text, start, end):
    """The last clause with words in `text[start:end]` (clauses split at ，；：), stripped, or None.

    Read back from `end` clause by clause, so a long sentence is not split whole.
    """
    clause_end = end
    index = end - 1
    while index >= start - 1:
        if index < start or text[index] in "，,；;：:":
            clause = text[index + 1 : clause_end]
            if clause.strip():
                return clause.strip()
            clause_end = index
        index -= 1
    return None


def distribute_respectively(view, history):
    """`A、B、C…分别…a、b和c`: each number of the run takes its item of the enumeration.

    A share takes the item as its label (what it is the share of); a count
    keeps its own noun after the item (A…发布信息m条 -> A信息). Nothing changes
    unless the items and the numbers are as many.
    """
    for run in runs_of_numbers(view, history):
        items = respective_items(view, run[0])
        if not items:
            continue
        if len(items) == len(run) - 1:
            last = re.split(r"和|及|与", items[-1])
            if len(last) == 2 and all(last):
                items[-1:] = last
        if len(items) != len(run):
            continue
        items[0] = ITEMS_INTRODUCED.sub("", items[0]) or items[0]
        for item, text in zip(run, items):
            text = strip_leading(text.strip())
            if item.token.unit == "%" or not item.label or text.endswith(item.label):
                item.label = text
            else:
                item.label = text + item.label
            item.rules.append("respectively")
