"""NFKC (full-width forms half-width, ① as 1 …) of Chinese report text, exactly as `unicodedata` does it, faster.

`unicodedata.normalize("NFKC", text)` decomposes and recomposes the whole
string as soon as one character needs it, and Chinese text always has one
(the full-width comma ，): about 0.2 µs a character, most of the cost of
normalising a long label line. On text whose every character is in
`PLAIN_RANGES` (ASCII, Latin-1, punctuation, box drawing, CJK symbols and
ideographs, full-width forms…) NFKC works character by character: none of
those characters decomposes to anything that starts with a combining mark or
with a character that composes with the one before it, so nothing joins or
reorders across two of them, and the text's NFKC is the NFKC of each
character in turn (`tests/test_reading_nfkc.py` checks both facts on every
character of the ranges against Unicode's own decomposition data). Those
characters are mapped with a table computed from `unicodedata` itself;
text with any other character goes to `unicodedata.normalize` whole.
"""

import re
import unicodedata

PLAIN_RANGES = (
    ("\t", "\n"),
    ("\r", "\r"),
    (" ", "\u00ff"),  # ASCII and Latin-1
    ("\u2000", "\u206f"),  # general punctuation (“ ” — … ‰)
    ("\u2100", "\u21ff"),  # letterlike symbols (℃ №), number forms (Ⅳ), arrows
    ("\u2460", "\u25ff"),  # enclosed numbers (① ⑴ ⒈), box drawing, geometric shapes (■ ●)
    ("\u3000", "\u3029"),  # CJK symbols and punctuation (、 。 《 》 【 】), not the tone marks 〪-〯
    ("\u3030", "\u303f"),
    ("\u3200", "\u33ff"),  # enclosed CJK (㈠ ㊣), CJK compatibility (㎡)
    ("\u3400", "\u4dbf"),  # CJK ideographs, extension A
    ("\u4e00", "\u9fff"),  # CJK ideographs
    ("\ufe30", "\ufe6f"),  # CJK compatibility and small forms (︰ ﹐)
    ("\uff01", "\uff9d"),  # full-width forms and half-width katakana, not the sound marks ﾞ ﾟ
    ("\uffe0", "\uffee"),  # full-width signs (￥ ￡)
)
IDEOGRAPH_RANGES = (("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"))
"""Ranges of `PLAIN_RANGES` that NFKC leaves as they are (the table need not list them)."""

_NOT_PLAIN = re.compile(
    "[^" + "".join(f"\\u{ord(a):04x}-\\u{ord(b):04x}" for a, b in PLAIN_RANGES) + "]"
)


def _chars(ranges):
    for first, last in ranges:
        for code in range(ord(first), ord(last) + 1):
            yield chr(code)


_TABLE = {
    ch: mapped
    for ch in _chars(r for r in PLAIN_RANGES if r not in IDEOGRAPH_RANGES)
    if (mapped := unicodedata.normalize("NFKC", ch)) != ch
}
_MAPPED = re.compile("[" + "".join(f"\\u{ord(ch):04x}" for ch in _TABLE) + "]")


def _mapped(match):
    return _TABLE[match.group()]


def nfkc(text):
    """`unicodedata.normalize("NFKC", text)`, character by character where that is the same."""
    if _NOT_PLAIN.search(text) is None:
        return _MAPPED.sub(_mapped, text)
    return unicodedata.normalize("NFKC", text)
