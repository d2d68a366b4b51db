"""The table evaluation: figures per fixture and the printed summary."""

import json
from pathlib import Path

from loaders.evaluation import tables as evaluate_tables

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "template"
MANIFEST = json.loads((FIXTURES / "expected" / "manifest.json").read_text(encoding="utf-8"))[
    "fixtures"
]
WILD = json.loads(
    (FIXTURES.parent / "template_wild" / "expected" / "manifest.json").read_text(encoding="utf-8")
)["fixtures"]
VARIANTS = json.loads(
    (FIXTURES.parent / "template_variants" / "expected" / "manifest.json").read_text(
        encoding="utf-8"
    )
)["fixtures"]


def test_evaluate_all_gives_one_entry_per_fixture_with_every_cell_right():
    results = {r["fixture"]: r for r in evaluate_tables.evaluate_all()}
    assert sorted(results) == sorted(MANIFEST)
    for name, result in results.items():
        assert result["format"] == result["format_expected"], name
        assert result["cells_found"] == result["value_equal"] == result["cells_expected"], name
        assert result["cells_unexpected"] == [], name
        assert result["identities_as_expected"] == result["identities_total"], name
    # Figures written out by hand: 2021 format 10 + 175 + 15 cells, 2019 format 22 + 161 + 15.
    assert results["t2021_page.html"]["cells_expected"] == 200
    assert results["t2020_rows.txt"]["cells_expected"] == 198
    assert results["bad_missing_row.txt"]["cells_expected"] == 193
    assert results["bad_truncated.txt"]["cells_expected"] == 10 + 7 * 14 + 3
    assert results["bad_run_together.txt"]["unreadable"] == 7
    assert results["bad_non_numeric.txt"]["unreadable"] == 1
    assert results["t2021_cells.txt"]["unreadable"] == 0
    assert results["bad_identity.md"]["identities"] == {"pass": 39, "fail": 3}


def test_main_prints_a_row_per_fixture_and_totals(capsys):
    evaluate_tables.main()
    lines = capsys.readouterr().out.strip().split("\n")
    assert lines[0].split()[:6] == ["fixture", "format", "exp", "found", "equal", "unread"]
    assert len(lines) == 1 + len(MANIFEST) + len(WILD) + len(VARIANTS) + 1
    total = lines[-1].split()
    assert total[0] == "TOTAL"
    assert total[1] == total[2] == total[3]


def test_a_misplaced_cell_is_printed_below_its_fixture(monkeypatch, capsys):
    result = {
        "fixture": "x.md",
        "format": "template_2021",
        "format_expected": "template_2021",
        "cells_expected": 1,
        "cells_found": 1,
        "value_equal": 0,
        "unreadable": 0,
        "cells_unexpected": [],
        "cells_misplaced": [("3/disclosed/total", 4.0, 5.0)],
        "identities": {},
        "identities_as_expected": 0,
        "identities_total": 0,
        "table_warnings": [],
    }
    monkeypatch.setattr(evaluate_tables, "FOLDERS", (FIXTURES,))
    monkeypatch.setattr(evaluate_tables, "evaluate_all", lambda folder: [result])
    assert evaluate_tables.main() == 1
    lines = capsys.readouterr().out.strip().split("\n")
    assert lines[2].strip() == "misplaced cell 3/disclosed/total: 4.0 for 5.0"
