"""`disclosure explain`: for one number, the rules that read it, through the CLI on both seeds and template cells."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from loaders.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
SEED_2011 = str(ROOT / "seeds" / "aqsiq-2011-annual-report.txt")
SEED_2012 = str(ROOT / "seeds" / "aqsiq-2012-subsites-disclosure.txt")
TEMPLATE = ROOT / "tests" / "fixtures" / "template"
FIXTURES = ROOT / "tests" / "fixtures"
NOT_A_METRIC_NAMES = "ordinal, frequency, code_or_range, contact, address, inside_name, word_unit, deadline, range, limit, word_numeral, inexact"
CLAUSE_RULE = "The clause before the number, cleaned; extended across `.` in flattened text, enumerations cut."

CASES = [
    pytest.param(
        [SEED_2012, "--at", "78"],
        [
            "metric   m3 '53条' at 78-81: value 53, unit 条, approx none",
            "label    '工作动态'",
            "token    numeral '53' -> 53, measure word '条', approximation none",
            f"kept     no NOT_A_METRIC rule holds ({NOT_A_METRIC_NAMES})",
            "rules    tried in order without a label: attribute, batch, share, noun_after, long_quote, run_on_year",
            f"decided  by clause: {CLAUSE_RULE}",
            "clause   '其中工作动态'",
            "parent   m2 '质检法律法规信息' '290条' by among",
            "section  s1: marker None, title None, level 1",
        ],
        id="2012-flattened-among",
    ),
    pytest.param(
        [SEED_2011, "--at", "6873"],
        [
            "metric   m136 '31家' at 6873-6876: value 31, unit 家, approx none",
            "label    '食品企业'",
            "token    numeral '31' -> 31, measure word '家', approximation none",
            f"kept     no NOT_A_METRIC rule holds ({NOT_A_METRIC_NAMES})",
            "rules    tried in order without a label: attribute, batch, share, noun_after, long_quote, run_on_year",
            f"decided  by clause: {CLAUSE_RULE}",
            "clause   '其中食品企业'",
            "parent   m135 '严重违规的企业' '55家' by among",
            "section  s25: marker '（七）', title '进出口食品安全信息2214条', level 2",
        ],
        id="2011-among",
    ),
    pytest.param(
        [SEED_2011, "--label", "质量管理信息"],
        [
            "metric   m34 '718条' at 3698-3702: value 718, unit 条, approx none",
            "label    '质量管理信息'",
            "token    numeral '718' -> 718, measure word '条', approximation none",
            f"kept     no NOT_A_METRIC rule holds ({NOT_A_METRIC_NAMES})",
            "rules    tried in order without a label: attribute, batch, share, noun_after, long_quote, run_on_year",
            f"decided  by clause: {CLAUSE_RULE}",
            "clause   '质量管理信息'",
            "parent   none: no part-of cue or rule made it a part",
            "section  s7: marker '二、', title '主动公开政府信息情况', level 1",
            "",
            "metric   m84 '718条' at 5527-5531: value 718, unit 条, approx none",
            "label    '质量管理信息'",
            "token    numeral '718' -> 718, measure word '条', approximation none",
            f"kept     no NOT_A_METRIC rule holds ({NOT_A_METRIC_NAMES})",
            "rules    tried in order without a label: attribute, batch, share, noun_after, long_quote, run_on_year",
            f"decided  by clause: {CLAUSE_RULE}",
            "clause   '（一）质量管理信息'",
            "parent   none: no part-of cue or rule made it a part",
            "section  s19: marker '（一）', title '质量管理信息718条', level 2",
        ],
        id="2011-label-twice",
    ),
    pytest.param(
        [SEED_2011, "--at", "4650"],
        [
            "number   '1件' at 4650-4652: no metric",
            "dropped  by rule ordinal: 第N / 第N届 / 第N件 (also `第 8 页` with blanks): an ordinal or ranking, not a count.",
        ],
        id="2011-dropped-ordinal",
    ),
    pytest.param(
        [str(TEMPLATE / "t2021_cells.txt"), "--at", "771"],
        [
            "metric   m21 '86' at 771-773: value 86, unit 件, approx none",
            "label    '本年新收政府信息公开申请数量 / 自然人'",
            "table    三 (收到和处理政府信息公开申请情况), format template_2021",
            "row      new_requests: 本年新收政府信息公开申请数量",
            "column   natural_person: 自然人; header read '自然人'",
            "layout   flat; the row is written as plain lines",
            "cell     number",
            "placed   header",
            "section  s8: marker '三、', title '收到和处理政府信息公开申请情况', level 1",
        ],
        id="cell-one-per-line",
    ),
    pytest.param(
        [str(TEMPLATE / "t2021_markdown.md"), "--at", "1089"],
        [
            "metric   m21 '86' at 1089-1091: value 86, unit 件, approx none",
            "label    '本年新收政府信息公开申请数量 / 自然人'",
            "table    三 (收到和处理政府信息公开申请情况), format template_2021",
            "row      new_requests: 本年新收政府信息公开申请数量",
            "column   natural_person: 自然人; header read '自然人'",
            "layout   grid; the row is written as a pipe or tab row",
            "cell     number",
            "placed   header",
            "section  s8: marker '三、', title '收到和处理政府信息公开申请情况', level 1",
        ],
        id="cell-markdown-grid",
    ),
    pytest.param(
        [str(FIXTURES / "real" / "pingtan" / "2022_pingtan_zone.txt"), "--at", "2660"],
        [
            "metric   m21 '55' at 2660-2662: value 55, unit 件, approx none",
            "label    '行政规范性文件 / 本年废止件数'",
            "table    二 (主动公开政府信息情况), format template_2021",
            "row      normative_documents: 行政规范性文件",
            "column   repealed: 本年废止件数; header read ''",
            "layout   ?; the row is written as plain lines",
            "cell     not re-read",
            "placed   split_confirmed_by_prose",
            "section  s7: marker '二、', title '主动公开政府信息情况', level 1",
        ],
        id="flattened-table-2-cell-settled-by-prose",
    ),
]


@pytest.mark.parametrize("args, expected", CASES)
def test_explain_prints_the_rules_that_read_the_number(args, expected):
    result = CliRunner().invoke(cli, ["explain", *args])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == expected


ERRORS = [
    pytest.param([SEED_2011], 2, "give either --at OFFSET or --label TEXT", id="neither"),
    pytest.param(
        [SEED_2011, "--at", "1", "--label", "x"],
        2,
        "give either --at OFFSET or --label TEXT",
        id="both",
    ),
    pytest.param(
        [SEED_2011, "--at", "99999"], 1, "offset 99999 is outside the text (0..9069)", id="outside"
    ),
    pytest.param([SEED_2011, "--at", "3"], 1, "no number at offset 3", id="no-number"),
    pytest.param(
        [SEED_2011, "--label", "不存在的标签"],
        1,
        "no metric is labelled '不存在的标签'",
        id="no-label",
    ),
    pytest.param([SEED_2011, "--at", "-1"], 2, "-1 is not in the range x>=0", id="negative"),
    pytest.param(
        [str(ROOT / "seeds" / "missing.txt"), "--at", "1"], 2, "does not exist", id="missing-file"
    ),
]


@pytest.mark.parametrize("args, code, message", ERRORS)
def test_explain_names_what_is_wrong(args, code, message):
    result = CliRunner().invoke(cli, ["explain", *args])
    assert result.exit_code == code
    assert message in result.output


def test_explain_names_a_document_that_cannot_be_read(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["explain", str(empty), "--at", "0"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {empty}: ")
