"""The text view: reading aids over one text (quoted names, brackets, clause and sentence boundaries).

Built once per document over the unwrapped simplified text; the number,
label and parent rules all read the same view. Every question it answers
(which paragraph, which quote, where the sentence starts or ends, which
bracket opens this one) is looked up in a structure built in one pass over
the text, never by scanning back or ahead from the position asked about:
the rules ask once per number, so a scan would make hostile input (a page of
`共1件，` with no sentence end) quadratic.
"""

import re
from bisect import bisect_left, bisect_right

# Opening -> closing marks of quoted names and titles; numbers inside them belong to the name.
QUOTE_PAIRS = {"“": "”", "《": "》", "「": "」", "『": "』", "〈": "〉", "‘": "’"}
ASCII_QUOTES = "'\""  # pair up within a line ('质量月', "中国制造")
OPEN_BRACKETS = {"（": "）", "(": ")", "【": "】", "[": "]", "〔": "〕"}
CLOSE_BRACKETS = {close: open_ for open_, close in OPEN_BRACKETS.items()}
SENTENCE_END = "。！？!?\n"
CLAUSE_BREAK = "；;：:，,|\t"  # | and tab separate table cells in converted pages
# A comma before these continues the noun phrase (…的设定、调整和取消，及其办事流程).
CONTINUING_CONJUNCTIONS = ("及其", "以及")
_QUOTE_OPENERS = re.compile("[" + re.escape("".join(QUOTE_PAIRS) + ASCII_QUOTES) + "]")
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
        found = _QUOTE_OPENERS.search(text, index)  # the next opening mark, found in C
        if found is None:
            break
        index = found.start()
        ch = text[index]
        closing = QUOTE_PAIRS.get(ch) or ch
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
        self._quote_starts = [start for start, _end in self.quotes]
        self._newlines = [m.start() for m in _NEWLINE.finditer(text)]
        self._flat = {}
        self._last_paragraph = (
            0,
            -1,
            False,
        )  # (start, end, flat) of the paragraph `flat` was last asked about
        # Sentence ends outside quoted names, all of them and newlines only (flattened paragraphs).
        self._sentence_marks = [
            m.start() for m in _SENTENCE_MARK.finditer(text) if not self.in_quote(m.start())
        ]
        self._sentence_newlines = [i for i in self._newlines if not self.in_quote(i)]
        self._opener_of = _bracket_openers(text)

    def paragraph_bounds(self, position):
        """(start, end) of the line holding `position` (as `paragraph_bounds`, by bisection)."""
        index = bisect_left(self._newlines, position)
        start = self._newlines[index - 1] + 1 if index > 0 else 0
        end = self._newlines[index] if index < len(self._newlines) else len(self.text)
        return start, end

    def flat(self, position):
        """Whether the paragraph at `position` is flattened (see `is_flat_paragraph`).

        The rules ask about the same paragraph many times per number, so the
        last paragraph asked about answers without a bisection.
        """
        start, end, flat = self._last_paragraph
        if start <= position <= end:
            return flat
        start, end = self.paragraph_bounds(position)
        if start not in self._flat:
            self._flat[start] = is_flat_paragraph(self.text[start:end])
        self._last_paragraph = (start, end, self._flat[start])
        return self._flat[start]

    def in_quote(self, position):
        """Whether `position` lies strictly inside a quoted name (between its marks)."""
        index = bisect_left(self._quote_starts, position) - 1  # the last quote opening before it
        return index >= 0 and position < self.quotes[index][1] - 1

    def breaks(self, position):
        """Characters that end a clause at `position`: also `.` in a flattened paragraph."""
        return _FLAT_BREAKS if self.flat(position) else _BREAKS

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
        """The bracket opening the one closing at `close_index` on its line, if it is at `floor` or after."""
        opener = self._opener_of.get(close_index)
        return opener if opener is not None and opener >= floor else None

    def _sentence_marks_at(self, position):
        return self._sentence_newlines if self.flat(position) else self._sentence_marks

    def sentence_start(self, position):
        """Just after the previous sentence end (。！？ or newline; only newline when flattened)."""
        marks = self._sentence_marks_at(position)
        index = bisect_right(marks, position - 1)
        return marks[index - 1] + 1 if index > 0 else 0

    def sentence_end(self, position):
        """Offset of the sentence end at or after `position` (only newline when flattened)."""
        marks = self._sentence_marks_at(position)
        index = bisect_left(marks, position)
        return marks[index] if index < len(marks) else len(self.text)


def _bracket_openers(text):
    """{closing bracket offset: its opening bracket's offset}, pairs of one kind matched within a line.

    One pass with a stack per kind: a closing bracket takes the nearest
    unmatched opening bracket of its kind on its line, the one a scan back
    counting depth would find.
    """
    pairs = {}
    stacks = {opener: [] for opener in OPEN_BRACKETS}
    for match in _BRACKET_OR_NEWLINE.finditer(text):
        ch, index = match.group(), match.start()
        if ch == "\n":
            for stack in stacks.values():
                stack.clear()
        elif ch in OPEN_BRACKETS:
            stacks[ch].append(index)
        else:
            stack = stacks[CLOSE_BRACKETS[ch]]
            if stack:
                pairs[index] = stack.pop()
    return pairs


_BREAKS = SENTENCE_END + CLAUSE_BREAK
_FLAT_BREAKS = _BREAKS + "."
_NEWLINE = re.compile("\n")
_SENTENCE_MARK = re.compile("[" + re.escape(SENTENCE_END) + "]")
_BRACKET_OR_NEWLINE = re.compile(
    "[" + re.escape("".join(OPEN_BRACKETS) + "".join(CLOSE_BRACKETS)) + "\n]"
)
