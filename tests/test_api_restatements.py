"""Restatements through HTTP: a prose number and the table 二 cell printing it, served as checks of kind restatement."""

from loaders.load import load_paths
from tests.conftest import FIXTURES

REPORT_2022 = FIXTURES / "real" / "pingtan" / "2022_pingtan_zone.txt"


def test_restatements_are_served_with_both_numbers(empty_app):
    assert not load_paths([REPORT_2022]).failed
    client = empty_app.test_client()
    found = client.get("/api/v1/checks", query_string={"kind": "restatement"}).get_json()
    links = []
    for check in found:
        prose = client.get(f"/api/v1/metrics/{check['metric_id']}").get_json()
        cell = client.get(f"/api/v1/metrics/{check['detail']['terms'][0]}").get_json()
        links.append(
            (
                check["rule"],
                check["status"],
                check["subject"],
                check["stated"],
                check["computed"],
                check["detail"]["cell"],
                prose["label"],
                prose["source"]["quote"],
                prose["table"],
                cell["table"],
                cell["row"],
                cell["column"],
                cell["source"]["quote"],
                cell["placement"],
            )
        )
    assert links == [
        (
            "prose_restated_by_table", "pass", "行政规范性文件 / 现行有效件数", 698, 698,
            "2/normative_documents/in_force", "现行有效行政规范性文件", "698件", None,
            "2", "normative_documents", "in_force", "698", "split_confirmed_by_prose",
        ),
        (
            "prose_restated_by_table", "pass", "行政规范性文件 / 本年制发件数", 88, 88,
            "2/normative_documents/issued", "制发的规范性文件", "88件", None,
            "2", "normative_documents", "issued", "88", "split_confirmed_by_prose",
        ),
    ]  # fmt: skip
    others = client.get("/api/v1/checks", query_string={"kind": "identity"}).get_json()
    assert {c["kind"] for c in others} == {"identity"}
