"""The gold thresholds on both seeds (loaders.evaluation.narrative), and the evaluator's own rules."""

import json

import pytest

from loaders.evaluation.narrative import (
    GOLD,
    SEEDS,
    THRESHOLDS,
    evaluate_all,
    evaluate_document,
    label_is_not_a_sentence,
    label_matches,
    main,
    seed_pairs,
)

SEED_NAMES = ["aqsiq-2011-annual-report", "aqsiq-2012-subsites-disclosure"]


@pytest.fixture(scope="module")
def results():
    return {result["document"].rsplit(".", 1)[0]: result for result in evaluate_all()}


def test_every_seed_with_gold_is_evaluated(results):
    assert sorted(results) == SEED_NAMES
    assert [path.stem for path, _gold in seed_pairs()] == SEED_NAMES


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_gold_metric_is_found_with_its_exact_span(results, name):
    result = results[name]
    assert result["spans_pct"] == 100.0, result["problems"].get("missing")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_values_units_and_approximations_equal_the_gold(results, name):
    result = results[name]
    assert result["values_pct"] == 100.0, result["problems"].get("values")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_labels_contain_the_gold_label_and_are_not_sentences(results, name):
    result = results[name]
    assert result["labels_pct"] == 100.0, result["problems"].get("labels")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_parents_agree_with_the_gold(results, name):
    result = results[name]
    assert result["parents_pct"] >= THRESHOLDS["parents_pct"], result["problems"].get("parents")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_sections_agree_with_the_gold(results, name):
    result = results[name]
    assert result["sections_pct"] >= THRESHOLDS["sections_pct"], result["problems"].get("sections")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_metric_outside_the_gold_and_optional_spans(results, name):
    assert results[name]["extra_spans"] == []


@pytest.mark.parametrize("name", SEED_NAMES)
def test_report_metadata_equals_the_gold(results, name):
    assert results[name]["metadata_diff"] == {}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_document_passes(results, name):
    assert results[name]["passed"], results[name]["failures"]


@pytest.mark.parametrize(
    "label, gold, expected",
    [
        ("质量管理信息", "质量管理信息", True),
        ("各类计量动态信息", "计量动态信息", True),
        ("质检总局成立以前的历史档案", "历史档案", True),  # 9 characters more: still a noun phrase
        (
            "共向中央档案馆移交质检总局成立以前的历史档案",
            "历史档案",
            False,
        ),  # much longer than needed
        ("发布信息。公布文件", "文件", False),  # a sentence mark
        ("通过网络，公开信息", "公开信息", False),  # a comma the gold has not
        ("设定、调整和取消，及其办事流程", "设定、调整和取消，及其办事流程", True),
        ("a.b.c.信息", "信息", False),  # two `.` more than the gold in a flattened text
        ("", "信息", False),
    ],
)
def test_label_is_not_a_sentence(label, gold, expected):
    assert label_is_not_a_sentence(label, gold) is expected


def test_label_must_contain_the_gold_label():
    assert label_matches("计量动态信息", "计量动态信息")
    assert not label_matches("动态信息", "计量动态信息")


def test_a_missed_threshold_is_reported(tmp_path):
    gold = json.loads((GOLD / "aqsiq-2011-annual-report.json").read_text(encoding="utf-8"))
    gold["report"]["agency"] = "别的机关"
    gold["metrics"][0]["label"] = "不在文中的标签"
    altered = tmp_path / "gold.json"
    altered.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = evaluate_document(SEEDS / "aqsiq-2011-annual-report.txt", altered)
    assert not result["passed"]
    assert result["metadata_diff"] == {"agency": {"found": "质检总局", "gold": "别的机关"}}
    assert result["labels"] == len(gold["metrics"]) - 1
    assert any("labels_pct" in failure for failure in result["failures"])


def test_cli_exits_zero_when_every_seed_passes(capsys):
    assert main([]) == 0
    assert "PASS" in capsys.readouterr().out
    assert main(["--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [item["document"] for item in printed] == [name + ".txt" for name in SEED_NAMES]
