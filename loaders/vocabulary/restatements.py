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
