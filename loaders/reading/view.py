"""The text view: reading aids over one text (quoted names, brackets, clause and sentence boundaries).

Built once per document over the unwrapped simplified text; the number,
label and parent rules all read the same view.
"""
import re

# Opening -> closing marks of quoted names and titles; numbers inside them belong to the name.
QUOTE_PAIRS = {"“": "”", "《": "》", "「": "」", "『": "』", "〈": "〉", "‘": "’"}
ASCII_QUOTES = "'\""  # pair up within a line ('质量月', "中国制造")
OPEN_BRACKETS = {"（": "）", "(": ")", "【": "】", "[": "]", "〔": "〕"}
CLOSE_BRACKETS = {close: open_ for open_, close in OPEN_BRACKETS.items()}
SENTENCE_END = "。！？!?\n"
CLAUSE_BREAK = "；;：:，,|\t"  # | and tab separate table cells in converted pages
# A comma before these continues the noun phrase (…的设定、调整和取消，及其办事流程).
CONTINUING_CONJUNCTIONS = ("及其", "以及")
_FLAT_DOT = re.compile(r"[\u4e00-\u9fff'）)a-zA-Z]\.[\u4e00-\u9fff'（(a-zA-Z]")


def quote_spans(text):
    """(start, end) of every quoted name or title, marks included.

    Curly quotes and title marks pair with their closing mark; ASCII quotes pair
    with the next identical quote on the same line.
    """
    spans = []
    index = 0
    length = len(text)
    while index < length:
        ch = text[index]
        closing = QUOTE_PAIRS.get(ch) or (ch if ch in ASCII_QUOTES else None)
        if closing is None:
            index += 1
            continue
        line_end = text.find("\n", index)
        line_end = length if line_end < 0 else line_end
        close = text.find(closing, index + 1, line_end)
        if close < 0:
            index += 1
            continue
        spans.append((index, close + 1))
        index = close + 1
    return spans


def paragraph_bounds(text, position):
    """(start, end) of the line holding `position`."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, (len(text) if end < 0 else end)


def is_flat_paragraph(paragraph):
    """Whether a paragraph had its punctuation flattened to `.` (no ，。、；： but `.` between words)."""
    if any(mark in paragraph for mark in "。，、；："):
        return False
    return len(_FLAT_DOT.findall(paragraph)) >= 3


class TextView:
    """Reading aids over one text: quotes, brackets, clause and sentence boundaries."""

    def __init__(self, text):
        self.text = text
        self.quotes = quote_spans(text)
        self.quote_open_at = {start: end for start, end in self.quotes}
        self.quote_close_at = {end - 1: start for start, end in self.quotes}
        self._flat = {}

    def flat(self, position):
        """Whether the paragraph at `position` is flattened (see `is_flat_paragraph`)."""
        start, end = paragraph_bounds(self.text, position)
        if start not in self._flat:
            self._flat[start] = is_flat_paragraph(self.text[start:end])
        return self._flat[start]

    def in_quote(self, position):
        """Whether `position` lies strictly inside a quoted name (between its marks)."""
        for start, end in self.quotes:
            if start < position < end - 1:
                return True
            if start > position:
                break
        return False

    def breaks(self, position):
        """Characters that end a clause at `position`: also `.` in a flattened paragraph."""
        return SENTENCE_END + CLAUSE_BREAK + ("." if self.flat(position) else "")

    def clause_start(self, position, floor=0):
        """Start of the clause that ends at `position`, not before `floor`.

        Scans back over quoted names and closed brackets as single words; stops
        after a clause break or an unclosed opening bracket. A comma followed by
        a conjunction (，及其…) continues the noun phrase, so it is not a break.
        """
        text = self.text
        breaks = self.breaks(position)
        index = position - 1
        while index >= floor:
            ch = text[index]
            if index in self.quote_close_at:
                index = self.quote_close_at[index] - 1
                continue
            if ch in CLOSE_BRACKETS:
                opener = self._matching_open(index, floor)
                if opener is not None:
                    index = opener - 1
                    continue
            if ch in OPEN_BRACKETS:
                return index + 1
            if ch in breaks:
                if ch in "，," and text.startswith(CONTINUING_CONJUNCTIONS, index + 1):
                    index -= 1
                    continue
                return index + 1
            index -= 1
        return max(floor, 0)

    def _matching_open(self, close_index, floor):
        opener = CLOSE_BRACKETS[self.text[close_index]]
        depth = 0
        index = close_index
        while index >= floor:
            ch = self.text[index]
            if ch == self.text[close_index]:
                depth += 1
            elif ch == opener:
                depth -= 1
                if depth == 0:
                    return index
            elif ch == "\n":
                return None
            index -= 1
        return None

    def sentence_start(self, position):
        """Just after the previous sentence end (。！？ or newline; only newline when flattened)."""
        marks = "\n" if self.flat(position) else SENTENCE_END
        index = position - 1
        while index >= 0:
            found = max(self.text.rfind(mark, 0, index + 1) for mark in marks)
            if found < 0:
                return 0
            if not self.in_quote(found):
                return found + 1
            index = found - 1
        return 0

    def sentence_end(self, position):
        """Offset of the sentence end at or after `position` (only newline when flattened)."""
        pattern = _NEWLINE if self.flat(position) else _SENTENCE_MARK
        index = position
        while True:
            match = pattern.search(self.text, index)
            if match is None:
                return len(self.text)
            if not self.in_quote(match.start()):
                return match.start()
            index = match.start() + 1


_NEWLINE = re.compile("\n")
_SENTENCE_MARK = re.compile("[" + re.escape(SENTENCE_END) + "]")
