"""The API's entry point: `GET /api/v1` (and `/api/v1/`) lists every endpoint with its link.

A newcomer who types the base URL gets a map, not a 404: the docs, and each
path with its operationId, summary and a URL that answers from the seeds. The
list is read from the app's own OpenAPI document, so it cannot omit an endpoint.
"""

from flask import current_app, request
from flask.views import MethodView

from api.blueprint import Blueprint
from schemas.index import IndexSchema

blp = Blueprint(
    "index",
    __name__,
    url_prefix="/api/v1",
    description="Where to start: every endpoint with its link, and the documentation.",
)

EXAMPLES = {
    "/api/v1/reports/{report_id}": "/api/v1/reports/1",
    "/api/v1/reports/{report_id}/text": "/api/v1/reports/1/text",
    "/api/v1/reports/{report_id}/sections": "/api/v1/reports/1/sections",
    "/api/v1/reports/{report_id}/checks": "/api/v1/reports/1/checks",
    "/api/v1/sections/{section_id}": "/api/v1/sections/18",
    "/api/v1/metrics/{metric_id}": "/api/v1/metrics/82",
    "/api/v1/series": "/api/v1/series?label=质量管理信息",
    "/api/v1/compare": "/api/v1/compare?left=1&right=2",
    "/api/v1/search": "/api/v1/search?q=申请",
}
"""A URL answering from the seeds for each path that needs an id or a required parameter."""


def _endpoints(base):
    spec = current_app.extensions["disclosure-api"].spec.to_dict()
    items = []
    for path, item in spec["paths"].items():
        operation = item.get("get")
        if not operation:
            continue
        example = EXAMPLES.get(path, None if "{" in path else path)
        items.append(
            {
                "path": path,
                "href": base + path,
                "operation_id": operation.get("operationId"),
                "summary": operation.get("summary", ""),
                "example": base + example if example else None,
            }
        )
    return items


@blp.route("")
class Index(MethodView):
    @blp.response(200, IndexSchema)
    def get(self):
        """Where to start: every endpoint with its link

        The documentation's URLs and every endpoint of this API with its
        operationId, summary and an example URL that answers from the seed
        reports. Also served at `/api/v1/`.
        """
        base = request.host_url.rstrip("/")
        config = current_app.config
        return {
            "title": config["API_TITLE"],
            "version": config["API_VERSION"],
            "description": "Chinese government information-disclosure annual reports "
            "(政府信息公开工作年度报告) as structured data: every number with its label, unit "
            "and the exact span of text it was read from.",
            "docs": {
                "swagger_ui": base + "/api/v1/docs",
                "redoc": base + "/api/v1/redoc",
                "openapi": base + "/api/v1/openapi.json",
                "pages": base + "/",
            },
            "endpoints": _endpoints(base),
        }


def init_app(app):
    """Answer `/api/v1/` like `/api/v1` (not a redirect: a client may not follow it)."""
    app.add_url_rule(
        "/api/v1/", endpoint="index-slash", view_func=app.view_functions["index.Index"]
    )
