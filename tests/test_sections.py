"""The section tree (loaders.sections.find_sections): markers, titles, spans, parents."""

import pytest

from loaders.document import SectionData
from loaders.sections import SectionIndex, find_sections, innermost_section, section_chain

REPORT = (
    "某局2013年政府信息公开工作年度报告\n"  # 0..18
    "一、概述\n"  # 19
    "本年度工作情况良好。\n"
    "（一）健全机构，落实责任。领导小组调整到位。\n"  # 36
    "一是完善制度。二是加强培训。\n"  # a paragraph of items, not a heading
    "(二)完善制度\n"  # ASCII brackets
    "二、主动公开情况\n"
    "全年公开信息100条（详见附件）。\n"  # 附件 inside a line is not a heading
    "附件：\n"
    "各处室公开信息情况\n"
    "（一）文件50条。\n"
)


def _sections(text):
    return find_sections(text)


def test_report_with_headings_and_attachment():
    text = REPORT
    expected = [
        SectionData("s1", None, 1, "一、", "概述", text.index("一、概述"), text.index("二、主动")),
        SectionData(
            "s2",
            "s1",
            2,
            "（一）",
            "健全机构，落实责任",
            text.index("（一）健全"),
            text.index("(二)"),
        ),
        SectionData("s3", "s1", 2, "(二)", "完善制度", text.index("(二)"), text.index("二、主动")),
        SectionData(
            "s4", None, 1, "二、", "主动公开情况", text.index("二、主动"), text.index("附件：")
        ),
        SectionData("s5", None, 1, "附件", "各处室公开信息情况", text.index("附件："), len(text)),
        SectionData("s6", "s5", 2, "（一）", "文件50条", text.index("（一）文件"), len(text)),
    ]
    assert _sections(text) == expected


def test_text_without_markers_is_one_body_section():
    text = "质检总局门户网站共有22个司局子网站.公布信息290条."
    assert _sections(text) == [SectionData("s1", None, 1, None, None, 0, len(text))]


def test_items_opening_with_yishi_are_not_headings():
    text = "一、概述\n一是加强领导。\n二是完善制度。\n"
    assert _sections(text) == [SectionData("s1", None, 1, "一、", "概述", 0, len(text))]


def test_attachment_title_on_its_own_line():
    text = "正文。\n附件1：各单位信息公开情况统计\n（一）文件5件。\n"
    start = text.index("附件1")
    assert _sections(text) == [
        SectionData("s1", None, 1, "附件", "各单位信息公开情况统计", start, len(text)),
        SectionData("s2", "s1", 2, "（一）", "文件5件", text.index("（一）"), len(text)),
    ]


def test_level_two_before_any_level_one_has_no_parent():
    text = "（一）申请情况。收到申请5件。\n（二）答复情况。\n"
    assert _sections(text) == [
        SectionData("s1", None, 2, "（一）", "申请情况", 0, text.index("（二）")),
        SectionData("s2", None, 2, "（二）", "答复情况", text.index("（二）"), len(text)),
    ]


def test_double_digit_markers():
    text = "十一、其他\n（十二）其他信息191条。\n"
    assert _sections(text) == [
        SectionData("s1", None, 1, "十一、", "其他", 0, len(text)),
        SectionData("s2", "s1", 2, "（十二）", "其他信息191条", text.index("（十二）"), len(text)),
    ]


@pytest.mark.parametrize(
    "offset, expected",
    [
        (0, None),
        (REPORT.index("领导小组"), "s2"),
        (REPORT.index("本年度"), "s1"),
        (REPORT.index("文件50条"), "s6"),
    ],
)
def test_innermost_section(offset, expected):
    assert innermost_section(find_sections(REPORT), offset) == expected
    assert SectionIndex(find_sections(REPORT)).innermost(offset) == expected


OVERLAPPING = [  # not what find_sections makes: two level-2 sections overlap, so the index scans
    SectionData("s1", None, 1, "一、", "甲", 0, 100),
    SectionData("s2", "s1", 2, "（一）", "乙", 10, 60),
    SectionData("s3", "s1", 2, "（二）", "丙", 40, 80),
    SectionData("s4", None, 1, "二、", "丁", 100, 120),
]


@pytest.mark.parametrize(
    "sections, overlapping",
    [
        pytest.param(find_sections(REPORT), False, id="report"),
        pytest.param(
            find_sections("一、甲\n（一）乙\n" * 50 + "附件：\n（一）丙\n"),
            False,
            id="many-headings",
        ),
        pytest.param(find_sections("正文。"), False, id="body-only"),
        pytest.param(OVERLAPPING, True, id="overlapping-level"),
    ],
)
def test_the_section_index_answers_as_the_scans_do(sections, overlapping):
    index = SectionIndex(sections)
    assert (index.levels is None) == overlapping
    for offset in range(-1, max(section.end for section in sections) + 2):
        assert index.innermost(offset) == innermost_section(sections, offset)
    for key in [section.key for section in sections] + [None, "s999"]:
        assert index.chain(key) == section_chain(sections, key)


def test_a_page_of_headings_ends_each_at_the_next_of_its_level_and_keeps_its_parent():
    text = "一、甲\n（一）乙\n（二）丙\n二、丁\n（一）戊\n附件：己\n（一）庚\n"
    assert [(s.key, s.parent, s.level, s.start, s.end) for s in find_sections(text)] == [
        ("s1", None, 1, 0, 14),
        ("s2", "s1", 2, 4, 9),
        ("s3", "s1", 2, 9, 14),
        ("s4", None, 1, 14, 23),
        ("s5", "s4", 2, 18, 23),
        ("s6", None, 1, 23, 33),
        ("s7", "s6", 2, 28, 33),
    ]


def test_markdown_heading_marks_and_emphasis_are_not_part_of_a_heading():
    text = (
        "# 某市某局2022年政府信息公开工作年度报告\n"
        "## 一、总体情况 ##\n"
        "**（一）主动公开。**全年公开信息100条。\n"
        "### (二) 依申请公开\n"
        "## **二、主动公开政府信息情况**\n"
    )
    # `start` is the marker's offset, after the decoration: the same as in a plain text.
    assert _sections(text) == [
        SectionData(
            "s1", None, 1, "一、", "总体情况", text.index("一、总体"), text.index("二、主动")
        ),
        SectionData("s2", "s1", 2, "（一）", "主动公开", text.index("（一）"), text.index("(二)")),
        SectionData(
            "s3", "s1", 2, "(二)", "依申请公开", text.index("(二)"), text.index("二、主动")
        ),
        SectionData(
            "s4", None, 1, "二、", "主动公开政府信息情况", text.index("二、主动"), len(text)
        ),
    ]


def test_bullet_emphasis_on_an_attachment_heading():
    text = "正文。\n**附件：**\n各单位情况\n"
    assert _sections(text) == [
        SectionData("s1", None, 1, "附件", "各单位情况", text.index("附件"), len(text))
    ]


TEMPLATE = (
    "三、收到和处理政府信息公开申请情况\n"
    "一、本年新收政府信息公开申请数量 86 12 1 2 5 3 109\n"
    "三、本年度办理结果 （一）予以公开 38 6 1 1 2 1 49\n"
    "（七）总计 86 12 1 2 4 3 108\n"
    "四、结转下年度继续办理 4 1 0 0 1 0 6\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "3 1 0 1 5\n"
)


def test_row_labels_inside_table_spans_are_not_headings():
    text = TEMPLATE
    table = (text.index("一、本年"), text.index("四、政府"))
    assert find_sections(text, skip=[table]) == [
        SectionData(
            "s1", None, 1, "三、", "收到和处理政府信息公开申请情况", 0, text.index("四、政府")
        ),
        SectionData(
            "s2",
            None,
            1,
            "四、",
            "政府信息公开行政复议、行政诉讼情况",
            text.index("四、政府"),
            len(text),
        ),
    ]


def test_without_skip_the_row_labels_read_as_headings():
    # the reason the pipeline runs the table rule first
    markers = [section.marker for section in find_sections(TEMPLATE)]
    assert markers == ["三、", "一、", "三、", "（七）", "四、", "四、"]


# Padding that makes a one-line report long enough to be read for inline headings.
FILLER = "本机关认真贯彻落实条例，持续推进政务公开工作。" * 70

ONE_LINE_CASES = [
    pytest.param(
        "标题: 某区2011年政府信息公开工作年度报告\n"
        "某区2011年政府信息公开工作年度报告 本报告编制完成。一、 概述 "
        + FILLER
        + "二、主动公开政府信息情况 （一）主动公开政府信息的数量 全区公开信息425条。"
        "（二）主动公开政府信息的主要类别2011年，主要公开规划。"
        "三、政府信息依申请公开工作情况 全区未收到申请。 二○一二年二月二十日 附件1：某区2011年政府信息公开情况统计表 指标名称",
        [
            (1, "一、", "概述", None),
            (1, "二、", "主动公开政府信息情况", None),
            (2, "（一）", "主动公开政府信息的数量", "二、"),
            (2, "（二）", "主动公开政府信息的主要类别", "二、"),
            (1, "三、", "政府信息依申请公开工作情况", None),
            (1, "附件1", "某区2011年政府信息公开情况统计表", None),
        ],
        id="blank-separated-headings-and-an-attachment",
    ),
    pytest.param(
        "某县2016年度政府信息公开工作年度报告 一、 概述2016年，全县推进公开。"
        + FILLER
        + "（一）组织机构方面我区成立了领导小组。（二）工作制度方面1、明确年度工作重点。"
        "（三）加强组织领导，健全工作机制一是高度重视。"
        "二、存在的主要问题和改进措施虽然我区政务公开工作取得成效。"
        "三、政府信息公开情况统计表指标名称计量单位2016年度",
        [
            (1, "一、", "概述", None),
            (2, "（一）", "组织机构方面", "一、"),
            (2, "（二）", "工作制度方面", "一、"),
            (2, "（三）", "加强组织领导，健全工作机制", "一、"),
            (1, "二、", "存在的主要问题和改进措施", None),
            (1, "三、", "政府信息公开情况统计表", None),
        ],
        id="titles-run-on-into-their-paragraphs",
    ),
    pytest.param(
        "某区2019年度政府信息公开工作年度报告 一、总体情况"
        + FILLER
        + "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数 规章 0 0 "
        "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和） "
        "一、本年新收政府信息公开申请数量230 000023二、上年结转政府信息公开申请数量0000000"
        "三、本年度办理结果（一）予以公开7000007（七）总计23 0 00 0 023"
        "四、结转下年度继续办理 0 0 00 00 0 四、政府信息公开行政复议、行政诉讼情况行政复议结果维持000 "
        "五、存在的主要问题及改进情况2019年，一、二季度公开较少。六、其他需要报告的事项 无",
        [
            (1, "一、", "总体情况", None),
            (1, "二、", "主动公开政府信息情况", None),
            (1, "三、", "收到和处理政府信息公开申请情况", None),
            (1, "四、", "政府信息公开行政复议、行政诉讼情况", None),
            (1, "五、", "存在的主要问题及改进情况", None),
            (1, "六、", "其他需要报告的事项", None),
        ],
        id="table-rows-references-and-numeral-lists-are-no-headings",
    ),
]


@pytest.mark.parametrize("text, expected", ONE_LINE_CASES)
def test_a_one_line_report_gets_its_sections_from_inline_headings(text, expected):
    sections = find_sections(text)
    by_key = {s.key: s for s in sections}
    found = [
        (s.level, s.marker, s.title, by_key[s.parent].marker if s.parent else None)
        for s in sections
    ]
    assert found == expected
    assert all(text[s.start : s.start + len(s.marker)] == s.marker for s in sections)


@pytest.mark.parametrize(
    "tail, expected_number, rule",
    [
        ("四、结转下年度继续办理 0 0 00 00 0 ", 4, "table_row"),
        ("一、本年新收政府信息公开申请数量801000081", 1, "table_row"),
        ("第（一）项信息内容", 1, "inside_numeral_or_reference"),
        ("一、二季度公开较少。", 1, "numeral_list"),
        ("正文附件1：统计表", None, "attachment_inside_sentence"),
        ("三、" + "本机关认真贯彻落实条例持续推进政务公开工作" * 2 + "。", 3, "no_heading_title"),
        ("三、主动公开情况 正文。", 2, "out_of_order"),
        ("二、主动公开情况 正文。", 2, None),
    ],
)
def test_each_inline_rejection_names_its_rule(tail, expected_number, rule):
    """`expected_number` is the numeral the heading order expects at this point."""
    from loaders.numerals import parse_chinese_number
    from loaders.sections import INLINE_REJECTIONS, _inline_rejection, inline_title
    from loaders.vocabulary.sections import INLINE_MARKER

    text = "工作。" + tail
    match = INLINE_MARKER.search(text, 3)
    level = match.lastgroup
    number = (
        None
        if level == "attachment"
        else parse_chinese_number(match.group(level).strip("（()）、"))
    )
    title, title_end = inline_title(text, match.end(), attachment=level == "attachment")
    assert rule is None or rule in INLINE_REJECTIONS
    assert _inline_rejection(text, match, level, number, expected_number, title, title_end) == rule


def test_short_lines_keep_line_start_headings_only():
    text = "某局2013年报告\n一、概述\n工作。二、情况 正文。\n"
    assert [(s.marker, s.title) for s in find_sections(text)] == [("一、", "概述")]
