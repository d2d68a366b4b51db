"""The national template's tables 二, 三 and 四: canonical keys, wording and aliases.

Every cell of a template report is stored as a metric with `table`, `row` and
`column` set to the stable ASCII keys below, so the same cell of any report
(2019 or 2021 format, HTML or text) can be queried by the same keys. Reports
word rows and headers with small variations; they are matched BY MEANING: the
text is normalised (`normalise`: numbering such as 一、/（一）/1. stripped,
full/half width and spacing unified, quotes dropped) and compared with the
aliases here (`exact` wordings, or distinctive `keywords` it contains).

Table 二 (主动公开政府信息情况) — no sum identity.

| row key | 2021 wording | 2019 wording |
| --- | --- | --- |
| regulations | 规章 | 规章 |
| normative_documents | 行政规范性文件 | 规范性文件 |
| administrative_licensing | 行政许可 | 行政许可 |
| other_external_services | — | 其他对外管理服务事项 |
| administrative_penalty | 行政处罚 | 行政处罚 |
| administrative_enforcement | 行政强制 | 行政强制 |
| administrative_fees | 行政事业性收费 | 行政事业性收费 |
| centralised_procurement | — | 政府集中采购 |

| column key | wording | format | unit |
| --- | --- | --- | --- |
| issued | 本年制发件数 | 2021 | 件 |
| repealed | 本年废止件数 | 2021 | 件 |
| in_force | 现行有效件数 | 2021 | 件 |
| decisions | 本年处理决定数量 / 处理决定数量 | both | 件 |
| fee_amount | 本年收费金额（单位：万元） | 2021 | 万元 |
| newly_made | 本年新制作数量 | 2019 | 件 |
| newly_published | 本年新公开数量 | 2019 | 件 |
| total_published | 对外公开总数量 | 2019 | 件 |
| previous_year_items | 上一年项目数量 | 2019 | 项 |
| change | 本年增/减 (may be negative) | 2019 | 项 |
| procurement_items | 采购项目数量 | 2019 | 项 |
| procurement_amount | 采购总金额 | 2019 | 万元 |

A unit written in a header (`采购总金额（元）`) overrides the default unit.

Table 三 (收到和处理政府信息公开申请情况), unit 件. Columns:
natural_person 自然人 · commercial_enterprise 商业企业 · research_institution
科研机构 · social_welfare_org 社会公益组织 · legal_service_org 法律服务机构 ·
other_org 其他 (the last five under 法人或其他组织) · total 总计.

| row key | wording |
| --- | --- |
| new_requests | 一、本年新收政府信息公开申请数量 |
| carried_over | 二、上年结转政府信息公开申请数量 |
| disclosed | 三（一）予以公开 |
| partially_disclosed | 三（二）部分公开（区分处理的，只计这一情形，不计其他情形） |
| not_disclosed_state_secret | （三）1.属于国家秘密 |
| not_disclosed_prohibited_by_law | （三）2.其他法律行政法规禁止公开 |
| not_disclosed_three_safeties | （三）3.危及“三安全一稳定” |
| not_disclosed_third_party_rights | （三）4.保护第三方合法权益 |
| not_disclosed_internal_affairs | （三）5.属于三类内部事务信息 |
| not_disclosed_process_info | （三）6.属于四类过程性信息 |
| not_disclosed_enforcement_files | （三）7.属于行政执法案卷 |
| not_disclosed_query_matters | （三）8.属于行政查询事项 |
| unavailable_not_held | （四）1.本机关不掌握相关政府信息 |
| unavailable_needs_creation | （四）2.没有现成信息需要另行制作 |
| unavailable_unclear | （四）3.补正后申请内容仍不明确 |
| not_processed_complaint | （五）1.信访举报投诉类申请 |
| not_processed_repeated | （五）2.重复申请 |
| not_processed_publications | （五）3.要求提供公开出版物 |
| not_processed_mass_repeated | （五）4.无正当理由大量反复申请 |
| not_processed_confirm_or_reissue | （五）5.要求行政机关确认或重新出具已获取信息 |
| other_overdue_correction | （六）1.申请人无正当理由逾期不补正… (2021) |
| other_unpaid_fees | （六）2.申请人逾期未按收费通知要求缴纳费用… (2021) |
| other_other | （六）3.其他 (2021) |
| other_handling | （六）其他处理 as one row (2019) |
| total_processed | （七）总计 |
| carried_forward | 四、结转下年度继续办理 |

Table 四 (政府信息公开行政复议、行政诉讼情况), unit 件, one row `cases`.
Columns `<group>_<result>`: groups review (行政复议), litigation_direct
(行政诉讼·未经复议直接起诉), litigation_after_review (行政诉讼·复议后起诉);
results upheld 结果维持 · corrected 结果纠正 · other 其他结果 · pending 尚未审结 ·
total 总计. E.g. review_upheld … litigation_after_review_total.
"""
import re
import unicodedata
from dataclasses import dataclass

from loaders.reading.simplified import simplified  # noqa: F401 (callers import it from here)

FORMAT_2019 = "template_2019"
FORMAT_2021 = "template_2021"
BOTH = (FORMAT_2019, FORMAT_2021)

TABLE_NAMES = {"2": "二", "3": "三", "4": "四"}
TABLE_TITLES = {
    "2": "主动公开政府信息情况",
    "3": "收到和处理政府信息公开申请情况",
    "4": "政府信息公开行政复议、行政诉讼情况",
}


@dataclass(frozen=True)
class Item:
    """A row, column or group of a template table and how it is recognised.

    `exact`: normalised wordings that name it only as a whole (short words
    such as 其他 or 总计 that occur inside other wordings); `keywords`:
    normalised fragments distinctive enough to name it wherever they occur.
    """

    key: str
    wording: str
    keywords: tuple = ()
    exact: tuple = ()
    group: str = None
    unit: str = "件"
    formats: tuple = BOTH
    wording_2019: str = None

    def matches(self, norm):
        return norm in self.exact or any(k in norm for k in self.keywords)

    def wording_for(self, report_format):
        if report_format == FORMAT_2019 and self.wording_2019:
            return self.wording_2019
        return self.wording


# ---------------------------------------------------------------- normalising

_CIRCLED = re.compile("[\u2460-\u2473]")
# Zero-width characters editors leave in pasted text (ZWSP, joiners, word joiner, BOM).
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_QUOTES = re.compile("[\"'\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f\u301d\u301e]")
_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十\d]+\)|\d{1,2}[、.,)](?!\d))"
)
_HAS_CJK = re.compile("[\u3400-\u9fff]")


def normalise(text):
    """Wording reduced to what carries meaning, so variants compare equal.

    Traditional characters become simplified (`simplified`), full-width forms
    half-width (NFKC), spaces, zero-width characters and quotes go, 其它 is
    written 其他 (the two are used interchangeably), leading numbering
    (一、 （一） 1. ①) is stripped and a trailing colon dropped.
    """
    text = _CIRCLED.sub("", ZERO_WIDTH.sub("", simplified(text)))
    text = unicodedata.normalize("NFKC", text).replace("其它", "其他")
    text = _QUOTES.sub("", _SPACE.sub("", text))
    while True:
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text.rstrip(":")


def has_numbering(text):
    """Whether the wording starts with an item number (一、 （三） 2.)."""
    text = unicodedata.normalize("NFKC", _CIRCLED.sub("1.", text)).lstrip()
    return bool(_NUMBERING.match(_SPACE.sub("", text)))


def has_cjk(text):
    return bool(_HAS_CJK.search(text))


# ---------------------------------------------------------------- table 二

TABLE2_ROWS = (
    Item("regulations", "规章", exact=("规章",)),
    Item("normative_documents", "行政规范性文件", ("规范性文件",), wording_2019="规范性文件"),
    Item("administrative_licensing", "行政许可", ("行政许可",)),
    Item("other_external_services", "其他对外管理服务事项", ("对外管理服务",), formats=(FORMAT_2019,)),
    Item("administrative_penalty", "行政处罚", ("行政处罚",)),
    Item("administrative_enforcement", "行政强制", ("行政强制",)),
    Item("administrative_fees", "行政事业性收费", ("事业性收费",)),
    Item("centralised_procurement", "政府集中采购", ("集中采购",), formats=(FORMAT_2019,)),
)

TABLE2_COLUMNS = (
    Item("issued", "本年制发件数", ("制发件数",), formats=(FORMAT_2021,)),
    Item("repealed", "本年废止件数", ("废止件数",), formats=(FORMAT_2021,)),
    Item("in_force", "现行有效件数", ("现行有效",), formats=(FORMAT_2021,)),
    Item("decisions", "本年处理决定数量", ("处理决定",), wording_2019="处理决定数量"),
    Item("fee_amount", "本年收费金额（单位：万元）", ("收费金额",), unit="万元", formats=(FORMAT_2021,)),
    Item("newly_made", "本年新制作数量", ("新制作",), formats=(FORMAT_2019,)),
    Item("newly_published", "本年新公开数量", ("新公开数量", "本年新公开"), formats=(FORMAT_2019,)),
    Item("total_published", "对外公开总数量", ("公开总数量",), formats=(FORMAT_2019,)),
    Item("previous_year_items", "上一年项目数量", ("上一年项目数量", "上年项目数量"), unit="项", formats=(FORMAT_2019,)),
    Item("change", "本年增/减", ("增/减", "增减", "增(减)"), unit="项", formats=(FORMAT_2019,)),
    Item("procurement_items", "采购项目数量", ("采购项目数量", "采购项目数"), unit="项", formats=(FORMAT_2019,)),
    Item("procurement_amount", "采购总金额", ("采购总金额", "采购金额"), unit="万元", formats=(FORMAT_2019,)),
)

# Which columns each row of table 二 has, per format (the template's sub-tables).
TABLE2_CELLS = {
    FORMAT_2021: {
        "regulations": ("issued", "repealed", "in_force"),
        "normative_documents": ("issued", "repealed", "in_force"),
        "administrative_licensing": ("decisions",),
        "administrative_penalty": ("decisions",),
        "administrative_enforcement": ("decisions",),
        "administrative_fees": ("fee_amount",),
    },
    FORMAT_2019: {
        "regulations": ("newly_made", "newly_published", "total_published"),
        "normative_documents": ("newly_made", "newly_published", "total_published"),
        "administrative_licensing": ("previous_year_items", "change", "decisions"),
        "other_external_services": ("previous_year_items", "change", "decisions"),
        "administrative_penalty": ("previous_year_items", "change", "decisions"),
        "administrative_enforcement": ("previous_year_items", "change", "decisions"),
        "administrative_fees": ("previous_year_items", "change"),
        "centralised_procurement": ("procurement_items", "procurement_amount"),
    },
}

# Words in table 二 that are neither rows nor columns: the corner and item titles.
TABLE2_CORNER = Item("corner", "信息内容", exact=("信息内容", "项目", "内容", "类别", "序号"))
TABLE2_TITLE = Item("item_title", "第二十条第（一）项", ("第二十条第",))

# ---------------------------------------------------------------- table 三

TABLE3_COLUMNS = (
    Item("natural_person", "自然人", exact=("自然人",), keywords=("自然人",)),
    Item("commercial_enterprise", "法人或其他组织：商业企业", exact=("商业企业",), keywords=("商业企业",), group="legal_entity"),
    Item("research_institution", "法人或其他组织：科研机构", exact=("科研机构",), keywords=("科研机构",), group="legal_entity"),
    Item("social_welfare_org", "法人或其他组织：社会公益组织", exact=("社会公益组织",), keywords=("公益组织",), group="legal_entity"),
    Item("legal_service_org", "法人或其他组织：法律服务机构", exact=("法律服务机构",), keywords=("法律服务机构",), group="legal_entity"),
    Item("other_org", "法人或其他组织：其他", exact=("其他", "其他组织", "其它"), group="legal_entity"),
    Item("total", "总计", exact=("总计", "合计")),
)
TABLE3_COLUMN_GROUP = Item(
    "legal_entity", "法人或其他组织", exact=("法人或其他组织", "法人或者其他组织", "法人和其他组织", "法人及其他组织")
)
TABLE3_CORNER = Item("corner", "申请人情况", ("勾稽关系", "申请人情况"), exact=("项目", "序号", "类别", "内容"))

TABLE3_GROUPS = (
    # Most specific first: a joined label like 三、本年度办理结果（三）不予公开 is in 不予公开.
    Item("other_handling", "其他处理", ("其他处理",)),
    Item("not_processed", "不予处理", ("不予处理",)),
    Item("unavailable", "无法提供", ("无法提供",)),
    Item("not_disclosed", "不予公开", ("不予公开",)),
    Item("results", "本年度办理结果", ("办理结果",)),
)

TABLE3_ROWS = (
    Item("new_requests", "本年新收政府信息公开申请数量", ("本年新收", "新收政府信息公开申请", "新收申请")),
    # 上年度 is written for 上年 as often as 本年度 for 本年.
    Item("carried_over", "上年结转政府信息公开申请数量", ("上年结转", "上年度结转")),
    Item("disclosed", "本年度办理结果：予以公开", ("予以公开",), group="results"),
    Item("partially_disclosed", "本年度办理结果：部分公开（区分处理的，只计这一情形，不计其他情形）", ("部分公开",), group="results"),
    Item("not_disclosed_state_secret", "不予公开：属于国家秘密", ("国家秘密",), group="not_disclosed"),
    Item("not_disclosed_prohibited_by_law", "不予公开：其他法律行政法规禁止公开", ("禁止公开",), group="not_disclosed"),
    Item("not_disclosed_three_safeties", "不予公开：危及“三安全一稳定”", ("三安全",), group="not_disclosed"),
    Item("not_disclosed_third_party_rights", "不予公开：保护第三方合法权益", ("第三方",), group="not_disclosed"),
    Item("not_disclosed_internal_affairs", "不予公开：属于三类内部事务信息", ("内部事务",), group="not_disclosed"),
    Item("not_disclosed_process_info", "不予公开：属于四类过程性信息", ("过程性信息",), group="not_disclosed"),
    Item("not_disclosed_enforcement_files", "不予公开：属于行政执法案卷", ("执法案卷",), group="not_disclosed"),
    Item("not_disclosed_query_matters", "不予公开：属于行政查询事项", ("查询事项",), group="not_disclosed"),
    Item("unavailable_not_held", "无法提供：本机关不掌握相关政府信息", ("不掌握",), group="unavailable"),
    Item("unavailable_needs_creation", "无法提供：没有现成信息需要另行制作", ("另行制作", "没有现成"), group="unavailable"),
    Item("unavailable_unclear", "无法提供：补正后申请内容仍不明确", ("仍不明确", "内容不明确"), group="unavailable"),
    Item("not_processed_complaint", "不予处理：信访举报投诉类申请", ("信访", "举报投诉"), group="not_processed"),
    Item("not_processed_repeated", "不予处理：重复申请", ("重复申请",), group="not_processed"),
    Item("not_processed_publications", "不予处理：要求提供公开出版物", ("出版物",), group="not_processed"),
    Item("not_processed_mass_repeated", "不予处理：无正当理由大量反复申请", ("大量反复",), group="not_processed"),
    Item("not_processed_confirm_or_reissue", "不予处理：要求行政机关确认或重新出具已获取信息", ("重新出具", "确认或"), group="not_processed"),
    Item(
        "other_overdue_correction",
        "其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("逾期不补正",),
        group="other_handling",
        formats=(FORMAT_2021,),
    ),
    Item(
        "other_unpaid_fees",
        "其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("缴纳费用", "收费通知"),
        group="other_handling",
        formats=(FORMAT_2021,),
    ),
    # 其他 names this row only inside the group 其他处理 (see `match_row`).
    Item("other_other", "其他处理：其他", exact=("其他", "其它"), group="other_handling", formats=(FORMAT_2021,)),
    Item("other_handling", "其他处理", exact=("其他处理",), group="results", formats=(FORMAT_2019,)),
    Item("total_processed", "本年度办理结果：总计", exact=("总计", "合计"), group="results"),
    Item("carried_forward", "结转下年度继续办理", ("结转下年度", "下年度继续办理")),
)

# ---------------------------------------------------------------- table 四

TABLE4_GROUPS = (
    # Most specific first: 复议后起诉 also contains 复议.
    Item("litigation_after_review", "行政诉讼（复议后起诉）", ("复议后起诉",)),
    Item("litigation_direct", "行政诉讼（未经复议直接起诉）", ("未经复议", "直接起诉")),
    Item("review", "行政复议", ("行政复议",)),
    Item("litigation", "行政诉讼", ("行政诉讼",)),
)
TABLE4_LEAF_GROUPS = ("review", "litigation_direct", "litigation_after_review")
TABLE4_RESULTS = (
    Item("upheld", "结果维持", ("维持",)),
    Item("corrected", "结果纠正", ("纠正",)),
    Item("other", "其他结果", ("其他结果",), exact=("其他", "其它")),
    Item("pending", "尚未审结", ("未审结",)),
    Item("total", "总计", ("总计",), exact=("合计",)),
)
TABLE4_COLUMNS = tuple(
    Item(
        f"{group.key}_{result.key}",
        f"{group.wording}：{result.wording}",
    )
    for group in TABLE4_GROUPS
    if group.key in TABLE4_LEAF_GROUPS
    for result in TABLE4_RESULTS
)
# The template lists the groups review, direct, after review in that order.
TABLE4_COLUMNS = tuple(
    sorted(TABLE4_COLUMNS, key=lambda c: TABLE4_LEAF_GROUPS.index(c.key.rsplit("_", 1)[0]))
)
TABLE4_ROW = Item("cases", "政府信息公开行政复议、行政诉讼")
TABLE4_CORNER = Item("corner", "", exact=("项目", "序号", "类别", "内容", "案件数量"))


# ---------------------------------------------------------------- queries


def table3_rows(report_format):
    return tuple(r for r in TABLE3_ROWS if report_format in r.formats)


def rows(table, report_format):
    """The template's rows of `table` ('2', '3', '4') in the given format, in order."""
    if table == "2":
        keys = TABLE2_CELLS[report_format]
        return tuple(r for r in TABLE2_ROWS if r.key in keys)
    if table == "3":
        return table3_rows(report_format)
    return (TABLE4_ROW,)


def columns(table, report_format, row=None):
    """The template's columns of `table` (of `row` for table 二) in order."""
    if table == "2":
        wanted = set()
        for row_key, keys in TABLE2_CELLS[report_format].items():
            if row is None or row == row_key:
                wanted.update(keys)
        return tuple(c for c in TABLE2_COLUMNS if c.key in wanted)
    if table == "3":
        return TABLE3_COLUMNS
    return TABLE4_COLUMNS


def expected_cells(report_format):
    """Every (table, row, column) the template has in this format, in reading order."""
    cells = []
    for table in ("2", "3", "4"):
        for row in rows(table, report_format):
            for column in columns(table, report_format, row.key):
                cells.append((table, row.key, column.key))
    return cells


def find_item(items, key):
    for item in items:
        if item.key == key:
            return item
    return None


def row_item(table, key):
    """The Item of a row key of any format."""
    if table == "2":
        return find_item(TABLE2_ROWS, key)
    if table == "3":
        return find_item(TABLE3_ROWS, key)
    return TABLE4_ROW if key == TABLE4_ROW.key else None


def column_item(table, key):
    """The Item of a column key of any format."""
    items = {"2": TABLE2_COLUMNS, "3": TABLE3_COLUMNS, "4": TABLE4_COLUMNS}[table]
    return find_item(items, key)


def cell_label(table, row, column, report_format):
    """'<row wording> / <column wording>' in the template's Chinese."""
    return f"{row_item(table, row).wording_for(report_format)} / {column_item(table, column).wording_for(report_format)}"


def match_row(table, norm, context=None):
    """The row key a normalised label names, or None.

    Row labels never contain digits once numbering is stripped, so prose
    (`本年新收申请109件`) is not taken for a row. `context` is the row group
    the label sits in; it decides words that only name a row inside a group
    (其他 under 其他处理). A label that starts with its group's wording and
    then the item's number or a separator (`（三）不予公开 1.属于国家秘密` in one
    cell, `其他处理-其他`, `不予公开：国家秘密`) names the item, in that group.
    """
    if table == "3":
        prefixed = _GROUP_PREFIX.match(norm or "")
        if prefixed:
            # 不予公开1.属于国家秘密: a group label and its item in one cell or line.
            norm = normalise(norm[prefixed.end():])
            context = match_group(prefixed.group(1)) or context
    if not norm or re.search(r"\d", norm) or "。" in norm:
        return None
    items = TABLE2_ROWS if table == "2" else TABLE3_ROWS if table == "3" else ()
    for item in items:
        if item.key == "other_other" and context != "other_handling":
            continue
        if item.matches(norm) and len(norm) <= len(normalise(item.wording)) + 12:
            return item.key
    return None


# A printed row name with a typo (`2.其他法律行政止公开`) names a table 三 row when its wording is
# this close to that row's (difflib ratio) and to no other row's. The caller must confirm the
# row by its arithmetic before reading it (placement `typo_matched_row`).
TYPO_MIN_RATIO = 0.8
TYPO_RIVAL_RATIO = 0.7  # another row this close makes the match ambiguous
TYPO_MIN_LENGTH = 5


def typo_match(norm, report_format, context=None, taken=()):
    """The one table 三 row of `report_format` whose wording is close to `norm` but not equal, or None.

    Rows already read (`taken`) are not candidates; two close rows make it ambiguous (None).
    Only in table 三, whose rows the row sums confirm; short words never match by closeness.
    """
    import difflib

    if not norm or len(norm) < TYPO_MIN_LENGTH or re.search(r"\d", norm):
        return None
    prefixed = _GROUP_PREFIX.match(norm)
    if prefixed:
        norm = normalise(norm[prefixed.end():])
        context = match_group(prefixed.group(1)) or context
    close = []
    for item in table3_rows(report_format):
        if item.key in taken or (item.key == "other_other" and context != "other_handling"):
            continue
        wording = normalise(item.wording_for(report_format)).rsplit(":", 1)[-1]  # 不予公开:… -> the item
        if len(wording) < TYPO_MIN_LENGTH:
            continue
        ratio = difflib.SequenceMatcher(None, norm, wording).ratio()
        if ratio >= TYPO_RIVAL_RATIO:
            close.append((ratio, item.key))
    if len(close) != 1 or close[0][0] < TYPO_MIN_RATIO:
        return None
    return close[0][1]


_GROUP_PREFIX = re.compile(
    r"^(本年度办理结果|不予公开|无法提供|不予处理|其他处理)"
    r"(?::?(?=\d{1,2}[、.,)]|\([一二三四五六七八九十\d]+\))|[:\-\u2010-\u2015/·~])"
)


def match_group(norm):
    """The table 三 row group (不予公开, 无法提供, …) a normalised label names, or None."""
    if re.search(r"\d", norm) or len(norm) > 30:
        return None
    for item in TABLE3_GROUPS:
        if item.matches(norm):
            return item.key
    return None


def match_column(table, norm):
    """The column (table 二/三) or result (table 四) key a header names, or None."""
    if not norm or len(norm) > 24 or re.search(r"\d", re.sub(r"\(.*?\)", "", norm)):
        return None
    items = {"2": TABLE2_COLUMNS, "3": TABLE3_COLUMNS, "4": TABLE4_RESULTS}[table]
    for item in items:
        if item.matches(norm):
            return item.key
    return None


def match_column_group(table, norm):
    """A header that spans columns: 法人或其他组织 (table 三), 行政复议/行政诉讼… (table 四)."""
    if table == "3":
        return TABLE3_COLUMN_GROUP.key if TABLE3_COLUMN_GROUP.matches(norm) else None
    if table == "4" and len(norm) <= 16:
        for item in TABLE4_GROUPS:
            if item.matches(norm):
                return item.key
    return None


def is_corner(table, norm):
    """Header text over the label columns (信息内容, the 勾稽关系 note) or a table 二 item title."""
    if table == "2":
        return TABLE2_CORNER.matches(norm) or TABLE2_TITLE.matches(norm)
    if table == "3":
        return TABLE3_CORNER.matches(norm)
    return TABLE4_CORNER.matches(norm)


def is_header_word(table, norm, loose=False):
    """Whether a normalised text is exactly a header word of `table` (not merely containing one).

    Used to rejoin header words broken over lines (`结果` + `维持`, `处理决` +
    `定数量`) without swallowing the next word into one that is already whole:
    a wording of the template (either format); with `loose`, also text that
    contains one of an item's keywords and is no longer than its wording (for
    joining a fragment that is not a whole word itself).
    """
    if table == "2":
        items = TABLE2_COLUMNS + (TABLE2_CORNER,)
    elif table == "3":
        items = TABLE3_COLUMNS + (TABLE3_COLUMN_GROUP, TABLE3_CORNER)
    else:
        items = TABLE4_RESULTS + TABLE4_GROUPS
    return any(
        norm in item.exact
        or norm in item.keywords
        or norm in (normalise(item.wording), normalise(item.wording_2019 or item.wording))
        or (loose and any(k in norm for k in item.keywords) and len(norm) <= len(normalise(item.wording)))
        for item in items
    )


_UNIT_IN_HEADER = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?(万元|亿元|元|件|项|个|次)\s*[)）]")


def column_unit(table, column, header_text=None):
    """The unit of a column: a unit written in its header, else the template's."""
    if header_text:
        found = _UNIT_IN_HEADER.search(unicodedata.normalize("NFKC", header_text))
        if found:
            return found.group(1)
    item = column_item(table, column)
    return item.unit if item else "件"
