"""The Disclosure API: versioned JSON endpoints over reports, sections, metrics and checks.

`create_app(config=None)` builds the app: defaults, then the environment
(DATABASE_URL), then `config` (tests pass theirs). Nothing is built at import
time and the database is only opened on the first request that needs it.

Serve it with `gunicorn 'api.wsgi:app'` (or the factory: `gunicorn 'api:create_app()'`).
"""
import os

from flask import Flask
from flask_smorest import Api

from store.db import database_url

API_PREFIX = "/api/v1"


class DisclosureApi(Api):
    """flask-smorest Api with the project's error shape."""

    from api.errors import ErrorSchema as ERROR_SCHEMA  # noqa: N811

    def handle_http_exception(self, error):
        from api.errors import handle_http_exception

        return handle_http_exception(error)


def _from_environment():
    config = {}
    if os.environ.get("DATABASE_URL"):
        config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return config


def create_app(config=None):
    """Build the app: configuration, extensions, blueprints, hooks."""
    from api import agencies, caching, checks, database, docs, errors, metrics, reports, sections

    app = Flask(__name__, static_folder=None)
    app.config.update(docs.config_defaults())
    app.config.update(
        DATABASE_URL=database_url(),
        JSON_SORT_KEYS=False,
    )
    app.config.update(_from_environment())
    app.config.update(config or {})
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    api = DisclosureApi()
    api.init_app(app, spec_kwargs=docs.spec_kwargs())
    errors.init_app(app, api)
    docs.init_app(app, api)
    database.init_app(app)
    caching.init_app(app)
    for module in (agencies, reports, sections, metrics, checks):
        api.register_blueprint(module.blp)
    app.extensions["disclosure-api"] = api
    return app
