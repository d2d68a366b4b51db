"""Kinds of things counted, and the open breakdown of a whole into parts.

A part counts the same kind of thing as its whole (`same_kind`): published
items in any item unit, else the same unit; never a percentage.
"""

import re
from dataclasses import dataclass, field

from loaders.vocabulary.numbers import EPSILON
from loaders.vocabulary.parts import (
    CHANGE_CUE,
    DOCUMENT_COUNTERS,
    DOCUMENT_NOUNS,
    ITEM_UNITS,
    REVIEW_OUTCOME,
)


def describes_whole(gap):
    """What is left of the text between a total and its 一是 once clauses that only describe the total go.

    `信息8600余条，同比增长6.3%。一是…`: a change against another period says
    something about the total, so the items still break that total down.
    """
    clauses = [c for c in re.split(r"[，,；;。]|\.(?![0-9])", gap) if c.strip()]
    if clauses and all(CHANGE_CUE.search(clause) for clause in clauses):
        return ""
    return gap


def adds_up_evidence(parts):
    """Whether parts adding up to a count say anything: two or more exact, non-zero ones.

    (新收申请3件，上年结转0件，办结3件: 0 + 3 = 3 is no breakdown of the 3.)
    """
    return sum(1 for part in parts if part.value) >= 2 and not any(
        part.approx or part.value is None for part in parts
    )


def is_review_outcome(label):
    """The label names an outcome of a review (废止, 修改, 继续有效 …), with or without its object."""
    return bool(label) and bool(REVIEW_OUTCOME.match(label))


def outcome_of_the_same_things(outcome, reviewed):
    """`废止3件` / `废止规章3件` after `清理规章20件`: the outcome names no object, or the reviewed one.

    An outcome with another object (修改意见12条 after 审查文件30件: comments,
    not documents) counts something else.
    """
    rest = outcome
    while REVIEW_OUTCOME.match(rest):  # 宣布失效和废止: outcomes joined by a conjunction
        rest = REVIEW_OUTCOME.sub("", rest, count=1).lstrip("和及与、或并")
    rest = rest.lstrip("的")
    return not rest or reviewed.endswith(rest[-2:])


def named_total_of(candidates):
    """The total a share names (占申请总量的…), from the counts whose label holds the name, nearest first.

    A total is what all the others of its name are counted in: no part of
    another count, and the largest of them. The nearest count that merely
    holds the word (…其中申请内容不明确的98件, 办结申请1176件 after 受理申请1204件)
    is a part or a subset, not the total. Without such a count, the nearest.
    """
    roots = [candidate for candidate in candidates if candidate.parent is None]
    if not roots:
        return candidates[0] if candidates else None
    return max(roots, key=lambda candidate: candidate.value)  # max keeps the nearest of equal ones


def kind(metric):
    """The kind of thing a metric counts: 'item' for published items, else its unit ('%' apart)."""
    if metric.unit == "%":
        return "%"
    if metric.unit in ITEM_UNITS:
        return "item"
    if metric.unit in DOCUMENT_COUNTERS and metric.label.endswith(DOCUMENT_NOUNS):
        return "item"
    return metric.unit


def same_kind(whole, part):
    """A part counts the same kind of thing as its whole (条 under 条, 家 under 家, never %).

    Under a count of published items, counts of enterprises (家), certificates
    (张) or update events (次) are attributes, not parts.
    """
    if part.unit == "%" or whole.unit == "%":
        return False
    if whole.unit == part.unit and whole.unit not in DOCUMENT_COUNTERS:
        return True  # one unit, whatever the labels: one kind (asked for every open breakdown at every number)
    return kind(whole) == kind(part)


@dataclass
class Breakdown:
    """An open breakdown of `whole` into parts, until `end`."""

    whole: object
    mode: str
    end: int
    total: float = 0.0
    approx: bool = False
    marker: int = 0
    parts: list = field(default_factory=list)
    opened_by: str = ""  # the PART_CUES name that opened it, or empty when a metric rule did

    def complete(self):
        """The parts add up exactly to the whole: nothing more can be part of it."""
        if self.whole.approx or self.approx or not self.parts:
            return False
        return abs(self.total - self.whole.value) < EPSILON

    def add(self, metric):
        self.parts.append(metric)
        self.total += metric.value or 0
        self.approx = self.approx or bool(metric.approx)

    def remove(self, metric):
        self.parts.remove(metric)
        self.total -= metric.value or 0
