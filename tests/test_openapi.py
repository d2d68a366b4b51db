"""openapi.yaml: generated from the app, up to date, valid OpenAPI 3, and fully documented."""

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openapi_spec_validator import validate

from api import create_app
from api.docs import derived_operation_id
from api.spec import render_openapi_yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC_FILE = ROOT / "openapi.yaml"


@pytest.fixture(scope="module")
def spec():
    return yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))


def test_openapi_yaml_is_up_to_date():
    assert SPEC_FILE.exists(), "run `disclosure openapi` to write openapi.yaml"
    assert SPEC_FILE.read_text(encoding="utf-8") == render_openapi_yaml(), (
        "openapi.yaml is stale: run `disclosure openapi` and commit it"
    )


def test_cli_check_agrees(tmp_path):
    from loaders.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["openapi", "--check", "-o", str(SPEC_FILE)])
    assert result.exit_code == 0, result.output
    stale = tmp_path / "openapi.yaml"
    stale.write_text("openapi: 3.0.3\n", encoding="utf-8")
    assert runner.invoke(main, ["openapi", "--check", "-o", str(stale)]).exit_code == 1
    assert runner.invoke(main, ["openapi", "-o", str(stale)]).exit_code == 0
    assert stale.read_text(encoding="utf-8") == render_openapi_yaml()


def test_rendering_is_stable_and_readable():
    first = render_openapi_yaml()
    assert first == render_openapi_yaml()
    assert first.startswith("openapi: 3.0.3\ninfo:\n")
    assert "质量管理信息" in first  # Unicode kept, not escaped
    assert "\\u" not in first.replace("[^\\u0000]", "")


def test_it_is_valid_openapi_3(spec):
    validate(spec)


def test_it_is_what_the_app_serves(spec, api):
    served = api.get("/api/v1/openapi.json").get_json()
    assert served == yaml.safe_load(render_openapi_yaml()) or served["paths"] == spec["paths"]
    assert served["paths"] == spec["paths"]
    assert served["components"] == spec["components"]


def test_every_route_is_documented(spec):
    app = create_app({"DATABASE_URL": "sqlite:///:memory:"})
    documented = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        if (
            rule.endpoint.startswith(("api-docs.", "api-static.", "pages.", "pages-static."))
            or rule.endpoint == "static"
        ):
            continue  # the documentation, its assets and the HTML pages are not the API
        path = str(rule.rule).replace("<int:", "{").replace(">", "}")
        if rule.endpoint == "index-slash":
            assert path == "/api/v1/"
            path = "/api/v1"
        assert path in documented, path
    assert documented == {
        "/api/v1",
        "/api/v1/agencies",
        "/api/v1/reports",
        "/api/v1/reports/{report_id}",
        "/api/v1/reports/{report_id}/text",
        "/api/v1/reports/{report_id}/sections",
        "/api/v1/reports/{report_id}/checks",
        "/api/v1/sections/{section_id}",
        "/api/v1/metrics",
        "/api/v1/metrics/{metric_id}",
        "/api/v1/checks",
        "/api/v1/series",
        "/api/v1/compare",
        "/api/v1/labels",
        "/api/v1/aggregates",
        "/api/v1/search",
    }


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                yield path, method, operation, item.get("parameters", [])


def _resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        section, name = node["$ref"].split("/")[-2:]
        node = spec["components"][section][name]
    return node


def test_every_operation_has_summary_description_and_documented_responses(spec):
    for path, method, operation, _ in _operations(spec):
        assert method == "get", (path, method)
        assert operation.get("summary") and operation.get("description"), path
        assert operation.get("tags"), path
        responses = operation["responses"]
        assert {"200", "304", "default"} <= set(responses), path
        assert "ETag" in responses["200"]["headers"]
        if "{" in path:
            assert "404" in responses, path
        if any(p.get("in") == "query" for p in operation.get("parameters", [])):
            assert "422" in responses, path
        if path in (
            "/api/v1/agencies",
            "/api/v1/reports",
            "/api/v1/metrics",
            "/api/v1/checks",
            "/api/v1/reports/{report_id}/checks",
        ):
            assert {"X-Pagination", "Link"} <= set(responses["200"]["headers"]), path


def test_every_parameter_has_a_description_and_an_example(spec):
    """Required parameters prefill Swagger UI's "Try it out" with their `example`; optional
    ones keep theirs in `x-example` and the description, so Execute sends no filter the
    user did not type."""
    for path, _, operation, shared in _operations(spec):
        for parameter in shared + operation.get("parameters", []):
            parameter = _resolve(spec, parameter)
            name = f"{path} {parameter['name']}"
            assert parameter.get("description"), name
            example = parameter.get("example", parameter.get("schema", {}).get("example"))
            if parameter.get("required"):
                assert example is not None, name
            else:
                assert example is None, f"{name}: an example would prefill Try it out"
                assert parameter.get("x-example") is not None, name
                assert "Example: `" in parameter["description"], name


def test_every_operation_has_a_readable_unique_operation_id(spec):
    ids = {
        (path, method): operation.get("operationId")
        for path, method, operation, _ in _operations(spec)
    }
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)*", value or "") for value in ids.values()), ids
    assert len(set(ids.values())) == len(ids)
    assert ids[("/api/v1/metrics", "get")] == "listMetrics"
    assert ids[("/api/v1/metrics/{metric_id}", "get")] == "getMetric"
    assert ids[("/api/v1/reports/{report_id}/text", "get")] == "getReportText"
    assert ids[("/api/v1", "get")] == "getIndex"


@pytest.mark.parametrize(
    "path, method, expected",
    [
        ("/api/v1/reports/{report_id}/pages", "get", "getReportsPages"),
        ("/api/v1/search", "get", "getSearch"),
        ("/api/v1/label_stats", "get", "getLabelStats"),
    ],
)
def test_an_operation_missing_from_the_table_gets_a_derived_id(path, method, expected):
    assert derived_operation_id(path, method) == expected


def _required_arguments(spec, path, operation, shared):
    """The URL and query Swagger UI's Try it out sends with its default inputs."""
    query = {}
    for parameter in shared + operation.get("parameters", []):
        parameter = _resolve(spec, parameter)
        if not parameter.get("required"):
            continue
        example = parameter.get("example", parameter.get("schema", {}).get("example"))
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(example))
        else:
            query[parameter["name"]] = example
    return path, query


def test_try_it_out_with_default_inputs_returns_rows_on_the_seeds(spec, client):
    for path, _, operation, shared in _operations(spec):
        url, query = _required_arguments(spec, path, operation, shared)
        response = client.get(url, query_string=query)
        assert response.status_code == 200, (url, query, response.get_data(as_text=True)[:300])
        assert response.mimetype == "application/json", url
        assert response.get_json(), (url, query)


def _properties(spec):
    for name, schema in spec["components"]["schemas"].items():
        assert schema.get("description"), name
        for field, prop in schema.get("properties", {}).items():
            yield f"{name}.{field}", prop


def test_every_field_has_a_description_and_scalars_an_example(spec):
    for name, prop in _properties(spec):
        assert prop.get("description"), name
        is_reference = (
            "allOf" in prop
            or "anyOf" in prop
            or prop.get("type") == "array"
            and "$ref" in prop.get("items", {})
        )
        if not is_reference:
            assert "example" in prop, name


def test_examples_come_from_the_seeds(spec):
    metric = spec["components"]["schemas"]["Metric"]["properties"]
    assert (
        metric["label"]["example"],
        metric["value"]["example"],
        metric["unit"]["example"],
        metric["agency"]["example"],
        metric["year"]["example"],
    ) == ("质量管理信息", 718, "条", "质检总局", 2011)
    parameters = {
        p["name"]: p for p in spec["paths"]["/api/v1/metrics"]["get"]["parameters"] if "name" in p
    }
    assert parameters["label"]["x-example"] == ["质量管理信息"]
    assert parameters["agency"]["x-example"] == "质检总局"
    assert parameters["page_size"]["schema"]["maximum"] == 500


def test_the_spec_documents_the_design(spec):
    description = spec["info"]["description"]
    for words in (
        "X-Pagination",
        "Link",
        "beyond the last is an empty list",
        "ETag",
        "If-None-Match",
        "422",
        "404",
        "405",
        "CORS",
    ):
        assert words in description, words
    text_op = spec["paths"]["/api/v1/reports/{report_id}/text"]["get"]
    assert "every" in text_op["description"] and "offset" in text_op["description"]
