"""The documentation's figures are the seeds' figures: counts and ids quoted in README.md and
docs/analysis.md are read out of the docs and compared with what the API answers over the
seeds loaded by the real loader (as `make run` serves them), so the docs cannot drift.
(The curl examples themselves run in tests/test_api_server.py.)"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ANALYSIS = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")


def test_the_readme_load_summary_is_what_loading_the_seeds_prints(store):
    from loaders.load import load_paths

    summary = load_paths([ROOT / "seeds"])
    documented = re.search(
        r"`documents: (\d+) loaded, 0 replaced, 0 unchanged, 0 failed; (\d+) sections, "
        r"(\d+) metrics; [\d.]+ s`",
        README,
    )
    assert documented, "the README's example summary line"
    printed = re.search(
        r"documents: (\d+) loaded, .*; (\d+) sections, (\d+) metrics;", summary.line()
    )
    assert documented.groups() == printed.groups(), summary.line()


def test_the_readme_quality_values_per_year(client):
    assert "(718 in 2011, 3550 in 2012)" in README
    points = client.get("/api/v1/series", query_string={"label": "质量管理信息"}).get_json()
    assert [(p["year"], p["value"]) for p in points] == [(2011, 718), (2012, 3550)]


def _json_block_after(heading):
    section = ANALYSIS[ANALYSIS.index(heading) :]
    return json.loads(re.search(r"```json\n(.*?)```", section, flags=re.S).group(1))


def test_the_series_example_has_the_seeds_ids_and_offsets(client):
    documented = _json_block_after("## Series")
    served = client.get("/api/v1/series", query_string={"label": "质量管理信息"}).get_json()
    assert len(documented) == len(served) == 2
    first, shown = served[0], documented[0]
    for key in (
        "agency",
        "year",
        "value",
        "unit",
        "label",
        "raw",
        "metric_id",
        "report_id",
        "section_id",
        "parent_id",
        "occurrences",
        "other_metric_ids",
    ):
        assert shown[key] == first[key], key
    for key in ("start", "end", "quote", "context_start", "context_end"):
        assert shown["source"][key] == first["source"][key], key
    # The context is shown cut with … on both sides: the middle is the served one's.
    assert shown["source"]["context"].strip("…") in first["source"]["context"]
    for key, value in documented[1].items():
        if key != "…":
            assert served[1][key] == value, key


def test_the_compare_example_figures(client):
    rows = client.get(
        "/api/v1/compare",
        query_string={"left": 1, "right": 2, "status": "both", "sort": "-change", "page_size": 3},
    ).get_json()
    documented = re.findall(
        r"(\S+) (\S) (\d+) → (\d+)(?: \(\+(\d+), ([\d.]+)\))?",
        ANALYSIS[ANALYSIS.index("## Compare") : ANALYSIS.index("- Every label")],
    )
    assert len(documented) == len(rows) == 3
    for (label, unit, left, right, change, relative), row in zip(documented, rows, strict=True):
        assert (row["label"], row["unit"]) == (label, unit)
        assert (row["left"]["value"], row["right"]["value"]) == (int(left), int(right))
        if change:
            assert (row["change"], row["relative_change"]) == (int(change), float(relative))


def test_the_aggregates_example_rows(client):
    lines = re.findall(r"^#\s+\[?(\{\"year\".*?\})[\],]?$", ANALYSIS, flags=re.M)
    documented = [json.loads(line) for line in lines]
    assert len(documented) == 2
    served = client.get(
        "/api/v1/aggregates", query_string={"fn": "sum", "unit": "条", "group_by": "year"}
    ).get_json()
    assert served == documented


def test_the_restated_total_of_the_aggregates_text(client):
    assert "total counts twice (质量管理信息 2011: 1436)" in ANALYSIS
    rows = client.get(
        "/api/v1/aggregates",
        query_string={"fn": "sum", "label": "质量管理信息", "group_by": "year"},
    ).get_json()
    assert rows[0]["year"] == 2011 and rows[0]["value"] == 1436
