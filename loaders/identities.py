"""The template's identities (spec: Identities 1 to 5) evaluated on a report's table cells.

Each identity is an equation between cells. A check states both sides:
`stated` is the side the report writes as a total, `computed` the sum of the
cells it should equal, `difference` = stated - computed.

| rule | subject | stated | computed |
| --- | --- | --- | --- |
| identity_1 | table3/column/<column> | 一 + 二 (new_requests + carried_over) | 三（七）总计 + 四 (total_processed + carried_forward) |
| identity_2 | table3/column/<column> | （七）总计 (total_processed) | （一）+（二）+ the items of （三）…（六） |
| identity_3 | table3/row/<row> | 总计 (total) | the six applicant columns |
| identity_4 | table4/group/<group> | 总计 (<group>_total) | 结果维持 + 结果纠正 + 其他结果 + 尚未审结 |
| identity_5 | table3/column/<column> | 二、上年结转 of year N+1 | 四、结转下年度 of year N |

A failure is data: it is reported with its difference, nothing is corrected.
A cell that is missing or holds no number (blank, `/`, `-`, unreadable) makes
the check `not_assessable` with `detail['missing']` naming it; it is never
computed as zero. `detail` also lists every term (see `check_detail`).
"""

from loaders import template_spec as spec
from loaders.document import CheckData
from loaders.vocabulary.numbers import EPSILON

TEMPLATE_FORMATS = (spec.FORMAT_2019, spec.FORMAT_2021)
APPLICANT_COLUMNS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
)
TABLE3_ALL_COLUMNS = APPLICANT_COLUMNS + ("total",)
SUMMARY_ROWS = ("new_requests", "carried_over", "total_processed", "carried_forward")
OTHER_2021 = ("other_overdue_correction", "other_unpaid_fees", "other_other")
OTHER_2019 = ("other_handling",)
RESULTS = ("upheld", "corrected", "other", "pending")


def cell_index(metrics):
    """{(table, row, column): metric} of the table cells among `metrics`."""
    return {(m.table, m.row, m.column): m for m in metrics if m.table}


def term(cells, table, row, column):
    """One cell of an identity: its id (table/row/column), metric key, value and raw text."""
    metric = cells.get((table, row, column))
    return {
        "cell": f"{table}/{row}/{column}",
        "metric": metric.key if metric else None,
        "value": metric.value if metric else None,
        "raw": metric.raw if metric else None,
    }


def _total(terms):
    if any(t["value"] is None for t in terms):
        return None
    return round(sum(t["value"] for t in terms), 6)


def check_detail(label, stated_terms, computed_terms):
    """`detail` of an identity check.

    `cells`: every term with its side, value and raw text; `terms`: the metric
    key of each (None for a cell the report lacks), in the same order, a flat
    list the store maps to metric ids; `missing`: the cells without a value.
    """
    sides = [("stated", t) for t in stated_terms] + [("computed", t) for t in computed_terms]
    return {
        "label": label,
        "cells": [
            {"cell": t["cell"], "side": side, "value": t["value"], "raw": t["raw"]}
            for side, t in sides
        ],
        "terms": [t["metric"] for _, t in sides],
        "missing": [t["cell"] for _, t in sides if t["value"] is None],
    }


def make_check(rule, subject, label, stated_terms, computed_terms, metric=None):
    """A CheckData comparing the sums of two sides; not_assessable if any cell has no value."""
    stated, computed = _total(stated_terms), _total(computed_terms)
    detail = check_detail(label, stated_terms, computed_terms)
    missing = detail["missing"]
    if missing:
        return CheckData(
            "identity", rule, subject, "not_assessable", stated, computed, None, metric, detail
        )
    difference = round(stated - computed, 6)
    status = "pass" if abs(difference) < EPSILON else "fail"
    return CheckData(
        "identity", rule, subject, status, stated, computed, difference, metric, detail
    )


def result_rows(cells, report_format):
    """The rows that add up to （七）总计: （一）, （二） and the items of （三）…（六）.

    （六）其他处理 is one row in 2019 and three in 2021; a report whose table
    follows the other format is summed as written rather than counted missing.
    """
    rows = [r.key for r in spec.table3_rows(report_format)]
    rows = [r for r in rows if r not in SUMMARY_ROWS and r not in OTHER_2019 + OTHER_2021]
    own = OTHER_2021 if report_format == spec.FORMAT_2021 else OTHER_2019
    other = OTHER_2019 if own == OTHER_2021 else OTHER_2021

    def present(keys):
        return any(("3", k, c) in cells for k in keys for c in TABLE3_ALL_COLUMNS)

    return rows + list(other if present(other) and not present(own) else own)


def _column_label(column):
    return spec.column_item("3", column).wording


def identity_1(cells):
    """Each column of table 三: 一 + 二 = 三（七）总计 + 四."""
    return [
        make_check(
            "identity_1",
            f"table3/column/{column}",
            f"表三 {_column_label(column)}：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度",
            [term(cells, "3", "new_requests", column), term(cells, "3", "carried_over", column)],
            [
                term(cells, "3", "total_processed", column),
                term(cells, "3", "carried_forward", column),
            ],
        )
        for column in TABLE3_ALL_COLUMNS
    ]


def identity_2(cells, report_format):
    """Each column of table 三: （七）总计 = the sum of the handling results."""
    rows = result_rows(cells, report_format)
    checks = []
    for column in TABLE3_ALL_COLUMNS:
        stated = term(cells, "3", "total_processed", column)
        checks.append(
            make_check(
                "identity_2",
                f"table3/column/{column}",
                f"表三 {_column_label(column)}：（七）总计 = （一）+（二）+（三）…（六）各项",
                [stated],
                [term(cells, "3", row, column) for row in rows],
                metric=stated["metric"],
            )
        )
    return checks


def identity_3(cells, report_format):
    """Each row of table 三: 总计 = the six applicant columns.

    A table whose （六）其他处理 follows the other format (a 2019 report with
    the three 2021 items, say) is checked on the rows it has: the format's
    own （六） rows are not counted missing then (as in `result_rows`).
    """

    def present(key):
        return any(("3", key, c) in cells for c in TABLE3_ALL_COLUMNS)

    own = OTHER_2021 if report_format == spec.FORMAT_2021 else OTHER_2019
    other = OTHER_2019 if own == OTHER_2021 else OTHER_2021
    rows = [r.key for r in spec.table3_rows(report_format)]
    if any(present(k) for k in other) and not any(present(k) for k in own):
        rows = [r for r in rows if r not in own]
    rows += [k for k in other if k not in rows and present(k)]
    checks = []
    for row in rows:
        stated = term(cells, "3", row, "total")
        checks.append(
            make_check(
                "identity_3",
                f"table3/row/{row}",
                f"表三 {spec.row_item('3', row).wording_for(report_format)}：总计 = 六类申请人之和",
                [stated],
                [term(cells, "3", row, column) for column in APPLICANT_COLUMNS],
                metric=stated["metric"],
            )
        )
    return checks


def identity_4(cells):
    """Each group of table 四: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计."""
    checks = []
    for group in spec.TABLE4_LEAF_GROUPS:
        stated = term(cells, "4", "cases", f"{group}_total")
        wording = spec.find_item(spec.TABLE4_GROUPS, group).wording
        checks.append(
            make_check(
                "identity_4",
                f"table4/group/{group}",
                f"表四 {wording}：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
                [stated],
                [term(cells, "4", "cases", f"{group}_{result}") for result in RESULTS],
                metric=stated["metric"],
            )
        )
    return checks


def evaluate_identities(metrics, report_format):
    """CheckData for identities 1-4 of a template report; a narrative report has none."""
    if report_format not in TEMPLATE_FORMATS:
        return []
    cells = cell_index(metrics)
    return (
        identity_1(cells)
        + identity_2(cells, report_format)
        + identity_3(cells, report_format)
        + identity_4(cells)
    )


CROSS_YEAR_CELLS = {"3": ("carried_over", "carried_forward")}
"""{table: rows} of the cells `cross_year` reads: the loader fetches only these from the store."""


def cross_year(previous_metrics, next_metrics):
    """Identity 5: 四、结转下年度继续办理 of year N = 二、上年结转 of year N+1, per column.

    Called with the metrics of two reports of the same agency for consecutive
    years; the checks belong to the year N+1 report (`metric` is its 上年结转
    cell), `detail` names the year N cells.
    """
    before, after = cell_index(previous_metrics), cell_index(next_metrics)
    checks = []
    for column in TABLE3_ALL_COLUMNS:
        stated = term(after, "3", "carried_over", column)
        computed = term(before, "3", "carried_forward", column)
        stated["cell"], computed["cell"] = f"next:{stated['cell']}", f"previous:{computed['cell']}"
        checks.append(
            make_check(
                "identity_5",
                f"table3/column/{column}",
                f"表三 {_column_label(column)}：本年二、上年结转 = 上年四、结转下年度继续办理",
                [stated],
                [computed],
                metric=stated["metric"],
            )
        )
    return checks
