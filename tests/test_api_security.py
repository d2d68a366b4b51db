"""Security headers, Vary and optional rate limiting (api.security), over HTTP on both backends."""

import pytest

from api import create_app


@pytest.mark.parametrize(
    ("path", "query", "csp"),
    [
        ("/api/v1/reports", {}, False),
        ("/api/v1/metrics", {"format": "csv"}, False),
        ("/api/v1/metrics", {"page_size": "0"}, False),  # an error
        ("/api/v1/docs", {}, True),
        ("/api/v1/redoc", {}, True),
        ("/api/v1/openapi.json", {}, False),
    ],
)
def test_nosniff_everywhere_and_a_csp_on_html(client, path, query, csp):
    response = client.get(path, query_string=query)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert ("Content-Security-Policy" in response.headers) is csp
    if csp:
        policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy and "default-src 'self'" in policy
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("accept", [None, "text/csv", "application/x-ndjson", "image/png"])
def test_negotiated_responses_vary_on_accept(client, accept):
    response = client.get("/api/v1/metrics", headers={"Accept": accept} if accept else {})
    assert "Accept" in response.headers["Vary"]


def test_static_assets_do_not_vary(client):
    response = client.get("/api/v1/static/redoc/redoc.standalone.js")
    assert response.status_code == 200
    assert "Vary" not in response.headers


def test_no_rate_limit_unless_configured(client):
    assert all(client.get("/api/v1/agencies").status_code == 200 for _ in range(30))


def test_rate_limit_answers_json_429_with_retry_after(seeded_url):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": seeded_url, "RATELIMIT_DEFAULT": "3 per minute"}
    )
    client = app.test_client()
    assert [client.get("/api/v1/agencies").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/v1/agencies")
    assert response.status_code == 429
    assert response.json == {
        "code": 429,
        "status": "Too Many Requests",
        "message": "Too many requests: the limit is 3 per 1 minute; retry after the seconds "
        "in Retry-After.",
        "errors": {},
    }
    assert 0 < int(response.headers["Retry-After"]) <= 60
