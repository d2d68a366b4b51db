"""Documentation: the OpenAPI spec at /api/v1/openapi.json, Swagger UI at /api/v1/docs and
ReDoc at /api/v1/redoc, all served from vendored assets (api/static) so they work offline.

`ConditionalGetPlugin` documents on every GET what `api.caching` does at run
time: the If-None-Match and If-Modified-Since headers, the ETag and
Last-Modified of the 200 response and the 304.

`NewcomerPlugin` keeps Swagger UI's "Try it out" honest: Swagger UI prefills
every parameter that has an `example`, so Execute would send filters nobody
typed (`format=csv&report=1&section=18&…`, a CSV of headers only). Optional
parameters therefore carry their example as `x-example` and in their
description ("Example: `质检总局`"), and only required ones (path ids, the
label of /series) keep an `example` that prefills. It also gives every
operation a stable, readable operationId from OPERATION_IDS (what generated
clients name their methods), derived from the path for a new endpoint.
"""

from pathlib import Path

from apispec import BasePlugin
from flask import Blueprint

from api.caching import (
    ETAG_HEADER,
    IF_MODIFIED_SINCE_PARAMETER,
    IF_NONE_MATCH_PARAMETER,
    LAST_MODIFIED_HEADER,
)
from api.pagination import LINK_HEADER, PAGINATION_HEADER

PREFIX = "/api/v1"
STATIC_DIR = Path(__file__).resolve().parent / "static"

API_DESCRIPTION = """\
Chinese government information-disclosure annual reports (政府信息公开工作年度报告) as
structured data: reports, their section trees, every number they state (metrics) with
its label, unit and the exact span of text it was read from, and the consistency checks
run on them.

**Provenance.** Every metric carries `source`: `start`/`end` offsets into the report's
stored text (GET /reports/{id}/text), the `quote` (exactly `text[start:end]`) and its
sentence as `context`.

**Lists** are paginated with `page` and `page_size` (default 50, at most 500). The
`X-Pagination` header gives the total and page numbers, `Link` (RFC 8288) the first,
prev, next and last pages. A page beyond the last is an empty list (200).

**Errors** are JSON `{code, status, message, errors}`: an unknown or malformed query
parameter is a 422 naming it in `errors.query`, an unknown id a 404, another method than
GET a 405 with an `Allow` header.

**Caching.** Responses carry a strong `ETag`; send it back in `If-None-Match` to get
`304 Not Modified`. `Last-Modified` is the latest load time of the data; `If-Modified-Since`
gives a 304 too. CORS allows GET from any origin.

**Repeated parameters.** Only parameters documented as repeatable (`label` on /metrics and
/aggregates) may be given more than once; their values combine with OR. Any other parameter
given twice is a 422, and an unknown parameter is a 422 suggesting the nearest valid name.

**Start here.** `GET /api/v1` lists every endpoint with its link; the pages at `/` show the
reports with their numbers highlighted in the text.
"""

TAGS_ORDER = ["agencies", "reports", "sections", "metrics", "checks"]

OPERATION_IDS = {
    ("/api/v1", "get"): "getIndex",
    ("/api/v1/agencies", "get"): "listAgencies",
    ("/api/v1/reports", "get"): "listReports",
    ("/api/v1/reports/{report_id}", "get"): "getReport",
    ("/api/v1/reports/{report_id}/text", "get"): "getReportText",
    ("/api/v1/reports/{report_id}/sections", "get"): "getReportSections",
    ("/api/v1/reports/{report_id}/checks", "get"): "listReportChecks",
    ("/api/v1/sections/{section_id}", "get"): "getSection",
    ("/api/v1/metrics", "get"): "listMetrics",
    ("/api/v1/metrics/{metric_id}", "get"): "getMetric",
    ("/api/v1/checks", "get"): "listChecks",
    ("/api/v1/series", "get"): "getSeries",
    ("/api/v1/compare", "get"): "compareReports",
    ("/api/v1/labels", "get"): "listLabels",
    ("/api/v1/aggregates", "get"): "getAggregates",
    ("/api/v1/search", "get"): "search",
}
"""operationId of each operation: a verb (list, get, …) and the resource, in camelCase."""


def derived_operation_id(path, method):
    """An operationId for an operation missing from OPERATION_IDS: the method and the
    path's words, e.g. GET /api/v1/reports/{report_id}/pages -> getReportsPages."""
    words = [part for part in path.removeprefix(PREFIX).split("/") if part and "{" not in part]
    return method + "".join(word.replace("_", " ").title().replace(" ", "") for word in words)


def _shown(example):
    if isinstance(example, list):
        return "&".join(str(item) for item in example)
    if isinstance(example, bool):
        return str(example).lower()
    return str(example)


def document_without_prefilling(parameter):
    """Move an optional parameter's example to `x-example` and its description."""
    if not isinstance(parameter, dict) or parameter.get("required") or "in" not in parameter:
        return
    schema = parameter.get("schema") or {}
    example = parameter.pop("example", schema.pop("example", None))
    if example is None:
        return
    parameter["x-example"] = example
    description = parameter.get("description", "").rstrip()
    parameter["description"] = f"{description} Example: `{_shown(example)}`.".lstrip()


class ConditionalGetPlugin(BasePlugin):
    """Add If-None-Match, If-Modified-Since, the ETag and Last-Modified headers and the 304
    response to every GET operation."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        operation = (operations or {}).get("get")
        if not operation:
            return
        operation.setdefault("parameters", []).extend(["IfNoneMatch", "IfModifiedSince"])
        responses = operation.setdefault("responses", {})
        for status, response in responses.items():
            if str(status) == "200" and isinstance(response, dict):
                headers = response.setdefault("headers", {})
                headers["ETag"] = "ETag"
                headers["Last-Modified"] = "LastModified"
        responses["304"] = {
            "description": "Not Modified: the If-None-Match tag still matches (or, without "
            "it, nothing was loaded since If-Modified-Since); no body.",
            "headers": {"ETag": "ETag", "Last-Modified": "LastModified"},
        }


class NewcomerPlugin(BasePlugin):
    """operationIds, and examples of optional parameters that do not prefill "Try it out"."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            if not isinstance(operation, dict):
                continue
            operation.setdefault(
                "operationId",
                OPERATION_IDS.get((path, method)) or derived_operation_id(path, method),
            )
            for parameter in operation.get("parameters", []):
                document_without_prefilling(parameter)


def config_defaults():
    """flask-smorest settings for the spec and the offline documentation pages."""
    return {
        "API_TITLE": "Disclosure API",
        "API_VERSION": "1.0.0",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": PREFIX,
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": f"{PREFIX}/static/swagger-ui/",
        "OPENAPI_SWAGGER_UI_CONFIG": {
            "deepLinking": True,
            "displayRequestDuration": True,
            "displayOperationId": True,
        },
        "OPENAPI_REDOC_PATH": "redoc",
        "OPENAPI_REDOC_URL": f"{PREFIX}/static/redoc/redoc.standalone.js",
        "API_SPEC_OPTIONS": {
            "info": {
                "description": API_DESCRIPTION,
                "license": {"name": "MIT"},
            },
            "servers": [{"url": "/", "description": "This server"}],
        },
    }


def spec_kwargs():
    return {"extra_plugins": [ConditionalGetPlugin(), NewcomerPlugin()]}


def init_app(app, api):
    """Serve the vendored assets and register the reusable spec components."""
    static = Blueprint(
        "api-static", __name__, static_folder=str(STATIC_DIR), static_url_path=f"{PREFIX}/static"
    )
    app.register_blueprint(static)
    components = api.spec.components
    # flask-smorest's own pagination schema: this API documents X-Pagination itself.
    components.schemas.pop("PaginationMetadata", None)
    components.header("ETag", ETAG_HEADER, lazy=True)
    components.header("XPagination", PAGINATION_HEADER, lazy=True)
    components.header("Link", LINK_HEADER, lazy=True)
    for name, parameter in (
        ("IfNoneMatch", IF_NONE_MATCH_PARAMETER),
        ("IfModifiedSince", IF_MODIFIED_SINCE_PARAMETER),
    ):
        parameter = dict(parameter)
        document_without_prefilling(parameter)
        components.parameter(name, "header", parameter, lazy=True)
    components.header("LastModified", LAST_MODIFIED_HEADER, lazy=True)
