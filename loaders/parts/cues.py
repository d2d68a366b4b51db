"""Part-of cues as a table: each cue word or mark, where it is found, and the handler that opens a breakdown.

`PART_CUES` lists (name, finder, handler) in the order ties are handled;
the reader visits every cue found, in text order, before the metric after
it. Mixed into `loaders.parents.Reader`; the cue words are in
`loaders.vocabulary.parts`.
"""

import re

from loaders.parts.kinds import Breakdown, describes_whole, same_kind
from loaders.vocabulary.labels import ENUM_MARKER
from loaders.vocabulary.parts import (
    AMONG_CUE,
    AMONG_REFERENCE,
    CONTAINS_CUE,
    CUE_GAP_MAX,
    LIST_INTRO,
    METRICS_WINDOW,
    OPENING_BRACKET,
    PERSPECTIVE_CUE,
)


class CueHandlers:
    """The handlers of `PART_CUES`: each opens (or continues) a breakdown of a whole."""

    def close_from(self, breakdown):
        """Close `breakdown` and every breakdown opened after it."""
        if breakdown in self.open:
            del self.open[self.open.index(breakdown) :]

    def on_marker(self, position, number):
        """An item marker: 一是 opens an enumeration of the total just before; 二是… continue it."""
        if number == 1:
            for breakdown in [b for b in self.open if b.mode == "enumeration"]:
                self.close_from(breakdown)
            whole = self.last_count_before(position)
            if whole is None:
                return
            gap = self.text[whole.end : position]
            gap_body = describes_whole(re.sub(r"其中[：:，,]?", "", gap).strip("。.；;：:，, \n"))
            if (
                len(gap) > CUE_GAP_MAX
                or gap_body
                or self.section_of(whole.start)
                not in self.section_index.chain(self.section_of(position))
            ):
                return
            self.open.append(
                Breakdown(whole, "enumeration", self.enumeration_end(position), marker=1)
            )
            return
        for breakdown in reversed(self.open):
            if breakdown.mode == "enumeration" and breakdown.marker == number - 1:
                breakdown.marker = number
                # Items of the previous marker (其中 lists inside it) are over.
                del self.open[self.open.index(breakdown) + 1 :]
                return

    def on_among(self, position, cue_end):
        """其中 / 包括 / 分别为: the counts up to the sentence end are parts of the whole before."""
        rest = self.text[cue_end : cue_end + 3].lstrip("：:，, ")
        if ENUM_MARKER.match(rest):
            return  # 其中：一是 … is an enumeration
        first = self.first_count_after(cue_end)
        end = self.among_end(cue_end)
        if first is None or first.start >= end:
            return
        whole = self.whole_for(
            position, cue_end, end, self.whole_before(position, first, totals_only=True)
        )
        if whole is not None:
            self.open.append(Breakdown(whole, "among", end))

    def on_reference(self, position, cue_end, noun):
        """`在公开的信息中，A n条，B m条`: parts of the total of the previous sentence that counts the same noun.

        The noun must end like the total's label (…信息 / …信息) so that the
        sentence really refers back to it.
        """
        first = self.first_count_after(cue_end)
        end = self.among_end(cue_end)
        if first is None or first.start >= end:
            return
        whole = self.whole_before(position, first, wholes_only=True)
        if whole is not None and whole.label[-2:] != noun.rstrip("的")[-2:]:
            whole = None
        whole = self.whole_for(position, cue_end, end, whole)
        if whole is not None:
            self.open.append(Breakdown(whole, "among", end))

    def on_perspective(self, position, cue_end):
        """`申请46件。从申请形式看，网上申请32件，信函申请11件…`: the counts of the sentence are parts of that total.

        The whole is the nearest total of the same kind in the previous
        sentence that is no part itself and no change (比上年增加9件 is not a total).
        """
        end = self.among_end(cue_end)
        first = next(
            (
                m
                for m in self.starting_in(cue_end, end, METRICS_WINDOW) or ()
                if m.unit != "%" and not self.is_change(m)
            ),
            None,
        )
        if first is None or first.start >= end:
            return
        whole = self.whole_before(position, first, wholes_only=True, totals_only=True)
        whole = self.whole_for(position, cue_end, end, whole)
        if whole is not None:
            self.open.append(Breakdown(whole, "among", end))

    def on_contains(self, position, cue_end):
        """A（含 B n条）/ A（其中 B n条）: the counts inside the bracket are parts of A."""
        whole = self.last_count_before(position)
        if whole is None or whole.end != position:
            return
        self.open.append(Breakdown(whole, "contains", self.bracket_end(position)))

    def on_bracket(self, position):
        """行政诉讼1件（维持1件）: a bracket right after a count that holds counts of its kind breaks it down.

        Only when nothing else opens the bracket (含, 其中 are `on_contains`) and
        its first count is of the same kind and no change (（同比增加2件） is not a part).
        """
        whole = self.last_count_before(position)
        if whole is None or whole.end != position or CONTAINS_CUE.match(self.text, position):
            return
        end = self.bracket_end(position)
        first = self.first_count_after(position)
        if (
            first is None
            or first.start >= end
            or not same_kind(whole, first)
            or self.is_change(first)
        ):
            return
        if self.depth_between(position + 1, first.start) != 0:
            return
        self.open.append(Breakdown(whole, "contains", end))

    def on_list_intro(self, position, cue_end):
        """`答复情况如下：` and items on the lines below: parts of the earlier total they add up to."""
        lines = self.item_lines_after(position)
        if lines is None:
            return
        first = self.first_count_after(lines[0])
        if first is None or first.start >= lines[1]:
            return
        whole = self.whole_by_sum(position, self.parts_in(lines[0], lines[1], first))
        if whole is not None:
            self.open.append(Breakdown(whole, "list", lines[1]))

    def cues(self):
        """Every cue found, in text order: (position, cue name, handler, args); `PART_CUES` order breaks ties."""
        found = [
            (position, name, getattr(self, handler), args)
            for name, finder, handler in PART_CUES
            for position, args in finder(self)
        ]
        found.sort(key=lambda item: item[0])
        return found


def _enumeration_markers(reader):
    """一是, 二是 … where a clause starts (found once by the reader: `Reader.enum_markers`)."""
    return [(position, (position, number)) for position, number in reader.enum_markers]


def _among(reader):
    """其中, 包括, 分别为 outside quoted names and not right after an opening bracket (that is `contains`)."""
    for match in AMONG_CUE.finditer(reader.text):
        if (
            not reader.view.in_quote(match.start())
            and reader.text[match.start() - 1 : match.start()] not in "（("
        ):
            yield match.start(), (match.start(), match.end())


def _reference(reader):
    """在公开的信息中，…: the noun a sentence opens with."""
    for match in AMONG_REFERENCE.finditer(reader.text):
        yield match.start(), (match.start(), match.end(), match.group("noun"))


def _matches(pattern):
    """A finder of every match of `pattern`, handled with its start and end."""

    def finder(reader):
        return [
            (match.start(), (match.start(), match.end())) for match in pattern.finditer(reader.text)
        ]

    return finder


def _opening_brackets(reader):
    """Every opening bracket: a bracket right after a count may hold its parts."""
    return [(match.start(), (match.start(),)) for match in OPENING_BRACKET.finditer(reader.text)]


# The part-of cues: (name, finder, handler). A finder yields (position, handler arguments);
# cues at the same position are handled in this order.
PART_CUES = (
    ("enumeration", _enumeration_markers, "on_marker"),
    ("among", _among, "on_among"),
    ("contains", _matches(CONTAINS_CUE), "on_contains"),
    ("reference", _reference, "on_reference"),
    ("perspective", _matches(PERSPECTIVE_CUE), "on_perspective"),
    ("bracket", _opening_brackets, "on_bracket"),
    ("list_intro", _matches(LIST_INTRO), "on_list_intro"),
)
