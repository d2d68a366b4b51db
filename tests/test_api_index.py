"""GET /api/v1 and /api/v1/: the entry point lists every endpoint with a link that answers."""

import pytest


@pytest.mark.parametrize("url", ["/api/v1", "/api/v1/"])
def test_the_index_answers_with_and_without_the_slash(api, url):
    response = api.get(url)
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["title"] == "Disclosure API"
    assert body["docs"] == {
        "swagger_ui": "http://localhost/api/v1/docs",
        "redoc": "http://localhost/api/v1/redoc",
        "openapi": "http://localhost/api/v1/openapi.json",
        "pages": "http://localhost/",
    }


def test_the_index_lists_every_documented_endpoint(api):
    body = api.get("/api/v1").get_json()
    spec = api.get("/api/v1/openapi.json").get_json()
    assert [e["path"] for e in body["endpoints"]] == list(spec["paths"])
    metric = next(e for e in body["endpoints"] if e["path"] == "/api/v1/metrics/{metric_id}")
    assert metric == {
        "path": "/api/v1/metrics/{metric_id}",
        "href": "http://localhost/api/v1/metrics/{metric_id}",
        "operation_id": "getMetric",
        "summary": "Get a metric with its parent, parts and reconciliation",
        "example": "http://localhost/api/v1/metrics/82",
    }


def test_every_example_link_of_the_index_answers_with_data(client):
    for endpoint in client.get("/api/v1").get_json()["endpoints"]:
        url = endpoint["example"].removeprefix("http://localhost")
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get_json(), url
