"""Traditional characters to simplified ones, one character for one (OpenCC).

Sites with a 简/繁 switch serve reports in traditional characters (繁體).
The narrative and table rules read a simplified view of such a text, and
every offset they find must point at the same characters in the stored
text, so the view has exactly the text's length. OpenCC's `t2s` conversion
(maintained dictionaries, not a hand table) is used a line at a time; a line
whose conversion changes its length (a phrase mapped to a longer or shorter
one) is converted character by character instead, and a character whose
conversion is not one character is kept as it is.

Also here: the code points PDF producers emit for ordinary ideographs
(Kangxi radicals ⼯ for 工, CJK compatibility ideographs) mapped to them
with NFKC, again one for one, before anything reads the text.
"""

import functools
import re
import unicodedata

import opencc

_CONVERTER = opencc.OpenCC("t2s")
# Kangxi radicals, CJK radicals supplement, CJK compatibility ideographs (and supplement).
_IDEOGRAPH_LOOKALIKES = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


@functools.lru_cache(maxsize=8192)
def _char(ch):
    converted = _CONVERTER.convert(ch)
    return converted if len(converted) == 1 else ch


def _line(line):
    converted = _CONVERTER.convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(_char(ch) for ch in line)


WHOLE_TEXT_LENGTH = 4000
WHOLE_TEXT_MAX_LENGTH = 1_000_000
"""Texts of a length between these two (a document's) are remembered, the last `WHOLE_TEXTS_KEPT`."""
WHOLE_TEXTS_KEPT = 2
"""The pipeline asks for the simplified view of a document's text several times (the view, the
format, the tables); a worker parses one document at a time, and keeps at most this many texts
(with their views) from one document to the next."""


def simplified(text):
    """The text with traditional characters in simplified form; same length, so offsets are kept."""
    if text.isascii():
        return text
    if WHOLE_TEXT_LENGTH < len(text) <= WHOLE_TEXT_MAX_LENGTH:
        return _whole_text(text)
    return _simplified(text)


def _simplified(text):
    return "\n".join(_line(line) if not line.isascii() else line for line in text.split("\n"))


_whole_text = functools.lru_cache(maxsize=WHOLE_TEXTS_KEPT)(_simplified)


# CJK radicals-supplement code points that stand for a whole ideograph, which NFKC leaves
# alone (only ⺟ and ⻳ have a compatibility mapping). PDF producers emit them where a font
# shares one glyph between the radical and the character (⻝品 for 食品, ⼈⺠ for 人民).
# The pairs are Unicode's EquivalentUnifiedIdeograph mappings of those radicals.
RADICAL_IDEOGRAPHS = dict(
    pair
    for pair in (
        "⺁厂 ⺅亻 ⺉刂 ⺊卜 ⺎兀 ⺖忄 ⺘扌 ⺝月 ⺠民 ⺡氵 ⺣灬 ⺨犭 ⺩王 ⺬礻 ⺭礻 ⺰纟 ⺹耂 ⺼月 "
        "⻁虎 ⻂衤 ⻃覀 ⻄西 ⻅见 ⻆角 ⻈讠 ⻉贝 ⻋车 ⻌辶 ⻍辶 ⻎辶 ⻏阝 ⻐钅 ⻑長 ⻓长 ⻔门 ⻖阝 "
        "⻘青 ⻙韦 ⻚页 ⻛风 ⻜飞 ⻝食 ⻟飠 ⻠饣 ⻢马 ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻪黾 "
        "⻫斉 ⻬齐 ⻭歯 ⻮齿 ⻯竜 ⻰龙 ⻱龜 ⻲亀"
    ).split()
)


@functools.lru_cache(maxsize=1024)
def _nfkc_char(ch):
    if ch in RADICAL_IDEOGRAPHS:
        return RADICAL_IDEOGRAPHS[ch]
    mapped = unicodedata.normalize("NFKC", ch)
    return mapped if len(mapped) == 1 else ch


def ideographs(text):
    """Kangxi radicals and compatibility ideographs as the ideographs they stand for (⼯ -> 工).

    Only those code points are touched (NFKC of the whole text would also
    turn full-width digits and punctuation half-width and … into ..., which
    changes what the rules read and the length); each maps to one character.
    """
    return _IDEOGRAPH_LOOKALIKES.sub(lambda match: _nfkc_char(match.group(0)), text)
