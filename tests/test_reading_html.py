"""HTML pages to text: furniture dropped, blocks as lines, tables as full-grid pipe rows."""

from pathlib import Path

import pytest

from loaders.reading.decode import DocumentError, decode_document
from loaders.reading.html import html_to_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "template"


def test_page_furniture_is_dropped_and_the_article_kept():
    page = """<html><head><title>站点标题</title><script>var a = 1;</script><style>p {color: red}</style></head>
    <body><header><a href="/">首页</a></header>
    <div class="nav-bar"><ul><li>政务公开</li><li>互动交流</li></ul></div>
    <div id="breadcrumb">当前位置：首页 &gt; 年报</div>
    <nav>另一个导航</nav><aside>侧栏 2023年</aside>
    <article><header><h1>某局2021年政府信息公开工作年度报告</h1></header>
    <p>正文第一段，主动公开信息12条。</p><p>第二段<br>换行之后</p></article>
    <div class="footer">版权所有 电话 12345678</div><div role="navigation">角色导航</div>
    <script>document.write('x')</script></body></html>"""
    assert html_to_text(page).split("\n") == [
        "某局2021年政府信息公开工作年度报告",
        "正文第一段，主动公开信息12条。",
        "第二段",
        "换行之后",
    ]


def test_merged_cells_repeat_their_text_in_every_position_they_cover():
    page = """<table>
    <tr><td rowspan="2">项目</td><td colspan="2">申请人</td></tr>
    <tr><td>自然人</td><td>法人</td></tr>
    <tr><td>新收</td><td>5</td><td></td></tr>
    </table>"""
    assert html_to_text(page).split("\n") == [
        "| 项目 | 申请人 | 申请人 |",
        "| 项目 | 自然人 | 法人 |",
        "| 新收 | 5 |  |",
    ]


def test_a_row_spanning_the_whole_table_becomes_a_plain_line():
    page = "<table><tr><td colspan=3>第二十条第（一）项</td></tr><tr><td>规章</td><td>1</td><td>2</td></tr></table>"
    assert html_to_text(page).split("\n") == ["第二十条第（一）项", "| 规章 | 1 | 2 |"]


def test_cell_text_is_one_line_and_pipes_inside_cells_are_escaped():
    page = (
        "<table><tr><td><p>（二）部分公开（区分处理的，</p><p>只计这一情形）</p></td>"
        "<td><span>1</span> <span>2</span></td><td>a|b</td><td>&nbsp;</td></tr></table>"
    )
    assert html_to_text(page) == "| （二）部分公开（区分处理的，只计这一情形） | 1 2 | a｜b |  |"


def test_unclosed_cells_rows_and_paragraphs_end_where_browsers_end_them():
    page = "<p>一<p>二<table><tr><td>a<td>b<tr><td>c<td>d</table><ul><li>x<li>y</ul>"
    assert html_to_text(page).split("\n") == ["一", "二", "| a | b |", "| c | d |", "x", "y"]


def test_a_layout_table_renders_its_cells_as_blocks():
    page = """<table class="layout"><tr><td><p>标题</p></td></tr>
    <tr><td><table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>"""
    assert html_to_text(page).split("\n") == ["标题", "| 规章 | 0 |"]


def test_furniture_holding_the_report_table_is_kept():
    page = '<div class="menu-content"><table><tr><td>规章</td><td>0</td></tr></table></div>'
    assert html_to_text(page) == "| 规章 | 0 |"


def test_decoding_an_html_fixture_gives_text_with_pipe_tables_and_no_furniture():
    decoded = decode_document((FIXTURES / "t2021_page.html").read_bytes(), "t2021_page.html")
    assert decoded.media_type == "text/html"
    lines = decoded.text.split("\n")
    assert lines[0] == "云溪县人民政府办公室2021年政府信息公开工作年度报告"
    for furniture in ("首页", "当前位置", "热点信息", "网站标识码", "分享到", "访问量", "_hmt"):
        assert furniture not in decoded.text
    assert "| 行政许可 | 1286 | 1286 | 1286 |" in lines
    assert "第二十条第（五）项" in lines
    assert "| 3 | 1 | 0 | 1 | 5 | 2 | 0 | 1 | 0 | 3 | 1 | 0 | 0 | 1 | 2 |" in lines
    row = next(line for line in lines if "1.属于国家秘密" in line)
    assert (
        row
        == "| 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    )
    assert lines[-2:] == ["云溪县人民政府办公室", "2022年1月20日"]


# --------------------------------------------------------------------------- hostile markup


def test_spans_are_capped_as_browsers_cap_them():
    # rowspan ends with the table's rows; colspan stops at 1000 (and a cell that wide shows its text once).
    page = "<table><tr><td colspan=100000 rowspan=500>申请1件</td><td>x</td></tr></table>"
    [line] = html_to_text(page).splitlines()
    assert line == "| " + " | ".join(["申请1件"] + [""] * 999 + ["x"]) + " |"


def test_the_span_bomb_stays_bounded():
    page = "<table>" + "<tr><td colspan=100 rowspan=500>申请1件</td></tr>" * 20 + "</table>"
    # Each rowspan ends at the last row, so the cells stack up as a staircase 2,000 wide. A cell covering
    # more than MAX_CELL_COPIES (256) positions shows its text once; the last two (100 and 200) repeat it.
    expected = [
        "| " + " | ".join([""] * (100 * r) + ["申请1件"] + [""] * (1999 - 100 * r)) + " |"
        for r in range(18)
    ] + [
        "| " + " | ".join([""] * 1800 + ["申请1件"] * 100 + [""] * 100) + " |",
        "| " + " | ".join([""] * 1800 + ["申请1件"] * 200) + " |",
    ]
    warnings = []
    assert html_to_text(page, warnings=warnings).splitlines() == expected
    assert warnings == [
        "HTML tables: merged cells shown once, in their first position: 18 (20,682 positions they span "
        "left blank; a cell repeats its text over at most 256 positions, the cells of a page at most "
        "5,000 times)"
    ]


@pytest.mark.parametrize(
    "rows, repeated, once",
    [
        pytest.param(25, 25, 0, id="4,975-copies"),
        pytest.param(27, 25, 2, id="two-past-the-page-budget"),
    ],
)
def test_merged_cells_repeat_their_text_at_most_max_page_copies_times_a_page(rows, repeated, once):
    page = "<table>" + "<tr><td colspan=200>申请1件</td><td>x</td></tr>" * rows + "</table>"
    warnings = []
    lines = html_to_text(page, warnings=warnings).splitlines()
    assert [line.count("申请1件") for line in lines] == [200] * repeated + [1] * once
    assert warnings == (
        [
            f"HTML tables: merged cells shown once, in their first position: {once} ({199 * once} positions "
            "they span left blank; a cell repeats its text over at most 256 positions, the cells of a page "
            "at most 5,000 times)"
        ]
        if once
        else []
    )


def test_a_span_bomb_in_a_page_is_named_in_the_document_warnings():
    page = (
        "<html><body><table>"
        + "<tr><td colspan=300>申请1件</td><td>x</td></tr>"
        + "</table></body></html>"
    )
    decoded = decode_document(page.encode(), "bomb.html")
    assert decoded.text == "| " + " | ".join(["申请1件"] + [""] * 299 + ["x"]) + " |"
    assert decoded.warnings == [
        "HTML tables: merged cells shown once, in their first position: 1 (299 positions they span left "
        "blank; a cell repeats its text over at most 256 positions, the cells of a page at most 5,000 times)"
    ]


def test_tables_that_expand_beyond_the_page_budget_are_refused_by_name():
    page = "<table>" + "<tr><td colspan=1000>数</td><td>1</td></tr>" * 300 + "</table>"
    with pytest.raises(DocumentError, match="HTML tables expand to more than 200,000 cells"):
        html_to_text(page)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<div>" * 10000 + "申请1件" + "</div>" * 10000, "申请1件"),
        ("<table><tr><td>" * 3000 + "申请1件", "申请1件"),
        ("<p>a<![if !supportLists]>b<![endif]>c</p>", "abc"),
        ("<p>受理1件</p><![", "受理1件"),
        ("<p><![CDATA[x]]>y</p>", "y"),
    ],
    ids=[
        "10000-divs",
        "3000-nested-tables",
        "word-conditionals",
        "unclosed-marked-section",
        "cdata",
    ],
)
def test_deep_nesting_and_malformed_markup_are_read(page, expected):
    assert html_to_text(page).strip("| \n").endswith(expected)
