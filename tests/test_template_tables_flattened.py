"""Flattened template tables (loaders.template_tables.flattened): digits run together split by arithmetic, or left unread."""

import pytest

from loaders import template_spec as spec
from loaders.tables import extract_tables
from loaders.template_tables.flattened import ROW_SUMS, read_flattened, splits

F19 = spec.FORMAT_2019
F21 = spec.FORMAT_2021


@pytest.mark.parametrize(
    ("digits", "table", "expected"),
    [
        pytest.param("640020470", "3", [[64, 0, 0, 2, 0, 4, 70]], id="issue-example"),
        pytest.param("230000023", "3", [[23, 0, 0, 0, 0, 0, 23]], id="spaces-removed"),
        pytest.param("21710000218", "3", [[217, 1, 0, 0, 0, 0, 218]], id="three-digit-parts"),
        pytest.param("0000000", "3", [[0, 0, 0, 0, 0, 0, 0]], id="all-zero"),
        pytest.param("1000002", "3", [], id="no-split-sums"),
        pytest.param(
            "110000011",
            "3",
            [[1, 10, 0, 0, 0, 0, 11], [11, 0, 0, 0, 0, 0, 11]],
            id="two-splits-sum",
        ),
        pytest.param(
            "25380363300630003",
            "4",
            [[25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3]],
            id="table-4-group-sums",
        ),
        pytest.param("011031000100000", "4", [], id="table-4-sums-fail"),
    ],
)
def test_splits(digits, table, expected):
    width = 7 if table == "3" else 15
    assert splits(digits, width, ROW_SUMS[table]) == expected


ONE_LINE_2021 = (
    "三、收到和处理政府信息公开申请情况本年度办理结果"
    "一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量1000001"
    "三、本年度办理结果（一）予以公开300010031（二）部分公开（区分处理的，只计这一情形，不计其他情形）2000002"
    "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开00000003.危及“三安全一稳定”0000000"
    "4.保护第三方合法权益00000005.属于三类内部事务信息00000006.属于四类过程性信息0000000"
    "7.属于行政执法案卷00000008.属于行政查询事项0000000（四）无法提供1.本机关不掌握相关政府信息200010021"
    "2.没有现成信息需要另行制作00000003.补正后申请内容仍不明确0000000（五）不予处理1.信访举报投诉类申请0000000"
    "2.重复申请00000003.要求提供公开出版物00000004.无正当理由大量反复申请0000000"
    "5.要求行政机关确认或重新出具已获取信息0000000（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0000000"
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 00000003.其他1000001"
    "（七）总计 640020470四、结转下年度继续办理1000001"
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
    "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
    "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0五、存在的主要问题及改进情况"
)


def _values(result, table, row):
    return [
        result.cells[table][(row, c.key)].value if (row, c.key) in result.cells[table] else "absent"
        for c in spec.columns(table, F21)
    ]


def test_one_line_report_rows_placed_by_arithmetic():
    result = read_flattened(ONE_LINE_2021, 0, len(ONE_LINE_2021), F21)
    assert _values(result, "3", "new_requests") == [64, 0, 0, 2, 0, 4, 70]
    assert _values(result, "3", "carried_over") == [1, 0, 0, 0, 0, 0, 1]
    assert _values(result, "3", "disclosed") == [30, 0, 0, 1, 0, 0, 31]
    assert _values(result, "3", "not_disclosed_prohibited_by_law") == [0, 0, 0, 0, 0, 0, 0]
    assert _values(result, "3", "unavailable_not_held") == [20, 0, 0, 1, 0, 0, 21]
    assert _values(result, "3", "other_other") == [1, 0, 0, 0, 0, 0, 1]
    assert _values(result, "3", "total_processed") == [64, 0, 0, 2, 0, 4, 70]
    assert _values(result, "3", "carried_forward") == [1, 0, 0, 0, 0, 0, 1]
    assert len(result.cells["3"]) == 25 * 7
    assert {c.placement for c in result.cells["3"].values()} == {"split_by_arithmetic"}
    # Table 四's 15 digits: each group's 总计 (0+1+1+0=2, 1+0+0+0=1, 0) holds.
    assert [result.cells["4"][("cases", c.key)].value for c in spec.columns("4", F21)] == [
        0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0,
    ]  # fmt: skip
    cell = result.cells["3"][("new_requests", "total")]
    assert ONE_LINE_2021[cell.start : cell.end] == "70"
    cell = result.cells["3"][("new_requests", "natural_person")]
    assert ONE_LINE_2021[cell.start : cell.end] == "64"
    assert any("'640020470' as 64 0 0 2 0 4 70" in w for w in result.warnings)


def test_identities_choose_among_row_splits():
    # 一 and 总计 '110000011' each split as 1 10 0 0 0 0 11 or 11 0 0 0 0 0 11. Identity 2 (the
    # result rows 2 + 2 + 6 + 1 = 11 in the first column) keeps the second for 总计, then
    # identity 1 (一 + 1 = 总计 + 1) the second for 一.
    text = ONE_LINE_2021.replace("（七）总计 640020470", "（七）总计 110000011")
    text = text.replace("300010031", "2000002").replace("200010021", "6000006")
    text = text.replace("640020470", "110000011")
    result = read_flattened(text, 0, len(text), F21)
    assert _values(result, "3", "total_processed") == [11, 0, 0, 0, 0, 0, 11]
    assert _values(result, "3", "new_requests") == [11, 0, 0, 0, 0, 0, 11]
    assert any("'total_processed' ('110000011') has 2 splits" in w for w in result.warnings)


def test_two_ambiguous_rows_are_placed_together_by_the_identities():
    # 予以公开 '220000022' (22 0 … 22 or 2 20 0 … 22) and 部分公开 '191000020' (19 1 0 … 20 or
    # 1 9 10 0 … 20): only 22 … and 19 1 … make 总计 62 1 0 1 0 0 64 the sum of the rows.
    text = ONE_LINE_2021.replace("300010031", "220000022").replace("）2000002", "）191000020")
    text = text.replace("640020470", "621010064")
    result = read_flattened(text, 0, len(text), F21)
    assert _values(result, "3", "disclosed") == [22, 0, 0, 0, 0, 0, 22]
    assert _values(result, "3", "partially_disclosed") == [19, 1, 0, 0, 0, 0, 20]
    assert any(
        "row 'disclosed' ('220000022') has 2 splits" in w and "other open rows" in w
        for w in result.warnings
    )


def test_ambiguous_row_is_left_unread_with_a_warning():
    # 予以公开 '110000011' fits its row sum twice and no identity can decide (总计 has no split).
    text = ONE_LINE_2021.replace("300010031", "110000011").replace(
        "（七）总计 640020470", "（七）总计 1000002"
    )
    result = read_flattened(text, 0, len(text), F21)
    assert _values(result, "3", "disclosed") == [None] * 7
    assert _values(result, "3", "total_processed") == [None] * 7
    assert result.cells["3"][("disclosed", "total")].status == "unreadable"
    assert any("'disclosed' digits '110000011': more than one split" in w for w in result.warnings)
    assert any("'total_processed' digits '1000002': no split" in w for w in result.warnings)


def test_extract_tables_serves_the_flattened_cells_with_their_placement():
    found = extract_tables(ONE_LINE_2021, F21)
    by_cell = {(m.table, m.row, m.column): m for m in found.metrics}
    metric = by_cell[("3", "new_requests", "total")]
    assert (metric.value, metric.raw, metric.placement) == (70.0, "70", "split_by_arithmetic")
    assert by_cell[("4", "cases", "review_total")].value == 2.0
    assert not any(m.table == "3" and m.value is None for m in found.metrics)


def test_table_with_lines_is_not_read_as_flattened():
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n"
    found = extract_tables(text, F21)
    metric = next(m for m in found.metrics if m.row == "new_requests" and m.column == "total")
    assert metric.placement != "split_by_arithmetic"


@pytest.mark.parametrize(
    ("printed", "digits", "row", "values", "placement"),
    [
        pytest.param(
            "2.其他法律行政止公开", "1000001", "not_disclosed_prohibited_by_law",
            [1, 0, 0, 0, 0, 0, 1], "typo_matched_row", id="typo-confirmed-by-row-sum",
        ),
        pytest.param(
            "2.其他法律行政止公开", "1000002", "not_disclosed_prohibited_by_law",
            "absent", None, id="typo-without-a-split-is-not-read",
        ),
        pytest.param(
            "2.属于行政查询案卷", "1000001", "not_disclosed_prohibited_by_law",
            "absent", None, id="close-to-two-rows-is-not-read",
        ),
    ],
)  # fmt: skip
def test_a_row_name_with_a_typo(printed, digits, row, values, placement):
    text = ONE_LINE_2021.replace("2.其他法律行政法规禁止公开0000000", printed + digits)
    result = read_flattened(text, 0, len(text), F21)
    cells = [result.cells["3"].get((row, c.key)) for c in spec.columns("3", F21)]
    if values == "absent":
        assert cells == [None] * 7
        assert ("not_disclosed_state_secret", "total") in result.cells[
            "3"
        ]  # the rows before it are read
        return
    assert [c.value for c in cells] == values
    assert {c.placement for c in cells} == {placement}
    assert _values(result, "3", "carried_forward") == [1, 0, 0, 0, 0, 0, 1]  # the rows after it too
    assert any(
        "row '2.其他法律行政止公开' is read as 'not_disclosed_prohibited_by_law'" in w
        for w in result.warnings
    )
