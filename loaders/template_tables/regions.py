"""Where the template tables stand: their section headings (二、 三、 四、), or an anchor line when a heading is missing."""

from loaders import template_spec as spec
from loaders.template_tables.cells import iter_lines
from loaders.vocabulary.tables import FALLBACK_ANCHORS, SECTION_HEADINGS, TABLE_SECTION_HEADING


def find_headings(text):
    """Offsets of the template's section headings 二 … 六 (first of each), by number and meaning."""
    found = {}
    for offset, line in iter_lines(text, 0, len(text)):
        match = TABLE_SECTION_HEADING.match(line)
        if not match:
            continue
        entry = SECTION_HEADINGS.get(match.group(1))
        if entry and entry[0] not in found and any(k in match.group(2)[:30] for k in entry[1]):
            found[entry[0]] = offset
    return found


def _fallback_anchor(text, table, after):
    """Offset of the first line after `after` that starts `table` when its heading is missing."""
    for offset, line in iter_lines(text, after, len(text)):
        norm = spec.normalise(line).strip("|")
        contained, whole = FALLBACK_ANCHORS[table]
        if any(k in norm for k in contained) or norm in whole:
            return offset
    return None


def find_regions(text):
    """(table, start, end) of the text region each table is read from, in text order."""
    headings = find_headings(text)
    starts, after = {}, 0
    for table in ("2", "3", "4"):
        start = headings.get(table)
        if start is None:
            start = _fallback_anchor(text, table, after)
        if start is not None:
            starts[table] = start
            after = start
    bounds = sorted(set(starts.values()) | {headings[k] for k in ("5", "6") if k in headings})
    regions = []
    for table, start in sorted(starts.items(), key=lambda kv: kv[1]):
        end = next((b for b in bounds if b > start), len(text))
        regions.append((table, start, end))
    return regions
