"""Held-out template reports as real sites publish them (fixtures/template_wild), and the reading rules they led to.

The fixtures were written apart from the reader (see their build_fixtures.py);
their cell values are the hand-written files in fixtures/template_wild/expected
and the literals below. Each rule test states a layout in a few lines.
"""

from fnmatch import fnmatchcase

import pytest

from loaders import template_spec as spec
from loaders.evaluation.tables import identity_expectation
from loaders.formats import detect_format
from loaders.tables import extract_tables
from loaders.template_tables.cells import read_cell
from tests.template_cells import COLUMNS3, FixtureFolder, cells_of, hand_written_cells

WILD_SET = FixtureFolder("template_wild")
WILD = WILD_SET.path
MANIFEST = WILD_SET.manifest
NAMES = WILD_SET.names

parsed = WILD_SET.parsed
report = WILD_SET.report


def expected_cells(entry):
    return hand_written_cells(report(entry["report"]))


def unreadable_cells(entry, cells):
    return {
        c: raw
        for pattern, raw in entry.get("unreadable", {}).items()
        for c in cells
        if fnmatchcase(c, pattern)
    }


def table_warnings(name):
    return [w for w in parsed(name).warnings if w.startswith("table ")]


# ------------------------------------------------------------------ every held-out fixture


def test_the_held_out_set_covers_agency_levels_formats_and_layouts():
    assert len(NAMES) == 7
    agencies = {report(MANIFEST[n]["report"])["agency"] for n in NAMES}
    assert {
        "青川省自然资源厅",
        "临江市市场监督管理局",
        "东湖区人民政府",
        "石桥镇人民政府",
    } <= agencies
    formats = [report(MANIFEST[n]["report"])["format"] for n in NAMES]
    assert formats.count("template_2019") == 3 and formats.count("template_2021") == 4


@pytest.mark.parametrize("name", NAMES)
def test_format_is_detected(name):
    assert parsed(name).format == report(MANIFEST[name]["report"])["format"]


@pytest.mark.parametrize("name", NAMES)
def test_every_cell_loads_with_its_hand_written_value(name):
    entry = MANIFEST[name]
    expected = expected_cells(entry)
    unreadable = unreadable_cells(entry, expected)
    found = cells_of(parsed(name))
    assert sorted(set(found) - set(expected)) == []
    assert sorted(set(expected) - set(found)) == []
    for cell, written in expected.items():
        metric = found[cell]
        if cell in unreadable:
            assert metric.value is None, cell
            assert unreadable[cell] in metric.raw, cell
        elif isinstance(written, str):
            assert metric.value is None, cell
            assert metric.raw.strip() == written, cell
        else:
            assert metric.value == float(written), cell


@pytest.mark.parametrize("name", NAMES)
def test_identities_are_as_written_in_the_manifest(name):
    checks = [c for c in parsed(name).checks if c.kind == "identity"]
    assert (
        len(checks) == 42 if report(MANIFEST[name]["report"])["format"] == "template_2021" else 40
    )
    for check in checks:
        want = identity_expectation(MANIFEST[name], check)
        assert check.status == want["status"], (
            check.rule,
            check.subject,
            check.detail.get("missing"),
        )


@pytest.mark.parametrize("name", NAMES)
def test_table_warnings_are_exactly_the_expected_ones(name):
    warnings = table_warnings(name)
    wanted = MANIFEST[name].get("warnings", [])
    assert len(warnings) == len(wanted), warnings
    for fragment in wanted:
        assert any(fragment in w for w in warnings), (fragment, warnings)


@pytest.mark.parametrize("name", NAMES)
def test_each_cell_points_at_its_own_text_inside_a_table_span(name):
    doc = parsed(name)
    for metric in doc.metrics:
        if metric.table:
            assert doc.text[metric.start : metric.end] == metric.raw
            assert any(s <= metric.start and metric.end <= e for s, e in doc.table_spans), (
                metric.key
            )


# Cells written out by hand, one or two per difficulty of each fixture.
SPOT_CELLS = [
    ("prov_word_2021.html", "2/administrative_licensing/decisions", 12356, "12,356"),
    ("prov_word_2021.html", "2/administrative_fees/fee_amount", 0.5, "0.5"),
    ("prov_word_2021.html", "3/carried_over/natural_person", 12, "１２"),
    ("prov_word_2021.html", "3/unavailable_not_held/total", 65, "６５"),
    ("prov_word_2021.html", "4/cases/litigation_direct_pending", 2, "2"),
    ("city_gbk_2019.html", "2/other_external_services/change", 2, "+2"),
    ("city_gbk_2019.html", "2/administrative_licensing/change", -3, "-3"),
    ("city_gbk_2019.html", "2/centralised_procurement/procurement_amount", 263.47, "263.47"),
    ("city_gbk_2019.html", "3/other_handling/total", 6, "6"),
    ("city_gbk_2019.html", "3/not_disclosed_three_safeties/total", 0, "0"),
    ("district_pdf_2021.txt", "3/not_disclosed_prohibited_by_law/total", 0, "0"),
    ("district_pdf_2021.txt", "3/other_unpaid_fees/natural_person", 0, "0"),
    ("district_pdf_2021.txt", "3/other_other/total", 0, "0"),
    ("district_pdf_2021.txt", "3/not_processed_publications/total", 0, "0"),
    ("district_pdf_2021.txt", "3/unavailable_not_held/total", 24, "24"),
    ("district_pdf_2021.txt", "2/administrative_fees/fee_amount", None, "/"),
    ("district_pdf_2021.txt", "4/cases/review_total", 2, "2"),
    ("township_tabs_2021.txt", "3/disclosed/research_institution", None, "/"),
    ("township_tabs_2021.txt", "3/other_unpaid_fees/total", None, ""),
    ("township_tabs_2021.txt", "3/other_other/natural_person", None, "—"),
    ("township_tabs_2021.txt", "3/new_requests/total", 6, "6"),
    ("county_cells_2020.txt", "2/administrative_licensing/decisions", 326, "326"),
    ("county_cells_2020.txt", "2/centralised_procurement/procurement_amount", 1234.6, "1,234.6"),
    ("county_cells_2020.txt", "2/administrative_fees/change", -1, "-1"),
    ("county_cells_2020.txt", "3/unavailable_not_held/total", 7, "7"),
    ("city_cms_2021.html", "2/regulations/issued", None, "/"),
    ("city_cms_2021.html", "3/other_other/legal_service_org", 1, "1"),
    ("city_cms_2021.html", "3/partially_disclosed/total", 15, "15"),
    ("bureau_ueditor_2020.html", "3/disclosed/natural_person", 18, "\u200b18"),
    ("bureau_ueditor_2020.html", "3/not_disclosed_query_matters/total", 2, "2"),
    ("bureau_ueditor_2020.html", "2/administrative_fees/change", None, "—"),
    ("bureau_ueditor_2020.html", "2/centralised_procurement/procurement_amount", 56.8, "56.8"),
]


@pytest.mark.parametrize("name, cell, value, raw", SPOT_CELLS)
def test_spot_cells_written_out(name, cell, value, raw):
    metric = cells_of(parsed(name))[cell]
    assert (metric.value, metric.raw) == (value, raw)


def test_units_follow_the_headers_of_the_wild_pages():
    prov = cells_of(parsed("prov_word_2021.html"))
    assert prov["2/administrative_fees/fee_amount"].unit == "万元"
    bureau = cells_of(parsed("bureau_ueditor_2020.html"))
    assert bureau["2/centralised_procurement/procurement_amount"].unit == "万元"
    assert bureau["2/administrative_licensing/change"].unit == "项"


def test_a_report_without_table_two_has_no_table_two_cells():
    doc = parsed("township_tabs_2021.txt")
    assert not [m for m in doc.metrics if m.table == "2"]
    assert len(doc.table_spans) == 2


def test_the_lost_blank_cell_is_unreadable_never_shifted():
    cells = cells_of(parsed("district_pdf_2021.txt"))
    row = [cells[f"3/not_disclosed_internal_affairs/{c}"] for c in COLUMNS3]
    assert all(m.value is None for m in row)
    # Neighbours keep their own numbers.
    assert cells["3/not_disclosed_third_party_rights/total"].value == 3
    assert cells["3/not_disclosed_process_info/total"].value == 3


# ------------------------------------------------------------------ rule: header words broken over lines


def test_a_2019_header_word_broken_over_lines_is_joined():
    text = "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容\n上一年项\n目数量\n本年增\n/减\n处理决\n定数量\n行政许可\n9\n0\n326\n三、收到"
    cells = {
        m.column: m.value for m in extract_tables(text, "template_2019").metrics if m.table == "2"
    }
    assert cells == {"previous_year_items": 9, "change": 0, "decisions": 326}


def test_a_whole_header_word_does_not_swallow_the_next_fragment():
    assert spec.is_header_word("3", "商业企业科研", loose=False) is False
    assert spec.is_header_word("2", spec.normalise("处理决定数量")) is True  # the 2019 wording
    assert spec.is_header_word("2", spec.normalise("处理决定数"), loose=True) is True
    assert spec.is_header_word("2", spec.normalise("处理决定数"), loose=False) is False


# ------------------------------------------------------------------ rule: tab-separated rows


TAB_TABLE3 = (
    "三、收到和处理政府信息公开申请情况\n"
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n"
    "自然人\t法人或其他组织\t总计\n"
    "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n"
    "本年新收政府信息公开申请数量\t5\t1\t0\t2\t0\t3\t11\n"
    "上年结转政府信息公开申请数量\t\t\t\t\t\t\t\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
)


def test_tab_rows_with_merged_header_cells_left_out_map_by_meaning():
    cells = {(m.row, m.column): m for m in extract_tables(TAB_TABLE3, "template_2021").metrics}
    assert [cells[("new_requests", c)].value for c in COLUMNS3] == [5, 1, 0, 2, 0, 3, 11]


def test_trailing_tabs_are_blank_cells():
    cells = {(m.row, m.column): m for m in extract_tables(TAB_TABLE3, "template_2021").metrics}
    blanks = [cells[("carried_over", c)] for c in COLUMNS3]
    assert [(m.value, m.raw) for m in blanks] == [(None, "")] * 7


# ------------------------------------------------------------------ rule: group lines with empty cells


def _group_line_table(report_format):
    return (
        "三、收到和处理政府信息公开申请情况\n"
        "| 项目 | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
        "| （六）其他处理 | | | | | | | | |\n"
        "| | 3.其他 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )


def test_a_2021_group_line_with_empty_cells_is_the_group_not_the_2019_row():
    found = extract_tables(_group_line_table("template_2021"), "template_2021")
    rows = {m.row for m in found.metrics}
    assert rows == {"other_other"}
    assert not [w for w in found.warnings if "other_handling" in w or "not in the" in w]


def test_in_the_2019_format_the_same_line_is_its_row_with_blank_cells():
    found = extract_tables(_group_line_table("template_2019"), "template_2019")
    blank = [m for m in found.metrics if m.row == "other_handling"]
    assert len(blank) == 7 and all(m.value is None and m.raw == "" for m in blank)


# ------------------------------------------------------------------ rule: labels wrapped around their numbers (pdftotext -layout)


HEADER3 = "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"


def _table3(rows, report_format="template_2021"):
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        + HEADER3
        + rows
        + "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    found = extract_tables(text, report_format)
    cells = {}
    for m in found.metrics:
        cells.setdefault(m.row, []).append(m.value)
    return cells, [w for w in found.warnings if "not found" not in w]


def test_a_label_that_ends_after_its_numbers_names_its_row():
    cells, warnings = _table3(
        "        1.属于国家秘密          0  0  0  0  0  0  0\n"
        "        2.其他法律行政法        1  0  0  0  0  0  1\n"
        "        规禁止公开\n"
        "        3.危及“三安全一          2  0  0  0  0  0  2\n"
        "        稳定”\n"
        "        4.保护第三方合法权益    3  0  0  0  0  0  3\n"
    )
    assert cells["not_disclosed_prohibited_by_law"] == [1, 0, 0, 0, 0, 0, 1]
    assert cells["not_disclosed_three_safeties"] == [2, 0, 0, 0, 0, 0, 2]
    assert cells["not_disclosed_third_party_rights"] == [3, 0, 0, 0, 0, 0, 3]
    assert warnings == []


def test_a_label_wrapped_around_a_group_label_names_its_row():
    cells, warnings = _table3(
        "        1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请  1  0  0  0  0  0  1\n"
        "                    2.申请人逾期未按收\n"
        "        （六）其他  费通知要求缴纳费\n"
        "          处理      用、行政机关不再处   2  0  0  0  0  0  2\n"
        "                    理其政府信息公开申\n"
        "                    请\n"
        "                    3.其他                4  0  0  0  0  0  4\n"
    )
    assert cells["other_unpaid_fees"] == [2, 0, 0, 0, 0, 0, 2]
    assert cells["other_other"] == [4, 0, 0, 0, 0, 0, 4]
    assert warnings == []


def test_a_row_outside_the_template_does_not_take_the_next_rows_label():
    cells, warnings = _table3(
        "本年新收政府信息公开申请数量 5 1 0 0 0 0 6\n"
        "其中：网上申请 3 1 0 0 0 0 4\n"
        "上年结转政府信息公开申请数量 2 0 0 0 0 0 2\n"
    )
    assert cells["new_requests"] == [5, 1, 0, 0, 0, 0, 6]
    assert cells["carried_over"] == [2, 0, 0, 0, 0, 0, 2]
    assert any("其中：网上申请' is not a template row" in w for w in warnings)


def test_a_word_below_a_row_written_on_one_line_is_a_label_not_its_missing_cell():
    cells, warnings = _table3(
        "        5.属于三类内部事         0  0  0  0  0  0\n"
        "        务信息\n"
        "        6.属于四类过程性信息     1  0  0  0  0  0  1\n"
    )
    assert cells["not_disclosed_internal_affairs"] == [None] * 7
    assert cells["not_disclosed_process_info"] == [1, 0, 0, 0, 0, 0, 1]
    assert any("6 values for 7 columns" in w for w in warnings)


def test_a_header_broken_across_lines_falls_back_to_the_template_order_and_says_so():
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "   （本列数据的勾稽关系为：第一项加第二项   自然人   商业  科研  社会公益  法律服务         总计\n"
        "   之和，等于第三项加第四项之和）                   企业  机构    组织      机构     其他\n"
        "   一、本年新收政府信息公开申请数量   64   11   0   2   3   1   81\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    found = extract_tables(text, "template_2021")
    assert [m.value for m in found.metrics if m.row == "new_requests"] == [64, 11, 0, 2, 3, 1, 81]
    assert any("the template's column order is assumed" in w for w in found.warnings)


def test_table_four_numbers_under_an_unreadable_header_are_read_in_template_order():
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "        行政复议                         行政诉讼\n"
        "                              未经复议直接起诉          复议后起诉\n"
        "  结果  结果  其他  尚未  总计\n"
        "  维持  纠正  结果  审结        结果  结果  其他  尚未  总计  结果  结果  其他  尚未  总计\n"
        "                                维持  纠正  结果  审结        维持  纠正  结果  审结\n"
        "  1  0  0  1  2  1  0  0  0  1  0  0  0  0  0\n"
        "五、存在的主要问题及改进情况\n"
    )
    found = extract_tables(text, "template_2021")
    values = {m.column: m.value for m in found.metrics}
    assert len(values) == 15
    assert (
        values["review_pending"],
        values["review_total"],
        values["litigation_direct_total"],
    ) == (1, 2, 1)
    assert any("template column order assumed" in w for w in found.warnings)


def test_table_four_with_a_wrong_count_of_numbers_is_unreadable():
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "  结果  结果  其他  尚未  总计\n"
        "  维持  纠正  结果  审结\n"
        "  1  0  0  1  2  1  0  0  0  1  0  0  0  0\n"
        "五、存在的主要问题及改进情况\n"
    )
    found = extract_tables(text, "template_2021")
    assert found.metrics and all(m.value is None for m in found.metrics)


# ------------------------------------------------------------------ rule: zero-width characters


@pytest.mark.parametrize(
    "raw, value", [("\u200b18", 18), ("12\u200b", 12), ("\ufeff3", 3), ("1,2\u200d34", 1234)]
)
def test_zero_width_characters_are_not_part_of_a_number(raw, value):
    assert read_cell(raw) == (value, "number")


def test_a_cell_of_only_zero_width_characters_is_blank():
    assert read_cell("\u200b") == (None, "blank")


def test_zero_width_characters_do_not_hide_wording():
    assert spec.normalise("1.本机关不掌握\u200b相关政府信息") == "本机关不掌握相关政府信息"
    text = "\n".join(
        [
            "年度报告",
            "本年新收政府信息\u200b公开申请数量",
            "上年结转政府信息公开申请数量",
            "结转下年度继续办理",
            "尚未审结",
            "本年制发件数",
        ]
    )
    assert detect_format(text) == "template_2021"


# ------------------------------------------------------------------ rule: a group label and its item in one cell


def test_a_group_label_and_its_item_in_one_cell_name_the_item():
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
        "| （三）不予公开 1.属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "| （四）无法提供：1.本机关不掌握相关政府信息 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
        "| （六）其他处理 3.其他 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    found = extract_tables(text, "template_2021")
    totals = {m.row: m.value for m in found.metrics if m.column == "total"}
    assert totals == {"not_disclosed_state_secret": 1, "unavailable_not_held": 3, "other_other": 4}
    assert (
        spec.match_row("3", spec.normalise("（三）不予公开 其他")) is None
    )  # a group word alone names no item


# ------------------------------------------------------------------ rule: a 2021 table 三 under a 2019 table 二


def test_a_report_mixing_formats_checks_the_rows_it_has():
    from collections import Counter

    from loaders.pipeline import parse_text

    template = WILD.parent / "template"
    new, old = (
        (template / "t2021_rows.txt").read_text(encoding="utf-8"),
        (template / "t2020_rows.txt").read_text(encoding="utf-8"),
    )
    two, three = "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"
    mixed = new[: new.index(two)] + old[old.index(two) : old.index(three)] + new[new.index(three) :]
    doc = parse_text(mixed, "mixed.txt")
    assert doc.format == "template_2019"  # table 二 has the 2019 columns
    cells = cells_of(doc)
    assert cells["2/administrative_licensing/previous_year_items"].value == 58
    assert cells["3/other_overdue_correction/total"].value == 2
    assert "table 三 follows the template_2021 format, not template_2019" in doc.warnings
    assert Counter(c.status for c in doc.checks if c.kind == "identity") == {"pass": 42}


# ------------------------------------------------------------------ rule: cells under a grid header's label columns


@pytest.mark.parametrize("corner, label", [("项目", "数量"), ("类别", "件数"), ("", "本年度")])
def test_a_short_word_under_the_label_column_is_the_rows_label(corner, label):
    from loaders.reading.html import html_to_text

    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    page = (
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><table>"
        f"<tr><td rowspan=3>{corner}</td><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
        "<tr>"
        + "".join(f"<td rowspan=2>{r}</td>" for r in results)
        + "<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>"
        "<tr>" + "".join(f"<td>{r}</td>" for r in results * 2) + "</tr>"
        f"<tr><td>{label}</td>" + "".join(f"<td>{n % 4}</td>" for n in range(15)) + "</tr></table>"
        "<p>五、存在的主要问题及改进情况</p>"
    )
    found = extract_tables(html_to_text(page), "template_2021")
    values = {m.column: m.value for m in found.metrics}
    assert len(values) == 15
    assert (
        values["review_upheld"],
        values["review_pending"],
        values["litigation_after_review_total"],
    ) == (0, 3, 2)
    assert [w for w in found.warnings if "四" in w and "not found" not in w] == []


# ------------------------------------------------------------------ rule: where the columns under 法人或其他组织 stand


def _flat_header_table3(header_lines):
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        + header_lines
        + "一、本年新收政府信息公开申请数量  9  1  2  3  4  5  24\n四、政府信息公开行政复议、行政诉讼情况\n"
    )
    found = extract_tables(text, "template_2021")
    return (
        {m.column: m.value for m in found.metrics},
        [w for w in found.warnings if "not found" not in w],
    )


IN_ORDER = {
    "natural_person": 9,
    "commercial_enterprise": 1,
    "research_institution": 2,
    "social_welfare_org": 3,
    "legal_service_org": 4,
    "other_org": 5,
    "total": 24,
}


def test_sub_columns_written_between_natural_person_and_total_keep_their_order():
    values, warnings = _flat_header_table3(
        "                 申请人情况\n              法人或其他组织\n"
        "   自然人  商业企业 科研机构 社会公益组织 法律服务机构 其他  总计\n"
    )
    assert values == IN_ORDER and warnings == []


def test_sub_columns_under_the_group_written_beside_natural_person_and_total_go_where_it_stands():
    values, warnings = _flat_header_table3(
        "自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
    )
    assert values == IN_ORDER and warnings == []


def test_a_group_line_above_natural_person_and_total_cannot_place_the_sub_columns():
    values, warnings = _flat_header_table3(
        "    法人或其他组织\n自然人  总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
    )
    assert values == IN_ORDER
    assert warnings == [
        "table 三: the header does not show where the columns under 法人或其他组织 stand; "
        "the template's column order is assumed",
        "table 三: 7 cells placed by template_order_checked",
    ]
