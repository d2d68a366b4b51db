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
import bisect
import re
from dataclasses import dataclass, field

from loaders.numerals import parse_chinese_number
from loaders.phrases import extend_flat, filler_verbs, strip_leading
from loaders.reading.unwrap import unwrap
from loaders.reading.view import SENTENCE_END, TextView
from loaders.sections import find_sections, innermost_section, section_chain
from loaders.vocabulary.labels import ENUM_MARKER, TOTAL_CUE
from loaders.vocabulary.numerals import MARKER_DIGITS

EPSILON = 1e-9
# Measure words of published items: parts in any of them make up a whole in any of them.
ITEM_UNITS = frozenset("条 件 篇 幅 期 份".split())
# 个/张 count items only when they count documents (4个总局令, 两张报表), not sites or certificates.
DOCUMENT_COUNTERS = frozenset("个 张".split())
DOCUMENT_NOUNS = (
    "公告", "文件", "规范", "令", "通知", "通告", "报表", "报告", "意见", "办法", "规定", "决定", "标准",
    "法规", "规章", "条例", "细则", "函", "简报", "白皮书", "指南", "通报", "批复", "手册", "规划",
    "方案", "目录", "清单", "表", "稿", "公报", "文书", "决议", "纪要", "解读",
)
ENUM_CUE = re.compile(r"(?<![第其])([" + MARKER_DIGITS + r"]{1,3})是")
AMONG_CUE = re.compile(r"其中(?:包括)?|分别为|分别是|包括")
CONTAINS_CUE = re.compile(r"[（(]\s*(?:其中[：:，,]?|(?:其中)?(?:含|包含|包括))")
AMONG_HEADER = re.compile(r"^[^，,。；;：:\n.]{0,15}中[，,：:]")
# 在公开的信息中，… : a sentence that opens with "among the X" breaks down the total of X before it.
AMONG_REFERENCE = re.compile(r"(?:^|(?<=[。！？\n]))[ \t\u3000]*(?:在|其)?(?P<noun>[^，,。；;：:\n0-9]{2,15})中[，,：:]")
SHARE_OF_COUNT_CUE = re.compile(r"(占|比例|比重)")
# 从申请形式看， / 按渠道分： a sentence that opens by naming a point of view breaks the total before down.
PERSPECTIVE_CUE = re.compile(r"(?:^|(?<=[。！？\n]))[ \t\u3000]*(?:从|按|按照|就)[^，,。；;：:\n]{1,10}?(?:来看|上看|看|划分|区分|分)[，,：:]")
# A share that names its total: 占主动公开总数的, 占全部申请的, 占申请总量.
NAMED_TOTAL = re.compile(r"占(?:全部|全年|本年)?(?P<name>[^，,。；;%的]{2,12}?)(?:总数|总量|总额|总计|总和|的)")
# A change against another period (同比增加10件, 较上年减少12件) describes a count; it is no part.
# A difference between periods (同比增加10件), or the earlier period's figure it is measured from
# (较上年的187件, 较2021年的187件): neither is a count of this year's whole.
CHANGE_CUE = re.compile(r"(增加|减少|增长|下降|提高|降低|上升|回落|同比|环比|"
                        r"(?:较|比)(?:上年|去年|上一年|前一年|上年度|同期|[0-9]{4}年度?))")
# A colon that ends its line introduces items on the lines below (答复情况如下：\n（1）…6件；\n（2）…).
LIST_INTRO = re.compile(r"[：:][ \t\u3000]*\n")
ITEM_LINE = re.compile(r"^[ \t\u3000]*(?:[（(][0-9" + MARKER_DIGITS + r"]{1,2}[）)]|[0-9]{1,2}[.、．](?![0-9])|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮])")
COLON_CLAUSE_MAX = 20  # `58件申请均已按期答复：…`: how far after a count its clause may run to the colon
HEADING_MARKER = re.compile(r"^\s*(?:[（(][" + MARKER_DIGITS + r"]{1,4}[）)]|[" + MARKER_DIGITS + r"]{1,4}、)")
CUE_GAP_MAX = 30  # a cue word or marker follows its whole within this many characters
AMONG_LOOKBACK = 80  # how far before 其中 its whole may stand in a flattened paragraph
LIST_GAP_MAX = 40
LOOKAHEAD_MAX = 40


def describes_whole(gap):
    """What is left of the text between a total and its 一是 once clauses that only describe the total go.

    `信息8600余条，同比增长6.3%。一是…`: a change against another period says
    something about the total, so the items still break that total down.
    """
    clauses = [c for c in re.split(r"[，,；;。]|\.(?![0-9])", gap) if c.strip()]
    if clauses and all(CHANGE_CUE.search(clause) for clause in clauses):
        return ""
    return gap


def adds_up_evidence(parts):
    """Whether parts adding up to a count say anything: two or more exact, non-zero ones.

    (新收申请3件，上年结转0件，办结3件: 0 + 3 = 3 is no breakdown of the 3.)
    """
    return (
        sum(1 for part in parts if part.value) >= 2
        and not any(part.approx or part.value is None for part in parts)
    )


# Outcomes of a review of documents or items (清理 … 废止3件、修改5件、继续有效81件).
REVIEW_OUTCOME = re.compile(r"^(?:予以|拟|决定|建议)?(?:废止|废除|修改|修订|保留|继续有效|继续保留|继续执行|宣布失效|失效|停止执行)")
# The review itself, said around the count of the reviewed items.
REVIEW_VERB = re.compile(r"清理|审查|审核|评估|梳理|复核|核查|清查")


def is_review_outcome(label):
    """The label names an outcome of a review (废止, 修改, 继续有效 …), with or without its object."""
    return bool(label) and bool(REVIEW_OUTCOME.match(label))


def outcome_of_the_same_things(outcome, reviewed):
    """`废止3件` / `废止规章3件` after `清理规章20件`: the outcome names no object, or the reviewed one.

    An outcome with another object (修改意见12条 after 审查文件30件: comments,
    not documents) counts something else.
    """
    rest = outcome
    while REVIEW_OUTCOME.match(rest):  # 宣布失效和废止: outcomes joined by a conjunction
        rest = REVIEW_OUTCOME.sub("", rest, count=1).lstrip("和及与、或并")
    rest = rest.lstrip("的")
    return not rest or reviewed.endswith(rest[-2:])


def named_total_of(candidates):
    """The total a share names (占申请总量的…), from the counts whose label holds the name, nearest first.

    A total is what all the others of its name are counted in: no part of
    another count, and the largest of them. The nearest count that merely
    holds the word (…其中申请内容不明确的98件, 办结申请1176件 after 受理申请1204件)
    is a part or a subset, not the total. Without such a count, the nearest.
    """
    roots = [candidate for candidate in candidates if candidate.parent is None]
    if not roots:
        return candidates[0] if candidates else None
    return max(roots, key=lambda candidate: candidate.value)  # max keeps the nearest of equal ones


def kind(metric):
    """The kind of thing a metric counts: 'item' for published items, else its unit ('%' apart)."""
    if metric.unit == "%":
        return "%"
    if metric.unit in ITEM_UNITS:
        return "item"
    if metric.unit in DOCUMENT_COUNTERS and metric.label.endswith(DOCUMENT_NOUNS):
        return "item"
    return metric.unit


def same_kind(whole, part):
    """A part counts the same kind of thing as its whole (条 under 条, 家 under 家, never %).

    Under a count of published items, counts of enterprises (家), certificates
    (张) or update events (次) are attributes, not parts.
    """
    return part.unit != "%" and whole.unit != "%" and kind(whole) == kind(part)


@dataclass
class Breakdown:
    """An open breakdown of `whole` into parts, until `end`."""

    whole: object
    mode: str
    end: int
    total: float = 0.0
    approx: bool = False
    marker: int = 0
    parts: list = field(default_factory=list)

    def complete(self):
        """The parts add up exactly to the whole: nothing more can be part of it."""
        if self.whole.approx or self.approx or not self.parts:
            return False
        return abs(self.total - self.whole.value) < EPSILON

    def add(self, metric):
        self.parts.append(metric)
        self.total += metric.value or 0
        self.approx = self.approx or bool(metric.approx)

    def remove(self, metric):
        self.parts.remove(metric)
        self.total -= metric.value or 0


class Reader:
    """The state of one pass over a text's metrics."""

    def __init__(self, text, metrics, sections=None):
        self.sections = find_sections(text) if sections is None else sections
        # Hard line wraps and page seams of PDF-pasted text do not end a sentence (see `loaders.reading.unwrap`).
        text = unwrap(text)
        self.text = text
        # Where the brackets stand, so `depth_between` visits only them, not every character.
        self.brackets = [(match.start(), match.group()) for match in re.finditer(r"[（()）]", text)]
        self.view = TextView(text)
        self.metrics = sorted(metrics, key=lambda m: (m.start, m.end))
        self.index = {id(m): i for i, m in enumerate(self.metrics)}
        self.open = []
        self.enum_markers = [
            (match.start(), parse_chinese_number(match.group(1)))
            for match in ENUM_CUE.finditer(text)
            if self._marker_at_clause_start(match.start())
        ]

    # -- text helpers ---------------------------------------------------------

    def section_of(self, offset):
        return innermost_section(self.sections, offset)

    def in_scope(self, whole, part):
        """The part stands in the whole's section or in one of its subsections."""
        return self.section_of(whole.start) in section_chain(self.sections, self.section_of(part.start))

    def _marker_at_clause_start(self, position):
        """一是 counts as an item marker only where a clause starts (not 统一是)."""
        if self.view.in_quote(position):
            return False
        before = self.text[max(0, position - 3):position]
        before = re.sub(r"其中[：:，,]?$", "", before)
        return not before or before[-1] in SENTENCE_END + "；;：:，,. \u3000"

    def previous(self, metric, counts_only=True):
        for i in range(self.index[id(metric)] - 1, -1, -1):
            candidate = self.metrics[i]
            if not counts_only or candidate.unit != "%":
                return candidate
        return None

    def following(self, metric):
        return self.metrics[self.index[id(metric)] + 1:]

    def clause_of(self, metric):
        """(start, text) of the clause before a metric's number (its label region)."""
        previous = self.previous(metric, counts_only=False)
        floor = previous.end if previous else 0
        start = self.view.clause_start(metric.start, floor)
        return start, self.text[start:metric.start]

    def paragraph_end(self, position):
        end = self.text.find("\n", position)
        return len(self.text) if end < 0 else end

    def section_end(self, position):
        key = self.section_of(position)
        for section in self.sections:
            if section.key == key:
                return section.end
        return len(self.text)

    # -- shapes of the text around a metric -----------------------------------

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
        gap = self.text[metric.end:metric.end + CUE_GAP_MAX]
        stripped = gap.lstrip("。.；;，, ")
        offset = len(gap) - len(stripped)
        if CONTAINS_CUE.match(gap):
            return "contains"
        if re.match(r"其中|包括|分别为|分别是", stripped):
            return "among"
        if any(p == metric.end + offset and n == 1 for p, n in self.enum_markers):
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
        after = self.text[metric.end:metric.end + 1]
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
        gap = self.text[metric.end + 1:first.start]
        if len(gap) > LIST_GAP_MAX or any(ch in gap for ch in SENTENCE_END + "；;：:，,"):
            return None
        if ENUM_MARKER.match(gap) or re.match(r"其中|包括", gap):
            return None
        if flat and (gap.count(".") > 1 or not self.exact_parts_ahead(metric)):
            return None
        return first

    def heads_breakdown(self, metric):
        return bool(self.cue_after(metric)) or self.list_after(metric) is not None or (
            self.view.flat(metric.start) and self.exact_parts_ahead(metric))

    def is_heading(self, metric):
        """A new total at the level of the current whole: it ends enumerations and lists.

        A bare `label + number` sentence, not an item of a running list, that
        heads a breakdown of its own (a cue follows, or a list whose parts add up).
        """
        return self.is_bare(metric) and not self.continues_list(metric) and self.heads_breakdown(metric)

    # -- scopes ------------------------------------------------------------------

    def enumeration_end(self, position):
        """Where an enumeration that starts at `position` ends.

        At the end of the paragraph of its last item, the items numbered in
        sequence (一是, 二是 …) in the same or directly following paragraphs,
        and never past the section end.
        """
        expected = 2
        last_paragraph_end = self.paragraph_end(position)
        for marker_position, number in self.enum_markers:
            if marker_position <= position:
                continue
            if number != expected:
                if number == 1:
                    break
                continue
            if marker_position > last_paragraph_end + 1:
                paragraph_start = self.text.rfind("\n", 0, marker_position) + 1
                if paragraph_start != last_paragraph_end + 1:
                    break
            last_paragraph_end = self.paragraph_end(marker_position)
            expected += 1
        return min(last_paragraph_end, self.section_end(position))

    def among_end(self, position):
        """Where a 其中 breakdown ends: its sentence (paragraph if flattened) or the next item marker."""
        end = self.view.sentence_end(position)
        for marker_position, _number in self.enum_markers:
            if marker_position > position:
                end = min(end, marker_position)
                break
        return end

    # -- choosing wholes -----------------------------------------------------------

    def previous_sentence_start(self, position):
        """Start of the sentence before the one holding `position`."""
        index = self.view.sentence_start(position) - 1
        while index > 0 and self.text[index - 1] in SENTENCE_END:
            index -= 1
        return self.view.sentence_start(max(index, 0))

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
        candidates = [
            m for m in self.metrics
            if floor <= m.start and m.end <= position and m.unit != "%"
            and (first_part is None or (same_kind(m, first_part) and m.value >= first_part.value))
        ]
        if first_part is not None:
            candidates = [m for m in candidates if self.in_scope(m, first_part)]
        if wholes_only:
            candidates = [m for m in candidates if m.parent is None]
        if totals_only:
            candidates = [m for m in candidates if not self.is_change(m)]
        sentence_start = self.view.sentence_start(position)
        candidates = [m for m in candidates if m.start >= sentence_start or not self.settled_part(m)]
        if not candidates:
            return None
        exact = [m for m in candidates if first_part is not None and m.unit == first_part.unit]
        return (exact or candidates)[-1]

    def settled_part(self, metric):
        """A part of a whole that its parts already add up to: an item of a finished breakdown.

        (…“申请内容不明确”的16件。…，其中延期答复的11件: the 16 closed the
        breakdown of the answered requests, so a 其中 in the next sentence is
        not about it.)
        """
        if metric.parent is None:
            return False
        whole = next((m for m in self.metrics if m.key == metric.parent), None)
        if whole is None or whole.approx or whole.value is None:
            return False
        total = sum(m.value or 0 for m in self.metrics if m.parent == metric.parent)
        return abs(total - whole.value) < EPSILON

    def depth_between(self, start, end):
        """How many brackets opened between `start` and `end` are still open at `end`."""
        depth = 0
        first = bisect.bisect_left(self.brackets, (start, ""))
        for position, ch in self.brackets[first:]:
            if position >= end:
                break
            if ch in "（(":
                depth += 1
            elif ch in "）)" and depth:
                depth -= 1
        return depth

    def parts_in(self, start, end, first):
        """The counts from `start` to `end` that could be parts with `first`: same kind, no change, not in a bracket.

        A bracket (其中涉及国家秘密的2件…) holds the parts of a part, not of the whole.
        """
        return [
            m for m in self.metrics
            if start <= m.start and m.end <= end and m.unit != "%" and same_kind(first, m)
            and not self.is_change(m) and self.depth_between(start, m.start) == 0
        ]

    def whole_by_sum(self, position, parts):
        """The nearest earlier count the `parts` add up to exactly, in their section: their whole.

        Where a breakdown may refer to one of several totals (从申请方式看… after
        the received and the concluded requests; 在已答复的申请中… after 已答复
        and 正在办理), the arithmetic tells which one the parts make up.
        """
        if not adds_up_evidence(parts):
            return None
        total = sum(part.value for part in parts)
        for candidate in reversed(self.metrics):
            if candidate.end > position or candidate.unit == "%" or candidate.approx:
                continue
            if not self.in_scope(candidate, parts[0]):
                break
            if same_kind(candidate, parts[0]) and abs(candidate.value - total) < EPSILON and not self.is_change(candidate):
                return candidate
        return None

    def whole_for(self, position, cue_end, end, whole):
        """`whole`, or the earlier total the counts of the breakdown add up to when `whole` cannot be it.

        `whole` stands unless there is none or its parts would exceed it (and
        no first run of them makes it up exactly).
        """
        first = next((m for m in self.metrics if m.start >= cue_end and m.unit != "%" and not self.is_change(m)), None)
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
        for metric in self.metrics:
            if metric.start >= position and metric.unit != "%":
                return metric
        return None

    def last_count_before(self, position):
        before = [m for m in self.metrics if m.end <= position and m.unit != "%"]
        return before[-1] if before else None

    # -- cue handling --------------------------------------------------------------

    def close_from(self, breakdown):
        """Close `breakdown` and every breakdown opened after it."""
        if breakdown in self.open:
            del self.open[self.open.index(breakdown):]

    def on_marker(self, position, number):
        """An item marker: 一是 opens an enumeration of the total just before; 二是… continue it."""
        if number == 1:
            for breakdown in [b for b in self.open if b.mode == "enumeration"]:
                self.close_from(breakdown)
            whole = self.last_count_before(position)
            if whole is None:
                return
            gap = self.text[whole.end:position]
            gap_body = describes_whole(re.sub(r"其中[：:，,]?", "", gap).strip("。.；;：:，, \n"))
            if len(gap) > CUE_GAP_MAX or gap_body or self.section_of(whole.start) not in section_chain(
                    self.sections, self.section_of(position)):
                return
            self.open.append(Breakdown(whole, "enumeration", self.enumeration_end(position), marker=1))
            return
        for breakdown in reversed(self.open):
            if breakdown.mode == "enumeration" and breakdown.marker == number - 1:
                breakdown.marker = number
                # Items of the previous marker (其中 lists inside it) are over.
                del self.open[self.open.index(breakdown) + 1:]
                return

    def on_among(self, position, cue_end):
        """其中 / 包括 / 分别为: the counts up to the sentence end are parts of the whole before."""
        rest = self.text[cue_end:cue_end + 3].lstrip("：:，, ")
        if ENUM_MARKER.match(rest):
            return  # 其中：一是 … is an enumeration
        first = self.first_count_after(cue_end)
        end = self.among_end(cue_end)
        if first is None or first.start >= end:
            return
        whole = self.whole_for(position, cue_end, end, self.whole_before(position, first, totals_only=True))
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
        first = next((m for m in self.metrics if m.start >= cue_end and m.unit != "%" and not self.is_change(m)), None)
        if first is None or first.start >= end:
            return
        whole = self.whole_before(position, first, wholes_only=True, totals_only=True)
        whole = self.whole_for(position, cue_end, end, whole)
        if whole is not None:
            self.open.append(Breakdown(whole, "among", end))

    def bracket_end(self, position):
        """Offset of the bracket that closes the one opening at `position` (nested ones skipped)."""
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
        if first is None or first.start >= end or not same_kind(whole, first) or self.is_change(first):
            return
        if self.depth_between(position + 1, first.start) != 0:
            return
        self.open.append(Breakdown(whole, "contains", end))

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

    def colon_list_after(self, metric):
        """`58件申请均已按期答复：同意公开36件，…`: a clause ending in a colon after a count lists its parts.

        The count's clause runs on (no comma) to a colon; the counts that follow
        in the sentence are of its kind and add up to it exactly.
        """
        clause = self.text[metric.end:metric.end + COLON_CLAUSE_MAX]
        match = re.match(rf"[^，,。；;：:\n（(]{{1,{COLON_CLAUSE_MAX}}}[：:]", clause)
        if not match:
            return None
        start = metric.end + match.end()
        end = self.view.sentence_end(start)
        parts = self.parts_in(start, end, metric)
        if not adds_up_evidence(parts) or abs(sum(p.value for p in parts) - metric.value) >= EPSILON:
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
        semicolon = re.search(r"[；;]", self.text[metric.end:end])
        if semicolon:
            end = metric.end + semicolon.start()
        if re.match(r"[、和及与]", self.text[metric.end:metric.end + 1]):
            return None  # 行政复议2件、行政诉讼1件: what follows 、 is a sibling, not a part
        parts = self.parts_in(metric.end, end, metric)
        if not adds_up_evidence(parts):
            return None
        if abs(sum(p.value for p in parts) - metric.value) >= EPSILON:
            return None
        return end

    def cues(self):
        """Every cue position in text order: (position, handler, args)."""
        found = [(p, self.on_marker, (p, n)) for p, n in self.enum_markers]
        for match in AMONG_CUE.finditer(self.text):
            if not self.view.in_quote(match.start()) and self.text[match.start() - 1:match.start()] not in "（(":
                found.append((match.start(), self.on_among, (match.start(), match.end())))
        for match in CONTAINS_CUE.finditer(self.text):
            found.append((match.start(), self.on_contains, (match.start(), match.end())))
        for match in AMONG_REFERENCE.finditer(self.text):
            found.append((match.start(), self.on_reference, (match.start(), match.end(), match.group("noun"))))
        for match in PERSPECTIVE_CUE.finditer(self.text):
            found.append((match.start(), self.on_perspective, (match.start(), match.end())))
        for match in re.finditer(r"[（(]", self.text):
            found.append((match.start(), self.on_bracket, (match.start(),)))
        for match in LIST_INTRO.finditer(self.text):
            found.append((match.start(), self.on_list_intro, (match.start(), match.end())))
        found.sort(key=lambda item: item[0])
        return found

    # -- metrics ---------------------------------------------------------------------

    def fits(self, breakdown, metric):
        """Whether `metric` can be a part of `breakdown`'s whole."""
        whole = breakdown.whole
        return (
            metric.start < breakdown.end
            and same_kind(whole, metric)
            and metric.value is not None and whole.value is not None
            and metric.value <= whole.value + EPSILON
            and not (metric.label == whole.label and metric.value == whole.value)
            and self.in_scope(whole, metric)
        )

    def attach(self, breakdown, metric):
        metric.parent = breakdown.whole.key
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
        if not (re.match(r"^[，,、\s]*(共计|合计|总计|共)", clause) or re.search(r"(共计|合计|总计|共)$", clause)):
            return
        sentence_start = self.view.sentence_start(metric.start)
        run = []
        cursor = metric
        while True:
            previous = self.previous(cursor, counts_only=False)
            if previous is None or previous.start < sentence_start:
                break
            if previous.unit == "%":
                cursor = previous
                continue
            gap = self.text[previous.end:cursor.start]
            if not same_kind(metric, previous) or any(ch in gap for ch in "；;。") or ENUM_CUE.search(gap):
                break
            run.insert(0, previous)
            cursor = previous
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
            part.parent = metric.key

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
                metric.parent = whole.key
            return
        between = self.text[count.end:metric.start]
        match = SHARE_OF_COUNT_CUE.search(between)
        if not match:
            return
        own_subject = re.split(r"[，,；;：:（(]", between[:match.start()])[-1].strip("、 ")
        if own_subject:
            metric.parent = count.key
            return
        if count.parent is None:
            whole = self.named_total(count, between[match.start():])
            if whole is not None:
                count.parent = whole.key
        metric.parent = count.parent

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
        for candidate in reversed(self.metrics[:self.index[id(count)]]):
            if candidate.unit == "%" or candidate.value is None or not same_kind(candidate, count):
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
        sentence = self.text[self.view.sentence_start(metric.start):metric.start]
        matches = list(NAMED_TOTAL.finditer(sentence))
        if not matches:
            return None
        name = matches[-1].group("name")
        top = self.top_section(metric.start)
        candidates = []
        for candidate in reversed(self.metrics[:self.index[id(metric)]]):
            if candidate.unit == "%" or candidate.value is None:
                continue
            if self.top_section(candidate.start) != top:
                break
            if name in candidate.label:
                candidates.append(candidate)
        return named_total_of(candidates)

    def top_section(self, offset):
        """Key of the outermost section holding `offset`."""
        chain = section_chain(self.sections, self.section_of(offset))
        return chain[-1] if chain else None

    def is_change(self, metric):
        """同比增加10件 / 较上年减少12件: a difference between periods, not a count of its own."""
        _start, clause = self.clause_of(metric)
        return bool(CHANGE_CUE.search(clause))

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
        for candidate in reversed(self.metrics[:self.index[id(metric)]]):
            if candidate.start < sentence_start:
                return
            if candidate.unit == "%" or is_review_outcome(candidate.label) or self.is_change(candidate):
                continue
            if not same_kind(candidate, metric) or candidate.value is None or candidate.value < metric.value:
                return
            reviewed_from, _ = self.clause_of(candidate)
            if (REVIEW_VERB.search(self.text[reviewed_from:clause_start]) and self.in_scope(candidate, metric)
                    and outcome_of_the_same_things(metric.label, candidate.label)):
                metric.parent = candidate.key
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
        if self.text[sentence_start:clause_start].strip() or TOTAL_CUE.search(clause) or ENUM_CUE.search(clause):
            return
        end = self.view.sentence_end(metric.start)
        counts = [m for m in self.metrics if sentence_start <= m.start < end and m.unit != "%"]
        parts = self.parts_in(sentence_start, end, metric)
        if not parts or parts[0] is not metric or len(parts) != len(counts) or not adds_up_evidence(parts):
            return
        total = sum(part.value for part in parts)
        before = self.previous_sentence_start(sentence_start)
        for candidate in reversed(self.metrics[:self.index[id(metric)]]):
            if candidate.start < before:
                return
            if (candidate.unit != "%" and same_kind(candidate, metric) and not candidate.approx
                    and abs(candidate.value - total) < EPSILON and not self.is_change(candidate)
                    and self.in_scope(candidate, metric)):
                breakdown = Breakdown(candidate, "list", end)
                self.open.append(breakdown)
                self.attach(breakdown, metric)
                return

    def on_metric(self, metric):
        self.open = [b for b in self.open if b.end > metric.start]
        if metric.unit == "%":
            self.on_percent(metric)
            return
        if self.is_change(metric):
            return
        heading = self.is_heading(metric)
        if heading:
            self.open = [b for b in self.open if b.mode in ("among", "contains") and self.fits(b, metric)]
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
            for breakdown in [b for b in self.open if b.mode in ("enumeration", "list") and same_kind(b.whole, metric)]:
                self.close_from(breakdown)
        if AMONG_HEADER.match(self.text[metric.end:metric.end + 20]):
            self.open.append(Breakdown(metric, "among", self.among_end(metric.end)))
        elif metric.parent is None:
            first = self.list_after(metric)
            if first is not None:
                end = self.view.sentence_end(first.start)
                self.open.append(Breakdown(metric, "list", end))
            elif self.cue_after(metric) is None:
                end = self.colon_list_after(metric) or self.exact_run_after(metric)
                if end is not None:
                    self.open.append(Breakdown(metric, "list", end))

    def run(self):
        cues = self.cues()
        position = 0
        for metric in self.metrics:
            while position < len(cues) and cues[position][0] < metric.start:
                _pos, handler, args = cues[position]
                handler(*args)
                position += 1
            self.on_metric(metric)
        return self.metrics


def assign_parents(text, metrics, sections=None):
    """Set `parent` on each metric that is part of another; metrics arrive keyed m1.. in text order.

    `sections` is the document's section tree (a breakdown stays inside its
    whole's section); without it the tree is read from the text.
    """
    for metric in metrics:
        metric.parent = None
    Reader(text, metrics, sections).run()
    return metrics
