"""Report metadata (loaders.metadata.extract_metadata): each field from its own rule."""

import pytest

from loaders.document import ReportMeta
from loaders.metadata import chrome_rule, extract_metadata, statistical_period

CASES = [
    pytest.param(
        "质检总局2011年政府信息公开工作年度报告\n"
        "报告中所列数据的统计期限自2011年1月1日至12月31日止。\n"
        "一、概述\n正文。\n"
        "质检总局政府信息公开办公室\n"
        "二一二年三月二十一日\n"
        "附件：\n各司局情况\n",
        ReportMeta(
            agency="质检总局",
            year=2011,
            year_inferred=False,
            title="质检总局2011年政府信息公开工作年度报告",
            published_on="2012-03-21",
            period_start="2011-01-01",
            period_end="2011-12-31",
            issuer="质检总局政府信息公开办公室",
        ),
        id="lost-zero-in-signature-date",
    ),
    pytest.param(
        "上海市教育委员会二〇一三年政府信息公开工作年度报告\n"
        "本报告统计时间为2013年1月1日至2013年12月31日。\n"
        "上海市教育委员会办公室\n"
        "二〇一四年三月三十一日\n",
        ReportMeta(
            agency="上海市教育委员会",
            year=2013,
            year_inferred=False,
            title="上海市教育委员会二〇一三年政府信息公开工作年度报告",
            published_on="2014-03-31",
            period_start="2013-01-01",
            period_end="2013-12-31",
            issuer="上海市教育委员会办公室",
        ),
        id="chinese-year-in-title",
    ),
    pytest.param(
        "国家发展和改革委员会2013年政府信息公开工作年度报告\n正文。\n",
        ReportMeta(
            agency="国家发展和改革委员会",
            year=2013,
            year_inferred=False,
            title="国家发展和改革委员会2013年政府信息公开工作年度报告",
        ),
        id="no-signature",
    ),
    pytest.param(
        "2013年北京市人民政府政府信息公开工作年度报告\n正文。\n北京市人民政府办公厅\n2014年3月28日\n",
        ReportMeta(
            agency="北京市人民政府",
            year=2013,
            year_inferred=False,
            title="2013年北京市人民政府政府信息公开工作年度报告",
            published_on="2014-03-28",
            issuer="北京市人民政府办公厅",
        ),
        id="year-before-agency",
    ),
    pytest.param(
        "关于政府信息公开工作的报告\n数据统计期间为2013年1月1日至12月31日。\n某市卫生和计划生育委员会\n2014年3月20日\n",
        ReportMeta(
            agency="某市卫生和计划生育委员会",
            year=2013,
            year_inferred=False,
            title="关于政府信息公开工作的报告",
            published_on="2014-03-20",
            period_start="2013-01-01",
            period_end="2013-12-31",
            issuer="某市卫生和计划生育委员会",
        ),
        id="year-from-period-agency-from-issuer",
    ),
    pytest.param(
        "质检总局门户网站各司局子网站主动公开信息情况\n"
        "质检总局门户网站共有22个司局子网站.2012年累计公布信息2499条.2012年新增企业876家."
        "质检总局2012年部门预算与2011年部门决算信息各1条.规划期为2008-2012年.\n",
        ReportMeta(
            agency="质检总局",
            year=2012,
            year_inferred=True,
            title="质检总局门户网站各司局子网站主动公开信息情况",
        ),
        id="flat-attachment-year-inferred",
    ),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_extract_metadata(text, expected):
    assert extract_metadata(text, "report.txt") == expected


def test_period_needs_a_cue_word():
    text = "某局2013年政府信息公开工作年度报告\n2013年1月1日至3月31日开展了专项检查。\n"
    meta = extract_metadata(text, "x.txt")
    assert (meta.period_start, meta.period_end) == (None, None)


def test_inferred_year_prefers_the_latest_on_a_tie():
    text = "某局网站信息情况\n2012年发布信息5条，2013年发布信息6条。\n"
    meta = extract_metadata(text, "x.txt")
    assert (meta.year, meta.year_inferred) == (2013, True)


def test_markdown_decoration_is_not_part_of_title_or_agency():
    text = (
        "# 云溪县人民政府办公室2021年政府信息公开工作年度报告\n\n"
        "## 一、总体情况\n正文。\n\n"
        "**云溪县人民政府办公室**\n"
        "**2022年1月20日**\n"
    )
    assert extract_metadata(text, "report.md") == ReportMeta(
        agency="云溪县人民政府办公室",
        year=2021,
        year_inferred=False,
        title="云溪县人民政府办公室2021年政府信息公开工作年度报告",
        published_on="2022-01-20",
        issuer="云溪县人民政府办公室",
    )


def test_a_page_number_between_issuer_and_date_is_passed_over():
    text = "某县审计局2020年政府信息公开工作年度报告\n正文。\n某县审计局\n第 8 页\n2021年1月20日\n"
    meta = extract_metadata(text, "report.txt")
    assert (meta.issuer, meta.published_on) == ("某县审计局", "2021-01-20")


PAGE_CASES = [
    pytest.param(
        "标题: 平潭县人民政府2012年政府信息公开工作年度报告\n发布时间: 2013-01-17 00:00\n文号: \n"
        "发布机构: 平潭县人民政府\n栏目: 政府信息公开年报\n==================== 正文 ====================\n"
        "平潭县人民政府2012年政府信息公开工作年度报告 本报告根据条例编制。一、 概述 工作。 "
        "平潭县人民政府 2013年1月16日 附件1：统计表\n",
        ReportMeta(
            agency="平潭县人民政府",
            year=2012,
            year_inferred=False,
            title="平潭县人民政府2012年政府信息公开工作年度报告",
            published_on="2013-01-16",
            issuer="平潭县人民政府",
        ),
        id="archive-header-fields-and-inline-signature",
    ),
    pytest.param(
        "标题: 某区2019年度政府信息公开工作年度报告\n发布时间: 2020-01-20 15:22\n发布机构: \n"
        "某区2019年政府信息公开工作年度报告 正文。六、其他需要报告的事项 无。\n",
        ReportMeta(
            agency="某区",
            year=2019,
            year_inferred=False,
            title="某区2019年度政府信息公开工作年度报告",
            published_on="2020-01-20",
        ),
        id="title-from-the-title-field-date-from-the-page",
    ),
    pytest.param(
        "标题: 某区2011年政府信息公开工作年度报告\n发布时间: 2012-04-11 00:00\n发布机构: 某区管委会办公室\n"
        "当前位置： 首页政务公开 某区2011年政府信息公开工作年度报告 来源：某区 微信 微博 QQ空间 正文。"
        "常态化。 二○一二年二月二十日 附件1：统计表 附件下载\n",
        ReportMeta(
            agency="某区",
            year=2011,
            year_inferred=False,
            title="某区2011年政府信息公开工作年度报告",
            published_on="2012-02-20",
            issuer="某区管委会办公室",
        ),
        id="signature-date-beats-page-date-publisher-is-issuer",
    ),
    pytest.param(
        "当前位置：首页 > 政务公开 > 年度报告\n首页 | 政务公开 | 互动交流\n正文\n分享到：微信 微博\n"
        "某市交通运输局2020年政府信息公开工作年度报告\n一、总体情况\n正文。\n",
        ReportMeta(
            agency="某市交通运输局",
            year=2020,
            year_inferred=False,
            title="某市交通运输局2020年政府信息公开工作年度报告",
        ),
        id="chrome-lines-are-never-the-title",
    ),
    pytest.param(
        "| 索引号 | 000-2021-01 | 发布机构 | 某县人民政府 |\n| 标题： | 某县人民政府2020年政府信息公开工作年度报告 |\n"
        "| 发布日期 | 2021-01-25 |\n附件下载\n正文。\n",
        ReportMeta(
            agency="某县人民政府",
            year=2020,
            year_inferred=False,
            title="某县人民政府2020年政府信息公开工作年度报告",
            published_on="2021-01-25",
            issuer="某县人民政府",
        ),
        id="html-meta-table-row",
    ),
    pytest.param(
        "上海市人民政府办公厅关于2013年度政府信息公开工作的报告\n正文。\n",
        ReportMeta(
            agency="上海市人民政府办公厅",
            year=2013,
            year_inferred=False,
            title="上海市人民政府办公厅关于2013年度政府信息公开工作的报告",
        ),
        id="office-before-guanyu-keeps-its-whole-name",
    ),
    pytest.param(
        "上海市人民政府办公厅政府信息公开工作年度报告\n本年统计期限为2013年1月1日至12月31日。\n",
        ReportMeta(
            agency="上海市人民政府办公厅",
            year=2013,
            year_inferred=False,
            title="上海市人民政府办公厅政府信息公开工作年度报告",
            period_start="2013-01-01",
            period_end="2013-12-31",
        ),
        id="office-is-never-shortened-to-its-government",
    ),
]


@pytest.mark.parametrize("text, expected", PAGE_CASES)
def test_page_metadata_from_labelled_fields_never_chrome(text, expected):
    assert extract_metadata(text, "page.txt") == expected


@pytest.mark.parametrize(
    "line, rule",
    [
        ("当前位置：首页 > 政务公开", "breadcrumb"),
        ("您的位置: 首页", "breadcrumb"),
        ("首页", "home_link"),
        ("首页 > 信息公开", "home_link"),
        ("正文", "body_mark"),
        ("==================== 正文 ====================", "body_mark"),
        ("附件下载", "attachment_download"),
        ("分享到：微信 微博", "share"),
        ("打印本页 关闭窗口", "share"),
        ("--------------------", "separator"),
        ("来源：某区 微信 微博 QQ空间", "site_furniture"),
        ("原文链接: https://example.gov.cn/a.htm", "archive_note"),
        ("某市交通运输局2020年政府信息公开工作年度报告", None),
        ("一、总体情况", None),
    ],
)
def test_chrome_rules_name_page_furniture(line, rule):
    assert chrome_rule(line) == rule


@pytest.mark.parametrize(
    "text, title",
    [
        ("标题: 某局2020年政府信息公开工作年度报告\n正文。", "某局2020年政府信息公开工作年度报告"),
        (
            "标题：\n某局2020年政府信息公开工作年度报告\n正文。",
            "某局2020年政府信息公开工作年度报告",
        ),
        (
            "当前位置：首页\n正文\n附件下载\n某局2020年政府信息公开工作年度报告\n",
            "某局2020年政府信息公开工作年度报告",
        ),
    ],
)
def test_a_label_or_chrome_never_stays_in_the_title(text, title):
    assert extract_metadata(text, "page.txt").title == title


def test_a_date_inside_prose_is_no_signature():
    text = (
        "某局2015年政府信息公开工作年度报告\n"
        + "工作。" * 30
        + "并在2015年12月26日成功举办了招聘会。\n"
    )
    assert extract_metadata(text, "x.txt").published_on is None


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "统计期限" + " " * 30 + "2011年1月1日至12月31日",
            ("2011-01-01", "2011-12-31"),
            id="cue-before-blanks",
        ),
        pytest.param(
            "统计期限自 2011年1月1日至2012年12月31日止", ("2011-01-01", "2012-12-31"), id="zi"
        ),
        pytest.param("统计" + "x" * 30 + " 2011年1月1日至12月31日", (None, None), id="cue-too-far"),
        pytest.param(
            " \u3000\t" * 20000 + "2011年1月1日至12月31日", (None, None), id="long-blank-run-no-cue"
        ),
    ],
)
def test_blanks_before_the_period_count_toward_its_cue_window(text, expected):
    assert statistical_period(text) == expected
