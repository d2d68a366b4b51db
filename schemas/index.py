"""Response schema of GET /api/v1: the entry point a newcomer lands on, with every link."""

from marshmallow import fields

from schemas.responses import OrderedSchema


class LinkSchema(OrderedSchema):
    """One endpoint of the API."""

    path = fields.String(
        required=True,
        metadata={
            "description": "The path as in the OpenAPI document; `{…}` parts are ids to fill in.",
            "example": "/api/v1/metrics/{metric_id}",
        },
    )
    href = fields.String(
        required=True,
        metadata={
            "description": "Absolute URL of the path on this server (`{…}` parts left to fill).",
            "example": "http://127.0.0.1:8000/api/v1/metrics/{metric_id}",
        },
    )
    operation_id = fields.String(
        required=True,
        metadata={
            "description": "The operationId of its GET in the OpenAPI document.",
            "example": "getMetric",
        },
    )
    summary = fields.String(
        required=True,
        metadata={
            "description": "What it answers (the operation's summary).",
            "example": "Get a metric with its parent, parts and reconciliation",
        },
    )
    example = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "A URL that answers with data from the seed reports (null when the "
            "path needs no example beyond itself).",
            "example": "http://127.0.0.1:8000/api/v1/metrics/82",
        },
    )


class DocsLinksSchema(OrderedSchema):
    """Where the documentation is."""

    swagger_ui = fields.String(
        required=True,
        metadata={
            "description": "Interactive documentation (Swagger UI; Try it out).",
            "example": "http://127.0.0.1:8000/api/v1/docs",
        },
    )
    redoc = fields.String(
        required=True,
        metadata={
            "description": "Reference documentation (ReDoc).",
            "example": "http://127.0.0.1:8000/api/v1/redoc",
        },
    )
    openapi = fields.String(
        required=True,
        metadata={
            "description": "The OpenAPI 3 document.",
            "example": "http://127.0.0.1:8000/api/v1/openapi.json",
        },
    )
    pages = fields.String(
        required=True,
        metadata={
            "description": "The HTML pages for people: reports with their numbers highlighted.",
            "example": "http://127.0.0.1:8000/",
        },
    )


class IndexSchema(OrderedSchema):
    """The API's entry point: what it is, where its documentation is, and every endpoint."""

    title = fields.String(
        required=True, metadata={"description": "Name of the API.", "example": "Disclosure API"}
    )
    version = fields.String(
        required=True, metadata={"description": "Version of the API.", "example": "1.0.0"}
    )
    description = fields.String(
        required=True,
        metadata={
            "description": "What the API serves, in one sentence.",
            "example": "Government information-disclosure annual reports as structured data.",
        },
    )
    docs = fields.Nested(
        DocsLinksSchema, required=True, metadata={"description": "Links to the documentation."}
    )
    endpoints = fields.List(
        fields.Nested(LinkSchema),
        required=True,
        metadata={"description": "Every endpoint, in the order of the OpenAPI document."},
    )
