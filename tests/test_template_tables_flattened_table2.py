"""Flattened table 二 (loaders.template_tables.flattened_table2): run-together cells read when one reading fits."""

import pytest

from loaders import template_spec as spec
from loaders.tables import extract_tables
from loaders.template_tables.flattened_table2 import read_flattened_table2, readings

F19 = spec.FORMAT_2019
F21 = spec.FORMAT_2021
COUNT, SIGNED, AMOUNT = "count", "signed_count", "amount"


@pytest.mark.parametrize(
    ("chars", "formats", "expected"),
    [
        pytest.param("000", [COUNT] * 3, [["0", "0", "0"]], id="zeros-split-one-way"),
        pytest.param("007", [COUNT] * 3, [["0", "0", "7"]], id="no-leading-zero"),
        pytest.param("10690", [COUNT], [["10690"]], id="one-column"),
        pytest.param("9116.36", [AMOUNT], [["9116.36"]], id="amount-decimal"),
        pytest.param("9116.36", [COUNT], [], id="count-has-no-decimal"),
        pytest.param("35-15", [COUNT, SIGNED], [["35", "-15"]], id="sign-starts-a-cell"),
        pytest.param("-15", [COUNT], [], id="count-has-no-sign"),
        pytest.param("350", [COUNT, SIGNED], [["3", "50"], ["35", "0"]], id="two-readings"),
        pytest.param(
            "2648-18538",
            [COUNT, SIGNED, COUNT],
            [
                ["2648", "-1", "8538"],
                ["2648", "-18", "538"],
                ["2648", "-185", "38"],
                ["2648", "-1853", "8"],
            ],
            id="first-cell-the-same-in-every-reading",
        ),
        pytest.param("05", [COUNT], [], id="leading-zero-no-reading"),
        pytest.param("1,2345", [COUNT, COUNT], [["1,234", "5"]], id="thousands-comma"),
        pytest.param("-0", [SIGNED], [], id="no-minus-zero"),
    ],
)
def test_readings(chars, formats, expected):
    assert readings(chars, formats) == expected


ONE_LINE_2021 = (
    "（二）主动公开规范性文件。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数"
    "本年废止件数现行有效件数规章000行政规范性文件8855698第二十条第（五）项信息内容本年处理决定数量"
    "行政许可4529第二十条第（六）项信息内容本年处理决定数量行政处罚1100行政强制65第二十条第（八）项"
    "信息内容本年收费金额（单位：万元）行政事业性收费18651.06三、收到和处理政府信息公开申请情况"
    "申请人情况自然人"
)
ONE_LINE_2019 = (
    "二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量"
    "规章007规范性文件7777166第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量"
    "行政许可396442278第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚2648-18538"
    "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35-15第二十条第（九）项信息内容"
    "采购项目数量采购总金额政府集中采购39573.90元三、收到和处理政府信息公开申请情况"
)


def _cells(result):
    return {
        key: (cell.value, cell.raw, cell.placement, cell.status)
        for key, cell in result.cells.items()
    }


def test_2021_rows_with_one_reading_are_read():
    result = read_flattened_table2(ONE_LINE_2021, F21)
    unread = (None, "8855698", None, "unreadable")
    assert _cells(result) == {
        ("regulations", "issued"): (0.0, "0", "split_unique_reading", "number"),
        ("regulations", "repealed"): (0.0, "0", "split_unique_reading", "number"),
        ("regulations", "in_force"): (0.0, "0", "split_unique_reading", "number"),
        ("normative_documents", "issued"): unread,
        ("normative_documents", "repealed"): unread,
        ("normative_documents", "in_force"): unread,
        ("administrative_licensing", "decisions"): (4529.0, "4529", "split_unique_reading", "number"),
        ("administrative_penalty", "decisions"): (1100.0, "1100", "split_unique_reading", "number"),
        ("administrative_enforcement", "decisions"): (65.0, "65", "split_unique_reading", "number"),
        ("administrative_fees", "fee_amount"): (18651.06, "18651.06", "split_unique_reading", "number"),
    }  # fmt: skip
    assert result.span == (ONE_LINE_2021.index("第二十条第"), ONE_LINE_2021.index("三、收到"))
    assert (
        "table 二: row '行政规范性文件' digits '8855698': 15 readings by its columns' formats; "
        "its cells are not read" in result.warnings
    )
    assert (
        "table 二: row '规章' read from run-together digits '000' as 0 | 0 | 0, the only reading "
        "by its columns' formats (split_unique_reading)" in result.warnings
    )


def test_2019_cells_the_same_in_every_reading_are_read():
    result = read_flattened_table2(ONE_LINE_2019, F19)
    cells = _cells(result)
    assert cells[("regulations", "total_published")] == (7.0, "7", "split_unique_reading", "number")
    assert cells[("normative_documents", "newly_made")] == (None, "7777166", None, "unreadable")
    assert [cells[("administrative_licensing", c)][0] for c in ("previous_year_items", "change", "decisions")] == [None, None, None]  # fmt: skip
    assert cells[("administrative_penalty", "previous_year_items")] == (
        2648.0, "2648", "split_unique_reading", "number",
    )  # fmt: skip
    assert cells[("administrative_penalty", "change")] == (None, "2648-18538", None, "unreadable")
    assert cells[("administrative_fees", "previous_year_items")][0:2] == (35.0, "35")
    assert cells[("administrative_fees", "change")][0:2] == (-15.0, "-15")
    assert cells[("centralised_procurement", "procurement_amount")][0] is None
    assert (
        "table 二: row '行政处罚' digits '2648-18538' have 4 readings by its columns' formats; "
        "previous_year_items read (the same in every reading, split_unique_reading), the other "
        "cells not read" in result.warnings
    )


def test_a_unit_printed_after_an_amount_is_its_unit():
    text = ONE_LINE_2019.replace("政府集中采购39573.90元", "政府集中采购1 2.5元")
    found = extract_tables(text, F19)
    by_cell = {(m.row, m.column): m for m in found.metrics if m.table == "2"}
    items = by_cell[("centralised_procurement", "procurement_items")]
    amount = by_cell[("centralised_procurement", "procurement_amount")]
    assert (items.value, items.unit, items.raw) == (1.0, "项", "1")
    assert (amount.value, amount.unit, amount.raw) == (2.5, "元", "2.5")


def test_a_header_naming_other_columns_leaves_the_row_unread():
    text = ONE_LINE_2021.replace(
        "本年制发件数本年废止件数现行有效件数", "现行有效件数本年制发件数本年废止件数"
    )
    result = read_flattened_table2(text, F21)
    assert result.cells[("regulations", "issued")].value is None
    assert (
        "table 二: row '规章' ('000'): its header names in_force / issued / repealed, not the "
        "template's columns; its cells are not read" in result.warnings
    )
    assert result.cells[("administrative_licensing", "decisions")].value == 4529.0


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(ONE_LINE_2021.replace("规章000", "规章000\n"), id="table-on-lines"),
        pytest.param(
            ONE_LINE_2021.replace("三、收到和处理政府信息公开申请情况", ""), id="no-table-3"
        ),
        pytest.param(ONE_LINE_2021.replace("第二十条第", "第二十条"), id="no-item-title"),
    ],
)
def test_not_a_flattened_table_2(text):
    assert read_flattened_table2(text, F21) is None


def test_extract_tables_serves_flattened_table_2():
    found = extract_tables(ONE_LINE_2021, F21)
    by_cell = {(m.row, m.column): m for m in found.metrics if m.table == "2"}
    metric = by_cell[("administrative_fees", "fee_amount")]
    assert (metric.value, metric.unit, metric.raw, metric.placement) == (
        18651.06, "万元", "18651.06", "split_unique_reading",
    )  # fmt: skip
    assert ("2", "normative_documents", "issued") in found.unreadable
    assert len(by_cell) == 10


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        pytest.param("行政许可1,234第二十条", (1234.0, "1,234"), id="thousands-comma"),
        pytest.param("行政许可4529。第二十条", (4529.0, "4529"), id="full-stop-after"),
        pytest.param("行政许可45 29第二十条", (4529.0, "45 29"), id="archive-space-inside"),
        pytest.param("行政许可4529.第二十条", (4529.0, "4529"), id="point-after-not-a-decimal"),
    ],
)
def test_licensing_cell_as_printed(printed, expected):
    text = ONE_LINE_2021.replace("行政许可4529第二十条", printed)
    cell = read_flattened_table2(text, F21).cells[("administrative_licensing", "decisions")]
    assert (cell.value, cell.raw) == expected
