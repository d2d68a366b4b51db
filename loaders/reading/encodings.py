"""Which encoding a text document is in, when it is not UTF-8 (charset-normalizer).

Reports come as UTF-8, GB18030/GBK (most Chinese Windows tools), Big5 (sites
serving 繁體) and UTF-16 without a BOM (Word's "Unicode text"). GB18030
decodes almost any byte string without an error, Big5 included, so a strict
decode cannot choose between them: charset-normalizer, a maintained detector,
measures which decoding reads as coherent text. The Chinese GB family is
read as GB18030 (its superset). A decoding that is still mostly noise (too
few letters or ideographs among the characters) is refused, never loaded.
"""

import unicodedata

from charset_normalizer import from_bytes

GB_FAMILY = frozenset(("gb2312", "gbk", "gb18030", "hz"))
BIG5_FAMILY = frozenset(("big5", "big5hkscs", "cp950"))
# Of the non-blank characters, at least this share must be letters, digits or ideographs.
READABLE_SHARE_MIN = 0.6


class Undetected(ValueError):
    """No encoding reads the bytes as text."""


def utf16_without_bom(data):
    """'utf-16-le' or 'utf-16-be' when NUL bytes fall on one side of most pairs, else None."""
    if len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    # ASCII characters (digits, newlines) have their NUL on one side; ideographs have none.
    if odd >= 2 and even * 4 <= odd:
        return "utf-16-le"
    if even >= 2 and odd * 4 <= even:
        return "utf-16-be"
    return None


def readable(text):
    """Whether a decoded text reads as language: mostly letters, digits, ideographs and punctuation."""
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return False
    good = sum(1 for ch in chars if unicodedata.category(ch)[0] in "LNP")
    return good >= READABLE_SHARE_MIN * len(chars)


def chinese(text):
    """Readable, and its non-ASCII letters are mostly ideographs: a Chinese text, not mojibake."""
    if not readable(text):
        return False
    letters = [ch for ch in text if not ch.isascii() and ch.isalpha()]
    cjk = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("CJK"))
    return cjk >= READABLE_SHARE_MIN * len(letters)


def decode_legacy(data):
    """(text, encoding) of a text that is not UTF-8: GB18030 unless the detector finds Big5 or another.

    Raises Undetected when no decoding reads as Chinese text.
    """
    try:
        gb_text = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    try:
        text, encoding = detect(data)
    except Undetected as exc:
        text, encoding, reason = None, None, str(exc)
    if encoding in BIG5_FAMILY and chinese(text):
        return text, encoding
    if gb_text is not None and chinese(gb_text):
        return gb_text, "gb18030"
    if text is not None and chinese(text):
        return text, encoding
    if text is not None:
        reason = f"decodes as {encoding} only to characters that are not Chinese text"
    raise Undetected(reason)


def detect(data):
    """(text, encoding) of bytes that are not UTF-8; raises Undetected with the reason."""
    best = from_bytes(data).best()
    if best is None:
        raise Undetected("no encoding reads it as text (charset detection found none)")
    encoding = best.encoding.lower().replace("_", "-")
    if encoding.replace("-", "") in GB_FAMILY:
        encoding = "gb18030"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text = str(best)
    if not readable(text):
        raise Undetected(f"decodes as {encoding} only to unreadable characters")
    return text, encoding
