"""Consistency: each metric with parts reconciled with them, plus the template identities.

A mismatch is data, not an error: it is reported with both sides and the
difference, never corrected (spec: Consistency).
"""
from loaders.document import CheckData
from loaders.identities import evaluate_identities
from loaders.vocabulary.parts import SUMMABLE_UNITS

EPSILON = 1e-9


def summable(parent_unit, child_unit):
    """Whether a part in `child_unit` adds up to a whole in `parent_unit`."""
    if parent_unit == "%" or child_unit == "%":
        return False
    if parent_unit in SUMMABLE_UNITS:
        return child_unit in SUMMABLE_UNITS
    return parent_unit == child_unit


def reconcile(metric, parts):
    """The reconciliation of one metric with its direct parts."""
    added = [p for p in parts if p.value is not None and summable(metric.unit, p.unit)]
    excluded = [p.key for p in parts if p not in added]
    computed = sum(p.value for p in added) if added else None
    detail = {"parts": [p.key for p in added], "excluded": excluded}
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
    )


def run_checks(doc):
    """Every check of a parsed document: reconciliations first, then identities."""
    children = {}
    for metric in doc.metrics:
        if metric.parent:
            children.setdefault(metric.parent, []).append(metric)
    found = [reconcile(m, children[m.key]) for m in doc.metrics if m.key in children]
    found.extend(evaluate_identities(doc.metrics, doc.format))
    return found
