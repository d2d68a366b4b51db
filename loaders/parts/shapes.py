"""Shapes of the text around a metric: a bare total, a list item, a cue or a list right after it.

Mixed into `loaders.parents.Reader`.
"""

import re
from bisect import bisect_left

from loaders.parts.kinds import adds_up_evidence, same_kind
from loaders.phrases import extend_flat, filler_verbs, strip_leading
from loaders.reading.view import SENTENCE_END
from loaders.vocabulary.labels import ENUM_MARKER, TOTAL_CUE
from loaders.vocabulary.numbers import EPSILON
from loaders.vocabulary.parts import (
    COLON_CLAUSE_MAX,
    CONTAINS_CUE,
    CUE_GAP_MAX,
    HEADING_MARKER,
    LIST_GAP_MAX,
    LOOKAHEAD_MAX,
)

# Patterns of the rules below, compiled once (they run for every number).
_AMONG_WORD = re.compile(r"其中|包括|分别为|分别是")
_AMONG_OR_INCLUDING = re.compile(r"其中|包括")
_COLON_CLAUSE = re.compile(rf"[^，,。；;：:\n（(]{{1,{COLON_CLAUSE_MAX}}}[：:]")
_LIST_JOINERS = ("、", "和", "及", "与")


class Shapes:
    """What the text around one metric looks like: a heading-like total, a list item, a breakdown after it."""

    def is_bare(self, metric):
        """The metric's sentence is just `label + number` (a heading-like total, 执法督查打假信息638条).

        Its clause starts a sentence (or follows a heading marker, or a `.` in a
        flattened paragraph) and holds no marker, filler verb or 共.
        """
        start, clause = self.clause_of(metric)
        body = HEADING_MARKER.sub("", clause).strip()
        if not body or strip_leading(body) != body or filler_verbs(body) or TOTAL_CUE.search(body):
            return False
        if body.endswith("等"):
            return False  # …A、B等N条: the tail of an enumeration
        previous_char = self.text[start - 1] if start > 0 else "\n"
        if HEADING_MARKER.match(clause):
            return True
        if previous_char == "." and self.view.flat(metric.start):
            previous = self.previous(metric, counts_only=False)
            # A label that runs back across `.` to a verb is the tail of an item, not a sentence.
            return extend_flat(self.view, start, previous.end if previous else 0) is None
        return previous_char in SENTENCE_END

    def continues_list(self, metric):
        """The metric follows a count of the same kind with only a separator between: a list item."""
        previous = self.previous(metric)
        if previous is None or not same_kind(previous, metric):
            return False
        start, _clause = self.clause_of(metric)
        return start - previous.end <= 1

    def cue_after(self, metric):
        """A breakdown cue right after the metric (。其中 / 。一是 / （含 / ：), or None."""
        gap = self.text[metric.end : metric.end + CUE_GAP_MAX]
        stripped = gap.lstrip("。.；;，, ")
        offset = len(gap) - len(stripped)
        if CONTAINS_CUE.match(gap):
            return "contains"
        if _AMONG_WORD.match(stripped):
            return "among"
        if self.enum_marker_at.get(metric.end + offset) == 1:
            return "enumeration"
        return None

    def exact_parts_ahead(self, whole):
        """The following counts of the same kind add up exactly to `whole` (two or more of them).

        In a flattened paragraph this arithmetic is the only evidence that a
        list breaks a total down: `.` no longer tells a sentence from an item.
        """
        total = 0.0
        count = 0
        limit = self.paragraph_end(whole.end)
        for metric in self.following(whole)[:LOOKAHEAD_MAX]:
            if metric.start > limit:
                break
            if not same_kind(whole, metric):
                continue
            if metric.approx or metric.value > whole.value + EPSILON:
                return False
            total += metric.value
            count += 1
            if abs(total - whole.value) < EPSILON:
                return count >= 2
            if total > whole.value:
                return False
        return False

    def list_after(self, metric):
        """The first part of a list that directly follows `metric` and breaks it down, or None.

        `A N条。公布 B n条；C m条…`: the total ends its sentence (or is followed
        by a colon), the next count of the same kind follows at once, and is
        not larger. In a flattened paragraph the parts must also add up.
        """
        if metric.end >= len(self.text):
            return None
        after = self.text[metric.end : metric.end + 1]
        flat = self.view.flat(metric.start)
        colon = after in "：:"
        if not (colon or after in "。\n" or (flat and after == ".")):
            return None
        if not colon and not self.is_bare(metric):
            return None
        following = self.following(metric)
        if not following:
            return None
        first = following[0]
        if not same_kind(metric, first) or first.value > metric.value + EPSILON:
            return None
        gap = self.text[metric.end + 1 : first.start]
        if len(gap) > LIST_GAP_MAX or any(ch in gap for ch in SENTENCE_END + "；;：:，,"):
            return None
        if ENUM_MARKER.match(gap) or _AMONG_OR_INCLUDING.match(gap):
            return None
        if flat and (gap.count(".") > 1 or not self.exact_parts_ahead(metric)):
            return None
        return first

    def heads_breakdown(self, metric):
        return (
            bool(self.cue_after(metric))
            or self.list_after(metric) is not None
            or (self.view.flat(metric.start) and self.exact_parts_ahead(metric))
        )

    def is_heading(self, metric):
        """A new total at the level of the current whole: it ends enumerations and lists.

        A bare `label + number` sentence, not an item of a running list, that
        heads a breakdown of its own (a cue follows, or a list whose parts add up).
        """
        return (
            self.is_bare(metric)
            and not self.continues_list(metric)
            and self.heads_breakdown(metric)
        )

    def colon_list_after(self, metric):
        """`58件申请均已按期答复：同意公开36件，…`: a clause ending in a colon after a count lists its parts.

        The count's clause runs on (no comma) to a colon; the counts that follow
        in the sentence are of its kind and add up to it exactly.
        """
        clause = self.text[metric.end : metric.end + COLON_CLAUSE_MAX]
        match = _COLON_CLAUSE.match(clause)
        if not match:
            return None
        start = metric.end + match.end()
        end = self.view.sentence_end(start)
        parts = self.parts_in(start, end, metric)
        if (
            not adds_up_evidence(parts)
            or abs(sum(p.value for p in parts) - metric.value) >= EPSILON
        ):
            return None
        return end

    def exact_run_after(self, metric):
        """`行政复议4起，经复议维持原答复3起，责令重新答复1起；…`: the counts after a count add up to it.

        Without a cue word, only arithmetic says that a run breaks a count down:
        all the counts of its kind that follow it in its clause group (up to
        ；or the sentence end), two or more, add up to it exactly.
        """
        if metric.approx or metric.value is None:
            return None
        end = self.view.sentence_end(metric.end)
        semicolon = bisect_left(
            self.semicolons, metric.end
        )  # the first ；after the count, if before `end`
        if semicolon < len(self.semicolons) and self.semicolons[semicolon] < end:
            end = self.semicolons[semicolon]
        if self.text[metric.end : metric.end + 1] in _LIST_JOINERS:
            return None  # 行政复议2件、行政诉讼1件: what follows 、 is a sibling, not a part
        parts = self.parts_in(metric.end, end, metric)
        if not adds_up_evidence(parts):
            return None
        if abs(sum(p.value for p in parts) - metric.value) >= EPSILON:
            return None
        return end
