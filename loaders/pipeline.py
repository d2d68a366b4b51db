"""The parsing pipeline: an ordered list of named rules, one small step each.

text -> simplified view -> format -> metadata -> tables -> sections -> text
view -> metrics -> run-together table rows the prose settles -> parents -> section of
each metric -> checks -> prose restated by tables -> as written.
Each rule reads the `ParsedDocument` built so far and fills in its part by
calling a pure function of its own module, so every step can be tested alone. No rule touches a database or a file. The
text view (reading aids over the unwrapped text, `loaders.reading.view`) is
built once, by the `view` rule, and read by both the metric and parent rules.

The narrative rules read `doc.simplified`: the text with traditional characters
in simplified form, one character for one, so every offset is the same (a
site's 繁體 version of a report reads like the original). The last rule,
`as_written`, puts back what the report itself says: each metric's `raw`,
the section titles and the metadata come from `doc.text` at the same
positions; labels keep the simplified wording, so they match across reports.

Tables come before sections: the template's table 三 labels its rows with
heading markers (一、本年新收…, （七）总计), so the section rule must know where
the tables stand to skip them; the sections then serve both the narrative
metrics and the table cells (each cell's section is the one holding its table).
"""

from loaders import (
    checks,
    formats,
    metadata,
    metrics,
    own_tables,
    parents,
    restatements,
    sections,
    tables,
)
from loaders.document import ParsedDocument
from loaders.reading.decode import decode_document
from loaders.reading.unwrap import unwrap
from loaders.reading.view import TextView
from loaders.template_spec import simplified


def rule_format(doc):
    doc.format = formats.detect_format(doc.text)


def rule_simplified(doc):
    doc.simplified = simplified(doc.text)


def rule_metadata(doc):
    doc.report = metadata.extract_metadata(doc.simplified, doc.name)


def rule_sections(doc):
    doc.sections = sections.find_sections(doc.simplified, skip=doc.table_spans)


def rule_tables(doc):
    found = tables.extract_tables(doc.text, doc.format)
    doc.metrics.extend(found.metrics)
    doc.table_spans.extend(found.spans)
    doc.warnings.extend(found.warnings)
    own = own_tables.extract_own_tables(doc.simplified, skip=doc.table_spans)
    doc.metrics.extend(own.metrics)
    doc.table_spans.extend(own.spans)
    doc.warnings.extend(own.warnings)


def rule_view(doc):
    doc.view = TextView(unwrap(doc.simplified))


def rule_metrics(doc):
    doc.metrics.extend(
        metrics.find_metrics(
            doc.simplified, skip=doc.table_spans, view=doc.view, warnings=doc.warnings
        )
    )
    number_metrics(doc)


def number_metrics(doc):
    """Metrics in text order, keyed m1, m2, … (links already made follow their metric's new key)."""
    doc.metrics.sort(key=lambda m: (m.start, m.end))
    renamed = {}
    for number, metric in enumerate(doc.metrics, 1):
        renamed[metric.key], metric.key = f"m{number}", f"m{number}"
    for metric in doc.metrics:  # an own table's totals are linked before the keys are numbered
        metric.parent = renamed.get(metric.parent, metric.parent)


def rule_confirm_by_prose(doc):
    restatements.confirm_by_prose(doc)
    added = restatements.confirm_statistics_by_prose(doc)
    if added:
        doc.metrics.extend(added)
        number_metrics(doc)


def rule_parents(doc):
    narrative = [m for m in doc.metrics if m.table is None]
    parents.assign_parents(doc.simplified, narrative, sections=doc.sections, view=doc.view)


def rule_metric_sections(doc):
    index = sections.SectionIndex(doc.sections)
    for metric in doc.metrics:
        metric.section = index.innermost(metric.start)


def rule_checks(doc):
    doc.checks = checks.run_checks(doc)


def rule_restatements(doc):
    doc.checks.extend(restatements.restatements(doc))


def as_written(text, reading, value, start=0):
    """`value`, read in `reading`, as `text` writes it at the same place (or unchanged)."""
    if not value or text == reading:
        return value
    at = reading.find(value, start)
    return text[at : at + len(value)] if at >= 0 else value


def rule_as_written(doc):
    if doc.text == doc.simplified:
        return
    for metric in doc.metrics:
        metric.raw = doc.text[metric.start : metric.end]
    for section in doc.sections:
        section.title = as_written(doc.text, doc.simplified, section.title, section.start)
    for field in ("agency", "title", "issuer"):
        setattr(doc.report, field, as_written(doc.text, doc.simplified, getattr(doc.report, field)))


RULES = [
    ("simplified", rule_simplified),
    ("format", rule_format),
    ("metadata", rule_metadata),
    ("tables", rule_tables),
    ("sections", rule_sections),
    ("view", rule_view),
    ("metrics", rule_metrics),
    ("confirm_by_prose", rule_confirm_by_prose),
    ("parents", rule_parents),
    ("metric_sections", rule_metric_sections),
    ("checks", rule_checks),
    ("restatements", rule_restatements),
    ("as_written", rule_as_written),
]


def parse_text(text, name="document.txt", media_type="text/plain"):
    """Run every rule over an already decoded and normalised text."""
    doc = ParsedDocument(name=name, text=text, media_type=media_type)
    for _name, rule in RULES:
        rule(doc)
    return doc


def parse_bytes(data, name):
    """Decode a document's bytes (UTF-8, BOM, GB18030; HTML to text) and parse it.

    Raises `loaders.reading.decode.DocumentError` with a reason when the bytes are not
    a readable document (empty, binary, undecodable).
    """
    decoded = decode_document(data, name)
    doc = parse_text(decoded.text, name=name, media_type=decoded.media_type)
    doc.warnings[:0] = decoded.warnings
    return doc
