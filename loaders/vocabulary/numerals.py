"""Numeral characters: the Chinese digits and multipliers, and the numeral classes markers are spelled with."""

import re

# Heading and enumeration markers count with these (一、 （二） 三是 第四): one class, spelled once.
MARKER_DIGITS = "一二三四五六七八九十"
# The numerals a count is written with in running text (五件, 两千余条, 一百零五项).
PLAIN_NUMERAL_CHARS = "〇零一二两三四五六七八九十百千万亿"
# Chinese digits, including the several glyphs used for zero.
CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "洞": 0,
    "一": 1,
    "壹": 1,
    "幺": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
# Multipliers inside a section (十 百 千) and section multipliers (万 亿).
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)
# A whole Arabic number with or without thousands commas, and decimals (parse_number).
PLAIN_ARABIC_NUMBER = re.compile(r"^([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?$")
# A date: 2012年3月21日, 二〇一二年三月二十一日 (digit by digit), and 2012-03-21.
DATE_NUMBER = r"[0-9０-９]+|[" + CN_NUMERAL_CHARS + r"]+"
DATE_PATTERN = re.compile(
    r"(?P<year>[0-9０-９]{4}|[" + "".join(CN_DIGITS) + r"]{2,4})\s*年\s*"
    r"(?P<month>" + DATE_NUMBER + r")\s*月\s*"
    r"(?:(?P<day>" + DATE_NUMBER + r")\s*[日号])?"
)
ISO_DATE_PATTERN = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})")
