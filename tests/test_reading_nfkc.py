"""Fast NFKC (loaders.reading.nfkc) equals `unicodedata.normalize("NFKC", …)` on any text.

The fast path maps the characters of `PLAIN_RANGES` one by one. That is NFKC
only if no such character's decomposition starts with a combining mark (which
would be reordered with the marks before it) or with a character that
composes with the one before it (the second half of a canonical pair, or a
Hangul vowel or final jamo): checked here on every character of the ranges,
against the decomposition data of the `unicodedata` NFKC itself uses.
"""

import random
import unicodedata

import pytest

from loaders.reading import nfkc as module
from loaders.reading.nfkc import IDEOGRAPH_RANGES, PLAIN_RANGES, nfkc


def _plain_chars():
    for first, last in PLAIN_RANGES:
        for code in range(ord(first), ord(last) + 1):
            yield chr(code)


def _second_halves():
    """Every character that composes with a character before it."""
    found = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2:
                found.add(chr(int(parts[1], 16)))
    return found


def test_no_plain_character_joins_or_reorders_with_the_one_before():
    second_halves = _second_halves()
    joining = [
        ch
        for ch in _plain_chars()
        if unicodedata.combining(unicodedata.normalize("NFKD", ch)[0]) != 0
        or unicodedata.normalize("NFKD", ch)[0] in second_halves
    ]
    assert joining == []


def test_the_table_maps_each_plain_character_as_nfkc_does():
    wrong = [ch for ch in _plain_chars() if nfkc(ch) != unicodedata.normalize("NFKC", ch)]
    assert wrong == []
    for first, last in IDEOGRAPH_RANGES:  # left out of the table: NFKC keeps them
        for code in range(ord(first), ord(last) + 1):
            assert unicodedata.normalize("NFKC", chr(code)) == chr(code)


@pytest.mark.parametrize(
    "text, expected, fast",
    [
        ("本年新收申请１２３件，办结１２０件。", "本年新收申请123件,办结120件。", True),
        ("（一）政府信息公开　工作", "(一)政府信息公开 工作", True),
        ("①行政复议…㈠℃", "1行政复议...(一)°C", True),
        ("ｶﾞ", "ガ", False),  # half-width sound mark: composes with the kana before it
        ("e\u0301", "é", False),  # a combining mark
        ("ᄀ\u1161", "가", False),  # Hangul jamo
        ("", "", True),
    ],
)
def test_nfkc_equals_unicodedata(text, expected, fast):
    assert nfkc(text) == expected == unicodedata.normalize("NFKC", text)
    assert (module._NOT_PLAIN.search(text) is None) is fast


def test_random_texts_equal_unicodedata():
    chars = list(_plain_chars())
    pool = [c for c in chars if not "\u3400" <= c <= "\u9fff"] + chars[::50]
    pool += ["\u0301", "\u3099", "\uff9e", "\u1161", "ᄀ", "か", "e", "ﬁ", "\U0002f800"]
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)
