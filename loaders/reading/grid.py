"""Table grids to the pipe rows the stored text keeps, as HTML tables are written.

A PDF's ruled table and a Word table arrive as a grid of cells, a merged cell
covering several positions. Written the way `loaders.reading.html` writes a page's
table, the table rules read all three alike: one line per row,
`| a | b |`, a merged cell's text in every position it covers, an empty
cell `|  |`, a row that is one cell across the whole table (a title) a plain
line, and a `|` inside a cell written `｜`. A cell's lines are joined onto one
line, without a blank between Chinese characters.
"""

import re

_CJK_EDGE = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def join_cell_lines(text):
    """A cell's text on one line: its lines joined, a blank only between non-Chinese ends."""
    joined = ""
    for line in (_WS.sub(" ", part).strip() for part in (text or "").split("\n")):
        if not line:
            continue
        if joined and not (_CJK_EDGE.match(joined[-1]) or _CJK_EDGE.match(line[0])):
            joined += " "
        joined += line
    return joined.replace("|", "｜")


def pipe_rows(grid):
    """Lines of a grid whose rows are lists of (text, cell id); see the module docstring."""
    lines = []
    for row in grid:
        texts = [text for text, _ in row]
        if not any(texts):
            continue
        if len({cell_id for _, cell_id in row}) == 1 and len(row) > 1:
            lines.append(texts[0])
            continue
        lines.append("| " + " | ".join(texts) + " |")
    return lines
