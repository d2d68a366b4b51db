"""Format words: the template's row and column wording that tells a 2019 or 2021 template report from a narrative one."""

import re

# Wording found only in the template's tables.
TEMPLATE_MARKERS = (
    "新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "结转下年度继续办理",
    "本年度办理结果",
    "三安全一稳定",
    "四类过程性信息",
    "行政执法案卷",
    "行政查询事项",
    "另行制作",
    "社会公益组织",
    "法律服务机构",
    "尚未审结",
    "结果维持",
    "结果纠正",
    "复议后起诉",
    "未经复议直接起诉",
    "第二十条第",
    "信息内容",
    "勾稽关系",
)
# Wording only the 2021 template has (本年制发件数 …), and wording only the 2019 one has.
MARKERS_2021 = (
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年收费金额",
    "逾期不补正",
    "缴纳费用",
)
MARKERS_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "采购项目数量",
    "采购总金额",
    "其他对外管理服务事项",
)
# A year in the report (2021年度): a report from 2021 on is read with the 2021 template.
TEMPLATE_YEAR = re.compile(r"(20\d\d)\s*年(?:度)?")
# （六）其他处理 directly followed by its numbers is the 2019 format's single row
# (in 2021 its items 1. 2. 3. follow).
SINGLE_OTHER_ROW = re.compile(r"其[他它]处理[\s|]*\d+(?=[ \t|]|\n|$)")
