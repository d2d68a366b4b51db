"""Whole held-out reports (tests/fixtures/e2e_wild): metadata, sections, tables and prose end to end.

The expectations are hand-written beside each report; the thresholds are the
figures reached (loaders/evaluation/e2e.py E2E_THRESHOLDS), so any regression
fails here. Each rule these reports led to has its own test below.
"""

import json

import pytest

from loaders.evaluation.e2e import E2E, e2e_fixtures, evaluate_e2e_document
from loaders.metadata import first_line
from loaders.metrics import find_metrics
from loaders.pipeline import parse_text
from loaders.reading.unwrap import is_aligned_row, unwrap

FIXTURES = [path.name for path in e2e_fixtures()]


def test_the_six_reports_are_there():
    assert FIXTURES == [
        "city_bureau_2019.json",
        "city_portal_2022.json",
        "county_web_2021.json",
        "district_pdf_2022.json",
        "province_dept_2023.json",
        "township_nil_2023.json",
    ]


@pytest.mark.parametrize("name", FIXTURES)
def test_whole_report_meets_its_thresholds(name):
    result = evaluate_e2e_document(E2E / name)
    assert result["failures"] == [], result["failures"]


@pytest.mark.parametrize("name", FIXTURES)
def test_every_table_cell_and_identity_as_written(name):
    tables = evaluate_e2e_document(E2E / name)["tables"]
    assert tables["format"] == tables["format_expected"]
    assert tables["cells_found"] == tables["cells_equal"] == tables["cells_expected"] > 0
    assert tables["cells_misplaced"] == tables["cells_unreadable"] == 0
    assert tables["identities_as_expected"] == tables["identities_total"] > 0


@pytest.mark.parametrize("name", FIXTURES)
def test_metadata_and_headings_exactly(name):
    result = evaluate_e2e_document(E2E / name)
    assert result["metadata_diff"] == {}
    assert result["section_tree"] == result["gold_sections"]
    assert (
        result["section_extras"] == 0
    )  # no table row label (三、本年度办理结果, 四、结转…) read as a heading


def test_the_expected_values_are_written_out():
    """Spot checks of the hand-written expectations themselves (they are data, not parser output)."""
    spec = json.loads((E2E / "district_pdf_2022.json").read_text(encoding="utf-8"))
    assert spec["report"]["title"] == "北湖区人民政府2022年政府信息公开工作年度报告"
    by_quote = {m["q"]: m for m in spec["metrics"]}
    assert by_quote["93万余人次"]["v"] == 930000 and by_quote["93万余人次"]["a"] == "more_than"
    assert by_quote["17\n件"]["p"] == "req"
    report = json.loads(
        (E2E / "expected" / "report_district_pdf_2022.json").read_text(encoding="utf-8")
    )
    assert report["table4"]["review"] == {
        "upheld": 4,
        "corrected": 1,
        "other": 0,
        "pending": 1,
        "total": 7,
    }
    nil = json.loads(
        (E2E / "expected" / "report_township_nil_2023.json").read_text(encoding="utf-8")
    )
    assert nil["table2"]["regulations"] == {"issued": "/", "repealed": "/", "in_force": "/"}


def test_the_deliberately_broken_identity_fails():
    doc_checks = evaluate_e2e_document(E2E / "district_pdf_2022.json")["tables"]
    assert (
        doc_checks["identities_not_as_expected"] == []
    )  # the manifest says: identity_4 review fails


# -- rule: the title after a portal page's chrome ---------------------------------------------


def test_navigation_before_the_article_title_is_not_the_title():
    text = "首页 | 政务公开 | 政务服务 | 互动交流\n某市某局2022年政府信息公开工作年度报告\n发布时间：2023-01-18\n正文。\n"
    assert first_line(text) == "某市某局2022年政府信息公开工作年度报告"


def test_a_title_set_over_two_lines_is_still_joined():
    text = "北湖区人民政府2022年政府信息公开\n工作年度报告\n\n正文。\n"
    assert first_line(text) == "北湖区人民政府2022年政府信息公开工作年度报告"


def test_a_first_line_title_without_chrome_is_kept():
    text = "关于2013年度政府信息公开工作的报告\n某某局2013年政府信息公开工作年度报告\n"
    assert first_line(text) == "关于2013年度政府信息公开工作的报告"


def test_a_title_far_below_the_opening_is_not_taken():
    text = "甲\n乙\n丙\n丁\n戊\n己\n某局2022年政府信息公开工作年度报告\n"
    assert first_line(text) == "甲"


# -- rule: blank-aligned table rows are not wrapped prose --------------------------------------


def test_an_aligned_row_is_recognised():
    assert is_aligned_row("规章   0  0  0")
    assert is_aligned_row("结果 结果 其他 尚未        结果 结果")
    assert not is_aligned_row("全年通过区政府门户网站主动公开政府信息7436条，其中政")
    assert not is_aligned_row("　　2021年，清溪县人民政府坚持以公开为常态")


PDF_PROSE = (
    "全年通过区政府门户网站主动公开政府信息7436条，其中政\n"
    "府文件58件、部门文件132件。在政务新媒体发布信息268\n"
    "4条。全面公开区级部门预算，共公开部门预算46个、部门\n"
    "决算46个。全年共收到政府信息公开申请204件，较上年增\n"
    "加17件。其中，网上申请162件，当面申请25件，信函申请17\n"
    "件。\n"
    "行政规范性文件   5  1  28\n"
    "第四项之和）                      自然人  商业  科研  社会公益  法律服务  其他  总计\n"
    "一、本年新收政府信息公开申请   176  22  0  1  3  2  204\n"
    "二、上年结转政府信息公开申请   8  1  0  0  0  0  9\n"
    "（一）予以公开   62  8  0  1  1  1  73\n"
    "（二）部分公开（区分处理的，   18  3  0  0  1  0  22\n"
    "（三）不予公开1.属于国家秘   0  0  0  0  0  0  0\n"
    "4.保护第三方合法权益   2  1  0  0  0  0  3\n"
    "结果 结果 其他 尚未        结果 结果 其他 尚未        结果 结果 其他 尚未\n"
    "维持 纠正 结果 审结 总计   维持 纠正 结果 审结 总计   维持 纠正 结果 审结 总计\n"
)


def test_pdf_wraps_are_found_beside_pdftotext_table_rows():
    reading = unwrap(PDF_PROSE)
    assert len(reading) == len(PDF_PROSE)
    assert "其中政 府文件58件" in reading
    assert "信函申请17 件" in reading
    assert (
        "二、上年结转政府信息公开申请   8  1  0  0  0  0  9\n" in reading
    )  # rows keep their lines


def test_a_number_and_unit_split_by_a_pdf_wrap_are_one_metric():
    metrics = {m.raw: m for m in find_metrics(PDF_PROSE)}
    assert "17\n件" in metrics and metrics["17\n件"].value == 17
    assert any(m.label.endswith("政府文件") for m in metrics.values() if m.raw == "58件")


# -- rule: a 其中 breaks down a total, not a change or last year's figure ------------------------


def _parents(text):
    doc = parse_text(text)
    by_key = {m.key: m for m in doc.metrics}
    return {m.raw: (by_key[m.parent].raw if m.parent else None) for m in doc.metrics}


def test_among_after_a_change_breaks_down_the_total():
    parents = _parents(
        "全年共收到政府信息公开申请204件，较2021年的187件增加17件。其中，网上申请162件，当面申请25件，信函申请17件。\n"
    )
    assert parents["162件"] == "204件"
    assert parents["25件"] == "204件"


def test_among_after_a_year_over_year_base_breaks_down_the_total():
    parents = _parents(
        "本年度受理申请96件，比2020年的80件多16件，其中网上申请60件、信函申请36件。\n"
    )
    assert parents["60件"] == "96件"
    assert parents["36件"] == "96件"


def test_among_right_after_a_total_is_unchanged():
    parents = _parents("主动公开政府信息2846条，其中工作动态1273条、通知公告532条。\n")
    assert parents["1273条"] == "2846条" and parents["532条"] == "2846条"


# -- rule: a noun read after its number ends where an adverb or action verb begins --------------


@pytest.mark.parametrize(
    "text, raw, label",
    [
        ("上年度发现的5个问题已全部整改到位。\n", "5个", "问题"),
        ("对全区26个区直部门开展第三方评估。\n", "26个", "区直部门"),
    ],
)
def test_a_noun_after_its_number_stops_at_the_predicate(text, raw, label):
    metric = next(m for m in find_metrics(text) if m.raw == raw)
    assert metric.label.endswith(label) and len(metric.label) <= len(label) + 6, metric.label
