"""Restatement words: what a prose label must say to restate a template table cell.

Each entry is (table, row, column, row words, column words): a prose number's
label must hold one of the row words and one of the column words (normalised,
as `loaders.template_spec.normalise` writes them), and name no other entry's
row. Only cells whose prose wording is as precise as the table's are listed:
a count of documents made, repealed or in force, a count of new requests.
"""

RESTATED_CELLS = (
    ("2", "regulations", "issued", ("规章",), ("制发",)),
    ("2", "regulations", "repealed", ("规章",), ("废止",)),
    ("2", "regulations", "in_force", ("规章",), ("现行有效",)),
    ("2", "regulations", "newly_made", ("规章",), ("新制作", "制发")),
    ("2", "regulations", "newly_published", ("规章",), ("新公开",)),
    ("2", "normative_documents", "issued", ("规范性文件",), ("制发",)),
    ("2", "normative_documents", "repealed", ("规范性文件",), ("废止",)),
    ("2", "normative_documents", "in_force", ("规范性文件",), ("现行有效",)),
    ("2", "normative_documents", "newly_made", ("规范性文件",), ("新制作", "制发")),
    ("2", "normative_documents", "newly_published", ("规范性文件",), ("新公开",)),
    ("3", "new_requests", "total", ("公开申请", "申请"), ("新收",)),
)

# Rows of an old statistics table (2008–2018) whose year's figure a prose number restates:
# (words of the printed row, words the prose label must hold, words that make it name a part:
# 网站主动公开的政府信息 counts one channel, not the whole).
RESTATED_STATISTICS_ROWS = ((("主动公开",), ("主动公开",), ("网站", "公报", "其中")),)
# What such a prose label ends with: the thing counted (主动公开政府信息, 主动公开文件).
RESTATED_STATISTICS_ENDS = ("信息", "文件")
# A statistics column holding the running total, never restated by a year's prose number.
RUNNING_TOTAL_WORD = "累计"
