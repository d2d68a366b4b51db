"""Bytes to text: encodings, BOM, line endings, and documents that cannot be read."""

import codecs
import re

import pytest

from loaders.reading.decode import DocumentError, decode_document, embedded_tables, is_html

TEXT = "质检总局2011年政府信息公开工作年度报告\n质量管理信息718条。\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_supported_encodings_decode_to_the_same_text(data, encoding):
    decoded = decode_document(data, "r.txt")
    assert (decoded.text, decoded.encoding, decoded.media_type) == (TEXT, encoding, "text/plain")


def test_line_endings_become_newlines_and_nothing_else_changes():
    data = "甲 ，乙\r\n丙\r丁  \n".encode()
    assert decode_document(data, "r.txt").text == "甲 ，乙\n丙\n丁  \n"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty document"),
        (b" \n\t\n", "empty document"),
        (b"%PDF-1.4\x00\x01\x02", r"an unreadable PDF \(PdfminerException: No /Root object"),
        (b"\x7fELF\x02\x01\x00\x00", "binary content"),
        (bytes(range(1, 32)) * 20, "binary content"),
        ("质检".encode() + b"\xff\xfe\xfa\xff", "not UTF-8, GB18030 or Big5, and undecodable"),
    ],
)
def test_unreadable_documents_raise_with_a_reason(data, reason):
    with pytest.raises(DocumentError, match=reason):
        decode_document(data, "bad.txt")


@pytest.mark.parametrize(
    "data, name, expected",
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", "a.txt", True),
        (b"<table><tr><td>1</td></tr></table>", "a.txt", False),
        (b"<div class=TRS_Editor><p>x</p><p>y</p><table></table></div>", "a.txt", True),
        (b"plain text", "page.HTML", True),
        ("质检总局<br>".encode(), "a.txt", False),
    ],
)
def test_html_is_recognised_by_name_or_content(data, name, expected):
    assert is_html(data, name) is expected


def test_tables_embedded_in_text_become_pipe_rows_and_the_lines_stay():
    text = (
        "# 某局2021年政府信息公开工作年度报告\n\n一、总体情况\n全年主动公开政府信息120条。\n\n"
        "<table><tr><td>项目</td><td>总计</td></tr>"
        "<tr><td>一、本年新收政府信息公开申请数量</td><td>12</td></tr></table>\n\n二、其他\n说明。\n"
    )
    decoded = decode_document(text.encode("utf-8"), "report.md")
    assert decoded.media_type == "text/plain"
    assert decoded.text == (
        "# 某局2021年政府信息公开工作年度报告\n\n一、总体情况\n全年主动公开政府信息120条。\n\n"
        "| 项目 | 总计 |\n| 一、本年新收政府信息公开申请数量 | 12 |\n\n二、其他\n说明。\n"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("a<table><tr><td>1</td></tr></table>b", [(1, 35)], id="one"),
        pytest.param("<TABLE>x</table >y<table>z</TABLE>", [(0, 17), (18, 34)], id="any-case-two"),
        pytest.param("<table><table>x</table></table>", [(0, 23)], id="to-the-first-closing"),
        pytest.param("<tables>x</table><table", [], id="no-word-boundary-no-closing-after"),
        pytest.param("<table" * 5, [], id="openings-alone"),
        pytest.param("</table><table</table>", [(8, 22)], id="closing-before-and-right-after"),
    ],
)
def test_embedded_tables_are_found_as_the_lazy_pattern_finds_them(text, expected):
    lazy = re.compile(
        r"<table\b.*?</table\s*>", re.I | re.S
    )  # what was searched, from every opening
    assert embedded_tables(text) == expected == [match.span() for match in lazy.finditer(text)]


def test_tables_embedded_in_a_text_share_one_page_budget():
    table = "<table><tr><td colspan=200>申请1件</td><td>x</td></tr></table>"
    decoded = decode_document(("报告\n" + (table + "\n") * 26).encode(), "report.md")
    assert [line.count("申请1件") for line in decoded.text.splitlines()] == [0] + [200] * 25 + [1]
    assert decoded.warnings == [
        "HTML tables: merged cells shown once, in their first position: 1 (199 positions they span left "
        "blank; a cell repeats its text over at most 256 positions, the cells of a page at most 5,000 times)"
    ]


TRADITIONAL = "質檢總局2011年政府信息公開工作年度報告\n主動公開政府信息718條，受理申請1526件。\n"


@pytest.mark.parametrize(
    "data, encoding, text",
    [
        (TRADITIONAL.encode("big5"), "big5", TRADITIONAL),
        (TEXT.encode("utf-16-le"), "utf-16-le", TEXT),
        (TEXT.encode("utf-16-be"), "utf-16-be", TEXT),
        ((TEXT * 20).encode("gbk"), "gb18030", TEXT * 20),
    ],
)
def test_big5_and_utf16_without_a_bom_are_detected(data, encoding, text):
    decoded = decode_document(data, "r.txt")
    assert (decoded.text, decoded.encoding) == (text, encoding)


@pytest.mark.parametrize(
    "data, reason",
    [
        ("质检".encode() + b"\xc0\xe9\xf2\xe0\xe0", "not UTF-8, GB18030 or Big5, and undecodable"),
        ("Отчёт о работе".encode("cp1251") * 10, "not Chinese text"),
        (bytes(range(128, 256)) * 10, "not UTF-8, GB18030 or Big5, and undecodable"),
        (b"\x01\x00\x02\x00\x03\x00" * 50, r"binary content \(NUL bytes\)"),
    ],
)
def test_garbage_never_loads_silently(data, reason):
    with pytest.raises(DocumentError, match=reason):
        decode_document(data, "garbage.txt")


def test_radical_look_alikes_are_read_as_ideographs_in_text_too():
    data = "⼈⺠政府2011年政府信息公开⼯作年度报告\n".encode()
    assert decode_document(data, "r.txt").text == "人民政府2011年政府信息公开工作年度报告\n"
