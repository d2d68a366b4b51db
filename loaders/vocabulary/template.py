"""The national template's tables 二, 三 and 四 as data: keys, wordings and aliases.

Each row, column and group is one record (a dict of `loaders.template_spec.Item`'s
fields): its stable ASCII `key`, the template's `wording`, the `keywords` that
name it wherever they occur and the `exact` wordings that name it only as a
whole. `loaders.template_spec` builds its Items from these and holds the
matching code.


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

FORMAT_2019 = "template_2019"

FORMAT_2021 = "template_2021"

BOTH = (FORMAT_2019, FORMAT_2021)

TABLE_NAMES = {"2": "二", "3": "三", "4": "四"}

TABLE_TITLES = {
    "2": "主动公开政府信息情况",
    "3": "收到和处理政府信息公开申请情况",
    "4": "政府信息公开行政复议、行政诉讼情况",
}

TABLE2_ROWS_WORDS = (
    dict(key="regulations", wording="规章", exact=("规章",)),
    dict(
        key="normative_documents",
        wording="行政规范性文件",
        keywords=("规范性文件",),
        wording_2019="规范性文件",
    ),
    dict(key="administrative_licensing", wording="行政许可", keywords=("行政许可",)),
    dict(
        key="other_external_services",
        wording="其他对外管理服务事项",
        keywords=("对外管理服务",),
        formats=(FORMAT_2019,),
    ),
    dict(key="administrative_penalty", wording="行政处罚", keywords=("行政处罚",)),
    dict(key="administrative_enforcement", wording="行政强制", keywords=("行政强制",)),
    dict(key="administrative_fees", wording="行政事业性收费", keywords=("事业性收费",)),
    dict(
        key="centralised_procurement",
        wording="政府集中采购",
        keywords=("集中采购",),
        formats=(FORMAT_2019,),
    ),
)

TABLE2_COLUMNS_WORDS = (
    dict(key="issued", wording="本年制发件数", keywords=("制发件数",), formats=(FORMAT_2021,)),
    dict(key="repealed", wording="本年废止件数", keywords=("废止件数",), formats=(FORMAT_2021,)),
    dict(key="in_force", wording="现行有效件数", keywords=("现行有效",), formats=(FORMAT_2021,)),
    dict(
        key="decisions",
        wording="本年处理决定数量",
        keywords=("处理决定",),
        wording_2019="处理决定数量",
    ),
    dict(
        key="fee_amount",
        wording="本年收费金额（单位：万元）",
        keywords=("收费金额",),
        unit="万元",
        formats=(FORMAT_2021,),
    ),
    dict(key="newly_made", wording="本年新制作数量", keywords=("新制作",), formats=(FORMAT_2019,)),
    dict(
        key="newly_published",
        wording="本年新公开数量",
        keywords=("新公开数量", "本年新公开"),
        formats=(FORMAT_2019,),
    ),
    dict(
        key="total_published",
        wording="对外公开总数量",
        keywords=("公开总数量",),
        formats=(FORMAT_2019,),
    ),
    dict(
        key="previous_year_items",
        wording="上一年项目数量",
        keywords=("上一年项目数量", "上年项目数量"),
        unit="项",
        formats=(FORMAT_2019,),
    ),
    dict(
        key="change",
        wording="本年增/减",
        keywords=("增/减", "增减", "增(减)"),
        unit="项",
        formats=(FORMAT_2019,),
    ),
    dict(
        key="procurement_items",
        wording="采购项目数量",
        keywords=("采购项目数量", "采购项目数"),
        unit="项",
        formats=(FORMAT_2019,),
    ),
    dict(
        key="procurement_amount",
        wording="采购总金额",
        keywords=("采购总金额", "采购金额"),
        unit="万元",
        formats=(FORMAT_2019,),
    ),
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
TABLE2_CORNER_WORDS = dict(
    key="corner", wording="信息内容", exact=("信息内容", "项目", "内容", "类别", "序号")
)

TABLE2_TITLE_WORDS = dict(key="item_title", wording="第二十条第（一）项", keywords=("第二十条第",))

TABLE3_COLUMNS_WORDS = (
    dict(key="natural_person", wording="自然人", exact=("自然人",), keywords=("自然人",)),
    dict(
        key="commercial_enterprise",
        wording="法人或其他组织：商业企业",
        exact=("商业企业",),
        keywords=("商业企业",),
        group="legal_entity",
    ),
    dict(
        key="research_institution",
        wording="法人或其他组织：科研机构",
        exact=("科研机构",),
        keywords=("科研机构",),
        group="legal_entity",
    ),
    dict(
        key="social_welfare_org",
        wording="法人或其他组织：社会公益组织",
        exact=("社会公益组织",),
        keywords=("公益组织",),
        group="legal_entity",
    ),
    dict(
        key="legal_service_org",
        wording="法人或其他组织：法律服务机构",
        exact=("法律服务机构",),
        keywords=("法律服务机构",),
        group="legal_entity",
    ),
    dict(
        key="other_org",
        wording="法人或其他组织：其他",
        exact=("其他", "其他组织", "其它"),
        group="legal_entity",
    ),
    dict(key="total", wording="总计", exact=("总计", "合计")),
)

TABLE3_COLUMN_GROUP_WORDS = dict(
    key="legal_entity",
    wording="法人或其他组织",
    exact=("法人或其他组织", "法人或者其他组织", "法人和其他组织", "法人及其他组织"),
)

TABLE3_CORNER_WORDS = dict(
    key="corner",
    wording="申请人情况",
    keywords=("勾稽关系", "申请人情况"),
    exact=("项目", "序号", "类别", "内容"),
)

TABLE3_GROUPS_WORDS = (
    # Most specific first: a joined label like 三、本年度办理结果（三）不予公开 is in 不予公开.
    dict(key="other_handling", wording="其他处理", keywords=("其他处理",)),
    dict(key="not_processed", wording="不予处理", keywords=("不予处理",)),
    dict(key="unavailable", wording="无法提供", keywords=("无法提供",)),
    dict(key="not_disclosed", wording="不予公开", keywords=("不予公开",)),
    dict(key="results", wording="本年度办理结果", keywords=("办理结果",)),
)

TABLE3_ROWS_WORDS = (
    dict(
        key="new_requests",
        wording="本年新收政府信息公开申请数量",
        keywords=("本年新收", "新收政府信息公开申请", "新收申请"),
    ),
    # 上年度 is written for 上年 as often as 本年度 for 本年.
    dict(
        key="carried_over",
        wording="上年结转政府信息公开申请数量",
        keywords=("上年结转", "上年度结转"),
    ),
    dict(
        key="disclosed", wording="本年度办理结果：予以公开", keywords=("予以公开",), group="results"
    ),
    dict(
        key="partially_disclosed",
        wording="本年度办理结果：部分公开（区分处理的，只计这一情形，不计其他情形）",
        keywords=("部分公开",),
        group="results",
    ),
    dict(
        key="not_disclosed_state_secret",
        wording="不予公开：属于国家秘密",
        keywords=("国家秘密",),
        group="not_disclosed",
    ),
    dict(
        key="not_disclosed_prohibited_by_law",
        wording="不予公开：其他法律行政法规禁止公开",
        keywords=("禁止公开",),
        group="not_disclosed",
    ),
    dict(
        key="not_disclosed_three_safeties",
        wording="不予公开：危及“三安全一稳定”",
        keywords=("三安全",),
        group="not_disclosed",
    ),
    dict(
        key="not_disclosed_third_party_rights",
        wording="不予公开：保护第三方合法权益",
        keywords=("第三方",),
        group="not_disclosed",
    ),
    dict(
        key="not_disclosed_internal_affairs",
        wording="不予公开：属于三类内部事务信息",
        keywords=("内部事务",),
        group="not_disclosed",
    ),
    dict(
        key="not_disclosed_process_info",
        wording="不予公开：属于四类过程性信息",
        keywords=("过程性信息",),
        group="not_disclosed",
    ),
    dict(
        key="not_disclosed_enforcement_files",
        wording="不予公开：属于行政执法案卷",
        keywords=("执法案卷",),
        group="not_disclosed",
    ),
    dict(
        key="not_disclosed_query_matters",
        wording="不予公开：属于行政查询事项",
        keywords=("查询事项",),
        group="not_disclosed",
    ),
    dict(
        key="unavailable_not_held",
        wording="无法提供：本机关不掌握相关政府信息",
        keywords=("不掌握",),
        group="unavailable",
    ),
    dict(
        key="unavailable_needs_creation",
        wording="无法提供：没有现成信息需要另行制作",
        keywords=("另行制作", "没有现成"),
        group="unavailable",
    ),
    dict(
        key="unavailable_unclear",
        wording="无法提供：补正后申请内容仍不明确",
        keywords=("仍不明确", "内容不明确"),
        group="unavailable",
    ),
    dict(
        key="not_processed_complaint",
        wording="不予处理：信访举报投诉类申请",
        keywords=("信访", "举报投诉"),
        group="not_processed",
    ),
    dict(
        key="not_processed_repeated",
        wording="不予处理：重复申请",
        keywords=("重复申请",),
        group="not_processed",
    ),
    dict(
        key="not_processed_publications",
        wording="不予处理：要求提供公开出版物",
        keywords=("出版物",),
        group="not_processed",
    ),
    dict(
        key="not_processed_mass_repeated",
        wording="不予处理：无正当理由大量反复申请",
        keywords=("大量反复",),
        group="not_processed",
    ),
    dict(
        key="not_processed_confirm_or_reissue",
        wording="不予处理：要求行政机关确认或重新出具已获取信息",
        keywords=("重新出具", "确认或"),
        group="not_processed",
    ),
    dict(
        key="other_overdue_correction",
        wording="其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        keywords=("逾期不补正",),
        group="other_handling",
        formats=(FORMAT_2021,),
    ),
    dict(
        key="other_unpaid_fees",
        wording="其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        keywords=("缴纳费用", "收费通知"),
        group="other_handling",
        formats=(FORMAT_2021,),
    ),
    # 其他 names this row only inside the group 其他处理 (see `match_row`).
    dict(
        key="other_other",
        wording="其他处理：其他",
        exact=("其他", "其它"),
        group="other_handling",
        formats=(FORMAT_2021,),
    ),
    dict(
        key="other_handling",
        wording="其他处理",
        exact=("其他处理",),
        group="results",
        formats=(FORMAT_2019,),
    ),
    dict(
        key="total_processed",
        wording="本年度办理结果：总计",
        exact=("总计", "合计"),
        group="results",
    ),
    dict(
        key="carried_forward",
        wording="结转下年度继续办理",
        keywords=("结转下年度", "下年度继续办理"),
    ),
)

TABLE4_GROUPS_WORDS = (
    # Most specific first: 复议后起诉 also contains 复议.
    dict(key="litigation_after_review", wording="行政诉讼（复议后起诉）", keywords=("复议后起诉",)),
    dict(
        key="litigation_direct",
        wording="行政诉讼（未经复议直接起诉）",
        keywords=("未经复议", "直接起诉"),
    ),
    dict(key="review", wording="行政复议", keywords=("行政复议",)),
    dict(key="litigation", wording="行政诉讼", keywords=("行政诉讼",)),
)

TABLE4_LEAF_GROUPS = ("review", "litigation_direct", "litigation_after_review")

TABLE4_RESULTS_WORDS = (
    dict(key="upheld", wording="结果维持", keywords=("维持",)),
    dict(key="corrected", wording="结果纠正", keywords=("纠正",)),
    dict(key="other", wording="其他结果", keywords=("其他结果",), exact=("其他", "其它")),
    dict(key="pending", wording="尚未审结", keywords=("未审结",)),
    dict(key="total", wording="总计", keywords=("总计",), exact=("合计",)),
)

TABLE4_ROW_WORDS = dict(key="cases", wording="政府信息公开行政复议、行政诉讼")

TABLE4_CORNER_WORDS = dict(
    key="corner", wording="", exact=("项目", "序号", "类别", "内容", "案件数量")
)
