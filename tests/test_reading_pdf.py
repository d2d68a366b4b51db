"""PDF reports: the copies of text and HTML reports load to the same metrics; scans and bombs fail by name."""

import zlib

import pytest

from loaders.pipeline import parse_bytes
from loaders.reading.decode import DocumentError, decode_document
from loaders.reading.pdf import rejoin_wraps
from tests.documents import DOCUMENTS, SOURCES, metric_keys, source_path


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
def test_a_pdf_copy_loads_to_the_metrics_of_its_source(stem, count):
    source = source_path(stem)
    expected = parse_bytes(source.read_bytes(), source.name)
    doc = parse_bytes((DOCUMENTS / f"{stem}.pdf").read_bytes(), f"{stem}.pdf")
    assert doc.media_type == "application/pdf"
    assert len(doc.metrics) == count
    assert metric_keys(doc) == metric_keys(expected)
    assert (doc.report.agency, doc.report.year) == (expected.report.agency, expected.report.year)
    for metric in doc.metrics:
        assert doc.text[metric.start : metric.end] == metric.raw


@pytest.mark.parametrize("stem", sorted(SOURCES))
def test_page_furniture_is_dropped_and_radicals_read_as_ideographs(stem):
    text = decode_document((DOCUMENTS / f"{stem}.pdf").read_bytes(), f"{stem}.pdf").text
    lines = text.split("\n")
    assert "政府信息公开工作年度报告" not in lines  # the running header of every page
    assert not [
        line for line in lines if line.strip().startswith("- ") and line.strip().endswith(" -")
    ]
    assert not [ch for ch in text if "\u2e80" <= ch <= "\u2fdf"]  # ⼯ ⺠ ⻝ …
    assert "工作" in text


@pytest.mark.parametrize(
    "row",
    [
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "| 行政规范性文件 | 4 | 2 | 37 |",
        "| 第二十条第（五）项 | 第二十条第（五）项 |  |  |",
        "| 一、本年新收政府信息公开申请数量 | 118 | 9 | 1 | 2 | 3 | 1 | 134 |",
        # 三、本年度办理结果 is one cell down three pages: its text in every row, even cut by a page break.
        "| 三、本年度办理结果 | （三）不予公开 | 3. 危及“三安全一稳定” | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "| 三、本年度办理结果 | （五）不予处理 | 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 "
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
    ],
)
def test_ruled_tables_are_pipe_rows_with_merged_cells_repeated(row):
    text = decode_document((DOCUMENTS / "city_portal_2022.pdf").read_bytes(), "c.pdf").text
    assert row in text.split("\n")


def test_a_table_cell_quote_is_the_cell_text():
    doc = parse_bytes((DOCUMENTS / "city_portal_2022.pdf").read_bytes(), "c.pdf")
    cell = next(m for m in doc.metrics if m.table and m.value == 1286)
    line_start = doc.text.rfind("\n", 0, cell.start) + 1
    line = doc.text[line_start : doc.text.find("\n", cell.end)]
    assert (doc.text[cell.start : cell.end], line) == ("1286", "| 行政许可 | 1286 |")


def test_a_scan_without_a_text_layer_is_a_named_failure():
    with pytest.raises(DocumentError, match="a PDF with no text layer"):
        decode_document((DOCUMENTS / "scanned-report.pdf").read_bytes(), "scanned-report.pdf")


def test_more_pages_than_the_limit_is_a_named_failure(monkeypatch):
    monkeypatch.setenv("DISCLOSURE_PDF_MAX_PAGES", "3")
    with pytest.raises(DocumentError, match=r"^\d+ pages, more than the 3 a report may have"):
        decode_document((DOCUMENTS / "aqsiq-2011-annual-report.pdf").read_bytes(), "a.pdf")


def _pdf_with_stream(content):
    """A one-page PDF whose page content is `content`, Flate-compressed."""
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_decompression_bomb_is_refused_before_it_is_inflated(monkeypatch):
    monkeypatch.setenv("DISCLOSURE_PDF_MAX_STREAM_BYTES", "1000000")
    bomb = _pdf_with_stream(b" " * 5_000_000)
    assert len(bomb) < 10_000
    with pytest.raises(DocumentError, match="a compressed stream inflates past 1000000 bytes"):
        decode_document(bomb, "bomb.pdf")


def test_a_small_stream_under_the_limit_is_read_as_a_pdf_without_text(monkeypatch):
    monkeypatch.setenv("DISCLOSURE_PDF_MAX_STREAM_BYTES", "1000000")
    with pytest.raises(DocumentError, match="a PDF with no text layer"):
        decode_document(_pdf_with_stream(b"0 0 m 100 100 l S"), "drawing.pdf")


WRAPPED = (
    "　　（三）出入境检验检疫通关业务信息40条。其中：发布联合公告1条，通知2条，原\n"
    "产地方面信息27条，检务方面信息10条。全年共受理申请1526件，办结1520件，其中\n"
    "予以公开1200件，部分公开200件，不予公开120件，政府信息不存在6件，结转下年\n"
    "度继续办理6件。公开指南和公开目录及时更新，全年共更新公开目录条目三千余条，\n"
    "其他信息按要求公开。Windows 10 系统的公开终端已经全面升级完成，运行良好稳定 Windows\n"
    "10 终端。\n"
    "二、主动公开情况\n"
)


def test_hard_wraps_are_rejoined_and_headings_kept():
    assert rejoin_wraps(WRAPPED) == (
        "　　（三）出入境检验检疫通关业务信息40条。其中：发布联合公告1条，通知2条，原"
        "产地方面信息27条，检务方面信息10条。全年共受理申请1526件，办结1520件，其中"
        "予以公开1200件，部分公开200件，不予公开120件，政府信息不存在6件，结转下年"
        "度继续办理6件。公开指南和公开目录及时更新，全年共更新公开目录条目三千余条，"
        "其他信息按要求公开。Windows 10 系统的公开终端已经全面升级完成，运行良好稳定 Windows"
        " 10 终端。\n"
        "二、主动公开情况\n"
    )
