"""The store per request: connect before, close after (teardown), nothing at import time.

The database is opened lazily from the app's DATABASE_URL on its first
request (in a gunicorn worker: after the fork) and kept on the app, as a
connection pool (`store.db.open_database(pool=True)`): a request checks out
its thread's connection and the teardown gives it back, so connections and
their PRAGMAs are made once per worker thread, not once per request; the models' proxy is (re)bound to it on every
request, so several apps over different stores can live in one process (as in
the tests). Requests that need no database (docs, static files, OPTIONS) do
not connect. A store that cannot be reached, or has no schema yet, is a 503.
"""

from flask import current_app, request
from peewee import DatabaseError, InterfaceError, OperationalError

from api.errors import abort
from store.db import open_database
from store.models import Report, database

NO_DB_BLUEPRINTS = {"api-docs", "api-static", "index", "pages-static"}
EXTENSION = "disclosure-db"


def current_db():
    """The app's database object, bound to the models' proxy."""
    state = current_app.extensions[EXTENSION]
    if state["db"] is None:
        state["db"] = open_database(current_app.config["DATABASE_URL"], pool=True)
    if database.obj is not state["db"]:
        database.initialize(state["db"])
    return state["db"]


def needs_db():
    """Whether this request reads the store (docs, static files and OPTIONS do not)."""
    if request.method == "OPTIONS" or request.endpoint is None:
        return False
    return request.blueprint not in NO_DB_BLUEPRINTS and request.endpoint not in (
        "static",
        "index-slash",
    )


def connect():
    if not needs_db():
        return None
    state = current_app.extensions[EXTENSION]
    db = current_db()
    try:
        db.connect(reuse_if_open=True)
        if not state["schema_ready"]:
            state["schema_ready"] = db.table_exists(Report._meta.table_name)
    except (OperationalError, InterfaceError, DatabaseError) as exc:
        current_app.logger.error("store unavailable: %s", exc)
        abort(503, message="The store is unavailable; try again later.")
    if not state["schema_ready"]:
        abort(503, message="The store has no schema yet: run `disclosure load <paths>` first.")
    return None


def close(exc=None):
    db = current_app.extensions[EXTENSION]["db"]
    if db is not None and not db.is_closed():
        db.close()


def init_app(app):
    app.extensions[EXTENSION] = {"db": None, "schema_ready": False}
    app.before_request(connect)
    app.teardown_request(close)
