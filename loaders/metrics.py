"""Numbers in prose: a number followed by a measure word or %, with its label (spec: A metric).

The layers, each a set of small named rules in its own module, over one text view:

0. the unwrapped text (`loaders.reading.unwrap`): where a text was pasted
   from a PDF, lines wrapped at the page width and page seams (`- 2 -`) are
   read as the blanks they replace, so clauses run on across them; offsets
   are unchanged;
1. reading aids (`loaders.reading.view.TextView`): where quoted names and
   brackets run, where a clause or sentence ends, and whether a paragraph had
   its punctuation flattened to `.` (then `.` is a boundary of unknown strength);
2. number tokens (`loaders.tokens`): Arabic or Chinese numerals, an optional
   approximation (约/近 before, 余/多 inside, 左右/以上 after) and a measure
   word, which may stand a blank or two after an Arabic number (1526 条);
   then the `NOT_A_METRIC` rules drop ordinals, frequencies, codes, phone
   numbers, addresses and numbers inside names;
3. labels (`loaders.labels`, `LABEL_RULES`; phrase cleaning in `loaders.phrases`,
   分别 runs in `loaders.respectively`): the noun phrase naming what is counted, nearest
   before the number (质量管理信息718条) or right after it (9次在线访谈), with
   leading markers, fillers and publication verbs removed and the special
   shapes handled one rule each (X等Y, 分N批, V了N个Y, 名单N条M家企业, 共N项 …).
   What a clause says *around* the thing is no part of its name: who acted
   (我局, 局党组), where it was published (通过…平台, 在…网站上), why (因…),
   the jurisdiction (全县), and verbs that only introduce the thing (组织,
   受理, 回应, 投入 …). Verbs that select which things are counted stay
   (新增栏目, 取消的项目, 通过门户网站提交申请). A change against another
   period is named after what changed (申请同比增长).
"""

from loaders.document import MetricData
from loaders.labels import label_metrics
from loaders.reading.unwrap import unwrap
from loaders.reading.view import TextView
from loaders.tokens import number_tokens


def find_metrics(text, skip=(), view=None, warnings=None):
    """Every metric of the narrative text outside the `skip` spans, in text order.

    Keys are left empty (the pipeline numbers them) and section/parent None.
    `view` is the text view over the unwrapped `text` (the pipeline builds it
    once per document and the parent rules read the same one); it is built
    here when not given. Numbers too large to store exactly are named in
    `warnings` (a list), when given.
    """
    view = TextView(unwrap(text)) if view is None else view
    tokens = number_tokens(view, skip, warnings)
    metrics = []
    for item in label_metrics(view, tokens):
        token = item.token
        metrics.append(
            MetricData(
                key="",
                label=item.label,
                value=token.value,
                unit=token.unit,
                approx=token.approx,
                start=token.start,
                end=token.end,
                raw=text[token.start : token.end],
            )
        )
    return metrics
