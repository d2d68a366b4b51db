"""GET /api/v1/metrics and /api/v1/metrics/{id} through HTTP, on both backends."""


def test_metrics_list_serves_values_with_their_source(api):
    response = api.get("/api/v1/metrics", query_string={"label": "质量管理信息", "sort": "year"})
    assert response.status_code == 200
    items = response.get_json()
    assert [(m["year"], m["value"]) for m in items] == [(2011, 718), (2011, 718), (2012, 3550)]
    assert all(m["source"]["quote"] == m["raw"] for m in items)
