"""Format detection from content: narrative, 2019 template or 2021 template."""

from pathlib import Path

import pytest

from loaders.formats import detect_format

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "template"

TABLE3_HEAD = """三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
自然人 法人或其他组织 总计
商业企业 科研机构 社会公益组织 法律服务机构 其他
一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
"""
TABLE4 = """四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉
"""


@pytest.mark.parametrize(
    "name, expected",
    [
        ("t2021_page.html", "template_2021"),
        ("t2021_cells.txt", "template_2021"),
        ("t2021_rows.txt", "template_2021"),
        ("t2020_markdown.md", "template_2019"),
        ("t2020_cells.txt", "template_2019"),
        ("bad_truncated.txt", "template_2021"),
    ],
)
def test_fixtures(name, expected):
    from loaders.reading.decode import decode_document

    text = decode_document((FIXTURES / name).read_bytes(), name).text
    assert detect_format(text) == expected


@pytest.mark.parametrize("seed", sorted((ROOT / "seeds").glob("*.txt")))
def test_narrative_seeds_stay_narrative(seed):
    assert detect_format(seed.read_text(encoding="utf-8")) == "narrative"


def test_table_two_columns_decide():
    head = "某局2021年政府信息公开工作年度报告\n"
    t2021 = "第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n"
    t2019 = (
        "第二十条第（一）项\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n规章 0 0 0\n"
    )
    assert detect_format(head + t2021 + TABLE3_HEAD) == "template_2021"
    # The columns outweigh a title year that would say otherwise.
    assert detect_format(head + t2019 + TABLE3_HEAD) == "template_2019"


def test_the_split_other_handling_row_means_2021():
    rows = "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0\n"
    assert (
        detect_format("某局2020年政府信息公开工作年度报告\n" + TABLE3_HEAD + rows)
        == "template_2021"
    )


def test_without_format_evidence_the_report_year_decides():
    assert (
        detect_format("某局2020年政府信息公开工作年度报告\n" + TABLE3_HEAD + TABLE4)
        == "template_2019"
    )
    assert (
        detect_format("某局2022年度政府信息公开工作报告\n" + TABLE3_HEAD + TABLE4)
        == "template_2021"
    )
    assert detect_format(TABLE3_HEAD + TABLE4) == "template_2021"


def test_prose_that_names_a_few_template_words_is_not_a_template():
    prose = (
        "一、总体情况\n全年收到申请12件，其中自然人申请10件，不予公开2件。\n"
        "五、行政复议和行政诉讼情况\n发生行政复议1件，结果维持。\n"
    )
    assert detect_format(prose) == "narrative"


@pytest.mark.parametrize(
    "layout",
    [
        "（六）其他处理 2 1 0 0 0 0 3\n",
        "| 三、本年度办理结果 | （六）其他处理 | （六）其他处理 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |\n",
        "（六）其他处理\n2\n1\n0\n0\n0\n0\n3\n",
    ],
)
def test_a_single_other_handling_row_means_2019(layout):
    assert detect_format(TABLE3_HEAD + layout + TABLE4) == "template_2019"


def test_prose_naming_other_handling_with_a_count_is_no_format_evidence():
    prose = "一、总体情况\n全年其他处理2件。\n"
    assert (
        detect_format("某局2022年度政府信息公开工作报告\n" + prose + TABLE3_HEAD + TABLE4)
        == "template_2021"
    )
