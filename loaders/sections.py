"""The section tree: 一、 (level 1), （一） (level 2), 附件 (attachment, level 1).

Headings are recognised only by their markers at the start of a line (spec:
Sections). A heading's title runs from after the marker to the first 。 or the
line end; an attachment's title is the rest of its line after 附件：, or the
next line when that is empty. Paragraphs opening with 一是/二是 are items, not
headings. A text without any marker is a single body section.

Two kinds of text look like headings and are not, or hide them:

* decoration: markdown heading marks and emphasis (`## 一、总体情况`,
  `**（一）主动公开。**`) stand before the marker and around the title; they
  are skipped, and a section's `start` is the offset of its marker (`一、`),
  not of the decoration, so that `start` means the same in every layout;
* table rows: the template's table 三 labels its rows 一、 … 四、 and
  （一） … （七）. Marker positions inside `skip` spans (the template tables the
  table rule found) are not headings, so cells keep the section that holds
  their table.

A report flattened onto one long line (an archive copy of a web page) has
its headings inside the line: `…指导。 二、主动公开政府信息情况（一）主动公开…的数量各乡镇…`.
In a line of at least INLINE_LINE_MIN characters every marker is a candidate,
and a candidate is a heading only when it looks like one (`inline_headings`):
its numeral is the next in order (一、 after the last level 1; （一） first under
each level 1), nothing before it makes it part of a larger numeral or a
reference (第（一）项), it opens no numeral list (一、二、三季度), its title is
short or ends with a heading word, and no run of digits follows the title (a
table row, 四、结转下年度继续办理 0 0 00 00 0). Each rejection names its rule
(INLINE_REJECTIONS).
"""

import re
from bisect import bisect_right

from loaders.document import SectionData
from loaders.numerals import parse_chinese_number
from loaders.vocabulary.sections import (
    ATTACHMENT_MARKER,
    HEADING_END,
    HEADING_GOES_ON,
    INLINE_ENUMERATION,
    INLINE_LINE_MIN,
    INLINE_MARKER,
    INLINE_MARKER_NOT_AFTER,
    INLINE_TABLE_ROW,
    INLINE_TITLE_MAX,
    INLINE_TITLE_SHORT,
    INLINE_TITLE_STOP,
    LEVEL1_MARKER,
    LEVEL2_MARKER,
    TITLE_DECORATION,
)


def clean_title(title):
    """A heading title without the markdown decoration around it (`**总体情况**` -> 总体情况), or None."""
    if title is None:
        return None
    return TITLE_DECORATION.sub("", title) or None


def heading_title(text, start):
    """Title of a heading whose text starts at `start`: up to the first 。 or the line end."""
    line_end = text.find("\n", start)
    if line_end < 0:
        line_end = len(text)
    line = text[start:line_end]
    stop = line.find("。")
    if stop >= 0:
        line = line[:stop]
    return clean_title(line.strip())


def attachment_title(text, after_marker):
    """Title of an attachment: the rest of its line after 附件：, else the next non-empty line."""
    line_end = text.find("\n", after_marker)
    if line_end < 0:
        line_end = len(text)
    rest = clean_title(text[after_marker:line_end].strip().lstrip("：:").strip())
    if rest and rest.lstrip("：:"):
        return heading_title(rest.lstrip("：:"), 0)
    position = line_end + 1
    while position < len(text):
        next_end = text.find("\n", position)
        if next_end < 0:
            next_end = len(text)
        line = text[position:next_end].strip()
        if line:
            return heading_title(line, 0)
        position = next_end + 1
    return None


def _is_attachment_line(text, match):
    """`附件` opens an attachment only as a heading: alone on its line, with `：`, or a short title.

    A sentence that merely starts with the word (附件中列出的…。) is prose.
    """
    line_end = text.find("\n", match.end())
    if line_end < 0:
        line_end = len(text)
    rest = text[match.end() : line_end].strip()
    colon = text[match.start(1) + len(match.group(1)) : match.end()].strip()
    return not rest or bool(colon) or (len(rest) <= 40 and "。" not in rest)


def in_spans(offset, spans):
    """Whether `offset` lies inside one of the (start, end) spans (end exclusive)."""
    return any(start <= offset < end for start, end in spans)


def heading_markers(text, skip=()):
    """(start, level, marker, title) of every heading in text order, none inside a `skip` span.

    `start` is the marker's offset: decoration before it (`## `, `**`) is not
    part of the heading, so the same heading starts at its marker in a plain
    text and in markdown.
    """
    found = []
    for match in LEVEL1_MARKER.finditer(text):
        marker = match.group(1)
        found.append((match.start(1), 1, marker, heading_title(text, match.end(1))))
    for match in LEVEL2_MARKER.finditer(text):
        marker = match.group(1)
        found.append((match.start(1), 2, marker, heading_title(text, match.end(1))))
    for match in ATTACHMENT_MARKER.finditer(text):
        if _is_attachment_line(text, match):
            found.append(
                (
                    match.start(1),
                    1,
                    "附件",
                    attachment_title(text, match.start(1) + len(match.group(1))),
                )
            )
    found = [heading for heading in found if not in_spans(heading[0], skip)]
    found.sort()
    return found


def heading_word_end(candidate):
    """Where a title run on into its paragraph ends: after its first heading word the title does not go on from.

    队伍建设方面我区… -> after 方面; 主要问题及改进情况目前… -> after 情况 (问题 goes on with 及);
    公开情况统计表指标… -> after 统计表. None when no heading word stands in it.
    """
    ends = [match.end() for match in HEADING_END.finditer(candidate)]
    for end in ends:
        if not HEADING_GOES_ON.match(candidate, end):
            return end
    return ends[-1] if ends else None


def inline_title(text, after_marker, attachment=False):
    """(title, end) of an inline heading's title starting at `after_marker`, or (None, None) when none looks like one.

    The title runs to the first INLINE_TITLE_STOP (an attachment's title keeps
    its digits: 附件1：某县2012年…统计表); a longer one run on into its paragraph
    is cut after its last heading word (方面, 情况 …) within INLINE_TITLE_MAX.
    """
    start = after_marker
    while start < len(text) and text[start] in " \t\u3000":
        start += 1
    window = text[start : start + 4 * INLINE_TITLE_MAX]
    stop_pattern = re.compile(r"[。；;！!？?\s]") if attachment else INLINE_TITLE_STOP
    stop = stop_pattern.search(window)
    candidate = window[: stop.start()] if stop else window
    if len(candidate) > INLINE_TITLE_SHORT and not attachment:
        end = heading_word_end(candidate[:INLINE_TITLE_MAX])
        if end:
            candidate = candidate[:end]
        elif len(candidate) > INLINE_TITLE_MAX:
            return None, None
    title = clean_title(candidate)
    return (title, start + len(candidate)) if title else (None, None)


def _inline_rejection(text, match, level, number, expected, title, title_end):
    """Name of the INLINE_REJECTIONS row that makes an inline marker no heading, or None."""
    before = text[max(0, match.start() - 1) : match.start()]
    if level != "attachment" and INLINE_MARKER_NOT_AFTER.search(before):
        return "inside_numeral_or_reference"
    if level != "attachment" and INLINE_ENUMERATION.match(text[match.end() :]):
        return "numeral_list"
    if level == "attachment" and before and not before.isspace() and before not in "。；;":
        return "attachment_inside_sentence"
    if title is None:
        return "no_heading_title"
    if INLINE_TABLE_ROW.match(text, title_end):
        return "table_row"
    if level != "attachment" and number != expected:
        return "out_of_order"
    return None


# Why an inline marker is not a heading: the rule names `_inline_rejection` returns, in its order.
INLINE_REJECTIONS = (
    "inside_numeral_or_reference",
    "numeral_list",
    "attachment_inside_sentence",
    "no_heading_title",
    "table_row",
    "out_of_order",
)


def inline_headings(text, skip=()):
    """(start, level, marker, title) of the headings of a text with a line of INLINE_LINE_MIN or more.

    Every marker is a candidate, in text order; a candidate is a heading
    unless a rule of INLINE_REJECTIONS holds (see the module docstring). The
    numbering is followed: a level 1 expects the next numeral, a level 2 the
    next under its level 1 (（一） after each level 1); an attachment starts the
    numbering afresh.
    """
    found = []
    next_level1, next_level2 = 1, 1
    for match in INLINE_MARKER.finditer(text):
        if in_spans(match.start(), skip):
            continue
        level = match.lastgroup
        marker = match.group(level)
        if level == "attachment":
            number, expected = None, None
            marker = marker.rstrip(" \t\u3000：:")
        else:
            number = parse_chinese_number(marker.strip("（()）、"))
            expected = next_level1 if level == "level1" else next_level2
        title, title_end = inline_title(text, match.end(), attachment=level == "attachment")
        if _inline_rejection(text, match, level, number, expected, title, title_end):
            continue
        if level == "level1":
            found.append((match.start(), 1, marker, title))
            next_level1, next_level2 = number + 1, 1
        elif level == "level2":
            found.append((match.start(), 2, marker, title))
            next_level2 = number + 1
        else:
            found.append((match.start(), 1, marker, title))
            next_level1, next_level2 = 1, 1
    return found


def has_long_line(text):
    """Whether a line of the text is INLINE_LINE_MIN characters or more (a report flattened onto one line)."""
    return any(len(line) >= INLINE_LINE_MIN for line in text.split("\n"))


def find_sections(text, skip=()):
    """Sections of a report in text order, keys s1, s2, ...

    `end` is where the next heading of the same or a higher level starts (or
    the end of the text); a level-2 section's parent is the level-1 section
    (heading or attachment) that encloses it. A text without any heading
    marker is one body section (marker None, title None) spanning the text.

    `skip` holds the spans of template tables: their row labels (一、本年新收…,
    （七）总计) carry heading markers but are rows, not headings.
    """
    markers = inline_headings(text, skip) if has_long_line(text) else heading_markers(text, skip)
    if not markers:
        return [
            SectionData(
                key="s1", parent=None, level=1, marker=None, title=None, start=0, end=len(text)
            )
        ]
    ends = _section_ends(markers, len(text))
    sections = []
    open_ = []  # indices of the sections before, each of a lower level than the one after it
    for index, (start, level, marker, title) in enumerate(markers):
        while open_ and markers[open_[-1]][1] >= level:
            open_.pop()
        parent = None
        if level > 1 and open_:  # the nearest earlier section of a lower level
            parent = sections[open_[-1]].key if ends[open_[-1]] > start else None
        open_.append(index)
        sections.append(
            SectionData(
                key=f"s{index + 1}",
                parent=parent,
                level=level,
                marker=marker,
                title=title,
                start=start,
                end=ends[index],
            )
        )
    return sections


def _section_ends(markers, length):
    """Where each heading's section ends: the start of the next heading of the same or a higher level.

    One pass with a stack of the headings whose end is not yet known, so a page
    of headings is linear, not a scan ahead from each of them.
    """
    ends = [length] * len(markers)
    waiting = []
    for index, (start, level, _marker, _title) in enumerate(markers):
        while waiting and markers[waiting[-1]][1] >= level:
            ends[waiting.pop()] = start
        waiting.append(index)
    return ends


def innermost_section(sections, offset):
    """Key of the deepest section whose span holds `offset`, or None."""
    best = None
    for section in sections:
        if section.start <= offset < section.end:
            if best is None or section.level >= best.level:
                best = section
    return best.key if best else None


def section_chain(sections, key):
    """Keys of a section and its ancestors, innermost first."""
    by_key = {section.key: section for section in sections}
    chain = []
    while key is not None and key in by_key:
        chain.append(key)
        key = by_key[key].parent
    return chain


class SectionIndex:
    """`innermost_section` and `section_chain` of one section list, looked up instead of scanned.

    The rules ask for the section of every number (and its chain for every
    candidate whole), so a scan over the sections per question makes a page of
    headings quadratic. The sections of one level are disjoint and in text
    order (a section ends where the next of its level or a higher one starts),
    so the deepest level whose section found by bisection holds the offset
    answers; a list where a level's sections overlap is scanned as before.
    """

    def __init__(self, sections):
        self.sections = sections
        self.by_key = {section.key: section for section in sections}
        self.chains = {}
        levels = {}
        for section in sections:
            levels.setdefault(section.level, []).append(section)
        self.levels = []  # (starts, sections) of each level, deepest first
        for level in sorted(levels, reverse=True):
            ordered = sorted(levels[level], key=lambda section: section.start)
            if any(before.end > after.start for before, after in zip(ordered, ordered[1:])):
                self.levels = None  # overlapping sections: scanned (`innermost_section`)
                break
            self.levels.append(([section.start for section in ordered], ordered))

    def innermost(self, offset):
        """Key of the deepest section whose span holds `offset`, or None (as `innermost_section`)."""
        if self.levels is None:
            return innermost_section(self.sections, offset)
        for starts, ordered in self.levels:
            index = bisect_right(starts, offset) - 1
            if index >= 0 and offset < ordered[index].end:
                return ordered[index].key
        return None

    def chain(self, key):
        """Keys of a section and its ancestors, innermost first (as `section_chain`)."""
        if key not in self.chains:
            chain = []
            node = key
            while node is not None and node in self.by_key:
                chain.append(node)
                node = self.by_key[node].parent
            self.chains[key] = chain
        return self.chains[key]
