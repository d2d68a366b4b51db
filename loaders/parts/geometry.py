"""Span geometry of the part-of reader: paragraphs, brackets, item lines and how far an enumeration or a 其中 reaches.

Text positions only: no metric is read here. Mixed into `loaders.parents.Reader`,
which holds the text, its bracket positions and its item markers.
"""

import bisect
import re

from loaders.reading.view import SENTENCE_END
from loaders.vocabulary.parts import ITEM_LINE


class SpanGeometry:
    """Where paragraphs, brackets, enumerations and 其中 breakdowns start and end."""

    def paragraph_end(self, position):
        """Offset of the newline at or after `position` (the text's length on the last line), looked up."""
        return self.view.paragraph_bounds(position)[1]

    def section_end(self, position):
        return self.section_ends.get(self.section_of(position), len(self.text))

    def bracket_end(self, position):
        """Offset of the bracket that closes the one opening at `position` (nested ones skipped).

        Looked up in the pairs matched once per document (`bracket_pairs`);
        the paragraph end when it is not closed there.
        """
        if self.text[position : position + 1] in ("（", "("):
            if self._bracket_pairs is None:
                self._bracket_pairs = bracket_pairs(self.text)
            return self._bracket_pairs.get(position, self.paragraph_end(position))
        depth = 0
        limit = self.paragraph_end(position)
        for index in range(position, limit):
            ch = self.text[index]
            if ch in "（(":
                depth += 1
            elif ch in "）)":
                depth -= 1
                if depth == 0:
                    return index
        return limit

    def depth_between(self, start, end):
        """How many brackets opened between `start` and `end` are still open at `end`."""
        depth = 0
        for index in range(bisect.bisect_left(self.brackets, (start, "")), len(self.brackets)):
            position, ch = self.brackets[
                index
            ]  # not a slice: copying the rest of the list per call is quadratic
            if position >= end:
                break
            if ch in "（(":
                depth += 1
            elif ch in "）)" and depth:
                depth -= 1
        return depth

    def item_lines_after(self, position):
        """(start, end) of the run of item lines (（1）… / 1. … / ①…) that begins on the next line."""
        start = self.text.find("\n", position)
        if start < 0:
            return None
        start += 1
        end = start
        while end < len(self.text):
            line_end = self.paragraph_end(end)
            if not ITEM_LINE.match(self.text[end:line_end]):
                break
            end = line_end + 1
        return (start, end - 1) if end > start else None

    def enumeration_end(self, position):
        """Where an enumeration that starts at `position` ends.

        At the end of the paragraph of its last item, the items numbered in
        sequence (一是, 二是 …) in the same or directly following paragraphs,
        and never past the section end.
        """
        expected = 2
        last_paragraph_end = self.paragraph_end(position)
        first = bisect.bisect_right(self.enum_marker_starts, position)
        for index in range(first, len(self.enum_markers)):
            marker_position, number = self.enum_markers[index]
            if number != expected:
                if number == 1:
                    break
                continue
            if marker_position > last_paragraph_end + 1:
                paragraph_start = self.view.paragraph_bounds(marker_position)[0]
                if paragraph_start != last_paragraph_end + 1:
                    break
            last_paragraph_end = self.paragraph_end(marker_position)
            expected += 1
        return min(last_paragraph_end, self.section_end(position))

    def among_end(self, position):
        """Where a 其中 breakdown ends: its sentence (paragraph if flattened) or the next item marker."""
        end = self.view.sentence_end(position)
        following = bisect.bisect_right(self.enum_marker_starts, position)
        if following < len(self.enum_markers):
            end = min(end, self.enum_marker_starts[following])
        return end

    def previous_sentence_start(self, position):
        """Start of the sentence before the one holding `position`."""
        index = self.view.sentence_start(position) - 1
        while index > 0 and self.text[index - 1] in SENTENCE_END:
            index -= 1
        return self.view.sentence_start(max(index, 0))

    def _marker_at_clause_start(self, position):
        """一是 counts as an item marker only where a clause starts (not 统一是)."""
        if self.view.in_quote(position):
            return False
        before = self.text[max(0, position - 3) : position]
        before = re.sub(r"其中[：:，,]?$", "", before)
        return not before or before[-1] in SENTENCE_END + "；;：:，,. \u3000"


_ROUND_BRACKET_OR_NEWLINE = re.compile(r"[（()）\n]")


def bracket_pairs(text):
    """{opening offset: closing offset} of round brackets (either width) matched within each paragraph.

    One pass with a stack: an opening bracket is closed by the first closing
    bracket where the depth counted from it returns to zero, as a scan from it would find.
    """
    pairs = {}
    stack = []
    for match in _ROUND_BRACKET_OR_NEWLINE.finditer(text):
        ch = match.group()
        if ch == "\n":
            stack.clear()
        elif ch in "（(":
            stack.append(match.start())
        elif stack:
            pairs[stack.pop()] = match.start()
    return pairs
