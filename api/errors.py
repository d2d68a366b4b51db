"""One error shape for every failure: `{code, status, message, errors}`.

Views never build error responses themselves: they call `abort(status,
message=...)` and this handler (installed by `api.DisclosureApi`) renders
it. Validation errors from webargs arrive with their per-field messages, which
become `errors` (keyed by location, then by parameter name) and are named in
`message`. An unexpected exception becomes a 500 of the same shape.
"""

from flask import current_app
from flask_smorest import abort  # noqa: F401  (re-exported for the views)
from marshmallow import Schema, fields


class ErrorSchema(Schema):
    """An error response."""

    class Meta:
        ordered = True
        description = "An error: every 4xx and 5xx response has this shape."

    code = fields.Integer(
        required=True, metadata={"description": "HTTP status code.", "example": 422}
    )
    status = fields.String(
        required=True,
        metadata={"description": "HTTP status name.", "example": "Unprocessable Entity"},
    )
    message = fields.String(
        required=True,
        metadata={
            "description": "What went wrong, for a person.",
            "example": "Invalid query parameter: page_size",
        },
    )
    errors = fields.Dict(
        required=True,
        metadata={
            "description": "Per-field errors, by location then parameter name (empty when none).",
            "example": {
                "query": {
                    "page_size": [
                        "Must be greater than or equal to 1 and less than or equal to 500."
                    ]
                }
            },
        },
    )


def _names(errors):
    """Parameter names of a webargs error dict {location: {name: [messages]}}."""
    names = []
    for location, detail in errors.items():
        if isinstance(detail, dict):
            names.extend(str(key) for key in detail)
        else:
            names.append(str(location))
    return names


def _message(error, errors):
    if errors:
        names = _names(errors)
        return f"Invalid query parameter{'s' if len(names) > 1 else ''}: {', '.join(names)}"
    if error.code == 405:
        return "Method not allowed; allowed: " + ", ".join(
            sorted(getattr(error, "valid_methods", None) or [])
        )
    if error.code == 404:
        return "Not found."
    if error.code == 429:
        return (
            f"Too many requests: the limit is {error.description}; "
            "retry after the seconds in Retry-After."
        )
    return error.description or error.name


def handle_http_exception(error):
    """Render any HTTPException (abort, routing errors, validation) as the error JSON."""
    data = getattr(error, "data", None) or {}
    errors = data.get("errors", data.get("messages")) or {}
    message = data.get("message") or _message(error, errors)
    payload = {"code": error.code, "status": error.name, "message": message, "errors": errors}
    response = current_app.json.response(payload)
    response.status_code = error.code
    # Keep what the exception carries, such as Allow on a 405 (not its Content-Type).
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    return response
