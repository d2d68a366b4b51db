"""HTML pages to the readable text the store keeps (tables as pipe rows).

The text made here is what every offset of an HTML report points into, so it
is built to be read back by the loaders as well as by people:

- Page furniture is dropped: script, style, head, nav, aside, forms' widgets,
  `<header>`/`<footer>` outside the article, and elements whose class, id or
  role marks them as navigation, menus, breadcrumbs, sidebars, share bars or
  footers — unless they hold a table (a mislabelled wrapper must not take the
  report with it).
- Block elements (p, div, h1-h6, li, tr, …) become lines; `<br>` breaks a
  line; runs of whitespace collapse to one space.
- A data table (one without a table inside) becomes markdown-style pipe
  rows, one per `<tr>`: `| a | b |`. Merged cells are expanded so every row
  has the table's full width: a cell with rowspan/colspan shows its text in
  every grid position it covers (so each row carries its group labels, and
  a merged header names every column under it). Readers that need a merged
  value once (a number spread over three columns) see that the header above
  those positions is the same merged header. An empty cell is `|  |`.
  A row that is a single cell spanning the whole table (a title such as
  第二十条第（一）项) becomes a plain line. Text inside a cell is joined onto
  one line; a `|` inside a cell is written `｜`.
- A layout table (one that contains tables) is not a data table: its cells
  are rendered as blocks.
"""
import re
from html.parser import HTMLParser

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
DROP = frozenset(
    "script style head noscript template iframe nav aside select option button svg object canvas".split()
)
BLOCK = frozenset(
    (
        "address article blockquote body caption center dd details dialog dir div dl dt fieldset "
        "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main menu ol p pre "
        "section summary table tbody thead tfoot tr td th ul"
    ).split()
)
CLOSES_P = BLOCK - {"body", "html", "td", "th", "tr", "tbody", "thead", "tfoot", "caption"}
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(nav|navbar|navigation|menu|breadcrumbs?|crumbs?|footer|foot|sidebar|share|"
    r"copyright|toolbar|topbar|top-bar|banner|skip|position|location)(?:$|[\s_-])",
    re.I,
)
_BOILERPLATE_ROLES = frozenset(("navigation", "banner", "contentinfo", "search", "complementary"))
_WS = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_CJK_EDGE = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


class Node:
    """An element of the page: tag, attributes and children (Nodes or strings)."""

    def __init__(self, tag, attrs=None, parent=None):
        self.tag = tag
        self.attrs = dict(attrs or {})
        self.parent = parent
        self.children = []

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag):
        return [n for n in self.iter() if n.tag == tag and n is not self]

    def has_ancestor(self, tags):
        node = self.parent
        while node is not None:
            if node.tag in tags:
                return True
            node = node.parent
        return False


class _TreeBuilder(HTMLParser):
    """A forgiving DOM: implied ends of p, li, td, th, tr as browsers apply them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def _close_until(self, tags, stop=("table",)):
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                del self.stack[i:]
                return
            if tag in stop:
                return

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._close_until(("td", "th"), stop=("tr", "table"))
        elif tag == "tr":
            self._close_until(("tr",), stop=("table", "tbody", "thead", "tfoot"))
        elif tag in ("tbody", "thead", "tfoot"):
            self._close_until(("tbody", "thead", "tfoot"), stop=("table",))
        elif tag == "li":
            self._close_until(("li",), stop=("ul", "ol", "table"))
        if tag in CLOSES_P and self.stack[-1].tag == "p":
            self.stack.pop()
        node = Node(tag, attrs, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(markup):
    """The page as a Node tree."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def is_boilerplate(node):
    """Navigation, menus, page header/footer: never part of a report (unless it holds a table)."""
    if node.tag in DROP:
        return True
    marks = " ".join(node.attrs.get(a) or "" for a in ("class", "id"))
    role = (node.attrs.get("role") or "").lower()
    furniture = (
        node.tag in ("header", "footer") and not node.has_ancestor(("article", "main"))
    ) or bool(_BOILERPLATE.search(marks)) or role in _BOILERPLATE_ROLES
    return furniture and not node.find_all("table")


class _Lines:
    """Collects text into lines: blocks start new lines, inline text joins the current one."""

    def __init__(self):
        self.lines = []
        self.buffer = []

    def text(self, data):
        self.buffer.append(data)

    def raw_line(self, line):
        self.newline()
        self.lines.append(line)

    def newline(self):
        line = _WS.sub(" ", "".join(self.buffer)).strip()
        if line:
            self.lines.append(line)
        self.buffer = []

    def result(self):
        self.newline()
        return self.lines


def _render(node, out):
    if isinstance(node, str):
        out.text(node)
        return
    if is_boilerplate(node):
        return
    if node.tag == "br":
        out.newline()
        return
    if node.tag == "table" and not node.find_all("table"):
        out.newline()
        for line in table_lines(node):
            out.raw_line(line)
        out.newline()
        return
    block = node.tag in BLOCK
    if block:
        out.newline()
    for child in node.children:
        _render(child, out)
    if block:
        out.newline()


def cell_text(cell):
    """A cell's text on one line: its lines joined (without a space between Chinese characters)."""
    out = _Lines()
    for child in cell.children:
        _render(child, out)
    text = ""
    for line in out.result():
        if text and not (_CJK_EDGE.match(text[-1]) or _CJK_EDGE.match(line[0])):
            text += " "
        text += line
    return text.replace("|", "｜")


def _span(cell, name, limit):
    try:
        return max(1, min(limit, int(str(cell.attrs.get(name) or "1").strip() or 1)))
    except ValueError:
        return 1


def _rows_of(table):
    """The table's <tr> elements in order (a data table has no table inside it)."""
    return table.find_all("tr")


def table_grid(table):
    """The table as a full grid: rows of (text, cell id), merged cells repeated."""
    grid = {}
    for r, tr in enumerate(_rows_of(table)):
        c = 0
        for cell in (n for n in tr.children if isinstance(n, Node) and n.tag in ("td", "th")):
            while (r, c) in grid:
                c += 1
            rowspan, colspan = _span(cell, "rowspan", 500), _span(cell, "colspan", 100)
            text = cell_text(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), (text, id(cell)))
            c += colspan
    if not grid:
        return []
    height = 1 + max(r for r, _ in grid)
    width = 1 + max(c for _, c in grid)
    return [[grid.get((r, c), ("", None)) for c in range(width)] for r in range(height)]


def table_lines(table):
    """Pipe rows of a data table (see module docstring for merged cells)."""
    lines = []
    for caption in table.find_all("caption"):
        text = cell_text(caption)
        if text:
            lines.append(text)
    for row in table_grid(table):
        texts = [text for text, _ in row]
        if not any(texts):
            continue
        ids = {cell_id for _, cell_id in row}
        if len(ids) == 1 and len(row) > 1:
            lines.append(texts[0])
            continue
        lines.append("| " + " | ".join(texts) + " |")
    return lines


def html_to_text(markup):
    """Readable text of an HTML page: boilerplate dropped, blocks as lines, tables as pipe rows."""
    root = parse_html(markup)
    out = _Lines()
    body = next((n for n in root.iter() if n.tag == "body"), root)
    _render(body, out)
    return "\n".join(out.result())
