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
"""

from loaders.document import SectionData
from loaders.vocabulary.sections import (
    ATTACHMENT_MARKER,
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
    rest = text[match.end():line_end].strip()
    colon = text[match.start(1) + len(match.group(1)):match.end()].strip()
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
            found.append((match.start(1), 1, "附件", attachment_title(text, match.start(1) + len(match.group(1)))))
    found = [heading for heading in found if not in_spans(heading[0], skip)]
    found.sort()
    return found


def find_sections(text, skip=()):
    """Sections of a report in text order, keys s1, s2, ...

    `end` is where the next heading of the same or a higher level starts (or
    the end of the text); a level-2 section's parent is the level-1 section
    (heading or attachment) that encloses it. A text without any heading
    marker is one body section (marker None, title None) spanning the text.

    `skip` holds the spans of template tables: their row labels (一、本年新收…,
    （七）总计) carry heading markers but are rows, not headings.
    """
    markers = heading_markers(text, skip)
    if not markers:
        return [SectionData(key="s1", parent=None, level=1, marker=None, title=None, start=0, end=len(text))]
    sections = []
    for index, (start, level, marker, title) in enumerate(markers, 1):
        end = len(text)
        for later_start, later_level, _m, _t in markers[index:]:
            if later_level <= level:
                end = later_start
                break
        parent = None
        if level > 1:
            for earlier in reversed(sections):
                if earlier.level < level:
                    parent = earlier.key if earlier.end > start else None
                    break
        sections.append(SectionData(key=f"s{index}", parent=parent, level=level, marker=marker,
                                    title=title, start=start, end=end))
    return sections


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
