"""Rules read at each metric: part of an open breakdown, a 共-total after its parts, a share, a review outcome, a sentence of parts.

Mixed into `loaders.parents.Reader`; `on_metric` applies them in order and
records in `Reader.trace` which rule gave a metric its parent.
"""

import re

from loaders.parts.kinds import (
    EPSILON,
    Breakdown,
    adds_up_evidence,
    is_review_outcome,
    outcome_of_the_same_things,
    same_kind,
)
from loaders.vocabulary.labels import TOTAL_CUE
from loaders.vocabulary.parts import (
    AMONG_HEADER,
    ENUM_CUE,
    METRICS_WINDOW,
    OPEN_BREAKDOWNS_MAX,
    REVIEW_VERB,
    SHARE_OF_COUNT_CUE,
)

# A total word opening or closing the clause before a count (共 A 45项, A 共45项), and what ends a subject.
_TOTAL_OPENING = re.compile(r"^[，,、\s]*(共计|合计|总计|共)")
_TOTAL_ENDING = re.compile(r"(共计|合计|总计|共)$")
_CLAUSE_MARK = re.compile(r"[，,；;：:（(]")


class MetricRules:
    """What each metric does to the open breakdowns, and which rule gives it its parent."""

    def fits(self, breakdown, metric):
        """Whether `metric` can be a part of `breakdown`'s whole."""
        whole = breakdown.whole
        # The cheap comparisons first: every number is tried against every open breakdown.
        return (
            metric.start < breakdown.end
            and metric.value is not None
            and whole.value is not None
            and metric.value <= whole.value + EPSILON
            and not (metric.value == whole.value and metric.label == whole.label)
            and same_kind(whole, metric)
            and self.in_scope(whole, metric)
        )

    def attach(self, breakdown, metric):
        self.decide(metric, breakdown.whole.key, breakdown.opened_by or breakdown.mode)
        breakdown.add(metric)
        if breakdown.complete():
            self.close_from(breakdown)

    def on_total(self, metric):
        """`B 35项，C 10项，共 A 45项`: the counts just before a 共-total are its parts.

        They stand in the same sentence, in an unbroken run (no ；, no item
        marker, no count of another kind between), each not larger than the
        total, and add up to it or come at least two.
        """
        _start, clause = self.clause_of(metric)
        if "共" not in clause and "计" not in clause:
            return  # no total word (共, 共计, 合计, 总计) at all
        if not (_TOTAL_OPENING.match(clause) or _TOTAL_ENDING.search(clause)):
            return
        run = self.run_before(metric)
        if run is None:
            return  # no total lists this many parts
        run = [m for m in run if m.value is not None and m.value <= metric.value + EPSILON]
        if not run:
            return
        total = sum(m.value for m in run)
        if not (abs(total - metric.value) < EPSILON or (len(run) >= 2 and total <= metric.value)):
            return
        holders = [b for b in self.open if any(m in b.parts for m in run)]
        for breakdown in holders:
            for part in run:
                if part in breakdown.parts:
                    breakdown.remove(part)
            if metric.parent is None and self.fits(breakdown, metric):
                self.attach(breakdown, metric)
        for part in run:
            self.decide(part, metric.key, "total_after_parts")

    def on_percent(self, metric):
        """A share (占…%) belongs to the whole its count is part of, or to that count when it names its own subject.

        When the share names its total (占主动公开总数的91.7%) and the count is
        part of nothing yet, that total is found (`named_total`) and becomes
        the whole of both the count and its share.
        """
        count = self.previous(metric)
        if count is None or count.start < self.view.sentence_start(metric.start):
            whole = self.total_named_without_count(metric)
            if whole is not None:
                self.decide(metric, whole.key, "share_of_named_total")
            return
        between = self.text[count.end : metric.start]
        match = SHARE_OF_COUNT_CUE.search(between)
        if not match:
            return
        own_subject = _CLAUSE_MARK.split(between[: match.start()])[-1].strip("、 ")
        if own_subject:
            self.decide(metric, count.key, "share_of_own_count")
            return
        if count.parent is None:
            whole = self.named_total(count, between[match.start() :])
            if whole is not None:
                self.decide(count, whole.key, "named_total")
        self.decide(metric, count.parent, "share_of_count_whole")

    def on_review_outcome(self, metric):
        """`清理规范性文件89件，废止3件`: what a review decided about some of the items is a part of them.

        A count named by an outcome of a review (废止, 修改, 继续有效 …) whose
        sentence counts, before it, the items reviewed (清理, 审查, 评估 … said
        around that count) is a part of that count, whether or not the
        outcomes add up to it: the abolished documents are among the cleaned-up
        ones. A different quantity in the same sentence (收到申请134件，上年结转6件)
        has no such outcome word and stays apart.
        """
        if not is_review_outcome(metric.label):
            return
        sentence_start = self.view.sentence_start(metric.start)
        clause_start, _clause = self.clause_of(metric)
        for candidate in self.before(metric):
            if candidate.start < sentence_start:
                return
            if (
                candidate.unit == "%"
                or is_review_outcome(candidate.label)
                or self.is_change(candidate)
            ):
                continue
            if (
                not same_kind(candidate, metric)
                or candidate.value is None
                or candidate.value < metric.value
            ):
                return
            reviewed_from, _ = self.clause_of(candidate)
            if (
                REVIEW_VERB.search(self.text[reviewed_from:clause_start])
                and self.in_scope(candidate, metric)
                and outcome_of_the_same_things(metric.label, candidate.label)
            ):
                self.decide(metric, candidate.key, "review_outcome")
            return

    def on_parts_sentence(self, metric):
        """`按时答复7件。予以公开3件，部分公开1件，信息不存在3件。`: a sentence of parts after its total.

        A sentence that opens with a count and lists only counts of one kind
        (two or more non-zero, exact, no change) breaks down the count of the
        sentence just before that they add up to exactly: the same shape as a
        list after its total (`list_after`), across a sentence break, where
        only the arithmetic ties the two. The nearest such count is the whole.
        """
        sentence_start = self.view.sentence_start(metric.start)
        clause_start, clause = self.clause_of(metric)
        words_before = (
            clause_start  # anything but blanks between the sentence start and the clause?
        )
        while words_before > sentence_start and self.text[words_before - 1].isspace():
            words_before -= 1
        if words_before > sentence_start or TOTAL_CUE.search(clause) or ENUM_CUE.search(clause):
            return
        end = self.view.sentence_end(metric.start)
        window = self.starting_in(sentence_start, end, METRICS_WINDOW)
        if window is None:
            return  # no sentence lists this many parts
        counts = [m for m in window if m.unit != "%"]
        parts = self.parts_in(sentence_start, end, metric)
        if (
            not parts
            or parts[0] is not metric
            or len(parts) != len(counts)
            or not adds_up_evidence(parts)
        ):
            return
        total = sum(part.value for part in parts)
        before = self.previous_sentence_start(sentence_start)
        for candidate in self.before(metric):
            if candidate.start < before:
                return
            if (
                candidate.unit != "%"
                and same_kind(candidate, metric)
                and not candidate.approx
                and abs(candidate.value - total) < EPSILON
                and not self.is_change(candidate)
                and self.in_scope(candidate, metric)
            ):
                breakdown = Breakdown(candidate, "list", end, opened_by="parts_sentence")
                self.open.append(breakdown)
                self.attach(breakdown, metric)
                return

    def on_metric(self, metric):
        # The breakdowns still open here, the latest OPEN_BREAKDOWNS_MAX (each metric tries them all).
        self.open = [b for b in self.open if b.end > metric.start][-OPEN_BREAKDOWNS_MAX:]
        if metric.unit == "%":
            self.on_percent(metric)
            return
        if self.is_change(metric):
            return
        heading = self.is_heading(metric)
        if heading:
            self.open = [
                b for b in self.open if b.mode in ("among", "contains") and self.fits(b, metric)
            ]
        for breakdown in reversed(self.open):
            if self.fits(breakdown, metric):
                self.attach(breakdown, metric)
                break
        if metric.parent is None:
            self.on_total(metric)
        if metric.parent is None:
            self.on_review_outcome(metric)
        if metric.parent is None:
            self.on_parts_sentence(metric)
        if metric.parent is None and self.heads_breakdown(metric):
            # A new total of the same kind that is not part of a running enumeration ends it.
            for breakdown in [
                b
                for b in self.open
                if b.mode in ("enumeration", "list") and same_kind(b.whole, metric)
            ]:
                self.close_from(breakdown)
        if AMONG_HEADER.match(self.text[metric.end : metric.end + 20]):
            self.open.append(
                Breakdown(metric, "among", self.among_end(metric.end), opened_by="among_header")
            )
        elif metric.parent is None:
            first = self.list_after(metric)
            if first is not None:
                end = self.view.sentence_end(first.start)
                self.open.append(Breakdown(metric, "list", end, opened_by="list_after_total"))
            elif self.cue_after(metric) is None:
                end = self.colon_list_after(metric) or self.exact_run_after(metric)
                if end is not None:
                    self.open.append(
                        Breakdown(metric, "list", end, opened_by="adds_up_after_total")
                    )
