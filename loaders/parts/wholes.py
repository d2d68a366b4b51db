"""Choosing wholes: which earlier count a breakdown, a share or a 其中 is about.

Mixed into `loaders.parents.Reader`.
"""

from bisect import bisect_left, bisect_right

from loaders.parts.kinds import adds_up_evidence, named_total_of, same_kind
from loaders.vocabulary.numbers import EPSILON
from loaders.vocabulary.parts import AMONG_LOOKBACK, CHANGE_CUE, METRICS_WINDOW, NAMED_TOTAL


class Wholes:
    """Which count is the whole of a breakdown: nearest, same kind, in scope, or the one its parts add up to."""

    def whole_before(self, position, first_part, wholes_only=False, totals_only=False):
        """The whole a 其中 at `position` breaks down: nearby, same kind as its first part.

        Candidates stand in the same or the previous sentence (within a short
        distance in a flattened paragraph); one in the first part's very unit
        is preferred (地理标志公告49期、科技信息53条。其中…34期 -> 49期), then the nearest.
        """
        if self.view.flat(position):
            floor = position - AMONG_LOOKBACK
        else:
            floor = self.previous_sentence_start(position)
        sentence_start = self.view.sentence_start(position)

        def candidate(m):
            return (
                floor <= m.start
                and m.end <= position
                and m.unit != "%"
                and not (wholes_only and m.parent is not None)
                and (
                    first_part is None
                    or (
                        same_kind(m, first_part)
                        and m.value >= first_part.value
                        and self.in_scope(m, first_part)
                    )
                )
                and not (totals_only and self.is_change(m))
                and (m.start >= sentence_start or not self.settled_part(m))
            )

        # Nearest first: the nearest candidate in the first part's unit, else the nearest candidate.
        nearest = None
        for m in reversed(self.starting_in(floor, position, METRICS_WINDOW, last=True)):
            if nearest is not None and (first_part is None or m.unit != first_part.unit):
                continue  # only a candidate in the first part's unit could still win
            if candidate(m):
                if first_part is None or m.unit == first_part.unit:
                    return m
                nearest = m
        return nearest

    def settled_part(self, metric):
        """A part of a whole that its parts already add up to: an item of a finished breakdown.

        (…“申请内容不明确”的16件。…，其中延期答复的11件: the 16 closed the
        breakdown of the answered requests, so a 其中 in the next sentence is
        not about it.)
        """
        if metric.parent is None:
            return False
        whole = self.by_key.get(metric.parent)
        if whole is None or whole.approx or whole.value is None:
            return False
        children = self.children.get(metric.parent, {})
        total = sum(
            children[index].value or 0 for index in sorted(children)
        )  # in text order, as read
        return abs(total - whole.value) < EPSILON

    def parts_in(self, start, end, first):
        """The counts from `start` to `end` that could be parts with `first`: same kind, no change, not in a bracket.

        A bracket (其中涉及国家秘密的2件…) holds the parts of a part, not of the whole.
        A span holding more than `METRICS_WINDOW` metrics lists no parts. The
        bracket depth is carried along the span, each bracket read once.
        """
        window = self.starting_in(start, end, METRICS_WINDOW)
        if window is None:
            return []
        parts = []
        depth = 0
        bracket = bisect_left(self.brackets, (start, ""))
        for m in window:
            while bracket < len(self.brackets) and self.brackets[bracket][0] < m.start:
                ch = self.brackets[bracket][1]
                if ch in "（(":
                    depth += 1
                elif depth:
                    depth -= 1
                bracket += 1
            if (
                m.end <= end
                and m.unit != "%"
                and same_kind(first, m)
                and not self.is_change(m)
                and depth == 0
            ):
                parts.append(m)
        return parts

    def whole_by_sum(self, position, parts):
        """The nearest earlier count the `parts` add up to exactly, in their section: their whole.

        Where a breakdown may refer to one of several totals (从申请方式看… after
        the received and the concluded requests; 在已答复的申请中… after 已答复
        and 正在办理), the arithmetic tells which one the parts make up.
        """
        if not adds_up_evidence(parts):
            return None
        total = sum(part.value for part in parts)
        nearest = bisect_left(self.starts, position)  # later metrics end after `position`
        for index in range(nearest - 1, max(nearest - METRICS_WINDOW, 0) - 1, -1):
            candidate = self.metrics[index]
            if candidate.end > position or candidate.unit == "%" or candidate.approx:
                continue
            if not self.in_scope(candidate, parts[0]):
                break
            if (
                same_kind(candidate, parts[0])
                and abs(candidate.value - total) < EPSILON
                and not self.is_change(candidate)
            ):
                return candidate
        return None

    def whole_for(self, position, cue_end, end, whole):
        """`whole`, or the earlier total the counts of the breakdown add up to when `whole` cannot be it.

        `whole` stands unless there is none or its parts would exceed it (and
        no first run of them makes it up exactly).
        """
        first = next(
            (
                m
                for m in self.starting_in(cue_end, end, METRICS_WINDOW, last=False) or ()
                if m.unit != "%" and not self.is_change(m)
            ),
            None,
        )
        if first is None or first.start >= end:
            return whole
        parts = self.parts_in(cue_end, end, first)
        if whole is not None:
            running = 0.0
            for part in parts:
                running += part.value
                if abs(running - whole.value) < EPSILON:
                    return whole  # the first parts make it up (…9件；另有2件正在办理中)
            if running <= whole.value + EPSILON:
                return whole  # a partial breakdown: nothing says it is not this whole's
        return self.whole_by_sum(position, parts) or whole

    def first_count_after(self, position):
        for index in range(bisect_left(self.starts, position), len(self.metrics)):
            metric = self.metrics[index]
            if metric.unit != "%":
                return metric
        return None

    def last_count_before(self, position):
        for index in range(bisect_left(self.starts, position) - 1, -1, -1):
            metric = self.metrics[index]
            if metric.end <= position and metric.unit != "%":
                return metric
        return None

    def named_total(self, count, share_text):
        """The total a share names (占主动公开总数的…): an earlier count of the same kind whose label holds the name.

        It must be at least as large as the count and stand in the same top
        section (a report's 主动公开 chapter, not another chapter's totals).
        """
        match = NAMED_TOTAL.search(share_text)
        if not match:
            return None
        name = match.group("name")
        top = self.top_section(count.start)
        for candidate in self.counts_before_metric(count):
            if candidate.value is None or not same_kind(candidate, count):
                continue
            if self.top_section(candidate.start) != top:
                break
            if name in candidate.label and candidate.value >= count.value:
                return candidate
        return None

    def total_named_without_count(self, metric):
        """`…等方面，分别占申请总量的45.7%、20.0%和14.3%`: shares with no count of their own in the sentence.

        Their whole is the total the share names: among the earlier counts in
        the same top section whose label holds the name (申请 -> 政府信息公开申请),
        the largest one that is no part of another (`named_total_of`).
        """
        name = self.last_total_name(metric.start)
        if name is None:
            return None
        top = self.top_section(metric.start)
        candidates = []
        for candidate in self.counts_before_metric(metric):
            if candidate.value is None:
                continue
            if self.top_section(candidate.start) != top:
                break
            if name in candidate.label:
                candidates.append(candidate)
        return named_total_of(candidates)

    def counts_before_metric(self, metric, limit=METRICS_WINDOW):
        """The counts (not %) among the `limit` metrics before `metric`, nearest first, hopping from count to count."""
        index = self.index[id(metric)]
        floor = max(index - limit, 0)
        count = self.count_before[index]
        while count >= floor:
            yield self.metrics[count]
            count = self.count_before[count]

    def last_total_name(self, position):
        """The name in the last `NAMED_TOTAL` of the sentence before `position` (as a scan of that text would find).

        The sentence's matches are found once (`sentence_totals`); only a match
        running past `position` makes the few characters from its start on be
        scanned again, so a page of shares with no sentence end stays linear.
        """
        matches, ends = self.sentence_totals(position)
        crossing = bisect_right(ends, position)  # the first match ending after `position`
        if crossing < len(matches) and matches[crossing].start() < position:
            tail = list(NAMED_TOTAL.finditer(self.text, matches[crossing].start(), position))
            if tail:
                return tail[-1].group("name")
        return matches[crossing - 1].group("name") if crossing else None

    def sentence_totals(self, position):
        """(matches, their ends) of `NAMED_TOTAL` over the sentence holding `position`, scanned once per sentence."""
        start = self.view.sentence_start(position)
        if start not in self._sentence_totals:
            end = self.view.sentence_end(position)
            matches = list(NAMED_TOTAL.finditer(self.text, start, end))
            self._sentence_totals[start] = (matches, [match.end() for match in matches])
        return self._sentence_totals[start]

    def top_section(self, offset):
        """Key of the outermost section holding `offset`."""
        chain = self.section_index.chain(self.section_of(offset))
        return chain[-1] if chain else None

    def is_change(self, metric):
        """同比增加10件 / 较上年减少12件: a difference between periods, not a count of its own (read once per metric)."""
        index = self.index[id(metric)]
        if index not in self.changes:
            _start, clause = self.clause_of(metric)
            self.changes[index] = bool(CHANGE_CUE.search(clause))
        return self.changes[index]
