"""The Disclosure API: versioned JSON endpoints over reports, sections, metrics and checks.

`create_app(config=None)` builds the app: defaults, then the environment
(`DATABASE_URL`, and any `DISCLOSURE_<KEY>` variable as config key `<KEY>`),
then `config` (tests pass theirs). Nothing is built at import time and the
database is only opened on the first request that needs it.

Serve it with `gunicorn 'api.wsgi:app'` (or the factory: `gunicorn 'api:create_app()'`).
"""

from flask import Flask
from flask_smorest import Api

from api.errors import ErrorSchema, handle_http_exception
from api.jsonprovider import OrjsonProvider
from store.db import database_url

API_PREFIX = "/api/v1"
EXTENSION = "disclosure-api"


class DisclosureApi(Api):
    """flask-smorest Api rendering and documenting every error as `{code, status, message, errors}`."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):
        from api import pages

        if pages.wants_html():  # the pages for people get HTML errors; /api keeps JSON
            return pages.error_page(error)
        return handle_http_exception(error)


def create_app(config=None):
    """Build the app: configuration, extensions, blueprints, hooks."""
    from api import (
        agencies,
        caching,
        checks,
        database,
        docs,
        index,
        metrics,
        reports,
        sections,
        security,
    )

    app = Flask(__name__, static_folder=None)
    app.json = OrjsonProvider(app)
    app.config.update(docs.config_defaults())
    app.config["DATABASE_URL"] = database_url()  # DATABASE_URL, else the SQLite default
    # /aggregates from the groups kept at load when it can (api.aggregate_rollup);
    # DISCLOSURE_AGGREGATE_ROLLUP=false reads every metric instead (the tests compare both).
    app.config["AGGREGATE_ROLLUP"] = True
    # /series pages the points chosen at load when it can (api.series_paging); false ranks
    # every matching metric per request.
    app.config["SERIES_POINTS"] = True
    app.config.from_prefixed_env("DISCLOSURE")
    app.config.update(config or {})

    api = DisclosureApi()
    api.init_app(app, spec_kwargs=docs.spec_kwargs())
    docs.init_app(app, api)
    database.init_app(app)
    caching.init_app(app)
    security.init_app(app)
    for module in (agencies, reports, sections, metrics, checks):
        api.register_blueprint(module.blp)
    from api import aggregates, compare, labels, series  # analysis across reports

    for module in (series, compare, labels, aggregates):
        api.register_blueprint(module.blp)
    api.register_blueprint(index.blp)
    index.init_app(app)
    from api import pages  # HTML for people, beside the API

    pages.init_app(app)
    from api import search  # full-text search of the reports' text

    api.register_blueprint(search.blp)
    app.extensions[EXTENSION] = api
    return app
