"""Shared fixtures: a store on each backend (SQLite and a real PostgreSQL), loaded seeds, the app.

Every test that asks for `store`, `seeded_url`, `app` or `client` runs once
per backend: `[sqlite]` on a file in a temporary folder, `[postgres]` on the
server this test session starts (tests/postgres.py). Nothing is mocked.
"""
import os
from pathlib import Path

import pytest

from store.db import ensure_schema, open_database
from tests.postgres import PostgresServer, PostgresUnavailable, create_database, wait_for

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def postgres_server():
    """URL of a PostgreSQL server for this session (TEST_POSTGRES_URL, or one started here)."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if url:
        wait_for(url.rstrip("/") + "/postgres")
        yield url.rstrip("/") + "/postgres"
        return
    server = PostgresServer()
    try:
        server.start()
    except PostgresUnavailable as exc:
        if os.environ.get("DISCLOSURE_SKIP_POSTGRES"):
            pytest.skip(f"PostgreSQL unavailable: {exc}")
        pytest.fail(f"PostgreSQL could not be started: {exc}", pytrace=False)
    yield server.url()
    server.stop()


class Backends:
    """Hands out fresh database URLs on one backend."""

    def __init__(self, name, tmp_factory, request):
        self.name = name
        self.tmp_factory = tmp_factory
        self.request = request
        self.count = 0

    def fresh_url(self, label="db"):
        self.count += 1
        if self.name == "sqlite":
            folder = self.tmp_factory.mktemp(label)
            return f"sqlite:///{folder / 'store.db'}"
        server = self.request.getfixturevalue("postgres_server")
        return create_database(server, f"t_{label}_{os.getpid()}_{self.count}".lower())


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory):
    """Which database the test runs on."""
    return Backends(request.param, tmp_path_factory, request)


@pytest.fixture
def store(backend):
    """An empty store with its schema, opened on the test's backend."""
    url = backend.fresh_url("store")
    db = open_database(url)
    db.connect(reuse_if_open=True)
    ensure_schema(db)
    db.url = url
    yield db
    if not db.is_closed():
        db.close()


@pytest.fixture(scope="session")
def seeded_url(backend):
    """URL of a store holding the two seeds, loaded once per backend and then only read."""
    from loaders.load import load_paths

    url = backend.fresh_url("seeded")
    db = open_database(url)
    db.connect(reuse_if_open=True)
    ensure_schema(db)
    summary = load_paths([SEEDS])
    assert not summary.failed, summary.line()
    db.close()
    return url


@pytest.fixture
def app(seeded_url):
    """The API app over the seeded store."""
    from api import create_app

    return create_app({"TESTING": True, "DATABASE_URL": seeded_url})


@pytest.fixture
def client(app):
    """Flask test client: the API through HTTP, in process."""
    return app.test_client()


@pytest.fixture
def empty_app(store):
    """The API app over an empty store (for tests that load their own fixtures)."""
    from api import create_app

    return create_app({"TESTING": True, "DATABASE_URL": store.url})

