"""Chinese and Arabic numerals, years and dates (loaders.numerals)."""

import pytest

from loaders.numerals import parse_chinese_number, parse_date, parse_number, parse_year


@pytest.mark.parametrize(
    "text, expected",
    [
        ("五", 5),
        ("两", 2),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十一", 21),
        ("一百零五", 105),
        ("两千", 2000),
        ("三百六十五", 365),
        ("三万五千", 35000),
        ("十万", 100000),
        ("一亿二千万", 120000000),
        ("二〇一二", 2012),  # digit by digit, as years are written
        ("一二", 12),
        ("三个", None),
        ("abc", None),
        ("", None),
    ],
)
def test_parse_chinese_number(text, expected):
    assert parse_chinese_number(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12", 12.0),
        ("64.7", 64.7),
        ("0.8", 0.8),
        ("164,155", 164155.0),
        ("１２", 12.0),
        ("1.2万", 12000.0),
        ("3万", 30000.0),
        ("2亿", 200000000.0),
        ("五", 5.0),
        ("两", 2.0),
        ("两万", 20000.0),
        ("", None),
        ("x12", None),
        (None, None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text, report_year, expected",
    [
        ("2012", None, 2012),
        ("二〇一二", None, 2012),
        ("二零一三", None, 2013),
        ("二一二", 2011, 2012),  # a lost 〇 recovered from the report year
        ("二一三", 2013, 2013),
        ("二八", 2007, 2008),  # two zeros lost
        ("二一二", None, None),  # not recoverable without a report year
        ("十二", 2011, None),  # not a year
    ],
)
def test_parse_year(text, report_year, expected):
    assert parse_year(text, report_year) == expected


@pytest.mark.parametrize(
    "text, report_year, expected",
    [
        ("二〇一二年三月二十一日", None, "2012-03-21"),
        ("二一二年三月二十一日", 2011, "2012-03-21"),
        ("二〇一三年十二月三十一日", None, "2013-12-31"),
        ("2013年1月5日", None, "2013-01-05"),
        ("２０１３年１月５日", None, "2013-01-05"),
        ("2012-03-21", None, "2012-03-21"),
        ("2012年3月", None, None),  # no day: not a full date
        ("2012年2月30日", None, None),  # no such day
        ("本报告无日期", None, None),
    ],
)
def test_parse_date(text, report_year, expected):
    assert parse_date(text, report_year) == expected
