"""Unwrapping (loaders.reading.unwrap): page-number lines blanked, one pattern for every form a PDF leaves."""

import pytest

from loaders.reading.unwrap import is_page_number_line, unwrap

PAGE_NUMBERS = [
    pytest.param("- 8 -", True, id="dashes"),
    pytest.param("—8—", True, id="em-dashes"),
    pytest.param("－ 12 －", True, id="full-width-dashes"),
    pytest.param("~3~", True, id="tildes"),
    pytest.param("第 8 页", True, id="di-ye"),
    pytest.param("第2页 共5页", True, id="di-ye-gong-ye"),
    pytest.param("8/12", True, id="slash"),
    pytest.param("Page 8", True, id="page"),
    pytest.param("  - 8 -  ", True, id="blanks-around"),
    pytest.param("- 12345 -", False, id="five-digits"),
    pytest.param("2021年", False, id="year"),
    pytest.param("共5页", False, id="gong-ye-alone"),
    pytest.param("8", False, id="bare-number"),
]


@pytest.mark.parametrize("line, expected", PAGE_NUMBERS)
def test_a_page_number_line_is_recognised_in_every_form(line, expected):
    assert is_page_number_line(line) is expected


def test_a_page_number_line_becomes_blanks_of_its_own_length():
    text = "正文。\n— 3 —\n正文。\n"
    assert unwrap(text) == "正文。\n" + " " * 5 + "\n正文。\n"
