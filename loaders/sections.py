"""The section tree: 一、 (level 1), （一） (level 2), 附件 (attachment)."""


def find_sections(text):
    """Sections of a report in text order (placeholder: none)."""
    return []


def innermost_section(sections, offset):
    """Key of the deepest section whose span holds `offset`, or None."""
    best = None
    for section in sections:
        if section.start <= offset < section.end:
            if best is None or section.level >= best.level:
                best = section
    return best.key if best else None
