"""Compare: two reports side by side, label by label (year over year, or agency against agency).

Rows are keyed by (label, unit): the label as worded (or its normalized form
with `match=normalized`) and the unit as written, so counts are compared with
counts of the same unit and shares (%) with shares; a label counted in 条 on
one side and in 件 on the other gives two one-sided rows rather than a
difference that means nothing. Within a report, a key held more than once is
served by the same choice rule as /series (top-level first, then earliest in
the text), the others counted and listed.

Both reports' metrics are read at once (a report has hundreds of metrics, not
millions), so the work and memory are bounded by the two reports, not by the
store; the rows are then paginated or exported like any list.
"""

import math

from flask.views import MethodView

from api import queries, serialize
from api.blueprint import Blueprint
from api.errors import abort
from api.export import Export, described, export_docs, export_or_list
from api.matching import normalize_label
from api.pagination import LIST_HEADERS
from schemas.analysis import NORMALIZED_RULES, CompareArgs, CompareRowSchema
from schemas.fields import MAX_ID
from store.models import Metric, Report

blp = Blueprint(
    "compare",
    __name__,
    url_prefix="/api/v1/compare",
    description="Two reports side by side: every label of either, both values, the absolute "
    "and relative change.",
)

SIDE_COLUMNS = ("metric_id", "label", "value", "approx", "occurrences", "other_metric_ids")
COMPARE_EXPORT = Export(
    "compare",
    CompareRowSchema(),
    [("label", "label"), ("unit", "unit"), ("status", "status")]
    + [(f"{side}_{name}", f"{side}.{name}") for side in ("left", "right") for name in SIDE_COLUMNS]
    + [
        ("change", "change"),
        ("relative_change", "relative_change"),
        ("left_quote", "left.source.quote"),
        ("left_context", "left.source.context"),
        ("right_quote", "right.source.quote"),
        ("right_context", "right.source.context"),
    ],
    example="label,unit,status,left_metric_id,left_label,left_value,left_approx,left_occurrences,"
    "left_other_metric_ids,right_metric_id,right_label,right_value,right_approx,"
    "right_occurrences,right_other_metric_ids,change,relative_change,left_quote,"
    "left_context,right_quote,right_context\r\n"
    "质量管理信息,条,both,33,质量管理信息,718,,2,82,261,质量管理信息,3550,,1,,2832,3.94429,"
    "718条,项的主要信息有：质量管理信息718条、计量管理信息323条,3550条,质量管理信息3550条\r\n",
)


def _report_or_404(report_id, side):
    if report_id > MAX_ID or not Report.select(Report.id).where(Report.id == report_id).exists():
        abort(404, message=f"No report with id {report_id} ({side}).")


def _choice_key(metric):
    return (metric["parent_id"] is not None, metric["source"]["start"], metric["id"])


def sides(report_id, normalized):
    """{(label key, unit): side dict} of one report, by the choice rule."""
    rows = queries.metric_select(Metric.report == report_id).order_by(Metric.start, Metric.id)
    grouped = {}
    for metric in serialize.metrics(rows):
        key = (normalize_label(metric["label"]) if normalized else metric["label"], metric["unit"])
        grouped.setdefault(key, []).append(metric)
    result = {}
    for key, metrics in grouped.items():
        metrics.sort(key=_choice_key)
        chosen = metrics[0]
        result[key] = {
            "metric_id": chosen["id"],
            "label": chosen["label"],
            "value": chosen["value"],
            "raw": chosen["raw"],
            "approx": chosen["approx"],
            "parent_id": chosen["parent_id"],
            "source": chosen["source"],
            "occurrences": len(metrics),
            "other_metric_ids": [m["id"] for m in metrics[1:]],
        }
    return result


def _decimals(value):
    text = repr(float(value))
    if "e" in text or "E" in text:
        return 12
    return len(text.split(".")[1].rstrip("0"))


def changes(left, right):
    """(change, relative_change) of two values (either may be None)."""
    if left is None or right is None:
        return None, None
    change = round(right - left, max(_decimals(left), _decimals(right)))
    if change == 0:
        change = 0.0  # no -0.0
    relative = None if left == 0 else round(change / left, 6)
    if relative is not None and not math.isfinite(relative):
        relative = None
    return change, relative


def compare_rows(left_id, right_id, normalized):
    """Every row of the comparison, in `position` order."""
    left, right = sides(left_id, normalized), sides(right_id, normalized)
    rows = []
    for key in list(left) + [key for key in right if key not in left]:
        a, b = left.get(key), right.get(key)
        change, relative = changes(a and a["value"], b and b["value"])
        rows.append(
            {
                "label": (a or b)["label"],
                "unit": key[1],
                "status": "both" if a and b else "left_only" if a else "right_only",
                "left": a,
                "right": b,
                "change": change,
                "relative_change": relative,
                "_position": (0, a["source"]["start"]) if a else (1, b["source"]["start"]),
            }
        )
    return rows


SORT_VALUES = {
    "position": lambda row: row["_position"],
    "label": lambda row: row["label"],
    "change": lambda row: row["change"],
    "relative_change": lambda row: row["relative_change"],
}


def sort_rows(rows, sort):
    """Stable multi-key sort; missing values (null) last in both directions."""
    for key, descending in reversed(sort):
        value = SORT_VALUES[key]
        present = [row for row in rows if value(row) is not None]
        missing = [row for row in rows if value(row) is None]
        present.sort(key=value, reverse=descending)
        rows = present + missing
    return rows


COMPARE_DOC = f"""Compare two reports label by label

Every label present in either report (`left`, `right`: report ids), with both values,
`change` = right - left and `relative_change` = change / left. On the seeds,
`left=1&right=2` gives 质量管理信息 718 -> 3550 (change 2832, relative 3.94429).

**Rows** are keyed by label and unit: counts are compared with counts in the same unit,
shares (%) with shares (their `change` is in percentage points). A label on one side only
has `status` `left_only` or `right_only` and null on the other side.

**Repeated labels.** When a report holds a label (in a unit) more than once, its side shows
the top-level occurrence (no parent) that comes first in the text, as in /series; its
`occurrences` says how many there are and `other_metric_ids` lists the others.

**Changes.** `change` is rounded to the decimals of the values (64.7 - 35.3 = 29.4);
`relative_change` to 6 decimals; both are null when a side is missing or has no value,
and `relative_change` is null when the left value is 0.

**Matching.** {NORMALIZED_RULES} With `match=normalized`, rows are keyed by the normalized
label and each side keeps its own wording in `label`.

Paginated like other lists; `format=csv` (or `Accept: text/csv`) exports every row.
"""


@blp.route("")
class Compare(MethodView):
    @blp.arguments(CompareArgs, location="query", as_kwargs=False)
    @blp.response(200, CompareRowSchema(many=True), headers=LIST_HEADERS)
    @blp.alt_response(404, response="NOT_FOUND", description="No report with the left or right id.")
    @export_docs(blp, COMPARE_EXPORT)
    @described(COMPARE_DOC)
    def get(self, args):
        _report_or_404(args["left"], "left")
        _report_or_404(args["right"], "right")
        rows = compare_rows(args["left"], args["right"], args["match"] == "normalized")
        if args.get("status"):
            rows = [row for row in rows if row["status"] == args["status"]]
        if args.get("unit"):
            rows = [row for row in rows if row["unit"] == args["unit"]]
        rows = sort_rows(rows, args["sort"])
        return export_or_list(COMPARE_EXPORT, rows, args)
