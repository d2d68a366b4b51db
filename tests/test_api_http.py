"""HTTP behaviour shared by every endpoint: pagination, errors, ETag/304, CORS, docs, cost."""

import datetime
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

LISTS = ["/api/v1/agencies", "/api/v1/reports", "/api/v1/metrics", "/api/v1/checks"]


def pagination(response):
    return json.loads(response.headers["X-Pagination"])


def links(response):
    """{rel: (path, query dict)} of the Link header."""
    found = {}
    for part in response.headers.get("Link", "").split(", <"):
        if not part:
            continue
        url, rel = part.lstrip("<").split(">; rel=")
        parts = urlsplit(url)
        assert parts.scheme == "http" and parts.netloc  # absolute
        found[rel.strip('"')] = (parts.path, parse_qs(parts.query))
    return found


def total_metrics(api):
    return pagination(api.get("/api/v1/metrics", query_string={"page_size": 1}))["total"]


# --------------------------------------------------------------------------- pagination


def test_first_middle_and_last_pages(api):
    SIZE = 40
    total = total_metrics(api)
    assert total == 420
    first = api.get("/api/v1/metrics", query_string={"page_size": SIZE, "label_contains": "信息"})
    meta = pagination(first)
    count = meta["total"]
    assert 2 * SIZE < count < 420
    pages = -(-count // SIZE)
    assert isinstance(meta.pop("next_cursor"), str)
    assert meta == {
        "total": count,
        "total_pages": pages,
        "first_page": 1,
        "last_page": pages,
        "page": 1,
        "next_page": 2,
    }
    assert len(first.get_json()) == SIZE
    rels = links(first)
    assert set(rels) == {"first", "next", "last"}
    path, query = rels["next"]
    assert path == "/api/v1/metrics"
    assert query == {"page_size": [str(SIZE)], "label_contains": ["信息"], "page": ["2"]}
    assert rels["last"][1]["page"] == [str(pages)]

    middle = api.get(
        "/api/v1/metrics", query_string={"page_size": SIZE, "label_contains": "信息", "page": 2}
    )
    assert pagination(middle)["previous_page"] == 1 and pagination(middle)["next_page"] == 3
    assert set(links(middle)) == {"first", "prev", "next", "last"}

    last = api.get(
        "/api/v1/metrics", query_string={"page_size": SIZE, "label_contains": "信息", "page": pages}
    )
    assert len(last.get_json()) == count - SIZE * (pages - 1)
    assert "next_page" not in pagination(last)
    assert set(links(last)) == {"first", "prev", "last"}

    seen = []
    for page in range(1, pages + 1):
        seen += [
            m["id"]
            for m in api.get(
                "/api/v1/metrics",
                query_string={"page_size": SIZE, "label_contains": "信息", "page": page},
            ).get_json()
        ]
    assert len(seen) == len(set(seen)) == count


def test_page_beyond_the_last_is_an_empty_200(api):
    total = total_metrics(api)
    response = api.get("/api/v1/metrics", query_string={"page": 99, "page_size": 50})
    assert response.status_code == 200 and response.get_json() == []
    last = -(-total // 50)
    assert pagination(response) == {
        "total": total,
        "total_pages": last,
        "first_page": 1,
        "last_page": last,
        "page": 99,
        "previous_page": last,
    }
    rels = links(response)
    assert set(rels) == {"first", "prev", "last"} and rels["prev"][1]["page"] == [str(last)]


def test_empty_result_has_no_pages(api):
    response = api.get("/api/v1/metrics", query_string={"label": "不存在的指标"})
    assert response.status_code == 200 and response.get_json() == []
    assert pagination(response) == {"total": 0, "total_pages": 0, "page": 1}
    assert "Link" not in response.headers


def test_page_size_at_the_maximum_and_above(api):
    response = api.get("/api/v1/metrics", query_string={"page_size": 500})
    assert response.status_code == 200
    assert len(response.get_json()) == 420 and pagination(response)["total_pages"] == 1
    too_big = api.get("/api/v1/metrics", query_string={"page_size": 501})
    assert too_big.status_code == 422
    body = too_big.get_json()
    assert list(body["errors"]["query"]) == ["page_size"]
    assert "page_size" in body["message"]


def test_default_page_size_is_50(api):
    response = api.get("/api/v1/metrics")
    assert len(response.get_json()) == 50 and pagination(response)["total_pages"] == 9


def test_repeated_parameters_are_kept_in_links(api):
    response = api.get("/api/v1/metrics?label=质量管理信息&label=计量管理信息&page_size=1")
    query = links(response)["next"][1]
    assert query["label"] == ["质量管理信息", "计量管理信息"] and query["page"] == ["2"]


@pytest.mark.parametrize("url", LISTS)
def test_every_list_is_paginated(api, url):
    response = api.get(url, query_string={"page_size": 1})
    assert response.status_code == 200
    assert len(response.get_json()) <= 1
    assert pagination(response)["page"] == 1
    assert api.get(url, query_string={"page_size": 0}).status_code == 422
    assert api.get(url, query_string={"page": 0}).status_code == 422


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "params, field",
    [
        ({"lable": "质量管理信息"}, "lable"),
        ({"year": "二〇一一"}, "year"),
        ({"year": "99999999999999999999999"}, "year"),
        ({"report": "99999999999999999999"}, "report"),
        ({"report": "-1"}, "report"),
        ({"report": "1.5"}, "report"),
        ({"value_min": "abc"}, "value_min"),
        ({"value_min": "nan"}, "value_min"),
        ({"value_max": "1e999"}, "value_max"),
        ({"approx": "roughly"}, "approx"),
        ({"parent": "root"}, "parent"),
        ({"parent": "0"}, "parent"),
        ({"parent": "99999999999"}, "parent"),
        ({"parent": "-5"}, "parent"),
        ({"sort": "size"}, "sort"),
        ({"sort": "value, year"}, "sort"),
        ({"sort": "value,"}, "sort"),
        ({"sort": "--value"}, "sort"),
        ({"sort": ""}, "sort"),
        ({"label": ""}, "label"),
        ({"label": "质量\x00管理"}, "label"),
        ({"label_contains": "x" * 201}, "label_contains"),
        ({"page": "0"}, "page"),
        ({"page": "-2"}, "page"),
        ({"page": "100000000000"}, "page"),
        ({"page_size": "many"}, "page_size"),
    ],
)
def test_bad_query_parameters_are_422_naming_them(api, params, field):
    response = api.get("/api/v1/metrics", query_string=params)
    assert response.status_code == 422, response.get_json()
    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"}
    assert body["code"] == 422 and body["status"] == "Unprocessable Entity"
    assert field in body["errors"]["query"] and field in body["message"]


def test_unknown_sort_key_error_lists_the_keys(api):
    body = api.get("/api/v1/metrics", query_string={"sort": "-size"}).get_json()
    assert "'-size'" in body["errors"]["query"]["sort"][0]
    assert "value" in body["errors"]["query"]["sort"][0]


def test_inverted_ranges_match_nothing(api):
    for params in ({"year_from": 2012, "year_to": 2011}, {"value_min": 10, "value_max": 1}):
        response = api.get("/api/v1/metrics", query_string=params)
        assert response.status_code == 200 and response.get_json() == []


def test_repeated_sort_keys_keep_the_first(api):
    once = api.get("/api/v1/metrics", query_string={"sort": "-value"}).get_json()
    assert api.get("/api/v1/metrics", query_string={"sort": "-value,value"}).get_json() == once


def test_several_bad_parameters_are_all_named(api):
    body = api.get(
        "/api/v1/metrics", query_string={"foo": 1, "year": "x", "sort": "bad"}
    ).get_json()
    assert set(body["errors"]["query"]) == {"foo", "year", "sort"}


@pytest.mark.parametrize(
    "raw",
    [
        "label=%FF%FE",
        "label=%C3%28",
        "label_contains=%80",
        "foo%FF=1",
        "sort=%00",
        "label=%00",
        "agency=%E8%B4",
        "page=%EF%BC%91",
        "year=%00",
        "unit=" + "%E6%9D%A1" * 17,
    ],
)
def test_odd_bytes_never_make_a_500(api, raw):
    response = api.get("/api/v1/metrics?" + raw)
    assert response.status_code in (200, 422)
    assert response.is_json


def test_unknown_url_is_a_json_404(api):
    response = api.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json() == {
        "code": 404,
        "status": "Not Found",
        "message": "Not found.",
        "errors": {},
    }


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", LISTS + ["/api/v1/metrics/1", "/api/v1/reports/1/text"])
def test_other_methods_are_405_with_allow(api, method, url):
    response = getattr(api, method)(url, json={})
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    body = response.get_json()
    assert body["code"] == 405 and body["status"] == "Method Not Allowed" and body["errors"] == {}


def test_head_answers_like_get_without_body(api):
    get = api.get("/api/v1/reports")
    head = api.head("/api/v1/reports")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["X-Pagination"] == get.headers["X-Pagination"]


# --------------------------------------------------------------------------- ETag / 304


@pytest.mark.parametrize(
    "url",
    LISTS
    + [
        "/api/v1/reports/1",
        "/api/v1/reports/1/text",
        "/api/v1/reports/1/sections",
        "/api/v1/sections/1",
        "/api/v1/metrics/1",
        "/api/v1/openapi.json",
    ],
)
def test_etag_and_304(api, url):
    response = api.get(url)
    assert response.status_code == 200
    etag = response.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert response.headers["Cache-Control"] == "no-cache"
    again = api.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert api.get(url, headers={"If-None-Match": f'"other", {etag}'}).status_code == 304
    assert api.get(url, headers={"If-None-Match": "*"}).status_code == 304
    assert api.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_etag_follows_the_data_and_the_page(api):
    one = api.get("/api/v1/metrics", query_string={"page_size": 10})
    same = api.get("/api/v1/metrics", query_string={"page_size": 10})
    other = api.get("/api/v1/metrics", query_string={"page_size": 10, "page": 2})
    assert one.headers["ETag"] == same.headers["ETag"] != other.headers["ETag"]
    # Same (empty) body, different totals behind it: different tags.
    beyond_all = api.get("/api/v1/metrics", query_string={"page": 1000})
    beyond_some = api.get("/api/v1/metrics", query_string={"page": 1000, "year": 2011})
    assert beyond_all.data == beyond_some.data
    assert beyond_all.headers["ETag"] != beyond_some.headers["ETag"]


def test_errors_carry_no_etag(api):
    assert "ETag" not in api.get("/api/v1/metrics/999999").headers
    assert "ETag" not in api.get("/api/v1/metrics?foo=1").headers


# --------------------------------------------------------------------------- CORS


def test_cors_allows_get_from_any_origin(api):
    response = api.get("/api/v1/reports", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Link", "X-Pagination"} <= exposed
    preflight = api.options(
        "/api/v1/metrics",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "If-None-Match"
    assert api.get("/api/v1/metrics/999999").headers["Access-Control-Allow-Origin"] == "*"


# --------------------------------------------------------------------------- docs


def test_docs_pages_work_offline(api):
    swagger = api.get("/api/v1/docs")
    assert swagger.status_code == 200 and swagger.mimetype == "text/html"
    html = swagger.get_data(as_text=True)
    assert "/api/v1/static/swagger-ui/swagger-ui-bundle.js" in html
    assert "/api/v1/openapi.json" in html
    redoc = api.get("/api/v1/redoc").get_data(as_text=True)
    assert "/api/v1/static/redoc/redoc.standalone.js" in redoc
    for html in (swagger.get_data(as_text=True), redoc):
        assert "https://" not in html and "http://" not in html  # nothing from the internet
    for asset in (
        "swagger-ui/swagger-ui-bundle.js",
        "swagger-ui/swagger-ui-standalone-preset.js",
        "swagger-ui/swagger-ui.css",
        "redoc/redoc.standalone.js",
    ):
        response = api.get(f"/api/v1/static/{asset}")
        assert response.status_code == 200 and len(response.data) > 1000
        response.close()
    spec = api.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and "/api/v1/metrics" in spec["paths"]


# --------------------------------------------------------------------------- cost


@pytest.fixture
def query_log(api_app, api, monkeypatch):
    """The SQL statements the app's database runs (after a first warming request)."""
    api.get("/api/v1/agencies")
    db = api_app.extensions["disclosure-db"]["db"]
    statements = []
    original = db.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        statements.append(sql)
        return original(sql, params, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", counting)
    from api import pagination

    pagination._counts.clear()
    return statements


DATA_VERSION = 'SELECT (SELECT MAX("t1"."id") FROM "report" AS "t1"), (SELECT MAX("t2"."id") FROM "report_source"'


def without_data_version(statements):
    """The statements of a response but the one data-version query of its Last-Modified,
    which every 200 from the store costs (asserted here: exactly one)."""
    assert sum(s.startswith(DATA_VERSION) for s in statements) == 1, statements
    return [s for s in statements if not s.startswith(DATA_VERSION)]


@pytest.mark.parametrize(
    "url, expected",
    [
        # count, the page's ids, their rows, their text (api.metric_rows; on PostgreSQL the
        # ids, rows and text are one statement)
        ("/api/v1/metrics", {"sqlite": 4, "postgres": 2}),
        ("/api/v1/reports", 3),  # count, page, the sources of the page's reports
        ("/api/v1/checks", 2),
        ("/api/v1/agencies", 4),  # count, page, years, aliases
        ("/api/v1/reports/1/checks", 3),
    ],
)
def test_a_list_costs_a_fixed_number_of_queries(backend, api, query_log, url, expected):
    """`expected` queries with the total counted, besides the one data-version query; the count
    is then cached for that data version."""
    if isinstance(expected, dict):
        expected = expected[backend.name]
    for number, size in enumerate((1, 10, 500)):
        query_log.clear()
        assert api.get(url, query_string={"page_size": size}).status_code == 200
        counts = [s for s in query_log if s.startswith("SELECT COUNT(*) FROM ")]
        pages = [s for s in query_log if "OFFSET" in s]
        assert len(counts) == (1 if number == 0 else 0), query_log
        assert len(without_data_version(query_log)) == expected - (0 if number == 0 else 1), (
            query_log
        )
        assert len(pages) == 1 and "LIMIT" in pages[0]
        if counts:
            assert "JOIN" not in counts[0] and "ORDER BY" not in counts[0]


def test_a_count_is_made_again_when_the_data_changes(api_app, api, query_log):
    api.get("/api/v1/metrics", query_string={"unit": "条"})
    query_log.clear()
    api.get("/api/v1/metrics", query_string={"unit": "条"})
    assert not [s for s in query_log if s.startswith("SELECT COUNT(*) FROM ")]
    from api import caching

    version = caching.DataVersion(10**9, 1, None)  # as if a report was loaded
    original = caching.data_version
    caching.data_version = lambda: version
    try:
        query_log.clear()
        api.get("/api/v1/metrics", query_string={"unit": "条"})
        assert len([s for s in query_log if s.startswith("SELECT COUNT(*) FROM ")]) == 1
    finally:
        caching.data_version = original
    assert not any('"text"' in s and "substr" not in s.lower() for s in query_log)


def test_metric_pages_never_load_whole_texts(api, query_log):
    """A page reads the report texts once, in stretches cut by substr (api.metric_rows); on
    PostgreSQL from the texts' pieces (store.text_chunks)."""
    api.get("/api/v1/metrics", query_string={"page_size": 500})
    reads = [s for s in query_log if re.search(r"\btext\b", s.replace('"', ""))]
    assert len(reads) == 1, query_log
    assert "substr(r.text, " in reads[0] or "FROM report_text_chunk c " in reads[0], reads


def test_detail_views_cost_a_fixed_number_of_queries(api, query_log):
    whole = api.get(
        "/api/v1/metrics", query_string={"label": "计量管理信息", "year": 2012}
    ).get_json()[0]
    query_log.clear()
    children = api.get(f"/api/v1/metrics/{whole['id']}").get_json()["children"]
    assert len(children) == 7
    assert len(without_data_version(query_log)) == 3  # the metric, its children, its reconciliation
    query_log.clear()
    api.get(f"/api/v1/metrics/{children[0]['id']}")
    assert len(without_data_version(query_log)) == 4  # and its parent
    query_log.clear()
    api.get("/api/v1/reports/1/sections")
    assert len(without_data_version(query_log)) == 3


# --------------------------------------------------------------------------- an empty store


def test_an_empty_store_serves_empty_lists(empty_app):
    client = empty_app.test_client()
    for url in LISTS:
        response = client.get(url)
        assert response.status_code == 200 and response.get_json() == []
        assert json.loads(response.headers["X-Pagination"])["total"] == 0
    assert client.get("/api/v1/reports/1").status_code == 404


def test_a_store_without_schema_is_a_503(backend, tmp_path):
    from api import create_app

    if backend.name != "sqlite":
        pytest.skip("one backend is enough")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"})
    response = app.test_client().get("/api/v1/metrics")
    assert response.status_code == 503
    assert "disclosure load" in response.get_json()["message"]
    assert app.test_client().get("/api/v1/openapi.json").status_code == 200


def test_an_unreachable_store_is_a_503(backend):
    from api import create_app

    if backend.name != "postgres":
        pytest.skip("one backend is enough")
    app = create_app({"TESTING": True, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})
    response = app.test_client().get("/api/v1/reports")
    assert response.status_code == 503
    assert response.get_json()["message"] == "The store is unavailable; try again later."


def test_an_unexpected_exception_is_a_json_500(gold_url):
    from api import create_app

    app = create_app({"DATABASE_URL": gold_url})  # not TESTING: exceptions are not propagated

    def boom():
        raise RuntimeError("bug")

    app.add_url_rule("/api/v1/boom", "boom", boom)
    response = app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    body = response.get_json()
    assert (
        body["code"] == 500 and body["status"] == "Internal Server Error" and body["errors"] == {}
    )
    assert "bug" not in body["message"]


# --------------------------------------------------------------------------- keyset pagination


def _walk_by_cursor(api, query):
    """Every item of GET /metrics by following `next_cursor`, and the Link rels of each page."""
    items, rels, after = [], [], None
    for _ in range(100):
        params = dict(query, **({"after": after} if after else {}))
        response = api.get("/api/v1/metrics", query_string=params)
        assert response.status_code == 200, response.get_json()
        items.extend(item["id"] for item in response.get_json())
        rels.append(set(links(response)))
        after = pagination(response).get("next_cursor")
        if after is None:
            return items, rels
    raise AssertionError("the cursor never ended")


@pytest.mark.parametrize(
    "query",
    [
        {"page_size": 50},
        {"page_size": 37, "sort": "id"},
        {"page_size": 40, "sort": "-value"},
        {"page_size": 40, "sort": "value"},
        {"page_size": 25, "sort": "unit,-year"},
        {"page_size": 30, "sort": "label", "label_contains": "信息"},
        {"page_size": 7, "report": 1, "parent": "none", "sort": "-start"},
    ],
)
def test_cursor_pages_walk_the_same_rows_as_numbered_pages(api, query):
    by_cursor, rels = _walk_by_cursor(api, query)
    everything = api.get("/api/v1/metrics", query_string=dict(query, page_size=500)).get_json()
    assert by_cursor == [item["id"] for item in everything]
    assert len(set(by_cursor)) == len(by_cursor)
    assert rels[-1] == {"first"} and all(r == {"first", "next"} for r in rels[1:-1])


def test_a_cursor_page_says_the_total_and_links_the_next(api):
    first = api.get("/api/v1/metrics", query_string={"page_size": 10, "sort": "id"})
    cursor = pagination(first)["next_cursor"]
    second = api.get(
        "/api/v1/metrics", query_string={"page_size": 10, "sort": "id", "after": cursor}
    )
    meta = pagination(second)
    assert meta["total"] == 420 and meta["page_size"] == 10
    assert [item["id"] for item in second.get_json()] == list(range(11, 21))
    path, query = links(second)["next"]
    assert query == {"page_size": ["10"], "sort": ["id"], "after": [meta["next_cursor"]]}


@pytest.mark.parametrize(
    "params, problem",
    [
        ({"after": "not-a-cursor"}, "Not a cursor"),
        ({"after": "WzFd"}, "Not a cursor"),  # [1]: one value for a three-key order
        ({"after": "WzEsMzMsMzNd", "page": 2}, "either `page` or `after`"),
    ],
)
def test_a_bad_cursor_is_a_422_naming_after(api, params, problem):
    response = api.get("/api/v1/metrics", query_string=params)
    assert response.status_code == 422
    body = response.get_json()
    assert problem in body["errors"]["query"]["after"][0]


# --------------------------------------------------------------------------- repeated / unknown


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/metrics?year=2011&year=2012", "year"),
        ("/api/v1/metrics?report=1&report=2", "report"),
        ("/api/v1/reports?agency=质检总局&agency=质检总局", "agency"),
        ("/api/v1/checks?status=fail&status=pass", "status"),
        ("/api/v1/series?label=质量管理信息&label=计量管理信息", "label"),
        ("/api/v1/metrics?page=1&page=2", "page"),
    ],
)
def test_a_repeated_single_parameter_is_a_422_naming_it(api, url, name):
    response = api.get(url)
    assert response.status_code == 422
    body = response.get_json()
    assert body["errors"]["query"] == {
        name: [
            f"Given more than once; `{name}` takes one value here (only parameters documented as "
            "repeatable combine their values, with OR)."
        ]
    }
    assert body["message"] == f"Invalid query parameter: {name}"


def test_a_repeated_list_parameter_combines_with_or(api):
    both = api.get("/api/v1/metrics?label=质量管理信息&label=计量管理信息&page_size=500").get_json()
    assert sorted({(m["label"], m["year"]) for m in both}) == [
        ("计量管理信息", 2011),
        ("计量管理信息", 2012),
        ("质量管理信息", 2011),
        ("质量管理信息", 2012),
    ]


def test_repeated_and_other_bad_parameters_are_named_together(api):
    body = api.get("/api/v1/metrics?year=2011&year=2012&foo=1&sort=bad").get_json()
    assert set(body["errors"]["query"]) == {"year", "foo", "sort"}


@pytest.mark.parametrize(
    "url, name, nearest",
    [
        ("/api/v1/metrics?lable=质量管理信息", "lable", "label"),
        ("/api/v1/metrics?years=2011", "years", "year"),
        ("/api/v1/metrics?pagesize=10", "pagesize", "page_size"),
        ("/api/v1/series?label=质量管理信息&agncy=质检总局", "agncy", "agency"),
        ("/api/v1/reports?yaer_from=2011", "yaer_from", "year_from"),
        ("/api/v1/metrics?zzzz=1", "zzzz", None),
    ],
)
def test_an_unknown_parameter_suggests_the_nearest_name(api, url, name, nearest):
    response = api.get(url)
    assert response.status_code == 422
    (message,) = response.get_json()["errors"]["query"][name]
    assert message.startswith("Unknown parameter.")
    if nearest:
        assert f" Did you mean `{nearest}`? " in message
    else:
        assert "Did you mean" not in message
    assert "Valid parameters: " in message and "page_size" in message


# --------------------------------------------------------------------------- Last-Modified


def test_last_modified_is_the_latest_load_and_if_modified_since_gives_304(api):
    from werkzeug.http import http_date, parse_date

    response = api.get("/api/v1/metrics", query_string={"page_size": 1})
    last_modified = parse_date(response.headers["Last-Modified"])
    loaded = max(r["loaded_at"] for r in api.get("/api/v1/reports").get_json())
    assert http_date(last_modified) == http_date(datetime.datetime.fromisoformat(loaded))
    assert "Last-Modified" in response.headers["Access-Control-Expose-Headers"]
    same = api.get(
        "/api/v1/metrics",
        query_string={"page_size": 1},
        headers={"If-Modified-Since": response.headers["Last-Modified"]},
    )
    assert same.status_code == 304 and same.data == b""
    older = http_date(last_modified - datetime.timedelta(seconds=1))
    assert (
        api.get(
            "/api/v1/metrics", query_string={"page_size": 1}, headers={"If-Modified-Since": older}
        ).status_code
        == 200
    )
    # If-None-Match decides when both come: a stale tag is a 200 even if nothing was loaded.
    assert (
        api.get(
            "/api/v1/metrics",
            query_string={"page_size": 1},
            headers={
                "If-Modified-Since": response.headers["Last-Modified"],
                "If-None-Match": '"stale"',
            },
        ).status_code
        == 200
    )


def test_an_empty_store_and_the_docs_have_no_last_modified(empty_app, api):
    assert "Last-Modified" not in empty_app.test_client().get("/api/v1/metrics").headers
    assert "Last-Modified" not in api.get("/api/v1/openapi.json").headers
    assert "Last-Modified" not in api.get("/api/v1/metrics/999999").headers


def test_the_data_version_changes_with_every_load_that_changes_the_store(store):
    """New report, replacement, and a source moved onto known bytes (its old report goes,
    no report is added): each gives a new data version, read from the ends of two keys."""
    from api import caching, create_app
    from loaders.load import load_bytes
    from tests.conftest import SEEDS

    app = create_app({"TESTING": True, "DATABASE_URL": store.url})
    seed_2011 = (SEEDS / "aqsiq-2011-annual-report.txt").read_bytes()
    seed_2012 = (SEEDS / "aqsiq-2012-subsites-disclosure.txt").read_bytes()

    def version():
        with app.test_request_context("/api/v1/metrics"):
            app.preprocess_request()
            return caching.data_version()

    versions = [version()]
    for data, source, status in (
        (seed_2011, "a.txt", "loaded"),
        (seed_2012, "b.txt", "loaded"),
        (seed_2012, "a.txt", "replaced"),
        (seed_2012, "b.txt", "unchanged"),
    ):
        assert load_bytes(data, source).status == status
        versions.append(version())
    assert versions[0] == caching.DataVersion(None, None, None)
    assert len(set(versions[:4])) == 4, versions
    assert versions[4] == versions[3], "a load that changes nothing keeps the version"
