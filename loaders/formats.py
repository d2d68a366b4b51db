"""Which kind of report a text is: narrative, 2019 template or 2021 template.

Decided from the content, not the file name or year alone:
- a template report has the template's tables, recognised by wording only
  they use (新收政府信息公开申请数量, 结转下年度继续办理, 尚未审结, 复议后起诉,
  社会公益组织, 第二十条第…); a few of them must be present, so a narrative
  report that mentions 行政复议 or 不予公开 stays narrative;
- the 2021 revision is told from the 2019 trial format by table 二's columns
  (本年制发件数/本年废止件数/现行有效件数/本年收费金额 vs 本年新制作数量/
  本年新公开数量/对外公开总数量/上一年项目数量/本年增/减/采购…) and by table
  三's row （六）其他处理: split into three items in 2021 (逾期不补正, 缴纳费用),
  one row followed by its numbers in 2019;
- a page in traditional characters (繁體) is read in its simplified view;
- when the tables give no format evidence (only table 四 present, say), the
  report year decides (reports for 2021 on use the 2021 format), else 2021.
"""

import functools
import re

from loaders.reading.nfkc import nfkc
from loaders.template_spec import simplified
from loaders.vocabulary.formats import (
    MARKERS_2019,
    MARKERS_2021,
    SINGLE_OTHER_ROW,
    TEMPLATE_MARKERS,
    TEMPLATE_YEAR,
)

NARRATIVE = "narrative"
TEMPLATE_2019 = "template_2019"
TEMPLATE_2021 = "template_2021"
FORMATS = (NARRATIVE, TEMPLATE_2019, TEMPLATE_2021)

MIN_TEMPLATE_MARKERS = 4


def _flat(text):
    """Text with widths unified and spaces removed, so wording is found however it is laid out."""
    return re.sub(r"[\s\u200b-\u200d\u2060\ufeff]+", "", nfkc(simplified(text)))


@functools.lru_cache(maxsize=1024)
def _flat_marker(marker):
    """`_flat` of a vocabulary marker, made once per process rather than once per document."""
    return _flat(marker)


def _count(flat, markers):
    return sum(1 for marker in markers if _flat_marker(marker) in flat)


def is_template(flat):
    """Whether enough of the template's table wording is present."""
    return _count(flat, TEMPLATE_MARKERS) >= MIN_TEMPLATE_MARKERS


def year_hint(text):
    """The report year from the first lines (the title), if stated."""
    for line in text.strip().splitlines()[:6]:
        found = TEMPLATE_YEAR.search(line)
        if found:
            return int(found.group(1))
    return None


def detect_format(text):
    """'narrative', 'template_2019' or 'template_2021' from the content."""
    text = simplified(text)
    flat = _flat(text)
    if not is_template(flat):
        return NARRATIVE
    score_2021 = _count(flat, MARKERS_2021)
    score_2019 = _count(flat, MARKERS_2019) + (1 if SINGLE_OTHER_ROW.search(text) else 0)
    if score_2021 != score_2019:
        return TEMPLATE_2021 if score_2021 > score_2019 else TEMPLATE_2019
    year = year_hint(text)
    if year is not None and year < 2021:
        return TEMPLATE_2019
    return TEMPLATE_2021
