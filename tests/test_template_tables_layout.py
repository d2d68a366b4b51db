"""Layout detection (loaders.template_tables.layout): which layout gave each row of a table its columns."""

from pathlib import Path

import pytest

from loaders import template_spec as spec
from loaders.pipeline import parse_bytes
from loaders.tables import read_table
from loaders.template_tables.regions import find_regions

FIXTURES = Path(__file__).resolve().parent / "fixtures"

CASES = [
    pytest.param(
        "template/t2021_markdown.md",
        {"2": {"grid"}, "3": {"grid"}, "4": {"grid"}},
        id="markdown-grid",
    ),
    pytest.param(
        "template/t2021_page.html", {"2": {"grid"}, "3": {"grid"}, "4": {"grid"}}, id="html-grid"
    ),
    pytest.param(
        "template/t2021_cells.txt",
        {"2": {"flat"}, "3": {"flat"}, "4": {"flat"}},
        id="one-cell-per-line",
    ),
    pytest.param(
        "template/t2020_rows.txt",
        {"2": {"flat"}, "3": {"flat"}, "4": {"flat"}},
        id="rows-on-a-line",
    ),
    pytest.param(
        "template_wild/district_pdf_2021.txt",
        {"2": {"flat"}, "3": {"template"}, "4": {"template"}},
        id="pdf-header-broken-over-lines",
    ),
]


def _layouts(relative):
    path = FIXTURES / relative
    doc = parse_bytes(path.read_bytes(), path.name)
    text = spec.simplified(doc.text)
    regions = {table: (start, end) for table, start, end in find_regions(text)}
    found = {}
    for table in ("2", "3", "4"):
        reader = read_table(text, table, *regions[table], doc.format)
        assert set(reader.layouts) == {row for row, _column in reader.cells}
        found[table] = set(reader.layouts.values())
    return found


@pytest.mark.parametrize("relative, expected", CASES)
def test_each_stored_row_names_the_layout_its_columns_came_from(relative, expected):
    assert _layouts(relative) == expected
