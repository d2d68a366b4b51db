"""Consistency: each metric with parts reconciled with them, plus the template identities.

A mismatch is data, not an error: it is reported with both sides and the
difference, never corrected (spec: Consistency).

A breakdown does not always list every part of its whole: `6953条（含…4448条）`,
`58件，其中网上申请30件`, `A 3件、B 4件等`. Such a breakdown is `partial` and is
checked as parts <= whole; one that lists the parts as the whole's is
`complete` and is checked as an equality. Each reconciliation says which
(`breakdown`) and which row of PARTIAL_BREAKDOWN_RULES made it partial
(`detail.breakdown_rule`): a reader should not take a partial list for an
error in the report.
"""

from loaders.document import CheckData
from loaders.identities import evaluate_identities
from loaders.vocabulary.numbers import EPSILON
from loaders.vocabulary.parts import ETC_AFTER_PARTS, INCLUSION_CUE, SUMMABLE_UNITS


def summable(parent_unit, child_unit):
    """Whether a part in `child_unit` adds up to a whole in `parent_unit`."""
    if parent_unit == "%" or child_unit == "%":
        return False
    if parent_unit in SUMMABLE_UNITS:
        return child_unit in SUMMABLE_UNITS
    return parent_unit == child_unit


def _between(text, metric, parts):
    """The text from the end of the whole to the start of its first part ('' when not in that order)."""
    first = min(part.start for part in parts)
    return text[metric.end : first] if text and first >= metric.end else ""


def _after_last_part(text, parts):
    return text[max(part.end for part in parts) :] if text else ""


# When a breakdown lists only some parts of its whole, by the first row that holds.
PARTIAL_BREAKDOWN_RULES = (
    (
        "inclusion_cue",
        lambda text, metric, parts: bool(INCLUSION_CUE.search(_between(text, metric, parts))),
    ),
    ("single_part", lambda text, metric, parts: len(parts) == 1),
    (
        "etc_after_parts",
        lambda text, metric, parts: bool(ETC_AFTER_PARTS.match(_after_last_part(text, parts))),
    ),
)


def breakdown_kind(metric, parts, text=None):
    """(`complete` or `partial`, the PARTIAL_BREAKDOWN_RULES row that made it partial or None)."""
    if not parts:
        return "complete", None
    for name, holds in PARTIAL_BREAKDOWN_RULES:
        if holds(text or "", metric, parts):
            return "partial", name
    return "complete", None


def reconcile(metric, parts, text=None):
    """The reconciliation of one metric with its direct parts (an equality, or parts <= whole when partial)."""
    added = [p for p in parts if p.value is not None and summable(metric.unit, p.unit)]
    breakdown, breakdown_rule = breakdown_kind(metric, added or parts, text)
    excluded = [p.key for p in parts if p not in added]
    computed = sum(p.value for p in added) if added else None
    detail = {"parts": [p.key for p in added], "excluded": excluded}
    if breakdown_rule:
        detail["breakdown_rule"] = breakdown_rule
    if metric.value is None or computed is None:
        status, difference = "not_assessable", None
        detail["reason"] = "no summable parts" if computed is None else "the whole has no value"
    else:
        difference = round(metric.value - computed, 6)
        if metric.approx or any(p.approx for p in added):
            status = "not_assessable"
            detail["reason"] = "an approximate value (余, 多, 约) takes part"
        else:
            status = "pass" if abs(difference) < EPSILON else "fail"
            if breakdown == "partial":
                status = "pass" if difference > -EPSILON else "fail"
    return CheckData(
        kind="reconciliation",
        rule="parts_sum",
        subject=metric.label,
        status=status,
        stated=metric.value,
        computed=computed,
        difference=difference,
        metric=metric.key,
        detail=detail,
        breakdown=breakdown,
    )


def run_checks(doc):
    """Every check of a parsed document: reconciliations first, then identities."""
    children = {}
    for metric in doc.metrics:
        if metric.parent:
            children.setdefault(metric.parent, []).append(metric)
    text = getattr(doc, "simplified", None) or doc.text
    found = [reconcile(m, children[m.key], text) for m in doc.metrics if m.key in children]
    found.extend(evaluate_identities(doc.metrics, doc.format))
    return found
