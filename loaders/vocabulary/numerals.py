"""Numeral characters: the Chinese digits and multipliers, and the numeral classes markers are spelled with."""

# Heading and enumeration markers count with these (一、 （二） 三是 第四): one class, spelled once.
MARKER_DIGITS = "一二三四五六七八九十"
# The numerals a count is written with in running text (五件, 两千余条, 一百零五项).
PLAIN_NUMERAL_CHARS = "〇零一二两三四五六七八九十百千万亿"
