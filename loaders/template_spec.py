"""The national template's tables 二, 三 and 四: matching printed wording to canonical keys.

Every cell of a template report is stored as a metric with `table`, `row` and
`column` set to stable ASCII keys, so the same cell of any report (2019 or
2021 format, HTML or text) can be queried by the same keys. The keys, the
template's wordings and their aliases are data, in `loaders.vocabulary.template`
(its docstring lists every key). Reports word rows and headers with small
variations; they are matched BY MEANING here: the text is normalised
(`normalise`: numbering such as 一、/（一）/1. stripped, full/half width and
spacing unified, quotes dropped) and compared with the aliases (`exact`
wordings, or distinctive `keywords` it contains).
"""

import functools
import re
from dataclasses import dataclass

from loaders.reading.nfkc import nfkc
from loaders.reading.simplified import simplified  # noqa: F401 (callers import it from here)
from loaders.remembered import remembered, remembered_match
from loaders.vocabulary import template
from loaders.vocabulary.numerals import MARKER_DIGITS
from loaders.vocabulary.template import (  # noqa: F401 (callers read the format and table names from here)
    BOTH,
    FORMAT_2019,
    FORMAT_2021,
    TABLE2_CELLS,
    TABLE4_LEAF_GROUPS,
    TABLE_NAMES,
    TABLE_TITLES,
)


@dataclass(frozen=True)
class Item:
    """A row, column or group of a template table and how it is recognised.

    `exact`: normalised wordings that name it only as a whole (short words
    such as 其他 or 总计 that occur inside other wordings); `keywords`:
    normalised fragments distinctive enough to name it wherever they occur.
    """

    key: str
    wording: str
    keywords: tuple = ()
    exact: tuple = ()
    group: str = None
    unit: str = "件"
    formats: tuple = BOTH
    wording_2019: str = None

    def matches(self, norm):
        return norm in self.exact or any(k in norm for k in self.keywords)

    def wording_for(self, report_format):
        if report_format == FORMAT_2019 and self.wording_2019:
            return self.wording_2019
        return self.wording


# ---------------------------------------------------------------- normalising

_CIRCLED = re.compile("[\u2460-\u2473]")
# Zero-width characters editors leave in pasted text (ZWSP, joiners, word joiner, BOM).
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_QUOTES = re.compile("[\"'\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f\u301d\u301e]")
_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(
    rf"^(?:[{MARKER_DIGITS}]+[、.,]|\([{MARKER_DIGITS}\d]+\)|\d{{1,2}}[、.,)](?!\d))"
)
_HAS_CJK = re.compile("[\u3400-\u9fff]")
# What `normalise` drops, each in one pass: zero-width and circled numbers before NFKC, blanks and
# quotes after it (dropping two sets of characters one after the other drops their union).
_DROPPED_BEFORE_NFKC = re.compile(f"{ZERO_WIDTH.pattern}|{_CIRCLED.pattern}")
_DROPPED_AFTER_NFKC = re.compile(rf"(?:\s|{_QUOTES.pattern})+")


@remembered(long=64)
def normalise(text):
    """Wording reduced to what carries meaning, so variants compare equal.

    Traditional characters become simplified (`simplified`), full-width forms
    half-width (NFKC), spaces, zero-width characters and quotes go, 其它 is
    written 其他 (the two are used interchangeably), leading numbering
    (一、 （一） 1. ①) is stripped and a trailing colon dropped.
    """
    text = nfkc(_DROPPED_BEFORE_NFKC.sub("", simplified(text))).replace("其它", "其他")
    text = _DROPPED_AFTER_NFKC.sub("", text)
    while True:
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text.rstrip(":")


@remembered(long=64)
def has_numbering(text):
    """Whether the wording starts with an item number (一、 （三） 2.)."""
    text = nfkc(_CIRCLED.sub("1.", text)).lstrip()
    return bool(_NUMBERING.match(_SPACE.sub("", text)))


def has_cjk(text):
    return bool(_HAS_CJK.search(text))


# ---------------------------------------------------------------- the template's items


def _items(records):
    return tuple(Item(**record) for record in records)


TABLE2_ROWS = _items(template.TABLE2_ROWS_WORDS)
TABLE2_COLUMNS = _items(template.TABLE2_COLUMNS_WORDS)
TABLE2_CORNER = Item(**template.TABLE2_CORNER_WORDS)
TABLE2_TITLE = Item(**template.TABLE2_TITLE_WORDS)

TABLE3_COLUMNS = _items(template.TABLE3_COLUMNS_WORDS)
TABLE3_COLUMN_GROUP = Item(**template.TABLE3_COLUMN_GROUP_WORDS)
TABLE3_CORNER = Item(**template.TABLE3_CORNER_WORDS)
TABLE3_GROUPS = _items(template.TABLE3_GROUPS_WORDS)
TABLE3_ROWS = _items(template.TABLE3_ROWS_WORDS)

TABLE4_GROUPS = _items(template.TABLE4_GROUPS_WORDS)
TABLE4_RESULTS = _items(template.TABLE4_RESULTS_WORDS)
# Table 四's columns are <group>_<result> for the leaf groups, in the template's order of groups
# (review, direct, after review).
TABLE4_COLUMNS = tuple(
    Item(f"{group.key}_{result.key}", f"{group.wording}：{result.wording}")
    for group in sorted(
        (g for g in TABLE4_GROUPS if g.key in TABLE4_LEAF_GROUPS),
        key=lambda g: TABLE4_LEAF_GROUPS.index(g.key),
    )
    for result in TABLE4_RESULTS
)
TABLE4_ROW = Item(**template.TABLE4_ROW_WORDS)
TABLE4_CORNER = Item(**template.TABLE4_CORNER_WORDS)


# ---------------------------------------------------------------- queries


@functools.lru_cache(maxsize=64)
def table3_rows(report_format):
    return tuple(r for r in TABLE3_ROWS if report_format in r.formats)


@functools.lru_cache(maxsize=256)
def rows(table, report_format):
    """The template's rows of `table` ('2', '3', '4') in the given format, in order."""
    if table == "2":
        keys = TABLE2_CELLS[report_format]
        return tuple(r for r in TABLE2_ROWS if r.key in keys)
    if table == "3":
        return table3_rows(report_format)
    return (TABLE4_ROW,)


@functools.lru_cache(maxsize=1024)
def columns(table, report_format, row=None):
    """The template's columns of `table` (of `row` for table 二) in order."""
    if table == "2":
        if row is not None:
            # A row's columns in its sub-table's order (上一年项目数量 before 处理决定数量).
            keys = TABLE2_CELLS[report_format].get(row, ())
            return tuple(find_item(TABLE2_COLUMNS, k) for k in keys)
        wanted = set()
        for keys in TABLE2_CELLS[report_format].values():
            wanted.update(keys)
        return tuple(c for c in TABLE2_COLUMNS if c.key in wanted)
    if table == "3":
        return TABLE3_COLUMNS
    return TABLE4_COLUMNS


@functools.lru_cache(maxsize=64)
def expected_cells(report_format):
    """Every (table, row, column) the template has in this format, in reading order."""
    return tuple(
        (table, row.key, column.key)
        for table in ("2", "3", "4")
        for row in rows(table, report_format)
        for column in columns(table, report_format, row.key)
    )


def find_item(items, key):
    for item in items:
        if item.key == key:
            return item
    return None


def _by_key(items):
    """{key: the first item with that key} (what `find_item` returns), for lookups by key."""
    found = {}
    for item in items:
        found.setdefault(item.key, item)
    return found


_ROWS_BY_KEY = {"2": _by_key(TABLE2_ROWS), "3": _by_key(TABLE3_ROWS), "4": _by_key((TABLE4_ROW,))}
_COLUMNS_BY_KEY = {
    "2": _by_key(TABLE2_COLUMNS),
    "3": _by_key(TABLE3_COLUMNS),
    "4": _by_key(TABLE4_COLUMNS),
}


def row_item(table, key):
    """The Item of a row key of any format."""
    return _ROWS_BY_KEY.get(table, _ROWS_BY_KEY["4"]).get(key)


def column_item(table, key):
    """The Item of a column key of any format."""
    return _COLUMNS_BY_KEY[table].get(key)


@remembered_match()
def cell_label(table, row, column, report_format):
    """'<row wording> / <column wording>' in the template's Chinese."""
    return f"{row_item(table, row).wording_for(report_format)} / {column_item(table, column).wording_for(report_format)}"


@remembered_match()
def match_row(table, norm, context=None):
    """The row key a normalised label names, or None.

    Row labels never contain digits once numbering is stripped, so prose
    (`本年新收申请109件`) is not taken for a row. `context` is the row group
    the label sits in; it decides words that only name a row inside a group
    (其他 under 其他处理). A label that starts with its group's wording and
    then the item's number or a separator (`（三）不予公开 1.属于国家秘密` in one
    cell, `其他处理-其他`, `不予公开：国家秘密`) names the item, in that group.
    """
    if table == "3":
        prefixed = _GROUP_PREFIX.match(norm or "")
        if prefixed:
            # 不予公开1.属于国家秘密: a group label and its item in one cell or line.
            norm = normalise(norm[prefixed.end() :])
            context = match_group(prefixed.group(1)) or context
    if not norm or re.search(r"\d", norm) or "。" in norm:
        return None
    items = TABLE2_ROWS if table == "2" else TABLE3_ROWS if table == "3" else ()
    for item in items:
        if item.key == "other_other" and context != "other_handling":
            continue
        if item.matches(norm) and len(norm) <= len(normalise(item.wording)) + 12:
            return item.key
    return None


# A printed row name with a typo (`2.其他法律行政止公开`) names a table 三 row when its wording is
# this close to that row's (difflib ratio) and to no other row's. The caller must confirm the
# row by its arithmetic before reading it (placement `typo_matched_row`).
TYPO_MIN_RATIO = 0.8
TYPO_RIVAL_RATIO = 0.7  # another row this close makes the match ambiguous
TYPO_MIN_LENGTH = 5


def typo_match(norm, report_format, context=None, taken=()):
    """The one table 三 row of `report_format` whose wording is close to `norm` but not equal, or None.

    Rows already read (`taken`) are not candidates; two close rows make it ambiguous (None).
    Only in table 三, whose rows the row sums confirm; short words never match by closeness.
    """
    import difflib

    if not norm or len(norm) < TYPO_MIN_LENGTH or re.search(r"\d", norm):
        return None
    prefixed = _GROUP_PREFIX.match(norm)
    if prefixed:
        norm = normalise(norm[prefixed.end() :])
        context = match_group(prefixed.group(1)) or context
    close = []
    for item in table3_rows(report_format):
        if item.key in taken or (item.key == "other_other" and context != "other_handling"):
            continue
        wording = normalise(item.wording_for(report_format)).rsplit(":", 1)[
            -1
        ]  # 不予公开:… -> the item
        if len(wording) < TYPO_MIN_LENGTH:
            continue
        ratio = difflib.SequenceMatcher(None, norm, wording).ratio()
        if ratio >= TYPO_RIVAL_RATIO:
            close.append((ratio, item.key))
    if len(close) != 1 or close[0][0] < TYPO_MIN_RATIO:
        return None
    return close[0][1]


_GROUP_PREFIX = re.compile(
    r"^(本年度办理结果|不予公开|无法提供|不予处理|其他处理)"
    rf"(?::?(?=\d{{1,2}}[、.,)]|\([{MARKER_DIGITS}\d]+\))|[:\-\u2010-\u2015/·~])"
)


@remembered_match()
def match_group(norm):
    """The table 三 row group (不予公开, 无法提供, …) a normalised label names, or None."""
    if re.search(r"\d", norm) or len(norm) > 30:
        return None
    for item in TABLE3_GROUPS:
        if item.matches(norm):
            return item.key
    return None


@remembered_match()
def match_column(table, norm):
    """The column (table 二/三) or result (table 四) key a header names, or None."""
    if not norm or len(norm) > 24 or re.search(r"\d", re.sub(r"\(.*?\)", "", norm)):
        return None
    items = {"2": TABLE2_COLUMNS, "3": TABLE3_COLUMNS, "4": TABLE4_RESULTS}[table]
    for item in items:
        if item.matches(norm):
            return item.key
    return None


@remembered_match()
def match_column_group(table, norm):
    """A header that spans columns: 法人或其他组织 (table 三), 行政复议/行政诉讼… (table 四)."""
    if table == "3":
        return TABLE3_COLUMN_GROUP.key if TABLE3_COLUMN_GROUP.matches(norm) else None
    if table == "4" and len(norm) <= 16:
        for item in TABLE4_GROUPS:
            if item.matches(norm):
                return item.key
    return None


@remembered_match()
def is_corner(table, norm):
    """Header text over the label columns (信息内容, the 勾稽关系 note) or a table 二 item title."""
    if table == "2":
        return TABLE2_CORNER.matches(norm) or TABLE2_TITLE.matches(norm)
    if table == "3":
        return TABLE3_CORNER.matches(norm)
    return TABLE4_CORNER.matches(norm)


@remembered_match()
def is_header_word(table, norm, loose=False):
    """Whether a normalised text is exactly a header word of `table` (not merely containing one).

    Used to rejoin header words broken over lines (`结果` + `维持`, `处理决` +
    `定数量`) without swallowing the next word into one that is already whole:
    a wording of the template (either format); with `loose`, also text that
    contains one of an item's keywords and is no longer than its wording (for
    joining a fragment that is not a whole word itself).
    """
    if table == "2":
        items = TABLE2_COLUMNS + (TABLE2_CORNER,)
    elif table == "3":
        items = TABLE3_COLUMNS + (TABLE3_COLUMN_GROUP, TABLE3_CORNER)
    else:
        items = TABLE4_RESULTS + TABLE4_GROUPS
    return any(
        norm in item.exact
        or norm in item.keywords
        or norm in (normalise(item.wording), normalise(item.wording_2019 or item.wording))
        or (
            loose
            and any(k in norm for k in item.keywords)
            and len(norm) <= len(normalise(item.wording))
        )
        for item in items
    )


_UNIT_IN_HEADER = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?(万元|亿元|元|件|项|个|次)\s*[)）]")


@remembered_match()
def column_unit(table, column, header_text=None):
    """The unit of a column: a unit written in its header, else the template's."""
    if header_text:
        found = _UNIT_IN_HEADER.search(nfkc(header_text))
        if found:
            return found.group(1)
    item = column_item(table, column)
    return item.unit if item else "件"
