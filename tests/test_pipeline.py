"""The whole pipeline (loaders.pipeline): rule order, and what the rules give together.

* every template cell's section is the section that holds its table, in every
  layout of tests/fixtures/template (plain rows, one cell per line, markdown,
  HTML, PDF rows with an index column, and the bad_* inputs);
* title and agency never keep markdown decoration;
* narrative reports of other agencies (tests/fixtures/narrative/) against
  metrics written out by hand (see NARRATIVE below).
"""
from pathlib import Path

import pytest

from loaders import pipeline
from loaders.pipeline import RULES, parse_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATE = sorted(p for p in (FIXTURES / "template").iterdir() if p.suffix in (".txt", ".md", ".html"))
# The section title that holds each table (spec: template sections).
TABLE_SECTIONS = {
    "2": ("二、", "主动公开政府信息情况"),
    "3": ("三、", "收到和处理政府信息公开申请情况"),
    "4": ("四、", "政府信息公开行政复议、行政诉讼情况"),
}


def _parse(path):
    return parse_bytes(path.read_bytes(), path.name)


def test_tables_come_before_sections():
    names = [name for name, _rule in RULES]
    assert names.index("tables") < names.index("sections") < names.index("metric_sections")


@pytest.mark.parametrize("path", TEMPLATE, ids=lambda p: p.name)
def test_every_cell_is_in_the_section_holding_its_table(path):
    doc = _parse(path)
    sections = {section.key: section for section in doc.sections}
    cells = [m for m in doc.metrics if m.table]
    assert cells
    wrong = []
    for cell in cells:
        section = sections.get(cell.section)
        marker, title = TABLE_SECTIONS[cell.table]
        if section is None or section.marker != marker or not section.title.endswith(title) or section.level != 1:
            wrong.append((cell.key, section and (section.marker, section.title)))
    assert wrong == []


@pytest.mark.parametrize("path", TEMPLATE, ids=lambda p: p.name)
def test_no_heading_inside_a_table(path):
    doc = _parse(path)
    inside = [s for s in doc.sections if any(start <= s.start < end for start, end in doc.table_spans)]
    assert inside == []


@pytest.mark.parametrize("path", TEMPLATE, ids=lambda p: p.name)
def test_the_six_template_sections_are_found(path):
    doc = _parse(path)
    level1 = [s.marker for s in doc.sections if s.level == 1]
    expected = ["一、", "二、", "三、", "四、", "五、", "六、"]
    if path.name == "bad_truncated.txt":
        expected = ["一、", "二、", "三、"]  # the text ends inside table 三
    assert level1 == expected


@pytest.mark.parametrize("path", TEMPLATE, ids=lambda p: p.name)
def test_title_and_agency_are_clean(path):
    report = _parse(path).report
    assert report.agency == "云溪县人民政府办公室"
    assert report.title in ("云溪县人民政府办公室2021年政府信息公开工作年度报告",
                            "云溪县人民政府办公室2020年政府信息公开工作年度报告")


@pytest.mark.parametrize("path", TEMPLATE, ids=lambda p: p.name)
def test_narrative_sections_of_the_template_prose(path):
    """The prose of 一、总体情况 sits in its five （一）…（五） subsections in every layout."""
    doc = _parse(path)
    sections = {section.key: section for section in doc.sections}
    titles = [sections[m.section].title for m in doc.metrics if m.table is None and m.section in sections]
    assert titles[:4] == ["主动公开"] * 4
    assert "监督保障" in titles


def test_rules_are_plain_functions_of_the_document():
    # each rule reads and fills a ParsedDocument; none needs a store or a file
    doc = pipeline.parse_text("某局2013年政府信息公开工作年度报告\n一、概述\n全年公开信息100条。\n")
    assert [m.label for m in doc.metrics] == ["信息"]
    assert doc.sections[0].title == "概述"
