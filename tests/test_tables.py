"""Template tables 二/三/四 loaded through the full pipeline, in every layout (spec: template-spec.md).

Expected values come from the hand-written files in fixtures/template/expected
(report_*.json and manifest.json) and from the literals written out below.
"""

from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from loaders.pipeline import parse_text
from loaders.tables import extract_tables
from loaders.template_tables.cells import read_cell
from tests.template_cells import COLUMNS3, FixtureFolder, cells_of, hand_written_cells

FIXTURES_SET = FixtureFolder("template")
FIXTURES = FIXTURES_SET.path
MANIFEST = FIXTURES_SET.manifest
GOOD = sorted(name for name in MANIFEST if name.startswith("t20"))

parsed = FIXTURES_SET.parsed
report = FIXTURES_SET.report


def expected_cells(entry):
    """{cell id: value as written in the hand-written report} for a manifest entry."""
    cells = hand_written_cells(report(entry["report"]))
    cells.update(entry.get("changed", {}))
    return {
        c: v
        for c, v in cells.items()
        if not any(fnmatchcase(c, p) for p in entry.get("missing", []))
    }


def unreadable_cells(entry, cells):
    out = {}
    for pattern, raw in entry.get("unreadable", {}).items():
        out.update({c: raw for c in cells if fnmatchcase(c, pattern)})
    return out


# ------------------------------------------------------------------ every fixture


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_format_is_detected(name):
    assert parsed(name).format == report(MANIFEST[name]["report"])["format"]


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_cell_loads_with_its_value(name):
    entry = MANIFEST[name]
    doc, expected = parsed(name), expected_cells(entry)
    unreadable = unreadable_cells(entry, expected)
    found = cells_of(doc)
    assert sorted(set(found) - set(expected)) == []
    assert sorted(set(expected) - set(found)) == []
    for cell, written in expected.items():
        metric = found[cell]
        if cell in unreadable:
            assert metric.value is None, cell
            assert unreadable[cell] in metric.raw, cell
        elif isinstance(written, str):
            assert (metric.value, metric.raw) == (None, written), cell
        else:
            assert metric.value == float(written), cell
            assert read_cell(metric.raw)[0] == float(written), cell


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_cell_points_at_its_own_text(name):
    doc = parsed(name)
    for metric in doc.metrics:
        if metric.table:
            assert doc.text[metric.start : metric.end] == metric.raw
            assert any(s <= metric.start and metric.end <= e for s, e in doc.table_spans), (
                metric.key
            )


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_table_warnings_say_what_could_not_be_read(name):
    warnings = [w for w in parsed(name).warnings if w.startswith("table ")]
    wanted = MANIFEST[name].get("warnings", [])
    if name in GOOD or not wanted:
        assert warnings == []
    for fragment in wanted:
        assert any(fragment in w for w in warnings), (fragment, warnings)


@pytest.mark.parametrize("name", GOOD)
def test_prose_around_the_tables_stays_outside_their_spans(name):
    doc = parsed(name)
    for words in (
        "主动公开政府信息5864条",
        "三、收到和处理政府信息公开申请情况",
        "六、其他需要报告的事项",
        "全年共收到政府信息公开申请",
    ):
        at = doc.text.index(words)
        assert not any(s <= at < e for s, e in doc.table_spans), words
    assert len(doc.table_spans) == 3


def test_all_layouts_of_a_report_load_the_same_cells():
    for year in ("2021", "2020"):
        layouts = [n for n in GOOD if n.startswith(f"t{year}")]
        values = [{c: m.value for c, m in cells_of(parsed(n)).items()} for n in layouts]
        assert len(layouts) == (5 if year == "2021" else 4)
        assert all(v == values[0] for v in values[1:])


# ------------------------------------------------------------------ labels, units, keys


def test_labels_units_and_keys_follow_the_template():
    cells = cells_of(parsed("t2021_page.html"))
    new_total = cells["3/new_requests/total"]
    assert (new_total.label, new_total.unit, new_total.value) == (
        "本年新收政府信息公开申请数量 / 总计",
        "件",
        109,
    )
    assert new_total.approx is None
    fee = cells["2/administrative_fees/fee_amount"]
    assert (fee.value, fee.unit, fee.raw) == (35.6, "万元", "35.6")
    assert cells["2/regulations/issued"].label == "规章 / 本年制发件数"
    assert (
        cells["4/cases/litigation_after_review_total"].label
        == "政府信息公开行政复议、行政诉讼 / 行政诉讼（复议后起诉）：总计"
    )
    secret = cells["3/not_disclosed_state_secret/other_org"]
    assert secret.label == "不予公开：属于国家秘密 / 法人或其他组织：其他"


def test_2019_table_two_units_and_negative_change():
    cells = cells_of(parsed("t2020_rows.txt"))
    change = cells["2/administrative_licensing/change"]
    assert (change.value, change.unit, change.raw) == (-2, "项", "-2")
    assert cells["2/administrative_fees/change"].value is None
    assert cells["2/administrative_fees/change"].raw == "-"
    assert (
        cells["2/centralised_procurement/procurement_amount"].unit,
        cells["2/centralised_procurement/procurement_amount"].value,
    ) == ("万元", 386.5)
    assert cells["2/normative_documents/newly_made"].label == "规范性文件 / 本年新制作数量"
    assert cells["3/other_handling/total"].value == 3


# ------------------------------------------------------------------ cells: blank, /, -, 0


MARKDOWN_TABLE4 = """四、政府信息公开行政复议、行政诉讼情况
| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |
| | | | | | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 0 |  | / | - | 0 | 1 | 0 | 0 | 0 | 1 | － | — | ／ | 0 | 0 |
五、存在的主要问题及改进情况
"""


def test_blank_slash_dash_and_zero_are_different_cells():
    found = extract_tables(MARKDOWN_TABLE4, "template_2021")
    cells = {m.column: m for m in found.metrics}
    assert len(cells) == 15
    assert (cells["review_upheld"].value, cells["review_upheld"].raw) == (0.0, "0")
    blank = cells["review_corrected"]
    assert (blank.value, blank.raw, blank.start == blank.end) == (None, "", True)
    assert MARKDOWN_TABLE4[blank.start - 1] == "|"
    assert (cells["review_other"].value, cells["review_other"].raw) == (None, "/")
    assert (cells["review_pending"].value, cells["review_pending"].raw) == (None, "-")
    assert [
        cells[f"litigation_after_review_{k}"].raw for k in ("upheld", "corrected", "other")
    ] == ["－", "—", "／"]
    assert cells["litigation_direct_total"].value == 1
    assert found.unreadable == []


def test_an_html_cell_that_is_empty_is_a_blank_cell():
    from loaders.reading.html import html_to_text

    page = (
        "<p>二、主动公开政府信息情况</p><table>"
        "<tr><td colspan=4>第二十条第（一）项</td></tr>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>&nbsp;</td><td>0</td><td>/</td></tr></table><p>三、收到和处理政府信息公开申请情况</p>"
    )
    text = html_to_text(page)
    cells = {m.column: m for m in extract_tables(text, "template_2021").metrics}
    assert (cells["issued"].value, cells["issued"].raw) == (None, "")
    assert (cells["repealed"].value, cells["in_force"].raw) == (0.0, "/")


# ------------------------------------------------------------------ matching by meaning


VARIANT_TABLE3 = """三、收到和处理政府信息公开申请情况
| 项目 | | 自然人 | 法人或者其他组织 | | | | | 总计 |
| | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其它 | |
| 本年新收政府信息公开申请数量 | | 5 | 1 | 0 | 0 | 0 | 0 | 6 |
| 上年结转政府信息公开申请数量 | | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 本年度办理结果 | 予以公开 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |
| | 部分公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 不予公开 | 属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| | 危及‘三安全一稳定’ | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 其他处理 | 其他 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| | 总计 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |
| 结转下年度继续办理 | | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""


def test_rows_and_columns_match_by_meaning_not_position():
    found = extract_tables(VARIANT_TABLE3, "template_2021")
    cells = {(m.row, m.column): m.value for m in found.metrics}
    assert cells[("new_requests", "total")] == 6
    assert cells[("disclosed", "commercial_enterprise")] == 1
    assert cells[("not_disclosed_three_safeties", "natural_person")] == 1
    assert cells[("other_other", "natural_person")] == 1
    assert cells[("total_processed", "total")] == 6
    assert cells[("carried_forward", "other_org")] == 0
    assert ("not_disclosed_prohibited_by_law", "total") not in cells
    assert any("其他法律行政法规禁止公开' not found" in w for w in found.warnings)


def test_columns_in_another_order_follow_their_headers():
    text = """三、收到和处理政府信息公开申请情况
| | 总计 | 自然人 | 法人或其他组织 | | | | |
| | | | 其他 | 法律服务机构 | 社会公益组织 | 科研机构 | 商业企业 |
| 一、本年新收政府信息公开申请数量 | 21 | 10 | 1 | 2 | 3 | 4 | 1 |
"""
    cells = {m.column: m.value for m in extract_tables(text, "template_2021").metrics}
    assert cells == {
        "total": 21,
        "natural_person": 10,
        "other_org": 1,
        "legal_service_org": 2,
        "social_welfare_org": 3,
        "research_institution": 4,
        "commercial_enterprise": 1,
    }


def test_a_number_glued_to_its_label_and_full_width_digits_are_read():
    text = (
        "三、收到和处理政府信息公开申请情况\n自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
        "一、本年新收政府信息公开申请数量１２ 0 0 0 0 0 12\n"
    )
    cells = {m.column: m for m in extract_tables(text, "template_2021").metrics}
    assert cells["natural_person"].value == 12 and cells["natural_person"].raw == "１２"
    assert cells["total"].value == 12


def test_a_row_run_together_into_one_number_is_unreadable_never_guessed():
    text = (
        "三、收到和处理政府信息公开申请情况\n自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
        "一、本年新收政府信息公开申请数量 12000012\n二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1\n"
    )
    found = extract_tables(text, "template_2021")
    new = [m for m in found.metrics if m.row == "new_requests"]
    assert len(new) == 7 and all(m.value is None and m.raw == "12000012" for m in new)
    assert len(found.unreadable) == 7
    assert [m.value for m in found.metrics if m.row == "carried_over"] == [1, 0, 0, 0, 0, 0, 1]
    assert any("1 values for 7 columns" in w for w in found.warnings)


def test_narrative_reports_have_no_table_cells():
    assert extract_tables(MARKDOWN_TABLE4, "narrative").metrics == []
    seed = Path(__file__).resolve().parent.parent / "seeds" / "aqsiq-2011-annual-report.txt"
    doc = parse_text(seed.read_text(encoding="utf-8"), seed.name)
    assert doc.format == "narrative"
    assert [m for m in doc.metrics if m.table] == [] and doc.table_spans == []


# ------------------------------------------------------------------ more layouts seen in the wild


TAB_SEPARATED = (
    "三、收到和处理政府信息公开申请情况\n"
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\n"
    "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n"
    "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n"
    "一、本年新收政府信息公开申请数量\t\t\t3\t0\t0\t0\t0\t0\t3\n"
    "三、本年度办理结果\t（三）不予公开\t1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1\n"
    "\t（六）其他处理\t3.其他\t2\t0\t0\t0\t0\t1\t3\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
)


def test_tab_separated_rows_copied_from_a_word_processor():
    cells = {
        (m.row, m.column): m.value for m in extract_tables(TAB_SEPARATED, "template_2021").metrics
    }
    assert cells[("new_requests", "natural_person")] == 3
    assert cells[("not_disclosed_state_secret", "total")] == 1
    assert cells[("other_other", "other_org")] == 1 and cells[("other_other", "total")] == 3


NO_HEADINGS = (
    """（本列数据的勾稽关系为：第一项加第二项之和，
等于第三项加第四项之和）
申请人情况
自然人
法人或其他
组织
总计
商业企业
科研机构
社会公益
组织
法律服务机构
其他
一、本年新收政府信息公开申请数量
3

0
0
0
0
3
二、上年结转政府信息公开申请数量
0
0
0
0
0
0
0
行政复议
行政诉讼
结果
维持
结果
纠正
其他
结果
尚未
审结
总计
未经复议直接起诉
复议后起诉
"""
    + "\n".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
    + "\n"
    + "1\n0\n0\n0\n1\n"
    + "0\n" * 10
)


def test_tables_without_headings_with_broken_header_words_and_an_empty_line_for_a_blank_cell():
    found = extract_tables(NO_HEADINGS, "template_2021")
    cells = {(m.table, m.row, m.column): m for m in found.metrics}
    new = [cells[("3", "new_requests", c)].value for c in COLUMNS3]
    assert new == [3, None, 0, 0, 0, 0, 3]
    assert cells[("3", "new_requests", "commercial_enterprise")].raw == ""
    assert [cells[("3", "carried_over", c)].value for c in COLUMNS3] == [0] * 7
    assert cells[("4", "cases", "review_upheld")].value == 1
    assert cells[("4", "cases", "review_total")].value == 1
    assert cells[("4", "cases", "litigation_after_review_total")].value == 0
    assert len([m for m in found.metrics if m.table == "4"]) == 15
    assert not any("header" in w or "values for" in w for w in found.warnings)


INDEXED_PIPE = """三、收到和处理政府信息公开申请情况
| 序号 | 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
| 1 | 一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 1 | 4 |
| 2 | 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
"""
INDEXED_CELLS = (
    "\n".join(
        [
            "三、收到和处理政府信息公开申请情况",
            "序号",
            "项目",
            "自然人",
            "法人或其他组织",
            "总计",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "1",
            "一、本年新收政府信息公开申请数量",
            "3",
            "0",
            "0",
            "0",
            "0",
            "1",
            "4",
            "2",
            "二、上年结转政府信息公开申请数量",
            "1",
            "0",
            "0",
            "0",
            "0",
            "0",
            "1",
        ]
    )
    + "\n"
)


@pytest.mark.parametrize("text", [INDEXED_PIPE, INDEXED_CELLS], ids=["pipe", "cells"])
def test_a_row_index_column_is_not_read_as_a_cell(text):
    found = extract_tables(text, "template_2021")
    cells = {(m.row, m.column): m.value for m in found.metrics}
    assert [cells[("new_requests", c)] for c in COLUMNS3] == [3, 0, 0, 0, 0, 1, 4]
    assert [cells[("carried_over", c)] for c in COLUMNS3] == [1, 0, 0, 0, 0, 0, 1]
    # The snippet stops after two rows: only missing rows are reported.
    assert [w for w in found.warnings if "not found" not in w and "truncated" not in w] == []


@pytest.mark.parametrize(
    "numbers, expected",
    [
        ("1000001", [1, 0, 0, 0, 0, 0, 1]),
        ("0000000", [0, 0, 0, 0, 0, 0, 0]),
        ("5 0 00000", [None] * 7),  # its only reading 5 0 0 0 0 0 0 breaks the row sum (总计 0)
        ("12000012", [None] * 7),
        ("38 6 1 1 21 49", [None] * 7),
        ("5 0 0 0 0 5", [None] * 7),
    ],
)
def test_numbers_run_together_are_split_only_when_one_reading_exists(numbers, expected):
    text = (
        "三、收到和处理政府信息公开申请情况\n自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
        f"一、本年新收政府信息公开申请数量 {numbers}\n二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1\n"
    )
    found = extract_tables(text, "template_2021")
    new = [m for m in found.metrics if m.row == "new_requests"]
    assert [m.value for m in new] == expected
    assert all(text[m.start : m.end] == m.raw for m in new)
    if expected[0] is not None:
        assert [m.raw for m in new] == [str(v) for v in expected]
        assert any("only one reading" in w for w in found.warnings)
    else:
        assert len(found.unreadable) == 7


def test_a_table_two_row_without_its_sub_table_header_gets_its_template_columns():
    text = (
        "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n"
        "规章 0 0 0\n行政规范性文件 5 1 20\n第二十条第（五）项\n行政许可 12\n第二十条第（八）项\n行政事业性收费 0.00\n"
        "三、收到和处理政府信息公开申请情况\n"
    )
    found = extract_tables(text, "template_2021")
    cells = {(m.row, m.column): (m.value, m.unit) for m in found.metrics}
    assert cells[("normative_documents", "in_force")] == (20, "件")
    assert cells[("administrative_licensing", "decisions")] == (12, "件")
    assert cells[("administrative_fees", "fee_amount")] == (0, "万元")
    assert any("no header above row '行政许可'" in w for w in found.warnings)


HEADER3 = "三、收到和处理政府信息公开申请情况\n自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n"


@pytest.mark.parametrize(
    "text, row, values, placement",
    [
        pytest.param(
            HEADER3 + "一、本年新收政府信息公开申请数量 5 0 0 0 0 1 6\n",
            "new_requests",
            [5, 0, 0, 0, 0, 1, 6],
            "header",
            id="header",
        ),
        pytest.param(
            "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 5 0 0 0 0 1 6\n",
            "new_requests",
            [5, 0, 0, 0, 0, 1, 6],
            "template_order_checked",
            id="no-header-sums-hold",
        ),
        pytest.param(
            "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 5 0 0 0 0 1 7\n",
            "new_requests",
            [5, 0, 0, 0, 0, 1, 7],
            "template_order",
            id="no-header-sums-fail",
        ),
        pytest.param(
            HEADER3 + "一、本年新收政府信息公开申请数量 1000001\n",
            "new_requests",
            [1, 0, 0, 0, 0, 0, 1],
            "split_by_arithmetic",
            id="run-together-sums-hold",
        ),
        pytest.param(
            HEADER3 + "一、本年新收政府信息公开申请数量 5 0 00000\n",
            "new_requests",
            [None] * 7,
            None,
            id="run-together-sums-fail-unread",
        ),
    ],
)
def test_every_cell_says_how_it_was_placed(text, row, values, placement):
    found = extract_tables(
        text + "二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1\n", "template_2021"
    )
    cells = {m.column: m for m in found.metrics if m.row == row}
    assert [cells[c].value for c in COLUMNS3] == values
    assert {cells[c].placement for c in COLUMNS3} == {placement}
    if placement not in ("header", None):
        assert any(f"cells placed by {placement}" in w for w in found.warnings), found.warnings
    if placement is None:
        assert any("breaks the row sums; its cells are not read" in w for w in found.warnings), (
            found.warnings
        )


@pytest.mark.parametrize(
    "numbers, values, placement",
    [
        ("1 0 0 0 0 0 1", [1, 0, 0, 0, 0, 0, 1], "typo_matched_row"),
        ("1 0 0 0 0 0 2", None, None),
    ],
)
def test_a_row_name_with_a_typo_is_read_only_when_its_sum_confirms_it(numbers, values, placement):
    text = (
        HEADER3
        + "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n（三）不予公开\n1.属于国家秘密 0 0 0 0 0 0 0\n"
        f"2.其他法律行政止公开 {numbers}\n3.危及“三安全一稳定” 0 0 0 0 0 0 0\n"
    )
    found = extract_tables(text, "template_2021")
    cells = {m.column: m for m in found.metrics if m.row == "not_disclosed_prohibited_by_law"}
    if values is None:
        assert cells == {}
        assert any("'2.其他法律行政止公开' is not a template row" in w for w in found.warnings), (
            found.warnings
        )
        return
    assert [cells[c].value for c in COLUMNS3] == values
    assert {cells[c].placement for c in COLUMNS3} == {placement}
    assert any(
        "is read as '不予公开：其他法律行政法规禁止公开'" in w and "typo_matched_row" in w
        for w in found.warnings
    )
