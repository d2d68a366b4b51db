"""The write plan: a document's rows worked out before the write, and written as the old path did."""

import hashlib
import pickle

import pytest

from loaders.document import CheckData, MetricData, ParsedDocument, ReportMeta, SectionData
from loaders.write_plan import Position, detail_pieces, plan_document, render_detail


def metric(key, label, value, start, parent=None, unit="件", section=None, **cell):
    return MetricData(
        key=key,
        label=label,
        value=value,
        unit=unit,
        approx=None,
        start=start,
        end=start + 2,
        raw=f"{value}{unit or ''}",
        section=section,
        parent=parent,
        **cell,
    )


def document():
    """Parts listed before their total, a section inside another, a check naming metrics."""
    text = "一、总体情况\n收到申请10件，其中3件、7件。\n（一）公开\n主动公开5件。\n"
    return ParsedDocument(
        name="plan.txt",
        text=text,
        report=ReportMeta(agency="国家质检总局", year=2012, title="年度报告"),
        sections=[
            SectionData("s1", None, 1, "一、", "总体情况", 0, 38),
            SectionData("s2", "s1", 2, "（一）", "公开", 26, 38),
        ],
        metrics=[
            metric("m1", "其中", 3, 17, parent="m3", section="s1"),
            metric("m2", "其中", 7, 21, parent="m3", section="s1"),
            metric("m3", "收到申请", 10, 11, section="s1"),
            metric("m4", "主动公开", 5, 33, section="s2", unit=None),
        ],
        checks=[
            CheckData(
                kind="reconciliation",
                rule="parts_sum",
                subject="收到申请",
                status="pass",
                stated=10,
                computed=10,
                difference=0,
                metric="m3",
                detail={"parts": ["m1", "m2"], "missing": [], "note": "全部"},
                breakdown="complete",
            )
        ],
    )


def test_a_plan_holds_the_rows_parents_first_by_position():
    plan = plan_document(document())
    assert plan.section_order == [0, 1]
    assert plan.sections == [
        (None, 1, 1, "一、", "总体情况", 0, 38),
        (0, 2, 2, "（一）", "公开", 26, 38),
    ]
    assert plan.metric_order == [2, 3, 0, 1]
    assert plan.metrics == [
        (0, None, 3, "收到申请", 10, "10件", "件", None, 11, 13, None, None, None, None),
        (1, None, 4, "主动公开", 5, "5", None, None, 33, 35, None, None, None, None),
        (0, 2, 1, "其中", 3, "3件", "件", None, 17, 19, None, None, None, None),
        (0, 2, 2, "其中", 7, "7件", "件", None, 21, 23, None, None, None, None),
    ]
    assert plan.checks == [
        (
            2,
            "reconciliation",
            "parts_sum",
            "收到申请",
            "pass",
            10,
            10,
            0,
            ('{"parts": [%d, %d], "missing": [], "note": "全部"}', (0, 1)),
            "complete",
        )
    ]
    assert plan.labels == [("主动公开", 1), ("其中", 2), ("收到申请", 1)]
    assert plan.units == [("其中", "件", 2), ("收到申请", "件", 1)]
    # (label, shares, chosen position, value, occurrences, top, start)
    assert plan.series == [
        ("主动公开", 0, 3, 5, 1, 0, 33),
        ("其中", 0, 0, 3, 2, 1, 17),
        ("收到申请", 0, 2, 10, 1, 0, 11),
    ]
    assert plan.passages == [(0, 0, 26), (1, 26, 38)]
    assert plan.registration.canonical == "质检总局"
    assert [row[0] for row in plan.rollup] == [
        '[2012,"件","其中",null,null,null,0,0]',
        '[2012,"件","其中",null,null,null,0,1]',
        '[2012,"件","收到申请",null,null,null,1,1]',
        '[2012,null,"主动公开",null,null,null,1,1]',
    ]
    assert pickle.loads(pickle.dumps(plan)) == plan


@pytest.mark.parametrize(
    ("detail", "ids", "expected"),
    [
        ({"parts": ["a", "b"]}, [101, 102], '{"parts": [101, 102]}'),
        # keys of no metric stay as they are; other lists are not references
        (
            {"terms": ["b", "gone", 4], "rows": ["a"]},
            [7, 8],
            '{"terms": [8, "gone", 4], "rows": ["a"]}',
        ),
        ({"excluded": [], "previous_report": 3}, [1, 2], '{"excluded": [], "previous_report": 3}'),
        # references in the detail's own key order
        ({"terms": ["b"], "parts": ["a"]}, [1, 2], '{"terms": [2], "parts": [1]}'),
        # a % in the text stays as it is
        ({"missing": ["b"], "note": "5%d"}, [1, 2], '{"missing": [2], "note": "5%d"}'),
        # a NUL in the detail's own text: kept as a dict, dumped with the ids
        (
            {"parts": ["a"], "note": "\x001\x00"},
            [9, 10],
            '{"parts": [9], "note": "\\u00001\\u0000"}',
        ),
        (
            {"parts": ["a"], "note": '"\x000\x00"'},
            [9, 10],
            '{"parts": [9], "note": "\\"\\u00000\\u0000\\""}',
        ),
    ],
)
def test_detail_pieces_render_the_json_with_metric_ids(detail, ids, expected):
    pieces = detail_pieces(detail, {"a": 0, "b": 1})
    assert render_detail(pieces, ids) == expected
    assert render_detail(pickle.loads(pickle.dumps(pieces)), ids) == expected


def test_a_detail_with_a_nul_stays_a_dict_of_positions():
    pieces = detail_pieces({"parts": ["a"], "note": "\x000\x00"}, {"a": 0})
    assert isinstance(pieces, dict)
    assert [type(k) for k in pieces["parts"]] == [Position]


def test_written_plan_stores_what_the_document_says(store):
    from loaders.write import write_document
    from store.models import Check, LabelStat, Metric, ReportSource, SearchPassage, Section

    doc = document()
    report = write_document(doc, "plan.txt", hashlib.sha256(b"plan").hexdigest(), "utf-8")
    sections = list(Section.select().order_by(Section.id).tuples())
    first = sections[0][0]
    assert [row[2:] for row in sections] == [
        (None, 1, 1, "一、", "总体情况", 0, 38),
        (first, 2, 2, "（一）", "公开", 26, 38),
    ]
    metrics = list(
        Metric.select(Metric.id, Metric.parent, Metric.section, Metric.ordinal, Metric.label)
        .order_by(Metric.id)
        .tuples()
    )
    m = metrics[0][0]
    assert metrics == [
        (m, m + 2, first, 1, "其中"),
        (m + 1, m + 2, first, 2, "其中"),
        (m + 2, None, first, 3, "收到申请"),
        (m + 3, None, first + 1, 4, "主动公开"),
    ]
    assert list(Check.select(Check.metric, Check.detail).tuples()) == [
        (m + 2, f'{{"parts": [{m}, {m + 1}], "missing": [], "note": "全部"}}')
    ]
    assert list(ReportSource.select(ReportSource.source).tuples()) == [("plan.txt",)]
    assert report.agency_id is not None and report.year == 2012
    assert list(
        SearchPassage.select(SearchPassage.section, SearchPassage.start, SearchPassage.end)
        .order_by(SearchPassage.id)
        .tuples()
    ) == [(first, 0, 26), (first + 1, 26, 38)]
    assert list(
        LabelStat.select(LabelStat.label, LabelStat.metric_count, LabelStat.agency_count)
        .order_by(LabelStat.id)
        .tuples()
    ) == [("主动公开", 1, 1), ("其中", 2, 1), ("收到申请", 1, 1)]
