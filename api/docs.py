"""Documentation: the OpenAPI spec at /api/v1/openapi.json, Swagger UI at /api/v1/docs and
ReDoc at /api/v1/redoc, all served from vendored assets (api/static) so they work offline.

`ConditionalGetPlugin` documents on every GET what `api.caching` does at run
time: the If-None-Match header, the ETag of the 200 response and the 304.
"""
from pathlib import Path

from apispec import BasePlugin
from flask import Blueprint

from api.caching import ETAG_HEADER, IF_NONE_MATCH_PARAMETER
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
`304 Not Modified`. CORS allows GET from any origin.
"""

TAGS_ORDER = ["agencies", "reports", "sections", "metrics", "checks"]


class ConditionalGetPlugin(BasePlugin):
    """Add If-None-Match, the ETag header and the 304 response to every GET operation."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        operation = (operations or {}).get("get")
        if not operation:
            return
        operation.setdefault("parameters", []).append("IfNoneMatch")
        responses = operation.setdefault("responses", {})
        for status, response in responses.items():
            if str(status) == "200" and isinstance(response, dict):
                response.setdefault("headers", {})["ETag"] = "ETag"
        responses["304"] = {
            "description": "Not Modified: the If-None-Match tag still matches; no body.",
            "headers": {"ETag": "ETag"},
        }


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
        "OPENAPI_SWAGGER_UI_CONFIG": {"deepLinking": True, "displayRequestDuration": True},
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
    return {"extra_plugins": [ConditionalGetPlugin()]}


def init_app(app, api):
    """Serve the vendored assets and register the reusable spec components."""
    static = Blueprint("api-static", __name__, static_folder=str(STATIC_DIR),
                       static_url_path=f"{PREFIX}/static")
    app.register_blueprint(static)
    components = api.spec.components
    # flask-smorest's own pagination schema: this API documents X-Pagination itself.
    components.schemas.pop("PaginationMetadata", None)
    components.header("ETag", ETAG_HEADER, lazy=True)
    components.header("XPagination", PAGINATION_HEADER, lazy=True)
    components.header("Link", LINK_HEADER, lazy=True)
    components.parameter("IfNoneMatch", "header", dict(IF_NONE_MATCH_PARAMETER), lazy=True)
