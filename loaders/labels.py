"""Labels: the noun phrase naming what a number counts, chosen by an ordered table of named rules.

Each number is labelled in text order, given the numbers labelled before it
(spec: A metric, Label). `LABEL_RULES` lists the rules in the order they are
tried; the first that gives a label decides, and its name is kept on the
`Labelled` item (`rule`), so a trace (`disclosure explain`) can say which rule
made the label. Two named rules then adjust every label: a change against
another period takes the changed thing's name (`change_label`), and a run of
numbers after 分别 takes the items of its enumeration
(`loaders.respectively`). The phrase cleaning they share is in
`loaders.phrases`; the words they match are in `loaders.vocabulary.labels`.
"""

from dataclasses import dataclass, field

from loaders.phrases import (
    _last_unquoted,
    after_phrase,
    batch_label,
    clean_label,
    compact_label,
    enumeration_label,
    extend_flat,
    filler_verbs,
    long_quote_head,
    qualifier_before,
    strip_leading,
    total_of_parts_label,
    verb_of_completion,
)
from loaders.remembered import remembered
from loaders.respectively import distribute_respectively
from loaders.tokens import Token
from loaders.vocabulary.labels import (
    CHANGE_ONLY,
    CHANGE_TAIL,
    COLLECTIVE_NOUNS,
    CONJUNCTION_PREFIX,
    GENERIC_HEAD_MAX,
    RUN_ON_YEAR,
    SHARE_LABEL_CUE,
    TOTAL_CUE,
    TOTAL_PARTS_MAX,
)


@dataclass
class Labelled:
    """A token with its label while labels are being read (`zone` ends where the label text ends)."""

    token: Token
    label: str
    phrase: str
    zone_end: int
    used_after: bool
    clause_start: int
    rules: list = field(
        default_factory=list
    )  # the deciding LABEL_RULES name, then each rule that adjusted it
    run_from: int = 0  # history index where its run starts: same unit, same sentence, no ；between
    last_count: int = -1  # history index of the last count (not a %) up to this item, -1 when none


@remembered(maxsize=8192)
def _phrase_from_verb(text):
    """The clause from its first filler verb on (for naming totals after their parts)."""
    body = strip_leading(text)
    verbs = filler_verbs(body)
    return body[verbs[0][0] :] if verbs else body


def _share_label(before_raw, previous):
    """A percentage's label: the thing whose share it is (the count before 占…%, or what precedes 占)."""
    match = SHARE_LABEL_CUE.search(before_raw)
    if not match:
        return None
    own = clean_label(before_raw[: match.start()])
    if own:
        return own
    return previous.label if previous else ""


def attribute_label(previous):
    """`名单5条786家企业`: a number glued to the previous one counts members of the same thing.

    It takes the previous label without its collective noun (名单, 目录 …):
    786家 are the 国内企业 of the 国内企业名单.
    """
    base = previous.label
    for noun in COLLECTIVE_NOUNS:
        if base.endswith(noun) and len(base) > len(noun):
            return base[: -len(noun)]
    return base


def flat_label_start(view, raw, start, floor):
    """Where the label text starts in a flattened paragraph (see `extend_flat`), else `start`.

    Only a bare noun (no verb, no marker) or an enumeration whose items the
    label needs (…等信息) is extended back across `.`.
    """
    cleaned = clean_label(raw)
    opening = raw.strip().strip(".，,、：:；;")
    bare = not filler_verbs(opening) and strip_leading(opening) == opening
    if _needs_enumeration_items(cleaned) or (bare and cleaned and "等" not in cleaned):
        extended = extend_flat(view, start, floor)
        if extended is not None:
            return extended
    return start


def colon_key(view, start, floor):
    """`主动公开信息数：1568条`, `| 主动公开信息 | 1568条 |`: a value takes the key before its colon or cell."""
    text = view.text
    separator = start - 1
    while separator > floor and text[separator] in " \u3000":
        separator -= 1
    if separator < floor or separator < 0 or text[separator] not in "：:|\t":
        return ""
    key_end = separator
    while key_end > floor and text[key_end - 1] in " \u3000":
        key_end -= 1
    key_start = view.clause_start(key_end, floor)
    return clean_label(text[key_start:key_end])


@dataclass
class LabelContext:
    """What the label rules read about one token: its clause before, the phrase after, the labels before."""

    view: object
    token: Token
    previous: object  # the Labelled item before, or None
    history: list
    floor: int  # the label text may not start before the previous label's zone ends
    start: int  # start of the clause before the number
    raw: str  # that clause (compacted across joined lines)
    after: str  # the noun right after the measure word, if any
    after_end: int


def rule_attribute(c):
    """Glued to the previous number (名单5条786家企业): an attribute of the same thing."""
    if c.previous and c.token.start == c.previous.zone_end and not c.previous.used_after:
        return attribute_label(c.previous), bool(c.after)
    return None


def rule_batch(c):
    """`分N批…`: the action done in batches."""
    batch = batch_label(c.view, c.token, c.floor)
    return (batch, False) if batch else None


def rule_share(c):
    """A share (占…%): the thing whose share it is."""
    if c.token.unit != "%":
        return None
    share = _share_label(c.raw, _last_count(c.history, c.view.sentence_start(c.token.start)))
    return None if share is None else (share, False)


def rule_noun_after(c):
    """A noun right after the measure word (9次在线访谈), with the verb or 的-modifier that qualifies it."""
    if not c.after:
        return None
    verb = verb_of_completion(c.raw)
    qualifier = qualifier_before(c.raw)
    if verb:
        return verb + "的" + c.after, True
    return qualifier + c.after, True


def rule_long_quote(c):
    """Right after a long quoted name: the name's head."""
    quoted = long_quote_head(c.raw)
    return (quoted, False) if quoted else None


def rule_clause(c):
    """The clause before the number, cleaned; extended across `.` in flattened text, enumerations cut.

    In a flattened paragraph the clause read from here on (by this rule and
    the ones after it) is the extended one.
    """
    flat = c.view.flat(c.token.start)
    if flat:
        c.raw = c.view.text[flat_label_start(c.view, c.raw, c.start, c.floor) : c.token.start]
    label = clean_label(c.raw)
    if "等" in label:
        label = enumeration_label(label, flat)
    label = CONJUNCTION_PREFIX.sub("", label)
    return (label, False) if label else None


def rule_run_on_year(c):
    """`…的数量2016年全区主动公开政府信息3460条`: a clause read from the last year glued to the words before it.

    In a report whose headings run on into their text, the heading's words stand
    right before the year that opens the sentence; they are no part of the label.
    """
    found = None
    for found in RUN_ON_YEAR.finditer(c.raw):  # noqa: B007 (the last one is kept)
        pass
    if found is None or c.view.flat(c.token.start):
        return None
    label = CONJUNCTION_PREFIX.sub("", clean_label(c.raw[found.start() :]))
    return (label, False) if label and "等" not in label else None


def rule_colon_key(c):
    """`主动公开信息数：1568条`, `| 主动公开信息 | 1568条 |`: the key before its colon or cell."""
    key = colon_key(c.view, c.start, c.floor)
    return (key, False) if key else None


def rule_total_of_parts(c):
    """共N with no noun of its own: named after the parts counted right before it."""
    if not TOTAL_CUE.search(c.raw):
        return None
    parts = _run_before(c.history, c.token, c.view)
    return (total_of_parts_label(parts), False) if parts else None


def rule_previous_label(c):
    """Nothing of its own: the previous label (12005卷、157019件 share 历史档案), else none."""
    return (c.previous.label if c.previous else ""), False


# The label rules, in the order they are tried: the first that gives a label decides.
LABEL_RULES = (
    ("attribute", rule_attribute),
    ("batch", rule_batch),
    ("share", rule_share),
    ("noun_after", rule_noun_after),
    ("long_quote", rule_long_quote),
    ("run_on_year", rule_run_on_year),
    ("clause", rule_clause),
    ("colon_key", rule_colon_key),
    ("total_of_parts", rule_total_of_parts),
    ("previous_label", rule_previous_label),
)


def label_context(view, token, previous, history):
    """The `LabelContext` of one token, given the tokens labelled before it."""
    floor = previous.zone_end if previous else 0
    start = view.clause_start(token.start, floor)
    raw = view.text[start : token.start]
    if "\u3000" in raw or "  " in raw or " " in raw.strip():
        raw = compact_label(raw)  # a word split by a joined line (发\n布) reads whole again
    after, after_end = after_phrase(view, token.tail)
    return LabelContext(view, token, previous, history, floor, start, raw, after, after_end)


def label_one(view, token, previous, history):
    """Label one token, given the tokens labelled before it: the first of `LABEL_RULES` that gives a label."""
    context = label_context(view, token, previous, history)
    for name, rule in LABEL_RULES:
        found = rule(context)
        if found is not None:
            label, used_after = found
            zone_end = context.after_end if used_after else token.tail
            return Labelled(
                token,
                compact_label(label),
                _phrase_from_verb(context.raw),
                zone_end,
                used_after,
                context.start,
                [name],
            )
    raise AssertionError("rule_previous_label always gives a label")


def _needs_enumeration_items(cleaned):
    """…等信息: the head after 等 is too generic alone, so the items before it are needed."""
    index = _last_unquoted(cleaned, "等")
    return index >= 0 and len(cleaned) - index - 1 <= GENERIC_HEAD_MAX


def _last_count(history, sentence_start):
    """The last count (not a %) labelled in the sentence that starts at `sentence_start`.

    Found from `Labelled.last_count`, not by reading back over the shares.
    """
    index = history[-1].last_count if history else -1
    if index < 0 or history[index].token.start < sentence_start:
        return None
    return history[index]


def _continues_run(view, item, token):
    """`token` follows `item` in one run of parts: same unit, same sentence, no ；between them."""
    if item.token.unit != token.unit or item.token.start < view.sentence_start(token.start):
        return False
    gap = view.text[item.token.end : token.start]
    return "；" not in gap and ";" not in gap


def _run_before(history, token, view):
    """The counts in the same unit right before `token` in its sentence (the parts of 共N).

    No `；` between a part and the total. The run is where the last item's
    run starts (`Labelled.run_from`, kept as items are labelled), so it is
    not read back from every 共N; a run longer than `TOTAL_PARTS_MAX` gives no parts.
    """
    if not history or not _continues_run(view, history[-1], token):
        return []
    start = history[-1].run_from
    if len(history) - start > TOTAL_PARTS_MAX:
        return []
    return history[start:]


def change_label(view, item, previous):
    """`申请235件，同比增长12.5%`: a change named only by its change words takes the changed thing's name.

    The thing is the metric just before in the same sentence (申请 -> 申请同比增长),
    so that the label says what grew; a change is never a part (see parents).
    """
    if not CHANGE_ONLY.match(item.label) or previous is None:
        return item.label
    if previous.token.start < view.sentence_start(item.token.start):
        return item.label
    base = CHANGE_TAIL.sub("", previous.label)
    return base + item.label if base else item.label


def label_metrics(view, tokens):
    """Label every token in text order (each label may lean on the one before)."""
    history = []
    for token in tokens:
        previous = history[-1] if history else None
        item = label_one(view, token, previous, history)
        changed = change_label(view, item, previous)
        if changed != item.label:
            item.rules.append("change_of_period")
        item.label = changed
        if previous is not None and _continues_run(view, previous, token):
            item.run_from = previous.run_from
        else:
            item.run_from = len(history)
        item.last_count = (
            len(history) if token.unit != "%" else (previous.last_count if previous else -1)
        )
        history.append(item)
    distribute_respectively(view, history)
    return history
