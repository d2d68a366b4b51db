"""store.pool: the API's PostgreSQL pool checks a connection only when it was idle a while.

On the real PostgreSQL server of the test session: a connection given back a moment ago
comes back without the `SELECT 1` check; one idle longer is checked, and a connection the
server closed meanwhile is replaced by a working one.
"""

import pytest
from playhouse.pool import PooledPostgresqlDatabase

from store import pool
from store.db import open_database


@pytest.fixture
def api_db(backend, store):
    if backend.name != "postgres":
        pytest.skip("the PostgreSQL pool")
    db = open_database(store.url, pool=True)
    assert isinstance(db, pool.RecentlyUsedPool)
    yield db
    db.close_all()


@pytest.fixture
def checks(monkeypatch):
    """The checks peewee's pool makes (each a `SELECT 1` round trip)."""
    made = []
    is_closed = PooledPostgresqlDatabase._is_closed

    def counting(self, conn):
        made.append(conn)
        return is_closed(self, conn)

    monkeypatch.setattr(PooledPostgresqlDatabase, "_is_closed", counting)
    return made


def backend_pid(db):
    return db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]


@pytest.mark.parametrize("ping_after, expected_checks", [(5.0, 0), (0.0, 1)])
def test_a_connection_just_given_back_is_not_checked(
    api_db, checks, monkeypatch, ping_after, expected_checks
):
    monkeypatch.setattr(pool, "PING_AFTER", ping_after)
    api_db.connect()
    first = backend_pid(api_db)
    api_db.close()
    api_db.connect()
    assert backend_pid(api_db) == first  # the same connection, reused
    assert len(checks) == expected_checks
    api_db.close()


def test_a_connection_the_server_closed_while_idle_is_replaced(api_db, store, monkeypatch):
    monkeypatch.setattr(pool, "PING_AFTER", 0.0)
    api_db.connect()
    first = backend_pid(api_db)
    api_db.close()
    killer = open_database(store.url)
    killer.connect(reuse_if_open=True)
    assert killer.execute_sql("SELECT pg_terminate_backend(%s)", (first,)).fetchone()[0]
    killer.close()
    api_db.connect()
    assert backend_pid(api_db) != first
    api_db.close()


def test_the_api_serves_from_this_pool(backend, seeded_url):
    if backend.name != "postgres":
        pytest.skip("the PostgreSQL pool")
    from api import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": seeded_url})
    assert app.test_client().get("/api/v1/reports").status_code == 200
    from api.database import current_db

    with app.app_context():
        assert isinstance(current_db(), pool.RecentlyUsedPool)


def test_the_apis_sessions_never_jit_compile(api_db):
    """JIT costs tens of ms per query that passes its cost threshold; an API page never
    pays it (store.db.API_SESSION_OPTIONS)."""
    api_db.connect()
    assert api_db.execute_sql("SHOW jit").fetchone()[0] == "off"
    api_db.close()
