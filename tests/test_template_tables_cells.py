"""A template cell's text read as a value (loaders.template_tables.cells): remembered reads equal computed ones."""

import pytest

from loaders.template_tables import cells

LONG_NUMBER = "1" * 250  # past the remembered length: computed every time


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("１２３", (123.0, "number")),
        (" 0 ", (0.0, "number")),
        ("—", (None, "blank")),
        ("", (None, "blank")),
        ("12 34", (None, "run_together")),
        ("见附件", (None, "non_numeric")),
        ("1,234.5件", (1234.5, "number")),
        ("\u200b7", (7.0, "number")),
        ("\u22125", (-5.0, "number")),
        (LONG_NUMBER, (float(LONG_NUMBER), "number")),
    ],
)
def test_read_cell_remembered_equals_computed(raw, expected):
    assert cells.read_cell(raw) == expected
    assert cells.read_cell(raw) == expected
    assert cells.read_cell.uncached(raw) == expected
