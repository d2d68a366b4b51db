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

Hostile markup is bounded the way browsers bound it: colspan is capped at
1000 and rowspan at 65534 and at the rows left in the table (a span never
makes rows of its own), the cells and characters the tables of a page expand
to are limited (a page beyond is refused by name), elements nest at most
MAX_DEPTH deep (deeper start tags add no level, as Blink's parser does past
its limit), and a `<![…>` that is no CDATA is dropped as browsers drop it.

Repeating a merged cell's text is this reader's choice, not the browser's
(which draws the cell once), so it is bounded too: a cell repeats its text
over at most MAX_CELL_COPIES grid positions, and the tables of a page make
at most MAX_PAGE_COPIES copies. A cell beyond either shows its text once, in
its first position (the others it covers stay blank), and the page's
warnings say how many cells were shown so. Real report tables repeat a cell
over at most a few dozen positions and a page over a few hundred; a span
bomb (20 rows of `<td colspan=100 rowspan=500>`) would otherwise repeat
one number tens of thousands of times, each copy a metric.
"""

import re
from html.parser import HTMLParser

from loaders.reading.errors import DocumentError

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
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
MAX_DEPTH = 200
"""Element nesting kept: the renderer recurses once per level, well within Python's limit."""
MAX_PAGE_CELLS = 200_000
MAX_PAGE_CHARS = 5_000_000
"""What the tables of one page may expand to (grid positions, characters of their text)."""
MAX_CELL_COPIES = 256
MAX_PAGE_COPIES = 5_000
"""Grid positions one merged cell may repeat its text over; copies of merged cells' text in one page."""
# `<![if !supportLists]>` (Word's HTML) and other `<![` that are no CDATA: a bogus comment
# up to the next `>` for browsers; html.parser asserts on some of them.
_BAD_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)[^>]*>?")
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
        """This node and every node under it, in document order (a stack, not nested generators)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([c for c in node.children if isinstance(c, Node)]))

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
        if tag not in VOID and len(self.stack) <= MAX_DEPTH:
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
    try:
        builder.feed(_BAD_MARKED_SECTION.sub("", markup))
        builder.close()
    except AssertionError as exc:  # html.parser's way of giving up on a declaration
        raise DocumentError(f"malformed HTML markup: {exc}") from None
    _mark_tables(builder.root)
    return builder.root


def _mark_tables(root):
    """Set `holds_table` on every node, in one pass (asking each node's subtree is quadratic)."""
    order, stack = [], [root]
    while stack:
        node = stack.pop()
        order.append(node)
        node.holds_table = False
        stack.extend(c for c in node.children if isinstance(c, Node))
    for node in reversed(order):
        if node.parent is not None and (node.holds_table or node.tag == "table"):
            node.parent.holds_table = True


def is_boilerplate(node):
    """Navigation, menus, page header/footer: never part of a report (unless it holds a table)."""
    if node.tag in DROP:
        return True
    marks = " ".join(node.attrs.get(a) or "" for a in ("class", "id"))
    role = (node.attrs.get("role") or "").lower()
    furniture = (
        (node.tag in ("header", "footer") and not node.has_ancestor(("article", "main")))
        or bool(_BOILERPLATE.search(marks))
        or role in _BOILERPLATE_ROLES
    )
    return furniture and not _holds_table(node)


def _holds_table(node):
    held = getattr(node, "holds_table", None)
    return bool(node.find_all("table")) if held is None else held


class _Lines:
    """Collects text into lines: blocks start new lines, inline text joins the current one."""

    def __init__(self, budget=None):
        self.lines = []
        self.buffer = []
        self.budget = budget

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
    if node.tag == "table" and not _holds_table(node):
        out.newline()
        for line in table_lines(node, out.budget):
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


class PageBudget:
    """Grid positions, characters and merged-cell copies the tables of one page may still expand to."""

    def __init__(self, cells=MAX_PAGE_CELLS, chars=MAX_PAGE_CHARS, copies=MAX_PAGE_COPIES):
        self.cells, self.chars, self.copies = cells, chars, copies
        self.shown_once = 0  # merged cells shown once, in their first position (`repeats`)
        self.positions_left_blank = 0

    def repeats(self, area, text):
        """Whether a merged cell covering `area` positions repeats its `text` over all of them."""
        if area == 1 or not text:
            return True
        if area <= MAX_CELL_COPIES and area - 1 <= self.copies:
            self.copies -= area - 1
            return True
        self.shown_once += 1
        self.positions_left_blank += area - 1
        return False

    def warnings(self):
        """What the page's warnings say about merged cells shown once (none when every one repeated)."""
        if not self.shown_once:
            return []
        return [
            f"HTML tables: merged cells shown once, in their first position: {self.shown_once:,} "
            f"({self.positions_left_blank:,} positions they span left blank; a cell repeats its text over "
            f"at most {MAX_CELL_COPIES:,} positions, the cells of a page at most {MAX_PAGE_COPIES:,} times)"
        ]

    def spend(self, cells, chars):
        self.cells -= cells
        self.chars -= chars
        if self.cells < 0 or self.chars < 0:
            raise DocumentError(
                f"HTML tables expand to more than {MAX_PAGE_CELLS:,} cells or "
                f"{MAX_PAGE_CHARS:,} characters (colspan/rowspan): not a report page"
            )


def table_grid(table, budget=None):
    """The table as a full grid: rows of (text, cell id), merged cells repeated."""
    budget = budget or PageBudget()
    grid = {}
    rows = _rows_of(table)
    for r, tr in enumerate(rows):
        c = 0
        for cell in (n for n in tr.children if isinstance(n, Node) and n.tag in ("td", "th")):
            while (r, c) in grid:
                c += 1
            # As browsers: a span is capped, and a rowspan ends with the table's rows.
            rowspan = min(_span(cell, "rowspan", MAX_ROWSPAN), len(rows) - r)
            colspan = _span(cell, "colspan", MAX_COLSPAN)
            text = cell_text(cell)
            area = rowspan * colspan
            copy = text if budget.repeats(area, text) else ""
            budget.spend(area, len(text) + 3 + (area - 1) * (len(copy) + 3))
            grid.setdefault((r, c), (text, id(cell)))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), (copy, id(cell)))
            c += colspan
    if not grid:
        return []
    height = 1 + max(r for r, _ in grid)
    width = 1 + max(c for _, c in grid)
    budget.spend(height * width - len(grid), 3 * (height * width - len(grid)))
    return [[grid.get((r, c), ("", None)) for c in range(width)] for r in range(height)]


def table_lines(table, budget=None):
    """Pipe rows of a data table (see module docstring for merged cells)."""
    lines = []
    for caption in table.find_all("caption"):
        text = cell_text(caption)
        if text:
            lines.append(text)
    for row in table_grid(table, budget):
        texts = [text for text, _ in row]
        if not any(texts):
            continue
        ids = {cell_id for _, cell_id in row}
        if len(ids) == 1 and len(row) > 1:
            lines.append(texts[0])
            continue
        lines.append("| " + " | ".join(texts) + " |")
    return lines


def html_to_text(markup, budget=None, warnings=None):
    """Readable text of an HTML page: boilerplate dropped, blocks as lines, tables as pipe rows.

    `budget` is the page's `PageBudget` (one is made when not given; the
    tables embedded in one text share one); what it says about merged cells
    shown once is added to `warnings` (a list), when given.
    """
    root = parse_html(markup)
    budget = PageBudget() if budget is None else budget
    out = _Lines(budget)
    body = next((n for n in root.iter() if n.tag == "body"), root)
    _render(body, out)
    if warnings is not None:
        warnings.extend(budget.warnings())
    return "\n".join(out.result())
