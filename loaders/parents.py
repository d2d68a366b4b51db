"""Part-of relations between metrics: 其中, 一是/二是, 共, （含）, breakdown lists."""


def assign_parents(text, metrics):
    """Set `parent` on each metric that is part of another (placeholder: none)."""
    return metrics
