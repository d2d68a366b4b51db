"""Headers a public, read-mostly service sends, and optional rate limiting.

- `X-Content-Type-Options: nosniff` on every response: a browser never runs
  a JSON, CSV or text body as a script or page.
- HTML pages (Swagger UI, ReDoc) get a Content-Security-Policy: everything
  from this origin only (the assets are vendored), never framed by another
  site (`frame-ancestors 'self'`, and `X-Frame-Options: SAMEORIGIN` for older
  browsers). Both pages start from an inline script and ReDoc styles inline
  and runs a blob: worker, so those are allowed; nothing else is.
- `Vary: Accept` on every API response: lists answer JSON, CSV or NDJSON by
  the Accept header, and errors follow it, so a cache must key on it.
- Rate limiting, off unless `DISCLOSURE_RATELIMIT_DEFAULT` is set (e.g.
  `"120 per minute; 2000 per hour"`, per client address), by Flask-Limiter.
  The counters live in `DISCLOSURE_RATELIMIT_STORAGE_URI` (default
  `memory://`: per worker process; `redis://…` shares them between workers
  and hosts). Over the limit is a JSON 429 in the error shape with
  `Retry-After`. Behind a reverse proxy the client address is the proxy's
  unless the proxy is trusted (gunicorn `forwarded_allow_ips`).
"""

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

HTML_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
NEGOTIATED_PREFIX = "/api/v1"
STATIC_PREFIX = "/api/v1/static/"


def add_security_headers(response):
    """nosniff everywhere, a CSP on HTML, Vary: Accept on negotiated responses."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = HTML_CSP
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    if request.path.startswith(NEGOTIATED_PREFIX) and not request.path.startswith(STATIC_PREFIX):
        response.vary.add("Accept")
    return response


def init_app(app):
    app.config.setdefault("RATELIMIT_DEFAULT", "")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config["RATELIMIT_ENABLED"] = bool(app.config["RATELIMIT_DEFAULT"])
    app.extensions["limiter-of-app"] = Limiter(get_remote_address, app=app)
    app.after_request(add_security_headers)
