"""Prose numbers restated by table cells (loaders.restatements): linked, and settling a run-together table 二 row."""

import pytest

from loaders.document import MetricData
from loaders.pipeline import parse_text
from loaders.restatements import named_cell, statistics_row_named
from tests.conftest import FIXTURES

TEXT_2022 = (FIXTURES / "real" / "pingtan" / "2022_pingtan_zone.txt").read_text(encoding="utf-8")
PROSE_698 = "集中公开现行有效行政规范性文件698件"
PROSE_88 = "动态更新本年度制发的规范性文件88件"
CONFIRMED = "split_confirmed_by_prose"


def _row(doc):
    cells = {m.column: m for m in doc.metrics if m.table == "2" and m.row == "normative_documents"}
    return [
        (cells[c].value, cells[c].raw, cells[c].placement)
        for c in ("issued", "repealed", "in_force")
    ]


def _links(doc):
    by_key = {m.key: m for m in doc.metrics}
    return [
        (by_key[c.metric].raw, c.detail["cell"], by_key[c.detail["terms"][0]].raw, c.status)
        for c in doc.checks
        if c.kind == "restatement"
    ]


UNREAD = (None, "8855698", None)


@pytest.mark.parametrize(
    ("old", "new", "row", "links"),
    [
        pytest.param(
            None, None,
            [(88.0, "88", CONFIRMED), (55.0, "55", CONFIRMED), (698.0, "698", CONFIRMED)],
            [("698件", "2/normative_documents/in_force", "698", "pass"),
             ("88件", "2/normative_documents/issued", "88", "pass")],
            id="both-prose-numbers-settle-the-row",
        ),
        pytest.param(
            PROSE_698, "集中公开现行有效行政规范性文件699件",
            [(88.0, "88", CONFIRMED), UNREAD, UNREAD],
            [("88件", "2/normative_documents/issued", "88", "pass")],
            id="a-number-no-reading-gives-narrows-nothing",
        ),
        pytest.param(
            PROSE_88, "动态更新本年度制发的规范性文件约88件",
            [UNREAD, UNREAD, (698.0, "698", CONFIRMED)],
            [("698件", "2/normative_documents/in_force", "698", "pass")],
            id="approximate-number-not-used",
        ),
        pytest.param(
            PROSE_698, "集中公开现行有效行政规范性文件698项",
            [(88.0, "88", CONFIRMED), UNREAD, UNREAD],
            [("88件", "2/normative_documents/issued", "88", "pass")],
            id="other-unit-not-used",
        ),
        pytest.param(
            PROSE_698, "集中公开现行有效规章和行政规范性文件698件",
            [(88.0, "88", CONFIRMED), UNREAD, UNREAD],
            [("88件", "2/normative_documents/issued", "88", "pass")],
            id="label-naming-two-rows-not-used",
        ),
        pytest.param(
            "行政规范性文件8855698", "行政规范性文件88 55 698",
            [(88.0, "88", CONFIRMED), (55.0, "55", CONFIRMED), (698.0, "698", CONFIRMED)],
            [("698件", "2/normative_documents/in_force", "698", "pass"),
             ("88件", "2/normative_documents/issued", "88", "pass")],
            id="archive-spaces-are-no-boundaries",
        ),
    ],
)  # fmt: skip
def test_prose_settles_and_links_table_2(old, new, row, links):
    text = TEXT_2022 if old is None else TEXT_2022.replace(old, new)
    assert text != TEXT_2022 or old is None
    doc = parse_text(text, "2022_pingtan_zone.txt")
    assert _row(doc) == row
    assert _links(doc) == links


def test_a_cell_printing_another_number_is_not_linked():
    # 规章 0 | 0 | 0 is read by its one reading; a prose 规章 count of 3 is another figure.
    text = TEXT_2022.replace(PROSE_88, PROSE_88 + "，制发规章3件")
    doc = parse_text(text, "2022_pingtan_zone.txt")
    assert [c.detail["cell"] for c in doc.checks if c.kind == "restatement"] == [
        "2/normative_documents/in_force",
        "2/normative_documents/issued",
    ]


def _metric(label, table=None, row=None, column=None):
    return MetricData(
        key="m1", label=label, value=1.0, unit="件", approx=None, start=0, end=1, raw="1",
        table=table, row=row, column=column,
    )  # fmt: skip


CELLS = {
    ("2", "regulations", "issued"): None,
    ("2", "normative_documents", "issued"): None,
    ("2", "normative_documents", "in_force"): None,
    ("3", "new_requests", "total"): None,
}


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("本年度制发的规范性文件", ("2", "normative_documents", "issued")),
        ("现行有效行政规范性文件", ("2", "normative_documents", "in_force")),
        ("制发规章", ("2", "regulations", "issued")),
        ("新收政府信息公开申请", ("3", "new_requests", "total")),
        ("制发规章和规范性文件", None),
        ("制发并废止的规范性文件", None),
        ("规范性文件", None),
        ("主动公开政府信息", None),
        ("废止规范性文件", None),
    ],
)
def test_named_cell(label, expected):
    assert named_cell(_metric(label), CELLS) == expected


TEXT_2015 = (FIXTURES / "real" / "pingtan" / "2015_pingtan_zone.txt").read_text(encoding="utf-8")
PROSE_2949 = "2015年主动公开政府信息2949条"


@pytest.mark.parametrize(
    ("prose", "cells", "links"),
    [
        pytest.param(
            PROSE_2949,
            [("主动公开文件数", "2015年度", 2949.0, "split_confirmed_by_prose"),
             ("主动公开文件数", "历年累计", 81916.0, "split_confirmed_by_prose"),
             ("1、政府网站公开数", "2015年度", 2949.0, "split_by_arithmetic"),
             ("1、政府网站公开数", "历年累计", 81916.0, "split_by_arithmetic")],
            [("2949条", "平潭综合实验区政府信息公开情况统计表/主动公开文件数/2015年度", "2949", "pass")],
            id="prose-year-settles-the-statistics-row",
        ),
        pytest.param(
            "2015年主动公开政府信息2950条", [], [], id="another-number-settles-nothing",
        ),
        pytest.param(
            "2015年网站主动公开政府信息2949条", [], [], id="a-channel-is-not-the-whole",
        ),
    ],
)  # fmt: skip
def test_prose_settles_and_links_a_statistics_row(prose, cells, links):
    doc = parse_text(TEXT_2015.replace(PROSE_2949, prose), "2015_pingtan_zone.txt")
    assert [
        (m.row, m.column, m.value, m.placement)
        for m in doc.metrics
        if m.row in ("主动公开文件数", "1、政府网站公开数")
    ] == cells
    assert _links(doc) == links
    assert [m.key for m in doc.metrics] == [f"m{n}" for n in range(1, len(doc.metrics) + 1)]
    assert [m.start for m in doc.metrics] == sorted(m.start for m in doc.metrics)


@pytest.mark.parametrize(
    ("label", "row", "expected"),
    [
        ("主动公开政府信息", "主动公开文件数", True),
        ("主动公开文件", "主动公开信息数", True),
        ("网站主动公开的政府信息", "主动公开信息数", False),
        ("主动公开政府信息", "1、政府网站公开数", False),
        ("主动公开政府信息", "受理依申请公开信息总数", False),
        ("依申请公开信息", "主动公开文件数", False),
        ("主动公开政府信息条目", "主动公开文件数", False),
    ],
)
def test_statistics_row_named(label, row, expected):
    assert statistics_row_named(_metric(label), row) is expected
