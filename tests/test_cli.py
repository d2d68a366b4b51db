"""The `disclosure` command: evaluate, initdb and openapi (load has its own tests in test_load.py)."""
from click.testing import CliRunner

from loaders.cli import main as cli


def test_evaluate_prints_both_evaluations_and_passes():
    result = CliRunner().invoke(cli, ["evaluate"])
    assert result.exit_code == 0, result.output
    assert result.output.count(": PASS") == 2
    total = next(line for line in result.output.splitlines() if line.startswith("TOTAL")).split()
    expected, found, equal = map(int, total[1:4])
    assert expected == found == equal > 0


def test_initdb_creates_the_schema(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = CliRunner().invoke(cli, ["initdb", "--database-url", url])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new.db").exists()


def test_openapi_check_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / "openapi.yaml"
    stale.write_text("openapi: 3.0.3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["openapi", "--check", "--output", str(stale)])
    assert result.exit_code == 1
    assert "is stale" in result.output
    written = CliRunner().invoke(cli, ["openapi", "--output", str(stale)])
    assert written.exit_code == 0
    assert CliRunner().invoke(cli, ["openapi", "--check", "--output", str(stale)]).exit_code == 0
