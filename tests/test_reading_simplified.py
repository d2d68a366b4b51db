"""The simplified view (OpenCC) keeps every offset; radical look-alikes read as ideographs."""

import pytest

from loaders.reading import simplified as module
from loaders.reading.simplified import ideographs, simplified


@pytest.mark.parametrize(
    "text, expected",
    [
        ("結轉下年度繼續辦理 2", "结转下年度继续办理 2"),
        ("本年新收政府信息公開申請數量", "本年新收政府信息公开申请数量"),
        ("行政復議 行政訴訟 結果維持", "行政复议 行政诉讼 结果维持"),
        ("已经是简体的文字 123 abc", "已经是简体的文字 123 abc"),
        ("第一行\n第二行：與其他", "第一行\n第二行：与其他"),
    ],
)
def test_traditional_characters_become_simplified_one_for_one(text, expected):
    assert simplified(text) == expected
    assert len(simplified(text)) == len(text)


def test_a_line_whose_conversion_changes_length_is_converted_character_by_character(monkeypatch):
    class Stretching:
        def convert(self, text):
            return text.replace("後", "后后") if len(text) > 1 else text.replace("後", "后")

    monkeypatch.setattr(module, "_CONVERTER", Stretching())
    module._char.cache_clear()
    try:
        assert simplified("之後的申請") == "之后的申請"
    finally:
        module._char.cache_clear()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("政府信息公开⼯作", "政府信息公开工作"),  # KANGXI RADICAL WORK
        ("⼈⺠政府⻔户⽹站", "人民政府门户网站"),  # Kangxi, radicals supplement
        ("⻝品⻛险预警", "食品风险预警"),
        ("\uf900有此理", "\u8c48有此理"),  # CJK COMPATIBILITY IDEOGRAPH-F900 -> 豈
        ("１２３…，", "１２３…，"),  # full-width digits and punctuation are left alone
    ],
)
def test_radical_and_compatibility_code_points_become_the_ideographs(text, expected):
    assert ideographs(text) == expected
    assert len(ideographs(text)) == len(text)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("本年新收政府信息公開申請數量 12\n", "本年新收政府信息公开申请数量 12\n"),
        ("已经是简体的文字 123 abc\n", "已经是简体的文字 123 abc\n"),
    ],
)
def test_a_documents_text_is_converted_once_and_remembered(line, expected):
    text = line * (module.WHOLE_TEXT_LENGTH // len(line) + 1)  # longer than WHOLE_TEXT_LENGTH
    first = simplified(text)
    assert first == expected * (module.WHOLE_TEXT_LENGTH // len(line) + 1)
    assert simplified(text) is first  # remembered, not converted again
    assert module._simplified(text) == first
