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


def build_store(backend, label, fill):
    """A fresh store on `backend`, with its schema, filled by `fill()`; returns its URL."""
    url = backend.fresh_url(label)
    db = open_database(url)
    db.connect(reuse_if_open=True)
    ensure_schema(db)
    try:
        fill()
    finally:
        db.close()
    return url


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

    def load_seeds():
        summary = load_paths([SEEDS])
        assert not summary.failed, summary.line()

    return build_store(backend, "seeded", load_seeds)


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


# --------------------------------------------------------------------------- API fixtures


def _gold_document(path, gold):
    """A ParsedDocument holding the gold extraction of a seed (what a correct parser yields)."""
    from loaders.checks import run_checks
    from loaders.document import MetricData, ParsedDocument, ReportMeta, SectionData
    from loaders.reading.decode import decode_document

    decoded = decode_document(path.read_bytes(), path.name)
    text = decoded.text
    doc = ParsedDocument(name=path.name, text=text, media_type=decoded.media_type)
    doc.report = ReportMeta(**gold["report"])
    sections = gold["sections"]
    for index, section in enumerate(sections):
        end = next(
            (
                later["start"]
                for later in sections[index + 1 :]
                if later["level"] <= section["level"]
            ),
            len(text),
        )
        doc.sections.append(
            SectionData(
                key=section["id"],
                parent=section["parent"],
                level=section["level"],
                marker=section["marker"],
                title=section["title"],
                start=section["start"],
                end=end,
            )
        )
    for metric in gold["metrics"]:
        doc.metrics.append(
            MetricData(
                key=metric["id"],
                label=metric["label"],
                value=metric["value"],
                unit=metric["unit"],
                approx=metric["approx"],
                start=metric["start"],
                end=metric["end"],
                raw=text[metric["start"] : metric["end"]],
                section=metric["section"],
                parent=metric["parent"],
            )
        )
    doc.checks = run_checks(doc)
    return doc, decoded.encoding


def load_gold(seeds=SEEDS, gold_dir=FIXTURES / "gold"):
    """Write each seed with its gold extraction to the bound store (one transaction each)."""
    import hashlib
    import json

    from loaders.write import write_document
    from store.models import database

    for path in sorted(seeds.iterdir()):
        gold_path = gold_dir / (path.stem + ".json")
        if not gold_path.exists():
            continue
        doc, encoding = _gold_document(path, json.loads(gold_path.read_text(encoding="utf-8")))
        with database.atomic():
            write_document(doc, path.name, hashlib.sha256(path.read_bytes()).hexdigest(), encoding)


@pytest.fixture(scope="session")
def gold_url(backend):
    """URL of a store holding the two seeds with their gold extraction, loaded once per backend.

    The API tests read this store: it holds exactly what the extraction spec says
    (e.g. 质量管理信息 718条 twice in 2011, 3550条 in 2012) whatever state the parser
    is in, so they test the API, not the parser. Only read it.
    """
    return build_store(backend, "gold", load_gold)


@pytest.fixture
def api_app(gold_url):
    """The API app over the gold store."""
    from api import create_app

    return create_app({"TESTING": True, "DATABASE_URL": gold_url})


@pytest.fixture
def api(api_app):
    """Test client of the API over the gold store."""
    return api_app.test_client()


# --------------------------------------------------------------------------- analysis fixtures

MULTI = FIXTURES / "multi"
PINNED_OUT = ("tables", "metrics", "parents")


def _pinned_metrics(doc):
    """Pipeline rule for tests/fixtures/multi: the metrics written in metrics/<name>.json.

    Each is placed by its `find` text (the `nth` occurrence, default the first)
    and its `quote` inside it, so its span is exact whatever the parser does.
    """
    import json

    from loaders.document import MetricData

    pins = json.loads(
        (MULTI / "metrics" / (Path(doc.name).stem + ".json")).read_text(encoding="utf-8")
    )
    doc.metrics = []
    for pin in pins["metrics"]:
        at = -1
        for _ in range(pin.get("nth", 1)):
            at = doc.text.index(pin["find"], at + 1)
        start = at + pin["find"].index(pin["quote"])
        end = start + len(pin["quote"])
        doc.metrics.append(
            MetricData(
                key=pin["key"],
                label=pin["label"],
                value=pin["value"],
                unit=pin["unit"],
                approx=pin.get("approx"),
                start=start,
                end=end,
                raw=doc.text[start:end],
                parent=pin.get("parent"),
                table=pin.get("table"),
                row=pin.get("row"),
                column=pin.get("column"),
            )
        )
    doc.metrics.sort(key=lambda m: (m.start, m.end))


def load_multi(paths=None):
    """Load tests/fixtures/multi/reports with the real loader, `loaders.load.load_paths`.

    Decoding, format, metadata (agency, year, dates), sections, each metric's
    section and the checks are the pipeline's own; only the metric extraction
    (tables, metrics, parents rules) is replaced by the pinned metrics, so the
    tests that read this store test the API, not the parser.
    """
    from loaders import pipeline
    from loaders.load import load_paths

    kept = [(name, rule) for name, rule in pipeline.RULES if name not in PINNED_OUT]
    at = [name for name, _ in kept].index("sections") + 1
    rules = kept[:at] + [("pinned_metrics", _pinned_metrics)] + kept[at:]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "RULES", rules)
        return load_paths(paths or [MULTI / "reports"])


@pytest.fixture(scope="session")
def multi_url(backend):
    """URL of a store with the two seeds (gold) and the reports of tests/fixtures/multi:
    某市公安局 2019-2021 and 某县人民政府 2020-2021. Loaded once per backend; only read it."""

    def load_gold_and_multi():
        load_gold()
        summary = load_multi()
        assert not summary.failed, summary.line()

    return build_store(backend, "multi", load_gold_and_multi)


@pytest.fixture
def multi_app(multi_url):
    """The API app over the multi-report store."""
    from api import create_app

    return create_app({"TESTING": True, "DATABASE_URL": multi_url})


@pytest.fixture
def multi(multi_app):
    """Test client of the API over the multi-report store."""
    return multi_app.test_client()
