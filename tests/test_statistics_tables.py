"""Old statistics tables (loaders.statistics_tables): cells with table, row, column and unit as printed."""

import pytest

from loaders.pipeline import parse_text
from loaders.statistics_tables import extract_statistics_tables, two_column_splits

SPACED = (
    "二○一二年二月二十日 附件1：平潭综合实验区管委会2011年政府信息公开情况统计表 指标名称 计量 单位 2011 年度 历年累计 "
    "主动公开信息数 条 425 1516 其中：1.网站公开 条 418 1509 2.政府公报公开 条 7 7 "
    "政府信息公开收费减免金额 万元 0 3 附件下载"
)
RUN_TOGETHER = (
    "七、平潭综合实验区政府信息公开情况统计表 指标名称计量单位2015年度历年累计主动公开文件数条294981916"
    "其中：1、政府网站公开数条2949819162、政府公报公开数条00受理依申请公开信息总数条01"
    "对申请的答复总数条2121行政复议数件00"
)


def _cells(result):
    return [
        (m.table, m.row, m.column, m.value, m.unit, m.raw, m.label, m.placement)
        for m in result.metrics
    ]


def test_a_spaced_table_gives_every_cell_as_printed():
    result = extract_statistics_tables(SPACED)
    table = "平潭综合实验区管委会2011年政府信息公开情况统计表"
    assert _cells(result) == [
        (
            table,
            "主动公开信息数",
            "2011年度",
            425,
            "条",
            "425",
            "主动公开信息数 / 2011年度",
            "header",
        ),
        (
            table,
            "主动公开信息数",
            "历年累计",
            1516,
            "条",
            "1516",
            "主动公开信息数 / 历年累计",
            "header",
        ),
        (table, "1.网站公开", "2011年度", 418, "条", "418", "1.网站公开 / 2011年度", "header"),
        (table, "1.网站公开", "历年累计", 1509, "条", "1509", "1.网站公开 / 历年累计", "header"),
        (table, "2.政府公报公开", "2011年度", 7, "条", "7", "2.政府公报公开 / 2011年度", "header"),
        (table, "2.政府公报公开", "历年累计", 7, "条", "7", "2.政府公报公开 / 历年累计", "header"),
        (
            table,
            "政府信息公开收费减免金额",
            "2011年度",
            0,
            "万元",
            "0",
            "政府信息公开收费减免金额 / 2011年度",
            "header",
        ),
        (
            table,
            "政府信息公开收费减免金额",
            "历年累计",
            3,
            "万元",
            "3",
            "政府信息公开收费减免金额 / 历年累计",
            "header",
        ),
    ]
    assert all(SPACED[m.start : m.end] == m.raw for m in result.metrics)
    assert result.spans == [(SPACED.index("指标名称"), SPACED.index(" 附件下载"))]
    assert result.warnings == []


def test_run_together_digits_are_split_only_when_one_split_fits():
    result = extract_statistics_tables(RUN_TOGETHER)
    cells = [(m.row, m.column, m.value, m.raw, m.placement) for m in result.metrics]
    # 294981916 splits four ways with a running total not below the year (2 | 94981916 …
    # 2949 | 81916), 2121 two ways (2 | 121, 21 | 21): those rows are unread.
    assert cells == [
        ("2、政府公报公开数", "2015年度", 0, "0", "split_by_arithmetic"),
        ("2、政府公报公开数", "历年累计", 0, "0", "split_by_arithmetic"),
        ("受理依申请公开信息总数", "2015年度", 0, "0", "split_by_arithmetic"),
        ("受理依申请公开信息总数", "历年累计", 1, "1", "split_by_arithmetic"),
        ("行政复议数", "2015年度", 0, "0", "split_by_arithmetic"),
        ("行政复议数", "历年累计", 0, "0", "split_by_arithmetic"),
    ]
    assert [w.split(": ", 1)[1] for w in result.warnings] == [
        "row '主动公开文件数' digits '294981916' have 4 splits into 2015年度 / 历年累计; its cells are not read",
        "row '1、政府网站公开数' digits '294981916' have 4 splits into 2015年度 / 历年累计; its cells are not read",
        "row '2、政府公报公开数' digits '00' read as 0 / 0, the only split whose running total is not below "
        "the year (split_by_arithmetic)",
        "row '受理依申请公开信息总数' digits '01' read as 0 / 1, the only split whose running total is not "
        "below the year (split_by_arithmetic)",
        "row '对申请的答复总数' digits '2121' have 2 splits into 2015年度 / 历年累计; its cells are not read",
        "row '行政复议数' digits '00' read as 0 / 0, the only split whose running total is not below the year "
        "(split_by_arithmetic)",
    ]
    assert all(
        w.startswith("statistics table 平潭综合实验区政府信息公开情况统计表: ")
        for w in result.warnings
    )


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("00", [(0, 0)]),
        ("07", [(0, 7)]),
        ("334", [(3, 34)]),
        ("2121", [(2, 121), (21, 21)]),
        ("90", []),
    ],
)
def test_two_column_splits(digits, expected):
    assert two_column_splits(digits) == expected


def test_a_row_with_one_number_for_two_columns_is_unread():
    text = "统计表 指标名称 计量单位 2013年度 历年累计 主动公开信息数 条 5 9 2、政府公报公开 条 0 受理申请数 条 1 1"
    result = extract_statistics_tables(text)
    rows = {m.row for m in result.metrics}
    assert rows == {"主动公开信息数", "受理申请数"}
    assert any("'2、政府公报公开' has 1 numbers for 2 columns" in w for w in result.warnings)


def test_the_parsed_report_keeps_the_cells_and_skips_them_as_prose():
    doc = parse_text("主动公开信息425条。\n" + SPACED)
    table_cells = [m for m in doc.metrics if m.table]
    assert len(table_cells) == 8
    prose = [m for m in doc.metrics if not m.table]
    assert [(m.value, m.raw) for m in prose] == [(425, "425条")]


# A row and its numbered rows run together (2012 county report): 2121 and 1818 each split two ways;
# only 21 / 21 with 18 / 18 makes 受理… the sum of 1.当面 + 2.传真 + 3.电子邮件 in both columns.
PARTS = (
    "政府信息公开情况统计表 指标名称计量单位2012年度历年累计受理依申请公开信息总数条2121"
    "其中：1.当面申请数条18182.传真申请数条003.电子邮件申请数条33行政复议数件00"
)


def test_a_row_that_splits_several_ways_is_read_when_only_one_reading_adds_up_with_its_numbered_rows():
    result = extract_statistics_tables(PARTS)
    cells = [(m.row, m.column, m.value, m.raw, m.start, m.end) for m in result.metrics]
    at = PARTS.index("2121")
    face = PARTS.index("1818")
    assert cells[:4] == [
        ("受理依申请公开信息总数", "2012年度", 21, "21", at, at + 2),
        ("受理依申请公开信息总数", "历年累计", 21, "21", at + 2, at + 4),
        ("1.当面申请数", "2012年度", 18, "18", face, face + 2),
        ("1.当面申请数", "历年累计", 18, "18", face + 2, face + 4),
    ]
    assert [w.split(": ", 1)[1] for w in result.warnings[:2]] == [
        "row '受理依申请公开信息总数' digits '2121' read as 21 / 21, the only split with which "
        "'受理依申请公开信息总数' is the sum of its numbered rows (split_by_arithmetic)",
        "row '1.当面申请数' digits '1818' read as 18 / 18, the only split with which "
        "'受理依申请公开信息总数' is the sum of its numbered rows (split_by_arithmetic)",
    ]
    assert {m.placement for m in result.metrics} == {"split_by_arithmetic"}


@pytest.mark.parametrize(
    "rows",
    [
        # the parts add up under two readings (the same digits twice): left unread
        "主动公开文件数条294981916其中：1、政府网站公开数条2949819162、政府公报公开数条00",
        # the parts add up under no reading (a partial breakdown): left unread
        "主动公开信息数条20263542其中：1.网站公开条179533042.政府公报公开条07",
    ],
    ids=["two_readings", "no_reading"],
)
def test_rows_whose_parts_settle_nothing_stay_unread(rows):
    result = extract_statistics_tables("统计表 指标名称计量单位2015年度历年累计" + rows)
    assert [m.row for m in result.metrics] == [
        "2、政府公报公开数" if "2949" in rows else "2.政府公报公开"
    ] * 2
    assert sum("its cells are not read" in w for w in result.warnings) == 2


@pytest.mark.parametrize(
    ("stated", "expected_rows", "open_rows"),
    [
        pytest.param(
            {"主动公开文件数": {2949.0}},
            [
                ("主动公开文件数", "2015年度", 2949, "2949", "split_confirmed_by_prose"),
                ("主动公开文件数", "历年累计", 81916, "81916", "split_confirmed_by_prose"),
                # The numbered part follows by the group's sum (网站 + 公报 0 = 主动公开).
                ("1、政府网站公开数", "2015年度", 2949, "2949", "split_by_arithmetic"),
                ("1、政府网站公开数", "历年累计", 81916, "81916", "split_by_arithmetic"),
            ],
            ["对申请的答复总数"],
            id="the-prose-year-settles-the-row-and-its-part",
        ),
        pytest.param(
            {"主动公开文件数": {2950.0}}, [], ["主动公开文件数", "1、政府网站公开数", "对申请的答复总数"],
            id="a-year-no-split-gives-settles-nothing",
        ),
        pytest.param(
            {"主动公开文件数": {2.0, 2949.0}}, [], ["主动公开文件数", "1、政府网站公开数", "对申请的答复总数"],
            id="two-stated-years-that-both-fit-settle-nothing",
        ),
    ],
)  # fmt: skip
def test_a_year_the_prose_states_settles_a_row(stated, expected_rows, open_rows):
    result = extract_statistics_tables(RUN_TOGETHER, stated)
    cells = [
        (m.row, m.column, m.value, m.raw, m.placement)
        for m in result.metrics
        if m.row in ("主动公开文件数", "1、政府网站公开数")
    ]
    assert cells == expected_rows
    assert result.open_rows == open_rows
