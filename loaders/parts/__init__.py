"""Part-of relations: the reader of loaders.parents split by concern (geometry, shapes, wholes, cues, rules at each metric)."""
