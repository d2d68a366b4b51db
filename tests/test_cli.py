"""The `disclosure` command: evaluate, initdb and openapi (load has its own tests in test_load.py)."""

from click.testing import CliRunner

from loaders.cli import main as cli
from loaders.evaluation.e2e import E2E
from loaders.evaluation.narrative import HELD_OUT, held_out_fixtures
from loaders.evaluation.real import expectation_files

HELD_OUT_REPORTS = len(held_out_fixtures(HELD_OUT))


def test_evaluate_prints_both_evaluations_and_passes():
    result = CliRunner().invoke(cli, ["evaluate"])
    assert result.exit_code == 0, result.output
    assert result.output.count(": PASS") == 2
    total = next(line for line in result.output.splitlines() if line.startswith("TOTAL")).split()
    expected, found, equal = map(int, total[1:4])
    assert expected == found == equal > 0


def test_evaluate_held_out_scores_the_seeds_then_the_held_out_reports():
    result = CliRunner().invoke(cli, ["evaluate", "--held-out"])
    assert result.exit_code == 0, result.output
    seeds, held_out = result.output.split("held-out narrative fixtures:")
    assert seeds.count(": PASS") == 2
    assert held_out.count(": PASS") == HELD_OUT_REPORTS


def test_evaluate_e2e_brief_prints_one_line_per_whole_report():
    result = CliRunner().invoke(cli, ["evaluate", "--e2e", "--brief"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(list(E2E.glob("*.json")))
    assert all(" meta 8/8 " in line for line in lines)


def test_evaluate_tables_prints_only_the_table_evaluation():
    result = CliRunner().invoke(cli, ["evaluate", "--tables"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("fixture ")
    assert ": PASS" not in result.output


def test_evaluate_real_brief_prints_one_line_per_real_report_and_a_total():
    result = CliRunner().invoke(cli, ["evaluate", "--real", "--brief"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == [
        p.name.replace(".json", ".txt") for p in expectation_files()
    ] + ["TOTAL"]
    assert lines[-1].startswith("TOTAL meta 112/112 ")


def test_evaluate_real_without_brief_adds_the_details_under_each_report():
    result = CliRunner().invoke(cli, ["evaluate", "--real"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) > len(expectation_files()) + 1
    assert any(line.startswith("    ") for line in lines)
    assert lines[-1].startswith("TOTAL ")


def test_evaluate_options_are_exclusive_runs():
    """--tables and --e2e share one option: the last given wins, as click's flag_value does."""
    result = CliRunner().invoke(cli, ["evaluate", "--e2e", "--tables"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("fixture ")


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
