"""Word reports: .docx paragraphs and tables in order, merged cells, and legacy .doc named."""

import io

import docx
import pytest

from loaders.pipeline import parse_bytes
from loaders.reading.decode import DocumentError, decode_document
from loaders.reading.docx import docx_to_text
from tests.documents import DOCUMENTS, metric_keys, source_path


@pytest.mark.parametrize(
    "stem, count",
    [
        ("aqsiq-2011-annual-report", 255),
        ("aqsiq-2012-subsites-disclosure", 167),
        ("city_portal_2022", 233),
        (
            "2020_pingtan_zone",
            245,
        ),  # 174 table cells read by arithmetic, 22 of table 二 (6 with a value)
    ],
)
def test_a_docx_copy_loads_to_the_metrics_of_its_source(stem, count):
    source = source_path(stem)
    expected = parse_bytes(source.read_bytes(), source.name)
    doc = parse_bytes((DOCUMENTS / f"{stem}.docx").read_bytes(), f"{stem}.docx")
    assert (
        doc.media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert len(doc.metrics) == count
    assert metric_keys(doc) == metric_keys(expected)
    assert (doc.report.title, doc.report.agency, doc.report.year) == (
        expected.report.title,
        expected.report.agency,
        expected.report.year,
    )
    for metric in doc.metrics:
        assert doc.text[metric.start : metric.end] == metric.raw


def _docx(build):
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _report(document):
    document.add_paragraph("某局2021年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [
            ["信息内容", "本年制发件数", "现行有效件数"],
            ["规章", "0", "2"],
            ["行政规范性文件", "4", "37"],
        ]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    merged = document.add_table(rows=3, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 2)).text = "第二十条第（五）项"
    merged.cell(1, 0).merge(merged.cell(2, 0)).text = "行政许可"
    merged.cell(1, 1).text, merged.cell(1, 2).text = "本年", "12"
    merged.cell(2, 1).text, merged.cell(2, 2).text = "上年|结转", "3"
    document.add_paragraph("二、其他\n说明。")
    document.sections[0].footer.paragraphs[0].text = "- 1 -"


def test_paragraphs_and_tables_in_document_order_merged_cells_repeated():
    assert docx_to_text(_docx(_report)) == (
        "某局2021年政府信息公开工作年度报告\n"
        "一、总体情况\n"
        "| 信息内容 | 本年制发件数 | 现行有效件数 |\n"
        "| 规章 | 0 | 2 |\n"
        "| 行政规范性文件 | 4 | 37 |\n"
        "第二十条第（五）项\n"
        "| 行政许可 | 本年 | 12 |\n"
        "| 行政许可 | 上年｜结转 | 3 |\n"
        "二、其他\n"
        "说明。\n"
    )


def test_a_docx_is_recognised_by_its_content_whatever_its_name():
    decoded = decode_document(_docx(_report), "report.txt")
    assert (decoded.encoding, decoded.media_type, decoded.text.splitlines()[0]) == (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "某局2021年政府信息公开工作年度报告",
    )


@pytest.mark.parametrize(
    "name, data, reason",
    [
        (
            "legacy-report.doc",
            (DOCUMENTS / "legacy-report.doc").read_bytes(),
            r"a legacy Word \.doc/\.wps \(OLE2\) document: save it as \.docx or PDF and load that",
        ),
        (
            "report.wps",
            bytes.fromhex("D0CF11E0A1B11AE1") + bytes(100),
            r"a legacy Word \.doc/\.wps",
        ),
        ("report.doc", b"{\\rtf1\\ansi \\'d6\\'ca}", "an RTF document: save it as .docx or PDF"),
        ("empty.docx", _docx(lambda document: None), "a Word document without text"),
    ],
)
def test_word_documents_that_cannot_be_read_are_named(name, data, reason):
    with pytest.raises(DocumentError, match=reason):
        decode_document(data, name)


def test_a_damaged_docx_is_named():
    data = _docx(_report)
    with pytest.raises(DocumentError, match="a ZIP package that is not a readable Word .docx"):
        decode_document(data[: len(data) // 2] + bytes(100), "broken.docx")
