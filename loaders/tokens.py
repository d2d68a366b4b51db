"""Number tokens: a numeral, an optional approximation and a measure word, and the rules that drop non-metrics.

Arabic or Chinese numerals, an optional approximation (约/近 before, 余/多
inside, 左右/以上 after) and a measure word, which may stand a blank or two
after an Arabic number (1526 条). The `NOT_A_METRIC` rules, a named table,
then drop ordinals, frequencies, codes, phone numbers, addresses and numbers
inside names; `rejecting_rule` says which rule dropped a number. The words
are in `loaders.vocabulary.numbers`.
"""

import math
import re
from dataclasses import dataclass

from loaders.numerals import parse_number
from loaders.vocabulary.numbers import (
    ADDRESS_CUE,
    APPROX_AFTER,
    APPROX_BEFORE,
    APPROX_INSIDE,
    CN_WORD_AFTER,
    CN_WORD_BEFORE,
    EVENT_UNITS,
    LIMIT_CUE,
    NUMBER_TOKEN,
    ONE_UNITS,
    PHONE_CUE,
    RANGE_BEFORE,
    TIME_UNITS,
    UNIT_WORDS,
)
from loaders.vocabulary.numerals import PLAIN_NUMERAL_CHARS

SHORT_COUNT_DIGITS = (
    4  # a number after 电话 this short, with a measure word, is a count (rule_contact)
)
EXACT_DIGITS = 15  # significant digits a float64 always holds exactly
EXACT_INTEGER = 2**53  # integers above this are not all representable

# Patterns of the rules below, compiled once (they run for every number).
_EVERY_BEFORE = re.compile(r"每[^，,。；;、.\d次期场轮]{0,6}$")
_NOT_DIGIT = re.compile(r"[^0-9０-９]")
_BLANK = re.compile(r"[ \t\u3000]")


@dataclass
class Token:
    """A number with its measure word before the label is known."""

    start: int  # number start (after 约/近)
    end: int  # after the measure word (and 余/多 inside)
    tail: int  # after a trailing approximation (左右, 以上), else `end`
    value: float
    unit: str
    approx: object
    numeral: str


def is_ordinal(text, start):
    """第N / 第N届 / 第N件 (also `第 8 页` with blanks): an ordinal or ranking, not a count."""
    return text[max(0, start - 3) : start].rstrip(" \t\u3000").endswith("第")


def is_frequency(text, start, unit=""):
    """每月一次, 每周2次, 每季度开展一次检查: a frequency of a practice, not a count of events."""
    before = text[max(0, start - 2) : start]
    if before.endswith("每") or (len(before) == 2 and before[0] == "每"):
        return True
    return unit in EVENT_UNITS and bool(_EVERY_BEFORE.search(text[max(0, start - 8) : start]))


def is_code_or_range(text, start):
    """Part of a code, a range or a phone number: GB2312, 010-82261627, 3·15, 2012/3."""
    before = text[max(0, start - 1) : start]
    return bool(before) and (before.isascii() and before.isalnum() or before in "-－—~～·•/_#×*+")


def is_deadline(text, end, unit):
    """15个工作日内, 3天以内: a time limit set by rule, not a measured value."""
    return unit in TIME_UNITS and text[end : end + 2].startswith(("内", "以内", "之内"))


def is_range(text, start):
    """The upper end of a range (3至5个工作日): a span of values, no single count."""
    return bool(RANGE_BEFORE.search(text[max(0, start - 3) : start]))


def is_limit(text, start):
    """不超过15个工作日, 最多3次: a bound a rule sets, not a count of what happened."""
    return bool(LIMIT_CUE.search(text[max(0, start - 4) : start]))


def is_address(text, start):
    """白广路二条2号 after 地址：: a street name or number in an address, not a count."""
    return bool(ADDRESS_CUE.search(text[max(0, start - 32) : start]))


def is_phone_or_postcode(text, start):
    """A number right after 电话/邮编/传真 …: a contact detail."""
    return bool(PHONE_CUE.search(text[max(0, start - 8) : start]))


def is_word_unit(text, end, unit):
    """The measure word starts a longer word (5部门, 1个人信息): not a count."""
    return text[end - len(unit) : end + 1] in UNIT_WORDS


def is_word_numeral(text, match):
    """A Chinese numeral inside a word (统一个, 一起, 一次性, 十八大) rather than a count."""
    numeral = match.group("num")
    if numeral[:1] not in PLAIN_NUMERAL_CHARS or not all(
        ch in PLAIN_NUMERAL_CHARS for ch in numeral
    ):
        return False  # (an Arabic number is answered by its first character)
    start = match.start("num")
    if start > 0 and text[start - 1] in CN_WORD_BEFORE:
        return True
    if start > 0 and text[start - 1] in PLAIN_NUMERAL_CHARS:
        return True
    if numeral == "一" and match.group("unit") not in ONE_UNITS:
        return True
    if all(ch in "百千万亿" for ch in numeral) and not match.group("inside"):
        return True
    return text[match.end("unit") : match.end("unit") + 1] in CN_WORD_AFTER


def rule_ordinal(view, match):
    """第N / 第N届 / 第N件 (also `第 8 页` with blanks): an ordinal or ranking, not a count."""
    return is_ordinal(view.text, match.start("num"))


def rule_frequency(view, match):
    """每月一次, 每周2次, 每季度开展一次检查: a frequency of a practice, not a count of events."""
    return is_frequency(view.text, match.start(), match.group("unit"))


def rule_code_or_range(view, match):
    """Part of a code, a range or a phone number: GB2312, 010-82261627, 3·15, 2012/3."""
    return is_code_or_range(view.text, match.start("num"))


_FIELD_COLON = re.compile(r"[：:]\s*$")


def rule_contact(view, match):
    """A number right after 电话/邮编/传真 …: a contact detail.

    Not a short number counted by a measure word straight after the word (热线电话11通): a
    number to dial or a postcode has five digits or more, or follows a field's colon (联系电话：3个).
    """
    start = match.start("num")
    short = len(_NOT_DIGIT.sub("", match.group("num"))) <= SHORT_COUNT_DIGITS
    if (
        match.group("unit")
        and short
        and not _FIELD_COLON.search(view.text[max(0, start - 3) : start])
    ):
        return False
    return is_phone_or_postcode(view.text, start)


def rule_address(view, match):
    """白广路二条2号 after 地址：: a street name or number in an address, not a count."""
    return is_address(view.text, match.start("num"))


def rule_inside_name(view, match):
    """Inside a quoted name or title (《…2号文》, “12345”热线): part of the name, not a count."""
    return view.in_quote(match.start("num"))


def rule_word_unit(view, match):
    """The measure word starts a longer word (5部门, 1个人信息): not a count."""
    return is_word_unit(view.text, match.end("unit"), match.group("unit"))


def rule_deadline(view, match):
    """15个工作日内, 3天以内: a time limit set by rule, not a measured value."""
    return is_deadline(view.text, match.end("unit"), match.group("unit"))


def rule_range(view, match):
    """The upper end of a range (3至5个工作日): a span of values, no single count."""
    return is_range(view.text, match.start("num"))


def rule_limit(view, match):
    """不超过15个工作日, 最多3次: a bound a rule sets, not a count of what happened."""
    return is_limit(view.text, match.start("num"))


def is_inexact(numeral):
    """A decimal of more than 15 significant digits, or beyond 2**53: what a float64 cannot hold exactly."""
    if len(numeral) <= EXACT_DIGITS and numeral.isascii() and numeral.isdigit():
        return (
            False  # an integer of at most 15 digits, below 2**53: the common case, answered at once
        )
    digits = _NOT_DIGIT.sub("", numeral).lstrip("0０")
    if "." in numeral or "．" in numeral:
        if len(digits) > EXACT_DIGITS:
            return True
    elif digits and int(digits) > EXACT_INTEGER:  # as an int: 2**53 + 1 rounds to 2**53 as a float
        return True
    value = parse_number(_BLANK.sub("", numeral))
    return value is not None and not (math.isfinite(value) and abs(value) <= EXACT_INTEGER)


def rule_inexact(view, match):
    """1234567890123456789件: a number the store cannot hold exactly is no metric (a wrong number is worse)."""
    return is_inexact(match.group("num"))


def rule_word_numeral(view, match):
    """A Chinese numeral inside a word (统一个, 一起, 一次性, 十八大) rather than a count."""
    return is_word_numeral(view.text, match)


# Why a number with a measure word is not a metric: the first rule that holds names the reason.
# Each rule reads the text view and the NUMBER_TOKEN match.
NOT_A_METRIC = (
    ("ordinal", rule_ordinal),
    ("frequency", rule_frequency),
    ("code_or_range", rule_code_or_range),
    ("contact", rule_contact),
    ("address", rule_address),
    ("inside_name", rule_inside_name),
    ("word_unit", rule_word_unit),
    ("deadline", rule_deadline),
    ("range", rule_range),
    ("limit", rule_limit),
    ("word_numeral", rule_word_numeral),
    ("inexact", rule_inexact),
)


def not_a_metric(view, match):
    """Why a number with a measure word is not a metric (the `NOT_A_METRIC` rule name), or None when it is one."""
    for name, rule in NOT_A_METRIC:
        if rule(view, match):
            return name
    return None


def approximation(match):
    """None, 'more_than' (余 多 以上 超过) or 'about' (约 近 左右)."""
    if match.group("inside"):
        return APPROX_INSIDE[match.group("inside")]
    if match.group("before"):
        return APPROX_BEFORE[match.group("before")]
    if match.group("after"):
        return APPROX_AFTER[match.group("after")]
    return None


def read_numbers(view, skip=()):
    """Every NUMBER_TOKEN match in text order as (match, token, reason): a token, or None and why not.

    The reasons: `table` (inside a `skip` span: the table rule reads it),
    `near_word` (最近, 临近, 附近: 近 is no approximation there), a
    `NOT_A_METRIC` rule name, or `unreadable` (the numeral has no value).
    """
    text = view.text
    for match in NUMBER_TOKEN.finditer(text):
        start = match.start("num")
        if any(s <= start < e for s, e in skip):
            yield match, None, "table"
            continue
        if match.group("before") == "近" and text[max(0, match.start() - 1) : match.start()] in (
            "最",
            "临",
            "附",
        ):
            yield match, None, "near_word"
            continue
        reason = not_a_metric(view, match)
        if reason:
            yield match, None, reason
            continue
        value = parse_number(_BLANK.sub("", match.group("num")))
        if value is None:
            yield match, None, "unreadable"
            continue
        unit = match.group("unit")
        unit = "%" if unit in ("％",) else unit
        yield (
            match,
            Token(
                start,
                match.end("unit"),
                match.end(),
                value,
                unit,
                approximation(match),
                match.group("num"),
            ),
            None,
        )


def number_tokens(view, skip=(), warnings=None):
    """Every counted number in the text with its measure word, in text order.

    A number dropped by the `inexact` rule is named in `warnings` (a list), when given.
    """
    tokens = []
    for match, token, reason in read_numbers(view, skip):
        if token is not None:
            tokens.append(token)
        elif reason == "inexact" and warnings is not None:
            warnings.append(
                f"number too large to store exactly, not a metric: {match.group()[:40]!r} "
                f"at {match.start('num')}-{match.end('unit')} (NOT_A_METRIC rule inexact)"
            )
    return tokens
