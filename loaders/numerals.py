"""Numbers and dates as Chinese reports write them: Arabic or Chinese numerals.

Pure functions, text in and plain values out:

* `parse_chinese_number("一百零五")` -> 105, `"两千"` -> 2000, `"三万五千"` -> 35000,
  `"二〇一二"` (digit by digit) -> 2012;
* `parse_number("1.2万")` -> 12000.0, `"164,155"` -> 164155.0, `"五"` -> 5.0;
* `parse_year("二一二", report_year=2011)` -> 2012 (a 〇 lost in transcription is
  recovered from the year the report covers);
* `parse_date("二〇一二年三月二十一日")` -> "2012-03-21".
"""

import datetime
import unicodedata

from loaders.vocabulary.numerals import (
    CN_BIG_UNITS,
    CN_DIGITS,
    CN_NUMERAL_CHARS,
    CN_SMALL_UNITS,
    DATE_PATTERN,
    ISO_DATE_PATTERN,
    PLAIN_ARABIC_NUMBER,
)


def to_ascii_digits(text):
    """Full-width digits and punctuation (１２．５) as ASCII (12.5); other characters unchanged."""
    return "".join(
        unicodedata.normalize("NFKC", ch) if ch in "０１２３４５６７８９．，" else ch for ch in text
    )


def is_chinese_numeral(text):
    """Whether every character of `text` is a Chinese numeral character."""
    return bool(text) and all(ch in CN_NUMERAL_CHARS for ch in text)


def _parse_section(text):
    """Value of a numeral below 10000 written with 十/百/千 (一百零五, 十一, 两千三)."""
    total = 0
    digit = None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            total += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return total


def parse_chinese_number(text):
    """Integer value of a Chinese numeral, or None when `text` is not one.

    Handles positional numerals (十一, 二十, 一百零五, 两千, 三万五千, 十万, 一亿二千万)
    and digit-by-digit strings without multipliers (二〇一二 -> 2012), the way years
    and codes are written.
    """
    if not is_chinese_numeral(text):
        return None
    if not any(ch in CN_SMALL_UNITS or ch in CN_BIG_UNITS for ch in text):
        # Digit by digit: 二〇一二, 五, 两.
        value = 0
        for ch in text:
            value = value * 10 + CN_DIGITS[ch]
        return value
    total = 0
    rest = text
    for unit_char in ("亿", "万"):
        if unit_char in rest:
            head, rest = rest.split(unit_char, 1)
            head_value = parse_chinese_number(head) if head else 1
            if head_value is None:
                return None
            total += head_value * CN_BIG_UNITS[unit_char]
    if rest:
        section = _parse_section(rest)
        if section is None:
            return None
        total += section
    return total


def parse_number(text):
    """Float value of an Arabic or Chinese number with an optional 万/亿 multiplier.

    `12`, `64.7`, `164,155`, `１２`, `1.2万` (12000), `五`, `两`, `三百`, `十二万`.
    Returns None when the text is not a number.
    """
    if text is None:
        return None
    text = to_ascii_digits(text.strip())
    if not text:
        return None
    multiplier = 1
    if len(text) > 1 and text[-1] in CN_BIG_UNITS and text[:-1][-1:].isdigit():
        multiplier = CN_BIG_UNITS[text[-1]]
        text = text[:-1]
    match = PLAIN_ARABIC_NUMBER.match(text)
    if match:
        whole = match.group(1).replace(",", "")
        value = float(whole + ("." + match.group(2) if match.group(2) else ""))
        return value * multiplier
    value = parse_chinese_number(text)
    return None if value is None else float(value)


def _year_candidates(digits):
    """4-digit years that read as `digits` once their zeros are dropped (a lost 〇)."""
    stripped = digits.replace("0", "")
    return [year for year in range(1900, 2100) if str(year).replace("0", "") == stripped]


def parse_year(text, report_year=None):
    """The year a numeral (2012, 二〇一二, 一二 ...) stands for.

    A Chinese year is written digit by digit; when a 〇 was lost in transcription
    (二一二 for 二〇一二) the digits are fewer than four. The year is then the one
    whose digits without zeros are the same, nearest after the report year (a
    report is signed in the year after the one it covers), else nearest to it.
    Without a report year such a year is not recoverable and None is returned.
    """
    text = to_ascii_digits(text.strip())
    if text.isdigit():
        digits = text
    elif is_chinese_numeral(text) and not any(
        ch in CN_SMALL_UNITS or ch in CN_BIG_UNITS for ch in text
    ):
        digits = "".join(str(CN_DIGITS[ch]) for ch in text)
    else:
        return None
    if len(digits) == 4:
        return int(digits)
    if report_year is None or not digits:
        return None
    candidates = _year_candidates(digits)
    if not candidates:
        return None
    return min(candidates, key=lambda year: (abs(year - (report_year + 1)), year))


def _small_number(text):
    value = parse_number(text)
    return None if value is None or value != int(value) else int(value)


def date_from_parts(year, month, day):
    """ISO string of a calendar date, or None when it does not exist."""
    try:
        return datetime.date(year, month, day).isoformat()
    except (TypeError, ValueError):
        return None


def parse_date(text, report_year=None):
    """ISO date of the first date in `text` (2012年3月21日, 二〇一二年三月二十一日, 2012-03-21).

    A Chinese year that lost a 〇 (二一二年) is recovered with `report_year`
    (see `parse_year`). A date without a day is not a full date: None.
    """
    match = DATE_PATTERN.search(text)
    if match and match.group("day"):
        year = parse_year(match.group("year"), report_year)
        month = _small_number(match.group("month"))
        day = _small_number(match.group("day"))
        if year and month and day:
            return date_from_parts(year, month, day)
    match = ISO_DATE_PATTERN.search(to_ascii_digits(text))
    if match:
        return date_from_parts(
            int(match.group("year")), int(match.group("month")), int(match.group("day"))
        )
    return None
