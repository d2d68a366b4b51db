"""Noun phrases: a clause before or after a number cleaned down to what it names.

What a clause says *around* the thing is no part of its name: who acted
(我局, 局党组), where it was published (通过…平台, 在…网站上), why (因…), the
jurisdiction (全县), and verbs that only introduce the thing (组织, 受理,
回应, 投入 …). Verbs that select which things are counted stay (新增栏目,
取消的项目, 通过门户网站提交申请). Each function here is one such cleaning
step; `clean_label` applies them in order. The words are in
`loaders.vocabulary.labels`.
"""

import re

from loaders.reading.view import quote_spans
from loaders.remembered import remembered
from loaders.vocabulary.labels import (
    AFTER_BREAK,
    AFTER_MONEY_VERBS,
    AFTER_PREDICATES,
    AFTER_PREPOSITIONS,
    AFTER_STOPS,
    AFTER_TRAILING,
    BATCH_CLAUSE_MAX,
    CAUSE,
    CHANNEL,
    CIRCUMSTANCE_CLAUSE,
    CONJUNCTION_PREFIX,
    ENUM_MARKER,
    FILLER_AS_NOUN_AFTER,
    FILLER_AS_NOUN_BEFORE,
    FILLER_PATTERN,
    FIRST_PERSON,
    FLAT_ITEM_MAX,
    GENERIC_HEAD_MAX,
    HANDLED_STATE,
    HAVE_END,
    HAVE_VERB,
    LEADING_NOISE,
    LEADING_SCOPE,
    LEADING_TIME,
    LONG_QUOTE,
    MEDIUM_OR_TIME,
    MODIFIER_BEFORE,
    NEGATIONS,
    OFFICE_BEFORE_TERM,
    OWNER,
    PARTICIPATION,
    PERIOD_QUALIFIER,
    PREPOSITION_ENDS_WORD,
    PREPOSITION_WORDS,
    PREPOSITIONS,
    SHORT_ENUMERATION,
    SUBJECT,
    TOTAL_AFTER_SUBJECT,
    TRAILING_NOISE,
    VERB_AS_NOUN_AFTER,
    WORK_HEAD,
)
from loaders.vocabulary.numbers import NUMBER_TOKEN
from loaders.vocabulary.numerals import PLAIN_NUMERAL_CHARS


def strip_leading(text):
    """Remove markers, connectives and time phrases that open a clause (一是, 其中：, 2011年，…)."""
    previous = None
    while previous != text:  # both patterns are anchored at the start: a match there is what goes
        previous = text
        match = LEADING_NOISE.match(text)
        text = text[match.end() :] if match else text
        match = LEADING_TIME.match(text)
        text = text[match.end() :] if match else text
    return text


def strip_trailing(text):
    """Remove what links a label to its number (共有, 共计, 有, 达, 各, 每月一次 …)."""
    previous = None
    while previous != text:
        previous = text
        text = TRAILING_NOISE.sub("", text)
    return text


def filler_verbs(text):
    """(start, end) of each publication/receipt verb used as a verb, in order.

    A verb after a negation (不予受理) or inside a noun compound (党务公开信息,
    新闻发布会) is not one.
    """
    found = []
    if not text:
        return found
    quotes = quote_spans(text)
    for match in FILLER_PATTERN.finditer(text):
        verb = match.group()
        stem = verb.rstrip("了") or verb
        before = text[: match.start()]
        after = text[match.end() :]
        compound = FILLER_AS_NOUN_BEFORE.get(stem, ())
        if before.endswith(NEGATIONS + MODIFIER_BEFORE) or (compound and before.endswith(compound)):
            continue
        if verb[-1] != "了" and after.startswith(
            FILLER_AS_NOUN_AFTER + VERB_AS_NOUN_AFTER.get(stem, ())
        ):
            continue
        if in_name(quotes, match.start()) or in_about_phrase(before):
            continue
        found.append(match.span())
    return found


def in_name(quotes, position):
    """Inside a quoted name (“青山发布”微信公众号): a word of the name, not a verb of the clause."""
    return any(start < position < end for start, end in quotes)


def in_about_phrase(before):
    """After an open 关于 (关于受理…的公告): the verb is the content a title names, not the clause's."""
    about = before.rfind("关于")
    return about >= 0 and "的" not in before[about:]


def after_fillers(text):
    """The object of the first filler verb (公布了…信息 -> …信息), or the text when there is none.

    Consecutive fillers (公布和更新, 公布更新) are all removed. When nothing
    follows the verb, the verb itself names the count (更新337家 -> 更新).
    """
    verbs = filler_verbs(text)
    if not verbs or is_relative_clause(text):
        return text
    end = verbs[0][1]
    for start, stop in verbs[1:]:
        gap = text[end:start]
        if gap in ("", "和", "及", "并", "与", "、", "或"):
            end = stop
        else:
            break
    rest = text[end:]
    if not strip_trailing(strip_leading(rest)).strip("的了"):
        # No object: the verb and how it was done name the count (通过网站公开, 同意公开的, 更新).
        return text
    return rest


def is_relative_clause(text):
    """`涉及国家秘密的2件`, `同意公开的62件`: a 的-clause standing for the things counted.

    Its verb is what selects them (those that involve state secrets), so it is
    no filler to drop: the label is the clause as written.
    """
    return text.endswith("的") and len(text) > 2


def predicate_is_have(raw):
    """X有N件 / X共有N项 / X为N%: the label is the whole subject X (no verb is removed)."""
    return bool(HAVE_END.search(raw.strip()))


def strip_circumstance(text):
    """Drop a leading prepositional relative clause (已向…登录的X -> X) when X is a full noun.

    向/在/从/经/由/被/对/通过 … 的 says where or how, not what is counted;
    关于…的 is kept, as it names the content (关于…的公告).
    """
    match = CIRCUMSTANCE_CLAUSE.match(text)
    if match:
        return match.group("head")
    return CAUSE.sub(
        "", strip_scope(text)
    )  # 全省因…引发行政复议案件: the scope stands before the cause


def unquote_whole(text):
    """'图片新闻' -> 图片新闻: marks around a label that is one quoted name are not part of it."""
    spans = quote_spans(text)
    if len(spans) == 1 and spans[0] == (0, len(text)) and len(text) > 2:
        return text[1:-1]
    return text


def object_of_have(text):
    """全市共有政务服务中心18个: what a subject 共有/设有/拥有 is the thing counted."""
    match = HAVE_VERB.search(text)
    return text[match.end() :] if match else text


def strip_channel(text):
    """`…通过区政府门户网站、政务新媒体等平台主动公开政府信息` -> 主动公开政府信息.

    The subject and the channel before a verb of publishing say who published
    where; the count is of what was published. Only a channel directly before
    such a verb is dropped: 通过门户网站提交申请 keeps its channel, as there the
    channel tells the counted applications apart.
    """
    match = None
    for match in CHANNEL.finditer(text):  # noqa: B007 (the last one is kept)
        pass
    return text[match.end() :] if match else text


def strip_scope(text):
    """组织全县政府信息公开业务培训 -> 政府信息公开业务培训: the jurisdiction-wide scope is no part of the name.

    (全国 is kept: 全国…会议 names a national kind of thing.)
    """
    return LEADING_SCOPE.sub("", text)


def strip_subject(text):
    """我局主动公开…, 局党组专题研究…: the office that acted is no part of what is counted."""
    previous = None
    while previous != text:
        previous = text
        text = strip_leading(
            OFFICE_BEFORE_TERM.sub("", SUBJECT.sub("", FIRST_PERSON.sub("", text)))
        )
    return text


def handled_state(text):
    """`已答复申请` -> 答复申请: the state reached selects what is counted, so its verb stays (已 goes).

    Only at the start of the label (after markers, time and subject) and with
    an object after the verb; `已办结412件` is named by the verb alone anyway.
    """
    match = HANDLED_STATE.search(text)
    if not match or strip_subject(strip_leading(text[: match.start()].strip())):
        return None
    return match.group("label")


@remembered(maxsize=8192)
def clean_label(raw):
    """Markers, time phrases and link words removed; the object of a filler verb kept.

    A pure function of the text, remembered (clauses repeat across a report).
    """
    state = handled_state(raw.strip())
    if state:
        return strip_trailing(state)
    text = strip_total_subject(strip_subject(strip_leading(raw.strip())))
    if not text:
        return ""  # nothing names the number (共1件): every rule below reads an empty text as empty
    subject = predicate_is_have(text)
    text = strip_trailing(text)
    if not subject:
        text = object_of_have(text)
    if not subject:
        published = strip_channel(text)
        label = strip_scope(
            strip_circumstance(strip_trailing(strip_leading(after_fillers(published))))
        )
        if len(label) <= GENERIC_HEAD_MAX and published != text:
            # 通过政务微博发布信息: "信息" alone does not say what was counted; the channel does.
            label = channel_and_object(text)
        elif len(label) <= GENERIC_HEAD_MAX and published == text and acting_subject(text):
            # 乡镇（街道）公开信息4386条: nor does it here; who published it does.
            label = strip_scope(text)
        text = object_of_participation(label)
    return unquote_whole(text.strip())


def acting_subject(text):
    """Who published, when a generic object (信息) needs it: `乡镇（街道）公开信息` -> 乡镇（街道）.

    The words before the clause's first filler verb, when they name an actor:
    a medium (区政府门户网站发布信息) or a time word is not one, and there the
    object alone stays the label. '' when there is no such subject.
    """
    verbs = filler_verbs(text)
    if not verbs:
        return ""
    subject = strip_scope(text[: verbs[0][0]]).strip()
    return "" if MEDIUM_OR_TIME.search(subject) else subject


def strip_total_subject(text):
    """`各级行政机关共主动公开政府信息` -> 主动公开政府信息: who acted, and 共, are no part of what was counted."""
    return TOTAL_AFTER_SUBJECT.sub("", text)


def object_of_participation(label):
    """`…工作人员参加培训` (2次) -> 培训: the count is of the event, not of those who attended it."""
    match = PARTICIPATION.match(label)
    return match.group("what") if match else label


def channel_and_object(text):
    """通过政务微博发布信息 -> 政务微博发布信息: the channel, its verb and a generic object.

    Kept only where the object alone (信息, 文件) is too generic to name the
    count; the preposition that introduces the channel is dropped.
    """
    match = None
    for match in CHANNEL.finditer(text):  # noqa: B007 (the last one is kept)
        pass
    channel = match.group(0)
    channel = re.sub(r"^(?:通过|依托|利用|借助|经由|在)", "", channel)
    channel = re.sub(r"(?:上|中|里|内)$", "", channel)
    return strip_scope(channel) + text[match.end() :]


def enumeration_label(text, flat):
    """Label of `…A、B、C等Y`: Y alone when it names the thing, else the items kept with it.

    With nothing after 等 the items are the label. A head of two characters or
    fewer (信息, 问题, 申请) is too generic alone: a short enumeration (at most 3
    items, 16 characters) is kept whole, a long one is cut to its last item.
    """
    index = _last_unquoted(text, "等")
    if index < 0:
        return text
    items_text, head = text[:index], text[index + 1 :]
    if not head:
        return items_text
    if len(head) > GENERIC_HEAD_MAX:
        return re.sub(r"^(?:各类|各种|各项)(?=..)", "", head) if len(head) > 4 else head
    separators = "、." if flat else "、"
    items = [item for item in re.split("[" + re.escape(separators) + "]", items_text) if item]
    max_items, max_chars = SHORT_ENUMERATION
    if len(items) <= max_items and len(items_text) <= max_chars:
        label = items_text
    else:
        label = items[-1] if items else ""
    return CONJUNCTION_PREFIX.sub("", label) + "等" + head


def _last_unquoted(text, char):
    """Index of the last `char` outside quoted names, or -1."""
    spans = quote_spans(text)
    for index in range(len(text) - 1, -1, -1):
        if text[index] == char and not any(s < index < e for s, e in spans):
            return index
    return -1


def long_quote_head(text):
    """A count right after a long quoted name counts what the name's head says.

    (更新“…检出塑化剂的企业及其产品名单”61次 -> 企业及其产品名单): the part of
    the name after its last 的, when the name is longer than a label should be.
    """
    stripped = text.rstrip()
    if not stripped or stripped[-1] not in "”》'\"’":
        return None
    spans = quote_spans(stripped)
    if not spans or spans[-1][1] != len(stripped):
        return None
    content = stripped[spans[-1][0] + 1 : -1]
    if len(content) <= LONG_QUOTE:
        return None
    return content.rsplit("的", 1)[-1] or content


def noun_item(segment):
    """A short noun item of a flattened enumeration (no verb of completion, no predicate end)."""
    return (
        0 < len(segment) <= FLAT_ITEM_MAX
        and not re.search(r"[了着过0-9]", segment)
        and not segment.endswith(("有", "等", "的", "中"))
        and not segment.startswith(PREPOSITIONS)
        and not re.match(r"^[0-9]{4}年", segment)
    )


def extend_flat(view, start, floor):
    """In a flattened paragraph, where a label that `.` split really starts, or None.

    `发布了滚动新闻.图片新闻161条`: going back over short noun items, the label
    reaches a publication verb (or a marker) or the previous metric; only then
    do the items belong to it. A predicate end (…有.), a completed verb (了),
    a long segment or a preposition means the `.` was a real boundary.
    """
    text = view.text
    position = start
    for _ in range(6):
        dot = position - 1
        if dot < 0 or text[dot] != ".":
            return None
        if dot <= floor:
            return position if position != start else None
        segment_start = view.clause_start(dot, floor)
        segment = text[segment_start:dot]
        if segment.endswith(("有", "等", "中", "的")):
            return None
        body = strip_leading(segment)
        verbs = filler_verbs(body)
        if verbs and verbs[0][1] < len(body):
            return segment_start + (len(segment) - len(body)) + verbs[0][1]
        if body != segment and ENUM_MARKER.match(segment):
            return segment_start + (len(segment) - len(body))
        if re.search(r"[了着过]", segment) or not noun_item(segment):
            return None
        position = segment_start
    return None


def after_phrase(view, end):
    """(phrase, stop) of the noun right after a measure word (9次在线访谈 -> 在线访谈).

    Runs to punctuation, the next number or a verb that ends the noun phrase;
    quoted names are taken whole (86件申请属于“咨询类问题”).
    """
    text = view.text
    index = end
    while index < len(text):
        if index in view.quote_open_at and text[index] in "“‘'\"":
            index = view.quote_open_at[index]
            continue
        ch = text[index]
        if ch.isdigit() or ch in AFTER_BREAK:
            break
        if ch in PLAIN_NUMERAL_CHARS and NUMBER_TOKEN.match(text, index):
            break
        if text.startswith(AFTER_STOPS + AFTER_MONEY_VERBS, index) and index > end:
            break
        if (
            index > end
            and ch in AFTER_PREPOSITIONS
            and not text.startswith(PREPOSITION_WORDS, index)
            and text[index - 1 : index + 1] not in PREPOSITION_ENDS_WORD
        ):
            break
        index += 1
    phrase = text[end:index]
    if phrase.startswith("的"):
        return "", end  # 1200家的许可证书: the noun belongs to what follows, not to this count
    if phrase.startswith(AFTER_PREDICATES):
        return "", end  # 120余人次参加: a predicate, not a noun
    if "了" in phrase:
        cut = phrase.index("了")
        phrase = phrase[: cut - 2] if cut - 2 >= 2 else phrase[:cut]
    phrase = AFTER_TRAILING.sub("", counted_before_work(phrase))
    return phrase, index


def counted_before_work(phrase):
    """`52件行政规范性文件的清理工作` -> 行政规范性文件: the count is of the noun before 的.

    A measure word (件, 个 …) counts things; when the noun after it is the
    modifier of 工作/情况 (the clean-up work, the handling), the things are
    that modifier, and the work is what was done to them.
    """
    match = WORK_HEAD.search(phrase)
    if match and match.start() >= 2:
        return phrase[: match.start()]
    return phrase


def verb_of_completion(raw):
    """`取消了94个Y`: the verb that qualifies the counted thing (取消), or None for fillers."""
    text = strip_leading(raw.strip())
    if not text.endswith("了"):
        return None
    verb = text[:-1]
    if not verb or len(verb) > 4 or filler_verbs(verb + "了"):
        return None
    return verb


def qualifier_before(raw):
    """`改变管理方式的有5个Y` / `取消的94个Y`: the 的-modifier to put before Y, or ''.

    A time phrase in it (2016年以来印发的) is dropped like at a label's start,
    and a modifier that is only a verb introducing the thing (受理的, 印发的)
    says nothing of which things are counted, so it is no part of the label.
    """
    text = strip_leading(raw.strip())
    text = re.sub(r"(?:有|共有)$", "", text)
    text = strip_leading(re.sub(r"^(?:在|对|从)(?=..)", "", text))
    if not text.endswith("的") or len(text) <= 1:
        return ""
    verbs = filler_verbs(text)
    if verbs and verbs[0][0] == 0 and verbs[-1][1] < len(text) - 1:
        text = text[
            verbs[0][1] :
        ]  # 完成…的52件Y: the verb introduces the things, its object is the modifier
    text = strip_owner(text)
    verbs = filler_verbs(text)
    if verbs and verbs[0][0] == 0 and verbs[-1][1] == len(text) - 1:
        return ""  # 印发的, (市政府部门)制定的: only a verb introducing the things
    return text


def strip_owner(qualifier):
    """`区政府及区政府办公室现行有效的` -> 现行有效的: whose the things are is no part of which they are.

    In a 的-modifier before a count, an office or level of government that
    opens it names the holder or issuer (who acted, like 我局 or 全县); the
    predicate after it (现行有效, 2016年以来印发) is what selects the things.
    """
    return OWNER.sub("", qualifier)


def batch_label(view, token, floor):
    """`分五批共取消了94个Y`: a count of batches counts the action that follows (取消Y).

    The action runs to the clause break within `BATCH_CLAUSE_MAX` characters, or names none
    (read from every count of a page of 分1件 with no break, it was quadratic).
    """
    text = view.text
    if text[token.start - 1 : token.start] != "分":
        return None  # the clause cannot end in 分 (answered before reading the clause)
    raw = text[view.clause_start(token.start, floor) : token.start]
    if not strip_leading(raw).endswith("分"):
        return None
    index = token.tail
    breaks = view.breaks(index)
    reach = min(len(text), token.tail + BATCH_CLAUSE_MAX)
    while index < reach and text[index] not in breaks:
        index += 1
    if index == reach and reach < len(text) and text[index] not in breaks:
        return None
    rest = NUMBER_TOKEN.sub("", text[token.tail : index])
    rest = strip_leading(rest).replace("了", "")
    return rest or None


def total_of_parts_label(parts):
    """`A35项，B10项，共45项`: a total without its own noun is named after its parts.

    The 的-modifier of the first part's phrase (from its verb on) with the
    head the parts share (上报国务院保留的行政许可项目 + 非许可审批项目 ->
    上报国务院保留的项目).
    """
    labels = [part.label for part in parts if part.label]
    if not labels:
        return ""
    suffix = labels[0]
    for label in labels[1:]:
        while suffix and not label.endswith(suffix):
            suffix = suffix[1:]
    phrase = parts[0].phrase
    modifier = phrase[: phrase.rfind("的") + 1] if "的" in phrase else ""
    if len(suffix) < 2:
        # 新收申请73件，上年结转1件，共计74件: the parts are told apart by their
        # period; the total spans both, so the first part's noun without it.
        base = PERIOD_QUALIFIER.sub("", labels[0])
        return modifier + base if len(base) >= 2 else modifier + labels[0]
    return modifier + suffix


_BLANKS = re.compile(r"\s+")


@remembered(maxsize=8192)
def compact_label(label):
    """A label read across a joined line or page seam without the blanks (群众   来电 -> 群众来电).

    Blanks between two ASCII words (Windows 10) stay, as one.
    """
    return _BLANKS.sub(lambda m: " " if _ascii_word_around(label, m) else "", label).strip()


def _ascii_word_around(label, match):
    before = label[match.start() - 1 : match.start()]
    after = label[match.end() : match.end() + 1]
    return before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
