"""Report metadata: agency, year, title, signature date, period, issuer (spec: Report metadata).

Each field has its own small rule:

* title: the first non-empty line, without markdown decoration (`# `, `**…**`),
  joined with the next line when the title was set over two lines;
* agency: as written in the title, before the year (质检总局2011年…), or, for a
  title without a year, its leading organisation name (质检总局门户网站… -> 质检总局);
* year: from the title, else from the statistical period, else inferred from
  the body (the year mentioned most often as `NNNN年`, the latest on a tie)
  and marked `year_inferred`;
* period: a stated statistical period (统计期限自2011年1月1日至12月31日止);
* published_on: the signature date, a line that holds only a date, near the
  end; Chinese numerals parse, and a lost 〇 is recovered from the report year;
* issuer: the signing office, the short line just before the signature date.

A page saved from a portal, or its archive copy, adds two things around the
report: labelled fields (标题, 发布机构, 发布时间 / 发布日期, 来源, 索引号, 文号, in a
header block or a meta table) and chrome (breadcrumbs, site names, share
buttons, `正文`, `附件下载`, separators). The fields are read (`labelled_fields`):
the title from 标题, published_on from 发布时间 when no signature dates the
report, the issuer from 发布机构 when no signature names one. Chrome is never a
title or an agency (`chrome_rule`, a named row of CHROME_RULES per kind).
"""

import re
from collections import Counter

from loaders.document import ReportMeta
from loaders.numerals import (
    DATE_PATTERN,
    date_from_parts,
    parse_date,
    parse_year,
    to_ascii_digits,
)
from loaders.remembered import remembered
from loaders.vocabulary.layout import PAGE_NUMBER_LINE
from loaders.vocabulary.metadata import (
    AGENCY_CONTINUATION,
    AGENCY_PREFIX,
    AGENCY_TRAILERS,
    ANY_FIELD_LINE,
    BODY_YEAR,
    CHROME_RULES,
    FIELD_LINE,
    INLINE_SIGNATURE,
    LABEL_TO_FIELD,
    LINE_DECORATION,
    PERIOD_CUE,
    PERIOD_PATTERN,
    TITLE_END,
    TITLE_LEADERS,
    TITLE_YEAR,
)

DATE_LINE_MAX = 20
ISSUER_LINE_MAX = 40


@remembered(maxsize=4096)
def undecorated(line):
    """A line without markdown heading marks and emphasis around it (`# 某局…报告` -> 某局…报告).

    Converted documents keep these marks; they are layout, not words of the
    title, so the title and the agency read from it are the same in every layout.
    """
    return LINE_DECORATION.sub("", line.strip())


TITLE_CONTINUATION_MAX = 40


HEADER_LINES_MAX = 40
HEADER_LINE_MAX = 200


def chrome_rule(line):
    """Name of the CHROME_RULES row a line is page chrome by (当前位置…, 正文, 分享到…), or None."""
    stripped = undecorated(line)
    for name, pattern in CHROME_RULES:
        if pattern.search(stripped):
            return name
    return None


def _field_pairs(line):
    """(label, value) of the labelled fields a header line holds: `标题: …`, or the cells of a meta-table row."""
    if line.count("|") >= 2:
        cells = [cell.strip(" \t\u3000") for cell in line.strip().strip("|").split("|")]
        pairs = []
        for at, cell in enumerate(cells):
            match = FIELD_LINE.match(cell)
            if match and match.group("value"):
                pairs.append((match.group("label"), match.group("value")))
            elif cell.rstrip(":：") in LABEL_TO_FIELD and at + 1 < len(cells):
                pairs.append((cell.rstrip(":："), cells[at + 1]))
        return pairs
    match = FIELD_LINE.match(line)
    return [(match.group("label"), match.group("value"))] if match else []


def labelled_fields(text):
    """The labelled fields of a page's header block or meta table: {field: value}, the first value of each.

    Only the opening lines are read (a header, not the report's prose); an
    empty field (`发布机构: `) is absent.
    """
    fields = {}
    for line in text.split("\n")[:HEADER_LINES_MAX]:
        if len(line) > HEADER_LINE_MAX:
            continue
        for label, value in _field_pairs(undecorated(line)):
            value = value.strip()
            if value:
                fields.setdefault(LABEL_TO_FIELD[label], value)
    return fields


def is_header_line(line):
    """A line that is page furniture, not the report: chrome or a labelled header field."""
    return chrome_rule(line) is not None or bool(ANY_FIELD_LINE.match(undecorated(line)))


def first_line(text):
    """The report's title: the first non-empty line, stripped and undecorated.

    Chrome and labelled header fields (当前位置…, 正文, 栏目: …) are passed over:
    they are the page's, not the report's.

    A title set over two lines, as PDF and Word layouts do (洛阳市人力资源和社会保障局 /
    2017年政府信息公开工作年度报告), is joined: when the first line does not end
    like a title and the next non-empty line does, is short and is no sentence.
    """
    lines = []  # the first lines kept: the title is among them (`title_line_after_chrome`, and the line after)
    for line in text.split("\n"):
        kept = undecorated(line)
        if kept and not is_header_line(line):
            lines.append(kept)
            if len(lines) > CHROME_LINES_MAX + 1:
                break
    if not lines:
        return None
    at = title_line_after_chrome(lines)
    title = lines[at]
    if len(lines) > at + 1 and continues_title(title, lines[at + 1]):
        return title + lines[at + 1]
    return title


# How many opening lines a page's chrome (site name, navigation, breadcrumb) may take before the title.
CHROME_LINES_MAX = 4


def title_line_after_chrome(lines):
    """Index of the title line: 0, or the first opening line that is a whole title after site chrome.

    A saved portal page opens with its navigation (首页 | 政务公开 | …) or a
    site name before the article's title. When the first line neither ends
    like a title nor begins one continued below, the first of the next few
    lines that is a whole title (a stated year, ending like a title, no
    sentence punctuation) is the title.
    """
    first = lines[0]
    if TITLE_END.search(first) or (len(lines) > 1 and continues_title(first, lines[1])):
        return 0
    for at in range(1, min(len(lines), CHROME_LINES_MAX + 1)):
        line = lines[at]
        if (
            TITLE_YEAR.search(line)
            and TITLE_END.search(line)
            and len(line) <= 2 * TITLE_CONTINUATION_MAX
            and not re.search(r"[。，,；;！？!?]", line)
        ):
            return at
    return 0


def continues_title(first, second):
    """`second` completes a title that `first` began (see `first_line`).

    A second line that is a whole title of its own (an agency before its year:
    江州市住房和城乡建设局2021年…报告 under a site name) does not continue the first.
    """
    year = TITLE_YEAR.search(second)
    whole_title = (year.start() > 0) if year else agency_from_title(second) is not None
    return (
        not whole_title
        and not TITLE_END.search(first)
        and bool(TITLE_END.search(second))
        and len(first) + len(second) <= 2 * TITLE_CONTINUATION_MAX
        and len(second) <= TITLE_CONTINUATION_MAX
        and not re.search(r"[。，,；;：:！？!?]", first + second)
    )


def year_in_title(title):
    """The covered year stated in a title (2011年, 二〇一一年), or None."""
    if not title:
        return None
    match = TITLE_YEAR.search(title)
    return parse_year(match.group(1)) if match else None


def agency_from_title(title):
    """The agency as the title writes it.

    Before a stated year (质检总局2011年政府信息公开工作年度报告 -> 质检总局);
    without a year, the title's leading organisation name, the shortest prefix
    ending in an organisation word (质检总局门户网站… -> 质检总局).
    """
    if not title:
        return None
    head = title
    for leader in TITLE_LEADERS:
        if head.startswith(leader):
            head = head[len(leader) :]
    match = TITLE_YEAR.search(head)
    if match and match.start() > 0:
        agency = head[: match.start()].strip(" 　:：,，")
        for trailer in AGENCY_TRAILERS:
            if agency.endswith(trailer):
                agency = agency[: -len(trailer)]
        if agency:
            return agency
    if match and match.start() == 0:
        # 2013年北京市人民政府政府信息公开工作年度报告: the agency follows the year.
        head = re.sub(r"^度?", "", head[match.end() :])
    match = AGENCY_PREFIX.match(head)
    if not match:
        return None
    return whole_body(head, match.group(1))


def whole_body(head, agency):
    """The agency extended by the offices written on to it (上海市人民政府 + 办公厅 -> 上海市人民政府办公厅).

    The shortest organisation name of a title may be the body an office
    belongs to; the office is a different body, so the agency is the whole.
    """
    while True:
        more = AGENCY_CONTINUATION.match(head[len(agency) :])
        if not more:
            return agency
        agency += more.group(0)


def statistical_period(text):
    """(period_start, period_end) ISO dates of a stated statistical period, or (None, None).

    `统计期限自2011年1月1日至12月31日止`: the end takes the start's year when
    it does not state its own. Only a range near a period cue word counts.
    """
    for match in PERIOD_PATTERN.finditer(text):
        # The blanks before the year belong to the range (the pattern leaves them out: trying each
        # blank of a long run as a start would rescan the run).
        begin = match.start()
        while (
            begin > 0 and text[begin - 1].isspace() and not match.group().startswith(("自", "从"))
        ):
            begin -= 1
        window = text[max(0, begin - 25) : begin + 2]
        if not PERIOD_CUE.search(window):
            continue
        y1 = int(to_ascii_digits(match.group("y1")))
        y2 = int(to_ascii_digits(match.group("y2"))) if match.group("y2") else y1
        start = date_from_parts(
            y1, int(to_ascii_digits(match.group("m1"))), int(to_ascii_digits(match.group("d1")))
        )
        end = date_from_parts(
            y2, int(to_ascii_digits(match.group("m2"))), int(to_ascii_digits(match.group("d2")))
        )
        if start and end:
            return start, end
    return None, None


def inferred_year(text):
    """The year a report without a stated year covers: the year the body mentions most.

    Counts `NNNN年` outside ranges (2008-2012年); on a tie the latest year wins,
    as a report also mentions the years before the one it covers.
    """
    counts = Counter(int(match.group(1)) for match in BODY_YEAR.finditer(text))
    if not counts:
        return None
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _is_date_line(line):
    """A line that holds a full date and nothing else (a signature date)."""
    stripped = undecorated(line)
    if not stripped or len(stripped) > DATE_LINE_MAX:
        return False
    match = DATE_PATTERN.fullmatch(stripped)
    if match and match.group("day"):
        return True
    return bool(re.fullmatch(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}", to_ascii_digits(stripped)))


def signature(text, report_year):
    """(published_on, issuer) from the signature block: the last date-only line and the line above.

    The issuer is that line when it is short, has no sentence punctuation and
    no digits (质检总局政府信息公开办公室). Page numbers that PDF extraction put
    between the two (`第 8 页`) are layout and are passed over.
    """
    lines = text.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        if not _is_date_line(lines[index]):
            continue
        published = parse_date(undecorated(lines[index]), report_year)
        issuer = None
        for previous in range(index - 1, -1, -1):
            candidate = undecorated(lines[previous])
            if not candidate or PAGE_NUMBER_LINE.match(candidate):
                continue
            if len(candidate) <= ISSUER_LINE_MAX and not re.search(
                r"[。；;！？!?，,0-9]", candidate
            ):
                issuer = candidate
            break
        return published, issuer
    return None, None


# Where a signature may stand in a one-line body: in its last part (the share of the text before it).
INLINE_SIGNATURE_FROM = 0.5


def inline_signature(text, report_year):
    """(published_on, issuer) of a signature standing inside a one-line body, or (None, None).

    An archive that flattened the page keeps the signature in the running
    text (`…常态化。 平潭县人民政府 2013年1月16日 附件1：…`): a full date after a
    sentence's end, alone between blanks, optionally after the signing office,
    in the text's last half. The last such date is the signature.
    """
    found = None
    for match in INLINE_SIGNATURE.finditer(text):
        if match.start() >= len(text) * INLINE_SIGNATURE_FROM and parse_date(
            match.group("date"), report_year
        ):
            found = match
    if found is None:
        return None, None
    return parse_date(found.group("date"), report_year), found.group("issuer")


def extract_metadata(text, name):
    """Metadata of a report from its text (spec: Report metadata).

    Labelled page fields fill what the report itself does not print: the
    title from 标题 (a page's own field is the title as published), published_on
    from 发布时间 / 发布日期 when no signature dates the report, the issuer from
    发布机构 when no signature names one.
    """
    fields = labelled_fields(text)
    title = fields.get("title") or first_line(text)
    meta = ReportMeta(title=title, agency=agency_from_title(title))
    meta.period_start, meta.period_end = statistical_period(text)
    meta.year = year_in_title(title)
    if meta.year is None and meta.period_start:
        meta.year = int(meta.period_start[:4])
    if meta.year is None:
        meta.year = inferred_year(text)
        meta.year_inferred = meta.year is not None
    meta.published_on, meta.issuer = signature(text, meta.year)
    if meta.published_on is None:
        meta.published_on, inline_issuer = inline_signature(text, meta.year)
        meta.issuer = meta.issuer or inline_issuer
    if meta.published_on is None and fields.get("published_on"):
        meta.published_on = parse_date(fields["published_on"], meta.year)
    if meta.issuer is None and fields.get("publisher"):
        meta.issuer = fields["publisher"]
    if meta.agency is None and meta.issuer:
        # A title without an agency (关于2013年度政府信息公开工作的报告): the signing office is it.
        meta.agency = meta.issuer
    return meta
