"""An agency's own tables (loaders.own_tables): every numeric cell with its table, row, column, unit and span."""

from pathlib import Path

import pytest

from loaders.own_tables import (
    PLACEMENT,
    STRUCTURE_RULES,
    cell_value,
    classify,
    extract_own_tables,
    pipe_blocks,
    stated_unit,
)
from loaders.pipeline import parse_bytes, parse_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OWN = FIXTURES / "own_tables"
DOCUMENTS = FIXTURES / "documents"

T1 = "表1 2023年政府信息公开申请办理情况"
T2 = "附表2 政府信息公开工作经费"
T3 = "未命名表3"
APPLICATIONS = "申请情况（件）"
# (table, row, column, value, unit, raw, label of the parent or None) of every own-table cell, in text order.
COUNTY_BUREAU = [
    (T1, "自然人", f"{APPLICATIONS} / 已办结", 36, "件", "36", f"合计 / {APPLICATIONS} / 已办结"),
    (
        T1,
        "自然人",
        f"{APPLICATIONS} / 结转下年度",
        4,
        "件",
        "4",
        f"合计 / {APPLICATIONS} / 结转下年度",
    ),
    (
        T1,
        "法人或其他组织",
        f"{APPLICATIONS} / 已办结",
        9,
        "件",
        "9",
        f"合计 / {APPLICATIONS} / 已办结",
    ),
    (
        T1,
        "法人或其他组织",
        f"{APPLICATIONS} / 结转下年度",
        1,
        "件",
        "1",
        f"合计 / {APPLICATIONS} / 结转下年度",
    ),
    (T1, "合计", f"{APPLICATIONS} / 已办结", 45, "件", "45", None),
    (T1, "合计", f"{APPLICATIONS} / 结转下年度", 5, "件", "5", None),
    (T2, "平台建设", "2022年", 12.5, "万元", "12.5", "合计 / 2022年"),
    (T2, "平台建设", "2023年", 8, "万元", "8.0", "合计 / 2023年"),
    (T2, "人员培训", "2022年", 3.5, "万元", "3.5", "合计 / 2022年"),
    (T2, "人员培训", "2023年", 4, "万元", "4.0", "合计 / 2023年"),
    (T2, "合计", "2022年", 16, "万元", "16.0", None),
    (T2, "合计", "2023年", 12, "万元", "12.0", None),
    (T3, "网站 / 门户网站", "发布数量（条）", 320, "条", "320", None),
    (T3, "网站 / 部门子站", "发布数量（条）", 85, "条", "85", None),
    (T3, "新媒体 / 政务微信", "发布数量（条）", 150, "条", "150", None),
]
COUNTY_BUREAU_WARNINGS = [
    "own table 未命名表3: no caption printed before it; named by its place among the own tables"
]
COUNTY_BUREAU_CHECKS = [
    (f"合计 / {APPLICATIONS} / 已办结", "pass", "complete", 45, 45),
    (f"合计 / {APPLICATIONS} / 结转下年度", "pass", "complete", 5, 5),
    ("合计 / 2022年", "pass", "complete", 16, 16),
    ("合计 / 2023年", "pass", "complete", 12, 12),
]

S2 = "表2 主动公开信息分类统计表"
S3 = "表3 依申请公开办理结果"
S4 = "表4 申请渠道"
YEARS = "未命名表4"
CITY_OFFICE = [
    (S2, "政策文件", "本年数量", 210, "条", "210", None),
    (S2, "政策文件", "上年数量", 198, "条", "198", None),
    (S2, "人事信息", "本年数量", 64, "条", "64", None),
    (S2, "人事信息", "上年数量", 71, "条", "71", None),
    (S2, "新闻发布会", "本年数量", 12, "场次", "12", None),
    (S2, "新闻发布会", "上年数量", 9, "场次", "9", None),
    (S3, "予以公开", "第一季度", 10, "件", "10", "予以公开 / 合计"),
    (S3, "予以公开", "第二季度", 12, "件", "12", "予以公开 / 合计"),
    (S3, "予以公开", "第三季度", 8, "件", "8", "予以公开 / 合计"),
    (S3, "予以公开", "第四季度", 11, "件", "11", "予以公开 / 合计"),
    (S3, "予以公开", "合计", 41, "件", "41", None),
    (S3, "部分公开", "第一季度", 3, "件", "3", "部分公开 / 合计"),
    (S3, "部分公开", "第二季度", 2, "件", "2", "部分公开 / 合计"),
    (S3, "部分公开", "第三季度", 4, "件", "4", "部分公开 / 合计"),
    (S3, "部分公开", "第四季度", 1, "件", "1", "部分公开 / 合计"),
    (S3, "部分公开", "合计", 10, "件", "10", None),
    # 1 + 0 + 2 + 1 is not the printed 5: nothing is linked, the warning says so.
    (S3, "不予公开", "第一季度", 1, "件", "1", None),
    (S3, "不予公开", "第二季度", 0, "件", "0", None),
    (S3, "不予公开", "第三季度", 2, "件", "2", None),
    (S3, "不予公开", "第四季度", 1, "件", "1", None),
    (S3, "不予公开", "合计", 5, "件", "5", None),
    (S4, "网上申请", "申请 / 件数", 50, None, "50", None),
    (S4, "网上申请", "申请 / 占比", 61, "%", "61%", None),
    (S4, "信函申请", "申请 / 件数", 32, None, "32", None),
    (S4, "信函申请", "申请 / 占比", 39, "%", "39%", None),
    (YEARS, "2021", "政务热线来电", 3560, None, "3560", None),
    (YEARS, "2022", "政务热线来电", 4012, None, "4012", None),
]
CITY_OFFICE_WARNINGS = [
    "own table 表3 依申请公开办理结果: 不予公开 合计 5 is not the sum of its parts (4); no parts linked",
    "own table 未命名表4: no caption printed before it; named by its place among the own tables",
    "own table 未命名表5: not read, it has no header row of labels before its numbers (header_row)",
    "own table 表5 行政复议和诉讼: not read, its columns of numbers also hold words (numbers_only)",
]
CITY_OFFICE_CHECKS = [
    ("予以公开 / 合计", "pass", "complete", 41, 41),
    ("部分公开 / 合计", "pass", "complete", 10, 10),
]


def _own_cells(doc):
    by_key = {m.key: m for m in doc.metrics}
    return [
        (
            m.table,
            m.row,
            m.column,
            m.value,
            m.unit,
            m.raw,
            by_key[m.parent].label if m.parent else None,
        )
        for m in doc.metrics
        if m.placement == PLACEMENT
    ]


def _own_warnings(doc):
    return [w for w in doc.warnings if w.startswith("own table ")]


def _own_checks(doc):
    own = {m.key for m in doc.metrics if m.placement == PLACEMENT}
    return [
        (c.subject, c.status, c.breakdown, c.stated, c.computed)
        for c in doc.checks
        if c.metric in own
    ]


@pytest.mark.parametrize(
    "path, cells, warnings, checks",
    [
        (
            OWN / "county_bureau_2023.html",
            COUNTY_BUREAU,
            COUNTY_BUREAU_WARNINGS,
            COUNTY_BUREAU_CHECKS,
        ),
        (
            DOCUMENTS / "county_bureau_2023.docx",
            COUNTY_BUREAU,
            COUNTY_BUREAU_WARNINGS,
            COUNTY_BUREAU_CHECKS,
        ),
        (
            DOCUMENTS / "county_bureau_2023.pdf",
            COUNTY_BUREAU,
            COUNTY_BUREAU_WARNINGS,
            COUNTY_BUREAU_CHECKS,
        ),
        (OWN / "city_office_2022.md", CITY_OFFICE, CITY_OFFICE_WARNINGS, CITY_OFFICE_CHECKS),
    ],
    ids=["html", "docx", "pdf", "markdown"],
)
def test_every_cell_of_an_own_table_is_a_metric_as_printed(path, cells, warnings, checks):
    doc = parse_bytes(path.read_bytes(), path.name)
    assert _own_cells(doc) == cells
    assert _own_warnings(doc) == warnings
    assert _own_checks(doc) == checks
    for metric in doc.metrics:
        assert doc.text[metric.start : metric.end] == metric.raw
        if metric.placement == PLACEMENT:
            assert metric.label == f"{metric.row} / {metric.column}"


def test_prose_outside_the_tables_is_read_as_before_and_a_restated_number_is_kept():
    doc = parse_bytes((OWN / "county_bureau_2023.html").read_bytes(), "county_bureau_2023.html")
    prose = [(m.label, m.value, m.unit, m.raw) for m in doc.metrics if m.table is None]
    assert prose == [("政府信息公开申请", 50, "件", "50件")]
    # The prose's 50 件 and the table's 45 + 5 both stay; the table's cells are not read again as prose.
    assert [m.value for m in doc.metrics if m.row == "合计" and m.table == T1] == [45, 5]


@pytest.mark.parametrize(
    "rows, rule",
    [
        ("| 项目 | 数量 |\n| 申请 | 3 | 4 |", "same_width"),
        ("| 自然人 | 25 |\n| 法人 | 7 |", "header_row"),
        ("| 序号 | 数量 |\n| 1 | 3 |", "label_column"),
        ("| 数量 | 项目 |\n| 3 | 申请 |", "label_column"),
        ("| 项目 | 数量 |", "body_rows"),
        ("| 类别 | 结果 |\n| 复议 | 2 |\n| 诉讼 | 尚未审结 |", "numbers_only"),
    ],
)
def test_a_table_whose_structure_is_not_clear_is_left_unread_by_a_named_rule(rows, rule):
    block = next(pipe_blocks(rows))
    assert classify(block.rows) == rule
    assert rule in STRUCTURE_RULES


@pytest.mark.parametrize(
    "text, expected",
    [
        # a year header row, an index column, a unit column
        (
            "| 序号 | 指标 | 计量单位 | 2022 | 2023 |\n| 1 | 主动公开 | 条 | 5 | 6 |",
            [("主动公开", "2022", 5, "条"), ("主动公开", "2023", 6, "条")],
        ),
        # markdown merged header cells left blank: the upper level takes its left neighbour's text
        (
            "| 渠道 | 申请 |  |\n|  | 件数 | 人次 |\n| 网上 | 3 | 4 |",
            # a level that is only a unit (人次) is the column's unit
            [("网上", "申请 / 件数", 3, None), ("网上", "申请（人次）", 4, "人次")],
        ),
        # markdown merged row labels left blank: an outer label takes the one above it
        (
            "| 类别 | 项目 | 数量（件） |\n| 申请 | 已办结 | 5 |\n|  | 未办结 | 2 |",
            [("申请 / 已办结", "数量（件）", 5, "件"), ("申请 / 未办结", "数量（件）", 2, "件")],
        ),
        # a unit written in the cell wins over the table's; a placeholder cell holds no value
        (
            "单位：件\n| 项目 | 数量 |\n| 复议 | 3次 |\n| 诉讼 | 无 |",
            [("复议", "数量", 3, "次")],
        ),
        # a total row whose parts include a blank is not linked (the arithmetic cannot be confirmed)
        (
            "| 项目 | 数量 |\n| 甲 | 3 |\n| 乙 | / |\n| 合计 | 3 |",
            [("甲", "数量", 3, None), ("合计", "数量", 3, None)],
        ),
    ],
    ids=[
        "index_unit_year_columns",
        "blank_upper_header",
        "blank_outer_label",
        "cell_unit",
        "blank_part",
    ],
)
def test_the_shapes_agencies_print(text, expected):
    found = extract_own_tables(text)
    assert [(m.row, m.column, m.value, m.unit) for m in found.metrics] == expected
    assert all(m.parent is None for m in found.metrics)


def test_a_two_way_total_links_rows_and_gives_each_total_one_breakdown():
    text = "表1 办理情况\n| 项目 | 上半年 | 下半年 | 合计 |\n| 甲 | 1 | 2 | 3 |\n| 乙 | 4 | 5 | 9 |\n| 合计 | 5 | 7 | 12 |"
    doc = parse_text(text)
    by_key = {m.key: m for m in doc.metrics}
    parents = {m.label: by_key[m.parent].label if m.parent else None for m in doc.metrics}
    assert parents == {
        "甲 / 上半年": "合计 / 上半年",
        "甲 / 下半年": "合计 / 下半年",
        "甲 / 合计": "合计 / 合计",
        "乙 / 上半年": "合计 / 上半年",
        "乙 / 下半年": "合计 / 下半年",
        "乙 / 合计": "合计 / 合计",
        "合计 / 上半年": None,
        "合计 / 下半年": None,
        "合计 / 合计": None,
    }
    assert [(c.subject, c.status, c.breakdown) for c in doc.checks] == [
        ("合计 / 上半年", "pass", "complete"),
        ("合计 / 下半年", "pass", "complete"),
        ("合计 / 合计", "pass", "complete"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12", (12, None, "number")),
        ("1,260", (1260, None, "number")),
        ("12件", (12, "件", "number")),
        ("61%", (61, "%", "number")),
        ("61％", (61, "%", "number")),
        ("", (None, None, "blank")),
        ("/", (None, None, "blank")),
        ("无", (None, None, "blank")),
        ("尚未审结", (None, None, "text")),
        ("3 件正在办理", (None, None, "text")),
        ("12 15", (None, None, "text")),
        ("123456789012345", (123456789012345, None, "number")),
        ("1234567890123456", (None, None, "text")),
        ("9" * 400, (None, None, "text")),
    ],
)
def test_cell_value(text, expected):
    assert cell_value(text) == expected


@pytest.mark.parametrize(
    "text, unit",
    [
        ("附表2 政府信息公开工作经费（单位：万元）", "万元"),
        ("单位：件", "件"),
        ("计量单位:条", "条"),
        ("金额(万元)", "万元"),
        ("（一）收到申请情况", None),
        ("申请情况（已办结）", None),
        ("", None),
    ],
)
def test_stated_unit(text, unit):
    assert stated_unit(text) == unit


@pytest.mark.parametrize(
    "before, table",
    [
        ("表1 2023年政府信息公开申请情况\n", "表1 2023年政府信息公开申请情况"),
        ("附表2\n（单位：万元）\n", "附表2"),
        ("**表3：经费情况（单位：万元）**\n\n", "表3：经费情况"),
        ("主动公开信息统计表\n", "主动公开信息统计表"),
        ("具体情况如下：\n", "未命名表1"),
        ("2023年，我局共收到申请5件。\n", "未命名表1"),
    ],
)
def test_the_caption_is_the_line_printed_before_the_table(before, table):
    found = extract_own_tables(before + "| 项目 | 数量 |\n| 申请 | 5 |")
    assert [m.table for m in found.metrics] == [table]


def test_a_table_already_read_is_skipped_and_a_table_of_words_is_no_table():
    text = "| 项目 | 数量 |\n| 申请 | 5 |\n\n| 渠道 | 说明 |\n| 网站 | 门户网站 |"
    assert extract_own_tables(text, skip=[(0, 10)]).metrics == []
    found = extract_own_tables(text)
    assert [(m.label, m.start, m.end) for m in found.metrics] == [("申请 / 数量", 19, 20)]
    assert found.spans == [(0, 22)]
    assert found.warnings == [
        "own table 未命名表1: no caption printed before it; named by its place among the own tables"
    ]


@pytest.fixture
def own_client(store):
    from api import create_app
    from loaders.load import load_paths

    summary = load_paths([OWN / "county_bureau_2023.html"])
    assert not summary.failed, summary.line()
    return create_app({"TESTING": True, "DATABASE_URL": store.url}).test_client()


def test_the_api_serves_own_table_cells_with_their_placement_and_checks(own_client):
    response = own_client.get("/api/v1/metrics", query_string={"table": T2, "sort": "value"})
    assert response.status_code == 200
    rows = [
        (m["row"], m["column"], m["value"], m["unit"], m["placement"], m["source"]["quote"])
        for m in response.get_json()
    ]
    assert rows == [
        ("人员培训", "2022年", 3.5, "万元", "own_table", "3.5"),
        ("人员培训", "2023年", 4, "万元", "own_table", "4.0"),
        ("平台建设", "2023年", 8, "万元", "own_table", "8.0"),
        ("合计", "2023年", 12, "万元", "own_table", "12.0"),
        ("平台建设", "2022年", 12.5, "万元", "own_table", "12.5"),
        ("合计", "2022年", 16, "万元", "own_table", "16.0"),
    ]
    checks = own_client.get("/api/v1/checks").get_json()
    assert sorted((c["subject"], c["status"], c["breakdown"]) for c in checks) == [
        ("合计 / 2022年", "pass", "complete"),
        ("合计 / 2023年", "pass", "complete"),
        (f"合计 / {APPLICATIONS} / 已办结", "pass", "complete"),
        (f"合计 / {APPLICATIONS} / 结转下年度", "pass", "complete"),
    ]
