"""Part-of relations between metrics: 其中, 一是/二是, 共, （含）, breakdown lists (spec: parent).

The text is read in order. Cue words open a *breakdown* of a whole:

* `among`: `A N条，其中 B n条、C m条` (also 包括, 分别为, and `133件有效申请中，…`);
* `enumeration`: `A N条。一是 … B n条；二是 … C m条`;
* `contains`: `A N条（含 B n条）`;
* `list`: a list that directly follows a total and breaks it down
  (`A N条。公布 B n条；C m条…`);
* `total`: `B 35项，C 10项，共 A 45项` (the whole comes after its parts);
* `point of view`: `申请46件。从申请形式看，B n件，C m件` breaks down the total before;
* a share that names its total (`B n条，占主动公开总数的p%`) makes B and its
  share parts of that total; shares with no count of their own
  (`…分别占申请总量的a%、b%`) are parts of the total they name;
* `contains` also for `A N件（其中 B n件…）` and a bare bracket of parts
  (`行政诉讼1件（维持1件）`); a clause that ends in a colon (`58件申请均已按期答复：…`)
  and item lines under `如下：` list parts;
* arithmetic: counts that follow a count in its clause group and add up to it
  exactly (two or more, non-zero) break it down; where a breakdown could refer
  to several earlier totals (从申请方式看… after the received and the
  concluded requests), the one its parts add up to is its whole (`whole_by_sum`);
  a sentence that only lists such counts breaks down the count of the sentence
  before that they add up to (`on_parts_sentence`);
* review outcomes: `清理规范性文件89件，废止3件` — what a review decided about
  some of the reviewed items is a part of them, added up or not (`on_review_outcome`).

Each following metric becomes a part of the innermost open breakdown it fits:
same kind of thing (`same_kind`), not larger than the whole, in the whole's
section. A breakdown ends with its scope (the sentence, the enumeration, the
bracket), when its parts add up exactly to the whole, or when a new total of
the same kind starts (`is_heading`). Percentages take the whole of the count
whose share they give.
"""

import re
from bisect import bisect_left

from loaders.numerals import parse_chinese_number
from loaders.parts.cues import CueHandlers
from loaders.parts.geometry import SpanGeometry
from loaders.parts.kinds import kind, same_kind
from loaders.parts.metric_rules import MetricRules
from loaders.parts.runs import CountRuns
from loaders.parts.shapes import Shapes
from loaders.parts.wholes import Wholes
from loaders.reading.unwrap import unwrap
from loaders.reading.view import TextView
from loaders.sections import SectionIndex, find_sections
from loaders.vocabulary.parts import ENUM_CUE, METRICS_WINDOW

__all__ = ["Reader", "assign_parents", "kind", "same_kind"]


class Reader(SpanGeometry, Shapes, Wholes, CueHandlers, MetricRules, CountRuns):
    """The state of one pass over a text's metrics: open breakdowns, and which rule gave each metric its parent.

    The rules live in the mixins by concern (`loaders.parts`); this class
    holds the text, the metrics in text order and the walk over them.
    """

    def __init__(self, text, metrics, sections=None, view=None):
        self.sections = find_sections(text) if sections is None else sections
        self.section_index = SectionIndex(self.sections)  # the section of an offset, looked up
        # Hard line wraps and page seams of PDF-pasted text do not end a sentence (see `loaders.reading.unwrap`);
        # the pipeline passes the view the metrics were read in, so it is built once per document.
        self.view = TextView(unwrap(text)) if view is None else view
        text = self.view.text
        self.text = text
        # Where the brackets stand, so `depth_between` visits only them, not every character.
        self.semicolons = [match.start() for match in re.finditer(r"[；;]", text)]
        self.brackets = [(match.start(), match.group()) for match in re.finditer(r"[（()）]", text)]
        self.metrics = sorted(metrics, key=lambda m: (m.start, m.end))
        self.index = {id(m): i for i, m in enumerate(self.metrics)}
        self.starts = [m.start for m in self.metrics]
        self.by_key = {m.key: m for m in self.metrics}
        self.children = {}  # parent key -> {index: metric} of the metrics it was given to
        self._bracket_pairs = None  # `loaders.parts.geometry.bracket_pairs`, when first asked
        self.changes = {}
        self._run_starts = None  # `CountRuns.run_starts`, when a total first asks
        self._sentence_totals = {}  # sentence start -> its `NAMED_TOTAL` matches (`Wholes.sentence_totals`)
        self._clauses = {}  # metric index -> (start, text) of its clause (`clause_of`)
        self.counts_before = [
            0
        ]  # counts_before[i]: how many metrics before index i are counts (not %)
        self.count_before = []  # count_before[i]: index of the last count (not %) before index i, -1 when none
        last = -1
        for index, metric in enumerate(self.metrics):
            self.counts_before.append(self.counts_before[-1] + (metric.unit != "%"))
            self.count_before.append(last)
            if metric.unit != "%":
                last = (
                    index  # index -> whether the metric is a change between periods (`is_change`)
                )
        self.open = []
        self.trace = {}  # id(metric) -> the name of the rule that gave it its parent
        self.enum_markers = [
            (match.start(), parse_chinese_number(match.group(1)))
            for match in ENUM_CUE.finditer(text)
            if self._marker_at_clause_start(match.start())
        ]
        # Looked up, not scanned, per metric and per cue: a page of 一是1件；一是1件；… was quadratic.
        self.enum_marker_starts = [position for position, _number in self.enum_markers]
        self.enum_marker_at = dict(self.enum_markers)
        self.section_ends = {}
        for section in self.sections:
            self.section_ends.setdefault(section.key, section.end)

    def decide(self, metric, parent, rule):
        """Give `metric` its parent (a key or None) and remember which rule did (`trace`)."""
        if metric.parent is not None:
            self.children.get(metric.parent, {}).pop(self.index[id(metric)], None)
        if parent is not None:
            self.children.setdefault(parent, {})[self.index[id(metric)]] = metric
        metric.parent = parent
        self.trace[id(metric)] = rule

    def section_of(self, offset):
        return self.section_index.innermost(offset)

    def in_scope(self, whole, part):
        """The part stands in the whole's section or in one of its subsections."""
        return self.section_of(whole.start) in self.section_index.chain(self.section_of(part.start))

    def previous(self, metric, counts_only=True):
        """The metric before `metric`, or the count (not a %) before it: looked up, not read back."""
        index = self.index[id(metric)]
        if not counts_only:
            return self.metrics[index - 1] if index > 0 else None
        count = self.count_before[index]
        return self.metrics[count] if count >= 0 else None

    def following(self, metric, limit=METRICS_WINDOW):
        """The metrics after `metric`, at most `limit` of them."""
        index = self.index[id(metric)] + 1
        return self.metrics[index : index + limit]

    def before(self, metric, limit=METRICS_WINDOW):
        """The metrics before `metric`, nearest first, at most `limit` of them (a bounded look back)."""
        index = self.index[id(metric)]
        return (self.metrics[i] for i in range(index - 1, max(index - limit, 0) - 1, -1))

    def starting_in(self, start, end, limit=None, last=False):
        """The metrics that start from `start` to before `end`, in text order, found by bisection.

        With a `limit`, at most that many: the first ones, or the `last` ones;
        None when there are more (and `last` is False).
        """
        low, high = bisect_left(self.starts, start), bisect_left(self.starts, end)
        if limit is not None and high - low > limit:
            if not last:
                return None
            low = high - limit
        return self.metrics[low:high]

    def clause_of(self, metric):
        """(start, text) of the clause before a metric's number (its label region), read once per metric."""
        index = self.index[id(metric)]
        clause = self._clauses.get(index)
        if clause is None:
            previous = self.metrics[index - 1] if index > 0 else None
            floor = previous.end if previous else 0
            start = self.view.clause_start(metric.start, floor)
            clause = self._clauses[index] = (start, self.text[start : metric.start])
        return clause

    def run(self):
        """Visit the cues and the metrics in text order; a cue is handled before the metric after it."""
        cues = self.cues()
        position = 0
        for metric in self.metrics:
            while position < len(cues) and cues[position][0] < metric.start:
                _pos, name, handler, args = cues[position]
                opened = len(self.open)
                handler(*args)
                for breakdown in self.open[opened:]:
                    breakdown.opened_by = name
                position += 1
            self.on_metric(metric)
        return self.metrics


def assign_parents(text, metrics, sections=None, view=None):
    """Set `parent` on each metric that is part of another; metrics arrive keyed m1.. in text order.

    `sections` is the document's section tree (a breakdown stays inside its
    whole's section); without it the tree is read from the text. `view` is
    the document's text view (`loaders.reading.view.TextView` over the
    unwrapped text), built here when not given. Returns the `Reader`, whose
    `trace` says which rule gave each metric its parent.
    """
    for metric in metrics:
        metric.parent = None
    reader = Reader(text, metrics, sections, view)
    reader.run()
    return reader
