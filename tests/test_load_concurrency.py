"""Several `disclosure load` processes on one database at once (SQLite and PostgreSQL):
no good document fails and nothing is replaced needlessly, over disjoint and identical sets."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from store.db import open_database
from store.models import Report, ReportSource
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = 6
"""Documents per set: distinct versions of the 2012 seed (a different count each)."""


def make_set(folder, first):
    folder.mkdir()
    data = (SEEDS / "aqsiq-2012-subsites-disclosure.txt").read_text(encoding="utf-8")
    assert "3550条" in data
    for number in range(first, first + DOCUMENTS):
        (folder / f"report-{number:02d}.txt").write_text(
            data.replace("3550条", f"{3550 + number}条", 1), encoding="utf-8"
        )
    return folder


def run_loaders(url, folders):
    """Start one `disclosure load` per folder at the same time; their summary counts."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "loaders.cli", "load", "-q", str(folder), "--database-url", url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    counts = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert "Traceback" not in err, err
        match = re.search(r"(\d+) loaded, (\d+) replaced, (\d+) unchanged, (\d+) failed", out)
        assert match, out + err
        counts.append(tuple(int(n) for n in match.groups()))
    return counts


@pytest.mark.parametrize("overlap", ["disjoint", "identical"])
def test_concurrent_loaders_fail_nothing_and_replace_nothing(backend, tmp_path, overlap):
    url = backend.fresh_url("concurrent")
    if overlap == "disjoint":
        folders = [make_set(tmp_path / f"set{n}", n * DOCUMENTS) for n in range(3)]
        expected_reports = 3 * DOCUMENTS
    else:
        folders = [make_set(tmp_path / "set0", 0)] * 3
        expected_reports = DOCUMENTS
    counts = run_loaders(url, folders)
    loaded = sum(c[0] for c in counts)
    replaced = sum(c[1] for c in counts)
    failed = sum(c[3] for c in counts)
    assert (loaded, replaced, failed) == (expected_reports, 0, 0), counts
    assert sum(c[2] for c in counts) == 3 * DOCUMENTS - expected_reports
    db = open_database(url)
    db.connect(reuse_if_open=True)
    try:
        assert Report.select().count() == expected_reports
        assert ReportSource.select().count() == expected_reports
    finally:
        db.close()
