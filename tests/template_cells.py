"""Shared by the template-table tests: fixture folders, hand-written reports as cell ids, parsed cells by id."""

import json
from functools import lru_cache
from pathlib import Path

from loaders.pipeline import parse_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures"


class FixtureFolder:
    """A folder of template fixtures with its hand-written expected/manifest.json and reports."""

    def __init__(self, name):
        self.path = FIXTURES / name
        manifest = (self.path / "expected" / "manifest.json").read_text(encoding="utf-8")
        self.manifest = json.loads(manifest)["fixtures"]
        self.names = sorted(self.manifest)
        self.parsed = lru_cache(maxsize=None)(self._parse)
        self.report = lru_cache(maxsize=None)(self._report)

    def _parse(self, name):
        """The fixture `name` through the whole pipeline (cached: the tests only read it)."""
        return parse_bytes((self.path / name).read_bytes(), name)

    def _report(self, name):
        """The hand-written report expected/`name`."""
        return json.loads((self.path / "expected" / name).read_text(encoding="utf-8"))


# Table 三's columns in the template's order, as the hand-written reports list their values.
COLUMNS3 = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
]


def cells_of(doc):
    """{"table/row/column": metric} of a parsed document's template and statistics table cells.

    An agency's own table (placement `own_table`, `loaders.own_tables`) is no template table: its
    cells are tested in tests/test_own_tables.py.
    """
    return {
        f"{m.table}/{m.row}/{m.column}": m
        for m in doc.metrics
        if m.table and m.placement != "own_table"
    }


def hand_written_cells(data):
    """{"table/row/column": value as written} of a hand-written report (expected/report_*.json)."""
    cells = {}
    for row, columns in data["table2"].items():
        cells.update({f"2/{row}/{c}": v for c, v in columns.items()})
    for row, values in data["table3"].items():
        cells.update({f"3/{row}/{c}": v for c, v in zip(COLUMNS3, values)})
    for group, results in data["table4"].items():
        cells.update({f"4/cases/{group}_{r}": v for r, v in results.items()})
    return cells
