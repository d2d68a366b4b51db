"""HTML pages to text: furniture dropped, blocks as lines, tables as full-grid pipe rows."""
from pathlib import Path

from loaders.reading.decode import decode_document
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
    page = ("<table><tr><td><p>（二）部分公开（区分处理的，</p><p>只计这一情形）</p></td>"
            "<td><span>1</span> <span>2</span></td><td>a|b</td><td>&nbsp;</td></tr></table>")
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
    assert row == "| 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    assert lines[-2:] == ["云溪县人民政府办公室", "2022年1月20日"]
